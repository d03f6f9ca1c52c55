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

/// One child at a time: the CPU time of the children, as the kernel counts
/// it, then belongs to the one that just ran.
static ONE_CHILD: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// CPU time (user + system) used by all finished children so far.
fn children_cpu() -> Duration {
    let usage = getrusage(UsageWho::RUSAGE_CHILDREN).unwrap();
    let (user, system) = (usage.user_time(), usage.system_time());
    let micros = |t: nix::sys::time::TimeVal| {
        Duration::from_secs(t.tv_sec().unsigned_abs())
            + Duration::from_micros(t.tv_usec().unsigned_abs())
    };
    micros(user) + micros(system)
}

/// Runs `amends check FILE` and returns (exit code, stderr, CPU time used):
/// CPU time, not wall time, so that a busy machine does not fail the test.
fn check(dir: &Path, file: &str) -> (i32, String, Duration) {
    let _one = ONE_CHILD
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let before = children_cpu();
    let out = Command::new(env!("CARGO_BIN_EXE_amends"))
        .args(["check", file])
        .current_dir(dir)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        children_cpu().saturating_sub(before),
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
    assert!(took < MAX_TIME, "{file}: took {took:?} of CPU time");
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
    // 3 GiB (sparse): refused from its reported size, without reading it.
    let big = fs::File::create(dir.path().join("three-gib.yaml")).unwrap();
    big.set_len(3 << 30).unwrap();
    assert_case(
        dir.path(),
        "three-gib.yaml",
        1,
        "three-gib.yaml: error: the file is 3221225472 bytes; an incident file may be at most 1 MiB",
    );
    // 80,000 empty service names, each an error: fast, and a screenful of output.
    let valid =
        fs::read_to_string(root().join("tests/fixtures/robustness/window-backwards.yaml")).unwrap();
    let empty = vec!["''"; 80_000].join(",");
    let text = valid.replace("[Checkout API]", &format!("[{empty}]"));
    fs::write(dir.path().join("many-errors.yaml"), &text).unwrap();
    assert!(text.len() < 1024 * 1024, "{}", text.len());
    let (code, stderr, took) = check(dir.path(), "many-errors.yaml");
    assert_eq!(code, 1, "{}", &stderr[..stderr.len().min(2000)]);
    assert!(took < MAX_TIME, "took {took:?} of CPU time");
    assert!(stderr.len() < 100_000, "{} bytes of messages", stderr.len());
    assert!(
        stderr.contains("many-errors.yaml: ... and "),
        "{}",
        &stderr[stderr.len().saturating_sub(2000)..]
    );
    // No child of this test binary (these included) ever held more than 200 MB.
    let max_rss = getrusage(UsageWho::RUSAGE_CHILDREN).unwrap().max_rss();
    assert!(max_rss < MAX_RSS_KB, "a child used {max_rss} KB");
}

/// Runs amends with arguments in `dir`; returns (exit code, stdout, stderr).
fn run(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let _one = ONE_CHILD
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let out = Command::new(env!("CARGO_BIN_EXE_amends"))
        .args(args)
        .current_dir(dir)
        .env("SOURCE_DATE_EPOCH", "1783000000")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A valid incident file from the corpus (the window fixed).
fn valid_incident() -> String {
    fs::read_to_string(root().join("tests/fixtures/robustness/window-backwards.yaml"))
        .unwrap()
        .replace(
            "      - {from: 2026-07-02T14:00:00Z, to: 2026-07-02T13:00:00Z, kind: outage}\n",
            "      - {from: 2026-07-02T13:42:00Z, to: 2026-07-02T14:09:00Z, kind: outage}\n",
        )
}

#[test]
fn a_closed_stdout_ends_quietly_with_the_usual_exit_code() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("incident.yaml"), valid_incident()).unwrap();
    let cases: &[&[&str]] = &[
        &["assess", "incident.yaml"],
        &["lint", "incident.yaml", "--format", "json"],
        &["render", "incident.yaml", "--format", "md"],
        &["diff", "incident.yaml", "incident.yaml"],
        &["templates", "dump", "dumped"],
        &["check", "incident.yaml"],
        &["--help"],
    ];
    for args in cases {
        let _one = ONE_CHILD
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        // Both ends of the pipe are made before the child starts, and the
        // reading end is closed: every write the child makes fails with EPIPE.
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let (err_reader, err_writer) = std::io::pipe().unwrap();
        let status = Command::new(env!("CARGO_BIN_EXE_amends"))
            .args(*args)
            .current_dir(dir.path())
            .env("SOURCE_DATE_EPOCH", "1783000000")
            .stdin(Stdio::null())
            .stdout(writer)
            .stderr(err_writer)
            .status()
            .unwrap();
        let mut stderr = String::new();
        std::io::Read::read_to_string(&mut { err_reader }, &mut stderr).unwrap();
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert_eq!(status.code(), Some(0), "{args:?}: {stderr}");
    }
}

#[test]
fn echoed_input_cannot_drive_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    // An unknown key made of escapes (legal in a double-quoted YAML key):
    // the message names it, escaped.
    let text =
        valid_incident().replace("provider:\n", "provider:\n  \"\\e[2K\\e[1A\\u202Eok\": 1\n");
    fs::write(dir.path().join("incident.yaml"), text).unwrap();
    let (code, _, stderr) = run(dir.path(), &["check", "incident.yaml"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("[2K") && stderr.contains("<U+202E>ok"),
        "{stderr}"
    );
    assert!(!stderr.contains(['\u{1b}', '\u{202e}']), "{stderr:?}");
    // A file name with an escape is escaped too.
    let name = "bad\u{1b}[31m.yaml";
    fs::write(dir.path().join(name), "x: 1\n").unwrap();
    let (code, _, stderr) = run(dir.path(), &["check", name]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.starts_with("bad<U+001B>[31m.yaml:"), "{stderr:?}");
    assert!(!stderr.contains('\u{1b}'), "{stderr:?}");
}

#[test]
fn markdown_inputs_have_a_limit_too() {
    let dir = tempfile::tempdir().unwrap();
    let big = fs::File::create(dir.path().join("big.md")).unwrap();
    big.set_len(3 << 20).unwrap();
    let (code, _, stderr) = run(dir.path(), &["pdf", "big.md"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.starts_with(
            "big.md: error: the file is 3145728 bytes; a Markdown file may be at most 2 MiB"
        ),
        "{stderr}"
    );
    fs::write(dir.path().join("small.md"), "# A\n\nText.\n").unwrap();
    let (code, _, stderr) = run(dir.path(), &["diff", "small.md", "big.md"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.starts_with("big.md: error: the file is"), "{stderr}");
    assert!(!dir.path().join("big.pdf").exists());
}

#[cfg(unix)]
#[test]
fn templates_never_read_or_write_through_links() {
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(d.join("incident.yaml"), valid_incident()).unwrap();
    fs::write(d.join("secret.txt"), "SECRET-TOKEN").unwrap();
    // A linked template file.
    fs::create_dir_all(d.join("linked-file/partials")).unwrap();
    symlink(
        d.join("secret.txt"),
        d.join("linked-file/partials/summary.md.tera"),
    )
    .unwrap();
    // A linked folder holding a template.
    fs::create_dir_all(d.join("elsewhere")).unwrap();
    fs::write(d.join("elsewhere/summary.md.tera"), "{{ 1 }}").unwrap();
    fs::create_dir_all(d.join("linked-folder")).unwrap();
    symlink(d.join("elsewhere"), d.join("linked-folder/partials")).unwrap();
    for folder in ["linked-file", "linked-folder"] {
        let (code, stdout, stderr) = run(
            d,
            &[
                "render",
                "incident.yaml",
                "--templates",
                folder,
                "--out",
                "out",
            ],
        );
        assert_eq!(code, 1, "{folder}: {stderr}");
        assert!(
            stderr.contains("is a link or not a regular file"),
            "{stderr}"
        );
        assert!(!stdout.contains("out"), "{stdout}");
        assert!(!d.join("out").exists());
    }
    // templates dump does not write into a linked folder.
    fs::create_dir_all(d.join("dump")).unwrap();
    fs::create_dir_all(d.join("target-folder")).unwrap();
    symlink(d.join("target-folder"), d.join("dump/partials")).unwrap();
    let (code, _, stderr) = run(d, &["templates", "dump", "dump"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("is a link; templates dump"), "{stderr}");
    assert_eq!(fs::read_dir(d.join("target-folder")).unwrap().count(), 0);
    assert!(!d.join("dump/report.md.tera").exists());
}

#[test]
fn a_template_error_names_the_incident_file() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(d.join("incident.yaml"), valid_incident()).unwrap();
    fs::create_dir_all(d.join("t/partials")).unwrap();
    fs::write(
        d.join("t/partials/closing.md.tera"),
        "{{ no_such_value.x }}",
    )
    .unwrap();
    let (code, _, stderr) = run(d, &["render", "incident.yaml", "--templates", "t"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.starts_with("incident.yaml: error: template error: "),
        "{stderr}"
    );
}

/// After one render runs out of time, its thread cannot be stopped: no
/// other file renders beside it, and each failure names its file.
#[test]
fn a_runaway_template_is_not_run_again_beside_itself() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let second = valid_incident().replace("id: INC-1", "id: INC-2");
    fs::write(d.join("first.yaml"), valid_incident()).unwrap();
    fs::write(d.join("second.yaml"), second).unwrap();
    fs::create_dir_all(d.join("t/partials")).unwrap();
    fs::write(
        d.join("t/partials/closing.md.tera"),
        "{% for i in range(end=100000) %}{% for j in range(end=100000) %}{% endfor %}{% endfor %}",
    )
    .unwrap();
    let started = Instant::now();
    let (code, _, stderr) = run(
        d,
        &["render", "first.yaml", "second.yaml", "--templates", "t"],
    );
    let took = started.elapsed();
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains(
            "first.yaml: error: template error: the template ran for more than 5 seconds"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("second.yaml: error: template error: not rendered: the templates ran for more than 5 seconds on an earlier file"),
        "{stderr}"
    );
    // One timeout, not two.
    assert!(took < Duration::from_secs(9), "took {took:?}");
}

#[test]
fn color_is_asked_for_or_off() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("bad.yaml"), "x: 1\n").unwrap();
    let (_, _, plain) = run(dir.path(), &["check", "bad.yaml"]);
    assert!(!plain.contains('\u{1b}'), "{plain:?}");
    let (code, _, colored) = run(dir.path(), &["--color", "always", "check", "bad.yaml"]);
    assert_eq!(code, 1);
    assert!(
        colored.contains("\u{1b}[1;31merror\u{1b}[0m"),
        "{colored:?}"
    );
    let (_, _, never) = run(dir.path(), &["check", "bad.yaml", "--color", "never"]);
    assert_eq!(never, plain);
}
