//! Read: the bytes of an incident file -> [`IncidentFile`], every value with its position.
//!
//! Only YAML and shape problems are found here (syntax, unknown fields, wrong
//! types); what the values mean is checked in `check`.

pub mod model;
pub mod schema;
pub mod tolerant;
pub mod translations;

use std::path::Path;

use serde_saphyr::{Budget, DuplicateKeyPolicy, Options};

use crate::diag::{Diagnostic, Pos};
pub use model::IncidentFile;

/// Largest incident file read, in bytes. Real ones are a few kilobytes; this
/// stops a pasted log or a runaway generator before any parsing work.
pub const MAX_FILE_BYTES: usize = 1024 * 1024;

/// The text of an input file and the name it is shown under in messages.
#[derive(Debug, Clone)]
pub struct Source {
    /// The path as the user gave it.
    pub name: String,
    /// The file's text, without a byte-order mark.
    pub text: String,
}

/// Why an input file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// The file could not be opened or read.
    #[error("{name}: cannot read the file: {source}")]
    Io {
        /// The path as given.
        name: String,
        /// What the system said.
        source: std::io::Error,
    },
    /// The file is not text, too large, or not valid YAML of the right shape.
    #[error("{name}: {}", diagnostic.message)]
    Invalid {
        /// The path as given.
        name: String,
        /// The text, when it could be decoded (for snippets).
        text: Option<String>,
        /// What is wrong, and where.
        diagnostic: Box<Diagnostic>,
    },
}

/// Largest Markdown draft read by `amends pdf` and `amends diff`, in bytes:
/// a rendered report is a few kilobytes; twice the incident limit leaves room
/// for any report rendered from an accepted incident file.
pub const MAX_MARKDOWN_BYTES: usize = 2 * MAX_FILE_BYTES;

/// What kind of input a file is, for its size limit and the words of a refusal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Input {
    /// An incident file (YAML).
    Incident,
    /// A Markdown report or draft.
    Markdown,
    /// A customers file (YAML or CSV) for a batch.
    Customers,
    /// An incident platform's JSON export, for `import`.
    Export,
}

impl Input {
    /// The largest file of this kind that is read, in bytes.
    #[must_use]
    pub fn limit(self) -> usize {
        match self {
            Input::Incident => MAX_FILE_BYTES,
            Input::Markdown => MAX_MARKDOWN_BYTES,
            Input::Customers => MAX_CUSTOMERS_BYTES,
            Input::Export => MAX_FILE_BYTES,
        }
    }

    fn noun(self) -> &'static str {
        match self {
            Input::Incident => "an incident file",
            Input::Markdown => "a Markdown file",
            Input::Customers => "a customers file",
            Input::Export => "an export",
        }
    }
}

/// Reads an input file of the given kind: the one place input is read from
/// disk. The size is checked before reading (for regular files) and at most
/// limit + 1 bytes are ever read, whatever the file system reports.
/// The path `-` is standard input, named [`STDIN_NAME`] in messages.
pub fn read_limited(path: &Path, kind: Input) -> Result<Source, ReadError> {
    use std::io::Read as _;
    let name = display_name(path);
    let io = |source| ReadError::Io {
        name: name.clone(),
        source,
    };
    let limit = kind.limit();
    let too_large = |size: String| ReadError::Invalid {
        name: name.clone(),
        text: None,
        diagnostic: Box::new(Diagnostic::error(
            None,
            format!(
                "the file is {size} bytes; {} may be at most {} ({limit} bytes)",
                kind.noun(),
                size_words(limit)
            ),
        )),
    };
    let input: Box<dyn std::io::Read> = if is_stdin(path) {
        Box::new(std::io::stdin().lock())
    } else {
        let file = std::fs::File::open(path).map_err(io)?;
        let reported = file.metadata().map_err(io)?.len();
        if usize::try_from(reported).map_or(true, |n| n > limit) {
            return Err(too_large(reported.to_string()));
        }
        Box::new(file)
    };
    let mut bytes = Vec::new();
    input
        .take(u64::try_from(limit).unwrap_or(u64::MAX).saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(io)?;
    if bytes.len() > limit {
        return Err(too_large("more than".to_owned() + &format!(" {limit}")));
    }
    source_from_bytes(name, bytes, kind)
}

/// How standard input is named in messages, when an input path is `-`.
pub const STDIN_NAME: &str = "<stdin>";

/// Whether an input path means standard input (`-`, as most tools read it).
#[must_use]
pub fn is_stdin(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// The name of an input in messages: its path, or [`STDIN_NAME`] for `-`.
#[must_use]
pub fn display_name(path: &Path) -> String {
    if is_stdin(path) {
        STDIN_NAME.to_owned()
    } else {
        path.display().to_string()
    }
}

/// A byte count in the words the README uses (`1 MiB`).
fn size_words(bytes: usize) -> String {
    if bytes.is_multiple_of(MAX_FILE_BYTES) {
        format!("{} MiB", bytes / MAX_FILE_BYTES)
    } else {
        format!("{bytes} bytes")
    }
}

/// Reads an incident file from disk into a [`Source`]: UTF-8, BOM dropped, size-limited.
pub fn source(path: &Path) -> Result<Source, ReadError> {
    read_limited(path, Input::Incident)
}

/// Decodes the bytes of an input file into a [`Source`].
pub fn source_from_bytes(name: String, bytes: Vec<u8>, kind: Input) -> Result<Source, ReadError> {
    if bytes.len() > kind.limit() {
        return Err(ReadError::Invalid {
            name,
            text: None,
            diagnostic: Box::new(Diagnostic::error(
                None,
                format!(
                    "the file is {} bytes; {} may be at most {} ({} bytes)",
                    bytes.len(),
                    kind.noun(),
                    size_words(kind.limit()),
                    kind.limit()
                ),
            )),
        });
    }
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(err) => {
            let valid = &err.as_bytes()[..err.utf8_error().valid_up_to()];
            let valid = String::from_utf8_lossy(valid);
            return Err(ReadError::Invalid {
                name,
                text: None,
                diagnostic: Box::new(Diagnostic::error(
                    Some(end_pos(&valid)),
                    "the file is not valid UTF-8; save it as UTF-8 text",
                )),
            });
        }
    };
    let text = match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_owned(),
        None => text,
    };
    Ok(Source { name, text })
}

/// The position just after `text`.
fn end_pos(text: &str) -> Pos {
    let line = text.matches('\n').count() as u64 + 1;
    let column = text.rsplit('\n').next().map_or(0, |l| l.chars().count()) as u64 + 1;
    Pos { line, column }
}

/// The first character an incident file may not hold anywhere: a hidden
/// control (see [`crate::diag::is_hidden_control`]) or a carriage return that
/// does not end a line.
fn hidden_control(text: &str) -> Option<Diagnostic> {
    let bytes = text.as_bytes();
    let (at, c) = text.char_indices().find(|&(i, c)| {
        if c == '\r' {
            bytes.get(i + 1) != Some(&b'\n')
        } else {
            crate::diag::is_hidden_control(c)
        }
    })?;
    Some(
        Diagnostic::error(Some(end_pos(&text[..at])), refused_char_message(c))
            .with_end(end_pos(&text[..at + c.len_utf8()])),
    )
}

/// Why a hidden control character is refused, naming it.
#[must_use]
pub fn refused_char_message(c: char) -> String {
    let name = match c {
        '\r' => "CARRIAGE RETURN inside a line",
        '\u{1b}' => "ESCAPE",
        '\0' => "NULL",
        '\u{200e}' => "LEFT-TO-RIGHT MARK",
        '\u{200f}' => "RIGHT-TO-LEFT MARK",
        '\u{061c}' => "ARABIC LETTER MARK",
        '\u{202a}' => "LEFT-TO-RIGHT EMBEDDING",
        '\u{202b}' => "RIGHT-TO-LEFT EMBEDDING",
        '\u{202c}' => "POP DIRECTIONAL FORMATTING",
        '\u{202d}' => "LEFT-TO-RIGHT OVERRIDE",
        '\u{202e}' => "RIGHT-TO-LEFT OVERRIDE",
        '\u{2066}' => "LEFT-TO-RIGHT ISOLATE",
        '\u{2067}' => "RIGHT-TO-LEFT ISOLATE",
        '\u{2068}' => "FIRST STRONG ISOLATE",
        '\u{2069}' => "POP DIRECTIONAL ISOLATE",
        _ => "a control character",
    };
    format!(
        "U+{:04X} ({name}) is not allowed: control and bidi characters are invisible and can hide or reorder text; remove it",
        u32::from(c)
    )
}

/// Parses a [`Source`] as an incident file.
pub fn parse(source: &Source) -> Result<IncidentFile, Diagnostic> {
    if let Some(diagnostic) = refused_outright(source) {
        return Err(diagnostic);
    }
    let mut file: IncidentFile = serde_saphyr::from_str_with_options(&source.text, options())
        .map_err(|err| to_diagnostic(&err))?;
    file.start = first_key(&source.text);
    Ok(file)
}

/// The position of a YAML document's first key: its first line that is not
/// blank, a comment, a directive or the document marker.
fn first_key(text: &str) -> Option<Pos> {
    text.lines().enumerate().find_map(|(i, line)| {
        let content = line.trim_start();
        let skipped = content.is_empty()
            || content.starts_with('#')
            || content.starts_with('%')
            || content.trim_end() == "---";
        (!skipped).then(|| Pos {
            line: i as u64 + 1,
            column: (line.chars().count() - content.chars().count()) as u64 + 1,
        })
    })
}

/// What makes a file unreadable before any parsing: no content at all, or a
/// hidden control character anywhere in it.
fn refused_outright(source: &Source) -> Option<Diagnostic> {
    let blank = source
        .text
        .lines()
        .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'));
    if blank {
        return Some(Diagnostic::error(
            Some(Pos { line: 1, column: 1 }),
            "the file is empty; expected an incident file (run `amends init` for a starter)",
        ));
    }
    hidden_control(&source.text)
}

/// Parses a [`Source`], reporting every shape problem at once: the strict
/// parse first; when it fails, the tolerant one ([`tolerant`]), which also
/// gives a stand-in model for the semantic rules to run on. The stand-in is
/// `None` when even the tolerant read could not build one; the diagnostics
/// are never empty.
pub fn parse_all(
    source: &Source,
) -> Result<IncidentFile, (Option<Box<IncidentFile>>, Vec<Diagnostic>)> {
    if let Some(diagnostic) = refused_outright(source) {
        return Err((None, vec![diagnostic]));
    }
    let strict = match parse(source) {
        Ok(file) => return Ok(file),
        Err(diagnostic) => diagnostic,
    };
    // Syntax errors, budget breaches, hidden controls: the tree cannot be read.
    let Ok(tree) = serde_saphyr::from_str_with_options::<serde_saphyr::Spanned<tolerant::Node>>(
        &source.text,
        options(),
    ) else {
        return Err((None, vec![strict]));
    };
    let (mut file, diagnostics) = tolerant::read::<IncidentFile>(&tree);
    if let Some(file) = &mut file {
        file.start = first_key(&source.text);
    }
    if diagnostics.is_empty() {
        return Err((None, vec![strict]));
    }
    Err((file.map(Box::new), diagnostics))
}

/// Most values (nodes) an incident file may hold.
const MAX_VALUES: usize = 100_000;

/// Most values all the aliases of a file may expand to together.
const MAX_ALIAS_VALUES: usize = 10_000;

/// Largest customers file, in bytes: room for the row limit of a batch at
/// about 300 bytes a customer.
pub const MAX_CUSTOMERS_BYTES: usize = 32 * MAX_FILE_BYTES;

/// Parses a YAML input other than an incident file (a customers file), with
/// the parser's limits scaled to the kind's size limit.
pub fn parse_yaml<T: serde::de::DeserializeOwned>(
    source: &Source,
    kind: Input,
) -> Result<T, Diagnostic> {
    if let Some(diagnostic) = refused_outright(source) {
        return Err(diagnostic);
    }
    let scale = kind.limit() / MAX_FILE_BYTES;
    let mut options = options();
    if let Some(budget) = options.budget.as_mut() {
        budget.max_nodes = MAX_VALUES.saturating_mul(scale.max(1));
        budget.max_events = budget.max_events.saturating_mul(scale.max(1));
        budget.max_total_scalar_bytes = kind.limit();
    }
    serde_saphyr::from_str_with_options(&source.text, options).map_err(|err| to_diagnostic(&err))
}

/// The parser's limits: generous for any real incident file, small enough
/// that alias bombs and deep nesting fail fast.
fn options() -> Options {
    let mut budget = Budget::default();
    budget.max_depth = 32;
    budget.max_documents = 1;
    budget.max_nodes = MAX_VALUES;
    budget.max_aliases = 1_000;
    budget.max_anchors = 1_000;
    budget.max_events = 200_000;
    budget.max_total_scalar_bytes = MAX_FILE_BYTES;
    budget.max_recorded_anchor_bytes = MAX_FILE_BYTES;
    budget.max_recorded_anchor_events = MAX_VALUES;
    // The README's limits are the whole alias budget: 1,000 aliases whose
    // expansions add at most MAX_ALIAS_VALUES values; no ratio heuristic on
    // top. A bomb is then stopped after that many values, in both passes.
    budget.enforce_alias_anchor_ratio = false;
    let mut options = Options::default();
    options.budget = Some(budget);
    options.alias_limits.max_total_replayed_events = MAX_ALIAS_VALUES;
    options.duplicate_keys = DuplicateKeyPolicy::Error;
    options.strict_booleans = true;
    options.with_snippet = false;
    options
}

/// Turns a serde-saphyr error into a diagnostic with clearer words.
fn to_diagnostic(err: &serde_saphyr::Error) -> Diagnostic {
    let pos = err.location().and_then(Pos::from_location);
    let mut message = err.without_snippet().render();
    // The position is shown in front; drop the parser's own copy of it.
    if let Some(at) = message.rfind(" at line ") {
        message.truncate(at);
    }
    let (message, hint) = explain(message);
    let diag = Diagnostic::error(pos, message);
    match hint {
        Some(hint) => diag.with_hint(hint),
        None => diag,
    }
}

/// Rewrites the parser's terse messages into what is wrong and what is expected.
fn explain(message: String) -> (String, Option<&'static str>) {
    let rewritten = match message.as_str() {
        "invalid u64" | "invalid u32" => {
            "expected a whole number of 0 or more (no quotes, no sign, no decimals)"
        }
        "expected string scalar" => "expected text here, not a list or a mapping",
        "expected mapping start" => "expected a mapping of `key: value` lines here",
        "invalid bool" | "invalid boolean" => "expected `true` or `false`",
        m if m.starts_with("cannot deserialize null into string") => {
            "this value is empty; expected text (or remove the key if it is optional)"
        }
        m if m.starts_with("duplicate mapping key") => {
            let key = m
                .trim_start_matches("duplicate mapping key: ")
                .split(',')
                .next()
                .unwrap_or("");
            return (
                format!("the key `{key}` appears twice in this mapping; keep one"),
                None,
            );
        }
        m if m.starts_with("externally tagged enum expected") => {
            "expected a single word here (one of the allowed values), not a list or a mapping"
        }
        m if m.starts_with("budget breached: ") => {
            let what = m.trim_start_matches("budget breached: ");
            let text = match what.split([' ', '{']).next().unwrap_or("") {
                "Documents" => {
                    "the file holds more than one YAML document (a `---` line between two); an incident file is one document"
                }
                "Depth" => "the file nests deeper than 32 levels; incident files are shallow",
                "Aliases" | "Anchors" => {
                    "the file uses more than 1,000 YAML aliases or anchors; incident files need few"
                }
                "Nodes" | "Events" => {
                    "the file has more than 100,000 values; an incident file has a few hundred"
                }
                "ScalarBytes" => "the file's text values add up to more than 1 MiB",
                _ => {
                    return (
                        "the file exceeds a safety limit on its size or structure; incident files are small and shallow".to_owned(),
                        None,
                    );
                }
            };
            return (text.to_owned(), None);
        }
        m if m.starts_with("alias replay") || m.starts_with("alias expansion") => {
            return (
                "the file's aliases expand to more than 10,000 values; an incident file has a few hundred".to_owned(),
                None,
            );
        }
        m if m.starts_with("unexpected end of input") => {
            return (
                "the file ends before the incident is complete".to_owned(),
                None,
            );
        }
        _ => {
            let hint = if message.contains("budget") || message.contains("limit") {
                Some(
                    "incident files are small; very deep nesting, many aliases or huge values are refused",
                )
            } else if message.starts_with("unknown field") {
                Some("field names are lower case with underscores; check the spelling")
            } else {
                None
            };
            return (message, hint);
        }
    };
    (rewritten.to_owned(), None)
}

/// Reads and parses a file: the stage's entry point.
pub fn load(path: &Path) -> Result<(Source, IncidentFile), ReadError> {
    let source = source(path)?;
    match parse(&source) {
        Ok(file) => Ok((source, file)),
        Err(diagnostic) => Err(ReadError::Invalid {
            name: source.name,
            text: Some(source.text),
            diagnostic: Box::new(diagnostic),
        }),
    }
}

/// Where a spanned value stands, when known.
pub fn pos<T>(value: &model::At<T>) -> Option<Pos> {
    Pos::from_location(value.referenced)
}
