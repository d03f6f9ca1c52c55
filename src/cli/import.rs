//! `amends import`: an incident platform's export -> a new incident file.

use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};

use super::exit::{CommandResult, Outcome};
use super::output::{self, Stream, emit, fail, print_diagnostics, print_error};
use crate::{diag, read, write};

/// The platforms `import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ImportFormat {
    /// Rootly: GET /v1/incidents/{id} (+ /events).
    Rootly,
    /// FireHydrant: GET /v1/incidents/{id} (+ /events).
    #[value(name = "firehydrant")]
    FireHydrant,
    /// incident.io: GET /v2/incidents/{id} (+ incident_updates, incident_timeline_items).
    #[value(name = "incident-io")]
    IncidentIo,
    /// PagerDuty: GET /incidents/{id} (+ log_entries, notes, status_updates).
    #[value(name = "pagerduty")]
    PagerDuty,
    /// Atlassian Statuspage: GET /v1/pages/{page_id}/incidents/{incident_id}.
    Statuspage,
}

impl ImportFormat {
    /// The library's name for it.
    fn format(self) -> crate::import::Format {
        use crate::import::Format;
        match self {
            ImportFormat::Rootly => Format::Rootly,
            ImportFormat::FireHydrant => Format::FireHydrant,
            ImportFormat::IncidentIo => Format::IncidentIo,
            ImportFormat::PagerDuty => Format::PagerDuty,
            ImportFormat::Statuspage => Format::Statuspage,
        }
    }
}

/// Turn an incident exported from an incident platform (its API's JSON) into an incident file to finish.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The platform the export comes from (docs/import.md: which endpoints to save).
    #[arg(long, value_enum)]
    pub from: ImportFormat,
    /// The exported JSON, saved from the platform's API (amends never goes on the network).
    pub file: PathBuf,
    /// Where to write the incident file (never over an existing file); default: standard output.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
}

/// `amends import`.
pub(super) fn run(args: &ImportArgs) -> CommandResult {
    import(args.from, &args.file, args.output.as_deref())
}

/// Reads the export, writes the incident file, says what is left to do.
fn import(from: ImportFormat, file: &Path, output: Option<&Path>) -> CommandResult {
    let name = crate::read::display_name(file);
    let output = super::stdio::file_output(output);
    let source = match read::read_limited(file, read::Input::Export) {
        Ok(source) => source,
        Err(err) => {
            print_error(&name, &crate::Error::Read(err));
            return Ok(Outcome::Failure);
        }
    };
    let imported = match crate::import::import(from.format(), &name, source.text.as_bytes()) {
        Ok(imported) => imported,
        Err(err) => {
            print_diagnostics(&name, Some(&source.text), &[err.diagnostic()]);
            return Ok(Outcome::Failure);
        }
    };
    let written = match output {
        None => {
            emit(Stream::Out, format_args!("{}", imported.yaml));
            "standard output".to_owned()
        }
        Some(path) => match write::atomic_create(path, imported.yaml.as_bytes()) {
            Ok(()) => {
                output::list_written(&[path.to_path_buf()], None, Path::new("."));
                diag::escape(&path.display().to_string()).to_string()
            }
            Err(write::WriteError::Exists { .. }) => {
                fail(
                    &path.display().to_string(),
                    "the file already exists; amends import never replaces a file",
                );
                return Ok(Outcome::Failure);
            }
            Err(e) => {
                fail(&path.display().to_string(), e.to_string());
                return Ok(Outcome::Failure);
            }
        },
    };
    inform!(
        "{}: imported {} event{} ({} internal){} to {written}; fill in the {} FILL IN value{}, then run `amends check`",
        diag::escape(&name),
        imported.events,
        if imported.events == 1 { "" } else { "s" },
        imported.internal,
        match imported.skipped {
            0 => String::new(),
            n => format!(
                ", left out {n} entr{} with no time, no text or a copy elsewhere",
                if n == 1 { "y" } else { "ies" }
            ),
        },
        imported.placeholders,
        if imported.placeholders == 1 { "" } else { "s" },
    );
    Ok(Outcome::Success)
}
