//! Parsers for the scalars kept as text by `read`: dates, times, decimals, zones.
//!
//! Each returns the value or a message that says what is wrong and what is expected.

use std::str::FromStr;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime};
use chrono_tz::Tz;
use rust_decimal::Decimal;

/// A calendar date written `YYYY-MM-DD`.
pub fn date(text: &str) -> Result<NaiveDate, String> {
    let shaped = text.len() == 10
        && text.bytes().enumerate().all(|(i, b)| match i {
            4 | 7 => b == b'-',
            _ => b.is_ascii_digit(),
        });
    if !shaped {
        return Err(format!(
            "`{}` is not a date; expected YYYY-MM-DD, e.g. 2026-07-05",
            clip(text)
        ));
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| format!("`{text}` is not a day of the calendar; check the month and day"))
}

/// An RFC 3339 instant that carries its UTC offset.
pub fn instant(text: &str) -> Result<DateTime<FixedOffset>, String> {
    if let Ok(at) = DateTime::parse_from_rfc3339(text) {
        return Ok(at);
    }
    let example = "e.g. 2026-07-02T13:42:00Z or 2026-07-02T15:42:00+02:00";
    for form in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S%.f",
    ] {
        if NaiveDateTime::parse_from_str(text, form).is_ok() {
            return Err(format!(
                "the time `{text}` has no UTC offset; add `Z` for UTC or the offset, {example}"
            ));
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
    Err(format!(
        "`{}` is not a decimal number; expected digits with an optional point, e.g. 12000.00",
        clip(text)
    ))
}

/// An IANA time-zone name.
pub fn zone(text: &str) -> Result<Tz, String> {
    Tz::from_str(text).map_err(|_| {
        format!(
            "`{}` is not an IANA time zone; expected a name like Europe/Prague, America/New_York or UTC",
            clip(text)
        )
    })
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
    fn zones_are_iana_names() {
        assert_eq!(zone("Europe/Prague").unwrap(), Tz::Europe__Prague);
        assert!(zone("CEST+2").is_err());
    }
}
