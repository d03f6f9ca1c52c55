//! `amends assess`: the recovery outlook, its factors and goodwill.

use crate::lint::{CLEAN, with};
use crate::{amends, root, stderr, stdout};

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
