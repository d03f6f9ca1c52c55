//! Emit: laid-out pages -> PDF bytes. The only file that touches printpdf
//! (and lopdf, for what printpdf cannot set: a nested outline, the document
//! language, a stable document id).
//!
//! Fonts are subset to the glyphs used (subsetter) before printpdf sees
//! them, so it embeds a few kilobytes instead of whole faces; text is written
//! as glyph ids with their characters, so printpdf writes a ToUnicode map and
//! copy-paste gives the text back.

use std::collections::{BTreeMap, BTreeSet};

use lopdf::{Dictionary, Object, ObjectId, StringFormat};
use printpdf::{
    Actions, BorderArray, Codepoint, ColorArray, ExtendedGraphicsState, ExtendedGraphicsStateId,
    FontId, HighlightingMode, LinkAnnotation, Op, PaintMode, ParsedFont, PdfDocument, PdfFont,
    PdfFontHandle, PdfPage, PdfSaveOptions, Point, Pt as PdfPt, Rect, Rgb, TextItem, TextMatrix,
};

use super::fonts::{FaceId, Fonts};
use super::layout::{Color, Draw, Geometry, Layout};

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

/// Original glyph ids -> the subset's, per face.
struct Remap {
    glyphs: subsetter::GlyphRemapper,
    /// The copy of `.notdef` each character without a glyph is drawn with.
    notdef: BTreeMap<char, u16>,
}

/// The watermark's colour and opacity: about 16 % grey once printed in
/// grey-scale (a tenth of this red was 7 %, which a printer may drop), light
/// enough to read the text drawn over it.
const WATERMARK_COLOR: Color = Color(0.6, 0.1, 0.1);
const WATERMARK_ALPHA: f32 = 0.2;

/// A run of glyphs of one face, ready to draw.
struct GlyphRun {
    face: FaceId,
    x: f32,
    glyphs: Vec<(u16, char, f32)>,
}

/// Adds the logo to the document's resources under a fixed name (printpdf's
/// own names come from a process-wide counter, which would make a batch's
/// letters differ by the order they were made in). A JPEG is embedded as
/// its own bytes, DCTDecode, never re-encoded.
fn add_logo(doc: &mut PdfDocument, logo: &super::logo::Logo) -> printpdf::XObjectId {
    use super::logo::LogoPixels;
    use printpdf::{DictItem, ExternalStream, ExternalXObject, XObject};
    let id = printpdf::XObjectId("Logo".to_owned());
    let (width, height) = (logo.width as usize, logo.height as usize);
    let object = match &logo.pixels {
        LogoPixels::Rgb(rgb) => XObject::Image(printpdf::RawImage {
            pixels: printpdf::RawImageData::U8(rgb.clone()),
            width,
            height,
            data_format: printpdf::RawImageFormat::RGB8,
            tag: Vec::new(),
        }),
        LogoPixels::Jpeg { bytes, grey } => {
            let name = |n: &str| DictItem::Name(n.as_bytes().to_vec());
            let colour_space = if *grey { "DeviceGray" } else { "DeviceRGB" };
            let dict = [
                ("Type", name("XObject")),
                ("Subtype", name("Image")),
                ("Width", DictItem::Int(i64::from(logo.width))),
                ("Height", DictItem::Int(i64::from(logo.height))),
                ("ColorSpace", name(colour_space)),
                ("BitsPerComponent", DictItem::Int(8)),
                ("Filter", name("DCTDecode")),
            ];
            XObject::External(ExternalXObject {
                stream: ExternalStream {
                    dict: dict.into_iter().map(|(k, v)| (k.to_owned(), v)).collect(),
                    content: bytes.clone(),
                    // Already compressed: deflating a JPEG gains nothing.
                    compress: false,
                },
                width: Some(printpdf::Px(width)),
                height: Some(printpdf::Px(height)),
                dpi: Some(72.0),
            })
        }
    };
    doc.resources.xobjects.map.insert(id.clone(), object);
    id
}

/// Turns a layout into PDF bytes.
pub fn emit(
    layout: &Layout,
    geometry: Geometry,
    fonts: &Fonts,
    info: &DocInfo,
) -> Result<Vec<u8>, EmitError> {
    // 1. Shape every text (and the watermark) to learn which glyphs each face needs.
    let mut used: BTreeMap<FaceId, BTreeSet<u16>> = BTreeMap::new();
    // Characters drawn as .notdef, per face: each gets its own copy of it.
    let mut missing: BTreeMap<FaceId, BTreeSet<char>> = BTreeMap::new();
    let mut shaped: Vec<Vec<Vec<GlyphRun>>> = Vec::with_capacity(layout.pages.len());
    for page in &layout.pages {
        let mut runs_of_page = Vec::new();
        for draw in &page.draws {
            if let Draw::Text {
                x,
                size,
                style,
                text,
                ..
            } = draw
            {
                let runs = runs(fonts, text, style, *x, *size);
                for r in &runs {
                    used.entry(r.face)
                        .or_default()
                        .extend(r.glyphs.iter().map(|g| g.0));
                    missing
                        .entry(r.face)
                        .or_default()
                        .extend(r.glyphs.iter().filter(|g| g.0 == 0).map(|g| g.1));
                }
                runs_of_page.push(runs);
            }
        }
        shaped.push(runs_of_page);
    }
    let bold = super::blocks::Style {
        bold: true,
        ..Default::default()
    };
    let watermark = info.watermark.as_ref().map(|text| {
        let glyphs = runs(fonts, text, &bold, 0.0, 1.0);
        for r in &glyphs {
            used.entry(r.face)
                .or_default()
                .extend(r.glyphs.iter().map(|g| g.0));
        }
        (glyphs, super::linebreak::Measure::width(fonts, text, &bold))
    });

    // 2. Subset each face to its glyphs and register it under a fixed name.
    let mut doc = PdfDocument::new(&info.title);
    let mut remap: BTreeMap<FaceId, Remap> = BTreeMap::new();
    for (face, gids) in &used {
        let missing: Vec<char> = missing
            .remove(face)
            .unwrap_or_default()
            .into_iter()
            .collect();
        let copies = u16::try_from(missing.len()).unwrap_or(u16::MAX);
        let subset =
            super::subset::subset(*face, gids.iter().copied(), copies).map_err(|message| {
                EmitError::Subset {
                    face: face.name(),
                    message,
                }
            })?;
        let mut parsed =
            ParsedFont::from_bytes(&subset.bytes, 0, &mut Vec::new()).ok_or_else(|| {
                EmitError::Subset {
                    face: face.name(),
                    message: "the subset could not be read back".into(),
                }
            })?;
        let sorted: Vec<u16> = std::iter::once(0).chain(gids.iter().copied()).collect();
        parsed.font_name = Some(format!("{}+{}", subset_tag(*face, &sorted), face.name()));
        doc.resources
            .fonts
            .map
            .insert(font_id(*face), PdfFont::new(parsed));
        let notdef = missing
            .into_iter()
            .zip(subset.first_notdef_copy..)
            .collect();
        remap.insert(
            *face,
            Remap {
                glyphs: subset.remapper,
                notdef,
            },
        );
    }
    let watermark_gs = ExtendedGraphicsStateId("GSwm".into());
    doc.resources.extgstates.map.insert(
        watermark_gs.clone(),
        ExtendedGraphicsState::default()
            .with_current_fill_alpha(WATERMARK_ALPHA)
            .with_current_stroke_alpha(WATERMARK_ALPHA),
    );

    // 3. Pages.
    let h = geometry.height;
    let mut logo_id: Option<printpdf::XObjectId> = None;
    for (page, runs_of_page) in layout.pages.iter().zip(shaped) {
        let mut ops = Vec::new();
        if let Some((runs, width_em)) = &watermark {
            watermark_ops(&mut ops, runs, *width_em, &remap, geometry, &watermark_gs);
        }
        // Shapes first (backgrounds, rules), then all text in one text
        // object in reading order, then the link areas. Colour and font are
        // set only when they change, which keeps the content stream small.
        let mut text_ops = vec![Op::StartTextSection];
        let mut link_ops = Vec::new();
        let mut texts = runs_of_page.into_iter();
        let (mut fill, mut stroke, mut thickness): (Option<Color>, Option<Color>, Option<f32>) =
            (None, None, None);
        let mut text_fill: Option<Color> = None;
        let mut font: Option<(FaceId, u32)> = None;
        for draw in &page.draws {
            match draw {
                Draw::Text { y, size, color, .. } => {
                    let Some(runs) = texts.next() else { continue };
                    if text_fill != Some(*color) {
                        text_ops.push(Op::SetFillColor { col: rgb(*color) });
                        text_fill = Some(*color);
                    }
                    for run in runs {
                        let key = (run.face, size.to_bits());
                        if font != Some(key) {
                            text_ops.push(Op::SetFont {
                                font: PdfFontHandle::External(font_id(run.face)),
                                size: PdfPt(*size),
                            });
                            font = Some(key);
                        }
                        text_ops.push(Op::SetTextMatrix {
                            matrix: TextMatrix::Translate(PdfPt(run.x), PdfPt(h - y)),
                        });
                        text_ops.push(Op::ShowText {
                            items: vec![TextItem::GlyphIds(codepoints(&run, &remap))],
                        });
                    }
                }
                Draw::Rect {
                    x,
                    y,
                    w,
                    h: rh,
                    color,
                } => {
                    if fill != Some(*color) {
                        ops.push(Op::SetFillColor { col: rgb(*color) });
                        fill = Some(*color);
                    }
                    let mut rect =
                        Rect::from_xywh(PdfPt(*x), PdfPt(h - y - rh), PdfPt(*w), PdfPt(*rh));
                    rect.mode = Some(PaintMode::Fill);
                    ops.push(Op::DrawRectangle { rectangle: rect });
                }
                Draw::Image { x, y, w, h: ih } => {
                    let Some(logo) = &info.logo else { continue };
                    let id = logo_id.get_or_insert_with(|| add_logo(&mut doc, logo));
                    // At 72 dpi a pixel is a point; scale to the laid-out size.
                    ops.push(Op::UseXobject {
                        id: id.clone(),
                        transform: printpdf::XObjectTransform {
                            translate_x: Some(PdfPt(*x)),
                            translate_y: Some(PdfPt(h - y - ih)),
                            scale_x: Some(w / logo.width as f32),
                            scale_y: Some(ih / logo.height as f32),
                            dpi: Some(72.0),
                            ..printpdf::XObjectTransform::default()
                        },
                    });
                }
                Draw::Line {
                    from,
                    to,
                    width,
                    color,
                } => {
                    if stroke != Some(*color) {
                        ops.push(Op::SetOutlineColor { col: rgb(*color) });
                        stroke = Some(*color);
                    }
                    if thickness != Some(*width) {
                        ops.push(Op::SetOutlineThickness { pt: PdfPt(*width) });
                        thickness = Some(*width);
                    }
                    let point = |(x, y): (f32, f32)| printpdf::LinePoint {
                        p: Point {
                            x: PdfPt(x),
                            y: PdfPt(h - y),
                        },
                        bezier: false,
                    };
                    ops.push(Op::DrawLine {
                        line: printpdf::Line {
                            points: vec![point(*from), point(*to)],
                            is_closed: false,
                        },
                    });
                }
                Draw::Link {
                    x,
                    y,
                    w,
                    h: lh,
                    url,
                } => link_ops.push(Op::LinkAnnotation {
                    link: LinkAnnotation::new(
                        Rect::from_xywh(PdfPt(*x), PdfPt(h - y - lh), PdfPt(*w), PdfPt(*lh)),
                        Actions::Uri(url.clone()),
                        Some(BorderArray::Solid([0.0, 0.0, 0.0])),
                        Some(ColorArray::Transparent),
                        Some(HighlightingMode::None),
                    ),
                }),
            }
        }
        text_ops.push(Op::EndTextSection);
        ops.extend(text_ops);
        ops.extend(link_ops);
        doc.pages.push(PdfPage {
            media_box: Rect::from_wh(PdfPt(geometry.width), PdfPt(geometry.height)),
            trim_box: Rect::from_wh(PdfPt(geometry.width), PdfPt(geometry.height)),
            crop_box: Rect::from_wh(PdfPt(geometry.width), PdfPt(geometry.height)),
            ops,
        });
    }

    // 4. Metadata, from the report only.
    doc.metadata.info.document_title = info.title.clone();
    doc.metadata.info.author = info.author.clone();
    doc.metadata.info.subject = info.subject.clone();
    doc.metadata.info.creator = "amends".into();
    doc.metadata.info.producer = "amends (printpdf)".into();
    // printpdf's default is the epoch, never the clock.
    if let Ok(date) = printpdf::OffsetDateTime::from_unix_timestamp(info.timestamp) {
        doc.metadata.info.creation_date = date;
        doc.metadata.info.modification_date = date;
        doc.metadata.info.metadata_date = date;
    }

    // 5. What printpdf cannot do: outline, language, stable id. Then compress and save.
    let mut lo = doc.to_lopdf_document(&PdfSaveOptions::default(), &mut Vec::new());
    lo.version = "1.4".into();
    let id = Object::String(
        document_id(info, layout.pages.len()).to_vec(),
        StringFormat::Hexadecimal,
    );
    lo.trailer.set("ID", Object::Array(vec![id.clone(), id]));
    set_status(&mut lo, &info.status);
    // printpdf writes an (empty) PDF/X version into Info; the file is not
    // PDF/X, so the claim goes, with any PDF/X output intent.
    if let Ok(info_id) = lo.trailer.get(b"Info").and_then(Object::as_reference)
        && let Ok(Object::Dictionary(dict)) = lo.get_object_mut(info_id)
    {
        dict.remove(b"GTS_PDFXVersion");
    }
    if let Ok(catalog) = lo.catalog_mut() {
        catalog.remove(b"OutputIntents");
    }
    let outline = outline(&mut lo, layout, geometry);
    if let Ok(catalog) = lo.catalog_mut() {
        catalog.set(
            "Lang",
            Object::String(info.language.as_bytes().to_vec(), StringFormat::Literal),
        );
        if let Some(root) = outline {
            catalog.set("Outlines", Object::Reference(root));
            catalog.set("PageMode", Object::Name(b"UseOutlines".to_vec()));
        } else {
            catalog.remove(b"PageMode");
        }
    }
    compress_streams(&mut lo);
    let mut out = Vec::new();
    lo.save_to(&mut out)
        .map_err(|e| EmitError::Save(e.to_string()))?;
    Ok(out)
}

/// Writes `/AmendsStatus (status)` into the Info dictionary (never compressed).
fn set_status(lo: &mut lopdf::Document, status: &str) {
    if status.is_empty() {
        return;
    }
    let info = lo.trailer.get(b"Info").and_then(Object::as_reference).ok();
    if let Some(Ok(Object::Dictionary(dict))) = info.map(|id| lo.get_object_mut(id)) {
        dict.set(
            "AmendsStatus",
            Object::String(status.as_bytes().to_vec(), StringFormat::Literal),
        );
    }
}

fn font_id(face: FaceId) -> FontId {
    FontId(format!("F{}", face as u8))
}

/// The six-letter subset tag PDF expects, derived from the glyph set so it is stable.
fn subset_tag(face: FaceId, gids: &[u16]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ face as u64;
    for g in gids {
        h = (h ^ u64::from(*g)).wrapping_mul(0x0100_0000_01b3);
    }
    (0..6)
        .map(|i| char::from(b'A' + ((h >> (i * 5)) % 26) as u8))
        .collect()
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

fn rgb(c: Color) -> printpdf::Color {
    printpdf::Color::Rgb(Rgb::new(c.0, c.1, c.2, None))
}

/// Splits a text into runs of one face (fallback glyphs come from another face).
fn runs(
    fonts: &Fonts,
    text: &str,
    style: &super::blocks::Style,
    x: f32,
    size: f32,
) -> Vec<GlyphRun> {
    let mut out: Vec<GlyphRun> = Vec::new();
    let mut pen = x;
    for (glyph, ch, kern) in fonts.shape(text, style) {
        match out.last_mut() {
            Some(run) if run.face == glyph.face => run.glyphs.push((glyph.gid, ch, kern)),
            _ => out.push(GlyphRun {
                face: glyph.face,
                x: pen,
                glyphs: vec![(glyph.gid, ch, kern)],
            }),
        }
        pen += (glyph.advance + kern) * size;
    }
    out
}

/// Glyph ids in the subset, each with its character (for the ToUnicode map)
/// and the kerning to the next glyph (in thousandths of an em, TJ's unit).
fn codepoints(run: &GlyphRun, remap: &BTreeMap<FaceId, Remap>) -> Vec<Codepoint> {
    let mapper = remap.get(&run.face);
    run.glyphs
        .iter()
        .map(|(gid, ch, kern)| {
            let new = mapper
                .and_then(|m| {
                    if *gid == 0 {
                        m.notdef.get(ch).copied()
                    } else {
                        m.glyphs.get(*gid)
                    }
                })
                .unwrap_or(0);
            Codepoint::with_cid(new, -kern * 1000.0, ch.to_string())
        })
        .collect()
}

/// The diagonal watermark, marked as an artifact so it is not part of the text.
/// The runs were shaped at size 1, so their `x` are offsets in ems.
fn watermark_ops(
    ops: &mut Vec<Op>,
    runs: &[GlyphRun],
    width_em: f32,
    remap: &BTreeMap<FaceId, Remap>,
    g: Geometry,
    gs: &ExtendedGraphicsStateId,
) {
    let diagonal = (g.width * g.width + g.height * g.height).sqrt();
    let size = (diagonal * 0.6 / width_em.max(0.1)).min(96.0);
    let (c, s) = (
        std::f32::consts::FRAC_1_SQRT_2,
        std::f32::consts::FRAC_1_SQRT_2,
    );
    let half = width_em * size / 2.0;
    let cap = size * 0.36;
    let x0 = g.width / 2.0 - half * c + cap * s;
    let y0 = g.height / 2.0 - half * s - cap * c;
    ops.push(Op::BeginMarkedContent {
        tag: "Artifact".into(),
    });
    ops.push(Op::SaveGraphicsState);
    ops.push(Op::LoadGraphicsState { gs: gs.clone() });
    ops.push(Op::SetFillColor {
        col: rgb(WATERMARK_COLOR),
    });
    ops.push(Op::StartTextSection);
    for run in runs {
        let pen = run.x * size;
        ops.push(Op::SetFont {
            font: PdfFontHandle::External(font_id(run.face)),
            size: PdfPt(size),
        });
        ops.push(Op::SetTextMatrix {
            matrix: TextMatrix::TranslateRotate(PdfPt(x0 + pen * c), PdfPt(y0 + pen * s), 45.0),
        });
        ops.push(Op::ShowText {
            items: vec![TextItem::GlyphIds(codepoints(run, remap))],
        });
    }
    ops.push(Op::EndTextSection);
    ops.push(Op::RestoreGraphicsState);
    ops.push(Op::EndMarkedContent);
}

/// Builds a nested outline from the headings; returns the outline root.
fn outline(lo: &mut lopdf::Document, layout: &Layout, g: Geometry) -> Option<ObjectId> {
    if layout.bookmarks.is_empty() {
        return None;
    }
    let pages = lo.get_pages();
    let root = lo.new_object_id();
    // Each entry: (id, level, parent index in `items` or None for root).
    let ids: Vec<ObjectId> = layout
        .bookmarks
        .iter()
        .map(|_| lo.new_object_id())
        .collect();
    let mut parent: Vec<Option<usize>> = Vec::with_capacity(ids.len());
    let mut stack: Vec<usize> = Vec::new();
    for (i, b) in layout.bookmarks.iter().enumerate() {
        while stack
            .last()
            .is_some_and(|&p| layout.bookmarks[p].level >= b.level)
        {
            stack.pop();
        }
        parent.push(stack.last().copied());
        stack.push(i);
    }
    // Children of each entry (index 0 is the root, entry i is i + 1), built
    // once so the outline stays linear in the number of headings.
    let mut kids_of: Vec<Vec<usize>> = vec![Vec::new(); ids.len() + 1];
    let mut sibling_pos: Vec<usize> = vec![0; ids.len()];
    for (i, p) in parent.iter().enumerate() {
        let list = &mut kids_of[p.map_or(0, |p| p + 1)];
        sibling_pos[i] = list.len();
        list.push(i);
    }
    let children = |p: Option<usize>| -> &[usize] { &kids_of[p.map_or(0, |p| p + 1)] };
    for (i, b) in layout.bookmarks.iter().enumerate() {
        let page_ref = pages.get(&u32::try_from(b.page + 1).unwrap_or(1)).copied();
        let mut d = Dictionary::new();
        d.set(
            "Title",
            Object::String(pdf_text(&b.title), StringFormat::Hexadecimal),
        );
        d.set(
            "Parent",
            Object::Reference(parent[i].map_or(root, |p| ids[p])),
        );
        let siblings = children(parent[i]);
        let pos = sibling_pos[i];
        if pos > 0 {
            d.set("Prev", Object::Reference(ids[siblings[pos - 1]]));
        }
        if let Some(next) = siblings.get(pos + 1) {
            d.set("Next", Object::Reference(ids[*next]));
        }
        let kids = children(Some(i));
        if let (Some(first), Some(last)) = (kids.first(), kids.last()) {
            d.set("First", Object::Reference(ids[*first]));
            d.set("Last", Object::Reference(ids[*last]));
            d.set(
                "Count",
                Object::Integer(i64::try_from(kids.len()).unwrap_or(0)),
            );
        }
        if let Some(page) = page_ref {
            d.set(
                "Dest",
                Object::Array(vec![
                    Object::Reference(page),
                    Object::Name(b"XYZ".to_vec()),
                    Object::Real(0.0),
                    Object::Real(g.height - b.y + 4.0),
                    Object::Null,
                ]),
            );
        }
        lo.objects.insert(ids[i], Object::Dictionary(d));
    }
    let top = children(None);
    let mut r = Dictionary::new();
    r.set("Type", Object::Name(b"Outlines".to_vec()));
    if let (Some(first), Some(last)) = (top.first(), top.last()) {
        r.set("First", Object::Reference(ids[*first]));
        r.set("Last", Object::Reference(ids[*last]));
    }
    r.set(
        "Count",
        Object::Integer(i64::try_from(top.len()).unwrap_or(0)),
    );
    lo.objects.insert(root, Object::Dictionary(r));
    Some(root)
}

/// Flate-compresses every stream not yet compressed. lopdf's own `compress`
/// uses the slowest level; level 4 is within a few percent of its size at a
/// fraction of the time (level 1 saves little more and grows files by half).
fn compress_streams(lo: &mut lopdf::Document) {
    // One compressor for all streams: setting one up zeroes its tables.
    let mut z = flate2::Compress::new(flate2::Compression::new(4), true);
    for object in lo.objects.values_mut() {
        let Object::Stream(stream) = object else {
            continue;
        };
        if stream.dict.has(b"Filter") || stream.content.len() < 64 {
            continue;
        }
        z.reset();
        let mut compressed = Vec::with_capacity(stream.content.len() / 2 + 64);
        let done = loop {
            let consumed = usize::try_from(z.total_in()).unwrap_or(usize::MAX);
            let Some(input) = stream.content.get(consumed..) else {
                break false;
            };
            if compressed.capacity() - compressed.len() < 1024 {
                compressed.reserve(stream.content.len() / 2 + 1024);
            }
            match z.compress_vec(input, &mut compressed, flate2::FlushCompress::Finish) {
                Ok(flate2::Status::StreamEnd) => break true,
                Ok(_) => {}
                Err(_) => break false,
            }
        };
        if !done {
            continue;
        }
        if compressed.len() < stream.content.len() {
            stream
                .dict
                .set("Filter", Object::Name(b"FlateDecode".to_vec()));
            stream.set_content(compressed);
        }
    }
}

/// A PDF text string: UTF-16BE with a byte-order mark.
fn pdf_text(text: &str) -> Vec<u8> {
    let mut out = vec![0xFE, 0xFF];
    for unit in text.encode_utf16() {
        out.extend_from_slice(&unit.to_be_bytes());
    }
    out
}
