//! `amends diff`: two drafts -> a redline (Markdown, and PDF on request).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::output::{Stream, emit, fail, print_error};
use super::{PaperSize, Usage, load_templates, today};
use crate::Error;
use crate::check::Settings;
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

/// What `diff` was asked for.
pub(super) struct DiffArgs<'a> {
    /// The earlier draft.
    pub(super) old: &'a Path,
    /// The later draft.
    pub(super) new: &'a Path,
    /// Where the Markdown goes (standard output when absent).
    pub(super) output: Option<&'a Path>,
    /// Where the typeset redline goes, if anywhere.
    pub(super) pdf: Option<&'a Path>,
    /// Exit 1 when the drafts differ.
    pub(super) exit_code: bool,
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

pub(super) fn diff(args: &DiffArgs<'_>, templates: Option<&Path>) -> Result<ExitCode, Usage> {
    super::stdio::stdin_at_most_once([&args.old.to_path_buf(), &args.new.to_path_buf()])?;
    if args.pdf.is_some_and(super::stdio::is_stdout)
        && args.output.is_none_or(super::stdio::is_stdout)
    {
        return Err(Usage(
            "--pdf - and the Markdown redline would both go to standard output; give -o FILE or --pdf FILE".to_owned(),
        ));
    }
    let settings = Settings {
        today: today(None)?,
    };
    let Some(templates) = load_templates(templates)? else {
        return Ok(ExitCode::FAILURE);
    };
    let (Some(before), Some(after)) = (
        draft(args.old, &templates, settings),
        draft(args.new, &templates, settings),
    ) else {
        return Ok(ExitCode::FAILURE);
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
        shown(args.old),
        revision(&before),
        shown(args.new),
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
    let inputs = [args.old.to_path_buf(), args.new.to_path_buf()];
    if let Some(path) = super::stdio::file_output(args.output) {
        if !write_redline(path, text.as_bytes(), &inputs) {
            return Ok(ExitCode::FAILURE);
        }
    } else {
        emit(Stream::Out, format_args!("{text}"));
    }
    if let Some(path) = args.pdf {
        let typeset = match crate::render::pdf::typeset(&text, PaperSize::A4.options()) {
            Ok(t) => t,
            Err(e) => {
                fail(&path.display().to_string(), e.to_string());
                return Ok(ExitCode::FAILURE);
            }
        };
        if super::stdio::is_stdout(path) {
            super::stdio::write_stdout(&typeset.bytes);
        } else if !write_redline(path, &typeset.bytes, &inputs) {
            return Ok(ExitCode::FAILURE);
        }
    }
    let differ = counts != crate::review::redline::Counts::default();
    Ok(if args.exit_code && differ {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
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
