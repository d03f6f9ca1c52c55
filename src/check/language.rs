//! The letter's language: a tag is usable only when wording exists for it
//! (built in or in `--templates`); there is no silent fallback to English.

use crate::diag::Diagnostic;
use crate::read::{IncidentFile, pos};

/// The built-in languages, as `amends templates dump` writes them.
pub const BUILTIN: &[&str] = &["cs", "en", "vi"];

/// The wording key for a language tag among the languages that have wording:
/// the tag itself, else its primary language (`vi-VN` -> `vi`), compared
/// without regard to case.
#[must_use]
pub fn wording_key<'a>(tag: &str, available: &[&'a str]) -> Option<&'a str> {
    let tag = tag.to_ascii_lowercase();
    let primary = tag.split('-').next().unwrap_or(&tag);
    available
        .iter()
        .find(|code| code.eq_ignore_ascii_case(&tag))
        .or_else(|| {
            available
                .iter()
                .find(|code| code.eq_ignore_ascii_case(primary))
        })
        .copied()
}

/// Resolves the file's `report.language` (English when absent) against the
/// languages that have wording; the error stands on `report.language`.
pub fn resolve<'a>(file: &IncidentFile, available: &[&'a str]) -> Result<&'a str, Diagnostic> {
    let written = file.report.value.language.as_ref();
    let tag = written.map_or("en", |t| t.value.trim());
    wording_key(tag, available).ok_or_else(|| {
        let primary = tag.split('-').next().unwrap_or(tag).to_ascii_lowercase();
        Diagnostic::error(
            written.and_then(pos),
            format!(
                "there is no wording for language `{tag}`, and a letter is written entirely in its language; \
                 expected one of: {}",
                available.join(", ")
            ),
        )
        .with_hint(format!(
            "to add it, run `amends templates dump DIR`, write DIR/lang/{primary}.yaml and \
             DIR/lint/{primary}.yaml from the English files, and pass `--templates DIR`"
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn region_tags_map_to_their_language() {
        let available = ["cs", "en", "vi"];
        assert_eq!(wording_key("vi-VN", &available), Some("vi"));
        assert_eq!(wording_key("CS-cz", &available), Some("cs"));
        assert_eq!(wording_key("en-GB", &available), Some("en"));
        assert_eq!(wording_key("de", &available), None);
        assert_eq!(wording_key("de-CS", &available), None);
        assert_eq!(wording_key("pt-BR", &["pt-br", "en"]), Some("pt-br"));
    }
}
