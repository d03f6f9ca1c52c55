//! `amends pdf` and what `render` and `pdf` say about the output folder:
//! a replaced final report, an approval the letter no longer matches.

use std::path::Path;
use std::process::ExitCode;

use super::output::{fail, print_diagnostics, print_error};
use super::{PaperSize, Usage};
use crate::check::{Settings, Status};
use crate::diag::{self, Diagnostic};
use crate::render::Templates;
use crate::write::{self, Output};
use crate::{Error, read};

pub(super) fn pdf(
    file: &Path,
    output: Option<&Path>,
    paper: PaperSize,
    force: bool,
) -> Result<ExitCode, Usage> {
    if read::is_stdin(file) && output.is_none() {
        return Err(Usage(
            "reading the Markdown from standard input needs -o FILE (or -o - for standard output)"
                .to_owned(),
        ));
    }
    let name = read::display_name(file);
    let markdown = match read::read_limited(file, read::Input::Markdown) {
        Ok(source) => source.text,
        Err(err) => {
            print_error(&name, &Error::Read(err));
            return Ok(ExitCode::FAILURE);
        }
    };
    let target = output.map_or_else(|| file.with_extension("pdf"), Path::to_path_buf);
    let typeset = match crate::render::pdf::typeset(&markdown, paper.options()) {
        Ok(t) => t,
        Err(e) => {
            let at = e.position().map(|(line, column)| diag::Pos {
                line: line as u64,
                column: column as u64,
            });
            print_diagnostics(
                &name,
                Some(&markdown),
                &[Diagnostic::error(at, e.to_string())],
            );
            return Ok(ExitCode::FAILURE);
        }
    };
    let warnings: Vec<Diagnostic> = typeset
        .warnings
        .iter()
        .map(|w| Diagnostic::warning(None, w.to_string()))
        .collect();
    print_diagnostics(&name, None, &warnings);
    if output.is_some_and(super::stdio::is_stdout) {
        super::stdio::write_stdout(&typeset.bytes);
        return Ok(ExitCode::SUCCESS);
    }
    let (dir, out_name) = write::folder_and_name(&target);
    // Finality is the folder's: whatever the outputs already at this name say.
    let stem = out_name
        .strip_suffix(".pdf")
        .unwrap_or(&out_name)
        .to_owned();
    let (meta, _) = crate::render::header::split_meta(&markdown);
    let outputs = [Output {
        name: out_name,
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
            say_replaced(&name, &stem, published.replaced_final.as_ref());
            super::output::list_written(&published.paths, None, dir);
            Ok(ExitCode::SUCCESS)
        }
        Err(err) => {
            fail(&name, err.to_string());
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
        let note = Diagnostic::note(
            None,
            format!(
                "what changed since {} (the letter {} approved): {summary}",
                path.display(),
                approvers.join(", ")
            ),
        );
        print_diagnostics(&source.name, None, &[note]);
    }
}

/// `--force` always says what it replaced.
pub(super) fn say_replaced(name: &str, stem: &str, replaced: Option<&(Vec<String>, String)>) {
    if let Some((_, why)) = replaced {
        let warning = Diagnostic::warning(
            None,
            format!("replaced the final report {stem} ({why}) because of --force"),
        );
        print_diagnostics(name, None, &[warning]);
    }
}
