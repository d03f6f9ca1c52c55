//! One customer's report: the incident's validated report with the
//! customer's fields substituted, before any figure is computed.

use rust_decimal::Decimal;

use crate::check::batch::{self as terms, Terms};
use crate::check::{Contract, Report, scalars};
use crate::diag::{Diagnostic, Pos};
use crate::render::Templates;

use super::Edition;
use super::customers::{Cell, Entry};
use std::collections::BTreeMap;

/// Longest customer id: it names files, after the report id.
pub const MAX_ID_CHARS: usize = 64;

/// Checks one customer and builds its report from the incident's `base`.
/// Every problem is returned, each at its value's position.
pub fn customer_report(
    entry: &Entry,
    base: &Report,
    translated: &BTreeMap<String, Edition>,
    terms: &Terms,
    templates: &Templates,
) -> Result<Report, Vec<Diagnostic>> {
    let mut c = Substitute {
        entry,
        diags: Vec::new(),
    };
    let mut language = None;
    if let Some(cell) = c.cell("language") {
        let tag = cell.text.trim().to_ascii_lowercase();
        if templates.wording_shared(&tag).is_none() {
            let known: Vec<&str> = templates.languages().collect();
            c.error(
                cell.pos,
                format!(
                    "`language`: there is no wording for the language `{}`; the letters can be written in {}",
                    scalars::clip(&tag),
                    known.join(", ")
                ),
            );
        } else if edition(&tag, &base.meta.language, translated).is_none() {
            let mut written: Vec<&str> = vec![&base.meta.language];
            written.extend(translated.keys().map(String::as_str));
            c.error(
                cell.pos,
                format!(
                    "`language`: the incident's texts are in {}, not in `{}`, and a letter is written entirely in its language; \
                     add `translations: {{{}: ...}}` to the incident file (docs/batch.md) or write this customer's letter in one of those",
                    written.join(", "),
                    scalars::clip(&tag),
                    scalars::clip(&tag),
                ),
            );
        } else {
            language = Some(tag);
        }
    }
    let chosen = match language
        .as_deref()
        .and_then(|tag| edition(tag, &base.meta.language, translated))
    {
        Some(Some(key)) => translated.get(key).map_or(base, |e| &e.report),
        _ => base,
    };
    let mut report = chosen.clone();
    // The incident's own warnings are told once for the batch, not per letter.
    report.warnings.clear();
    let id = c.id();
    report.meta.id = format!("{}-{id}", base.meta.id);
    if let Some(name) = c.text("name") {
        report.customer.name = name;
    }
    report.customer.contact = c.text("contact");
    report.customer.salutation = c.text("salutation");
    if let Some(tag) = language {
        report.meta.language = tag;
    }
    if let Some(cell) = c.cell("timezone") {
        match scalars::zone(cell.text.trim()) {
            Ok(zone) => report.meta.timezone = zone,
            Err(m) => c.error(cell.pos, format!("`timezone`: {m}")),
        }
    }
    report.customer.since = match c.cell("customer_since") {
        Some(cell) => scalars::date(cell.text.trim())
            .map_err(|m| c.error(cell.pos, format!("`customer_since`: {m}")))
            .ok(),
        None => None,
    };
    c.impact(&mut report, terms, &base.incident.services);
    c.contract(&mut report, terms);
    if let Some(days) = c.decimal("goodwill_days", Decimal::from(366)) {
        report.goodwill.extra_service_days = days;
    }
    if let Some(percent) = c.decimal("goodwill_percent", Decimal::ONE_HUNDRED) {
        report.goodwill.extra_credit_percent = percent;
    }
    if c.diags.iter().any(Diagnostic::is_error) {
        crate::diag::sort(&mut c.diags);
        Err(c.diags)
    } else {
        Ok(report)
    }
}

/// Which texts a letter in `tag` is written from: `Some(None)` the
/// incident's own (in `own`), `Some(Some(key))` its translation `key`,
/// `None` when it has none in that language. Tags match as wording does
/// (`cs-CZ` takes `cs`).
#[must_use]
pub fn edition<'t>(
    tag: &str,
    own: &str,
    translated: &'t BTreeMap<String, Edition>,
) -> Option<Option<&'t str>> {
    let keys: Vec<&str> = translated.keys().map(String::as_str).collect();
    let ours = crate::check::language::wording_key(tag, &[own]).is_some()
        || crate::check::language::wording_key(own, &[tag]).is_some();
    match crate::check::language::wording_key(tag, &keys) {
        // An exact translation wins; else the incident's own language.
        Some(key) if key.eq_ignore_ascii_case(tag) => Some(Some(key)),
        _ if ours => Some(None),
        Some(key) => Some(Some(key)),
        None => None,
    }
}

/// The id a customer is known by (also when its report fails).
#[must_use]
pub fn customer_id(entry: &Entry) -> String {
    entry
        .cells
        .get("id")
        .map(|c| c.text.trim().to_owned())
        .unwrap_or_default()
}

struct Substitute<'a> {
    entry: &'a Entry,
    diags: Vec<Diagnostic>,
}

impl<'a> Substitute<'a> {
    fn error(&mut self, pos: Option<Pos>, message: impl Into<String>) {
        self.diags.push(Diagnostic::error(pos, message));
    }

    fn cell(&self, key: &str) -> Option<&'a Cell> {
        self.entry.cells.get(key)
    }

    fn id(&mut self) -> String {
        let id = customer_id(self.entry);
        let fine = !id.is_empty()
            && id.chars().count() <= MAX_ID_CHARS
            && id
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'));
        if !fine {
            let at = self.cell("id").and_then(|c| c.pos).or(self.entry.pos);
            self.error(
                at,
                format!(
                    "`id`: `{}` cannot name a file; expected 1 to {MAX_ID_CHARS} letters, digits, `.`, `_` or `-`",
                    scalars::clip(&id.escape_debug().to_string())
                ),
            );
        }
        id
    }

    /// A text value: free of hidden controls, never empty when present.
    fn text(&mut self, key: &str) -> Option<String> {
        let cell = self.cell(key)?;
        let text = cell.text.trim();
        if let Some(ch) = text
            .chars()
            .find(|&ch| ch == '\r' || ch == '\n' || crate::diag::is_hidden_control(ch))
        {
            self.error(
                cell.pos,
                format!("`{key}`: {}", crate::read::refused_char_message(ch)),
            );
            return None;
        }
        (!text.is_empty()).then(|| text.to_owned())
    }

    fn decimal(&mut self, key: &str, max: Decimal) -> Option<Decimal> {
        let cell = self.cell(key)?;
        match scalars::decimal(cell.text.trim()) {
            Ok(n) if n >= Decimal::ZERO && n <= max => Some(n),
            Ok(n) => {
                self.error(
                    cell.pos,
                    format!("`{key}` is {n}; expected a number from 0 to {max}"),
                );
                None
            }
            Err(m) => {
                self.error(cell.pos, format!("`{key}`: {m}"));
                None
            }
        }
    }

    /// The customer's region, own windows, services and figures.
    fn impact(&mut self, report: &mut Report, terms: &Terms, names: &[String]) {
        if let Some(cell) = self.cell("region") {
            let name = cell.text.trim();
            match terms.regions.get(name) {
                Some(windows) => {
                    report.incident.impact.windows = windows.clone();
                    report.incident.impact.windows_given = true;
                }
                None => self.error(
                    cell.pos,
                    format!(
                        "`region`: no region `{}` under `regions:` in the incident file{}",
                        scalars::clip(name),
                        known(terms.regions.keys())
                    ),
                ),
            }
        }
        if let Some(list) = &self.entry.windows {
            match terms::windows(list) {
                Ok(windows) => {
                    report.incident.impact.windows = windows;
                    report.incident.impact.windows_given = true;
                }
                Err(diags) => self.diags.extend(diags),
            }
        }
        if let Some(services) = &self.entry.services {
            let mut chosen = Vec::new();
            for s in &services.value {
                let name = s.value.trim();
                // Named as in the incident's own language; shown as in the letter's.
                let shown = names
                    .iter()
                    .position(|known| known == name)
                    .and_then(|i| report.incident.services.get(i));
                if let Some(shown) = shown {
                    chosen.push(shown.clone());
                } else {
                    self.error(
                        crate::read::pos(s),
                        format!(
                            "`services`: `{}` is not one of the incident's services ({})",
                            scalars::clip(name),
                            names.join(", ")
                        ),
                    );
                }
            }
            if chosen.is_empty() && services.value.is_empty() {
                self.error(
                    crate::read::pos(services),
                    "`services` is empty; name the affected services this customer uses",
                );
            }
            report.incident.services = chosen;
        }
        if let Some(n) = self.entry.affected_users {
            report.incident.impact.affected_users = Some(n);
        }
        if let Some(n) = self.entry.failed_requests {
            report.incident.impact.failed_requests = Some(n);
        }
    }

    /// The customer's contract: its own (YAML), or currency + fee + plan.
    fn contract(&mut self, report: &mut Report, terms: &Terms) {
        let period = terms::default_period(&report.incident.impact.windows);
        if let Some(own) = &self.entry.contract {
            for key in ["currency", "monthly_fee", "plan"] {
                if let Some(cell) = self.cell(key) {
                    self.error(
                        cell.pos,
                        format!("`{key}` is given with a full `contract`; give one or the other"),
                    );
                }
            }
            let first = period.map(|p| p.from);
            match terms::contract(own, first) {
                Ok(contract) => report.contract = Some(contract),
                Err(diags) => self.diags.extend(diags),
            }
            return;
        }
        let cells = ["currency", "monthly_fee", "plan"].map(|k| self.cell(k));
        if cells.iter().all(Option::is_none) {
            if report.contract.is_some()
                && !report.contract.as_ref().is_some_and(|c| c.period_given)
            {
                // The incident's contract, measured over this customer's month.
                if let (Some(contract), Some(period)) = (report.contract.as_mut(), period) {
                    contract.period = period;
                }
            }
            return;
        }
        let [currency, fee, plan] = cells;
        let mut missing = Vec::new();
        let currency = match currency {
            Some(cell) => scalars::currency(&cell.text)
                .map_err(|m| self.error(cell.pos, format!("`currency`: {m}")))
                .ok(),
            None => {
                missing.push("currency");
                None
            }
        };
        let fee = match fee {
            Some(cell) => match scalars::decimal(cell.text.trim()) {
                Ok(f) if f > Decimal::ZERO && f <= Decimal::from(crate::check::MAX_AMOUNT) => {
                    Some(f)
                }
                Ok(f) => {
                    self.error(
                        cell.pos,
                        format!(
                            "`monthly_fee` is {f}; expected the fee the customer pays, above 0 and at most {}",
                            crate::check::MAX_AMOUNT
                        ),
                    );
                    None
                }
                Err(m) => {
                    self.error(cell.pos, format!("`monthly_fee`: {m}"));
                    None
                }
            },
            None => {
                missing.push("monthly_fee");
                None
            }
        };
        let plan = match plan {
            Some(cell) => {
                let name = cell.text.trim();
                let found = terms.plans.get(name);
                if found.is_none() {
                    self.error(
                        cell.pos,
                        format!(
                            "`plan`: no plan `{}` under `plans:` in the incident file{}",
                            scalars::clip(name),
                            known(terms.plans.keys())
                        ),
                    );
                }
                found
            }
            None => {
                missing.push("plan");
                None
            }
        };
        if !missing.is_empty() {
            self.error(
                self.entry.pos,
                format!(
                    "a contract needs `currency`, `monthly_fee` and `plan` together; this customer has no {}",
                    missing.join(", ")
                ),
            );
        }
        if let (Some(currency), Some(monthly_fee), Some(plan)) = (currency, fee, plan) {
            let Some(period) = plan.period.or(period) else {
                return;
            };
            report.contract = Some(Contract {
                currency,
                monthly_fee,
                period,
                period_given: plan.period.is_some(),
                sla: plan.sla.clone(),
            });
        }
    }
}

/// `; declared: a, b` for a message, or nothing when none are.
fn known<'k>(names: impl Iterator<Item = &'k String>) -> String {
    let names: Vec<&str> = names.map(String::as_str).collect();
    if names.is_empty() {
        String::new()
    } else {
        format!(" (declared: {})", names.join(", "))
    }
}
