//! Approvals bound to the text: the letter's fingerprint, and the rules a
//! `final` report must meet once it is rendered (the file's own rules are in
//! crate::check).
//!
//! The fingerprint is the SHA-256 of the customer letter's Markdown body as
//! it reads once `final`: rendered with the status set to final, so the
//! draft notice, the status in the byline and the watermark (the parts that
//! change when the status does) are those of the final letter whatever the
//! draft's status. A reviewer approves a `review` draft by its fingerprint;
//! setting `status: final` afterwards keeps it valid, and any other change
//! to the letter does not. See docs/review.md.

use sha2::{Digest as _, Sha256};

use crate::check::{Report, Status};
use crate::diag::{Diagnostic, Severity};
use crate::review::Finding;

/// `sha256:` and the hex digest of `letter` (the Markdown body, without the header).
#[must_use]
pub fn fingerprint(letter: &str) -> String {
    let digest = Sha256::digest(letter.as_bytes());
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    format!("sha256:{hex}")
}

/// The review's findings that stop a report from being final: every
/// error-level one. Acknowledged findings are to be left out here, and
/// nowhere else.
#[must_use]
pub fn blocking(findings: &[Finding]) -> Vec<&Finding> {
    findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .collect()
}

/// Why a `final` report may not be final, given its letter's `current`
/// fingerprint and the review's findings: the file's own rules
/// (crate::check::approval), the review's errors, and approvals of another
/// letter. Empty when it may be final, or is not final.
#[must_use]
pub fn judge(report: &Report, current: &str, findings: &[Finding]) -> Vec<Diagnostic> {
    let meta = &report.meta;
    if meta.status != Status::Final {
        return Vec::new();
    }
    let mut out = crate::check::approval::final_rules(meta);
    let blocking = blocking(findings);
    if !blocking.is_empty() {
        let rules: Vec<String> = blocking
            .iter()
            .map(|f| match f.pos {
                Some(p) => format!("{} at {}:{}", f.rule, p.line, p.column),
                None => f.rule.to_owned(),
            })
            .collect();
        out.push(
            Diagnostic::error(
                meta.status_pos,
                format!(
                    "the report is `final` but the review found {} error{} in the letter ({})",
                    blocking.len(),
                    if blocking.len() == 1 { "" } else { "s" },
                    rules.join(", ")
                ),
            )
            .with_hint("run `amends lint` and fix the letter, then have it approved again"),
        );
    }
    for rv in meta.reviewers.iter().filter(|rv| rv.approved) {
        // A missing or malformed fingerprint is the file's own rule's to report.
        let Some(approved) = rv
            .fingerprint
            .as_deref()
            .filter(|f| crate::check::approval::is_fingerprint(f))
        else {
            continue;
        };
        if approved != current {
            let when = rv
                .approved_at
                .map_or_else(String::new, |d| format!(" on {d}"));
            out.push(
                Diagnostic::error(
                    rv.pos,
                    format!(
                        "the letter changed after {} approved it{when}: they approved {}, the letter is now {}",
                        rv.name,
                        short(approved),
                        short(current)
                    ),
                )
                .with_hint(format!(
                    "see what changed with `amends diff` against the draft they approved, then have it approved again with `fingerprint: {current}`"
                )),
            );
        }
    }
    out
}

/// The first 12 hex digits, enough to tell two letters apart in a message.
fn short(fingerprint: &str) -> &str {
    fingerprint.get(..19).unwrap_or(fingerprint)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fingerprint_is_the_sha256_of_the_text() {
        assert_eq!(
            fingerprint("abc"),
            "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
