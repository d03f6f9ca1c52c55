//! `translations:` is checked by every command, not only by a batch: a file
//! without customers gets the batch's errors, lint reviews each translation
//! with its own language's word lists, and a single letter says it does not
//! use them.

use crate::lint::CLEAN;
use crate::{amends, stderr, stdout};

/// Czech and Vietnamese translations of `CLEAN`, starting at line 23.
const TRANSLATIONS: &str = "\
translations:
  cs:
    title: Výpadek pokladny
    summary: Pokladna 27 minut selhávala kvůli změně, kterou jsme provedli.
    impact: {description: Platby selhávaly.}
    root_cause: {summary: Konfigurační změna odmítla všechny platby.}
    timeline: [Změna byla nasazena., Spustily se výstrahy., Napsali jsme vám., Změna byla vrácena.]
    lessons: [Konfigurace potřebuje postupné nasazení.]
    actions: [{action: Postupné nasazování konfigurace.}]
    gestures: [Společná revize]
  vi:
    title: Sự cố thanh toán
    summary: Thanh toán bị lỗi trong 27 phút do một thay đổi của chúng tôi.
    impact: {description: Thanh toán thất bại.}
    root_cause: {summary: Một thay đổi cấu hình đã từ chối mọi khoản thanh toán.}
    timeline: [Thay đổi được triển khai., Cảnh báo được kích hoạt., Chúng tôi đã gửi email cho bạn., Thay đổi đã được hoàn tác.]
    lessons: [Cấu hình cần triển khai từng bước.]
    actions: [{action: Triển khai cấu hình từng bước.}]
    gestures: [Một buổi rà soát]
";

/// The clean file with its translations, `edit` applied to them.
fn incident(edit: impl Fn(&str) -> String) -> String {
    format!("{CLEAN}{}", edit(TRANSLATIONS))
}

/// Runs `amends` with `args` on `text` written to letter.yaml.
fn run(text: &str, args: &[&str]) -> (i32, String, String) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("letter.yaml"), text).unwrap();
    let out = amends(dir.path(), args);
    (out.status.code().unwrap_or(-1), stdout(&out), stderr(&out))
}

/// A copy of the Czech block under another tag, its title at line 43.
fn czech_as(tag: &str) -> impl Fn(&str) -> String {
    move |t: &str| {
        let cs = &t[t.find("  cs:\n").unwrap()..t.find("  vi:\n").unwrap()];
        format!("{t}{}", cs.replacen("  cs:", &format!("  {tag}:"), 1))
    }
}

/// A change to the translations.
type Edit = Box<dyn Fn(&str) -> String>;

#[test]
fn check_refuses_each_broken_translation_in_a_file_without_customers() {
    let cases: Vec<(Edit, &str)> = vec![
        (
            Box::new(|t: &str| {
                t.replacen(
                    "    summary: Pokladna 27 minut selhávala kvůli změně, kterou jsme provedli.\n",
                    "",
                    1,
                )
            }),
            "letter.yaml:25:5: error: missing field `summary`",
        ),
        (
            Box::new(|t: &str| t.replacen(" Spustily se výstrahy.,", "", 1)),
            "letter.yaml:29:15: error: the translation into `cs` has 3 item(s) under `timeline` but the incident has 4",
        ),
        (
            Box::new(|t: &str| {
                t.replacen(
                    "    gestures: [Společná",
                    "    colour: red\n    gestures: [Společná",
                    1,
                )
            }),
            "letter.yaml:32:5: error: unknown field `colour`",
        ),
        (
            Box::new(|t: &str| {
                t.replacen(
                    "    lessons: [Konfigurace",
                    "    apology: Omlouváme se.\n    lessons: [Konfigurace",
                    1,
                )
            }),
            "letter.yaml:30:14: error: the translation into `cs` gives `apology`, which the incident does not",
        ),
        (
            Box::new(czech_as("CS")),
            "letter.yaml:43:5: error: `translations`: `cs` is given twice",
        ),
        (
            Box::new(czech_as("en-GB")),
            "letter.yaml:43:5: error: `translations`: `en-gb` is the incident's own language",
        ),
        (
            Box::new(czech_as("de")),
            "letter.yaml:43:5: error: `translations`: there is no wording for the language `de`",
        ),
    ];
    for (edit, expected) in cases {
        let text = incident(edit);
        assert!(!text.contains("customers"));
        for command in ["check", "lint", "render"] {
            let (code, _, err) = run(&text, &[command, "letter.yaml"]);
            assert_eq!(code, 1, "{command}: {err}");
            assert!(
                err.contains(expected),
                "{command}: expected {expected}\n{err}"
            );
        }
    }
}

#[test]
fn lint_reviews_each_translation_with_its_languages_word_lists() {
    let text = incident(|t| {
        t.replacen(
            "{summary: Konfigurační změna odmítla všechny platby.}",
            "{summary: Chybu způsobil náš dodavatel.}",
            1,
        )
        .replacen(
            "{summary: Một thay đổi cấu hình đã từ chối mọi khoản thanh toán.}",
            "{summary: Lỗi do nhà cung cấp gây ra.}",
            1,
        )
    });
    let (code, out, err) = run(&text, &["lint", "letter.yaml", "--format", "json"]);
    assert_eq!(code, 1, "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let file = &json["files"][0];
    let found: Vec<(String, u64, u64, String)> = file["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_owned(),
                f["line"].as_u64().unwrap_or(0),
                f["column"].as_u64().unwrap_or(0),
                f["quote"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect();
    assert_eq!(
        found,
        vec![
            ("blame-shifting".into(), 28, 46, "dodavatel".into()),
            ("blame-shifting".into(), 37, 34, "nhà cung cấp".into()),
        ],
        "{out}"
    );
    assert_eq!(file["word_lists"], "lint/en.yaml");
    assert_eq!(file["translation_word_lists"]["cs"], "lint/cs.yaml");
    assert_eq!(file["translation_word_lists"]["vi"], "lint/vi.yaml");
    let (_, _, err) = run(&text, &["lint", "letter.yaml"]);
    assert!(
        err.contains("letter.yaml: translation `cs` reviewed with word lists: lint/cs.yaml"),
        "{err}"
    );

    // The near miss: the same translations without the blame are clean.
    let (code, out, err) = run(
        &incident(str::to_owned),
        &["lint", "letter.yaml", "--format", "json"],
    );
    assert_eq!(code, 0, "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["files"][0]["findings"], serde_json::json!([]), "{out}");
}

#[test]
fn a_single_letter_warns_that_its_translations_are_unused_and_stays_in_its_language() {
    let text = incident(str::to_owned);
    let (code, _, err) = run(&text, &["check", "letter.yaml"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("letter.yaml:24:3: warning: `translations`: unused in this file's single letter, which is written in `en`"),
        "{err}"
    );
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("letter.yaml"), &text).unwrap();
    let out = amends(
        dir.path(),
        &["render", "letter.yaml", "--out", "out", "--format", "md"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let letter = std::fs::read_dir(dir.path().join("out"))
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap_or_default())
        .collect::<String>();
    assert!(letter.contains("Checkout outage"), "{letter}");
    assert!(!letter.contains("Výpadek pokladny"), "{letter}");
    // Without translations, no such warning.
    let (code, _, err) = run(CLEAN, &["check", "letter.yaml"]);
    assert_eq!(code, 0, "{err}");
    assert!(!err.contains("translations"), "{err}");
}
