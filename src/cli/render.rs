//! `amends render`: incident files -> report sets (Markdown, JSON, PDF) in
//! an output folder; a batch (one letter per customer) is src/cli/batch.rs's.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use clap::Args;

use super::config::Config;
use super::exit::{CommandResult, Outcome, Usage};
use super::options::{
    AudienceArg, OutputFormat, PaperSize, ThresholdArgs, parse_date, settings_and_templates,
};
use super::output::{self, fail, print_diagnostics, print_error, print_findings};
use super::publish::{explain_stale_approval, say_replaced};
use super::{batch, stdio};
use crate::Error;
use crate::check::{ProviderDefaults, Status};
use crate::diag;
use crate::read;
use crate::write::{self, Output};

/// Render incident files into reports (<report.id>.md, .json and .pdf in --out).
#[derive(Debug, Args)]
pub struct RenderArgs {
    /// Incident files (YAML, format 1).
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Folder the reports are written to; created if missing [default: amends.toml's `out`, else out].
    #[arg(long, short)]
    pub out: Option<PathBuf>,
    /// Folder of templates and language files that replace the built-in ones.
    #[arg(long)]
    pub templates: Option<PathBuf>,
    /// Output formats, comma-separated.
    #[arg(long, value_delimiter = ',', default_values_t = [OutputFormat::Md, OutputFormat::Json, OutputFormat::Pdf])]
    pub format: Vec<OutputFormat>,
    /// Paper size of the PDF [default: amends.toml's `paper`, else a4].
    #[arg(long, value_enum)]
    pub paper: Option<PaperSize>,
    /// Who the report is for: the customer's letter, or the provider's
    /// internal copy (<id>.internal.*: internal events, recovery outlook, review findings).
    #[arg(long, value_enum, default_value_t = AudienceArg::Customer)]
    pub audience: AudienceArg,
    /// Report date (YYYY-MM-DD) for files without report.date.
    #[arg(long, value_parser = parse_date)]
    pub date: Option<NaiveDate>,
    /// Replace an existing final report even though it would change.
    #[arg(long)]
    pub force: bool,
    /// Thresholds of the review's communication rules.
    #[command(flatten)]
    pub limits: ThresholdArgs,
    /// A customers file (CSV or YAML): one letter per customer, and a manifest.
    #[arg(long, value_name = "FILE")]
    pub customers: Option<PathBuf>,
    /// Render only the I-th of N deterministic slices of the customers (e.g. 2/8).
    #[arg(long, value_name = "I/N")]
    pub shard: Option<crate::batch::Shard>,
}

/// What `render` writes, and how.
pub(super) struct Outputs {
    pub(super) formats: Vec<OutputFormat>,
    pub(super) paper: PaperSize,
    pub(super) audience: AudienceArg,
    pub(super) force: bool,
    pub(super) limits: crate::review::Thresholds,
    pub(super) customers: Option<PathBuf>,
    pub(super) shard: Option<crate::batch::Shard>,
}

/// `amends render`, with the config's defaults for what is not given.
pub(super) fn run(args: RenderArgs, config: &Config) -> CommandResult {
    let out = args
        .out
        .or_else(|| config.out.clone())
        .unwrap_or_else(|| PathBuf::from("out"));
    let templates = config.templates_or(args.templates);
    let outputs = Outputs {
        formats: args.format,
        paper: config.paper_or(args.paper),
        audience: args.audience,
        force: args.force,
        limits: args.limits.thresholds(config),
        customers: args.customers,
        shard: args.shard,
    };
    render(
        &args.files,
        &out,
        templates.as_deref(),
        &outputs,
        args.date,
        &config.provider,
    )
}

fn render(
    files: &[PathBuf],
    out: &Path,
    templates: Option<&Path>,
    outputs: &Outputs,
    date: Option<NaiveDate>,
    provider: &ProviderDefaults,
) -> CommandResult {
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
    let Some((settings, templates)) = settings_and_templates(date, templates, provider)? else {
        return Ok(Outcome::Failure);
    };
    if let Some(code) = batch::render_if_batch(files, out, &templates, outputs, settings)? {
        return Ok(Outcome::from(code));
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
    Ok(Outcome::failed_if(failed))
}
