//! `amends pdf` and what `render` and `pdf` say about the output folder:
//! a replaced final report, an approval the letter no longer matches.

use std::path::Path;
use std::process::ExitCode;

use super::{PaperSize, Usage};
use crate::check::{Settings, Status};
use crate::read;
use crate::render::Templates;
use crate::write::{self, Output};

pub(super) fn pdf(
    file: &Path,
    output: Option<&Path>,
    paper: PaperSize,
    force: bool,
) -> Result<ExitCode, Usage> {
    let markdown = match read_markdown(file) {
        Ok(text) => text,
        Err(message) => {
            eprintln!("{}: error: {message}", file.display());
            return Ok(ExitCode::FAILURE);
        }
    };
    let target = output.map_or_else(|| file.with_extension("pdf"), Path::to_path_buf);
    let typeset = match crate::render::pdf::typeset(&markdown, paper.options()) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{}: error: {e}", file.display());
            return Ok(ExitCode::FAILURE);
        }
    };
    for w in &typeset.warnings {
        eprintln!("{}: warning: {w}", file.display());
    }
    let dir = target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    // Finality is the folder's: whatever the outputs already at this name say.
    let stem = name.strip_suffix(".pdf").unwrap_or(&name).to_owned();
    let (meta, _) = crate::render::header::split_meta(&markdown);
    let outputs = [Output {
        name,
        bytes: typeset.bytes,
    }];
    let set = write::ReportSet {
        stem: &stem,
        outputs: &outputs,
        is_final: meta.effective_status() == "final",
        private: stem.ends_with(".internal"),
        inputs: &[file.to_path_buf()],
    };
    match write::publish(dir, &set, force) {
        Ok(published) => {
            say_replaced(
                &file.display().to_string(),
                &stem,
                published.replaced_final.as_ref(),
            );
            for p in published.paths {
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

/// When a final report was refused because its letter changed after
/// approval, and the output folder still holds the letter that was approved
/// (its header carries the approved fingerprint), says what changed since.
pub(super) fn explain_stale_approval(
    source: &read::Source,
    settings: Settings,
    templates: &Templates,
    out: &Path,
) {
    let Ok(report) = crate::check(source, settings) else {
        return;
    };
    if report.meta.status != Status::Final {
        return;
    }
    let path = out.join(format!("{}.md", report.meta.id));
    let write::files::Existing::File(bytes) = write::files::read_existing(&path) else {
        return;
    };
    let Ok(approved) = String::from_utf8(bytes) else {
        return;
    };
    let (meta, _) = crate::render::header::split_meta(&approved);
    let Some(fingerprint) = meta.fingerprint else {
        return;
    };
    let approvers: Vec<&str> = report
        .meta
        .reviewers
        .iter()
        .filter(|rv| rv.fingerprint.as_deref() == Some(fingerprint.as_str()))
        .map(|rv| rv.name.as_str())
        .collect();
    if approvers.is_empty() {
        return;
    }
    if let Ok(summary) = crate::changes_since(source, settings, templates, &approved) {
        eprintln!(
            "{}: note: what changed since {} (the letter {} approved): {summary}",
            source.name,
            path.display(),
            approvers.join(", ")
        );
    }
}

/// `--force` always says what it replaced.
pub(super) fn say_replaced(name: &str, stem: &str, replaced: Option<&(Vec<String>, String)>) {
    if let Some((_, why)) = replaced {
        eprintln!("{name}: warning: replaced the final report {stem} ({why}) because of --force");
    }
}

/// A Markdown file, read with the same size limit as an incident file.
pub(super) fn read_markdown(path: &Path) -> Result<String, String> {
    use std::io::Read as _;
    let limit = read::MAX_FILE_BYTES;
    let file = std::fs::File::open(path).map_err(|e| format!("cannot read the file: {e}"))?;
    let mut bytes = Vec::new();
    file.take(limit as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read the file: {e}"))?;
    if bytes.len() > limit {
        return Err(format!(
            "the file is larger than {limit} bytes, the most amends reads"
        ));
    }
    String::from_utf8(bytes)
        .map_err(|_| "the file is not valid UTF-8; save it as UTF-8 text".into())
}
