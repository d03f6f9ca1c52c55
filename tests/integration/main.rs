//! Integration tests: the real `amends` binary on samples, broken files and
//! every command. One binary, one module per concern.
#![allow(clippy::unwrap_used)]

mod assess;
mod batch;
mod cli;
mod config;
mod corpus;
mod customers_schema;
mod import;
mod invalid;
mod language;
mod letter;
mod lint;
mod lint_limits;
mod logo;
mod pdf;
mod pdf_hostile;
mod pdf_rules;
mod provider;
mod review;
mod samples;
mod schema;
mod stdio;
mod translations;
mod verbosity;

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

/// Asserts that a run failed on its input (exit 1) with `expected` in its
/// standard error.
pub fn fails_with(out: &Output, expected: &str) {
    let err = stderr(out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains(expected), "{expected:?} missing from:\n{err}");
}

/// Standard output as text.
pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// `incident` (any status) as a final report approved by each reviewer: the
/// fingerprint is the one `amends check` prints for the review draft.
pub fn approved_final(incident: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let review = incident.replace("status: draft", "status: review");
    std::fs::write(dir.path().join("r.yaml"), &review).unwrap();
    let out = amends(dir.path(), &["check", "r.yaml"]);
    let err = stderr(&out);
    let fingerprint = err
        .lines()
        .find_map(|l| {
            l.split_once("fingerprint: ")
                .map(|(_, f)| f.trim().to_owned())
        })
        .unwrap_or_else(|| panic!("no fingerprint in: {err}"));
    review.replace("status: review", "status: final").replace(
        "approved: false}",
        &format!("approved: true, approved_at: 2026-07-06, fingerprint: {fingerprint}}}"),
    )
}
