//! Formatting of dates, times, durations, numbers and money in the report's language.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, Offset, TimeZone};
use chrono_tz::Tz;
use rust_decimal::Decimal;

use super::wording::{Wording, fill};
use crate::check::Currency;

/// Formats values the way one language writes them.
#[derive(Debug, Clone, Copy)]
pub struct Format<'a> {
    /// The language's words.
    pub words: &'a Wording,
    /// The zone times are shown in.
    pub zone: Tz,
}

impl Format<'_> {
    /// `12 July 2019`.
    #[must_use]
    pub fn date_long(&self, d: NaiveDate) -> String {
        self.date(&self.words.date_long, d)
    }

    /// `15 Aug 2019`.
    #[must_use]
    pub fn date_short(&self, d: NaiveDate) -> String {
        self.date(&self.words.date_short, d)
    }

    fn date(&self, pattern: &str, d: NaiveDate) -> String {
        let month = d.month0() as usize;
        fill(
            pattern,
            &[
                ("day", &d.day().to_string()),
                ("month", &self.words.months[month]),
                ("month_short", &self.words.months_short[month]),
                ("year", &d.year().to_string()),
            ],
        )
    }

    /// An instant in the display zone.
    #[must_use]
    pub fn local(&self, at: DateTime<FixedOffset>) -> DateTime<Tz> {
        at.with_timezone(&self.zone)
    }

    /// The display zone's offset at an instant, `UTC+02:00`.
    #[must_use]
    pub fn offset(&self, at: DateTime<FixedOffset>) -> String {
        let seconds = self
            .zone
            .offset_from_utc_datetime(&at.naive_utc())
            .fix()
            .local_minus_utc();
        let sign = if seconds < 0 { '-' } else { '+' };
        let minutes = seconds.abs() / 60;
        format!("UTC{sign}{:02}:{:02}", minutes / 60, minutes % 60)
    }

    /// A whole number with the language's grouping: `182,000`.
    #[must_use]
    pub fn integer(&self, n: i128) -> String {
        let digits = n.unsigned_abs().to_string();
        let mut out = String::new();
        if n < 0 {
            out.push('-');
        }
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push_str(&self.words.thousands_separator);
            }
            out.push(c);
        }
        out
    }

    /// A decimal as written (scale kept), grouped: `1,200.50`, `99.95`.
    #[must_use]
    pub fn decimal(&self, d: Decimal) -> String {
        let text = d.abs().to_string();
        let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
        let whole: i128 = whole.parse().unwrap_or(0);
        let mut out = if d.is_sign_negative() && !d.is_zero() {
            "-".to_owned()
        } else {
            String::new()
        };
        out.push_str(&self.integer(whole));
        if !fraction.is_empty() {
            out.push_str(&self.words.decimal_separator);
            out.push_str(fraction);
        }
        out
    }

    /// A decimal without trailing zeros: `2`, `0.5`.
    #[must_use]
    pub fn number(&self, d: Decimal) -> String {
        self.decimal(d.normalize())
    }

    /// Money in the currency's minor units: `USD 1,200.00`.
    #[must_use]
    pub fn money(&self, amount: Decimal, currency: &Currency) -> String {
        let mut rounded = crate::figures::compensation::round(amount, currency.minor_units);
        rounded.rescale(currency.minor_units);
        fill(
            &self.words.money,
            &[("code", &currency.code), ("amount", &self.decimal(rounded))],
        )
    }

    /// A duration in whole seconds, exact: `27 min`, `1 h 5 min`, `2 d 3 h`, `45 s`.
    #[must_use]
    pub fn duration(&self, seconds: i64) -> String {
        let u = &self.words.units;
        let s = seconds.max(0);
        let parts = [
            (s / 86_400, &u.day),
            (s % 86_400 / 3600, &u.hour),
            (s % 3600 / 60, &u.minute),
            (s % 60, &u.second),
        ];
        let shown: Vec<String> = parts
            .iter()
            .filter(|(n, _)| *n > 0)
            .map(|(n, unit)| format!("{n} {unit}"))
            .collect();
        if shown.is_empty() {
            format!("0 {}", u.minute)
        } else {
            shown.join(" ")
        }
    }

    /// `a, b and c`.
    #[must_use]
    pub fn list(&self, items: &[String]) -> String {
        match items {
            [] => String::new(),
            [one] => one.clone(),
            [init @ .., last] => format!("{} {} {last}", init.join(", "), self.words.and),
        }
    }
}

/// Text made safe for one Markdown table cell: no line breaks, pipes escaped.
#[must_use]
pub fn cell(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace('|', "\\|")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::wording::Wording;

    fn english() -> Wording {
        Wording::parse(include_str!("../../templates/lang/en.yaml")).unwrap()
    }

    fn czech() -> Wording {
        Wording::parse(include_str!("../../templates/lang/cs.yaml")).unwrap()
    }

    #[test]
    fn durations_are_exact_and_short() {
        let w = english();
        let f = Format {
            words: &w,
            zone: Tz::UTC,
        };
        assert_eq!(f.duration(27 * 60), "27 min");
        assert_eq!(f.duration(3665), "1 h 1 min 5 s");
        assert_eq!(f.duration(2 * 86_400 + 3 * 3600), "2 d 3 h");
        assert_eq!(f.duration(45), "45 s");
        assert_eq!(f.duration(0), "0 min");
    }

    #[test]
    fn money_and_numbers_follow_the_language() {
        let usd = Currency {
            code: "USD".into(),
            minor_units: 2,
        };
        let czk = Currency {
            code: "CZK".into(),
            minor_units: 2,
        };
        let vnd = Currency {
            code: "VND".into(),
            minor_units: 0,
        };
        let (en, cs) = (english(), czech());
        let f = Format {
            words: &en,
            zone: Tz::UTC,
        };
        assert_eq!(f.money("1200".parse().unwrap(), &usd), "USD 1,200.00");
        assert_eq!(f.money("32258.06".parse().unwrap(), &vnd), "VND 32,258");
        assert_eq!(f.integer(182_000), "182,000");
        let f = Format {
            words: &cs,
            zone: Tz::UTC,
        };
        assert_eq!(
            f.money("15000".parse().unwrap(), &czk),
            "15\u{a0}000,00 CZK"
        );
        assert_eq!(f.decimal("99.95".parse().unwrap()), "99,95");
    }

    #[test]
    fn dates_and_offsets_in_the_display_zone() {
        let (en, cs) = (english(), czech());
        let day = NaiveDate::from_ymd_opt(2019, 7, 12).unwrap();
        let f = Format {
            words: &en,
            zone: Tz::Europe__Prague,
        };
        assert_eq!(f.date_long(day), "12 July 2019");
        assert_eq!(f.date_short(day), "12 Jul 2019");
        let winter = DateTime::parse_from_rfc3339("2026-03-29T00:30:00Z").unwrap();
        let summer = DateTime::parse_from_rfc3339("2026-03-29T01:30:00Z").unwrap();
        assert_eq!(f.offset(winter), "UTC+01:00");
        assert_eq!(f.offset(summer), "UTC+02:00");
        assert_eq!(f.local(summer).format("%H:%M").to_string(), "03:30");
        let f = Format {
            words: &cs,
            zone: Tz::America__St_Johns,
        };
        assert_eq!(f.date_long(day), "12. července 2019");
        assert_eq!(f.date_short(day), "12. 7. 2019");
        assert_eq!(f.offset(winter), "UTC-02:30");
    }

    #[test]
    fn cells_stay_on_one_line() {
        assert_eq!(cell("a | b\nc"), "a \\| b c");
    }
}
