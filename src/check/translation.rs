//! `translations:` a batch incident's texts in another language. A
//! translation must give every text the incident gives, and no other (a
//! letter is entirely in its language, or not written); it is substituted
//! into the file as read, so the translated file is checked and reviewed as
//! any other, with positions in the translation.

use std::collections::{BTreeMap, BTreeSet};

use super::{Report, Settings};
use crate::diag::{Diagnostic, Pos};
use crate::read::model::{At, IncidentFile};
use crate::read::translations::{Texts, Translation};
use crate::read::{Source, pos};

/// The incident with its texts in one language: the file with the
/// translation substituted (the review reads and places its texts), and its
/// validated report.
#[derive(Debug)]
pub struct Edition {
    /// The file, its texts in this language.
    pub file: IncidentFile,
    /// Its validated report.
    pub report: Report,
}

/// Every translation of `file` (read from `source`), substituted and checked
/// as the incident is, by lower-case language tag; or every problem in any
/// of them. The one place `translations:` is judged, for a batch and for a
/// single file alike. `wording`: the languages that have wording (a
/// translation into any other could never be sent).
pub fn editions(
    source: &Source,
    file: &IncidentFile,
    settings: Settings,
    wording: &[&str],
) -> Result<BTreeMap<String, Edition>, Vec<Diagnostic>> {
    let own = file
        .report
        .value
        .language
        .as_ref()
        .map_or("en", |l| l.value.trim());
    let mut editions = BTreeMap::new();
    let mut diags = Vec::new();
    let mut seen = BTreeSet::new();
    // In file order, so that a tag given twice is reported where it is repeated.
    let mut tags = languages(file);
    tags.sort_by_key(|(_, at)| *at);
    for (written, at) in tags {
        // Tags compare without regard to case, as wording does.
        let tag = written.trim().to_ascii_lowercase();
        if !seen.insert(tag.clone()) {
            diags.push(Diagnostic::error(
                at,
                format!(
                    "`translations`: `{tag}` is given twice; expected one translation per language"
                ),
            ));
            continue;
        }
        if super::language::wording_key(&tag, &[own]).is_some() {
            diags.push(Diagnostic::error(
                at,
                format!("`translations`: `{tag}` is the incident's own language; expected other languages only"),
            ));
            continue;
        }
        if super::language::wording_key(&tag, wording).is_none() {
            diags.push(Diagnostic::error(
                at,
                format!(
                    "`translations`: there is no wording for the language `{}`, so no letter can be written in it; expected one of {}",
                    super::scalars::clip(&tag),
                    wording.join(", ")
                ),
            ));
            continue;
        }
        // The translation replaces values of a fresh copy of the file.
        let Ok(copy) = crate::read::parse_all(source) else {
            continue;
        };
        let translated = match translate(copy, &written) {
            Ok(f) => f,
            Err(more) => {
                diags.extend(more);
                continue;
            }
        };
        match super::batch::validate_batch(&translated, settings) {
            Ok((report, _)) => {
                editions.insert(
                    tag,
                    Edition {
                        file: translated,
                        report,
                    },
                );
            }
            Err(more) => diags.extend(more.into_iter().filter(Diagnostic::is_error)),
        }
    }
    if diags.is_empty() {
        Ok(editions)
    } else {
        crate::diag::sort(&mut diags);
        diags.dedup_by(|a, b| a.pos == b.pos && a.message == b.message);
        Err(diags)
    }
}

/// The language tags the file has translations for, with their positions.
#[must_use]
pub fn languages(file: &IncidentFile) -> Vec<(String, Option<Pos>)> {
    file.translations
        .iter()
        .flat_map(|t| t.value.iter())
        .map(|(tag, t)| (tag.clone(), pos(t)))
        .collect()
}

/// Replaces the texts of `file` with its translation into `language` (a key
/// of `translations:`), checking that the translation has the file's shape.
/// Every mismatch is returned, at the translation's field.
pub fn translate(mut file: IncidentFile, language: &str) -> Result<IncidentFile, Vec<Diagnostic>> {
    let mut all = file
        .translations
        .take()
        .map(|t| t.value)
        .unwrap_or_default();
    let Some(t) = all.remove(language) else {
        return Err(vec![Diagnostic::error(
            None,
            format!("no translation into `{language}` under `translations:`"),
        )]);
    };
    let at = pos(&t);
    let t: Translation = t.value;
    let mut s = Swap {
        language,
        diags: Vec::new(),
    };
    file.report.value.title = t.title;
    let role = file
        .report
        .value
        .prepared_by
        .as_mut()
        .and_then(|p| p.value.role.as_mut());
    s.one("prepared_by_role", at, role, t.prepared_by_role);
    let incident = &mut file.incident.value;
    incident.summary = t.summary;
    s.list(
        "services",
        at,
        Some(&mut incident.services),
        t.services,
        false,
    );
    let (impact_at, impact) = (pos(&t.impact), t.impact.value);
    incident.impact.value.description = impact.description;
    s.one(
        "impact.business_impact",
        impact_at,
        incident.impact.value.business_impact.as_mut(),
        impact.business_impact,
    );
    let (cause_at, cause) = (pos(&t.root_cause), t.root_cause.value);
    let rc = &mut incident.root_cause.value;
    rc.summary = cause.summary;
    s.one(
        "root_cause.details",
        cause_at,
        rc.details.as_mut(),
        cause.details,
    );
    s.list(
        "root_cause.contributing_factors",
        cause_at,
        rc.contributing_factors.as_mut(),
        cause.contributing_factors,
        true,
    );
    s.one(
        "communication_note",
        at,
        incident.communication_note.as_mut(),
        t.communication_note,
    );
    s.timeline(&mut file, t.timeline);
    s.list("lessons", at, file.lessons.as_mut(), t.lessons, true);
    s.actions(&mut file, t.actions);
    s.one("apology", at, file.apology.as_mut(), t.apology);
    s.list(
        "customer_actions",
        at,
        file.customer_actions.as_mut(),
        t.customer_actions,
        true,
    );
    let gestures = file
        .goodwill
        .as_mut()
        .and_then(|g| g.value.gestures.as_mut());
    s.list("gestures", at, gestures, t.gestures, true);
    if s.diags.is_empty() {
        Ok(file)
    } else {
        crate::diag::sort(&mut s.diags);
        Err(s.diags)
    }
}

struct Swap<'a> {
    language: &'a str,
    diags: Vec<Diagnostic>,
}

impl Swap<'_> {
    fn missing(&mut self, at: Option<Pos>, field: &str) {
        self.diags.push(Diagnostic::error(
            at,
            format!(
                "the translation into `{}` lacks `{field}`, which the incident gives; \
                 expected every text of the incident, translated, so that no letter mixes languages",
                self.language
            ),
        ));
    }

    fn extra(&mut self, at: Option<Pos>, field: &str) {
        self.diags.push(Diagnostic::error(
            at,
            format!(
                "the translation into `{}` gives `{field}`, which the incident does not; \
                 expected only the texts the incident gives",
                self.language
            ),
        ));
    }

    /// An optional text: present in both or in neither.
    fn one(
        &mut self,
        field: &str,
        parent: Option<Pos>,
        target: Option<&mut At<String>>,
        given: Option<At<String>>,
    ) {
        match (target, given) {
            (Some(target), Some(given)) => *target = given,
            (Some(_), None) => self.missing(parent, field),
            (None, Some(given)) => self.extra(pos(&given), field),
            (None, None) => {}
        }
    }

    /// A list of texts: the same length, item by item. `optional`: a
    /// translation may leave out a list the incident does not have.
    fn list(
        &mut self,
        field: &str,
        parent: Option<Pos>,
        target: Option<&mut Texts>,
        given: Option<Texts>,
        optional: bool,
    ) {
        match (target, given) {
            (Some(target), Some(given)) => {
                if target.value.len() == given.value.len() {
                    target.value = given.value;
                } else {
                    self.diags.push(self.count(
                        pos(&given),
                        field,
                        target.value.len(),
                        given.value.len(),
                    ));
                }
            }
            (Some(_), None) if optional => self.missing(parent, field),
            // A list every file has (services) may keep its names: they
            // are names, often the same in every language.
            (Some(_), None) => {}
            (None, Some(given)) => self.extra(pos(&given), field),
            (None, None) => {}
        }
    }

    fn count(&self, at: Option<Pos>, field: &str, want: usize, got: usize) -> Diagnostic {
        Diagnostic::error(
            at,
            format!(
                "the translation into `{}` has {got} item(s) under `{field}` but the incident has {want}; \
                 expected one translation per item, in the same order",
                self.language
            ),
        )
    }

    /// The texts of the events the customer reads, in order.
    fn timeline(&mut self, file: &mut IncidentFile, given: Texts) {
        let mut shown: Vec<&mut At<String>> = file
            .timeline
            .value
            .iter_mut()
            .filter(|e| !e.value.internal.as_ref().is_some_and(|i| i.value))
            .map(|e| &mut e.value.text)
            .collect();
        if shown.len() != given.value.len() {
            let d = self.count(pos(&given), "timeline", shown.len(), given.value.len());
            self.diags.push(d);
            return;
        }
        for (target, text) in shown.iter_mut().zip(given.value) {
            **target = text;
        }
    }

    fn actions(
        &mut self,
        file: &mut IncidentFile,
        given: At<Vec<At<crate::read::translations::TranslatedAction>>>,
    ) {
        if file.actions.value.len() != given.value.len() {
            let d = self.count(
                pos(&given),
                "actions",
                file.actions.value.len(),
                given.value.len(),
            );
            self.diags.push(d);
            return;
        }
        for (target, text) in file.actions.value.iter_mut().zip(given.value) {
            target.value.action = text.value.action;
            if let Some(owner) = text.value.owner {
                target.value.owner = owner;
            }
        }
    }
}
