//! The units a redline compares: the document cut at the start of every
//! heading, paragraph, list item, table row and other leaf block, each cut
//! into its marker (`## `, `- `, `| `), its words, and what follows them.

use pulldown_cmark::{Event, Options, Parser, Tag};

/// What a block is, as far as marking it goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Text with a marker before it: paragraph, heading, list item, quote.
    Text,
    /// A table row (or the header row, its delimiter row in the suffix).
    Row,
    /// Code, HTML or a rule: never marked inside.
    Verbatim,
}

/// One unit; `prefix + content + suffix == text`.
#[derive(Debug, Clone, Copy)]
pub struct Block<'a> {
    /// The whole slice, blank lines after it included.
    pub text: &'a str,
    /// What kind of block.
    pub kind: Kind,
    /// Marker: `## `, `- `, `1. `, `> `, or a row's leading `|`.
    pub prefix: &'a str,
    /// The words (a row's cells, separated by `|`).
    pub content: &'a str,
    /// Trailing `|`, line ends, blank lines.
    pub suffix: &'a str,
}

/// Cuts `markdown` into blocks; concatenated, they are `markdown` again.
#[must_use]
pub fn split(markdown: &str) -> Vec<Block<'_>> {
    let mut starts = std::collections::BTreeMap::new();
    let parser = Parser::new_ext(
        markdown,
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH,
    );
    for (event, range) in parser.into_offset_iter() {
        let kind = match event {
            Event::Start(Tag::Paragraph | Tag::Heading { .. } | Tag::Item | Tag::BlockQuote(_)) => {
                Kind::Text
            }
            Event::Start(Tag::TableHead | Tag::TableRow) => Kind::Row,
            Event::Start(Tag::CodeBlock(_) | Tag::HtmlBlock) | Event::Rule => Kind::Verbatim,
            _ => continue,
        };
        // The outermost block of a line decides (an item's paragraph is the item).
        starts
            .entry(line_start(markdown, range.start))
            .or_insert(kind);
    }
    starts.entry(0).or_insert(Kind::Text);
    let starts: Vec<(usize, Kind)> = starts.into_iter().collect();
    let mut blocks = Vec::with_capacity(starts.len());
    for (i, (start, kind)) in starts.iter().enumerate() {
        let end = starts.get(i + 1).map_or(markdown.len(), |(s, _)| *s);
        if end > *start {
            blocks.push(cut(&markdown[*start..end], *kind));
        }
    }
    blocks
}

/// The start of the line holding byte `at` (a line ends at `\n` or a lone `\r`).
fn line_start(text: &str, at: usize) -> usize {
    text[..at].rfind(['\n', '\r']).map_or(0, |i| i + 1)
}

fn cut(text: &str, kind: Kind) -> Block<'_> {
    let body_end = text.trim_end().len();
    let mut head = &text[..body_end];
    if kind == Kind::Row {
        // A header row's delimiter row stays in the suffix, unmarked.
        if let Some(eol) = head.find(['\n', '\r']) {
            head = &text[..head[..eol].trim_end().len()];
        }
        let lead = head.len() - head.trim_start().len();
        let prefix_end = lead + usize::from(head[lead..].starts_with('|'));
        let content_end =
            if head.ends_with('|') && !head.ends_with("\\|") && head.len() > prefix_end {
                head.len() - 1
            } else {
                head.len()
            };
        return Block {
            text,
            kind,
            prefix: &text[..prefix_end],
            content: &text[prefix_end..content_end],
            suffix: &text[content_end..],
        };
    }
    let prefix_len = if kind == Kind::Text {
        marker_len(head)
    } else {
        0
    };
    Block {
        text,
        kind,
        prefix: &text[..prefix_len],
        content: &text[prefix_len..body_end],
        suffix: &text[body_end..],
    }
}

/// Length of the block marker at the start: indentation, then `#`s, a
/// bullet, a number with `.` or `)`, or `>`, each followed by a space.
fn marker_len(text: &str) -> usize {
    let lead = text.len() - text.trim_start_matches([' ', '\t']).len();
    let rest = &text[lead..];
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let hashes = rest.bytes().take_while(|&b| b == b'#').count();
    let marker = if hashes > 0 && hashes <= 6 {
        hashes
    } else if digits > 0 && digits <= 9 && matches!(rest.as_bytes().get(digits), Some(b'.' | b')'))
    {
        digits + 1
    } else if matches!(rest.as_bytes().first(), Some(b'-' | b'*' | b'+' | b'>')) {
        1
    } else {
        return lead;
    };
    let spaces = rest[marker..].bytes().take_while(|&b| b == b' ').count();
    if spaces == 0 && !rest[marker..].is_empty() {
        return lead;
    }
    lead + marker + spaces
}

/// The cells of a row's content, split at unescaped `|`.
fn cells(content: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut escaped = false;
    for (i, c) in content.char_indices() {
        match c {
            '\\' => escaped = !escaped,
            '|' if !escaped => {
                out.push(&content[start..i]);
                start = i + 1;
            }
            _ => escaped = false,
        }
    }
    out.push(&content[start..]);
    out
}

/// The parts of two blocks to compare word by word, when they are alike
/// enough (same kind and marker; rows with as many cells); `None` when one
/// replaces the other whole.
#[must_use]
pub fn pair<'a>(old: &Block<'a>, new: &Block<'a>) -> Option<Vec<(&'a str, &'a str)>> {
    match (old.kind, new.kind) {
        (Kind::Row, Kind::Row) => {
            let (a, b) = (cells(old.content), cells(new.content));
            (a.len() == b.len()).then(|| a.into_iter().zip(b).collect())
        }
        (Kind::Text, Kind::Text) if same_marker(old.prefix, new.prefix) => {
            Some(vec![(old.content, new.content)])
        }
        _ => None,
    }
}

/// The shape two blocks must share to be compared word by word.
#[must_use]
pub fn shape(block: &Block<'_>) -> String {
    match block.kind {
        Kind::Row => format!("row{}", cells(block.content).len()),
        Kind::Verbatim => "verbatim".into(),
        Kind::Text => {
            let m = block.prefix.trim();
            if m.starts_with(|c: char| c.is_ascii_digit()) {
                "1.".into()
            } else {
                m.to_owned()
            }
        }
    }
}

/// Markers of one kind: equal, or both numbered, or both bullets.
fn same_marker(a: &str, b: &str) -> bool {
    let class = |m: &str| {
        let m = m.trim();
        if m.starts_with(|c: char| c.is_ascii_digit()) {
            "1.".to_owned()
        } else {
            m.to_owned()
        }
    };
    class(a) == class(b)
}

/// A block deleted or inserted whole, marked with `tag` so its structure
/// stays: each cell of a row, the text after a marker; code is announced,
/// not marked inside.
#[must_use]
pub fn mark_whole(block: &Block<'_>, tag: &str) -> String {
    let wrap = |s: &str| {
        let lead = s.len() - s.trim_start().len();
        let body = s.trim();
        if body.is_empty() {
            s.to_owned()
        } else {
            format!(
                "{}<{tag}>{body}</{tag}>{}",
                &s[..lead],
                &s[lead + body.len()..]
            )
        }
    };
    match block.kind {
        Kind::Row => {
            let cells: Vec<String> = cells(block.content).into_iter().map(wrap).collect();
            format!("{}{}{}", block.prefix, cells.join("|"), block.suffix)
        }
        Kind::Text => format!("{}{}{}", block.prefix, wrap(block.content), block.suffix),
        Kind::Verbatim if tag == "ins" => {
            format!("<ins>(added:)</ins>\n\n{}", block.text)
        }
        Kind::Verbatim => {
            let lines = block.text.trim_end().lines().count();
            format!("<del>({lines} line(s) of code or HTML deleted)</del>\n\n")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_cover_the_text_and_keep_their_parts() {
        let md = "# Title\n\nA para\nwrapped.\n\n- one\n- two\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```\ncode\n```\n";
        let blocks = split(md);
        assert_eq!(blocks.iter().map(|b| b.text).collect::<String>(), md);
        for b in &blocks {
            assert_eq!(format!("{}{}{}", b.prefix, b.content, b.suffix), b.text);
        }
        let contents: Vec<&str> = blocks.iter().map(|b| b.content).collect();
        assert_eq!(
            contents,
            [
                "Title",
                "A para\nwrapped.",
                "one",
                "two",
                " a | b ",
                " 1 | 2 ",
                "```\ncode\n```"
            ]
        );
        assert_eq!(blocks[4].suffix, "|\n|---|---|\n");
    }

    #[test]
    fn a_lone_carriage_return_is_a_line_end() {
        let blocks = split("a\rb\r\rc");
        assert_eq!(
            blocks.iter().map(|b| b.text).collect::<String>(),
            "a\rb\r\rc"
        );
    }
}
