//! What `render` and `pdf` say about the output folder: a replaced final
//! report, an approval the letter no longer matches.

use std::path::Path;

use super::output::print_diagnostics;
use crate::check::{Settings, Status};
use crate::diag::Diagnostic;
use crate::read;
use crate::render::Templates;
use crate::write;

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
