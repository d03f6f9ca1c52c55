//! Wording: the fixed words and sentences of the report in one language,
//! read from `templates/lang/<language>.yaml` (built in, or the user's own).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::cldr::Plural;

/// Every phrase the report uses in one language. Sentences carry
/// `{placeholders}` that [`fill`] replaces.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Wording {
    /// `name` in the language file.
    pub name: String,
    /// `date_range` in the language file.
    pub date_range: String,
    /// The CLDR locale for dates and numbers when the report's tag names no region.
    #[serde(default)]
    pub locale: Option<String>,
    /// A pattern for dates in words (`{day}`, `{month}`, `{year}` as
    /// numbers) replacing CLDR's long date, for a language whose letters
    /// write dates more formally than CLDR does.
    #[serde(default)]
    pub date_long: Option<String>,
    /// Dates in tables: CLDR's `medium` (default) or `short` form.
    #[serde(default)]
    pub table_dates: TableDates,
    /// Whether a zone's name starts lower case in running text (`giờ Đông Dương`).
    #[serde(default)]
    pub zone_name_lower_case: bool,
    /// What joins the parts of a duration (`6 giờ 40 phút`); absent, they
    /// are listed with `and` (`4 hours and 10 minutes`).
    #[serde(default)]
    pub duration_separator: Option<String>,
    /// `and` in the language file.
    pub and: String,
    /// The affected services in running text, by their count.
    pub services: Plurals,
    /// How running text quotes a name.
    pub quoted: String,
    /// Durations in words, by plural category.
    pub durations: Durations,
    /// `money` in the language file.
    pub money: String,
    /// `units` in the language file.
    pub units: Units,
    /// `title` in the language file.
    pub title: String,
    /// `byline` in the language file.
    pub byline: String,
    /// `status_draft` in the language file.
    pub status_draft: String,
    /// `status_review` in the language file.
    pub status_review: String,
    /// `status_final` in the language file.
    pub status_final: String,
    /// `revision` in the language file.
    pub revision: String,
    /// `draft_notice` in the language file.
    pub draft_notice: String,
    /// `page_footer` in the language file.
    pub page_footer: String,
    /// `page_header` in the language file.
    pub page_header: String,
    /// `salutation` in the language file.
    pub salutation: String,
    /// The salutation when the file names no contact.
    pub salutation_default: String,
    /// `summary` in the language file.
    pub summary: String,
    /// `apology` in the language file.
    pub apology: String,
    /// `impact` in the language file.
    pub impact: String,
    /// `timeline` in the language file.
    pub timeline: String,
    /// `measures` in the language file.
    pub measures: String,
    /// `root_cause` in the language file.
    pub root_cause: String,
    /// `repeat` in the language file.
    pub repeat: String,
    /// `lessons_and_actions` in the language file.
    pub lessons_and_actions: String,
    /// `follow_up` in the language file.
    pub follow_up: String,
    /// `compensation` in the language file.
    pub compensation: String,
    /// `apology_minor` in the language file.
    pub apology_minor: String,
    /// `apology_serious` in the language file.
    pub apology_serious: String,
    /// `apology_again` in the language file.
    pub apology_again: String,
    /// `cause_owned` in the language file.
    pub cause_owned: String,
    /// `cause_external` in the language file.
    pub cause_external: String,
    /// `apology_data_loss` in the language file.
    pub apology_data_loss: String,
    /// `empathy_knock_on` in the language file.
    pub empathy_knock_on: String,
    /// `empathy_plain` in the language file.
    pub empathy_plain: String,
    /// `empathy_upwards` in the language file.
    pub empathy_upwards: String,
    /// `customer_actions` in the language file.
    pub customer_actions: String,
    /// `window_maintenance` in the language file.
    pub window_maintenance: String,
    /// `windows_total_no_outage` in the language file.
    pub windows_total_no_outage: String,
    /// `notice_after_resolution` in the language file.
    pub notice_after_resolution: String,
    /// `no_notice` in the language file.
    pub no_notice: String,
    /// `silence_whole` in the language file.
    pub silence_whole: String,
    /// `late_notice_owned` in the language file.
    pub late_notice_owned: String,
    /// `long_silence_owned` in the language file.
    pub long_silence_owned: String,
    /// `downtime_none` in the language file.
    pub downtime_none: String,
    /// `outside_period` in the language file.
    pub outside_period: String,
    /// `maintenance_not_counted` in the language file.
    pub maintenance_not_counted: String,
    /// `messages_after` in the language file.
    pub messages_after: Plurals,
    /// `windows_total_none` in the language file.
    pub windows_total_none: String,
    /// `services_affected` in the language file.
    pub services_affected: Plurals,
    /// `affected_users` in the language file.
    pub affected_users: Plurals,
    /// `failed_requests` in the language file.
    pub failed_requests: Plurals,
    /// `data_loss_none` in the language file.
    pub data_loss_none: String,
    /// `data_loss_some` in the language file.
    pub data_loss_some: String,
    /// `window_outage` in the language file.
    pub window_outage: String,
    /// `window_degraded` in the language file.
    pub window_degraded: String,
    /// `windows_header` in the language file.
    pub windows_header: Vec<String>,
    /// `windows_total` in the language file.
    pub windows_total: String,
    /// `windows_total_degraded` in the language file.
    pub windows_total_degraded: String,
    /// `timeline_header` in the language file.
    pub timeline_header: Vec<String>,
    /// `zone_offsets` in the language file.
    pub zone_offsets: String,
    /// `zone_offsets_day` in the language file.
    pub zone_offsets_day: String,
    /// `event_started` in the language file.
    pub event_started: String,
    /// `event_detected` in the language file.
    pub event_detected: String,
    /// `event_acknowledged` in the language file.
    pub event_acknowledged: String,
    /// `event_customer_notified` in the language file.
    pub event_customer_notified: String,
    /// `event_update` in the language file.
    pub event_update: String,
    /// `event_mitigated` in the language file.
    pub event_mitigated: String,
    /// `event_resolved` in the language file.
    pub event_resolved: String,
    /// `event_note` in the language file.
    pub event_note: String,
    /// `measures_header` in the language file.
    pub measures_header: Vec<String>,
    /// `measure_detect` in the language file.
    pub measure_detect: String,
    /// `measure_acknowledge` in the language file.
    pub measure_acknowledge: String,
    /// `measure_notify` in the language file.
    pub measure_notify: String,
    /// `measure_mitigate` in the language file.
    pub measure_mitigate: String,
    /// `measure_resolve` in the language file.
    pub measure_resolve: String,
    /// `measure_silence` in the language file.
    pub measure_silence: String,
    /// `not_recorded` in the language file.
    pub not_recorded: String,
    /// `messages` in the language file.
    pub messages: Plurals,
    /// `within_control` in the language file.
    pub within_control: String,
    /// `outside_control` in the language file.
    pub outside_control: String,
    /// `contributing_factors` in the language file.
    pub contributing_factors: String,
    /// `repeat_text` in the language file.
    pub repeat_text: String,
    /// `actions_header` in the language file.
    pub actions_header: Vec<String>,
    /// `kind_prevent` in the language file.
    pub kind_prevent: String,
    /// `kind_detect` in the language file.
    pub kind_detect: String,
    /// `kind_mitigate` in the language file.
    pub kind_mitigate: String,
    /// `kind_process` in the language file.
    pub kind_process: String,
    /// `status_planned` in the language file.
    pub status_planned: String,
    /// `status_in_progress` in the language file.
    pub status_in_progress: String,
    /// `status_done` in the language file.
    pub status_done: String,
    /// `follow_up_text` in the language file.
    pub follow_up_text: String,
    /// `no_contract` in the language file.
    pub no_contract: String,
    /// `commitment` in the language file.
    pub commitment: String,
    /// `downtime_counted` in the language file.
    pub downtime_counted: String,
    /// `downtime_clipped` in the language file.
    pub downtime_clipped: String,
    /// `degraded_not_counted` in the language file.
    pub degraded_not_counted: String,
    /// `met_target` in the language file.
    pub met_target: String,
    /// `below_target` in the language file.
    pub below_target: String,
    /// `tier_schedule` in the language file.
    pub tier_schedule: String,
    /// `tier_entry` in the language file.
    pub tier_entry: String,
    /// `tier_applies` in the language file.
    pub tier_applies: String,
    /// `tier_none` in the language file.
    pub tier_none: String,
    /// `per_hour_started` in the language file.
    pub per_hour_started: String,
    /// `per_hour_prorated` in the language file.
    pub per_hour_prorated: String,
    /// `credit_sum` in the language file.
    pub credit_sum: String,
    /// `cap_applied` in the language file.
    pub cap_applied: String,
    /// `contract_credit` in the language file.
    pub contract_credit: String,
    /// `goodwill_intro` in the language file.
    pub goodwill_intro: String,
    /// `goodwill_intro_no_contract` in the language file.
    pub goodwill_intro_no_contract: String,
    /// `goodwill_days` in the language file.
    pub goodwill_days: String,
    /// `goodwill_days_plain` in the language file.
    pub goodwill_days_plain: String,
    /// `goodwill_percent` in the language file.
    pub goodwill_percent: String,
    /// `goodwill_percent_plain` in the language file.
    pub goodwill_percent_plain: String,
    /// `applied_automatically` in the language file.
    pub applied_automatically: String,
    /// `table_contract` in the language file.
    pub table_contract: String,
    /// `table_goodwill` in the language file.
    pub table_goodwill: String,
    /// `table_total` in the language file.
    pub table_total: String,
    /// `table_amount` in the language file.
    pub table_amount: String,
    /// `internal_appendix` in the language file.
    pub internal_appendix: String,
    /// `internal_notice` in the language file.
    pub internal_notice: String,
    /// `internal_event` in the language file.
    pub internal_event: String,
    /// `internal_watermark` in the language file.
    pub internal_watermark: String,
    /// `outlook_heading` in the language file.
    pub outlook_heading: String,
    /// `outlook_line` in the language file.
    pub outlook_line: String,
    /// `outlook_good` in the language file.
    pub outlook_good: String,
    /// `outlook_at_risk` in the language file.
    pub outlook_at_risk: String,
    /// `outlook_poor` in the language file.
    pub outlook_poor: String,
    /// `goodwill_line` in the language file.
    pub goodwill_line: String,
    /// `suggestion_line` in the language file.
    pub suggestion_line: String,
    /// `findings_heading` in the language file.
    pub findings_heading: String,
    /// `no_findings` in the language file.
    pub no_findings: String,
    /// `suggestion_raise` in the language file.
    pub suggestion_raise: String,
    /// `suggestion_gesture` in the language file.
    pub suggestion_gesture: String,
    /// `suggestion_gesture_only` in the language file: only a gesture is missing.
    pub suggestion_gesture_only: String,
    /// `finding_at` in the language file.
    pub finding_at: String,
    /// The outlook's reasons, by id.
    pub outlook_reasons: BTreeMap<String, String>,
    /// `sign_off` in the language file.
    pub sign_off: String,
    /// `support` in the language file.
    pub support: String,
    /// The wording as the templates' `t`, converted on first use (a batch
    /// renders thousands of letters in a few languages).
    #[serde(skip)]
    as_value: std::sync::OnceLock<tera::Value>,
}

/// A phrase in each CLDR plural category the language uses; `other` is
/// required, the rest fall back to it.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Plurals {
    /// `zero`.
    pub zero: Option<String>,
    /// `one`.
    pub one: Option<String>,
    /// `two`.
    pub two: Option<String>,
    /// `few`.
    pub few: Option<String>,
    /// `many`.
    pub many: Option<String>,
    /// `other`: every other count.
    pub other: String,
}

impl Plurals {
    /// The phrase for a category.
    #[must_use]
    pub fn pick(&self, category: Plural) -> &str {
        let form = match category {
            Plural::Zero => &self.zero,
            Plural::One => &self.one,
            Plural::Two => &self.two,
            Plural::Few => &self.few,
            Plural::Many => &self.many,
            Plural::Other => &None,
        };
        form.as_deref().unwrap_or(&self.other)
    }
}

/// Which CLDR date length tables use.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TableDates {
    /// `12 Jul 2019`, `12. 7. 2019`.
    #[default]
    Medium,
    /// `12/07/2019`.
    Short,
}

/// Durations in words, by plural category.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Durations {
    /// Days.
    pub day: Plurals,
    /// Hours.
    pub hour: Plurals,
    /// Minutes.
    pub minute: Plurals,
    /// Seconds.
    pub second: Plurals,
}

/// Abbreviations of time units.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Units {
    /// Days.
    pub day: String,
    /// Hours.
    pub hour: String,
    /// Minutes.
    pub minute: String,
    /// Seconds.
    pub second: String,
}

impl Wording {
    /// The wording as a template value: what serialising it gives, made once.
    pub fn to_value(&self) -> Result<tera::Value, tera::Error> {
        if let Some(value) = self.as_value.get() {
            return Ok(value.clone());
        }
        let value = tera::Value::try_from_serializable(self)?;
        // Another thread may have made it first: the same value either way.
        Ok(self.as_value.get_or_init(|| value).clone())
    }

    /// Parses a language file; the error names the line and column.
    pub fn parse(text: &str) -> Result<Wording, String> {
        let wording: Wording = serde_saphyr::from_str(text).map_err(|e| {
            let mut message = e.without_snippet().render();
            if let Some(loc) = e.location() {
                if let Some(at) = message.rfind(" at line ") {
                    message.truncate(at);
                }
                message = format!("{}:{}: {message}", loc.line(), loc.column());
            }
            message
        })?;
        let headers = [
            ("windows_header", &wording.windows_header, 4),
            ("timeline_header", &wording.timeline_header, 3),
            ("measures_header", &wording.measures_header, 2),
            ("actions_header", &wording.actions_header, 5),
        ];
        for (name, header, len) in headers {
            if header.len() != len {
                return Err(format!("`{name}` must list {len} column titles"));
            }
        }
        Ok(wording)
    }
}

/// Replaces each `{name}` in `template` with its value; unknown names stay as written.
#[must_use]
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                let name = &after[..close];
                match values.iter().find(|(k, _)| *k == name) {
                    Some((_, v)) => out.push_str(v),
                    None => {
                        out.push('{');
                        out.push_str(name);
                        out.push('}');
                    }
                }
                rest = &after[close + 1..];
            }
            None => {
                out.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fill_replaces_known_names_only() {
        assert_eq!(
            fill("{a} and {b} and {c", &[("a", "x"), ("b", "{a}")]),
            "x and {a} and {c"
        );
    }
}
