//! Review: the checks a seasoned account manager and a legal reviewer make of
//! a letter. Validated report + its figures + the file and its text ->
//! findings, each pointing at the offending words.
//!
//! Word lists live in `templates/lint/<language>.yaml`, with what each
//! finding says in that language (`messages`), so adding a language needs no
//! code. Each finding has a stable rule id (see docs/lint.md).

mod acknowledge;
pub mod approval;
mod cache;
mod leaks;
mod matcher;
pub mod messages;
pub mod outlook;
mod place;
pub mod redline;
mod rules;
mod text;
mod words;

use serde::Serialize;

use crate::check::Report;
use crate::diag::{Diagnostic, Pos, Severity};
use crate::figures::Figures;
use crate::read::IncidentFile;
pub use cache::Cache;
pub use rules::Scan;
pub use words::Words;

/// Fewest and most minutes a threshold may be set to (one week): beyond
/// that no rule means anything, and the arithmetic stays far from overflow.
pub const THRESHOLD_MINUTES: std::ops::RangeInclusive<i64> = 1..=10_080;

/// An outage (or degraded time) up to this long is short: the letter may
/// call it brief (`minimising`), and the outlook never calls it poor.
pub const SHORT_OUTAGE_S: i64 = 15 * 60;

/// Thresholds of the communication rules, used alike by `lint`, `render`
/// and `assess`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Thresholds {
    /// late-notice: minutes from detection to the first notice.
    pub notice_minutes: i64,
    /// long-silence: minutes without a message while the outage lasted.
    pub silence_minutes: i64,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            notice_minutes: 30,
            silence_minutes: 60,
        }
    }
}

impl Thresholds {
    /// Whether a first notice `delay_s` seconds after detection (or the
    /// start) is late, for an incident that lasted `duration_s` from the
    /// same moment: never when it was over before the notice was due.
    #[must_use]
    pub fn notice_is_late(self, delay_s: Option<i64>, duration_s: i64) -> bool {
        let limit = self.notice_minutes.saturating_mul(60);
        if duration_s <= limit {
            return false;
        }
        delay_s.is_none_or(|d| d > limit)
    }

    /// Whether a silence of `seconds` is too long.
    #[must_use]
    pub fn silence_is_long(self, seconds: i64) -> bool {
        seconds > self.silence_minutes.saturating_mul(60)
    }

    /// Seconds from detection (or the start) to the first notice, when
    /// [`Self::notice_is_late`] says it was late; for a customer never told,
    /// the whole incident from that moment.
    #[must_use]
    pub fn late_notice_s(&self, tf: &crate::figures::TimelineFigures) -> Option<i64> {
        let detected = tf.time_to_detect_s.unwrap_or(0);
        let delay = tf.time_to_notify_s.map(|notify| notify - detected);
        let duration = tf.time_to_resolve_s.unwrap_or(0) - detected;
        self.notice_is_late(delay, duration)
            .then(|| delay.unwrap_or(duration))
    }

    /// The longest silence while the incident lasted, when
    /// [`Self::silence_is_long`] says it was too long.
    #[must_use]
    pub fn long_silence_s(&self, tf: &crate::figures::TimelineFigures) -> Option<i64> {
        tf.longest_silence
            .map(|s| s.seconds)
            .filter(|s| self.silence_is_long(*s))
    }
}

/// Parses a threshold given on the command line: whole minutes within
/// [`THRESHOLD_MINUTES`].
pub fn parse_minutes(text: &str) -> Result<i64, String> {
    let (min, max) = (THRESHOLD_MINUTES.start(), THRESHOLD_MINUTES.end());
    match text.trim().parse::<i64>() {
        Ok(n) if THRESHOLD_MINUTES.contains(&n) => Ok(n),
        _ => Err(format!(
            "expected whole minutes from {min} to {max} (one week)"
        )),
    }
}

/// A reviewer's acceptance of a finding, from `review.acknowledged`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Acknowledged {
    /// Why the words stay.
    pub reason: String,
    /// Who decided.
    pub by: String,
    /// Both, as a sentence in the letter's language.
    #[serde(skip)]
    pub note: String,
}

/// One thing a reviewer would point at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// Stable rule id, e.g. `blame-shifting`.
    pub rule: &'static str,
    /// Error or warning; a note once acknowledged.
    pub severity: Severity,
    /// Where the offending words start, when the finding is about a text.
    #[serde(flatten)]
    pub pos: Option<Pos>,
    /// Where they end (exclusive), when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end: Option<Pos>,
    /// The offending words, quoted.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub quote: String,
    /// Why it matters and what to write instead.
    pub message: String,
    /// Set when a reviewer accepted the finding.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub acknowledged: Option<Acknowledged>,
}

impl Finding {
    /// The finding as a diagnostic, for the printer.
    #[must_use]
    pub fn to_diagnostic(&self) -> Diagnostic {
        let quote = if self.quote.is_empty() {
            String::new()
        } else {
            format!("\"{}\": ", self.quote)
        };
        let mut d = Diagnostic {
            severity: self.severity,
            pos: self.pos,
            end: self.end,
            message: format!("[{}] {quote}{}", self.rule, self.message),
            hint: None,
        };
        if let Some(a) = &self.acknowledged {
            d.hint = Some(a.note.clone());
        }
        d
    }
}

/// Most findings with the same rule and words reported for one file; more
/// are summed up in one line (a pasted log can hold thousands).
pub const MAX_SAME_FINDINGS: usize = 5;
/// Most findings reported for one file.
pub const MAX_FINDINGS: usize = 200;

/// Reviews a report. `source` is the file's text, for exact positions.
#[must_use]
pub fn review(
    file: &IncidentFile,
    source: &str,
    report: &Report,
    figures: &Figures,
    words: &Words,
    limits: Thresholds,
) -> Vec<Finding> {
    let say = messages::Say::new(&words.messages, &report.meta.language);
    let out = rules::run(None, file, source, report, figures, words, &say, limits);
    finish(out, file, &say)
}

/// [`review`] with the findings on the texts from `cache`: found once for
/// all the letters that share an edition's texts, words and
/// [`rules::Facts`], when `file` is one of the cache's scans.
#[must_use]
pub fn review_cached(
    cache: &Cache<'_>,
    file: &IncidentFile,
    source: &str,
    report: &Report,
    figures: &Figures,
    words: &std::sync::Arc<Words>,
    limits: Thresholds,
) -> Vec<Finding> {
    let say = messages::Say::new(&words.messages, &report.meta.language);
    let texts = cache.texts(file, source, words, rules::Facts::of(report));
    let out = rules::run(texts, file, source, report, figures, words, &say, limits);
    finish(out, file, &say)
}

/// Sorts the rules' findings by place, drops repeats, caps them and marks
/// the acknowledged ones.
fn finish(mut out: Vec<Finding>, file: &IncidentFile, say: &messages::Say) -> Vec<Finding> {
    out.sort_by(|a, b| (a.pos, a.end, a.rule, &a.quote).cmp(&(b.pos, b.end, b.rule, &b.quote)));
    // One finding per rule, place and words, even when two lists matched.
    out.dedup_by(|a, b| a.rule == b.rule && a.pos == b.pos && a.quote == b.quote);
    let mut out = cap(out, say);
    acknowledge::apply(file, &mut out, say.messages);
    out
}

/// Keeps [`MAX_SAME_FINDINGS`] of each rule and quote, and [`MAX_FINDINGS`] in all.
fn cap(findings: Vec<Finding>, say: &messages::Say) -> Vec<Finding> {
    let mut seen: std::collections::HashMap<(&'static str, String), usize> =
        std::collections::HashMap::new();
    let mut kept = Vec::new();
    let mut dropped = 0usize;
    for f in findings {
        let n = seen.entry((f.rule, f.quote.to_lowercase())).or_insert(0);
        *n += 1;
        if *n > MAX_SAME_FINDINGS || kept.len() >= MAX_FINDINGS {
            dropped += 1;
        } else {
            kept.push(f);
        }
    }
    if dropped > 0 {
        kept.push(Finding {
            rule: "too-many-findings",
            severity: Severity::Warning,
            pos: None,
            end: None,
            quote: String::new(),
            message: crate::render::wording::fill(
                &say.messages.too_many_findings,
                &[
                    (
                        "count",
                        &say.number(i64::try_from(dropped).unwrap_or(i64::MAX)),
                    ),
                    ("same", &MAX_SAME_FINDINGS.to_string()),
                    ("all", &MAX_FINDINGS.to_string()),
                ],
            ),
            acknowledged: None,
        });
    }
    kept
}
