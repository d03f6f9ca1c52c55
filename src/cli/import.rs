//! `amends import`: an incident platform's export -> a new incident file.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};

use super::exit::{CommandResult, Outcome};
use super::output::print_diagnostics;

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
    let bytes = match read_bounded(file) {
        Ok(bytes) => bytes,
        Err(e) => {
            eprintln!("{name}: error: cannot read the file: {e}");
            return Ok(Outcome::Failure);
        }
    };
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let imported = match crate::import::import(from.format(), &name, &bytes) {
        Ok(imported) => imported,
        Err(err) => {
            print_diagnostics(&name, Some(&text), &[err.diagnostic()]);
            return Ok(Outcome::Failure);
        }
    };
    let written = match output {
        None => {
            print!("{}", imported.yaml);
            "standard output".to_owned()
        }
        Some(path) => match write_new(path, imported.yaml.as_bytes()) {
            Ok(()) => {
                println!("{}", path.display());
                path.display().to_string()
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                eprintln!(
                    "error: {} already exists; amends import never replaces a file",
                    path.display()
                );
                return Ok(Outcome::Failure);
            }
            Err(e) => {
                eprintln!("error: cannot write {}: {e}", path.display());
                return Ok(Outcome::Failure);
            }
        },
    };
    eprintln!(
        "{name}: imported {} event{} ({} internal){} to {written}; fill in the {} FILL IN value{}, then run `amends check`",
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

/// Reads at most one byte more than an export may hold, so a huge file is
/// refused without reading it all.
fn read_bounded(path: &Path) -> std::io::Result<Vec<u8>> {
    use std::io::Read as _;
    let mut bytes = Vec::new();
    let input: Box<dyn std::io::Read> = if crate::read::is_stdin(path) {
        Box::new(std::io::stdin().lock())
    } else {
        Box::new(std::fs::File::open(path)?)
    };
    input
        .take(crate::read::MAX_FILE_BYTES as u64 + 1)
        .read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// Writes a new file atomically and never over an existing one: a temporary
/// file beside it, then a hard link to the name (which fails if the name is
/// taken). Where links are not supported, an exclusive create instead.
fn write_new(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let (dir, file_name) = crate::write::folder_and_name(path);
    let temp = dir.join(format!(".{file_name}.amends-{}.tmp", std::process::id()));
    // A failure to make the temporary file is not "the target exists".
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&temp)
        .map_err(|e| std::io::Error::other(format!("{}: {e}", temp.display())))?;
    let result = file
        .write_all(bytes)
        .and_then(|()| file.sync_all())
        .and_then(|()| std::fs::hard_link(&temp, path));
    drop(file);
    let _ = std::fs::remove_file(&temp);
    match result {
        Err(e) if e.kind() == std::io::ErrorKind::Unsupported => std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(path)
            .and_then(|mut f| f.write_all(bytes)),
        other => other,
    }
}
