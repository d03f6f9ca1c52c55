//! `amends check`: validate incident files and print every problem, as text
//! or as one JSON document for CI; writes nothing.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use clap::Args;

use super::config::Config;
use super::exit::{CommandResult, Outcome};
use super::options::{LintFormat, parse_date, settings_and_templates};
use super::output::{print_diagnostics, print_error};
use super::{batch, check_json, stdio};
use crate::Error;
use crate::check::ProviderDefaults;
use crate::diag;
use crate::read;

/// Validate incident files and print every problem; writes nothing.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Incident files (YAML, format 1).
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Report date (YYYY-MM-DD) for files without report.date.
    #[arg(long, value_parser = parse_date)]
    pub date: Option<NaiveDate>,
    /// Templates folder whose lang/<language>.yaml adds languages to the built-in ones.
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// Output: text for people, json for CI (docs/json.md).
    #[arg(long, value_enum, default_value_t = LintFormat::Text)]
    pub format: LintFormat,
}

/// `amends check`, with the config's templates folder when none is given.
pub(super) fn run(args: CheckArgs, config: &Config) -> CommandResult {
    let templates = config.templates_or(args.templates);
    check(
        &args.files,
        args.date,
        templates.as_deref(),
        args.format,
        &config.provider,
    )
}

fn check(
    files: &[PathBuf],
    date: Option<NaiveDate>,
    templates: Option<&Path>,
    format: LintFormat,
    provider: &ProviderDefaults,
) -> CommandResult {
    stdio::stdin_at_most_once(files)?;
    let Some((settings, templates)) = settings_and_templates(date, templates, provider)? else {
        return Ok(Outcome::Failure);
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
        say!("{}", check_json::document(results));
    }
    Ok(Outcome::failed_if(failed))
}
