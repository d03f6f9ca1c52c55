//! `amends.toml`: per-folder defaults for the command line (paper, templates
//! folder, output folder, lint thresholds, the provider), found next to the
//! incident file or in a folder above it. An option given on the command
//! line, or a value in the incident file, always wins.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use super::options::PaperSize;
use crate::check::ProviderDefaults;
use crate::diag::{Diagnostic, Pos};

/// The config file's name, looked for from the incident file's folder up.
pub(super) const FILE_NAME: &str = "amends.toml";

/// The settings of an `amends.toml`; paths already resolved against its folder.
#[derive(Debug, Default)]
pub(super) struct Config {
    /// Paper size of PDFs.
    pub(super) paper: Option<PaperSize>,
    /// Templates folder.
    pub(super) templates: Option<PathBuf>,
    /// Where `render` writes.
    pub(super) out: Option<PathBuf>,
    /// `[lint] notice_minutes`.
    pub(super) notice_minutes: Option<i64>,
    /// `[lint] silence_minutes`.
    pub(super) silence_minutes: Option<i64>,
    /// `[provider]`: what incident files may leave out of `provider:`.
    pub(super) provider: ProviderDefaults,
}

impl Config {
    /// `--paper` when given, else the config's, else A4.
    pub(super) fn paper_or(&self, given: Option<PaperSize>) -> PaperSize {
        given.or(self.paper).unwrap_or(PaperSize::A4)
    }

    /// `--templates` when given, else the config's templates folder.
    pub(super) fn templates_or(&self, given: Option<PathBuf>) -> Option<PathBuf> {
        given.or_else(|| self.templates.clone())
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    paper: Option<Spanned<String>>,
    templates: Option<PathBuf>,
    out: Option<PathBuf>,
    lint: Option<Lint>,
    provider: Option<ProviderTable>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ProviderTable {
    name: Option<Spanned<String>>,
    support_contact: Option<Spanned<String>>,
    signature: Option<Spanned<String>>,
    accent: Option<Spanned<String>>,
    logo: Option<Spanned<PathBuf>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Lint {
    notice_minutes: Option<Spanned<i64>>,
    silence_minutes: Option<Spanned<i64>>,
}

/// Why a config file was not used: its name, text and what is wrong.
pub(super) struct ConfigError {
    /// The file.
    pub(super) name: String,
    /// Its text, for the snippet (absent when it could not be read).
    pub(super) text: Option<String>,
    /// What is wrong, where.
    pub(super) diagnostic: Box<Diagnostic>,
}

/// The `amends.toml` in `start` or the nearest folder above it, stopping
/// after the folder that holds `.git` (a repository's root) or at the root.
pub(super) fn discover(start: &Path) -> Option<PathBuf> {
    let start = std::path::absolute(start).ok()?;
    for folder in start.ancestors() {
        let candidate = folder.join(FILE_NAME);
        if candidate.is_file() {
            return Some(candidate);
        }
        if folder.join(".git").exists() {
            return None;
        }
    }
    None
}

/// The config of a run: `--config FILE`, none with `--no-config`, else the
/// `amends.toml` found from the folder of the command's first input (the
/// current folder for standard input); none when there is none.
pub(super) fn resolve(
    given: Option<&Path>,
    no_config: bool,
    input: Option<&Path>,
) -> Result<Config, ConfigError> {
    if no_config {
        return Ok(Config::default());
    }
    if let Some(path) = given {
        return load(path);
    }
    let Some(input) = input else {
        return Ok(Config::default());
    };
    let folder = if crate::read::is_stdin(input) {
        Path::new(".")
    } else {
        input
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."))
    };
    discover(folder).map_or_else(|| Ok(Config::default()), |path| load(&path))
}

/// Reads and checks a config file.
pub(super) fn load(path: &Path) -> Result<Config, ConfigError> {
    let name = path.display().to_string();
    // A config file is small text; the Markdown limit is generous for it.
    let source = crate::read::read_limited(path, crate::read::Input::Markdown).map_err(|e| {
        let diagnostic = match e {
            crate::read::ReadError::Io { source, .. } => {
                Diagnostic::error(None, format!("cannot read the config file: {source}"))
            }
            crate::read::ReadError::Invalid { diagnostic, .. } => *diagnostic,
        };
        ConfigError {
            name: name.clone(),
            text: None,
            diagnostic: Box::new(diagnostic),
        }
    })?;
    let text = source.text;
    let at = |span: std::ops::Range<usize>| position(&text, span.start);
    let error = |pos: Option<Pos>, message: String| ConfigError {
        name: name.clone(),
        text: Some(text.clone()),
        diagnostic: Box::new(Diagnostic::error(pos, message)),
    };
    let file: File = toml::from_str(&text).map_err(|e| {
        error(
            e.span().map(at),
            format!(
                "{}; expected the keys of docs/config.md",
                e.message().trim_end()
            ),
        )
    })?;
    let folder = path.parent().unwrap_or(Path::new("."));
    let paper = match file.paper {
        None => None,
        Some(p) => Some(match p.get_ref().as_str() {
            "a4" => PaperSize::A4,
            "letter" => PaperSize::Letter,
            other => {
                return Err(error(
                    Some(at(p.span())),
                    format!("paper `{other}` is not known; expected \"a4\" or \"letter\""),
                ));
            }
        }),
    };
    let minutes = |value: Option<Spanned<i64>>, key: &str| match value {
        None => Ok(None),
        Some(v) => crate::review::parse_minutes(&v.get_ref().to_string())
            .map(Some)
            .map_err(|why| error(Some(at(v.span())), format!("lint.{key}: {why}"))),
    };
    let (notice, silence) = match file.lint {
        Some(l) => (l.notice_minutes, l.silence_minutes),
        None => (None, None),
    };
    let text_of = |value: Option<Spanned<String>>, key: &str| match value {
        None => Ok(None),
        Some(v) => {
            let what = format!("`provider.{key}`");
            match crate::check::text_problems(v.get_ref().trim(), &what)
                .into_iter()
                .next()
            {
                Some(problem) => Err(error(Some(at(v.span())), problem)),
                None => Ok(Some(v.get_ref().trim().to_owned())),
            }
        }
    };
    let provider = match file.provider {
        None => ProviderDefaults::default(),
        Some(p) => ProviderDefaults {
            name: text_of(p.name, "name")?,
            support_contact: text_of(p.support_contact, "support_contact")?,
            signature: text_of(p.signature, "signature")?,
            accent: match p.accent {
                None => None,
                Some(a) => Some(crate::check::scalars::rgb(a.get_ref()).ok_or_else(|| {
                    error(
                        Some(at(a.span())),
                        format!(
                            "provider.accent `{}`: expected a colour as \"#RRGGBB\", e.g. \"#0B5FA5\"",
                            a.get_ref()
                        ),
                    )
                })?),
            },
            logo: match p.logo {
                None => None,
                Some(l) => {
                    let joined = folder.join(l.get_ref());
                    // Checked here, so that a bad logo is found at its line in
                    // amends.toml rather than when a PDF is first rendered.
                    if let Err(why) = crate::read_logo_file(&joined) {
                        return Err(error(
                            Some(at(l.span())),
                            format!(
                                "provider.logo `{}` (a PNG or JPEG, relative to amends.toml's folder): {why}",
                                l.get_ref().display()
                            ),
                        ));
                    }
                    // Absolute, so that it is found from any incident file's folder.
                    Some(std::path::absolute(&joined).unwrap_or(joined))
                }
            },
        },
    };
    Ok(Config {
        paper,
        templates: file.templates.map(|p| folder.join(p)),
        out: file.out.map(|p| folder.join(p)),
        notice_minutes: minutes(notice, "notice_minutes")?,
        silence_minutes: minutes(silence, "silence_minutes")?,
        provider,
    })
}

/// Line and column (in characters, from 1) of a byte offset.
fn position(text: &str, offset: usize) -> Pos {
    let mut end = offset.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let before = &text[..end];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    Pos {
        line: before.matches('\n').count() as u64 + 1,
        column: before[line_start..].chars().count() as u64 + 1,
    }
}
