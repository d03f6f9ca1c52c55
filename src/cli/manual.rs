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

/// `amends man [COMMAND]`: the page of amends, or of one command, in roff on
/// standard output.
pub(super) fn man(subcommand: Option<&str>) -> Result<ExitCode, Usage> {
    let command = <Cli as clap::CommandFactory>::command();
    let page = match subcommand {
        None => command,
        Some(name) => {
            let Some(sub) = command.find_subcommand(name).cloned() else {
                let known: Vec<&str> = command
                    .get_subcommands()
                    .map(clap::Command::get_name)
                    .collect();
                return Err(Usage(format!(
                    "`{name}` is not a command; expected one of {}",
                    known.join(", ")
                )));
            };
            // Named as the parent page refers to it: amends-render(1).
            let name = format!("amends-{}", sub.get_name());
            sub.name(name.clone())
                .bin_name(name.replace('-', " "))
                .version(env!("CARGO_PKG_VERSION"))
        }
    };
    let mut out = Vec::new();
    let rendered = clap_mangen::Man::new(page).render(&mut out);
    match rendered.and_then(|()| std::io::stdout().write_all(&out)) {
        Ok(()) => Ok(ExitCode::SUCCESS),
        Err(e) => {
            eprintln!("error: cannot write the man page: {e}");
            Ok(ExitCode::FAILURE)
        }
    }
}
