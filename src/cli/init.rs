//! `amends init`: a fully commented starter incident file, never over an
//! existing file.

use std::path::{Path, PathBuf};

use clap::Args;

use super::exit::{CommandResult, Outcome, Usage};
use super::output::{self, fail};
use crate::{diag, read, write};

/// The fully commented starter incident file written by `amends init`.
pub const STARTER: &str = include_str!("../../samples/starter.yaml");

/// The starters `amends init --language` writes, by language.
pub const STARTERS: &[(&str, &str)] = &[
    ("en", STARTER),
    ("vi", include_str!("../../samples/starter-vi.yaml")),
];

/// Write a fully commented starter incident file (never over an existing file).
#[derive(Debug, Args)]
pub struct InitArgs {
    /// Where to write it.
    #[arg(default_value = "incident.yaml")]
    pub path: PathBuf,
    /// The starter's language: en or vi (comments and example in that language).
    #[arg(long, default_value = "en")]
    pub language: String,
}

/// `amends init`.
pub(super) fn run(args: &InitArgs) -> CommandResult {
    init(&args.path, &args.language)
}

fn init(path: &Path, language: &str) -> CommandResult {
    let Some((_, starter)) = STARTERS
        .iter()
        .find(|(code, _)| code.eq_ignore_ascii_case(language))
    else {
        let known: Vec<&str> = STARTERS.iter().map(|(code, _)| *code).collect();
        return Err(Usage(format!(
            "--language {language}: there is no starter in that language; expected one of: {}",
            known.join(", ")
        )));
    };
    // Editors with yaml-language-server validate and complete against it.
    let text = format!(
        "# yaml-language-server: $schema={}\n{starter}",
        read::schema::SCHEMA_URL
    );
    match write::atomic_create(path, text.as_bytes()) {
        Ok(()) => {
            output::list_written(&[path.to_path_buf()], None, Path::new("."));
            inform!(
                "wrote a starter incident file; edit it, then run `amends check {}`",
                diag::escape(&path.display().to_string())
            );
            Ok(Outcome::Success)
        }
        Err(write::WriteError::Exists { .. }) => {
            fail(
                &path.display().to_string(),
                "the file already exists; amends init never replaces a file",
            );
            Ok(Outcome::Failure)
        }
        Err(write::WriteError::Io { source, .. }) => {
            fail(
                &path.display().to_string(),
                format!("cannot write the file: {source}"),
            );
            Ok(Outcome::Failure)
        }
        Err(e) => {
            fail(&path.display().to_string(), e.to_string());
            Ok(Outcome::Failure)
        }
    }
}
