//! Broken incident files: each rule of the format, with the file, line and
//! column of the problem, exit code 1, and nothing written.

use crate::{amends, stderr};

/// A minimal valid incident file; line numbers below refer to it.
const VALID: &str = "\
report:
  id: INC-1
  title: Checkout outage
provider:
  name: Acme
customer:
  name: Bakery
incident:
  summary: Checkout failed for 27 minutes.
  severity: major
  services: [Checkout API]
  impact:
    description: Payments failed.
  root_cause:
    summary: A bad configuration change.
    within_our_control: true
timeline:
  - at: 2026-07-02T13:42:00Z
    event: started
    text: The change rolled out.
  - at: 2026-07-02T14:09:00Z
    event: resolved
    text: The change was reversed.
actions:
  - action: Stage configuration changes.
    kind: prevent
    owner: Platform team
    due: 2026-08-15
";

/// Runs `amends check` on `text` saved as incident.yaml; returns (exit code, stderr).
fn check(text: &str) -> (i32, String) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("incident.yaml"), text).unwrap();
    let out = amends(dir.path(), &["check", "incident.yaml"]);
    (out.status.code().unwrap_or(-1), stderr(&out))
}

/// The valid file with one piece of text replaced (which must be there).
fn with(from: &str, to: &str) -> String {
    assert!(VALID.contains(from), "{from:?} is not in the valid file");
    VALID.replacen(from, to, 1)
}

/// Asserts exit 1 and that stderr has `expected` (which starts with `incident.yaml:L:C:`).
fn assert_error(text: &str, expected: &str) {
    let (code, err) = check(text);
    assert_eq!(code, 1, "exit code for {expected:?}; stderr:\n{err}");
    assert!(err.contains(expected), "expected {expected:?} in:\n{err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn the_valid_file_passes() {
    let (code, err) = check(VALID);
    assert_eq!(code, 0, "{err}");
}

#[test]
fn unknown_field_names_the_known_ones() {
    assert_error(
        &with(
            "  title: Checkout outage\n",
            "  title: Checkout outage\n  tilte: typo\n",
        ),
        "incident.yaml:4:3: error: unknown field `tilte`, expected one of id, title, status, revision, date, language, timezone, prepared_by, reviewers",
    );
}

#[test]
fn missing_required_field() {
    assert_error(
        &with("  id: INC-1\n", ""),
        "incident.yaml:2:3: error: missing field `id`",
    );
}

#[test]
fn format_must_be_one() {
    assert_error(
        &format!("format: 2\n{VALID}"),
        "incident.yaml:1:9: error: format 2 is not known; this version of amends reads format 1",
    );
}

#[test]
fn report_id_must_be_a_safe_file_name() {
    for id in ["../etc", "a/b", "\"x y\""] {
        assert_error(
            &with("id: INC-1", &format!("id: {id}")),
            "incident.yaml:2:7: error: the report id",
        );
    }
    let long = "A".repeat(65);
    assert_error(
        &with("id: INC-1", &format!("id: {long}")),
        "expected 1 to 64 letters",
    );
}

#[test]
fn enumerations_list_their_values() {
    assert_error(
        &with("severity: major", "severity: huge"),
        "incident.yaml:10:13: error: unknown variant `huge`, expected one of minor, major, critical",
    );
    assert_error(
        &with("event: resolved", "event: fixed"),
        "incident.yaml:22:12: error: unknown variant `fixed`, expected one of started, detected, acknowledged, customer_notified, update, mitigated, resolved, note",
    );
}

#[test]
fn time_without_offset_shows_the_accepted_form() {
    assert_error(
        &with("at: 2026-07-02T14:09:00Z", "at: 2026-07-02T14:09:00"),
        "incident.yaml:21:9: error: the time `2026-07-02T14:09:00` has no UTC offset; add `Z` for UTC or the offset, e.g. 2026-07-02T13:42:00Z or 2026-07-02T15:42:00+02:00",
    );
}

#[test]
fn offset_out_of_range() {
    assert_error(
        &with("at: 2026-07-02T14:09:00Z", "at: 2026-07-02T14:09:00+25:00"),
        "incident.yaml:21:9: error: the offset in `2026-07-02T14:09:00+25:00` is out of range",
    );
}

#[test]
fn impossible_dates() {
    assert_error(
        &with("due: 2026-08-15", "due: 2026-02-30"),
        "incident.yaml:28:10: error: `2026-02-30` is not a day of the calendar",
    );
}

#[test]
fn event_before_started_names_both_events() {
    assert_error(
        &with("at: 2026-07-02T14:09:00Z", "at: 2026-07-02T13:40:00Z"),
        "incident.yaml:21:9: error: event `resolved` at 2026-07-02T13:40:00+00:00 comes before `started` at 2026-07-02T13:42:00+00:00",
    );
}

#[test]
fn events_out_of_order() {
    let text = with(
        "actions:",
        "  - at: 2026-07-02T14:00:00Z\n    event: note\n    text: Late note.\nactions:",
    );
    assert_error(
        &text,
        "incident.yaml:24:9: error: event `note` at 2026-07-02T14:00:00+00:00 comes before the event listed above it, `resolved` at 2026-07-02T14:09:00+00:00",
    );
}

#[test]
fn timeline_needs_started_and_resolved() {
    assert_error(
        &with("event: resolved", "event: mitigated"),
        "incident.yaml:18:3: error: the timeline has no `resolved` event",
    );
    assert_error(
        &with("event: started", "event: detected"),
        "incident.yaml:18:3: error: the timeline has no `started` event",
    );
    let neither =
        with("event: started", "event: detected").replace("event: resolved", "event: note");
    assert_error(
        &neither,
        "incident.yaml:18:3: error: the timeline has no `started` and no `resolved` event",
    );
}

#[test]
fn window_must_end_after_it_starts() {
    let text = with(
        "    description: Payments failed.\n",
        "    description: Payments failed.\n    windows:\n      - {from: 2026-07-02T14:00:00Z, to: 2026-07-02T13:00:00Z, kind: outage}\n",
    );
    assert_error(
        &text,
        "incident.yaml:15:42: error: this window ends at 2026-07-02T13:00:00+00:00 but starts at 2026-07-02T14:00:00+00:00; `to` must be after `from`",
    );
}

#[test]
fn empty_lists_that_need_an_entry() {
    assert_error(
        &with("services: [Checkout API]", "services: []"),
        "incident.yaml:11:13: error: `services` is empty",
    );
    let no_actions = VALID.split("actions:").next().unwrap().to_owned() + "actions: []\n";
    assert_error(
        &no_actions,
        "incident.yaml:24:10: error: `actions` is empty",
    );
}

#[test]
fn wrong_types() {
    assert_error(
        &with("within_our_control: true", "within_our_control: maybe"),
        "incident.yaml:16:25: error:",
    );
    assert_error(
        &with(
            "    description: Payments failed.\n",
            "    description: Payments failed.\n    affected_users: -5\n",
        ),
        "incident.yaml:14:21: error: expected a whole number of 0 or more",
    );
    assert_error(
        &with("title: Checkout outage", "title: [a, b]"),
        "incident.yaml:3:10: error: expected text here, not a list or a mapping",
    );
}

fn with_contract(contract: &str) -> String {
    format!("{VALID}contract:\n{contract}")
}

const SLA: &str = "  sla:\n    availability_target: 99.9\n    credits:\n      - {below: 99.9, credit_percent: 10}\n";

#[test]
fn unknown_currency() {
    assert_error(
        &with_contract(&format!("  currency: EURO\n  monthly_fee: 100\n{SLA}")),
        "incident.yaml:30:13: error: `EURO` is not an ISO 4217 currency code",
    );
}

#[test]
fn absurd_and_negative_amounts() {
    assert_error(
        &with_contract(&format!("  currency: EUR\n  monthly_fee: 1e30\n{SLA}")),
        "incident.yaml:31:16: error: `1e30` is written in exponent form or is far too large",
    );
    assert_error(
        &with_contract(&format!("  currency: EUR\n  monthly_fee: -5\n{SLA}")),
        "incident.yaml:31:16: error: `monthly_fee` is -5; expected a number from 0 to 1000000000000",
    );
    assert_error(
        &with_contract(&format!("  currency: EUR\n  monthly_fee: 0\n{SLA}")),
        "incident.yaml:31:16: error: `monthly_fee` is 0",
    );
    assert_error(
        &with_contract(
            "  currency: EUR\n  monthly_fee: 10\n  sla:\n    availability_target: 99.9\n    credits:\n      - {below: 99.9, credit_percent: 250}\n",
        ),
        "incident.yaml:35:39: error: `credit_percent` is 250; expected a number from 0 to 100",
    );
}

#[test]
fn sla_needs_credits_or_per_hour() {
    assert_error(
        &with_contract(
            "  currency: EUR\n  monthly_fee: 10\n  sla:\n    availability_target: 99.9\n",
        ),
        "incident.yaml:33:5: error: the SLA has neither `credits` nor `per_hour`",
    );
}

#[test]
fn period_must_not_run_backwards() {
    assert_error(
        &with_contract(&format!(
            "  currency: EUR\n  monthly_fee: 10\n  period: {{from: 2026-07-31, to: 2026-07-01}}\n{SLA}"
        )),
        "incident.yaml:32:34: error: the period runs from 2026-07-31 to 2026-07-01",
    );
}

#[test]
fn final_needs_every_reviewer_approved() {
    let text = with(
        "  title: Checkout outage\n",
        "  title: Checkout outage\n  status: final\n  reviewers:\n    - {name: Petr Malý, approved: true}\n    - {name: Eva Králová}\n",
    );
    assert_error(
        &text,
        "incident.yaml:4:11: error: the report is `final` but not every reviewer approved it (waiting for: Eva Králová)",
    );
}

#[test]
fn every_problem_is_reported_at_once() {
    let text = with("severity: major", "severity: major\n  services: []")
        .replace("  services: [Checkout API]\n", "")
        .replace("at: 2026-07-02T14:09:00Z", "at: 2026-07-02T14:09:00")
        .replace("due: 2026-08-15", "due: 2026-13-01");
    let (code, err) = check(&text);
    assert_eq!(code, 1);
    assert!(
        err.contains("incident.yaml:11:13: error: `services` is empty"),
        "{err}"
    );
    assert!(err.contains("incident.yaml:21:9: error: the time"), "{err}");
    assert!(
        err.contains("incident.yaml:28:10: error: `2026-13-01`"),
        "{err}"
    );
    assert!(err.contains("3 errors found"), "{err}");
}

#[test]
fn files_that_are_not_incident_files() {
    assert_error("", "incident.yaml:1:1: error: the file is empty");
    assert_error(
        "- a\n- b\n",
        "incident.yaml:1:1: error: expected a mapping of `key: value` lines here",
    );
    assert_error("just words\n", "incident.yaml:1:1: error:");
    assert_error("report: [\n", "incident.yaml:");
    assert_error(
        &with("  name: Acme\n", "  name: Acme\n  name: Other\n"),
        "incident.yaml:6:3: error: the key `name` appears twice in this mapping",
    );
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("incident.yaml"),
        b"report:\n  id: \xff\xfe\n",
    )
    .unwrap();
    let out = amends(dir.path(), &["check", "incident.yaml"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("incident.yaml:2:7: error: the file is not valid UTF-8"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn bom_and_crlf_are_accepted() {
    let text = format!("\u{feff}{}", VALID.replace('\n', "\r\n"));
    let (code, err) = check(&text);
    assert_eq!(code, 0, "{err}");
}

#[test]
fn a_missing_file_is_an_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let out = amends(dir.path(), &["check", "nope.yaml"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).starts_with("nope.yaml: error: cannot read the file: "),
        "{}",
        stderr(&out)
    );
}
