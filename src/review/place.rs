//! Where words of a parsed text stand in the raw YAML source.
//!
//! A parsed string is not the source: a folded scalar (`>`) turns line
//! breaks into spaces, every block scalar drops its indentation, quotes and
//! escapes go. So positions are never computed from offsets in the parsed
//! string; instead the matched words (as tokens, which ignore white space)
//! are looked for again in the source, starting at the value's position,
//! within the lines that belong to the value. The k-th occurrence in the
//! value is the k-th in the source.

use crate::diag::Pos;

use super::matcher::{Token, tokens};

/// The source of the file, cut into lines once.
pub struct Source<'a> {
    lines: Vec<&'a str>,
}

impl<'a> Source<'a> {
    /// Indexes a file's text.
    #[must_use]
    pub fn new(text: &'a str) -> Source<'a> {
        Source {
            lines: text.split('\n').collect(),
        }
    }

    /// The start and end (exclusive) in the file of the value's tokens
    /// `first..last`, for a value that starts at `at`; `None` when the words
    /// cannot be found again (an escape sequence inside them, say).
    #[must_use]
    pub fn span(
        &self,
        at: Pos,
        value_tokens: &[Token],
        first: usize,
        last: usize,
    ) -> Option<(Pos, Pos)> {
        let wanted = value_tokens.get(first..last)?;
        if wanted.is_empty() {
            return None;
        }
        let occurrence = count(&value_tokens[..last], wanted) - 1;
        let (text, places) = self.region(at)?;
        let found = tokens(&text);
        let mut seen = 0;
        for i in 0..found.len() {
            if same(found.get(i..i + wanted.len())?, wanted) {
                if seen == occurrence {
                    let start = *places.get(found[i].start)?;
                    let last_char = *places.get(found[i + wanted.len() - 1].end - 1)?;
                    let end = Pos {
                        line: last_char.line,
                        column: last_char.column + 1,
                    };
                    return Some((start, end));
                }
                seen += 1;
            }
        }
        None
    }

    /// The text of the value starting at `at`: the rest of its line, then
    /// every following line that is blank or indented deeper than the key
    /// it belongs to; with the position of each character.
    fn region(&self, at: Pos) -> Option<(String, Vec<Pos>)> {
        let first = usize::try_from(at.line).ok()?.checked_sub(1)?;
        let head = self.lines.get(first)?;
        // A value that starts its line is block-scalar content: its lines
        // share that indentation. After a key, continuation lines are deeper.
        let starts_line = usize::try_from(at.column).ok()? == indentation(head) + 1;
        let indent = indentation(head) - usize::from(starts_line && indentation(head) > 0);
        let mut text = String::new();
        let mut places = Vec::new();
        let skip = usize::try_from(at.column).ok()?.saturating_sub(1);
        for (n, line) in self.lines.iter().enumerate().skip(first) {
            if n > first && !line.trim().is_empty() && indentation(line) <= indent {
                break;
            }
            let from = if n == first { skip } else { 0 };
            for (col, c) in line.chars().enumerate().skip(from) {
                text.push(c);
                places.push(Pos {
                    line: n as u64 + 1,
                    column: col as u64 + 1,
                });
            }
            text.push('\n');
            places.push(Pos {
                line: n as u64 + 1,
                column: line.chars().count() as u64 + 1,
            });
        }
        Some((text, places))
    }
}

fn indentation(line: &str) -> usize {
    line.chars().take_while(|c| *c == ' ').count()
}

fn same(a: &[Token], b: &[Token]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.text == y.text)
}

/// How often `wanted` occurs in `toks` (ending anywhere).
fn count(toks: &[Token], wanted: &[Token]) -> usize {
    (0..toks.len())
        .filter(|&i| {
            toks.get(i..i + wanted.len())
                .is_some_and(|w| same(w, wanted))
        })
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::review::matcher::Phrase;

    fn span_of(source: &str, at: Pos, value: &str, phrase: &str, nth: usize) -> (Pos, Pos) {
        let toks = tokens(value);
        let m = Phrase::parse(phrase).find(&toks)[nth];
        Source::new(source)
            .span(at, &toks, m.first_token, m.last_token)
            .unwrap()
    }

    fn p(line: u64, column: u64) -> Pos {
        Pos { line, column }
    }

    #[test]
    fn words_in_a_folded_scalar_are_found_on_their_source_line() {
        let source = "a:\n  text: >\n    We are sorry. It will\n    never happen again, and we\n    will never forget.\nb: never again\n";
        let value = "We are sorry. It will never happen again, and we will never forget.\n";
        assert_eq!(
            span_of(source, p(2, 9), value, "never happen again", 0),
            (p(4, 5), p(4, 23))
        );
        // The first "will never" starts at the end of line 3 and ends on line 4.
        assert_eq!(
            span_of(source, p(2, 9), value, "will never", 1),
            (p(5, 5), p(5, 15))
        );
        assert_eq!(
            span_of(source, p(2, 9), value, "will never", 0),
            (p(3, 22), p(4, 10))
        );
    }

    #[test]
    fn words_in_a_quoted_flow_value_count_characters_not_bytes() {
        let source = "- {at: x, text: \"Vaše chyba: dodavatel selhal\"}\n";
        let value = "Vaše chyba: dodavatel selhal";
        assert_eq!(
            span_of(source, p(1, 17), value, "dodavatel*", 0),
            (p(1, 30), p(1, 39))
        );
    }
}
