//! The figures that changed between two drafts, read from their figures
//! (the JSON output), never from the letter's text.

use serde_json::Value;

/// The figures a reviewer checks first: label, JSON pointer, how to show it.
const FIGURES: [(&str, &str, Show); 6] = [
    ("Total credited", "/compensation/total", Show::Money),
    (
        "Contract credit",
        "/compensation/contract/credit",
        Show::Money,
    ),
    ("Goodwill", "/compensation/goodwill/amount", Show::Money),
    (
        "Availability",
        "/compensation/contract/availability_display",
        Show::Percent,
    ),
    ("Outage", "/downtime/outage_s", Show::Minutes),
    (
        "First notice after start",
        "/timeline/time_to_notify_s",
        Show::Minutes,
    ),
];

#[derive(Clone, Copy)]
enum Show {
    Money,
    Percent,
    Minutes,
}

/// A Markdown paragraph or list: the figures that changed, `old → new`.
#[must_use]
pub fn changed_figures(old: Option<&Value>, new: Option<&Value>) -> String {
    let (Some(old), Some(new)) = (old, new) else {
        return "Figures: unavailable (a Markdown draft without its .json beside it).\n".into();
    };
    let lines: Vec<String> = FIGURES
        .iter()
        .filter_map(|(label, pointer, show)| {
            let a = shown(old, pointer, *show);
            let b = shown(new, pointer, *show);
            (a != b).then(|| format!("- {label}: {a} → {b}"))
        })
        .collect();
    if lines.is_empty() {
        "Figures: unchanged.\n".into()
    } else {
        format!("Figures that changed:\n\n{}\n", lines.join("\n"))
    }
}

fn shown(doc: &Value, pointer: &str, show: Show) -> String {
    let Some(value) = doc.pointer(pointer).filter(|v| !v.is_null()) else {
        return "none".into();
    };
    let text = match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    match show {
        Show::Money => {
            let currency = doc
                .pointer("/compensation/contract/currency")
                .and_then(Value::as_str)
                .unwrap_or("");
            format!("{currency} {text}").trim().to_owned()
        }
        Show::Percent => format!("{text} %"),
        Show::Minutes => value.as_i64().map_or(text, |s| format!("{} min", s / 60)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_changed_figures_are_listed() {
        let old: Value = serde_json::from_str(
            r#"{"compensation": {"total": "7282.26", "contract": {"currency": "USD", "credit": "1.00"}}, "timeline": {"time_to_notify_s": 720}}"#,
        )
        .unwrap();
        let new: Value = serde_json::from_str(
            r#"{"compensation": {"total": "9057.10", "contract": {"currency": "USD", "credit": "1.00"}}, "timeline": {"time_to_notify_s": 600}}"#,
        )
        .unwrap();
        let text = changed_figures(Some(&old), Some(&new));
        assert!(
            text.contains("- Total credited: USD 7282.26 → USD 9057.10"),
            "{text}"
        );
        assert!(
            text.contains("- First notice after start: 12 min → 10 min"),
            "{text}"
        );
        assert!(!text.contains("Contract credit"), "{text}");
        assert!(changed_figures(None, Some(&new)).contains("unavailable"));
    }
}
