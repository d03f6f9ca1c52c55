//! The command line: clap arguments -> resolved settings -> the library, and
//! results -> messages and an exit code. One module per command, each with
//! its `#[derive(Args)]` options and its `run`; this one holds the command
//! list, the global options and the dispatch; exit.rs maps results to exit
//! codes.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::Ordering;

use clap::{Parser, Subcommand, ValueEnum};

#[macro_use]
mod output;

mod assess;
mod batch;
mod check;
mod check_json;
mod config;
mod diff;
mod exit;
mod import;
mod init;
mod lint;
mod manual;
mod options;
mod pdf;
mod publish;
mod render;
mod stdio;
mod templates;

pub use assess::AssessArgs;
pub use check::CheckArgs;
pub use diff::DiffArgs;
pub use import::{ImportArgs, ImportFormat};
pub use init::{InitArgs, STARTER, STARTERS};
pub use lint::LintArgs;
pub use manual::{CompletionsArgs, ManArgs, SchemaArgs};
pub use options::{AudienceArg, LintFormat, OutputFormat, PaperSize, ThresholdArgs};
pub use pdf::PdfArgs;
pub use render::RenderArgs;
pub use templates::TemplatesAction;

// What the command modules share, reachable as `super::NAME` (batch.rs).
use exit::Usage;
use output::{COLOR, fail, print_diagnostics, print_error};
use render::Outputs;

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
    Render(RenderArgs),
    /// Typeset a Markdown file (for instance a report edited by hand) as PDF.
    #[command(after_help = AFTER_HELP)]
    Pdf(PdfArgs),
    /// Review the letter the way an account manager and a legal reviewer would.
    #[command(after_help = AFTER_HELP)]
    Lint(LintArgs),
    /// Recovery outlook (good / at risk / poor) with its reasons and a goodwill suggestion; never in the letter.
    #[command(after_help = AFTER_HELP)]
    Assess(AssessArgs),
    /// Show what changed between two drafts (incident files or rendered .md) as a redline.
    #[command(after_help = AFTER_HELP)]
    Diff(DiffArgs),
    /// Validate incident files and print every problem; writes nothing.
    Check(CheckArgs),
    /// Write a fully commented starter incident file (never over an existing file).
    Init(InitArgs),
    /// Turn an incident exported from an incident platform (its API's JSON) into an incident file to finish.
    #[command(after_help = AFTER_HELP)]
    Import(ImportArgs),
    /// Print shell completions for amends to standard output.
    Completions(CompletionsArgs),
    /// Print the man page (roff) to standard output: amends(1), or amends-COMMAND(1).
    Man(ManArgs),
    /// Print the JSON Schema of the incident file (docs/incident.schema.json) to standard output.
    Schema(SchemaArgs),
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

/// Parses the process arguments and runs; the binary's whole `main`.
#[must_use]
pub fn main() -> ExitCode {
    match Cli::try_parse() {
        Ok(cli) => run(cli),
        Err(err) => exit::parse_error(&err),
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
    let result = match cli.command {
        Command::Render(args) => render::run(args, &config),
        Command::Pdf(args) => pdf::run(&args, &config),
        Command::Check(args) => check::run(args, &config),
        Command::Assess(args) => assess::run(args, &config),
        Command::Diff(args) => diff::run(&args, &config),
        Command::Lint(args) => lint::run(args, &config),
        Command::Init(args) => init::run(&args),
        Command::Import(args) => import::run(&args),
        Command::Completions(args) => manual::completions(&args),
        Command::Man(args) => manual::man(&args),
        Command::Schema(args) => manual::schema(&args),
        Command::Templates { action } => templates::run(&action),
        Command::Manifest { action } => batch::manifest(action).map(exit::Outcome::from),
    };
    exit::exit_code(result)
}

/// The first input file of a command, whose folder an amends.toml is looked for from.
fn first_input(command: &Command) -> Option<&Path> {
    match command {
        Command::Render(RenderArgs { files, .. })
        | Command::Lint(LintArgs { files, .. })
        | Command::Check(CheckArgs { files, .. }) => files.first().map(PathBuf::as_path),
        Command::Pdf(PdfArgs { file, .. }) | Command::Assess(AssessArgs { file, .. }) => Some(file),
        Command::Diff(DiffArgs { new, .. }) => Some(new),
        _ => None,
    }
}
