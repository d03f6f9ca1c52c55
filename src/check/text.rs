//! What every text of an incident file must be: shallow enough to typeset.

/// Deepest nesting of block quotes and lists a text may have: far beyond
/// any letter, and within what the PDF can indent.
pub const MAX_TEXT_NESTING: usize = 20;

/// What is wrong with a text (already trimmed) that `what` names, one
/// message a problem: empty, a hidden control character, nested too deep.
/// The rules of every text of an incident file, and of the defaults that
/// stand in for them (amends.toml's `[provider]`).
pub fn problems(text: &str, what: &str) -> Vec<String> {
    let mut found = Vec::new();
    if text.is_empty() {
        found.push(format!("{what} is empty; write it out"));
    }
    // Escaped forms (`"\u202E"`, `"\r"`) get here past the raw scan in `read`.
    if let Some(c) = text
        .chars()
        .find(|&c| c == '\r' || crate::diag::is_hidden_control(c))
    {
        found.push(format!("{what}: {}", crate::read::refused_char_message(c)));
    }
    if nesting_exceeds(text, MAX_TEXT_NESTING) {
        found.push(format!(
            "{what} nests block quotes or lists more than {MAX_TEXT_NESTING} levels deep; \
             a letter cannot show deeper nesting, so flatten it"
        ));
    }
    found
}

/// Whether the Markdown `text` nests block quotes and lists deeper than `max`.
pub(super) fn nesting_exceeds(text: &str, max: usize) -> bool {
    use pulldown_cmark::{Event, Parser, Tag, TagEnd};
    // Most texts have no container markers at all: skip the parser for them.
    if !text.contains(['>', '-', '*', '+']) && !text.bytes().any(|b| b.is_ascii_digit()) {
        return false;
    }
    let mut depth = 0usize;
    for event in Parser::new(text) {
        match event {
            Event::Start(Tag::BlockQuote(_) | Tag::List(_)) => {
                depth += 1;
                if depth > max {
                    return true;
                }
            }
            Event::End(TagEnd::BlockQuote(_) | TagEnd::List(_)) => {
                depth = depth.saturating_sub(1);
            }
            _ => {}
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nesting_is_measured_in_quotes_and_lists() {
        assert!(!nesting_exceeds("> a\n>> b\n\n- x\n  - y", 2));
        assert!(nesting_exceeds(">>> deep", 2));
        assert!(nesting_exceeds("- - - deep", 2));
        assert!(nesting_exceeds(&">".repeat(10_000), MAX_TEXT_NESTING));
        assert!(!nesting_exceeds(
            &">".repeat(MAX_TEXT_NESTING),
            MAX_TEXT_NESTING
        ));
    }
}
