//! The sentences of the view that speak to the customer as a person: the
//! salutation, the apology with its empathy, and how we kept them informed.

use rust_decimal::Decimal;

use super::{Format, Wording, fill};
use crate::check::Report;
use crate::figures::Figures;

/// The salutation: the file's own, else the language's formal default
/// (with the contact's name as written, honorific included, when given).
pub(super) fn salutation(report: &Report, t: &Wording) -> String {
    match (&report.customer.salutation, &report.customer.contact) {
        (Some(own), _) => own.clone(),
        (None, Some(contact)) => fill(&t.salutation, &[("contact", contact)]),
        (None, None) => t.salutation_default.clone(),
    }
}

/// An outage at least this long is apologised for as a serious one.
const SERIOUS_OUTAGE_S: i64 = 3600;

/// The apology: the file's own paragraphs, else one generated apology that
/// adapts to the facts (severity and length, a repeat, data loss, the
/// cause). The empathy sentences follow either way.
pub(super) fn apology(report: &Report, figures: &Figures, f: &Format) -> Vec<String> {
    let t = f.words;
    let incident = &report.incident;
    let mut paragraphs: Vec<String> = match &report.apology {
        Some(text) => text
            .split("\n\n")
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(str::to_owned)
            .collect(),
        None => {
            let date = f.date_long(f.local(figures.timeline.started_at).date_naive());
            let services = f.services(&incident.services);
            let outage = figures.downtime.outage_s;
            let serious =
                incident.severity == crate::check::Severity::Critical || outage >= SERIOUS_OUTAGE_S;
            let mut sentences = vec![if serious && outage > 0 {
                fill(
                    &t.apology_serious,
                    &[
                        ("services", &services),
                        ("date", &date),
                        ("duration", &f.duration_words(outage)),
                    ],
                )
            } else {
                fill(
                    &t.apology_minor,
                    &[("services", &services), ("date", &date)],
                )
            }];
            sentences.push(if incident.root_cause.within_our_control {
                t.cause_owned.clone()
            } else {
                t.cause_external.clone()
            });
            if !incident.repeat_of.is_empty() {
                sentences.push(fill(
                    &t.apology_again,
                    &[("incidents", &f.list(&incident.repeat_of))],
                ));
            }
            if incident.impact.data_loss == Some(true) {
                sentences.push(t.apology_data_loss.clone());
            }
            vec![sentences.join(" ")]
        }
    };
    paragraphs.push(empathy(report, t));
    paragraphs
}

/// What we understand of the customer's position: knock-on effects only when
/// the file says so, and the person who chose us when the writer asks.
fn empathy(report: &Report, t: &Wording) -> String {
    let mut sentences = vec![if report.incident.impact.knock_on {
        t.empathy_knock_on.clone()
    } else {
        t.empathy_plain.clone()
    }];
    if report.customer.explains_upwards {
        sentences.push(t.empathy_upwards.clone());
    }
    sentences.join(" ")
}

/// How we kept the customer informed, as they lived it: messages during and
/// after the incident, and a late notice or long silence owned in words.
pub(super) fn communication(
    report: &Report,
    figures: &Figures,
    f: &Format,
    limits: &crate::review::Thresholds,
) -> Option<String> {
    let t = f.words;
    let tf = &figures.timeline;
    let mut sentences = Vec::new();
    if tf.messages_during > 0 {
        sentences.push(f.plural(&t.messages, Decimal::from(tf.messages_during)));
    }
    match (tf.time_to_notify_s, tf.notice_after_resolution_s) {
        (None, _) => sentences.push(t.no_notice.clone()),
        (Some(_), Some(after)) => sentences.push(fill(
            &t.notice_after_resolution,
            &[("duration", &f.duration_words(after))],
        )),
        (Some(_), None) => {
            if let Some(delay) = limits.late_notice_s(tf) {
                sentences.push(fill(
                    &t.late_notice_owned,
                    &[("delay", &f.duration_words(delay))],
                ));
            }
        }
    }
    if tf.messages_after > 0 && tf.messages_during > 0 {
        sentences.push(f.plural(&t.messages_after, Decimal::from(tf.messages_after)));
    }
    if let Some(silence) = limits.long_silence_s(tf) {
        sentences.push(fill(
            &t.long_silence_owned,
            &[("duration", &f.duration_words(silence))],
        ));
    }
    if let Some(note) = &report.incident.communication_note {
        sentences.push(note.clone());
    }
    (!sentences.is_empty()).then(|| sentences.join(" "))
}
