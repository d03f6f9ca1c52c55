//! How a command ended and the one place that becomes the process's exit
//! code: 0 success, 1 bad input, findings or a failed output, 2 usage.

use std::process::ExitCode;
use std::sync::atomic::Ordering;

use super::output::OUTPUT_FAILED;
use crate::diag;

/// How a command that ran ended; its problems are already printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Outcome {
    /// Done (warnings may have been printed): exit 0.
    Success,
    /// An input was invalid or unreadable, a finding failed the run, or an
    /// output was not written: exit 1.
    Failure,
}

impl Outcome {
    /// Failure when `failed`, else success.
    pub(super) fn failed_if(failed: bool) -> Self {
        if failed {
            Outcome::Failure
        } else {
            Outcome::Success
        }
    }
}

impl From<ExitCode> for Outcome {
    /// The outcome of code that still speaks in exit codes (the batch's).
    fn from(code: ExitCode) -> Self {
        Outcome::failed_if(code != ExitCode::SUCCESS)
    }
}

/// A usage error (a bad option value, options that do not go together):
/// exit 2.
pub(super) struct Usage(pub(super) String);

/// What every command returns.
pub(super) type CommandResult = Result<Outcome, Usage>;

/// The exit code of a command's result; a usage error is printed here. A
/// failure to write standard output or error makes any run exit 1.
pub(super) fn exit_code(result: CommandResult) -> ExitCode {
    let code = match result {
        Ok(Outcome::Success) => ExitCode::SUCCESS,
        Ok(Outcome::Failure) => ExitCode::FAILURE,
        Err(Usage(message)) => {
            tell!("error: {}", diag::escape(&message));
            ExitCode::from(2)
        }
    };
    if OUTPUT_FAILED.load(Ordering::Relaxed) {
        ExitCode::FAILURE
    } else {
        code
    }
}

/// The exit code when the command line could not be parsed: 2, except for
/// `--help` and `--version`, which clap reports the same way (exit 0).
pub(super) fn parse_error(err: &clap::Error) -> ExitCode {
    let _ = err.print();
    if err.use_stderr() {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    }
}
