//! Acknowledgements: a reviewer accepts a finding, with a reason, in the
//! incident file (`review: {acknowledged: [{rule, quote, reason, by}]}`).
//! An accepted finding stays in the output as a note; an acknowledgement
//! that matches no finding is a warning of its own.

use crate::diag::Severity;
use crate::read::{IncidentFile, pos};

use super::messages::Messages;
use super::{Acknowledged, Finding};
use crate::render::wording::fill;

/// Marks the findings the file acknowledges, and adds a warning for each
/// acknowledgement that matches none.
pub fn apply(file: &IncidentFile, findings: &mut Vec<Finding>, messages: &Messages) {
    let Some(list) = file
        .review
        .as_ref()
        .and_then(|r| r.value.acknowledged.as_ref())
    else {
        return;
    };
    for ack in &list.value {
        let a = &ack.value;
        let quote = a.quote.as_ref().map_or("", |q| q.value.as_str());
        let wanted = normalise(quote);
        let mut matched = false;
        for f in findings.iter_mut() {
            let fits = f.rule == a.rule.value
                && (wanted.is_empty() || normalise(&f.quote).contains(&wanted));
            if fits {
                matched = true;
                f.severity = Severity::Note;
                f.acknowledged = Some(Acknowledged {
                    reason: a.reason.value.clone(),
                    by: a.by.value.clone(),
                    note: fill(
                        &messages.acknowledged,
                        &[("by", &a.by.value), ("reason", &a.reason.value)],
                    ),
                });
            }
        }
        if !matched {
            findings.push(Finding {
                rule: "unmatched-acknowledgement",
                severity: Severity::Warning,
                pos: pos(&ack.value.rule).or_else(|| pos(ack)),
                end: None,
                quote: quote.to_owned(),
                message: fill(
                    &messages.unmatched_acknowledgement,
                    &[("rule", &a.rule.value)],
                ),
                acknowledged: None,
            });
        }
    }
}

fn normalise(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}
