//! The provider's logo as a JPEG: embedded unchanged (DCTDecode), told from a
//! PNG by its content, and a damaged one refused at `provider.logo`'s line
//! and column with nothing written.

use std::fs;
use std::path::{Path, PathBuf};

use crate::pdf::{assert_logo_refused, starter_with_logo};
use crate::{amends, stderr};

/// A JPEG of 48 × 24 pixels of one colour.
fn small_jpeg(progressive: bool) -> Vec<u8> {
    let mut out = Vec::new();
    let mut encoder = jpeg_encoder::Encoder::new(&mut out, 85);
    encoder.set_progressive(progressive);
    let pixels: Vec<u8> = (0..48 * 24).flat_map(|_| [20u8, 60, 160]).collect();
    encoder
        .encode(&pixels, 48, 24, jpeg_encoder::ColorType::Rgb)
        .unwrap();
    out
}

/// Renders `incident` in `dir` and returns the PDF's path.
fn render(dir: &Path, incident: &Path) -> PathBuf {
    let out = amends(dir, &["render", incident.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    fs::read_dir(dir.join("out"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "pdf"))
        .unwrap()
}

/// The image XObject streams of a PDF.
fn images(doc: &lopdf::Document) -> Vec<&lopdf::Stream> {
    doc.objects
        .values()
        .filter_map(|o| o.as_stream().ok())
        .filter(|s| {
            s.dict
                .get(b"Subtype")
                .and_then(|t| t.as_name())
                .is_ok_and(|t| t == b"Image")
        })
        .collect()
}

#[test]
fn a_jpeg_logo_is_embedded_as_it_is_whatever_its_name() {
    for (name, progressive) in [("logo.jpg", false), ("logo.png", true)] {
        let dir = tempfile::tempdir().unwrap();
        let jpeg = small_jpeg(progressive);
        fs::write(dir.path().join(name), &jpeg).unwrap();
        let pdf = render(dir.path(), &starter_with_logo(dir.path(), name));
        let bytes = fs::read(&pdf).unwrap();
        let doc = lopdf::Document::load_mem(&bytes).unwrap();
        let images = images(&doc);
        assert_eq!(images.len(), 1, "{name}");
        let image = images[0];
        let name_of = |key: &[u8]| image.dict.get(key).unwrap().as_name().unwrap().to_vec();
        assert_eq!(name_of(b"Filter"), b"DCTDecode", "{name}");
        assert_eq!(name_of(b"ColorSpace"), b"DeviceRGB", "{name}");
        assert_eq!(image.dict.get(b"Width").unwrap().as_i64().unwrap(), 48);
        assert_eq!(image.dict.get(b"Height").unwrap().as_i64().unwrap(), 24);
        // The file's own bytes, not re-encoded: the PDF grows by about the JPEG.
        assert_eq!(image.content, jpeg, "{name}");
        // The first page draws it.
        let first = *doc.get_pages().values().next().unwrap();
        assert!(doc.get_page_content(first).windows(3).any(|w| w == b" Do"));
    }
}

#[test]
fn a_png_named_jpg_is_read_as_a_png() {
    let dir = tempfile::tempdir().unwrap();
    let mut png = Vec::new();
    let mut encoder = png::Encoder::new(&mut png, 10, 10);
    encoder.set_color(png::ColorType::Grayscale);
    let mut writer = encoder.write_header().unwrap();
    writer.write_image_data(&[128u8; 100]).unwrap();
    writer.finish().unwrap();
    fs::write(dir.path().join("logo.jpg"), &png).unwrap();
    let pdf = render(dir.path(), &starter_with_logo(dir.path(), "logo.jpg"));
    let doc = lopdf::Document::load_mem(&fs::read(pdf).unwrap()).unwrap();
    let images = images(&doc);
    assert_eq!(images.len(), 1);
    assert!(
        images[0]
            .dict
            .get(b"Filter")
            .and_then(|f| f.as_name())
            .is_ok_and(|f| f != b"DCTDecode"),
        "a PNG is embedded as pixels"
    );
}

#[test]
fn a_damaged_or_cmyk_jpeg_logo_is_refused_at_its_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let good = small_jpeg(false);
    fs::write(dir.path().join("cut.jpg"), &good[..good.len() / 2]).unwrap();
    fs::write(dir.path().join("end.jpg"), &good[..good.len() - 2]).unwrap();
    let mut cmyk = Vec::new();
    jpeg_encoder::Encoder::new(&mut cmyk, 85)
        .encode(&[0u8; 8 * 8 * 4], 8, 8, jpeg_encoder::ColorType::Cmyk)
        .unwrap();
    fs::write(dir.path().join("cmyk.jpg"), &cmyk).unwrap();
    fs::write(
        dir.path().join("header.jpg"),
        [0xFF, 0xD8, 0xFF, 0xE0, 0, 16],
    )
    .unwrap();
    for (logo, expected) in [
        ("cut.jpg", "the JPEG logo could not be decoded"),
        ("end.jpg", "ends before its end-of-image marker"),
        ("cmyk.jpg", "is a CMYK JPEG"),
        ("header.jpg", "ends inside its headers"),
    ] {
        assert_logo_refused(dir.path(), logo, expected);
    }
}
