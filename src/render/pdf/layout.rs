//! Layout: blocks -> pages of positioned text, rules and boxes.
//!
//! Blocks become vertical boxes (a line of text, a table row, a rule), boxes
//! are grouped into chunks that must not be split (the first and last two
//! lines of a paragraph, a heading with what follows it, a table's header and
//! first row), and chunks are placed page by page. Coordinates are points
//! from the page's top-left corner; emit turns them into PDF space.

use super::blocks::{Align, Block, Item, Run, Style};
use super::linebreak::{Line, Measure, break_lines};

/// A length in PDF points (1/72 inch).
pub type Pt = f32;

/// An RGB colour, components 0 to 1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Color(pub f32, pub f32, pub f32);

impl Color {
    /// Body text.
    pub const TEXT: Color = Color(0.08, 0.08, 0.1);
    /// Headings.
    pub const HEADING: Color = Color(0.05, 0.15, 0.3);
    /// Links.
    pub const LINK: Color = Color(0.05, 0.3, 0.6);
    /// Secondary text: header, footer.
    pub const MUTED: Color = Color(0.42, 0.42, 0.45);
    /// Rules and table lines.
    pub const RULE: Color = Color(0.78, 0.8, 0.83);
    /// Deleted text in a redline (struck through).
    pub const DELETED: Color = Color(0.72, 0.08, 0.08);
    /// Inserted text in a redline (underlined).
    pub const INSERTED: Color = Color(0.0, 0.45, 0.18);
    /// Code and table-header backgrounds.
    pub const SHADE: Color = Color(0.945, 0.95, 0.96);
}

/// Paper sizes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paper {
    /// 210 × 297 mm.
    A4,
    /// 8.5 × 11 in.
    Letter,
}

impl Paper {
    /// Width and height in points.
    #[must_use]
    pub fn size(self) -> (Pt, Pt) {
        match self {
            Paper::A4 => (595.28, 841.89),
            Paper::Letter => (612.0, 792.0),
        }
    }
}

/// Something drawn on a page.
#[derive(Debug, Clone, PartialEq)]
pub enum Draw {
    /// Text on one baseline.
    Text {
        /// Left edge.
        x: Pt,
        /// Baseline, from the page top.
        y: Pt,
        /// Font size.
        size: Pt,
        /// Face and decoration.
        style: Style,
        /// Colour.
        color: Color,
        /// The text.
        text: String,
        /// Its measured width.
        width: Pt,
    },
    /// A filled rectangle.
    Rect {
        /// Left.
        x: Pt,
        /// Top.
        y: Pt,
        /// Width.
        w: Pt,
        /// Height.
        h: Pt,
        /// Fill.
        color: Color,
    },
    /// A straight line.
    Line {
        /// Start.
        from: (Pt, Pt),
        /// End.
        to: (Pt, Pt),
        /// Thickness.
        width: Pt,
        /// Colour.
        color: Color,
    },
    /// A clickable area.
    Link {
        /// Left.
        x: Pt,
        /// Top.
        y: Pt,
        /// Width.
        w: Pt,
        /// Height.
        h: Pt,
        /// Where it goes.
        url: String,
    },
}

/// One laid-out page.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Page {
    /// Everything on it, in reading order.
    pub draws: Vec<Draw>,
}

/// An outline entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Bookmark {
    /// Heading level, 1-6.
    pub level: u8,
    /// The heading's text.
    pub title: String,
    /// Page index from 0.
    pub page: usize,
    /// Top of the heading on that page.
    pub y: Pt,
}

/// Page furniture.
#[derive(Debug, Clone, Default)]
pub struct Furniture {
    /// Top left of every page (provider).
    pub header_left: String,
    /// Top right of every page (report id).
    pub header_right: String,
    /// `Page {page} of {pages}`.
    pub footer: String,
}

/// The page geometry and sizes.
#[derive(Debug, Clone, Copy)]
pub struct Geometry {
    /// Page width.
    pub width: Pt,
    /// Page height.
    pub height: Pt,
    /// Left and right margin.
    pub margin_x: Pt,
    /// Top margin (the header sits above it).
    pub margin_top: Pt,
    /// Bottom margin (the footer sits below it).
    pub margin_bottom: Pt,
}

impl Geometry {
    /// A text column of [`MEASURE`] centred on the page (side margins of
    /// about 31 mm on A4, 33 mm on Letter), 25 mm top and bottom.
    #[must_use]
    pub fn new(paper: Paper) -> Geometry {
        let (width, height) = paper.size();
        Geometry {
            width,
            height,
            margin_x: ((width - MEASURE) / 2.0).max(56.7),
            margin_top: 70.9,
            margin_bottom: 70.9,
        }
    }

    /// The text column's width.
    #[must_use]
    pub fn column(&self) -> Pt {
        self.width - 2.0 * self.margin_x
    }
}

/// The laid-out document.
#[derive(Debug, Clone, Default)]
pub struct Layout {
    /// Its pages.
    pub pages: Vec<Page>,
    /// Its outline.
    pub bookmarks: Vec<Bookmark>,
}

/// The text column's width: about 75 characters of 10 pt DejaVu Sans a line,
/// inside the 65-80 that long reading is comfortable with (170 mm gave 90).
pub const MEASURE: Pt = 420.0;
const BODY: Pt = 10.0;
const LEADING: f32 = 1.4;
/// Line height of headings: display leading.
const HEADING_LEADING: f32 = 1.2;
const CODE: Pt = 9.0;
const TABLE: Pt = 9.0;
const NOTE: Pt = 8.5;
const PARA_GAP: Pt = 6.0;
/// Space between list items, and above a nested list.
const ITEM_GAP: Pt = 2.5;
const LIST_INDENT: Pt = 16.0;
const QUOTE_INDENT: Pt = 14.0;
const CELL_PAD: Pt = 6.0;
/// Space above a table that follows another table directly.
const TABLE_GAP: Pt = 16.0;
/// A table at most this share of a page high is never split.
const SHORT_TABLE_SHARE: f32 = 0.33;
/// A table row of at most this many lines is never split across pages.
const ROW_KEEP_LINES: usize = 6;
/// The largest indent, as a share of the column: deeper blocks align with it.
const MAX_INDENT_SHARE: f32 = 0.5;

/// A vertical piece of content: a line, a row, a rule.
#[derive(Debug, Clone, Default)]
struct VBox {
    height: Pt,
    /// Space above it, dropped at the top of a page.
    space_before: Pt,
    /// Drawings relative to the box's top-left at the column's left edge.
    draws: Vec<Draw>,
    /// Chunk id: boxes with the same id stay on one page when they fit.
    chunk: usize,
    /// The table this box is a body row of, for repeating its header.
    table: Option<usize>,
    /// A bookmark to record where this box lands.
    bookmark: Option<(u8, String)>,
}

/// Lays blocks out on pages.
pub struct Layouter<'a> {
    measure: &'a dyn Measure,
    geometry: Geometry,
    boxes: Vec<VBox>,
    next_chunk: usize,
    /// Header rows of each table, repeated when it crosses a page.
    table_heads: Vec<Vec<VBox>>,
    /// The number of boxes when the last table ended: a table right after
    /// another gets more space above.
    table_ends_at: Option<usize>,
    /// While set, every new chunk is this one (the closing of a letter).
    glue: Option<usize>,
}

/// Lays out a document.
pub fn layout(
    blocks: &[Block],
    measure: &dyn Measure,
    geometry: Geometry,
    furniture: &Furniture,
) -> Layout {
    let mut l = Layouter {
        measure,
        geometry,
        boxes: Vec::new(),
        next_chunk: 0,
        table_heads: Vec::new(),
        table_ends_at: None,
        glue: None,
    };
    let closing = closing_start(blocks);
    for (i, block) in blocks.iter().enumerate() {
        if Some(i) == closing {
            // The closing joins the last lines of what precedes it.
            l.glue = Some(l.next_chunk);
        }
        if matches!(block, Block::Footnotes(_)) {
            l.glue = None;
        }
        l.block(block, 0.0, 0, i == 0);
    }
    let mut layout = l.paginate();
    l.furnish(&mut layout, furniture);
    layout
}

impl Layouter<'_> {
    fn chunk(&mut self) -> usize {
        if let Some(glued) = self.glue {
            return glued;
        }
        self.next_chunk += 1;
        self.next_chunk
    }

    fn blocks(&mut self, blocks: &[Block], indent: Pt, depth: usize) {
        for (i, block) in blocks.iter().enumerate() {
            let first = i == 0;
            self.block(block, indent, depth, first);
        }
    }

    fn block(&mut self, block: &Block, indent: Pt, depth: usize, first: bool) {
        // Blocks nest at most `MAX_NESTING` deep; the clamp keeps text on the
        // page even so (a footnote inside a deep list adds its own indent).
        let indent = indent.min(self.geometry.column() * MAX_INDENT_SHARE);
        let width = self.geometry.column() - indent;
        match block {
            Block::Heading { level, runs } => {
                let size = match level {
                    1 => 20.0,
                    2 => 14.5,
                    3 => 12.0,
                    4 => 11.0,
                    _ => BODY,
                };
                let runs: Vec<Run> = runs
                    .iter()
                    .map(|r| Run {
                        text: r.text.clone(),
                        style: Style {
                            bold: true,
                            italic: r.style.italic || *level == 6,
                            ..r.style.clone()
                        },
                    })
                    .collect();
                // A heading sits closer to what it introduces than to what
                // precedes it; a title of several lines is set with display
                // leading, tighter than text.
                let before = if first { 0.0 } else { size * 1.4 };
                let title: String = runs.iter().map(|r| r.text.as_str()).collect();
                let chunk = self.chunk();
                let start = self.boxes.len();
                self.paragraph(
                    &runs,
                    size,
                    indent,
                    width,
                    before,
                    Color::HEADING,
                    chunk,
                    Align::Left,
                );
                if let Some(b) = self.boxes.get_mut(start) {
                    b.bookmark = Some((*level, title));
                }
                for b in &mut self.boxes[start..] {
                    b.height = size * HEADING_LEADING;
                }
                // Keep with next: the following chunk joins this one.
                self.next_chunk -= 1;
                if let Some(last) = self.boxes.last_mut() {
                    last.height += size * 0.1;
                }
            }
            Block::Paragraph(runs) => {
                let chunk = self.chunk();
                self.paragraph(
                    runs,
                    BODY,
                    indent,
                    width,
                    if first { 0.0 } else { PARA_GAP },
                    Color::TEXT,
                    chunk,
                    Align::Left,
                );
            }
            Block::Code(text) => self.code(text, indent, width, first),
            Block::Quote(blocks) => {
                let start = self.boxes.len();
                self.blocks(blocks, indent + QUOTE_INDENT, depth);
                if let Some(b) = self.boxes.get_mut(start)
                    && !first
                {
                    b.space_before = b.space_before.max(PARA_GAP);
                }
                for (k, b) in self.boxes[start..].iter_mut().enumerate() {
                    // Inside the quote the bar also spans the space above a
                    // box, so it runs unbroken between paragraphs.
                    let above = if k == 0 { 0.0 } else { b.space_before };
                    b.draws.push(Draw::Rect {
                        x: indent + 2.0,
                        y: -above,
                        w: 2.0,
                        h: b.height + above,
                        color: Color::RULE,
                    });
                    for d in &mut b.draws {
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
            Block::List { start, items } => self.list(*start, items, indent, depth, first),
            Block::Rule => {
                let chunk = self.chunk();
                self.boxes.push(VBox {
                    height: 12.0,
                    space_before: PARA_GAP,
                    draws: vec![Draw::Line {
                        from: (indent, 6.0),
                        to: (indent + width, 6.0),
                        width: 0.6,
                        color: Color::RULE,
                    }],
                    chunk,
                    ..VBox::default()
                });
            }
            Block::Table { aligns, head, rows } => self.table(aligns, head, rows, indent, width),
            Block::Footnotes(notes) => {
                let chunk = self.chunk();
                self.boxes.push(VBox {
                    height: 10.0,
                    space_before: 14.0,
                    draws: vec![Draw::Line {
                        from: (indent, 5.0),
                        to: (indent + 120.0, 5.0),
                        width: 0.5,
                        color: Color::RULE,
                    }],
                    chunk,
                    ..VBox::default()
                });
                for (label, blocks) in notes {
                    let start = self.boxes.len();
                    for block in blocks {
                        let chunk = self.chunk();
                        match block {
                            Block::Paragraph(runs) => {
                                self.paragraph(
                                    runs,
                                    NOTE,
                                    indent + 16.0,
                                    width - 16.0,
                                    2.0,
                                    Color::TEXT,
                                    chunk,
                                    Align::Left,
                                );
                            }
                            other => self.block(other, indent + 16.0, depth + 1, false),
                        }
                    }
                    self.marker(start, &format!("{label}."), indent, NOTE);
                }
            }
        }
    }

    /// Lays out inline text as line boxes.
    #[allow(clippy::too_many_arguments)]
    fn paragraph(
        &mut self,
        runs: &[Run],
        size: Pt,
        indent: Pt,
        width: Pt,
        before: Pt,
        color: Color,
        chunk: usize,
        align: Align,
    ) {
        let lines = break_lines(runs, width / size, self.measure);
        let lines = if lines.is_empty() {
            vec![Line::default()]
        } else {
            lines
        };
        let height = size * LEADING;
        let n = lines.len();
        // Orphans and widows: the first two and the last two lines stay together.
        let mut chunk_of = Vec::with_capacity(n);
        for i in 0..n {
            let c = if n <= 3 || i < 2 {
                chunk
            } else if i >= n - 2 {
                if i == n - 2 {
                    self.chunk()
                } else {
                    self.next_chunk
                }
            } else {
                self.chunk()
            };
            chunk_of.push(c);
        }
        for (i, line) in lines.into_iter().enumerate() {
            let shift = match align {
                Align::Left => 0.0,
                Align::Center => (width - line.width * size) / 2.0,
                Align::Right => width - line.width * size,
            };
            let draws = line_draws(&line, indent + shift, size * 1.05, size, color);
            self.boxes.push(VBox {
                height,
                space_before: if i == 0 { before } else { 0.0 },
                draws,
                chunk: chunk_of[i],
                ..VBox::default()
            });
        }
    }

    fn code(&mut self, text: &str, indent: Pt, width: Pt, first: bool) {
        let style = Style {
            mono: true,
            ..Style::default()
        };
        let height = CODE * 1.35;
        let lines: Vec<&str> = text.split('\n').collect();
        let n = lines.len();
        let chunk = self.chunk();
        for (i, raw) in lines.iter().enumerate() {
            // Tabs become four spaces; long lines wrap between characters.
            let raw = raw.replace('\t', "    ");
            let runs = [Run {
                text: raw.clone(),
                style: style.clone(),
            }];
            let wrapped = if raw.is_empty() {
                vec![Line::default()]
            } else {
                break_code(&runs[0], (width - 12.0) / CODE, self.measure)
            };
            let m = wrapped.len();
            for (j, line) in wrapped.into_iter().enumerate() {
                let top_pad = if i == 0 && j == 0 { 5.0 } else { 0.0 };
                let bottom_pad = if i == n - 1 && j == m - 1 { 5.0 } else { 0.0 };
                let h = height + top_pad + bottom_pad;
                let mut draws = vec![Draw::Rect {
                    x: indent,
                    y: 0.0,
                    w: width,
                    h,
                    color: Color::SHADE,
                }];
                draws.extend(line_draws(
                    &line,
                    indent + 6.0,
                    top_pad + CODE * 1.05,
                    CODE,
                    Color::TEXT,
                ));
                let c = if n * m <= 4 || i < 2 || i + 2 >= n {
                    chunk
                } else {
                    self.chunk()
                };
                self.boxes.push(VBox {
                    height: h,
                    space_before: if i == 0 && j == 0 && !first {
                        PARA_GAP + 2.0
                    } else {
                        0.0
                    },
                    draws,
                    chunk: c,
                    ..VBox::default()
                });
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
                let chunk = self.chunk();
                self.paragraph(
                    &[],
                    BODY,
                    indent + LIST_INDENT,
                    self.geometry.column() - indent - LIST_INDENT,
                    0.0,
                    Color::TEXT,
                    chunk,
                    Align::Left,
                );
            }
            self.blocks(&item.blocks, indent + LIST_INDENT, depth + 1);
            if let Some(b) = self.boxes.get_mut(at) {
                // A nested list follows its item's text without a paragraph gap.
                b.space_before = if i == 0 && !first && depth == 0 {
                    PARA_GAP
                } else if i == 0 && first {
                    0.0
                } else {
                    ITEM_GAP
                };
            }
            self.marker(at, &marker, indent, BODY);
        }
    }

    /// Draws a list marker (bullet, number) on the first line of box `at`.
    fn marker(&mut self, at: usize, marker: &str, indent: Pt, size: Pt) {
        let style = Style::default();
        let width = self.measure.width(marker, &style) * size;
        if let Some(b) = self.boxes.get_mut(at) {
            let baseline = b
                .draws
                .iter()
                .find_map(|d| match d {
                    Draw::Text { y, .. } => Some(*y),
                    _ => None,
                })
                .unwrap_or(size);
            b.draws.push(Draw::Text {
                x: indent + LIST_INDENT - width - 4.0,
                y: baseline,
                size,
                style,
                color: Color::TEXT,
                text: marker.to_owned(),
                width,
            });
        }
    }

    fn table(
        &mut self,
        aligns: &[Align],
        head: &[Vec<Run>],
        rows: &[Vec<Vec<Run>>],
        indent: Pt,
        width: Pt,
    ) {
        let columns = head.len().max(rows.iter().map(Vec::len).max().unwrap_or(0));
        if columns == 0 {
            return;
        }
        let bold = |cells: &[Vec<Run>]| -> Vec<Vec<Run>> {
            cells
                .iter()
                .map(|c| {
                    c.iter()
                        .map(|r| Run {
                            text: r.text.clone(),
                            style: Style {
                                bold: true,
                                ..r.style.clone()
                            },
                        })
                        .collect()
                })
                .collect()
        };
        let head = bold(head);
        let widths = self.column_widths(&head, rows, columns, width);
        let table_id = self.table_heads.len();
        let head_chunk = self.chunk();
        let head_bands = self.row(&head, &widths, aligns, indent, true);
        let head_chunks = vec![head_chunk; head_bands.len()];
        let mut head_boxes = merge_bands(head_bands, &head_chunks);
        self.table_heads.push(head_boxes.clone());
        if let Some(first) = head_boxes.first_mut() {
            let after_table = self.table_ends_at == Some(self.boxes.len());
            first.space_before = if after_table {
                TABLE_GAP
            } else {
                PARA_GAP + 2.0
            };
        }
        self.boxes.extend(head_boxes);
        let body: Vec<Vec<Band>> = rows
            .iter()
            .map(|row| self.row(row, &widths, aligns, indent, false))
            .collect();
        let g = self.geometry;
        let page = g.height - g.margin_top - g.margin_bottom;
        let table_height: Pt = body.iter().flatten().map(|b| b.height).sum();
        // A short table is kept whole: it moves to the next page rather than split.
        let short = table_height <= page * SHORT_TABLE_SHARE
            && body.iter().all(|b| b.len() <= ROW_KEEP_LINES);
        for (i, (row, bands)) in rows.iter().zip(body).enumerate() {
            let n = bands.len();
            let keep_whole = n <= ROW_KEEP_LINES;
            // The header never ends a page with one row under it, the last
            // row never stands alone under a repeated header, and a total
            // row stays with the amounts it totals.
            let with_previous =
                i > 0 && keep_whole && (i == 1 || i + 1 == rows.len() || is_total_row(row));
            let mut chunks = Vec::with_capacity(n);
            for k in 0..n {
                // A row stays whole unless it is long; a long one breaks
                // between its lines, keeping two together at each end. The
                // header stays with the first row's start.
                chunks.push(if short || ((keep_whole || k < 2) && i == 0) {
                    head_chunk
                } else if with_previous {
                    self.next_chunk
                } else if k == 0 || (!keep_whole && k >= 2 && k + 1 != n) {
                    self.chunk()
                } else {
                    self.next_chunk
                });
            }
            for mut b in merge_bands(bands, &chunks) {
                b.table = Some(table_id);
                self.boxes.push(b);
            }
        }
        self.table_ends_at = Some(self.boxes.len());
    }

    /// Column widths from content: each column gets at least its longest
    /// word and, when there is room, its whole content on one line.
    fn column_widths(
        &self,
        head: &[Vec<Run>],
        rows: &[Vec<Vec<Run>>],
        columns: usize,
        width: Pt,
    ) -> Vec<Pt> {
        let mut min = vec![0.0f32; columns];
        let mut max = vec![0.0f32; columns];
        for row in std::iter::once(head).chain(rows.iter().map(Vec::as_slice)) {
            for (c, cell) in row.iter().enumerate().take(columns) {
                let whole: f32 = cell
                    .iter()
                    .map(|r| self.measure.width(&r.text, &r.style))
                    .sum::<f32>()
                    * TABLE;
                let longest = cell
                    .iter()
                    .flat_map(|r| {
                        r.text
                            .split_whitespace()
                            .map(move |w| self.measure.width(w, &r.style))
                    })
                    .fold(0.0f32, f32::max)
                    * TABLE;
                max[c] = max[c].max(whole + 2.0 * CELL_PAD + 0.5);
                min[c] = min[c].max(longest.min(width / 3.0) + 2.0 * CELL_PAD + 0.5);
            }
        }
        let total_max: f32 = max.iter().sum();
        if total_max <= width {
            // Everything fits on one line: the table takes its natural width,
            // so a value sits next to its label, not across the page.
            return max;
        }
        let total_min: f32 = min.iter().sum();
        if total_min >= width {
            return min.iter().map(|m| m * width / total_min).collect();
        }
        // Columns whose whole content fits in a fair share get it, so short
        // columns (dates, amounts) never wrap; the wide ones share the rest
        // in proportion to their content, never below their longest word.
        let mut widths = vec![0.0f32; columns];
        let mut open: Vec<usize> = (0..columns).collect();
        let mut room = width;
        loop {
            let fair = room / open.len().max(1) as f32;
            let (settled, rest): (Vec<usize>, Vec<usize>) =
                open.iter().partition(|&&c| max[c] <= fair);
            if settled.is_empty() {
                break;
            }
            for c in settled {
                widths[c] = max[c];
                room -= max[c];
            }
            open = rest;
            if open.is_empty() {
                break;
            }
        }
        if !open.is_empty() {
            let floor: f32 = open.iter().map(|&c| min[c]).sum();
            let wish: f32 = open.iter().map(|&c| max[c] - min[c]).sum();
            let spare = (room - floor).max(0.0);
            for &c in &open {
                widths[c] = min[c] + spare * (max[c] - min[c]) / wish.max(0.001);
            }
        }
        widths
    }

    /// A table row as bands, one per line of its tallest cell, so a row
    /// taller than a page breaks between lines (the caller sets the chunks).
    fn row(
        &self,
        cells: &[Vec<Run>],
        widths: &[Pt],
        aligns: &[Align],
        indent: Pt,
        head: bool,
    ) -> Vec<Band> {
        let line_h = TABLE * 1.3;
        let mut x = indent;
        // Per cell: its left edge, inner width, alignment and lines.
        let mut columns = Vec::with_capacity(widths.len());
        for (c, w) in widths.iter().enumerate() {
            let runs = cells.get(c).map_or(&[][..], Vec::as_slice);
            let inner = w - 2.0 * CELL_PAD;
            let lines = break_lines(runs, inner / TABLE, self.measure);
            let align = aligns.get(c).copied().unwrap_or(Align::Left);
            columns.push((x, inner, align, lines));
            x += w;
        }
        let n = columns.iter().map(|c| c.3.len()).max().unwrap_or(0).max(1);
        let total: Pt = widths.iter().sum();
        let mut bands = Vec::with_capacity(n);
        for k in 0..n {
            let top_pad = if k == 0 { CELL_PAD } else { 0.0 };
            let bottom_pad = if k + 1 == n { CELL_PAD } else { 0.0 };
            let height = top_pad + line_h + bottom_pad;
            let mut band = Band {
                height,
                ..Band::default()
            };
            if head {
                band.frame.push(Draw::Rect {
                    x: indent,
                    y: 0.0,
                    w: total,
                    h: height,
                    color: Color::SHADE,
                });
            }
            for (x, inner, align, lines) in &columns {
                let Some(line) = lines.get(k) else {
                    band.cells.push(Vec::new());
                    continue;
                };
                let shift = match align {
                    Align::Left => 0.0,
                    Align::Center => (inner - line.width * TABLE) / 2.0,
                    Align::Right => inner - line.width * TABLE,
                };
                band.cells.push(line_draws(
                    line,
                    x + CELL_PAD + shift.max(0.0),
                    top_pad + TABLE,
                    TABLE,
                    Color::TEXT,
                ));
            }
            if k + 1 == n {
                band.frame.push(Draw::Line {
                    from: (indent, height),
                    to: (indent + total, height),
                    width: if head { 0.9 } else { 0.4 },
                    color: Color::RULE,
                });
            }
            bands.push(band);
        }
        bands
    }

    /// Places boxes on pages, chunk by chunk.
    fn paginate(&mut self) -> Layout {
        let g = self.geometry;
        let bottom = g.height - g.margin_bottom;
        let mut layout = Layout {
            pages: vec![Page::default()],
            bookmarks: Vec::new(),
        };
        let mut y = g.margin_top;
        let mut i = 0;
        let boxes = std::mem::take(&mut self.boxes);
        while i < boxes.len() {
            let chunk = boxes[i].chunk;
            let end = boxes[i..]
                .iter()
                .position(|b| b.chunk != chunk)
                .map_or(boxes.len(), |p| i + p);
            let at_top = (y - g.margin_top).abs() < 0.01;
            let chunk_height: Pt = boxes[i..end]
                .iter()
                .enumerate()
                .map(|(k, b)| {
                    b.height
                        + if k == 0 && at_top {
                            0.0
                        } else {
                            b.space_before
                        }
                })
                .sum();
            let fits = y + chunk_height <= bottom + 0.01;
            let page_height = bottom - g.margin_top;
            if !fits && !at_top && chunk_height <= page_height {
                layout.pages.push(Page::default());
                y = g.margin_top;
                // A table continues: repeat its header.
                if let Some(t) = boxes[i].table {
                    for head in &self.table_heads[t] {
                        place(&mut layout, head, g.margin_x, &mut y);
                    }
                }
            }
            for b in &boxes[i..end] {
                let at_top = (y - g.margin_top).abs() < 0.01;
                if y + b.height + if at_top { 0.0 } else { b.space_before } > bottom + 0.01
                    && !at_top
                {
                    layout.pages.push(Page::default());
                    y = g.margin_top;
                    if let Some(t) = b.table {
                        for head in &self.table_heads[t] {
                            place(&mut layout, head, g.margin_x, &mut y);
                        }
                    }
                }
                if (y - g.margin_top).abs() >= 0.01 {
                    y += b.space_before;
                }
                if let Some((level, title)) = &b.bookmark {
                    layout.bookmarks.push(Bookmark {
                        level: *level,
                        title: title.clone(),
                        page: layout.pages.len() - 1,
                        y,
                    });
                }
                place(&mut layout, b, g.margin_x, &mut y);
            }
            i = end;
        }
        layout
    }

    /// Adds the header and footer to every page.
    fn furnish(&self, layout: &mut Layout, f: &Furniture) {
        let g = self.geometry;
        let n = layout.pages.len();
        let size = 8.0;
        let style = Style::default();
        for (i, page) in layout.pages.iter_mut().enumerate() {
            let mut text = |x: Pt, y: Pt, s: String, right: bool| {
                let width = self.measure.width(&s, &style) * size;
                let x = if right { x - width } else { x };
                page.draws.push(Draw::Text {
                    x,
                    y,
                    size,
                    style: style.clone(),
                    color: Color::MUTED,
                    text: s,
                    width,
                });
            };
            let head_y = g.margin_top - 28.0;
            // The two headers share the column with a gap between them: the
            // right one (report id, short) keeps its width up to half the
            // column, the left one (provider) takes the rest; either is cut
            // with an ellipsis rather than overlapping or leaving the page.
            let column = g.column();
            let gap = 12.0;
            let em = |t: &str| self.measure.width(t, &style) * size;
            let right_room = em(&f.header_right).min((column - gap) / 2.0);
            let right_room = right_room.max(column - gap - em(&f.header_left));
            let right = fit(&f.header_right, right_room.min(column), &|t| em(t));
            let left_room = column - gap - em(&right);
            let left = fit(&f.header_left, left_room, &|t| em(t));
            text(g.margin_x, head_y, left, false);
            text(g.width - g.margin_x, head_y, right, true);
            let footer = f
                .footer
                .replace("{page}", &(i + 1).to_string())
                .replace("{pages}", &n.to_string());
            let footer = fit(&footer, column, &|t| em(t));
            let width = self.measure.width(&footer, &style) * size;
            text(
                (g.width - width) / 2.0,
                g.height - g.margin_bottom + 32.0,
                footer,
                false,
            );
            page.draws.push(Draw::Line {
                from: (g.margin_x, head_y + 6.0),
                to: (g.width - g.margin_x, head_y + 6.0),
                width: 0.4,
                color: Color::RULE,
            });
        }
    }
}

/// Where a letter's closing starts: its last rule, when only a few short
/// paragraphs (sign-off, contact line) and the footnotes follow it. The
/// closing is kept with the end of the paragraph before it, so it is never
/// split from it nor alone on the last page.
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

/// A row that totals the rows above it: its first cell is all bold, or
/// starts with "Total" (or Czech "Celkem", Vietnamese "Tổng").
fn is_total_row(row: &[Vec<Run>]) -> bool {
    let Some(first) = row.first() else {
        return false;
    };
    let text: String = first.iter().map(|r| r.text.as_str()).collect();
    let lower = text.trim().to_lowercase();
    let bold = !lower.is_empty()
        && first
            .iter()
            .all(|r| r.style.bold || r.text.trim().is_empty());
    bold || ["total", "celkem", "tổng", "sum"]
        .iter()
        .any(|w| lower.starts_with(w))
}

/// The text, cut with an ellipsis when wider than `room`.
fn fit(text: &str, room: Pt, width: &dyn Fn(&str) -> Pt) -> String {
    if width(text) <= room {
        return text.to_owned();
    }
    // Longest prefix (at a character boundary) that fits with the ellipsis:
    // widths grow with the prefix, so a binary search over boundaries.
    let bounds: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
    let (mut lo, mut hi) = (0, bounds.len());
    while lo < hi {
        let mid = (lo + hi).div_ceil(2);
        let candidate = format!("{}…", text[..bounds[mid.min(bounds.len() - 1)]].trim_end());
        if mid < bounds.len() && width(&candidate) <= room {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    let kept = bounds.get(lo).map_or("", |&b| &text[..b]).trim_end();
    if kept.is_empty() {
        String::new()
    } else {
        format!("{kept}…")
    }
}

/// One line of a table row across all its cells.
#[derive(Debug, Default)]
struct Band {
    height: Pt,
    /// Background and rules, relative to the band's top.
    frame: Vec<Draw>,
    /// Each cell's drawings on this line.
    cells: Vec<Vec<Draw>>,
}

/// Joins consecutive bands of the same chunk into one box, drawing cell by
/// cell so the text layer reads each cell whole, as a reader does.
fn merge_bands(bands: Vec<Band>, chunks: &[usize]) -> Vec<VBox> {
    let mut boxes: Vec<VBox> = Vec::new();
    let mut group: Vec<Band> = Vec::new();
    let mut flush = |group: &mut Vec<Band>, chunk: usize| {
        if group.is_empty() {
            return;
        }
        let mut draws = Vec::new();
        let mut tops = Vec::with_capacity(group.len());
        let mut y = 0.0;
        for band in group.iter() {
            tops.push(y);
            y += band.height;
        }
        for (band, top) in group.iter_mut().zip(&tops) {
            draws.extend(band.frame.drain(..).map(|d| shifted(d, *top)));
        }
        let columns = group.iter().map(|b| b.cells.len()).max().unwrap_or(0);
        for c in 0..columns {
            for (band, top) in group.iter_mut().zip(&tops) {
                if let Some(cell) = band.cells.get_mut(c) {
                    draws.extend(cell.drain(..).map(|d| shifted(d, *top)));
                }
            }
        }
        boxes.push(VBox {
            height: y,
            draws,
            chunk,
            ..VBox::default()
        });
        group.clear();
    };
    let mut current = None;
    for (band, &chunk) in bands.into_iter().zip(chunks) {
        if current.is_some_and(|c| c != chunk) {
            flush(&mut group, current.unwrap_or(chunk));
        }
        current = Some(chunk);
        group.push(band);
    }
    if let Some(chunk) = current {
        flush(&mut group, chunk);
    }
    boxes
}

/// A drawing moved down by `dy`.
fn shifted(d: Draw, dy: Pt) -> Draw {
    match d {
        Draw::Text {
            x,
            y,
            size,
            style,
            color,
            text,
            width,
        } => Draw::Text {
            x,
            y: y + dy,
            size,
            style,
            color,
            text,
            width,
        },
        Draw::Rect { x, y, w, h, color } => Draw::Rect {
            x,
            y: y + dy,
            w,
            h,
            color,
        },
        Draw::Line {
            from,
            to,
            width,
            color,
        } => Draw::Line {
            from: (from.0, from.1 + dy),
            to: (to.0, to.1 + dy),
            width,
            color,
        },
        Draw::Link { x, y, w, h, url } => Draw::Link {
            x,
            y: y + dy,
            w,
            h,
            url,
        },
    }
}

/// Places a box at `y` on the last page and moves `y` below it.
fn place(layout: &mut Layout, b: &VBox, x0: Pt, y: &mut Pt) {
    let Some(page) = layout.pages.last_mut() else {
        return;
    };
    for d in &b.draws {
        page.draws.push(match d.clone() {
            Draw::Text {
                x,
                y: dy,
                size,
                style,
                color,
                text,
                width,
            } => Draw::Text {
                x: x0 + x,
                y: *y + dy,
                size,
                style,
                color,
                text,
                width,
            },
            Draw::Rect {
                x,
                y: dy,
                w,
                h,
                color,
            } => Draw::Rect {
                x: x0 + x,
                y: *y + dy,
                w,
                h,
                color,
            },
            Draw::Line {
                from,
                to,
                width,
                color,
            } => Draw::Line {
                from: (x0 + from.0, *y + from.1),
                to: (x0 + to.0, *y + to.1),
                width,
                color,
            },
            Draw::Link {
                x,
                y: dy,
                w,
                h,
                url,
            } => Draw::Link {
                x: x0 + x,
                y: *y + dy,
                w,
                h,
                url,
            },
        });
    }
    *y += b.height;
}

/// The drawings of one line: a text item per fragment, plus strike lines and links.
fn line_draws(line: &Line, x0: Pt, baseline: Pt, size: Pt, color: Color) -> Vec<Draw> {
    let mut draws = Vec::new();
    for f in &line.fragments {
        let x = x0 + f.x * size;
        let width = f.width * size;
        let color = if f.style.strike {
            Color::DELETED
        } else if f.style.insert {
            Color::INSERTED
        } else if f.style.link.is_some() {
            Color::LINK
        } else {
            color
        };
        let text_size = if f.style.mono {
            size * super::fonts::MONO_SCALE
        } else {
            size
        };
        draws.push(Draw::Text {
            x,
            y: baseline,
            size: text_size,
            style: f.style.clone(),
            color,
            text: f.text.clone(),
            width,
        });
        if f.style.strike {
            draws.push(Draw::Line {
                from: (x, baseline - size * 0.3),
                to: (x + width, baseline - size * 0.3),
                width: size * 0.07,
                color: Color::DELETED,
            });
        }
        if f.style.insert {
            draws.push(Draw::Line {
                from: (x, baseline + size * 0.18),
                to: (x + width, baseline + size * 0.18),
                width: size * 0.07,
                color: Color::INSERTED,
            });
        }
        if let Some(url) = &f.style.link {
            draws.push(Draw::Line {
                from: (x, baseline + size * 0.15),
                to: (x + width, baseline + size * 0.15),
                width: size * 0.05,
                color,
            });
            draws.push(Draw::Link {
                x,
                y: baseline - size,
                w: width,
                h: size * 1.3,
                url: url.clone(),
            });
        }
    }
    draws
}

/// Marks a code line continued from the line above (the hanging indent).
pub const CODE_CONTINUATION: &str = "↪ ";

/// Code keeps its spaces. A line too long for the column wraps after its
/// last space that fits (between characters only when a single token is
/// longer than the line would allow); continued lines start with
/// [`CODE_CONTINUATION`], a mark and a hanging indent.
fn break_code(run: &Run, max: f32, measure: &dyn Measure) -> Vec<Line> {
    let chars: Vec<(char, f32)> = run
        .text
        .chars()
        .map(|ch| {
            let mut buf = [0u8; 4];
            (ch, measure.width(ch.encode_utf8(&mut buf), &run.style))
        })
        .collect();
    let mark = measure.width(CODE_CONTINUATION, &run.style);
    let mut lines = Vec::new();
    let mut start = 0;
    while start < chars.len() {
        let lead = if start == 0 { 0.0 } else { mark };
        let mut width = lead;
        let mut end = start;
        let mut last_space = None;
        while end < chars.len() && (width + chars[end].1 <= max || end == start) {
            width += chars[end].1;
            if chars[end].0 == ' ' {
                last_space = Some(end);
            }
            end += 1;
        }
        if end < chars.len()
            && let Some(space) = last_space.filter(|&sp| sp > start)
        {
            // Break after the last space that fits.
            end = space + 1;
        }
        let text: String = chars[start..end].iter().map(|c| c.0).collect();
        let text = if start == 0 {
            text
        } else {
            format!("{CODE_CONTINUATION}{text}")
        };
        let width = lead + chars[start..end].iter().map(|c| c.1).sum::<f32>();
        lines.push(code_line(text, width, &run.style));
        start = end;
    }
    lines
}

fn code_line(text: String, width: f32, style: &Style) -> Line {
    Line {
        fragments: vec![super::linebreak::Fragment {
            text,
            style: style.clone(),
            x: 0.0,
            width,
        }],
        width,
    }
}
