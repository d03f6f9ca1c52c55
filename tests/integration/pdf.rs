//! The PDF: every word of the Markdown in its text layer, in order; no glyph
//! missing; layout invariants; furniture and structure.

use std::fs;
use std::path::{Path, PathBuf};

use amends::render::pdf::layout::{Draw, Layout};
use amends::render::pdf::typography::repeats_hyphen;
use amends::render::pdf::{Paper, PdfOptions, split_meta, typeset};
use pulldown_cmark::{Event, Options, Parser};
use unicode_normalization::UnicodeNormalization;

use crate::{amends, root, stderr};

pub(crate) fn stress() -> String {
    fs::read_to_string(root().join("tests/fixtures/pdf/stress.md")).unwrap()
}

/// The words of a Markdown document as a reader sees them (text, code, raw HTML).
fn words(markdown: &str) -> Vec<String> {
    let (_, body) = split_meta(markdown);
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_FOOTNOTES;
    let mut text = String::new();
    let mut in_comment = false;
    for event in Parser::new_ext(body, options) {
        match event {
            // Comments and redline tags are invisible in a viewer, and so in the PDF.
            Event::Html(t) | Event::InlineHtml(t) => {
                let mut rest: &str = &t;
                loop {
                    if in_comment {
                        match rest.find("-->") {
                            Some(end) => {
                                rest = &rest[end + 3..];
                                in_comment = false;
                            }
                            None => break,
                        }
                    }
                    let Some(start) = rest.find("<!--") else {
                        text.push_str(rest);
                        break;
                    };
                    text.push_str(&rest[..start]);
                    rest = &rest[start + 4..];
                    // `<!-->` and `<!--->` are whole (empty) comments.
                    match rest.strip_prefix('>').or_else(|| rest.strip_prefix("->")) {
                        Some(after) => rest = after,
                        None => in_comment = true,
                    }
                }
                for tag in ["<ins>", "</ins>", "<del>", "</del>", "<s>", "</s>"] {
                    text = text.replace(tag, " ");
                }
                text.push(' ');
            }
            Event::Text(t) | Event::Code(t) => {
                text.push_str(&t);
                text.push(' ');
            }
            _ => text.push(' '),
        }
    }
    text.nfc()
        .collect::<String>()
        .split_whitespace()
        .map(str::to_owned)
        .collect()
}

/// Asserts every word appears in the PDF's extracted text, in order.
pub(crate) fn assert_words_in_order(markdown: &str, pdf: &[u8]) {
    if let Some(problem) = missing_word(markdown, pdf) {
        panic!("{problem}");
    }
}

/// The text without the hyphens a line repeats after a compound broken at
/// its hyphen ("e-" ⏎ "-shop" in Czech): marks of the typesetting, like the
/// typographic quotes, not words of the Markdown.
fn without_repeated_hyphens(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        out.push(c);
        i += 1;
        if !(matches!(c, '-' | '\u{2010}') && i >= 2 && chars[i - 2].is_alphabetic()) {
            continue;
        }
        let mut j = i;
        while chars.get(j).is_some_and(|w| w.is_whitespace()) {
            j += 1;
        }
        let line_break = chars[i..j].contains(&'\n');
        if line_break
            && chars.get(j) == Some(&c)
            && chars.get(j + 1).is_some_and(|n| n.is_alphabetic())
        {
            out.extend(&chars[i..j]);
            i = j + 1;
        }
    }
    out
}

/// The first word of the Markdown missing from the PDF's text (or out of order).
fn missing_word(markdown: &str, pdf: &[u8]) -> Option<String> {
    let extracted =
        pdf_extract::extract_text_from_mem(pdf).expect("the PDF's text can be extracted");
    // Typographic quotes stand for straight ones.
    let straight = |c: char| match c {
        '“' | '”' | '„' => '"',
        '‘' | '’' | '‚' => '\'',
        c => c,
    };
    let (meta, _) = split_meta(markdown);
    let extracted = if repeats_hyphen(meta.language.as_deref().unwrap_or("en")) {
        without_repeated_hyphens(&extracted)
    } else {
        extracted
    };
    let haystack: String = extracted
        .nfc()
        .filter(|c| !c.is_whitespace())
        .map(straight)
        .collect();
    let mut at = 0;
    for word in words(markdown) {
        let word: String = word.chars().map(straight).collect();
        match haystack[at..].find(word.as_str()) {
            Some(i) => at += i + word.len(),
            None => {
                return Some(format!(
                    "the word {word:?} is missing from the PDF's text (or out of order) after:\n…{}",
                    &haystack[haystack.floor_char_boundary(at.saturating_sub(200))..at]
                ));
            }
        }
    }
    None
}

#[test]
fn stress_document_keeps_every_word_in_order() {
    let md = stress();
    let pdf = typeset(&md, PdfOptions { paper: Paper::A4 }).unwrap();
    assert_words_in_order(&md, &pdf.bytes);
    assert!(pdf.warnings.is_empty(), "{:?}", pdf.warnings);
    // A link's address is printed after its text, so it survives on paper.
    let text: String = pdf_extract::extract_text_from_mem(&pdf.bytes)
        .unwrap()
        .split_whitespace()
        .collect();
    assert!(
        text.contains("statuspage(https://status.example.com/incidents/2026-07-02)"),
        "{text}"
    );
}

#[test]
fn every_sample_pdf_keeps_every_word_and_every_glyph() {
    let dir = tempfile::tempdir().unwrap();
    for sample in [
        "starter.yaml",
        "major-within-control.yaml",
        "minor-outside-control.yaml",
        "critical-repeat-cs.yaml",
    ] {
        let path = root().join("samples").join(sample);
        let out = amends(dir.path(), &["render", path.to_str().unwrap()]);
        assert!(out.status.success(), "{sample}: {}", stderr(&out));
        assert!(
            !stderr(&out).contains("no font has"),
            "{sample}: {}",
            stderr(&out)
        );
    }
    let mut checked = 0;
    for entry in fs::read_dir(dir.path().join("out")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "pdf") {
            let md = fs::read_to_string(path.with_extension("md")).unwrap();
            assert_words_in_order(&md, &fs::read(&path).unwrap());
            checked += 1;
        }
    }
    assert_eq!(checked, 4);
}

/// Text boxes of a page: (x0, top, x1, bottom) of each glyph run's line box.
pub(crate) fn text_boxes(layout: &Layout, page: usize) -> Vec<(f32, f32, f32, f32, String)> {
    layout.pages[page]
        .draws
        .iter()
        .filter_map(|d| match d {
            Draw::Text {
                x,
                y,
                size,
                text,
                width,
                ..
            } if !text.trim().is_empty() => Some((
                x.0,
                y.0 - size.0 * 0.75,
                x.0 + width.0,
                y.0 + size.0 * 0.2,
                text.clone(),
            )),
            _ => None,
        })
        .collect()
}

#[test]
fn nothing_is_drawn_outside_the_margins_and_no_text_overlaps() {
    for paper in [Paper::A4, Paper::Letter] {
        let pdf = typeset(&stress(), PdfOptions { paper }).unwrap();
        let g = pdf.geometry;
        for (p, page) in pdf.layout.pages.iter().enumerate() {
            for d in &page.draws {
                let (x0, x1, y0, y1) = match d {
                    Draw::Text {
                        x, y, width, size, ..
                    } => (x.0, x.0 + width.0, y.0 - size.0, y.0),
                    Draw::Rect { x, y, w, h, .. }
                    | Draw::Link { x, y, w, h, .. }
                    | Draw::Image { x, y, w, h } => (x.0, x.0 + w.0, y.0, y.0 + h.0),
                    Draw::Line { from, to, .. } => (
                        from.0.0.min(to.0.0),
                        from.0.0.max(to.0.0),
                        from.1.0.min(to.1.0),
                        from.1.0.max(to.1.0),
                    ),
                };
                assert!(
                    x0 >= g.margin_x.0 - 0.5 && x1 <= (g.width - g.margin_x).0 + 0.5,
                    "page {p}: {d:?} leaves the side margins"
                );
                assert!(
                    y0 >= 20.0 && y1 <= g.height.0 - 20.0,
                    "page {p}: {d:?} leaves the page"
                );
            }
            let boxes = text_boxes(&pdf.layout, p);
            for (i, a) in boxes.iter().enumerate() {
                for b in &boxes[i + 1..] {
                    let overlap =
                        a.0 < b.2 - 0.3 && b.0 < a.2 - 0.3 && a.1 < b.3 - 0.3 && b.1 < a.3 - 0.3;
                    assert!(!overlap, "page {p}: {:?} overlaps {:?}", a.4, b.4);
                }
            }
        }
    }
}

#[test]
fn long_table_crosses_three_pages_with_its_header_repeated() {
    let pdf = typeset(&stress(), PdfOptions { paper: Paper::A4 }).unwrap();
    let pages_with_rows: Vec<usize> = (0..pdf.layout.pages.len())
        .filter(|&p| {
            text_boxes(&pdf.layout, p)
                .iter()
                .any(|b| b.4.starts_with("Řádek číslo"))
        })
        .collect();
    assert!(pages_with_rows.len() >= 3, "{pages_with_rows:?}");
    for p in pages_with_rows {
        assert!(
            text_boxes(&pdf.layout, p).iter().any(|b| b.4 == "Amount"),
            "page {p} has rows but no header"
        );
    }
}

#[test]
fn headings_are_never_last_on_a_page() {
    let pdf = typeset(&stress(), PdfOptions { paper: Paper::A4 }).unwrap();
    assert!(pdf.layout.bookmarks.len() >= 9);
    for b in &pdf.layout.bookmarks {
        let g = pdf.geometry;
        let below = text_boxes(&pdf.layout, b.page)
            .iter()
            .any(|t| t.1 > b.y.0 + 20.0 && t.3 < (g.height - g.margin_bottom).0 + 1.0);
        assert!(below, "heading {:?} ends page {}", b.title, b.page);
    }
}

#[test]
fn pdf_structure_metadata_outline_and_paper() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("s.md"), stress()).unwrap();
    let out = amends(
        dir.path(),
        &["pdf", "s.md", "-o", "s.pdf", "--paper", "letter"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let bytes = fs::read(dir.path().join("s.pdf")).unwrap();
    let doc = lopdf::Document::load_mem(&bytes).unwrap();
    let catalog = doc.catalog().unwrap();
    assert_eq!(catalog.get(b"Lang").unwrap().as_str().unwrap(), b"cs");
    // No claim to be PDF/X, which it is not.
    let info = doc
        .get_dictionary(doc.trailer.get(b"Info").unwrap().as_reference().unwrap())
        .unwrap();
    assert!(info.get(b"Title").is_ok());
    assert!(info.get(b"GTS_PDFXVersion").is_err(), "{info:?}");
    assert!(!String::from_utf8_lossy(&bytes).contains("GTS_PDFX"));
    assert!(catalog.get(b"Outlines").is_ok());
    let pages = doc.get_pages();
    assert!(pages.len() >= 4);
    let first = doc
        .get_object(*pages.get(&1).unwrap())
        .unwrap()
        .as_dict()
        .unwrap();
    let media: Vec<f32> = first
        .get(b"MediaBox")
        .unwrap()
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o.as_float().unwrap())
        .collect();
    assert_eq!(media[2..], [612.0, 792.0]);
    let text = pdf_extract::extract_text_from_mem(&bytes).unwrap();
    assert!(text.contains("Page 1 of"), "the footer is there");
    // Fonts are embedded as subsets, so the file stays small.
    assert!(bytes.len() < 150_000, "{} bytes", bytes.len());
}

#[test]
fn an_edited_final_pdf_is_not_replaced_silently() {
    let dir = tempfile::tempdir().unwrap();
    let final_md = "<!-- amends\ntitle: Final report\nwatermark:\n-->\n\n# Final\n\nText.\n";
    fs::write(dir.path().join("f.md"), final_md).unwrap();
    assert!(amends(dir.path(), &["pdf", "f.md"]).status.success());
    fs::write(
        dir.path().join("f.md"),
        final_md.replace("Text.", "Changed text."),
    )
    .unwrap();
    let out = amends(dir.path(), &["pdf", "f.md"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("pass --force"), "{}", stderr(&out));
    assert!(
        amends(dir.path(), &["pdf", "f.md", "--force"])
            .status
            .success()
    );
}

/// Regression: inline code was measured at the body size but drawn smaller,
/// leaving a gap after it. What is drawn must be exactly as wide as what was measured.
#[test]
fn drawn_text_is_as_wide_as_measured() {
    // Emit draws the glyphs layout measured: their advances add up to the
    // measured width, and there is one for each character of the text.
    let pdf = typeset(&stress(), PdfOptions { paper: Paper::A4 }).unwrap();
    let mut checked = 0;
    for page in &pdf.layout.pages {
        for d in &page.draws {
            if let Draw::Text {
                size,
                text,
                width,
                glyphs,
                ..
            } = d
            {
                // `size` is the size the text is drawn at (code's smaller one included).
                let drawn = glyphs.iter().map(|g| g.advance + g.kern).sum::<f32>() * size.0;
                assert!(
                    (drawn - width.0).abs() < 0.01,
                    "{text:?}: drawn {drawn}, measured {}",
                    width.0
                );
                assert_eq!(&glyphs.iter().map(|g| g.ch).collect::<String>(), text);
                assert!(glyphs.iter().all(|g| g.gid != 0), "{text:?} has .notdef");
                checked += 1;
            }
        }
    }
    assert!(checked > 500);
}

#[test]
fn every_commonmark_and_gfm_example_keeps_every_word() {
    let examples: Vec<serde_json::Value> = serde_json::from_str(
        &fs::read_to_string(root().join("tests/fixtures/pdf/commonmark-gfm-examples.json"))
            .unwrap(),
    )
    .unwrap();
    assert_eq!(examples.len(), 666);
    let mut failures = Vec::new();
    for example in &examples {
        let name = example["name"].as_str().unwrap();
        let md = example["markdown"].as_str().unwrap();
        match typeset(md, PdfOptions { paper: Paper::A4 }) {
            Ok(pdf) => {
                if let Some(problem) = missing_word(md, &pdf.bytes) {
                    failures.push(format!("{name}: {problem}"));
                }
            }
            Err(e) => failures.push(format!("{name}: {e}")),
        }
    }
    assert!(
        failures.is_empty(),
        "{} of 666 lose text:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// starter.yaml with `provider.logo: LOGO` (line 25, value at column 9), in `dir`.
pub(crate) fn starter_with_logo(dir: &Path, logo: &str) -> PathBuf {
    let text = fs::read_to_string(root().join("samples/starter.yaml")).unwrap();
    let from = "  name: Acme Cloud s.r.o.\n";
    assert!(text.contains(from));
    let text = text.replacen(from, &format!("{from}  logo: {logo}\n"), 1);
    let path = dir.join("incident.yaml");
    fs::write(&path, text).unwrap();
    path
}

/// A PNG of 40 × 20 opaque pixels.
fn small_png() -> Vec<u8> {
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, 40, 20);
    encoder.set_color(png::ColorType::Rgb);
    let mut writer = encoder.write_header().unwrap();
    writer.write_image_data(&[30u8; 40 * 20 * 3]).unwrap();
    writer.finish().unwrap();
    out
}

/// The image XObjects a page's resources hold.
fn page_images(doc: &lopdf::Document, page: lopdf::ObjectId) -> usize {
    let (own, inherited) = doc.get_page_resources(page).unwrap();
    let mut dicts: Vec<&lopdf::Dictionary> = own.into_iter().collect();
    dicts.extend(
        inherited
            .iter()
            .filter_map(|id| doc.get_dictionary(*id).ok()),
    );
    let mut count = 0;
    for resources in dicts {
        let Ok(xobjects) = resources.get(b"XObject") else {
            continue;
        };
        let xobjects = match xobjects {
            lopdf::Object::Reference(id) => doc.get_dictionary(*id).unwrap(),
            other => other.as_dict().unwrap(),
        };
        for (_, object) in xobjects.iter() {
            let stream = doc.get_object(object.as_reference().unwrap()).unwrap();
            let dict = &stream.as_stream().unwrap().dict;
            if dict.get(b"Subtype").unwrap().as_name().unwrap() == b"Image" {
                assert_eq!(dict.get(b"Width").unwrap().as_i64().unwrap(), 40);
                count += 1;
            }
        }
    }
    count
}

#[test]
fn the_provider_logo_is_drawn_on_the_first_page_only() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("logo.png"), small_png()).unwrap();
    let incident = starter_with_logo(dir.path(), "logo.png");
    let out = amends(dir.path(), &["render", incident.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let pdf = fs::read_dir(dir.path().join("out"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "pdf"))
        .unwrap();
    let bytes = fs::read(&pdf).unwrap();
    let doc = lopdf::Document::load_mem(&bytes).unwrap();
    let pages: Vec<lopdf::ObjectId> = doc.get_pages().into_values().collect();
    assert!(pages.len() >= 2);
    // The image is in the first page's resources and drawn there (`Do`),
    // and drawn on no other page.
    assert_eq!(page_images(&doc, pages[0]), 1);
    let draws_an_xobject = |page: lopdf::ObjectId| {
        let content = doc.get_page_content(page);
        content.windows(3).any(|w| w == b" Do")
    };
    assert!(draws_an_xobject(pages[0]));
    assert!(pages[1..].iter().all(|p| !draws_an_xobject(*p)));
    // Every word is still there.
    assert_words_in_order(
        &fs::read_to_string(pdf.with_extension("md")).unwrap(),
        &bytes,
    );
}

#[test]
fn a_bad_logo_is_refused_at_its_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("fake.png"), b"GIF89a, not a PNG").unwrap();
    fs::write(dir.path().join("big.png"), vec![0u8; 600 * 1024]).unwrap();
    for (logo, expected) in [
        ("fake.png", "neither a PNG nor a JPEG image"),
        ("big.png", "larger than 512 KiB"),
        ("missing.png", "cannot read the file"),
        ("../logo.png", "relative to the incident file"),
        ("/etc/passwd", "relative to the incident file"),
    ] {
        assert_logo_refused(dir.path(), logo, expected);
    }
}

/// Rendering the starter with `logo` fails at `provider.logo`'s line and
/// column with `expected` in the message, without a panic, writing nothing.
pub(crate) fn assert_logo_refused(dir: &Path, logo: &str, expected: &str) {
    let incident = starter_with_logo(dir, logo);
    let out = amends(dir, &["render", incident.to_str().unwrap()]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{logo}: {err}");
    assert!(
        err.contains("incident.yaml:25:9: error: `provider.logo`"),
        "{logo}: {err}"
    );
    assert!(err.contains(expected), "{logo}: {err}");
    assert!(!err.contains("panicked"), "{logo}: {err}");
    assert!(!dir.join("out").exists(), "{logo}: something was written");
}
