//! Blocks: Markdown (pulldown-cmark events) -> a tree of blocks with styled
//! text runs, the input of layout. Nothing a reader sees is dropped: raw HTML
//! stays as literal text (but comments and hidden elements, invisible in a
//! viewer, are left out: see [`super::html`]), images keep their alt text,
//! links show their address.

use std::borrow::Cow;
use std::collections::HashMap;

use pulldown_cmark::{Alignment, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

/// How a run of text is drawn.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Style {
    /// Bold face.
    pub bold: bool,
    /// Italic face.
    pub italic: bool,
    /// Monospaced face (inline code).
    pub mono: bool,
    /// Struck through (`~~text~~`, `<del>`): a deletion in a redline.
    pub strike: bool,
    /// Underlined as inserted (`<ins>`): an insertion in a redline.
    pub insert: bool,
    /// Raised and smaller: a footnote reference.
    pub superscript: bool,
    /// The target of a link, when the run is inside one.
    pub link: Option<String>,
    /// A line broken after a hyphen inside a compound starts with that
    /// hyphen again (Czech "e-" ⏎ "-shop"): set by `typography` from the
    /// language, never on code or addresses.
    pub repeat_hyphen: bool,
}

/// A run of text in one style. A run whose text is `"\n"` is a hard line break.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Run {
    /// NFC-normalised text.
    pub text: String,
    /// Its style.
    pub style: Style,
}

/// Column alignment in a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    /// Left (also for no alignment given).
    Left,
    /// Centred.
    Center,
    /// Right.
    Right,
}

/// One block of the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// A heading, level 1-6.
    Heading {
        /// 1 to 6.
        level: u8,
        /// Its text.
        runs: Vec<Run>,
    },
    /// A paragraph.
    Paragraph(Vec<Run>),
    /// A code block's text, lines kept.
    Code(String),
    /// A block quote.
    Quote(Vec<Block>),
    /// A list.
    List {
        /// The first number of an ordered list; `None` for bullets.
        start: Option<u64>,
        /// The items.
        items: Vec<Item>,
    },
    /// A thematic break.
    Rule,
    /// A table.
    Table {
        /// Column alignments.
        aligns: Vec<Align>,
        /// Header cells.
        head: Vec<Vec<Run>>,
        /// Body rows.
        rows: Vec<Vec<Vec<Run>>>,
    },
    /// Footnote definitions, collected at the end of the document.
    Footnotes(Vec<(String, Vec<Block>)>),
}

/// A list item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// `Some(checked)` for a task-list item.
    pub task: Option<bool>,
    /// Its content.
    pub blocks: Vec<Block>,
}

/// `text` in NFC: as it is when a quick check says it is (nearly all text
/// is), else normalised (normalising NFC text gives it back unchanged).
fn nfc(text: &str) -> Cow<'_, str> {
    match is_nfc_quick(text.chars()) {
        IsNormalized::Yes => Cow::Borrowed(text),
        IsNormalized::No | IsNormalized::Maybe => Cow::Owned(text.nfc().collect()),
    }
}

/// Parses Markdown (CommonMark with GFM tables, strikethrough, task lists and
/// footnotes) into blocks.
#[must_use]
pub fn parse(markdown: &str) -> Vec<Block> {
    parse_document(markdown).blocks
}

/// How deeply block quotes, lists and footnotes may nest. Deeper containers
/// are flattened into the innermost one kept (their text stays, in order), so
/// the block tree, and every walk over it, stays shallow whatever the input,
/// and the indent (at most this many steps) leaves room for text.
pub const MAX_NESTING: usize = 12;

/// Blocks and what the user should be told about how they were read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Document {
    /// The blocks.
    pub blocks: Vec<Block>,
    /// E.g. that nesting was flattened.
    pub warnings: Vec<String>,
}

/// Parses Markdown into blocks, with warnings.
#[must_use]
pub fn parse_document(markdown: &str) -> Document {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_FOOTNOTES;
    let mut b = Builder::default();
    for event in Parser::new_ext(markdown, options) {
        b.event(event);
    }
    let mut warnings = Vec::new();
    if b.html.dropped {
        warnings.push(
            "HTML comments and hidden HTML elements are left out of the PDF, as Markdown viewers do".to_owned(),
        );
    }
    if b.flattened_any {
        warnings.push(format!(
            "block quotes, lists or footnotes nest deeper than {MAX_NESTING} levels; the deeper levels are typeset at level {MAX_NESTING}"
        ));
    }
    Document {
        blocks: b.finish(),
        warnings,
    }
}

/// Whether a link target may become a clickable link: only `http`, `https`
/// and `mailto`. Anything else (`javascript:`, `file:`, `data:`, a UNC path,
/// a relative path that a viewer would resolve against the file) is printed
/// as text only.
#[must_use]
pub fn is_safe_link(url: &str) -> bool {
    let Some((scheme, rest)) = url.split_once(':') else {
        return false;
    };
    let scheme = scheme.to_ascii_lowercase();
    match scheme.as_str() {
        "http" | "https" => rest.starts_with("//") && rest.len() > 2,
        "mailto" => !rest.is_empty(),
        _ => false,
    }
}

/// A container being filled.
#[derive(Debug)]
enum Frame {
    Root(Vec<Block>),
    Quote(Vec<Block>),
    List {
        start: Option<u64>,
        items: Vec<Item>,
    },
    Item {
        task: Option<bool>,
        blocks: Vec<Block>,
    },
    Footnote {
        label: String,
        blocks: Vec<Block>,
    },
}

impl Frame {
    fn blocks(&mut self) -> Option<&mut Vec<Block>> {
        match self {
            Frame::Root(b)
            | Frame::Quote(b)
            | Frame::Item { blocks: b, .. }
            | Frame::Footnote { blocks: b, .. } => Some(b),
            Frame::List { .. } => None,
        }
    }
}

/// Inline text being collected for a paragraph, heading, cell or code block.
#[derive(Debug, Default)]
struct Inline {
    runs: Vec<Run>,
    bold: u32,
    italic: u32,
    strike: u32,
    insert: u32,
    superscript: bool,
    /// Open links: the address, and whether it may become a link action.
    links: Vec<(String, bool)>,
    link_starts: Vec<usize>,
}

#[derive(Debug)]
struct Builder {
    stack: Vec<Frame>,
    inline: Inline,
    code: Option<String>,
    table: Option<TableBuild>,
    footnotes: Vec<(String, Vec<Block>)>,
    footnote_numbers: Vec<String>,
    /// Label -> number (from 1), so numbering is linear in the number of notes.
    footnote_index: HashMap<String, usize>,
    image_depth: u32,
    html: super::html::HtmlState,
    /// Containers opened past [`MAX_NESTING`] and not (yet) closed: their
    /// content joins the innermost container kept.
    flattened: usize,
    /// Whether any container was flattened (a warning for the user).
    flattened_any: bool,
}

#[derive(Debug, Default)]
struct TableBuild {
    aligns: Vec<Align>,
    head: Vec<Vec<Run>>,
    rows: Vec<Vec<Vec<Run>>>,
    in_head: bool,
}

impl Default for Builder {
    fn default() -> Self {
        Builder {
            stack: vec![Frame::Root(Vec::new())],
            inline: Inline::default(),
            code: None,
            table: None,
            footnotes: Vec::new(),
            footnote_numbers: Vec::new(),
            footnote_index: HashMap::new(),
            image_depth: 0,
            html: super::html::HtmlState::default(),
            flattened: 0,
            flattened_any: false,
        }
    }
}

impl Builder {
    fn push_block(&mut self, block: Block) {
        if self.html.hiding() {
            return;
        }
        // A block directly inside a list (tight items have no paragraph) goes into a new item.
        if let Some(Frame::List { .. }) = self.stack.last() {
            self.stack.push(Frame::Item {
                task: None,
                blocks: Vec::new(),
            });
        }
        if let Some(blocks) = self.stack.last_mut().and_then(Frame::blocks) {
            blocks.push(block);
        }
    }

    fn text(&mut self, text: &str, mono: bool) {
        if self.html.hiding() {
            self.html.dropped = true;
            return;
        }
        if let Some(code) = &mut self.code {
            code.push_str(text);
            return;
        }
        let style = Style {
            bold: self.inline.bold > 0,
            italic: self.inline.italic > 0 || self.image_depth > 0,
            mono,
            strike: self.inline.strike > 0,
            insert: self.inline.insert > 0,
            superscript: self.inline.superscript,
            link: self
                .inline
                .links
                .last()
                .filter(|(_, active)| *active)
                .map(|(url, _)| url.clone()),
            repeat_hyphen: false,
        };
        let text = nfc(text);
        match self.inline.runs.last_mut() {
            Some(last) if last.style == style && last.text != "\n" => last.text.push_str(&text),
            _ => self.inline.runs.push(Run {
                text: text.into_owned(),
                style,
            }),
        }
    }

    fn take_runs(&mut self) -> Vec<Run> {
        self.html.end_inline();
        let mut runs = std::mem::take(&mut self.inline.runs);
        // Leading and trailing line breaks carry nothing.
        while runs.last().is_some_and(|r| r.text == "\n") {
            runs.pop();
        }
        runs
    }

    fn event(&mut self, event: Event) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(t) => self.text(&t, false),
            Event::Code(t) => self.text(&t, true),
            Event::Html(t) => {
                let block =
                    self.code.is_none() && self.inline.runs.is_empty() && self.table.is_none();
                self.html(t.trim_end_matches('\n'), !block);
            }
            Event::InlineHtml(t) => self.html(&t, true),
            Event::InlineMath(t) | Event::DisplayMath(t) => self.text(&t, true),
            Event::FootnoteReference(label) => {
                // A superscript number, as the notes at the end are numbered.
                let n = self.footnote_number(&label);
                self.inline.superscript = true;
                self.text(&n.to_string(), false);
                self.inline.superscript = false;
            }
            Event::SoftBreak => self.text(" ", false),
            Event::HardBreak => self.inline.runs.push(Run {
                text: "\n".into(),
                style: Style::default(),
            }),
            Event::Rule => {
                self.flush_tight_text();
                self.push_block(Block::Rule);
            }
            Event::TaskListMarker(checked) => {
                if let Some(Frame::Item { task, .. }) = self.stack.last_mut() {
                    *task = Some(checked);
                } else {
                    self.text(if checked { "☑ " } else { "☐ " }, false);
                }
            }
        }
    }

    /// Raw HTML: printed as the literal text it is, except what a Markdown
    /// viewer hides (comments, hidden elements) and redline tags.
    fn html(&mut self, raw: &str, inline: bool) {
        let mut block_text = String::new();
        for piece in self.html.scan(raw, inline) {
            match piece {
                super::html::Piece::Text(t) if inline => self.text(t, true),
                super::html::Piece::Text(t) => block_text.push_str(t),
                super::html::Piece::Insert(open) => {
                    self.inline.insert = if open {
                        self.inline.insert + 1
                    } else {
                        self.inline.insert.saturating_sub(1)
                    };
                }
                super::html::Piece::Delete(open) => {
                    self.inline.strike = if open {
                        self.inline.strike + 1
                    } else {
                        self.inline.strike.saturating_sub(1)
                    };
                }
            }
        }
        if !block_text.trim().is_empty() {
            self.push_block(Block::Code(block_text));
        }
    }

    fn footnote_number(&mut self, label: &str) -> usize {
        if let Some(&n) = self.footnote_index.get(label) {
            return n;
        }
        self.footnote_numbers.push(label.to_owned());
        let n = self.footnote_numbers.len();
        self.footnote_index.insert(label.to_owned(), n);
        n
    }

    /// Containers that indent: quotes, list items, footnotes.
    fn nesting(&self) -> usize {
        self.stack
            .iter()
            .filter(|f| {
                matches!(
                    f,
                    Frame::Quote(_) | Frame::Item { .. } | Frame::Footnote { .. }
                )
            })
            .count()
    }

    fn start(&mut self, tag: Tag) {
        if matches!(tag, Tag::BlockQuote(_) | Tag::List(_) | Tag::Item)
            && (self.flattened > 0 || self.nesting() >= MAX_NESTING)
        {
            // Too deep: the content joins the innermost container kept.
            self.flush_tight_text();
            self.flattened += 1;
            self.flattened_any = true;
            return;
        }
        match tag {
            Tag::TableCell => self.inline.runs.clear(),
            // Text of a tight list item before this block is a paragraph of
            // its own (CommonMark examples 320, 321: "* a\n  > b").
            Tag::Paragraph | Tag::Heading { .. } => self.flush_tight_text(),
            Tag::BlockQuote(_) => {
                self.flush_tight_text();
                self.stack.push(Frame::Quote(Vec::new()));
            }
            Tag::CodeBlock(_) => {
                self.flush_tight_text();
                self.code = Some(String::new());
            }
            Tag::HtmlBlock => {}
            Tag::List(start) => {
                if let Some(Frame::List { .. }) = self.stack.last() {
                    self.stack.push(Frame::Item {
                        task: None,
                        blocks: Vec::new(),
                    });
                }
                self.flush_tight_text();
                self.stack.push(Frame::List {
                    start,
                    items: Vec::new(),
                });
            }
            Tag::Item => self.stack.push(Frame::Item {
                task: None,
                blocks: Vec::new(),
            }),
            Tag::FootnoteDefinition(label) => {
                self.footnote_number(&label);
                self.stack.push(Frame::Footnote {
                    label: label.to_string(),
                    blocks: Vec::new(),
                });
            }
            Tag::Table(aligns) => {
                self.flush_tight_text();
                self.table = Some(TableBuild {
                    aligns: aligns
                        .iter()
                        .map(|a| match a {
                            Alignment::Center => Align::Center,
                            Alignment::Right => Align::Right,
                            Alignment::Left | Alignment::None => Align::Left,
                        })
                        .collect(),
                    ..TableBuild::default()
                });
            }
            Tag::TableHead => {
                if let Some(t) = &mut self.table {
                    t.in_head = true;
                }
            }
            Tag::TableRow => {
                if let Some(t) = &mut self.table {
                    t.rows.push(Vec::new());
                }
            }
            Tag::Emphasis => self.inline.italic += 1,
            Tag::Strong => self.inline.bold += 1,
            Tag::Strikethrough => self.inline.strike += 1,
            Tag::Link { dest_url, .. } => {
                let active = is_safe_link(&dest_url);
                self.inline.links.push((dest_url.to_string(), active));
                self.inline.link_starts.push(self.inline.runs.len());
            }
            Tag::Image { .. } => {
                self.image_depth += 1;
                self.text("[", false);
            }
            _ => {}
        }
    }

    /// Text in a tight list item that is followed by a nested list becomes a paragraph first.
    fn flush_tight_text(&mut self) {
        if !self.inline.runs.is_empty() && self.code.is_none() {
            let runs = self.take_runs();
            self.push_block(Block::Paragraph(runs));
        }
    }

    fn end(&mut self, tag: TagEnd) {
        if matches!(tag, TagEnd::BlockQuote(_) | TagEnd::List(_) | TagEnd::Item)
            && self.flattened > 0
        {
            // Containers nest properly, so this closes the innermost flattened one.
            self.flush_tight_text();
            self.flattened -= 1;
            return;
        }
        match tag {
            TagEnd::Paragraph => {
                let runs = self.take_runs();
                self.push_block(Block::Paragraph(runs));
            }
            TagEnd::Heading(level) => {
                let runs = self.take_runs();
                let level = match level {
                    HeadingLevel::H1 => 1,
                    HeadingLevel::H2 => 2,
                    HeadingLevel::H3 => 3,
                    HeadingLevel::H4 => 4,
                    HeadingLevel::H5 => 5,
                    HeadingLevel::H6 => 6,
                };
                self.push_block(Block::Heading { level, runs });
            }
            TagEnd::CodeBlock => {
                let mut code = self.code.take().unwrap_or_default();
                if code.ends_with('\n') {
                    code.pop();
                }
                let code = nfc(&code).into_owned();
                self.push_block(Block::Code(code));
            }
            TagEnd::BlockQuote(_) => {
                self.flush_tight_text();
                if let Some(Frame::Quote(blocks)) = self.stack.pop() {
                    self.push_block(Block::Quote(blocks));
                }
            }
            TagEnd::Item => {
                self.flush_tight_text();
                if let Some(Frame::Item { task, blocks }) = self.stack.pop()
                    && let Some(Frame::List { items, .. }) = self.stack.last_mut()
                {
                    items.push(Item { task, blocks });
                }
            }
            TagEnd::List(_) => {
                self.flush_tight_text();
                // An item opened for loose content is closed first.
                if let Some(Frame::Item { .. }) = self.stack.last() {
                    self.end(TagEnd::Item);
                }
                if let Some(Frame::List { start, items }) = self.stack.pop() {
                    self.push_block(Block::List { start, items });
                }
            }
            TagEnd::FootnoteDefinition => {
                self.flush_tight_text();
                if let Some(Frame::Footnote { label, blocks }) = self.stack.pop() {
                    self.footnotes.push((label, blocks));
                }
            }
            TagEnd::TableCell => {
                let runs = self.take_runs();
                if let Some(t) = &mut self.table {
                    if t.in_head {
                        t.head.push(runs);
                    } else if let Some(row) = t.rows.last_mut() {
                        row.push(runs);
                    }
                }
            }
            TagEnd::TableHead => {
                if let Some(t) = &mut self.table {
                    t.in_head = false;
                }
            }
            TagEnd::Table => {
                if let Some(t) = self.table.take() {
                    self.push_block(Block::Table {
                        aligns: t.aligns,
                        head: t.head,
                        rows: t.rows,
                    });
                }
            }
            TagEnd::Emphasis => self.inline.italic = self.inline.italic.saturating_sub(1),
            TagEnd::Strong => self.inline.bold = self.inline.bold.saturating_sub(1),
            TagEnd::Strikethrough => self.inline.strike = self.inline.strike.saturating_sub(1),
            TagEnd::Link => {
                let (url, _) = self.inline.links.pop().unwrap_or_default();
                let start = self.inline.link_starts.pop().unwrap_or(0);
                let shown: String = self.inline.runs[start.min(self.inline.runs.len())..]
                    .iter()
                    .map(|r| r.text.as_str())
                    .collect();
                // The address is printed too, unless the text already is it.
                let bare = url.trim_start_matches("mailto:");
                if !url.is_empty() && shown.trim() != url && shown.trim() != bare {
                    self.text(&format!(" ({url})"), false);
                }
            }
            TagEnd::Image => {
                self.text("]", false);
                self.image_depth = self.image_depth.saturating_sub(1);
            }
            _ => {}
        }
    }

    fn finish(mut self) -> Vec<Block> {
        self.flush_tight_text();
        while self.stack.len() > 1 {
            match self.stack.pop() {
                Some(Frame::Quote(blocks)) => self.push_block(Block::Quote(blocks)),
                Some(Frame::List { start, items }) => self.push_block(Block::List { start, items }),
                Some(Frame::Item { task, blocks }) => {
                    if let Some(Frame::List { items, .. }) = self.stack.last_mut() {
                        items.push(Item { task, blocks });
                    }
                }
                Some(Frame::Footnote { label, blocks }) => self.footnotes.push((label, blocks)),
                Some(Frame::Root(_)) | None => {}
            }
        }
        let mut blocks = match self.stack.pop() {
            Some(Frame::Root(blocks)) => blocks,
            _ => Vec::new(),
        };
        if !self.footnotes.is_empty() {
            // In order of first reference, numbered as referenced.
            let mut notes: Vec<(usize, Vec<Block>)> = std::mem::take(&mut self.footnotes)
                .into_iter()
                .map(|(label, b)| (self.footnote_index.get(&label).copied().unwrap_or(0), b))
                .collect();
            notes.sort_by_key(|(n, _)| *n);
            let numbered = notes.into_iter().map(|(n, b)| (n.to_string(), b)).collect();
            blocks.push(Block::Footnotes(numbered));
        }
        blocks
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(runs: &[Run]) -> String {
        runs.iter().map(|r| r.text.as_str()).collect()
    }

    #[test]
    fn styles_nest() {
        let blocks = parse("a **b _c_** `d` ~~e~~");
        let Block::Paragraph(runs) = &blocks[0] else {
            panic!("{blocks:?}")
        };
        assert_eq!(texts(runs), "a b c d e");
        let c = runs.iter().find(|r| r.text == "c").unwrap();
        assert!(c.style.bold && c.style.italic);
        assert!(runs.iter().any(|r| r.text == "d" && r.style.mono));
        assert!(runs.iter().any(|r| r.text == "e" && r.style.strike));
    }

    #[test]
    fn links_show_their_address_and_autolinks_do_not_repeat_it() {
        let blocks = parse("[site](https://a.example) and <https://b.example>");
        let Block::Paragraph(runs) = &blocks[0] else {
            panic!()
        };
        assert_eq!(
            texts(runs),
            "site (https://a.example) and https://b.example"
        );
        assert_eq!(runs[0].style.link.as_deref(), Some("https://a.example"));
    }

    #[test]
    fn nested_lists_tasks_and_quotes() {
        let blocks = parse("- a\n  - b\n    1. c\n- [x] done\n\n> q\n> > r\n");
        let Block::List { start: None, items } = &blocks[0] else {
            panic!("{blocks:?}")
        };
        assert_eq!(items.len(), 2);
        let Block::List { items: inner, .. } = &items[0].blocks[1] else {
            panic!("{items:?}")
        };
        assert!(matches!(
            inner[0].blocks[1],
            Block::List { start: Some(1), .. }
        ));
        assert_eq!(items[1].task, Some(true));
        let Block::Quote(q) = &blocks[1] else {
            panic!()
        };
        assert!(matches!(q[1], Block::Quote(_)));
    }

    #[test]
    fn tables_footnotes_html_images_and_nfc() {
        let md = "| a | b |\n|:--|--:|\n| 1 | 2 |\n\nText[^n] <b>x</b> ![alt text](i.png)\n\n<div>raw</div>\n\n[^n]: The note.\n\ne\u{301}\n";
        let blocks = parse(md);
        let Block::Table { aligns, head, rows } = &blocks[0] else {
            panic!("{blocks:?}")
        };
        assert_eq!(aligns, &[Align::Left, Align::Right]);
        assert_eq!(texts(&head[1]), "b");
        assert_eq!(texts(&rows[0][0]), "1");
        let Block::Paragraph(runs) = &blocks[1] else {
            panic!()
        };
        assert_eq!(texts(runs), "Text1 <b>x</b> [alt text]");
        assert!(runs.iter().any(|r| r.text == "1" && r.style.superscript));
        assert_eq!(blocks[2], Block::Code("<div>raw</div>".into()));
        let Block::Paragraph(runs) = &blocks[3] else {
            panic!()
        };
        assert_eq!(texts(runs), "é");
        let Block::Footnotes(notes) = blocks.last().unwrap() else {
            panic!()
        };
        assert_eq!(notes[0].0, "1");
    }
}
