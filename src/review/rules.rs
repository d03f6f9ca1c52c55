//! The rules themselves: each looks at the texts (with their word lists) or
//! at the report's facts and figures, and says what it found and where.

use crate::check::{ActionKind, Report};
use crate::diag::{Pos, Severity};
use crate::figures::Figures;
use crate::read::IncidentFile;

use super::matcher::{MAX_SENTENCE_TOKENS, Match, Token, char_offsets, sentence_of, tokens};
use super::messages::{Messages, Say};
use super::place::{Placed, Source};
use super::text::{self, Text};
use super::words::{List, Lists, Words};
use super::{Finding, SHORT_OUTAGE_S, Thresholds, leaks};
use crate::render::wording::fill;

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
    messages: &'a Messages,
    out: Vec<Finding>,
}

/// An incident file's texts, tokenised once: a batch scans each edition
/// once for all its letters (every letter in a language has its texts).
#[derive(Debug)]
pub struct Scan<'f> {
    file: &'f IncidentFile,
    texts: Vec<Text>,
    toks: Vec<Vec<Token>>,
    offsets: Vec<Vec<usize>>,
}

impl<'f> Scan<'f> {
    /// Collects and tokenises the texts of `file`.
    #[must_use]
    pub fn of(file: &'f IncidentFile) -> Scan<'f> {
        let texts = text::collect(file);
        let toks = texts.iter().map(|t| tokens(&t.value)).collect();
        let offsets = texts.iter().map(|t| char_offsets(&t.value)).collect();
        Scan {
            file,
            texts,
            toks,
            offsets,
        }
    }

    /// Whether this is the scan of `file` (that file, not an equal one).
    #[must_use]
    pub fn is_of(&self, file: &IncidentFile) -> bool {
        std::ptr::eq(self.file, file)
    }
}

/// One text with its tokens, placed in the source when first needed.
struct Scanned<'a> {
    text: &'a Text,
    toks: &'a [Token],
    offsets: &'a [usize],
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
            .get_or_init(|| s.text.pos.map(|at| self.source.place(at, s.toks)));
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
        self.out
            .push(finding(rule, severity, pos, end, &quote, message));
    }

    fn each(
        &mut self,
        rule: &'static str,
        severity: Severity,
        s: &Scanned,
        list: &List,
        message: &str,
    ) {
        for m in list.find(s.toks) {
            self.at(rule, severity, s, m, message);
        }
    }
}

/// What the rules that read the texts take from a report besides the texts
/// and the word lists: facts every letter of an edition shares (a batch
/// changes only the customer, the contract and the impact's windows).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Facts {
    /// `root_cause.within_our_control`: blame-shifting and passive-evasion apply.
    ours: bool,
    /// Addresses a text may give (internal-leak), lower-case.
    allowed: Vec<String>,
    /// Whether the file gives an apology (else the letter's own counts as one).
    apology_given: bool,
    /// `repeat_of`: ids a root cause or lesson may name (repeat-unexplained).
    repeat_of: Vec<String>,
}

impl Facts {
    /// The facts of `report`.
    #[must_use]
    pub fn of(report: &Report) -> Facts {
        Facts {
            ours: report.incident.root_cause.within_our_control,
            allowed: allowed_addresses(report),
            apology_given: report.apology.is_some(),
            repeat_of: report.incident.repeat_of.clone(),
        }
    }
}

/// Runs every rule: those on the texts (from `texts_found`, when given:
/// what [`texts`] found for this file, its words and [`Facts`], else found
/// here), then those on the letter's own figures.
#[allow(clippy::too_many_arguments)]
pub fn run(
    texts_found: Option<Vec<Finding>>,
    file: &IncidentFile,
    source: &str,
    report: &Report,
    figures: &Figures,
    words: &Words,
    say: &Say,
    limits: Thresholds,
) -> Vec<Finding> {
    let mut out =
        texts_found.unwrap_or_else(|| texts(&Scan::of(file), source, words, &Facts::of(report)));
    // The minimising findings stand where the words are; whether they are
    // findings, and what they say, depends on this letter's figures.
    if impact_is_small(report, figures) {
        out.retain(|f| f.rule != MINIMISING);
    } else if out.iter().any(|f| f.rule == MINIMISING) {
        let message = fill(
            &say.messages.minimising,
            &[("figures", &impact_figures(report, figures, say))],
        );
        for f in out.iter_mut().filter(|f| f.rule == MINIMISING) {
            f.message.clone_from(&message);
        }
    }
    substance(&mut out, report, say.messages);
    communication(&mut out, say, figures, limits);
    out
}

/// The rule id of the findings whose message [`run`] fills per letter.
const MINIMISING: &str = "minimising";

/// Every finding about the texts of `scan`'s file: what its words say, with
/// `words` and `facts`, and nothing else of a report. The minimising
/// findings carry no message yet (it names a letter's figures), and stand
/// whether or not the impact is small. Findings are in the order the rules
/// ran; rules about a letter's figures come after them.
#[must_use]
pub fn texts(scan: &Scan<'_>, source: &str, words: &Words, facts: &Facts) -> Vec<Finding> {
    let m = &words.messages;
    let lists = words.lists();
    let scanned: Vec<Scanned> = (scan.texts.iter().zip(&scan.toks))
        .zip(&scan.offsets)
        .map(|((text, toks), offsets)| Scanned {
            text,
            toks,
            offsets,
            placed: std::cell::OnceCell::new(),
        })
        .collect();
    let mut cx = Ctx {
        source: Source::new(source),
        messages: m,
        out: Vec::new(),
    };
    for s in scanned.iter().filter(|s| s.text.customer_facing) {
        tone(&mut cx, s, lists, facts.ours);
        cx.each(
            "speculation",
            Severity::Warning,
            s,
            &lists.speculation,
            &m.speculation,
        );
        // "We cannot guarantee…" is honesty, not a promise.
        for found in lists.promises.find(s.toks) {
            if !negated_before(s.toks, found, &lists.negations) {
                cx.at("risky-promise", Severity::Error, s, found, &m.risky_promise);
            }
        }
        cx.each(
            "liability-admission",
            Severity::Error,
            s,
            &lists.admissions,
            &m.liability_admission,
        );
        cx.each(
            "cold-opener",
            Severity::Warning,
            s,
            &lists.cold_openers,
            &m.cold_opener,
        );
        if !matches!(s.text.field, "action" | "gesture") {
            // "This was not a minor incident" says the opposite.
            for found in lists.minimisers.find(s.toks) {
                if !negated_before(s.toks, found, &lists.negations) {
                    cx.at(MINIMISING, Severity::Warning, s, found, "");
                }
            }
        }
        if let Some(range) = text::mojibake_at(&s.text.value) {
            cx.chars("mis-encoded", Severity::Warning, s, range, &m.mis_encoded);
        }
        for range in leaks::leaks(&s.text.value, &facts.allowed) {
            cx.chars(
                "internal-leak",
                Severity::Warning,
                s,
                range,
                &m.internal_leak,
            );
        }
        if let Some(range) = text::raw_html(&s.text.value) {
            cx.chars("raw-html", Severity::Warning, s, range, &m.raw_html);
        }
    }
    apologies(&mut cx, facts, &scanned, lists);
    repeat(&mut cx, facts, &scanned, lists);
    cx.out
}

/// A finding, its quote's white space folded to single spaces.
fn finding(
    rule: &'static str,
    severity: Severity,
    pos: Option<Pos>,
    end: Option<Pos>,
    quote: &str,
    message: String,
) -> Finding {
    Finding {
        rule,
        severity,
        pos,
        end,
        quote: quote.split_whitespace().collect::<Vec<_>>().join(" "),
        message,
        acknowledged: None,
    }
}

/// A warning about the letter as a whole.
fn letter(rule: &'static str, quote: &str, message: String) -> Finding {
    finding(rule, Severity::Warning, None, None, quote, message)
}

fn tone(cx: &mut Ctx, s: &Scanned, lists: &Lists, ours: bool) {
    let said = cx.messages;
    if s.text.field == "apology" {
        // "Not yours but ours" and "the fix came, but we did not install it" own the fault.
        for m in lists.hedges.find(s.toks) {
            let (from, _) = sentence_of(s.toks, m.first_token, m.last_token);
            let contrast = lists.negations.any(&s.toks[from..m.first_token]);
            if !contrast && !owned(s.toks, m, &lists.ownership) {
                cx.at(
                    "hedged-apology",
                    Severity::Warning,
                    s,
                    m,
                    &said.hedged_apology,
                );
            }
        }
        let (mut from, n) = (0, s.toks.len());
        while from < n {
            let (_, to) = sentence_of(s.toks, from, from);
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
                    &said.grovelling_stacked,
                );
            }
            from = to + 1;
        }
    }
    cx.each(
        "non-apology",
        Severity::Warning,
        s,
        &lists.non_apology,
        &said.non_apology,
    );
    if ours {
        for m in lists.blame.find(s.toks) {
            if !negated(s.toks, m, lists) && !owned(s.toks, m, &lists.ownership) {
                cx.at(
                    "blame-shifting",
                    Severity::Error,
                    s,
                    m,
                    &said.blame_shifting,
                );
            }
        }
        cx.each(
            "passive-evasion",
            Severity::Warning,
            s,
            &lists.evasions,
            &said.passive_evasion,
        );
    }
}

/// Whether a negation stands just before the match, in the same sentence:
/// it ends at most [`NEGATION_REACH`] words before it. A negation of several
/// words may start further back ("không phải lỗi của nhà cung cấp", where
/// every syllable is a word).
fn negated_before(toks: &[Token], m: Match, negations: &List) -> bool {
    let (from, _) = sentence_of(toks, m.first_token, m.last_token);
    let reach = m.first_token.saturating_sub(NEGATION_REACH).max(from);
    negations
        .find(&toks[from..m.first_token])
        .iter()
        .any(|n| from + n.last_token > reach)
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
fn apologies(cx: &mut Ctx, facts: &Facts, scanned: &[Scanned], lists: &Lists) {
    let found: Vec<(&Scanned, Match)> = scanned
        .iter()
        .filter(|s| s.text.customer_facing && s.text.field != "title")
        .flat_map(|s| {
            lists
                .apologies
                .find(s.toks)
                .into_iter()
                .map(move |m| (s, m))
        })
        .collect();
    let generated = usize::from(!facts.apology_given);
    if found.len() + generated > 1
        && let Some((s, m)) = found.last()
    {
        let message = &cx.messages.grovelling_repeated;
        cx.at("grovelling", Severity::Warning, s, *m, message);
    }
}

fn substance(out: &mut Vec<Finding>, report: &Report, m: &Messages) {
    if report.lessons.is_empty() {
        out.push(letter("no-lessons", "", m.no_lessons.clone()));
    }
    if !report.actions.iter().any(|a| a.kind == ActionKind::Prevent) {
        out.push(letter("no-prevention", "", m.no_prevention.clone()));
    }
    if report.follow_up.is_none() {
        out.push(letter("no-follow-up", "", m.no_follow_up.clone()));
    }
}

fn communication(out: &mut Vec<Finding>, say: &Say, figures: &Figures, limits: Thresholds) {
    let m = say.messages;
    let tf = &figures.timeline;
    let (from, after_detection) = match tf.time_to_detect_s {
        Some(d) => (d, true),
        None => (0, false),
    };
    let duration = (tf.resolved_at - tf.started_at)
        .num_seconds()
        .saturating_sub(from);
    let delay = tf.time_to_notify_s.map(|n| n.saturating_sub(from));
    if limits.notice_is_late(delay, duration) {
        let limit = say.duration(limits.notice_minutes.saturating_mul(60));
        let message = match (delay, after_detection) {
            (Some(d), true) => fill(
                &m.late_notice_after_detection,
                &[("duration", &say.duration(d)), ("limit", &limit)],
            ),
            (Some(d), false) => fill(
                &m.late_notice_after_start,
                &[("duration", &say.duration(d)), ("limit", &limit)],
            ),
            (None, true) => fill(
                &m.no_notice_after_detection,
                &[("duration", &say.duration(duration))],
            ),
            (None, false) => fill(
                &m.no_notice_after_start,
                &[("duration", &say.duration(duration))],
            ),
        };
        out.push(letter("late-notice", "", message));
    }
    if let Some(s) = &tf.longest_silence
        && limits.silence_is_long(s.seconds)
    {
        let limit = say.duration(limits.silence_minutes.saturating_mul(60));
        let message = fill(
            &m.long_silence,
            &[("duration", &say.duration(s.seconds)), ("limit", &limit)],
        );
        out.push(letter("long-silence", "", message));
    }
}

/// A repeat is explained by words about the earlier incident (or its id) in
/// the root cause or the lessons.
fn repeat(cx: &mut Ctx, facts: &Facts, scanned: &[Scanned], lists: &Lists) {
    if facts.repeat_of.is_empty() {
        return;
    }
    let explained = scanned
        .iter()
        .filter(|s| s.text.field.starts_with("root_cause") || s.text.field == "lesson")
        .any(|s| {
            lists.repeat_explained.any(s.toks)
                || facts
                    .repeat_of
                    .iter()
                    .any(|id| s.text.value.contains(id.as_str()))
        });
    if !explained {
        let message = cx.messages.repeat_unexplained.clone();
        cx.out.push(letter(
            "repeat-unexplained",
            &facts.repeat_of.join(", "),
            message,
        ));
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

fn impact_figures(report: &Report, figures: &Figures, say: &Say) -> String {
    let i = &report.incident.impact;
    let count = |n: u64| say.number(i64::try_from(n).unwrap_or(i64::MAX));
    let mut parts = vec![say.duration(outage_seconds(figures))];
    if let Some(n) = i.affected_users {
        parts.push(fill(&say.messages.figure_users, &[("count", &count(n))]));
    }
    if let Some(n) = i.failed_requests {
        parts.push(fill(&say.messages.figure_requests, &[("count", &count(n))]));
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
