//! Downtime: the union of outage windows, clipped to the SLA period.

use chrono::{DateTime, FixedOffset, NaiveTime};
use serde::Serialize;

use crate::check::{Period, Window, WindowKind};

/// Downtime figures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Downtime {
    /// Seconds of outage, overlaps counted once, not clipped to any period.
    pub outage_s: i64,
    /// Seconds of degraded service outside any outage, overlaps counted once
    /// (reported, never counted as downtime).
    pub degraded_s: i64,
    /// Seconds of scheduled maintenance the contract excludes (shown, never counted).
    pub maintenance_s: i64,
    /// Seconds of outage outside the SLA period (they belong to another period).
    pub outside_period_s: i64,
    /// `D`: seconds of outage inside the SLA period and outside maintenance
    /// (equal to `outage_s` without a period or maintenance).
    pub in_period_s: i64,
}

/// Computes downtime; `period` clips the windows when there is a contract.
#[must_use]
pub fn compute(windows: &[Window], period: Option<Period>) -> Downtime {
    let spans = |kind: WindowKind| -> Vec<(i64, i64)> {
        windows
            .iter()
            .filter(|w| w.kind == kind)
            .map(|w| (w.from.timestamp(), w.to.timestamp()))
            .collect()
    };
    let outage = spans(WindowKind::Outage);
    let maintenance = spans(WindowKind::Maintenance);
    let clip = period.map(period_bounds);
    // Union arithmetic: the time in A but not in B is |A ∪ B| − |B|.
    let but_not = |a: &[(i64, i64)], b: &[(i64, i64)], clip| {
        let both: Vec<(i64, i64)> = a.iter().chain(b).copied().collect();
        union_seconds(&both, clip) - union_seconds(b, clip)
    };
    Downtime {
        outage_s: union_seconds(&outage, None),
        degraded_s: but_not(&spans(WindowKind::Degraded), &outage, None),
        maintenance_s: union_seconds(&maintenance, None),
        outside_period_s: union_seconds(&outage, None) - union_seconds(&outage, clip),
        in_period_s: but_not(&outage, &maintenance, clip),
    }
}

/// The period as UTC instants: from `from` 00:00:00Z up to (not including) the day after `to`.
#[must_use]
pub fn period_bounds(p: Period) -> (i64, i64) {
    let start = p.from.and_time(NaiveTime::MIN).and_utc().timestamp();
    let end = start + p.days() * 86_400;
    (start, end)
}

/// Seconds covered by the union of half-open spans, optionally clipped.
fn union_seconds(spans: &[(i64, i64)], clip: Option<(i64, i64)>) -> i64 {
    let mut spans: Vec<(i64, i64)> = spans
        .iter()
        .map(|&(a, b)| match clip {
            Some((lo, hi)) => (a.max(lo), b.min(hi)),
            None => (a, b),
        })
        .filter(|(a, b)| b > a)
        .collect();
    spans.sort_unstable();
    let mut total = 0;
    let mut current: Option<(i64, i64)> = None;
    for (a, b) in spans {
        current = match current {
            Some((ca, cb)) if a <= cb => Some((ca, cb.max(b))),
            Some((ca, cb)) => {
                total += cb - ca;
                Some((a, b))
            }
            None => Some((a, b)),
        };
    }
    if let Some((a, b)) = current {
        total += b - a;
    }
    total
}

/// Whole seconds a window lasts.
#[must_use]
pub fn window_seconds(from: DateTime<FixedOffset>, to: DateTime<FixedOffset>) -> i64 {
    to.timestamp() - from.timestamp()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Outage 10:00-10:45 inside degraded 09:30-11:30 (2 h): degraded-only
    /// time is 2 h - 45 min = 1 h 15 min = 4,500 s. Maintenance 12:00-13:00
    /// overlapping an outage 12:30-13:30: only 13:00-13:30 counts, so D =
    /// 45 min + 30 min = 4,500 s, while the outage shown is 45 + 60 = 105 min.
    #[test]
    fn degraded_excludes_outage_and_maintenance_is_not_counted() {
        use WindowKind::*;
        let windows = [
            w("2026-07-02T09:30:00Z", "2026-07-02T11:30:00Z", Degraded),
            w("2026-07-02T10:00:00Z", "2026-07-02T10:45:00Z", Outage),
            w("2026-07-02T12:00:00Z", "2026-07-02T13:00:00Z", Maintenance),
            w("2026-07-02T12:30:00Z", "2026-07-02T13:30:00Z", Outage),
        ];
        let d = compute(&windows, Some(july()));
        assert_eq!(d.degraded_s, 4_500);
        assert_eq!(d.outage_s, 105 * 60);
        assert_eq!(d.maintenance_s, 3_600);
        assert_eq!(d.in_period_s, 4_500);
    }
    use chrono::NaiveDate;

    fn w(from: &str, to: &str, kind: WindowKind) -> Window {
        Window {
            from: DateTime::parse_from_rfc3339(from).unwrap(),
            to: DateTime::parse_from_rfc3339(to).unwrap(),
            kind,
        }
    }

    fn july() -> Period {
        Period {
            from: NaiveDate::from_ymd_opt(2026, 7, 1).unwrap(),
            to: NaiveDate::from_ymd_opt(2026, 7, 31).unwrap(),
        }
    }

    #[test]
    fn overlapping_windows_count_once() {
        use WindowKind::Outage;
        // 13:00-14:00 and 13:30-14:30 overlap: 90 min, plus a separate 10 min.
        let windows = [
            w("2026-07-02T13:00:00Z", "2026-07-02T14:00:00Z", Outage),
            w("2026-07-02T15:30:00+02:00", "2026-07-02T14:30:00Z", Outage),
            w("2026-07-03T08:00:00Z", "2026-07-03T08:10:00Z", Outage),
        ];
        let d = compute(&windows, Some(july()));
        assert_eq!(d.outage_s, 100 * 60);
        assert_eq!(d.in_period_s, 100 * 60);
    }

    #[test]
    fn windows_crossing_the_period_are_clipped() {
        use WindowKind::Outage;
        // 23:30 on 30 June to 00:45 on 1 July: only 45 min fall in July.
        let windows = [w("2026-06-30T23:30:00Z", "2026-07-01T00:45:00Z", Outage)];
        let d = compute(&windows, Some(july()));
        assert_eq!(d.outage_s, 75 * 60);
        assert_eq!(d.in_period_s, 45 * 60);
        // The period ends at 1 August 00:00Z, whatever the offset of the window.
        let windows = [w(
            "2026-08-01T01:30:00+02:00",
            "2026-08-01T03:00:00+02:00",
            Outage,
        )];
        assert_eq!(compute(&windows, Some(july())).in_period_s, 30 * 60);
    }

    #[test]
    fn degraded_windows_are_reported_not_counted() {
        let windows = [
            w(
                "2026-07-02T13:00:00Z",
                "2026-07-02T13:20:00Z",
                WindowKind::Outage,
            ),
            w(
                "2026-07-02T13:20:00Z",
                "2026-07-02T14:20:00Z",
                WindowKind::Degraded,
            ),
        ];
        let d = compute(&windows, Some(july()));
        assert_eq!((d.in_period_s, d.degraded_s), (20 * 60, 60 * 60));
    }

    #[test]
    fn touching_windows_merge_without_double_counting() {
        use WindowKind::Outage;
        let windows = [
            w("2026-07-02T13:00:00Z", "2026-07-02T13:20:00Z", Outage),
            w("2026-07-02T13:20:00Z", "2026-07-02T13:40:00Z", Outage),
            w("2026-07-02T13:05:00Z", "2026-07-02T13:10:00Z", Outage),
        ];
        assert_eq!(compute(&windows, None).in_period_s, 40 * 60);
    }
}
