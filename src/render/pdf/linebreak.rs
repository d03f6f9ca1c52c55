//! Line breaking: styled runs -> lines no wider than a measure, breaking at
//! Unicode line-break opportunities (UAX #14) and, for a word wider than the
//! whole line (a long URL), between characters.

use std::rc::Rc;

use unicode_linebreak::{BreakOpportunity, linebreaks};

use super::blocks::{Run, Style};
use super::fonts::{FaceId, ShapedGlyph, glyphs_width, style_scale};
use super::layout::Pt;

mod cache;
pub use cache::{LINE_CACHE_BYTES, LineCache};

/// A length in ems: a share of the size a line is set at. Line breaking
/// measures in ems, so one measure serves every size; layout turns them
/// into points ([`Em::at`]), which are `layout::Pt`.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Default)]
pub struct Em(pub f32);

impl Em {
    /// This length in points at a font size in points.
    #[must_use]
    pub fn at(self, size: Pt) -> Pt {
        Pt(self.0 * size.0)
    }
}

impl std::ops::Add for Em {
    type Output = Em;
    fn add(self, other: Em) -> Em {
        Em(self.0 + other.0)
    }
}

/// A piece of one line in one style.
#[derive(Debug, Clone, PartialEq)]
pub struct Fragment {
    /// The text (no trailing spaces at the end of a line).
    pub text: String,
    /// Its style.
    pub style: Style,
    /// Offset from the line's start.
    pub x: Em,
    /// Width: the sum of `glyphs`.
    pub width: Em,
    /// The glyphs measured, one a character of `text`: what emit draws.
    pub glyphs: Vec<ShapedGlyph>,
}

/// One line of a paragraph.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Line {
    /// Its pieces, left to right.
    pub fragments: Vec<Fragment>,
    /// Width of its content.
    pub width: Em,
}

/// A stretch of text between two break opportunities, possibly in several styles.
#[derive(Debug, Clone)]
struct Segment {
    parts: Vec<(usize, String)>,
    /// Forced break after it (hard break or a newline).
    mandatory: bool,
}

/// Measures the width of text in a style, in ems of the line's size.
pub trait Measure {
    /// Width of `text` drawn in `style`.
    fn width(&self, text: &str, style: &Style) -> f32;

    /// The glyphs of `text` in `style`, one a character, whose advances sum
    /// to [`Measure::width`] (see [`glyphs_width`]). A measure without faces
    /// (the tests' made-up ones) gives each character its own width and
    /// glyph 0.
    fn shape(&self, text: &str, style: &Style) -> Vec<ShapedGlyph> {
        let scale = style_scale(style);
        text.chars()
            .map(|ch| {
                let mut buf = [0u8; 4];
                ShapedGlyph {
                    face: FaceId::of(style),
                    gid: 0,
                    ch,
                    advance: self.width(ch.encode_utf8(&mut buf), style) / scale,
                    kern: 0.0,
                }
            })
            .collect()
    }

    /// Where the lines this measure broke are kept ([`lines_of`]); none
    /// by default.
    fn line_cache(&self) -> Option<&LineCache> {
        None
    }
}

/// [`break_lines`], from the measure's [`LineCache`] when it has one: the
/// same lines, each paragraph broken once.
pub fn lines_of(runs: &[Run], max_width: Em, measure: &dyn Measure) -> Rc<[Line]> {
    match measure.line_cache() {
        Some(cache) => cache.lines(runs, max_width, || break_lines(runs, max_width, measure)),
        None => break_lines(runs, max_width, measure).into(),
    }
}

/// Breaks runs into lines at most `max_width` wide.
pub fn break_lines(runs: &[Run], max_width: Em, measure: &dyn Measure) -> Vec<Line> {
    let max_width = max_width.0;
    let mut lines = Vec::new();
    let mut line = Line::default();
    // The hyphen the last segment ends a compound's first part with, when its
    // language repeats it on the next line.
    let mut hyphen_before: Option<char> = None;
    let segments = join_one_letter_prefixes(segments(runs), runs);
    for mut segment in segments.into_iter().flat_map(|s| split_urls(s, runs)) {
        // Shaped once: measured here, drawn from the line it joins.
        let mut shaped = shape_parts(&segment.parts, runs, measure);
        let mut width = trimmed_width(&shaped, &segment.parts, runs);
        if line.width.0 + width > max_width + 0.01 && !line.fragments.is_empty() {
            lines.push(finish(std::mem::take(&mut line)));
            // The repeated hyphen is part of the new line, measured with it.
            if hyphen_before.is_some_and(|h| repeat_hyphen(&mut segment, h, runs)) {
                shaped = shape_parts(&segment.parts, runs, measure);
                width = trimmed_width(&shaped, &segment.parts, runs);
            }
        }
        hyphen_before = compound_hyphen(&segment, runs);
        if width > max_width + 0.01 {
            // Wider than a whole line: break it between characters.
            for piece in split_to_fit(&segment, runs, max_width - line.width.0, max_width, measure)
            {
                let w = parts_width(&piece, runs, measure);
                if line.width.0 + w > max_width + 0.01 && !line.fragments.is_empty() {
                    lines.push(finish(std::mem::take(&mut line)));
                }
                append(&mut line, &piece, runs, measure);
            }
        } else {
            append_shaped(&mut line, &segment.parts, shaped, runs);
        }
        if segment.mandatory {
            lines.push(finish(std::mem::take(&mut line)));
        }
    }
    if !line.fragments.is_empty() {
        lines.push(finish(line));
    }
    lines
}

/// Whether a character is a hyphen a compound is written with (U+002D, U+2010).
fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}')
}

/// The hyphen a segment ends with when it joins two parts of a compound in a
/// language that repeats it: a letter before it, and a run marked by
/// typography (so never code, an address, or a number range like "10-12").
/// Whether a letter follows is checked by [`repeat_hyphen`].
fn compound_hyphen(segment: &Segment, runs: &[Run]) -> Option<char> {
    if segment.mandatory {
        return None;
    }
    let (run, text) = segment.parts.last()?;
    if !runs[*run].style.repeat_hyphen {
        return None;
    }
    let mut chars = text.chars().rev();
    let hyphen = chars.next().filter(|c| is_hyphen(*c))?;
    let before = chars
        .next()
        .or_else(|| segment.parts.iter().rev().nth(1)?.1.chars().next_back())?;
    before.is_alphabetic().then_some(hyphen)
}

/// Starts a segment that begins a line with the hyphen the previous line
/// ended with, when the segment starts with a letter in a marked run.
fn repeat_hyphen(segment: &mut Segment, hyphen: char, runs: &[Run]) -> bool {
    let Some((run, text)) = segment.parts.first_mut() else {
        return false;
    };
    if !runs[*run].style.repeat_hyphen || !text.starts_with(char::is_alphabetic) {
        return false;
    }
    text.insert(0, hyphen);
    true
}

/// Removes the break after a hyphen that follows a one-letter first part
/// ("e-mail", "s-ko"), where the language repeats hyphens: Czech practice
/// never leaves a lone letter at a line's end (the same reason the tie pass
/// binds one-letter prepositions), and "e-" ⏎ "-mail" would do just that.
fn join_one_letter_prefixes(segments: Vec<Segment>, runs: &[Run]) -> Vec<Segment> {
    let mut out: Vec<Segment> = Vec::with_capacity(segments.len());
    let mut join_next = false;
    for segment in segments {
        let joins = compound_hyphen(&segment, runs).is_some() && one_letter_before_hyphen(&segment);
        match out.last_mut() {
            Some(last) if join_next => {
                last.parts.extend(segment.parts);
                last.mandatory = segment.mandatory;
            }
            _ => out.push(segment),
        }
        join_next = joins;
    }
    out
}

/// Whether exactly one letter stands between the segment's final hyphen and
/// whatever precedes it (a space, a bracket, the start).
fn one_letter_before_hyphen(segment: &Segment) -> bool {
    let mut chars = segment
        .parts
        .iter()
        .rev()
        .flat_map(|(_, t)| t.chars().rev())
        .skip(1);
    chars.next().is_some_and(char::is_alphabetic) && !chars.next().is_some_and(char::is_alphabetic)
}

fn parts_width(parts: &[(usize, String)], runs: &[Run], m: &dyn Measure) -> f32 {
    parts.iter().map(|(i, t)| m.width(t, &runs[*i].style)).sum()
}

/// The glyphs of each part of a segment.
fn shape_parts(parts: &[(usize, String)], runs: &[Run], m: &dyn Measure) -> Vec<Vec<ShapedGlyph>> {
    parts
        .iter()
        .map(|(i, t)| m.shape(t, &runs[*i].style))
        .collect()
}

/// Width without trailing spaces (which hang at a line's end), and without
/// the kerning of the last glyph kept towards them.
fn trimmed_width(shaped: &[Vec<ShapedGlyph>], parts: &[(usize, String)], runs: &[Run]) -> f32 {
    let mut width = 0.0;
    let mut trailing = true;
    for (glyphs, (i, _)) in shaped.iter().zip(parts).rev() {
        let scale = style_scale(&runs[*i].style);
        for g in glyphs.iter().rev() {
            if trailing && g.ch.is_whitespace() {
                continue;
            }
            let kern = if trailing { 0.0 } else { g.kern };
            trailing = false;
            width += (g.advance + kern) * scale;
        }
    }
    width
}

fn append(line: &mut Line, parts: &[(usize, String)], runs: &[Run], m: &dyn Measure) {
    append_shaped(line, parts, shape_parts(parts, runs, m), runs);
}

/// Adds shaped parts to a line; a fragment's width is its glyphs' sum, so
/// what was measured is what is drawn.
fn append_shaped(
    line: &mut Line,
    parts: &[(usize, String)],
    shaped: Vec<Vec<ShapedGlyph>>,
    runs: &[Run],
) {
    for ((i, text), glyphs) in parts.iter().zip(shaped) {
        let style = &runs[*i].style;
        let w = glyphs_width(&glyphs, style);
        match line.fragments.last_mut() {
            Some(last) if last.style == *style => {
                last.text.push_str(text);
                last.glyphs.extend(glyphs);
                last.width.0 += w;
            }
            _ => line.fragments.push(Fragment {
                text: text.clone(),
                style: style.clone(),
                x: line.width,
                width: Em(w),
                glyphs,
            }),
        }
        line.width.0 += w;
    }
}

/// Drops trailing spaces (and their glyphs) and recomputes the width.
fn finish(mut line: Line) -> Line {
    while let Some(last) = line.fragments.last_mut() {
        let kept = last.text.trim_end().len();
        if kept == last.text.len() {
            break;
        }
        let dropped = last.text[kept..].chars().count();
        last.text.truncate(kept);
        last.glyphs
            .truncate(last.glyphs.len().saturating_sub(dropped));
        if last.text.is_empty() {
            line.fragments.pop();
        } else {
            // The last glyph kerned against a space that is gone.
            if let Some(g) = last.glyphs.last_mut() {
                g.kern = 0.0;
            }
            last.width = Em(glyphs_width(&last.glyphs, &last.style));
            break;
        }
    }
    line.width = line.fragments.last().map_or(Em(0.0), |f| f.x + f.width);
    line
}

/// Splits a too-wide segment into pieces: the first fits in `first_room`, the rest in `room`.
fn split_to_fit(
    segment: &Segment,
    runs: &[Run],
    first_room: f32,
    room: f32,
    m: &dyn Measure,
) -> Vec<Vec<(usize, String)>> {
    let mut pieces = Vec::new();
    let mut current: Vec<(usize, String)> = Vec::new();
    let mut width = 0.0;
    let mut limit = if first_room > room * 0.3 {
        first_room
    } else {
        room
    };
    for (i, text) in &segment.parts {
        for ch in text.chars() {
            let mut buf = [0u8; 4];
            let s: &str = ch.encode_utf8(&mut buf);
            let w = m.width(s, &runs[*i].style);
            if width + w > limit && width > 0.0 {
                pieces.push(std::mem::take(&mut current));
                width = 0.0;
                limit = room;
            }
            match current.last_mut() {
                Some((j, t)) if j == i => t.push(ch),
                _ => current.push((*i, ch.to_string())),
            }
            width += w;
        }
    }
    if !current.is_empty() {
        pieces.push(current);
    }
    pieces
}

/// Cuts the parts of a segment that are web addresses after `/ . ? & = - _`
/// (not inside `://`), so a long address breaks where a reader expects, and
/// without a hyphen.
fn split_urls(segment: Segment, runs: &[Run]) -> Vec<Segment> {
    let is_address =
        |i: usize| runs[i].style.link.is_some() && super::typography::is_url(&runs[i].text);
    if !segment.parts.iter().any(|(i, _)| is_address(*i)) {
        return vec![segment];
    }
    let mut out: Vec<Segment> = Vec::new();
    let mut current: Vec<(usize, String)> = Vec::new();
    for (i, text) in segment.parts {
        if !is_address(i) {
            current.push((i, text));
            continue;
        }
        let mut piece = String::new();
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            piece.push(c);
            let next = chars.peek().copied();
            let breaks_after = "/.?&=-_".contains(c)
                && !piece.ends_with("://")
                && !piece.ends_with(":/")
                && next.is_some_and(|n| !"/.?&=-_".contains(n));
            if breaks_after {
                current.push((i, std::mem::take(&mut piece)));
                out.push(Segment {
                    parts: std::mem::take(&mut current),
                    mandatory: false,
                });
            }
        }
        if !piece.is_empty() {
            current.push((i, piece));
        }
    }
    out.push(Segment {
        parts: current,
        mandatory: segment.mandatory,
    });
    out
}

/// Cuts the runs' text at every break opportunity.
fn segments(runs: &[Run]) -> Vec<Segment> {
    // Hard breaks are separate runs; within a run, newlines are spaces already.
    let mut out = Vec::new();
    let mut text = String::new();
    let mut owners: Vec<(usize, usize)> = Vec::new(); // (byte start in text, run index)
    let flush = |text: &mut String,
                 owners: &mut Vec<(usize, usize)>,
                 out: &mut Vec<Segment>,
                 mandatory_end: bool| {
        if text.is_empty() {
            if mandatory_end {
                out.push(Segment {
                    parts: Vec::new(),
                    mandatory: true,
                });
            }
            return;
        }
        let mut start = 0;
        // The first owner that may overlap the next segment: segments and
        // owners both advance left to right, so the walk is linear.
        let mut first_owner = 0;
        for (at, kind) in linebreaks(text) {
            let mandatory =
                kind == BreakOpportunity::Mandatory && (at < text.len() || mandatory_end);
            let mut parts = Vec::new();
            for (k, &(own_start, run)) in owners.iter().enumerate().skip(first_owner) {
                if own_start >= at {
                    break;
                }
                let own_end = owners.get(k + 1).map_or(text.len(), |o| o.0);
                let (a, b) = (start.max(own_start), at.min(own_end));
                if a < b {
                    parts.push((run, text[a..b].to_owned()));
                }
                if own_end <= at {
                    first_owner = k + 1;
                }
            }
            out.push(Segment {
                parts,
                mandatory: mandatory || (at == text.len() && mandatory_end),
            });
            start = at;
        }
        text.clear();
        owners.clear();
    };
    for (i, run) in runs.iter().enumerate() {
        if run.text == "\n" {
            flush(&mut text, &mut owners, &mut out, true);
            continue;
        }
        owners.push((text.len(), i));
        text.push_str(&run.text);
    }
    flush(&mut text, &mut owners, &mut out, false);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every character is 1 pt wide.
    struct Chars;
    impl Measure for Chars {
        fn width(&self, text: &str, _: &Style) -> f32 {
            text.chars().count() as f32
        }
    }

    fn run(text: &str) -> Run {
        Run {
            text: text.into(),
            style: Style::default(),
        }
    }

    fn texts(lines: &[Line]) -> Vec<String> {
        lines
            .iter()
            .map(|l| l.fragments.iter().map(|f| f.text.as_str()).collect())
            .collect()
    }

    #[test]
    fn greedy_breaks_at_spaces_and_drops_trailing_ones() {
        let lines = break_lines(&[run("the quick brown fox jumps")], Em(10.0), &Chars);
        assert_eq!(texts(&lines), ["the quick", "brown fox", "jumps"]);
        assert_eq!(lines[0].width, Em(9.0));
    }

    #[test]
    fn long_words_are_broken_between_characters() {
        let lines = break_lines(
            &[run("see https://example.com/a/very/long/path now")],
            Em(10.0),
            &Chars,
        );
        assert!(lines.iter().all(|l| l.width <= Em(10.0)), "{lines:?}");
        assert_eq!(
            texts(&lines).concat(),
            "seehttps://example.com/a/very/long/pathnow"
                .replace("seehttps", "see https")
                .replace("pathnow", "path now")
                .replace(' ', "")
        );
    }

    #[test]
    fn hard_breaks_and_styles_are_kept() {
        let bold = Run {
            text: "bold".into(),
            style: Style {
                bold: true,
                ..Style::default()
            },
        };
        let lines = break_lines(
            &[run("one "), bold, run("\n"), run("two")],
            Em(50.0),
            &Chars,
        );
        assert_eq!(texts(&lines), ["one bold", "two"]);
        assert_eq!(lines[0].fragments.len(), 2);
        assert_eq!(lines[0].fragments[1].x, Em(4.0));
    }

    #[test]
    fn addresses_break_after_slashes_and_punctuation_without_hyphens() {
        let url = "https://status.example.com/incidents/2026-07-02/export?format=pdf&lang=cs";
        let link = Run {
            text: url.into(),
            style: Style {
                link: Some(url.into()),
                ..Style::default()
            },
        };
        let lines = break_lines(&[run("See "), link], Em(30.0), &Chars);
        let texts = texts(&lines);
        assert_eq!(texts.concat(), format!("See {url}"));
        assert!(lines.iter().all(|l| l.width <= Em(30.0)), "{texts:?}");
        assert!(texts[0].starts_with("See https://status."), "{texts:?}");
        for t in &texts[..texts.len() - 1] {
            assert!(
                t.ends_with(['/', '.', '?', '&', '=', '-', '_']),
                "{texts:?}"
            );
        }
    }

    #[test]
    fn break_opportunities_follow_uax14() {
        // A hyphen allows a break after it; a no-break space does not.
        let lines = break_lines(&[run("well-known 15\u{a0}000 CZK")], Em(11.0), &Chars);
        assert_eq!(texts(&lines), ["well-known", "15\u{a0}000 CZK"]);
    }

    /// A run in a language that repeats hyphens (what typography marks).
    fn czech(text: &str) -> Run {
        Run {
            text: text.into(),
            style: Style {
                repeat_hyphen: true,
                ..Style::default()
            },
        }
    }

    #[test]
    fn a_compound_broken_at_its_hyphen_repeats_it_where_the_language_does() {
        let text = "ab Frýdek-Místek dnes";
        let lines = break_lines(&[czech(text)], Em(12.0), &Chars);
        assert_eq!(texts(&lines), ["ab Frýdek-", "-Místek dnes"]);
        assert_eq!(lines[1].width, Em(12.0));
        // The repeated hyphen is measured: "Místek dnes" fits in 11 but
        // "-Místek dnes" does not, so "dnes" goes to the next line.
        let lines = break_lines(&[czech(text)], Em(11.0), &Chars);
        assert_eq!(texts(&lines), ["ab Frýdek-", "-Místek", "dnes"]);
        assert!(lines.iter().all(|l| l.width <= Em(11.0)), "{lines:?}");
        // English (an unmarked run) breaks without repeating it.
        let lines = break_lines(&[run(text)], Em(11.0), &Chars);
        assert_eq!(texts(&lines), ["ab Frýdek-", "Místek dnes"]);
        // The Unicode hyphen too.
        let lines = break_lines(&[czech("obchod Frýdek\u{2010}Místek")], Em(16.0), &Chars);
        assert_eq!(texts(&lines), ["obchod Frýdek\u{2010}", "\u{2010}Místek"]);
    }

    #[test]
    fn only_a_hyphen_between_letters_is_repeated() {
        // A digit before the hyphen ("3-fázový"), a number range, a hard
        // break after the hyphen: no mark is added, no text is lost.
        for (text, width) in [
            ("motor 3-fázový", 8.0),
            ("dny 10-12 a 14-20 července", 6.0),
            ("konec e-\n", 8.0),
        ] {
            let runs: Vec<Run> = text
                .split_inclusive('\n')
                .flat_map(|t| match t.strip_suffix('\n') {
                    Some(t) => vec![czech(t), run("\n")],
                    None => vec![czech(t)],
                })
                .collect();
            let lines = break_lines(&runs, Em(width), &Chars);
            let texts = texts(&lines);
            assert!(texts.iter().all(|t| !t.starts_with('-')), "{texts:?}");
            assert_eq!(
                texts.concat().replace(' ', ""),
                text.replace([' ', '\n'], "")
            );
        }
    }

    #[test]
    fn a_one_letter_prefix_never_ends_a_line() {
        // "e-" alone at a line's end is a lone letter: the compound moves whole.
        let lines = break_lines(&[czech("nový e-shop a e-mail")], Em(8.0), &Chars);
        assert_eq!(texts(&lines), ["nový", "e-shop a", "e-mail"]);
        // Two letters may stay: "ex-" ⏎ "-ministr".
        let lines = break_lines(&[czech("náš ex-ministr")], Em(8.0), &Chars);
        assert_eq!(texts(&lines), ["náš ex-", "-ministr"]);
        // In English (unmarked), the break after "e-" is left as UAX #14 allows.
        let lines = break_lines(&[run("new e-shop")], Em(6.0), &Chars);
        assert_eq!(texts(&lines), ["new e-", "shop"]);
    }

    #[test]
    fn addresses_and_code_never_repeat_a_hyphen() {
        // Typography leaves addresses and code unmarked; in a Czech paragraph
        // they still break after "-" without a mark.
        let url = "https://example.cz/e-shop/obchodni-podminky";
        let link = Run {
            text: url.into(),
            style: Style {
                link: Some(url.into()),
                ..Style::default()
            },
        };
        let code = Run {
            text: "pre-commit-hook".into(),
            style: Style {
                mono: true,
                ..Style::default()
            },
        };
        let lines = break_lines(&[czech("viz "), link, czech(" a "), code], Em(12.0), &Chars);
        let texts = texts(&lines);
        assert!(texts.iter().all(|t| !t.starts_with('-')), "{texts:?}");
        assert_eq!(
            texts.concat().replace(' ', ""),
            format!("viz{url}apre-commit-hook")
        );
    }
}
