//! Timeline figures: how long each step took from the start, and the longest
//! silence towards the customer.

use chrono::{DateTime, FixedOffset};
use serde::Serialize;

use crate::check::{Event, EventKind};

/// The timeline's figures; `None` is "not recorded", never zero.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TimelineFigures {
    /// The first `started` event.
    pub started_at: DateTime<FixedOffset>,
    /// The last `resolved` event.
    pub resolved_at: DateTime<FixedOffset>,
    /// Seconds from start to the first `detected`.
    pub time_to_detect_s: Option<i64>,
    /// Seconds from start to the first `acknowledged`.
    pub time_to_acknowledge_s: Option<i64>,
    /// Seconds from start to the first `customer_notified` the customer received.
    pub time_to_notify_s: Option<i64>,
    /// Seconds from start to the first `mitigated`.
    pub time_to_mitigate_s: Option<i64>,
    /// Seconds from start to the first `resolved`.
    pub time_to_resolve_s: Option<i64>,
    /// Messages to the customer (`customer_notified` and `update` events
    /// not marked `internal`).
    pub customer_messages: usize,
    /// Of them, those sent up to the last `resolved`.
    pub messages_during: usize,
    /// Of them, those sent after the last `resolved`.
    pub messages_after: usize,
    /// When the first notice came only after resolution: how long after.
    pub notice_after_resolution_s: Option<i64>,
    /// The longest gap in messages between the first notice and the last
    /// `resolved`; `None` without a notice or when it came after resolution.
    pub longest_silence: Option<Silence>,
}

/// A gap between two messages to the customer (or the last one and resolution).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Silence {
    /// Length in whole seconds.
    pub seconds: i64,
    /// When the gap began.
    pub from: DateTime<FixedOffset>,
    /// When it ended.
    pub to: DateTime<FixedOffset>,
}

/// Computes the timeline figures; `None` when the timeline lacks a `started`
/// or `resolved` event (which `check` never lets through).
#[must_use]
pub fn compute(events: &[Event]) -> Option<TimelineFigures> {
    let started_at = events.iter().find(|e| e.kind == EventKind::Started)?.at;
    let resolved_at = events
        .iter()
        .rev()
        .find(|e| e.kind == EventKind::Resolved)?
        .at;
    let since_start = |kind: EventKind| {
        events
            .iter()
            .find(|e| e.kind == kind)
            .map(|e| seconds_between(started_at, e.at))
    };
    // What the customer lived: internal events never count as messages.
    let is_message = |e: &&Event| {
        !e.internal && matches!(e.kind, EventKind::CustomerNotified | EventKind::Update)
    };
    let first_notice = events
        .iter()
        .find(|e| !e.internal && e.kind == EventKind::CustomerNotified);
    let longest_silence = first_notice.and_then(|first| {
        if first.at > resolved_at {
            return None;
        }
        let mut points: Vec<DateTime<FixedOffset>> = events
            .iter()
            .filter(is_message)
            .map(|e| e.at)
            .filter(|at| *at >= first.at && *at <= resolved_at)
            .collect();
        points.push(resolved_at);
        points
            .windows(2)
            .map(|pair| Silence {
                seconds: seconds_between(pair[0], pair[1]),
                from: pair[0],
                to: pair[1],
            })
            // The first of equally long silences, so the result does not depend on sorting.
            .fold(None, |best: Option<Silence>, gap| match best {
                Some(b) if b.seconds >= gap.seconds => Some(b),
                _ => Some(gap),
            })
    });
    Some(TimelineFigures {
        started_at,
        resolved_at,
        time_to_detect_s: since_start(EventKind::Detected),
        time_to_acknowledge_s: since_start(EventKind::Acknowledged),
        time_to_notify_s: first_notice.map(|e| seconds_between(started_at, e.at)),
        time_to_mitigate_s: since_start(EventKind::Mitigated),
        time_to_resolve_s: since_start(EventKind::Resolved),
        customer_messages: events.iter().filter(is_message).count(),
        messages_during: events
            .iter()
            .filter(is_message)
            .filter(|e| e.at <= resolved_at)
            .count(),
        messages_after: events
            .iter()
            .filter(is_message)
            .filter(|e| e.at > resolved_at)
            .count(),
        notice_after_resolution_s: first_notice
            .filter(|e| e.at > resolved_at)
            .map(|e| seconds_between(resolved_at, e.at)),
        longest_silence,
    })
}

/// Whole seconds from `a` to `b` (instants compared across offsets).
#[must_use]
pub fn seconds_between(a: DateTime<FixedOffset>, b: DateTime<FixedOffset>) -> i64 {
    b.timestamp() - a.timestamp()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(at: &str, kind: EventKind) -> Event {
        Event {
            at: DateTime::parse_from_rfc3339(at).unwrap(),
            kind,
            text: String::new(),
            internal: false,
        }
    }

    /// The Cloudflare 2019-07-02 timeline from the benchmark report, worked by hand.
    #[test]
    fn figures_of_the_benchmark_timeline() {
        use EventKind::*;
        let events = [
            event("2019-07-02T13:42:00Z", Started),
            event("2019-07-02T13:45:00Z", Detected),
            event("2019-07-02T13:47:00Z", Acknowledged),
            event("2019-07-02T13:54:00Z", CustomerNotified),
            event("2019-07-02T14:02:00Z", Update),
            event("2019-07-02T14:07:00Z", Mitigated),
            event("2019-07-02T14:09:00Z", Resolved),
        ];
        let f = compute(&events).unwrap();
        assert_eq!(f.time_to_detect_s, Some(3 * 60));
        assert_eq!(f.time_to_acknowledge_s, Some(5 * 60));
        assert_eq!(f.time_to_notify_s, Some(12 * 60));
        assert_eq!(f.time_to_mitigate_s, Some(25 * 60));
        assert_eq!(f.time_to_resolve_s, Some(27 * 60));
        // 13:54 -> 14:02 is 8 min, 14:02 -> 14:09 is 7 min.
        let silence = f.longest_silence.unwrap();
        assert_eq!(silence.seconds, 8 * 60);
        assert_eq!(silence.from, events[3].at);
        assert_eq!(f.customer_messages, 2);
    }

    #[test]
    fn missing_kinds_are_not_recorded_rather_than_zero() {
        use EventKind::*;
        let events = [
            event("2026-03-29T00:30:00Z", Started),
            event("2026-03-29T01:30:00Z", Resolved),
        ];
        let f = compute(&events).unwrap();
        assert_eq!(f.time_to_detect_s, None);
        assert_eq!(f.time_to_notify_s, None);
        assert_eq!(f.longest_silence, None);
        assert_eq!(f.time_to_resolve_s, Some(3600));
    }

    #[test]
    fn offsets_are_compared_as_instants_across_dst() {
        use EventKind::*;
        // Prague switches to summer time at 02:00 CET on 2026-03-29: 01:30+01:00 and
        // 03:30+02:00 are one hour apart, not two.
        let events = [
            event("2026-03-29T01:30:00+01:00", Started),
            event("2026-03-29T03:30:00+02:00", Resolved),
        ];
        assert_eq!(compute(&events).unwrap().time_to_resolve_s, Some(3600));
    }

    #[test]
    fn silence_runs_to_the_last_resolved_and_ignores_later_messages() {
        use EventKind::*;
        let events = [
            event("2026-07-02T10:00:00Z", Started),
            event("2026-07-02T10:10:00Z", CustomerNotified),
            event("2026-07-02T10:20:00Z", Resolved),
            event("2026-07-02T10:25:00Z", Update),
            event("2026-07-02T11:40:00Z", Resolved),
            event("2026-07-02T12:00:00Z", Update),
        ];
        let f = compute(&events).unwrap();
        // Gaps: 10:10 -> 10:25 (15 min), 10:25 -> 11:40 (75 min); 12:00 is after resolution.
        assert_eq!(f.longest_silence.unwrap().seconds, 75 * 60);
        assert_eq!(f.time_to_resolve_s, Some(20 * 60));
        assert_eq!(f.resolved_at, events[4].at);
    }

    #[test]
    fn notice_after_resolution_has_no_silence() {
        use EventKind::*;
        let events = [
            event("2026-07-02T10:00:00Z", Started),
            event("2026-07-02T10:20:00Z", Resolved),
            event("2026-07-02T10:45:00Z", CustomerNotified),
        ];
        let f = compute(&events).unwrap();
        assert_eq!(f.time_to_notify_s, Some(45 * 60));
        assert_eq!(f.longest_silence, None);
        // Told 25 min after service was restored; nothing during the incident.
        assert_eq!(f.notice_after_resolution_s, Some(25 * 60));
        assert_eq!((f.messages_during, f.messages_after), (0, 1));
    }

    fn internal(at: &str, kind: EventKind) -> Event {
        Event {
            internal: true,
            ..event(at, kind)
        }
    }

    /// Internal events change nothing the customer lived: 10:00 start, notice
    /// at 10:30 (an internal "notice" at 10:05 does not count), updates at
    /// 11:30 and (internal) 11:00 and 12:00; resolved 12:10; an update 12:30.
    /// Messages: 10:30, 11:30 during, 12:30 after = 3 (2 + 1). Silences from
    /// the notice: 10:30 -> 11:30 = 60 min, 11:30 -> 12:10 = 40 min.
    #[test]
    fn customer_figures_ignore_internal_events_and_split_at_resolution() {
        use EventKind::*;
        let events = [
            event("2026-07-02T10:00:00Z", Started),
            internal("2026-07-02T10:05:00Z", CustomerNotified),
            event("2026-07-02T10:30:00Z", CustomerNotified),
            internal("2026-07-02T11:00:00Z", Update),
            event("2026-07-02T11:30:00Z", Update),
            internal("2026-07-02T12:00:00Z", Update),
            event("2026-07-02T12:10:00Z", Resolved),
            event("2026-07-02T12:30:00Z", Update),
        ];
        let f = compute(&events).unwrap();
        assert_eq!(f.time_to_notify_s, Some(30 * 60));
        assert_eq!(f.customer_messages, 3);
        assert_eq!((f.messages_during, f.messages_after), (2, 1));
        let silence = f.longest_silence.unwrap();
        assert_eq!(silence.seconds, 60 * 60);
        assert_eq!(silence.from, events[2].at);
        assert_eq!(f.notice_after_resolution_s, None);
    }
}
