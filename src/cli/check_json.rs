//! `amends check --format json`: one document for every file checked, for CI.

use serde_json::{Value, json};

use crate::Error;
use crate::check::Report;
use crate::read::ReadError;

/// Version of the check document's layout (docs/json.md).
pub const CHECK_JSON_VERSION: u32 = 1;

/// The result of checking one file: valid or not, and every diagnostic.
#[must_use]
pub fn file_result(name: &str, result: Result<&Report, &Error>) -> Value {
    match result {
        Ok(report) => json!({ "file": name, "valid": true, "diagnostics": report.warnings }),
        Err(Error::Invalid { diagnostics, .. }) => {
            json!({ "file": name, "valid": false, "diagnostics": diagnostics })
        }
        Err(Error::Read(ReadError::Invalid { diagnostic, .. })) => {
            json!({ "file": name, "valid": false, "diagnostics": [diagnostic] })
        }
        Err(other) => json!({
            "file": name,
            "valid": false,
            "diagnostics": [{ "severity": "error", "message": other.to_string() }],
        }),
    }
}

/// The whole document.
#[must_use]
pub fn document(files: Vec<Value>) -> String {
    let doc = json!({ "amends_check": CHECK_JSON_VERSION, "files": files });
    serde_json::to_string_pretty(&doc).unwrap_or_default()
}
