//! Paragraphs already broken into lines, kept per measure (per thread: a
//! batch loads its fonts once a thread), so the text every letter of a batch
//! shares (timeline, root cause, lessons, actions in one language and time
//! zone) is shaped and broken once, not once a letter.
//!
//! Line breaking is a pure function of the runs (text and style), the width
//! and the measure; the key is the first two, the cache belongs to the third.
//! The cache is bounded by an estimate of the bytes it holds. When full, it
//! keeps only the paragraphs found again since it was last full (the text
//! letters share) and drops the rest (a letter's own: names, figures);
//! when what it keeps would still fill half of it, it is emptied whole. So
//! memory stays flat, and what a letter gets never depends on what came
//! before it: a hit gives the very lines breaking would. A paragraph that
//! would take more than an eighth of the bound is never kept.

use std::cell::{Cell, RefCell};
use std::hash::{Hash, Hasher};
use std::rc::Rc;

use rustc_hash::{FxHashMap, FxHasher};

use super::super::blocks::Run;
use super::{Em, Fragment, Line, ShapedGlyph};

/// The most a cache holds, in bytes of text, glyphs and their bookkeeping
/// (estimated by [`footprint`]; the allocator adds to it). The sample
/// batch's first letter in a language adds 100-190 KB (its paragraphs and
/// table cells at every width tried), each later letter about 17 KB of its
/// own (names, figures): 2 MiB keeps the shared text of five or so language
/// and time-zone variants and some sixty letters' own text between two
/// evictions.
pub const LINE_CACHE_BYTES: usize = 2 << 20;

/// One paragraph's lines, with the key they were broken from.
struct Entry {
    runs: Box<[Run]>,
    width: u32,
    lines: Rc<[Line]>,
    /// Found again since the cache was last full.
    reused: Cell<bool>,
}

/// Lines broken before, by runs and width; see the module's comment.
pub struct LineCache {
    /// By the hash of the key; a colliding key replaces the entry.
    entries: RefCell<FxHashMap<u64, Entry>>,
    /// The estimated bytes held (see [`footprint`]).
    bytes: Cell<usize>,
    /// The most it holds before it is emptied.
    bound: usize,
}

impl Default for LineCache {
    fn default() -> Self {
        LineCache::bounded(LINE_CACHE_BYTES)
    }
}

impl std::fmt::Debug for LineCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LineCache")
            .field("entries", &self.entries.borrow().len())
            .field("bytes", &self.bytes.get())
            .finish()
    }
}

impl LineCache {
    /// An empty cache that holds at most about `bytes`.
    #[must_use]
    pub fn bounded(bytes: usize) -> LineCache {
        LineCache {
            entries: RefCell::default(),
            bytes: Cell::new(0),
            bound: bytes,
        }
    }

    /// The lines of `runs` at `width`, from the cache or from `break_lines`.
    pub fn lines(
        &self,
        runs: &[Run],
        width: Em,
        break_lines: impl FnOnce() -> Vec<Line>,
    ) -> Rc<[Line]> {
        let width = width.0.to_bits();
        let mut hasher = FxHasher::default();
        runs.hash(&mut hasher);
        width.hash(&mut hasher);
        let key = hasher.finish();
        if let Some(e) = self.entries.borrow().get(&key)
            && e.width == width
            && *e.runs == *runs
        {
            e.reused.set(true);
            return Rc::clone(&e.lines);
        }
        let lines: Rc<[Line]> = break_lines().into();
        let size = footprint(runs, &lines);
        if size > self.bound / 8 {
            // A paragraph this long is not a letter's shared text; keeping
            // it would cost more memory than breaking it again costs time.
            return lines;
        }
        let mut entries = self.entries.borrow_mut();
        if self.bytes.get() + size > self.bound {
            entries.retain(|_, e| e.reused.replace(false));
            let kept = entries.values().map(|e| footprint(&e.runs, &e.lines)).sum();
            self.bytes.set(kept);
            if kept + size > self.bound / 2 {
                entries.clear();
                self.bytes.set(0);
            }
        }
        let entry = Entry {
            runs: runs.into(),
            width,
            lines: Rc::clone(&lines),
            reused: Cell::new(false),
        };
        if let Some(old) = entries.insert(key, entry) {
            self.bytes
                .set(self.bytes.get() - footprint(&old.runs, &old.lines));
        }
        self.bytes.set(self.bytes.get() + size);
        lines
    }

    /// The number of paragraphs held.
    #[must_use]
    pub fn len(&self) -> usize {
        self.entries.borrow().len()
    }

    /// Whether it holds nothing.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The estimated bytes it holds.
    #[must_use]
    pub fn bytes(&self) -> usize {
        self.bytes.get()
    }
}

/// The bytes an entry takes, estimated from its parts (allocator overhead
/// aside): the key's runs and the lines' fragments, text and glyphs.
fn footprint(runs: &[Run], lines: &[Line]) -> usize {
    let run =
        |r: &Run| size_of::<Run>() + r.text.len() + r.style.link.as_ref().map_or(0, String::len);
    let fragment = |f: &Fragment| {
        size_of::<Fragment>()
            + f.text.len()
            + f.style.link.as_ref().map_or(0, String::len)
            + f.glyphs.len() * size_of::<ShapedGlyph>()
    };
    size_of::<Entry>()
        + runs.iter().map(run).sum::<usize>()
        + lines
            .iter()
            .map(|l| size_of::<Line>() + l.fragments.iter().map(fragment).sum::<usize>())
            .sum::<usize>()
}

#[cfg(test)]
mod tests {
    use super::super::super::blocks::{Style, parse};
    use super::super::super::fonts::Fonts;
    use super::super::super::layout::{Furniture, Geometry, Layout, Paper, layout};
    use super::super::super::{Letterhead, PdfOptions, typeset_using, typeset_with, typography};
    use super::super::{Measure, ShapedGlyph};
    use super::*;

    /// A batch letter's shape: paragraphs, tables, a list, a quote, a link,
    /// a footnote, Czech compounds; `name` and `amount` differ per letter.
    fn letter(language: &str, name: &str, amount: &str) -> String {
        format!(
            "<!-- amends\nlanguage: {language}\n-->\n\n# Zpráva pro {name}\n\n\
             **EdgeNet Inc.** pro **{name}** · 12. července 2019\n\n\
             > **Koncept, revize 2.** Tato zpráva není konečná a před odesláním se může změnit.\n\n\
             Dne 2. července 2019 se návštěvníkům vašich webů zobrazovaly chyby 502, protože \
             pravidlo firewallu, které jsme nasadili, vyčerpalo výkon procesorů našich \
             okrajových serverů v Frýdku-Místku. Služba je plně obnovena; viz \
             <https://status.example.com/incidents/2019-07-02/export?format=pdf&lang=cs>.[^1]\n\n\
             | Období | Od | Do | Trvání |\n|---|---|---|---:|\n\
             | Výpadek | 2. 7. 2019 15:42 | 2. 7. 2019 15:58 | 16 min |\n\
             | Omezený provoz pro {name} | 2. 7. 2019 15:58 | 2. 7. 2019 16:09 | 11 min |\n\
             | Celkem | | | {amount} |\n\n\
             - Nové pravidlo obsahovalo regulární výraz, jehož vyhodnocování se nadměrně vracelo.\n\
             - Dobropis **{amount}** vám připíšeme na e-mail a do `pre-commit-hook` účtu.\n\n\
             ---\n\nS pozdravem,\n\nEdgeNet Inc.\n\n[^1]: Časy jsou středoevropský letní čas.\n"
        )
    }

    /// The blocks of a document as typesetting gives them to layout.
    fn laid_out(markdown: &str, measure: &dyn Measure) -> Layout {
        let mut blocks = parse(markdown);
        typography::apply(&mut blocks, "cs");
        layout(
            &blocks,
            measure,
            Geometry::new(Paper::A4),
            &Furniture::default(),
        )
    }

    /// Fonts measuring without a line cache, or with one of their own bound.
    struct Measured<'a> {
        fonts: &'a Fonts,
        cache: Option<LineCache>,
    }

    impl Measure for Measured<'_> {
        fn width(&self, text: &str, style: &Style) -> f32 {
            self.fonts.width(text, style)
        }
        fn shape(&self, text: &str, style: &Style) -> Vec<ShapedGlyph> {
            Measure::shape(self.fonts, text, style)
        }
        fn line_cache(&self) -> Option<&LineCache> {
            self.cache.as_ref()
        }
    }

    #[test]
    fn a_cached_layout_is_the_layout_broken_afresh() {
        let docs = [
            letter("cs", "Customer 1 s.r.o.", "1 200,50 Kč"),
            letter("cs", "Zákazník 7 a. s.", "36 500 Kč"),
            letter("cs", "Customer 1 s.r.o.", "1 200,50 Kč"),
        ];
        let fonts = Fonts::load().expect("built-in fonts");
        let shared = Fonts::load().expect("built-in fonts");
        // A bound smaller than one letter: the cache is emptied mid-document.
        let tiny = Measured {
            fonts: &fonts,
            cache: Some(LineCache::bounded(16 << 10)),
        };
        for doc in &docs {
            let fresh = Fonts::load().expect("built-in fonts");
            let plain = Measured {
                fonts: &fresh,
                cache: None,
            };
            let expected = laid_out(doc, &plain);
            for measure in [&shared as &dyn Measure, &tiny] {
                let got = laid_out(doc, measure);
                assert_eq!(got.pages, expected.pages);
                assert_eq!(got.bookmarks, expected.bookmarks);
            }
        }
        assert!(!shared.line_cache().expect("fonts cache lines").is_empty());
        let tiny = tiny.cache.expect("a cache");
        assert!(tiny.bytes() <= 16 << 10, "{tiny:?}");
    }

    #[test]
    fn a_letter_after_others_is_the_same_pdf() {
        let options = PdfOptions { paper: Paper::A4 };
        let letterhead = Letterhead::default();
        let fonts = Fonts::load().expect("built-in fonts");
        for doc in [
            letter("cs", "Customer 1 s.r.o.", "1 200,50 Kč"),
            letter("en", "Customer 2 Ltd", "€2,400.00"),
            letter("cs", "Customer 1 s.r.o.", "1 200,50 Kč"),
        ] {
            let alone = typeset_with(&doc, options, &letterhead).expect("typesets");
            let after = typeset_using(&doc, options, &letterhead, &fonts).expect("typesets");
            assert!(alone.bytes == after.bytes, "the PDFs differ");
            assert_eq!(alone.warnings, after.warnings);
        }
    }

    #[test]
    fn every_letter_with_a_character_no_font_has_is_warned() {
        let options = PdfOptions { paper: Paper::A4 };
        let letterhead = Letterhead::default();
        let fonts = Fonts::load().expect("built-in fonts");
        // U+0D06 (Malayalam) is in no face: in a letter's name, and alone
        // in a paragraph that only line breaking measures.
        let doc = letter("cs", "Zákazník \u{d06} a. s.", "1 200,50 Kč");
        let paragraph = "Jen tento odstavec má znak \u{d06}.\n";
        for doc in [&doc, &doc, paragraph, paragraph] {
            let pdf = typeset_using(doc, options, &letterhead, &fonts).expect("typesets");
            assert!(
                pdf.warnings.iter().any(|w| w.contains("U+0D06")),
                "{:?}",
                pdf.warnings
            );
        }
        let clean = letter("cs", "Zákazník a. s.", "1 200,50 Kč");
        let pdf = typeset_using(&clean, options, &letterhead, &fonts).expect("typesets");
        assert!(pdf.warnings.is_empty(), "{:?}", pdf.warnings);
    }

    /// Warnings come from what a letter draws, so a thread's earlier
    /// letters cannot change them: a character measured in a header but cut
    /// off, or in the spaces a line break drops, is the same each time.
    #[test]
    fn a_letters_warnings_do_not_depend_on_the_letters_before_it() {
        let options = PdfOptions { paper: Paper::A4 };
        let letterhead = Letterhead::default();
        let fonts = Fonts::load().expect("built-in fonts");
        let long = "Poskytovatel s velmi dlouhým názvem ".repeat(6);
        let header =
            format!("<!-- amends\ntitle: T\nheader_left: {long}\u{d06}\n-->\n\n# T\n\nText.\n");
        // U+3000 (ideographic space) is in no face; between words it can
        // fall at a line's end.
        let spaces = format!("# T\n\n{}\n", "slovo\u{3000}".repeat(60));
        for doc in [&header, &spaces, &header, &spaces] {
            let alone = typeset_with(doc, options, &letterhead).expect("typesets");
            let after = typeset_using(doc, options, &letterhead, &fonts).expect("typesets");
            assert_eq!(alone.warnings, after.warnings);
        }
    }

    #[test]
    fn when_full_it_keeps_what_letters_share_and_a_hit_is_the_same_lines() {
        let fonts = Fonts::load().expect("built-in fonts");
        let cache = LineCache::bounded(16 << 10);
        let run = |text: &str| Run {
            text: text.into(),
            style: Style::default(),
        };
        let broken = |runs: &[Run], width: f32| super::super::break_lines(runs, Em(width), &fonts);
        let shared = [run(
            "Dne 2. července 2019 se návštěvníkům zobrazovaly chyby.",
        )];
        let first = cache.lines(&shared, Em(10.0), || broken(&shared, 10.0));
        let again = cache.lines(&shared, Em(10.0), || unreachable!("a hit breaks nothing"));
        assert!(Rc::ptr_eq(&first, &again));
        assert_eq!(*first, *broken(&shared, 10.0));
        // Another width is another key.
        let wider = cache.lines(&shared, Em(30.0), || broken(&shared, 30.0));
        assert!(wider.len() < first.len());
        assert_eq!(cache.len(), 2);
        // Letters: the shared paragraph, then one of their own.
        for k in 0..200 {
            let again = cache.lines(&shared, Em(10.0), || unreachable!("kept when full"));
            assert!(Rc::ptr_eq(&first, &again));
            let own = [run(&format!("Zákazník číslo {k} dostane dobropis."))];
            cache.lines(&own, Em(10.0), || broken(&own, 10.0));
            assert!(cache.bytes() <= 16 << 10, "{cache:?}");
        }
        assert!(cache.len() < 100, "{cache:?}");
        // The wider one, never found again, went at the first eviction.
        let wider_again = cache.lines(&shared, Em(30.0), || broken(&shared, 30.0));
        assert!(!Rc::ptr_eq(&wider, &wider_again));
        assert_eq!(*wider, *wider_again);
    }

    #[test]
    fn when_what_is_shared_fills_half_it_is_emptied() {
        let fonts = Fonts::load().expect("built-in fonts");
        let cache = LineCache::bounded(16 << 10);
        let runs: Vec<[Run; 1]> = (0..60)
            .map(|k| {
                [Run {
                    text: format!("Odstavec číslo {k}, který sdílejí všechny dopisy."),
                    style: Style::default(),
                }]
            })
            .collect();
        for _ in 0..3 {
            for r in &runs {
                cache.lines(r, Em(10.0), || {
                    super::super::break_lines(r, Em(10.0), &fonts)
                });
                assert!(cache.bytes() <= 16 << 10, "{cache:?}");
            }
        }
        assert!(cache.len() < 60, "{cache:?}");
    }

    #[test]
    fn a_paragraph_too_large_for_its_share_is_not_kept() {
        let fonts = Fonts::load().expect("built-in fonts");
        let cache = LineCache::bounded(16 << 10);
        let runs = [Run {
            text: "Dlouhý odstavec bez konce. ".repeat(100),
            style: Style::default(),
        }];
        let first = cache.lines(&runs, Em(30.0), || {
            super::super::break_lines(&runs, Em(30.0), &fonts)
        });
        assert!(cache.is_empty(), "{cache:?}");
        let again = cache.lines(&runs, Em(30.0), || {
            super::super::break_lines(&runs, Em(30.0), &fonts)
        });
        assert_eq!(*first, *again);
    }
}
