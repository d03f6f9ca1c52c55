//! `amends templates`: the built-in templates and language files, copied out
//! to edit and pass back with --templates.

use std::path::{Path, PathBuf};

use clap::Subcommand;

use super::exit::{CommandResult, Outcome};
use super::output::{self, fail};
use crate::render::templates::BUILTIN;
use crate::write;

/// `amends templates ...`.
#[derive(Debug, Subcommand)]
pub enum TemplatesAction {
    /// Write the built-in templates and language files into DIR, to edit and pass with --templates.
    Dump {
        /// Folder to write into (created if missing; existing files are not replaced).
        dir: PathBuf,
    },
}

/// `amends templates ACTION`.
pub(super) fn run(action: &TemplatesAction) -> CommandResult {
    match action {
        TemplatesAction::Dump { dir } => dump(dir),
    }
}

fn dump(dir: &Path) -> CommandResult {
    let folder = dir.display().to_string();
    // Nothing is written through a link: not a linked file, nor a linked
    // folder below DIR (a link there could point anywhere).
    let mut existing = Vec::new();
    for (name, _) in BUILTIN {
        let mut at = dir.to_path_buf();
        for part in Path::new(name).components() {
            at.push(part);
            match std::fs::symlink_metadata(&at) {
                Ok(meta) if meta.file_type().is_symlink() => {
                    fail(
                        &at.display().to_string(),
                        "is a link; templates dump writes only into real folders and never through links",
                    );
                    return Ok(Outcome::Failure);
                }
                Ok(_) if at.ends_with(name) => existing.push(at.display().to_string()),
                _ => {}
            }
        }
    }
    if !existing.is_empty() {
        fail(
            &folder,
            format!(
                "these files already exist and are not replaced: {}",
                existing.join(", ")
            ),
        );
        return Ok(Outcome::Failure);
    }
    let mut written = Vec::with_capacity(BUILTIN.len());
    for (name, content) in BUILTIN {
        let path = dir.join(name);
        let result = match path.parent() {
            Some(parent) => {
                std::fs::create_dir_all(parent).map_err(|source| write::WriteError::Io {
                    path: parent.to_owned(),
                    source,
                })
            }
            None => Ok(()),
        }
        .and_then(|()| write::atomic_write(&path, content.as_bytes()));
        if let Err(err) = result {
            fail(&folder, err.to_string());
            return Ok(Outcome::Failure);
        }
        written.push(path);
    }
    output::list_written(&written, None, dir);
    Ok(Outcome::Success)
}
