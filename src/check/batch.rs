//! The incident file's batch sections: `plans:` (named SLA schedules) and
//! `regions:` (named impact windows), which a customers file refers to.

use std::collections::BTreeMap;

use crate::diag::Diagnostic;
use crate::read::model::IncidentFile;
use crate::read::pos;

use super::{Checker, Period, Report, Settings, Sla, Window};

/// A named SLA schedule: the shape of `contract.sla`, plus an optional period.
#[derive(Debug, Clone)]
pub struct Plan {
    /// Service levels and credits.
    pub sla: Sla,
    /// The SLA period; else the month of the customer's first outage.
    pub period: Option<Period>,
}

/// What the incident file declares for its customers.
#[derive(Debug, Clone, Default)]
pub struct Terms {
    /// Plans by name.
    pub plans: BTreeMap<String, Plan>,
    /// Impact windows by region name.
    pub regions: BTreeMap<String, Vec<Window>>,
    /// The customers file as written in the incident file, with its position.
    pub customers: Option<(String, Option<crate::diag::Pos>)>,
}

/// Validates an incident file and its batch sections together.
pub fn validate_batch(
    file: &IncidentFile,
    settings: Settings,
) -> Result<(Report, Terms), Vec<Diagnostic>> {
    let mut c = Checker::default();
    let report = c.report(file, settings);
    let terms = c.terms.take();
    let mut diags = c.diags;
    crate::diag::sort(&mut diags);
    match (report, terms) {
        (Some(mut report), Some(terms)) if !diags.iter().any(Diagnostic::is_error) => {
            report.warnings = diags;
            Ok((report, terms))
        }
        _ => Err(diags),
    }
}

impl Checker {
    /// Checks `plans:` and `regions:`; called from `report` once the zone is known.
    pub(super) fn terms(&mut self, file: &IncidentFile) -> Option<Terms> {
        let mut ok = true;
        let mut plans = BTreeMap::new();
        for (name, sla) in file.plans.iter().flat_map(|p| p.value.iter()) {
            self.name(name, sla, "plan");
            let period = sla.value.period.as_ref().map(|p| self.period(p));
            match (self.sla(sla), period) {
                (Some(sla), None) => {
                    plans.insert(name.clone(), Plan { sla, period: None });
                }
                (Some(sla), Some(Some(period))) => {
                    plans.insert(
                        name.clone(),
                        Plan {
                            sla,
                            period: Some(period),
                        },
                    );
                }
                _ => ok = false,
            }
        }
        let mut regions = BTreeMap::new();
        for (name, windows) in file.regions.iter().flat_map(|r| r.value.iter()) {
            self.name(name, windows, "region");
            if windows.value.is_empty() {
                self.error(
                    pos(windows),
                    format!("region `{name}` has no windows; list at least one"),
                );
            }
            match self.windows(windows) {
                Some(list) => {
                    regions.insert(name.clone(), list);
                }
                None => ok = false,
            }
        }
        let customers = file.customers.as_ref().map(|c| {
            let text = c.value.trim();
            if text.is_empty() {
                self.error(pos(c), "`customers` is empty; name the customers file");
            }
            (text.to_owned(), pos(c))
        });
        ok.then_some(Terms {
            plans,
            regions,
            customers,
        })
    }

    /// A plan or region name: what a CSV cell can hold.
    fn name<T>(&mut self, name: &str, at: &crate::read::model::At<T>, what: &str) {
        let fine = !name.is_empty()
            && name.len() <= 64
            && name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'));
        if !fine {
            self.error(
                pos(at),
                format!(
                    "the {what} name `{}` is not a plain name; expected 1 to 64 letters, digits, `.`, `_` or `-`",
                    super::scalars::clip(name)
                ),
            );
        }
    }
}

/// A customer's own contract (a YAML customers file), checked like
/// `contract:`; the period defaults to the month of `first_outage`.
pub fn contract(
    contract: &crate::read::model::At<crate::read::model::Contract>,
    first_outage: Option<chrono::NaiveDate>,
) -> Result<super::Contract, Vec<Diagnostic>> {
    let mut c = Checker::default();
    let checked = c.contract(contract, first_outage);
    finish(checked, c.diags)
}

/// A customer's own impact windows, checked like `impact.windows`.
pub fn windows(
    list: &crate::read::model::At<Vec<crate::read::model::At<crate::read::model::Window>>>,
) -> Result<Vec<Window>, Vec<Diagnostic>> {
    let mut c = Checker::default();
    if list.value.is_empty() {
        c.error(pos(list), "`windows` is empty; list at least one window");
    }
    let checked = c.windows(list);
    finish(checked, c.diags)
}

/// The SLA period when none is written: the calendar month (UTC) of the
/// first outage window's start (else of the first window).
#[must_use]
pub fn default_period(windows: &[Window]) -> Option<Period> {
    windows
        .iter()
        .find(|w| w.kind == super::WindowKind::Outage)
        .or(windows.first())
        .map(|w| super::month_of(w.from.to_utc().date_naive()))
}

fn finish<T>(checked: Option<T>, mut diags: Vec<Diagnostic>) -> Result<T, Vec<Diagnostic>> {
    crate::diag::sort(&mut diags);
    match checked {
        Some(value) if !diags.iter().any(Diagnostic::is_error) => Ok(value),
        _ => Err(diags),
    }
}
