//! The common mapping: what any export becomes in the incident file, and the
//! placeholders for what no export knows.
//!
//! A placeholder is an empty value (`""`) with a `FILL IN` comment: `amends
//! check` refuses it ("... is empty; write it out", "not a date", "expected
//! `true` or `false`") until the writer fills it, so no guess ever reaches a
//! letter.

use std::fmt::Write as _;

use super::json::Stamp;
use super::yaml::{comment, one_line, quote};
use super::{Format, Imported};

/// What an entry of the export is in the incident file's timeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    /// The impact began.
    Started,
    /// The provider noticed.
    Detected,
    /// Someone took the incident on.
    Acknowledged,
    /// A message the customer saw: the first becomes `customer_notified`, the others `update`.
    Message,
    /// The impact was stopped or reduced.
    Mitigated,
    /// The incident was over.
    Resolved,
    /// Anything else worth recording.
    Note,
}

/// One timeline entry read from an export.
#[derive(Debug, Clone)]
pub struct Entry {
    /// When, as exported.
    pub at: Stamp,
    /// What it becomes.
    pub kind: Kind,
    /// Its text; empty means the writer must say what happened.
    pub text: String,
    /// Left out of the customer's letter.
    pub internal: bool,
    /// Where it came from in the export, written as a comment above it.
    pub origin: String,
}

/// The severity the export gives, when it says one of amends' words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SeverityFound {
    /// `minor`, `major` or `critical`, and what the export called it.
    Known(&'static str, String),
    /// A platform's own scale (SEV1, P2, ...), or nothing: the writer decides.
    Unknown(Option<String>),
}

impl SeverityFound {
    /// Reads a platform's severity name: amends' own three words map, any
    /// other scale is left for the writer with the platform's word as a hint.
    pub fn from_name(name: Option<String>) -> Self {
        let known = name.as_deref().map(str::to_ascii_lowercase).and_then(|n| {
            ["minor", "major", "critical"]
                .into_iter()
                .find(|k| *k == n.trim())
        });
        match (known, name) {
            (Some(k), Some(name)) => SeverityFound::Known(k, name),
            (_, name) => SeverityFound::Unknown(name),
        }
    }
}

/// An incident as read from an export, before it is written out.
#[derive(Debug, Clone)]
pub struct Draft {
    /// The platform's reference for it, e.g. `INC-123`.
    pub id: Option<String>,
    /// Its title.
    pub title: Option<String>,
    /// Its severity.
    pub severity: SeverityFound,
    /// Affected services or components.
    pub services: Vec<String>,
    /// Texts from the export that help the writer (summary, customer impact,
    /// root cause): written as comments, never as the letter's words.
    pub material: Vec<(&'static str, String)>,
    /// Timeline entries, in any order.
    pub entries: Vec<Entry>,
    /// Entries of the export that had nothing to map.
    pub skipped: usize,
}

impl Draft {
    /// An empty draft.
    pub fn new() -> Self {
        Draft {
            id: None,
            title: None,
            severity: SeverityFound::Unknown(None),
            services: Vec::new(),
            material: Vec::new(),
            entries: Vec::new(),
            skipped: 0,
        }
    }

    /// Adds an entry with `text` when the export gave a time.
    pub fn push(
        &mut self,
        at: Option<Stamp>,
        kind: Kind,
        text: Option<String>,
        internal: bool,
        origin: String,
    ) {
        match at {
            Some(at) => self.entries.push(Entry {
                at,
                kind,
                text: text.map(|t| one_line(&t)).unwrap_or_default(),
                internal,
                origin,
            }),
            None => self.skipped += 1,
        }
    }

    /// Keeps a text from the export for the writer.
    pub fn keep(&mut self, label: &'static str, text: Option<String>) {
        if let Some(text) = text {
            self.material.push((label, text));
        }
    }

    /// Writes the incident file.
    pub fn write(mut self, format: Format, name: &str) -> Imported {
        let mut w = Writer::default();
        let platform = format.name();
        w.line(&format!(
            "# Incident file imported by `amends import --from {}` from {}.",
            format.flag(),
            one_line(name)
        ));
        w.raw(
            "# Every value marked FILL IN is empty on purpose: `amends check` reports it\n\
             # until you write it. Read every event's text: it is the platform's wording,\n\
             # and `internal: true` events stay out of the customer's letter.\n\
             # docs/import.md says what was mapped from where.\n\nformat: 1\n\nreport:\n",
        );
        let id = self.id.as_deref().and_then(report_id);
        w.value(
            "  id: ",
            id.as_deref(),
            "the report's id; letters, digits, . _ -",
        );
        w.value("  title: ", self.title.as_deref(), "the report's title");
        w.raw(
            "  status: draft\n  # language: en                 # the letter's language (en, cs, ...)\n  \
             # timezone: Europe/Prague      # the zone times are shown in (default UTC)\n\n\
             provider:\n",
        );
        w.value(
            "  name: ",
            None,
            "your company's name; delete the line if amends.toml's [provider] gives it",
        );
        w.raw("  # support_contact: support@example.com\n\ncustomer:\n");
        w.value("  name: ", None, "the customer this letter is for");
        w.raw("  # contact: the person the letter is addressed to\n\nincident:\n");
        for (label, text) in &self.material {
            w.raw(&format!(
                "  # {platform}'s {label} (its own wording, not yet the letter's):\n"
            ));
            w.raw(&comment(text, "  #   ", 72));
        }
        w.value(
            "  summary: ",
            None,
            "plain language: what happened, and that it is fixed",
        );
        match &self.severity {
            SeverityFound::Known(word, said) => {
                w.line(&format!(
                    "  severity: {word}   # {platform}: {}",
                    one_line(said)
                ));
            }
            SeverityFound::Unknown(said) => {
                let hint = said
                    .as_deref()
                    .map(|s| format!(" ({platform} says {})", one_line(s)))
                    .unwrap_or_default();
                w.value(
                    "  severity: ",
                    None,
                    &format!("minor | major | critical{hint}"),
                );
            }
        }
        if self.services.is_empty() {
            w.raw("  services:\n");
            w.value("    - ", None, "an affected service");
        } else {
            w.raw("  services:\n");
            for s in &self.services {
                w.line(&format!("    - {}", quote(&one_line(s))));
            }
        }
        w.raw("  impact:\n");
        w.value("    description: ", None, "what the customer experienced");
        w.raw("  root_cause:\n");
        w.value("    summary: ", None, "why it happened");
        w.value("    within_our_control: ", None, "true or false");
        w.raw("\n");
        let (events, internal) = self.timeline(&mut w, platform);
        w.raw("\nactions:                         # at least one: what you will change\n");
        w.value("  - action: ", None, "the commitment");
        w.value("    kind: ", None, "prevent | detect | mitigate | process");
        w.value("    owner: ", None, "who does it");
        w.value("    due: ", None, "YYYY-MM-DD");
        w.raw(
            "\n# What no export knows; see samples/starter.yaml for every field.\n\
             # contract:\n#   currency: EUR\n#   monthly_fee: \"12000.00\"\n#   sla:\n\
             #     availability_target: 99.95\n#     credits:\n#       - {below: 99.95, credit_percent: 10}\n\
             # goodwill:\n#   extra_service_days: 1\n#   gestures: []\n\
             # apology: >-\n#   Your own apology, in place of the generated one.\n",
        );
        Imported {
            yaml: w.out,
            events,
            internal,
            placeholders: w.placeholders,
            skipped: self.skipped,
        }
    }

    /// Writes the timeline; returns how many events, and how many internal.
    fn timeline(&mut self, w: &mut Writer, platform: &str) -> (usize, usize) {
        // Ties keep the natural order (started before detected ...), then the export's.
        self.entries
            .sort_by(|a, b| a.at.at.cmp(&b.at.at).then(a.kind.cmp(&b.kind)));
        let start = self
            .entries
            .iter()
            .find(|e| e.kind == Kind::Started)
            .map(|e| e.at.at);
        w.raw("timeline:\n");
        if start.is_none() {
            w.raw(&format!(
                "  # {platform} gives no start time: write when the impact began.\n"
            ));
            w.value(
                "  - at: ",
                None,
                "RFC 3339 with offset, e.g. 2026-07-02T13:42:00Z",
            );
            w.raw("    event: started\n    text: \"\"                    # FILL IN: what began\n");
            w.placeholders += 1;
        }
        let mut told = false;
        let (mut events, mut internal) = (0, 0);
        for e in &self.entries {
            let kind = match e.kind {
                Kind::Started => "started",
                Kind::Detected => "detected",
                Kind::Acknowledged => "acknowledged",
                Kind::Mitigated => "mitigated",
                Kind::Resolved => "resolved",
                Kind::Note => "note",
                Kind::Message if told => "update",
                Kind::Message => {
                    told = !e.internal;
                    if e.internal {
                        "update"
                    } else {
                        "customer_notified"
                    }
                }
            };
            let early = start.is_some_and(|s| e.at.at < s);
            let lead = if early { "  # " } else { "  " };
            w.raw(&format!("  # {}\n", one_line(&e.origin)));
            if early {
                w.raw("  # Before the start: amends accepts no event before `started`.\n");
            }
            w.line(&format!("{lead}- at: {}", quote(&e.at.text)));
            w.line(&format!("{lead}  event: {kind}"));
            if e.text.is_empty() {
                w.line(&format!("{lead}  text: \"\"   # FILL IN: what happened"));
                w.placeholders += usize::from(!early);
            } else {
                w.line(&format!("{lead}  text: {}", quote(&e.text)));
            }
            if e.internal {
                w.line(&format!("{lead}  internal: true"));
            }
            if !early {
                events += 1;
                internal += usize::from(e.internal);
            }
        }
        if !self.entries.iter().any(|e| e.kind == Kind::Resolved) {
            w.raw(&format!(
                "  # {platform} gives no resolution time: write when the incident was over.\n"
            ));
            w.value("  - at: ", None, "RFC 3339 with offset");
            w.raw(
                "    event: resolved\n    text: \"\"                    # FILL IN: how it ended\n",
            );
            w.placeholders += 1;
        }
        (events, internal)
    }
}

impl Default for Draft {
    fn default() -> Self {
        Draft::new()
    }
}

/// A platform reference as a report id: `[A-Za-z0-9._-]{1,64}`, other
/// characters as `-`; `None` when nothing is left.
fn report_id(reference: &str) -> Option<String> {
    let id: String = reference
        .trim()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
                c
            } else {
                '-'
            }
        })
        .take(64)
        .collect();
    let id = id.trim_matches(|c| c == '-' || c == '.').to_owned();
    (!id.is_empty()).then_some(id)
}

/// The text being written, and how many placeholders it holds.
#[derive(Default)]
struct Writer {
    out: String,
    placeholders: usize,
}

impl Writer {
    fn raw(&mut self, text: &str) {
        self.out.push_str(text);
    }

    fn line(&mut self, text: &str) {
        let _ = writeln!(self.out, "{text}");
    }

    /// `key` with a known value, or an empty placeholder and what to write.
    fn value(&mut self, key: &str, value: Option<&str>, what: &str) {
        match value {
            Some(v) => self.line(&format!("{key}{}", quote(v))),
            None => {
                self.placeholders += 1;
                let pad = 32usize.saturating_sub(key.chars().count() + 2);
                self.line(&format!("{key}\"\"{:pad$} # FILL IN: {what}", ""));
            }
        }
    }
}

#[cfg(test)]
mod tests;
