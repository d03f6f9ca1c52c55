//! Lowering: blocks -> boxes grouped into flow items with their keep rules.
//!
//! Each block kind is lowered in [`Layouter::block`]; each declares its flow
//! items with [`Layouter::item`] and a [`Keep`], and nothing here decides
//! where a page breaks.

use super::super::blocks::{Block, Item, Run, Style};
use super::super::linebreak::{Em, Line, Measure, lines_of};
use super::draw::line_draws;
use super::flow::{FlowItem, Keep, VBox};
use super::{
    BODY, CLOSING_KEEPS_LINES, Color, Draw, Furniture, Geometry, HEADING_LEADING, ITEM_GAP,
    LEADING, LIST_INDENT, MAX_INDENT_SHARE, NOTE, PARA_GAP, Pt, QUOTE_INDENT,
};

/// Lays blocks out as boxes and flow items.
pub(super) struct Layouter<'a> {
    pub(super) measure: &'a dyn Measure,
    pub(super) geometry: Geometry,
    /// The boxes, top to bottom.
    pub(super) boxes: Vec<VBox>,
    /// Consecutive boxes that hold together, with their keep rules.
    pub(super) items: Vec<FlowItem>,
    /// Header rows of each table, repeated when it crosses a page.
    pub(super) heads: Vec<Vec<VBox>>,
    /// The number of boxes when the last table ended: a table right after
    /// another gets more space above.
    pub(super) table_ends_at: Option<usize>,
    /// The colour of headings.
    heading: Color,
}

impl<'a> Layouter<'a> {
    /// A layouter with nothing laid out yet.
    pub(super) fn new(
        measure: &'a dyn Measure,
        geometry: Geometry,
        furniture: &Furniture,
    ) -> Layouter<'a> {
        Layouter {
            measure,
            geometry,
            boxes: Vec::new(),
            items: Vec::new(),
            heads: Vec::new(),
            table_ends_at: None,
            heading: furniture.accent.unwrap_or(Color::HEADING),
        }
    }

    /// Declares the boxes from `start` to the last one a flow item.
    pub(super) fn item(&mut self, start: usize, keep: Keep, head: Option<usize>) {
        if start < self.boxes.len() {
            self.items.push(FlowItem {
                boxes: start..self.boxes.len(),
                keep,
                head,
            });
        }
    }

    /// The logo at the top of the first page, kept with the title.
    pub(super) fn logo(&mut self, (w, h): (Pt, Pt)) {
        self.boxes.push(VBox {
            height: h + 2.0 * PARA_GAP,
            draws: vec![Draw::Image {
                x: Pt::ZERO,
                y: Pt::ZERO,
                w,
                h,
            }],
            ..VBox::default()
        });
        let keep = Keep {
            with_next: true,
            ..Keep::TOGETHER
        };
        self.item(self.boxes.len() - 1, keep, None);
    }

    /// Lays out the document's blocks; a letter's closing is kept whole and
    /// with the end of the letter.
    pub(super) fn document(&mut self, blocks: &[Block]) {
        let closing = closing_start(blocks);
        let mut closing_items = None;
        for (i, block) in blocks.iter().enumerate() {
            if Some(i) == closing {
                closing_items = Some(self.items.len());
            }
            if matches!(block, Block::Footnotes(_)) {
                self.keep_closing(closing_items.take());
            }
            self.block(block, Pt::ZERO, 0, i == 0);
        }
        self.keep_closing(closing_items);
    }

    /// The closing (items from `from` on): whole, and never on a page
    /// without [`CLOSING_KEEPS_LINES`] lines of the letter above it.
    fn keep_closing(&mut self, from: Option<usize>) {
        let Some(from) = from else { return };
        let n = self.items.len();
        for (k, item) in self.items[from..].iter_mut().enumerate() {
            item.keep.together = true;
            item.keep.with_next = from + k + 1 < n;
        }
        if let Some(first) = self.items.get_mut(from) {
            first.keep.lines_before = CLOSING_KEEPS_LINES * BODY * LEADING;
        }
    }

    fn blocks(&mut self, blocks: &[Block], indent: Pt, depth: usize) {
        for (i, block) in blocks.iter().enumerate() {
            self.block(block, indent, depth, i == 0);
        }
    }

    /// Lowers one block: the one place a block kind becomes boxes and items.
    fn block(&mut self, block: &Block, indent: Pt, depth: usize, first: bool) {
        // Blocks nest at most `MAX_NESTING` deep; the clamp keeps text on the
        // page even so (a footnote inside a deep list adds its own indent).
        let indent = indent.min(self.geometry.column() * MAX_INDENT_SHARE);
        let width = self.geometry.column() - indent;
        let start = self.boxes.len();
        match block {
            Block::Heading { level, runs } => self.heading(*level, runs, indent, width, first),
            Block::Paragraph(runs) => {
                let before = if first { Pt::ZERO } else { PARA_GAP };
                self.lines(runs, BODY, indent, width, before, Color::TEXT);
                self.item(start, Keep::LINES, None);
            }
            Block::Code(text) => {
                self.code(text, indent, width, first);
                self.item(start, Keep::LINES, None);
            }
            Block::Quote(blocks) => self.quote(blocks, indent, depth, first),
            Block::List { start, items } => self.list(*start, items, indent, depth, first),
            Block::Rule => {
                self.boxes.push(VBox {
                    height: Pt(12.0),
                    space_before: PARA_GAP,
                    draws: vec![Draw::Line {
                        from: (indent, Pt(6.0)),
                        to: (indent + width, Pt(6.0)),
                        width: Pt(0.6),
                        color: Color::RULE,
                    }],
                    ..VBox::default()
                });
                self.item(start, Keep::TOGETHER, None);
            }
            Block::Table { aligns, head, rows } => self.table(aligns, head, rows, indent, width),
            Block::Footnotes(notes) => {
                self.boxes.push(VBox {
                    height: Pt(10.0),
                    space_before: Pt(14.0),
                    draws: vec![Draw::Line {
                        from: (indent, Pt(5.0)),
                        to: (indent + Pt(120.0), Pt(5.0)),
                        width: Pt(0.5),
                        color: Color::RULE,
                    }],
                    ..VBox::default()
                });
                let rule = Keep {
                    with_next: true,
                    ..Keep::TOGETHER
                };
                self.item(start, rule, None);
                for (label, blocks) in notes {
                    let at = self.boxes.len();
                    for block in blocks {
                        let from = self.boxes.len();
                        match block {
                            Block::Paragraph(runs) => {
                                self.lines(
                                    runs,
                                    NOTE,
                                    indent + Pt(16.0),
                                    width - Pt(16.0),
                                    Pt(2.0),
                                    Color::TEXT,
                                );
                                self.item(from, Keep::LINES, None);
                            }
                            other => self.block(other, indent + Pt(16.0), depth + 1, false),
                        }
                    }
                    self.marker(at, &format!("{label}."), indent, NOTE);
                }
            }
        }
    }

    /// A heading: bold, display leading, closer to what follows than to
    /// what precedes it, and kept with the start of what follows.
    fn heading(&mut self, level: u8, runs: &[Run], indent: Pt, width: Pt, first: bool) {
        let size = match level {
            1 => Pt(20.0),
            2 => Pt(14.5),
            3 => Pt(12.0),
            4 => Pt(11.0),
            _ => BODY,
        };
        let runs: Vec<Run> = runs
            .iter()
            .map(|r| Run {
                text: r.text.clone(),
                style: Style {
                    bold: true,
                    italic: r.style.italic || level == 6,
                    ..r.style.clone()
                },
            })
            .collect();
        let before = if first { Pt::ZERO } else { size * 1.4 };
        let title: String = runs.iter().map(|r| r.text.as_str()).collect();
        let start = self.boxes.len();
        self.lines(&runs, size, indent, width, before, self.heading);
        if let Some(b) = self.boxes.get_mut(start) {
            b.bookmark = Some((level, title));
        }
        for b in &mut self.boxes[start..] {
            b.height = size * HEADING_LEADING;
        }
        if let Some(last) = self.boxes.last_mut() {
            last.height += size * 0.1;
        }
        let keep = Keep {
            with_next: true,
            ..Keep::TOGETHER
        };
        self.item(start, keep, None);
    }

    /// Inline text as line boxes (the caller declares their item).
    fn lines(&mut self, runs: &[Run], size: Pt, indent: Pt, width: Pt, before: Pt, color: Color) {
        let lines = lines_of(runs, Em(width / size), self.measure);
        let empty = [Line::default()];
        let lines = if lines.is_empty() { &empty[..] } else { &lines };
        for (i, line) in lines.iter().enumerate() {
            self.boxes.push(VBox {
                height: size * LEADING,
                space_before: if i == 0 { before } else { Pt::ZERO },
                draws: line_draws(line, indent, size * 1.05, size, color),
                ..VBox::default()
            });
        }
    }

    /// A block quote: its blocks indented, with a bar and muted text.
    fn quote(&mut self, blocks: &[Block], indent: Pt, depth: usize, first: bool) {
        let start = self.boxes.len();
        self.blocks(blocks, indent + QUOTE_INDENT, depth);
        if let Some(b) = self.boxes.get_mut(start)
            && !first
        {
            b.space_before = b.space_before.max(PARA_GAP);
        }
        for (k, b) in self.boxes[start..].iter_mut().enumerate() {
            // Inside the quote the bar also spans the space above a box, so
            // it runs unbroken between paragraphs.
            let above = if k == 0 { Pt::ZERO } else { b.space_before };
            b.draws.push(Draw::Rect {
                x: indent + Pt(2.0),
                y: -above,
                w: Pt(2.0),
                h: b.height + above,
                color: Color::RULE,
            });
            for d in b.draws.iter_mut().chain(b.cells.iter_mut().flatten()) {
                if let Draw::Text { color, style, .. } = d
                    && style.link.is_none()
                    && !style.strike
                    && !style.insert
                {
                    *color = Color(0.3, 0.3, 0.34);
                }
            }
        }
    }

    fn list(&mut self, start: Option<u64>, items: &[Item], indent: Pt, depth: usize, first: bool) {
        let bullet = ["•", "◦", "▪"][depth % 3];
        for (i, item) in items.iter().enumerate() {
            let marker = match (start, item.task) {
                (_, Some(true)) => "☑".to_owned(),
                (_, Some(false)) => "☐".to_owned(),
                (Some(n), None) => format!("{}.", n.saturating_add(i as u64)),
                (None, None) => bullet.to_owned(),
            };
            let at = self.boxes.len();
            if item.blocks.is_empty() {
                let width = self.geometry.column() - indent - LIST_INDENT;
                self.lines(
                    &[],
                    BODY,
                    indent + LIST_INDENT,
                    width,
                    Pt::ZERO,
                    Color::TEXT,
                );
                self.item(at, Keep::LINES, None);
            }
            self.blocks(&item.blocks, indent + LIST_INDENT, depth + 1);
            if let Some(b) = self.boxes.get_mut(at) {
                // A nested list follows its item's text without a paragraph gap.
                b.space_before = if i == 0 && !first && depth == 0 {
                    PARA_GAP
                } else if i == 0 && first {
                    Pt::ZERO
                } else {
                    ITEM_GAP
                };
            }
            self.marker(at, &marker, indent, BODY);
        }
    }

    /// Draws a list marker (bullet, number) on the first line of box `at`.
    fn marker(&mut self, at: usize, marker: &str, indent: Pt, size: Pt) {
        let width = self.measure.width(marker, &Style::default()) * size;
        if let Some(b) = self.boxes.get_mut(at) {
            let baseline = b
                .draws
                .iter()
                .chain(b.cells.iter().flatten())
                .find_map(|d| match d {
                    Draw::Text { y, .. } => Some(*y),
                    _ => None,
                })
                .unwrap_or(size);
            b.draws.push(super::draw::text_draw(
                self.measure,
                (indent + LIST_INDENT - width - Pt(4.0), baseline, size),
                false,
                Style::default(),
                Color::TEXT,
                marker.to_owned(),
            ));
        }
    }
}

/// Where a letter's closing starts: its last rule, when only a few short
/// paragraphs (sign-off, contact line) and the footnotes follow it.
fn closing_start(blocks: &[Block]) -> Option<usize> {
    let end = match blocks.last() {
        Some(Block::Footnotes(_)) => blocks.len() - 1,
        _ => blocks.len(),
    };
    let rule = blocks[..end]
        .iter()
        .rposition(|b| matches!(b, Block::Rule))?;
    let after = &blocks[rule + 1..end];
    let short = after.len() <= CLOSING_BLOCKS
        && after.iter().all(|b| match b {
            Block::Paragraph(runs) => {
                runs.iter().map(|r| r.text.chars().count()).sum::<usize>() <= CLOSING_CHARS
            }
            _ => false,
        });
    (rule > 0 && short).then_some(rule)
}

/// A closing is at most this many paragraphs of at most this many characters.
const CLOSING_BLOCKS: usize = 4;
const CLOSING_CHARS: usize = 400;
