//! Read: the bytes of an incident file -> [`IncidentFile`], every value with its position.
//!
//! Only YAML and shape problems are found here (syntax, unknown fields, wrong
//! types); what the values mean is checked in `check`.

pub mod model;

use std::path::Path;

use serde_saphyr::{Budget, DuplicateKeyPolicy, Options};

use crate::diag::{Diagnostic, Pos};
pub use model::IncidentFile;

/// Largest incident file read, in bytes. Real ones are a few kilobytes; this
/// stops a pasted log or a runaway generator before any parsing work.
pub const MAX_FILE_BYTES: usize = 1024 * 1024;

/// The text of an input file and the name it is shown under in messages.
#[derive(Debug, Clone)]
pub struct Source {
    /// The path as the user gave it.
    pub name: String,
    /// The file's text, without a byte-order mark.
    pub text: String,
}

/// Why an input file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// The file could not be opened or read.
    #[error("{name}: cannot read the file: {source}")]
    Io {
        /// The path as given.
        name: String,
        /// What the system said.
        source: std::io::Error,
    },
    /// The file is not text, too large, or not valid YAML of the right shape.
    #[error("{name}: {}", diagnostic.message)]
    Invalid {
        /// The path as given.
        name: String,
        /// The text, when it could be decoded (for snippets).
        text: Option<String>,
        /// What is wrong, and where.
        diagnostic: Box<Diagnostic>,
    },
}

/// Reads a file from disk into a [`Source`]: UTF-8, BOM dropped, size-limited.
pub fn source(path: &Path) -> Result<Source, ReadError> {
    let name = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|source| ReadError::Io {
        name: name.clone(),
        source,
    })?;
    source_from_bytes(name, bytes)
}

/// Decodes the bytes of an incident file into a [`Source`].
pub fn source_from_bytes(name: String, bytes: Vec<u8>) -> Result<Source, ReadError> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(ReadError::Invalid {
            name,
            text: None,
            diagnostic: Box::new(Diagnostic::error(
                None,
                format!(
                    "the file is {} bytes; an incident file may be at most {MAX_FILE_BYTES} bytes",
                    bytes.len()
                ),
            )),
        });
    }
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(err) => {
            let valid = &err.as_bytes()[..err.utf8_error().valid_up_to()];
            let valid = String::from_utf8_lossy(valid);
            let line = valid.matches('\n').count() as u64 + 1;
            let column = valid.rsplit('\n').next().map_or(0, |l| l.chars().count()) as u64 + 1;
            return Err(ReadError::Invalid {
                name,
                text: None,
                diagnostic: Box::new(Diagnostic::error(
                    Some(Pos { line, column }),
                    "the file is not valid UTF-8; save it as UTF-8 text",
                )),
            });
        }
    };
    let text = match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_owned(),
        None => text,
    };
    Ok(Source { name, text })
}

/// Parses a [`Source`] as an incident file.
pub fn parse(source: &Source) -> Result<IncidentFile, Diagnostic> {
    let blank = source
        .text
        .lines()
        .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'));
    if blank {
        return Err(Diagnostic::error(
            Some(Pos { line: 1, column: 1 }),
            "the file is empty; expected an incident file (run `amends init` for a starter)",
        ));
    }
    serde_saphyr::from_str_with_options(&source.text, options()).map_err(|err| to_diagnostic(&err))
}

/// The parser's limits: generous for any real incident file, small enough
/// that alias bombs and deep nesting fail fast.
fn options() -> Options {
    let mut budget = Budget::default();
    budget.max_depth = 32;
    budget.max_documents = 1;
    budget.max_nodes = 100_000;
    budget.max_aliases = 1_000;
    budget.max_anchors = 1_000;
    budget.max_events = 200_000;
    budget.max_total_scalar_bytes = MAX_FILE_BYTES;
    budget.max_recorded_anchor_bytes = MAX_FILE_BYTES;
    let mut options = Options::default();
    options.budget = Some(budget);
    options.duplicate_keys = DuplicateKeyPolicy::Error;
    options.strict_booleans = true;
    options.with_snippet = false;
    options
}

/// Turns a serde-saphyr error into a diagnostic with clearer words.
fn to_diagnostic(err: &serde_saphyr::Error) -> Diagnostic {
    let pos = err.location().and_then(Pos::from_location);
    let mut message = err.without_snippet().render();
    // The position is shown in front; drop the parser's own copy of it.
    if let Some(at) = message.rfind(" at line ") {
        message.truncate(at);
    }
    let (message, hint) = explain(message);
    let diag = Diagnostic::error(pos, message);
    match hint {
        Some(hint) => diag.with_hint(hint),
        None => diag,
    }
}

/// Rewrites the parser's terse messages into what is wrong and what is expected.
fn explain(message: String) -> (String, Option<&'static str>) {
    let rewritten = match message.as_str() {
        "invalid u64" | "invalid u32" => {
            "expected a whole number of 0 or more (no quotes, no sign, no decimals)"
        }
        "expected string scalar" => "expected text here, not a list or a mapping",
        "expected mapping start" => "expected a mapping of `key: value` lines here",
        "invalid bool" | "invalid boolean" => "expected `true` or `false`",
        m if m.starts_with("cannot deserialize null into string") => {
            "this value is empty; expected text (or remove the key if it is optional)"
        }
        m if m.starts_with("duplicate mapping key") => {
            let key = m
                .trim_start_matches("duplicate mapping key: ")
                .split(',')
                .next()
                .unwrap_or("");
            return (
                format!("the key `{key}` appears twice in this mapping; keep one"),
                None,
            );
        }
        m if m.starts_with("externally tagged enum expected") => {
            "expected a single word here (one of the allowed values), not a list or a mapping"
        }
        m if m.starts_with("budget breached: ") => {
            let what = m.trim_start_matches("budget breached: ");
            let text = match what.split([' ', '{']).next().unwrap_or("") {
                "Documents" => {
                    "the file holds more than one YAML document (a `---` line between two); an incident file is one document"
                }
                "Depth" => "the file nests deeper than 32 levels; incident files are shallow",
                "Aliases" | "Anchors" => {
                    "the file uses more than 1,000 YAML aliases or anchors; incident files need few"
                }
                "Nodes" | "Events" => {
                    "the file has more than 100,000 values; an incident file has a few hundred"
                }
                "ScalarBytes" => "the file's text values add up to more than 1 MiB",
                _ => return (format!("the file exceeds a safety limit ({what})"), None),
            };
            return (text.to_owned(), None);
        }
        m if m.starts_with("unexpected end of input") => {
            return (
                "the file ends before the incident is complete".to_owned(),
                None,
            );
        }
        _ => {
            let hint = if message.contains("budget") || message.contains("limit") {
                Some(
                    "incident files are small; very deep nesting, many aliases or huge values are refused",
                )
            } else if message.starts_with("unknown field") {
                Some("field names are lower case with underscores; check the spelling")
            } else {
                None
            };
            return (message, hint);
        }
    };
    (rewritten.to_owned(), None)
}

/// Reads and parses a file: the stage's entry point.
pub fn load(path: &Path) -> Result<(Source, IncidentFile), ReadError> {
    let source = source(path)?;
    match parse(&source) {
        Ok(file) => Ok((source, file)),
        Err(diagnostic) => Err(ReadError::Invalid {
            name: source.name,
            text: Some(source.text),
            diagnostic: Box::new(diagnostic),
        }),
    }
}

/// Where a spanned value stands, when known.
pub fn pos<T>(value: &model::At<T>) -> Option<Pos> {
    Pos::from_location(value.referenced)
}
