//! Fonts and streams into the PDF. Each face is cut down to the glyphs the
//! document draws (`subset.rs`) and written as a Type0 font over a
//! CIDFontType2 (TrueType outlines, Identity encoding: a content stream's
//! two-byte codes are the subset's glyph ids), with its widths (`/W`), a
//! font descriptor and a ToUnicode map, so copy-paste and search give the
//! text back. Each thread keeps the subset font files it made (deflated), so
//! the letters of a batch drawing the same glyphs share one subsetting.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::rc::Rc;

use pdf_writer::types::{CidFontType, FontFlags, SystemInfo, UnicodeCmap};
use pdf_writer::{Filter, Finish, Name, Pdf, Rect, Ref, Str};

use super::super::fonts::{FaceId, Fonts};
use super::EmitError;

/// Hands out object numbers in the order objects are planned, so equal
/// documents number their objects equally.
pub(super) struct Refs(i32);

impl Refs {
    /// Starts at object 1.
    pub(super) fn new() -> Refs {
        Refs(1)
    }

    /// The next free object number.
    pub(super) fn next(&mut self) -> Ref {
        let id = Ref::new(self.0);
        self.0 += 1;
        id
    }
}

/// Flate compression with one compressor for every stream of every
/// document a thread writes (setting one up allocates and zeroes its
/// tables, about 4 % of emit's time when done once a letter). Level 4 is
/// within a few percent of the best size at a fraction of the time; level
/// 1 saves little more and grows files by half (docs/pdf.md).
pub(super) struct Deflater(Option<flate2::Compress>);

thread_local! {
    /// The compressor a finished document gave back, for the next one.
    static COMPRESSOR: RefCell<Option<flate2::Compress>> = const { RefCell::new(None) };
}

impl Deflater {
    /// This thread's compressor at level 4, with a zlib header (what
    /// `/FlateDecode` reads); each stream resets it, so its output never
    /// depends on what it compressed before.
    pub(super) fn new() -> Deflater {
        let spare = COMPRESSOR.with_borrow_mut(Option::take);
        Deflater(Some(spare.unwrap_or_else(|| {
            flate2::Compress::new(flate2::Compression::new(4), true)
        })))
    }

    /// The data compressed, when that makes it smaller (short streams are left as they are).
    fn deflate(&mut self, data: &[u8]) -> Option<Vec<u8>> {
        if data.len() < 64 {
            return None;
        }
        let z = self.0.as_mut()?;
        z.reset();
        let mut out = Vec::with_capacity(data.len() / 2 + 64);
        loop {
            let consumed = usize::try_from(z.total_in()).ok()?;
            if out.capacity() - out.len() < 1024 {
                out.reserve(data.len() / 2 + 1024);
            }
            match z.compress_vec(
                data.get(consumed..)?,
                &mut out,
                flate2::FlushCompress::Finish,
            ) {
                Ok(flate2::Status::StreamEnd) => break,
                Ok(_) => {}
                Err(_) => return None,
            }
        }
        (out.len() < data.len()).then_some(out)
    }

    /// Writes `data` as stream object `id`, compressed when that is smaller;
    /// `extra` adds entries to its dictionary.
    pub(super) fn stream(
        &mut self,
        pdf: &mut Pdf,
        id: Ref,
        data: &[u8],
        extra: impl FnOnce(&mut pdf_writer::Stream<'_>),
    ) {
        match self.deflate(data) {
            Some(packed) => write_stream(pdf, id, &packed, true, extra),
            None => write_stream(pdf, id, data, false, extra),
        }
    }
}

impl Drop for Deflater {
    /// Gives the compressor back to the thread.
    fn drop(&mut self) {
        if let Some(z) = self.0.take() {
            COMPRESSOR.with_borrow_mut(|spare| *spare = Some(z));
        }
    }
}

/// Writes stream object `id` from bytes as they go into the file, marked
/// `/FlateDecode` when `deflated`; `extra` adds entries to its dictionary.
fn write_stream(
    pdf: &mut Pdf,
    id: Ref,
    bytes: &[u8],
    deflated: bool,
    extra: impl FnOnce(&mut pdf_writer::Stream<'_>),
) {
    let mut stream = pdf.stream(id, bytes);
    if deflated {
        stream.filter(Filter::FlateDecode);
    }
    extra(&mut stream);
}

/// The glyphs a document draws from one face.
#[derive(Debug, Default)]
pub(super) struct FaceUse {
    /// The character each glyph is drawn for, indexed by glyph id (`None`:
    /// not drawn). A glyph drawn for two characters (a space and a no-break
    /// space) keeps the last, as a ToUnicode map holds one text per code. A
    /// table rather than a map: every glyph a letter draws is recorded, and
    /// the ids of the glyphs text uses are small.
    glyphs: Vec<Option<char>>,
    /// Characters no face has, drawn as `.notdef`: each gets its own copy of
    /// it, so each keeps its own ToUnicode entry.
    missing: BTreeSet<char>,
}

impl FaceUse {
    /// Records one glyph drawn for a character (glyph 0 is `.notdef`).
    pub(super) fn add(&mut self, gid: u16, ch: char) {
        if gid == 0 {
            self.missing.insert(ch);
        } else {
            let index = usize::from(gid);
            if index >= self.glyphs.len() {
                self.glyphs.resize(index + 1, None);
            }
            self.glyphs[index] = Some(ch);
        }
    }

    /// The glyphs drawn (never `.notdef`) with their characters, by glyph id.
    fn drawn(&self) -> impl Iterator<Item = (u16, char)> + '_ {
        self.glyphs
            .iter()
            .zip(0u16..)
            .filter_map(|(ch, gid)| ch.map(|ch| (gid, ch)))
    }
}

/// A face written into the PDF: how its glyphs are addressed there.
pub(super) struct Embedded {
    /// The subset font file it was written with (shared with the cache).
    font_file: Rc<FontFile>,
    /// The copy of `.notdef` each character without a glyph is drawn with.
    notdef: BTreeMap<char, u16>,
}

impl Embedded {
    /// The code a content stream draws a glyph with (its id in the subset).
    pub(super) fn code(&self, gid: u16, ch: char) -> u16 {
        if gid == 0 {
            self.notdef.get(&ch).copied().unwrap_or(0)
        } else {
            let codes = &self.font_file.codes;
            codes.get(usize::from(gid)).copied().unwrap_or(0)
        }
    }
}

const IDENTITY: SystemInfo<'static> = SystemInfo {
    registry: Str(b"Adobe"),
    ordering: Str(b"Identity"),
    supplement: 0,
};

/// Subsets a face to what `usage` draws and writes it as font object `id`.
pub(super) fn embed(
    pdf: &mut Pdf,
    refs: &mut Refs,
    z: &mut Deflater,
    fonts: &Fonts,
    face: FaceId,
    usage: &FaceUse,
    id: Ref,
) -> Result<Embedded, EmitError> {
    let missing: Vec<char> = usage.missing.iter().copied().collect();
    let copies = u16::try_from(missing.len()).unwrap_or(u16::MAX);
    let drawn: Vec<(u16, char)> = usage.drawn().collect();
    let gids: Vec<u16> = drawn.iter().map(|(gid, _)| *gid).collect();
    let font_file = font_file(z, face, gids, copies)?;
    let notdef: BTreeMap<char, u16> = missing
        .iter()
        .copied()
        .zip(font_file.first_notdef_copy..)
        .collect();
    let embedded = Embedded {
        font_file: Rc::clone(&font_file),
        notdef,
    };

    // Subset id -> (advance in thousandths of an em, character).
    let notdef_width = fonts.advance(face, 0) * 1000.0;
    let mut glyphs: BTreeMap<u16, (f32, Option<char>)> = BTreeMap::new();
    glyphs.insert(0, (notdef_width, None));
    for &(gid, ch) in &drawn {
        let width = fonts.advance(face, gid) * 1000.0;
        glyphs.insert(embedded.code(gid, ch), (width, Some(ch)));
    }
    for (&ch, &code) in &embedded.notdef {
        glyphs.insert(code, (notdef_width, Some(ch)));
    }

    let sorted: Vec<u16> = std::iter::once(0)
        .chain(drawn.iter().map(|(gid, _)| *gid))
        .collect();
    let base_font = format!("{}+{}", subset_tag(face, &sorted, copies), face.name());
    let (cid_id, descriptor_id, file_id, cmap_id) =
        (refs.next(), refs.next(), refs.next(), refs.next());

    pdf.type0_font(id)
        .base_font(Name(base_font.as_bytes()))
        .encoding_predefined(Name(b"Identity-H"))
        .descendant_font(cid_id)
        .to_unicode(cmap_id);

    let mut cid = pdf.cid_font(cid_id);
    cid.subtype(CidFontType::Type2)
        .base_font(Name(base_font.as_bytes()))
        .system_info(IDENTITY)
        .font_descriptor(descriptor_id)
        .default_width(notdef_width)
        .cid_to_gid_map_predefined(Name(b"Identity"));
    let mut widths = cid.widths();
    let mut run: Vec<f32> = Vec::new();
    let mut first = 0u16;
    for (&code, &(width, _)) in &glyphs {
        if !run.is_empty() && usize::from(code) != usize::from(first) + run.len() {
            widths.consecutive(first, run.drain(..));
        }
        if run.is_empty() {
            first = code;
        }
        run.push(width);
    }
    if !run.is_empty() {
        widths.consecutive(first, run.drain(..));
    }
    widths.finish();
    cid.finish();

    let d = fonts.descriptor(face);
    let mut flags = FontFlags::SYMBOLIC;
    flags.set(FontFlags::ITALIC, d.italic_angle != 0.0);
    flags.set(FontFlags::FIXED_PITCH, d.monospace);
    // No table holds the stem width: estimate it from the weight class, as
    // PDF producers do (about 88 at 400, 166 at 700).
    let stem_v = 50.0 + (f32::from(d.weight) / 65.0).powi(2);
    pdf.font_descriptor(descriptor_id)
        .name(Name(base_font.as_bytes()))
        .flags(flags)
        .bbox(Rect::new(d.bbox[0], d.bbox[1], d.bbox[2], d.bbox[3]))
        .italic_angle(d.italic_angle)
        .ascent(d.ascent)
        .descent(d.descent)
        .cap_height(d.cap_height)
        .stem_v(stem_v.round())
        .font_file2(file_id);

    write_stream(pdf, file_id, &font_file.stored, font_file.deflated, |s| {
        s.pair(Name(b"Length1"), font_file.length1);
    });

    let pairs: Vec<(u16, char)> = glyphs
        .iter()
        .filter_map(|(&code, &(_, ch))| ch.map(|ch| (code, ch)))
        .collect();
    let cmap = to_unicode(z, pairs);
    write_stream(pdf, cmap_id, &cmap.bytes, cmap.deflated, |_| {});
    Ok(embedded)
}

/// A stream's bytes as they go into the file.
struct Stored {
    /// The bytes, deflated when that is smaller.
    bytes: Vec<u8>,
    /// Whether `bytes` are deflated.
    deflated: bool,
}

/// How many ToUnicode maps a thread keeps: as many as font files (a map
/// follows from the glyphs drawn and their characters, so a batch has about
/// as many distinct maps as glyph sets). Emptied when full.
const TO_UNICODE_CACHE: usize = FONT_FILE_CACHE;

/// ToUnicode maps by their (code, character) pairs.
type ToUnicodeCache = HashMap<Vec<(u16, char)>, Rc<Stored>>;

thread_local! {
    /// ToUnicode maps this thread wrote, so a batch builds and deflates each
    /// map once rather than once per letter.
    static TO_UNICODE: RefCell<ToUnicodeCache> = RefCell::new(HashMap::new());
}

/// The ToUnicode map of `pairs` (code, character; ascending codes), from
/// this thread's cache or written (and deflated) now.
fn to_unicode(z: &mut Deflater, pairs: Vec<(u16, char)>) -> Rc<Stored> {
    let Ok(made) =
        kept::<_, _, std::convert::Infallible>(&TO_UNICODE, TO_UNICODE_CACHE, pairs, |pairs| {
            let mut cmap = UnicodeCmap::new(Name(b"Custom"), IDENTITY);
            for &(code, ch) in pairs {
                cmap.pair(code, ch);
            }
            let plain = cmap.finish().into_vec();
            Ok(match z.deflate(&plain) {
                Some(packed) => Stored {
                    bytes: packed,
                    deflated: true,
                },
                None => Stored {
                    bytes: plain,
                    deflated: false,
                },
            })
        });
    made
}

/// The value of `key` in a thread's `cache`, else made by `make` and kept
/// there; the cache is emptied when it holds `bound` values (deterministic:
/// a value is the same made or kept, so output never depends on it).
fn kept<K: std::hash::Hash + Eq, V, E>(
    cache: &'static std::thread::LocalKey<RefCell<HashMap<K, Rc<V>>>>,
    bound: usize,
    key: K,
    make: impl FnOnce(&K) -> Result<V, E>,
) -> Result<Rc<V>, E> {
    if let Some(hit) = cache.with_borrow(|cache| cache.get(&key).cloned()) {
        return Ok(hit);
    }
    let made = Rc::new(make(&key)?);
    cache.with_borrow_mut(|cache| {
        if cache.len() >= bound {
            cache.clear();
        }
        cache.insert(key, Rc::clone(&made));
    });
    Ok(made)
}

/// A face's subset font file as it goes into the PDF (`/FontFile2`).
pub(super) struct FontFile {
    /// Id in the subset, indexed by original glyph id (0: not in it). A
    /// table, as every glyph drawn is looked up.
    codes: Vec<u16>,
    /// The id of the first copy of `.notdef` appended to the subset.
    first_notdef_copy: u16,
    /// The stream's bytes: the font file, deflated when that is smaller.
    stored: Vec<u8>,
    /// Whether `stored` is deflated.
    deflated: bool,
    /// The font file's own length (`/Length1`).
    length1: i32,
}

/// What a subset font file depends on: the face, its glyph ids (sorted) and
/// the number of `.notdef` copies.
type FontFileKey = (FaceId, Vec<u16>, u16);

/// How many subset font files a thread keeps. The letters of a batch in one
/// language draw mostly the same glyphs, but the regular face's set varies
/// with names, figures and wording: a 1,000-letter sample batch gives about
/// 200 distinct sets, and 256 entries hit about 85 % of embeds where 32 hit
/// about half. An entry is a deflated subset of a few KB and its code table
/// (2 bytes per glyph id up to the highest drawn: at most 12.5 KB, for
/// DejaVu Sans's 6,253 glyphs), so for letters like the samples' the cache
/// holds a few MB (a text drawing thousands of glyphs in several scripts
/// could make it tens of MB a thread). When
/// full, it is emptied (deterministic, and the output never depends on it).
const FONT_FILE_CACHE: usize = 256;

thread_local! {
    /// Subset font files this thread made, so a batch subsets and deflates
    /// each glyph set once rather than once per letter.
    static FONT_FILES: RefCell<HashMap<FontFileKey, Rc<FontFile>>> =
        RefCell::new(HashMap::new());
}

/// The subset of `face` to glyphs `gids` (ascending) with `copies` copies of
/// `.notdef`, from this thread's cache or made (and deflated) now.
fn font_file(
    z: &mut Deflater,
    face: FaceId,
    gids: Vec<u16>,
    copies: u16,
) -> Result<Rc<FontFile>, EmitError> {
    kept(
        &FONT_FILES,
        FONT_FILE_CACHE,
        (face, gids, copies),
        |(face, gids, copies)| {
            let subset = super::super::subset::subset(*face, gids.iter().copied(), *copies)
                .map_err(|message| EmitError::Subset {
                    face: face.name(),
                    message,
                })?;
            let length1 = i32::try_from(subset.bytes.len()).unwrap_or(i32::MAX);
            let (stored, deflated) = match z.deflate(&subset.bytes) {
                Some(packed) => (packed, true),
                None => (subset.bytes, false),
            };
            let mut codes = vec![0; gids.last().map_or(0, |gid| usize::from(*gid) + 1)];
            for &gid in gids {
                codes[usize::from(gid)] = subset.remapper.get(gid).unwrap_or(0);
            }
            Ok(FontFile {
                codes,
                first_notdef_copy: subset.first_notdef_copy,
                stored,
                deflated,
                length1,
            })
        },
    )
}

/// The six-letter subset tag PDF expects, derived from the glyph set so it is stable.
fn subset_tag(face: FaceId, gids: &[u16], notdef_copies: u16) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ face as u64;
    for g in gids.iter().chain([&notdef_copies]) {
        h = (h ^ u64::from(*g)).wrapping_mul(0x0100_0000_01b3);
    }
    (0..6)
        .map(|i| char::from(b'A' + ((h >> (i * 5)) % 26) as u8))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::super::layout::Paper;
    use super::super::super::{PdfOptions, typeset};
    use super::FONT_FILES;

    /// The PDF of `md`, typeset on a thread of its own (so with an empty cache).
    fn fresh(md: &'static str) -> Vec<u8> {
        std::thread::spawn(move || typeset(md, PdfOptions { paper: Paper::A4 }).unwrap().bytes)
            .join()
            .unwrap()
    }

    #[test]
    fn cached_font_files_give_the_bytes_of_fresh_ones() {
        // Several faces, a character no face has (.notdef copies), and a
        // second document drawing other glyphs from the same faces.
        let first = "# Title\n\nŽluťoučký kůň, `code`, *italic*, **bold** and \u{E000} ☠.\n";
        let second = "# Jiný nadpis\n\nXin chào, `other code` and \u{E001}\u{E002}.\n";
        let cached: Vec<Vec<u8>> = std::thread::spawn(move || {
            let mut out = Vec::new();
            for md in [first, second, first] {
                out.push(typeset(md, PdfOptions { paper: Paper::A4 }).unwrap().bytes);
                out.push(FONT_FILES.with_borrow(|c| c.len().to_be_bytes().to_vec()));
            }
            out
        })
        .join()
        .unwrap();
        assert!(cached[0] == fresh(first), "first document, cache empty");
        assert!(cached[2] == fresh(second), "second document, cache warm");
        assert!(cached[4] == fresh(first), "first document from the cache");
        assert!(cached[0] != cached[2]);
        // The third document added no font file: each came from the cache.
        assert!(cached[1] != [0; 8] && cached[5] == cached[3]);
    }
}
