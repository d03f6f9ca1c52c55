//! Check: [`IncidentFile`] -> validated [`Report`], or every problem found.
//!
//! Every rule of the incident format lives here. Problems are collected, not
//! returned at the first, so a user fixes a file in one pass.

pub mod approval;
pub mod batch;
mod dates;
pub mod language;
pub mod model;
pub mod report_id;
pub mod scalars;
mod text;
pub mod translation;
mod zone;

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

use crate::diag::{Diagnostic, Pos};
use crate::read::model::{self as raw, At, IncidentFile};
use crate::read::pos;
pub use model::*;
pub use text::MAX_TEXT_NESTING;
pub use text::problems as text_problems;
pub use zone::Zone;

/// What validation needs from outside the file.
#[derive(Debug, Clone, Copy)]
pub struct Settings<'a> {
    /// The report date when the file gives none.
    pub today: NaiveDate,
    /// Provider values for a file that leaves them out.
    pub provider: Option<&'a ProviderDefaults>,
}

/// Validates an incident file. On success the report carries its warnings;
/// on failure every error and warning is returned, sorted by position.
pub fn validate(file: &IncidentFile, settings: Settings) -> Result<Report, Vec<Diagnostic>> {
    let mut c = Checker::default();
    let report = c.report(file, settings);
    let mut diags = c.diags;
    if let Some(r) = &report {
        diags.extend(dates::warnings(file, r));
    }
    crate::diag::sort(&mut diags);
    match report {
        Some(mut report) if !diags.iter().any(Diagnostic::is_error) => {
            report.warnings = diags;
            Ok(report)
        }
        _ => Err(diags),
    }
}

/// Largest amount of money accepted anywhere (fees, per-hour amounts):
/// far beyond any real contract, small enough that no sum can overflow.
pub const MAX_AMOUNT: i64 = 1_000_000_000_000;

#[derive(Default)]
struct Checker {
    diags: Vec<Diagnostic>,
    /// The report's time zone, once known: messages show times in it.
    zone: Option<Zone>,
    /// The batch sections, once checked.
    terms: Option<batch::Terms>,
}

impl Checker {
    fn error(&mut self, pos: Option<Pos>, message: impl Into<String>) {
        self.diags.push(Diagnostic::error(pos, message));
    }

    /// An error about a scalar, with the scalar underlined.
    fn error_at(&mut self, value: &At<String>, message: impl Into<String>) {
        let mut diag = Diagnostic::error(pos(value), message);
        let len = value.referenced.span().len();
        if let Some(start) = diag.pos
            && len > 0
        {
            diag = diag.with_end(Pos {
                line: start.line,
                column: start.column + len,
            });
        }
        self.diags.push(diag);
    }

    fn warn(&mut self, pos: Option<Pos>, message: impl Into<String>) {
        self.diags.push(Diagnostic::warning(pos, message));
    }

    /// Text that must say something, free of hidden control characters and
    /// nested no deeper than [`MAX_TEXT_NESTING`].
    fn text(&mut self, value: &At<String>, what: &str) -> String {
        let text = value.value.trim();
        for problem in text::problems(text, what) {
            self.error(pos(value), problem);
        }
        text.to_owned()
    }

    fn opt_text(&mut self, value: Option<&At<String>>, what: &str) -> Option<String> {
        value.map(|v| self.text(v, what))
    }

    fn texts(&mut self, list: Option<&At<Vec<At<String>>>>, what: &str) -> Vec<String> {
        list.map(|l| l.value.iter().map(|v| self.text(v, what)).collect())
            .unwrap_or_default()
    }

    fn date(&mut self, value: &At<String>) -> Option<NaiveDate> {
        scalars::date(&value.value)
            .map_err(|m| self.error_at(value, m))
            .ok()
    }

    fn instant(&mut self, value: &At<String>) -> Option<chrono::DateTime<chrono::FixedOffset>> {
        scalars::instant_in(&value.value, self.zone.as_ref())
            .map_err(|m| self.error_at(value, m))
            .ok()
    }

    /// A decimal within `[min, max]`; `what` names it in messages.
    fn decimal(
        &mut self,
        value: &At<String>,
        what: &str,
        min: Decimal,
        max: Decimal,
    ) -> Option<Decimal> {
        let number = scalars::decimal(&value.value)
            .map_err(|m| self.error_at(value, m))
            .ok()?;
        if number < min || number > max {
            self.error(
                pos(value),
                format!("{what} is {number}; expected a number from {min} to {max}"),
            );
            return None;
        }
        Some(number)
    }

    fn percent(&mut self, value: &At<String>, what: &str) -> Option<Decimal> {
        self.decimal(value, what, Decimal::ZERO, Decimal::ONE_HUNDRED)
    }

    fn report(&mut self, file: &IncidentFile, settings: Settings) -> Option<Report> {
        if let Some(format) = &file.format
            && format.value != 1
        {
            self.error(
                pos(format),
                format!(
                    "format {} is not known; this version of amends reads format 1",
                    format.value
                ),
            );
        }
        let meta = self.meta(&file.report, settings);
        self.zone = meta.as_ref().map(|m| m.timezone.clone());
        let provider = provider(self, file, settings.provider);
        let customer = self.customer(&file.customer.value);
        let timeline = self.timeline(&file.timeline);
        let incident = self.incident(&file.incident, timeline.as_deref());
        let actions = self.actions(&file.actions);
        let lessons = self.texts(file.lessons.as_ref(), "a lesson");
        let apology = self.opt_text(file.apology.as_ref(), "`apology`");
        let follow_up = file.follow_up.as_ref().and_then(|f| {
            let by = self.text(&f.value.by, "`follow_up.by`");
            let date = self.date(&f.value.date)?;
            Some(FollowUp { date, by })
        });
        let first_outage = incident.as_ref().and_then(|i| {
            i.impact
                .windows
                .iter()
                .find(|w| w.kind == WindowKind::Outage)
                .or(i.impact.windows.first())
                .map(|w| w.from.to_utc().date_naive())
        });
        let contract = file
            .contract
            .as_ref()
            .map(|c| self.contract(c, first_outage));
        let goodwill = self.goodwill(file.goodwill.as_ref());
        self.terms = self.terms(file);
        if goodwill.as_ref().is_some_and(Goodwill::is_empty) {
            self.warn(
                file.goodwill.as_ref().and_then(pos),
                "no goodwill beyond the contract: the letter owes and gives nothing more; \
                 add `goodwill` (extra service days, an extra credit or a gesture)",
            );
        }
        let meta = meta?;
        if let Some(follow_up) = &follow_up
            && follow_up.date < meta.date
        {
            let at = file.follow_up.as_ref().and_then(|f| pos(&f.value.date));
            self.warn(
                at,
                format!(
                    "the follow-up on {} is before the report's date {}; the customer would read a promise already past",
                    follow_up.date, meta.date
                ),
            );
        }
        Some(Report {
            meta,
            provider: provider?,
            customer: customer?,
            incident: incident?,
            timeline: timeline?,
            actions: actions?,
            lessons,
            apology,
            customer_actions: self.texts(file.customer_actions.as_ref(), "a customer action"),
            follow_up,
            contract: match contract {
                Some(c) => Some(c?),
                None => None,
            },
            goodwill: goodwill?,
            warnings: Vec::new(),
        })
    }

    fn meta(&mut self, report: &At<raw::ReportMeta>, settings: Settings) -> Option<Meta> {
        let r = &report.value;
        let id = r.id.value.clone();
        let id_ok = !id.is_empty()
            && id.len() <= 64
            && id
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
            && id != "."
            && id != "..";
        if !id_ok {
            self.error(
                pos(&r.id),
                format!(
                    "the report id `{}` cannot name a file; expected 1 to 64 letters, digits, `.`, `_` or `-`, e.g. INC-2026-0142",
                    scalars::clip(&id.escape_debug().to_string())
                ),
            );
        }
        let title = self.text(&r.title, "`report.title`");
        let status = r.status.as_ref().map_or(Status::Draft, |s| s.value);
        let revision = r.revision.as_ref().and_then(|rev| {
            if rev.value == 0 {
                self.error(
                    pos(rev),
                    "revision 0 is not allowed; revisions count from 1",
                );
                None
            } else {
                Some(rev.value)
            }
        });
        let date = match &r.date {
            Some(d) => self.date(d),
            None => Some(settings.today),
        };
        let language = match &r.language {
            Some(lang) => {
                let tag = lang.value.trim();
                let ok = tag.split('-').enumerate().all(|(i, part)| {
                    let len_ok = if i == 0 {
                        (2..=3).contains(&part.len())
                    } else {
                        (1..=8).contains(&part.len())
                    };
                    len_ok && part.bytes().all(|b| b.is_ascii_alphanumeric())
                });
                if !ok {
                    self.error(
                        pos(lang),
                        format!(
                            "`{}` is not a language tag; expected e.g. en, cs or vi",
                            scalars::clip(tag)
                        ),
                    );
                }
                // As written: `vi-VN` stays `vi-VN` in the JSON and the PDF.
                tag.to_owned()
            }
            None => "en".to_owned(),
        };
        let timezone = match &r.timezone {
            Some(zone) => scalars::zone(zone.value.trim())
                .map_err(|m| self.error(pos(zone), m))
                .ok(),
            None => Some(Zone::utc()),
        };
        let prepared_by = r.prepared_by.as_ref().map(|p| self.person(&p.value));
        let reviewers: Vec<Reviewer> = r
            .reviewers
            .as_ref()
            .map(|list| {
                list.value
                    .iter()
                    .map(|rv| Reviewer {
                        name: self.text(&rv.value.name, "a reviewer's name"),
                        role: self.opt_text(rv.value.role.as_ref(), "a reviewer's role"),
                        approved: rv.value.approved.as_ref().is_some_and(|a| a.value),
                        approved_at: rv.value.approved_at.as_ref().and_then(|d| self.date(d)),
                        fingerprint: rv
                            .value
                            .fingerprint
                            .as_ref()
                            .map(|f| f.value.trim().to_owned()),
                        pos: rv
                            .value
                            .fingerprint
                            .as_ref()
                            .and_then(pos)
                            .or_else(|| pos(rv)),
                    })
                    .collect()
            })
            .unwrap_or_default();
        let status_pos = r.status.as_ref().and_then(pos);
        self.reserved_id(pos(&r.id), &id);
        Some(Meta {
            id,
            title,
            status,
            revision,
            date: date?,
            language,
            timezone: timezone?,
            prepared_by,
            reviewers,
            status_pos,
        })
    }

    fn person(&mut self, p: &raw::Person) -> Person {
        Person {
            name: self.text(&p.name, "`prepared_by.name`"),
            role: self.opt_text(p.role.as_ref(), "`prepared_by.role`"),
            email: self.opt_text(p.email.as_ref(), "`prepared_by.email`"),
        }
    }

    fn customer(&mut self, c: &raw::Customer) -> Option<Customer> {
        // Every field is checked before a bad one makes the whole None.
        let since = c.customer_since.as_ref().map(|d| self.date(d));
        let name = self.text(&c.name, "`customer.name`");
        let contact = self.opt_text(c.contact.as_ref(), "`customer.contact`");
        Some(Customer {
            name,
            contact,
            since: match since {
                Some(day) => Some(day?),
                None => None,
            },
            salutation: self.opt_text(c.salutation.as_ref(), "`customer.salutation`"),
            explains_upwards: c.explains_upwards.as_ref().is_some_and(|v| v.value),
        })
    }

    fn incident(
        &mut self,
        section: &At<raw::IncidentSection>,
        timeline: Option<&[Event]>,
    ) -> Option<Incident> {
        let i = &section.value;
        let summary = self.text(&i.summary, "`incident.summary`");
        if i.services.value.is_empty() {
            self.error(
                pos(&i.services),
                "`services` is empty; name at least one affected service",
            );
        }
        let services = i
            .services
            .value
            .iter()
            .map(|s| self.text(s, "a service name"))
            .collect();
        let impact = self.impact(&i.impact, timeline);
        let rc = &i.root_cause.value;
        let root_cause = RootCause {
            summary: self.text(&rc.summary, "`root_cause.summary`"),
            details: self.opt_text(rc.details.as_ref(), "`root_cause.details`"),
            within_our_control: rc.within_our_control.value,
            contributing_factors: self
                .texts(rc.contributing_factors.as_ref(), "a contributing factor"),
        };
        let repeat_of = self.texts(i.repeat_of.as_ref(), "an incident id in `repeat_of`");
        Some(Incident {
            summary,
            severity: i.severity.value,
            services,
            impact: impact?,
            root_cause,
            repeat_of,
            communication_note: self.opt_text(
                i.communication_note.as_ref(),
                "`incident.communication_note`",
            ),
        })
    }

    fn impact(&mut self, impact: &At<raw::Impact>, timeline: Option<&[Event]>) -> Option<Impact> {
        let im = &impact.value;
        let description = self.text(&im.description, "`impact.description`");
        let business_impact =
            self.opt_text(im.business_impact.as_ref(), "`impact.business_impact`");
        let (windows, windows_given) = match &im.windows {
            Some(list) => {
                if list.value.is_empty() {
                    self.error(
                        pos(list),
                        "`windows` is empty; list at least one window or remove the key to use the timeline",
                    );
                }
                (self.windows(list), true)
            }
            None => {
                // Default: one outage from the first `started` to the last `resolved`.
                let window = timeline.and_then(|events| {
                    let from = events.iter().find(|e| e.kind == EventKind::Started)?.at;
                    let to = events
                        .iter()
                        .rev()
                        .find(|e| e.kind == EventKind::Resolved)?
                        .at;
                    Some(Window {
                        from,
                        to,
                        kind: WindowKind::Outage,
                    })
                });
                (window.map(|w| vec![w]), false)
            }
        };
        Some(Impact {
            description,
            business_impact,
            affected_users: im.affected_users.as_ref().map(|v| v.value),
            failed_requests: im.failed_requests.as_ref().map(|v| v.value),
            data_loss: im.data_loss.as_ref().map(|v| v.value),
            knock_on: im.knock_on.as_ref().is_some_and(|v| v.value),
            windows: windows?,
            windows_given,
        })
    }

    /// Outage and degraded windows, each ending after it starts.
    fn windows(&mut self, list: &At<Vec<At<raw::Window>>>) -> Option<Vec<Window>> {
        let mut windows = Vec::new();
        let mut ok = true;
        for w in &list.value {
            let from = self.instant(&w.value.from);
            let to = self.instant(&w.value.to);
            match (from, to) {
                (Some(from), Some(to)) if to > from => windows.push(Window {
                    from,
                    to,
                    kind: w.value.kind.value,
                }),
                (Some(from), Some(to)) => {
                    ok = false;
                    self.error(
                        pos(&w.value.to),
                        format!(
                            "this window ends at {} but starts at {}; `to` must be after `from`",
                            to.to_rfc3339(),
                            from.to_rfc3339()
                        ),
                    );
                }
                _ => ok = false,
            }
        }
        ok.then_some(windows)
    }

    fn timeline(&mut self, timeline: &At<Vec<At<raw::Event>>>) -> Option<Vec<Event>> {
        let mut events = Vec::new();
        let mut positions = Vec::new();
        let mut ok = true;
        for e in &timeline.value {
            let text = self.text(&e.value.text, "an event's `text`");
            match self.instant(&e.value.at) {
                Some(at) => {
                    events.push(Event {
                        at,
                        kind: e.value.event.value,
                        text,
                        internal: e.value.internal.as_ref().is_some_and(|i| i.value),
                    });
                    positions.push(pos(&e.value.at));
                }
                None => ok = false,
            }
        }
        if !ok {
            return None;
        }
        let started = events.iter().position(|e| e.kind == EventKind::Started);
        let resolved = events.iter().any(|e| e.kind == EventKind::Resolved);
        if started.is_none() || !resolved {
            let missing = match (started.is_none(), resolved) {
                (true, false) => "`started` and no `resolved` event",
                (true, true) => "`started` event",
                _ => "`resolved` event",
            };
            self.diags.push(
                Diagnostic::error(pos(timeline), format!("the timeline has no {missing}"))
                    .with_hint(
                        "the timeline needs at least one `started` and one `resolved` event",
                    ),
            );
            return None;
        }
        let first = started.unwrap_or(0);
        let start = events[first].clone();
        for (i, pair) in events.windows(2).enumerate() {
            if pair[1].at < pair[0].at {
                ok = false;
                self.diags.push(
                    Diagnostic::error(
                        positions[i + 1],
                        format!(
                            "event `{}` at {} comes before the event listed above it, `{}` at {}",
                            kind_name(pair[1].kind),
                            pair[1].at.to_rfc3339(),
                            kind_name(pair[0].kind),
                            pair[0].at.to_rfc3339()
                        ),
                    )
                    .with_hint("list events in the order they happened; events are compared by their instant, so check the offsets"),
                );
            }
        }
        for (i, e) in events.iter().enumerate() {
            if e.at < start.at {
                ok = false;
                self.diags.push(
                    Diagnostic::error(
                        positions[i],
                        format!(
                            "event `{}` at {} comes before `started` at {}",
                            kind_name(e.kind),
                            e.at.to_rfc3339(),
                            start.at.to_rfc3339()
                        ),
                    )
                    .with_hint("nothing can happen before the incident started; check the date and the offset"),
                );
            }
        }
        if !events.iter().any(|e| e.kind == EventKind::CustomerNotified) {
            self.warn(
                pos(timeline),
                "the timeline has no `customer_notified` event: the report will say the first notice was not recorded",
            );
        }
        ok.then_some(events)
    }

    fn actions(&mut self, actions: &At<Vec<At<raw::Action>>>) -> Option<Vec<Action>> {
        if actions.value.is_empty() {
            self.error(
                pos(actions),
                "`actions` is empty; list at least one action with an owner and a due date",
            );
        }
        // Every action is checked; one bad date does not hide the next ones.
        let mut out = Vec::new();
        let mut ok = true;
        for a in &actions.value {
            let a = &a.value;
            let action = self.text(&a.action, "an action");
            let owner = self.text(&a.owner, "an action's `owner`");
            match self.date(&a.due) {
                Some(due) => out.push(Action {
                    action,
                    kind: a.kind.value,
                    owner,
                    due,
                    status: a.status.as_ref().map_or(ActionStatus::Planned, |s| s.value),
                }),
                None => ok = false,
            }
        }
        ok.then_some(out)
    }

    fn contract(
        &mut self,
        contract: &At<raw::Contract>,
        first_outage: Option<NaiveDate>,
    ) -> Option<Contract> {
        let c = &contract.value;
        let currency = scalars::currency(&c.currency.value)
            .map_err(|m| self.error(pos(&c.currency), m))
            .ok();
        let fee = self.decimal(
            &c.monthly_fee,
            "`monthly_fee`",
            Decimal::ZERO,
            Decimal::from(MAX_AMOUNT),
        );
        if fee.is_some_and(|f| f.is_zero()) {
            self.error(
                pos(&c.monthly_fee),
                "`monthly_fee` is 0; expected the fee the customer pays, above 0",
            );
        }
        let period = match &c.period {
            Some(p) => self.period(p),
            // Default: the calendar month (UTC) of the first outage window's start.
            None => first_outage.map(month_of),
        };
        if let Some(period) = &c.sla.value.period {
            self.error(
                pos(period),
                "`sla.period` belongs to a plan under `plans:`; in a contract write `contract.period`",
            );
        }
        let sla = self.sla(&c.sla);
        Some(Contract {
            currency: currency?,
            monthly_fee: fee?,
            period: period?,
            period_given: c.period.is_some(),
            sla: sla?,
        })
    }

    /// An SLA period: whole days, `to` on or after `from`, within ten years.
    fn period(&mut self, p: &At<raw::Period>) -> Option<Period> {
        let from = self.date(&p.value.from);
        let to = self.date(&p.value.to);
        match (from, to) {
            (Some(from), Some(to)) if to >= from && (to - from).num_days() < 3660 => {
                Some(Period { from, to })
            }
            (Some(from), Some(to)) => {
                self.error(
                    pos(&p.value.to),
                    format!("the period runs from {from} to {to}; `to` must be on or after `from`, within ten years"),
                );
                None
            }
            _ => None,
        }
    }

    /// The service levels and credits of a contract or a plan.
    fn sla(&mut self, sla: &At<raw::Sla>) -> Option<Sla> {
        let s = &sla.value;
        let availability_target = self.decimal(
            &s.availability_target,
            "`availability_target`",
            Decimal::ZERO,
            Decimal::ONE_HUNDRED,
        );
        if s.credits.is_none() && s.per_hour.is_none() {
            self.error(
                pos(sla),
                "the SLA has neither `credits` nor `per_hour`; give one or both so the credit can be computed",
            );
        }
        let mut tiers = Vec::new();
        for t in s
            .credits
            .as_ref()
            .map(|l| l.value.as_slice())
            .unwrap_or_default()
        {
            let below = self.decimal(
                &t.value.below,
                "`below`",
                Decimal::ZERO,
                Decimal::ONE_HUNDRED,
            );
            let credit_percent = self.percent(&t.value.credit_percent, "`credit_percent`");
            if let (Some(below), Some(credit_percent)) = (below, credit_percent) {
                tiers.push(Tier {
                    below,
                    credit_percent,
                });
            }
        }
        let per_hour = s.per_hour.as_ref().and_then(|p| {
            let amount = self.decimal(
                &p.value.amount,
                "the per-hour `amount`",
                Decimal::ZERO,
                Decimal::from(MAX_AMOUNT),
            )?;
            Some(PerHour {
                amount,
                per: p.value.per.value,
            })
        });
        let max_credit_percent = s
            .max_credit_percent
            .as_ref()
            .map(|m| self.percent(m, "`max_credit_percent`"));
        Some(Sla {
            availability_target: availability_target?,
            tiers,
            per_hour: match s.per_hour {
                Some(_) => Some(per_hour?),
                None => None,
            },
            max_credit_percent: match max_credit_percent {
                Some(m) => Some(m?),
                None => None,
            },
        })
    }

    /// Goodwill; `Some(empty)` when none is given.
    fn goodwill(&mut self, goodwill: Option<&At<raw::Goodwill>>) -> Option<Goodwill> {
        let Some(g) = goodwill else {
            return Some(Goodwill::default());
        };
        let g = &g.value;
        let days = g
            .extra_service_days
            .as_ref()
            .map(|d| self.decimal(d, "`extra_service_days`", Decimal::ZERO, Decimal::from(366)));
        let percent = g
            .extra_credit_percent
            .as_ref()
            .map(|p| self.percent(p, "`extra_credit_percent`"));
        Some(Goodwill {
            extra_service_days: days.unwrap_or(Some(Decimal::ZERO))?,
            extra_credit_percent: percent.unwrap_or(Some(Decimal::ZERO))?,
            gestures: self.texts(g.gestures.as_ref(), "a gesture"),
        })
    }
}

/// The provider: the file's `provider:` values, each missing one from the
/// defaults. Only the name is required, from one or the other.
fn provider(
    c: &mut Checker,
    file: &IncidentFile,
    defaults: Option<&ProviderDefaults>,
) -> Option<Provider> {
    let written = file.provider.as_ref().map(|p| &p.value);
    let field = |get: fn(&raw::Provider) -> Option<&At<String>>| written.and_then(get);
    let name = match (
        field(|p| p.name.as_ref()),
        defaults.and_then(|d| d.name.as_ref()),
    ) {
        (Some(name), _) => Some(c.text(name, "`provider.name`")),
        (None, Some(name)) => Some(name.clone()),
        (None, None) => {
            let at = file.provider.as_ref().and_then(pos).or(file.start);
            c.error(
                at,
                "`provider.name` is missing; expected the name of the company that writes the letter, \
                 in the incident file's `provider:` or, for every incident file of a folder, \
                 as `name` under `[provider]` in amends.toml (docs/config.md)",
            );
            None
        }
    };
    let support_contact = match field(|p| p.support_contact.as_ref()) {
        Some(contact) => Some(c.text(contact, "`provider.support_contact`")),
        None => defaults.and_then(|d| d.support_contact.clone()),
    };
    let signature = match field(|p| p.signature.as_ref()) {
        Some(signature) => Some(c.text(signature, "`provider.signature`")),
        None => defaults.and_then(|d| d.signature.clone()),
    };
    let accent = match field(|p| p.accent.as_ref()) {
        Some(a) => Some(scalars::rgb(&a.value).or_else(|| {
            c.error_at(
                a,
                format!(
                    "`provider.accent` is `{}`; expected a colour as `#RRGGBB`, e.g. `#0B5FA5`",
                    a.value
                ),
            );
            None
        })?),
        None => defaults.and_then(|d| d.accent),
    };
    let logo = match field(|p| p.logo.as_ref()) {
        Some(l) => Some((logo_path(c, l)?, pos(l))),
        None => defaults
            .and_then(|d| d.logo.as_ref())
            .map(|path| (path.to_string_lossy().into_owned(), None)),
    };
    Some(Provider {
        name: name?,
        support_contact,
        signature,
        accent,
        logo,
    })
}

/// `provider.logo`: a relative path that stays beside or below the incident file.
fn logo_path(c: &mut Checker, value: &At<String>) -> Option<String> {
    let path = value.value.trim();
    let escapes = path.starts_with(['/', '\\'])
        || path.get(1..2) == Some(":")
        || path.split(['/', '\\']).any(|part| part == "..");
    if path.is_empty() || escapes {
        c.error_at(
            value,
            format!(
                "`provider.logo` is `{}`; expected the path of a PNG or JPEG file relative to the incident file, without `..`",
                value.value
            ),
        );
        return None;
    }
    Some(path.to_owned())
}

/// The whole calendar month containing `day`.
fn month_of(day: NaiveDate) -> Period {
    let from = day.with_day(1).unwrap_or(day);
    let next = if from.month() == 12 {
        NaiveDate::from_ymd_opt(from.year() + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(from.year(), from.month() + 1, 1)
    };
    let to = next.and_then(|n| n.pred_opt()).unwrap_or(from);
    Period { from, to }
}

/// The name of an event kind as written in the file.
#[must_use]
pub fn kind_name(kind: EventKind) -> &'static str {
    match kind {
        EventKind::Started => "started",
        EventKind::Detected => "detected",
        EventKind::Acknowledged => "acknowledged",
        EventKind::CustomerNotified => "customer_notified",
        EventKind::Update => "update",
        EventKind::Mitigated => "mitigated",
        EventKind::Resolved => "resolved",
        EventKind::Note => "note",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_period_is_the_calendar_month() {
        let p = month_of(NaiveDate::from_ymd_opt(2026, 2, 14).unwrap());
        assert_eq!(
            (p.from.to_string(), p.to.to_string()),
            ("2026-02-01".into(), "2026-02-28".into())
        );
        assert_eq!(p.days(), 28);
        let p = month_of(NaiveDate::from_ymd_opt(2026, 12, 31).unwrap());
        assert_eq!(p.to.to_string(), "2026-12-31");
        assert_eq!(p.days(), 31);
    }
}
