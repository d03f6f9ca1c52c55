//! The commands: init, templates, render's outputs and safeguards, usage errors.

use std::fs;

use crate::{amends, root, stderr, stdout};

fn sample(name: &str) -> String {
    root()
        .join("samples")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

#[test]
fn init_writes_a_starter_that_checks_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let out = amends(dir.path(), &["init"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let written = fs::read_to_string(dir.path().join("incident.yaml")).unwrap();
    assert!(written.contains("# An incident file for amends"));
    assert!(
        amends(dir.path(), &["check", "incident.yaml"])
            .status
            .success()
    );
    assert!(
        amends(dir.path(), &["render", "incident.yaml"])
            .status
            .success()
    );
    // A second init refuses and leaves the file alone.
    fs::write(dir.path().join("incident.yaml"), "mine").unwrap();
    let out = amends(dir.path(), &["init"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains(
        "incident.yaml: error: the file already exists; amends init never replaces a file"
    ));
    assert_eq!(
        fs::read_to_string(dir.path().join("incident.yaml")).unwrap(),
        "mine"
    );
}

#[test]
fn usage_errors_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    for args in [
        &["render"][..],
        &["frobnicate"],
        &["render", "x.yaml", "--format", "docx"],
        &["render", "x.yaml", "--date", "2026-02-30"],
    ] {
        let out = amends(dir.path(), args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
    }
    let out = amends(dir.path(), &["render", "--help"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).contains("Exit codes:"));
}

#[test]
fn render_writes_only_the_chosen_formats_and_lists_them() {
    let dir = tempfile::tempdir().unwrap();
    let out = amends(
        dir.path(),
        &[
            "render",
            &sample("starter.yaml"),
            "--out",
            "r",
            "--format",
            "json",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stdout(&out).trim(),
        format!("r{}INC-2026-0142.json", std::path::MAIN_SEPARATOR)
    );
    assert!(!dir.path().join("r/INC-2026-0142.md").exists());
}

#[test]
fn output_is_byte_identical_across_runs() {
    let dir = tempfile::tempdir().unwrap();
    let mut seen = Vec::new();
    for run in ["a", "b"] {
        let out = amends(
            dir.path(),
            &[
                "render",
                &sample("critical-repeat-cs.yaml"),
                &sample("starter.yaml"),
                "--out",
                run,
            ],
        );
        assert!(out.status.success(), "{}", stderr(&out));
        let mut files: Vec<_> = fs::read_dir(dir.path().join(run))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| !p.ends_with(amends::write::LOCK_NAME))
            .collect();
        files.sort();
        seen.push(
            files
                .iter()
                .map(|p| fs::read(p).unwrap())
                .collect::<Vec<_>>(),
        );
    }
    assert_eq!(seen[0].len(), 6);
    assert_eq!(seen[0], seen[1]);
}

#[test]
fn report_date_comes_from_date_flag_then_source_date_epoch() {
    let dir = tempfile::tempdir().unwrap();
    let text = fs::read_to_string(sample("starter.yaml"))
        .unwrap()
        .replace("  date: 2026-07-05 ", "  # date removed ");
    fs::write(dir.path().join("i.yaml"), text).unwrap();
    // SOURCE_DATE_EPOCH 1783000000 is 2026-07-02 (UTC).
    assert!(amends(dir.path(), &["render", "i.yaml"]).status.success());
    let md = fs::read_to_string(dir.path().join("out/INC-2026-0142.md")).unwrap();
    assert!(md.contains("· 2 July 2026 ·"), "{md}");
    assert!(
        amends(dir.path(), &["render", "i.yaml", "--date", "2026-07-09"])
            .status
            .success()
    );
    let md = fs::read_to_string(dir.path().join("out/INC-2026-0142.md")).unwrap();
    assert!(md.contains("· 9 July 2026 ·"));
}

#[test]
fn a_final_report_is_not_silently_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let final_text = final_starter();
    fs::write(dir.path().join("i.yaml"), &final_text).unwrap();
    assert!(amends(dir.path(), &["render", "i.yaml"]).status.success());
    let before = fs::read(dir.path().join("out/INC-2026-0142.md")).unwrap();
    // The same input again changes nothing, so it is allowed.
    assert!(amends(dir.path(), &["render", "i.yaml"]).status.success());
    // A changed report (even a draft) over the final one is refused...
    fs::write(
        dir.path().join("i.yaml"),
        final_text.replace("status: final", "status: draft"),
    )
    .unwrap();
    let out = amends(dir.path(), &["render", "i.yaml"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("is a final report and would change (INC-2026-0142.json is final, INC-2026-0142.md is final, INC-2026-0142.pdf is final); pass --force"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        fs::read(dir.path().join("out/INC-2026-0142.md")).unwrap(),
        before
    );
    // ...unless forced.
    assert!(
        amends(dir.path(), &["render", "i.yaml", "--force"])
            .status
            .success()
    );
    assert_ne!(
        fs::read(dir.path().join("out/INC-2026-0142.md")).unwrap(),
        before
    );
}

#[test]
fn one_bad_file_does_not_stop_the_others() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("bad.yaml"), "report: {}\n").unwrap();
    let out = amends(dir.path(), &["render", "bad.yaml", &sample("starter.yaml")]);
    assert_eq!(out.status.code(), Some(1));
    assert!(dir.path().join("out/INC-2026-0142.md").exists());
    assert!(
        stderr(&out).contains("bad.yaml:1:9: error: missing field `id`"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn two_files_with_one_id_do_not_overwrite_each_other() {
    let dir = tempfile::tempdir().unwrap();
    let out = amends(
        dir.path(),
        &["render", &sample("starter.yaml"), &sample("starter.yaml")],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("report id `INC-2026-0142` was already rendered"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn templates_dump_then_override_one_partial() {
    let dir = tempfile::tempdir().unwrap();
    let out = amends(dir.path(), &["templates", "dump", "tpl"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        dir.path()
            .join("tpl/partials/compensation.md.tera")
            .exists()
    );
    assert!(dir.path().join("tpl/lang/cs.yaml").exists());
    // Dumping again refuses to replace the user's edits.
    assert_eq!(
        amends(dir.path(), &["templates", "dump", "tpl"])
            .status
            .code(),
        Some(1)
    );
    // Keep only one edited partial: the rest stay built in.
    let mine = tempfile::tempdir().unwrap();
    fs::create_dir(mine.path().join("partials")).unwrap();
    fs::write(
        mine.path().join("partials/closing.md.tera"),
        "Signed: {{ closing.provider }}\n",
    )
    .unwrap();
    let out = amends(
        dir.path(),
        &[
            "render",
            &sample("starter.yaml"),
            "--templates",
            mine.path().to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let md = fs::read_to_string(dir.path().join("out/INC-2026-0142.md")).unwrap();
    assert!(md.ends_with("Signed: Acme Cloud s.r.o.\n"), "{md}");
    assert!(md.contains("## Compensation"));
}

#[test]
fn template_errors_name_the_template_and_line() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("partials")).unwrap();
    fs::write(
        dir.path().join("partials/closing.md.tera"),
        "ok\n{{ closing.nope }}\n",
    )
    .unwrap();
    let out = amends(
        dir.path(),
        &["render", &sample("starter.yaml"), "--templates", "."],
    );
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("partials/closing.md.tera"), "{err}");
    assert!(err.contains(":2:"), "{err}");
    fs::write(dir.path().join("partials/closing.md.tera"), "{% if %}\n").unwrap();
    let out = amends(
        dir.path(),
        &["render", &sample("starter.yaml"), "--templates", "."],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("partials/closing.md.tera"),
        "{}",
        stderr(&out)
    );
}

/// A letter is entirely in its language or not written: `check` and
/// `render` refuse a language without wording, at `report.language`.
#[test]
fn a_language_without_wording_is_an_error_in_check_and_render() {
    let dir = tempfile::tempdir().unwrap();
    let text = fs::read_to_string(sample("starter.yaml"))
        .unwrap()
        .replace("language: en ", "language: de-AT ");
    let line = text
        .lines()
        .position(|l| l.contains("language: de-AT"))
        .unwrap()
        + 1;
    let column = text.lines().nth(line - 1).unwrap().find("de-AT").unwrap() + 1;
    fs::write(dir.path().join("i.yaml"), text).unwrap();
    for command in ["check", "render"] {
        let out = amends(dir.path(), &[command, "i.yaml"]);
        assert_eq!(out.status.code(), Some(1), "{command}");
        let err = stderr(&out);
        assert!(
            err.contains(&format!(
                "i.yaml:{line}:{column}: error: there is no wording for language `de-AT`"
            )),
            "{command}: {err}"
        );
        assert!(err.contains("expected one of: cs, en, vi"), "{err}");
        assert!(err.contains("amends templates dump"), "{err}");
        assert!(err.contains("lang/de.yaml"), "{err}");
    }
    assert!(!dir.path().join("out").exists(), "nothing is written");
    // Region tags of built-in languages are fine, their case kept.
    let text = fs::read_to_string(dir.path().join("i.yaml"))
        .unwrap()
        .replace("language: de-AT ", "language: en-GB ");
    fs::write(dir.path().join("i.yaml"), text).unwrap();
    let out = amends(dir.path(), &["render", "i.yaml"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let json = fs::read_to_string(dir.path().join("out/INC-2026-0142.json")).unwrap();
    assert!(json.contains("\"language\": \"en-GB\""), "{json}");
}

/// A language added with `--templates` is accepted by `check`.
#[test]
fn a_language_added_with_templates_passes_check() {
    let dir = tempfile::tempdir().unwrap();
    let text = fs::read_to_string(sample("starter.yaml"))
        .unwrap()
        .replace("language: en ", "language: de ");
    fs::write(dir.path().join("i.yaml"), text).unwrap();
    fs::create_dir_all(dir.path().join("t/lang")).unwrap();
    fs::copy(
        root().join("templates/lang/en.yaml"),
        dir.path().join("t/lang/de.yaml"),
    )
    .unwrap();
    fs::create_dir_all(dir.path().join("t/lint")).unwrap();
    fs::copy(
        root().join("templates/lint/en.yaml"),
        dir.path().join("t/lint/de.yaml"),
    )
    .unwrap();
    let out = amends(dir.path(), &["check", "i.yaml", "--templates", "t"]);
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn outputs_never_follow_a_symlink_out_of_the_folder() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("out")).unwrap();
    fs::write(dir.path().join("victim.txt"), "keep me").unwrap();
    std::os::unix::fs::symlink("../victim.txt", dir.path().join("out/INC-2026-0142.md")).unwrap();
    // A link at an output name is not read: it may be a final report, so
    // it is replaced only with --force, and then the link itself is replaced.
    let out = amends(dir.path(), &["render", &sample("starter.yaml")]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("symbolic link"), "{}", stderr(&out));
    let out = amends(dir.path(), &["render", &sample("starter.yaml"), "--force"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("replaced the final report"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("victim.txt")).unwrap(),
        "keep me"
    );
    let written = fs::symlink_metadata(dir.path().join("out/INC-2026-0142.md")).unwrap();
    assert!(
        written.file_type().is_file(),
        "the link was replaced by the report, not followed"
    );
}

/// Renders the starter with a closing partial of the given text; returns the
/// run and how long it took.
fn render_with_closing(template: &str) -> (std::process::Output, std::time::Duration) {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("partials")).unwrap();
    fs::write(dir.path().join("partials/closing.md.tera"), template).unwrap();
    let started = std::time::Instant::now();
    let out = amends(
        dir.path(),
        &["render", &sample("starter.yaml"), "--templates", "."],
    );
    (out, started.elapsed())
}

#[test]
fn a_runaway_template_stops_with_an_error() {
    let (out, took) = render_with_closing(
        "{% for i in range(end=100000) %}{% for j in range(end=100000) %}xxxxxxxxxxxxxxxx{% endfor %}{% endfor %}",
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("more than 16 MiB"),
        "{}",
        stderr(&out)
    );
    assert!(took < std::time::Duration::from_secs(10));
}

/// Regression: with `--format md` alone there is no JSON beside the report,
/// and the final Markdown could be replaced without --force.
#[test]
fn a_final_markdown_alone_is_not_silently_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let final_text = final_starter();
    fs::write(dir.path().join("i.yaml"), &final_text).unwrap();
    assert!(
        amends(dir.path(), &["render", "i.yaml", "--format", "md"])
            .status
            .success()
    );
    fs::write(
        dir.path().join("i.yaml"),
        final_text.replace("status: final", "status: review"),
    )
    .unwrap();
    let out = amends(dir.path(), &["render", "i.yaml", "--format", "md"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("pass --force"));
}

/// A template that loops without writing anything is stopped by time.
#[test]
fn a_template_that_spins_stops_with_an_error() {
    let (out, took) = render_with_closing(
        "{% for i in range(end=100000) %}{% for j in range(end=100000) %}{% endfor %}{% endfor %}",
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("ran for more than 5 seconds"),
        "{}",
        stderr(&out)
    );
    assert!(took < std::time::Duration::from_secs(20));
}

/// The starter as a final report, its reviewer's approval given.
fn final_starter() -> String {
    crate::approved_final(&fs::read_to_string(sample("starter.yaml")).unwrap())
}
