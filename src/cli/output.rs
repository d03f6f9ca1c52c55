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

/// `--quiet`: only problems are printed (errors, warnings, findings) and
/// what a command exists to print (a schema, a JSON document).
pub(super) static QUIET: AtomicBool = AtomicBool::new(false);

/// `--verbose`: every file written is listed, however many.
pub(super) static VERBOSE: AtomicBool = AtomicBool::new(false);

/// More files written than this by one run are summed up in one line
/// (all listed with `--verbose`).
pub(super) const MAX_LISTED_WRITES: usize = 3;

/// An informational line on standard error (`ok`, a fingerprint, a count),
/// left out with `--quiet`.
macro_rules! inform {
    ($($arg:tt)*) => {
        if !$crate::cli::output::QUIET.load(::std::sync::atomic::Ordering::Relaxed) {
            tell!($($arg)*)
        }
    };
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

/// Says which files a run wrote, on standard output: each path, or, past
/// [`MAX_LISTED_WRITES`] without `--verbose`, one summary line; nothing
/// with `--quiet`.
pub(super) fn list_written(
    paths: &[std::path::PathBuf],
    reports: Option<usize>,
    folder: &std::path::Path,
) {
    if QUIET.load(Ordering::Relaxed) {
        return;
    }
    if paths.len() <= MAX_LISTED_WRITES || VERBOSE.load(Ordering::Relaxed) {
        for p in paths {
            say!("{}", diag::escape(&p.display().to_string()));
        }
    } else {
        let of = match reports {
            Some(1) => " for 1 report".to_owned(),
            Some(n) => format!(" for {n} reports"),
            None => String::new(),
        };
        say!(
            "wrote {} files{of} into {} (--verbose lists them)",
            paths.len(),
            diag::escape(&folder.display().to_string())
        );
    }
}

/// Prints the review's findings about one file, as diagnostics.
pub(super) fn print_findings(name: &str, text: Option<&str>, findings: &[crate::review::Finding]) {
    let mut shown = Vec::with_capacity(findings.len());
    for f in findings {
        shown.push(f.to_diagnostic());
    }
    print_diagnostics(name, text, &shown);
}
