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
use crate::review::{Finding, SHORT_OUTAGE_S, Thresholds};

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

/// Version of `amends assess --format json`; fields may be added, never changed.
pub const JSON_VERSION: u32 = 1;

/// One factor of the score, under a stable id (docs/outlook.md).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Factor {
    /// Stable id: severity, repeat, control, relationship, prevention,
    /// data_loss, outage_length, notice, silence, letter_errors.
    pub id: &'static str,
    /// What it adds to the score (higher is worse).
    pub weight: i32,
    /// Which reason it is, under a stable id that language files translate
    /// (`outlook_reasons` in lang/*.yaml).
    pub reason_id: &'static str,
    /// Why, for people (English; the internal copy uses the translation).
    pub reason: String,
}

/// The assessment and its reasons.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Assessment {
    /// good, at risk or poor.
    pub outlook: Outlook,
    /// The sum of the factors (higher is worse).
    pub score: i32,
    /// Each factor that counted, with its id, weight and reason.
    pub factors: Vec<Factor>,
    /// Each factor's weight and reason, for display.
    #[serde(skip)]
    pub reasons: Vec<(i32, String)>,
    /// The stable id of each reason, in the same order (language files translate them).
    #[serde(skip)]
    pub reason_ids: Vec<&'static str>,
    /// Goodwill given, in days of service (credit percent counted as days
    /// of a 30-day month), to two decimals: the figure compared below.
    pub goodwill_days: String,
    /// The least goodwill this outlook calls for, in the same days.
    pub suggested_days: u32,
    /// What to add, when the file's goodwill is below the suggestion.
    pub suggestion: Option<String>,
    /// The days of service to add, when too few are given (the figure the
    /// suggestion shows).
    #[serde(skip)]
    pub raise_days: Option<Decimal>,
    /// Whether the suggestion asks for a gesture.
    #[serde(skip)]
    pub gesture_missing: bool,
}

/// An outage beyond this is long.
const LONG_OUTAGE_S: i64 = 4 * 3600;

/// Assesses a report's chances of recovery on `today`, given the review's
/// findings (error-level ones count against "answered well") and thresholds.
#[must_use]
pub fn assess(
    report: &Report,
    figures: &Figures,
    findings: &[Finding],
    limits: Thresholds,
    today: NaiveDate,
) -> Assessment {
    let mut factors: Vec<Factor> = Vec::new();
    let mut add = |id: &'static str, reason_id: &'static str, weight: i32, why: &str| {
        factors.push(Factor {
            id,
            weight,
            reason_id,
            reason: why.to_owned(),
        });
    };
    let severity = report.incident.severity;
    match severity {
        Severity::Minor => add(
            "severity",
            "minor",
            0,
            "minor incident: a small slip is forgiven",
        ),
        Severity::Major => add("severity", "major", 1, "major incident"),
        Severity::Critical => add(
            "severity",
            "critical",
            2,
            "critical incident: a serious failure is not forgiven whatever the fix",
        ),
    }
    match report.incident.repeat_of.len() {
        0 => add("repeat", "first", 0, "first incident of its kind"),
        1 => add(
            "repeat",
            "repeat",
            2,
            "repeat incident: the same failure twice says something is wrong with us",
        ),
        n => add(
            "repeat",
            "repeat_many",
            3,
            &format!(
                "the same failure for the {} time: trust is wearing out",
                ordinal(n + 1)
            ),
        ),
    }
    if report.incident.root_cause.within_our_control {
        add(
            "control",
            "within_control",
            1,
            "within our control: it weighs more than a rare event outside anyone's control",
        );
    } else {
        add("control", "outside_control", 0, "outside our control");
    }
    match report
        .customer
        .since
        .map(|since| (today - since).num_days())
    {
        Some(days) if days < 365 => add(
            "relationship",
            "new_customer",
            1,
            "new customer (less than a year): may simply leave",
        ),
        Some(days) if days >= 3 * 365 => add(
            "relationship",
            "long_relationship",
            -1,
            "long relationship (3 years or more): absorbs a failure",
        ),
        Some(_) => add(
            "relationship",
            "mid_relationship",
            0,
            "relationship of one to three years",
        ),
        None => add(
            "relationship",
            "relationship_unknown",
            0,
            "length of the relationship unknown (`customer_since`)",
        ),
    }
    let prevention = report
        .actions
        .iter()
        .any(|a| a.kind == ActionKind::Prevent && a.status != ActionStatus::Planned);
    if prevention {
        add(
            "prevention",
            "prevention_under_way",
            -1,
            "prevention already under way: a recurrence is less likely",
        );
    } else if report.actions.iter().any(|a| a.kind == ActionKind::Prevent) {
        add(
            "prevention",
            "prevention_planned",
            0,
            "prevention planned, not started",
        );
    } else {
        add(
            "prevention",
            "no_prevention",
            1,
            "no action prevents a recurrence",
        );
    }
    if report.incident.impact.data_loss == Some(true) {
        add(
            "data_loss",
            "data_loss",
            2,
            "data was lost: what cannot be restored is remembered",
        );
    }
    let outage_s = figures.downtime.outage_s;
    if outage_s > LONG_OUTAGE_S {
        add(
            "outage_length",
            "outage_over_4h",
            2,
            "the outage lasted more than 4 hours",
        );
    } else if outage_s > SHORT_OUTAGE_S {
        add(
            "outage_length",
            "outage_over_15min",
            1,
            "the outage lasted more than 15 minutes",
        );
    }
    let tf = &figures.timeline;
    let from = tf.time_to_detect_s.unwrap_or(0);
    let duration = (tf.resolved_at - tf.started_at)
        .num_seconds()
        .saturating_sub(from);
    if limits.notice_is_late(
        tf.time_to_notify_s.map(|n| n.saturating_sub(from)),
        duration,
    ) {
        add(
            "notice",
            "heard_late",
            1,
            "the customer heard late (or not at all)",
        );
    }
    if tf
        .longest_silence
        .as_ref()
        .is_some_and(|s| limits.silence_is_long(s.seconds))
    {
        add(
            "silence",
            "long_silence",
            1,
            "the customer was left without news for too long",
        );
    }
    let errors = findings
        .iter()
        .filter(|f| f.severity == crate::diag::Severity::Error)
        .count();
    if errors > 0 {
        add(
            "letter_errors",
            "letter_errors",
            1,
            "the letter has error-level review findings (`amends lint`): it does not answer well yet",
        );
    }
    let score: i32 = factors.iter().map(|f| f.weight).sum();
    let mut outlook = match score {
        ..=1 => Outlook::Good,
        2..=3 => Outlook::AtRisk,
        _ => Outlook::Poor,
    };
    if severity == Severity::Critical && outlook == Outlook::Good {
        outlook = Outlook::AtRisk;
    }
    let blip = outage_s <= SHORT_OUTAGE_S
        && severity != Severity::Critical
        && report.incident.impact.data_loss != Some(true)
        && report.incident.repeat_of.is_empty();
    if blip && outlook == Outlook::Poor {
        outlook = Outlook::AtRisk;
    }
    let (goodwill_days, suggested_days, suggestion, raise_days, gesture_missing) =
        goodwill(report, outlook);
    Assessment {
        outlook,
        score,
        reasons: factors
            .iter()
            .map(|f| (f.weight, f.reason.clone()))
            .collect(),
        reason_ids: factors.iter().map(|f| f.reason_id).collect(),
        factors,
        goodwill_days,
        suggested_days,
        suggestion,
        raise_days,
        gesture_missing,
    }
}

/// Goodwill given (shown to two decimals, and that shown figure is the one
/// compared), the days the outlook calls for, and what to add.
fn goodwill(
    report: &Report,
    outlook: Outlook,
) -> (String, u32, Option<String>, Option<Decimal>, bool) {
    let given = (report.goodwill.extra_service_days
        + report.goodwill.extra_credit_percent * Decimal::from(30) / Decimal::ONE_HUNDRED)
        .round_dp(2);
    let suggested_days = match outlook {
        Outlook::Good => 1,
        Outlook::AtRisk => 2,
        Outlook::Poor => 5,
    };
    let gestures = !report.goodwill.gestures.is_empty();
    let wanted = Decimal::from(suggested_days);
    let enough_days = given >= wanted || (outlook == Outlook::Good && gestures);
    let gesture_missing = outlook == Outlook::Poor && !gestures;
    let suggestion = (!enough_days || gesture_missing).then(|| {
        let mut parts = Vec::new();
        if !enough_days {
            let extra = wanted - given;
            let percent = (extra * Decimal::ONE_HUNDRED / Decimal::from(30))
                .round_dp_with_strategy(2, rust_decimal::RoundingStrategy::AwayFromZero);
            parts.push(format!(
                "raise goodwill by at least {} day(s) of service (or {} % credit)",
                extra.normalize(),
                percent.normalize()
            ));
        }
        if gesture_missing {
            parts.push("offer a gesture (a review with a senior engineer)".to_owned());
        }
        parts.join(", and ")
    });
    let raise_days = (!enough_days).then(|| wanted - given);
    (
        given.normalize().to_string(),
        suggested_days,
        suggestion,
        raise_days,
        gesture_missing,
    )
}

fn ordinal(n: usize) -> String {
    match n {
        2 => "second".to_owned(),
        3 => "third".to_owned(),
        n => format!("{n}th"),
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
