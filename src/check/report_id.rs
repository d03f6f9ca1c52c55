//! Report ids that are valid file names but would collide with another
//! output or cannot be created on every system the folder may be shared with.

use super::Checker;
use crate::diag::{Diagnostic, Pos};

/// Names Windows reserves for devices, with or without an extension.
const DEVICE_NAMES: [&str; 4] = ["CON", "PRN", "AUX", "NUL"];

/// Why `id` cannot name a report, if it cannot.
#[must_use]
pub fn reserved(id: &str) -> Option<String> {
    let stem = id.split('.').next().unwrap_or(id).to_ascii_uppercase();
    let numbered = ["COM", "LPT"].iter().any(|p| {
        stem.strip_prefix(p)
            .is_some_and(|n| n.len() == 1 && n.bytes().all(|b| b.is_ascii_digit()))
    });
    if DEVICE_NAMES.contains(&stem.as_str()) || numbered {
        return Some(format!(
            "the report id `{id}` is a device name on Windows (CON, PRN, AUX, NUL, COM0-9, LPT0-9), so its files cannot be opened there; choose another id"
        ));
    }
    let last = id.rsplit('.').next().unwrap_or(id);
    if id.contains('.') && last.eq_ignore_ascii_case("internal") {
        return Some(format!(
            "the report id `{id}` ends in `.internal`, which names the internal copy of report `{}`; choose another id",
            &id[..id.len() - last.len() - 1]
        ));
    }
    None
}

impl Checker {
    /// Refuses a reserved report id at its position.
    pub(super) fn reserved_id(&mut self, at: Option<Pos>, id: &str) {
        if let Some(message) = reserved(id) {
            self.diags.push(Diagnostic::error(at, message));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::reserved;

    #[test]
    fn device_names_and_internal_suffixes_are_reserved() {
        for id in [
            "CON",
            "con",
            "nul.txt",
            "Com1",
            "LPT9.report",
            "aux",
            "X.internal",
            "x.INTERNAL",
        ] {
            assert!(reserved(id).is_some(), "{id}");
        }
        for id in [
            "INC-1",
            "CONSOLE",
            "COM10",
            "internal",
            "X.internals",
            "NULL",
        ] {
            assert!(reserved(id).is_none(), "{id}");
        }
    }
}
