//! Rootly (REST API v1, JSON:API): `GET /v1/incidents/{id}` and, optionally,
//! `GET /v1/incidents/{id}/events`, saved as `{"incident": ..., "events": ...}`
//! (or the incident response alone).

use serde_json::Value;

use super::ImportError;
use super::draft::{Draft, Kind, SeverityFound};
use super::json::{at, is_object, list, text, time};

const EXPECTED: &str = "the JSON:API response of Rootly's `GET /v1/incidents/{id}` \
    (an object with `data.type` \"incidents\" and `data.attributes`), or \
    {\"incident\": that response, \"events\": the response of `GET /v1/incidents/{id}/events`}";

/// Reads a Rootly export.
pub fn draft(value: &Value) -> Result<Draft, ImportError> {
    let (incident, events) = if is_object(at(value, &["incident", "data", "attributes"])) {
        (&value["incident"], value.get("events"))
    } else {
        (value, None)
    };
    let is_incident = is_object(at(incident, &["data", "attributes"]))
        && at(incident, &["data", "type"]).is_none_or(|t| t == "incidents");
    if !is_incident {
        return Err(ImportError::NotFormat {
            what: "a Rootly export".to_owned(),
            expected: EXPECTED,
        });
    }
    let a = &incident["data"]["attributes"];
    let mut d = Draft::new();
    d.id = text(a, &["sequential_id"])
        .map(|n| format!("INC-{n}"))
        .or_else(|| text(a, &["slug"]));
    d.title = text(a, &["title"]);
    // Rootly's severity has a name (SEV1) and a level: critical | high | medium | low.
    let sev = at(a, &["severity", "data", "attributes"]).unwrap_or(&Value::Null);
    let (level, name) = (text(sev, &["severity"]), text(sev, &["name"]));
    d.severity = match SeverityFound::from_name(level.clone()) {
        SeverityFound::Known(word, said) => SeverityFound::Known(word, name.unwrap_or(said)),
        SeverityFound::Unknown(_) => SeverityFound::Unknown(match (name, level) {
            (Some(n), Some(l)) => Some(format!("{n}, {l}")),
            (n, l) => n.or(l),
        }),
    };
    for (i, s) in list(a, &["services"], "data.attributes.services")?
        .iter()
        .enumerate()
    {
        let name = text(s, &["data", "attributes", "name"]).or_else(|| text(s, &["name"]));
        match name {
            Some(name) => d.services.push(name),
            None => {
                return Err(ImportError::Value {
                    path: format!("data.attributes.services[{i}]"),
                    message: "expected a service with `data.attributes.name`".to_owned(),
                });
            }
        }
    }
    d.keep("summary", text(a, &["summary"]));
    let milestones = [
        ("started_at", Kind::Started, None, "The incident began."),
        (
            "detected_at",
            Kind::Detected,
            None,
            "The problem was detected.",
        ),
        (
            "acknowledged_at",
            Kind::Acknowledged,
            None,
            "The incident was acknowledged.",
        ),
        (
            "mitigated_at",
            Kind::Mitigated,
            Some("mitigation_message"),
            "The impact was mitigated.",
        ),
        (
            "resolved_at",
            Kind::Resolved,
            Some("resolution_message"),
            "The incident was resolved.",
        ),
    ];
    for (key, kind, message, default) in milestones {
        let shown = format!("data.attributes.{key}");
        let stamp = time(a, &[key], &shown)?;
        let said = message.and_then(|m| text(a, &[m]));
        d.push(
            stamp,
            kind,
            Some(said.unwrap_or_else(|| default.to_owned())),
            false,
            format!("Rootly {shown}"),
        );
    }
    if let Some(events) = events {
        for (i, e) in list(events, &["data"], "events.data")?.iter().enumerate() {
            let path = format!("events.data[{i}].attributes");
            let Some(ea) = e.get("attributes").filter(|v| v.is_object()) else {
                return Err(ImportError::Value {
                    path: format!("events.data[{i}]"),
                    message: "expected an incident event with `attributes`".to_owned(),
                });
            };
            let stamp = time(ea, &["occurred_at"], &format!("{path}.occurred_at"))?.or(time(
                ea,
                &["created_at"],
                &format!("{path}.created_at"),
            )?);
            let external = text(ea, &["visibility"]).as_deref() == Some("external");
            let (kind, what) = if external {
                (Kind::Message, "external")
            } else {
                (Kind::Note, "internal")
            };
            d.push(
                stamp,
                kind,
                text(ea, &["event"]),
                !external,
                format!("Rootly event ({what})"),
            );
        }
    }
    Ok(d)
}
