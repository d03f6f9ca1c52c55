//! The JSON Schema of the incident file, generated from the read model so
//! that it never drifts from what `read` accepts (`amends schema`,
//! docs/incident.schema.json, editors through yaml-language-server).

use std::borrow::Cow;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};

use super::model::IncidentFile;

/// Where the published schema is found, for the `# yaml-language-server:
/// $schema=` line `amends init` writes. A placeholder until the public
/// repository exists (as Cargo.toml's `repository`); README, "Editors".
pub const SCHEMA_URL: &str = "https://example.invalid/amends/docs/incident.schema.json";

/// A decimal written as text or as a YAML number (`monthly_fee: "5000.00"`
/// or `availability_target: 99.9`): check parses both exactly.
pub struct DecimalText;

impl JsonSchema for DecimalText {
    fn schema_name() -> Cow<'static, str> {
        "DecimalText".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A decimal number, as text (\"5000.00\") or as a number (99.9).",
            "type": ["string", "number"]
        })
    }
}

/// The incident file's JSON Schema, pretty-printed with a final newline:
/// the same bytes as docs/incident.schema.json.
#[must_use]
pub fn incident_schema() -> String {
    published(
        schemars::schema_for!(IncidentFile),
        "amends incident file (format 1)",
    )
}

/// A schema as published in docs/: titled, pretty-printed, a final newline.
#[must_use]
pub fn published(mut schema: Schema, title: &str) -> String {
    schema.insert("title".to_owned(), title.into());
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}
