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

/// Computes every figure of a validated report.
pub fn compute(report: &Report) -> Result<Figures, Overflow> {
    let timeline = timeline::compute(&report.timeline).ok_or(Overflow("the timeline"))?;
    let period = report.contract.as_ref().map(|c| c.period);
    let downtime = downtime::compute(&report.incident.impact.windows, period);
    let compensation = compensation::compute(
        report.contract.as_ref(),
        downtime.in_period_s,
        &report.goodwill,
    )?;
    Ok(Figures {
        timeline,
        downtime,
        compensation,
    })
}
