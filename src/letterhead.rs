//! The provider's letterhead on a PDF: its accent and its logo, read and
//! decoded (once for a whole batch when every letter has the same).

use crate::diag::Diagnostic;
use crate::read::Source;
use crate::{Error, check, render};

/// A letterhead made once for many letters, with what it was made from:
/// it serves a letter whose provider has the same accent and logo.
#[derive(Debug)]
pub struct SharedLetterhead {
    /// The logo's path as the incident file gives it (the letterhead holds its pixels).
    logo: Option<String>,
    pub(crate) letterhead: render::pdf::Letterhead,
}

impl SharedLetterhead {
    /// `report`'s letterhead, its logo read relative to `source`; `None`
    /// when the logo cannot be read (each letter then says why, as alone).
    #[must_use]
    pub fn of(source: &Source, report: &check::Report) -> Option<SharedLetterhead> {
        Some(SharedLetterhead {
            logo: report.provider.logo.as_ref().map(|(path, _)| path.clone()),
            letterhead: letterhead(source, report).ok()?,
        })
    }

    /// Whether it is the letterhead of `report`'s provider.
    pub(crate) fn serves(&self, report: &check::Report) -> bool {
        self.letterhead.accent == report.provider.accent
            && self.logo.as_deref() == report.provider.logo.as_ref().map(|(p, _)| p.as_str())
    }
}

/// A report's letterhead: its accent, and its logo read and decoded.
pub(crate) fn letterhead(
    source: &Source,
    report: &check::Report,
) -> Result<render::pdf::Letterhead, Error> {
    Ok(render::pdf::Letterhead {
        accent: report.provider.accent,
        logo: match &report.provider.logo {
            Some((path, pos)) => {
                Some(read_logo(source, path).map_err(|message| Error::Invalid {
                    name: source.name.clone(),
                    text: source.text.clone(),
                    diagnostics: vec![Diagnostic::error(
                        *pos,
                        format!("`provider.logo` `{path}`: {message}"),
                    )],
                })?)
            }
            None => None,
        },
    })
}

/// Reads and decodes the logo at `path`, relative to the incident file.
fn read_logo(source: &Source, path: &str) -> Result<render::pdf::logo::Logo, String> {
    read_logo_file(
        &std::path::Path::new(&source.name)
            .parent()
            .unwrap_or_else(|| std::path::Path::new(""))
            .join(path),
    )
}

/// Reads and decodes a provider's logo file, read no further than the size
/// limit; the error says what is wrong with it.
pub fn read_logo_file(path: &std::path::Path) -> Result<render::pdf::logo::Logo, String> {
    use std::io::Read;
    let limit = render::pdf::logo::MAX_LOGO_BYTES;
    let file = std::fs::File::open(path).map_err(|e| format!("cannot read the file: {e}"))?;
    let mut bytes = Vec::new();
    file.take(limit as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read the file: {e}"))?;
    render::pdf::logo::Logo::decode(&bytes).map_err(|e| e.to_string())
}
