//! The compensation section of the view: the contract's credit worked out
//! step by step, the goodwill, and the amounts table.

use super::{AmountRow, CompensationView, Format, fill};
use crate::check::{PerHourBasis, Report};
use crate::figures::Figures;
use crate::figures::compensation::ContractCredit;

/// The compensation section.
pub(super) fn compensation(report: &Report, figures: &Figures, f: &Format) -> CompensationView {
    let t = f.words;
    let comp = &figures.compensation;
    let currency = report.contract.as_ref().map(|c| &c.currency);
    let mut rows = Vec::new();
    let contract = match (&comp.contract, currency) {
        (Some(k), Some(cur)) => {
            rows.push(AmountRow {
                label: t.table_contract.clone(),
                amount: f.money(k.credit, cur),
            });
            contract_working(report, figures, k, f)
        }
        _ => vec![t.no_contract.clone()],
    };
    let g = &comp.goodwill;
    let mut goodwill = Vec::new();
    let fee = report.contract.as_ref().map(|c| c.monthly_fee);
    if !g.extra_service_days.is_zero() {
        let days = f.days(g.extra_service_days);
        goodwill.push(match (g.days_value, currency, fee) {
            (Some(value), Some(cur), Some(fee)) => fill(
                &t.goodwill_days,
                &[
                    ("days", &days),
                    ("count", &f.number(g.extra_service_days)),
                    ("amount", &f.money(value, cur)),
                    ("fee", &f.money(fee, cur)),
                    ("month_days", &f.integer(i128::from(g.month_days))),
                ],
            ),
            _ => fill(&t.goodwill_days_plain, &[("days", &days)]),
        });
    }
    if !g.extra_credit_percent.is_zero() {
        let percent = f.number(g.extra_credit_percent);
        goodwill.push(match (g.percent_value, currency) {
            (Some(value), Some(cur)) => fill(
                &t.goodwill_percent,
                &[("percent", &percent), ("amount", &f.money(value, cur))],
            ),
            _ => fill(&t.goodwill_percent_plain, &[("percent", &percent)]),
        });
    }
    goodwill.extend(g.gestures.iter().cloned());
    if let (Some(amount), Some(cur)) = (g.amount, currency)
        && !amount.is_zero()
    {
        rows.push(AmountRow {
            label: t.table_goodwill.clone(),
            amount: f.money(amount, cur),
        });
    }
    let total = match (comp.total, currency) {
        (Some(total), Some(cur)) => Some(AmountRow {
            label: t.table_total.clone(),
            amount: f.money(total, cur),
        }),
        _ => None,
    };
    let has_money = total.as_ref().is_some();
    let goodwill_intro = (!goodwill.is_empty()).then(|| {
        if comp.contract.is_some() {
            t.goodwill_intro.clone()
        } else {
            t.goodwill_intro_no_contract.clone()
        }
    });
    let mut closing = Vec::new();
    if has_money {
        closing.push(t.applied_automatically.clone());
    }
    CompensationView {
        contract,
        goodwill_intro,
        goodwill,
        closing,
        rows: if has_money { rows } else { Vec::new() },
        total,
    }
}

/// The contractual credit worked out step by step, as sentences.
fn contract_working(
    report: &Report,
    figures: &Figures,
    k: &ContractCredit,
    f: &Format,
) -> Vec<String> {
    let t = f.words;
    let Some(contract) = report.contract.as_ref() else {
        return Vec::new();
    };
    let cur = &contract.currency;
    let availability = f.decimal(k.availability_display.parse().unwrap_or_default());
    let period = fill(
        &t.date_range,
        &[
            ("from", &f.date_long(k.period.from)),
            ("to", &f.date_long(k.period.to)),
        ],
    );
    let mut out = Vec::new();
    let mut first = fill(
        &t.commitment,
        &[
            ("target", &f.decimal(k.availability_target)),
            ("period", &period),
            ("minutes", &f.integer(i128::from(k.period_minutes))),
        ],
    );
    first.push(' ');
    let d = &figures.downtime;
    if k.downtime_s == 0 {
        first.push_str(&fill(&t.downtime_none, &[("availability", &availability)]));
    } else if d.outside_period_s == 0 {
        first.push_str(&fill(
            &t.downtime_counted,
            &[
                ("downtime", &f.duration_words(k.downtime_s)),
                ("availability", &availability),
            ],
        ));
    } else {
        first.push_str(&fill(
            &t.downtime_clipped,
            &[
                ("outage", &f.duration_words(d.outage_s)),
                ("downtime", &f.duration_words(k.downtime_s)),
                ("availability", &availability),
            ],
        ));
        first.push(' ');
        first.push_str(&fill(
            &t.outside_period,
            &[("rest", &f.duration_words(d.outside_period_s))],
        ));
    }
    first.push(' ');
    first.push_str(if k.below_target {
        &t.below_target
    } else {
        &t.met_target
    });
    if d.degraded_s > 0 {
        first.push(' ');
        first.push_str(&fill(
            &t.degraded_not_counted,
            &[("degraded", &f.duration_words(d.degraded_s))],
        ));
    }
    if d.maintenance_s > 0 {
        first.push(' ');
        first.push_str(&fill(
            &t.maintenance_not_counted,
            &[("maintenance", &f.duration_words(d.maintenance_s))],
        ));
    }
    out.push(first);
    if !contract.sla.tiers.is_empty() {
        let entries: Vec<String> = contract
            .sla
            .tiers
            .iter()
            .map(|tier| {
                fill(
                    &t.tier_entry,
                    &[
                        ("below", &f.decimal(tier.below)),
                        ("percent", &f.number(tier.credit_percent)),
                    ],
                )
            })
            .collect();
        let mut tiers = fill(&t.tier_schedule, &[("tiers", &entries.join("; "))]);
        tiers.push(' ');
        tiers.push_str(&match k.tier {
            Some(tier) => fill(
                &t.tier_applies,
                &[
                    ("availability", &availability),
                    ("below", &f.decimal(tier.below)),
                    ("percent", &f.number(tier.credit_percent)),
                    ("fee", &f.money(k.monthly_fee, cur)),
                    ("amount", &f.money(k.tier_credit, cur)),
                ],
            ),
            None => fill(&t.tier_none, &[("availability", &availability)]),
        });
        out.push(tiers);
    }
    if let Some(p) = &k.per_hour {
        out.push(match p.per {
            PerHourBasis::StartedHour => fill(
                &t.per_hour_started,
                &[
                    ("rate", &f.money(p.rate, cur)),
                    ("hours", &p.started_hours.unwrap_or(0).to_string()),
                    ("amount", &f.money(p.amount, cur)),
                ],
            ),
            PerHourBasis::Prorated => fill(
                &t.per_hour_prorated,
                &[
                    ("rate", &f.money(p.rate, cur)),
                    ("seconds", &f.integer(i128::from(k.downtime_s))),
                    ("amount", &f.money(p.amount, cur)),
                ],
            ),
        });
    }
    let mut last = String::new();
    if let (Some(_), Some(p)) = (k.tier, &k.per_hour) {
        // Two credits: their sum is shown, so the cap and the credit can be
        // checked against the lines above.
        last.push_str(&fill(
            &t.credit_sum,
            &[
                ("tier", &f.money(k.tier_credit, cur)),
                ("per_hour", &f.money(p.amount, cur)),
                ("sum", &f.money(k.uncapped, cur)),
            ],
        ));
        last.push(' ');
    }
    if let (true, Some(cap), Some(pct)) = (k.capped, k.cap, contract.sla.max_credit_percent) {
        last.push_str(&fill(
            &t.cap_applied,
            &[("percent", &f.number(pct)), ("cap", &f.money(cap, cur))],
        ));
        last.push(' ');
    }
    last.push_str(&fill(
        &t.contract_credit,
        &[("amount", &f.money(k.credit, cur))],
    ));
    out.push(last);
    out
}
