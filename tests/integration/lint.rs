//! The review's rules: for each, a case that fires and a near miss that must not.

use crate::{amends, root, stderr, stdout};

/// A clean letter: every rule stays quiet on it.
const CLEAN: &str = "\
report: {id: L-1, title: Checkout outage, date: 2026-07-05, prepared_by: {name: Jana, email: jana@acme.example}}
provider: {name: Acme, support_contact: support@acme.example}
customer: {name: Bakery}
incident:
  summary: Checkout failed for 27 minutes because of a change we made.
  severity: major
  services: [Checkout API]
  impact:
    description: Payments failed.
  root_cause:
    summary: A configuration change rejected every payment.
    within_our_control: true
timeline:
  - {at: 2026-07-02T13:42:00Z, event: started, text: The change rolled out.}
  - {at: 2026-07-02T13:45:00Z, event: detected, text: Alerts fired.}
  - {at: 2026-07-02T13:50:00Z, event: customer_notified, text: We e-mailed you.}
  - {at: 2026-07-02T14:09:00Z, event: resolved, text: The change was reversed.}
lessons: [Configuration needs a staged rollout.]
actions:
  - {action: Stage configuration changes., kind: prevent, owner: Platform team, due: 2026-08-15}
goodwill: {gestures: [A review session]}
follow_up: {date: 2026-08-20, by: Jana}
";

/// Lints `text`; returns (exit code, rule ids found, stderr).
fn lint(text: &str, extra: &[&str]) -> (i32, Vec<String>, String) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("letter.yaml"), text).unwrap();
    let mut args = vec!["lint", "letter.yaml", "--format", "json"];
    args.extend_from_slice(extra);
    let out = amends(dir.path(), &args);
    let json: serde_json::Value =
        serde_json::from_str(&stdout(&out)).unwrap_or_else(|e| panic!("{e}: {}", stderr(&out)));
    // A broken test file would lint "clean": make sure it was read.
    assert_eq!(
        json["files"][0]["valid"],
        true,
        "the test letter is invalid: {}",
        stderr(&out)
    );
    let rules = json["files"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap().to_owned())
        .collect();
    (out.status.code().unwrap_or(-1), rules, stderr(&out))
}

fn with(from: &str, to: &str) -> String {
    assert!(CLEAN.contains(from), "{from:?}");
    CLEAN.replacen(from, to, 1)
}

fn fires(text: &str, rule: &str) {
    let (_, rules, err) = lint(text, &[]);
    assert!(
        rules.iter().any(|r| r == rule),
        "{rule} did not fire: {rules:?} {err}"
    );
}

fn quiet(text: &str, rule: &str) {
    let (_, rules, err) = lint(text, &[]);
    assert!(
        !rules.iter().any(|r| r == rule),
        "{rule} fired on a near miss: {rules:?} {err}"
    );
}

#[test]
fn a_clean_letter_has_no_findings() {
    let (code, rules, err) = lint(CLEAN, &["--deny", "warnings"]);
    assert_eq!((code, rules), (0, vec![]), "{err}");
}

#[test]
fn hedged_apology() {
    fires(
        &format!("{CLEAN}apology: We are sorry, but the load was unusual.\n"),
        "hedged-apology",
    );
    quiet(
        &format!(
            "{CLEAN}apology: We are sorry. The butterfly effect of one change was ours to prevent.\n"
        ),
        "hedged-apology",
    );
}

#[test]
fn blame_shifting_is_an_error_only_when_the_cause_was_ours() {
    let blaming = with(
        "A configuration change rejected every payment.",
        "Our vendor shipped a bad configuration.",
    );
    fires(&blaming, "blame-shifting");
    let (code, _, _) = lint(&blaming, &[]);
    assert_eq!(code, 1, "an error fails the lint");
    quiet(
        &blaming.replace("within_our_control: true", "within_our_control: false"),
        "blame-shifting",
    );
}

#[test]
fn grovelling() {
    // The generated apology already says sorry; a second one is too many.
    fires(
        &with(
            "Checkout failed for 27 minutes",
            "We apologise; checkout failed for 27 minutes",
        ),
        "grovelling",
    );
    fires(
        &format!("{CLEAN}apology: We are deeply and truly sorry.\n"),
        "grovelling",
    );
    quiet(
        &format!("{CLEAN}apology: We are truly sorry. We have fixed it.\n"),
        "grovelling",
    );
}

#[test]
fn speculation_anywhere_in_the_letter() {
    fires(
        &with(
            "A configuration change rejected",
            "A configuration change probably rejected",
        ),
        "speculation",
    );
    fires(
        &with(
            "Checkout failed for 27 minutes",
            "It appears that checkout failed for 27 minutes",
        ),
        "speculation",
    );
    quiet(
        &with(
            "Checkout failed for 27 minutes",
            "Checkout failed for 27 minutes, as it appeared on your dashboard",
        ),
        "speculation",
    );
}

#[test]
fn risky_promises() {
    fires(
        &with(
            "Configuration needs a staged rollout.",
            "This will never happen again.",
        ),
        "risky-promise",
    );
    quiet(
        &with(
            "Configuration needs a staged rollout.",
            "This never happened before a staged rollout was skipped.",
        ),
        "risky-promise",
    );
}

#[test]
fn passive_evasion_when_the_cause_was_ours() {
    let evasive = with(
        "Checkout failed for 27 minutes because of a change we made.",
        "Mistakes were made and an error occurred.",
    );
    fires(&evasive, "passive-evasion");
    quiet(
        &evasive.replace("within_our_control: true", "within_our_control: false"),
        "passive-evasion",
    );
}

#[test]
fn missing_substance() {
    fires(
        &with("lessons: [Configuration needs a staged rollout.]\n", ""),
        "no-lessons",
    );
    fires(&with("kind: prevent", "kind: detect"), "no-prevention");
    quiet(
        &with("kind: prevent", "kind: prevent, status: done"),
        "no-prevention",
    );
}

#[test]
fn communication() {
    fires(
        &with(
            "2026-07-02T13:50:00Z, event: customer_notified",
            "2026-07-02T14:16:00Z, event: customer_notified",
        )
        .replace(
            "2026-07-02T14:09:00Z, event: resolved",
            "2026-07-02T14:20:00Z, event: resolved",
        ),
        "late-notice",
    );
    quiet(
        &with(
            "2026-07-02T13:50:00Z, event: customer_notified",
            "2026-07-02T14:05:00Z, event: customer_notified",
        ),
        "late-notice",
    );
    let silent = with(
        "2026-07-02T14:09:00Z, event: resolved",
        "2026-07-02T15:00:00Z, event: resolved",
    );
    fires(&silent, "long-silence");
    quiet(&silent, "late-notice");
    let (_, rules, _) = lint(&silent, &["--silence-minutes", "90"]);
    assert!(
        !rules.contains(&"long-silence".to_owned()),
        "the threshold is configurable"
    );
}

#[test]
fn repeat_without_an_explanation() {
    let repeat = with(
        "    within_our_control: true\n",
        "    within_our_control: true\n  repeat_of: [L-0]\n",
    );
    fires(&repeat, "repeat-unexplained");
    quiet(
        &repeat.replace(
            "rejected every payment.",
            "rejected every payment again, as the earlier fix covered only one region.",
        ),
        "repeat-unexplained",
    );
}

#[test]
fn mis_encoded_text() {
    fires(
        &with("Payments failed.", "Payments failed in the cafÃ© chain."),
        "mis-encoded",
    );
    quiet(
        &with(
            "Payments failed.",
            "Payments failed in the café chain in Plzeň.",
        ),
        "mis-encoded",
    );
}

#[test]
fn internal_details_leak() {
    fires(
        &with(
            "We e-mailed you.",
            "We e-mailed you from ops-oncall@acme.example.",
        ),
        "internal-leak",
    );
    fires(
        &with(
            "Alerts fired.",
            "Alerts fired on db1.prod.internal (10.0.3.17).",
        ),
        "internal-leak",
    );
    quiet(
        &with(
            "We e-mailed you.",
            "We e-mailed you from support@acme.example.",
        ),
        "internal-leak",
    );
    // Internal events are not customer-facing.
    quiet(
        &with(
            "{at: 2026-07-02T13:45:00Z, event: detected, text: Alerts fired.}",
            "{at: 2026-07-02T13:45:00Z, event: detected, text: Alerts fired on db1.prod.internal., internal: true}",
        ),
        "internal-leak",
    );
}

#[test]
fn deny_warnings_makes_warnings_fail() {
    let warned = with("lessons: [Configuration needs a staged rollout.]\n", "");
    assert_eq!(lint(&warned, &[]).0, 0);
    assert_eq!(lint(&warned, &["--deny", "warnings"]).0, 1);
}

#[test]
fn text_output_names_file_line_column_rule_and_quote() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("letter.yaml"),
        format!("{CLEAN}apology: We are sorry, but it happened.\n"),
    )
    .unwrap();
    let out = amends(dir.path(), &["lint", "letter.yaml"]);
    assert!(
        stderr(&out).contains("letter.yaml:23:24: warning: [hedged-apology] \"but\": "),
        "{}",
        stderr(&out)
    );
}

#[test]
fn the_bad_letter_trips_every_rule() {
    let path = root().join("samples/bad-letter.yaml");
    let (code, rules, err) = lint(&std::fs::read_to_string(path).unwrap(), &[]);
    assert_eq!(code, 1, "{err}");
    for rule in [
        "hedged-apology",
        "blame-shifting",
        "grovelling",
        "speculation",
        "risky-promise",
        "passive-evasion",
        "no-lessons",
        "no-prevention",
        "late-notice",
        "long-silence",
        "repeat-unexplained",
        "mis-encoded",
        "internal-leak",
        "non-apology",
        "minimising",
        "liability-admission",
        "cold-opener",
        "no-follow-up",
        "raw-html",
    ] {
        assert!(
            rules.iter().any(|r| r == rule),
            "{rule} did not fire on the bad letter: {rules:?}"
        );
    }
}

#[test]
fn diff_shows_a_redline_between_two_drafts() {
    let dir = tempfile::tempdir().unwrap();
    let old = std::fs::read_to_string(root().join("samples/major-within-control.yaml")).unwrap();
    let new = old
        .replace("date: 2019-07-19", "date: 2019-07-26")
        .replace("revision: 2", "revision: 3");
    std::fs::write(dir.path().join("old.yaml"), &old).unwrap();
    std::fs::write(dir.path().join("new.yaml"), &new).unwrap();
    let out = amends(dir.path(), &["diff", "old.yaml", "new.yaml"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("contact you on <del>19</del><ins>26</ins> July 2019"),
        "{text}"
    );
    assert!(
        text.contains("Draft, revision <del>2</del><ins>3</ins>"),
        "{text}"
    );
    // Unchanged text is kept as it is.
    assert!(text.contains("## Root cause\n"));
    // Rendered Markdown works too, and the same draft twice has no marks.
    assert!(amends(dir.path(), &["render", "old.yaml"]).status.success());
    let out = amends(
        dir.path(),
        &["diff", "out/HX-2019-0702.md", "old.yaml", "-o", "same.md"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let same = std::fs::read_to_string(dir.path().join("same.md")).unwrap();
    assert!(
        same.contains(": 0 words deleted") && !same.contains("</del>") && !same.contains("</ins>"),
        "{same}"
    );
}

/// The outlook of two samples, worked by hand from docs/outlook.md:
/// major-within-control: major +1, first 0, ours +1, customer since 2016
/// (3 years at the report's date) -1, prevention in progress -1, outage of
/// 95 min +1, told after 12 min 0 = 1: good; goodwill 2 days + 5 % × 30 /
/// 100 = 3.5 days ≥ 1.
/// critical-repeat-cs: critical +2, repeat +2, ours +1, since 2018 -1,
/// prevention done -1, data lost +2, outage over 4 h +2, told 38 min after
/// detection +1, a silence of 2 h 50 min +1 = 9: poor; 5 days + 10 % × 30 /
/// 100 = 8 days ≥ 5, so no suggestion.
#[test]
fn assess_gives_the_outlook_with_its_reasons() {
    let dir = tempfile::tempdir().unwrap();
    let run = |sample: &str| -> serde_json::Value {
        let path = root().join("samples").join(sample);
        let out = amends(
            dir.path(),
            &["assess", path.to_str().unwrap(), "--format", "json"],
        );
        assert!(out.status.success(), "{}", stderr(&out));
        let doc: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
        assert_eq!(doc["amends_assess"], 1);
        doc["assessment"].clone()
    };
    let good = run("major-within-control.yaml");
    assert_eq!(
        (good["outlook"].as_str(), good["score"].as_i64()),
        (Some("good"), Some(1))
    );
    let ids: Vec<&str> = good["factors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "severity",
            "repeat",
            "control",
            "relationship",
            "prevention",
            "outage_length"
        ]
    );
    assert_eq!(good["goodwill_days"], "3.5");
    assert_eq!(good["suggestion"], serde_json::Value::Null);
    let poor = run("critical-repeat-cs.yaml");
    assert_eq!(
        (poor["outlook"].as_str(), poor["score"].as_i64()),
        (Some("poor"), Some(9))
    );
    assert_eq!(poor["suggestion"], serde_json::Value::Null);
    // The bad letter gives 5 % (1.5 days) where a poor outlook calls for 5 days.
    let bad = run("bad-letter.yaml");
    assert_eq!(bad["outlook"], "poor");
    assert!(
        bad["suggestion"]
            .as_str()
            .unwrap()
            .starts_with("raise goodwill by at least 3.5 day(s)"),
        "{bad}"
    );
    // The outlook never reaches the customer's letter.
    let path = root().join("samples/critical-repeat-cs.yaml");
    assert!(
        amends(dir.path(), &["render", path.to_str().unwrap()])
            .status
            .success()
    );
    let md = std::fs::read_to_string(dir.path().join("out/DCM-2026-1025.md")).unwrap();
    assert!(!md.to_lowercase().contains("outlook"));
}

#[test]
fn the_internal_version_adds_internal_events_outlook_and_findings() {
    let dir = tempfile::tempdir().unwrap();
    let path = root().join("samples/major-within-control.yaml");
    let out = amends(
        dir.path(),
        &["render", path.to_str().unwrap(), "--audience", "internal"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let md = std::fs::read_to_string(dir.path().join("out/HX-2019-0702.internal.md")).unwrap();
    assert!(
        md.contains("| 13:50 | Note (internal) | Rolled back `waf-rules@4482`; no effect. |"),
        "{md}"
    );
    assert!(md.contains("## Internal appendix: not for the customer"));
    assert!(md.contains("Outlook: **good** (score 1"));
    assert!(md.contains("The review found nothing to change."));
    assert!(md.contains("watermark: INTERNAL, NOT FOR THE CUSTOMER"));
    assert!(dir.path().join("out/HX-2019-0702.internal.pdf").exists());
    // The customer's files are separate and untouched by it.
    assert!(!dir.path().join("out/HX-2019-0702.md").exists());
    assert!(
        amends(dir.path(), &["render", path.to_str().unwrap()])
            .status
            .success()
    );
    let letter = std::fs::read_to_string(dir.path().join("out/HX-2019-0702.md")).unwrap();
    assert!(!letter.contains("waf-rules") && !letter.contains("Internal appendix"));
}

/// Lints `text` and returns the JSON findings of the one file.
fn findings_json(text: &str, extra: &[&str]) -> (i32, Vec<serde_json::Value>) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("letter.yaml"), text).unwrap();
    let mut args = vec!["lint", "letter.yaml", "--format", "json"];
    args.extend_from_slice(extra);
    let out = amends(dir.path(), &args);
    let json: serde_json::Value =
        serde_json::from_str(&stdout(&out)).unwrap_or_else(|e| panic!("{e}: {}", stderr(&out)));
    let list = json["files"][0]["findings"].as_array().unwrap().clone();
    (out.status.code().unwrap_or(-1), list)
}

#[test]
fn text_whose_lowercase_changes_length_does_not_panic() {
    let letter = format!(
        "{CLEAN}apology: \"Our İstanbul site: we guarantee— uptime for HAUPTSTRAẞE 5, \u{212A}elvin and \u{2126}hm.\"\n"
    );
    let (code, found) = findings_json(&letter, &[]);
    assert_eq!(code, 1, "{found:?}");
    let promise = found.iter().find(|f| f["rule"] == "risky-promise").unwrap();
    assert_eq!(promise["quote"], "guarantee");
    // Column in characters: `apology: "Our İstanbul site: we ` is 32 of them.
    assert_eq!(
        (promise["line"].as_u64(), promise["column"].as_u64()),
        (Some(23), Some(33))
    );
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("letter.yaml"), &letter).unwrap();
    let out = amends(dir.path(), &["render", "letter.yaml", "--format", "md"]);
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn a_finding_in_a_folded_block_scalar_points_at_the_exact_words() {
    let letter = format!(
        "{CLEAN}apology: >-\n  We are sorry that checkout failed for 27 minutes. It was our change, and it\n  will never happen again.\n"
    );
    let (_, found) = findings_json(&letter, &[]);
    let promise = found.iter().find(|f| f["rule"] == "risky-promise").unwrap();
    assert_eq!(promise["quote"], "will never");
    // The apology key is line 23; its folded text runs on lines 24 and 25.
    assert_eq!(
        (promise["line"].as_u64(), promise["column"].as_u64()),
        (Some(25), Some(3))
    );
    assert_eq!(promise["end"]["line"], 25);
    assert_eq!(promise["end"]["column"], 13);
    // A span that crosses a line break of the folded text ends on the next line.
    let (_, found) = findings_json(
        &letter.replace("and it\n  will never", "and it will\n  never"),
        &[],
    );
    let promise = found.iter().find(|f| f["rule"] == "risky-promise").unwrap();
    assert_eq!(
        (promise["line"].as_u64(), promise["column"].as_u64()),
        (Some(24), Some(79))
    );
    assert_eq!(
        (
            promise["end"]["line"].as_u64(),
            promise["end"]["column"].as_u64()
        ),
        (Some(25), Some(8))
    );
    // The text output names the same place.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("letter.yaml"), &letter).unwrap();
    let out = amends(dir.path(), &["lint", "letter.yaml"]);
    assert!(
        stderr(&out).contains("letter.yaml:25:3: error: [risky-promise] \"will never\""),
        "{}",
        stderr(&out)
    );
}

#[test]
fn identical_findings_are_capped() {
    let words = "We guarantee it. ".repeat(400);
    let (_, found) = findings_json(&format!("{CLEAN}apology: {words}\n"), &[]);
    let promises = found
        .iter()
        .filter(|f| f["rule"] == "risky-promise")
        .count();
    assert_eq!(promises, 5, "{found:?}");
    let rest = found
        .iter()
        .find(|f| f["rule"] == "too-many-findings")
        .unwrap();
    assert!(
        rest["message"].as_str().unwrap().starts_with("395 more"),
        "{rest}"
    );
    // Different words each time: at most 200 findings in all, however long the text.
    let addresses: String = (0..3000).map(|i| format!("ops{i}@acme.example ")).collect();
    let (_, found) = findings_json(&format!("{CLEAN}apology: {addresses}\n"), &[]);
    assert_eq!(found.len(), 201, "{}", found.len());
    assert!(
        found[200]["message"]
            .as_str()
            .unwrap()
            .starts_with("2800 more"),
        "{}",
        found[200]
    );
}

#[test]
fn acknowledged_findings_are_notes_and_unmatched_acknowledgements_warn() {
    let letter = format!(
        "{CLEAN}apology: We are sorry. We guarantee a credit for the outage.\nreview:\n  acknowledged:\n    - {{rule: risky-promise, quote: guarantee, reason: The contract guarantees the credit., by: Legal (P. Novak)}}\n"
    );
    let (code, found) = findings_json(&letter, &["--deny", "warnings"]);
    assert_eq!(code, 0, "{found:?}");
    let f = found.iter().find(|f| f["rule"] == "risky-promise").unwrap();
    assert_eq!(f["severity"], "note");
    assert_eq!(
        f["acknowledged"]["reason"],
        "The contract guarantees the credit."
    );
    assert_eq!(f["acknowledged"]["by"], "Legal (P. Novak)");
    // The text output prints it as a note with the reason.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("letter.yaml"), &letter).unwrap();
    let out = amends(dir.path(), &["lint", "letter.yaml"]);
    let err = stderr(&out);
    assert!(
        err.contains("note: [risky-promise]")
            && err
                .contains("acknowledged by Legal (P. Novak): The contract guarantees the credit."),
        "{err}"
    );
    // The internal copy lists it with the reason.
    let out = amends(
        dir.path(),
        &[
            "render",
            "letter.yaml",
            "--audience",
            "internal",
            "--format",
            "md",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let md = std::fs::read_to_string(dir.path().join("out/L-1.internal.md")).unwrap();
    assert!(md.contains("The contract guarantees the credit."), "{md}");
    // An acknowledgement that matches nothing is a warning.
    let stale = letter.replace("quote: guarantee", "quote: never again");
    let (code, found) = findings_json(&stale, &["--deny", "warnings"]);
    assert_eq!(code, 1);
    assert!(
        found
            .iter()
            .any(|f| f["rule"] == "unmatched-acknowledgement"),
        "{found:?}"
    );
}

#[test]
fn thresholds_are_bounded_and_apply_alike_in_lint_render_and_assess() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("letter.yaml"), CLEAN).unwrap();
    for command in ["lint", "render", "assess"] {
        let out = amends(
            dir.path(),
            &[
                command,
                "letter.yaml",
                "--notice-minutes",
                "9223372036854775807",
            ],
        );
        assert_eq!(out.status.code(), Some(2), "{command}: {}", stderr(&out));
        assert!(stderr(&out).contains("from 1 to 10080"), "{}", stderr(&out));
        let out = amends(
            dir.path(),
            &[command, "letter.yaml", "--silence-minutes", "0"],
        );
        assert_eq!(out.status.code(), Some(2), "{command}");
    }
    // Notified 5 min after detection: late only with a 4-minute threshold, everywhere.
    let (_, rules, _) = lint(CLEAN, &["--notice-minutes", "4"]);
    assert!(rules.contains(&"late-notice".to_owned()), "{rules:?}");
    let out = amends(
        dir.path(),
        &[
            "render",
            "letter.yaml",
            "--format",
            "md",
            "--notice-minutes",
            "4",
        ],
    );
    assert!(stderr(&out).contains("[late-notice]"), "{}", stderr(&out));
    let out = amends(
        dir.path(),
        &[
            "assess",
            "letter.yaml",
            "--format",
            "json",
            "--notice-minutes",
            "4",
        ],
    );
    let doc: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert!(
        doc["assessment"]["factors"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["id"] == "notice"),
        "{doc}"
    );
    let out = amends(dir.path(), &["assess", "letter.yaml", "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert!(
        !doc["assessment"]["factors"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["id"] == "notice"),
        "{doc}"
    );
}

#[test]
fn no_late_notice_when_the_incident_was_over_before_the_notice_was_due() {
    // Resolved 24 min after detection, told 40 min after: nothing was late to say.
    let short = with(
        "2026-07-02T13:50:00Z, event: customer_notified",
        "2026-07-02T14:25:00Z, event: customer_notified",
    );
    let notice =
        "  - {at: 2026-07-02T14:25:00Z, event: customer_notified, text: We e-mailed you.}\n";
    let resolved =
        "  - {at: 2026-07-02T14:09:00Z, event: resolved, text: The change was reversed.}\n";
    assert!(short.contains(notice) && short.contains(resolved));
    let short = short
        .replace(notice, "")
        .replace(resolved, &format!("{resolved}{notice}"));
    quiet(&short, "late-notice");
    // Without a detection, the message counts from the start, as hours and minutes.
    let long = with(
        "  - {at: 2026-07-02T13:45:00Z, event: detected, text: Alerts fired.}\n",
        "",
    )
    .replace(
        "2026-07-02T13:50:00Z, event: customer_notified",
        "2026-07-03T09:19:00Z, event: customer_notified",
    )
    .replace(
        "2026-07-02T14:09:00Z, event: resolved",
        "2026-07-03T10:00:00Z, event: resolved",
    );
    let (_, found) = findings_json(&long, &[]);
    let late = found.iter().find(|f| f["rule"] == "late-notice").unwrap();
    assert!(
        late["message"]
            .as_str()
            .unwrap()
            .contains("came 19 h 37 min after the start"),
        "{late}"
    );
}

#[test]
fn a_language_without_word_lists_is_refused_and_region_tags_map() {
    let german = CLEAN.replace("date: 2026-07-05,", "date: 2026-07-05, language: de,");
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("letter.yaml"), &german).unwrap();
    let out = amends(dir.path(), &["lint", "letter.yaml"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("no word lists for language `de`; built in: en, cs, vi"),
        "{err}"
    );
    assert!(err.contains("templates dump"), "{err}");
    let vi = CLEAN
        .replace("date: 2026-07-05,", "date: 2026-07-05, language: vi-VN,")
        .replace(
            "goodwill:",
            "apology: Chúng tôi xin lỗi vì sự bất tiện này.\ngoodwill:",
        );
    std::fs::write(dir.path().join("vi.yaml"), &vi).unwrap();
    let out = amends(dir.path(), &["lint", "vi.yaml", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(json["files"][0]["word_lists"], "lint/vi.yaml");
    assert_eq!(json["files"][0]["findings"][0]["rule"], "non-apology");
    assert_eq!(json["files"][0]["findings"][0]["quote"], "sự bất tiện");
    let out = amends(dir.path(), &["lint", "vi.yaml"]);
    assert!(
        stderr(&out).contains("(word lists: lint/vi.yaml)"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn the_title_is_reviewed_too() {
    fires(
        &with(
            "title: Checkout outage",
            "title: Checkout outage that will never happen again",
        ),
        "risky-promise",
    );
}

/// Runs `assess --format json` on a letter.
fn assessed(text: &str) -> serde_json::Value {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("letter.yaml"), text).unwrap();
    let out = amends(dir.path(), &["assess", "letter.yaml", "--format", "json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let doc: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    doc["assessment"].clone()
}

#[test]
fn assess_critical_is_never_good_and_a_blip_is_never_poor() {
    // A critical incident with everything else in its favour.
    let critical = with("severity: major", "severity: critical")
        .replace(
            "customer: {name: Bakery}",
            "customer: {name: Bakery, customer_since: 2015-01-01}",
        )
        .replace("kind: prevent,", "kind: prevent, status: done,");
    let a = assessed(&critical);
    assert_eq!(a["outlook"], "at_risk", "{a}");
    // A 3-minute blip that healed itself, for a new customer, with no prevention.
    let blip = with("severity: major", "severity: minor")
        .replace("customer: {name: Bakery}", "customer: {name: Bakery, customer_since: 2026-06-01}")
        .replace("2026-07-02T14:09:00Z, event: resolved", "2026-07-02T13:48:00Z, event: resolved")
        .replace("2026-07-02T13:50:00Z, event: customer_notified", "2026-07-02T13:47:00Z, event: customer_notified")
        .replace("kind: prevent", "kind: detect")
        .replace("A configuration change rejected every payment.", "A configuration change rejected every payment, and our system rolled it back by itself. We guarantee more tests.");
    let a = assessed(&blip);
    assert_ne!(a["outlook"], "poor", "{a}");
}

#[test]
fn assess_refuses_a_customer_since_in_the_future() {
    let dir = tempfile::tempdir().unwrap();
    let text = CLEAN.replace(
        "customer: {name: Bakery}",
        "customer: {name: Bakery, customer_since: 2027-01-01}",
    );
    std::fs::write(dir.path().join("letter.yaml"), text).unwrap();
    let out = amends(dir.path(), &["assess", "letter.yaml"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("letter.yaml:3:"), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("`customer_since` is 2027-01-01, after the report's date"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn assess_goodwill_figures_agree_with_each_other() {
    // 7.5 % credit = 2.25 days: shown as 2.25, and enough for "at risk" (2 days).
    // major +1, ours +1, prevention planned 0, outage of 24 min +1 = 3: at risk.
    let a = assessed(&with(
        "goodwill: {gestures: [A review session]}",
        "goodwill: {extra_credit_percent: \"7.5\"}",
    ));
    assert_eq!(a["goodwill_days"], "2.25", "{a}");
    assert_eq!(a["suggested_days"], 2);
    assert_eq!(a["suggestion"], serde_json::Value::Null, "{a}");
    // 6.5 % = 1.95 days: 0.05 short of 2, and the suggestion says exactly that.
    let a = assessed(&with(
        "goodwill: {gestures: [A review session]}",
        "goodwill: {extra_credit_percent: \"6.5\"}",
    ));
    assert_eq!(a["goodwill_days"], "1.95", "{a}");
    assert!(
        a["suggestion"]
            .as_str()
            .unwrap()
            .starts_with("raise goodwill by at least 0.05 day(s) of service (or 0.17 % credit)"),
        "{a}"
    );
}

/// Random Unicode texts (a fixed-seed generator over characters that have
/// broken text handling before: length-changing case, combining marks,
/// right-to-left, emoji, markup, addresses) in every text field: the review
/// never panics and every position it gives is inside the file.
#[test]
fn random_unicode_text_never_breaks_the_review() {
    const POOL: &[char] = &[
        'a', 'e', 'I', 'i', 'İ', 'ı', 'ẞ', 'ß', '\u{212A}', '\u{2126}', 'Σ', 'ς', 'ǅ', 'ŉ', 'ﬃ',
        '\u{301}', '\u{323}', 'ệ', 'ř', 'Ů', 'א', 'ب', '😀', '\u{200D}', ' ', ' ', ' ', '.', ',',
        ':', ';', '@', '<', '>', '!', '-', '/', '*', '%', '\'', '’', '0', '1', '9', 'w', 'e', 'v',
        'n', 'd', 'o', 'r', 'g', 'u', 't', 'A', 'Ã', '©', 'Ĺ', '™',
    ];
    let words = [
        "vendor",
        "guarantee",
        "never again",
        "sorry",
        "but",
        "10.0.0.1",
        "a.prod.x.io",
        "<!--",
        "brief",
        "Nikdy se to nebude opakovat",
        "sự bất tiện",
    ];
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move |n: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        usize::try_from(seed % n as u64).unwrap()
    };
    let templates = amends::render::Templates::builtin().unwrap();
    let settings = amends::check::Settings {
        today: chrono::NaiveDate::from_ymd_opt(2026, 7, 5).unwrap(),
    };
    let mut linted = 0;
    for round in 0..300 {
        let mut text = String::new();
        for _ in 0..next(60) {
            if next(5) == 0 {
                text.push_str(words[next(words.len())]);
            } else {
                text.push(POOL[next(POOL.len())]);
            }
        }
        let quoted = serde_json::to_string(&text).unwrap();
        let style = ["\"", ">-\n  ", "|\n  "][round % 3];
        let value = if style == "\"" {
            quoted
        } else {
            format!("{style}{}", text.replace('\n', " ").trim())
        };
        if value.trim().ends_with('|') || value.trim().ends_with('-') {
            continue;
        }
        let letter = format!("{CLEAN}apology: {value}\n");
        let source = amends::read::Source {
            name: "r.yaml".into(),
            text: letter.clone(),
        };
        let lines = letter.lines().count() as u64;
        if let Ok((_, findings)) = amends::lint(
            &source,
            settings,
            &templates,
            amends::review::Thresholds::default(),
        ) {
            linted += 1;
            for f in findings {
                if let Some(p) = f.pos {
                    assert!(p.line >= 1 && p.line <= lines, "{letter}\n{f:?}");
                }
            }
        }
    }
    // Most random texts are valid YAML: the review really ran on them.
    assert!(linted > 200, "only {linted} of 300 letters were valid");
}
