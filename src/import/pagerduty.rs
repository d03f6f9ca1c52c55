//! PagerDuty (REST API v2): `GET /incidents/{id}` (`{"incident": ...}`),
//! optionally merged with `GET /incidents/{id}/log_entries` (`{"log_entries": [...]}`),
//! `GET /incidents/{id}/notes` (`{"notes": [...]}`) and
//! `GET /incidents/{id}/status_updates` (`{"status_updates": [...]}`) into one object.

use serde_json::Value;

use super::ImportError;
use super::draft::{Draft, Kind, SeverityFound};
use super::json::{list, text, time};

const EXPECTED: &str = "the response of PagerDuty's `GET /incidents/{id}` (an object with \
    `incident.incident_number`), optionally merged with the responses of \
    `GET /incidents/{id}/log_entries`, `/notes` and `/status_updates`";

/// Reads a PagerDuty export.
pub fn draft(value: &Value) -> Result<Draft, ImportError> {
    let incident = value.get("incident").filter(|i| {
        i.is_object()
            && (i.get("incident_number").is_some_and(Value::is_number)
                || i.get("type").is_some_and(|t| t == "incident"))
    });
    let Some(incident) = incident else {
        return Err(ImportError::NotFormat {
            what: "a PagerDuty export".to_owned(),
            expected: EXPECTED,
        });
    };
    let mut d = Draft::new();
    d.id = text(incident, &["incident_number"]).map(|n| format!("PD-{n}"));
    d.title = text(incident, &["title"]);
    let scale: Vec<String> = [
        text(incident, &["priority", "summary"]).map(|p| format!("priority {p}")),
        text(incident, &["urgency"]).map(|u| format!("urgency {u}")),
    ]
    .into_iter()
    .flatten()
    .collect();
    d.severity = SeverityFound::Unknown((!scale.is_empty()).then(|| scale.join(", ")));
    d.services.extend(text(incident, &["service", "summary"]));
    d.keep("description", text(incident, &["description"]));
    let notes = list(value, &["notes"], "notes")?;
    for (i, e) in list(value, &["log_entries"], "log_entries")?
        .iter()
        .enumerate()
    {
        let kind_name = text(e, &["type"]).unwrap_or_default();
        let stamp = time(e, &["created_at"], &format!("log_entries[{i}].created_at"))?;
        let summary = text(e, &["summary"]).unwrap_or_else(|| kind_name.clone());
        let origin = format!("PagerDuty {kind_name}: {summary}");
        let milestone = match kind_name.as_str() {
            "trigger_log_entry" => Some((Kind::Detected, "The problem was detected.")),
            "acknowledge_log_entry" => Some((Kind::Acknowledged, "The incident was acknowledged.")),
            "resolve_log_entry" => Some((Kind::Resolved, "The incident was resolved.")),
            _ => None,
        };
        match milestone {
            Some((kind, said)) => d.push(stamp, kind, Some(said.to_owned()), false, origin),
            // The same notes come from /notes, with their full text.
            None if kind_name == "annotate_log_entry" && !notes.is_empty() => d.skipped += 1,
            None if kind_name == "annotate_log_entry" => {
                let said = text(e, &["channel", "summary"]).unwrap_or(summary);
                d.push(stamp, Kind::Note, Some(said), true, origin);
            }
            None => d.push(stamp, Kind::Note, Some(summary), true, origin),
        }
    }
    for (i, n) in notes.iter().enumerate() {
        let stamp = time(n, &["created_at"], &format!("notes[{i}].created_at"))?;
        let by = text(n, &["user", "summary"]).unwrap_or_else(|| "a responder".to_owned());
        d.push(
            stamp,
            Kind::Note,
            text(n, &["content"]),
            true,
            format!("PagerDuty note by {by}"),
        );
    }
    for (i, u) in list(value, &["status_updates"], "status_updates")?
        .iter()
        .enumerate()
    {
        let path = format!("status_updates[{i}]");
        let stamp = time(u, &["created_at"], &format!("{path}.created_at"))?.or(time(
            u,
            &["sent_at"],
            &format!("{path}.sent_at"),
        )?);
        d.push(
            stamp,
            Kind::Note,
            text(u, &["message"]),
            true,
            "PagerDuty status update, sent to the incident's subscribers: if the customer \
             received it, make it `event: update` and remove `internal`"
                .to_owned(),
        );
    }
    Ok(d)
}
