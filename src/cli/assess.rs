//! `amends assess`: the recovery outlook of an incident, with its reasons and
//! a goodwill suggestion, for the account manager only.

use std::path::{Path, PathBuf};

use clap::Args;

use super::config::Config;
use super::exit::{CommandResult, Outcome};
use super::options::{LintFormat, ThresholdArgs, settings_and_templates};
use super::output::print_error;
use crate::Error;
use crate::check::ProviderDefaults;
use crate::diag;
use crate::read;

/// Recovery outlook (good / at risk / poor) with its reasons and a goodwill suggestion; never in the letter.
#[derive(Debug, Args)]
pub struct AssessArgs {
    /// The incident file.
    pub file: PathBuf,
    /// Output: text for people, json for tools.
    #[arg(long, value_enum, default_value_t = LintFormat::Text)]
    pub format: LintFormat,
    /// Templates folder with word lists (lint/<language>.yaml): the review's errors count.
    #[arg(long)]
    pub templates: Option<PathBuf>,
    /// Thresholds of the communication factors.
    #[command(flatten)]
    pub limits: ThresholdArgs,
}

/// `amends assess`, with the config's templates folder and thresholds when none are given.
pub(super) fn run(args: AssessArgs, config: &Config) -> CommandResult {
    let templates = config.templates_or(args.templates);
    assess(
        &args.file,
        args.format,
        templates.as_deref(),
        args.limits.thresholds(config),
        &config.provider,
    )
}

fn assess(
    file: &Path,
    format: LintFormat,
    templates: Option<&Path>,
    limits: crate::review::Thresholds,
    provider: &ProviderDefaults,
) -> CommandResult {
    let Some((settings, templates)) = settings_and_templates(None, templates, provider)? else {
        return Ok(Outcome::Failure);
    };
    let result = read::source(file)
        .map_err(Error::from)
        .and_then(|s| crate::assess_with(&s, settings, &templates, limits));
    let a = match result {
        Ok(a) => a,
        Err(err) => {
            print_error(&read::display_name(file), &err);
            return Ok(Outcome::Failure);
        }
    };
    if format == LintFormat::Json {
        let doc = serde_json::json!({
            "amends_assess": crate::review::outlook::JSON_VERSION,
            "assessment": a,
        });
        say!("{}", serde_json::to_string_pretty(&doc).unwrap_or_default());
        return Ok(Outcome::Success);
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
    Ok(Outcome::Success)
}
