//! Font subsets: the glyphs a document uses, nothing else.
//!
//! subsetter keeps the outlines, metrics and hinting of the glyphs used and
//! renumbers them. Its copy of the `name` table still carries the whole
//! licence text (about 15 KB per face, more than the glyphs of a short
//! report), so the table is rebuilt with the copyright notice and the names
//! only, as other PDF producers do for embedded subsets. TrueType hinting
//! (per-glyph instructions and the fpgm, prep and cvt tables, about a third of
//! the bytes) is dropped too: PDF viewers scale outlines themselves.

use skrifa::MetadataProvider;
use skrifa::prelude::FontRef;
use skrifa::string::StringId;

use super::fonts::FaceId;

/// A subset font and the map from original to new glyph ids.
pub struct Subset {
    /// The font file of the subset.
    pub bytes: Vec<u8>,
    /// Original glyph id -> id in the subset.
    pub remapper: subsetter::GlyphRemapper,
    /// The id of the first copy of `.notdef` appended (see [`subset`]).
    pub first_notdef_copy: u16,
}

/// Subsets a face to the given glyph ids (`.notdef` is always kept), and
/// appends `notdef_copies` copies of `.notdef` after them. A character no
/// face has is drawn with one copy each, so every such character keeps its
/// own entry in the PDF's ToUnicode map (with glyph 0 shared, all of them
/// would extract as one and the same character).
pub fn subset(
    face: FaceId,
    glyphs: impl IntoIterator<Item = u16>,
    notdef_copies: u16,
) -> Result<Subset, String> {
    let mut sorted: Vec<u16> = std::iter::once(0).chain(glyphs).collect();
    sorted.sort_unstable();
    sorted.dedup();
    let remapper = subsetter::GlyphRemapper::new_from_glyphs_sorted(&sorted);
    let bytes = subsetter::subset(face.data(), 0, &remapper).map_err(|e| format!("{e:?}"))?;
    let name = short_name_table(face);
    let first_notdef_copy = table(&bytes, b"maxp")
        .and_then(|maxp| be16(maxp, 4))
        .ok_or("the subset has no maxp table")?;
    let slim = unhinted(&bytes).and_then(|(mut glyf, mut loca, head)| {
        let mut changes = vec![
            (*b"name", Some(name)),
            (*b"fpgm", None),
            (*b"prep", None),
            (*b"cvt ", None),
        ];
        if notdef_copies > 0 {
            changes.extend(notdef_copies_tables(
                &bytes,
                &mut glyf,
                &mut loca,
                notdef_copies,
            )?);
        }
        changes.extend([
            (*b"glyf", Some(glyf)),
            (*b"loca", Some(loca)),
            (*b"head", Some(head)),
        ]);
        rebuild(&bytes, &changes)
    });
    let bytes = match slim {
        Some(slim) => slim,
        // Without copies glyph 0 is shared, and extraction suffers; without
        // the rebuild the file is merely larger.
        None if notdef_copies > 0 => return Err("could not add .notdef copies".into()),
        None => bytes,
    };
    Ok(Subset {
        bytes,
        remapper,
        first_notdef_copy,
    })
}

/// A table to replace (`Some`) or remove (`None`), by tag.
type TableChange = ([u8; 4], Option<Vec<u8>>);

/// Appends `copies` copies of glyph 0 to glyf and loca (long format, as
/// [`unhinted`] writes them) and returns the maxp, hhea, hmtx and post tables
/// that go with the new glyph count.
fn notdef_copies_tables(
    font: &[u8],
    glyf: &mut Vec<u8>,
    loca: &mut Vec<u8>,
    copies: u16,
) -> Option<Vec<TableChange>> {
    let maxp = table(font, b"maxp")?;
    let hhea = table(font, b"hhea")?;
    let hmtx = table(font, b"hmtx")?;
    let glyphs = usize::from(be16(maxp, 4)?);
    let metrics = usize::from(be16(hhea, 34)?);
    let total = u16::try_from(glyphs + usize::from(copies)).ok()?;
    let notdef_end = usize::try_from(be32(loca, 4)?).ok()?;
    let notdef = glyf.get(..notdef_end)?.to_vec();
    for _ in 0..copies {
        glyf.extend_from_slice(&notdef);
        loca.extend(u32::try_from(glyf.len()).ok()?.to_be_bytes());
    }
    // hmtx in full form (an advance for every glyph), so each copy has .notdef's advance.
    let mut new_hmtx = Vec::with_capacity((glyphs + usize::from(copies)) * 4);
    let mut advance = 0u16;
    for g in 0..glyphs {
        if g < metrics {
            advance = be16(hmtx, g * 4)?;
            new_hmtx.extend_from_slice(hmtx.get(g * 4..g * 4 + 4)?);
        } else {
            let lsb = hmtx.get(metrics * 4 + (g - metrics) * 2..)?.get(..2)?;
            new_hmtx.extend(advance.to_be_bytes());
            new_hmtx.extend_from_slice(lsb);
        }
    }
    let notdef_metric = new_hmtx.get(..4)?.to_vec();
    for _ in 0..copies {
        new_hmtx.extend_from_slice(&notdef_metric);
    }
    let mut new_maxp = maxp.to_vec();
    new_maxp
        .get_mut(4..6)?
        .copy_from_slice(&total.to_be_bytes());
    let mut new_hhea = hhea.to_vec();
    new_hhea
        .get_mut(34..36)?
        .copy_from_slice(&total.to_be_bytes());
    // post version 3: no glyph names, so no per-glyph array to extend.
    let mut post = table(font, b"post")?.get(..32)?.to_vec();
    post.get_mut(..4)?
        .copy_from_slice(&0x0003_0000u32.to_be_bytes());
    Some(vec![
        (*b"maxp", Some(new_maxp)),
        (*b"hhea", Some(new_hhea)),
        (*b"hmtx", Some(new_hmtx)),
        (*b"post", Some(post)),
    ])
}

/// A `name` table with the copyright notice, family, style, full and PostScript names.
fn short_name_table(face: FaceId) -> Vec<u8> {
    let ids = [
        (0u16, StringId::COPYRIGHT_NOTICE),
        (1, StringId::FAMILY_NAME),
        (2, StringId::SUBFAMILY_NAME),
        (4, StringId::FULL_NAME),
        (6, StringId::POSTSCRIPT_NAME),
    ];
    let font = FontRef::new(face.data()).ok();
    let mut records = Vec::new();
    let mut storage: Vec<u8> = Vec::new();
    for (id, string_id) in ids {
        let text: String = font
            .as_ref()
            .and_then(|f| f.localized_strings(string_id).english_or_first())
            .map(|s| s.chars().collect())
            .unwrap_or_else(|| face.name().to_owned());
        let encoded: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        let (Ok(offset), Ok(length)) = (u16::try_from(storage.len()), u16::try_from(encoded.len()))
        else {
            continue;
        };
        // Windows platform, Unicode BMP, US English.
        records.push([3u16, 1, 0x409, id, length, offset]);
        storage.extend(encoded);
    }
    let count = u16::try_from(records.len()).unwrap_or(0);
    let mut out = Vec::new();
    out.extend(0u16.to_be_bytes());
    out.extend(count.to_be_bytes());
    out.extend((6 + 12 * count).to_be_bytes());
    for record in records {
        for field in record {
            out.extend(field.to_be_bytes());
        }
    }
    out.extend(storage);
    out
}

fn be16(data: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes(data.get(at..at + 2)?.try_into().ok()?))
}

fn be32(data: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(data.get(at..at + 4)?.try_into().ok()?))
}

fn checksum(data: &[u8]) -> u32 {
    data.chunks(4).fold(0u32, |sum, chunk| {
        let mut word = [0u8; 4];
        word[..chunk.len()].copy_from_slice(chunk);
        sum.wrapping_add(u32::from_be_bytes(word))
    })
}

/// A table's bytes, by tag.
fn table<'a>(font: &'a [u8], tag: &[u8; 4]) -> Option<&'a [u8]> {
    let count = usize::from(be16(font, 4)?);
    (0..count).find_map(|i| {
        let record = 12 + 16 * i;
        if font.get(record..record + 4)? != tag {
            return None;
        }
        let offset = usize::try_from(be32(font, record + 8)?).ok()?;
        let length = usize::try_from(be32(font, record + 12)?).ok()?;
        font.get(offset..offset + length)
    })
}

/// The glyf, loca (long format) and head tables without hinting instructions.
fn unhinted(font: &[u8]) -> Option<(Vec<u8>, Vec<u8>, Vec<u8>)> {
    let head = table(font, b"head")?;
    let loca = table(font, b"loca")?;
    let glyf = table(font, b"glyf")?;
    let long = be16(head, 50)? == 1;
    let entries = if long { loca.len() / 4 } else { loca.len() / 2 };
    let offset = |i: usize| -> Option<usize> {
        if long {
            usize::try_from(be32(loca, i * 4)?).ok()
        } else {
            Some(usize::from(be16(loca, i * 2)?) * 2)
        }
    };
    let mut new_glyf = Vec::with_capacity(glyf.len());
    let mut new_loca = Vec::with_capacity(entries * 4);
    for i in 0..entries.saturating_sub(1) {
        new_loca.extend(u32::try_from(new_glyf.len()).ok()?.to_be_bytes());
        let glyph = glyf.get(offset(i)?..offset(i + 1)?)?;
        if !glyph.is_empty() {
            new_glyf.extend(strip_glyph(glyph)?);
            new_glyf.resize(new_glyf.len().next_multiple_of(4), 0);
        }
    }
    new_loca.extend(u32::try_from(new_glyf.len()).ok()?.to_be_bytes());
    let mut new_head = head.to_vec();
    new_head
        .get_mut(50..52)?
        .copy_from_slice(&1u16.to_be_bytes());
    Some((new_glyf, new_loca, new_head))
}

/// One glyph without its instructions.
fn strip_glyph(glyph: &[u8]) -> Option<Vec<u8>> {
    let contours = i16::from_be_bytes(glyph.get(0..2)?.try_into().ok()?);
    if contours >= 0 {
        let contours = usize::try_from(contours).ok()?;
        let at = 10 + 2 * contours;
        let length = usize::from(be16(glyph, at)?);
        let mut out = glyph.get(..at)?.to_vec();
        out.extend(0u16.to_be_bytes());
        out.extend_from_slice(glyph.get(at + 2 + length..)?);
        return Some(out);
    }
    // Composite: walk the components; drop trailing instructions and their flag.
    let mut out = glyph.get(..10)?.to_vec();
    let mut at = 10;
    loop {
        let flags = be16(glyph, at)?;
        let mut size = 4 + if flags & 0x0001 != 0 { 4 } else { 2 };
        size += if flags & 0x0008 != 0 {
            2
        } else if flags & 0x0040 != 0 {
            4
        } else if flags & 0x0080 != 0 {
            8
        } else {
            0
        };
        let start = out.len();
        out.extend_from_slice(glyph.get(at..at + size)?);
        out.get_mut(start..start + 2)?
            .copy_from_slice(&(flags & !0x0100).to_be_bytes());
        at += size;
        if flags & 0x0020 == 0 {
            break;
        }
    }
    Some(out)
}

/// Rebuilds a TrueType file with tables replaced (`Some`) or removed (`None`);
/// `None` if the file is not laid out as expected.
fn rebuild(font: &[u8], changes: &[TableChange]) -> Option<Vec<u8>> {
    let count = usize::from(be16(font, 4)?);
    let mut tables: Vec<([u8; 4], Vec<u8>)> = Vec::with_capacity(count);
    for i in 0..count {
        let record = 12 + 16 * i;
        let t: [u8; 4] = font.get(record..record + 4)?.try_into().ok()?;
        let offset = usize::try_from(be32(font, record + 8)?).ok()?;
        let length = usize::try_from(be32(font, record + 12)?).ok()?;
        let data = match changes.iter().find(|(tag, _)| *tag == t) {
            Some((_, Some(content))) => content.clone(),
            Some((_, None)) => continue,
            None => font.get(offset..offset + length)?.to_vec(),
        };
        tables.push((t, data));
    }
    tables.sort_by_key(|(t, _)| *t);
    let n = u16::try_from(tables.len()).ok()?;
    let power = 1u16 << (15 - n.leading_zeros().min(15));
    let search_range = power * 16;
    let entry_selector = u16::try_from(power.trailing_zeros()).ok()?;
    let mut out = Vec::new();
    out.extend_from_slice(font.get(0..4)?);
    for v in [n, search_range, entry_selector, n * 16 - search_range] {
        out.extend(v.to_be_bytes());
    }
    let mut offset = 12 + 16 * tables.len();
    let mut head_at = None;
    for (t, data) in &tables {
        if t == b"head" {
            head_at = Some(offset);
        }
        out.extend_from_slice(t);
        let sum = if t == b"head" && data.len() >= 12 {
            let mut zeroed = data.clone();
            zeroed[8..12].copy_from_slice(&[0; 4]);
            checksum(&zeroed)
        } else {
            checksum(data)
        };
        out.extend(sum.to_be_bytes());
        out.extend(u32::try_from(offset).ok()?.to_be_bytes());
        out.extend(u32::try_from(data.len()).ok()?.to_be_bytes());
        offset += data.len().next_multiple_of(4);
    }
    for (t, data) in &tables {
        let start = out.len();
        out.extend_from_slice(data);
        if t == b"head" && data.len() >= 12 {
            out[start + 8..start + 12].copy_from_slice(&[0; 4]);
        }
        out.resize(out.len().next_multiple_of(4), 0);
    }
    if let Some(at) = head_at {
        let adjustment = 0xB1B0_AFBAu32.wrapping_sub(checksum(&out));
        out.get_mut(at + 8..at + 12)?
            .copy_from_slice(&adjustment.to_be_bytes());
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use skrifa::raw::TableProvider;

    #[test]
    fn the_subset_keeps_its_glyphs_and_sheds_the_licence_text() {
        let fonts = super::super::fonts::Fonts::load().unwrap();
        let gids: Vec<u16> = "Žluťoučký kůň ỗ"
            .chars()
            .map(|c| fonts.glyph(FaceId::Sans, c).gid)
            .collect();
        let s = subset(FaceId::Sans, gids.iter().copied(), 0).unwrap();
        let font = FontRef::new(&s.bytes).unwrap();
        // Every glyph asked for is there (accented letters also bring their components).
        for g in &gids {
            assert!(s.remapper.get(*g).is_some(), "glyph {g} was dropped");
        }
        assert!(usize::from(font.maxp().unwrap().num_glyphs()) >= gids.len());
        let copyright: String = font
            .localized_strings(StringId::COPYRIGHT_NOTICE)
            .english_or_first()
            .unwrap()
            .chars()
            .collect();
        assert!(copyright.contains("Noto Project Authors"), "{copyright}");
        assert!(
            font.localized_strings(StringId::LICENSE_DESCRIPTION)
                .english_or_first()
                .is_none()
        );
        assert!(s.bytes.len() < 8_000, "{} bytes", s.bytes.len());
        assert!(table(&s.bytes, b"fpgm").is_none() && table(&s.bytes, b"prep").is_none());
        // Outlines are intact: the glyph of 'ů' still has points, and a composite still has its parts.
        let outlines = font.outline_glyphs();
        let mut pen = skrifa::outline::pen::ControlBoundsPen::default();
        let u = s.remapper.get(fonts.glyph(FaceId::Sans, 'ů').gid).unwrap();
        let glyph = outlines.get(skrifa::GlyphId::new(u32::from(u))).unwrap();
        glyph
            .draw(skrifa::instance::Size::unscaled(), &mut pen)
            .unwrap();
        assert!(pen.bounding_box().is_some());
        // Every table is where the directory says, and the whole file sums to the magic value.
        assert_eq!(checksum(&s.bytes), 0xB1B0_AFBA);
    }

    #[test]
    fn notdef_copies_are_appended_with_notdef_outline_and_advance() {
        let plain = subset(FaceId::Sans, [36u16, 37], 0).unwrap();
        let s = subset(FaceId::Sans, [36u16, 37], 3).unwrap();
        let base = FontRef::new(&plain.bytes).unwrap();
        let font = FontRef::new(&s.bytes).unwrap();
        let n = base.maxp().unwrap().num_glyphs();
        assert_eq!(s.first_notdef_copy, n);
        assert_eq!(font.maxp().unwrap().num_glyphs(), n + 3);
        let hmtx = font.hmtx().unwrap();
        let advance = |f: &FontRef, g: u16| {
            f.hmtx()
                .unwrap()
                .advance(skrifa::GlyphId::new(u32::from(g)))
                .unwrap()
        };
        assert!(hmtx.h_metrics().len() >= usize::from(n) + 3);
        for g in n..n + 3 {
            assert_eq!(advance(&font, g), advance(&base, 0));
        }
        assert_eq!(advance(&font, 1), advance(&base, 1));
        let outlines = font.outline_glyphs();
        let mut pen = skrifa::outline::pen::ControlBoundsPen::default();
        outlines
            .get(skrifa::GlyphId::new(u32::from(n + 2)))
            .unwrap()
            .draw(skrifa::instance::Size::unscaled(), &mut pen)
            .unwrap();
        assert!(pen.bounding_box().is_some(), "a copy draws the box");
        assert_eq!(checksum(&s.bytes), 0xB1B0_AFBA);
    }
}
