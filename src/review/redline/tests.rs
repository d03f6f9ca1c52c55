use super::*;

#[test]
fn marks_changed_words_and_whole_blocks() {
    let old = "# Title\n\nWe will call you on 19 July.\n\nOld line.\n";
    let new = "# Title\n\nWe will call you on 26 July.\n\nNew paragraph.\n";
    let (text, counts) = redline(old, new);
    assert!(text.starts_with("# Title\n\n"), "{text}");
    assert!(
        text.contains("on <del>19</del><ins>26</ins> July."),
        "{text}"
    );
    assert!(
        text.contains("<del>Old line</del><ins>New paragraph</ins>."),
        "{text}"
    );
    assert_eq!((counts.deleted, counts.inserted), (3, 3));
}

#[test]
fn identical_drafts_have_no_marks_and_metadata_is_ignored() {
    let old = "<!-- amends\nwatermark: DRAFT, REVISION 1\n-->\n\n# T\n\nSame.\n";
    let new = "<!-- amends\nwatermark: DRAFT, REVISION 2\n-->\n\n# T\n\nSame.\n";
    let (text, counts) = redline(old, new);
    assert_eq!(text, "# T\n\nSame.\n");
    assert_eq!(counts, Counts::default());
}

#[test]
fn a_lone_carriage_return_does_not_panic() {
    for (a, b) in [
        ("a\rb", "a\rb"),
        ("a\rb", "a\rc"),
        ("\r", "x\r\r"),
        ("a\r\nb", "a\rb"),
    ] {
        let (text, _) = redline(a, b);
        assert!(!text.is_empty() || b.is_empty());
    }
    assert_eq!(redline("a\rb", "a\rb").0, "a\rb");
}

#[test]
fn a_redline_is_described_briefly() {
    let (marked, counts) = redline(
        "We call on 19 July.\n\nOld line.\n",
        "We call on 26 July.\n\nOld line.\n\nNew.\n",
    );
    assert_eq!(
        describe(&marked, counts, 5),
        "1 word deleted, 2 inserted: \"19\" -> \"26\"; \"New.\" inserted"
    );
    assert_eq!(
        describe(&marked, counts, 1),
        "1 word deleted, 2 inserted: \"19\" -> \"26\"; …"
    );
}

proptest::proptest! {
    /// Any two texts, Markdown-like or not: no panic, and a text against
    /// itself has no marks.
    #[test]
    fn any_texts_redline_without_panic(
        a in "[-*_#>|`\\[\\]() a-zA-Zđạ\u{0130}\u{1E9E}\r\n\t0-9.,]{0,200}",
        b in "[-*_#>|`\\[\\]() a-zA-Zđạ\u{0130}\u{1E9E}\r\n\t0-9.,]{0,200}",
    ) {
        let _ = redline(&a, &b);
        let (same, counts) = redline(&a, &a);
        proptest::prop_assert_eq!(counts, Counts::default());
        proptest::prop_assert_eq!(same, crate::render::header::split_meta(&a).1);
    }
}
