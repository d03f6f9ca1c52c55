//! Writing YAML by hand: every text from an export goes out double-quoted
//! with escapes, and comments never carry a line break, so no exported text
//! can change the structure of the file.

use std::fmt::Write as _;

/// `text` as a YAML 1.2 double-quoted scalar that reads back as exactly `text`.
pub fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if needs_escape(c) => {
                let code = u32::from(c);
                if code <= 0xFFFF {
                    let _ = write!(out, "\\u{code:04X}");
                } else {
                    let _ = write!(out, "\\U{code:08X}");
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Characters YAML does not allow as they are, or reads as line breaks or a
/// byte-order mark.
fn needs_escape(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{1F}' | '\u{7F}'..='\u{9F}' | '\u{2028}' | '\u{2029}'
        | '\u{FEFF}' | '\u{FFFE}' | '\u{FFFF}')
}

/// `text` on one line: runs of white space and control characters become one
/// space; safe inside a comment or as inline Markdown.
pub fn one_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split(|c: char| c.is_whitespace() || c.is_control() || needs_escape(c)) {
        if word.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// `text` as comment lines of at most about `width` characters, each starting
/// with `prefix` (which holds the `#`).
pub fn comment(text: &str, prefix: &str, width: usize) -> String {
    let mut out = String::new();
    let mut line = String::new();
    for word in one_line(text).split(' ').filter(|w| !w.is_empty()) {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            let _ = writeln!(out, "{prefix}{line}");
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        let _ = writeln!(out, "{prefix}{line}");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize)]
    struct One {
        text: String,
    }

    fn round_trip(text: &str) -> String {
        let yaml = format!("text: {}\n", quote(text));
        let one: One = serde_saphyr::from_str(&yaml).unwrap();
        one.text
    }

    #[test]
    fn quoted_text_reads_back_unchanged() {
        for text in [
            "plain",
            "",
            "a: b # not a comment",
            "\"quoted\" and \\backslash\\",
            "- list? no\n---\n...",
            "tab\tnew\nline\r\u{85}\u{2028}\u{feff}\u{7f}\u{1b}[31m",
            "Vietnamese: Sự cố đã được khắc phục; Czech: Výpadek byl odstraněn.",
            "emoji 🚒 and astral 𝔸",
            "&anchor *alias !tag %directive @ `",
            "true",
            "null",
            "~",
            "0x1F",
        ] {
            assert_eq!(round_trip(text), text, "{text:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn any_text_reads_back_unchanged(text in "\\PC*|[\\x00-\\x7f\\u{80}-\\u{ffff}]{0,40}") {
            proptest::prop_assert_eq!(round_trip(&text), text);
        }
    }

    #[test]
    fn comments_stay_on_their_lines() {
        let c = comment("first line\nkey: value\r\n# more\u{2028}end", "  # ", 20);
        for line in c.lines() {
            assert!(line.starts_with("  # "), "{line:?}");
        }
        assert_eq!(
            c.lines().collect::<Vec<_>>(),
            ["  # first line key:", "  # value # more end"]
        );
    }
}
