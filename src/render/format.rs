//! Formatting of dates, times, durations, numbers and money in the report's language.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate};
use rust_decimal::Decimal;

use super::cldr::Cldr;
use super::wording::{Plurals, TableDates, Wording, fill};
use crate::check::{Currency, Zone};

/// Formats values the way one language writes them.
#[derive(Debug, Clone, Copy)]
pub struct Format<'a> {
    /// The language's words.
    pub words: &'a Wording,
    /// The language's CLDR data.
    pub cldr: &'a Cldr,
    /// The zone times are shown in.
    pub zone: &'a Zone,
}

impl Format<'_> {
    /// `12 July 2019`, from CLDR or the language's own pattern.
    #[must_use]
    pub fn date_long(&self, d: NaiveDate) -> String {
        match &self.words.date_long {
            Some(pattern) => fill(
                pattern,
                &[
                    ("day", &d.day().to_string()),
                    ("month", &d.month().to_string()),
                    ("year", &d.year().to_string()),
                ],
            ),
            None => self.cldr.date_long(d),
        }
    }

    /// A date in a table: `12 Jul 2019`, `12/07/2019`, from CLDR.
    #[must_use]
    pub fn date_short(&self, d: NaiveDate) -> String {
        match self.words.table_dates {
            TableDates::Medium => self.cldr.date_medium(d),
            TableDates::Short => self.cldr.date_short(d),
        }
    }

    /// An instant in the display zone.
    #[must_use]
    pub fn local(&self, at: DateTime<FixedOffset>) -> DateTime<FixedOffset> {
        self.zone.local(at)
    }

    fn offset_seconds(&self, at: DateTime<FixedOffset>) -> i32 {
        self.zone.offset_at(at).local_minus_utc()
    }

    /// The display zone's offset at an instant, `UTC+02:00`.
    #[must_use]
    pub fn offset(&self, at: DateTime<FixedOffset>) -> String {
        let seconds = self.offset_seconds(at);
        let sign = if seconds < 0 { '-' } else { '+' };
        let minutes = seconds.abs() / 60;
        format!("UTC{sign}{:02}:{:02}", minutes / 60, minutes % 60)
    }

    /// The display zone named for people at an instant, without the offset:
    /// `Central European Summer Time` when daylight-saving time is in force
    /// then, `Central European Time` otherwise; the IANA id when CLDR has no name.
    #[must_use]
    pub fn zone_name(&self, at: DateTime<FixedOffset>) -> String {
        self.named_zone(at, self.zone.is_summer_at(at))
    }

    /// The display zone's generic name (`Central European Time`), for a
    /// stretch of time with more than one offset.
    #[must_use]
    pub fn zone_name_generic(&self, at: DateTime<FixedOffset>) -> String {
        self.named_zone(at, false)
    }

    fn named_zone(&self, at: DateTime<FixedOffset>, summer: bool) -> String {
        match self.cldr.zone_name(
            self.zone.name(),
            self.offset_seconds(at),
            at.timestamp(),
            summer,
        ) {
            Some(name) if self.words.zone_name_lower_case => lower_first(&name),
            Some(name) => name,
            None => self.zone.name().to_owned(),
        }
    }

    /// A whole number with the language's grouping: `182,000`.
    #[must_use]
    pub fn integer(&self, n: i128) -> String {
        self.cldr.decimal(Decimal::from_i128_with_scale(n, 0))
    }

    /// A decimal as written (scale kept), grouped: `1,200.50`, `99.95`.
    #[must_use]
    pub fn decimal(&self, d: Decimal) -> String {
        self.cldr.decimal(d)
    }

    /// A decimal without trailing zeros: `2`, `0.5`.
    #[must_use]
    pub fn number(&self, d: Decimal) -> String {
        self.decimal(d.normalize())
    }

    /// The form of a phrase for a count: `1 zpráva`, `3 zprávy`, `5 zpráv`.
    #[must_use]
    pub fn plural(&self, forms: &Plurals, count: Decimal) -> String {
        let shown = self.number(count);
        fill(
            forms.pick(self.cldr.plural(count.normalize())),
            &[("count", &shown), ("n", &shown)],
        )
    }

    /// Money in the currency's minor units: `USD 1,200.00`, `2 500,00 CZK`.
    #[must_use]
    pub fn money(&self, amount: Decimal, currency: &Currency) -> String {
        let mut rounded = crate::figures::compensation::round(amount, currency.minor_units);
        rounded.rescale(currency.minor_units);
        fill(
            &self.words.money,
            &[("code", &currency.code), ("amount", &self.decimal(rounded))],
        )
    }

    /// A duration in whole seconds, exact, for tables: `27 min`, `1 h 5 min`.
    #[must_use]
    pub fn duration(&self, seconds: i64) -> String {
        let u = &self.words.units;
        let shown: Vec<String> = parts(seconds)
            .iter()
            .zip([&u.day, &u.hour, &u.minute, &u.second])
            .filter(|(n, _)| **n > 0)
            .map(|(n, unit)| format!("{}\u{a0}{unit}", self.integer(i128::from(*n))))
            .collect();
        if shown.is_empty() {
            format!("0\u{a0}{}", u.minute)
        } else {
            shown.join(" ")
        }
    }

    /// A duration in words for sentences: `1 hour 5 minutes`, `5 dní`.
    #[must_use]
    pub fn duration_words(&self, seconds: i64) -> String {
        let d = &self.words.durations;
        let shown: Vec<String> = parts(seconds)
            .iter()
            .zip([&d.day, &d.hour, &d.minute, &d.second])
            .filter(|(n, _)| **n > 0)
            .map(|(n, forms)| self.plural(forms, Decimal::from(*n)))
            .collect();
        match (&self.words.duration_separator, shown.is_empty()) {
            (_, true) => self.plural(&d.minute, Decimal::ZERO),
            (Some(separator), false) => shown.join(separator),
            (None, false) => self.list(&shown),
        }
    }

    /// A number of days in words: `1.5 days`, `1,5 dne`.
    #[must_use]
    pub fn days(&self, days: Decimal) -> String {
        self.plural(&self.words.durations.day, days)
    }

    /// A service name as running text quotes it: `„Fakturace“`.
    #[must_use]
    pub fn quoted(&self, name: &str) -> String {
        fill(&self.words.quoted, &[("text", name)])
    }

    /// The affected services in running text: `služeb „A“ a „B“`.
    #[must_use]
    pub fn services(&self, names: &[String]) -> String {
        let quoted: Vec<String> = names.iter().map(|n| self.quoted(n)).collect();
        let list = self.list(&quoted);
        fill(
            self.words
                .services
                .pick(self.cldr.plural(Decimal::from(names.len()))),
            &[("names", &list)],
        )
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

/// `Giờ Đông Dương` -> `giờ Đông Dương`.
fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Days, hours, minutes and seconds of a duration (never negative).
fn parts(seconds: i64) -> [i64; 4] {
    let s = seconds.max(0);
    [s / 86_400, s % 86_400 / 3600, s % 3600 / 60, s % 60]
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
    use crate::render::locale_tag;
    use crate::render::wording::Wording;

    fn zone(name: &str) -> Zone {
        Zone::named(name).unwrap()
    }

    fn wording(code: &str) -> Wording {
        let text = crate::render::templates::BUILTIN
            .iter()
            .find(|(name, _)| *name == format!("lang/{code}.yaml"))
            .unwrap()
            .1;
        Wording::parse(text).unwrap()
    }

    /// The wording and CLDR data of a tag, as `render` picks them.
    fn language(tag: &str) -> (Wording, Cldr) {
        let w = wording(tag.split('-').next().unwrap());
        let cldr = Cldr::new(&locale_tag(tag, &w)).unwrap();
        (w, cldr)
    }

    fn currency(code: &str, minor_units: u32) -> Currency {
        Currency {
            code: code.into(),
            minor_units,
        }
    }

    fn dec(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn durations_are_exact_short_in_tables_and_in_words_in_sentences() {
        let (w, c) = language("en");
        let f = Format {
            words: &w,
            cldr: &c,
            zone: &Zone::utc(),
        };
        assert_eq!(f.duration(27 * 60), "27\u{a0}min");
        assert_eq!(f.duration(3665), "1\u{a0}h 1\u{a0}min 5\u{a0}s");
        assert_eq!(f.duration_words(3665), "1 hour, 1 minute and 5 seconds");
        assert_eq!(
            f.duration_words(2 * 86_400 + 3 * 3600),
            "2 days and 3 hours"
        );
        let (w, c) = language("cs");
        let f = Format {
            words: &w,
            cldr: &c,
            zone: &Zone::utc(),
        };
        // Czech plural forms, accusative: 1 hodinu, 2-4 hodiny, 5 hodin.
        assert_eq!(f.duration_words(3600), "1\u{a0}hodinu");
        assert_eq!(f.duration_words(3 * 3600), "3\u{a0}hodiny");
        assert_eq!(
            f.duration_words(5 * 86_400 + 5 * 60),
            "5\u{a0}dní a 5\u{a0}minut"
        );
        assert_eq!(f.days(dec("1.5")), "1,5\u{a0}dne");
        let (w, c) = language("vi");
        let f = Format {
            words: &w,
            cldr: &c,
            zone: &Zone::utc(),
        };
        assert_eq!(
            f.duration_words(6 * 3600 + 40 * 60),
            "6\u{a0}giờ 40\u{a0}phút"
        );
    }

    #[test]
    fn czech_messages_take_the_cldr_plural_form() {
        let (w, c) = language("cs");
        let f = Format {
            words: &w,
            cldr: &c,
            zone: &Zone::utc(),
        };
        let said = |n: u32| f.plural(&w.messages, Decimal::from(n));
        assert!(said(1).ends_with("jednu zprávu."));
        assert!(said(3).ends_with("3\u{a0}zprávy."));
        assert!(said(5).ends_with("5\u{a0}zpráv."));
    }

    /// Numbers and money as CLDR writes them, with a no-break space between
    /// amount and currency.
    #[test]
    fn money_and_numbers_follow_cldr() {
        let (w, c) = language("en");
        let f = Format {
            words: &w,
            cldr: &c,
            zone: &Zone::utc(),
        };
        assert_eq!(
            f.money(dec("1200"), &currency("USD", 2)),
            "USD\u{a0}1,200.00"
        );
        assert_eq!(
            f.money(dec("32258.06"), &currency("VND", 0)),
            "VND\u{a0}32,258"
        );
        assert_eq!(f.decimal(dec("15000.00")), "15,000.00");
        assert_eq!(f.integer(182_000), "182,000");
        let (w, c) = language("cs-CZ");
        let f = Format {
            words: &w,
            cldr: &c,
            zone: &Zone::utc(),
        };
        assert_eq!(
            f.money(dec("2500"), &currency("CZK", 2)),
            "2\u{a0}500,00\u{a0}CZK"
        );
        assert_eq!(f.decimal(dec("15000.00")), "15\u{a0}000,00");
        assert_eq!(f.decimal(dec("99.95")), "99,95");
        let (w, c) = language("vi-VN");
        let f = Format {
            words: &w,
            cldr: &c,
            zone: &Zone::utc(),
        };
        assert_eq!(
            f.money(dec("46900000"), &currency("VND", 0)),
            "46.900.000\u{a0}VND"
        );
        assert_eq!(f.decimal(dec("15000.00")), "15.000,00");
    }

    #[test]
    fn dates_and_zones_follow_cldr() {
        let day = NaiveDate::from_ymd_opt(2019, 7, 12).unwrap();
        let winter = DateTime::parse_from_rfc3339("2026-03-29T00:30:00Z").unwrap();
        let summer = DateTime::parse_from_rfc3339("2026-03-29T01:30:00Z").unwrap();
        let (w, c) = language("en");
        let f = Format {
            words: &w,
            cldr: &c,
            zone: &zone("Europe/Prague"),
        };
        assert_eq!(f.date_long(day), "12 July 2019");
        assert_eq!(f.date_short(day), "12 Jul 2019");
        assert_eq!(f.offset(winter), "UTC+01:00");
        assert_eq!(f.offset(summer), "UTC+02:00");
        assert_eq!(f.local(summer).format("%H:%M").to_string(), "03:30");
        assert_eq!(f.zone_name(winter), "Central European Time");
        assert_eq!(f.zone_name(summer), "Central European Summer Time");
        assert_eq!(f.zone_name_generic(summer), "Central European Time");
        let (w, c) = language("cs");
        let f = Format {
            words: &w,
            cldr: &c,
            zone: &zone("Europe/Prague"),
        };
        assert_eq!(f.date_long(day), "12. července 2019");
        assert_eq!(f.date_short(day), "12. 7. 2019");
        assert_eq!(f.zone_name(winter), "středoevropský čas");
        assert_eq!(f.zone_name(summer), "středoevropský letní čas");
        assert_eq!(f.zone_name_generic(summer), "středoevropský čas");
        let (w, c) = language("vi");
        let f = Format {
            words: &w,
            cldr: &c,
            zone: &zone("Europe/Prague"),
        };
        assert_eq!(f.zone_name(winter), "giờ Trung Âu");
        assert_eq!(f.zone_name(summer), "giờ mùa hè Trung Âu");
        let (w, c) = language("vi");
        let f = Format {
            words: &w,
            cldr: &c,
            zone: &zone("Asia/Ho_Chi_Minh"),
        };
        assert_eq!(f.date_long(day), "ngày 12 tháng 7 năm 2019");
        assert_eq!(f.date_short(day), "12/07/2019");
        assert_eq!(f.zone_name(winter), "giờ Đông Dương");
        let f = Format {
            words: &w,
            cldr: &c,
            zone: &zone("America/St_Johns"),
        };
        assert_eq!(f.offset(winter), "UTC-02:30");
    }

    #[test]
    fn cells_stay_on_one_line() {
        assert_eq!(cell("a | b\nc"), "a \\| b c");
    }
}
