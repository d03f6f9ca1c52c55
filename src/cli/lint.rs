//! `amends lint`: the letter reviewed the way an account manager and a legal
//! reviewer would; findings as text or as a JSON document for CI.

use std::path::{Path, PathBuf};

use clap::Args;

use super::config::Config;
use super::exit::{CommandResult, Outcome};
use super::options::{LintFormat, ThresholdArgs, settings_and_templates};
use super::output::{print_error, print_findings};
use super::stdio;
use crate::Error;
use crate::check::ProviderDefaults;
use crate::diag::{self, Severity};
use crate::read;

/// Review the letter the way an account manager and a legal reviewer would.
#[derive(Debug, Args)]
pub struct LintArgs {
    /// Incident files (YAML, format 1).
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Output: text for people, json for CI.
    #[arg(long, value_enum, default_value_t = LintFormat::Text)]
    pub format: LintFormat,
    /// Make warnings fail too (exit 1).
    #[arg(long, value_name = "warnings", value_parser = ["warnings"])]
    pub deny: Option<String>,
    /// Templates folder with word lists (lint/<language>.yaml) that replace the built-in ones.
    #[arg(long)]
    pub templates: Option<PathBuf>,
    /// Thresholds of the communication rules.
    #[command(flatten)]
    pub limits: ThresholdArgs,
}

/// `amends lint`, with the config's templates folder and thresholds when none are given.
pub(super) fn run(args: LintArgs, config: &Config) -> CommandResult {
    let templates = config.templates_or(args.templates);
    lint(
        &args.files,
        args.format,
        args.deny.is_some(),
        templates.as_deref(),
        args.limits.thresholds(config),
        &config.provider,
    )
}

fn lint(
    files: &[PathBuf],
    format: LintFormat,
    deny_warnings: bool,
    templates: Option<&Path>,
    limits: crate::review::Thresholds,
    provider: &ProviderDefaults,
) -> CommandResult {
    stdio::stdin_at_most_once(files)?;
    let Some((settings, templates)) = settings_and_templates(None, templates, provider)? else {
        return Ok(Outcome::Failure);
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
                // The translations are reviewed with their own languages' lists.
                let translation_lists: std::collections::BTreeMap<String, Option<String>> =
                    read::parse_all(&source)
                        .map(|file| crate::check::translation::languages(&file))
                        .unwrap_or_default()
                        .into_iter()
                        .map(|(tag, _)| {
                            let tag = tag.trim().to_ascii_lowercase();
                            let list = templates.word_list_name(&tag);
                            (tag, list)
                        })
                        .collect();
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
                    for (tag, list) in &translation_lists {
                        inform!(
                            "{}: translation `{tag}` reviewed with word lists: {}",
                            diag::escape(&source.name),
                            list.as_deref().unwrap_or("none")
                        );
                    }
                }
                results.push(serde_json::json!({
                    "file": source.name,
                    "valid": true,
                    "language": report.meta.language,
                    "word_lists": word_lists,
                    "translation_word_lists": translation_lists,
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
    Ok(Outcome::failed_if(failed))
}
