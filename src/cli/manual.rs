//! The reference amends prints about itself: `amends completions` and
//! `amends man` (generated from the clap definition, so they never drift
//! from the real options) and `amends schema` (generated from the model).

use clap::Args;

use super::Cli;
use super::exit::{CommandResult, Outcome, Usage};
use crate::read;

/// Print shell completions for amends to standard output.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// Print the man page (roff) to standard output: amends(1), or amends-COMMAND(1).
#[derive(Debug, Args)]
pub struct ManArgs {
    /// A command, for its own page (e.g. `amends man render`).
    pub command: Option<String>,
}

/// `amends completions SHELL`: the completion script on standard output.
pub(super) fn completions(args: &CompletionsArgs) -> CommandResult {
    let mut command = <Cli as clap::CommandFactory>::command();
    // Into memory first: clap_complete panics when its writer fails (a
    // closed pipe); standard output is written where that is handled.
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, "amends", &mut script);
    super::stdio::write_stdout(&script);
    Ok(Outcome::Success)
}

/// Print the JSON Schema of the incident file (docs/incident.schema.json) to standard output.
#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// The schema of the YAML customers file of a batch instead (docs/customers.schema.json).
    #[arg(long)]
    pub customers: bool,
}

/// `amends schema`: the JSON Schema of the incident file, or of the
/// customers file, on standard output.
pub(super) fn schema(args: &SchemaArgs) -> CommandResult {
    let schema = if args.customers {
        crate::batch::customers::customers_schema()
    } else {
        read::schema::incident_schema()
    };
    say!("{}", schema.trim_end());
    Ok(Outcome::Success)
}

/// `amends man [COMMAND]`: the page of amends, or of one command, in roff on
/// standard output.
pub(super) fn man(args: &ManArgs) -> CommandResult {
    let subcommand = args.command.as_deref();
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
    if let Err(e) = clap_mangen::Man::new(page).render(&mut out) {
        tell!("error: cannot write the man page: {e}");
        return Ok(Outcome::Failure);
    }
    super::stdio::write_stdout(&out);
    Ok(Outcome::Success)
}
