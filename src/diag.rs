//! Diagnostics: problems found in an input file, with where they are and what to do.

use std::fmt::{self, Write as _};

use serde::Serialize;

/// A line and column in the input file, both counted from 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Pos {
    /// Line, from 1.
    pub line: u64,
    /// Column in characters, from 1.
    pub column: u64,
}

impl Pos {
    /// The position serde-saphyr recorded for a value, if it knows one.
    #[must_use]
    pub fn from_location(location: serde_saphyr::Location) -> Option<Pos> {
        (location.line() > 0).then(|| Pos {
            line: location.line(),
            column: location.column().max(1),
        })
    }
}

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The input cannot be used as it is.
    Error,
    /// The input works, but the report is weaker for it.
    Warning,
    /// Information only: e.g. a review finding a reviewer acknowledged.
    Note,
}

/// One problem in an input file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// Where in the file, when known.
    #[serde(flatten)]
    pub pos: Option<Pos>,
    /// Where the offending words end (exclusive), when known: the span to underline.
    #[serde(skip)]
    pub end: Option<Pos>,
    /// What is wrong and what is expected.
    pub message: String,
    /// An extra line of advice, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
}

impl Diagnostic {
    /// An error at a position.
    pub fn error(pos: Option<Pos>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            pos,
            end: None,
            message: message.into(),
            hint: None,
        }
    }

    /// A warning at a position.
    pub fn warning(pos: Option<Pos>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            pos,
            end: None,
            message: message.into(),
            hint: None,
        }
    }

    /// The same diagnostic with the end of the span to underline.
    #[must_use]
    pub fn with_end(mut self, end: Pos) -> Self {
        self.end = Some(end);
        self
    }

    /// The same diagnostic with a hint.
    #[must_use]
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Whether this diagnostic stops the file from being used.
    #[must_use]
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Formats the diagnostic as `FILE:LINE:COL: severity: message`, followed by
    /// the source line with a caret under the column and the hint, when given.
    #[must_use]
    pub fn display<'a>(&'a self, file: &'a str, source: Option<&'a str>) -> impl fmt::Display + 'a {
        Shown {
            diag: self,
            file,
            source,
        }
    }
}

struct Shown<'a> {
    diag: &'a Diagnostic,
    file: &'a str,
    source: Option<&'a str>,
}

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let severity = match self.diag.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        };
        match self.diag.pos {
            Some(pos) => write!(f, "{}:{}:{}: ", self.file, pos.line, pos.column)?,
            None => write!(f, "{}: ", self.file)?,
        }
        write!(f, "{severity}: {}", self.diag.message)?;
        if let (Some(pos), Some(source)) = (self.diag.pos, self.source)
            && let Some(snippet) = snippet(source, pos)
        {
            write!(f, "\n{snippet}")?;
        }
        if let Some(hint) = &self.diag.hint {
            write!(f, "\n  = hint: {hint}")?;
        }
        Ok(())
    }
}

/// The source line at `pos` with a caret under its column, or None when the
/// line does not exist (or is too long to be useful).
fn snippet(source: &str, pos: Pos) -> Option<String> {
    let index = usize::try_from(pos.line).ok()?.checked_sub(1)?;
    let line = source.lines().nth(index)?;
    if line.chars().count() > 200 {
        return None;
    }
    let number = pos.line.to_string();
    let gutter = " ".repeat(number.len());
    let column = usize::try_from(pos.column).unwrap_or(1).saturating_sub(1);
    let pad: String = line
        .chars()
        .take(column)
        .map(|c| if c == '\t' { '\t' } else { ' ' })
        .collect();
    let mut out = String::new();
    let _ = write!(out, "{gutter} |\n{number} | {line}\n{gutter} | {pad}^");
    Some(out)
}

/// Sorts diagnostics by position (unplaced ones first) so output follows the file.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| a.pos.cmp(&b.pos).then(a.severity.cmp(&b.severity)));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shows_file_line_column_snippet_and_hint() {
        let diag = Diagnostic::error(Some(Pos { line: 2, column: 7 }), "bad time")
            .with_hint("write an offset");
        let text = diag
            .display("a.yaml", Some("x: 1\n  at: 13:00\n"))
            .to_string();
        assert_eq!(
            text,
            "a.yaml:2:7: error: bad time\n  |\n2 |   at: 13:00\n  |       ^\n  = hint: write an offset"
        );
    }

    #[test]
    fn unplaced_diagnostic_names_only_the_file() {
        let diag = Diagnostic::warning(None, "no goodwill");
        assert_eq!(
            diag.display("a.yaml", None).to_string(),
            "a.yaml: warning: no goodwill"
        );
    }
}
