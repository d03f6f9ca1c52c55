//! The YAML customers file's JSON Schema (issue 16): published, generated
//! from the reader's own model, and true to what `render --customers` reads.

use std::fs;
use std::path::Path;

use serde_json::{Map, Value, json};

use crate::{amends, root, stderr, stdout};

fn schema() -> Value {
    let text = fs::read_to_string(root().join("docs/customers.schema.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn errors(doc: &Value) -> Vec<String> {
    let validator = jsonschema::validator_for(&schema()).unwrap();
    validator
        .iter_errors(doc)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

/// The rows of a CSV customers file in the YAML file's shape: each row a
/// map of its non-empty cells (an empty cell is an absent value).
fn csv_as_yaml_shape(path: &Path) -> Value {
    let mut reader = csv::Reader::from_path(path).unwrap();
    let header = reader.headers().unwrap().clone();
    let rows: Vec<Value> = reader
        .records()
        .map(|row| {
            let row = row.unwrap();
            let cells: Map<String, Value> = header
                .iter()
                .zip(row.iter())
                .filter(|(_, v)| !v.is_empty())
                .map(|(k, v)| (k.to_owned(), Value::String(v.to_owned())))
                .collect();
            Value::Object(cells)
        })
        .collect();
    assert!(rows.len() >= 10, "{}: {} rows", path.display(), rows.len());
    json!({ "customers": rows })
}

/// Renders the batch sample's incident with `customers` (a YAML text) as
/// its customers file, Markdown only; the run's output.
fn render_with(dir: &Path, customers: &str) -> std::process::Output {
    let file = dir.join("customers.yaml");
    fs::write(&file, customers).unwrap();
    let incident = root().join("samples/batch/incident.yaml");
    amends(
        dir,
        &[
            "render",
            incident.to_str().unwrap(),
            "--customers",
            file.to_str().unwrap(),
            "--format",
            "md",
            "--out",
            dir.join("letters").to_str().unwrap(),
        ],
    )
}

#[test]
fn the_published_customers_schema_is_the_generated_one() {
    let out = amends(&root(), &["schema", "--customers"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let published = fs::read_to_string(root().join("docs/customers.schema.json")).unwrap();
    assert_eq!(
        stdout(&out),
        published,
        "docs/customers.schema.json is stale: run `amends schema --customers > docs/customers.schema.json`"
    );
    assert_eq!(published, amends::batch::customers::customers_schema());
    // It is not the incident file's.
    assert_ne!(published, amends::read::schema::incident_schema());
}

#[test]
fn every_customers_sample_validates_and_renders_in_the_yaml_shape() {
    let mut seen = 0;
    for entry in fs::read_dir(root().join("samples/batch")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if !name.contains("customers") {
            continue;
        }
        let doc = match path.extension().and_then(|e| e.to_str()) {
            Some("csv") => csv_as_yaml_shape(&path),
            Some("yaml" | "yml") => {
                serde_saphyr::from_str(&fs::read_to_string(&path).unwrap()).unwrap()
            }
            _ => continue,
        };
        assert_eq!(errors(&doc), Vec::<String>::new(), "{name}");
        // What the schema accepts, amends reads: the same customers as YAML
        // render (JSON is YAML).
        let dir = tempfile::tempdir().unwrap();
        let out = render_with(dir.path(), &serde_json::to_string_pretty(&doc).unwrap());
        assert!(out.status.success(), "{name}: {}", stderr(&out));
        seen += 1;
    }
    assert!(seen >= 1, "no customers sample in samples/batch");
}

/// A YAML customers file using what only YAML can hold, with numbers
/// where YAML writers put them.
const YAML_ONLY: &str = "\
customers:
  - id: C1
    name: Lumen Books Ltd.
    contact: Priya Raman
    language: en
    customer_since: 2016-04-01
    contract:
      currency: EUR
      monthly_fee: 1200.50
      sla:
        availability_target: 99.9
        credits:
          - {below: 99.9, credit_percent: 10}
    services: [HTTP proxy]
    windows:
      - {from: 2019-07-02T13:42:00Z, to: 2019-07-02T14:00:00Z, kind: outage}
    affected_users: 120
    failed_requests: 3400
    goodwill_days: 3
  - id: C2
    name: Northwind Traders
    currency: USD
    monthly_fee: 7500
    plan: premium
    region: eu
    goodwill_percent: 2.5
";

#[test]
fn yaml_only_fields_validate_and_render() {
    let doc: Value = serde_saphyr::from_str(YAML_ONLY).unwrap();
    assert_eq!(errors(&doc), Vec::<String>::new());
    let dir = tempfile::tempdir().unwrap();
    let out = render_with(dir.path(), YAML_ONLY);
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn the_schema_refuses_what_the_reader_refuses() {
    let dir = tempfile::tempdir().unwrap();
    for (broken, what) in [
        (
            YAML_ONLY.replacen("    contact: Priya Raman\n", "    colour: red\n", 1),
            "colour",
        ),
        (YAML_ONLY.replacen("  - id: C1\n", "  - \n", 1), "id"),
        (
            YAML_ONLY.replacen("affected_users: 120", "affected_users: many", 1),
            "many",
        ),
        (format!("{YAML_ONLY}letters: 2\n"), "letters"),
    ] {
        assert_ne!(broken, YAML_ONLY, "{what}");
        let doc: Value = serde_saphyr::from_str(&broken).unwrap();
        let found = errors(&doc);
        assert!(found.iter().any(|e| e.contains(what)), "{what}: {found:?}");
        let out = render_with(dir.path(), &broken);
        assert_eq!(out.status.code(), Some(1), "{what}: {}", stderr(&out));
    }
}
