//! PDF: the report's Markdown, typeset. [`blocks`] (Markdown -> block tree) ->
//! [`layout`] (with [`fonts`] and [`linebreak`]: lines, tables, pages) ->
//! [`emit`] (PDF objects written straight into bytes with pdf-writer).
//!
//! The Markdown may start with an `<!-- amends … -->` comment carrying the
//! document's metadata (title, header, footer, watermark); `amends render`
//! writes one, so a reviewer can edit the .md and typeset it again with the
//! same furniture.

pub mod blocks;
pub mod emit;
pub mod fonts;
pub mod html;
pub mod layout;
pub mod linebreak;
pub mod logo;
pub mod script;
pub mod subset;
pub mod typography;

use chrono::NaiveDate;

pub use emit::DocInfo;
pub use layout::Paper;
use layout::{Furniture, Geometry, Layout};

/// Options for typesetting.
#[derive(Debug, Clone, Copy)]
pub struct PdfOptions {
    /// Paper size.
    pub paper: Paper,
}

/// The provider's letterhead: what a report's PDF carries beyond its
/// Markdown (a hand-edited Markdown file typesets without it).
#[derive(Debug, Clone, Default)]
pub struct Letterhead {
    /// The colour of headings, `provider.accent`.
    pub accent: Option<[u8; 3]>,
    /// The logo at the top of the first page, `provider.logo`.
    pub logo: Option<logo::Logo>,
}

/// A typeset document.
#[derive(Debug)]
pub struct Pdf {
    /// The PDF file.
    pub bytes: Vec<u8>,
    /// The pages as laid out (for checks and text dumps).
    pub layout: Layout,
    /// The page geometry used.
    pub geometry: Geometry,
    /// Problems worth telling the user, e.g. characters no font can draw.
    pub warnings: Vec<String>,
}

/// Typesetting failed: right-to-left text, or the built-in fonts or the
/// writer failed (any other text typesets).
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    /// The built-in fonts could not be read.
    #[error(transparent)]
    Font(#[from] fonts::FontError),
    /// Writing the file failed.
    #[error(transparent)]
    Emit(#[from] emit::EmitError),
    /// The text holds right-to-left script, which would print backwards.
    #[error("{0}")]
    RightToLeft(script::RightToLeft),
}

impl PdfError {
    /// Line and column (1-based) in the Markdown of what the error is about, when known.
    #[must_use]
    pub fn position(&self) -> Option<(usize, usize)> {
        match self {
            PdfError::RightToLeft(r) => r.line.map(|l| (l, r.column)),
            _ => None,
        }
    }
}

pub use crate::render::header::{Meta, split_meta};

/// Typesets Markdown into a PDF.
pub fn typeset(markdown: &str, options: PdfOptions) -> Result<Pdf, PdfError> {
    typeset_with(markdown, options, &Letterhead::default())
}

/// [`typeset`] with the provider's letterhead.
pub fn typeset_with(
    markdown: &str,
    options: PdfOptions,
    letterhead: &Letterhead,
) -> Result<Pdf, PdfError> {
    typeset_using(markdown, options, letterhead, &fonts::Fonts::load()?)
}

/// [`typeset_with`] with faces already loaded: a batch loads them once per
/// thread and keeps their glyph and kerning caches from letter to letter.
pub fn typeset_using(
    markdown: &str,
    options: PdfOptions,
    letterhead: &Letterhead,
    fonts: &fonts::Fonts,
) -> Result<Pdf, PdfError> {
    let (meta, body) = split_meta(markdown);
    let document = blocks::parse_document(body);
    let mut blocks = document.blocks;
    if let Some(rtl) = script::find_right_to_left(&blocks, markdown) {
        return Err(PdfError::RightToLeft(rtl));
    }
    typography::apply(&mut blocks, meta.language.as_deref().unwrap_or("en"));
    let geometry = Geometry::new(options.paper);
    let title = meta
        .title
        .clone()
        .unwrap_or_else(|| first_heading(&blocks).unwrap_or_default());
    let furniture = Furniture {
        header_left: meta.header_left.clone().unwrap_or_default(),
        header_right: meta.header_right.clone().unwrap_or_else(|| title.clone()),
        footer: meta
            .footer
            .clone()
            .unwrap_or_else(|| "{page} / {pages}".to_owned()),
        accent: letterhead.accent.map(layout::Color::from_rgb8),
        logo: letterhead.logo.as_ref().map(|l| (l.width, l.height)),
    };
    let layout = layout::layout(&blocks, fonts, geometry, &furniture);
    let timestamp = meta
        .date
        .as_deref()
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map_or(0, |d| d.and_utc().timestamp());
    let status = meta.effective_status().to_owned();
    let info = DocInfo {
        title,
        author: meta.author.unwrap_or_default(),
        subject: meta.subject.unwrap_or_default(),
        language: meta.language.unwrap_or_else(|| "en".to_owned()),
        timestamp,
        watermark: meta.watermark,
        status,
        logo: letterhead.logo.clone(),
    };
    let bytes = emit::emit(&layout, geometry, fonts, &info)?;
    let mut warnings = document.warnings;
    warnings.extend(
        missing_drawn(&layout, fonts, info.watermark.as_deref())
            .iter()
            .map(|c| {
                format!(
                    "no font has the character U+{:04X} `{c}`; it is drawn as an empty box",
                    u32::from(*c)
                )
            }),
    );
    Ok(Pdf {
        bytes,
        layout,
        geometry,
        warnings,
    })
}

/// The characters drawn as `.notdef` because no face has them, taken from
/// what the pages and the watermark draw (never from what was measured: a
/// thread's caches skip measuring, and text measured but cut is not drawn),
/// so each letter's warnings depend on that letter alone.
fn missing_drawn(
    layout: &Layout,
    fonts: &fonts::Fonts,
    watermark: Option<&str>,
) -> std::collections::BTreeSet<char> {
    let drawn = layout
        .pages
        .iter()
        .flat_map(|p| &p.draws)
        .flat_map(|d| match d {
            layout::Draw::Text { glyphs, .. } => glyphs.as_slice(),
            _ => &[],
        });
    let watermark = watermark.map(|text| {
        let bold = blocks::Style {
            bold: true,
            ..Default::default()
        };
        linebreak::Measure::shape(fonts, text, &bold)
    });
    drawn
        .chain(watermark.iter().flatten())
        .filter(|g| g.gid == 0 && !g.ch.is_control())
        .map(|g| g.ch)
        .collect()
}

fn first_heading(blocks: &[blocks::Block]) -> Option<String> {
    blocks.iter().find_map(|b| match b {
        blocks::Block::Heading { runs, .. } => Some(runs.iter().map(|r| r.text.as_str()).collect()),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_metadata_comment_is_read_and_removed() {
        let md = "<!-- amends\ntitle: T\nwatermark: DRAFT\nfooter: {page}/{pages}\n-->\n\n# Body\n";
        let (meta, body) = split_meta(md);
        assert_eq!(meta.title.as_deref(), Some("T"));
        assert_eq!(meta.watermark.as_deref(), Some("DRAFT"));
        assert_eq!(meta.footer.as_deref(), Some("{page}/{pages}"));
        assert_eq!(body, "# Body\n");
        let (meta, body) = split_meta("# No comment\n");
        assert_eq!((meta, body), (Meta::default(), "# No comment\n"));
    }

    #[test]
    fn an_empty_watermark_means_final() {
        let (meta, _) = split_meta("<!-- amends\nwatermark: \n-->\n");
        assert_eq!(meta.watermark, None);
    }
}

#[cfg(test)]
mod letterhead_tests {
    use super::layout::{Color, Draw};
    use super::*;

    fn heading_colors(pdf: &Pdf) -> Vec<Color> {
        pdf.layout.pages[0]
            .draws
            .iter()
            .filter_map(|d| match d {
                Draw::Text { style, color, .. } if style.bold => Some(*color),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn the_accent_colours_headings_and_nothing_else() {
        let md = "# Title\n\nSome text.\n\n## Section\n\nMore text.\n";
        let options = PdfOptions { paper: Paper::A4 };
        let plain = typeset(md, options).unwrap();
        assert!(heading_colors(&plain).iter().all(|c| *c == Color::HEADING));
        let letterhead = Letterhead {
            accent: Some([0xC0, 0x10, 0x20]),
            logo: None,
        };
        let accented = typeset_with(md, options, &letterhead).unwrap();
        let accent = Color::from_rgb8([0xC0, 0x10, 0x20]);
        let colors = heading_colors(&accented);
        assert!(
            colors.len() >= 2 && colors.iter().all(|c| *c == accent),
            "{colors:?}"
        );
        // Body text keeps its colour.
        assert!(accented.layout.pages[0].draws.iter().any(|d| matches!(
            d,
            Draw::Text { text, color, .. } if text.contains("Some") && *color == Color::TEXT
        )));
    }

    #[test]
    fn a_letterhead_with_a_logo_gives_the_same_bytes_every_time() {
        // Resource names are fixed (printpdf named images from a process-wide
        // counter): two letters made in one process (a batch) must not differ
        // by that name.
        let md = "# Title\n\nSome text.\n";
        let options = PdfOptions { paper: Paper::A4 };
        let mut jpeg = Vec::new();
        jpeg_encoder::Encoder::new(&mut jpeg, 80)
            .encode(&[90u8; 16 * 8 * 3], 16, 8, jpeg_encoder::ColorType::Rgb)
            .unwrap();
        for file in [jpeg, logo::tests::png(16, 8, [10, 20, 30, 255])] {
            let letterhead = Letterhead {
                accent: None,
                logo: Some(logo::Logo::decode(&file).unwrap()),
            };
            let first = typeset_with(md, options, &letterhead).unwrap();
            let second = typeset_with(md, options, &letterhead).unwrap();
            assert!(first.bytes == second.bytes);
            // Content streams are compressed; the resource name is not.
            assert!(first.bytes.windows(6).any(|w| w == b"/Logo "));
        }
    }
}
