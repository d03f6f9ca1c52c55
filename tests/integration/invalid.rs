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
        "incident.yaml:4:3: error: unknown field `tilte`; did you mean `title`?\n  |\n4 |   tilte: typo\n  |   ^^^^^\n  = hint: the fields here are: id, title, status, revision, date, language, timezone, prepared_by, reviewers",
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
        "incident.yaml:10:13: error: `huge` is not an allowed value\n   |\n10 |   severity: huge\n   |             ^^^^\n  = hint: the allowed values are: minor, major, critical",
    );
    assert_error(
        &with("event: resolved", "event: fixed"),
        "incident.yaml:22:12: error: `fixed` is not an allowed value\n   |\n22 |     event: fixed\n   |            ^^^^^\n  = hint: the allowed values are: started, detected, acknowledged, customer_notified, update, mitigated, resolved, note",
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
        "incident.yaml:3:10: error: expected text here, not a list",
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

/// The ten mistakes of `ten_mistakes_in_one_run`: (valid text, broken text,
/// the start of its diagnostic).
const TEN_MISTAKES: [(&str, &str, &str); 10] = [
    (
        "  id: INC-1",
        "  id: INC/1",
        "incident.yaml:2:7: error: the report id `INC/1` cannot name a file",
    ),
    (
        "  title: Checkout outage",
        "  title: [Checkout outage]",
        "incident.yaml:3:10: error: expected text here, not a list",
    ),
    (
        "    description: Payments failed.",
        "    description: {a: b}",
        "incident.yaml:13:18: error: expected text here, not a mapping",
    ),
    (
        "severity: major",
        "severity: high",
        "incident.yaml:10:13: error: `high` is not an allowed value",
    ),
    (
        "services: [Checkout API]",
        "services: Checkout API",
        "incident.yaml:11:13: error: expected a list here, not `Checkout API`",
    ),
    (
        "within_our_control: true",
        "within_our_control: yes",
        "incident.yaml:16:25: error: expected `true` or `false` here, not `yes`",
    ),
    (
        "  - at: 2026-07-02T13:42:00Z",
        "  - at: 2026-07-02T13:42:00",
        "incident.yaml:18:9: error: the time `2026-07-02T13:42:00` has no UTC offset",
    ),
    (
        "    text: The change was reversed.",
        "    text: \"\"",
        "incident.yaml:23:11: error: an event's `text` is empty",
    ),
    (
        "kind: prevent",
        "kind: prevention",
        "incident.yaml:26:11: error: `prevention` is not an allowed value; did you mean `prevent`?",
    ),
    (
        "due: 2026-08-15",
        "due: 15/08/2026",
        "incident.yaml:28:10: error: `15/08/2026` is not written YYYY-MM-DD; write 2026-08-15",
    ),
];

#[test]
fn ten_mistakes_in_one_run() {
    let mut text = VALID.to_owned();
    for (from, to, _) in TEN_MISTAKES {
        assert!(text.contains(from), "{from:?}");
        text = text.replacen(from, to, 1);
    }
    let (code, err) = check(&text);
    assert_eq!(code, 1, "{err}");
    for (_, _, expected) in TEN_MISTAKES {
        assert!(err.contains(expected), "expected {expected:?} in:\n{err}");
    }
    let errors = err.lines().filter(|l| l.contains(": error: ")).count();
    assert_eq!(errors, 10, "{err}");
    assert!(
        err.ends_with("incident.yaml: 10 errors found; no report written\n"),
        "{err}"
    );
}

/// A newcomer's first file: five names and values misspelt, one date wrong.
const NEWCOMER: &str = "\
report:
  id: INC-7
  title: Checkout outage
provider:
  name: Acme
customer:
  name: Bakery
  contcat: Jana Nováková
incident:
  summary: Checkout failed for 27 minutes.
  severity: high
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
  - at: 2026-07-02T13:50:00Z
    event: notified
    text: We e-mailed you.
  - at: 2026-07-02T14:09:00Z
    event: resolved
    text: The change was reversed.
actions:
  - action: Stage configuration changes.
    kind: prevent
    owner: Platform team
    due: 2026-31-08
    status: in-progress
contract:
  currency: EUR
  monthly_fee: 3475.00
  sla:
    availability_target: 99.9
    per_hour: {amount: 10, per: prorata}
";

#[test]
fn a_newcomers_six_mistakes_are_fixed_in_one_run() {
    let (code, err) = check(NEWCOMER);
    assert_eq!(code, 1, "{err}");
    for expected in [
        "incident.yaml:8:3: error: unknown field `contcat`; did you mean `contact`?\n  |\n8 |   contcat: Jana Nováková\n  |   ^^^^^^^\n  = hint: the fields here are: name, contact, customer_since, salutation, explains_upwards\n",
        "incident.yaml:11:13: error: `high` is not an allowed value\n",
        "  = hint: the allowed values are: minor, major, critical\n",
        "incident.yaml:23:12: error: `notified` is not an allowed value; did you mean `customer_notified`?\n",
        "incident.yaml:32:10: error: `2026-31-08` is not a day of the calendar; check the month and day\n",
        "incident.yaml:33:13: error: `in-progress` is not an allowed value; did you mean `in_progress`?\n",
        "incident.yaml:39:33: error: `prorata` is not an allowed value; did you mean `prorated`?\n",
    ] {
        assert!(err.contains(expected), "expected {expected:?} in:\n{err}");
    }
    assert!(err.contains("incident.yaml: 6 errors found"), "{err}");
    // Doing what the messages say is enough.
    let fixed = NEWCOMER
        .replace("contcat:", "contact:")
        .replace("severity: high", "severity: major")
        .replace("event: notified", "event: customer_notified")
        .replace("2026-31-08", "2026-08-31")
        .replace("in-progress", "in_progress")
        .replace("per: prorata", "per: prorated");
    let (code, err) = check(&fixed);
    assert_eq!(code, 0, "{err}");
}

#[test]
fn hints_show_what_to_write() {
    assert_error(
        &with(
            "    text: The change rolled out.",
            "    text: We e-mailed you, then called",
        )
        .replace(
            "  - at: 2026-07-02T13:42:00Z\n    event: started\n    text: We e-mailed you, then called",
            "  - {at: 2026-07-02T13:42:00Z, event: started, text: We e-mailed you, then called}",
        ),
        "incident.yaml:18:71: error: `then called` is read as a field name: the text before it ends at a comma\n   |\n18 |   - {at: 2026-07-02T13:42:00Z, event: started, text: We e-mailed you, then called}\n   |                                                                       ^^^^^^^^^^^\n  = hint: text containing a comma must be quoted inside `{ }`: write text: \"We e-mailed you, then called\"",
    );
    let contract = "contract:\n  currency: EUR\n  monthly_fee: \"3,475.00\"\n  sla:\n    availability_target: 99.9%\n    credits: [{below: 99.9, credit_percent: 10}]\n";
    let text = format!("{VALID}{contract}");
    assert_error(
        &text,
        "incident.yaml:31:16: error: `3,475.00` is not a plain decimal number; write 3475.00",
    );
    assert_error(
        &text,
        "incident.yaml:33:26: error: `99.9%` is not a plain decimal number; write 99.9",
    );
    assert_error(
        &with("due: 2026-08-15", "due: 30/06/2027"),
        "incident.yaml:28:10: error: `30/06/2027` is not written YYYY-MM-DD; write 2027-06-30",
    );
    assert_error(
        &with(
            "  title: Checkout outage",
            "  title: Checkout outage\n  timezone: Europe/Prague",
        )
        .replace("at: 2026-07-02T13:42:00Z", "at: 2026-07-02T15:42:00"),
        "incident.yaml:19:9: error: the time `2026-07-02T15:42:00` has no UTC offset; in the report's time zone (Europe/Prague) write 2026-07-02T15:42:00+02:00, or add the offset it was taken in",
    );
}

/// A zone is an exact IANA name: a misspelt, mis-cased or made-up one is an
/// error at its position; a local time without an offset gets the offset
/// the zone has then, unless a clock change makes that time ambiguous.
#[test]
fn zones_are_exact_iana_names_and_local_times_are_fixed_in_them() {
    for zone in [
        "Europe/Prag",
        "europe/prague",
        "utc",
        "Factory",
        "Etc/Unknown",
        "+02:00",
    ] {
        assert_error(
            &with(
                "  title: Checkout outage",
                &format!("  title: Checkout outage\n  timezone: '{zone}'"),
            ),
            &format!(
                "incident.yaml:4:13: error: `{zone}` is not an IANA time zone; expected a name like Europe/Prague, America/New_York or UTC"
            ),
        );
    }
    let zoned = |zone: &str, at: &str| {
        with(
            "  title: Checkout outage",
            &format!("  title: Checkout outage\n  timezone: {zone}"),
        )
        .replace("at: 2026-07-02T13:42:00Z", &format!("at: {at}"))
    };
    assert_error(
        &zoned("America/St_Johns", "2026-07-02T11:12:00"),
        "incident.yaml:19:9: error: the time `2026-07-02T11:12:00` has no UTC offset; in the report's time zone (America/St_Johns) write 2026-07-02T11:12:00-02:30, or add the offset it was taken in",
    );
    // 02:30 on 29 March does not exist in Prague, on 25 October it exists twice.
    for at in ["2026-03-29T02:30:00", "2026-10-25T02:30:00"] {
        assert_error(
            &zoned("Europe/Prague", at),
            &format!(
                "incident.yaml:19:9: error: the time `{at}` has no UTC offset; add `Z` for UTC or the offset, e.g. 2026-07-02T13:42:00Z or 2026-07-02T15:42:00+02:00"
            ),
        );
    }
}

#[test]
fn every_message_has_the_one_format() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // I/O errors.
    let out = amends(d, &["check", "missing.yaml"]);
    assert!(
        stderr(&out).starts_with("missing.yaml: error: cannot read the file: "),
        "{}",
        stderr(&out)
    );
    let out = amends(d, &["pdf", "missing.md"]);
    assert!(
        stderr(&out).starts_with("missing.md: error: cannot read the file: "),
        "{}",
        stderr(&out)
    );
    // diff counts read as English.
    std::fs::write(d.join("a.md"), "One two three.\n").unwrap();
    std::fs::write(d.join("b.md"), "One three.\n").unwrap();
    let out = amends(d, &["diff", "a.md", "b.md"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stderr(&out), "1 word deleted, 0 words inserted\n");
}

/// Regression: `customer` and `actions` stopped at their first bad value.
#[test]
fn customer_and_actions_report_every_problem() {
    let text = with("  name: Bakery\n", "  name: \"\"\n  customer_since: 2020-13-01\n")
        .replace("    due: 2026-08-15\n", "    due: 2026-08-32\n  - action: Alert on config drift.\n    kind: detect\n    owner: Platform team\n    due: tomorrow\n");
    let (code, err) = check(&text);
    assert_eq!(code, 1, "{err}");
    for expected in [
        "incident.yaml:7:9: error: `customer.name` is empty; write it out",
        "incident.yaml:8:19: error: `2020-13-01` is not a day of the calendar",
        "incident.yaml:29:10: error: `2026-08-32` is not a day of the calendar",
        "incident.yaml:33:10: error: `tomorrow` is not a date",
    ] {
        assert!(err.contains(expected), "expected {expected:?} in:\n{err}");
    }
}

#[test]
fn provider_accent_must_be_a_hex_colour() {
    for bad in ["blue", "\"#12345\"", "\"#12345G\"", "\"#1234567\""] {
        let text = with(
            "  name: Acme\n",
            &format!("  name: Acme\n  accent: {bad}\n"),
        );
        assert_error(&text, "incident.yaml:6:11: error: `provider.accent` is `");
    }
    let (code, err) = check(&with(
        "  name: Acme\n",
        "  name: Acme\n  accent: \"#0B5FA5\"\n",
    ));
    assert_eq!(code, 0, "{err}");
}
