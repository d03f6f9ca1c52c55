//! Scripts the typesetter cannot set. Lines are laid out left to right with
//! no shaping, so right-to-left text (Hebrew, Arabic, Syriac, Thaana, N'Ko,
//! ...) would be printed backwards and with unjoined letters: it is refused,
//! naming the characters and where the first one is, rather than printed
//! wrong. Doing it right takes the Unicode bidirectional algorithm (UAX #9)
//! and Arabic shaping.

use std::collections::BTreeSet;

use super::blocks::{Block, Run};

/// Whether a character asks for right-to-left display: a letter of a
/// right-to-left script, or a control that starts right-to-left text.
#[must_use]
pub fn is_right_to_left(c: char) -> bool {
    matches!(u32::from(c),
        0x0590..=0x08FF // Hebrew, Arabic, Syriac, Thaana, N'Ko, Samaritan, Mandaic, Arabic extensions
        | 0xFB1D..=0xFDFF // Hebrew and Arabic presentation forms
        | 0xFE70..=0xFEFE // Arabic presentation forms B (not U+FEFF)
        | 0x10800..=0x10FFF // historic right-to-left scripts, Hanifi Rohingya, Yezidi, ...
        | 0x1E800..=0x1EFFF // Mende Kikakui, Adlam, Arabic mathematical letters
        | 0x200F | 0x202B | 0x202E | 0x2067)
}

/// Right-to-left text found in a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RightToLeft {
    /// 1-based line of the first such character in the Markdown, when found there.
    pub line: Option<usize>,
    /// 1-based column (in characters) on that line.
    pub column: usize,
    /// The distinct characters, at most a few.
    pub chars: Vec<char>,
}

/// How many distinct characters an error names.
const NAMED: usize = 5;

/// Finds right-to-left text in what will be printed (`blocks`), and locates
/// the first character in `source` (the whole Markdown file).
#[must_use]
pub fn find_right_to_left(blocks: &[Block], source: &str) -> Option<RightToLeft> {
    let mut found: BTreeSet<char> = BTreeSet::new();
    let mut first: Option<char> = None;
    let mut visit = |text: &str| {
        for c in text.chars().filter(|c| is_right_to_left(*c)) {
            first.get_or_insert(c);
            if found.len() < NAMED {
                found.insert(c);
            }
        }
    };
    // Blocks nest at most `MAX_NESTING` deep, but a work list is as simple.
    let mut todo: Vec<&Block> = blocks.iter().collect();
    while let Some(block) = todo.pop() {
        let runs = |runs: &[Run], visit: &mut dyn FnMut(&str)| {
            for r in runs {
                visit(&r.text);
            }
        };
        match block {
            Block::Heading { runs: r, .. } | Block::Paragraph(r) => runs(r, &mut visit),
            Block::Code(text) => visit(text),
            Block::Quote(inner) => todo.extend(inner),
            Block::List { items, .. } => todo.extend(items.iter().flat_map(|i| &i.blocks)),
            Block::Rule => {}
            Block::Table { head, rows, .. } => {
                for cell in head.iter().chain(rows.iter().flatten()) {
                    runs(cell, &mut visit);
                }
            }
            Block::Footnotes(notes) => todo.extend(notes.iter().flat_map(|(_, b)| b)),
        }
    }
    let first = first?;
    let (line, column) = source
        .lines()
        .enumerate()
        .find_map(|(i, l)| {
            l.chars()
                .position(|c| c == first)
                .map(|col| (Some(i + 1), col + 1))
        })
        .unwrap_or((None, 0));
    Some(RightToLeft {
        line,
        column,
        chars: found.into_iter().collect(),
    })
}

impl std::fmt::Display for RightToLeft {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let names: Vec<String> = self
            .chars
            .iter()
            .map(|c| format!("U+{:04X}", u32::from(*c)))
            .collect();
        write!(
            f,
            "right-to-left text ({}) cannot be typeset: amends lays out left-to-right scripts only and would print it backwards; write it in a left-to-right script or transliterate it",
            names.join(", ")
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::pdf::blocks::parse;

    #[test]
    fn hebrew_and_arabic_are_found_with_their_line_but_not_in_comments() {
        let md = "# Title\n\nText <!-- שלום --> ok\n\n| a |\n|---|\n| مرحبا |\n";
        let found = find_right_to_left(&parse(md), md).unwrap();
        assert_eq!(found.chars, ['ا', 'ب', 'ح', 'ر', 'م']);
        assert_eq!((found.line, found.column), (Some(7), 3));
        assert!(find_right_to_left(&parse("Only a comment <!-- שלום -->\n"), "").is_none());
        assert!(find_right_to_left(&parse("Čeština, tiếng Việt, 日本語\n"), "").is_none());
    }
}
