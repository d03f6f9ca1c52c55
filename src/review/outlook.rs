//! Recovery outlook, for the account manager only (never in the customer's
//! letter): how likely the letter is to win the customer back, and whether
//! the goodwill is enough. The factors follow Magnini et al., "The service
//! recovery paradox: justifiable theory or smoldering myth?" (Journal of
//! Services Marketing 21(3), 2007): recovery can work after a failure that
//! is minor, first, outside the provider's control, in a long relationship,
//! answered fast and generously. docs/outlook.md explains the scoring.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

use crate::check::{ActionKind, ActionStatus, Report, Severity};
use crate::figures::Figures;

/// How likely recovery is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outlook {
    /// The letter can win the customer back.
    Good,
    /// Recovery needs more than the letter: a call, more goodwill.
    AtRisk,
    /// The relationship is in danger.
    Poor,
}

/// The assessment and its reasons.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Assessment {
    /// good, at risk or poor.
    pub outlook: Outlook,
    /// The sum of the factors (higher is worse).
    pub score: i32,
    /// Each factor that counted, with its weight.
    pub reasons: Vec<(i32, String)>,
    /// The stable id of each reason, in the same order (language files translate them).
    pub reason_ids: Vec<&'static str>,
    /// Goodwill given, in days of service (credit percent counted as days of a 30-day month).
    pub goodwill_days: String,
    /// The least goodwill this outlook calls for, in the same days.
    pub suggested_days: u32,
    /// What to add, when the file's goodwill is below the suggestion.
    pub suggestion: Option<String>,
}

/// Assesses a report's chances of recovery on `today`.
#[must_use]
pub fn assess(report: &Report, figures: &Figures, today: NaiveDate) -> Assessment {
    let mut reasons: Vec<(i32, String)> = Vec::new();
    let mut reason_ids: Vec<&'static str> = Vec::new();
    let mut add = |w: i32, id: &'static str, why: &str| {
        reasons.push((w, why.to_owned()));
        reason_ids.push(id);
    };
    match report.incident.severity {
        Severity::Minor => add(0, "minor", "minor incident: a small slip is forgiven"),
        Severity::Major => add(1, "major", "major incident"),
        Severity::Critical => add(
            2,
            "critical",
            "critical incident: a serious failure is not forgiven whatever the fix",
        ),
    }
    if report.incident.repeat_of.is_empty() {
        add(0, "first", "first incident of its kind");
    } else {
        add(
            2,
            "repeat",
            "repeat incident: the same failure twice says something is wrong with us",
        );
    }
    if report.incident.root_cause.within_our_control {
        add(
            1,
            "within_control",
            "within our control: it weighs more than a rare event outside anyone's control",
        );
    } else {
        add(0, "outside_control", "outside our control");
    }
    match report
        .customer
        .since
        .map(|since| (today - since).num_days())
    {
        Some(days) if days < 365 => add(
            1,
            "new_customer",
            "new customer (less than a year): may simply leave",
        ),
        Some(days) if days >= 3 * 365 => add(
            -1,
            "long_relationship",
            "long relationship (3 years or more): absorbs a failure",
        ),
        Some(_) => add(0, "mid_relationship", "relationship of one to three years"),
        None => add(
            0,
            "relationship_unknown",
            "length of the relationship unknown (`customer_since`)",
        ),
    }
    let prevention = report
        .actions
        .iter()
        .any(|a| a.kind == ActionKind::Prevent && a.status != ActionStatus::Planned);
    if prevention {
        add(
            -1,
            "prevention_under_way",
            "prevention already under way: a recurrence is less likely",
        );
    } else if report.actions.iter().any(|a| a.kind == ActionKind::Prevent) {
        add(0, "prevention_planned", "prevention planned, not started");
    } else {
        add(1, "no_prevention", "no action prevents a recurrence");
    }
    let tf = &figures.timeline;
    let late = match tf.time_to_notify_s {
        Some(n) => n - tf.time_to_detect_s.unwrap_or(0) > 30 * 60,
        None => true,
    };
    if late {
        add(1, "heard_late", "the customer heard late (or not at all)");
    }
    let score: i32 = reasons.iter().map(|(w, _)| w).sum();
    let outlook = match score {
        ..=1 => Outlook::Good,
        2..=3 => Outlook::AtRisk,
        _ => Outlook::Poor,
    };
    let given = report.goodwill.extra_service_days
        + report.goodwill.extra_credit_percent * Decimal::from(30) / Decimal::ONE_HUNDRED;
    let suggested_days = match outlook {
        Outlook::Good => 1,
        Outlook::AtRisk => 2,
        Outlook::Poor => 5,
    };
    let gestures = !report.goodwill.gestures.is_empty();
    let enough = given >= Decimal::from(suggested_days) || (outlook == Outlook::Good && gestures);
    let suggestion = (!enough).then(|| {
        let extra = Decimal::from(suggested_days) - given;
        format!(
            "raise goodwill by at least {} day(s) of service (or {} % credit){}",
            extra.normalize(),
            (extra * Decimal::ONE_HUNDRED / Decimal::from(30))
                .round_dp(1)
                .normalize(),
            if outlook == Outlook::Poor && !gestures {
                ", and offer a gesture (a review with a senior engineer)"
            } else {
                ""
            }
        )
    });
    Assessment {
        outlook,
        score,
        reasons,
        reason_ids,
        goodwill_days: given.round_dp(1).normalize().to_string(),
        suggested_days,
        suggestion,
    }
}

impl Outlook {
    /// As shown to people.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Outlook::Good => "good",
            Outlook::AtRisk => "at risk",
            Outlook::Poor => "poor",
        }
    }
}
