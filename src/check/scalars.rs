//! Parsers for the scalars kept as text by `read`: dates, times, decimals, zones.
//!
//! Each returns the value or a message that says what is wrong and what is expected.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime};
use rust_decimal::Decimal;

use super::Zone;

/// A calendar date written `YYYY-MM-DD`.
pub fn date(text: &str) -> Result<NaiveDate, String> {
    let shaped = text.len() == 10
        && text.bytes().enumerate().all(|(i, b)| match i {
            4 | 7 => b == b'-',
            _ => b.is_ascii_digit(),
        });
    if !shaped {
        return Err(match meant_date(text) {
            Some(Ok(day)) => format!("`{text}` is not written YYYY-MM-DD; write {day}"),
            Some(Err(either)) => format!(
                "`{text}` is not written YYYY-MM-DD, and could mean {either}; write the one meant as YYYY-MM-DD"
            ),
            None => format!(
                "`{}` is not a date; expected YYYY-MM-DD, e.g. 2026-07-05",
                clip(text)
            ),
        });
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| format!("`{text}` is not a day of the calendar; check the month and day"))
}

/// What a day written `D/M/YYYY`, `M/D/YYYY` or `D.M.YYYY` means: the day
/// when only one reading is a real date (dots are always day first), else
/// both readings; None when it is not such a date at all.
fn meant_date(text: &str) -> Option<Result<NaiveDate, String>> {
    let sep = if text.contains('/') { '/' } else { '.' };
    let parts: Vec<&str> = text.split(sep).collect();
    let [a, b, year] = parts.as_slice() else {
        return None;
    };
    let short = |p: &str| (1..=2).contains(&p.len()) && p.bytes().all(|c| c.is_ascii_digit());
    if !(short(a) && short(b) && year.len() == 4 && year.bytes().all(|c| c.is_ascii_digit())) {
        return None;
    }
    let (a, b, year): (u32, u32, i32) = (a.parse().ok()?, b.parse().ok()?, year.parse().ok()?);
    let day_first = NaiveDate::from_ymd_opt(year, b, a);
    if sep == '.' {
        return day_first.map(Ok);
    }
    let month_first = NaiveDate::from_ymd_opt(year, a, b);
    match (day_first, month_first) {
        (Some(d), Some(m)) if d != m => Some(Err(format!("{d} or {m}"))),
        (Some(d), _) => Some(Ok(d)),
        (None, Some(m)) => Some(Ok(m)),
        (None, None) => None,
    }
}

/// An RFC 3339 instant that carries its UTC offset.
pub fn instant(text: &str) -> Result<DateTime<FixedOffset>, String> {
    instant_in(text, None)
}

/// An RFC 3339 instant; when the offset is missing, the message shows the
/// time with the offset `zone` has at that moment.
pub fn instant_in(text: &str, zone: Option<&Zone>) -> Result<DateTime<FixedOffset>, String> {
    if let Ok(at) = DateTime::parse_from_rfc3339(text) {
        return Ok(at);
    }
    let example = "e.g. 2026-07-02T13:42:00Z or 2026-07-02T15:42:00+02:00";
    for form in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S%.f",
    ] {
        if let Ok(local) = NaiveDateTime::parse_from_str(text, form) {
            let with_offset = zone.and_then(|zone| {
                let at = zone.from_local(local)?;
                Some((at.to_rfc3339(), zone))
            });
            return Err(match with_offset {
                Some((at, zone)) if zone.name() != "UTC" => format!(
                    "the time `{text}` has no UTC offset; in the report's time zone ({zone}) write {at}, or add the offset it was taken in"
                ),
                _ => format!(
                    "the time `{text}` has no UTC offset; add `Z` for UTC or the offset, {example}"
                ),
            });
        }
    }
    if let Some(offset) = offset_suffix(text)
        && (offset.0 > 23 || offset.1 > 59)
    {
        return Err(format!(
            "the offset in `{text}` is out of range; offsets run from -23:59 to +23:59"
        ));
    }
    if NaiveDate::parse_from_str(text, "%Y-%m-%d").is_ok() {
        return Err(format!(
            "`{text}` is a date without a time; expected a time with an offset, {example}"
        ));
    }
    Err(format!(
        "`{}` is not an RFC 3339 time with an offset; expected {example}",
        clip(text)
    ))
}

/// The hours and minutes of a trailing `+HH:MM` or `-HH:MM`, if the text ends so.
fn offset_suffix(text: &str) -> Option<(u32, u32)> {
    let tail = text.get(text.len().checked_sub(6)?..)?;
    let bytes = tail.as_bytes();
    if !(bytes[0] == b'+' || bytes[0] == b'-') || bytes[3] != b':' {
        return None;
    }
    Some((tail[1..3].parse().ok()?, tail[4..6].parse().ok()?))
}

/// A decimal number written plainly (`12000`, `12000.50`, `"99.95"`).
pub fn decimal(text: &str) -> Result<Decimal, String> {
    let plain = !text.is_empty()
        && text.len() <= 40
        && text
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b'.' || b == b'-' || b == b'+');
    if plain && let Ok(value) = Decimal::from_str_exact(text) {
        return Ok(value);
    }
    if text.contains(['e', 'E']) && text.len() <= 40 {
        return Err(format!(
            "`{text}` is written in exponent form or is far too large; write the number out, e.g. 12000.00"
        ));
    }
    Err(match plain_form(text) {
        Some(fixed) => format!("`{text}` is not a plain decimal number; write {fixed}"),
        None => format!(
            "`{}` is not a decimal number; expected digits with an optional point, e.g. 12000.00",
            clip(text)
        ),
    })
}

/// The plain form of a number written with a `%` sign or with thousands
/// grouped by commas or spaces (`99.9%` -> `99.9`, `3,475.00` -> `3475.00`),
/// when that is all that is wrong with it.
fn plain_form(text: &str) -> Option<String> {
    let bare = text.trim().trim_end_matches('%').trim_end();
    let (whole, fraction) = match bare.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (bare, None),
    };
    let groups: Vec<&str> = whole.split([',', ' ', '\u{a0}', '\u{202f}']).collect();
    let grouped = groups.len() > 1
        && (1..=3).contains(&groups[0].len())
        && groups[1..].iter().all(|g| g.len() == 3);
    if groups.len() > 1 && !grouped {
        return None;
    }
    let fixed = match fraction {
        Some(f) => format!("{}.{f}", groups.concat()),
        None => groups.concat(),
    };
    (fixed != text && fixed.len() <= 40 && Decimal::from_str_exact(&fixed).is_ok()).then_some(fixed)
}

/// An IANA time-zone name.
pub fn zone(text: &str) -> Result<Zone, String> {
    Zone::named(text).ok_or_else(|| {
        format!(
            "`{}` is not an IANA time zone; expected a name like Europe/Prague, America/New_York or UTC",
            clip(text)
        )
    })
}

/// An ISO 4217 currency code in use, with its minor units; a superseded
/// code (HRK, BGN, VES ...) names the one that replaced it.
pub fn currency(text: &str) -> Result<super::Currency, String> {
    let code = text.trim().to_ascii_uppercase();
    let found = iso_currency::Currency::from_code(&code);
    // Our table knows when each was replaced; iso_currency's flag covers the rest.
    if let Some((successor, since)) = superseded(&code) {
        return Err(format!(
            "`{code}` was replaced by {successor} on {since}; credits go on an invoice in {successor}, \
             so state the contract's amounts in {successor}"
        ));
    }
    if let Some(newer) = found.and_then(|c| c.is_superseded()) {
        return Err(format!(
            "`{code}` is a superseded currency, replaced by {}; write the contract in {}",
            newer.code(),
            newer.code()
        ));
    }
    match found.and_then(|c| c.exponent()) {
        Some(exponent) => Ok(super::Currency {
            code,
            minor_units: u32::from(exponent),
        }),
        None => Err(format!(
            "`{}` is not an ISO 4217 currency code; expected a code like EUR, USD, CZK, JPY or VND",
            clip(text)
        )),
    }
}

/// Long values are shortened in messages so one bad value cannot flood the terminal.
pub fn clip(text: &str) -> String {
    const MAX: usize = 60;
    if text.chars().count() <= MAX {
        text.to_owned()
    } else {
        let head: String = text.chars().take(MAX).collect();
        format!("{head}…")
    }
}

/// Currencies that have been replaced, with their successor and the day
/// the change took effect: credits are paid on a future invoice, which can
/// only be in the successor.
const SUPERSEDED: &[(&str, &str, &str)] = &[
    ("BGN", "EUR", "2026-01-01"),
    ("HRK", "EUR", "2023-01-01"),
    ("LTL", "EUR", "2015-01-01"),
    ("LVL", "EUR", "2014-01-01"),
    ("EEK", "EUR", "2011-01-01"),
    ("SKK", "EUR", "2009-01-01"),
    ("CYP", "EUR", "2008-01-01"),
    ("MTL", "EUR", "2008-01-01"),
    ("SIT", "EUR", "2007-01-01"),
    ("SLL", "SLE", "2022-07-01"),
    ("VEF", "VES", "2018-08-20"),
    ("MRO", "MRU", "2018-01-01"),
    ("STD", "STN", "2018-01-01"),
    ("ZMK", "ZMW", "2013-01-01"),
    ("CUC", "CUP", "2021-01-01"),
    ("ZWL", "ZWG", "2024-04-05"),
    ("GHC", "GHS", "2007-07-01"),
    ("TRL", "TRY", "2005-01-01"),
    ("ROL", "RON", "2005-07-01"),
];

/// The successor of a replaced currency and since when: `HRK` -> (`EUR`, `2023-01-01`).
#[must_use]
pub fn superseded(code: &str) -> Option<(&'static str, &'static str)> {
    SUPERSEDED
        .iter()
        .find(|(old, _, _)| old.eq_ignore_ascii_case(code))
        .map(|&(_, new, since)| (new, since))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_must_exist_and_be_padded() {
        assert!(date("2026-07-05").is_ok());
        assert!(
            date("2026-02-30")
                .unwrap_err()
                .contains("not a day of the calendar")
        );
        assert!(date("2026-7-5").unwrap_err().contains("YYYY-MM-DD"));
        assert!(date("2024-02-29").is_ok());
    }

    #[test]
    fn instants_need_an_offset_in_range() {
        let at = instant("2026-07-02T15:42:00+02:00").unwrap();
        assert_eq!(at.to_utc().to_rfc3339(), "2026-07-02T13:42:00+00:00");
        assert!(
            instant("2026-07-02T13:42:00")
                .unwrap_err()
                .contains("no UTC offset")
        );
        assert!(
            instant("2026-07-02T13:42:00+25:00")
                .unwrap_err()
                .contains("out of range")
        );
        assert!(
            instant("2026-07-02")
                .unwrap_err()
                .contains("without a time")
        );
        assert!(instant("soon").unwrap_err().contains("not an RFC 3339"));
    }

    #[test]
    fn decimals_are_exact_and_plain() {
        assert_eq!(decimal("12000.10").unwrap().to_string(), "12000.10");
        assert!(decimal("1e30").unwrap_err().contains("exponent"));
        assert!(decimal("12,000").is_err());
        assert!(decimal("").is_err());
    }

    #[test]
    fn hints_show_the_plain_form() {
        assert_eq!(
            decimal("99.9%").unwrap_err(),
            "`99.9%` is not a plain decimal number; write 99.9"
        );
        assert_eq!(
            decimal("3,475.00").unwrap_err(),
            "`3,475.00` is not a plain decimal number; write 3475.00"
        );
        assert!(
            decimal("3,47,5")
                .unwrap_err()
                .contains("not a decimal number")
        );
        assert_eq!(
            date("30/06/2021").unwrap_err(),
            "`30/06/2021` is not written YYYY-MM-DD; write 2021-06-30"
        );
        assert_eq!(
            date("06/30/2021").unwrap_err(),
            "`06/30/2021` is not written YYYY-MM-DD; write 2021-06-30"
        );
        assert_eq!(
            date("3.7.2026").unwrap_err(),
            "`3.7.2026` is not written YYYY-MM-DD; write 2026-07-03"
        );
        assert_eq!(
            date("01/02/2021").unwrap_err(),
            "`01/02/2021` is not written YYYY-MM-DD, and could mean 2021-02-01 or 2021-01-02; write the one meant as YYYY-MM-DD"
        );
        assert_eq!(
            instant_in("2026-07-02T13:42:00", Zone::named("Europe/Prague").as_ref()).unwrap_err(),
            "the time `2026-07-02T13:42:00` has no UTC offset; in the report's time zone (Europe/Prague) write 2026-07-02T13:42:00+02:00, or add the offset it was taken in"
        );
    }

    #[test]
    fn zones_are_iana_names() {
        assert_eq!(zone("Europe/Prague").unwrap().name(), "Europe/Prague");
        assert!(zone("CEST+2").is_err());
    }
}

/// A `#RRGGBB` colour as red, green, blue; `None` for anything else.
#[must_use]
pub fn rgb(text: &str) -> Option<[u8; 3]> {
    let hex = text.strip_prefix('#')?;
    if hex.len() != 6 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let component = |i: usize| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok();
    Some([component(0)?, component(2)?, component(4)?])
}

#[cfg(test)]
mod rgb_tests {
    use super::rgb;

    #[test]
    fn reads_hex_colours_and_refuses_the_rest() {
        assert_eq!(rgb("#0B5Fa5"), Some([0x0B, 0x5F, 0xA5]));
        assert_eq!(rgb("#000000"), Some([0, 0, 0]));
        for bad in [
            "0B5FA5", "#0B5FA", "#0B5FA50", "#0B5FAZ", "#", "", "#+B5FA5", "#éé5FA",
        ] {
            assert_eq!(rgb(bad), None, "{bad}");
        }
    }
}
