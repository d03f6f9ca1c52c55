//! Integration tests: the real `amends` binary on samples, broken files and
//! every command. One binary, one module per concern.
#![allow(clippy::unwrap_used)]

mod batch;
mod cli;
mod import;
mod invalid;
mod lint;
mod pdf;
mod samples;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `amends` with arguments in `dir`, with a fixed SOURCE_DATE_EPOCH.
pub fn amends(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_amends"))
        .args(args)
        .current_dir(dir)
        .env("SOURCE_DATE_EPOCH", "1783000000")
        .output()
        .expect("the amends binary runs")
}

/// Standard error as text.
pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Standard output as text.
pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}
