//! The command line: clap arguments -> resolved settings -> the library, and
//! results -> messages and an exit code.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::{DateTime, NaiveDate, Utc};
use clap::{Parser, Subcommand, ValueEnum};

use crate::Error;
use crate::check::{Settings, Status};
use crate::diag::{Diagnostic, Severity};
use crate::read::{self, ReadError};
use crate::render::Templates;
use crate::render::pdf::{Paper, PdfOptions};
use crate::render::templates::BUILTIN;
use crate::write::{self, Output};

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
    /// Work with the report templates.
    Templates {
        /// What to do with them.
        #[command(subcommand)]
        action: TemplatesAction,
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
        } => render(
            &files,
            &out,
            templates.as_deref(),
            &Outputs {
                formats: format,
                paper,
                audience,
                force,
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
        Command::Templates {
            action: TemplatesAction::Dump { dir },
        } => dump(&dir),
    };
    match outcome {
        Ok(code) => code,
        Err(Usage(message)) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
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
    let mut failed = false;
    let mut written_ids: Vec<(String, String)> = Vec::new();
    let mut stdout = std::io::stdout().lock();
    for path in files {
        let result = read::source(path).map_err(Error::from).and_then(|source| {
            crate::report_for(&source, settings, &templates, pdf, audience).map(|r| (source, r))
        });
        let (source, rendered) = match result {
            Ok(ok) => ok,
            Err(err) => {
                failed = true;
                print_error(&err);
                continue;
            }
        };
        print_diagnostics(&source.name, Some(&source.text), &rendered.warnings);
        print_findings(&source.name, Some(&source.text), &rendered.findings);
        let id = rendered.report.meta.id.clone();
        if let Some((_, first)) = written_ids.iter().find(|(i, _)| *i == id) {
            failed = true;
            eprintln!(
                "{}: error: report id `{id}` was already rendered from {first} in this run; each report needs its own id",
                source.name
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
                for p in paths {
                    let _ = writeln!(stdout, "{}", p.display());
                }
            }
            Err(err) => {
                failed = true;
                eprintln!("{}: error: {err}", source.name);
            }
        }
        if rendered.report.meta.status == Status::Final && was_final && force {
            eprintln!(
                "{}: warning: replaced the final report {id} (--force)",
                source.name
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
    let markdown = match std::fs::read(file) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(_) => {
                eprintln!(
                    "{}: error: the file is not valid UTF-8; save it as UTF-8 text",
                    file.display()
                );
                return Ok(ExitCode::FAILURE);
            }
        },
        Err(e) => {
            eprintln!("{}: error: cannot read the file: {e}", file.display());
            return Ok(ExitCode::FAILURE);
        }
    };
    let target = output.map_or_else(|| file.with_extension("pdf"), Path::to_path_buf);
    let typeset = match crate::render::pdf::typeset(&markdown, paper.options()) {
        Ok(t) => t,
        Err(e) => {
            match e.position() {
                Some((line, column)) => eprintln!("{}:{line}:{column}: error: {e}", file.display()),
                None => eprintln!("{}: error: {e}", file.display()),
            }
            return Ok(ExitCode::FAILURE);
        }
    };
    for w in &typeset.warnings {
        eprintln!("{}: warning: {w}", file.display());
    }
    // A report without a watermark is final: its PDF is not replaced by a different one silently.
    let (meta, _) = crate::render::pdf::split_meta(&markdown);
    let is_final = meta.title.is_some() && meta.watermark.is_none();
    let dir = target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let outputs = [Output {
        name,
        bytes: typeset.bytes,
    }];
    match write::write_all(dir, &outputs, is_final, force) {
        Ok(paths) => {
            for p in paths {
                println!("{}", p.display());
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(err) => {
            eprintln!("{}: error: {err}", file.display());
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
            eprintln!("error: {err}");
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
                    eprintln!(
                        "{}: {} finding{}",
                        source.name,
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
                print_error(&err);
                results.push(serde_json::json!({ "file": path.display().to_string(), "valid": false, "findings": [] }));
            }
        }
    }
    if format == LintFormat::Json {
        let doc = serde_json::json!({ "amends_lint": 1, "files": results });
        println!("{}", serde_json::to_string_pretty(&doc).unwrap_or_default());
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
        return match std::fs::read_to_string(path) {
            Ok(text) => Some(text),
            Err(e) => {
                eprintln!("{}: error: cannot read the file: {e}", path.display());
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
            print_error(&err);
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
    eprintln!(
        "{} words deleted, {} inserted",
        counts.deleted, counts.inserted
    );
    match output {
        None => {
            print!("{text}");
            Ok(ExitCode::SUCCESS)
        }
        Some(path) => match write::atomic_write(path, text.as_bytes()) {
            Ok(()) => Ok(ExitCode::SUCCESS),
            Err(err) => {
                eprintln!("error: {err}");
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
            print_error(&err);
            return Ok(ExitCode::FAILURE);
        }
    };
    if format == LintFormat::Json {
        println!("{}", serde_json::to_string_pretty(&a).unwrap_or_default());
        return Ok(ExitCode::SUCCESS);
    }
    println!(
        "Recovery outlook: {} (score {})",
        a.outlook.label(),
        a.score
    );
    for (weight, why) in &a.reasons {
        println!("  {weight:+} {why}");
    }
    println!(
        "Goodwill: {} day(s) of service given; this outlook calls for at least {}.",
        a.goodwill_days, a.suggested_days
    );
    if let Some(s) = &a.suggestion {
        println!("Suggestion: {s}.");
    }
    println!("(For the account manager only: this never appears in the customer's report.)");
    Ok(ExitCode::SUCCESS)
}

fn print_findings(name: &str, text: Option<&str>, findings: &[crate::review::Finding]) {
    let mut stderr = std::io::stderr().lock();
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
        let _ = writeln!(stderr, "{}", d.display(name, text));
    }
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
                eprintln!(
                    "{}: ok{}",
                    source.name,
                    match n {
                        0 => String::new(),
                        1 => ", 1 warning".to_owned(),
                        n => format!(", {n} warnings"),
                    }
                );
            }
            Err(err) => {
                failed = true;
                print_error(&err);
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
            println!("{}", path.display());
            eprintln!(
                "wrote a starter incident file; edit it, then run `amends check {}`",
                path.display()
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            eprintln!(
                "error: {} already exists; amends init never replaces a file",
                path.display()
            );
            Ok(ExitCode::FAILURE)
        }
        Err(e) => {
            eprintln!("error: cannot write {}: {e}", path.display());
            Ok(ExitCode::FAILURE)
        }
    }
}

fn dump(dir: &Path) -> Result<ExitCode, Usage> {
    let existing: Vec<String> = BUILTIN
        .iter()
        .map(|(name, _)| dir.join(name))
        .filter(|p| p.exists())
        .map(|p| p.display().to_string())
        .collect();
    if !existing.is_empty() {
        eprintln!(
            "error: these files already exist and are not replaced: {}",
            existing.join(", ")
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
            eprintln!("error: {err}");
            return Ok(ExitCode::FAILURE);
        }
        println!("{}", path.display());
    }
    Ok(ExitCode::SUCCESS)
}

fn print_diagnostics(name: &str, text: Option<&str>, diagnostics: &[Diagnostic]) {
    let mut stderr = std::io::stderr().lock();
    for d in diagnostics {
        let _ = writeln!(stderr, "{}", d.display(name, text));
    }
}

fn print_error(err: &Error) {
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
            eprintln!(
                "{name}: {errors} error{} found; no report written",
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
        other => eprintln!("error: {other}"),
    }
}
