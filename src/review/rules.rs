//! The rules themselves: each looks at the texts (with their word lists) or
//! at the report's facts and figures, and says what it found and where.

use crate::check::{ActionKind, Report};
use crate::diag::{Pos, Severity};
use crate::figures::Figures;
use crate::read::IncidentFile;

use super::matcher::{MAX_SENTENCE_TOKENS, Match, Token, char_offsets, sentence_of, tokens};
use super::place::{Placed, Source};
use super::text::{self, Text};
use super::words::{List, Lists, Words};
use super::{Finding, SHORT_OUTAGE_S, Thresholds, leaks};

/// An impact at or below these figures (and [`SHORT_OUTAGE_S`]) is small
/// enough to call brief or minor.
const SMALL_USERS: u64 = 10;
const SMALL_REQUESTS: u64 = 100;
/// How many words before blame words a negation may stand.
const NEGATION_REACH: usize = 3;
/// How far after them an exonerating phrase may end ("a supplier of ours
/// was not involved").
const NEGATION_AFTER_REACH: usize = 7;

struct Ctx<'a> {
    source: Source<'a>,
    out: Vec<Finding>,
}

/// One text with its tokens, placed in the source when first needed.
struct Scanned<'a> {
    text: &'a Text,
    toks: Vec<Token>,
    offsets: Vec<usize>,
    placed: std::cell::OnceCell<Option<Placed>>,
}

impl Scanned<'_> {
    /// The characters `start..end` of the text.
    fn quote(&self, start: usize, end: usize) -> &str {
        let at = |i: usize| {
            self.offsets
                .get(i)
                .copied()
                .unwrap_or(self.text.value.len())
        };
        self.text.value.get(at(start)..at(end)).unwrap_or("")
    }
}

impl Ctx<'_> {
    fn at(&mut self, rule: &'static str, severity: Severity, s: &Scanned, m: Match, message: &str) {
        let placed = s
            .placed
            .get_or_init(|| s.text.pos.map(|at| self.source.place(at, &s.toks)));
        let (pos, end) = match placed
            .as_ref()
            .and_then(|p| p.span(m.first_token, m.last_token))
        {
            Some((start, end)) => (Some(start), Some(end)),
            None => (s.text.pos, None),
        };
        self.push(
            rule,
            severity,
            pos,
            end,
            s.quote(m.start, m.end).to_owned(),
            message.to_owned(),
        );
    }

    /// A finding about a range of characters that are not words (an address, mojibake).
    fn chars(
        &mut self,
        rule: &'static str,
        severity: Severity,
        s: &Scanned,
        range: (usize, usize),
        message: &str,
    ) {
        // Tokens are in text order: binary searches keep many findings fast.
        let first = s.toks.partition_point(|t| t.end <= range.0);
        let last = s.toks.partition_point(|t| t.start < range.1);
        match (first, last) {
            (first, last) if first < last => {
                let m = Match {
                    start: range.0,
                    end: range.1,
                    first_token: first,
                    last_token: last,
                };
                self.at(rule, severity, s, m, message);
            }
            _ => self.push(
                rule,
                severity,
                s.text.pos,
                None,
                s.quote(range.0, range.1).to_owned(),
                message.to_owned(),
            ),
        }
    }

    fn push(
        &mut self,
        rule: &'static str,
        severity: Severity,
        pos: Option<Pos>,
        end: Option<Pos>,
        quote: String,
        message: String,
    ) {
        let quote = quote.split_whitespace().collect::<Vec<_>>().join(" ");
        self.out.push(Finding {
            rule,
            severity,
            pos,
            end,
            quote,
            message,
            acknowledged: None,
        });
    }

    fn letter(&mut self, rule: &'static str, quote: String, message: String) {
        self.push(rule, Severity::Warning, None, None, quote, message);
    }

    fn each(
        &mut self,
        rule: &'static str,
        severity: Severity,
        s: &Scanned,
        list: &List,
        message: &str,
    ) {
        for m in list.find(&s.toks) {
            self.at(rule, severity, s, m, message);
        }
    }
}

/// Runs every rule.
pub fn run(
    file: &IncidentFile,
    source: &str,
    report: &Report,
    figures: &Figures,
    words: &Words,
    limits: Thresholds,
) -> Vec<Finding> {
    let lists = Lists::new(words);
    let texts = text::collect(file);
    let scanned: Vec<Scanned> = texts
        .iter()
        .map(|t| Scanned {
            text: t,
            toks: tokens(&t.value),
            offsets: char_offsets(&t.value),
            placed: std::cell::OnceCell::new(),
        })
        .collect();
    let mut cx = Ctx {
        source: Source::new(source),
        out: Vec::new(),
    };
    let ours = report.incident.root_cause.within_our_control;
    let small = impact_is_small(report, figures);
    let allowed = allowed_addresses(report);
    for s in scanned.iter().filter(|s| s.text.customer_facing) {
        tone(&mut cx, s, &lists, ours);
        cx.each("speculation", Severity::Warning, s, &lists.speculation,
            "the letter states facts only; write what is established (or that the analysis is not finished and when it will be), not guesses");
        // "We cannot guarantee…" is honesty, not a promise.
        for m in lists.promises.find(&s.toks) {
            if !negated_before(&s.toks, m, &lists.negations) {
                cx.at("risky-promise", Severity::Error, s, m,
                    "legal will strike a promise nobody can keep; name the actions and their dates instead");
            }
        }
        cx.each("liability-admission", Severity::Error, s, &lists.admissions,
            "this admits legal liability beyond the facts (negligence, breach, all losses); own what happened in plain words and let legal settle the rest");
        cx.each(
            "cold-opener",
            Severity::Warning,
            s,
            &lists.cold_openers,
            "this opener reads as \"we told you so\"; say it again plainly instead",
        );
        if !small && !matches!(s.text.field, "action" | "gesture") {
            let message = format!(
                "this makes the impact small, but the file says otherwise ({}); state the figures instead",
                impact_figures(report, figures)
            );
            // "This was not a minor incident" says the opposite.
            for m in lists.minimisers.find(&s.toks) {
                if !negated_before(&s.toks, m, &lists.negations) {
                    cx.at("minimising", Severity::Warning, s, m, &message);
                }
            }
        }
        if let Some(range) = text::mojibake_at(&s.text.value) {
            cx.chars("mis-encoded", Severity::Warning, s, range,
                "this looks like UTF-8 read as Latin-1 or Windows-1250/1252 (e.g. \"Ã©\" for \"é\", \"Ĺ™\" for \"ř\"); paste the text again from its source");
        }
        for range in leaks::leaks(&s.text.value, &allowed) {
            cx.chars("internal-leak", Severity::Warning, s, range,
                "customer-facing text shows an internal detail (address, host, ticket, chat or dashboard link); describe it instead or mark the event `internal: true`");
        }
        if let Some(range) = text::raw_html(&s.text.value) {
            cx.chars("raw-html", Severity::Warning, s, range,
                "raw HTML is hidden in a Markdown viewer but shows elsewhere (and may carry internal notes); write plain text");
        }
    }
    apologies(&mut cx, report, &scanned, &lists);
    substance(&mut cx, report);
    communication(&mut cx, figures, limits);
    repeat(&mut cx, report, &scanned, &lists);
    cx.out
}

fn tone(cx: &mut Ctx, s: &Scanned, lists: &Lists, ours: bool) {
    if s.text.field == "apology" {
        // "Not yours but ours" and "the fix came, but we did not install it" own the fault.
        for m in lists.hedges.find(&s.toks) {
            let (from, _) = sentence_of(&s.toks, m.first_token, m.last_token);
            let contrast = lists.negations.any(&s.toks[from..m.first_token]);
            if !contrast && !owned(&s.toks, m, &lists.ownership) {
                cx.at("hedged-apology", Severity::Warning, s, m,
                    "an apology followed by \"but\" or an excuse reads as no apology; apologise plainly and put the facts in the root cause");
            }
        }
        let (mut from, n) = (0, s.toks.len());
        while from < n {
            let (_, to) = sentence_of(&s.toks, from, from);
            let stacked = lists.intensifiers.find(&s.toks[from..to]);
            if stacked.len() >= 2 {
                let m = Match {
                    start: s.toks[from + stacked[0].first_token].start,
                    end: s.toks[from + stacked[stacked.len() - 1].last_token - 1].end,
                    first_token: from + stacked[0].first_token,
                    last_token: from + stacked[stacked.len() - 1].last_token,
                };
                cx.at(
                    "grovelling",
                    Severity::Warning,
                    s,
                    m,
                    "stacked intensifiers read as hollow; one plain \"we are sorry\" is stronger",
                );
            }
            from = to + 1;
        }
    }
    cx.each("non-apology", Severity::Warning, s, &lists.non_apology,
        "this is sorry for the customer's feelings or for \"any inconvenience\", not for what we did; say what we are sorry for, without \"if\"");
    if ours {
        for m in lists.blame.find(&s.toks) {
            if !negated(&s.toks, m, lists) && !owned(&s.toks, m, &lists.ownership) {
                cx.at("blame-shifting", Severity::Error, s, m,
                    "the cause was within our control (`within_our_control: true`), so pointing at someone else is an excuse; say what we did and own it");
            }
        }
        cx.each(
            "passive-evasion",
            Severity::Warning,
            s,
            &lists.evasions,
            "a sentence with no actor hides who did it; write \"we deployed…\", \"our change…\"",
        );
    }
}

/// Whether a negation stands just before the match, in the same sentence.
fn negated_before(toks: &[Token], m: Match, negations: &List) -> bool {
    let (from, _) = sentence_of(toks, m.first_token, m.last_token);
    negations.any(&toks[m.first_token.saturating_sub(NEGATION_REACH).max(from)..m.first_token])
}

/// Whether a negation stands next to the match ("it was not your fault",
/// "Vaše chyba to nebyla"), in the same sentence, outside the match itself.
fn negated(toks: &[Token], m: Match, lists: &Lists) -> bool {
    let (_, to) = sentence_of(toks, m.first_token, m.last_token);
    let after = m.last_token..(m.last_token + NEGATION_AFTER_REACH).min(to);
    negated_before(toks, m, &lists.negations) || lists.negations_after.any(&toks[after])
}

/// Whether the sentence also says what we did about it ("the vendor published
/// a fix; we postponed installing it" owns the step).
fn owned(toks: &[Token], m: Match, ownership: &List) -> bool {
    let (from, _) = sentence_of(toks, m.first_token, m.last_token);
    // The ownership may follow a semicolon or colon: look to the full stop.
    let ceiling = (m.last_token + MAX_SENTENCE_TOKENS).min(toks.len());
    let to = toks[m.last_token..ceiling]
        .iter()
        .position(|t| matches!(t.text.as_str(), "." | "!" | "?"))
        .map_or(ceiling, |k| m.last_token + k);
    ownership.any(&toks[from..to])
}

/// More than one apology in the letter (the generated one counts when the
/// file gives none) reads as hollow: the last one is pointed at.
fn apologies(cx: &mut Ctx, report: &Report, scanned: &[Scanned], lists: &Lists) {
    let found: Vec<(&Scanned, Match)> = scanned
        .iter()
        .filter(|s| s.text.customer_facing && s.text.field != "title")
        .flat_map(|s| {
            lists
                .apologies
                .find(&s.toks)
                .into_iter()
                .map(move |m| (s, m))
        })
        .collect();
    let generated = usize::from(report.apology.is_none());
    if found.len() + generated > 1
        && let Some((s, m)) = found.last()
    {
        cx.at("grovelling", Severity::Warning, s, *m,
            "the letter apologises more than once; apologise once, sincerely, in the apology, and let the rest be facts and actions");
    }
}

fn substance(cx: &mut Ctx, report: &Report) {
    if report.lessons.is_empty() {
        cx.letter(
            "no-lessons",
            String::new(),
            "the letter lists no lessons; say what was learned before listing actions".into(),
        );
    }
    if !report.actions.iter().any(|a| a.kind == ActionKind::Prevent) {
        cx.letter("no-prevention", String::new(), "no action prevents a recurrence (`kind: prevent`); detection and process alone tell the customer it may happen again".into());
    }
    if report.follow_up.is_none() {
        cx.letter("no-follow-up", String::new(), "the letter does not say who checks back with the customer, and when (`follow_up: {date, by}`)".into());
    }
}

fn communication(cx: &mut Ctx, figures: &Figures, limits: Thresholds) {
    let tf = &figures.timeline;
    let (from, since) = match tf.time_to_detect_s {
        Some(d) => (d, "detection"),
        None => (0, "the start"),
    };
    let duration = (tf.resolved_at - tf.started_at)
        .num_seconds()
        .saturating_sub(from);
    let delay = tf.time_to_notify_s.map(|n| n.saturating_sub(from));
    if limits.notice_is_late(delay, duration) {
        let message = match delay {
            Some(d) => format!(
                "the first notice to the customer came {} after {since} (more than {} min); say why in the letter, and fix the process",
                duration_text(d),
                limits.notice_minutes
            ),
            None => format!(
                "the timeline records no notice to the customer (`customer_notified`) although the incident lasted {} after {since}",
                duration_text(duration)
            ),
        };
        cx.letter("late-notice", String::new(), message);
    }
    if let Some(s) = &tf.longest_silence
        && limits.silence_is_long(s.seconds)
    {
        cx.letter("long-silence", String::new(), format!("the customer heard nothing for {} while the incident lasted (more than {} min); long silences are a failure of their own", duration_text(s.seconds), limits.silence_minutes));
    }
}

/// A repeat is explained by words about the earlier incident (or its id) in
/// the root cause or the lessons.
fn repeat(cx: &mut Ctx, report: &Report, scanned: &[Scanned], lists: &Lists) {
    if report.incident.repeat_of.is_empty() {
        return;
    }
    let explained = scanned
        .iter()
        .filter(|s| s.text.field.starts_with("root_cause") || s.text.field == "lesson")
        .any(|s| {
            lists.repeat_explained.any(&s.toks)
                || report
                    .incident
                    .repeat_of
                    .iter()
                    .any(|id| s.text.value.contains(id.as_str()))
        });
    if !explained {
        cx.letter("repeat-unexplained", report.incident.repeat_of.join(", "),
            "this is a repeat (`repeat_of`), but the root cause and lessons do not say why the earlier fix did not prevent it".into());
    }
}

/// Seconds as people read them: "19 h 37 min", "45 min", "30 s".
#[must_use]
pub fn duration_text(seconds: i64) -> String {
    let minutes = seconds / 60;
    match (minutes / 60, minutes % 60) {
        (0, 0) => format!("{seconds} s"),
        (0, m) => format!("{m} min"),
        (h, 0) => format!("{h} h"),
        (h, m) => format!("{h} h {m} min"),
    }
}

fn outage_seconds(figures: &Figures) -> i64 {
    let d = &figures.downtime;
    let windows = d.outage_s.saturating_add(d.degraded_s);
    if windows > 0 {
        windows
    } else {
        (figures.timeline.resolved_at - figures.timeline.started_at).num_seconds()
    }
}

fn impact_is_small(report: &Report, figures: &Figures) -> bool {
    let i = &report.incident.impact;
    outage_seconds(figures) <= SHORT_OUTAGE_S
        && i.affected_users.is_none_or(|n| n <= SMALL_USERS)
        && i.failed_requests.is_none_or(|n| n <= SMALL_REQUESTS)
}

fn impact_figures(report: &Report, figures: &Figures) -> String {
    let i = &report.incident.impact;
    let mut parts = vec![duration_text(outage_seconds(figures))];
    if let Some(n) = i.affected_users {
        parts.push(format!("{n} users affected"));
    }
    if let Some(n) = i.failed_requests {
        parts.push(format!("{n} failed requests"));
    }
    parts.join(", ")
}

fn allowed_addresses(report: &Report) -> Vec<String> {
    let mut allowed: Vec<String> = report.provider.support_contact.iter().cloned().collect();
    if let Some(p) = &report.meta.prepared_by {
        allowed.extend(p.email.iter().cloned());
    }
    allowed.iter().map(|a| a.to_ascii_lowercase()).collect()
}

#[cfg(test)]
mod tests {
    use super::duration_text;

    #[test]
    fn durations_read_as_hours_and_minutes() {
        assert_eq!(duration_text(19 * 3600 + 37 * 60 + 5), "19 h 37 min");
        assert_eq!(duration_text(45 * 60), "45 min");
        assert_eq!(duration_text(2 * 3600), "2 h");
        assert_eq!(duration_text(30), "30 s");
    }
}
