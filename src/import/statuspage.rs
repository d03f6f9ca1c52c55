//! Atlassian Statuspage (REST API v1): `GET /v1/pages/{page_id}/incidents/{incident_id}`,
//! the incident with its `incident_updates` (or wrapped as `{"incident": ...}`).
//! Every update is customer-visible by nature.

use serde_json::Value;

use super::ImportError;
use super::draft::{Draft, Kind, SeverityFound};
use super::json::{list, text, time};

const EXPECTED: &str = "the response of Statuspage's `GET /v1/pages/{page_id}/incidents/{incident_id}` \
    (an incident object with `name` and `incident_updates`), or {\"incident\": that object}";

/// Whether a value looks like a Statuspage incident.
fn is_incident(v: &Value) -> bool {
    v.get("incident_updates").is_some_and(Value::is_array)
        && v.get("name").is_some_and(Value::is_string)
}

/// Reads a Statuspage export.
pub fn draft(value: &Value) -> Result<Draft, ImportError> {
    let (incident, base) = match value.get("incident") {
        Some(i) if is_incident(i) => (i, "incident."),
        _ if is_incident(value) => (value, ""),
        _ => {
            return Err(ImportError::NotFormat {
                what: "a Statuspage export".to_owned(),
                expected: EXPECTED,
            });
        }
    };
    let mut d = Draft::new();
    d.id = text(incident, &["id"]);
    d.title = text(incident, &["name"]);
    d.severity = SeverityFound::from_name(text(incident, &["impact"]));
    for c in list(incident, &["components"], &format!("{base}components"))? {
        d.services.extend(text(c, &["name"]));
    }
    d.keep("postmortem", text(incident, &["postmortem_body"]));
    let milestones = [
        ("started_at", Kind::Started, "The incident began."),
        (
            "monitoring_at",
            Kind::Mitigated,
            "A fix was in place and its effect was being monitored.",
        ),
        ("resolved_at", Kind::Resolved, "The incident was resolved."),
    ];
    for (key, kind, said) in milestones {
        let shown = format!("{base}{key}");
        let stamp = time(incident, &[key], &shown)?;
        d.push(
            stamp,
            kind,
            Some(said.to_owned()),
            false,
            format!("Statuspage {shown}"),
        );
    }
    let updates = list(
        incident,
        &["incident_updates"],
        &format!("{base}incident_updates"),
    )?;
    for (i, u) in updates.iter().enumerate() {
        let path = format!("{base}incident_updates[{i}]");
        let stamp = time(u, &["display_at"], &format!("{path}.display_at"))?.or(time(
            u,
            &["created_at"],
            &format!("{path}.created_at"),
        )?);
        let status = text(u, &["status"]).unwrap_or_else(|| "update".to_owned());
        d.push(
            stamp,
            Kind::Message,
            text(u, &["body"]),
            false,
            format!("Statuspage update \"{status}\", shown on the status page"),
        );
    }
    Ok(d)
}
