//! Typography of hand-edited Markdown, by the document's language: ties
//! (no-break spaces where a line must not break) and typographic quotes.
//! Never inside code. Runs after parsing, before line breaking, so every
//! later stage measures and draws the final characters.
//!
//! Ties, in every language: a number with what follows it ("8 June", "4 h",
//! "95.0 %", "15 000 CZK"); a currency code or symbol with its amount
//! ("EUR 1,200.00"); around "=", "×", "÷" and "·" (none starts or ends a
//! line); "%" and "‰" never start a line; an abbreviation with the name it
//! precedes ("Dr. Novák"). In Czech, the one-letter prepositions and
//! conjunctions k, s, v, z, o, u, a, i never end a line.

use std::cell::RefCell;
use std::hash::{Hash, Hasher};

use rustc_hash::{FxHashMap, FxHasher};

use super::blocks::{Block, Run};

/// Applies ties and quotes to every text of the document.
pub fn apply(blocks: &mut [Block], language: &str) {
    apply_in(blocks, Lang::of(language), repeats_hyphen(language));
}

/// Whether the language repeats an explicit hyphen at the start of the next
/// line when a compound breaks after it ("e-" ⏎ "-shop"): Czech, Slovak,
/// Polish, Croatian, Slovenian, Serbian, Bosnian and Portuguese typesetting do.
#[must_use]
pub fn repeats_hyphen(language: &str) -> bool {
    let primary = language.split(['-', '_']).next().unwrap_or("");
    ["cs", "sk", "pl", "hr", "sl", "sr", "bs", "pt"]
        .iter()
        .any(|l| primary.eq_ignore_ascii_case(l))
}

// Blocks nest at most `blocks::MAX_NESTING` deep, so recursion is bounded.
fn apply_in(blocks: &mut [Block], lang: Lang, repeat_hyphen: bool) {
    for block in blocks {
        match block {
            Block::Heading { runs, .. } | Block::Paragraph(runs) => {
                paragraph(runs, lang, repeat_hyphen);
            }
            Block::Code(_) | Block::Rule => {}
            Block::Quote(inner) => apply_in(inner, lang, repeat_hyphen),
            Block::List { items, .. } => {
                for item in items {
                    apply_in(&mut item.blocks, lang, repeat_hyphen);
                }
            }
            Block::Table { head, rows, .. } => {
                for cell in head.iter_mut().chain(rows.iter_mut().flatten()) {
                    paragraph(cell, lang, repeat_hyphen);
                }
            }
            Block::Footnotes(notes) => {
                for (_, inner) in notes {
                    apply_in(inner, lang, repeat_hyphen);
                }
            }
        }
    }
}

/// The languages with rules of their own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Lang {
    English,
    Czech,
    Vietnamese,
}

impl Lang {
    fn of(tag: &str) -> Lang {
        let primary = tag
            .split(['-', '_'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        match primary.as_str() {
            "cs" => Lang::Czech,
            "vi" => Lang::Vietnamese,
            _ => Lang::English,
        }
    }

    /// Opening and closing double, opening and closing single quotes.
    fn quotes(self) -> [char; 4] {
        match self {
            Lang::English | Lang::Vietnamese => ['“', '”', '‘', '’'],
            Lang::Czech => ['„', '“', '‚', '‘'],
        }
    }
}

const NBSP: char = '\u{a0}';

/// The most bytes of paragraphs (before and after) [`paragraph`] keeps per
/// thread: a batch's letters share most paragraphs (a letter's text is
/// about 20 KB), so each is edited once a thread; emptied when full, and a
/// paragraph over a 64th of it is not kept.
const TYPOGRAPHY_CACHE_BYTES: usize = 512 << 10;

/// A paragraph edited before: its runs, language and hyphen rule, and the
/// runs it became.
struct Edited {
    before: Vec<Run>,
    lang: Lang,
    repeat_hyphen: bool,
    after: Vec<Run>,
}

/// Paragraphs edited on this thread, by the hash of what they were, and
/// the bytes they hold.
#[derive(Default)]
struct EditedCache {
    entries: FxHashMap<u64, Edited>,
    bytes: usize,
}

thread_local! {
    static EDITED: RefCell<EditedCache> = RefCell::default();
}

/// The bytes runs take, for [`TYPOGRAPHY_CACHE_BYTES`].
fn runs_bytes(runs: &[Run]) -> usize {
    runs.iter()
        .map(|r| size_of::<Run>() + r.text.len() + r.style.link.as_ref().map_or(0, String::len))
        .sum()
}

/// One paragraph's runs, as [`edit`] makes them, edited once a thread.
fn paragraph(runs: &mut Vec<Run>, lang: Lang, repeat_hyphen: bool) {
    let mut hasher = FxHasher::default();
    (&*runs, lang, repeat_hyphen).hash(&mut hasher);
    let key = hasher.finish();
    let found = EDITED.with_borrow(|cache| {
        cache
            .entries
            .get(&key)
            .filter(|e| e.lang == lang && e.repeat_hyphen == repeat_hyphen && e.before == *runs)
            .map(|e| e.after.clone())
    });
    if let Some(after) = found {
        *runs = after;
        return;
    }
    let size = runs_bytes(runs);
    if size > TYPOGRAPHY_CACHE_BYTES / 64 {
        edit(runs, lang, repeat_hyphen);
        return;
    }
    let before = runs.clone();
    edit(runs, lang, repeat_hyphen);
    let size = size + runs_bytes(runs);
    EDITED.with_borrow_mut(|cache| {
        if cache.bytes + size > TYPOGRAPHY_CACHE_BYTES {
            cache.entries.clear();
            cache.bytes = 0;
        }
        let entry = Edited {
            before,
            lang,
            repeat_hyphen,
            after: runs.clone(),
        };
        if let Some(old) = cache.entries.insert(key, entry) {
            cache.bytes -= runs_bytes(&old.before) + runs_bytes(&old.after);
        }
        cache.bytes += size;
    });
}

/// One paragraph's runs: edited as one text, so a quote or a tie can span
/// styles; code runs, addresses and hard breaks are kept as they are (and
/// never repeat a hyphen: an address breaks after one without adding marks).
fn edit(runs: &mut Vec<Run>, lang: Lang, repeat_hyphen: bool) {
    link_bare_urls(runs);
    let len: usize = runs.iter().map(|r| r.text.len()).sum();
    let mut chars: Vec<char> = Vec::with_capacity(len);
    let mut editable: Vec<bool> = Vec::with_capacity(len);
    for run in runs.iter_mut() {
        let can = !run.style.mono && run.text != "\n" && !is_url(&run.text);
        run.style.repeat_hyphen = can && repeat_hyphen;
        chars.extend(run.text.chars());
        editable.resize(chars.len(), can);
    }
    let quoted = quotes(&mut chars, &editable, lang);
    let tied = ties(&mut chars, &editable, lang);
    if !quoted && !tied {
        return;
    }
    let mut at = 0;
    for run in runs.iter_mut() {
        let n = run.text.chars().count();
        let edited = &chars[at..at + n];
        if !run.text.chars().eq(edited.iter().copied()) {
            run.text = edited.iter().collect();
        }
        at += n;
    }
}

/// Whether a run's text is a web address (bare or from an autolink).
#[must_use]
pub fn is_url(text: &str) -> bool {
    let lower = text.get(..8).unwrap_or(text).to_ascii_lowercase();
    (lower.starts_with("http://") || lower.starts_with("https://")) && !text.contains(' ')
}

/// Bare `http://` and `https://` addresses in plain text become links, as
/// in a Markdown viewer (pulldown-cmark leaves them as text). Trailing
/// punctuation stays outside, as does a closing bracket without its opener.
fn link_bare_urls(runs: &mut Vec<Run>) {
    if !runs
        .iter()
        .any(|r| r.style.link.is_none() && !r.style.mono && r.text.contains("://"))
    {
        return;
    }
    let mut out = Vec::with_capacity(runs.len() + 2);
    for run in runs.drain(..) {
        if run.style.link.is_some() || run.style.mono || !run.text.contains("://") {
            out.push(run);
            continue;
        }
        let mut rest = run.text.as_str();
        loop {
            let found = ["https://", "http://"]
                .iter()
                .filter_map(|scheme| find_ascii_ci(rest, scheme))
                .min();
            let Some(start) = found else { break };
            let len = rest[start..]
                .find(|c: char| c.is_whitespace() || "<>\"“”‘’„".contains(c))
                .unwrap_or(rest.len() - start);
            let mut url = &rest[start..start + len];
            loop {
                let trimmed = url.trim_end_matches(['.', ',', ';', ':', '!', '?', '\'']);
                let trimmed = if trimmed.ends_with(')')
                    && trimmed.matches('(').count() < trimmed.matches(')').count()
                {
                    &trimmed[..trimmed.len() - 1]
                } else {
                    trimmed
                };
                if trimmed.len() == url.len() {
                    break;
                }
                url = trimmed;
            }
            if url.len() <= "https://".len() {
                // Only a scheme: plain text up to and including it.
                let end = start + len;
                out.push(Run {
                    text: rest[..end].to_owned(),
                    style: run.style.clone(),
                });
                rest = &rest[end..];
                continue;
            }
            if start > 0 {
                out.push(Run {
                    text: rest[..start].to_owned(),
                    style: run.style.clone(),
                });
            }
            let mut style = run.style.clone();
            style.link = Some(url.to_owned());
            out.push(Run {
                text: url.to_owned(),
                style,
            });
            rest = &rest[start + url.len()..];
        }
        if !rest.is_empty() {
            out.push(Run {
                text: rest.to_owned(),
                style: run.style,
            });
        }
    }
    *runs = out;
}

/// Byte offset of an ASCII needle in a haystack, ignoring ASCII case.
fn find_ascii_ci(haystack: &str, needle: &str) -> Option<usize> {
    haystack
        .as_bytes()
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

/// Straight quotes -> typographic ones: opening after a space, an opening
/// bracket or another opening quote (or at the start), closing elsewhere; an
/// apostrophe between letters is ’ in every language. Whether it changed any.
fn quotes(chars: &mut [char], editable: &[bool], lang: Lang) -> bool {
    let [open2, close2, open1, close1] = lang.quotes();
    let mut changed = false;
    for i in 0..chars.len() {
        if !editable[i] || (chars[i] != '"' && chars[i] != '\'') {
            continue;
        }
        changed = true;
        let prev = i.checked_sub(1).map(|p| chars[p]);
        let next = chars.get(i + 1).copied();
        let opening = prev.is_none_or(|p| p.is_whitespace() || "([{„“‚‘«—–-/".contains(p))
            && next.is_some_and(|n| !n.is_whitespace());
        chars[i] = match (chars[i], opening) {
            ('"', true) => open2,
            ('"', false) => close2,
            ('\'', true) => open1,
            // An apostrophe (don't, 90's) is ’ whatever the language.
            ('\'', false)
                if prev.is_some_and(char::is_alphanumeric)
                    && next.is_some_and(char::is_alphanumeric) =>
            {
                '’'
            }
            (_, _) => close1,
        };
    }
    changed
}

/// Currency symbols that stand before or after an amount.
const CURRENCY_SYMBOLS: &[&str] = &["$", "€", "£", "¥", "₫", "Kč", "US$", "CHF", "zł", "Ft"];

/// Abbreviations that stand before a name or a number.
const ABBREVIATIONS: &[&str] = &[
    "Mr.", "Mrs.", "Ms.", "Dr.", "Prof.", "St.", "No.", "Nos.", "p.", "pp.", "Fig.", "Ing.",
    "Mgr.", "Bc.", "JUDr.", "MUDr.", "PhDr.", "RNDr.", "doc.", "č.", "tel.", "str.", "s.", "odst.",
    "ul.", "TS.", "ThS.", "PGS.", "GS.", "Ông", "Bà",
];

/// Ties: turns the spaces that must not break into no-break spaces.
/// Whether it tied any.
fn ties(chars: &mut [char], editable: &[bool], lang: Lang) -> bool {
    // The text once, and where each character starts in it, so each word
    // is a slice of it rather than a string of its own.
    let mut text = String::with_capacity(chars.len());
    let mut starts: Vec<usize> = Vec::with_capacity(chars.len() + 1);
    for &c in chars.iter() {
        starts.push(text.len());
        text.push(c);
    }
    starts.push(text.len());
    let word = |(from, to): (usize, usize)| &text[starts[from]..starts[to]];
    let mut tied = false;
    // Words as (start, end) in chars, between runs of whitespace: each
    // with the one before it.
    let mut previous: Option<(usize, usize)> = None;
    let mut start = None;
    for i in 0..=chars.len() {
        let space = chars.get(i).is_none_or(|c| c.is_whitespace());
        let (b0, b1) = match (space, start) {
            (true, Some(s)) => {
                start = None;
                (s, i)
            }
            (false, None) => {
                start = Some(i);
                continue;
            }
            _ => continue,
        };
        if let Some((a0, a1)) = previous.replace((b0, b1))
            // Only a single plain space, outside code, is tied.
            && b0 == a1 + 1
            && chars[a1] == ' '
            && editable[a1]
            && tie(word((a0, a1)), word((b0, b1)), lang)
        {
            chars[a1] = NBSP;
            tied = true;
        }
    }
    tied
}

/// Whether the space between words `a` and `b` must not break.
fn tie(a: &str, b: &str, lang: Lang) -> bool {
    let a_core = a.trim_start_matches(['(', '[', '„', '“', '‚', '‘', '"', '\'']);
    let b_core = b.trim_end_matches([',', '.', ';', ':', ')', ']', '!', '?', '“', '”', '‘', '’']);
    let operators = ['=', '×', '÷', '·', '≈', '≤', '≥', '<', '>', '+', '−'];
    let a_number = is_number(a_core) && !a.ends_with([',', '.', ';', ':', ')']);
    let currency = |w: &str| is_currency_code(w) || CURRENCY_SYMBOLS.contains(&w);
    // A number with its unit, month, currency, or the next group of digits.
    (a_number && follows_number(b_core))
        // A currency with its amount.
        || (b.starts_with(|c: char| c.is_ascii_digit()) && currency(a_core))
        // Nothing starts a line with an operator or a percent sign, or ends one with an operator.
        || b.starts_with(operators) || b.starts_with(['%', '‰'])
        || (a.chars().count() == 1 && a.starts_with(operators))
        // An abbreviation with the name or number it introduces.
        || (b.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit())
            && ABBREVIATIONS.contains(&a_core))
        // Czech: a one-letter preposition or conjunction never ends a line.
        || (lang == Lang::Czech
            && a_core.chars().count() == 1
            && a_core.chars().all(|c| "ksvzouaiKSVZOUAI".contains(c)))
}

/// Words that belong with the number before them: units and time spans,
/// months, currencies, a group of three digits (15 000).
fn follows_number(w: &str) -> bool {
    let lower = w.to_lowercase();
    let short_unit = w.chars().count() <= 3
        && w.chars().all(char::is_alphabetic)
        && !STOP_WORDS.contains(&lower.as_str());
    short_unit
        || UNITS.contains(&lower.as_str())
        || w.starts_with(['%', '‰', '°', '′', '″'])
        || (w.len() == 3 && w.chars().all(|c| c.is_ascii_digit()))
        || is_currency_code(w)
        || CURRENCY_SYMBOLS.contains(&w)
}

/// Short words that follow a number without belonging to it.
const STOP_WORDS: &[&str] = &[
    "and", "or", "to", "of", "in", "on", "at", "the", "a", "an", "for", "by", "as", "is", "are",
    "was", "if", "but", "not", "we", "it", "i", "na", "do", "od", "po", "za", "je", "se", "že",
    "ale", "và", "là", "của", "có", "cho", "khi", "để",
];

/// Longer units, time spans and months (English, Czech, Vietnamese).
const UNITS: &[&str] = &[
    "seconds",
    "second",
    "minutes",
    "minute",
    "hours",
    "hour",
    "days",
    "day",
    "weeks",
    "week",
    "months",
    "month",
    "years",
    "year",
    "percent",
    "requests",
    "users",
    "customers",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "sekund",
    "sekundy",
    "minut",
    "minuty",
    "hodin",
    "hodiny",
    "hodina",
    "dní",
    "dny",
    "den",
    "týdnů",
    "měsíců",
    "let",
    "roky",
    "procent",
    "ledna",
    "února",
    "března",
    "dubna",
    "května",
    "června",
    "července",
    "srpna",
    "září",
    "října",
    "listopadu",
    "prosince",
    "giây",
    "phút",
    "giờ",
    "ngày",
    "tuần",
    "tháng",
    "năm",
];

/// Digits with the usual separators: 8, 95.0, 1,200.00, 15 000 (one group), −3.
fn is_number(w: &str) -> bool {
    let w = w.trim_start_matches(['+', '-', '−', '~', '≈']);
    w.starts_with(|c: char| c.is_ascii_digit())
        && w.chars().all(|c| c.is_ascii_digit() || ",.'’".contains(c))
        && w.ends_with(|c: char| c.is_ascii_digit())
}

/// Three capital ASCII letters, as ISO 4217 codes are (USD, EUR, CZK, VND).
fn is_currency_code(w: &str) -> bool {
    w.len() == 3 && w.chars().all(|c| c.is_ascii_uppercase())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::pdf::blocks::parse;

    fn typeset_text(md: &str, lang: &str) -> String {
        let mut blocks = parse(md);
        apply(&mut blocks, lang);
        let Block::Paragraph(runs) = &blocks[0] else {
            panic!("{blocks:?}")
        };
        runs.iter()
            .map(|r| r.text.as_str())
            .collect::<String>()
            .replace(NBSP, "~")
    }

    #[test]
    fn a_paragraph_edited_again_on_a_thread_is_edited_the_same() {
        let texts = [
            "Dne 2. července 2019 v 15:42 \"vše\" stálo, viz https://example.cz/e-shop. Cena 15 000 Kč.",
            "O'Brien's \"shop\" paid USD 5,000.00 on 8 June for 4 h.",
            "Dne 2. července 2019 v 15:42 \"vše\" stálo, viz https://example.cz/e-shop. Cena 15 000 Kč.",
        ];
        for language in ["cs", "en", "vi", "cs"] {
            for text in texts {
                let Block::Paragraph(runs) = &parse(text)[0] else {
                    panic!("a paragraph")
                };
                let mut fresh = runs.clone();
                edit(&mut fresh, Lang::of(language), repeats_hyphen(language));
                for _ in 0..2 {
                    let mut cached = runs.clone();
                    paragraph(&mut cached, Lang::of(language), repeats_hyphen(language));
                    assert_eq!(cached, fresh, "{language}: {text}");
                }
            }
        }
        // Czech and English differ on one text: the key holds the language.
        let Block::Paragraph(runs) = &parse(texts[0])[0] else {
            panic!("a paragraph")
        };
        let (mut cs, mut en) = (runs.clone(), runs.clone());
        paragraph(&mut cs, Lang::Czech, true);
        paragraph(&mut en, Lang::English, false);
        assert_ne!(cs, en);
    }

    #[test]
    fn ties_numbers_units_currencies_and_operators() {
        assert_eq!(
            typeset_text("below 95.0 %: 100 % on 8 June for 4 h 10 min", "en"),
            "below 95.0~%: 100~% on 8~June for 4~h 10~min"
        );
        assert_eq!(
            typeset_text(
                "10 % of USD 5,000.00 = USD 500.00 and USD 20.00 × 360 s",
                "en"
            ),
            "10~% of USD~5,000.00~=~USD~500.00 and USD~20.00~×~360~s"
        );
        assert_eq!(
            typeset_text("EUR 1,200.00 · 15 000 CZK · Dr. Novák", "en"),
            "EUR~1,200.00~·~15~000~CZK~·~Dr.~Novák"
        );
        // A number ending a clause is not tied to the next clause.
        assert_eq!(typeset_text("in 2026, we", "en"), "in 2026, we");
    }

    #[test]
    fn czech_one_letter_words_never_end_a_line_but_only_in_czech() {
        assert_eq!(
            typeset_text("Výpadek v Praze a k tomu s (i) z o u", "cs"),
            "Výpadek v~Praze a~k~tomu s~(i) z~o~u"
        );
        assert_eq!(typeset_text("a cat", "en"), "a cat");
    }

    #[test]
    fn bare_urls_become_links_without_their_trailing_punctuation() {
        let mut blocks = parse(
            "See https://status.example.com/a?b=1&c=2. Or (http://x.example/p_(q)), `https://code.example`.",
        );
        apply(&mut blocks, "en");
        let Block::Paragraph(runs) = &blocks[0] else {
            panic!()
        };
        let links: Vec<(&str, &str)> = runs
            .iter()
            .filter_map(|r| r.style.link.as_deref().map(|l| (r.text.as_str(), l)))
            .collect();
        assert_eq!(
            links,
            [
                (
                    "https://status.example.com/a?b=1&c=2",
                    "https://status.example.com/a?b=1&c=2"
                ),
                ("http://x.example/p_(q)", "http://x.example/p_(q)")
            ]
        );
        let text: String = runs.iter().map(|r| r.text.as_str()).collect();
        assert!(
            text.ends_with("(http://x.example/p_(q)), https://code.example."),
            "{text}"
        );
    }

    #[test]
    fn quotes_per_language_never_in_code() {
        assert_eq!(
            typeset_text("He said \"it's 'fine'\" and `\"code\"`", "en"),
            "He said “it’s ‘fine’” and \"code\""
        );
        assert_eq!(
            typeset_text("Řekl \"je to 'v pořádku'\"", "cs"),
            "Řekl „je to ‚v~pořádku‘“"
        );
        assert_eq!(typeset_text("\"Xin chào\"", "vi"), "“Xin chào”");
    }

    #[test]
    fn hyphens_repeat_in_czech_text_but_not_in_code_addresses_or_english() {
        let marks = |md: &str, lang: &str| -> Vec<(String, bool)> {
            let mut blocks = parse(md);
            apply(&mut blocks, lang);
            let Block::Paragraph(runs) = &blocks[0] else {
                panic!("{blocks:?}")
            };
            runs.iter()
                .map(|r| (r.text.clone(), r.style.repeat_hyphen))
                .collect()
        };
        let md = "Náš e-shop `pre-commit` viz https://example.cz/e-shop dnes";
        let cs = marks(md, "cs");
        assert!(
            cs.iter()
                .any(|(t, m)| t.contains("e-shop") && !t.contains("://") && *m)
        );
        assert!(cs.iter().any(|(t, m)| t == "pre-commit" && !*m), "{cs:?}");
        assert!(cs.iter().any(|(t, m)| t.contains("://") && !*m), "{cs:?}");
        assert!(marks(md, "en").iter().all(|(_, m)| !*m));
        assert!(marks(md, "vi").iter().all(|(_, m)| !*m));
        // Nested blocks keep the rule of a language without ties of its own.
        let quoted = {
            let mut blocks = parse("> Cena e-knihy");
            apply(&mut blocks, "sk-SK");
            format!("{blocks:?}")
        };
        assert!(quoted.contains("repeat_hyphen: true"), "{quoted}");
        for (tag, repeats) in [("cs", true), ("pl", true), ("pt-BR", true), ("PT", true)] {
            assert_eq!(repeats_hyphen(tag), repeats, "{tag}");
        }
        for tag in ["en", "vi", "de", "", "c"] {
            assert!(!repeats_hyphen(tag), "{tag}");
        }
    }
}
