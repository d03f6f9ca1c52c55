//! Emit: laid-out pages -> PDF bytes, written object by object with
//! pdf-writer (typst's PDF writer: it serialises as it is called, with no
//! object model in between). Fonts are subset to the glyphs used and
//! embedded with widths and a ToUnicode map (`embed.rs`); headings become a
//! nested outline (`outline.rs`).
//!
//! printpdf and lopdf did this before: translating printpdf's operations,
//! building lopdf's objects and re-parsing the subset fonts cost more than
//! half of emit's time (see docs/pdf.md, "Performance").

mod embed;
mod number;
mod outline;
mod shapes;
mod text;

use std::collections::BTreeMap;

use pdf_writer::types::{ActionType, AnnotationType, PageMode};
use pdf_writer::{Date, Filter, Finish, Name, Pdf, Rect, Ref, Settings, Str};

use super::fonts::{FaceId, Fonts, ShapedGlyph};
use super::layout::{Color, Draw, Geometry, Layout};
use embed::{Deflater, Embedded, FaceUse, Refs};

/// What the document says about itself.
#[derive(Debug, Clone, Default)]
pub struct DocInfo {
    /// Title.
    pub title: String,
    /// Author (the provider).
    pub author: String,
    /// Subject.
    pub subject: String,
    /// Language tag, e.g. `en`.
    pub language: String,
    /// Creation date as seconds since 1970 (from the report, never the clock).
    pub timestamp: i64,
    /// Diagonal watermark on every page, e.g. `DRAFT · REVISION 3`.
    pub watermark: Option<String>,
    /// Review status (`draft`, `review`, `final`), kept in the Info dictionary
    /// as `/AmendsStatus` so the output folder can tell a final PDF (crate::write::finality).
    pub status: String,
    /// The provider's logo, drawn where the layout placed `Draw::Image`.
    pub logo: Option<super::logo::Logo>,
}

/// Writing the PDF failed.
#[derive(Debug, thiserror::Error)]
pub enum EmitError {
    /// A font could not be subset.
    #[error("could not subset the font {face}: {message}")]
    Subset {
        /// Which face.
        face: &'static str,
        /// What went wrong.
        message: String,
    },
    /// The PDF could not be serialised.
    #[error("could not write the PDF: {0}")]
    Save(String),
}

/// The watermark's colour and opacity: about 16 % grey once printed in
/// grey-scale (a tenth of this red was 7 %, which a printer may drop), light
/// enough to read the text drawn over it.
const WATERMARK_COLOR: Color = Color(0.6, 0.1, 0.1);
const WATERMARK_ALPHA: f32 = 0.2;

/// A run of glyphs of one face, ready to draw (borrowed from the layout's
/// shaped glyphs, not copied).
struct GlyphRun<'a> {
    face: FaceId,
    x: f32,
    glyphs: &'a [ShapedGlyph],
}

/// No indentation or padding: the file is for readers, not people.
const COMPACT: Settings = Settings { pretty: false };

/// The resource name of a face's font (fixed, so bytes do not depend on order).
fn font_name(face: FaceId) -> [u8; 2] {
    [b'F', b'0' + face as u8]
}

/// Turns a layout into PDF bytes.
pub fn emit(
    layout: &Layout,
    geometry: Geometry,
    fonts: &Fonts,
    info: &DocInfo,
) -> Result<Vec<u8>, EmitError> {
    // 1. Shape every text (and the watermark) to learn which glyphs each face needs.
    let bold = super::blocks::Style {
        bold: true,
        ..Default::default()
    };
    // The watermark is not part of the layout: the one text shaped here.
    let watermark_glyphs = info
        .watermark
        .as_ref()
        .map(|text| super::linebreak::Measure::shape(fonts, text, &bold));
    let watermark = watermark_glyphs.as_ref().map(|glyphs| {
        let width = super::fonts::glyphs_width(glyphs, &bold);
        (glyph_runs(glyphs, 0.0, 1.0), width)
    });
    // The glyphs layout measured, split into runs of one face.
    let shaped: Vec<Vec<Vec<GlyphRun<'_>>>> = layout
        .pages
        .iter()
        .map(|page| {
            page.draws
                .iter()
                .filter_map(|draw| match draw {
                    Draw::Text {
                        x, size, glyphs, ..
                    } => Some(glyph_runs(glyphs, x.0, size.0)),
                    _ => None,
                })
                .collect()
        })
        .collect();
    let mut used: BTreeMap<FaceId, FaceUse> = BTreeMap::new();
    let all_runs = watermark
        .iter()
        .flat_map(|(runs, _)| runs)
        .chain(shaped.iter().flatten().flatten());
    for run in all_runs {
        let usage = used.entry(run.face).or_default();
        for glyph in run.glyphs {
            usage.add(glyph.gid, glyph.ch);
        }
    }

    // 2. Plan the objects: fixed numbers first, then fonts, then pages.
    let mut pdf = Pdf::with_settings(COMPACT);
    pdf.set_version(1, 4);
    let mut refs = Refs::new();
    let (catalog_id, tree_id, info_id, resources_id) =
        (refs.next(), refs.next(), refs.next(), refs.next());
    let mut z = Deflater::new();
    let mut faces: BTreeMap<FaceId, Embedded> = BTreeMap::new();
    let mut font_ids: Vec<(FaceId, Ref)> = Vec::new();
    for (face, usage) in &used {
        let id = refs.next();
        faces.insert(
            *face,
            embed::embed(&mut pdf, &mut refs, &mut z, fonts, *face, usage, id)?,
        );
        font_ids.push((*face, id));
    }
    let watermark_gs = watermark.as_ref().map(|_| {
        let id = refs.next();
        pdf.ext_graphics(id)
            .non_stroking_alpha(WATERMARK_ALPHA)
            .stroking_alpha(WATERMARK_ALPHA);
        id
    });
    let logo = info.logo.as_ref().and_then(|logo| {
        let uses_logo = layout
            .pages
            .iter()
            .any(|p| p.draws.iter().any(|d| matches!(d, Draw::Image { .. })));
        uses_logo.then(|| (logo, write_logo(&mut pdf, &mut z, refs.next(), logo)))
    });
    let mut resources = pdf.indirect(resources_id).dict();
    let mut font_dict = resources.insert(Name(b"Font")).dict();
    for (face, id) in &font_ids {
        font_dict.pair(Name(&font_name(*face)), *id);
    }
    font_dict.finish();
    if let Some(id) = watermark_gs {
        resources
            .insert(Name(b"ExtGState"))
            .dict()
            .pair(Name(b"GSwm"), id);
    }
    if let Some((_, id)) = &logo {
        resources
            .insert(Name(b"XObject"))
            .dict()
            .pair(Name(b"Logo"), *id);
    }
    resources.finish();

    // 3. Pages.
    let page_ids: Vec<Ref> = layout.pages.iter().map(|_| refs.next()).collect();
    let mut page_content = PageContent {
        g: geometry,
        faces: &faces,
        watermark: Vec::new(),
        logo: logo.map(|(l, _)| l),
    };
    // The same on every page: drawn once.
    if let Some((runs, width_em)) = &watermark {
        page_content.watermark = page_content.draw_watermark(runs, *width_em);
    }
    for ((page, runs_of_page), page_id) in layout.pages.iter().zip(&shaped).zip(&page_ids) {
        let (content, links) = page_content.write(page, runs_of_page);
        let content_id = refs.next();
        z.stream(&mut pdf, content_id, &content, |_| {});
        let link_ids: Vec<Ref> = links.iter().map(|_| refs.next()).collect();
        for (link, id) in links.iter().zip(&link_ids) {
            let mut annotation = pdf.annotation(*id);
            annotation
                .subtype(AnnotationType::Link)
                .rect(link.rect)
                .border(0.0, 0.0, 0.0, None)
                .pair(Name(b"H"), Name(b"N"));
            annotation
                .action()
                .action_type(ActionType::Uri)
                .uri(Str(link.url.as_bytes()));
        }
        let mut p = pdf.page(*page_id);
        p.parent(tree_id)
            .media_box(Rect::new(0.0, 0.0, geometry.width.0, geometry.height.0))
            .contents(content_id)
            .pair(Name(b"Resources"), resources_id);
        if !link_ids.is_empty() {
            p.annotations(link_ids);
        }
    }
    pdf.pages(tree_id)
        .kids(page_ids.iter().copied())
        .count(i32::try_from(page_ids.len()).unwrap_or(i32::MAX));

    // 4. Outline, catalog and what the document says about itself (from the
    // report only, never the clock).
    let outline = outline::write(&mut pdf, &mut refs, &layout.bookmarks, &page_ids, geometry);
    let mut catalog = pdf.catalog(catalog_id);
    catalog.pages(tree_id);
    // A language tag is letters, digits and hyphens; anything else (a
    // hand-edited header) is written as UTF-16, so it cannot read as a key.
    let tag = &info.language;
    if tag.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
        catalog.pair(Name(b"Lang"), Str(tag.as_bytes()));
    } else {
        catalog.pair(Name(b"Lang"), Str(&pdf_text(tag)));
    }
    if let Some(root) = outline {
        catalog.outlines(root).page_mode(PageMode::UseOutlines);
    }
    catalog.finish();
    write_info(&mut pdf, info_id, info);
    let id = document_id(info, layout.pages.len()).to_vec();
    pdf.set_file_id((id.clone(), id));
    Ok(pdf.finish())
}

/// The Info dictionary. Its strings are UTF-16 (never literal ASCII, so a
/// title cannot read as another key), except `/AmendsStatus`, which is a
/// plain literal string that crate::write::finality reads from this dictionary.
fn write_info(pdf: &mut Pdf, id: Ref, info: &DocInfo) {
    let mut dict = pdf.document_info(id);
    for (key, value) in [
        (&b"Title"[..], info.title.as_str()),
        (b"Author", info.author.as_str()),
        (b"Subject", info.subject.as_str()),
        (b"Creator", "amends"),
        (b"Producer", "amends"),
    ] {
        dict.pair(Name(key), Str(&pdf_text(value)));
    }
    if let Some(date) = pdf_date(info.timestamp) {
        dict.creation_date(date);
        dict.modified_date(date);
    }
    if !info.status.is_empty() {
        dict.pair(Name(b"AmendsStatus"), Str(info.status.as_bytes()));
    }
}

/// A PDF date in UTC from seconds since 1970.
fn pdf_date(timestamp: i64) -> Option<Date> {
    use chrono::{Datelike, Timelike};
    let t = chrono::DateTime::from_timestamp(timestamp, 0)?;
    let part = |v: u32| u8::try_from(v).ok();
    Some(
        Date::new(u16::try_from(t.year()).ok().filter(|y| *y <= 9999)?)
            .month(part(t.month())?)
            .day(part(t.day())?)
            .hour(part(t.hour())?)
            .minute(part(t.minute())?)
            .second(part(t.second())?)
            .utc_offset_hour(0)
            .utc_offset_minute(0),
    )
}

/// Writes the logo as image XObject `id`: RGB pixels through Flate, a JPEG
/// as its own bytes (`/DCTDecode`, never re-encoded).
fn write_logo(pdf: &mut Pdf, z: &mut Deflater, id: Ref, logo: &super::logo::Logo) -> Ref {
    use super::logo::LogoPixels;
    let (width, height) = (
        i32::try_from(logo.width).unwrap_or(1),
        i32::try_from(logo.height).unwrap_or(1),
    );
    let dict = |image: &mut pdf_writer::Stream<'_>, colour: &[u8]| {
        image
            .pair(Name(b"Type"), Name(b"XObject"))
            .pair(Name(b"Subtype"), Name(b"Image"))
            .pair(Name(b"Width"), width)
            .pair(Name(b"Height"), height)
            .pair(Name(b"ColorSpace"), Name(colour))
            .pair(Name(b"BitsPerComponent"), 8);
    };
    match &logo.pixels {
        LogoPixels::Rgb(rgb) => z.stream(pdf, id, rgb, |s| dict(s, b"DeviceRGB")),
        LogoPixels::Jpeg { bytes, grey } => {
            let mut image = pdf.stream(id, bytes);
            image.filter(Filter::DctDecode);
            dict(&mut image, if *grey { b"DeviceGray" } else { b"DeviceRGB" });
        }
    }
    id
}

/// A clickable area of a page.
struct Link {
    rect: Rect,
    url: String,
}

/// What a page's content stream is drawn with.
struct PageContent<'a> {
    g: Geometry,
    faces: &'a BTreeMap<FaceId, Embedded>,
    /// The watermark's content, the first thing drawn on every page (empty without one).
    watermark: Vec<u8>,
    logo: Option<&'a super::logo::Logo>,
}

impl PageContent<'_> {
    /// The page's content stream and its links. Shapes first (backgrounds,
    /// rules), then all text in one text object in reading order. Colour,
    /// font and line width are set only when they change, and numbers have
    /// the precision of a page (`number.rs`), which keeps the stream small.
    fn write(
        &self,
        page: &super::layout::Page,
        runs_of_page: &[Vec<GlyphRun<'_>>],
    ) -> (Vec<u8>, Vec<Link>) {
        let h = self.g.height;
        let mut shapes = shapes::Shapes::default();
        let mut text = text::TextObject::begin();
        let mut links = Vec::new();
        let mut texts = runs_of_page.iter();
        let mut text_fill: Option<Color> = None;
        let mut font: Option<(FaceId, u32)> = None;
        for draw in &page.draws {
            match draw {
                Draw::Text { y, size, color, .. } => {
                    let Some(runs) = texts.next() else { continue };
                    if text_fill != Some(*color) {
                        text.fill_rgb(*color);
                        text_fill = Some(*color);
                    }
                    for run in runs {
                        let key = (run.face, size.0.to_bits());
                        if font != Some(key) {
                            text.font(&font_name(run.face), size.0);
                            font = Some(key);
                        }
                        text.at(run.x, (h - *y).0);
                        self.show(&mut text, run);
                    }
                }
                Draw::Rect {
                    x,
                    y,
                    w,
                    h: rh,
                    color,
                } => shapes.rect(x.0, (h - *y - *rh).0, w.0, rh.0, *color),
                Draw::Image { x, y, w, h: ih } => {
                    if self.logo.is_some() {
                        shapes.image(b"Logo", x.0, (h - *y - *ih).0, w.0, ih.0);
                    }
                }
                Draw::Line {
                    from,
                    to,
                    width,
                    color,
                } => shapes.line(
                    (from.0.0, (h - from.1).0),
                    (to.0.0, (h - to.1).0),
                    width.0,
                    *color,
                ),
                Draw::Link {
                    x,
                    y,
                    w,
                    h: lh,
                    url,
                } => links.push(Link {
                    rect: Rect::new(x.0, (h - *y - *lh).0, (*x + *w).0, (h - *y).0),
                    url: url.clone(),
                }),
            }
        }
        let shapes = shapes.finish();
        let text = text.end();
        let mut bytes = Vec::with_capacity(self.watermark.len() + shapes.len() + text.len() + 1);
        bytes.extend_from_slice(&self.watermark);
        bytes.extend_from_slice(&shapes);
        bytes.push(b'\n');
        bytes.extend_from_slice(&text);
        (bytes, links)
    }

    /// Shows a run's glyphs, each followed by its kerning (TJ's unit is a
    /// thousandth of an em, positive moving left).
    fn show(&self, text: &mut text::TextObject, run: &GlyphRun<'_>) {
        let Some(face) = self.faces.get(&run.face) else {
            return;
        };
        text.show(
            run.glyphs
                .iter()
                .map(|g| (face.code(g.gid, g.ch), -g.kern * 1000.0)),
        );
    }

    /// The diagonal watermark, marked as an artifact so it is not part of the
    /// text. The runs were shaped at size 1, so their `x` are offsets in ems.
    fn draw_watermark(&self, runs: &[GlyphRun<'_>], width_em: f32) -> Vec<u8> {
        let (width, height) = (self.g.width.0, self.g.height.0);
        let diagonal = (width * width + height * height).sqrt();
        let size = (diagonal * 0.6 / width_em.max(0.1)).min(96.0);
        let (c, s) = (
            std::f32::consts::FRAC_1_SQRT_2,
            std::f32::consts::FRAC_1_SQRT_2,
        );
        let half = width_em * size / 2.0;
        let cap = size * 0.36;
        let x0 = width / 2.0 - half * c + cap * s;
        let y0 = height / 2.0 - half * s - cap * c;
        let mut text = text::TextObject::begin();
        text.fill_rgb(WATERMARK_COLOR);
        for run in runs {
            let pen = run.x * size;
            text.font_exact(&font_name(run.face), size);
            text.matrix([c, s, -s, c, x0 + pen * c, y0 + pen * s]);
            self.show(&mut text, run);
        }
        let mut bytes = b"/Artifact BMC q /GSwm gs ".to_vec();
        bytes.extend_from_slice(&text.end());
        bytes.extend_from_slice(b" Q EMC\n");
        bytes
    }
}

/// A document id from what the document says, so equal input gives equal bytes.
fn document_id(info: &DocInfo, pages: usize) -> [u8; 16] {
    let mut out = [0u8; 16];
    for (i, seed) in [0x9e37_79b9_7f4a_7c15u64, 0xc2b2_ae3d_27d4_eb4f]
        .iter()
        .enumerate()
    {
        let mut h = *seed;
        for b in info
            .title
            .bytes()
            .chain(info.author.bytes())
            .chain(info.timestamp.to_le_bytes())
            .chain(pages.to_le_bytes())
        {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
        out[i * 8..i * 8 + 8].copy_from_slice(&h.to_be_bytes());
    }
    out
}

/// Splits shaped glyphs into runs of one face (fallback glyphs come from
/// another face), each placed where the pen is when it starts.
fn glyph_runs(glyphs: &[ShapedGlyph], x: f32, size: f32) -> Vec<GlyphRun<'_>> {
    let mut out: Vec<GlyphRun<'_>> = Vec::new();
    let mut pen = x;
    let (mut start, mut start_x) = (0, x);
    for (i, g) in glyphs.iter().enumerate() {
        if glyphs[start].face != g.face {
            out.push(GlyphRun {
                face: glyphs[start].face,
                x: start_x,
                glyphs: &glyphs[start..i],
            });
            (start, start_x) = (i, pen);
        }
        pen += (g.advance + g.kern) * size;
    }
    if let Some(first) = glyphs.get(start) {
        out.push(GlyphRun {
            face: first.face,
            x: start_x,
            glyphs: &glyphs[start..],
        });
    }
    out
}

/// A PDF text string: UTF-16BE with a byte-order mark.
fn pdf_text(text: &str) -> Vec<u8> {
    let mut out = vec![0xFE, 0xFF];
    for unit in text.encode_utf16() {
        out.extend_from_slice(&unit.to_be_bytes());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::layout::Paper;
    use super::super::{PdfOptions, typeset};

    /// How often `needle` occurs in `bytes`.
    fn count(bytes: &[u8], needle: &[u8]) -> usize {
        bytes.windows(needle.len()).filter(|w| *w == needle).count()
    }

    #[test]
    fn only_the_info_entry_reads_as_the_status() {
        // crate::write::finality falls back to every `/AmendsStatus (…)` in
        // the raw bytes for a file laid out otherwise:
        // a title, heading or language that spells it must not add one.
        let md = "<!-- amends\ntitle: /AmendsStatus (final)\nlanguage: x/AmendsStatus(final)\nstatus: draft\n-->\n\n# /AmendsStatus (final)\n\nText.\n";
        let pdf = typeset(md, PdfOptions { paper: Paper::A4 }).unwrap();
        assert_eq!(count(&pdf.bytes, b"/AmendsStatus"), 1);
        assert_eq!(count(&pdf.bytes, b"/AmendsStatus(draft)"), 1);
        let again = typeset(md, PdfOptions { paper: Paper::A4 }).unwrap();
        assert!(
            pdf.bytes == again.bytes,
            "the same input gives the same bytes"
        );
    }

    #[test]
    fn fonts_carry_widths_a_descriptor_and_a_to_unicode_map() {
        let pdf = typeset(
            "# Title\n\nŽluťoučký kůň, `code` and ☠.\n",
            PdfOptions { paper: Paper::A4 },
        )
        .unwrap();
        let doc = lopdf::Document::load_mem(&pdf.bytes).unwrap();
        let mut type0 = 0;
        for object in doc.objects.values() {
            let Ok(dict) = object.as_dict() else { continue };
            if dict.get(b"Subtype").and_then(|s| s.as_name()).ok() != Some(b"Type0") {
                continue;
            }
            type0 += 1;
            assert!(dict.get(b"ToUnicode").is_ok());
            let base = dict.get(b"BaseFont").unwrap().as_name().unwrap();
            // A six-letter subset tag, then the face's name.
            assert_eq!(base[6], b'+', "{}", String::from_utf8_lossy(base));
            let cid = dict.get(b"DescendantFonts").unwrap().as_array().unwrap()[0]
                .as_reference()
                .unwrap();
            let cid = doc.get_dictionary(cid).unwrap();
            assert!(!cid.get(b"W").unwrap().as_array().unwrap().is_empty());
            let descriptor = doc
                .get_dictionary(cid.get(b"FontDescriptor").unwrap().as_reference().unwrap())
                .unwrap();
            assert!(descriptor.get(b"FontFile2").is_ok());
            assert!(descriptor.get(b"Ascent").unwrap().as_float().unwrap() > 500.0);
        }
        // Bold (the heading), regular, mono (code), the fallback (☠).
        assert_eq!(type0, 4);
    }
}
