//! The JSON output: every figure and warning, for CI jobs and other programs.
//!
//! Field names are stable; durations are whole seconds (`_s`), instants
//! RFC 3339, money decimal strings. Documented in docs/json.md.

use serde::Serialize;

use crate::check::{Report, Status, WindowKind};
use crate::diag::Diagnostic;
use crate::figures::{Compensation, Downtime, Figures, TimelineFigures};

/// Version of this JSON layout; raised on any incompatible change.
pub const JSON_VERSION: u32 = 1;

#[derive(Serialize)]
struct Json<'a> {
    amends_json: u32,
    report: ReportJson<'a>,
    provider: &'a str,
    customer: &'a str,
    incident: IncidentJson<'a>,
    timeline: &'a TimelineFigures,
    downtime: &'a Downtime,
    windows: Vec<WindowJson>,
    compensation: &'a Compensation,
    actions: Vec<ActionJson<'a>>,
    follow_up: Option<FollowUpJson<'a>>,
    warnings: &'a [Diagnostic],
    review: &'a [crate::review::Finding],
}

#[derive(Serialize)]
struct ReportJson<'a> {
    id: &'a str,
    title: &'a str,
    status: Status,
    revision: Option<u32>,
    date: String,
    language: &'a str,
    timezone: &'a str,
    fingerprint: &'a str,
    reviewers: Vec<ReviewerJson<'a>>,
}

#[derive(Serialize)]
struct ReviewerJson<'a> {
    name: &'a str,
    role: Option<&'a str>,
    approved: bool,
    approved_at: Option<String>,
    fingerprint: Option<&'a str>,
}

#[derive(Serialize)]
struct IncidentJson<'a> {
    severity: crate::check::Severity,
    services: &'a [String],
    within_our_control: bool,
    repeat_of: &'a [String],
    affected_users: Option<u64>,
    failed_requests: Option<u64>,
    data_loss: Option<bool>,
}

#[derive(Serialize)]
struct WindowJson {
    from: String,
    to: String,
    kind: WindowKind,
    seconds: i64,
}

#[derive(Serialize)]
struct ActionJson<'a> {
    action: &'a str,
    kind: crate::check::ActionKind,
    owner: &'a str,
    due: String,
    status: crate::check::ActionStatus,
}

#[derive(Serialize)]
struct FollowUpJson<'a> {
    date: String,
    by: &'a str,
}

/// The JSON document for a report, its figures and all warnings.
#[must_use]
pub fn render(
    report: &Report,
    figures: &Figures,
    warnings: &[Diagnostic],
    review: &[crate::review::Finding],
    fingerprint: &str,
) -> String {
    let meta = &report.meta;
    let json = Json {
        amends_json: JSON_VERSION,
        report: ReportJson {
            id: &meta.id,
            title: &meta.title,
            status: meta.status,
            revision: meta.revision,
            date: meta.date.to_string(),
            language: &meta.language,
            timezone: meta.timezone.name(),
            fingerprint,
            reviewers: meta
                .reviewers
                .iter()
                .map(|rv| ReviewerJson {
                    name: &rv.name,
                    role: rv.role.as_deref(),
                    approved: rv.approved,
                    approved_at: rv.approved_at.map(|d| d.to_string()),
                    fingerprint: rv.fingerprint.as_deref(),
                })
                .collect(),
        },
        provider: &report.provider.name,
        customer: &report.customer.name,
        incident: IncidentJson {
            severity: report.incident.severity,
            services: &report.incident.services,
            within_our_control: report.incident.root_cause.within_our_control,
            repeat_of: &report.incident.repeat_of,
            affected_users: report.incident.impact.affected_users,
            failed_requests: report.incident.impact.failed_requests,
            data_loss: report.incident.impact.data_loss,
        },
        timeline: &figures.timeline,
        downtime: &figures.downtime,
        windows: report
            .incident
            .impact
            .windows
            .iter()
            .map(|w| WindowJson {
                from: w.from.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true),
                to: w.to.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true),
                kind: w.kind,
                seconds: w.to.timestamp() - w.from.timestamp(),
            })
            .collect(),
        compensation: &figures.compensation,
        actions: report
            .actions
            .iter()
            .map(|a| ActionJson {
                action: &a.action,
                kind: a.kind,
                owner: &a.owner,
                due: a.due.to_string(),
                status: a.status,
            })
            .collect(),
        follow_up: report.follow_up.as_ref().map(|f| FollowUpJson {
            date: f.date.to_string(),
            by: &f.by,
        }),
        warnings,
        review,
    };
    let mut text =
        serde_json::to_string_pretty(&json).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    text.push('\n');
    text
}
