//! The findings' messages in one language: the `messages` section of
//! `templates/lint/<language>.yaml`, beside the word lists, so that a letter's
//! findings (in `lint`, in `render`'s warnings, in the JSON and in the
//! internal copy) are in the letter's language. Every message is required:
//! a language that lacks one is an error naming it, never English.

use fixed_decimal::Decimal as IcuDecimal;
use icu_decimal::DecimalFormatter;
use icu_locale_core::Locale;
use serde::Deserialize;

/// Every finding message of one language, with `{placeholders}`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Messages {
    /// hedged-apology.
    pub hedged_apology: String,
    /// grovelling: one sentence stacks intensifiers.
    pub grovelling_stacked: String,
    /// grovelling: the letter apologises more than once.
    pub grovelling_repeated: String,
    /// non-apology.
    pub non_apology: String,
    /// blame-shifting.
    pub blame_shifting: String,
    /// passive-evasion.
    pub passive_evasion: String,
    /// speculation.
    pub speculation: String,
    /// risky-promise.
    pub risky_promise: String,
    /// liability-admission.
    pub liability_admission: String,
    /// cold-opener.
    pub cold_opener: String,
    /// minimising; `{figures}` lists the outage and the figures below.
    pub minimising: String,
    /// The affected users among the figures; `{count}`.
    pub figure_users: String,
    /// The failed requests among the figures; `{count}`.
    pub figure_requests: String,
    /// mis-encoded.
    pub mis_encoded: String,
    /// internal-leak.
    pub internal_leak: String,
    /// raw-html.
    pub raw_html: String,
    /// no-lessons.
    pub no_lessons: String,
    /// no-prevention.
    pub no_prevention: String,
    /// no-follow-up.
    pub no_follow_up: String,
    /// late-notice, counted from detection; `{duration}`, `{limit}`.
    pub late_notice_after_detection: String,
    /// late-notice, counted from the start; `{duration}`, `{limit}`.
    pub late_notice_after_start: String,
    /// late-notice without any notice, from detection; `{duration}`.
    pub no_notice_after_detection: String,
    /// late-notice without any notice, from the start; `{duration}`.
    pub no_notice_after_start: String,
    /// long-silence; `{duration}`, `{limit}`.
    pub long_silence: String,
    /// repeat-unexplained.
    pub repeat_unexplained: String,
    /// unmatched-acknowledgement; `{rule}`.
    pub unmatched_acknowledgement: String,
    /// too-many-findings; `{count}` left out, at most `{same}` alike, `{all}` in all.
    pub too_many_findings: String,
    /// After an acknowledged finding; `{by}`, `{reason}`.
    pub acknowledged: String,
    /// Unit symbols of durations in messages (`19 h 37 min`).
    pub units: Units,
}

/// Unit symbols of durations in messages.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Units {
    /// Hours.
    pub hour: String,
    /// Minutes.
    pub minute: String,
    /// Seconds.
    pub second: String,
}

/// The messages of the letter's language, with its number format.
pub struct Say<'a> {
    /// The message texts.
    pub messages: &'a Messages,
    decimal: Option<DecimalFormatter>,
}

impl<'a> Say<'a> {
    /// The messages, numbers grouped as CLDR writes them for `tag`
    /// (ungrouped when ICU4X cannot read the tag).
    #[must_use]
    pub fn new(messages: &'a Messages, tag: &str) -> Say<'a> {
        let decimal = Locale::try_from_str(tag)
            .ok()
            .and_then(|l| DecimalFormatter::try_new((&l).into(), Default::default()).ok());
        Say { messages, decimal }
    }

    /// A count as the language writes it: `1,200`, `1 200`, `1.200`.
    #[must_use]
    pub fn number(&self, n: i64) -> String {
        match &self.decimal {
            Some(d) => d.format(&IcuDecimal::from(n)).to_string(),
            None => n.to_string(),
        }
    }

    /// Seconds as people read them: `19 h 37 min`, `45 min`, `30 s`
    /// (`19 giờ 37 phút` in Vietnamese).
    #[must_use]
    pub fn duration(&self, seconds: i64) -> String {
        let u = &self.messages.units;
        let minutes = seconds / 60;
        match (minutes / 60, minutes % 60) {
            (0, 0) => format!("{} {}", self.number(seconds), u.second),
            (0, m) => format!("{m} {}", u.minute),
            (h, 0) => format!("{} {}", self.number(h), u.hour),
            (h, m) => format!("{} {} {m} {}", self.number(h), u.hour, u.minute),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn messages(code: &str) -> Messages {
        let text = crate::render::templates::BUILTIN
            .iter()
            .find(|(name, _)| *name == format!("lint/{code}.yaml"))
            .map(|(_, text)| *text)
            .unwrap();
        crate::review::Words::parse(text).unwrap().messages
    }

    #[test]
    fn durations_read_as_hours_and_minutes() {
        let en = messages("en");
        let say = Say::new(&en, "en");
        assert_eq!(say.duration(19 * 3600 + 37 * 60 + 5), "19 h 37 min");
        assert_eq!(say.duration(45 * 60), "45 min");
        assert_eq!(say.duration(2 * 3600), "2 h");
        assert_eq!(say.duration(30), "30 s");
        let vi = messages("vi");
        let say = Say::new(&vi, "vi-VN");
        assert_eq!(say.duration(19 * 3600 + 37 * 60), "19 giờ 37 phút");
        assert_eq!(say.number(1_200_000), "1.200.000");
        let cs = messages("cs");
        let say = Say::new(&cs, "cs");
        assert_eq!(say.number(1_200_000), "1\u{a0}200\u{a0}000");
    }

    /// Every built-in language says every message in its own words: none is
    /// left as the English text.
    #[test]
    fn no_message_is_left_in_english() {
        let en = serde_json::to_value(messages_json("en")).unwrap();
        for code in ["cs", "vi"] {
            let other = serde_json::to_value(messages_json(code)).unwrap();
            for (key, english) in en.as_object().unwrap() {
                if key == "units" {
                    continue;
                }
                assert_ne!(&other[key], english, "lint/{code}.yaml: `{key}` is English");
            }
        }
    }

    fn messages_json(code: &str) -> serde_json::Value {
        let text = crate::render::templates::BUILTIN
            .iter()
            .find(|(name, _)| *name == format!("lint/{code}.yaml"))
            .map(|(_, text)| *text)
            .unwrap();
        let all: serde_json::Value = serde_saphyr::from_str(text).unwrap();
        all["messages"].clone()
    }
}
