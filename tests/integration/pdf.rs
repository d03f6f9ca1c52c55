//! The PDF: every word of the Markdown in its text layer, in order; no glyph
//! missing; layout invariants; furniture and structure.

use std::fs;

use amends::render::pdf::layout::{Draw, Layout};
use amends::render::pdf::{Paper, PdfOptions, split_meta, typeset};
use pulldown_cmark::{Event, Options, Parser};
use unicode_normalization::UnicodeNormalization;

use crate::{amends, root, stderr};

fn stress() -> String {
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
fn assert_words_in_order(markdown: &str, pdf: &[u8]) {
    if let Some(problem) = missing_word(markdown, pdf) {
        panic!("{problem}");
    }
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
fn text_boxes(layout: &Layout, page: usize) -> Vec<(f32, f32, f32, f32, String)> {
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
            } if !text.trim().is_empty() => {
                Some((*x, y - size * 0.75, x + width, y + size * 0.2, text.clone()))
            }
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
                    } => (*x, x + width, y - size, *y),
                    Draw::Rect { x, y, w, h, .. } | Draw::Link { x, y, w, h, .. } => {
                        (*x, x + w, *y, y + h)
                    }
                    Draw::Line { from, to, .. } => (
                        from.0.min(to.0),
                        from.0.max(to.0),
                        from.1.min(to.1),
                        from.1.max(to.1),
                    ),
                };
                assert!(
                    x0 >= g.margin_x - 0.5 && x1 <= g.width - g.margin_x + 0.5,
                    "page {p}: {d:?} leaves the side margins"
                );
                assert!(
                    y0 >= 20.0 && y1 <= g.height - 20.0,
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
            .any(|t| t.1 > b.y + 20.0 && t.3 < g.height - g.margin_bottom + 1.0);
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
    let pdf = typeset(&stress(), PdfOptions { paper: Paper::A4 }).unwrap();
    let fonts = amends::render::pdf::fonts::Fonts::load().unwrap();
    let mut checked = 0;
    for page in &pdf.layout.pages {
        for d in &page.draws {
            if let Draw::Text {
                size,
                style,
                text,
                width,
                ..
            } = d
            {
                let drawn: f32 = fonts
                    .shape(text, style)
                    .iter()
                    .map(|(g, _, k)| g.advance + k)
                    .sum::<f32>()
                    * size;
                assert!(
                    (drawn - width).abs() < 0.05,
                    "{text:?}: drawn {drawn}, measured {width}"
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 500);
}

/// Every drawing of every page lies inside the side margins.
fn assert_inside_margins(pdf: &amends::render::pdf::Pdf) {
    let g = pdf.geometry;
    for (p, page) in pdf.layout.pages.iter().enumerate() {
        for d in &page.draws {
            if let Draw::Text { x, width, .. } = d {
                assert!(
                    *x >= g.margin_x - 0.5 && x + width <= g.width - g.margin_x + 0.5,
                    "page {p}: {d:?} leaves the side margins"
                );
            }
        }
    }
}

#[test]
fn ten_thousand_nested_quotes_and_list_items_typeset_on_the_page() {
    let mut md = "> ".repeat(10_000);
    md.push_str("deepest quote\n\n");
    for i in 0..10_000 {
        md.push_str(&"  ".repeat(i));
        md.push_str("- item\n");
    }
    md.push_str("\nafter\n");
    // A small stack, as test threads and callers' threads may have.
    let pdf = std::thread::Builder::new()
        .stack_size(1 << 20)
        .spawn(move || typeset(&md, PdfOptions { paper: Paper::A4 }).unwrap())
        .unwrap()
        .join()
        .expect("typesetting deep nesting does not overflow the stack");
    assert!(
        pdf.warnings.iter().any(|w| w.contains("nest deeper than")),
        "{:?}",
        pdf.warnings
    );
    assert_inside_margins(&pdf);
    let text = pdf_extract::extract_text_from_mem(&pdf.bytes).unwrap();
    assert!(text.contains("deepest quote") && text.contains("after"));
    assert_eq!(text.matches("item").count(), 10_000);
}

#[test]
fn only_web_and_mail_links_become_link_actions() {
    let md = "[a](https://ok.example/x) [b](mailto:help@ok.example) [c](javascript:alert(1)) \
              [d](file:///etc/passwd) [e](\\\\host\\share) [f](data:text/html,x) [g](JavaScript:x) \
              [h](relative/path.md)\n";
    let pdf = typeset(md, PdfOptions { paper: Paper::A4 }).unwrap();
    let links: Vec<&str> = pdf.layout.pages[0]
        .draws
        .iter()
        .filter_map(|d| match d {
            Draw::Link { url, .. } => Some(url.as_str()),
            _ => None,
        })
        .collect();
    // The link text and its printed address are both clickable.
    let mut distinct = links.clone();
    distinct.dedup();
    assert_eq!(distinct, ["https://ok.example/x", "mailto:help@ok.example"]);
    let raw = String::from_utf8_lossy(&pdf.bytes).to_lowercase();
    assert!(
        !raw.contains("javascript"),
        "no javascript action in the file"
    );
    // The refused addresses are still printed, as text.
    let text: String = pdf_extract::extract_text_from_mem(&pdf.bytes)
        .unwrap()
        .split_whitespace()
        .collect();
    assert!(text.contains("javascript:alert(1)") && text.contains("file:///etc/passwd"));
}

#[test]
fn html_comments_and_hidden_html_are_not_printed() {
    let md = "Visible one <!-- internal: secretA --> two <span hidden>secretB</span> three.\n\n\
              <div hidden>\nsecretC\n</div>\n\n\
              <!--\n\nsecretD in a long comment\n\n-->\n\n\
              <p style=\"display:none\">secretE</p>\n\n\
              <details><summary>Shown</summary>four</details>\n\n\
              <span class=\"x\">five</span> <span hidden>unclosed secretF\n\nsix\n";
    let pdf = typeset(md, PdfOptions { paper: Paper::A4 }).unwrap();
    let text = pdf_extract::extract_text_from_mem(&pdf.bytes).unwrap();
    for secret in ["secret", "internal"] {
        assert!(!text.contains(secret), "{secret} printed:\n{text}");
    }
    for shown in [
        "Visible one",
        "two",
        "three.",
        "Shown",
        "four",
        "five",
        "six",
    ] {
        assert!(text.contains(shown), "{shown} missing:\n{text}");
    }
    assert!(
        pdf.warnings.iter().any(|w| w.contains("hidden HTML")),
        "{:?}",
        pdf.warnings
    );
}

#[test]
fn redline_marks_deletions_red_struck_and_insertions_green_underlined() {
    use amends::render::pdf::layout::Color;
    let md = "Keep ~~old~~ <ins>new words</ins> and <del>gone</del> end.\n";
    let pdf = typeset(md, PdfOptions { paper: Paper::A4 }).unwrap();
    let draws = &pdf.layout.pages[0].draws;
    let text_of = |color: Color| -> Vec<&str> {
        draws
            .iter()
            .filter_map(|d| match d {
                Draw::Text { text, color: c, .. } if *c == color => Some(text.as_str()),
                _ => None,
            })
            .collect()
    };
    assert_eq!(text_of(Color::DELETED), ["old", "gone"]);
    assert_eq!(text_of(Color::INSERTED), ["new words"]);
    // Each marked text has its line, in its colour, across its width.
    for (color, word) in [(Color::DELETED, "old"), (Color::INSERTED, "new words")] {
        let (x, y, width) = draws
            .iter()
            .find_map(|d| match d {
                Draw::Text {
                    x, y, text, width, ..
                } if text == word => Some((*x, *y, *width)),
                _ => None,
            })
            .unwrap();
        assert!(
            draws
                .iter()
                .any(|d| matches!(d, Draw::Line { from, to, color: c, .. }
                if *c == color && (from.0 - x).abs() < 0.01 && (to.0 - x - width).abs() < 0.01
                    && (from.1 - y).abs() < 5.0)),
            "no line for {word}"
        );
    }
    let text = pdf_extract::extract_text_from_mem(&pdf.bytes).unwrap();
    assert!(!text.contains("ins>") && !text.contains("del>"), "{text}");
}

#[test]
fn a_table_row_taller_than_a_page_breaks_between_lines_with_its_header_repeated() {
    let long: Vec<String> = (0..1500).map(|i| format!("w{i}")).collect();
    let md = format!(
        "| When | What happened |\n|---|---|\n| 09:00 | short |\n| 10:00 | {} |\n| 11:00 | after |\n",
        long.join(" ")
    );
    let pdf = typeset(&md, PdfOptions { paper: Paper::A4 }).unwrap();
    let g = pdf.geometry;
    assert!(pdf.layout.pages.len() >= 2, "the row needs several pages");
    for (p, page) in pdf.layout.pages.iter().enumerate() {
        for d in &page.draws {
            let bottom = match d {
                Draw::Text { y, .. } => *y,
                Draw::Rect { y, h, .. } => y + h,
                Draw::Line { from, to, .. } => from.1.max(to.1),
                Draw::Link { y, h, .. } => y + h,
            };
            let footer = matches!(d, Draw::Text { text, .. } if text.contains(" / "));
            assert!(
                footer || bottom <= g.height - g.margin_bottom + 0.5,
                "page {p}: {d:?} is drawn below the bottom margin"
            );
        }
        assert!(
            text_boxes(&pdf.layout, p)
                .iter()
                .any(|b| b.4 == "What happened"),
            "page {p} continues the table without its header"
        );
    }
    assert_words_in_order(&md, &pdf.bytes);
}

#[test]
fn right_to_left_text_is_refused_with_its_position_not_printed_backwards() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("rtl.md"),
        "# Notice\n\nThe customer wrote:\n\n> שלום, the service was down.\n",
    )
    .unwrap();
    let out = amends(dir.path(), &["pdf", "rtl.md"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("rtl.md:5:3: error: right-to-left text (U+05D5, U+05DC, U+05DD, U+05E9)"),
        "{err}"
    );
    assert!(!dir.path().join("rtl.pdf").exists());
    // Arabic in a table cell is refused by the library too.
    let e = typeset("| a |\n|---|\n| مرحبا |\n", PdfOptions { paper: Paper::A4 }).unwrap_err();
    assert_eq!(e.position(), Some((3, 3)));
}

#[test]
fn long_headers_are_cut_with_an_ellipsis_never_overlapping() {
    let long = "Northwind Transatlantic Logistics and Cloud Infrastructure Services Holding GmbH & Co. KG, Zweigniederlassung Ostrava";
    for (left, right) in [
        (long.to_owned(), "INC-2026-0142 · revision 3".to_owned()),
        ("Acme".to_owned(), long.repeat(2)),
        (long.to_owned(), long.to_owned()),
    ] {
        let md = format!(
            "<!-- amends\nheader_left: {left}\nheader_right: {right}\nfooter: {long} {{page}} / {{pages}}\n-->\n\n# T\n\nBody.\n"
        );
        let pdf = typeset(&md, PdfOptions { paper: Paper::A4 }).unwrap();
        let g = pdf.geometry;
        let boxes = text_boxes(&pdf.layout, 0);
        for b in &boxes {
            assert!(
                b.0 >= g.margin_x - 0.5 && b.2 <= g.width - g.margin_x + 0.5,
                "{:?} leaves the margins",
                b.4
            );
        }
        let header: Vec<_> = boxes.iter().filter(|b| b.3 < g.margin_top).collect();
        assert_eq!(header.len(), 2, "{header:?}");
        assert!(header[0].2 + 6.0 <= header[1].0, "{header:?} overlap");
        assert!(header.iter().any(|b| b.4.ends_with('…')), "{header:?}");
    }
}

#[test]
fn characters_without_a_glyph_keep_their_own_text_and_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("g.md"),
        "Malayalam &#xD06; and &#XD07;, CJK 漢字, emoji 🚀, *italic 漢* `mono 字`.\n",
    )
    .unwrap();
    let out = amends(dir.path(), &["pdf", "g.md"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("U+0D06"), "{}", stderr(&out));
    let text =
        pdf_extract::extract_text_from_mem(&fs::read(dir.path().join("g.pdf")).unwrap()).unwrap();
    for expected in [
        "Malayalam \u{D06} and \u{D07}",
        "CJK 漢字",
        "emoji 🚀",
        "italic 漢",
        "mono 字",
    ] {
        assert!(text.contains(expected), "{expected:?} not in {text:?}");
    }
}

/// The lines of a layout as text: drawings on one baseline of a page, left to right.
fn layout_lines(layout: &Layout) -> Vec<String> {
    let mut lines = Vec::new();
    for page in &layout.pages {
        let mut by_y: Vec<(f32, f32, &str)> = page
            .draws
            .iter()
            .filter_map(|d| match d {
                Draw::Text { x, y, text, .. } => Some((*y, *x, text.as_str())),
                _ => None,
            })
            .collect();
        by_y.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
        let mut current: Option<(f32, String)> = None;
        for (y, _, text) in by_y {
            match &mut current {
                Some((cy, line)) if (*cy - y).abs() < 0.5 => line.push_str(text),
                _ => {
                    lines.extend(current.take().map(|c| c.1));
                    current = Some((y, text.to_owned()));
                }
            }
        }
        lines.extend(current.map(|c| c.1));
    }
    lines
}

/// Fails on a line that starts with "%", "=", "·" or "×", on an amount
/// carried away from its currency code, and (in Czech) on a line ending in
/// a one-letter preposition or conjunction.
fn assert_no_bad_breaks(name: &str, markdown: &str) {
    let (meta, _) = split_meta(markdown);
    let czech = meta.language.as_deref() == Some("cs");
    let pdf = typeset(markdown, PdfOptions { paper: Paper::A4 }).unwrap();
    let lines = layout_lines(&pdf.layout);
    for (i, line) in lines.iter().enumerate() {
        let line = line.trim();
        assert!(
            !line.starts_with(['%', '=', '·', '×']),
            "{name}: a line starts with an operator: {line:?}"
        );
        if i > 0 && line.starts_with(|c: char| c.is_ascii_digit()) {
            let last = lines[i - 1].split_whitespace().last().unwrap_or("");
            assert!(
                !(last.len() == 3 && last.chars().all(|c| c.is_ascii_uppercase())),
                "{name}: {line:?} is carried away from its currency {last:?}"
            );
        }
        if czech {
            let last = line.split_whitespace().last().unwrap_or("");
            assert!(
                !["k", "s", "v", "z", "o", "u", "a", "i"].contains(&last.to_lowercase().as_str()),
                "{name}: a line ends with {last:?}: {line:?}"
            );
        }
    }
}

#[test]
fn no_line_starts_with_an_operator_or_ends_with_a_czech_one_letter_word() {
    let dir = tempfile::tempdir().unwrap();
    for sample in [
        "starter.yaml",
        "major-within-control.yaml",
        "minor-outside-control.yaml",
        "critical-repeat-cs.yaml",
    ] {
        let path = root().join("samples").join(sample);
        let out = amends(
            dir.path(),
            &["render", path.to_str().unwrap(), "--format", "md"],
        );
        assert!(out.status.success(), "{sample}: {}", stderr(&out));
    }
    let mut checked = 0;
    for entry in fs::read_dir(dir.path().join("out")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "md") {
            let md = fs::read_to_string(&path).unwrap();
            assert_no_bad_breaks(&path.display().to_string(), &md);
            checked += 1;
        }
    }
    assert!(checked >= 4);
    assert_no_bad_breaks("stress.md", &stress());
    // Hand-written text that breaks badly without ties, at every measure.
    for pad in 0..40 {
        let filler = "x".repeat(pad);
        let md = format!(
            "<!-- amends\nlanguage: cs\n-->\n\n{filler} Kredit činí 10 % z USD 5,000.00 = USD 500.00, tedy USD 20.00 × 25 dní · v Praze a k tomu s námi i o víkendu u nás.\n"
        )
        .repeat(3);
        assert_no_bad_breaks(&format!("pad {pad}"), &md);
    }
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

/// The page each line of text starting with `prefix` is on.
fn pages_of(layout: &Layout, prefix: &str) -> Vec<usize> {
    (0..layout.pages.len())
        .flat_map(|p| {
            text_boxes(layout, p)
                .into_iter()
                .filter(|b| b.4.starts_with(prefix))
                .map(move |_| p)
        })
        .collect()
}

#[test]
fn tables_keep_their_last_rows_and_total_together_and_take_their_natural_width() {
    let mut rows = String::new();
    for i in 1..=40 {
        rows.push_str(&format!("| Row {i:02} | USD 1,000.00 |\n"));
    }
    let table = format!("| Item | Amount |\n|---|--:|\n{rows}| **Total** | **USD 40,000.00** |\n");
    for lead in 0..45 {
        let md = format!(
            "{}{table}\nAfter.\n",
            "Paragraph before the table.\n\n".repeat(lead)
        );
        let pdf = typeset(&md, PdfOptions { paper: Paper::A4 }).unwrap();
        let body = pages_of(&pdf.layout, "Row ");
        let total = pages_of(&pdf.layout, "Total");
        assert_eq!(body.len(), 40);
        let last_page = *body.last().unwrap();
        assert_eq!(
            total,
            [last_page],
            "lead {lead}: the total left its amounts"
        );
        let rows_on_last = body.iter().filter(|&&p| p == last_page).count();
        assert!(
            rows_on_last >= 1 && !(rows_on_last == 0 && total.len() == 1),
            "lead {lead}"
        );
        // Never one row alone under a repeated header.
        for p in body
            .iter()
            .copied()
            .collect::<std::collections::BTreeSet<_>>()
        {
            let n = body.iter().filter(|&&q| q == p).count()
                + total.iter().filter(|&&q| q == p).count();
            assert!(n >= 2, "lead {lead}: page {p} holds one row of the table");
        }
    }
    // A key/value table takes its natural width, not the whole measure.
    let pdf = typeset(
        "| Field | Value |\n|---|---|\n| Start | 8 June 09:14 |\n| End | 8 June 11:02 |\n",
        PdfOptions { paper: Paper::A4 },
    )
    .unwrap();
    let right_edge = text_boxes(&pdf.layout, 0)
        .iter()
        .filter(|b| b.4.contains("June"))
        .map(|b| b.2)
        .fold(0.0f32, f32::max);
    assert!(right_edge < pdf.geometry.margin_x + 200.0, "{right_edge}");
}

#[test]
fn a_short_table_is_never_split() {
    let table = "| A | B |\n|---|---|\n| 1 | one |\n| 2 | two |\n| 3 | three |\n| 4 | four |\n";
    for lead in 0..60 {
        let md = format!("{}{table}", "Paragraph before the table.\n\n".repeat(lead));
        let pdf = typeset(&md, PdfOptions { paper: Paper::A4 }).unwrap();
        let mut pages = pages_of(&pdf.layout, "one");
        pages.extend(pages_of(&pdf.layout, "four"));
        assert_eq!(pages[0], pages[1], "lead {lead}: the short table was split");
    }
}

#[test]
fn the_closing_stays_with_the_last_paragraph_and_is_never_alone_on_a_page() {
    let closing = "\n---\n\nKind regards  \nJana Nováková, Customer Success  \nAcme Cloud\n\nQuestions: support@acme.example.\n";
    for lead in 0..70 {
        let md = format!(
            "{}The last paragraph of the letter ends with these words LASTWORDS.\n{closing}",
            "A paragraph of the letter, long enough to take a line or two of the page when set.\n\n"
                .repeat(lead)
        );
        let pdf = typeset(&md, PdfOptions { paper: Paper::A4 }).unwrap();
        let last = pages_of(&pdf.layout, "The last paragraph");
        let words = (0..pdf.layout.pages.len())
            .filter(|&p| {
                text_boxes(&pdf.layout, p)
                    .iter()
                    .any(|b| b.4.contains("LASTWORDS"))
            })
            .collect::<Vec<_>>();
        let regards = pages_of(&pdf.layout, "Kind regards");
        let contact = pages_of(&pdf.layout, "Questions:");
        assert_eq!(
            words, regards,
            "lead {lead}: the closing left the last paragraph"
        );
        assert_eq!(regards, contact, "lead {lead}: the closing was split");
        assert!(!last.is_empty());
    }
}

#[test]
fn the_draft_watermark_survives_grey_scale_printing_and_stays_light() {
    let md = "<!-- amends\ntitle: T\nwatermark: DRAFT · REVISION 3\n-->\n\n# T\n\nText.\n";
    let pdf = typeset(md, PdfOptions { paper: Paper::A4 }).unwrap();
    let doc = lopdf::Document::load_mem(&pdf.bytes).unwrap();
    let page = *doc.get_pages().get(&1).unwrap();
    let content = doc.get_and_decode_page_content(page).unwrap();
    let ops = &content.operations;
    let gs_at = ops
        .iter()
        .position(|o| o.operator == "gs")
        .expect("a graphics state");
    let rg = ops[gs_at..].iter().find(|o| o.operator == "rg").unwrap();
    let rgb: Vec<f32> = rg.operands.iter().map(|o| o.as_float().unwrap()).collect();
    let resources = doc.get_page_resources(page).unwrap();
    let states = resources
        .0
        .and_then(|r| r.get(b"ExtGState").ok())
        .or_else(|| {
            resources
                .1
                .first()
                .and_then(|id| doc.get_dictionary(*id).ok()?.get(b"ExtGState").ok())
        })
        .unwrap();
    let states = match states {
        lopdf::Object::Reference(id) => doc.get_dictionary(*id).unwrap(),
        other => other.as_dict().unwrap(),
    };
    let (_, state) = states.iter().next().unwrap();
    let state = match state {
        lopdf::Object::Reference(id) => doc.get_dictionary(*id).unwrap(),
        other => other.as_dict().unwrap(),
    };
    let alpha = state.get(b"ca").unwrap().as_float().unwrap();
    // Grey-scale: luminance of the colour, blended over white paper.
    let luminance = 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2];
    let grey = alpha * (1.0 - luminance);
    assert!(
        (0.12..=0.25).contains(&grey),
        "the watermark prints at {grey:.3} grey"
    );
}

#[test]
fn headings_sit_closer_to_what_follows_than_to_what_precedes() {
    let pdf = typeset(&stress(), PdfOptions { paper: Paper::A4 }).unwrap();
    let mut checked = 0;
    for b in &pdf.layout.bookmarks {
        let mut baselines: Vec<f32> = pdf.layout.pages[b.page]
            .draws
            .iter()
            .filter_map(|d| match d {
                Draw::Text { y, .. }
                    if *y > pdf.geometry.margin_top - 1.0
                        && *y < pdf.geometry.height - pdf.geometry.margin_bottom =>
                {
                    Some(*y)
                }
                _ => None,
            })
            .collect();
        baselines.sort_by(f32::total_cmp);
        baselines.dedup_by(|a, b| (*a - *b).abs() < 0.5);
        // The heading's own (first) baseline is the first one below its top.
        let Some(at) = baselines.iter().position(|&y| y > b.y) else {
            continue;
        };
        let (Some(above), Some(below)) = (
            at.checked_sub(1).map(|i| baselines[i]),
            baselines.get(at + 1),
        ) else {
            continue;
        };
        let heading = baselines[at];
        assert!(
            heading - above > below - heading,
            "{:?}: {} pt above, {} pt below",
            b.title,
            heading - above,
            below - heading
        );
        checked += 1;
    }
    assert!(checked >= 5, "{checked}");
}

#[test]
fn body_lines_hold_65_to_80_characters() {
    let english = "The outage began when a configuration change reached every region at once, and the service returned errors to most requests until we rolled the change back. ".repeat(12);
    let czech = "Výpadek začal, když se změna konfigurace dostala do všech oblastí najednou, a služba vracela chyby většině požadavků, dokud jsme změnu nevrátili. ".repeat(12);
    let md = format!("{english}\n\n{czech}\n\n{}", stress());
    for paper in [Paper::A4, Paper::Letter] {
        let pdf = typeset(&md, PdfOptions { paper }).unwrap();
        let g = pdf.geometry;
        // Full lines of body text: 10 pt, starting at the left margin, not the last of a paragraph.
        let mut lengths = Vec::new();
        for page in &pdf.layout.pages {
            let mut lines: Vec<(f32, usize, f32)> = Vec::new();
            for d in &page.draws {
                if let Draw::Text {
                    x,
                    y,
                    size,
                    text,
                    width,
                    ..
                } = d
                    && (*size - 10.0).abs() < 0.01
                {
                    match lines.iter_mut().find(|l| (l.0 - y).abs() < 0.5) {
                        Some(l) => {
                            l.1 += text.chars().count();
                            l.2 = l.2.max(x + width);
                        }
                        None if (*x - g.margin_x).abs() < 0.5 => {
                            lines.push((*y, text.chars().count(), x + width))
                        }
                        None => {}
                    }
                }
            }
            // A line filled to within 8 % of the column is a full line.
            lengths.extend(
                lines
                    .iter()
                    .filter(|l| l.2 > g.width - g.margin_x - g.column() * 0.08)
                    .map(|l| l.1),
            );
        }
        assert!(lengths.len() > 30);
        let mean = lengths.iter().sum::<usize>() as f32 / lengths.len() as f32;
        assert!(
            (65.0..=80.0).contains(&mean),
            "{paper:?}: {mean} characters a line"
        );
    }
}

#[test]
fn the_block_quote_bar_runs_unbroken_between_paragraphs() {
    let md = "Before.\n\n> First paragraph of the quote.\n>\n> Second paragraph.\n>\n> - a list item\n>\n> Third.\n\nAfter.\n";
    let pdf = typeset(md, PdfOptions { paper: Paper::A4 }).unwrap();
    let mut bars: Vec<(f32, f32)> = pdf.layout.pages[0]
        .draws
        .iter()
        .filter_map(|d| match d {
            Draw::Rect { y, h, w, .. } if *w <= 2.5 => Some((*y, y + h)),
            _ => None,
        })
        .collect();
    bars.sort_by(|a, b| a.0.total_cmp(&b.0));
    assert!(bars.len() >= 4, "{bars:?}");
    for pair in bars.windows(2) {
        assert!(pair[1].0 <= pair[0].1 + 0.01, "a gap in the bar: {pair:?}");
    }
}

#[test]
fn long_code_lines_wrap_at_spaces_with_a_continuation_mark() {
    let words: Vec<String> = (0..60).map(|i| format!("token{i}")).collect();
    let md = format!(
        "```\n{}\nshort line\n{}\n```\n",
        words.join(" "),
        "x".repeat(300)
    );
    let pdf = typeset(&md, PdfOptions { paper: Paper::A4 }).unwrap();
    let g = pdf.geometry;
    let lines: Vec<(f32, f32, String)> = pdf.layout.pages[0]
        .draws
        .iter()
        .filter_map(|d| match d {
            Draw::Text {
                x,
                width,
                text,
                style,
                ..
            } if style.mono => Some((*x, x + width, text.clone())),
            _ => None,
        })
        .collect();
    let continued: Vec<&String> = lines
        .iter()
        .map(|l| &l.2)
        .filter(|t| t.starts_with("↪"))
        .collect();
    assert!(continued.len() >= 3, "{lines:?}");
    for (x0, x1, text) in &lines {
        assert!(
            *x0 >= g.margin_x && *x1 <= g.width - g.margin_x + 0.5,
            "{text}"
        );
    }
    // The sentence of tokens wraps between tokens only.
    for (_, _, text) in lines.iter().filter(|l| l.2.contains("token")) {
        for word in text.trim_start_matches("↪ ").split_whitespace() {
            assert!(
                words.contains(&word.to_owned()),
                "{word:?} was cut: {text:?}"
            );
        }
    }
}

#[test]
fn footnote_references_are_raised_smaller_numbers() {
    let md = "A claim[^a] and another[^b].\n\n[^a]: First note.\n[^b]: Second note.\n";
    let pdf = typeset(md, PdfOptions { paper: Paper::A4 }).unwrap();
    let draws = &pdf.layout.pages[0].draws;
    let find = |t: &str| {
        draws
            .iter()
            .find_map(|d| match d {
                Draw::Text { text, y, size, .. } if text == t => Some((*y, *size)),
                _ => None,
            })
            .unwrap_or_else(|| panic!("{t:?} not drawn: {draws:?}"))
    };
    let (body_y, body_size) = find("A claim");
    for n in ["1", "2"] {
        let (y, size) = find(n);
        assert!(
            y < body_y - 2.0 && size < body_size * 0.8,
            "{n}: {y} {size}"
        );
    }
    let text = pdf_extract::extract_text_from_mem(&pdf.bytes).unwrap();
    assert!(!text.contains("[1]"), "{text}");
    assert!(text.contains("First note.") && text.contains("Second note."));
}
