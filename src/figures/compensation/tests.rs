//! Hand-worked figures from public SLA schedules, edges, rounding and properties.

use super::*;
use crate::check::{Currency, PerHour, Sla};
use chrono::NaiveDate;
use proptest::prelude::*;

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn day(y: i32, m: u32, dd: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, dd).unwrap()
}

/// A contract over `days` days from 1 June 2026 (30-day June) or July (31 days).
fn contract(
    code: &str,
    minor: u32,
    fee: &str,
    days: u32,
    target: &str,
    tiers: &[(&str, &str)],
) -> Contract {
    let from = if days == 30 {
        day(2026, 6, 1)
    } else {
        day(2026, 7, 1)
    };
    Contract {
        currency: Currency {
            code: code.into(),
            minor_units: minor,
        },
        monthly_fee: d(fee),
        period: Period {
            from,
            to: from + chrono::Days::new(u64::from(days) - 1),
        },
        period_given: true,
        sla: Sla {
            availability_target: d(target),
            tiers: tiers
                .iter()
                .map(|(below, pct)| Tier {
                    below: d(below),
                    credit_percent: d(pct),
                })
                .collect(),
            per_hour: None,
            max_credit_percent: None,
        },
    }
}

/// Days of the month the test incidents start in: the contract's own month.
fn month(c: &Contract) -> i64 {
    c.period.days()
}

fn days_goodwill(days: &str) -> Goodwill {
    Goodwill {
        extra_service_days: d(days),
        ..Goodwill::default()
    }
}

const SCHEDULE_A: &[(&str, &str)] = &[("99.99", "10"), ("99.0", "30"), ("95.0", "100")];
const SCHEDULE_B: &[(&str, &str)] = &[("99.9", "10"), ("99.0", "25"), ("95.0", "100")];

/// The worked example: 2 h in a 30-day month, USD 1,500.00, 99.9 % / 10 %,
/// 2 goodwill days. A = (2,592,000 − 7,200) / 2,592,000 = 99.7222…%;
/// credit 10 % × 1,500 = 150.00; goodwill 2 × 1,500 / 30 = 100.00.
#[test]
fn two_hours_in_a_thirty_day_month() {
    let c = contract("USD", 2, "1500.00", 30, "99.9", &[("99.9", "10")]);
    let f = compute(Some(&c), 2 * 3600, &days_goodwill("2"), month(&c)).unwrap();
    let k = f.contract.as_ref().unwrap();
    assert_eq!(k.availability_display, "99.722");
    assert_eq!(k.period_minutes, 43_200);
    assert_eq!(k.credit, d("150.00"));
    assert_eq!(f.goodwill.amount, Some(d("100.00")));
    assert_eq!(f.total, Some(d("250.00")));
}

/// Schedule A (99.99 / 99.0 / 95.0 -> 10 / 30 / 100 %) over July (44,640 min),
/// EUR 1,000.00 a month. Each row: downtime seconds, availability shown, credit.
#[test]
fn schedule_a_tiers() {
    let c = contract("EUR", 2, "1000.00", 31, "99.99", SCHEDULE_A);
    let rows = [
        // 4 min: 1 − 240/2,678,400 = 99.99104 %: not below 99.99.
        (240, "99.991", "0.00"),
        // 27 min: 99.93951 %: below 99.99 only -> 10 %.
        (27 * 60, "99.939", "100.00"),
        // 8 h: 1 − 480/44,640 = 98.92473 %: below 99.0 -> 30 %.
        (8 * 3600, "98.924", "300.00"),
        // 3 days: 1 − 4,320/44,640 = 90.32258 %: below 95.0 -> 100 %.
        (3 * 86_400, "90.322", "1000.00"),
    ];
    for (downtime, shown, credit) in rows {
        let f = compute(Some(&c), downtime, &Goodwill::default(), month(&c)).unwrap();
        let k = f.contract.unwrap();
        assert_eq!(
            (k.availability_display.as_str(), k.credit),
            (shown, d(credit)),
            "{downtime} s"
        );
    }
}

/// Schedule B (99.9 / 99.0 / 95.0 -> 10 / 25 / 100 %) over June, USD 300.00.
#[test]
fn schedule_b_tiers() {
    let c = contract("USD", 2, "300.00", 30, "99.9", SCHEDULE_B);
    let rows = [
        (30 * 60, "0.00"),     // 99.930 %
        (60 * 60, "30.00"),    // 99.861 %: 10 %
        (10 * 3600, "75.00"),  // 98.611 %: 25 %
        (40 * 3600, "300.00"), // 94.444 %: 100 %
    ];
    for (downtime, credit) in rows {
        let f = compute(Some(&c), downtime, &Goodwill::default(), month(&c)).unwrap();
        assert_eq!(f.contract.unwrap().credit, d(credit), "{downtime} s");
    }
}

/// 99.9 % of 30 days leaves exactly 2,592 s: at that downtime availability *is*
/// 99.9 %, not below it, so no credit; one second more and the tier applies.
#[test]
fn exactly_at_a_tier_edge_is_not_below_it() {
    let c = contract("USD", 2, "1500.00", 30, "99.9", &[("99.9", "10")]);
    let at_edge = compute(Some(&c), 2_592, &Goodwill::default(), month(&c))
        .unwrap()
        .contract
        .unwrap();
    assert_eq!(at_edge.availability_display, "99.900");
    assert!(at_edge.tier.is_none());
    assert!(!at_edge.below_target);
    assert_eq!(at_edge.credit, d("0.00"));
    let past = compute(Some(&c), 2_593, &Goodwill::default(), month(&c))
        .unwrap()
        .contract
        .unwrap();
    // 99.89996… % is displayed truncated, never rounded up to 99.900.
    assert_eq!(past.availability_display, "99.899");
    assert_eq!(past.credit, d("150.00"));
    assert!(past.below_target);
}

/// A 50 % cap holds a 100 % tier (and a per-hour credit on top) to half the fee.
#[test]
fn fifty_percent_cap() {
    let mut c = contract("USD", 2, "2000.00", 30, "99.9", SCHEDULE_B);
    c.sla.max_credit_percent = Some(d("50"));
    c.sla.per_hour = Some(PerHour {
        amount: d("10.00"),
        per: PerHourBasis::StartedHour,
    });
    let k = compute(Some(&c), 48 * 3600, &Goodwill::default(), month(&c))
        .unwrap()
        .contract
        .unwrap();
    assert_eq!(k.cap, Some(d("1000.00")));
    assert!(k.capped);
    assert_eq!(k.credit, d("1000.00"));
    // Below the cap the cap does nothing: 1 h -> 10 % (200.00) + 1 h × 10.00.
    let k = compute(Some(&c), 3600, &Goodwill::default(), month(&c))
        .unwrap()
        .contract
        .unwrap();
    assert!(!k.capped);
    assert_eq!(k.credit, d("210.00"));
}

/// 3,601 s is two started hours but 1.000277… prorated hours.
#[test]
fn per_hour_started_versus_prorated() {
    let mut c = contract("EUR", 2, "1000.00", 31, "99.99", &[]);
    c.sla.per_hour = Some(PerHour {
        amount: d("50.00"),
        per: PerHourBasis::StartedHour,
    });
    let k = compute(Some(&c), 3601, &Goodwill::default(), month(&c))
        .unwrap()
        .contract
        .unwrap();
    assert_eq!(k.per_hour.unwrap().started_hours, Some(2));
    assert_eq!(k.credit, d("100.00"));
    c.sla.per_hour = Some(PerHour {
        amount: d("50.00"),
        per: PerHourBasis::Prorated,
    });
    // 50 × 3,601 / 3,600 = 50.01388… -> 50.01.
    let k = compute(Some(&c), 3601, &Goodwill::default(), month(&c))
        .unwrap()
        .contract
        .unwrap();
    assert_eq!(k.credit, d("50.01"));
    // No downtime, no per-hour credit, in either mode.
    assert_eq!(
        compute(Some(&c), 0, &Goodwill::default(), month(&c))
            .unwrap()
            .contract
            .unwrap()
            .credit,
        d("0.00")
    );
}

/// VND and JPY have no minor units; ties round half to even.
#[test]
fn currencies_without_minor_units_round_half_to_even() {
    // VND 1,000,000 a month, 1 extra day of 31: 32,258.06… -> 32,258.
    let c = contract("VND", 0, "1000000", 31, "99.9", SCHEDULE_B);
    let f = compute(Some(&c), 0, &days_goodwill("1"), month(&c)).unwrap();
    assert_eq!(f.goodwill.amount, Some(d("32258")));
    // JPY 1,000 × 0.05 % = 0.5 -> 0 (even); × 0.15 % = 1.5 -> 2 (even).
    let c = contract("JPY", 0, "1000", 31, "99.9", SCHEDULE_B);
    let pct = |p: &str| Goodwill {
        extra_credit_percent: d(p),
        ..Goodwill::default()
    };
    assert_eq!(
        compute(Some(&c), 0, &pct("0.05"), month(&c))
            .unwrap()
            .goodwill
            .amount,
        Some(d("0"))
    );
    assert_eq!(
        compute(Some(&c), 0, &pct("0.15"), month(&c))
            .unwrap()
            .goodwill
            .amount,
        Some(d("2"))
    );
    // EUR 0.125 -> 0.12 and 0.135 -> 0.14.
    assert_eq!(round(d("0.125"), 2), d("0.12"));
    assert_eq!(round(d("0.135"), 2), d("0.14"));
}

/// Contractual credit and goodwill are each rounded once; the total adds the rounded amounts.
#[test]
fn each_amount_is_rounded_once_then_added() {
    // EUR 100.00 over July; tier 12.345 % -> 12.345 (-> 12.34, even); 1 day -> 3.2258… (-> 3.23).
    let c = contract("EUR", 2, "100.00", 31, "99.9", &[("99.9", "12.345")]);
    let f = compute(Some(&c), 3600, &days_goodwill("1"), month(&c)).unwrap();
    assert_eq!(f.contract.as_ref().unwrap().credit, d("12.34"));
    assert_eq!(f.goodwill.amount, Some(d("3.23")));
    assert_eq!(f.total, Some(d("15.57")));
}

/// A goodwill day is a day of what the customer pays: EUR 1,000.00 a month,
/// a quarterly period of 92 days, an incident in October (31 days):
/// 1,000.00 ÷ 31 = 32.258… -> 32.26, not 1,000.00 ÷ 92 = 10.87.
#[test]
fn a_goodwill_day_is_valued_by_the_calendar_month() {
    let mut c = contract("EUR", 2, "1000.00", 31, "99.9", SCHEDULE_B);
    c.period = Period {
        from: day(2026, 10, 1),
        to: day(2026, 12, 31),
    };
    let f = compute(Some(&c), 0, &days_goodwill("1"), 31).unwrap();
    assert_eq!(f.goodwill.days_value, Some(d("32.26")));
    assert_eq!(f.goodwill.month_days, 31);
    assert_eq!(crate::figures::days_in_month(day(2026, 10, 17)), 31);
    assert_eq!(crate::figures::days_in_month(day(2028, 2, 3)), 29);
    assert_eq!(crate::figures::days_in_month(day(2026, 2, 28)), 28);
}

/// Shown lines add up: GBP 3,475.00 a month, June (30 days), 1.5 days and
/// 2.5 %. 1.5 × 3,475.00 ÷ 30 = 173.75; 2.5 % × 3,475.00 = 86.875 -> 86.88
/// (half to even); goodwill 173.75 + 86.88 = 260.63, not round(260.625) = 260.62.
#[test]
fn goodwill_lines_are_rounded_then_added() {
    let c = contract("GBP", 2, "3475.00", 30, "99.9", SCHEDULE_B);
    let g = Goodwill {
        extra_service_days: d("1.5"),
        extra_credit_percent: d("2.5"),
        ..Goodwill::default()
    };
    let f = compute(Some(&c), 0, &g, month(&c)).unwrap();
    assert_eq!(f.goodwill.days_value, Some(d("173.75")));
    assert_eq!(f.goodwill.percent_value, Some(d("86.88")));
    assert_eq!(f.goodwill.amount, Some(d("260.63")));
    assert_eq!(f.total, Some(d("260.63")));
}

/// The tier line and the per-hour line are each rounded, then added:
/// EUR 100.00, tier 12.345 % -> 12.34; EUR 0.01 an hour prorated over
/// 9,000 s = 0.025 -> 0.02 (half to even); credit 12.36, not round(12.370) = 12.37.
#[test]
fn contract_lines_are_rounded_then_added() {
    let mut c = contract("EUR", 2, "100.00", 31, "99.9", &[("99.9", "12.345")]);
    c.sla.per_hour = Some(PerHour {
        amount: d("0.01"),
        per: PerHourBasis::Prorated,
    });
    let f = compute(Some(&c), 9000, &Goodwill::default(), month(&c)).unwrap();
    let k = f.contract.as_ref().unwrap();
    assert_eq!(k.tier_credit, d("12.34"));
    assert_eq!(k.per_hour.unwrap().amount, d("0.02"));
    assert_eq!(k.credit, d("12.36"));
}

/// Money in the JSON always carries the currency's minor units: a fee
/// written `110` and no downtime give "110.00" and a credit of "0.00".
#[test]
fn money_always_carries_the_minor_units() {
    let c = contract("EUR", 2, "110", 30, "99.9", SCHEDULE_B);
    let f = compute(Some(&c), 0, &days_goodwill("1"), month(&c)).unwrap();
    let json = serde_json::to_value(&f).unwrap();
    assert_eq!(json["contract"]["monthly_fee"], "110.00");
    assert_eq!(json["contract"]["credit"], "0.00");
    assert_eq!(json["contract"]["tier_credit"], "0.00");
    // 110 / 30 = 3.666… -> 3.67.
    assert_eq!(json["goodwill"]["days_value"], "3.67");
    assert_eq!(json["goodwill"]["percent_value"], "0.00");
    assert_eq!(json["total"], "3.67");
}

#[test]
fn without_a_contract_goodwill_has_no_money_value() {
    let g = Goodwill {
        extra_service_days: d("2"),
        gestures: vec!["A review session".into()],
        ..Goodwill::default()
    };
    let f = compute(None, 3600, &g, 30).unwrap();
    assert!(f.contract.is_none());
    assert_eq!(f.goodwill.amount, None);
    assert_eq!(f.total, None);
    assert_eq!(f.goodwill.gestures.len(), 1);
}

proptest! {
    /// More downtime never lowers the total, and the total never exceeds cap + goodwill.
    #[test]
    fn total_grows_with_downtime_and_respects_the_cap(
        a in 0i64..2_678_400, b in 0i64..2_678_400,
        fee_cents in 1i64..10_000_000, cap in 0u32..=100, days in 0u32..5, pct in 0u32..20,
        prorated: bool, rate_cents in 0i64..100_000,
    ) {
        let mut c = contract("EUR", 2, "1", 31, "99.95", SCHEDULE_A);
        c.monthly_fee = Decimal::new(fee_cents, 2);
        c.sla.max_credit_percent = Some(Decimal::from(cap));
        c.sla.per_hour = Some(PerHour {
            amount: Decimal::new(rate_cents, 2),
            per: if prorated { PerHourBasis::Prorated } else { PerHourBasis::StartedHour },
        });
        let g = Goodwill {
            extra_service_days: Decimal::from(days),
            extra_credit_percent: Decimal::from(pct),
            gestures: vec![],
        };
        let (lo, hi) = (a.min(b), a.max(b));
        let less = compute(Some(&c), lo, &g, month(&c)).unwrap();
        let more = compute(Some(&c), hi, &g, month(&c)).unwrap();
        prop_assert!(less.total.unwrap() <= more.total.unwrap());
        let cap_amount = round(Decimal::from(cap) * c.monthly_fee / Decimal::ONE_HUNDRED, 2);
        prop_assert!(more.total.unwrap() <= cap_amount + more.goodwill.amount.unwrap());
    }
}
