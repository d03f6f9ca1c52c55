//! The PDF under hostile Markdown (issue 9): deep nesting, link schemes,
//! hidden HTML, huge table rows, right-to-left text, long headers,
//! characters without a glyph.

use std::fs;

use amends::render::pdf::layout::{Draw, Pt};
use amends::render::pdf::{Paper, PdfOptions, typeset};

use crate::pdf::{assert_words_in_order, text_boxes};
use crate::{amends, stderr};

/// Every drawing of every page lies inside the side margins.
fn assert_inside_margins(pdf: &amends::render::pdf::Pdf) {
    let g = pdf.geometry;
    for (p, page) in pdf.layout.pages.iter().enumerate() {
        for d in &page.draws {
            if let Draw::Text { x, width, .. } = d {
                assert!(
                    x.0 >= g.margin_x.0 - 0.5 && x.0 + width.0 <= (g.width - g.margin_x).0 + 0.5,
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
                } if text == word => Some((x.0, y.0, width.0)),
                _ => None,
            })
            .unwrap();
        assert!(
            draws
                .iter()
                .any(|d| matches!(d, Draw::Line { from, to, color: c, .. }
                if *c == color && (from.0.0 - x).abs() < 0.01 && (to.0.0 - x - width).abs() < 0.01
                    && (from.1.0 - y).abs() < 5.0)),
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
                Draw::Rect { y, h, .. } => *y + *h,
                Draw::Line { from, to, .. } => from.1.max(to.1),
                Draw::Link { y, h, .. } | Draw::Image { y, h, .. } => *y + *h,
            };
            let footer = matches!(d, Draw::Text { text, .. } if text.contains(" / "));
            assert!(
                footer || bottom <= g.height - g.margin_bottom + Pt(0.5),
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

/// An incident whose text the PDF cannot set is refused at its place in the
/// incident file; Markdown and JSON of it are still written on request.
#[test]
fn right_to_left_text_in_an_incident_is_refused_at_its_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let text = fs::read_to_string(crate::root().join("samples/major-within-control.yaml"))
        .unwrap()
        .replace("  name: Lumen Books Ltd.", "  name: \"ספרי לומן\"");
    let line = 1 + text.lines().position(|l| l.contains("ספרי")).unwrap();
    fs::write(dir.path().join("i.yaml"), text).unwrap();
    let out = amends(dir.path(), &["render", "i.yaml", "--out", "o"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains(&format!("i.yaml:{line}:10: error: right-to-left text")),
        "{}",
        stderr(&out)
    );
    assert!(!dir.path().join("o").join("HX-2019-0702.pdf").exists());
    let out = amends(
        dir.path(),
        &["render", "i.yaml", "--out", "o", "--format", "md,json"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
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
                b.0 >= g.margin_x.0 - 0.5 && b.2 <= (g.width - g.margin_x).0 + 0.5,
                "{:?} leaves the margins",
                b.4
            );
        }
        let header: Vec<_> = boxes.iter().filter(|b| b.3 < g.margin_top.0).collect();
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
