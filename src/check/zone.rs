//! The report's time zone: the one place where IANA zone data meets chrono.
//!
//! The data is jiff's bundled copy of the tz database, compiled into the
//! binary (no system zoneinfo), so the same incident file gives the same
//! bytes on every machine. It is TZif data read when a zone is first named,
//! not tables of pointers: the loader has nothing to relocate at start-up.
//! Everything outside this file keeps chrono types; instants cross here as
//! `DateTime<FixedOffset>` and come back with the zone's offset then.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDateTime, Timelike};
use jiff::tz::{TimeZone, TimeZoneDatabase};

/// An IANA time zone, as named in the incident file.
#[derive(Debug, Clone)]
pub struct Zone {
    name: Box<str>,
    data: TimeZone,
}

impl PartialEq for Zone {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name
    }
}

impl Eq for Zone {}

impl Zone {
    /// UTC, the zone of a report that names none.
    #[must_use]
    pub fn utc() -> Zone {
        Zone {
            name: "UTC".into(),
            data: TimeZone::UTC,
        }
    }

    /// The zone with exactly this IANA name (case as in the database), if any.
    #[must_use]
    pub fn named(name: &str) -> Option<Zone> {
        // `Factory` is tzdb's placeholder for "zone not yet set", not a place.
        if name == "Factory" {
            return None;
        }
        let data = TimeZoneDatabase::bundled().get(name).ok()?;
        // The database matches names ignoring case; a zone is written as named.
        (data.iana_name() == Some(name)).then(|| Zone {
            name: name.into(),
            data,
        })
    }

    /// The IANA name, e.g. `Europe/Prague`.
    #[must_use]
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The zone's offset from UTC at an instant.
    #[must_use]
    pub fn offset_at(&self, at: DateTime<FixedOffset>) -> FixedOffset {
        let seconds = self.data.to_offset(timestamp(at)).seconds();
        // jiff's offsets stay within ±25:59:59, chrono's within ±23:59:59;
        // tzdb's never come near either.
        FixedOffset::east_opt(seconds).unwrap_or(*at.offset())
    }

    /// Whether daylight-saving (summer) time is in force at an instant.
    #[must_use]
    pub fn is_summer_at(&self, at: DateTime<FixedOffset>) -> bool {
        self.data.to_offset_info(timestamp(at)).dst().is_dst()
    }

    /// An instant as the zone's clocks show it.
    #[must_use]
    pub fn local(&self, at: DateTime<FixedOffset>) -> DateTime<FixedOffset> {
        at.with_timezone(&self.offset_at(at))
    }

    /// The instant a wall-clock time in this zone names, when it names
    /// exactly one (not in a gap or an overlap of a clock change).
    #[must_use]
    pub fn from_local(&self, local: NaiveDateTime) -> Option<DateTime<FixedOffset>> {
        let civil = jiff::civil::DateTime::new(
            i16::try_from(local.year()).ok()?,
            i8::try_from(local.month()).ok()?,
            i8::try_from(local.day()).ok()?,
            i8::try_from(local.hour()).ok()?,
            i8::try_from(local.minute()).ok()?,
            i8::try_from(local.second()).ok()?,
            i32::try_from(local.nanosecond()).ok()?,
        )
        .ok()?;
        let at = self.data.to_ambiguous_timestamp(civil).unambiguous().ok()?;
        let offset = FixedOffset::east_opt(self.data.to_offset(at).seconds())?;
        let utc = DateTime::from_timestamp(at.as_second(), at.subsec_nanosecond().unsigned_abs())?;
        Some(utc.with_timezone(&offset))
    }
}

impl std::fmt::Display for Zone {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.name)
    }
}

/// An instant as jiff's timestamp; RFC 3339 reaches a day past jiff's last
/// (9999-12-31), which takes the last offset there is.
fn timestamp(at: DateTime<FixedOffset>) -> jiff::Timestamp {
    jiff::Timestamp::new(at.timestamp(), 0).unwrap_or(if at.timestamp() < 0 {
        jiff::Timestamp::MIN
    } else {
        jiff::Timestamp::MAX
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(text).unwrap()
    }

    #[test]
    fn names_are_exact_iana_names() {
        assert_eq!(
            Zone::named("Europe/Prague").unwrap().name(),
            "Europe/Prague"
        );
        assert_eq!(Zone::named("UTC"), Some(Zone::utc()));
        assert_eq!(Zone::named("Etc/UTC").unwrap().name(), "Etc/UTC");
        // Links of the `backward` file are accepted under their own name.
        assert_eq!(Zone::named("US/Eastern").unwrap().name(), "US/Eastern");
        for wrong in [
            "europe/prague",
            "utc",
            "Europe/Prag",
            "Factory",
            "Etc/Unknown",
            "",
            "CET ",
            "+02:00",
        ] {
            assert_eq!(Zone::named(wrong), None, "{wrong}");
        }
    }

    #[test]
    fn offsets_and_summer_time_follow_the_clock_changes() {
        let prague = Zone::named("Europe/Prague").unwrap();
        let winter = at("2026-03-29T00:59:59Z");
        let summer = at("2026-03-29T01:00:00Z");
        assert_eq!(prague.offset_at(winter).local_minus_utc(), 3600);
        assert_eq!(prague.offset_at(summer).local_minus_utc(), 7200);
        assert!(!prague.is_summer_at(winter));
        assert!(prague.is_summer_at(summer));
        assert_eq!(
            prague.local(summer).to_rfc3339(),
            "2026-03-29T03:00:00+02:00"
        );
        let st_johns = Zone::named("America/St_Johns").unwrap();
        // Newfoundland's summer time began on 8 March: UTC-02:30.
        assert_eq!(
            st_johns.offset_at(winter).local_minus_utc(),
            -(2 * 3600 + 1800)
        );
        assert!(!Zone::utc().is_summer_at(summer));
        // Ireland's summer is its daylight time, whatever tzdb's sign of SAVE.
        let dublin = Zone::named("Europe/Dublin").unwrap();
        assert!(dublin.is_summer_at(at("2026-07-01T12:00:00Z")));
        assert!(!dublin.is_summer_at(at("2026-01-01T12:00:00Z")));
        // The far ends of RFC 3339 get an offset, not a panic.
        assert_eq!(
            prague
                .offset_at(at("9999-12-31T23:59:59Z"))
                .local_minus_utc(),
            3600
        );
        assert_eq!(
            prague
                .offset_at(at("0000-01-01T00:00:00Z"))
                .local_minus_utc(),
            3464
        );
    }

    #[test]
    fn wall_clock_times_name_one_instant_or_none() {
        let prague = Zone::named("Europe/Prague").unwrap();
        let local = |text| NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S").unwrap();
        assert_eq!(
            prague
                .from_local(local("2026-07-02T13:42:00"))
                .unwrap()
                .to_rfc3339(),
            "2026-07-02T13:42:00+02:00"
        );
        // In the spring gap and the autumn overlap no single instant is meant.
        assert_eq!(prague.from_local(local("2026-03-29T02:30:00")), None);
        assert_eq!(prague.from_local(local("2026-10-25T02:30:00")), None);
    }
}
