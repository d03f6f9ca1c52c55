//! `amends diff`: two drafts -> a redline (Markdown, and PDF on request).

use std::path::{Path, PathBuf};

use clap::Args;

use super::config::Config;
use super::exit::{CommandResult, Outcome, Usage};
use super::options::{PaperSize, settings_and_templates};
use super::output::{Stream, emit, fail, print_error};
use crate::Error;
use crate::check::{ProviderDefaults, Settings};
use crate::read;
use crate::render::Templates;
use crate::write::{self, Output};

/// A draft for `diff`: its Markdown and, when known, its JSON figures.
struct Draft {
    markdown: String,
    figures: Option<serde_json::Value>,
}

/// The Markdown of a draft: rendered when it is an incident file, read when
/// it is Markdown (its figures then from the .json beside it, if any).
fn draft(path: &Path, templates: &Templates, settings: Settings) -> Option<Draft> {
    if path
        .extension()
        .is_some_and(|e| e == "md" || e == "markdown")
    {
        let markdown = match read::read_limited(path, read::Input::Markdown) {
            Ok(source) => source.text,
            Err(err) => {
                print_error(&read::display_name(path), &Error::Read(err));
                return None;
            }
        };
        let figures = read::read_limited(&path.with_extension("json"), read::Input::Markdown)
            .ok()
            .and_then(|s| serde_json::from_str(&s.text).ok());
        return Some(Draft { markdown, figures });
    }
    match read::source(path)
        .map_err(Error::from)
        .and_then(|s| crate::letter(&s, settings, templates))
    {
        Ok(rendered) => Some(Draft {
            figures: serde_json::from_str(&rendered.json).ok(),
            markdown: rendered.markdown,
        }),
        Err(err) => {
            print_error(&read::display_name(path), &err);
            None
        }
    }
}

/// Show what changed between two drafts (incident files or rendered .md) as a redline.
#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The earlier draft (.yaml or .md).
    pub old: PathBuf,
    /// The later draft (.yaml or .md).
    pub new: PathBuf,
    /// Write the redline here instead of standard output.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// Templates folder, for drafts given as incident files.
    #[arg(long)]
    pub templates: Option<PathBuf>,
    /// Also typeset the redline as PDF here (deletions red and struck, insertions green and underlined).
    #[arg(long)]
    pub pdf: Option<PathBuf>,
    /// Exit 1 when the drafts differ, as `git diff --exit-code`.
    #[arg(long)]
    pub exit_code: bool,
}

/// A path for the redline's header: as given when relative, the file name
/// alone when absolute (the header never carries absolute paths).
fn shown(path: &Path) -> String {
    if path.is_relative() {
        return path.display().to_string();
    }
    path.file_name()
        .map_or_else(|| "-".to_owned(), |n| n.to_string_lossy().into_owned())
}

/// `amends diff`, with the config's templates folder when none is given.
pub(super) fn run(args: &DiffArgs, config: &Config) -> CommandResult {
    let templates = config.templates_or(args.templates.clone());
    diff(args, templates.as_deref(), &config.provider)
}

fn diff(args: &DiffArgs, templates: Option<&Path>, provider: &ProviderDefaults) -> CommandResult {
    super::stdio::stdin_at_most_once([&args.old, &args.new])?;
    if args.pdf.as_deref().is_some_and(super::stdio::is_stdout)
        && args.output.as_deref().is_none_or(super::stdio::is_stdout)
    {
        return Err(Usage(
            "--pdf - and the Markdown redline would both go to standard output; give -o FILE or --pdf FILE".to_owned(),
        ));
    }
    let Some((settings, templates)) = settings_and_templates(None, templates, provider)? else {
        return Ok(Outcome::Failure);
    };
    let (Some(before), Some(after)) = (
        draft(&args.old, &templates, settings),
        draft(&args.new, &templates, settings),
    ) else {
        return Ok(Outcome::Failure);
    };
    let (marked, counts) = crate::review::redline::redline(&before.markdown, &after.markdown);
    let summary = crate::review::redline::summary::changed_figures(
        before.figures.as_ref(),
        after.figures.as_ref(),
    );
    // Each draft's status and revision (its watermark says both, when it has
    // one) and date, from the header amends wrote.
    let revision = |d: &Draft| {
        let (meta, _) = crate::render::header::split_meta(&d.markdown);
        let status = meta.watermark.clone().unwrap_or_else(|| {
            let status = meta.effective_status().to_uppercase();
            match &meta.revision {
                Some(n) => format!("{status}, REVISION {n}"),
                None => status,
            }
        });
        format!(
            "{status}, {}",
            meta.date.unwrap_or_else(|| "undated".into())
        )
    };
    let title = format!(
        "Redline: {} ({}) -> {} ({})",
        shown(&args.old),
        revision(&before),
        shown(&args.new),
        revision(&after)
    );
    let header = crate::render::header::Meta {
        title: Some(title.clone()),
        header_left: Some("Deleted: red, struck through. Inserted: green, underlined.".into()),
        header_right: Some(format!("{} -> {}", revision(&before), revision(&after))),
        language: crate::render::header::split_meta(&after.markdown)
            .0
            .language,
        watermark: Some("REDLINE".into()),
        status: Some("draft".into()),
        ..crate::render::header::Meta::default()
    };
    let text = format!(
        "{}**{}**\n\nLegend: <del>deleted</del>, <ins>inserted</ins>. {} word{} deleted, {} inserted.\n\n{summary}\n{marked}",
        crate::render::header::write(&header),
        title.replace('*', "\\*"),
        counts.deleted,
        if counts.deleted == 1 { "" } else { "s" },
        counts.inserted
    );
    inform!(
        "{} word{} deleted, {} word{} inserted",
        counts.deleted,
        if counts.deleted == 1 { "" } else { "s" },
        counts.inserted,
        if counts.inserted == 1 { "" } else { "s" }
    );
    let inputs = [args.old.clone(), args.new.clone()];
    if let Some(path) = super::stdio::file_output(args.output.as_deref()) {
        if !write_redline(path, text.as_bytes(), &inputs) {
            return Ok(Outcome::Failure);
        }
    } else {
        emit(Stream::Out, format_args!("{text}"));
    }
    if let Some(path) = args.pdf.as_deref() {
        let typeset = match crate::render::pdf::typeset(&text, PaperSize::A4.options()) {
            Ok(t) => t,
            Err(e) => {
                fail(&path.display().to_string(), e.to_string());
                return Ok(Outcome::Failure);
            }
        };
        if super::stdio::is_stdout(path) {
            super::stdio::write_stdout(&typeset.bytes);
        } else if !write_redline(path, &typeset.bytes, &inputs) {
            return Ok(Outcome::Failure);
        }
    }
    let differ = counts != crate::review::redline::Counts::default();
    Ok(Outcome::failed_if(args.exit_code && differ))
}

/// Writes a redline file as any output is written: never over an input,
/// never over a final report (a redline is a draft); false when it failed.
fn write_redline(path: &Path, bytes: &[u8], inputs: &[PathBuf]) -> bool {
    let (dir, name) = write::folder_and_name(path);
    let stem = name
        .rsplit_once('.')
        .map_or(name.as_str(), |(stem, _)| stem)
        .to_owned();
    let outputs = [Output {
        name,
        bytes: bytes.to_vec(),
    }];
    let set = write::ReportSet {
        stem: &stem,
        outputs: &outputs,
        is_final: false,
        private: false,
        inputs,
    };
    match write::publish(dir, &set, false) {
        Ok(_) => true,
        Err(err) => {
            fail(&path.display().to_string(), err.to_string());
            false
        }
    }
}
