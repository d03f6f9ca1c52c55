//! The command line: clap arguments -> resolved settings -> the library, and
//! results -> messages and an exit code.

mod check_json;

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::Ordering;

use chrono::{DateTime, NaiveDate, Utc};
use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::Error;
use crate::check::{Settings, Status};
use crate::diag::{self, Severity};
use crate::read;
use crate::render::Templates;
use crate::render::pdf::{Paper, PdfOptions};
use crate::render::templates::BUILTIN;
use crate::write::{self, Output};
pub use import::ImportFormat;

mod batch;
mod import;
mod manual;

#[macro_use]
mod output;

use output::{COLOR, OUTPUT_FAILED, fail, print_diagnostics, print_error};

mod config;
mod diff;
mod publish;
mod stdio;

use diff::{DiffArgs, diff};
use publish::{explain_stale_approval, pdf, say_replaced};

/// The fully commented starter incident file written by `amends init`.
pub const STARTER: &str = include_str!("../../samples/starter.yaml");

/// The starters `amends init --language` writes, by language.
pub const STARTERS: &[(&str, &str)] = &[
    ("en", STARTER),
    ("vi", include_str!("../../samples/starter-vi.yaml")),
];

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
     or an output could not be written; every problem is listed on stderr;
     `diff --exit-code`: the drafts differ
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
    /// Print only problems (errors, warnings, findings) and the output a command exists for.
    #[arg(long, short, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// List every file written, however many.
    #[arg(long, short, global = true)]
    pub verbose: bool,
    /// Defaults from this config file instead of the amends.toml found next to the input or above it (docs/config.md).
    #[arg(long, global = true, value_name = "FILE", conflicts_with = "no_config")]
    pub config: Option<PathBuf>,
    /// Use no amends.toml.
    #[arg(long, global = true)]
    pub no_config: bool,
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
        /// Folder the reports are written to; created if missing [default: amends.toml's `out`, else out].
        #[arg(long, short)]
        out: Option<PathBuf>,
        /// Folder of templates and language files that replace the built-in ones.
        #[arg(long)]
        templates: Option<PathBuf>,
        /// Output formats, comma-separated.
        #[arg(long, value_delimiter = ',', default_values_t = [OutputFormat::Md, OutputFormat::Json, OutputFormat::Pdf])]
        format: Vec<OutputFormat>,
        /// Paper size of the PDF [default: amends.toml's `paper`, else a4].
        #[arg(long, value_enum)]
        paper: Option<PaperSize>,
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
        /// Thresholds of the review's communication rules.
        #[command(flatten)]
        limits: ThresholdArgs,
        /// A customers file (CSV or YAML): one letter per customer, and a manifest.
        #[arg(long, value_name = "FILE")]
        customers: Option<PathBuf>,
        /// Render only the I-th of N deterministic slices of the customers (e.g. 2/8).
        #[arg(long, value_name = "I/N")]
        shard: Option<crate::batch::Shard>,
    },
    /// Typeset a Markdown file (for instance a report edited by hand) as PDF.
    #[command(after_help = AFTER_HELP)]
    Pdf {
        /// The Markdown file.
        file: PathBuf,
        /// Where to write the PDF (default: FILE with .pdf).
        #[arg(long, short)]
        output: Option<PathBuf>,
        /// Paper size [default: amends.toml's `paper`, else a4].
        #[arg(long, value_enum)]
        paper: Option<PaperSize>,
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
        /// Thresholds of the communication rules.
        #[command(flatten)]
        limits: ThresholdArgs,
    },
    /// Recovery outlook (good / at risk / poor) with its reasons and a goodwill suggestion; never in the letter.
    #[command(after_help = AFTER_HELP)]
    Assess {
        /// The incident file.
        file: PathBuf,
        /// Output: text for people, json for tools.
        #[arg(long, value_enum, default_value_t = LintFormat::Text)]
        format: LintFormat,
        /// Templates folder with word lists (lint/<language>.yaml): the review's errors count.
        #[arg(long)]
        templates: Option<PathBuf>,
        /// Thresholds of the communication factors.
        #[command(flatten)]
        limits: ThresholdArgs,
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
        /// Also typeset the redline as PDF here (deletions red and struck, insertions green and underlined).
        #[arg(long)]
        pdf: Option<PathBuf>,
        /// Exit 1 when the drafts differ, as `git diff --exit-code`.
        #[arg(long)]
        exit_code: bool,
    },
    /// Validate incident files and print every problem; writes nothing.
    Check {
        /// Incident files (YAML, format 1).
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Report date (YYYY-MM-DD) for files without report.date.
        #[arg(long, value_parser = parse_date)]
        date: Option<NaiveDate>,
        /// Templates folder whose lang/<language>.yaml adds languages to the built-in ones.
        #[arg(long, value_name = "DIR")]
        templates: Option<PathBuf>,
        /// Output: text for people, json for CI (docs/json.md).
        #[arg(long, value_enum, default_value_t = LintFormat::Text)]
        format: LintFormat,
    },
    /// Write a fully commented starter incident file (never over an existing file).
    Init {
        /// Where to write it.
        #[arg(default_value = "incident.yaml")]
        path: PathBuf,
        /// The starter's language: en or vi (comments and example in that language).
        #[arg(long, default_value = "en")]
        language: String,
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
    /// Print the JSON Schema of the incident file (docs/incident.schema.json) to standard output.
    Schema,
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

/// The review's thresholds, the same options for `lint`, `render` and
/// `assess`; bounded when parsed (review::THRESHOLD_MINUTES).
#[derive(Debug, Clone, Copy, Args)]
pub struct ThresholdArgs {
    /// The first notice is late when it comes more than this many minutes
    /// after detection (1 to 10080) [default: amends.toml's `lint.notice_minutes`, else the built-in one].
    #[arg(long, value_name = "MINUTES", value_parser = crate::review::parse_minutes)]
    pub notice_minutes: Option<i64>,
    /// A silence towards the customer is too long beyond this many minutes
    /// (1 to 10080) [default: amends.toml's `lint.silence_minutes`, else the built-in one].
    #[arg(long, value_name = "MINUTES", value_parser = crate::review::parse_minutes)]
    pub silence_minutes: Option<i64>,
}

impl ThresholdArgs {
    /// The options given, else the config's, else the review's defaults.
    fn thresholds(self, config: &config::Config) -> crate::review::Thresholds {
        let default = crate::review::Thresholds::default();
        crate::review::Thresholds {
            notice_minutes: self
                .notice_minutes
                .or(config.notice_minutes)
                .unwrap_or(default.notice_minutes),
            silence_minutes: self
                .silence_minutes
                .or(config.silence_minutes)
                .unwrap_or(default.silence_minutes),
        }
    }
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
    output::QUIET.store(cli.quiet, Ordering::Relaxed);
    output::VERBOSE.store(cli.verbose, Ordering::Relaxed);
    let config = match config::resolve(
        cli.config.as_deref(),
        cli.no_config,
        first_input(&cli.command),
    ) {
        Ok(config) => config,
        Err(err) => {
            print_diagnostics(&err.name, err.text.as_deref(), &[*err.diagnostic]);
            return ExitCode::FAILURE;
        }
    };
    let paper_or = |paper: Option<PaperSize>| paper.or(config.paper).unwrap_or(PaperSize::A4);
    let templates_or = |templates: Option<PathBuf>| templates.or_else(|| config.templates.clone());
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
            limits,
            customers,
            shard,
        } => render(
            &files,
            &out.or_else(|| config.out.clone())
                .unwrap_or_else(|| PathBuf::from("out")),
            templates_or(templates).as_deref(),
            &Outputs {
                formats: format,
                paper: paper_or(paper),
                audience,
                force,
                limits: limits.thresholds(&config),
                customers,
                shard,
            },
            date,
        ),
        Command::Pdf {
            file,
            output,
            paper,
            force,
        } => pdf(&file, output.as_deref(), paper_or(paper), force),
        Command::Check {
            files,
            date,
            templates,
            format,
        } => check(&files, date, templates_or(templates).as_deref(), format),
        Command::Assess {
            file,
            format,
            templates,
            limits,
        } => assess(
            &file,
            format,
            templates_or(templates).as_deref(),
            limits.thresholds(&config),
        ),
        Command::Diff {
            old,
            new,
            output,
            templates,
            pdf,
            exit_code,
        } => diff(
            &DiffArgs {
                old: &old,
                new: &new,
                output: output.as_deref(),
                pdf: pdf.as_deref(),
                exit_code,
            },
            templates_or(templates).as_deref(),
        ),
        Command::Lint {
            files,
            format,
            deny,
            templates,
            limits,
        } => lint(
            &files,
            format,
            deny.is_some(),
            templates_or(templates).as_deref(),
            limits.thresholds(&config),
        ),
        Command::Init { path, language } => init(&path, &language),
        Command::Import { from, file, output } => import::run(from, &file, output.as_deref()),
        Command::Completions { shell } => manual::completions(shell),
        Command::Man { command } => manual::man(command.as_deref()),
        Command::Schema => {
            say!("{}", read::schema::incident_schema().trim_end());
            Ok(ExitCode::SUCCESS)
        }
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

/// The first input file of a command, whose folder an amends.toml is looked for from.
fn first_input(command: &Command) -> Option<&Path> {
    match command {
        Command::Render { files, .. }
        | Command::Lint { files, .. }
        | Command::Check { files, .. } => files.first().map(PathBuf::as_path),
        Command::Pdf { file, .. } | Command::Assess { file, .. } => Some(file),
        Command::Diff { new, .. } => Some(new),
        _ => None,
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
    limits: crate::review::Thresholds,
    customers: Option<PathBuf>,
    shard: Option<crate::batch::Shard>,
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
        limits,
        ..
    } = outputs;
    if stdio::is_stdout(out) {
        return Err(Usage(
            "--out -: a report set is several files; give a folder (standard output takes one file: `amends pdf REPORT.md -o -`)".to_owned(),
        ));
    }
    stdio::stdin_at_most_once(files)?;
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
    let mut failed = false;
    let mut written_ids: Vec<(String, String)> = Vec::new();
    let (mut written, mut reports) = (Vec::new(), 0);
    for path in files {
        let source = match read::source(path) {
            Ok(source) => source,
            Err(err) => {
                failed = true;
                print_error(&read::display_name(path), &Error::from(err));
                continue;
            }
        };
        let rendered =
            match crate::report_with(&source, settings, &templates, pdf, audience, *limits) {
                Ok(rendered) => rendered,
                Err(err) => {
                    failed = true;
                    print_error(&source.name, &err);
                    explain_stale_approval(&source, settings, &templates, out);
                    continue;
                }
            };
        print_diagnostics(&source.name, Some(&source.text), &rendered.warnings);
        print_findings(&source.name, Some(&source.text), &rendered.findings);
        inform!(
            "{}: fingerprint: {}",
            diag::escape(&source.name),
            rendered.fingerprint
        );
        let id = rendered.report.meta.id.clone();
        if let Some((_, first)) = written_ids
            .iter()
            .find(|(i, _)| i.eq_ignore_ascii_case(&id))
        {
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
        let stem = format!("{id}{suffix}");
        let set = write::ReportSet {
            stem: &stem,
            outputs: &outputs,
            is_final: rendered.report.meta.status == Status::Final,
            private: audience == crate::Audience::Internal,
            inputs: files,
        };
        match write::publish(out, &set, force) {
            Ok(published) => {
                say_replaced(&source.name, &stem, published.replaced_final.as_ref());
                written.extend(published.paths);
                reports += 1;
            }
            Err(err) => {
                failed = true;
                fail(&source.name, err.to_string());
            }
        }
    }
    output::list_written(&written, Some(reports), out);
    Ok(if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
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
    stdio::stdin_at_most_once(files)?;
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
            Ok((source, (report, findings))) => {
                let fails = findings.iter().any(|f| {
                    f.severity == Severity::Error
                        || (deny_warnings && f.severity == Severity::Warning)
                });
                failed |= fails;
                let word_lists = templates.word_list_name(&report.meta.language);
                if format == LintFormat::Text {
                    print_findings(&source.name, Some(&source.text), &findings);
                    let notes = findings
                        .iter()
                        .filter(|f| f.severity == Severity::Note)
                        .count();
                    let shown = findings.len() - notes;
                    inform!(
                        "{}: {shown} finding{}{} (word lists: {})",
                        diag::escape(&source.name),
                        if shown == 1 { "" } else { "s" },
                        if notes > 0 {
                            format!(", {notes} acknowledged")
                        } else {
                            String::new()
                        },
                        word_lists.as_deref().unwrap_or("none")
                    );
                }
                results.push(serde_json::json!({
                    "file": source.name,
                    "valid": true,
                    "language": report.meta.language,
                    "word_lists": word_lists,
                    "findings": findings,
                }));
            }
            Err(err) => {
                failed = true;
                print_error(&read::display_name(path), &err);
                results.push(serde_json::json!({ "file": read::display_name(path), "valid": false, "findings": [] }));
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

fn assess(
    file: &Path,
    format: LintFormat,
    templates: Option<&Path>,
    limits: crate::review::Thresholds,
) -> Result<ExitCode, Usage> {
    let settings = Settings {
        today: today(None)?,
    };
    let Some(templates) = load_templates(templates)? else {
        return Ok(ExitCode::FAILURE);
    };
    let result = read::source(file)
        .map_err(Error::from)
        .and_then(|s| crate::assess_with(&s, settings, &templates, limits));
    let a = match result {
        Ok(a) => a,
        Err(err) => {
            print_error(&read::display_name(file), &err);
            return Ok(ExitCode::FAILURE);
        }
    };
    if format == LintFormat::Json {
        let doc = serde_json::json!({
            "amends_assess": crate::review::outlook::JSON_VERSION,
            "assessment": a,
        });
        say!("{}", serde_json::to_string_pretty(&doc).unwrap_or_default());
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
        shown.push(f.to_diagnostic());
    }
    print_diagnostics(name, text, &shown);
}

fn check(
    files: &[PathBuf],
    date: Option<NaiveDate>,
    templates: Option<&Path>,
    format: LintFormat,
) -> Result<ExitCode, Usage> {
    stdio::stdin_at_most_once(files)?;
    let settings = Settings {
        today: today(date)?,
    };
    let Some(templates) = load_templates(templates)? else {
        return Ok(ExitCode::FAILURE);
    };
    let mut failed = false;
    let mut results = Vec::new();
    for path in files {
        match read::source(path)
            .map_err(Error::from)
            // The letter is rendered for its fingerprint and the approval
            // rules of a final report.
            .and_then(|s| crate::report(&s, settings, &templates, None).map(|r| (s, r)))
        {
            result if format == LintFormat::Json => {
                failed |= result.is_err();
                let name = read::display_name(path);
                let file = match &result {
                    Ok((_, rendered)) => check_json::file_result(&name, Ok(&rendered.report)),
                    Err(err) => check_json::file_result(&name, Err(err)),
                };
                results.push(file);
            }
            Ok((source, rendered)) => {
                let report = &rendered.report;
                print_diagnostics(&source.name, Some(&source.text), &report.warnings);
                let n = report.warnings.len();
                inform!(
                    "{}: ok{}",
                    diag::escape(&source.name),
                    match n {
                        0 => String::new(),
                        1 => ", 1 warning".to_owned(),
                        n => format!(", {n} warnings"),
                    }
                );
                inform!(
                    "{}: fingerprint: {}",
                    diag::escape(&source.name),
                    rendered.fingerprint
                );
                failed |= !batch::check_named_customers(&source, settings);
            }
            Err(err) => {
                failed = true;
                print_error(&read::display_name(path), &err);
            }
        }
    }
    if format == LintFormat::Json {
        println!("{}", check_json::document(results));
    }
    Ok(if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

fn init(path: &Path, language: &str) -> Result<ExitCode, Usage> {
    let Some((_, starter)) = STARTERS
        .iter()
        .find(|(code, _)| code.eq_ignore_ascii_case(language))
    else {
        let known: Vec<&str> = STARTERS.iter().map(|(code, _)| *code).collect();
        return Err(Usage(format!(
            "--language {language}: there is no starter in that language; expected one of: {}",
            known.join(", ")
        )));
    };
    let result = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .and_then(|mut f| {
            // Editors with yaml-language-server validate and complete against it.
            writeln!(
                f,
                "# yaml-language-server: $schema={}",
                read::schema::SCHEMA_URL
            )?;
            f.write_all(starter.as_bytes())
        });
    match result {
        Ok(()) => {
            output::list_written(&[path.to_path_buf()], None, Path::new("."));
            inform!(
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
    let mut written = Vec::with_capacity(BUILTIN.len());
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
        written.push(path);
    }
    output::list_written(&written, None, dir);
    Ok(ExitCode::SUCCESS)
}
