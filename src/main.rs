//! The `amends` command: parse arguments, run, exit with the documented code.

fn main() -> std::process::ExitCode {
    amends::cli::main()
}
