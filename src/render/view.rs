//! The view: everything the templates show, as display-ready text.
//!
//! Templates render from this, never from the domain types, so a user's
//! template needs no logic for dates, money or language.

use rust_decimal::Decimal;
use serde::Serialize;

mod compensation;
mod words;

use compensation::compensation;
use words::{apology, communication, salutation};

use super::cldr::Cldr;
use super::format::{Format, cell};
use super::wording::{Wording, fill};
use crate::check::{ActionKind, ActionStatus, EventKind, Report, Status, WindowKind};
use crate::figures::Figures;

/// What the report templates receive.
#[derive(Debug, Serialize)]
pub struct View<'a> {
    /// The language's fixed words (headings, column titles). Not serialised
    /// with the rest: the templates' `t` is [`Wording::to_value`], made
    /// once per language.
    #[serde(skip)]
    pub t: &'a Wording,
    /// Language tag.
    pub lang: String,
    /// Report id.
    pub id: String,
    /// Review status: draft, review or final.
    pub status: &'static str,
    /// The report's title line.
    pub title: String,
    /// Provider, customer, id, date, status.
    pub byline: String,
    /// Shown on every report that is not final.
    pub draft_notice: Option<String>,
    /// `Dear …,` when the file names a contact.
    pub salutation: Option<String>,
    /// The incident summary.
    pub summary: String,
    /// The apology, as paragraphs (the last one is the empathy).
    pub apology: Vec<String>,
    /// What the customer must do now (Markdown), shown near the top.
    pub customer_actions: Vec<String>,
    /// The impact section.
    pub impact: ImpactView,
    /// The timeline section.
    pub timeline: TimelineView,
    /// The root-cause section.
    pub root_cause: RootCauseView,
    /// The repeat-incident paragraph, when `repeat_of` is set.
    pub repeat: Option<String>,
    /// Lessons (Markdown).
    pub lessons: Vec<String>,
    /// Action table rows.
    pub actions: Vec<ActionRow>,
    /// The follow-up sentence.
    pub follow_up: Option<String>,
    /// The compensation section.
    pub compensation: CompensationView,
    /// The sign-off.
    pub closing: ClosingView,
    /// Metadata for the PDF, written into the Markdown's leading comment.
    pub pdf: PdfView,
    /// The internal version's notice and appendix; `None` in the customer's letter.
    pub internal: Option<InternalView>,
}

/// What only the internal version shows.
#[derive(Debug, Serialize)]
pub struct InternalView {
    /// "Internal version: do not send".
    pub notice: String,
    /// The recovery outlook line.
    pub outlook: String,
    /// Its reasons, each with its weight.
    pub reasons: Vec<String>,
    /// Goodwill given against what the outlook calls for.
    pub goodwill: String,
    /// What to add, when the goodwill is short.
    pub suggestion: Option<String>,
    /// The review's findings, one line each.
    pub findings: Vec<String>,
}

/// The internal version's extra material: the outlook and the findings.
#[derive(Debug, Clone)]
pub struct Internal {
    /// The recovery outlook.
    pub assessment: crate::review::outlook::Assessment,
    /// The review's findings.
    pub findings: Vec<crate::review::Finding>,
}

/// What the PDF needs beyond the Markdown: one line each, no `-->`.
#[derive(Debug, Clone, Serialize)]
pub struct PdfView {
    /// Document title.
    pub title: String,
    /// Author: the provider.
    pub author: String,
    /// Subject: report id and customer.
    pub subject: String,
    /// Language tag.
    pub language: String,
    /// The report's date, YYYY-MM-DD.
    pub date: String,
    /// Page header, left: the provider.
    pub header_left: String,
    /// Page header, right: the report id.
    pub header_right: String,
    /// Page footer with `{page}` and `{pages}`.
    pub footer: String,
    /// Diagonal watermark on reports that are not final; empty when final.
    pub watermark: String,
}

/// One line of comment-safe text.
fn comment_line(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace("-->", "- ->")
}

/// The impact section.
#[derive(Debug, Serialize)]
pub struct ImpactView {
    /// What the customer experienced.
    pub description: String,
    /// Knock-on effects on the customer's business.
    pub business_impact: Option<String>,
    /// Short factual sentences: services, counts, data loss.
    pub facts: Vec<String>,
    /// The windows table, when windows were written in the file.
    pub windows: Vec<WindowRow>,
    /// The total outage (and degraded) time.
    pub total: String,
}

/// One window.
#[derive(Debug, Serialize)]
pub struct WindowRow {
    /// Outage or degraded.
    pub kind: String,
    /// Start, local time.
    pub from: String,
    /// End, local time.
    pub to: String,
    /// Length.
    pub duration: String,
}

/// The timeline section.
#[derive(Debug, Serialize)]
pub struct TimelineView {
    /// Which zone and offsets the times are in.
    pub zone_line: String,
    /// The customer-facing events.
    pub rows: Vec<EventRow>,
    /// The response measures.
    pub measures: Vec<Measure>,
    /// How many messages the customer received.
    pub messages: Option<String>,
}

/// One timeline row.
#[derive(Debug, Serialize)]
pub struct EventRow {
    /// Local time (with date when the day changes).
    pub time: String,
    /// Kind of event.
    pub event: String,
    /// What happened (table-safe Markdown).
    pub text: String,
}

/// One response measure.
#[derive(Debug, Serialize)]
pub struct Measure {
    /// Its name.
    pub label: String,
    /// Its duration, or "not recorded".
    pub value: String,
}

/// The root cause section.
#[derive(Debug, Serialize)]
pub struct RootCauseView {
    /// What broke and why.
    pub summary: String,
    /// Whether it was within our control, said plainly.
    pub control: String,
    /// Details (Markdown).
    pub details: Option<String>,
    /// Contributing factors.
    pub factors: Vec<String>,
}

/// One action row.
#[derive(Debug, Serialize)]
pub struct ActionRow {
    /// What will be done.
    pub action: String,
    /// Kind.
    pub kind: String,
    /// Owner.
    pub owner: String,
    /// Due date.
    pub due: String,
    /// Status.
    pub status: String,
}

/// The compensation section.
#[derive(Debug, Serialize)]
pub struct CompensationView {
    /// The working of the contractual credit (or that none is due).
    pub contract: Vec<String>,
    /// Introduces the goodwill list.
    pub goodwill_intro: Option<String>,
    /// Each goodwill item.
    pub goodwill: Vec<String>,
    /// How the amounts are paid, and rounding.
    pub closing: Vec<String>,
    /// The amounts table, when there is money to show.
    pub rows: Vec<AmountRow>,
    /// The total row.
    pub total: Option<AmountRow>,
}

/// One row of the amounts table.
#[derive(Debug, Serialize)]
pub struct AmountRow {
    /// What the amount is.
    pub label: String,
    /// The amount, formatted.
    pub amount: String,
}

/// The sign-off.
#[derive(Debug, Serialize)]
pub struct ClosingView {
    /// `Yours sincerely,`.
    pub sign_off: String,
    /// Who signs: `report.prepared_by` with role, else `provider.signature`.
    pub signatory: Option<String>,
    /// The provider's name.
    pub provider: String,
    /// Where to write with questions.
    pub support: Option<String>,
}

/// Builds the view of a report in the given wording.
#[must_use]
pub fn build<'a>(
    report: &Report,
    figures: &Figures,
    t: &'a Wording,
    cldr: &Cldr,
    internal: Option<&Internal>,
    limits: &crate::review::Thresholds,
) -> View<'a> {
    let f = Format {
        words: t,
        cldr,
        zone: &report.meta.timezone,
    };
    let meta = &report.meta;
    let Stated {
        status,
        byline,
        draft_notice,
        watermark,
    } = stated(report, meta.status, &f, internal.is_some());
    let pdf = PdfView {
        title: comment_line(&fill(&t.title, &[("title", &meta.title)])),
        author: comment_line(&report.provider.name),
        subject: comment_line(&format!("{} · {}", meta.id, report.customer.name)),
        language: meta.language.clone(),
        date: meta.date.to_string(),
        header_left: comment_line(&report.provider.name),
        header_right: comment_line(&fill(&t.page_header, &[("id", &meta.id)])),
        footer: comment_line(&t.page_footer),
        watermark,
    };
    let internal_view = internal.map(|i| internal_view(i, report, &f));
    View {
        internal: internal_view,
        pdf,
        t,
        lang: meta.language.clone(),
        id: meta.id.clone(),
        status,
        title: fill(&t.title, &[("title", &meta.title)]),
        byline,
        draft_notice,
        salutation: Some(salutation(report, t)),
        summary: report.incident.summary.clone(),
        apology: apology(report, figures, &f),
        customer_actions: report.customer_actions.clone(),
        impact: impact(report, figures, &f),
        timeline: timeline(report, figures, &f, internal.is_some(), limits),
        root_cause: RootCauseView {
            summary: report.incident.root_cause.summary.clone(),
            // The generated apology already says whose failure it was.
            control: match (
                &report.apology,
                report.incident.root_cause.within_our_control,
            ) {
                (None, _) => String::new(),
                (Some(_), true) => t.within_control.clone(),
                (Some(_), false) => t.outside_control.clone(),
            },
            details: report.incident.root_cause.details.clone(),
            factors: report.incident.root_cause.contributing_factors.clone(),
        },
        repeat: (!report.incident.repeat_of.is_empty()).then(|| {
            fill(
                &t.repeat_text,
                &[("incidents", &f.list(&report.incident.repeat_of))],
            )
        }),
        lessons: report.lessons.clone(),
        actions: report
            .actions
            .iter()
            .map(|a| ActionRow {
                action: cell(&a.action),
                kind: match a.kind {
                    ActionKind::Prevent => &t.kind_prevent,
                    ActionKind::Detect => &t.kind_detect,
                    ActionKind::Mitigate => &t.kind_mitigate,
                    ActionKind::Process => &t.kind_process,
                }
                .clone(),
                owner: cell(&a.owner),
                due: f.date_short(a.due),
                status: match a.status {
                    ActionStatus::Planned => &t.status_planned,
                    ActionStatus::InProgress => &t.status_in_progress,
                    ActionStatus::Done => &t.status_done,
                }
                .clone(),
            })
            .collect(),
        follow_up: report.follow_up.as_ref().map(|fu| {
            fill(
                &t.follow_up_text,
                &[("by", &fu.by), ("date", &f.date_long(fu.date))],
            )
        }),
        compensation: compensation(report, figures, &f),
        closing: ClosingView {
            sign_off: t.sign_off.clone(),
            signatory: meta
                .prepared_by
                .as_ref()
                .map(|p| match &p.role {
                    Some(role) => format!("{}, {role}", p.name),
                    None => p.name.clone(),
                })
                .or_else(|| report.provider.signature.clone()),
            provider: report.provider.name.clone(),
            support: report
                .provider
                .support_contact
                .as_ref()
                .map(|c| fill(&t.support, &[("contact", c)])),
        },
    }
}

/// Every part of a view that the report's status decides: the rest of the
/// view reads the same whatever the status (a letter's final form differs
/// from it only here).
#[derive(Debug, Clone)]
pub struct Stated {
    /// `View::status`.
    pub status: &'static str,
    /// `View::byline`.
    pub byline: String,
    /// `View::draft_notice`.
    pub draft_notice: Option<String>,
    /// `PdfView::watermark`.
    pub watermark: String,
}

/// The parts of the customer's letter of `report` that read differently
/// once it is final, as they read then.
#[must_use]
pub fn stated_final(report: &Report, t: &Wording, cldr: &Cldr) -> Stated {
    let f = Format {
        words: t,
        cldr,
        zone: &report.meta.timezone,
    };
    stated(report, Status::Final, &f, false)
}

/// The parts of the view that `status` decides.
fn stated(report: &Report, status: Status, f: &Format, internal: bool) -> Stated {
    let (t, meta) = (f.words, &report.meta);
    let status_word = match status {
        Status::Draft => &t.status_draft,
        Status::Review => &t.status_review,
        Status::Final => &t.status_final,
    };
    let status_text = match meta.revision {
        Some(rev) if status != Status::Final => fill(
            &t.revision,
            &[("status", status_word), ("revision", &rev.to_string())],
        ),
        _ => status_word.clone(),
    };
    let byline = fill(
        &t.byline,
        &[
            ("provider", &report.provider.name),
            ("customer", &report.customer.name),
            ("id", &meta.id),
            ("date", &f.date_long(meta.date)),
            ("status", &status_text),
        ],
    );
    Stated {
        status: match status {
            Status::Draft => "draft",
            Status::Review => "review",
            Status::Final => "final",
        },
        byline,
        draft_notice: (status != Status::Final)
            .then(|| fill(&t.draft_notice, &[("status", &status_text)])),
        watermark: if internal {
            comment_line(&t.internal_watermark)
        } else if status == Status::Final {
            String::new()
        } else {
            comment_line(&status_text.to_uppercase())
        },
    }
}

fn impact(report: &Report, figures: &Figures, f: &Format) -> ImpactView {
    let t = f.words;
    let im = &report.incident.impact;
    let names: Vec<String> = report
        .incident
        .services
        .iter()
        .map(|n| f.quoted(n))
        .collect();
    let mut facts = vec![fill(
        t.services_affected
            .pick(f.cldr.plural(Decimal::from(names.len()))),
        &[("services", &f.list(&names))],
    )];
    if let Some(n) = im.affected_users {
        facts.push(f.plural(&t.affected_users, Decimal::from(n)));
    }
    if let Some(n) = im.failed_requests {
        facts.push(f.plural(&t.failed_requests, Decimal::from(n)));
    }
    match im.data_loss {
        Some(false) => facts.push(t.data_loss_none.clone()),
        Some(true) => facts.push(t.data_loss_some.clone()),
        None => {}
    }
    let local = |at| {
        let l = f.local(at);
        format!("{} {}", f.date_short(l.date_naive()), l.format("%H:%M"))
    };
    let windows = if im.windows_given {
        im.windows
            .iter()
            .map(|w| WindowRow {
                kind: match w.kind {
                    WindowKind::Outage => t.window_outage.clone(),
                    WindowKind::Degraded => t.window_degraded.clone(),
                    WindowKind::Maintenance => t.window_maintenance.clone(),
                },
                from: local(w.from),
                to: local(w.to),
                duration: f.duration(w.to.timestamp() - w.from.timestamp()),
            })
            .collect()
    } else {
        Vec::new()
    };
    let d = &figures.downtime;
    let total = if d.outage_s == 0 && d.degraded_s == 0 {
        t.windows_total_none.clone()
    } else if d.outage_s == 0 {
        fill(
            &t.windows_total_no_outage,
            &[("degraded", &f.duration_words(d.degraded_s))],
        )
    } else if d.degraded_s > 0 {
        fill(
            &t.windows_total_degraded,
            &[
                ("outage", &f.duration_words(d.outage_s)),
                ("degraded", &f.duration_words(d.degraded_s)),
            ],
        )
    } else {
        fill(
            &t.windows_total,
            &[("outage", &f.duration_words(d.outage_s))],
        )
    };
    ImpactView {
        description: im.description.clone(),
        business_impact: im.business_impact.clone(),
        facts,
        windows,
        total,
    }
}

fn internal_view(i: &Internal, report: &Report, f: &Format) -> InternalView {
    use crate::review::outlook::Outlook;
    let t = f.words;
    let a = &i.assessment;
    let given: Decimal = a.goodwill_days.parse().unwrap_or_default();
    let label = match a.outlook {
        Outlook::Good => &t.outlook_good,
        Outlook::AtRisk => &t.outlook_at_risk,
        Outlook::Poor => &t.outlook_poor,
    };
    InternalView {
        notice: t.internal_notice.clone(),
        outlook: fill(
            &t.outlook_line,
            &[("outlook", label), ("score", &a.score.to_string())],
        ),
        reasons: a
            .reasons
            .iter()
            .zip(&a.reason_ids)
            .map(|((w, english), id)| {
                let why = t.outlook_reasons.get(*id).unwrap_or(english);
                // Only `repeat_many` has a figure: how many times it happened.
                let count = (report.incident.repeat_of.len() + 1).to_string();
                format!("{w:+} {}", fill(why, &[("count", &count)]))
            })
            .collect(),
        goodwill: fill(
            &t.goodwill_line,
            &[
                ("given", &f.days(given)),
                ("suggested", &f.days(Decimal::from(a.suggested_days))),
            ],
        ),
        suggestion: a.suggestion.as_ref().map(|_| {
            let suggestion = match a.raise_days {
                Some(extra) => {
                    let percent = (extra * Decimal::ONE_HUNDRED / Decimal::from(30))
                        .round_dp_with_strategy(2, rust_decimal::RoundingStrategy::AwayFromZero);
                    // The outlook adds a gesture on a poor outlook without one.
                    let pattern = if a.gesture_missing {
                        &t.suggestion_gesture
                    } else {
                        &t.suggestion_raise
                    };
                    fill(
                        pattern,
                        &[("days", &f.days(extra)), ("percent", &f.number(percent))],
                    )
                }
                None => t.suggestion_gesture_only.clone(),
            };
            fill(&t.suggestion_line, &[("suggestion", &suggestion)])
        }),
        findings: i
            .findings
            .iter()
            .map(|finding| {
                let at = finding
                    .pos
                    .map(|p| {
                        format!(
                            " ({})",
                            fill(&t.finding_at, &[("line", &p.line.to_string())])
                        )
                    })
                    .unwrap_or_default();
                let quote = if finding.quote.is_empty() {
                    String::new()
                } else {
                    format!(" {}:", f.quoted(&finding.quote))
                };
                let acknowledged = finding
                    .acknowledged
                    .as_ref()
                    .map(|a| format!(" ({})", a.note))
                    .unwrap_or_default();
                format!(
                    "`{}`{at}:{quote} {}{acknowledged}",
                    finding.rule, finding.message
                )
            })
            .collect(),
    }
}

fn timeline(
    report: &Report,
    figures: &Figures,
    f: &Format,
    with_internal: bool,
    limits: &crate::review::Thresholds,
) -> TimelineView {
    let t = f.words;
    let shown: Vec<_> = report
        .timeline
        .iter()
        .filter(|e| with_internal || !e.internal)
        .collect();
    let offsets = {
        let mut seen: Vec<String> = Vec::new();
        for e in &shown {
            let o = f.offset(e.at);
            if !seen.contains(&o) {
                seen.push(o);
            }
        }
        seen
    };
    let several_offsets = offsets.len() > 1;
    let days: Vec<_> = shown.iter().map(|e| f.local(e.at).date_naive()).collect();
    let one_day = days.windows(2).all(|w| w[0] == w[1]);
    let with_seconds = shown.iter().any(|e| e.at.timestamp() % 60 != 0);
    let mut previous_day = None;
    let rows = shown
        .iter()
        .map(|e| {
            let local = f.local(e.at);
            let mut time = local
                .format(if with_seconds { "%H:%M:%S" } else { "%H:%M" })
                .to_string();
            let day = local.date_naive();
            if !one_day && previous_day != Some(day) {
                time = format!("{} {time}", f.date_short(day));
            }
            previous_day = Some(day);
            if several_offsets {
                time = format!("{time} ({})", f.offset(e.at));
            }
            EventRow {
                time,
                event: if e.internal {
                    fill(&t.internal_event, &[("event", event_name(t, e.kind))])
                } else {
                    event_name(t, e.kind).to_owned()
                },
                text: cell(&e.text),
            }
        })
        .collect();
    let zone = match report.meta.timezone.name() {
        "UTC" | "Etc/UTC" => "UTC".to_owned(),
        _ => {
            let name = shown.first().map_or_else(
                || report.meta.timezone.name().to_owned(),
                // Across a clock change neither the summer nor the winter name is true.
                |e| {
                    if several_offsets {
                        f.zone_name_generic(e.at)
                    } else {
                        f.zone_name(e.at)
                    }
                },
            );
            format!("{name} ({})", offsets.join(", "))
        }
    };
    let zone_line = match (one_day, days.first()) {
        (true, Some(day)) => fill(
            &t.zone_offsets_day,
            &[("date", &f.date_long(*day)), ("zone", &zone)],
        ),
        _ => fill(&t.zone_offsets, &[("zone", &zone)]),
    };
    let tf = &figures.timeline;
    let shown_duration =
        |s: Option<i64>| s.map_or_else(|| t.not_recorded.clone(), |s| f.duration(s));
    let silence = match (&tf.longest_silence, tf.notice_after_resolution_s) {
        (Some(s), _) => f.duration(s.seconds),
        // Told only after resolution, or never: silent the whole incident.
        (None, _) => format!(
            "{} ({})",
            t.silence_whole,
            f.duration(tf.time_to_resolve_s.unwrap_or(0))
        ),
    };
    let measures = [
        (&t.measure_detect, shown_duration(tf.time_to_detect_s)),
        (
            &t.measure_acknowledge,
            shown_duration(tf.time_to_acknowledge_s),
        ),
        (&t.measure_notify, shown_duration(tf.time_to_notify_s)),
        (&t.measure_mitigate, shown_duration(tf.time_to_mitigate_s)),
        (&t.measure_resolve, shown_duration(tf.time_to_resolve_s)),
        (&t.measure_silence, silence),
    ]
    .into_iter()
    .map(|(label, value)| Measure {
        label: label.clone(),
        value,
    })
    .collect();
    let messages = communication(report, figures, f, limits);
    TimelineView {
        zone_line,
        rows,
        measures,
        messages,
    }
}

fn event_name(t: &Wording, kind: EventKind) -> &str {
    match kind {
        EventKind::Started => &t.event_started,
        EventKind::Detected => &t.event_detected,
        EventKind::Acknowledged => &t.event_acknowledged,
        EventKind::CustomerNotified => &t.event_customer_notified,
        EventKind::Update => &t.event_update,
        EventKind::Mitigated => &t.event_mitigated,
        EventKind::Resolved => &t.event_resolved,
        EventKind::Note => &t.event_note,
    }
}
