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

    /// A note at a position: information, never a failure.
    pub fn note(pos: Option<Pos>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Note,
            ..Diagnostic::warning(pos, message)
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
    /// the source line with the span underlined and the hint, when given.
    /// Control and bidi characters from the input are shown escaped.
    #[must_use]
    pub fn display<'a>(&'a self, file: &'a str, source: Option<&'a str>) -> impl fmt::Display + 'a {
        Shown {
            diag: self,
            file,
            line: source.and_then(|text| self.pos.and_then(|p| Lines::new(text).get(p.line))),
            color: false,
        }
    }

    /// Like [`Diagnostic::display`], with the file's lines indexed once by the
    /// caller, and the severity and underline in colour when `color` is set.
    #[must_use]
    pub fn display_in<'a>(
        &'a self,
        file: &'a str,
        lines: Option<&Lines<'a>>,
        color: bool,
    ) -> impl fmt::Display + 'a {
        Shown {
            diag: self,
            file,
            line: lines.and_then(|l| self.pos.and_then(|p| l.get(p.line))),
            color,
        }
    }
}

/// Most diagnostics shown for one file; the rest are counted in one line
/// ("... and N more"), so a file of 80,000 mistakes prints a screenful.
pub const MAX_SHOWN_PER_FILE: usize = 100;

/// The lines of a text, indexed once, so that each snippet is found in constant time.
#[derive(Debug, Clone)]
pub struct Lines<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> Lines<'a> {
    /// Indexes the start of every line of `text`.
    #[must_use]
    pub fn new(text: &'a str) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Lines { text, starts }
    }

    /// Line `number` (from 1), without its line end; None past the end.
    #[must_use]
    pub fn get(&self, number: u64) -> Option<&'a str> {
        let index = usize::try_from(number).ok()?.checked_sub(1)?;
        let start = *self.starts.get(index)?;
        let end = self
            .starts
            .get(index + 1)
            .map_or(self.text.len(), |e| e - 1);
        let line = self.text.get(start..end)?;
        Some(line.strip_suffix('\r').unwrap_or(line))
    }
}

/// Whether a character is invisible or reorders text when shown: C0 and C1
/// controls other than tab and line feed, DEL, and the bidi marks, embeddings,
/// overrides and isolates. Such characters are refused in incident files and
/// escaped in everything printed.
#[must_use]
pub fn is_hidden_control(c: char) -> bool {
    (c.is_control() && c != '\t' && c != '\n')
        || matches!(c, '\u{200e}' | '\u{200f}' | '\u{061c}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// The text with every hidden control character (and line ends) written as
/// `<U+XXXX>`, so that printed input cannot move the cursor, recolour the
/// terminal or reorder what a reader sees.
#[must_use]
pub fn escape(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(|c| c == '\n' || is_hidden_control(c)) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if c == '\n' || is_hidden_control(c) {
            let _ = write!(out, "<U+{:04X}>", u32::from(c));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

struct Shown<'a> {
    diag: &'a Diagnostic,
    file: &'a str,
    /// The source line the diagnostic points at, when known.
    line: Option<&'a str>,
    color: bool,
}

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (severity, paint) = match self.diag.severity {
            Severity::Error => ("error", "\x1b[1;31m"),
            Severity::Warning => ("warning", "\x1b[1;33m"),
            Severity::Note => ("note", "\x1b[1;36m"),
        };
        let file = escape(self.file);
        match self.diag.pos {
            Some(pos) => write!(f, "{file}:{}:{}: ", pos.line, pos.column)?,
            None => write!(f, "{file}: ")?,
        }
        if self.color {
            write!(f, "{paint}{severity}\x1b[0m: ")?;
        } else {
            write!(f, "{severity}: ")?;
        }
        write!(f, "{}", escape(&self.diag.message))?;
        if let (Some(pos), Some(line)) = (self.diag.pos, self.line)
            && let Some(snippet) = snippet(line, pos, self.diag.end, self.diag.severity, self.color)
        {
            write!(f, "\n{snippet}")?;
        }
        if let Some(hint) = &self.diag.hint {
            write!(f, "\n  = hint: {}", escape(hint))?;
        }
        Ok(())
    }
}

/// The longest source line shown in a snippet, in characters.
const MAX_SNIPPET_CHARS: usize = 200;

/// The source line at `pos` with the span underlined (to `end` when it is on
/// the same line, else one character), or None when the line is too long to
/// be useful.
fn snippet(
    line: &str,
    pos: Pos,
    end: Option<Pos>,
    severity: Severity,
    color: bool,
) -> Option<String> {
    use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
    if line.chars().count() > MAX_SNIPPET_CHARS {
        return None;
    }
    let from = usize::try_from(pos.column).unwrap_or(1).saturating_sub(1);
    let to = match end {
        Some(end) if end.line == pos.line && end.column > pos.column => {
            usize::try_from(end.column).unwrap_or(1).saturating_sub(1)
        }
        _ => from + 1,
    };
    // Escape the line first, then find the span's byte offsets in the escaped text.
    let mut shown = String::with_capacity(line.len());
    let (mut start_byte, mut end_byte) = (None, None);
    for (i, c) in line.chars().enumerate() {
        if i == from {
            start_byte = Some(shown.len());
        }
        if i == to {
            end_byte = Some(shown.len());
        }
        if is_hidden_control(c) {
            let _ = write!(shown, "<U+{:04X}>", u32::from(c));
        } else {
            shown.push(c);
        }
    }
    let start = start_byte.unwrap_or(shown.len());
    let end = end_byte.unwrap_or(shown.len()).max(start);
    let level = match severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Note => Level::NOTE,
    };
    let group = Group::with_level(level).element(
        Snippet::source(shown.as_str())
            .line_start(usize::try_from(pos.line).unwrap_or(usize::MAX))
            .annotation(AnnotationKind::Primary.span(start..end)),
    );
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    Some(renderer.render(&[group]))
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
    fn escapes_what_could_drive_a_terminal() {
        assert_eq!(
            escape("a\u{1b}[2Jb\u{202e}c\td"),
            "a<U+001B>[2Jb<U+202E>c\td"
        );
        assert_eq!(
            escape("plain, Čeština, tiếng Việt"),
            "plain, Čeština, tiếng Việt"
        );
    }

    #[test]
    fn lines_are_found_without_their_ends() {
        let lines = Lines::new("a\r\nbb\n\nc");
        assert_eq!(lines.get(1), Some("a"));
        assert_eq!(lines.get(2), Some("bb"));
        assert_eq!(lines.get(3), Some(""));
        assert_eq!(lines.get(4), Some("c"));
        assert_eq!(lines.get(5), None);
        assert_eq!(lines.get(0), None);
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
