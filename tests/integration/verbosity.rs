//! `--quiet` and `--verbose` (issue 16).

use crate::{amends, root, stderr, stdout};

fn samples() -> [String; 2] {
    [
        "samples/major-within-control.yaml",
        "samples/critical-vi.yaml",
    ]
    .map(|s| root().join(s).display().to_string())
}

#[test]
fn render_sums_up_many_files_and_lists_them_with_verbose() {
    let dir = tempfile::tempdir().unwrap();
    let [a, b] = samples();
    let out = amends(dir.path(), &["render", &a, &b, "--out", "o"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "wrote 6 files for 2 reports into o (--verbose lists them)\n"
    );
    let out = amends(
        dir.path(),
        &["render", &a, &b, "--out", "v", "--verbose", "--force"],
    );
    let text = stdout(&out);
    let listed: Vec<&str> = text.lines().collect();
    assert_eq!(listed.len(), 6, "{listed:?}");
    for path in listed {
        assert!(dir.path().join(path).is_file(), "{path}");
    }
    // Few files are listed without --verbose.
    let out = amends(
        dir.path(),
        &["render", &a, "--out", "few", "--format", "md,json"],
    );
    assert_eq!(stdout(&out).lines().count(), 2, "{}", stdout(&out));
}

#[test]
fn quiet_prints_only_problems() {
    let dir = tempfile::tempdir().unwrap();
    let [a, _] = samples();
    let out = amends(dir.path(), &["-q", "render", &a, "--out", "o"]);
    assert!(out.status.success());
    assert_eq!(stdout(&out), "");
    assert!(!stderr(&out).contains("fingerprint"), "{}", stderr(&out));
    assert!(dir.path().join("o").read_dir().unwrap().count() >= 3);
    let out = amends(dir.path(), &["check", &a, "--quiet"]);
    assert!(out.status.success());
    assert!(!stderr(&out).contains(": ok"), "{}", stderr(&out));
    // Errors are still printed.
    std::fs::write(dir.path().join("bad.yaml"), "format: 1\nreport: [\n").unwrap();
    let out = amends(dir.path(), &["check", "--quiet", "bad.yaml"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("bad.yaml:"), "{}", stderr(&out));
    // What a command exists to print is printed.
    let out = amends(dir.path(), &["--quiet", "schema"]);
    assert!(stdout(&out).starts_with('{'));
    // Both at once is a usage error.
    let out = amends(dir.path(), &["check", "-q", "-v", &a]);
    assert_eq!(out.status.code(), Some(2));
}
