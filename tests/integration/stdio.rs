//! `-` as standard input and standard output (issue 16).

use std::io::Write as _;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use crate::{amends, root, stderr, stdout};

/// Runs `amends` in `dir` with `input` on standard input.
fn amends_with_stdin(dir: &Path, args: &[&str], input: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_amends"))
        .args(args)
        .current_dir(dir)
        .env("SOURCE_DATE_EPOCH", "1783000000")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    // A refusal may close standard input before everything is written.
    let _ = stdin.write_all(input);
    drop(stdin);
    child.wait_with_output().unwrap()
}

fn sample(name: &str) -> Vec<u8> {
    std::fs::read(root().join("samples").join(name)).unwrap()
}

#[test]
fn check_reads_standard_input_and_names_it() {
    let dir = tempfile::tempdir().unwrap();
    let by_path = amends(&root(), &["check", "samples/major-within-control.yaml"]);
    let piped = amends_with_stdin(
        dir.path(),
        &["check", "-"],
        &sample("major-within-control.yaml"),
    );
    assert!(piped.status.success(), "{}", stderr(&piped));
    let err = stderr(&piped);
    assert!(err.contains("<stdin>: ok"), "{err}");
    // The same letter, whichever way it was read.
    let fingerprint = |text: String| {
        text.lines()
            .find_map(|l| l.split_once("fingerprint: ").map(|(_, f)| f.to_owned()))
            .unwrap()
    };
    assert_eq!(fingerprint(err), fingerprint(stderr(&by_path)));
    // Errors carry <stdin>:LINE:COL.
    let broken = amends_with_stdin(dir.path(), &["check", "-"], b"format: 1\nincident: [\n");
    assert_eq!(broken.status.code(), Some(1));
    assert!(
        stderr(&broken).starts_with("<stdin>:"),
        "{}",
        stderr(&broken)
    );
    // Nothing named "-" appears.
    assert!(std::fs::read_dir(dir.path()).unwrap().next().is_none());
}

#[test]
fn lint_and_render_read_standard_input() {
    let dir = tempfile::tempdir().unwrap();
    let lint = amends_with_stdin(
        dir.path(),
        &["lint", "-"],
        &sample("major-within-control.yaml"),
    );
    assert!(stderr(&lint).contains("<stdin>: "), "{}", stderr(&lint));
    let render = amends_with_stdin(
        dir.path(),
        &["render", "-", "--out", "out", "--format", "md"],
        &sample("major-within-control.yaml"),
    );
    assert!(render.status.success(), "{}", stderr(&render));
    let written: Vec<_> = std::fs::read_dir(dir.path().join("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".md"))
        .collect();
    assert_eq!(written.len(), 1, "{written:?}");
}

#[test]
fn standard_input_is_limited_like_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let mut big = b"format: 1\n# ".to_vec();
    big.resize(amends::read::MAX_FILE_BYTES + 10, b'x');
    let out = amends_with_stdin(dir.path(), &["check", "-"], &big);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.starts_with("<stdin>:") && err.contains("at most 1 MiB"),
        "{err}"
    );
}

#[test]
fn standard_input_is_read_once_and_a_report_set_never_goes_to_standard_output() {
    let dir = tempfile::tempdir().unwrap();
    let twice = amends_with_stdin(dir.path(), &["check", "-", "-"], b"");
    assert_eq!(twice.status.code(), Some(2), "{}", stderr(&twice));
    let out = amends(
        dir.path(),
        &[
            "render",
            &root()
                .join("samples/major-within-control.yaml")
                .display()
                .to_string(),
            "--out",
            "-",
        ],
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("--out -"), "{}", stderr(&out));
    assert!(!dir.path().join("-").exists());
}

#[test]
fn pdf_writes_to_standard_output_and_reads_standard_input() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.md"),
        "# A report\n\nThe service is back.\n",
    )
    .unwrap();
    let out = amends(dir.path(), &["pdf", "a.md", "-o", "-"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(out.stdout.starts_with(b"%PDF-"));
    assert!(!dir.path().join("-").exists() && !dir.path().join("a.pdf").exists());
    let text = pdf_extract::extract_text_from_mem(&out.stdout).unwrap();
    assert!(text.contains("The service is back."), "{text}");

    let piped = amends_with_stdin(dir.path(), &["pdf", "-", "-o", "b.pdf"], b"# B\n\nPiped.\n");
    assert!(piped.status.success(), "{}", stderr(&piped));
    assert!(
        std::fs::read(dir.path().join("b.pdf"))
            .unwrap()
            .starts_with(b"%PDF-")
    );
    // Standard input has no name to derive the PDF's from.
    let nameless = amends_with_stdin(dir.path(), &["pdf", "-"], b"# C\n");
    assert_eq!(nameless.status.code(), Some(2), "{}", stdout(&nameless));
}

#[test]
fn pdf_to_standard_output_through_a_shell_pipe() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.md"), "# A\n\nText.\n").unwrap();
    let out = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "\"{}\" pdf a.md -o - | head -c 5",
            env!("CARGO_BIN_EXE_amends")
        ))
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.stdout, b"%PDF-");
}

#[test]
fn import_and_diff_use_standard_streams() {
    let dir = tempfile::tempdir().unwrap();
    let export = std::fs::read(root().join("tests/fixtures/import/statuspage.json")).unwrap();
    let out = amends_with_stdin(
        dir.path(),
        &["import", "--from", "statuspage", "-", "-o", "-"],
        &export,
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("from <stdin>"), "{}", stdout(&out));
    assert!(stdout(&out).contains("timeline:"), "{}", stdout(&out));
    assert!(!dir.path().join("-").exists());

    let [a, b] = [
        "samples/major-within-control.yaml",
        "samples/critical-vi.yaml",
    ]
    .map(|s| root().join(s).display().to_string());
    let out = amends(dir.path(), &["diff", &a, &b, "-o", "r.md", "--pdf", "-"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(out.stdout.starts_with(b"%PDF-"));
    assert!(dir.path().join("r.md").is_file());
    // Both to standard output cannot be told apart: a usage error.
    let out = amends(dir.path(), &["diff", &a, &b, "--pdf", "-"]);
    assert_eq!(out.status.code(), Some(2));
}

/// Runs `amends` in `dir` with standard output a pipe whose reading end is
/// already closed, as `amends ... | head -0` ends up.
fn amends_into_closed_pipe(dir: &Path, args: &[&str]) -> Output {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    Command::new(env!("CARGO_BIN_EXE_amends"))
        .args(args)
        .current_dir(dir)
        .env("SOURCE_DATE_EPOCH", "1783000000")
        .stdout(writer)
        .stderr(Stdio::piped())
        .output()
        .unwrap()
}

#[test]
fn a_closed_standard_output_ends_every_printing_command_quietly() {
    let fixture = root().join("tests/fixtures/import/statuspage.json");
    let fixture = fixture.to_str().unwrap();
    for args in [
        &["completions", "bash"][..],
        &["completions", "zsh"],
        &["man"],
        &["man", "render"],
        &["schema"],
        &["schema", "--customers"],
        &["import", "--from", "statuspage", fixture],
        &[
            "check",
            "--format",
            "json",
            "samples/major-within-control.yaml",
        ],
        &[
            "lint",
            "--format",
            "json",
            "samples/major-within-control.yaml",
        ],
        &["assess", "samples/major-within-control.yaml"],
        &[
            "assess",
            "--format",
            "json",
            "samples/major-within-control.yaml",
        ],
        &[
            "diff",
            "samples/major-within-control.yaml",
            "samples/minor-outside-control.yaml",
        ],
    ] {
        let out = amends_into_closed_pipe(&root(), args);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
        assert!(
            !stderr(&out).contains("panicked"),
            "{args:?}: {}",
            stderr(&out)
        );
    }
}

#[test]
fn quiet_import_prints_only_the_incident_file() {
    let dir = tempfile::tempdir().unwrap();
    let fixture = root().join("tests/fixtures/import/statuspage.json");
    let fixture = fixture.to_str().unwrap();
    let out = amends(
        dir.path(),
        &["import", "-q", "--from", "statuspage", fixture],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stderr(&out), "");
    assert!(stdout(&out).contains("FILL IN"));
    let out = amends(
        dir.path(),
        &[
            "import",
            "-q",
            "--from",
            "statuspage",
            fixture,
            "-o",
            "i.yaml",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!((stdout(&out), stderr(&out)), (String::new(), String::new()));
    assert!(dir.path().join("i.yaml").is_file());
}
