//! Layout: blocks -> pages of positioned text, rules and boxes.
//!
//! Blocks become vertical boxes (a line of text, a table row, a rule), boxes
//! are grouped into chunks that must not be split (the first and last two
//! lines of a paragraph, a heading with what follows it, a table's header and
//! first row), and chunks are placed page by page. Coordinates are points
//! from the page's top-left corner; emit turns them into PDF space.

mod pages;
mod table;

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

    /// A colour from 8-bit components (`#RRGGBB`).
    #[must_use]
    pub fn from_rgb8([r, g, b]: [u8; 3]) -> Color {
        Color(
            f32::from(r) / 255.0,
            f32::from(g) / 255.0,
            f32::from(b) / 255.0,
        )
    }
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
    /// The provider's logo (its pixels travel in `emit::DocInfo`).
    Image {
        /// Left.
        x: Pt,
        /// Top.
        y: Pt,
        /// Width.
        w: Pt,
        /// Height.
        h: Pt,
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
    /// The colour of headings, when the provider gives an accent.
    pub accent: Option<Color>,
    /// The logo's size in pixels, drawn at the top of the first page.
    pub logo: Option<(u32, u32)>,
}

/// The height of the logo at the top of the first page (about 13 mm).
const LOGO_HEIGHT: Pt = 36.0;

/// The logo's size on the page: [`LOGO_HEIGHT`] high, at most half the
/// column wide (a wide logo is scaled down to fit).
fn logo_size((width, height): (u32, u32)) -> (Pt, Pt) {
    let aspect = width as f32 / (height.max(1)) as f32;
    let w = (LOGO_HEIGHT * aspect).min(MEASURE / 2.0);
    (w, w / aspect.max(f32::MIN_POSITIVE))
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

/// The text column's width: about 76 characters of 10.5 pt Noto Sans a line,
/// inside the 65-80 that long reading is comfortable with (170 mm gave 90;
/// Noto Sans is narrower than DejaVu Sans, so 420 pt at 10 pt held 84).
pub const MEASURE: Pt = 400.0;
/// The body text size.
pub const BODY: Pt = 10.5;
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
const SHORT_TABLE_SHARE: f32 = 0.2;
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
    /// The colour of headings.
    heading: Color,
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
        heading: furniture.accent.unwrap_or(Color::HEADING),
    };
    if let Some(pixels) = furniture.logo {
        let (w, h) = logo_size(pixels);
        let chunk = l.chunk();
        l.boxes.push(VBox {
            height: h + 2.0 * PARA_GAP,
            space_before: 0.0,
            draws: vec![Draw::Image {
                x: 0.0,
                y: 0.0,
                w,
                h,
            }],
            chunk,
            table: None,
            bookmark: None,
        });
    }
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
                    self.heading,
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
        let (text_size, rise) = if f.style.mono {
            (size * super::fonts::MONO_SCALE, 0.0)
        } else if f.style.superscript {
            (size * super::fonts::SUPERSCRIPT_SCALE, size * 0.33)
        } else {
            (size, 0.0)
        };
        draws.push(Draw::Text {
            x,
            y: baseline - rise,
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
