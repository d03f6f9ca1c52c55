//! Fonts: Noto Sans for text (a face made for print, from `fonts/`), DejaVu
//! Sans Mono for code, DejaVu Sans as fallback; read with skrifa for
//! character coverage, advance widths and kerning (GPOS pair adjustment, or
//! the legacy `kern` table). Measuring is in ems so one face serves every size.
//!
//! Fallback, per character: the run's face, then Noto Sans (DejaVu Sans Mono
//! lacks many Vietnamese letters), then DejaVu Sans (wider coverage of
//! symbols). A character no face has is drawn as `.notdef` and reported,
//! never dropped silently.

use std::cell::{Cell, RefCell};

use rustc_hash::FxHashMap;

use skrifa::MetadataProvider;
use skrifa::instance::{LocationRef, Size};
use skrifa::metrics::GlyphMetrics;
use skrifa::prelude::{FontRef, GlyphId};
use skrifa::raw::TableProvider;
use skrifa::raw::tables::gpos::{PairPos, PositionLookupList, PositionSubtables};
use skrifa::raw::tables::kern::{Subtable0, SubtableKind};
use skrifa::raw::types::Tag;

use super::blocks::Style;
use super::linebreak::{LineCache, Measure};

/// The faces a document can use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FaceId {
    /// Noto Sans Regular.
    Sans = 0,
    /// Noto Sans Bold.
    Bold = 1,
    /// Noto Sans Italic.
    Italic = 2,
    /// Noto Sans Bold Italic.
    BoldItalic = 3,
    /// DejaVu Sans Mono.
    Mono = 4,
    /// DejaVu Sans, for characters the other faces lack.
    Fallback = 5,
}

impl FaceId {
    /// Every face, in index order.
    pub const ALL: [FaceId; 6] = [
        FaceId::Sans,
        FaceId::Bold,
        FaceId::Italic,
        FaceId::BoldItalic,
        FaceId::Mono,
        FaceId::Fallback,
    ];

    /// The face a style asks for.
    #[must_use]
    pub fn of(style: &Style) -> FaceId {
        match (style.mono, style.bold, style.italic) {
            (true, _, _) => FaceId::Mono,
            (false, true, true) => FaceId::BoldItalic,
            (false, true, false) => FaceId::Bold,
            (false, false, true) => FaceId::Italic,
            (false, false, false) => FaceId::Sans,
        }
    }

    /// The font file's bytes.
    #[must_use]
    pub fn data(self) -> &'static [u8] {
        match self {
            FaceId::Sans => include_bytes!("../../../fonts/NotoSans-Regular.ttf"),
            FaceId::Bold => include_bytes!("../../../fonts/NotoSans-Bold.ttf"),
            FaceId::Italic => include_bytes!("../../../fonts/NotoSans-Italic.ttf"),
            FaceId::BoldItalic => include_bytes!("../../../fonts/NotoSans-BoldItalic.ttf"),
            FaceId::Mono => dejavu::sans_mono::regular(),
            FaceId::Fallback => dejavu::sans::regular(),
        }
    }

    /// PostScript-style name, used in the PDF.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            FaceId::Sans => "NotoSans-Regular",
            FaceId::Bold => "NotoSans-Bold",
            FaceId::Italic => "NotoSans-Italic",
            FaceId::BoldItalic => "NotoSans-BoldItalic",
            FaceId::Mono => "DejaVuSansMono",
            FaceId::Fallback => "DejaVuSans",
        }
    }
}

/// Monospaced text is set this much smaller than the text around it, so its
/// x-height matches Noto Sans (DejaVu's x-height is larger).
pub const MONO_SCALE: f32 = 0.92;

/// Superscripts (footnote references) are set at this share of the size.
pub const SUPERSCRIPT_SCALE: f32 = 0.7;

/// Monospaced and raised text is drawn smaller than the line it sits in:
/// the share of the line's size a style is drawn at.
#[must_use]
pub fn style_scale(style: &Style) -> f32 {
    if style.mono {
        MONO_SCALE
    } else if style.superscript {
        SUPERSCRIPT_SCALE
    } else {
        1.0
    }
}

/// A glyph as line breaking measured it and emit draws it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ShapedGlyph {
    /// The face it comes from (after fallback).
    pub face: FaceId,
    /// Its id in that face (0, `.notdef`, for a character no face has).
    pub gid: u16,
    /// The character it stands for (the text layer's).
    pub ch: char,
    /// Its advance, in ems of the size it is drawn at.
    pub advance: f32,
    /// Kerning to the next glyph, in the same ems (negative pulls together).
    pub kern: f32,
}

/// The width of shaped glyphs in ems of the line's size (see [`style_scale`]).
#[must_use]
pub fn glyphs_width(glyphs: &[ShapedGlyph], style: &Style) -> f32 {
    glyphs.iter().map(|g| g.advance + g.kern).sum::<f32>() * style_scale(style)
}

/// One glyph chosen for one character.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Glyph {
    /// The face it comes from (after fallback).
    pub face: FaceId,
    /// Its id in that face.
    pub gid: u16,
    /// Advance in ems.
    pub advance: f32,
}

/// A face's metrics as a PDF font descriptor needs them (thousandths of an em).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FaceDescriptor {
    /// Ascender.
    pub ascent: f32,
    /// Descender (negative).
    pub descent: f32,
    /// Height of capital letters.
    pub cap_height: f32,
    /// Slant in degrees, counter-clockwise (an italic is negative).
    pub italic_angle: f32,
    /// The box every glyph fits in: left, bottom, right, top.
    pub bbox: [f32; 4],
    /// OS/2 weight class (400 regular, 700 bold).
    pub weight: u16,
    /// Every glyph has the same advance.
    pub monospace: bool,
}

struct Face {
    font: FontRef<'static>,
    charmap: skrifa::charmap::Charmap<'static>,
    metrics: GlyphMetrics<'static>,
    upm: f32,
    kern: Option<Subtable0<'static>>,
    gpos_kern: Option<GposKern>,
}

/// The pair-adjustment lookups of a face's GPOS `kern` feature.
struct GposKern {
    lookups: PositionLookupList<'static>,
    /// Lookup indices, in the order they apply.
    indices: Vec<u16>,
}

impl GposKern {
    fn load(font: &FontRef<'static>) -> Option<GposKern> {
        let gpos = font.gpos().ok()?;
        let features = gpos.feature_list().ok()?;
        let kern = Tag::new(b"kern");
        let mut indices: Vec<u16> = features
            .feature_records()
            .iter()
            .filter(|r| r.feature_tag() == kern)
            .filter_map(|r| r.feature(features.offset_data()).ok())
            .flat_map(|f| {
                f.lookup_list_indices()
                    .iter()
                    .map(|i| i.get())
                    .collect::<Vec<_>>()
            })
            .collect();
        indices.sort_unstable();
        indices.dedup();
        if indices.is_empty() {
            return None;
        }
        Some(GposKern {
            lookups: gpos.lookup_list().ok()?,
            indices,
        })
    }

    /// The x-advance adjustment of the left glyph before the right, in font units.
    fn pair(&self, left: GlyphId, right: GlyphId) -> i32 {
        let mut total = 0;
        for &index in &self.indices {
            let Ok(lookup) = self.lookups.lookups().get(usize::from(index)) else {
                continue;
            };
            let Ok(PositionSubtables::Pair(subtables)) = lookup.subtables() else {
                continue;
            };
            // Within one lookup the first subtable that covers the pair applies.
            for subtable in subtables.iter().flatten() {
                if let Some(value) = pair_adjustment(&subtable, left, right) {
                    total += i32::from(value);
                    break;
                }
            }
        }
        total
    }
}

/// One pair-adjustment subtable's x-advance for a pair, if it covers the pair.
fn pair_adjustment(subtable: &PairPos<'_>, left: GlyphId, right: GlyphId) -> Option<i16> {
    match subtable {
        PairPos::Format1(t) => {
            let index = t.coverage().ok()?.get(left)?;
            let set = t.pair_sets().get(usize::from(index)).ok()?;
            // A pair set is sorted by its second glyph (OpenType requires
            // it): a binary search, where reading every record in turn was
            // the largest cost of kerning.
            let records = set.pair_value_records();
            let (mut low, mut high) = (0, records.len());
            while low < high {
                let middle = low + (high - low) / 2;
                let record = records.get(middle).ok()?;
                match GlyphId::from(record.second_glyph())
                    .to_u32()
                    .cmp(&right.to_u32())
                {
                    std::cmp::Ordering::Less => low = middle + 1,
                    std::cmp::Ordering::Greater => high = middle,
                    std::cmp::Ordering::Equal => {
                        return Some(record.value_record1().x_advance().unwrap_or(0));
                    }
                }
            }
            None
        }
        PairPos::Format2(t) => {
            t.coverage().ok()?.get(left)?;
            let class1 = t.class_def1().ok()?.get(left);
            let class2 = t.class_def2().ok()?.get(right);
            let record = t.class1_records().get(usize::from(class1)).ok()?;
            let values = record.class2_records().get(usize::from(class2)).ok()?;
            Some(values.value_record1().x_advance().unwrap_or(0))
        }
    }
}

impl Face {
    fn load(id: FaceId) -> Option<Face> {
        let font = FontRef::new(id.data()).ok()?;
        let upm = f32::from(font.head().ok()?.units_per_em());
        let kern = font.kern().ok().and_then(|k| {
            k.subtables().find_map(|s| match s.ok()?.kind().ok()? {
                SubtableKind::Format0(t) => Some(t),
                _ => None,
            })
        });
        Some(Face {
            gpos_kern: GposKern::load(&font),
            charmap: font.charmap(),
            metrics: font.glyph_metrics(Size::unscaled(), LocationRef::default()),
            font,
            upm,
            kern,
        })
    }
}

/// The loaded faces, with a glyph cache and a record of what could not be drawn.
pub struct Fonts {
    faces: Vec<Face>,
    cache: RefCell<FxHashMap<(FaceId, char), Glyph>>,
    kerns: RefCell<FxHashMap<(FaceId, u16, u16), f32>>,
    /// Paragraphs broken with these faces (a batch keeps them per thread).
    lines: LineCache,
    /// Widths measured before, per face, unscaled (see [`WIDTH_CACHE_BYTES`]).
    widths: RefCell<[FxHashMap<Box<str>, f32>; FaceId::ALL.len()]>,
    /// The bytes `widths` holds, counted as each text's length plus
    /// [`WIDTH_ENTRY_BYTES`].
    width_bytes: Cell<usize>,
}

/// The most bytes of texts whose widths [`Fonts`] keeps, over all faces,
/// before it forgets them all: tables measure every cell and word of every
/// letter again (`layout/columns.rs`), most of them the same. A letter
/// measures some 350 texts, a few dozen of its own, about 20 KB in all; a
/// text longer than a 64th of this is not kept.
pub const WIDTH_CACHE_BYTES: usize = 512 << 10;

/// What an entry of the width cache costs besides its text: the key's
/// pointer and length, the width, the table's slot.
const WIDTH_ENTRY_BYTES: usize = 48;

impl std::fmt::Debug for Fonts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Fonts").finish_non_exhaustive()
    }
}

/// The built-in fonts could not be read (a broken build, never user input).
#[derive(Debug, thiserror::Error)]
#[error("the built-in font {0} could not be read")]
pub struct FontError(pub &'static str);

impl Fonts {
    /// Loads the six faces (cheap: tables are read lazily).
    pub fn load() -> Result<Fonts, FontError> {
        let faces = FaceId::ALL
            .iter()
            .map(|id| Face::load(*id).ok_or(FontError(id.name())))
            .collect::<Result<_, _>>()?;
        Ok(Fonts {
            faces,
            cache: RefCell::new(FxHashMap::default()),
            kerns: RefCell::new(FxHashMap::default()),
            lines: LineCache::default(),
            widths: RefCell::default(),
            width_bytes: Cell::new(0),
        })
    }

    fn face(&self, id: FaceId) -> &Face {
        &self.faces[id as usize]
    }

    /// The glyph for a character in a face, falling back to Noto Sans, then DejaVu Sans.
    pub fn glyph(&self, face: FaceId, ch: char) -> Glyph {
        if let Some(g) = self.cache.borrow().get(&(face, ch)) {
            return *g;
        }
        let found = [face, FaceId::Sans, FaceId::Fallback]
            .iter()
            .find_map(|&id| {
                let f = self.face(id);
                let gid = f.charmap.map(ch)?;
                Some(Glyph {
                    face: id,
                    gid: u16::try_from(gid.to_u32()).ok()?,
                    advance: f.metrics.advance_width(gid).unwrap_or(0.0) / f.upm,
                })
            });
        let glyph = found.unwrap_or_else(|| {
            let f = self.face(face);
            Glyph {
                face,
                gid: 0,
                advance: f.metrics.advance_width(GlyphId::new(0)).unwrap_or(0.0) / f.upm,
            }
        });
        self.cache.borrow_mut().insert((face, ch), glyph);
        glyph
    }

    /// Kerning between two glyphs of one face, in ems (negative pulls them together).
    #[must_use]
    pub fn kerning(&self, face: FaceId, left: u16, right: u16) -> f32 {
        if let Some(k) = self.kerns.borrow().get(&(face, left, right)) {
            return *k;
        }
        let k = self.kern_pair(face, left, right);
        self.kerns.borrow_mut().insert((face, left, right), k);
        k
    }

    fn kern_pair(&self, face: FaceId, left: u16, right: u16) -> f32 {
        let f = self.face(face);
        let (left_id, right_id) = (
            GlyphId::new(u32::from(left)),
            GlyphId::new(u32::from(right)),
        );
        // GPOS is what modern faces keep their kerning in; `kern` is the legacy table.
        if let Some(gpos) = &f.gpos_kern {
            return gpos.pair(left_id, right_id) as f32 / f.upm;
        }
        f.kern
            .as_ref()
            .and_then(|k| {
                k.kerning(
                    GlyphId::new(u32::from(left)),
                    GlyphId::new(u32::from(right)),
                )
            })
            .map_or(0.0, |k| k as f32 / f.upm)
    }

    /// The glyphs of a text in a style, each with the kerning to the next.
    pub fn shape(&self, text: &str, style: &Style) -> Vec<(Glyph, char, f32)> {
        let face = FaceId::of(style);
        let glyphs: Vec<(Glyph, char)> = text.chars().map(|c| (self.glyph(face, c), c)).collect();
        let mut out = Vec::with_capacity(glyphs.len());
        for (i, (g, c)) in glyphs.iter().enumerate() {
            let kern = match glyphs.get(i + 1) {
                Some((next, _)) if next.face == g.face => self.kerning(g.face, g.gid, next.gid),
                _ => 0.0,
            };
            out.push((*g, *c, kern));
        }
        out
    }

    /// The width of `text` in a face, in ems, before any [`style_scale`]:
    /// the same sum as over [`Fonts::shape`], without building its list.
    fn face_width(&self, face: FaceId, text: &str) -> f32 {
        let mut width = 0.0;
        let mut previous: Option<Glyph> = None;
        for c in text.chars() {
            let g = self.glyph(face, c);
            if let Some(p) = previous
                && p.face == g.face
            {
                width += self.kerning(p.face, p.gid, g.gid);
            }
            width += g.advance;
            previous = Some(g);
        }
        width
    }

    /// The advance of a glyph of a face in ems (for the PDF's width table).
    #[must_use]
    pub fn advance(&self, face: FaceId, gid: u16) -> f32 {
        let f = self.face(face);
        f.metrics
            .advance_width(GlyphId::new(u32::from(gid)))
            .unwrap_or(0.0)
            / f.upm
    }

    /// What a PDF font descriptor says about a face, in thousandths of an em.
    #[must_use]
    pub fn descriptor(&self, face: FaceId) -> FaceDescriptor {
        let f = self.face(face);
        let m = f.font.metrics(Size::unscaled(), LocationRef::default());
        let scale = 1000.0 / f.upm;
        let bbox = m.bounds.map_or([0.0; 4], |b| {
            [
                b.x_min * scale,
                b.y_min * scale,
                b.x_max * scale,
                b.y_max * scale,
            ]
        });
        FaceDescriptor {
            ascent: m.ascent * scale,
            descent: m.descent * scale,
            cap_height: m.cap_height.map_or(m.ascent, |c| c) * scale,
            italic_angle: m.italic_angle,
            bbox,
            weight: f.font.os2().map_or(400, |o| o.us_weight_class()),
            monospace: m.is_monospace,
        }
    }

    /// Ascender of a face in ems.
    #[must_use]
    pub fn ascent(&self, face: FaceId) -> f32 {
        let f = self.face(face);
        f.font
            .metrics(Size::unscaled(), LocationRef::default())
            .ascent
            / f.upm
    }
}

impl Measure for Fonts {
    fn width(&self, text: &str, style: &Style) -> f32 {
        let face = FaceId::of(style);
        if let Some(width) = self.widths.borrow()[face as usize].get(text) {
            return width * style_scale(style);
        }
        let width = self.face_width(face, text);
        let size = text.len() + WIDTH_ENTRY_BYTES;
        if size <= WIDTH_CACHE_BYTES / 64 {
            let mut widths = self.widths.borrow_mut();
            if self.width_bytes.get() + size > WIDTH_CACHE_BYTES {
                widths.iter_mut().for_each(FxHashMap::clear);
                self.width_bytes.set(0);
            }
            widths[face as usize].insert(text.into(), width);
            self.width_bytes.set(self.width_bytes.get() + size);
        }
        width * style_scale(style)
    }

    fn line_cache(&self) -> Option<&LineCache> {
        Some(&self.lines)
    }

    fn shape(&self, text: &str, style: &Style) -> Vec<ShapedGlyph> {
        self.shape(text, style)
            .into_iter()
            .map(|(g, ch, kern)| ShapedGlyph {
                face: g.face,
                gid: g.gid,
                ch,
                advance: g.advance,
                kern,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn measures_with_kerning_and_falls_back_for_vietnamese_in_mono() {
        let fonts = Fonts::load().unwrap();
        let plain = Style::default();
        // A and V kern together in Noto Sans.
        assert!(fonts.width("AV", &plain) < fonts.width("A", &plain) + fonts.width("V", &plain));
        let mono = Style {
            mono: true,
            ..Style::default()
        };
        // U+1ED7 is not in DejaVu Sans Mono: it comes from Noto Sans, and nothing is missing.
        let g = fonts.glyph(FaceId::Mono, 'ỗ');
        assert_eq!(g.face, FaceId::Sans);
        // Noto Sans lacks U+2620 (skull and crossbones): DejaVu Sans has it.
        assert_eq!(fonts.glyph(FaceId::Sans, '\u{2620}').face, FaceId::Fallback);
        assert!(g.gid != 0);
        assert!(fonts.width("ỗ", &mono) > 0.0);
        // A character no face has is `.notdef` of the face asked for.
        let none = fonts.glyph(FaceId::Sans, '\u{10FFFD}');
        assert_eq!((none.face, none.gid), (FaceId::Sans, 0));
    }

    #[test]
    fn a_width_measured_again_is_the_same_and_the_cache_is_bounded() {
        let fonts = Fonts::load().unwrap();
        let styles = [
            Style::default(),
            Style {
                mono: true,
                ..Style::default()
            },
            Style {
                superscript: true,
                bold: true,
                ..Style::default()
            },
        ];
        let texts = [
            "AVATAR",
            "Zákazník 7 a.\u{a0}s.",
            "Tổng cộng: 12\u{a0}500\u{a0}000 ₫",
            "",
        ];
        for style in &styles {
            for text in texts {
                let fresh = Fonts::load().unwrap().width(text, style);
                let first = fonts.width(text, style);
                let again = fonts.width(text, style);
                assert_eq!(first.to_bits(), fresh.to_bits(), "{text:?} {style:?}");
                assert_eq!(again.to_bits(), fresh.to_bits(), "{text:?} {style:?}");
            }
        }
        // Mono and sans widths of one text are kept apart.
        assert!(fonts.width("iii", &styles[1]) > fonts.width("iii", &styles[0]));
        let held = |fonts: &Fonts| {
            fonts
                .widths
                .borrow()
                .iter()
                .map(FxHashMap::len)
                .sum::<usize>()
        };
        for k in 0..WIDTH_CACHE_BYTES / WIDTH_ENTRY_BYTES {
            fonts.width(&format!("{k} Kč"), &styles[0]);
            assert!(fonts.width_bytes.get() <= WIDTH_CACHE_BYTES);
        }
        assert!(held(&fonts) < WIDTH_CACHE_BYTES / WIDTH_ENTRY_BYTES / 2);
        // A long text is measured, not kept.
        let long = "Zákazník ".repeat(2000);
        let before = held(&fonts);
        assert_eq!(
            fonts.width(&long, &styles[0]).to_bits(),
            Fonts::load().unwrap().width(&long, &styles[0]).to_bits()
        );
        assert_eq!(held(&fonts), before);
    }

    fn pair_kerning(fonts: &Fonts, face: FaceId, pair: &str) -> f32 {
        let mut chars = pair.chars();
        let (a, b) = (chars.next().unwrap(), chars.next().unwrap());
        let (left, right) = (fonts.glyph(face, a), fonts.glyph(face, b));
        assert_eq!(
            (left.face, right.face),
            (face, face),
            "{pair} drawn from {face:?}"
        );
        fonts.kerning(face, left.gid, right.gid)
    }

    #[test]
    fn noto_sans_kerns_known_pairs_through_gpos() {
        let fonts = Fonts::load().unwrap();
        for face in [
            FaceId::Sans,
            FaceId::Bold,
            FaceId::Italic,
            FaceId::BoldItalic,
        ] {
            // Noto Sans has no `kern` table: these come from GPOS pair adjustment.
            assert!(fonts.face(face).kern.is_none());
            for pair in ["AV", "To", "Ty", "LT"] {
                let k = pair_kerning(&fonts, face, pair);
                assert!(k < 0.0, "{face:?} {pair}: {k}");
            }
            // A pair no face kerns stays at zero.
            assert_eq!(pair_kerning(&fonts, face, "nn"), 0.0);
        }
        // Class pairs (format 2) and glyph pairs (format 1) both count: the
        // accented Czech capital kerns like its base letter.
        assert!(pair_kerning(&fonts, FaceId::Sans, "ŤA") < -0.01);
    }

    #[test]
    fn the_legacy_kern_table_still_kerns_a_face_without_gpos_kerning() {
        let fonts = Fonts::load().unwrap();
        let face = fonts.face(FaceId::Fallback);
        let Some(kern) = face.kern.as_ref() else {
            panic!("DejaVu Sans has a kern table");
        };
        let (a, v) = (
            fonts.glyph(FaceId::Fallback, 'A'),
            fonts.glyph(FaceId::Fallback, 'V'),
        );
        let legacy = kern
            .kerning(
                GlyphId::new(u32::from(a.gid)),
                GlyphId::new(u32::from(v.gid)),
            )
            .unwrap_or(0);
        assert!(legacy < 0);
        assert!(fonts.kerning(FaceId::Fallback, a.gid, v.gid) < 0.0);
    }
}
