//! `amends import`: each platform's export becomes an incident file that
//! checks and renders once its placeholders are filled; other files are refused.
//! Also `amends completions` and `amends man`.

use std::fs;
use std::path::{Path, PathBuf};

use crate::{amends, root, stderr, stdout};

const FORMATS: [&str; 5] = [
    "rootly",
    "firehydrant",
    "incident-io",
    "pagerduty",
    "statuspage",
];

fn fixture(format: &str) -> PathBuf {
    root()
        .join("tests/fixtures/import")
        .join(format!("{format}.json"))
}

/// Fills every `FILL IN` placeholder the way a writer would; `started` is the
/// start time to write when the export had none.
fn fill(yaml: &str, started: &str) -> String {
    let mut names = ["Acme Cloud s.r.o.", "Corner Bakery Ltd."].into_iter();
    let mut out = String::new();
    for line in yaml.lines() {
        let filled = if !line.contains("# FILL IN") {
            line.to_owned()
        } else {
            let key = line.trim_start().trim_start_matches("- ");
            let key = if key.starts_with("\"\"") {
                "service"
            } else {
                key.split(':').next().unwrap_or_default()
            };
            let value = match key {
                "name" => format!("\"{}\"", names.next().unwrap()),
                "summary" => "\"Card payments failed for a while; it is fixed.\"".to_owned(),
                "description" => "\"Requests failed.\"".to_owned(),
                "severity" => "major".to_owned(),
                "within_our_control" => "true".to_owned(),
                "at" => format!("\"{started}\""),
                "text" => "\"Requests started to fail.\"".to_owned(),
                "action" => "\"Stage changes through a canary.\"".to_owned(),
                "kind" => "prevent".to_owned(),
                "owner" => "\"Platform team\"".to_owned(),
                "due" => "2026-12-15".to_owned(),
                "service" => "\"Storage\"".to_owned(),
                other => panic!("a placeholder this test does not know: {other} in {line}"),
            };
            let start = line.find("\"\"").expect("a placeholder is empty quotes");
            format!("{}{value}", &line[..start])
        };
        out.push_str(&filled);
        out.push('\n');
    }
    out
}

fn import(dir: &Path, format: &str) -> String {
    let out = amends(
        dir,
        &[
            "import",
            "--from",
            format,
            fixture(format).to_str().unwrap(),
            "-o",
            "incident.yaml",
        ],
    );
    assert!(out.status.success(), "{format}: {}", stderr(&out));
    assert!(stderr(&out).contains("FILL IN"), "{}", stderr(&out));
    fs::read_to_string(dir.join("incident.yaml")).unwrap()
}

/// The export's texts: customer-visible ones reach the letter, internal ones do not.
fn visibility_cases(format: &str) -> (&'static str, &'static str) {
    match format {
        "rootly" => (
            "We found the cause, a configuration change, and are reversing it.",
            "Paged payments on-call",
        ),
        "firehydrant" => (
            "Our DNS provider has an outage; we are moving to our backup provider.",
            "Failover to the secondary DNS provider approved",
        ),
        "incident-io" => ("The incident was acknowledged.", "Deadlock found"),
        "pagerduty" => ("The incident was acknowledged.", "Disk 14 on node sc-07"),
        "statuspage" => (
            "a certificate on our media relays expired",
            "never internal in a status page",
        ),
        other => panic!("{other}"),
    }
}

#[test]
fn each_export_imports_checks_once_filled_and_renders() {
    for format in FORMATS {
        let dir = tempfile::tempdir().unwrap();
        let yaml = import(dir.path(), format);
        // As imported, the placeholders keep it from passing.
        let out = amends(dir.path(), &["check", "incident.yaml"]);
        assert_eq!(out.status.code(), Some(1), "{format}: {}", stderr(&out));
        let filled = fill(&yaml, "2026-05-19T21:58:00Z");
        fs::write(dir.path().join("filled.yaml"), &filled).unwrap();
        let out = amends(dir.path(), &["check", "filled.yaml"]);
        assert!(out.status.success(), "{format}: {}\n{filled}", stderr(&out));
        let out = amends(
            dir.path(),
            &[
                "render",
                "filled.yaml",
                "--out",
                "out",
                "--format",
                "md,json",
            ],
        );
        assert!(out.status.success(), "{format}: {}", stderr(&out));
        let md_path = stdout(&out)
            .lines()
            .find(|l| l.ends_with(".md"))
            .map(|l| dir.path().join(l))
            .unwrap();
        let letter = fs::read_to_string(md_path).unwrap();
        let (shown, hidden) = visibility_cases(format);
        assert!(
            letter.contains(shown),
            "{format}: `{shown}` missing:\n{letter}"
        );
        assert!(
            !letter.contains(hidden),
            "{format}: `{hidden}` leaked:\n{letter}"
        );
    }
}

#[test]
fn visibility_and_every_entry_are_carried_over() {
    let dir = tempfile::tempdir().unwrap();
    let yaml = import(dir.path(), "rootly");
    // 5 milestones + 7 events, one of them before the start (commented out).
    assert_eq!(yaml.matches("\n  - at: ").count(), 11, "{yaml}");
    assert_eq!(yaml.matches("\n  # - at: ").count(), 1, "{yaml}");
    assert_eq!(yaml.matches("\n    internal: true").count(), 2, "{yaml}");
    assert_eq!(yaml.matches("event: customer_notified").count(), 1);
    assert_eq!(yaml.matches("event: update").count(), 3);
    // Times keep the offset the platform wrote.
    assert!(yaml.contains("at: \"2026-07-02T15:42:00.000+02:00\"\n    event: started"));
    assert!(yaml.contains("severity: critical"));
    assert!(yaml.contains("id: \"INC-214\""));

    let dir = tempfile::tempdir().unwrap();
    let yaml = import(dir.path(), "pagerduty");
    // No start time in PagerDuty: a placeholder comes first.
    let first = yaml.split("timeline:\n").nth(1).unwrap();
    assert!(first.contains("- at: \"\""), "{yaml}");
    assert!(yaml.contains("severity: \"\""));
    assert!(yaml.contains("PagerDuty says priority P1, urgency high"));

    let dir = tempfile::tempdir().unwrap();
    let yaml = import(dir.path(), "incident-io");
    // Services from the "Affected services" custom field, not other fields.
    assert!(yaml.contains("  services:\n    - \"Order e-mails\"\n    - \"Webshop\"\n"));
    assert!(!yaml.contains("Enterprise"));
    assert!(yaml.contains("severity: major"));
}

#[test]
fn a_file_of_another_format_is_refused_with_what_was_expected() {
    let dir = tempfile::tempdir().unwrap();
    for from in FORMATS {
        for other in FORMATS.iter().filter(|f| **f != from) {
            let out = amends(
                dir.path(),
                &["import", "--from", from, fixture(other).to_str().unwrap()],
            );
            assert_eq!(out.status.code(), Some(1), "{from} <- {other}");
            let err = stderr(&out);
            assert!(
                err.contains("error: this is not"),
                "{from} <- {other}: {err}"
            );
            assert!(err.contains("; expected"), "{err}");
            assert!(stdout(&out).is_empty());
        }
    }
    let out = amends(
        dir.path(),
        &[
            "import",
            "--from",
            "rootly",
            root().join("samples/starter.yaml").to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("starter.yaml:1:1: error: the file is not valid JSON"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn broken_exports_get_a_position_or_a_path() {
    let dir = tempfile::tempdir().unwrap();
    let cases: [(&str, &str, &str); 5] = [
        (
            "cut.json",
            "{\"incident\": {\n  \"id\": ",
            "cut.json:2:8: error: the file ends",
        ),
        (
            "comma.json",
            "{\"a\": 1,,}",
            "comma.json:1:9: error: the file is not valid JSON",
        ),
        (
            "time.json",
            r#"{"name": "n", "incident_updates": [], "started_at": "yesterday"}"#,
            "`started_at`: `yesterday` is not an RFC 3339 time",
        ),
        (
            "local.json",
            r#"{"name": "n", "incident_updates": [{"body": "x", "display_at": "2026-01-08T14:20:00"}]}"#,
            "`incident_updates[0].display_at`: the time `2026-01-08T14:20:00` has no UTC offset",
        ),
        (
            "list.json",
            r#"{"name": "n", "incident_updates": [], "components": 3}"#,
            "`components`: expected a list",
        ),
    ];
    for (name, text, expected) in cases {
        fs::write(dir.path().join(name), text).unwrap();
        let out = amends(dir.path(), &["import", "--from", "statuspage", name]);
        assert_eq!(out.status.code(), Some(1), "{name}");
        assert!(stderr(&out).contains(expected), "{name}: {}", stderr(&out));
    }
    let big = format!("{{\"x\": \"{}\"}}", "a".repeat(1024 * 1024));
    fs::write(dir.path().join("big.json"), big).unwrap();
    let out = amends(dir.path(), &["import", "--from", "rootly", "big.json"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("an export may be at most 1 MiB (1048576 bytes)"));
    let out = amends(dir.path(), &["import", "--from", "jira", "big.json"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn import_never_replaces_a_file() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("incident.yaml"), "mine").unwrap();
    let out = amends(
        dir.path(),
        &[
            "import",
            "--from",
            "statuspage",
            fixture("statuspage").to_str().unwrap(),
            "-o",
            "incident.yaml",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains(
        "incident.yaml: error: the file already exists; amends import never replaces a file"
    ));
    assert_eq!(
        fs::read_to_string(dir.path().join("incident.yaml")).unwrap(),
        "mine"
    );
    // Nothing else was left behind.
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn hostile_text_stays_text() {
    let dir = tempfile::tempdir().unwrap();
    let export = serde_json::json!({
        "id": "x\"\n  injected: 1",
        "name": "Title\"\nprovider: {name: Evil}\n# ",
        "impact": "major",
        "started_at": "2026-01-08T14:02:00Z",
        "resolved_at": "2026-01-08T15:02:00Z",
        "components": [{"name": "A\u{2028}B\u{0}C"}],
        "postmortem_body": "line one\n  customer: {name: X}\nline three",
        "incident_updates": [{"body": "*bold* `code` \\ \"q\" \u{feff}", "display_at": "2026-01-08T14:10:00Z"}]
    });
    fs::write(dir.path().join("e.json"), export.to_string()).unwrap();
    let out = amends(
        dir.path(),
        &["import", "--from", "statuspage", "e.json", "-o", "i.yaml"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let filled = fill(&fs::read_to_string(dir.path().join("i.yaml")).unwrap(), "x");
    fs::write(dir.path().join("i.yaml"), &filled).unwrap();
    let out = amends(dir.path(), &["render", "i.yaml", "--format", "json"]);
    assert!(out.status.success(), "{}\n{filled}", stderr(&out));
    let json_path = dir.path().join(stdout(&out).trim());
    let report: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(json_path).unwrap()).unwrap();
    let text = report.to_string();
    assert!(
        text.contains("Title\\\"\\nprovider: {name: Evil}\\n#"),
        "{text}"
    );
    assert!(!text.contains("Evil\""), "{text}");
    assert!(text.contains("Acme Cloud s.r.o."), "{text}");
}

#[test]
fn completions_and_man_page_name_every_command() {
    let dir = tempfile::tempdir().unwrap();
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let out = amends(dir.path(), &["completions", shell]);
        assert!(out.status.success(), "{shell}: {}", stderr(&out));
        let script = stdout(&out);
        for command in ["render", "check", "lint", "import", "completions", "man"] {
            assert!(script.contains(command), "{shell} lacks {command}");
        }
    }
    let out = amends(dir.path(), &["completions", "tcsh"]);
    assert_eq!(out.status.code(), Some(2));
    let out = amends(dir.path(), &["man"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let page = stdout(&out);
    assert!(page.starts_with(".ie \\n(.g .ds Aq"), "{}", &page[..80]);
    assert!(page.contains(".TH amends 1"), "{page}");
    for command in ["render", "check", "import", "completions"] {
        assert!(
            page.contains(&format!("amends\\-{command}(1)")),
            "{command}"
        );
    }
}

#[test]
fn an_export_is_read_as_every_input_is_utf8_with_a_bom_dropped() {
    let dir = tempfile::tempdir().unwrap();
    let mut bom = b"\xef\xbb\xbf".to_vec();
    bom.extend(fs::read(fixture("statuspage")).unwrap());
    fs::write(dir.path().join("bom.json"), bom).unwrap();
    let out = amends(dir.path(), &["import", "--from", "statuspage", "bom.json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    fs::write(dir.path().join("latin.json"), b"{\"name\": \"caf\xe9\"}").unwrap();
    let out = amends(
        dir.path(),
        &["import", "--from", "statuspage", "latin.json"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("latin.json:1:14: error: the file is not valid UTF-8"),
        "{}",
        stderr(&out)
    );
}

/// The provider's name placeholder says it may be deleted when amends.toml
/// gives the name: doing so checks clean, and the letter is signed with the
/// config's name.
#[test]
fn the_provider_name_may_come_from_amends_toml_instead() {
    let dir = tempfile::tempdir().unwrap();
    let yaml = import(dir.path(), "statuspage");
    let line = yaml
        .lines()
        .find(|l| l.trim_start().starts_with("name: \"\"") && l.contains("amends.toml"))
        .expect("the provider's name placeholder names amends.toml");
    let without = yaml.replacen(&format!("{line}\n"), "", 1);
    fs::write(
        dir.path().join("filled.yaml"),
        fill(&without, "2026-05-19T21:58:00Z"),
    )
    .unwrap();
    fs::write(
        dir.path().join("amends.toml"),
        "[provider]\nname = \"Config Cloud a.s.\"\n",
    )
    .unwrap();
    let out = amends(dir.path(), &["check", "filled.yaml"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = amends(
        dir.path(),
        &["render", "filled.yaml", "--out", "out", "--format", "md"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let md = fs::read_dir(dir.path().join("out"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|x| x == "md"))
        .unwrap();
    let letter = fs::read_to_string(md).unwrap();
    assert!(letter.contains("Config Cloud a.s."), "{letter}");
}
