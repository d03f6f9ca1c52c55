//! Compensation: the contractual credit, computed as the incident format
//! defines it, and the goodwill beyond it. Pure decimal arithmetic.

use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;

use crate::check::{Contract, Goodwill, PerHourBasis, Period, Tier};

/// Everything the compensation section shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Compensation {
    /// The contract's figures; `None` without a contract.
    pub contract: Option<ContractCredit>,
    /// Goodwill beyond the contract.
    pub goodwill: GoodwillCredit,
    /// Contractual credit + goodwill, both rounded; `None` without a contract (no fee to value it).
    #[serde(with = "rust_decimal::serde::str_option")]
    pub total: Option<Decimal>,
}

/// Availability as an exact fraction of the period, in percent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Availability {
    /// Seconds of the period that were up: `P·60 − D`.
    pub up_s: i64,
    /// Seconds in the period: `P·60`.
    pub period_s: i64,
}

impl Availability {
    /// Exact comparison `A < percent`, by cross-multiplying (no division).
    #[must_use]
    pub fn is_below(&self, percent: Decimal) -> bool {
        Decimal::from(self.up_s) * Decimal::ONE_HUNDRED < percent * Decimal::from(self.period_s)
    }

    /// The percentage truncated (never rounded up) to 3 decimals, e.g. `99.939`.
    #[must_use]
    pub fn display(&self) -> String {
        if self.period_s <= 0 {
            return "100.000".to_owned();
        }
        let thousandths = i128::from(self.up_s) * 100_000 / i128::from(self.period_s);
        format!("{}.{:03}", thousandths / 1000, thousandths % 1000)
    }
}

/// The contractual credit and how it was reached.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ContractCredit {
    /// ISO 4217 code.
    pub currency: String,
    /// Digits after the point in amounts.
    pub minor_units: u32,
    /// Monthly fee.
    #[serde(with = "rust_decimal::serde::str")]
    pub monthly_fee: Decimal,
    /// The period availability is measured over.
    #[serde(serialize_with = "period")]
    pub period: Period,
    /// Days in the period.
    pub period_days: i64,
    /// `P`: minutes in the period.
    pub period_minutes: i64,
    /// `D`: seconds of outage inside the period.
    pub downtime_s: i64,
    /// Measured availability.
    pub availability: Availability,
    /// The display form of availability (truncated to 3 decimals).
    pub availability_display: String,
    /// Committed availability, percent.
    #[serde(with = "rust_decimal::serde::str")]
    pub availability_target: Decimal,
    /// Whether availability fell short of the commitment.
    pub below_target: bool,
    /// The tier that set the credit (largest credit among those that apply).
    pub tier: Option<TierApplied>,
    /// The tier credit, rounded once.
    #[serde(with = "rust_decimal::serde::str")]
    pub tier_credit: Decimal,
    /// The per-hour credit, when the contract has one.
    pub per_hour: Option<PerHourCredit>,
    /// The cap as an amount, when the contract has one.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub cap: Option<Decimal>,
    /// Whether the cap reduced the credit.
    pub capped: bool,
    /// The tier and per-hour credits added, before the cap.
    #[serde(with = "rust_decimal::serde::str")]
    pub uncapped: Decimal,
    /// The contractual credit, rounded once, half to even.
    #[serde(with = "rust_decimal::serde::str")]
    pub credit: Decimal,
}

/// The tier that applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct TierApplied {
    /// Its threshold, percent.
    #[serde(with = "rust_decimal::serde::str")]
    pub below: Decimal,
    /// Its credit, percent of the monthly fee.
    #[serde(with = "rust_decimal::serde::str")]
    pub credit_percent: Decimal,
}

/// The per-hour credit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct PerHourCredit {
    /// Amount per hour.
    #[serde(with = "rust_decimal::serde::str")]
    pub rate: Decimal,
    /// How hours are counted.
    pub per: PerHourBasis,
    /// Hours charged: whole started hours, or `None` when prorated by the second.
    pub started_hours: Option<i64>,
    /// The credit, unrounded.
    #[serde(with = "rust_decimal::serde::str")]
    pub amount: Decimal,
}

/// Goodwill figures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GoodwillCredit {
    /// Extra service days given.
    #[serde(with = "rust_decimal::serde::str")]
    pub extra_service_days: Decimal,
    /// Days of the calendar month the incident began in: a day's value is the monthly fee over them.
    pub month_days: i64,
    /// Their value, rounded once (`None` without a contract fee).
    #[serde(with = "rust_decimal::serde::str_option")]
    pub days_value: Option<Decimal>,
    /// Extra credit percent given.
    #[serde(with = "rust_decimal::serde::str")]
    pub extra_credit_percent: Decimal,
    /// Its value, rounded once (`None` without a contract fee).
    #[serde(with = "rust_decimal::serde::str_option")]
    pub percent_value: Option<Decimal>,
    /// The goodwill amount: the sum of the rounded lines (`None` without a contract fee).
    #[serde(with = "rust_decimal::serde::str_option")]
    pub amount: Option<Decimal>,
    /// Non-monetary gestures.
    pub gestures: Vec<String>,
}

/// The figures could not be computed: an amount outgrew decimal range.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the compensation figures overflow: {0} is out of range")]
pub struct Overflow(pub &'static str);

fn period<S: serde::Serializer>(p: &Period, s: S) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeStruct;
    let mut st = s.serialize_struct("Period", 2)?;
    st.serialize_field("from", &p.from.to_string())?;
    st.serialize_field("to", &p.to.to_string())?;
    st.end()
}

/// Rounds an amount once, half to even, to the currency's minor units.
#[must_use]
pub fn round(amount: Decimal, minor_units: u32) -> Decimal {
    padded(
        amount.round_dp_with_strategy(minor_units, RoundingStrategy::MidpointNearestEven),
        minor_units,
    )
}

/// An amount written with at least the currency's minor units (`110` ->
/// `110.00`), so every money figure in the JSON has one form; never rounds.
#[must_use]
pub fn padded(mut amount: Decimal, minor_units: u32) -> Decimal {
    if amount.scale() < minor_units {
        amount.rescale(minor_units);
    }
    amount
}

/// Computes compensation from the contract (if any), the downtime inside its
/// period and the goodwill.
pub fn compute(
    contract: Option<&Contract>,
    downtime_s: i64,
    goodwill: &Goodwill,
    month_days: i64,
) -> Result<Compensation, Overflow> {
    let credit = contract
        .map(|c| contract_credit(c, downtime_s))
        .transpose()?;
    let goodwill = goodwill_credit(contract, goodwill, month_days)?;
    let total = match (&credit, goodwill.amount) {
        (Some(c), Some(g)) => Some(padded(
            c.credit.checked_add(g).ok_or(Overflow("the total"))?,
            c.minor_units,
        )),
        _ => None,
    };
    Ok(Compensation {
        contract: credit,
        goodwill,
        total,
    })
}

fn percent_of(percent: Decimal, fee: Decimal, what: &'static str) -> Result<Decimal, Overflow> {
    percent
        .checked_mul(fee)
        .and_then(|x| x.checked_div(Decimal::ONE_HUNDRED))
        .ok_or(Overflow(what))
}

fn contract_credit(c: &Contract, downtime_s: i64) -> Result<ContractCredit, Overflow> {
    let period_days = c.period.days();
    let period_minutes = period_days * 1440;
    let period_s = period_minutes * 60;
    let downtime_s = downtime_s.clamp(0, period_s);
    let availability = Availability {
        up_s: period_s - downtime_s,
        period_s,
    };
    let tier = applied_tier(&c.sla.tiers, availability);
    // Each shown line is rounded once; the credit adds the rounded lines, so
    // the letter's figures add up to the cent.
    let rounded = |x: Decimal| round(x, c.currency.minor_units);
    let tier_credit = match tier {
        Some(t) => rounded(percent_of(
            t.credit_percent,
            c.monthly_fee,
            "the tier credit",
        )?),
        None => rounded(Decimal::ZERO),
    };
    let per_hour = c
        .sla
        .per_hour
        .map(|p| {
            let (started_hours, amount) = match p.per {
                PerHourBasis::StartedHour => {
                    let hours = (downtime_s + 3599) / 3600;
                    (Some(hours), p.amount.checked_mul(Decimal::from(hours)))
                }
                PerHourBasis::Prorated => (
                    None,
                    p.amount
                        .checked_mul(Decimal::from(downtime_s))
                        .and_then(|x| x.checked_div(Decimal::from(3600))),
                ),
            };
            Ok(PerHourCredit {
                rate: padded(p.amount, c.currency.minor_units),
                per: p.per,
                started_hours,
                amount: rounded(amount.ok_or(Overflow("the per-hour credit"))?),
            })
        })
        .transpose()?;
    let uncapped = tier_credit
        .checked_add(per_hour.map_or(Decimal::ZERO, |p| p.amount))
        .ok_or(Overflow("the contractual credit"))?;
    let cap = c
        .sla
        .max_credit_percent
        .map(|m| percent_of(m, c.monthly_fee, "the cap").map(rounded))
        .transpose()?;
    let capped = cap.is_some_and(|cap| uncapped > cap);
    let credit = padded(
        match cap {
            Some(cap) if capped => cap,
            _ => uncapped,
        },
        c.currency.minor_units,
    );
    Ok(ContractCredit {
        currency: c.currency.code.clone(),
        minor_units: c.currency.minor_units,
        monthly_fee: padded(c.monthly_fee, c.currency.minor_units),
        period: c.period,
        period_days,
        period_minutes,
        downtime_s,
        availability,
        availability_display: availability.display(),
        availability_target: c.sla.availability_target,
        below_target: availability.is_below(c.sla.availability_target),
        tier: tier.map(|t| TierApplied {
            below: t.below,
            credit_percent: t.credit_percent,
        }),
        tier_credit,
        per_hour,
        cap,
        capped,
        uncapped: padded(uncapped, c.currency.minor_units),
        credit,
    })
}

/// Every tier with `A < below` applies; the one with the largest credit wins
/// (the first of equals, as written).
fn applied_tier(tiers: &[Tier], availability: Availability) -> Option<Tier> {
    tiers
        .iter()
        .filter(|t| availability.is_below(t.below))
        .fold(None, |best: Option<Tier>, t| match best {
            Some(b) if b.credit_percent >= t.credit_percent => Some(b),
            _ => Some(*t),
        })
}

fn goodwill_credit(
    c: Option<&Contract>,
    g: &Goodwill,
    month_days: i64,
) -> Result<GoodwillCredit, Overflow> {
    let (days_value, percent_value, amount) = match c {
        Some(c) => {
            // A day of service is worth a day of what the customer pays:
            // the monthly fee over the days of the month the incident began.
            let days = g
                .extra_service_days
                .checked_mul(c.monthly_fee)
                .and_then(|x| x.checked_div(Decimal::from(month_days.max(1))))
                .ok_or(Overflow("the value of the extra days"))?;
            let days = round(days, c.currency.minor_units);
            let percent = round(
                percent_of(g.extra_credit_percent, c.monthly_fee, "the extra credit")?,
                c.currency.minor_units,
            );
            let sum = days.checked_add(percent).ok_or(Overflow("the goodwill"))?;
            (
                Some(days),
                Some(percent),
                Some(padded(sum, c.currency.minor_units)),
            )
        }
        None => (None, None, None),
    };
    Ok(GoodwillCredit {
        extra_service_days: g.extra_service_days,
        month_days,
        days_value,
        extra_credit_percent: g.extra_credit_percent,
        percent_value,
        amount,
        gestures: g.gestures.clone(),
    })
}

#[cfg(test)]
mod tests;
