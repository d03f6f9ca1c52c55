//! The PDF's typesetting rules (issue 14): ties, tables, the closing,
//! headings, measure, watermark, quotes, code and footnotes.

use std::fs;

use amends::render::pdf::layout::{BODY, Draw, Layout, Pt};
use amends::render::pdf::{Paper, PdfOptions, split_meta, typeset};

use crate::pdf::{stress, text_boxes};
use crate::{amends, root, stderr};

/// The lines of a layout as text: drawings on one baseline of a page, left to right.
fn layout_lines(layout: &Layout) -> Vec<String> {
    let mut lines = Vec::new();
    for page in &layout.pages {
        let mut by_y: Vec<(f32, f32, &str)> = page
            .draws
            .iter()
            .filter_map(|d| match d {
                Draw::Text { x, y, text, .. } => Some((y.0, x.0, text.as_str())),
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
    // Hand-written text that breaks badly without ties, at every measure:
    // the filler moves each word of the sentence (about 120 characters) past
    // the end of a line (about 76) in turn, "%" near its start included.
    for pad in 0..90 {
        let filler = "x".repeat(pad);
        let md = format!(
            "<!-- amends\nlanguage: cs\n-->\n\n{filler} Kredit činí 10 % z USD 5,000.00 = USD 500.00, tedy USD 20.00 × 25 dní · v Praze a k tomu s námi i o víkendu u nás.\n"
        )
        .repeat(3);
        assert_no_bad_breaks(&format!("pad {pad}"), &md);
    }
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
    assert!(right_edge < pdf.geometry.margin_x.0 + 200.0, "{right_edge}");
}

#[test]
fn wrapped_table_columns_are_balanced_so_no_cell_ends_with_a_lone_word() {
    // At fair widths the first column ends "region" and "now" alone and the
    // second "lead": each has a neighbour with room to give.
    let md = "| Action | Owner and notes | Due |\n|---|---|---|\n\
        | Deploy firewall rules progressively through canary locations before every region | The firewall team with the edge runtime team and the incident lead | 15 Aug 2019 |\n\
        | Switch the rule engine to a linear-time regular-expression library for all rules now | Edge runtime team, who own the rule engine | 31 Oct 2019 |\n\
        | Alert on CPU saturation per location within one minute of it starting | Observability team | 30 Aug 2019 |\n";
    let pdf = typeset(md, PdfOptions { paper: Paper::A4 }).unwrap();
    // Lines of each column (same left edge), split into cells at row gaps.
    let mut columns: Vec<(i32, Vec<(f32, String)>)> = Vec::new();
    for b in text_boxes(&pdf.layout, 0) {
        let g = pdf.geometry;
        if b.1 < g.margin_top.0 - 5.0 || b.1 > (g.height - g.margin_bottom).0 {
            continue; // the page header and footer
        }
        let x = b.0.round() as i32;
        match columns.iter_mut().find(|c| c.0 == x) {
            Some(c) => c.1.push((b.1, b.4)),
            None => columns.push((x, vec![(b.1, b.4)])),
        }
    }
    let mut cells = 0;
    for (_, lines) in &mut columns {
        lines.sort_by(|a, b| a.0.total_cmp(&b.0));
        let mut cell: Vec<&str> = Vec::new();
        for (k, (y, text)) in lines.iter().enumerate() {
            cell.push(text);
            let ends = lines.get(k + 1).is_none_or(|next| next.0 - y > 15.0);
            if ends {
                if cell.len() > 1 {
                    assert!(
                        cell.last().unwrap().trim().contains(' '),
                        "a cell ends with a lone word: {cell:?}"
                    );
                }
                cells += 1;
                cell.clear();
            }
        }
    }
    assert_eq!(cells, 12, "{columns:?}");
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
fn the_last_page_holds_lines_of_the_letter_above_the_closing() {
    // Paragraphs of one to three lines, so the page break falls at every
    // kind of place; the closing's page always carries at least five lines
    // of the letter (the rule is CLOSING_KEEPS_LINES in layout.rs).
    let closing = "\n---\n\nKind regards  \nJana Nováková  \nAcme Cloud\n\nQuestions: support@acme.example.\n";
    let paragraphs = [
        "A short paragraph of the letter.",
        "A paragraph of the letter, long enough to take two lines of the page when it is set in the column of the letter.",
        "A longer paragraph of the letter that takes three lines of the page when it is set: it says what happened, what it cost the customer and what we are doing so that it does not happen again, in plain words.",
    ];
    for lead in 8..60 {
        let body: String = (0..lead)
            .map(|i| format!("{}\n\n", paragraphs[i % 3]))
            .collect();
        let md = format!("{body}The last paragraph ends here.\n{closing}");
        let pdf = typeset(&md, PdfOptions { paper: Paper::A4 }).unwrap();
        let page = *pages_of(&pdf.layout, "Kind regards").first().unwrap();
        let regards_top = text_boxes(&pdf.layout, page)
            .iter()
            .find(|b| b.4.starts_with("Kind regards"))
            .map(|b| b.1)
            .unwrap();
        let mut above: Vec<i32> = text_boxes(&pdf.layout, page)
            .iter()
            .filter(|b| b.1 < regards_top - 20.0 && b.1 > pdf.geometry.margin_top.0 - 5.0)
            .map(|b| b.1.round() as i32)
            .collect();
        above.dedup();
        assert!(
            above.len() >= 5,
            "lead {lead}: {} lines of the letter above the closing on its page",
            above.len()
        );
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
                    if y.0 > pdf.geometry.margin_top.0 - 1.0
                        && *y < pdf.geometry.height - pdf.geometry.margin_bottom =>
                {
                    Some(y.0)
                }
                _ => None,
            })
            .collect();
        baselines.sort_by(f32::total_cmp);
        baselines.dedup_by(|a, b| (*a - *b).abs() < 0.5);
        // The heading's own (first) baseline is the first one below its top.
        let Some(at) = baselines.iter().position(|&y| y > b.y.0) else {
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
        // Full lines of body text: body size, starting at the left margin, not the last of a paragraph.
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
                    && (*size - BODY).abs() < Pt(0.01)
                {
                    match lines.iter_mut().find(|l| (l.0 - y.0).abs() < 0.5) {
                        Some(l) => {
                            l.1 += text.chars().count();
                            l.2 = l.2.max(x.0 + width.0);
                        }
                        None if (*x - g.margin_x).abs() < Pt(0.5) => {
                            lines.push((y.0, text.chars().count(), x.0 + width.0))
                        }
                        None => {}
                    }
                }
            }
            // A line filled to within 8 % of the column is a full line.
            lengths.extend(
                lines
                    .iter()
                    .filter(|l| l.2 > (g.width - g.margin_x - g.column() * 0.08).0)
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
            Draw::Rect { y, h, w, .. } if w.0 <= 2.5 => Some((y.0, y.0 + h.0)),
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
            } if style.mono => Some((x.0, x.0 + width.0, text.clone())),
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
            *x0 >= g.margin_x.0 && *x1 <= (g.width - g.margin_x).0 + 0.5,
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
                Draw::Text { text, y, size, .. } if text == t => Some((y.0, size.0)),
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

/// Czech text with compounds, a number range, a one-letter prefix and an
/// address with hyphens, set at 40 measures.
fn compound_paragraphs(language: &str) -> Vec<(usize, Vec<String>)> {
    (0..40)
        .map(|pad| {
            let filler = "x".repeat(pad);
            let md = format!(
                "<!-- amends\nlanguage: {language}\n-->\n\n{filler} Zákazníci obchodu Frýdek-Místek a Brno-Bohunice si v e-shopu vybírají česko-slovenské zboží od 10-12. července, podmínky na https://example.cz/obchodni-podminky-e-shopu/cesko-slovenske a v `pre-commit-hook`.\n"
            )
            .repeat(3);
            let pdf = typeset(&md, PdfOptions { paper: Paper::A4 }).unwrap();
            (pad, layout_lines(&pdf.layout))
        })
        .collect()
}

#[test]
fn czech_repeats_a_compound_hyphen_on_the_next_line_and_english_does_not() {
    let source = "Zákazníci obchodu Frýdek-Místek a Brno-Bohunice si v e-shopu vybírají česko-slovenské zboží";
    let mut repeated = 0;
    for (pad, lines) in compound_paragraphs("cs") {
        for pair in lines.windows(2) {
            let (above, below) = (pair[0].trim(), pair[1].trim());
            let last = above.split_whitespace().last().unwrap_or("");
            assert!(
                !(last.chars().count() == 2 && last.ends_with('-')),
                "pad {pad}: a one-letter prefix ends a line: {above:?}"
            );
            if let Some(rest) = below.strip_prefix('-') {
                // Only after a compound's first part, and the words joined
                // again are the compound of the text: never an address, code
                // or a number range.
                let first = rest.split_whitespace().next().unwrap_or("");
                let joined = format!("{last}{first}");
                assert!(
                    last.ends_with('-') && source.contains(&joined),
                    "pad {pad}: {above:?} ⏎ {below:?}"
                );
                repeated += 1;
            } else {
                // A compound of the text broken without the repeated hyphen.
                let first = below.split_whitespace().next().unwrap_or("");
                assert!(
                    !(last.ends_with('-') && source.contains(&format!("{last}{first}"))),
                    "pad {pad}: the hyphen is not repeated: {above:?} ⏎ {below:?}"
                );
            }
        }
    }
    assert!(
        repeated >= 20,
        "only {repeated} compound breaks in 40 measures"
    );
    let mut broken_at_hyphen = 0;
    for (pad, lines) in compound_paragraphs("en") {
        for pair in lines.windows(2) {
            assert!(
                !pair[1].trim().starts_with('-'),
                "pad {pad}: English repeats a hyphen: {pair:?}"
            );
            broken_at_hyphen += usize::from(pair[0].trim().ends_with('-'));
        }
    }
    assert!(broken_at_hyphen >= 20, "{broken_at_hyphen}");
}
