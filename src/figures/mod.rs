//! Figures: pure functions from the validated report to every number it shows.

pub mod compensation;
pub mod downtime;
pub mod timeline;

use serde::Serialize;

use crate::check::Report;
pub use compensation::{Compensation, Overflow};
pub use downtime::Downtime;
pub use timeline::TimelineFigures;

/// Every computed figure of a report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Figures {
    /// Durations along the timeline.
    pub timeline: TimelineFigures,
    /// Outage and degraded time.
    pub downtime: Downtime,
    /// Credits and goodwill.
    pub compensation: Compensation,
}

/// Days of the calendar month a date falls in (28 to 31).
#[must_use]
pub fn days_in_month(date: chrono::NaiveDate) -> i64 {
    use chrono::Datelike;
    let first = date.with_day(1).unwrap_or(date);
    let next = first
        .checked_add_months(chrono::Months::new(1))
        .unwrap_or(first);
    (next - first).num_days()
}

/// Computes every figure of a validated report.
pub fn compute(report: &Report) -> Result<Figures, Overflow> {
    let timeline = timeline::compute(&report.timeline).ok_or(Overflow("the timeline"))?;
    let period = report.contract.as_ref().map(|c| c.period);
    let downtime = downtime::compute(&report.incident.impact.windows, period);
    // A goodwill day: the month (UTC, like the SLA period) the incident started in.
    let compensation = compensation::compute(
        report.contract.as_ref(),
        downtime.in_period_s,
        &report.goodwill,
        days_in_month(timeline.started_at.to_utc().date_naive()),
    )?;
    Ok(Figures {
        timeline,
        downtime,
        compensation,
    })
}
