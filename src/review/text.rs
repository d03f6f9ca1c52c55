//! The texts of an incident file with their positions, and the matchers the
//! rules use: whole words and phrases, mis-encoding, internal details.

use crate::diag::Pos;
use crate::read::model::{At, IncidentFile};
use crate::read::pos;

/// One text of the file.
#[derive(Debug)]
pub struct Text {
    /// Which field, e.g. `apology`, `root_cause.summary`, `timeline`.
    pub field: &'static str,
    /// The text.
    pub value: String,
    /// Where it is.
    pub pos: Option<Pos>,
    /// Whether the customer reads it.
    pub customer_facing: bool,
}

fn text(field: &'static str, value: &At<String>, customer_facing: bool) -> Text {
    Text {
        field,
        value: value.value.clone(),
        pos: pos(value),
        customer_facing,
    }
}

/// Every free text of the file.
pub fn collect(file: &IncidentFile) -> Vec<Text> {
    let mut out = Vec::new();
    let i = &file.incident.value;
    out.push(text("summary", &i.summary, true));
    if let Some(a) = &file.apology {
        out.push(text("apology", a, true));
    }
    out.push(text(
        "impact.description",
        &i.impact.value.description,
        true,
    ));
    if let Some(b) = &i.impact.value.business_impact {
        out.push(text("impact.business_impact", b, true));
    }
    let rc = &i.root_cause.value;
    out.push(text("root_cause.summary", &rc.summary, true));
    if let Some(d) = &rc.details {
        out.push(text("root_cause.details", d, true));
    }
    for f in rc.contributing_factors.iter().flat_map(|l| l.value.iter()) {
        out.push(text("root_cause.contributing_factors", f, true));
    }
    for e in &file.timeline.value {
        let internal = e.value.internal.as_ref().is_some_and(|i| i.value);
        out.push(text("timeline", &e.value.text, !internal));
    }
    for l in file.lessons.iter().flat_map(|l| l.value.iter()) {
        out.push(text("lesson", l, true));
    }
    for a in &file.actions.value {
        out.push(text("action", &a.value.action, true));
    }
    for g in file
        .goodwill
        .iter()
        .flat_map(|g| g.value.gestures.iter())
        .flat_map(|l| l.value.iter())
    {
        out.push(text("gesture", g, true));
    }
    out
}

/// Every occurrence of any phrase in `text`, as written there; case is
/// ignored and a match must stand as whole words.
pub fn find_phrases(text: &str, phrases: &[String]) -> Vec<String> {
    let lower = text.to_lowercase();
    // Lowercasing can change byte lengths; only match when it did not.
    if lower.len() != text.len() {
        return find_phrases_slow(text, phrases);
    }
    let mut found = Vec::new();
    for phrase in phrases {
        let p = phrase.to_lowercase();
        if p.is_empty() {
            continue;
        }
        let mut from = 0;
        while let Some(i) = lower[from..].find(&p) {
            let start = from + i;
            let end = start + p.len();
            if is_boundary(&lower, start, end) {
                found.push(text[start..end].to_owned());
            }
            from = end;
        }
    }
    found
}

fn find_phrases_slow(text: &str, phrases: &[String]) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let lower: Vec<char> = chars
        .iter()
        .map(|c| c.to_lowercase().next().unwrap_or(*c))
        .collect();
    let mut found = Vec::new();
    for phrase in phrases {
        let p: Vec<char> = phrase.to_lowercase().chars().collect();
        if p.is_empty() || p.len() > lower.len() {
            continue;
        }
        for start in 0..=lower.len() - p.len() {
            let end = start + p.len();
            let before = start == 0 || !lower[start - 1].is_alphanumeric();
            let after = end == lower.len() || !lower[end].is_alphanumeric();
            if lower[start..end] == p[..] && before && after {
                found.push(chars[start..end].iter().collect());
            }
        }
    }
    found
}

fn is_boundary(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start]
        .chars()
        .next_back()
        .is_none_or(|c| !c.is_alphanumeric());
    let after = text[end..]
        .chars()
        .next()
        .is_none_or(|c| !c.is_alphanumeric());
    before && after
}

/// The first stretch that looks like UTF-8 decoded as Latin-1 or Windows-1252:
/// a lead byte shown as a Latin-1 letter, followed by a continuation byte
/// shown as a symbol ("Ã©", "Å¡", "Ä›", "áº", "â€™").
pub fn mojibake(text: &str) -> Option<String> {
    const CP1252: &str = "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ";
    let chars: Vec<char> = text.chars().collect();
    for (i, pair) in chars.windows(2).enumerate() {
        let (a, b) = (pair[0], pair[1]);
        let latin1_continuation = ('\u{80}'..='\u{BF}').contains(&b);
        // Two-byte leads (U+00C2-U+00DF) are capitals, rare before a symbol in real text.
        let two_byte =
            ('\u{C2}'..='\u{DF}').contains(&a) && (latin1_continuation || CP1252.contains(b));
        // Three-byte leads (U+00E0-U+00EF) are common letters (á, é): only a
        // Latin-1 symbol after them counts, never a letter such as š.
        let three_byte = ('\u{E0}'..='\u{EF}').contains(&a) && (latin1_continuation || b == '€');
        if two_byte || three_byte {
            let start = i.saturating_sub(4);
            let end = (i + 6).min(chars.len());
            return Some(
                chars[start..end]
                    .iter()
                    .collect::<String>()
                    .replace('\n', " "),
            );
        }
    }
    None
}

/// E-mail addresses (other than `allowed`), IP addresses, internal host names
/// and ticket links in a text.
pub fn leaks(text: &str, allowed: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    for raw in text.split(|c: char| {
        c.is_whitespace()
            || matches!(
                c,
                '(' | ')' | '<' | '>' | '"' | '\'' | ',' | ';' | '`' | '[' | ']'
            )
    }) {
        let word = raw.trim_end_matches(['.', ':', '!', '?']);
        if word.is_empty() {
            continue;
        }
        let lower = word.to_ascii_lowercase();
        let address = lower.trim_start_matches("mailto:");
        let is_email = address
            .split_once('@')
            .is_some_and(|(user, host)| !user.is_empty() && host.contains('.'));
        if is_email && !allowed.iter().any(|a| a == address) {
            out.push(word.to_owned());
            continue;
        }
        let host = lower
            .split("://")
            .nth(1)
            .unwrap_or(&lower)
            .split(['/', ':'])
            .next()
            .unwrap_or("");
        let is_ip = host.split('.').count() == 4
            && host
                .split('.')
                .all(|p| !p.is_empty() && p.len() <= 3 && p.bytes().all(|b| b.is_ascii_digit()));
        let internal_host = [
            ".internal",
            ".local",
            ".lan",
            ".corp",
            ".intranet",
            ".intra",
        ]
        .iter()
        .any(|s| host.ends_with(s) && host.len() > s.len());
        let ticket = lower.contains("://")
            && (lower.contains("jira")
                || lower.contains("/browse/")
                || lower.contains("/tickets/")
                || lower.contains("servicenow"));
        if is_ip || internal_host || ticket {
            out.push(word.to_owned());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn phrases_match_whole_words_ignoring_case() {
        let w = words(&["but", "beyond our control"]);
        assert_eq!(
            find_phrases("Sorry, But it was Beyond our control.", &w),
            ["But", "Beyond our control"]
        );
        assert!(find_phrases("a butterfly attribute", &w).is_empty());
        assert_eq!(find_phrases("Ẩn BUT", &w), ["BUT"]);
    }

    #[test]
    fn mojibake_is_found_and_real_accents_are_not() {
        assert_eq!(
            mojibake("trong bãi sáºy ven").as_deref(),
            Some("ãi sáºy ve")
        );
        assert!(mojibake("cafÃ© au lait").is_some());
        assert!(mojibake("poslali jsme váš e-shop zvlášť").is_none());
        assert!(mojibake("café, příliš žluťoučký kůň, Tiếng Việt, ¿qué?").is_none());
        assert!(mojibake("pÅ™Ã\u{AD}liÅ¡").is_some());
        assert!(mojibake("we didnâ€™t").is_some());
    }

    #[test]
    fn leaks_are_addresses_hosts_and_tickets_but_not_our_contacts() {
        let allowed = words(&["support@acme.example"]);
        let text = "Write to support@acme.example or bob@acme.example; db1.prod.internal at 10.0.3.17 (https://jira.acme.example/browse/OPS-12).";
        assert_eq!(
            leaks(text, &allowed),
            [
                "bob@acme.example",
                "db1.prod.internal",
                "10.0.3.17",
                "https://jira.acme.example/browse/OPS-12"
            ]
        );
        assert!(
            leaks(
                "Version 2.1.0 of our status page at https://status.acme.example",
                &allowed
            )
            .is_empty()
        );
    }
}
