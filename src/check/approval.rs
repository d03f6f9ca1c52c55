//! The rules a `final` report must meet in the file itself: at least one
//! reviewer, each of whom approved, said when, and named the letter they
//! approved by its fingerprint. Whether that fingerprint is the letter's
//! today is decided after rendering (crate::review::approval), which applies
//! these rules too; `validate` does not, so a final whose approval is stale
//! can still be read, compared (`amends diff`) and explained.

use super::{Meta, Status};
use crate::diag::Diagnostic;

/// `sha256:` and 64 lowercase hex digits.
pub(crate) fn is_fingerprint(text: &str) -> bool {
    text.strip_prefix("sha256:").is_some_and(|hex| {
        hex.len() == 64 && hex.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
    })
}

/// Every rule of a `final` report that the file alone decides; none for
/// a report that is not final.
#[must_use]
pub fn final_rules(meta: &Meta) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let (status_pos, reviewers) = (meta.status_pos, &meta.reviewers);
    if meta.status != Status::Final {
        return diags;
    }
    {
        if reviewers.is_empty() {
            diags.push(
                Diagnostic::error(
                    status_pos,
                    "the report is `final` but has no reviewer; a final report needs at least one reviewer who approved it",
                )
                .with_hint("add `reviewers:` under `report:` and keep the status at `review` until they approve"),
            );
            return diags;
        }
        let waiting: Vec<&str> = reviewers
            .iter()
            .filter(|rv| !rv.approved)
            .map(|rv| rv.name.as_str())
            .collect();
        if !waiting.is_empty() {
            diags.push(
                Diagnostic::error(
                    status_pos,
                    format!(
                        "the report is `final` but not every reviewer approved it (waiting for: {})",
                        waiting.join(", ")
                    ),
                )
                .with_hint("set `approved: true` for each reviewer who signed off, or keep the status at `review`"),
            );
        }
        for rv in reviewers.iter().filter(|rv| rv.approved) {
            let mut missing = Vec::new();
            if rv.approved_at.is_none() {
                missing.push("`approved_at` (the date, YYYY-MM-DD)");
            }
            match &rv.fingerprint {
                None => missing.push("`fingerprint` (the letter they approved)"),
                Some(f) if !is_fingerprint(f) => diags.push(Diagnostic::error(
                    rv.pos,
                    format!(
                        "`{}` is not a fingerprint; expected `sha256:` and 64 hex digits, as `amends check` prints it",
                        super::scalars::clip(f)
                    ),
                )),
                Some(_) => {}
            }
            if !missing.is_empty() {
                diags.push(
                    Diagnostic::error(
                        rv.pos,
                        format!(
                            "{} approved the final report but the approval has no {}",
                            rv.name,
                            missing.join(" and no ")
                        ),
                    )
                    .with_hint("run `amends check` on the review draft and copy the fingerprint it prints; see docs/review.md"),
                );
            }
        }
    }
    diags
}
