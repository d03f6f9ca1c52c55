//! Locale data from CLDR through ICU4X (compiled in, nothing downloaded):
//! numbers, dates, plural categories and time-zone names for one locale.

use chrono::{Datelike, NaiveDate};
use fixed_decimal::Decimal as IcuDecimal;
use icu_datetime::fieldsets::YMD;
use icu_datetime::fieldsets::zone::{GenericLong, SpecificLong};
use icu_datetime::input::{Date, TimeZone, UtcOffset};
use icu_datetime::{FixedCalendarDateTimeFormatter, NoCalendarFormatter};
use icu_decimal::DecimalFormatter;
use icu_locale_core::Locale;
use icu_plurals::{PluralCategory, PluralRules};
use icu_time::zone::ZoneNameTimestamp;
use rust_decimal::Decimal;

/// The CLDR formatters of one locale.
pub struct Cldr {
    decimal: DecimalFormatter,
    plurals: PluralRules,
    date_long: FixedCalendarDateTimeFormatter<icu_calendar::Gregorian, YMD>,
    date_medium: FixedCalendarDateTimeFormatter<icu_calendar::Gregorian, YMD>,
    date_short: FixedCalendarDateTimeFormatter<icu_calendar::Gregorian, YMD>,
    zone: NoCalendarFormatter<GenericLong>,
    zone_specific: NoCalendarFormatter<SpecificLong>,
}

impl std::fmt::Debug for Cldr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Cldr").finish_non_exhaustive()
    }
}

/// A plural category, as the language files name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Plural {
    /// `zero`.
    Zero,
    /// `one`.
    One,
    /// `two`.
    Two,
    /// `few`.
    Few,
    /// `many`.
    Many,
    /// `other`.
    Other,
}

impl Cldr {
    /// The formatters for a BCP 47 tag (`vi-VN`, `cs`, `en-GB`). A tag CLDR
    /// does not know falls back to its parent locales, at worst the root.
    pub fn new(tag: &str) -> Result<Cldr, String> {
        let locale = Locale::try_from_str(tag)
            .map_err(|e| format!("`{tag}` is not a locale ICU4X can read: {e}"))?;
        let failed =
            |what: &str, e: &dyn std::fmt::Display| format!("no CLDR {what} data for `{tag}`: {e}");
        Ok(Cldr {
            decimal: DecimalFormatter::try_new((&locale).into(), Default::default())
                .map_err(|e| failed("number", &e))?,
            plurals: PluralRules::try_new_cardinal((&locale).into())
                .map_err(|e| failed("plural", &e))?,
            date_long: FixedCalendarDateTimeFormatter::try_new((&locale).into(), YMD::long())
                .map_err(|e| failed("date", &e))?,
            date_medium: FixedCalendarDateTimeFormatter::try_new((&locale).into(), YMD::medium())
                .map_err(|e| failed("date", &e))?,
            date_short: FixedCalendarDateTimeFormatter::try_new((&locale).into(), YMD::short())
                .map_err(|e| failed("date", &e))?,
            zone: NoCalendarFormatter::try_new((&locale).into(), GenericLong)
                .map_err(|e| failed("time zone", &e))?,
            zone_specific: NoCalendarFormatter::try_new((&locale).into(), SpecificLong)
                .map_err(|e| failed("time zone", &e))?,
        })
    }

    /// A decimal as written (its scale kept), grouped the locale's way.
    /// The digits go through text, never through a float.
    #[must_use]
    pub fn decimal(&self, d: Decimal) -> String {
        match d.to_string().parse::<IcuDecimal>() {
            Ok(fixed) => self.decimal.format(&fixed).to_string(),
            Err(_) => d.to_string(),
        }
    }

    /// The plural category of a number as it is shown (scale kept).
    #[must_use]
    pub fn plural(&self, d: Decimal) -> Plural {
        let category = match d.to_string().parse::<IcuDecimal>() {
            Ok(fixed) => self.plurals.category_for(&fixed),
            Err(_) => PluralCategory::Other,
        };
        match category {
            PluralCategory::Zero => Plural::Zero,
            PluralCategory::One => Plural::One,
            PluralCategory::Two => Plural::Two,
            PluralCategory::Few => Plural::Few,
            PluralCategory::Many => Plural::Many,
            PluralCategory::Other => Plural::Other,
        }
    }

    /// A date in words: `12 July 2019`, `12. července 2019`, `ngày 12 tháng 7 năm 2019`.
    #[must_use]
    pub fn date_long(&self, d: NaiveDate) -> String {
        self.date(&self.date_long, d)
    }

    /// A short date for tables: `12 Jul 2019`, `12. 7. 2019`.
    #[must_use]
    pub fn date_medium(&self, d: NaiveDate) -> String {
        self.date(&self.date_medium, d)
    }

    /// A numeric date: `12/07/2019`.
    #[must_use]
    pub fn date_short(&self, d: NaiveDate) -> String {
        self.date(&self.date_short, d)
    }

    fn date(
        &self,
        formatter: &FixedCalendarDateTimeFormatter<icu_calendar::Gregorian, YMD>,
        d: NaiveDate,
    ) -> String {
        let month = u8::try_from(d.month()).unwrap_or(1);
        let day = u8::try_from(d.day()).unwrap_or(1);
        match Date::try_new_gregorian(d.year(), month, day) {
            Ok(date) => formatter.format(&date).to_string(),
            Err(_) => d.to_string(),
        }
    }

    /// The zone's name for people at an instant, or `None` when CLDR has no
    /// name for it. `summer` (the offset is the zone's daylight-saving one)
    /// asks for the specific name that says so (`Central European Summer
    /// Time`, `středoevropský letní čas`); otherwise the generic name, which
    /// is what people call standard time (`Central European Time`,
    /// `středoevropský čas`, `giờ Đông Dương`) and is also right for a
    /// stretch of time with both offsets.
    #[must_use]
    pub fn zone_name(
        &self,
        iana: &str,
        offset_seconds: i32,
        at_epoch: i64,
        summer: bool,
    ) -> Option<String> {
        let zone = TimeZone::from_iana_id(iana);
        if zone == TimeZone::UNKNOWN {
            return None;
        }
        let info = zone
            .with_offset(UtcOffset::try_from_seconds(offset_seconds).ok())
            .with_zone_name_timestamp(ZoneNameTimestamp::from_epoch_seconds(at_epoch));
        // Without a name CLDR falls back to an offset (`GMT+7`), which the
        // letter already shows.
        let named =
            |name: String| (!name.starts_with("GMT") && !name.starts_with("UTC")).then_some(name);
        let specific = summer
            .then(|| named(self.zone_specific.format(&info).to_string()))
            .flatten();
        // A zone with no summer name of its own keeps its generic one, true all year.
        specific.or_else(|| named(self.zone.format(&info).to_string()))
    }
}
