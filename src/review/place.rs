//! Where words of a parsed text stand in the raw YAML source.
//!
//! A parsed string is not the source: a folded scalar (`>`) turns line
//! breaks into spaces, every block scalar drops its indentation, quotes and
//! escapes go. So positions are never computed from offsets in the parsed
//! string; instead the value's tokens (which ignore white space) are aligned
//! once, in order, with the tokens of the source lines that belong to the
//! value, and a match's first and last token are looked up there. Aligning
//! is linear, so a file with thousands of findings stays fast.

use crate::diag::Pos;

use super::matcher::{Token, tokens};

/// How many source tokens the alignment skips at most looking for the next
/// value token (quotes, escapes, a block indicator).
const LOOKAHEAD: usize = 8;

/// The source of the file, cut into lines once.
pub struct Source<'a> {
    lines: Vec<&'a str>,
}

/// A value's tokens placed in the source: for each token, its start and
/// end (exclusive) there, when found.
pub struct Placed {
    spans: Vec<Option<(Pos, Pos)>>,
}

impl Placed {
    /// The start of token `first` and the end of token `last - 1`.
    #[must_use]
    pub fn span(&self, first: usize, last: usize) -> Option<(Pos, Pos)> {
        let (start, _) = (*self.spans.get(first)?)?;
        let (_, end) = (*self.spans.get(last.checked_sub(1)?)?)?;
        Some((start, end))
    }
}

impl<'a> Source<'a> {
    /// Indexes a file's text.
    #[must_use]
    pub fn new(text: &'a str) -> Source<'a> {
        Source {
            lines: text.split('\n').collect(),
        }
    }

    /// Places the tokens of a value that starts at `at`.
    #[must_use]
    pub fn place(&self, at: Pos, value_tokens: &[Token]) -> Placed {
        let mut spans = vec![None; value_tokens.len()];
        let Some((text, places)) = self.region(at) else {
            return Placed { spans };
        };
        let found = tokens(&text);
        let mut j = 0;
        for (i, t) in value_tokens.iter().enumerate() {
            let window = found
                .get(j..(j + LOOKAHEAD).min(found.len()))
                .unwrap_or(&[]);
            let Some(k) = window.iter().position(|f| f.text == t.text) else {
                continue;
            };
            let f = &found[j + k];
            j += k + 1;
            let (Some(&start), Some(&last)) = (places.get(f.start), places.get(f.end - 1)) else {
                continue;
            };
            let end = Pos {
                line: last.line,
                column: last.column + 1,
            };
            spans[i] = Some((start, end));
        }
        Placed { spans }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::review::matcher::Phrase;

    fn span_of(source: &str, at: Pos, value: &str, phrase: &str, nth: usize) -> (Pos, Pos) {
        let toks = tokens(value);
        let m = Phrase::parse(phrase).find(&toks)[nth];
        Source::new(source)
            .place(at, &toks)
            .span(m.first_token, m.last_token)
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
    fn escapes_and_doubled_quotes_do_not_lose_the_words_after_them() {
        let source = "text: \"He said \\\"no\\\" and we won''t \\u00e9 never again\"\n";
        let value = "He said \"no\" and we won't é never again";
        assert_eq!(
            span_of(source, p(1, 7), value, "never again", 0),
            (p(1, 44), p(1, 55))
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
