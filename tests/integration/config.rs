//! `amends.toml` (issue 16): found next to the incident file or above it,
//! `--config`, `--no-config`; the command line wins; unknown keys refused.

use std::fs;
use std::path::Path;

use crate::{amends, root, stderr, stdout};

/// A repository folder `proj` (with `.git`) holding `sub/i.yaml`.
fn project(dir: &Path, config: &str) {
    fs::create_dir_all(dir.join("proj/sub")).unwrap();
    fs::create_dir_all(dir.join("proj/.git")).unwrap();
    fs::copy(
        root().join("samples/major-within-control.yaml"),
        dir.join("proj/sub/i.yaml"),
    )
    .unwrap();
    fs::write(dir.join("proj/amends.toml"), config).unwrap();
}

fn late_notice(out: &std::process::Output) -> bool {
    stderr(out).contains("[late-notice]")
}

#[test]
fn defaults_come_from_the_nearest_config_and_options_win() {
    let dir = tempfile::tempdir().unwrap();
    // The sample's first notice comes 9 minutes after detection.
    project(
        dir.path(),
        "out = \"reports\"\npaper = \"letter\"\n[lint]\nnotice_minutes = 5\n",
    );
    let proj = dir.path().join("proj");
    let out = amends(&proj, &["lint", "sub/i.yaml"]);
    assert!(late_notice(&out), "{}", stderr(&out));
    let out = amends(&proj, &["lint", "sub/i.yaml", "--notice-minutes", "30"]);
    assert!(!late_notice(&out), "{}", stderr(&out));
    let out = amends(&proj, &["lint", "--no-config", "sub/i.yaml"]);
    assert!(!late_notice(&out), "{}", stderr(&out));

    // The output folder is the config's, relative to the config file.
    let out = amends(
        &proj.join("sub"),
        &["render", "i.yaml", "--format", "md,pdf"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        proj.join("reports/HX-2019-0702.md").is_file(),
        "{}",
        stdout(&out)
    );
    // Letter paper: 612 points wide.
    let pdf = lopdf::Document::load(proj.join("reports/HX-2019-0702.pdf")).unwrap();
    let page = pdf.get_pages().into_values().next().unwrap();
    let media = pdf.get_dictionary(page).unwrap().get(b"MediaBox").unwrap();
    let width = media.as_array().unwrap()[2].as_float().unwrap();
    assert!((width - 612.0).abs() < 1.0, "{width}");
}

#[test]
fn the_search_stops_at_the_repository_root() {
    let dir = tempfile::tempdir().unwrap();
    project(dir.path(), "[lint]\nnotice_minutes = 5\n");
    // A config above the repository is not used.
    fs::rename(
        dir.path().join("proj/amends.toml"),
        dir.path().join("amends.toml"),
    )
    .unwrap();
    let out = amends(&dir.path().join("proj"), &["lint", "sub/i.yaml"]);
    assert!(!late_notice(&out), "{}", stderr(&out));
    // --config names one anywhere.
    let out = amends(
        &dir.path().join("proj"),
        &["lint", "sub/i.yaml", "--config", "../amends.toml"],
    );
    assert!(late_notice(&out), "{}", stderr(&out));
}

#[test]
fn a_bad_config_is_an_error_at_its_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (
            "paper = \"a4\"\ncolour = 1\n",
            "amends.toml:2:1: error: unknown field `colour`",
        ),
        (
            "paper = \"a3\"\n",
            "amends.toml:1:9: error: paper `a3` is not known",
        ),
        (
            "[lint]\nsilence_minutes = 0\n",
            "amends.toml:2:19: error: lint.silence_minutes",
        ),
        (
            "[lint]\nnotice = 5\n",
            "amends.toml:2:1: error: unknown field `notice`",
        ),
        ("paper = \n", "amends.toml:1:"),
    ];
    for (config, expected) in cases {
        project(dir.path(), config);
        let out = amends(&dir.path().join("proj"), &["check", "sub/i.yaml"]);
        assert_eq!(out.status.code(), Some(1), "{config}");
        assert!(
            stderr(&out).contains(expected),
            "{config}: {}",
            stderr(&out)
        );
    }
    let out = amends(
        dir.path(),
        &["check", "--config", "missing.toml", "proj/sub/i.yaml"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("missing.toml: error: cannot read the config file"));
    let out = amends(
        dir.path(),
        &[
            "check",
            "--config",
            "x.toml",
            "--no-config",
            "proj/sub/i.yaml",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
}
