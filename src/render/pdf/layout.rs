//! Layout: blocks -> pages of positioned text, rules and boxes.
//!
//! Three steps, data flowing one way: blocks are lowered to boxes (a line
//! of text, a band of a table row, a rule) grouped into flow items that
//! carry their keep rules as data (`lower.rs`, `table.rs`, `flow.rs`); a
//! pure function over heights and keep rules chooses the page breaks
//! (`flow::paginate`); the boxes are placed on their pages with the header
//! and footer (`pages.rs`). Coordinates are points from the page's top-left
//! corner; emit turns them into PDF space.

mod code;
mod columns;
mod draw;
mod flow;
mod lower;
mod pages;
mod pt;
mod table;

use super::blocks::{Block, Style};
use super::fonts::ShapedGlyph;
use super::linebreak::Measure;
pub use code::CODE_CONTINUATION;
use lower::Layouter;

pub use pt::Pt;

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
            Paper::A4 => (Pt(595.28), Pt(841.89)),
            Paper::Letter => (Pt(612.0), Pt(792.0)),
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
        /// Its glyphs as measured, one a character of `text`: emit draws
        /// these and does not shape the text again.
        glyphs: Vec<ShapedGlyph>,
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
const LOGO_HEIGHT: Pt = Pt(36.0);

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
            margin_x: ((width - MEASURE) / 2.0).max(Pt(56.7)),
            margin_top: Pt(70.9),
            margin_bottom: Pt(70.9),
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
pub const MEASURE: Pt = Pt(400.0);
/// The body text size.
pub const BODY: Pt = Pt(10.5);
const LEADING: f32 = 1.4;
/// Line height of headings: display leading.
const HEADING_LEADING: f32 = 1.2;
const CODE: Pt = Pt(9.0);
const TABLE: Pt = Pt(9.0);
const NOTE: Pt = Pt(8.5);
const PARA_GAP: Pt = Pt(6.0);
/// Space between list items, and above a nested list.
const ITEM_GAP: Pt = Pt(2.5);
const LIST_INDENT: Pt = Pt(16.0);
const QUOTE_INDENT: Pt = Pt(14.0);
const CELL_PAD: Pt = Pt(6.0);
/// Space above a table that follows another table directly.
const TABLE_GAP: Pt = Pt(16.0);
/// A table at most this share of a page high is never split.
const SHORT_TABLE_SHARE: f32 = 0.2;
/// A table row of at most this many lines is never split across pages.
const ROW_KEEP_LINES: usize = 6;
/// The largest indent, as a share of the column: deeper blocks align with it.
const MAX_INDENT_SHARE: f32 = 0.5;
/// Lines of body text a letter's closing keeps with it on its page, so the
/// last page never holds the sign-off with a sentence or two only.
const CLOSING_KEEPS_LINES: f32 = 5.0;

/// Lays out a document.
pub fn layout(
    blocks: &[Block],
    measure: &dyn Measure,
    geometry: Geometry,
    furniture: &Furniture,
) -> Layout {
    let mut l = Layouter::new(measure, geometry, furniture);
    if let Some(pixels) = furniture.logo {
        l.logo(logo_size(pixels));
    }
    l.document(blocks);
    let mut layout = l.place();
    l.furnish(&mut layout, furniture);
    layout
}
