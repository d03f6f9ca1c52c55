//! The `amends` command: parse arguments, run, exit with the documented code.

/// mimalloc instead of the system allocator: a batch renders on every core,
/// and glibc's malloc cost about 15 % of its CPU time (docs/batch.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    amends::cli::main()
}
