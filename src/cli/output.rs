//! What the command line prints: every message in the one format, and the
//! one place where writing to standard output or error can fail.

use std::io::Write as _;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::Error;
use crate::diag::{self, Diagnostic, Severity};
use crate::read::ReadError;

/// Whether messages on standard error are coloured (`--color`, NO_COLOR).
pub(super) static COLOR: AtomicBool = AtomicBool::new(false);

/// Set when writing to standard output or error failed for a reason other
/// than a closed pipe (a full disk, say): the run then exits 1.
pub(super) static OUTPUT_FAILED: AtomicBool = AtomicBool::new(false);

/// Which standard stream a line goes to.
#[derive(Clone, Copy)]
pub(super) enum Stream {
    Out,
    Err,
}

/// Writes text to standard output or error: the one place output failures
/// are handled. A closed pipe (`amends assess f | head -0`) is not an error:
/// the rest of the text is dropped quietly and the command finishes with its
/// usual exit code; any other failure makes the run exit 1.
pub(super) fn emit(stream: Stream, text: std::fmt::Arguments<'_>) {
    let result = match stream {
        Stream::Out => std::io::stdout().lock().write_fmt(text),
        Stream::Err => std::io::stderr().lock().write_fmt(text),
    };
    if let Err(err) = result
        && err.kind() != std::io::ErrorKind::BrokenPipe
    {
        OUTPUT_FAILED.store(true, Ordering::Relaxed);
    }
}

/// A line on standard output, through [`emit`].
macro_rules! say {
    ($($arg:tt)*) => { $crate::cli::output::emit($crate::cli::output::Stream::Out, format_args!("{}\n", format_args!($($arg)*))) };
}

/// A line on standard error, through [`emit`].
macro_rules! tell {
    ($($arg:tt)*) => { $crate::cli::output::emit($crate::cli::output::Stream::Err, format_args!("{}\n", format_args!($($arg)*))) };
}

/// Prints diagnostics about one file in the one format (`FILE:LINE:COL:
/// severity: message`, snippet, hint), at most [`diag::MAX_SHOWN_PER_FILE`],
/// then how many more there are.
pub(super) fn print_diagnostics(name: &str, text: Option<&str>, diagnostics: &[Diagnostic]) {
    let lines = text.map(diag::Lines::new);
    let color = COLOR.load(Ordering::Relaxed);
    for d in diagnostics.iter().take(diag::MAX_SHOWN_PER_FILE) {
        tell!("{}", d.display_in(name, lines.as_ref(), color));
    }
    if let Some(more) = diagnostics.len().checked_sub(diag::MAX_SHOWN_PER_FILE)
        && more > 0
    {
        tell!(
            "{}: ... and {more} more (only the first {} are shown)",
            diag::escape(name),
            diag::MAX_SHOWN_PER_FILE
        );
    }
}

/// Prints an error about a file as a whole (no position): I/O, size limits,
/// templates, outputs.
pub(super) fn fail(name: &str, message: impl Into<String>) {
    print_diagnostics(name, None, &[Diagnostic::error(None, message)]);
}

/// Prints why the file `name` did not become a report.
pub(super) fn print_error(name: &str, err: &Error) {
    match err {
        Error::Invalid {
            name,
            text,
            diagnostics,
        } => {
            print_diagnostics(name, Some(text), diagnostics);
            let errors = diagnostics
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .count();
            tell!(
                "{}: {errors} error{} found; no report written",
                diag::escape(name),
                if errors == 1 { "" } else { "s" }
            );
        }
        Error::Read(ReadError::Invalid {
            name,
            text,
            diagnostic,
        }) => {
            print_diagnostics(name, text.as_deref(), std::slice::from_ref(&**diagnostic));
        }
        Error::Read(ReadError::Io { source, .. }) => {
            fail(name, format!("cannot read the file: {source}"));
        }
        Error::Template(err) => fail(name, err.to_string()),
        other => fail(name, other.to_string()),
    }
}
