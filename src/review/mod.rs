//! Review: the checks a seasoned account manager and a legal reviewer make of
//! a letter. Validated report + its figures + the file's positions -> findings.
//!
//! Word lists live in `templates/lint/<language>.yaml`, so adding a language
//! needs no code. Each finding has a stable rule id (see docs/lint.md).

pub mod approval;
pub mod outlook;
pub mod redline;
mod text;

use serde::{Deserialize, Serialize};

use crate::check::{ActionKind, Report};
use crate::diag::{Pos, Severity};
use crate::figures::Figures;
use crate::read::IncidentFile;
use text::{Text, find_phrases, mojibake};

/// The words the rules look for, in one language.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Words {
    /// hedged-apology.
    pub hedges: Vec<String>,
    /// blame-shifting.
    pub blame: Vec<String>,
    /// grovelling: apology words.
    pub apologies: Vec<String>,
    /// grovelling: intensifiers.
    pub intensifiers: Vec<String>,
    /// speculation.
    pub speculation: Vec<String>,
    /// risky-promise.
    pub promises: Vec<String>,
    /// passive-evasion.
    pub evasions: Vec<String>,
    /// repeat-unexplained: words that show the text explains the repeat.
    pub repeat_explained: Vec<String>,
}

impl Words {
    /// Parses a word-list file.
    pub fn parse(text: &str) -> Result<Words, String> {
        serde_saphyr::from_str(text).map_err(|e| e.without_snippet().render())
    }
}

/// Thresholds of the communication rules.
#[derive(Debug, Clone, Copy)]
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

/// One thing a reviewer would point at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// Stable rule id, e.g. `blame-shifting`.
    pub rule: &'static str,
    /// Error or warning.
    pub severity: Severity,
    /// Where the text is, when the finding is about a text.
    #[serde(flatten)]
    pub pos: Option<Pos>,
    /// The offending words, quoted.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub quote: String,
    /// Why it matters and what to write instead.
    pub message: String,
}

/// Reviews a report.
#[must_use]
pub fn review(
    file: &IncidentFile,
    report: &Report,
    figures: &Figures,
    words: &Words,
    limits: Thresholds,
) -> Vec<Finding> {
    let texts = text::collect(file);
    let mut out = Vec::new();
    let ours = report.incident.root_cause.within_our_control;
    let customer: Vec<&Text> = texts.iter().filter(|t| t.customer_facing).collect();
    let mut add = |rule, severity, t: Option<&Text>, quote: String, message: String| {
        out.push(Finding {
            rule,
            severity,
            pos: t.and_then(|t| t.pos),
            quote,
            message,
        });
    };

    // The letter's tone.
    for t in customer.iter().filter(|t| t.field == "apology") {
        for q in find_phrases(&t.value, &words.hedges) {
            add("hedged-apology", Severity::Warning, Some(t), q,
                "an apology followed by \"but\" or an excuse reads as no apology; apologise plainly and put the facts in the root cause".into());
        }
        let sentences = t.value.split(['.', '!', '?']);
        for sentence in sentences {
            let stacked = find_phrases(sentence, &words.intensifiers);
            if stacked.len() >= 2 {
                add(
                    "grovelling",
                    Severity::Warning,
                    Some(t),
                    stacked.join(", "),
                    "stacked intensifiers read as hollow; one plain \"we are sorry\" is stronger"
                        .into(),
                );
            }
        }
    }
    let apologies: Vec<(&Text, String)> = customer
        .iter()
        .flat_map(|t| {
            find_phrases(&t.value, &words.apologies)
                .into_iter()
                .map(move |q| (*t, q))
        })
        .collect();
    // The generated apology says sorry once when the file gives none.
    let generated = usize::from(report.apology.is_none());
    if apologies.len() + generated > 1
        && let Some((t, q)) = apologies.last()
    {
        add("grovelling", Severity::Warning, Some(t), q.clone(),
            "the letter apologises more than once; apologise once, sincerely, in the apology, and let the rest be facts and actions".into());
    }
    if ours {
        for t in &customer {
            for q in find_phrases(&t.value, &words.blame) {
                add("blame-shifting", Severity::Error, Some(t), q,
                    "the cause was within our control (`within_our_control: true`), so blaming someone else is an excuse; say what we did and own it".into());
            }
            for q in find_phrases(&t.value, &words.evasions) {
                add("passive-evasion", Severity::Warning, Some(t), q,
                    "a sentence with no actor hides who did it; write \"we deployed…\", \"our change…\"".into());
            }
        }
    }
    for t in texts.iter().filter(|t| t.field.starts_with("root_cause")) {
        for q in find_phrases(&t.value, &words.speculation) {
            add(
                "speculation",
                Severity::Warning,
                Some(t),
                q,
                "the root cause states facts only; write what is established, or wait until it is"
                    .into(),
            );
        }
    }
    for t in &customer {
        for q in find_phrases(&t.value, &words.promises) {
            add("risky-promise", Severity::Error, Some(t), q,
                "legal will strike a promise nobody can keep; name the actions and their dates instead".into());
        }
        if let Some(q) = mojibake(&t.value) {
            add("mis-encoded", Severity::Warning, Some(t), q,
                "this looks like UTF-8 read as Latin-1 (e.g. \"Ã©\" for \"é\"); paste the text again from its source".into());
        }
        for q in text::leaks(&t.value, &allowed_addresses(report)) {
            add("internal-leak", Severity::Warning, Some(t), q,
                "customer-facing text shows an internal detail (address, host, ticket); describe it instead or mark the event `internal: true`".into());
        }
    }

    // Substance.
    if report.lessons.is_empty() {
        add(
            "no-lessons",
            Severity::Warning,
            None,
            String::new(),
            "the letter lists no lessons; say what was learned before listing actions".into(),
        );
    }
    if !report.actions.iter().any(|a| a.kind == ActionKind::Prevent) {
        add("no-prevention", Severity::Warning, None, String::new(),
            "no action prevents a recurrence (`kind: prevent`); detection and process alone tell the customer it may happen again".into());
    }

    // Communication.
    let tf = &figures.timeline;
    let detected = tf.time_to_detect_s.unwrap_or(0);
    match tf.time_to_notify_s {
        Some(notify) if notify - detected > limits.notice_minutes * 60 => {
            add(
                "late-notice",
                Severity::Warning,
                None,
                String::new(),
                format!(
                    "the first notice to the customer came {} min after detection (more than {} min); say why in the letter, and fix the process",
                    (notify - detected) / 60,
                    limits.notice_minutes
                ),
            );
        }
        None => add(
            "late-notice",
            Severity::Warning,
            None,
            String::new(),
            "the timeline records no notice to the customer (`customer_notified`)".into(),
        ),
        _ => {}
    }
    if let Some(s) = &tf.longest_silence
        && s.seconds > limits.silence_minutes * 60
    {
        add(
            "long-silence",
            Severity::Warning,
            None,
            String::new(),
            format!(
                "the customer heard nothing for {} min while the incident lasted (more than {} min); long silences are a failure of their own",
                s.seconds / 60,
                limits.silence_minutes
            ),
        );
    }

    // A repeat must say why the earlier fix did not prevent it.
    if !report.incident.repeat_of.is_empty() {
        let explained = texts
            .iter()
            .filter(|t| t.field.starts_with("root_cause") || t.field == "lesson")
            .any(|t| {
                !find_phrases(&t.value, &words.repeat_explained).is_empty()
                    || report
                        .incident
                        .repeat_of
                        .iter()
                        .any(|id| t.value.contains(id.as_str()))
            });
        if !explained {
            add("repeat-unexplained", Severity::Warning, None, report.incident.repeat_of.join(", "),
                "this is a repeat (`repeat_of`), but the root cause and lessons do not say why the earlier fix did not prevent it".into());
        }
    }
    out.sort_by(|a, b| a.pos.cmp(&b.pos).then(a.rule.cmp(b.rule)));
    out
}

fn allowed_addresses(report: &Report) -> Vec<String> {
    let mut allowed: Vec<String> = report.provider.support_contact.iter().cloned().collect();
    if let Some(p) = &report.meta.prepared_by {
        allowed.extend(p.email.iter().cloned());
    }
    allowed.iter().map(|a| a.to_ascii_lowercase()).collect()
}
