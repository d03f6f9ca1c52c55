//! incident.io (API v2): `GET /v2/incidents/{id}` (`{"incident": ...}`),
//! optionally merged with `GET /v2/incident_updates?incident_id={id}`
//! (`{"incident_updates": [...]}`) and `GET /v2/incident_timeline_items?incident_id={id}`
//! (`{"incident_timeline_items": [...]}`) into one object.

use serde_json::Value;

use super::ImportError;
use super::draft::{Draft, Kind, SeverityFound};
use super::json::{list, text, time};

const EXPECTED: &str = "the response of incident.io's `GET /v2/incidents/{id}` (an object \
    with `incident.reference` or `incident.incident_timestamp_values`), optionally merged with \
    the responses of `GET /v2/incident_updates` and `GET /v2/incident_timeline_items`";

/// What an incident timestamp's name says, by the names incident.io uses by
/// default and the obvious others.
fn timestamp_kind(name: &str) -> Option<(Kind, &'static str)> {
    let n = name.trim().to_lowercase();
    let n = n.trim_end_matches(" at").trim_end_matches("_at");
    Some(match n {
        "impact started" | "impact start" | "started" | "incident started" => {
            (Kind::Started, "The incident began.")
        }
        "reported" | "detected" | "first alerted" => (Kind::Detected, "The problem was detected."),
        "accepted" | "acknowledged" | "first acknowledged" => {
            (Kind::Acknowledged, "The incident was acknowledged.")
        }
        "fixed" | "mitigated" | "stabilized" | "stabilised" => {
            (Kind::Mitigated, "The impact was mitigated.")
        }
        "resolved" | "impact ended" => (Kind::Resolved, "The incident was resolved."),
        _ => return None,
    })
}

/// Reads an incident.io export.
pub fn draft(value: &Value) -> Result<Draft, ImportError> {
    let incident = value.get("incident").filter(|i| {
        i.is_object()
            && (i.get("reference").is_some_and(Value::is_string)
                || i.get("incident_timestamp_values")
                    .is_some_and(Value::is_array))
    });
    let Some(incident) = incident else {
        return Err(ImportError::NotFormat {
            what: "an incident.io export".to_owned(),
            expected: EXPECTED,
        });
    };
    let mut d = Draft::new();
    d.id = text(incident, &["reference"]);
    d.title = text(incident, &["name"]);
    d.severity = SeverityFound::from_name(text(incident, &["severity", "name"]));
    d.keep("summary", text(incident, &["summary"]));
    // Affected services live in custom fields ("Affected services" by default).
    let fields = list(
        incident,
        &["custom_field_entries"],
        "incident.custom_field_entries",
    )?;
    for (i, entry) in fields.iter().enumerate() {
        let name = text(entry, &["custom_field", "name"])
            .unwrap_or_default()
            .to_lowercase();
        if !["service", "product", "component"]
            .iter()
            .any(|w| name.contains(w))
        {
            continue;
        }
        let shown = format!("incident.custom_field_entries[{i}].values");
        for v in list(entry, &["values"], &shown)? {
            d.services.extend(
                text(v, &["value_catalog_entry", "name"])
                    .or_else(|| text(v, &["value_option", "value"]))
                    .or_else(|| text(v, &["value_text"])),
            );
        }
    }
    let values = list(
        incident,
        &["incident_timestamp_values"],
        "incident.incident_timestamp_values",
    )?;
    for (i, t) in values.iter().enumerate() {
        let path = format!("incident.incident_timestamp_values[{i}]");
        let name = text(t, &["incident_timestamp", "name"]).unwrap_or_default();
        let stamp = time(t, &["value", "value"], &format!("{path}.value.value"))?;
        let (kind, said, internal) = match timestamp_kind(&name) {
            Some((kind, said)) => (kind, said.to_owned(), false),
            None => (Kind::Note, format!("Timestamp: {name}"), true),
        };
        d.push(
            stamp,
            kind,
            Some(said),
            internal,
            format!("incident.io timestamp \"{name}\""),
        );
    }
    for (i, u) in list(value, &["incident_updates"], "incident_updates")?
        .iter()
        .enumerate()
    {
        let stamp = time(
            u,
            &["created_at"],
            &format!("incident_updates[{i}].created_at"),
        )?;
        let status = text(u, &["new_incident_status", "name"]);
        let origin = match &status {
            Some(s) => format!("incident.io incident update (status: {s}), for the response team"),
            None => "incident.io incident update, for the response team".to_owned(),
        };
        d.push(stamp, Kind::Note, text(u, &["message"]), true, origin);
    }
    let items = list(
        value,
        &["incident_timeline_items"],
        "incident_timeline_items",
    )?;
    for (i, item) in items.iter().enumerate() {
        let stamp = time(
            item,
            &["timestamp"],
            &format!("incident_timeline_items[{i}].timestamp"),
        )?;
        let said = match (text(item, &["title"]), text(item, &["description"])) {
            (Some(t), Some(desc)) => Some(format!("{t}: {desc}")),
            (t, desc) => t.or(desc),
        };
        d.push(
            stamp,
            Kind::Note,
            said,
            true,
            "incident.io timeline item".to_owned(),
        );
    }
    Ok(d)
}
