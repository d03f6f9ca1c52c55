//! Dates that contradict each other: warnings with positions, because the
//! letter would otherwise say something its reader knows to be false.

use crate::diag::Diagnostic;
use crate::read::{IncidentFile, pos};

use super::{ActionStatus, Report};

/// Past-due actions still open, windows outside the incident, and a
/// relationship that starts after the report.
#[must_use]
pub fn warnings(file: &IncidentFile, report: &Report) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let date = report.meta.date;
    for (action, raw) in report.actions.iter().zip(&file.actions.value) {
        if action.due < date && action.status != ActionStatus::Done {
            out.push(Diagnostic::warning(
                pos(&raw.value.due),
                format!(
                    "this action was due on {}, before the report's date {date}, and is not done; \
                     set its status, or give the new date the customer can hold you to",
                    action.due
                ),
            ));
        }
    }
    if report.incident.impact.windows_given
        && let (Some(raw), Some(started), Some(resolved)) = (
            file.incident.value.impact.value.windows.as_ref(),
            report
                .timeline
                .iter()
                .find(|e| e.kind == super::EventKind::Started),
            report
                .timeline
                .iter()
                .rev()
                .find(|e| e.kind == super::EventKind::Resolved),
        )
    {
        for (window, raw) in report.incident.impact.windows.iter().zip(&raw.value) {
            if window.from < started.at || window.to > resolved.at {
                out.push(Diagnostic::warning(
                    pos(raw),
                    format!(
                        "this window ({} to {}) lies outside the incident ({} to {}); \
                         check its times or the timeline's `started` and `resolved`",
                        window.from.to_rfc3339(),
                        window.to.to_rfc3339(),
                        started.at.to_rfc3339(),
                        resolved.at.to_rfc3339()
                    ),
                ));
            }
        }
    }
    if let (Some(since), Some(raw)) = (
        report.customer.since,
        file.customer.value.customer_since.as_ref(),
    ) && since > date
    {
        out.push(Diagnostic::warning(
            pos(raw),
            format!(
                "`customer_since` {since} is after the report's date {date}; expected the day the relationship began"
            ),
        ));
    }
    out
}
