//! Tests of the common mapping.

use serde_json::Value;

use super::*;

fn stamp(text: &str) -> Option<Stamp> {
    crate::check::scalars::instant(text).ok().map(|at| Stamp {
        at,
        text: text.to_owned(),
    })
}

fn timeline(d: Draft) -> (Vec<Value>, String) {
    let yaml = d.write(Format::Rootly, "x.json").yaml;
    let doc: Value = serde_saphyr::from_str(&yaml).unwrap();
    (doc["timeline"].as_array().unwrap().clone(), yaml)
}

#[test]
fn the_first_message_the_customer_saw_is_the_notice() {
    let mut d = Draft::new();
    let t = |m| stamp(&format!("2026-07-02T13:{m}:00+02:00"));
    d.push(
        t("50"),
        Kind::Message,
        Some("second".into()),
        false,
        "o".into(),
    );
    d.push(
        t("40"),
        Kind::Message,
        Some("internal".into()),
        true,
        "o".into(),
    );
    d.push(
        t("30"),
        Kind::Started,
        Some("began".into()),
        false,
        "o".into(),
    );
    d.push(
        t("45"),
        Kind::Message,
        Some("first\nseen".into()),
        false,
        "o".into(),
    );
    d.push(
        t("55"),
        Kind::Resolved,
        Some("over".into()),
        false,
        "o".into(),
    );
    d.push(None, Kind::Note, Some("no time".into()), true, "o".into());
    assert_eq!(d.skipped, 1);
    let (events, _) = timeline(d);
    let kinds: Vec<_> = events
        .iter()
        .map(|e| e["event"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        [
            "started",
            "update",
            "customer_notified",
            "update",
            "resolved"
        ]
    );
    assert_eq!(events[1]["internal"], Value::Bool(true));
    assert_eq!(events[2]["text"], "first seen");
    assert_eq!(events[2]["at"], "2026-07-02T13:45:00+02:00");
}

#[test]
fn no_start_or_end_leaves_them_to_the_writer_and_early_entries_are_kept_as_comments() {
    let mut d = Draft::new();
    d.push(
        stamp("2026-07-02T12:00:00Z"),
        Kind::Detected,
        Some("seen".into()),
        false,
        "o".into(),
    );
    let (events, yaml) = timeline(d);
    assert_eq!(events.len(), 3);
    assert_eq!(
        (events[0]["event"].as_str(), events[0]["at"].as_str()),
        (Some("started"), Some(""))
    );
    assert_eq!(
        (events[2]["event"].as_str(), events[2]["at"].as_str()),
        (Some("resolved"), Some(""))
    );
    assert!(yaml.contains("gives no start time"));

    let mut d = Draft::new();
    d.push(
        stamp("2026-07-02T11:00:00Z"),
        Kind::Note,
        Some("deploy".into()),
        true,
        "o".into(),
    );
    d.push(
        stamp("2026-07-02T12:00:00Z"),
        Kind::Started,
        None,
        false,
        "o".into(),
    );
    d.push(
        stamp("2026-07-02T13:00:00Z"),
        Kind::Resolved,
        Some("over".into()),
        false,
        "o".into(),
    );
    let (events, yaml) = timeline(d);
    assert_eq!(events.len(), 2);
    assert_eq!(events[0]["text"], "");
    assert!(
        yaml.contains(
            "  # - at: \"2026-07-02T11:00:00Z\"\n  #   event: note\n  #   text: \"deploy\""
        )
    );
}

#[test]
fn references_become_safe_ids() {
    assert_eq!(report_id("INC-123").as_deref(), Some("INC-123"));
    assert_eq!(report_id("#42 / prod").as_deref(), Some("42---prod"));
    assert_eq!(report_id("../../etc").as_deref(), Some("etc"));
    assert_eq!(report_id("čšž"), None);
    assert_eq!(report_id(&"x".repeat(100)).map(|s| s.len()), Some(64));
}

#[test]
fn only_amends_words_are_taken_as_severity() {
    assert_eq!(
        SeverityFound::from_name(Some("Major".into())),
        SeverityFound::Known("major", "Major".into())
    );
    assert_eq!(
        SeverityFound::from_name(Some("SEV1".into())),
        SeverityFound::Unknown(Some("SEV1".into()))
    );
    assert_eq!(SeverityFound::from_name(None), SeverityFound::Unknown(None));
}
