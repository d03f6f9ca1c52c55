//! The texts of an incident file with their positions, and the character
//! checks the rules use: mis-encoding and raw HTML.

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
    out.push(text("title", &file.report.value.title, true));
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

/// The first stretch that looks like UTF-8 decoded as Latin-1, Windows-1252
/// or Windows-1250 (the usual Czech accident): a lead byte shown as a
/// letter, followed by a continuation byte shown as a symbol ("Ã©", "Å¡",
/// "Ä›", "áº", "â€™", "PĹ™Ă­ÄŤina").
/// Returns the characters around it, as a range of `text`'s characters.
pub fn mojibake_at(text: &str) -> Option<(usize, usize)> {
    let chars: Vec<char> = text.chars().collect();
    (0..chars.len().saturating_sub(1))
        .find(|&i| is_mojibake_at(&chars, i))
        .map(|i| (i.saturating_sub(4), (i + 6).min(chars.len())))
}

#[cfg(test)]
fn mojibake(text: &str) -> Option<String> {
    mojibake_at(text).map(|(s, e)| text.chars().skip(s).take(e - s).collect())
}

/// Bytes 0x80-0xBF as Windows-1252 shows them where Latin-1 has controls.
const CP1252_HIGH: &str = "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ";
/// Bytes 0x80-0xBF as Windows-1250 shows them.
const CP1250_CONTINUATION: &str =
    "€‚„…†‡‰Š‹ŚŤŽŹ‘’“”•–—™š›śťžź\u{A0}ˇ˘Ł¤Ą¦§¨©Ş«¬\u{AD}®Ż°±˛ł´µ¶·¸ąş»Ľ˝ľż";
/// Two-byte lead bytes 0xC2-0xC5 (Latin letters with diacritics from
/// U+0080-U+017F) as Windows-1250 shows them: rare capitals in real text.
const CP1250_LEADS: &str = "ÂĂÄĹ";
/// Three-byte lead bytes 0xE0-0xEF as Windows-1250 shows them.
const CP1250_LEADS3: &str = "ŕáâăäĺćçčéęëěíîď";

fn is_mojibake_at(chars: &[char], i: usize) -> bool {
    let (a, b) = (chars[i], chars[i + 1]);
    let latin1_continuation = ('\u{80}'..='\u{BF}').contains(&b);
    // Two-byte leads (U+00C2-U+00DF) are capitals, rare before a symbol in real text.
    let two_byte =
        ('\u{C2}'..='\u{DF}').contains(&a) && (latin1_continuation || CP1252_HIGH.contains(b));
    // Three-byte leads (U+00E0-U+00EF) are common letters (á, é): only a
    // Latin-1 symbol after them counts, never a letter such as š.
    let three_byte = ('\u{E0}'..='\u{EF}').contains(&a) && (latin1_continuation || b == '€');
    let cp1250_two = CP1250_LEADS.contains(a) && CP1250_CONTINUATION.contains(b);
    // A three-byte sequence needs two continuations, one of them not a
    // letter: "zvlášť" is Czech, "áşˇ" is not.
    let cp1250_three = CP1250_LEADS3.contains(a)
        && chars.get(i + 2).is_some_and(|&c| {
            CP1250_CONTINUATION.contains(b)
                && CP1250_CONTINUATION.contains(c)
                && !(b.is_alphabetic() && c.is_alphabetic())
        });
    two_byte || three_byte || cp1250_two || cp1250_three
}

/// The first raw HTML in a text: a comment or a tag, which Markdown viewers
/// hide but other renderers (and copy-paste) show.
pub fn raw_html(text: &str) -> Option<(usize, usize)> {
    let chars: Vec<char> = text.chars().collect();
    for i in 0..chars.len() {
        if chars[i] != '<' {
            continue;
        }
        let rest: String = chars[i..chars.len().min(i + 200)].iter().collect();
        if rest.starts_with("<!--") {
            let len = rest
                .find("-->")
                .map_or(4, |e| rest[..e + 3].chars().count());
            return Some((i, i + len));
        }
        let body = rest.strip_prefix("</").or_else(|| rest.strip_prefix('<'))?;
        let name_len = body
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .count();
        let first_is_letter = body.chars().next().is_some_and(|c| c.is_ascii_alphabetic());
        let after = body.chars().nth(name_len);
        if first_is_letter && matches!(after, Some('>' | ' ' | '/' | '\n')) {
            let Some(close) = rest.find('>') else {
                continue;
            };
            return Some((i, i + rest[..=close].chars().count()));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn windows_1250_mojibake_is_found_and_czech_is_not() {
        assert!(mojibake("PĹ™Ă\u{AD}ÄŤina vĂ˝padku").is_some());
        assert!(mojibake("zvlášť rychlé řešení, vážení").is_none());
        assert!(mojibake("Äußerst schön").is_none());
    }

    #[test]
    fn raw_html_comments_and_tags_but_not_comparisons() {
        let text = "Done <!-- internal: ask Bob --> now";
        let (s, e) = raw_html(text).unwrap();
        assert_eq!(
            text.chars().skip(s).take(e - s).collect::<String>(),
            "<!-- internal: ask Bob -->"
        );
        assert!(raw_html("see <span hidden>x</span>").is_some());
        assert!(raw_html("latency < 200 ms and a<b").is_none());
    }
}
