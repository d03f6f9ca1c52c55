//! The review on hostile text: many findings, any Unicode.

use crate::lint::{CLEAN, findings_json};

#[test]
fn identical_findings_are_capped() {
    let words = "We guarantee it. ".repeat(400);
    let (_, found) = findings_json(&format!("{CLEAN}apology: {words}\n"), &[]);
    let promises = found
        .iter()
        .filter(|f| f["rule"] == "risky-promise")
        .count();
    assert_eq!(promises, 5, "{found:?}");
    let rest = found
        .iter()
        .find(|f| f["rule"] == "too-many-findings")
        .unwrap();
    assert!(
        rest["message"].as_str().unwrap().starts_with("395 more"),
        "{rest}"
    );
    // Different words each time: at most 200 findings in all, however long the text.
    let addresses: String = (0..3000).map(|i| format!("ops{i}@acme.example ")).collect();
    let (_, found) = findings_json(&format!("{CLEAN}apology: {addresses}\n"), &[]);
    assert_eq!(found.len(), 201, "{}", found.len());
    assert!(
        found[200]["message"]
            .as_str()
            .unwrap()
            .starts_with("2,800 more"),
        "{}",
        found[200]
    );
}

/// Random Unicode texts (a fixed-seed generator over characters that have
/// broken text handling before: length-changing case, combining marks,
/// right-to-left, emoji, markup, addresses) in every text field: the review
/// never panics and every position it gives is inside the file.
#[test]
fn random_unicode_text_never_breaks_the_review() {
    const POOL: &[char] = &[
        'a', 'e', 'I', 'i', 'İ', 'ı', 'ẞ', 'ß', '\u{212A}', '\u{2126}', 'Σ', 'ς', 'ǅ', 'ŉ', 'ﬃ',
        '\u{301}', '\u{323}', 'ệ', 'ř', 'Ů', 'א', 'ب', '😀', '\u{200D}', ' ', ' ', ' ', '.', ',',
        ':', ';', '@', '<', '>', '!', '-', '/', '*', '%', '\'', '’', '0', '1', '9', 'w', 'e', 'v',
        'n', 'd', 'o', 'r', 'g', 'u', 't', 'A', 'Ã', '©', 'Ĺ', '™',
    ];
    let words = [
        "vendor",
        "guarantee",
        "never again",
        "sorry",
        "but",
        "10.0.0.1",
        "a.prod.x.io",
        "<!--",
        "brief",
        "Nikdy se to nebude opakovat",
        "sự bất tiện",
    ];
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move |n: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        usize::try_from(seed % n as u64).unwrap()
    };
    let templates = amends::render::Templates::builtin().unwrap();
    let settings = amends::check::Settings {
        today: chrono::NaiveDate::from_ymd_opt(2026, 7, 5).unwrap(),
        provider: None,
    };
    let mut linted = 0;
    for round in 0..300 {
        let mut text = String::new();
        for _ in 0..next(60) {
            if next(5) == 0 {
                text.push_str(words[next(words.len())]);
            } else {
                text.push(POOL[next(POOL.len())]);
            }
        }
        let quoted = serde_json::to_string(&text).unwrap();
        let style = ["\"", ">-\n  ", "|\n  "][round % 3];
        let value = if style == "\"" {
            quoted
        } else {
            format!("{style}{}", text.replace('\n', " ").trim())
        };
        if value.trim().ends_with('|') || value.trim().ends_with('-') {
            continue;
        }
        let letter = format!("{CLEAN}apology: {value}\n");
        let source = amends::read::Source {
            name: "r.yaml".into(),
            text: letter.clone(),
        };
        let lines = letter.lines().count() as u64;
        if let Ok((_, findings)) = amends::lint(
            &source,
            settings,
            &templates,
            amends::review::Thresholds::default(),
        ) {
            linted += 1;
            for f in findings {
                if let Some(p) = f.pos {
                    assert!(p.line >= 1 && p.line <= lines, "{letter}\n{f:?}");
                }
            }
        }
    }
    // Most random texts are valid YAML: the review really ran on them.
    assert!(linted > 200, "only {linted} of 300 letters were valid");
}
