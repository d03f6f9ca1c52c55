//! Import: an incident exported from an incident platform (the JSON its public
//! API returns, saved to a file) -> the text of an incident file to finish by hand.
//!
//! Each platform has its own file that reads its JSON into a [`draft::Draft`];
//! [`draft`] owns the mapping to the incident file: the order of events, the
//! choice between `customer_notified` and `update`, and the placeholders for
//! what no export knows (customer, contract, goodwill, root cause, actions).
//! amends never goes on the network: the user saves the export.

pub mod draft;
mod firehydrant;
mod incident_io;
mod json;
mod pagerduty;
mod rootly;
mod statuspage;
mod yaml;

use crate::diag::{Diagnostic, Pos};
use crate::read::MAX_FILE_BYTES;

/// The platforms `amends import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Rootly REST API v1 (JSON:API).
    Rootly,
    /// FireHydrant REST API v1.
    FireHydrant,
    /// incident.io API v2.
    IncidentIo,
    /// PagerDuty REST API v2.
    PagerDuty,
    /// Atlassian Statuspage REST API v1.
    Statuspage,
}

impl Format {
    /// The platform's name, as written in messages.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Format::Rootly => "Rootly",
            Format::FireHydrant => "FireHydrant",
            Format::IncidentIo => "incident.io",
            Format::PagerDuty => "PagerDuty",
            Format::Statuspage => "Statuspage",
        }
    }

    /// The value of `--from` that names it.
    #[must_use]
    pub fn flag(self) -> &'static str {
        match self {
            Format::Rootly => "rootly",
            Format::FireHydrant => "firehydrant",
            Format::IncidentIo => "incident-io",
            Format::PagerDuty => "pagerduty",
            Format::Statuspage => "statuspage",
        }
    }
}

/// Why an export could not be imported.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    /// The file is larger than any incident export.
    #[error(
        "the file holds more than {MAX_FILE_BYTES} bytes; an export may be at most {MAX_FILE_BYTES} bytes"
    )]
    TooLarge,
    /// The bytes are not JSON.
    #[error("{message}")]
    Json {
        /// Where serde_json stopped.
        pos: Option<Pos>,
        /// What it said, reworded.
        message: String,
    },
    /// Valid JSON, but not what the named platform returns.
    #[error("this is not {what}; expected {expected}")]
    NotFormat {
        /// "a Rootly export", ...
        what: String,
        /// The shape that was expected, with the endpoints to save.
        expected: &'static str,
    },
    /// The right shape, but a value cannot be used.
    #[error("`{path}`: {message}")]
    Value {
        /// Where in the JSON, as a dotted path.
        path: String,
        /// What is wrong and what is expected.
        message: String,
    },
}

impl ImportError {
    /// The error as a diagnostic, with its position when known.
    #[must_use]
    pub fn diagnostic(&self) -> Diagnostic {
        let pos = match self {
            ImportError::Json { pos, .. } => *pos,
            _ => None,
        };
        Diagnostic::error(pos, self.to_string())
    }
}

/// What an import produced: the incident file's text and a one-line account.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The incident file, YAML with comments.
    pub yaml: String,
    /// Events mapped into the timeline.
    pub events: usize,
    /// Of those, marked `internal: true`.
    pub internal: usize,
    /// Values left for the writer (each fails `amends check` until written).
    pub placeholders: usize,
    /// Entries of the export that carried nothing to map (no time or no text).
    pub skipped: usize,
}

/// Reads an export of `format` and writes the incident file it becomes;
/// `name` is the file's name as given, quoted in the file's header.
pub fn import(format: Format, name: &str, bytes: &[u8]) -> Result<Imported, ImportError> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(ImportError::TooLarge);
    }
    let value = json::parse(bytes)?;
    let draft = match format {
        Format::Rootly => rootly::draft(&value),
        Format::FireHydrant => firehydrant::draft(&value),
        Format::IncidentIo => incident_io::draft(&value),
        Format::PagerDuty => pagerduty::draft(&value),
        Format::Statuspage => statuspage::draft(&value),
    }?;
    Ok(draft.write(format, name))
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use serde_json::Value;

    use super::*;

    const ALL: [Format; 5] = [
        Format::Rootly,
        Format::FireHydrant,
        Format::IncidentIo,
        Format::PagerDuty,
        Format::Statuspage,
    ];

    /// Keys the importers look for, so random documents reach deep into them.
    const KEYS: [&str; 24] = [
        "incident",
        "events",
        "data",
        "attributes",
        "type",
        "started_at",
        "resolved_at",
        "occurred_at",
        "visibility",
        "event",
        "milestones",
        "lifecycle_phases",
        "reference",
        "incident_timestamp_values",
        "value",
        "incident_number",
        "log_entries",
        "notes",
        "created_at",
        "incident_updates",
        "name",
        "body",
        "display_at",
        "services",
    ];

    fn json() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(Value::from),
            prop_oneof![
                Just("2026-07-02T13:42:00Z".to_owned()),
                Just("2026-07-02T13:42:00".to_owned()),
                Just("incidents".to_owned()),
                Just("external".to_owned()),
                Just("open_to_public".to_owned()),
                Just("incident".to_owned()),
                "\\PC{0,12}",
            ]
            .prop_map(Value::String),
        ];
        leaf.prop_recursive(5, 64, 6, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
                prop::collection::vec((prop::sample::select(&KEYS[..]), inner), 0..6).prop_map(
                    |pairs| Value::Object(
                        pairs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect()
                    )
                ),
            ]
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]
        /// No document makes an importer panic, and whatever is written is YAML.
        #[test]
        fn any_document_is_imported_or_refused(doc in json()) {
            let bytes = doc.to_string().into_bytes();
            for format in ALL {
                if let Ok(imported) = import(format, "x.json", &bytes) {
                    let parsed: Result<Value, _> = serde_saphyr::from_str(&imported.yaml);
                    prop_assert!(parsed.is_ok(), "{format:?}: {}", imported.yaml);
                }
            }
        }

        /// Nor do arbitrary bytes.
        #[test]
        fn any_bytes_are_refused_without_panic(bytes in prop::collection::vec(any::<u8>(), 0..64)) {
            for format in ALL {
                let _ = import(format, "x.json", &bytes);
            }
        }
    }

    #[test]
    fn every_fixture_imports_as_yaml_and_only_as_its_own_format() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import");
        for own in ALL {
            let bytes = std::fs::read(dir.join(format!("{}.json", own.flag()))).unwrap();
            for format in ALL {
                let result = import(format, "f.json", &bytes);
                if format == own {
                    let yaml = result.unwrap().yaml;
                    let parsed: Value = serde_saphyr::from_str(&yaml).unwrap();
                    assert_eq!(parsed["format"], Value::from(1));
                } else {
                    assert!(
                        matches!(result, Err(ImportError::NotFormat { .. })),
                        "{own:?} read as {format:?}"
                    );
                }
            }
        }
    }

    /// Every text of every fixture replaced by hostile text (times kept):
    /// the import succeeds and the YAML reads back the same text.
    #[test]
    fn hostile_texts_in_real_exports_stay_text() {
        fn replace(v: &mut Value, with: &str) {
            match v {
                Value::String(s) if crate::check::scalars::instant(s).is_err() => {
                    *s = with.to_owned();
                }
                Value::Array(items) => items.iter_mut().for_each(|i| replace(i, with)),
                Value::Object(map) => map.iter_mut().for_each(|(k, i)| {
                    // Keep what decides the shape and the mapping.
                    if !["type", "visibility", "severity", "impact"].contains(&k.as_str()) {
                        replace(i, with);
                    }
                }),
                _ => {}
            }
        }
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import");
        let hostile = [
            "\"\n  injected: true\n#",
            "line\r\nbreak\u{2028}sep\u{85}nel",
            "- [a, b]: {c: d}",
            "*alias &anchor !!binary |",
            "\u{feff}\u{0}\u{7f}\u{9f}",
        ];
        for format in ALL {
            let text = std::fs::read(dir.join(format!("{}.json", format.flag()))).unwrap();
            for h in hostile {
                let mut doc: Value = serde_json::from_slice(&text).unwrap();
                replace(&mut doc, h);
                let imported = import(format, h, doc.to_string().as_bytes()).unwrap();
                let parsed: Value = serde_saphyr::from_str(&imported.yaml).unwrap();
                // Titles keep their line breaks; event texts are one line.
                assert_eq!(
                    parsed["report"]["title"].as_str(),
                    Some(h.trim()),
                    "{format:?}"
                );
                let inline = super::yaml::one_line(h);
                let texts: Vec<&str> = parsed["timeline"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|e| e["text"].as_str().unwrap())
                    .collect();
                assert!(texts.contains(&inline.as_str()), "{format:?}: {texts:?}");
                assert!(texts.iter().all(|t| !t.contains(['\n', '\r'])), "{texts:?}");
                assert_eq!(parsed["report"]["status"], "draft");
                assert!(parsed.get("injected").is_none());
            }
        }
    }
}
