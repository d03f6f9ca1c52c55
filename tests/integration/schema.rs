//! The incident file's JSON Schema (issue 16): published, and true to the
//! samples and the starter.

use crate::{amends, root, stderr, stdout};

fn schema() -> serde_json::Value {
    let text = std::fs::read_to_string(root().join("docs/incident.schema.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// A YAML incident file as the JSON document an editor validates.
fn as_json(yaml: &str) -> serde_json::Value {
    serde_saphyr::from_str(yaml).unwrap()
}

fn errors(yaml: &str) -> Vec<String> {
    let validator = jsonschema::validator_for(&schema()).unwrap();
    validator
        .iter_errors(&as_json(yaml))
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

#[test]
fn the_published_schema_is_the_generated_one() {
    let out = amends(&root(), &["schema"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let published = std::fs::read_to_string(root().join("docs/incident.schema.json")).unwrap();
    assert_eq!(
        stdout(&out),
        published,
        "docs/incident.schema.json is stale: run `amends schema > docs/incident.schema.json`"
    );
    assert_eq!(published, amends::read::schema::incident_schema());
}

#[test]
fn every_sample_validates() {
    let mut seen = 0;
    for entry in std::fs::read_dir(root().join("samples")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "yaml") {
            continue;
        }
        let yaml = std::fs::read_to_string(&path).unwrap();
        assert_eq!(errors(&yaml), Vec::<String>::new(), "{}", path.display());
        seen += 1;
    }
    assert!(seen >= 5, "only {seen} samples");
}

#[test]
fn the_schema_refuses_what_check_refuses() {
    let sample = std::fs::read_to_string(root().join("samples/major-within-control.yaml")).unwrap();
    // An unknown key, a severity that does not exist, a missing section.
    let unknown = sample.replacen("incident:\n", "incident:\n  colour: red\n", 1);
    assert_ne!(unknown, sample);
    assert!(
        errors(&unknown).iter().any(|e| e.contains("colour")),
        "{:?}",
        errors(&unknown)
    );
    let severity = sample.replacen("severity: major", "severity: huge", 1);
    assert_ne!(severity, sample);
    assert!(!errors(&severity).is_empty());
    let mut no_timeline = as_json(&sample);
    no_timeline.as_object_mut().unwrap().remove("timeline");
    let validator = jsonschema::validator_for(&schema()).unwrap();
    assert!(!validator.is_valid(&no_timeline));
}

#[test]
fn init_points_editors_at_the_schema_and_its_file_validates() {
    let dir = tempfile::tempdir().unwrap();
    let out = amends(dir.path(), &["init"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let written = std::fs::read_to_string(dir.path().join("incident.yaml")).unwrap();
    let first = written.lines().next().unwrap();
    assert_eq!(
        first,
        format!(
            "# yaml-language-server: $schema={}",
            amends::read::schema::SCHEMA_URL
        )
    );
    assert_eq!(errors(&written), Vec::<String>::new());
}
