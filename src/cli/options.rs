//! Options several commands share (formats, paper, audience, the review's
//! thresholds), and the settings resolved from them: the report date and
//! the templates.

use std::path::Path;

use chrono::{DateTime, NaiveDate, Utc};
use clap::{Args, ValueEnum};

use super::config;
use super::exit::Usage;
use super::output::fail;
use crate::check::{ProviderDefaults, Settings};
use crate::render::Templates;
use crate::render::pdf::{Paper, PdfOptions};

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
    pub(super) fn thresholds(self, config: &config::Config) -> crate::review::Thresholds {
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

impl std::fmt::Display for OutputFormat {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            OutputFormat::Md => "md",
            OutputFormat::Json => "json",
            OutputFormat::Pdf => "pdf",
        })
    }
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
    /// The typesetter's options for this paper.
    pub(super) fn options(self) -> PdfOptions {
        PdfOptions {
            paper: match self {
                PaperSize::A4 => Paper::A4,
                PaperSize::Letter => Paper::Letter,
            },
        }
    }
}

/// `--date`'s parser: the incident file's date format.
pub(super) fn parse_date(text: &str) -> Result<NaiveDate, String> {
    crate::check::scalars::date(text)
}

/// The report date for files without one: --date, else SOURCE_DATE_EPOCH, else today (UTC).
pub(super) fn today(date: Option<NaiveDate>) -> Result<NaiveDate, Usage> {
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

/// What every command that reads incident files starts from: the settings
/// (report date as [`today`] resolves it, provider defaults) and the
/// templates ([`load_templates`]); `None` when the templates failed to load
/// (the failure is printed).
pub(super) fn settings_and_templates<'a>(
    date: Option<NaiveDate>,
    templates: Option<&Path>,
    provider: &'a ProviderDefaults,
) -> Result<Option<(Settings<'a>, Templates)>, Usage> {
    let settings = Settings {
        today: today(date)?,
        provider: Some(provider),
    };
    Ok(load_templates(templates)?.map(|t| (settings, t)))
}

/// The templates of `--templates DIR` (over the built-in ones), else the
/// built-in ones; `None` when they fail to load (the failure is printed).
pub(super) fn load_templates(dir: Option<&Path>) -> Result<Option<Templates>, Usage> {
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
