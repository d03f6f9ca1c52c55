//! The review's rules: for each, a case that fires and a near miss that must not.

use crate::{amends, root, stderr, stdout};

/// A clean letter: every rule stays quiet on it.
pub const CLEAN: &str = "\
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

pub fn with(from: &str, to: &str) -> String {
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
        // Only the legend carries the marks.
        same.contains(". 0 words deleted, 0 inserted.")
            && same.matches("</del>").count() == 1
            && same.matches("</ins>").count() == 1,
        "{same}"
    );
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
pub fn findings_json(text: &str, extra: &[&str]) -> (i32, Vec<serde_json::Value>) {
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
