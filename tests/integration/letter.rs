//! What the letter says for files no sample covers: each sentence checked
//! against figures worked out by hand in the test.

use crate::{amends, stderr};

/// A base incident: 10:00-12:00Z on 30 June 2026 (a Tuesday), EUR 3,000.00 a
/// month, monthly SLA 99.9 % / 10 %. `{windows}`, `{extra}` and `{timeline}`
/// are replaced per test.
const BASE: &str = "\
report: {id: T-1, title: Test, date: 2026-07-10, timezone: UTC}
provider: {name: Acme}
customer: {name: Bakery, contact: Jane Doe{customer}}
incident:
  summary: The API failed.
  severity: minor
  services: [API]
  impact:
    description: Requests failed.{impact}
  root_cause: {summary: A bad change., within_our_control: true}
timeline:
{timeline}
actions:
  - {action: Canary deployments., kind: prevent, owner: Platform, due: 2026-08-01}
contract:
  currency: EUR
  monthly_fee: 3000.00
  sla: {availability_target: 99.9, credits: [{below: 99.9, credit_percent: 10}]}
goodwill: {extra_service_days: 1}
{extra}";

const TIMELINE: &str = "  - {at: 2026-06-30T10:00:00Z, event: started, text: Deploy.}
  - {at: 2026-06-30T10:10:00Z, event: customer_notified, text: We told you.}
  - {at: 2026-06-30T10:50:00Z, event: update, text: Progress.}
  - {at: 2026-06-30T11:40:00Z, event: update, text: Progress.}
  - {at: 2026-06-30T12:00:00Z, event: resolved, text: Fixed.}";

fn file(impact: &str, timeline: &str, extra: &str, customer: &str) -> String {
    BASE.replace("{impact}", impact)
        .replace("{timeline}", timeline)
        .replace("{extra}", extra)
        .replace("{customer}", customer)
}

/// Renders the text; returns (exit code, markdown or empty, stderr).
fn render(text: &str) -> (i32, String, String) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("i.yaml"), text).unwrap();
    let out = amends(dir.path(), &["render", "i.yaml", "--format", "md"]);
    let md = std::fs::read_to_string(dir.path().join("out/T-1.md")).unwrap_or_default();
    (out.status.code().unwrap_or(-1), md, stderr(&out))
}

fn rendered(text: &str) -> (String, String) {
    let (code, md, err) = render(text);
    assert_eq!(code, 0, "{err}");
    (md, err)
}

/// Only degraded service: no "unavailable for 0 minutes", and the SLA
/// sentence says no outage counts.
#[test]
fn no_zero_minute_sentences() {
    let impact = "\n    windows:\n      - {from: 2026-06-30T10:00:00Z, to: 2026-06-30T12:05:00Z, kind: degraded}";
    let (md, _) = rendered(&file(impact, TIMELINE, "", ""));
    assert!(!md.contains(" 0 minutes"), "{md}");
    assert!(!md.contains(" 0\u{a0}min"), "{md}");
    assert!(
        md.contains(
            "There was no full outage; the service was degraded for 2 hours and 5 minutes."
        )
    );
    assert!(md.contains("No outage counts against it, so availability was 100.000 %."));
}

/// Maintenance 10:00-11:00 inside an outage 10:00-12:00: shown, explained,
/// not counted. June has 43,200 min; D = 60 min = 3,600 s; A = 2,588,400 /
/// 2,592,000 = 99.861…% -> 99.861 %, below 99.9: 10 % of 3,000.00 = 300.00.
#[test]
fn maintenance_is_shown_and_not_counted() {
    let impact = "\n    windows:\n      - {from: 2026-06-30T10:00:00Z, to: 2026-06-30T12:00:00Z, kind: outage}\n      - {from: 2026-06-30T10:00:00Z, to: 2026-06-30T11:00:00Z, kind: maintenance}";
    let (md, _) = rendered(&file(impact, TIMELINE, "", ""));
    assert!(
        md.contains("| Scheduled maintenance | 30 Jun 2026 10:00 | 30 Jun 2026 11:00 |"),
        "{md}"
    );
    assert!(md.contains(
        "Scheduled maintenance (1 hour) is excluded by the contract and does not count as downtime."
    ));
    assert!(md.contains("availability was 99.861 %"), "{md}");
    assert!(
        md.contains("10 % of EUR\u{a0}3,000.00 = EUR\u{a0}300.00"),
        "{md}"
    );
}

/// An outage from 30 June 23:00 to 1 July 01:00 (UTC): the June period
/// counts 1 hour; the other hour belongs to July and the letter says so.
#[test]
fn an_outage_across_the_period_boundary_says_where_the_rest_goes() {
    let timeline = "  - {at: 2026-06-30T23:00:00Z, event: started, text: Deploy.}
  - {at: 2026-06-30T23:10:00Z, event: customer_notified, text: We told you.}
  - {at: 2026-07-01T00:00:00Z, event: update, text: Progress.}
  - {at: 2026-07-01T01:00:00Z, event: resolved, text: Fixed.}";
    let (md, _) = rendered(&file("", timeline, "", ""));
    assert!(md.contains("from 1 June 2026 to 30 June 2026"), "{md}");
    assert!(md.contains("The outage lasted 2 hours; 1 hour of it fell inside this period and counts against it, so availability was 99.861 %."), "{md}");
    assert!(md.contains(
        "The remaining 1 hour fell outside this period: it counts against the period it fell in, and we will credit it there without any claim needed."
    ));
}

/// Only maintenance: no outage, no degraded time, no "0 minutes".
#[test]
fn only_maintenance_is_no_outage() {
    let impact = "\n    windows:\n      - {from: 2026-06-30T10:00:00Z, to: 2026-06-30T12:00:00Z, kind: maintenance}";
    let (md, _) = rendered(&file(impact, TIMELINE, "", ""));
    assert!(md.contains("There was no full outage.\n"), "{md}");
    assert!(!md.contains(" 0 minutes"), "{md}");
    assert!(
        md.contains("Scheduled maintenance (2 hours) is excluded by the contract"),
        "{md}"
    );
}

/// A goodwill day of EUR 3,000.00 a month in June (30 days) is 100.00.
#[test]
fn a_goodwill_day_is_a_day_of_the_monthly_fee() {
    let (md, _) = rendered(&file("", TIMELINE, "", ""));
    assert!(
        md.contains("1 day of extra service, EUR\u{a0}100.00 (1 × EUR\u{a0}3,000.00 ÷ 30,"),
        "{md}"
    );
}

/// Superseded currencies are an error naming the successor.
#[test]
fn superseded_currencies_name_their_successor() {
    for (old, new) in [("HRK", "EUR"), ("BGN", "EUR"), ("SLL", "SLE")] {
        let text = file("", TIMELINE, "", "").replace("currency: EUR", &format!("currency: {old}"));
        let (code, _, err) = render(&text);
        assert_eq!(code, 1, "{old}: {err}");
        assert!(
            err.contains(&format!(
                "i.yaml:20:13: error: `{old}` was replaced by {new}"
            )),
            "{err}"
        );
    }
}

/// Dates that contradict each other are warnings with positions.
#[test]
fn contradictory_dates_are_warnings() {
    let impact = "\n    windows:\n      - {from: 2026-06-30T09:00:00Z, to: 2026-06-30T12:00:00Z, kind: outage}";
    let text = file(impact, TIMELINE, "", ", customer_since: 2026-08-01")
        .replace("due: 2026-08-01", "due: 2026-07-01");
    let (_, err) = rendered(&text);
    assert!(err.contains("i.yaml:3:61: warning: `customer_since` 2026-08-01 is after the report's date 2026-07-10"), "{err}");
    assert!(err.contains("i.yaml:11:9: warning: this window"), "{err}");
    assert!(err.contains("lies outside the incident"), "{err}");
    assert!(
        err.contains(
            "warning: this action was due on 2026-07-01, before the report's date 2026-07-10"
        ),
        "{err}"
    );
}

/// A late first notice and a long silence are owned in words, then the
/// writer's note. Notice 10:40 (40 min after the start, no `detected`: more
/// than 30); silences 10:40 -> 11:50 = 70 min (more than 60), 11:50 -> 12:00.
#[test]
fn late_notice_and_long_silence_are_owned() {
    let timeline = "  - {at: 2026-06-30T10:00:00Z, event: started, text: Deploy.}
  - {at: 2026-06-30T10:40:00Z, event: customer_notified, text: We told you.}
  - {at: 2026-06-30T11:50:00Z, event: update, text: Progress.}
  - {at: 2026-06-30T12:00:00Z, event: resolved, text: Fixed.}";
    let note = "\n  communication_note: Our status page was down too; we now keep a second one.";
    let text = file("", timeline, "", "").replace(
        "  root_cause: {summary: A bad change., within_our_control: true}",
        &format!("  root_cause: {{summary: A bad change., within_our_control: true}}{note}"),
    );
    let (md, _) = rendered(&text);
    assert!(md.contains(
        "We sent you 2 messages during the incident. We should have told you sooner: our first notice came 40 minutes after we detected the problem. We also left you without news for 1 hour and 10 minutes while the incident lasted, which is too long. Our status page was down too; we now keep a second one."
    ), "{md}");
    // Within the thresholds nothing is owned.
    let (md, _) = rendered(&file("", TIMELINE, "", ""));
    assert!(!md.contains("We should have told you sooner"), "{md}");
    assert!(!md.contains("without news"), "{md}");
}

/// A custom apology replaces the apology sentences, not the empathy; the
/// root cause then says whose failure it was. Customer actions come near the top.
#[test]
fn custom_apology_keeps_the_empathy() {
    let extra = "apology: We got this wrong, and we are sorry.\ncustomer_actions: [Rotate the API keys issued before 30 June.]\n";
    let (md, _) = rendered(&file(
        "\n    knock_on: true",
        TIMELINE,
        extra,
        ", explains_upwards: true",
    ));
    assert!(md.contains("We got this wrong, and we are sorry.\n\nWe understand that it reached your own customers, and that you had to answer to them for it. We also know that you chose us"), "{md}");
    assert!(
        md.contains("A bad change. This was within our control."),
        "{md}"
    );
    let actions = md
        .find("## What you may need to do\n\n- Rotate the API keys issued before 30 June.")
        .unwrap();
    assert!(actions < md.find("## Impact").unwrap());
    // Without knock_on nothing is said about the customer's customers.
    let (md, _) = rendered(&file("", TIMELINE, "", ""));
    assert!(!md.contains("your own customers"), "{md}");
    // Two hours is not a blip.
    assert!(
        md.contains(
            "We are deeply sorry for the disruption of “API” on 30 June 2026: for 2 hours,"
        ),
        "{md}"
    );
    let blip = "  - {at: 2026-06-30T10:00:00Z, event: started, text: Deploy.}
  - {at: 2026-06-30T10:10:00Z, event: customer_notified, text: We told you.}
  - {at: 2026-06-30T10:30:00Z, event: resolved, text: Fixed.}";
    let (md, _) = rendered(&file("", blip, "", ""));
    assert!(md.contains("We are sorry for the disruption of “API” on 30 June 2026. It was caused by a failure on our side.\n\nWe know you rely on us to keep it running."), "{md}");
}

/// A critical repeat with data loss: one apology, in other words than a blip's.
#[test]
fn the_apology_adapts_to_the_facts() {
    let text = file("\n    data_loss: true", TIMELINE, "", "")
        .replace("severity: minor", "severity: critical")
        .replace("  root_cause:", "  repeat_of: [T-0]\n  root_cause:");
    let (md, _) = rendered(&text);
    assert!(md.contains(
        "We are deeply sorry for the disruption of “API” on 30 June 2026: for 2 hours, you could not rely on a service you depend on. It was caused by a failure on our side. It happened again: the same cause was behind T-0. It also cost you data, which is the hardest part to undo."
    ), "{md}");
    assert_eq!(md.matches("sorry").count(), 1, "{md}");
}

/// `check --format json` reports every file with its diagnostics and a
/// version key; `assess --format json` carries its own.
#[test]
fn check_and_assess_speak_versioned_json() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("good.yaml"), file("", TIMELINE, "", "")).unwrap();
    let bad = file("", TIMELINE, "", "").replace("currency: EUR", "currency: HRK");
    std::fs::write(dir.path().join("bad.yaml"), bad).unwrap();
    let out = amends(
        dir.path(),
        &["check", "good.yaml", "bad.yaml", "--format", "json"],
    );
    assert_eq!(out.status.code(), Some(1));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["amends_check"], 1);
    assert_eq!(doc["files"][0]["file"], "good.yaml");
    assert_eq!(doc["files"][0]["valid"], true);
    assert_eq!(doc["files"][1]["valid"], false);
    let diagnostic = &doc["files"][1]["diagnostics"][0];
    assert_eq!(diagnostic["severity"], "error");
    assert_eq!(
        (diagnostic["line"].as_u64(), diagnostic["column"].as_u64()),
        (Some(20), Some(13))
    );
    let out = amends(dir.path(), &["assess", "good.yaml", "--format", "json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["amends_assess"], 1);
}

/// `init --language vi` writes the Vietnamese starter, which checks clean;
/// a language without a starter is a usage error naming those there are.
#[test]
fn init_writes_a_starter_in_the_language_asked() {
    let dir = tempfile::tempdir().unwrap();
    let out = amends(dir.path(), &["init", "vi.yaml", "--language", "vi"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = std::fs::read_to_string(dir.path().join("vi.yaml")).unwrap();
    assert!(text.contains("language: vi"));
    assert!(text.contains("# tùy chọn"));
    let out = amends(dir.path(), &["check", "vi.yaml"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = amends(dir.path(), &["init", "de.yaml", "--language", "de"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("expected one of: en, vi"),
        "{}",
        stderr(&out)
    );
    assert!(!dir.path().join("de.yaml").exists());
}

/// The internal copy of a Vietnamese letter is Vietnamese too: the
/// outlook's reasons come from the language file by their ids.
#[test]
fn the_internal_copy_speaks_the_letters_language() {
    let dir = tempfile::tempdir().unwrap();
    let sample = crate::root().join("samples/critical-vi.yaml");
    let out = amends(
        dir.path(),
        &[
            "render",
            sample.to_str().unwrap(),
            "--format",
            "md",
            "--audience",
            "internal",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let md = std::fs::read_to_string(dir.path().join("out/SV-2026-1112.internal.md")).unwrap();
    assert!(
        md.contains("## Phụ lục nội bộ: không gửi khách hàng"),
        "{md}"
    );
    assert!(md.contains("- +2 sự cố đặc biệt nghiêm trọng"), "{md}");
    assert!(
        md.contains("watermark: NỘI BỘ, KHÔNG GỬI KHÁCH HÀNG"),
        "{md}"
    );
    assert!(!md.contains("critical incident"), "{md}");
    assert!(!md.contains("Internal"), "{md}");
}

/// A user's language file must translate every outlook reason: no English
/// fallback hides in the internal copy.
#[test]
fn a_language_file_without_every_outlook_reason_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("t/lang")).unwrap();
    let english = std::fs::read_to_string(crate::root().join("templates/lang/en.yaml")).unwrap();
    let partial: String = english
        .lines()
        .filter(|l| !l.trim_start().starts_with("heard_late:"))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(dir.path().join("t/lang/de.yaml"), partial).unwrap();
    // The review's word lists are complete: only the wording lacks a reason.
    std::fs::create_dir_all(dir.path().join("t/lint")).unwrap();
    std::fs::copy(
        crate::root().join("templates/lint/en.yaml"),
        dir.path().join("t/lint/de.yaml"),
    )
    .unwrap();
    let text =
        file("", TIMELINE, "", "").replace("date: 2026-07-10,", "date: 2026-07-10, language: de,");
    std::fs::write(dir.path().join("i.yaml"), text).unwrap();
    let out = amends(dir.path(), &["render", "i.yaml", "--templates", "t"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("lang/de.yaml: `outlook_reasons` lacks heard_late"),
        "{}",
        stderr(&out)
    );
}
