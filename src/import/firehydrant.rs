//! FireHydrant (REST API v1): `GET /v1/incidents/{id}` and, optionally,
//! `GET /v1/incidents/{id}/events`, saved as `{"incident": ..., "events": ...}`
//! (or the incident alone).

use serde_json::Value;

use super::ImportError;
use super::draft::{Draft, Kind, SeverityFound};
use super::json::{at, list, text, time};

const EXPECTED: &str = "the response of FireHydrant's `GET /v1/incidents/{id}` (an incident \
    with `milestones` or `lifecycle_phases`), or {\"incident\": that response, \"events\": \
    the response of `GET /v1/incidents/{id}/events`}";

/// Whether a value looks like a FireHydrant incident.
fn is_incident(v: &Value) -> bool {
    v.is_object()
        && (at(v, &["milestones"]).is_some_and(Value::is_array)
            || at(v, &["lifecycle_phases"]).is_some_and(Value::is_array))
}

/// Reads a FireHydrant export.
pub fn draft(value: &Value) -> Result<Draft, ImportError> {
    let (incident, events, base) = match value.get("incident") {
        Some(i) if is_incident(i) => (i, value.get("events"), "incident."),
        _ if is_incident(value) => (value, None, ""),
        _ => {
            return Err(ImportError::NotFormat {
                what: "a FireHydrant export".to_owned(),
                expected: EXPECTED,
            });
        }
    };
    let mut d = Draft::new();
    d.id = text(incident, &["number"]).map(|n| format!("INC-{n}"));
    d.title = text(incident, &["name"]);
    d.severity = SeverityFound::from_name(text(incident, &["severity"]));
    for s in list(incident, &["services"], &format!("{base}services"))? {
        d.services.extend(text(s, &["name"]));
    }
    for i in list(incident, &["impacts"], &format!("{base}impacts"))? {
        d.services.extend(text(i, &["impact", "name"]));
    }
    d.services.dedup();
    d.keep("summary", text(incident, &["summary"]));
    d.keep("description", text(incident, &["description"]));
    d.keep(
        "customer impact summary",
        text(incident, &["customer_impact_summary"]),
    );
    milestones(&mut d, incident, base)?;
    if let Some(events) = events {
        let items = match events {
            Value::Array(items) => items.as_slice(),
            other => list(other, &["data"], "events.data")?,
        };
        for (i, e) in items.iter().enumerate() {
            let path = format!("events.data[{i}]");
            let stamp = time(e, &["occurred_at"], &format!("{path}.occurred_at"))?;
            let visibility = text(e, &["visibility"]).unwrap_or_default();
            let said = ["body", "message", "description", "summary", "title"]
                .iter()
                .find_map(|k| text(e, &["data", k]));
            if said.is_none() {
                d.skipped += 1;
                continue;
            }
            let public = visibility == "open_to_public";
            let kind_name = text(e, &["type"]).unwrap_or_else(|| "event".to_owned());
            d.push(
                stamp,
                if public { Kind::Message } else { Kind::Note },
                said,
                !public,
                format!(
                    "FireHydrant {kind_name} ({})",
                    if visibility.is_empty() {
                        "no visibility given"
                    } else {
                        &visibility
                    }
                ),
            );
        }
    }
    Ok(d)
}

/// The incident's milestones: the older `milestones` list, or the milestones
/// of its `lifecycle_phases`.
fn milestones(d: &mut Draft, incident: &Value, base: &str) -> Result<(), ImportError> {
    let mut found: Vec<(String, &Value, String)> = Vec::new();
    for (i, m) in list(incident, &["milestones"], &format!("{base}milestones"))?
        .iter()
        .enumerate()
    {
        found.push((
            text(m, &["type"]).unwrap_or_default(),
            m,
            format!("{base}milestones[{i}]"),
        ));
    }
    if found.is_empty() {
        for (p, phase) in list(
            incident,
            &["lifecycle_phases"],
            &format!("{base}lifecycle_phases"),
        )?
        .iter()
        .enumerate()
        {
            let shown = format!("{base}lifecycle_phases[{p}].milestones");
            for (i, m) in list(phase, &["milestones"], &shown)?.iter().enumerate() {
                let slug = text(m, &["slug"])
                    .or_else(|| text(m, &["type"]))
                    .unwrap_or_default();
                found.push((slug, m, format!("{shown}[{i}]")));
            }
        }
    }
    for (slug, m, path) in found {
        let stamp = time(m, &["occurred_at"], &format!("{path}.occurred_at"))?;
        let (kind, said) = match slug.as_str() {
            "started" => (Kind::Started, "The incident began.".to_owned()),
            "detected" => (Kind::Detected, "The problem was detected.".to_owned()),
            "acknowledged" => (
                Kind::Acknowledged,
                "The incident was acknowledged.".to_owned(),
            ),
            "mitigated" => (Kind::Mitigated, "The impact was mitigated.".to_owned()),
            "resolved" => (Kind::Resolved, "The incident was resolved.".to_owned()),
            other => (
                Kind::Note,
                format!(
                    "Milestone: {}",
                    if other.is_empty() { "unnamed" } else { other }
                ),
            ),
        };
        let internal = kind == Kind::Note;
        d.push(
            stamp,
            kind,
            Some(said),
            internal,
            format!("FireHydrant milestone `{slug}` ({path})"),
        );
    }
    Ok(())
}
