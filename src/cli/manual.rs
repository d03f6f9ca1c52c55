//! `amends completions` and `amends man`: generated from the clap definition,
//! so they never drift from the real options.

use std::io::Write as _;
use std::process::ExitCode;

use super::{Cli, Usage};

/// `amends completions SHELL`: the completion script on standard output.
pub(super) fn completions(shell: clap_complete::Shell) -> Result<ExitCode, Usage> {
    let mut command = <Cli as clap::CommandFactory>::command();
    clap_complete::generate(shell, &mut command, "amends", &mut std::io::stdout());
    Ok(ExitCode::SUCCESS)
}

/// `amends man`: the man page, in roff, on standard output.
pub(super) fn man() -> Result<ExitCode, Usage> {
    let command = <Cli as clap::CommandFactory>::command();
    let mut out = Vec::new();
    let rendered = clap_mangen::Man::new(command).render(&mut out);
    match rendered.and_then(|()| std::io::stdout().write_all(&out)) {
        Ok(()) => Ok(ExitCode::SUCCESS),
        Err(e) => {
            eprintln!("error: cannot write the man page: {e}");
            Ok(ExitCode::FAILURE)
        }
    }
}
