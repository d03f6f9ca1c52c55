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
    #[error("the file is {0} bytes; an export may be at most {MAX_FILE_BYTES} bytes")]
    TooLarge(usize),
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
        return Err(ImportError::TooLarge(bytes.len()));
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
