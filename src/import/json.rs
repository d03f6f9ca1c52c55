//! Reading the exported JSON: parsing with positions, and small accessors
//! that treat a missing key, `null` and an empty string alike.

use chrono::{DateTime, FixedOffset};
use serde_json::Value;

use super::ImportError;
use crate::diag::Pos;

/// Parses the export; a syntax error keeps serde_json's line and column.
pub fn parse(bytes: &[u8]) -> Result<Value, ImportError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    serde_json::from_slice(bytes).map_err(|err| {
        let pos = (err.line() > 0).then(|| Pos {
            line: err.line() as u64,
            column: err.column().max(1) as u64,
        });
        let what = match err.classify() {
            serde_json::error::Category::Eof => "the file ends before the JSON is complete",
            serde_json::error::Category::Io => "the file could not be read",
            _ => "the file is not valid JSON",
        };
        let detail = err.to_string();
        let detail = detail.split(" at line ").next().unwrap_or_default();
        ImportError::Json {
            pos,
            message: format!(
                "{what} ({detail}); expected the JSON an incident platform's API returns"
            ),
        }
    })
}

/// The value at a path of object keys, if every step exists.
pub fn at<'a>(value: &'a Value, path: &[&str]) -> Option<&'a Value> {
    path.iter().try_fold(value, |v, key| v.get(key))
}

/// Non-empty text at a path (trimmed); numbers are written out, as ids often are.
pub fn text(value: &Value, path: &[&str]) -> Option<String> {
    match at(value, path)? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_owned()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The array at a path; a missing key or `null` is an empty list.
pub fn list<'a>(value: &'a Value, path: &[&str], shown: &str) -> Result<&'a [Value], ImportError> {
    match at(value, path) {
        None | Some(Value::Null) => Ok(&[]),
        Some(Value::Array(items)) => Ok(items),
        Some(_) => Err(ImportError::Value {
            path: shown.to_owned(),
            message: "expected a list".to_owned(),
        }),
    }
}

/// A time found in the export: the instant, and its text as the API wrote it
/// (the offset kept).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stamp {
    /// For ordering.
    pub at: DateTime<FixedOffset>,
    /// RFC 3339, as exported.
    pub text: String,
}

/// The time at a path: `None` when missing or `null`, an error when it is not
/// an RFC 3339 time with an offset (the same rule as the incident file's).
pub fn time(value: &Value, path: &[&str], shown: &str) -> Result<Option<Stamp>, ImportError> {
    match at(value, path) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
        Some(Value::String(s)) => {
            let s = s.trim();
            crate::check::scalars::instant(s)
                .map(|at| {
                    Some(Stamp {
                        at,
                        text: s.to_owned(),
                    })
                })
                .map_err(|message| ImportError::Value {
                    path: shown.to_owned(),
                    message,
                })
        }
        Some(_) => Err(ImportError::Value {
            path: shown.to_owned(),
            message: "expected an RFC 3339 time as text, e.g. \"2026-07-02T13:42:00Z\"".to_owned(),
        }),
    }
}

/// Whether a value is a JSON object.
pub fn is_object(value: Option<&Value>) -> bool {
    value.is_some_and(Value::is_object)
}
