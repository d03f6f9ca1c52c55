//! `render` of a batch (an incident and its customers) and `manifest merge`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Subcommand;

use super::output::{self, Stream, emit};
use super::{AudienceArg, OutputFormat, Outputs, Usage, fail, print_diagnostics, print_error};
use crate::batch::{self, BatchError, Summary};
use crate::check::Settings;
use crate::diag;
use crate::read;
use crate::render::Templates;

/// `amends manifest ...`.
#[derive(Debug, Subcommand)]
pub enum ManifestAction {
    /// Join the manifests of the shards of a batch (--shard I/N) into the manifest of the whole batch.
    Merge {
        /// The shards' JSON manifests (<incident>.manifest.I-of-N.json).
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Folder the merged <incident>.manifest.json and .csv are written to.
        #[arg(long, short, default_value = "out")]
        out: PathBuf,
    },
}

/// Renders a batch when one is asked for (`--customers`, `--shard`, or an
/// incident file with `customers:`, unless read from standard input); `None`
/// when the files are single letters.
pub(super) fn render_if_batch(
    files: &[PathBuf],
    out: &Path,
    templates: &Templates,
    outputs: &Outputs,
    settings: Settings,
) -> Result<Option<ExitCode>, Usage> {
    let asked = outputs.customers.is_some() || outputs.shard.is_some();
    // Standard input can be read once only: from it, a batch needs --customers.
    let named = files.iter().filter(|f| !read::is_stdin(f)).any(|f| {
        read::source(f)
            .ok()
            .and_then(|s| read::parse(&s).ok())
            .is_some_and(|f| f.customers.is_some())
    });
    if !asked && !named {
        return Ok(None);
    }
    let [file] = files else {
        return Err(Usage(
            "a batch (an incident file with `customers:`, or --customers, --shard) renders one incident file at a time; pass one file".into(),
        ));
    };
    if outputs.audience != AudienceArg::Customer {
        return Err(Usage(
            "--audience internal renders one incident's internal copy; render it without --customers".into(),
        ));
    }
    let name = file.display().to_string();
    let source = match read::source(file) {
        Ok(s) => s,
        Err(e) => {
            print_error(&name, &crate::Error::Read(e));
            return Ok(Some(ExitCode::FAILURE));
        }
    };
    let batch = match batch::prepare(&source, outputs.customers.as_deref(), settings, templates) {
        Ok(b) => b,
        Err(BatchError::Incident(e)) => {
            print_error(&name, &e);
            return Ok(Some(ExitCode::FAILURE));
        }
        Err(BatchError::Customers(e)) => {
            print_diagnostics(&e.name, e.text.as_deref(), &e.diagnostics);
            tell_line(&format!(
                "{}: {} problem(s) in the customers file; no letter written",
                diag::escape(&e.name),
                e.diagnostics.iter().filter(|d| d.is_error()).count()
            ));
            return Ok(Some(ExitCode::FAILURE));
        }
        Err(e @ BatchError::NoCustomers(_)) => return Err(Usage(e.to_string())),
    };
    // The incident's own warnings, once for the whole batch.
    print_diagnostics(&source.name, Some(&source.text), &batch.report.warnings);
    let options = batch::Options {
        out: out.to_owned(),
        markdown: outputs.formats.contains(&OutputFormat::Md),
        json: outputs.formats.contains(&OutputFormat::Json),
        pdf: outputs
            .formats
            .contains(&OutputFormat::Pdf)
            .then(|| outputs.paper.options()),
        force: outputs.force,
        shard: outputs.shard,
        inputs: vec![file.clone(), PathBuf::from(&batch.customers.name)],
    };
    let count = batch
        .customers
        .len()
        .div_ceil(outputs.shard.map_or(1, |s| s.count));
    let bar = progress_bar(
        count,
        output::QUIET.load(std::sync::atomic::Ordering::Relaxed),
    );
    let outcome = batch::run(&batch, templates, &options, &|| bar.inc(1));
    bar.finish_and_clear();
    let outcome = match outcome {
        Ok(o) => o,
        Err(e) => {
            fail(&name, e.to_string());
            return Ok(Some(ExitCode::FAILURE));
        }
    };
    print_summary(&name, &outcome.summary);
    let m = &outcome.manifest;
    for line in m
        .customers
        .iter()
        .filter(|l| !l.written)
        .take(diag::MAX_SHOWN_PER_FILE)
    {
        tell_line(&format!(
            "{}: error: customer `{}`: letter not written: {}",
            diag::escape(&name),
            diag::escape(&line.customer),
            diag::escape(line.error.as_deref().unwrap_or("unknown"))
        ));
    }
    if !output::QUIET.load(std::sync::atomic::Ordering::Relaxed) {
        for p in &outcome.manifest_files {
            emit(
                Stream::Out,
                format_args!("{}\n", diag::escape(&p.display().to_string())),
            );
        }
    }
    if !output::QUIET.load(std::sync::atomic::Ordering::Relaxed) || !m.complete() {
        tell_line(&format!(
            "{}: {} letter(s) written, {} not written",
            diag::escape(&name),
            m.written,
            m.not_written
        ));
    }
    Ok(Some(if m.complete() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }))
}

/// `check` of an incident file that names its customers: checks them too,
/// with the built-in wording. Whether they are all fine.
pub(super) fn check_named_customers(source: &read::Source, settings: Settings) -> bool {
    let names_customers = read::parse(source).is_ok_and(|f| f.customers.is_some());
    if !names_customers {
        return true;
    }
    let templates = match Templates::builtin() {
        Ok(t) => t,
        Err(e) => {
            fail(&source.name, e.to_string());
            return false;
        }
    };
    match batch::prepare(source, None, settings, &templates) {
        Ok(b) => {
            tell_line(&format!(
                "{}: ok, {} customer(s)",
                diag::escape(&b.customers.name),
                b.customers.len()
            ));
            true
        }
        Err(BatchError::Customers(e)) => {
            print_diagnostics(&e.name, e.text.as_deref(), &e.diagnostics);
            false
        }
        Err(e) => {
            fail(&source.name, e.to_string());
            false
        }
    }
}

fn tell_line(text: &str) {
    emit(Stream::Err, format_args!("{text}\n"));
}

/// A progress bar on standard error: drawn only on a terminal, never with --quiet.
fn progress_bar(len: usize, quiet: bool) -> indicatif::ProgressBar {
    use std::io::IsTerminal as _;
    if quiet || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(u64::try_from(len).unwrap_or(u64::MAX));
    if let Ok(style) =
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} letters ({eta} left)")
    {
        bar.set_style(style);
    }
    bar
}

/// Each warning or review rule once, with how many letters and a few customers.
fn print_summary(name: &str, summary: &Summary) {
    for (what, (count, examples)) in &summary.counts {
        tell_line(&format!(
            "{}: {} in {count} letter(s), e.g. {}",
            diag::escape(name),
            diag::escape(what),
            diag::escape(&examples.join(", "))
        ));
    }
}

/// `amends manifest merge`.
pub(super) fn manifest(action: ManifestAction) -> Result<ExitCode, Usage> {
    let ManifestAction::Merge { files, out } = action;
    let mut texts = Vec::new();
    for f in &files {
        let name = f.display().to_string();
        match read::read_limited(f, read::Input::Customers) {
            Ok(source) => texts.push((name, source.text)),
            Err(e) => {
                print_error(&name, &crate::Error::Read(e));
                return Ok(ExitCode::FAILURE);
            }
        }
    }
    let merged = match batch::manifest::merge(&texts) {
        Ok(m) => m,
        Err(e) => {
            fail("manifest merge", e.to_string());
            return Ok(ExitCode::FAILURE);
        }
    };
    let (json, csv) = batch::manifest_names(&merged.incident, None);
    if let Err(e) = std::fs::create_dir_all(&out) {
        fail(
            &out.display().to_string(),
            format!("cannot create the folder: {e}"),
        );
        return Ok(ExitCode::FAILURE);
    }
    for (file, bytes) in [(csv, merged.to_csv()), (json, merged.to_json())] {
        let path = out.join(file);
        if let Err(e) = crate::write::atomic_write(&path, bytes.as_bytes()) {
            fail("manifest merge", e.to_string());
            return Ok(ExitCode::FAILURE);
        }
        emit(
            Stream::Out,
            format_args!("{}\n", diag::escape(&path.display().to_string())),
        );
    }
    Ok(if merged.complete() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
