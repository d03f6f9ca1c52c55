//! Hostile and broken input: every file of tests/fixtures/robustness (and a
//! few made here, too large to commit) ends with its expected exit code and
//! message, naming the file, quickly and in little memory.
//!
//! A test binary of its own, unlike the other integration tests: a child's
//! peak memory as the kernel reports it includes the parent's pages at fork
//! time, so the parent must stay small (the other tests typeset PDFs in
//! process).
#![allow(clippy::unwrap_used)]

use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use nix::sys::resource::{UsageWho, getrusage};

fn root() -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

const MAX_TIME: Duration = Duration::from_secs(2);
const MAX_RSS_KB: i64 = 200 * 1024;

/// The expectation written on a corpus file's first line: `# expect: CODE FRAGMENT`.
fn expectation(path: &Path) -> (i32, String) {
    let bytes = fs::read(path).unwrap();
    let first = String::from_utf8_lossy(bytes.split(|b| *b == b'\n').next().unwrap_or_default())
        .into_owned();
    let rest = first
        .strip_prefix("# expect: ")
        .unwrap_or_else(|| panic!("{} has no `# expect:` line", path.display()));
    let (code, fragment) = rest.split_once(' ').unwrap();
    (code.parse().unwrap(), fragment.to_owned())
}

/// Runs `amends check FILE` and returns (exit code, stderr, wall time).
fn check(dir: &Path, file: &str) -> (i32, String, Duration) {
    let start = Instant::now();
    let out = Command::new(env!("CARGO_BIN_EXE_amends"))
        .args(["check", file])
        .current_dir(dir)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        start.elapsed(),
    )
}

fn assert_case(dir: &Path, file: &str, code: i32, fragment: &str) {
    let (got, stderr, took) = check(dir, file);
    assert_eq!(got, code, "{file}: exit code; stderr:\n{stderr}");
    assert!(
        stderr.contains(fragment),
        "{file}: expected {fragment:?} in:\n{stderr}"
    );
    assert!(
        stderr.lines().next().is_some_and(|l| l.starts_with(file)),
        "{file}: the message must name the file:\n{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{file}: {stderr}");
    assert!(took < MAX_TIME, "{file}: took {took:?}");
}

#[test]
fn every_corpus_file_fails_cleanly_fast_and_small() {
    let corpus = root().join("tests/fixtures/robustness");
    let mut files: Vec<_> = fs::read_dir(&corpus)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    files.sort();
    assert!(files.len() >= 20);
    for file in &files {
        let (code, fragment) = expectation(&corpus.join(file));
        assert_case(&corpus, file, code, &fragment);
    }
    // Too large to commit: a 50 MB string, and a file of a million lines.
    let dir = tempfile::tempdir().unwrap();
    let huge = format!("report:\n  id: {}\n", "x".repeat(50 * 1024 * 1024));
    fs::write(dir.path().join("huge-string.yaml"), huge).unwrap();
    assert_case(
        dir.path(),
        "huge-string.yaml",
        1,
        "an incident file may be at most",
    );
    fs::write(dir.path().join("many-lines.yaml"), "#\n".repeat(1_000_000)).unwrap();
    assert_case(dir.path(), "many-lines.yaml", 1, "error:");
    // No child of this test binary (these included) ever held more than 200 MB.
    let max_rss = getrusage(UsageWho::RUSAGE_CHILDREN).unwrap().max_rss();
    assert!(max_rss < MAX_RSS_KB, "a child used {max_rss} KB");
}
