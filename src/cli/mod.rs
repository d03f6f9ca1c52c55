//! The command line: clap arguments -> resolved settings -> the library, and
//! results -> messages and an exit code.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};

use chrono::{DateTime, NaiveDate, Utc};
use clap::{Parser, Subcommand, ValueEnum};

use crate::Error;
use crate::check::{Settings, Status};
use crate::diag::{self, Diagnostic, Severity};
use crate::read::{self, ReadError};
use crate::render::Templates;
use crate::render::pdf::{Paper, PdfOptions};
use crate::render::templates::BUILTIN;
use crate::write::{self, Output};
pub use import::ImportFormat;

mod batch;
mod import;
mod manual;

/// Whether messages on standard error are coloured (`--color`, NO_COLOR).
static COLOR: AtomicBool = AtomicBool::new(false);

/// Set when writing to standard output or error failed for a reason other
/// than a closed pipe (a full disk, say): the run then exits 1.
static OUTPUT_FAILED: AtomicBool = AtomicBool::new(false);

/// Which standard stream a line goes to.
#[derive(Clone, Copy)]
enum Stream {
    Out,
    Err,
}

/// Writes text to standard output or error: the one place output failures
/// are handled. A closed pipe (`amends assess f | head -0`) is not an error:
/// the rest of the text is dropped quietly and the command finishes with its
/// usual exit code; any other failure makes the run exit 1.
fn emit(stream: Stream, text: std::fmt::Arguments<'_>) {
    let result = match stream {
        Stream::Out => std::io::stdout().lock().write_fmt(text),
        Stream::Err => std::io::stderr().lock().write_fmt(text),
    };
    if let Err(err) = result
        && err.kind() != std::io::ErrorKind::BrokenPipe
    {
        OUTPUT_FAILED.store(true, Ordering::Relaxed);
    }
}

/// A line on standard output, through [`emit`].
macro_rules! say {
    ($($arg:tt)*) => { emit(Stream::Out, format_args!("{}\n", format_args!($($arg)*))) };
}

/// A line on standard error, through [`emit`].
macro_rules! tell {
    ($($arg:tt)*) => { emit(Stream::Err, format_args!("{}\n", format_args!($($arg)*))) };
}

/// The fully commented starter incident file written by `amends init`.
pub const STARTER: &str = include_str!("../../samples/starter.yaml");

const AFTER_HELP: &str = "\
Examples:
  amends init incident.yaml                 start a new incident file
  amends check incident.yaml                validate it; nothing is written
  amends lint incident.yaml --deny warnings review the letter's wording; fail on any finding
  amends assess incident.yaml               recovery outlook, for the account manager only
  amends render incident.yaml --out out/    write out/<report.id>.md, .json and .pdf
  amends pdf out/INC-2026-0142.md           typeset an edited Markdown report again
  amends diff draft-2.yaml draft-3.yaml     what changed between two drafts, as a redline
  amends templates dump my-templates/       copy the built-in templates to edit
  amends render incident.yaml --templates my-templates/
  amends import --from pagerduty pd.json -o incident.yaml   start from a platform's export

Exit codes:
  0  success (warnings may have been printed)
  1  an input file is invalid or could not be read, a template failed,
     or an output could not be written; every problem is listed on stderr
  2  usage error: unknown command or option, bad option value

Environment:
  SOURCE_DATE_EPOCH  report date (UTC) for files without report.date,
                     for reproducible output; --date takes precedence";

/// Turn an incident timeline into the remediation report a provider sends its customer.
#[derive(Debug, Parser)]
#[command(name = "amends", version, about, after_help = AFTER_HELP)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
    /// Colour in messages: auto (when standard error is a terminal and NO_COLOR is unset), always or never.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

/// When messages are coloured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// When standard error is a terminal and NO_COLOR is not set.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Render incident files into reports (<report.id>.md, .json and .pdf in --out).
    #[command(after_help = AFTER_HELP)]
    Render {
        /// Incident files (YAML, format 1).
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Folder the reports are written to; created if missing.
        #[arg(long, short, default_value = "out")]
        out: PathBuf,
        /// Folder of templates and language files that replace the built-in ones.
        #[arg(long)]
        templates: Option<PathBuf>,
        /// Output formats, comma-separated.
        #[arg(long, value_delimiter = ',', default_values_t = [OutputFormat::Md, OutputFormat::Json, OutputFormat::Pdf])]
        format: Vec<OutputFormat>,
        /// Paper size of the PDF.
        #[arg(long, value_enum, default_value_t = PaperSize::A4)]
        paper: PaperSize,
        /// Who the report is for: the customer's letter, or the provider's
        /// internal copy (<id>.internal.*: internal events, recovery outlook, review findings).
        #[arg(long, value_enum, default_value_t = AudienceArg::Customer)]
        audience: AudienceArg,
        /// Report date (YYYY-MM-DD) for files without report.date.
        #[arg(long, value_parser = parse_date)]
        date: Option<NaiveDate>,
        /// Replace an existing final report even though it would change.
        #[arg(long)]
        force: bool,
        /// A customers file (CSV or YAML): one letter per customer, and a manifest.
        #[arg(long, value_name = "FILE")]
        customers: Option<PathBuf>,
        /// Render only the I-th of N deterministic slices of the customers (e.g. 2/8).
        #[arg(long, value_name = "I/N")]
        shard: Option<crate::batch::Shard>,
        /// No progress bar and no list of the files written; problems are still told.
        #[arg(long, short)]
        quiet: bool,
    },
    /// Typeset a Markdown file (for instance a report edited by hand) as PDF.
    #[command(after_help = AFTER_HELP)]
    Pdf {
        /// The Markdown file.
        file: PathBuf,
        /// Where to write the PDF (default: FILE with .pdf).
        #[arg(long, short)]
        output: Option<PathBuf>,
        /// Paper size.
        #[arg(long, value_enum, default_value_t = PaperSize::A4)]
        paper: PaperSize,
        /// Replace an existing final report's PDF even though it would change.
        #[arg(long)]
        force: bool,
    },
    /// Review the letter the way an account manager and a legal reviewer would.
    #[command(after_help = AFTER_HELP)]
    Lint {
        /// Incident files (YAML, format 1).
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Output: text for people, json for CI.
        #[arg(long, value_enum, default_value_t = LintFormat::Text)]
        format: LintFormat,
        /// Make warnings fail too (exit 1).
        #[arg(long, value_name = "warnings", value_parser = ["warnings"])]
        deny: Option<String>,
        /// Templates folder with word lists (lint/<language>.yaml) that replace the built-in ones.
        #[arg(long)]
        templates: Option<PathBuf>,
        /// late-notice fires when the first notice comes more than this many minutes after detection.
        #[arg(long, default_value_t = 30)]
        notice_minutes: i64,
        /// long-silence fires after this many minutes without a message.
        #[arg(long, default_value_t = 60)]
        silence_minutes: i64,
    },
    /// Recovery outlook (good / at risk / poor) with its reasons and a goodwill suggestion; never in the letter.
    #[command(after_help = AFTER_HELP)]
    Assess {
        /// The incident file.
        file: PathBuf,
        /// Output: text for people, json for tools.
        #[arg(long, value_enum, default_value_t = LintFormat::Text)]
        format: LintFormat,
    },
    /// Show what changed between two drafts (incident files or rendered .md) as a redline.
    #[command(after_help = AFTER_HELP)]
    Diff {
        /// The earlier draft (.yaml or .md).
        old: PathBuf,
        /// The later draft (.yaml or .md).
        new: PathBuf,
        /// Write the redline here instead of standard output.
        #[arg(long, short)]
        output: Option<PathBuf>,
        /// Templates folder, for drafts given as incident files.
        #[arg(long)]
        templates: Option<PathBuf>,
    },
    /// Validate incident files and print every problem; writes nothing.
    Check {
        /// Incident files (YAML, format 1).
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Report date (YYYY-MM-DD) for files without report.date.
        #[arg(long, value_parser = parse_date)]
        date: Option<NaiveDate>,
    },
    /// Write a fully commented starter incident file (never over an existing file).
    Init {
        /// Where to write it.
        #[arg(default_value = "incident.yaml")]
        path: PathBuf,
    },
    /// Turn an incident exported from an incident platform (its API's JSON) into an incident file to finish.
    #[command(after_help = AFTER_HELP)]
    Import {
        /// The platform the export comes from (docs/import.md: which endpoints to save).
        #[arg(long, value_enum)]
        from: ImportFormat,
        /// The exported JSON, saved from the platform's API (amends never goes on the network).
        file: PathBuf,
        /// Where to write the incident file (never over an existing file); default: standard output.
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
    /// Print shell completions for amends to standard output.
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff) to standard output: amends(1), or amends-COMMAND(1).
    Man {
        /// A command, for its own page (e.g. `amends man render`).
        command: Option<String>,
    },
    /// Work with the report templates.
    Templates {
        /// What to do with them.
        #[command(subcommand)]
        action: TemplatesAction,
    },
    /// Work with batch manifests.
    Manifest {
        /// What to do with them.
        #[command(subcommand)]
        action: batch::ManifestAction,
    },
}

/// `amends templates ...`.
#[derive(Debug, Subcommand)]
pub enum TemplatesAction {
    /// Write the built-in templates and language files into DIR, to edit and pass with --templates.
    Dump {
        /// Folder to write into (created if missing; existing files are not replaced).
        dir: PathBuf,
    },
}

/// The files `render` can write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// The customer-facing Markdown report.
    Md,
    /// Every figure and warning, for machines.
    Json,
    /// The typeset report.
    Pdf,
}

/// Who `render` writes for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AudienceArg {
    /// The letter the customer receives.
    Customer,
    /// The provider's own copy.
    Internal,
}

/// Output of `lint`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LintFormat {
    /// Lines for people.
    Text,
    /// A JSON document for CI (docs/lint.md).
    Json,
}

/// Paper sizes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PaperSize {
    /// 210 × 297 mm.
    A4,
    /// 8.5 × 11 in.
    Letter,
}

impl PaperSize {
    fn options(self) -> PdfOptions {
        PdfOptions {
            paper: match self {
                PaperSize::A4 => Paper::A4,
                PaperSize::Letter => Paper::Letter,
            },
        }
    }
}

impl std::fmt::Display for OutputFormat {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            OutputFormat::Md => "md",
            OutputFormat::Json => "json",
            OutputFormat::Pdf => "pdf",
        })
    }
}

fn parse_date(text: &str) -> Result<NaiveDate, String> {
    crate::check::scalars::date(text)
}

/// Parses the process arguments and runs; the binary's whole `main`.
#[must_use]
pub fn main() -> ExitCode {
    match Cli::try_parse() {
        Ok(cli) => run(cli),
        Err(err) => {
            let _ = err.print();
            if err.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            }
        }
    }
}

/// Runs a parsed command line.
#[must_use]
pub fn run(cli: Cli) -> ExitCode {
    use std::io::IsTerminal as _;
    let color = match cli.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::io::stderr().is_terminal()
        }
    };
    COLOR.store(color, Ordering::Relaxed);
    let outcome = match cli.command {
        Command::Render {
            files,
            out,
            templates,
            format,
            paper,
            audience,
            date,
            force,
            customers,
            shard,
            quiet,
        } => render(
            &files,
            &out,
            templates.as_deref(),
            &Outputs {
                formats: format,
                paper,
                audience,
                force,
                customers,
                shard,
                quiet,
            },
            date,
        ),
        Command::Pdf {
            file,
            output,
            paper,
            force,
        } => pdf(&file, output.as_deref(), paper, force),
        Command::Check { files, date } => check(&files, date),
        Command::Assess { file, format } => assess(&file, format),
        Command::Diff {
            old,
            new,
            output,
            templates,
        } => diff(&old, &new, output.as_deref(), templates.as_deref()),
        Command::Lint {
            files,
            format,
            deny,
            templates,
            notice_minutes,
            silence_minutes,
        } => lint(
            &files,
            format,
            deny.is_some(),
            templates.as_deref(),
            crate::review::Thresholds {
                notice_minutes,
                silence_minutes,
            },
        ),
        Command::Init { path } => init(&path),
        Command::Import { from, file, output } => import::run(from, &file, output.as_deref()),
        Command::Completions { shell } => manual::completions(shell),
        Command::Man { command } => manual::man(command.as_deref()),
        Command::Templates {
            action: TemplatesAction::Dump { dir },
        } => dump(&dir),
        Command::Manifest { action } => batch::manifest(action),
    };
    let code = match outcome {
        Ok(code) => code,
        Err(Usage(message)) => {
            tell!("error: {}", diag::escape(&message));
            ExitCode::from(2)
        }
    };
    if OUTPUT_FAILED.load(Ordering::Relaxed) {
        ExitCode::FAILURE
    } else {
        code
    }
}

/// A usage error: exit 2.
struct Usage(String);

/// The report date for files without one: --date, else SOURCE_DATE_EPOCH, else today (UTC).
fn today(date: Option<NaiveDate>) -> Result<NaiveDate, Usage> {
    if let Some(date) = date {
        return Ok(date);
    }
    match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(text) if !text.trim().is_empty() => text
            .trim()
            .parse::<i64>()
            .ok()
            .and_then(|secs| DateTime::<Utc>::from_timestamp(secs, 0))
            .map(|t| t.date_naive())
            .ok_or_else(|| {
                Usage(format!(
                    "SOURCE_DATE_EPOCH is `{text}`; expected whole seconds since 1970-01-01"
                ))
            }),
        _ => Ok(Utc::now().date_naive()),
    }
}

/// What `render` writes, and how.
struct Outputs {
    formats: Vec<OutputFormat>,
    paper: PaperSize,
    audience: AudienceArg,
    force: bool,
    customers: Option<PathBuf>,
    shard: Option<crate::batch::Shard>,
    quiet: bool,
}

fn render(
    files: &[PathBuf],
    out: &Path,
    templates: Option<&Path>,
    outputs: &Outputs,
    date: Option<NaiveDate>,
) -> Result<ExitCode, Usage> {
    let Outputs {
        formats,
        paper,
        audience,
        force,
        ..
    } = outputs;
    let (formats, paper, force) = (formats.as_slice(), *paper, *force);
    let (audience, suffix) = match audience {
        AudienceArg::Customer => (crate::Audience::Customer, ""),
        AudienceArg::Internal => (crate::Audience::Internal, ".internal"),
    };
    let pdf = formats
        .contains(&OutputFormat::Pdf)
        .then(|| paper.options());
    let settings = Settings {
        today: today(date)?,
    };
    let Some(templates) = load_templates(templates)? else {
        return Ok(ExitCode::FAILURE);
    };
    if let Some(code) = batch::render_if_batch(files, out, &templates, outputs, settings)? {
        return Ok(code);
    }
    let quiet = outputs.quiet;
    let mut failed = false;
    let mut written_ids: Vec<(String, String)> = Vec::new();
    for path in files {
        let result = read::source(path).map_err(Error::from).and_then(|source| {
            crate::report_for(&source, settings, &templates, pdf, audience).map(|r| (source, r))
        });
        let (source, rendered) = match result {
            Ok(ok) => ok,
            Err(err) => {
                failed = true;
                print_error(&path.display().to_string(), &err);
                continue;
            }
        };
        print_diagnostics(&source.name, Some(&source.text), &rendered.warnings);
        print_findings(&source.name, Some(&source.text), &rendered.findings);
        let id = rendered.report.meta.id.clone();
        if let Some((_, first)) = written_ids.iter().find(|(i, _)| *i == id) {
            failed = true;
            fail(
                &source.name,
                format!(
                    "report id `{id}` was already rendered from {first} in this run; each report needs its own id"
                ),
            );
            continue;
        }
        written_ids.push((id.clone(), source.name.clone()));
        let outputs: Vec<Output> = formats
            .iter()
            .map(|f| match f {
                OutputFormat::Md => Output {
                    name: format!("{id}{suffix}.md"),
                    bytes: rendered.markdown.clone().into_bytes(),
                },
                OutputFormat::Json => Output {
                    name: format!("{id}{suffix}.json"),
                    bytes: rendered.json.clone().into_bytes(),
                },
                OutputFormat::Pdf => Output {
                    name: format!("{id}{suffix}.pdf"),
                    bytes: rendered.pdf.clone().unwrap_or_default(),
                },
            })
            .collect();
        let was_final = write::is_final_on_disk(out, &format!("{id}{suffix}"));
        match write::write_all(out, &outputs, was_final, force) {
            Ok(paths) => {
                for p in paths.iter().filter(|_| !quiet) {
                    say!("{}", diag::escape(&p.display().to_string()));
                }
            }
            Err(err) => {
                failed = true;
                fail(&source.name, err.to_string());
            }
        }
        if rendered.report.meta.status == Status::Final && was_final && force {
            print_diagnostics(
                &source.name,
                None,
                &[Diagnostic::warning(
                    None,
                    format!("replaced the final report {id} (--force)"),
                )],
            );
        }
    }
    Ok(if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

fn pdf(
    file: &Path,
    output: Option<&Path>,
    paper: PaperSize,
    force: bool,
) -> Result<ExitCode, Usage> {
    let name = file.display().to_string();
    let markdown = match read::read_limited(file, read::Input::Markdown) {
        Ok(source) => source.text,
        Err(err) => {
            print_error(&name, &Error::Read(err));
            return Ok(ExitCode::FAILURE);
        }
    };
    let target = output.map_or_else(|| file.with_extension("pdf"), Path::to_path_buf);
    let typeset = match crate::render::pdf::typeset(&markdown, paper.options()) {
        Ok(t) => t,
        Err(e) => {
            fail(&name, e.to_string());
            return Ok(ExitCode::FAILURE);
        }
    };
    let warnings: Vec<Diagnostic> = typeset
        .warnings
        .iter()
        .map(|w| Diagnostic::warning(None, w.to_string()))
        .collect();
    print_diagnostics(&name, None, &warnings);
    // A report without a watermark is final: its PDF is not replaced by a different one silently.
    let (meta, _) = crate::render::pdf::split_meta(&markdown);
    let is_final = meta.title.is_some() && meta.watermark.is_none();
    let dir = target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let out_name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let outputs = [Output {
        name: out_name,
        bytes: typeset.bytes,
    }];
    match write::write_all(dir, &outputs, is_final, force) {
        Ok(paths) => {
            for p in paths {
                say!("{}", diag::escape(&p.display().to_string()));
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(err) => {
            fail(&name, err.to_string());
            Ok(ExitCode::FAILURE)
        }
    }
}

fn load_templates(dir: Option<&Path>) -> Result<Option<Templates>, Usage> {
    let templates = match dir {
        Some(dir) if !dir.is_dir() => {
            return Err(Usage(format!(
                "--templates {}: not a folder",
                dir.display()
            )));
        }
        Some(dir) => Templates::with_overrides(dir),
        None => Templates::builtin(),
    };
    match templates {
        Ok(t) => Ok(Some(t)),
        Err(err) => {
            let folder = dir.map_or_else(|| "templates".to_owned(), |d| d.display().to_string());
            fail(&folder, err.to_string());
            Ok(None)
        }
    }
}

fn lint(
    files: &[PathBuf],
    format: LintFormat,
    deny_warnings: bool,
    templates: Option<&Path>,
    limits: crate::review::Thresholds,
) -> Result<ExitCode, Usage> {
    let settings = Settings {
        today: today(None)?,
    };
    let Some(templates) = load_templates(templates)? else {
        return Ok(ExitCode::FAILURE);
    };
    let mut failed = false;
    let mut results = Vec::new();
    for path in files {
        let result = read::source(path)
            .map_err(Error::from)
            .and_then(|s| crate::lint(&s, settings, &templates, limits).map(|r| (s, r)));
        match result {
            Ok((source, (_, findings))) => {
                let fails = findings
                    .iter()
                    .any(|f| f.severity == Severity::Error || deny_warnings);
                failed |= fails;
                if format == LintFormat::Text {
                    print_findings(&source.name, Some(&source.text), &findings);
                    tell!(
                        "{}: {} finding{}",
                        diag::escape(&source.name),
                        findings.len(),
                        if findings.len() == 1 { "" } else { "s" }
                    );
                }
                results.push(
                    serde_json::json!({ "file": source.name, "valid": true, "findings": findings }),
                );
            }
            Err(err) => {
                failed = true;
                print_error(&path.display().to_string(), &err);
                results.push(serde_json::json!({ "file": path.display().to_string(), "valid": false, "findings": [] }));
            }
        }
    }
    if format == LintFormat::Json {
        let doc = serde_json::json!({ "amends_lint": 1, "files": results });
        say!("{}", serde_json::to_string_pretty(&doc).unwrap_or_default());
    }
    Ok(if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// The Markdown of a draft: rendered when it is an incident file, read when it is Markdown.
fn draft_markdown(path: &Path, templates: &Templates, settings: Settings) -> Option<String> {
    if path
        .extension()
        .is_some_and(|e| e == "md" || e == "markdown")
    {
        return match read::read_limited(path, read::Input::Markdown) {
            Ok(source) => Some(source.text),
            Err(err) => {
                print_error(&path.display().to_string(), &Error::Read(err));
                None
            }
        };
    }
    match read::source(path)
        .map_err(Error::from)
        .and_then(|s| crate::report(&s, settings, templates, None))
    {
        Ok(rendered) => Some(rendered.markdown),
        Err(err) => {
            print_error(&path.display().to_string(), &err);
            None
        }
    }
}

fn diff(
    old: &Path,
    new: &Path,
    output: Option<&Path>,
    templates: Option<&Path>,
) -> Result<ExitCode, Usage> {
    let settings = Settings {
        today: today(None)?,
    };
    let Some(templates) = load_templates(templates)? else {
        return Ok(ExitCode::FAILURE);
    };
    let (Some(before), Some(after)) = (
        draft_markdown(old, &templates, settings),
        draft_markdown(new, &templates, settings),
    ) else {
        return Ok(ExitCode::FAILURE);
    };
    let (marked, counts) = crate::review::redline::redline(&before, &after);
    let text = format!(
        "<!-- Redline: {} -> {}: {} word{} deleted (<del>), {} inserted (<ins>). -->\n\n{marked}",
        old.display(),
        new.display(),
        counts.deleted,
        if counts.deleted == 1 { "" } else { "s" },
        counts.inserted
    );
    tell!(
        "{} word{} deleted, {} word{} inserted",
        counts.deleted,
        if counts.deleted == 1 { "" } else { "s" },
        counts.inserted,
        if counts.inserted == 1 { "" } else { "s" }
    );
    match output {
        None => {
            emit(Stream::Out, format_args!("{text}"));
            Ok(ExitCode::SUCCESS)
        }
        Some(path) => match write::atomic_write(path, text.as_bytes()) {
            Ok(()) => Ok(ExitCode::SUCCESS),
            Err(err) => {
                fail(&path.display().to_string(), err.to_string());
                Ok(ExitCode::FAILURE)
            }
        },
    }
}

fn assess(file: &Path, format: LintFormat) -> Result<ExitCode, Usage> {
    let settings = Settings {
        today: today(None)?,
    };
    let result = read::source(file)
        .map_err(Error::from)
        .and_then(|s| crate::assess(&s, settings));
    let a = match result {
        Ok(a) => a,
        Err(err) => {
            print_error(&file.display().to_string(), &err);
            return Ok(ExitCode::FAILURE);
        }
    };
    if format == LintFormat::Json {
        say!("{}", serde_json::to_string_pretty(&a).unwrap_or_default());
        return Ok(ExitCode::SUCCESS);
    }
    say!(
        "Recovery outlook: {} (score {})",
        a.outlook.label(),
        a.score
    );
    for (weight, why) in &a.reasons {
        say!("  {weight:+} {}", diag::escape(why));
    }
    say!(
        "Goodwill: {} day(s) of service given; this outlook calls for at least {}.",
        a.goodwill_days,
        a.suggested_days
    );
    if let Some(s) = &a.suggestion {
        say!("Suggestion: {}.", diag::escape(s));
    }
    say!("(For the account manager only: this never appears in the customer's report.)");
    Ok(ExitCode::SUCCESS)
}

fn print_findings(name: &str, text: Option<&str>, findings: &[crate::review::Finding]) {
    let mut shown = Vec::with_capacity(findings.len());
    for f in findings {
        let quote = if f.quote.is_empty() {
            String::new()
        } else {
            format!("\"{}\": ", f.quote)
        };
        let d = Diagnostic {
            severity: f.severity,
            pos: f.pos,
            end: None,
            message: format!("[{}] {quote}{}", f.rule, f.message),
            hint: None,
        };
        shown.push(d);
    }
    print_diagnostics(name, text, &shown);
}

fn check(files: &[PathBuf], date: Option<NaiveDate>) -> Result<ExitCode, Usage> {
    let settings = Settings {
        today: today(date)?,
    };
    let mut failed = false;
    for path in files {
        match read::source(path)
            .map_err(Error::from)
            .and_then(|s| crate::check(&s, settings).map(|r| (s, r)))
        {
            Ok((source, report)) => {
                print_diagnostics(&source.name, Some(&source.text), &report.warnings);
                let n = report.warnings.len();
                tell!(
                    "{}: ok{}",
                    diag::escape(&source.name),
                    match n {
                        0 => String::new(),
                        1 => ", 1 warning".to_owned(),
                        n => format!(", {n} warnings"),
                    }
                );
                failed |= !batch::check_named_customers(&source, settings);
            }
            Err(err) => {
                failed = true;
                print_error(&path.display().to_string(), &err);
            }
        }
    }
    Ok(if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

fn init(path: &Path) -> Result<ExitCode, Usage> {
    let result = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .and_then(|mut f| f.write_all(STARTER.as_bytes()));
    match result {
        Ok(()) => {
            say!("{}", diag::escape(&path.display().to_string()));
            tell!(
                "wrote a starter incident file; edit it, then run `amends check {}`",
                diag::escape(&path.display().to_string())
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            fail(
                &path.display().to_string(),
                "the file already exists; amends init never replaces a file",
            );
            Ok(ExitCode::FAILURE)
        }
        Err(e) => {
            fail(
                &path.display().to_string(),
                format!("cannot write the file: {e}"),
            );
            Ok(ExitCode::FAILURE)
        }
    }
}

fn dump(dir: &Path) -> Result<ExitCode, Usage> {
    let folder = dir.display().to_string();
    // Nothing is written through a link: not a linked file, nor a linked
    // folder below DIR (a link there could point anywhere).
    let mut existing = Vec::new();
    for (name, _) in BUILTIN {
        let mut at = dir.to_path_buf();
        for part in Path::new(name).components() {
            at.push(part);
            match std::fs::symlink_metadata(&at) {
                Ok(meta) if meta.file_type().is_symlink() => {
                    fail(
                        &at.display().to_string(),
                        "is a link; templates dump writes only into real folders and never through links",
                    );
                    return Ok(ExitCode::FAILURE);
                }
                Ok(_) if at.ends_with(name) => existing.push(at.display().to_string()),
                _ => {}
            }
        }
    }
    if !existing.is_empty() {
        fail(
            &folder,
            format!(
                "these files already exist and are not replaced: {}",
                existing.join(", ")
            ),
        );
        return Ok(ExitCode::FAILURE);
    }
    for (name, content) in BUILTIN {
        let path = dir.join(name);
        let result = match path.parent() {
            Some(parent) => {
                std::fs::create_dir_all(parent).map_err(|source| write::WriteError::Io {
                    path: parent.to_owned(),
                    source,
                })
            }
            None => Ok(()),
        }
        .and_then(|()| write::atomic_write(&path, content.as_bytes()));
        if let Err(err) = result {
            fail(&folder, err.to_string());
            return Ok(ExitCode::FAILURE);
        }
        say!("{}", diag::escape(&path.display().to_string()));
    }
    Ok(ExitCode::SUCCESS)
}

/// Prints diagnostics about one file in the one format (`FILE:LINE:COL:
/// severity: message`, snippet, hint), at most [`diag::MAX_SHOWN_PER_FILE`],
/// then how many more there are.
fn print_diagnostics(name: &str, text: Option<&str>, diagnostics: &[Diagnostic]) {
    let lines = text.map(diag::Lines::new);
    let color = COLOR.load(Ordering::Relaxed);
    for d in diagnostics.iter().take(diag::MAX_SHOWN_PER_FILE) {
        tell!("{}", d.display_in(name, lines.as_ref(), color));
    }
    if let Some(more) = diagnostics.len().checked_sub(diag::MAX_SHOWN_PER_FILE)
        && more > 0
    {
        tell!(
            "{}: ... and {more} more (only the first {} are shown)",
            diag::escape(name),
            diag::MAX_SHOWN_PER_FILE
        );
    }
}

/// Prints an error about a file as a whole (no position): I/O, size limits,
/// templates, outputs.
fn fail(name: &str, message: impl Into<String>) {
    print_diagnostics(name, None, &[Diagnostic::error(None, message)]);
}

/// Prints why the file `name` did not become a report.
fn print_error(name: &str, err: &Error) {
    match err {
        Error::Invalid {
            name,
            text,
            diagnostics,
        } => {
            print_diagnostics(name, Some(text), diagnostics);
            let errors = diagnostics
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .count();
            tell!(
                "{}: {errors} error{} found; no report written",
                diag::escape(name),
                if errors == 1 { "" } else { "s" }
            );
        }
        Error::Read(ReadError::Invalid {
            name,
            text,
            diagnostic,
        }) => {
            print_diagnostics(name, text.as_deref(), std::slice::from_ref(&**diagnostic));
        }
        Error::Read(ReadError::Io { source, .. }) => {
            fail(name, format!("cannot read the file: {source}"));
        }
        Error::Template(err) => fail(name, err.to_string()),
        other => fail(name, other.to_string()),
    }
}
