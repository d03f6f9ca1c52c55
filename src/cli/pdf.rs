//! `amends pdf`: a Markdown file (a report edited by hand, say) -> a typeset PDF.

use std::path::{Path, PathBuf};

use clap::Args;

use super::config::Config;
use super::exit::{CommandResult, Outcome, Usage};
use super::options::PaperSize;
use super::output::{fail, print_diagnostics, print_error};
use super::publish::say_replaced;
use crate::diag::{self, Diagnostic};
use crate::write::{self, Output};
use crate::{Error, read};

/// Typeset a Markdown file (for instance a report edited by hand) as PDF.
#[derive(Debug, Args)]
pub struct PdfArgs {
    /// The Markdown file.
    pub file: PathBuf,
    /// Where to write the PDF (default: FILE with .pdf).
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// Paper size [default: amends.toml's `paper`, else a4].
    #[arg(long, value_enum)]
    pub paper: Option<PaperSize>,
    /// Replace an existing final report's PDF even though it would change.
    #[arg(long)]
    pub force: bool,
}

/// `amends pdf`, with the config's paper when none is given.
pub(super) fn run(args: &PdfArgs, config: &Config) -> CommandResult {
    pdf(
        &args.file,
        args.output.as_deref(),
        config.paper_or(args.paper),
        args.force,
    )
}

fn pdf(file: &Path, output: Option<&Path>, paper: PaperSize, force: bool) -> CommandResult {
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
            return Ok(Outcome::Failure);
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
            return Ok(Outcome::Failure);
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
        return Ok(Outcome::Success);
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
            Ok(Outcome::Success)
        }
        Err(err) => {
            fail(&name, err.to_string());
            Ok(Outcome::Failure)
        }
    }
}
