//! Line breaking: styled runs -> lines no wider than a measure, breaking at
//! Unicode line-break opportunities (UAX #14) and, for a word wider than the
//! whole line (a long URL), between characters.

use unicode_linebreak::{BreakOpportunity, linebreaks};

use super::blocks::{Run, Style};

/// A piece of one line in one style.
#[derive(Debug, Clone, PartialEq)]
pub struct Fragment {
    /// The text (no trailing spaces at the end of a line).
    pub text: String,
    /// Its style.
    pub style: Style,
    /// Offset from the line's start, in points.
    pub x: f32,
    /// Width in points.
    pub width: f32,
}

/// One line of a paragraph.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Line {
    /// Its pieces, left to right.
    pub fragments: Vec<Fragment>,
    /// Width of its content in points.
    pub width: f32,
}

/// A stretch of text between two break opportunities, possibly in several styles.
#[derive(Debug, Clone)]
struct Segment {
    parts: Vec<(usize, String)>,
    /// Forced break after it (hard break or a newline).
    mandatory: bool,
}

/// Measures the width of text in a style, in points.
pub trait Measure {
    /// Width of `text` drawn in `style`.
    fn width(&self, text: &str, style: &Style) -> f32;
}

/// Breaks runs into lines at most `max_width` wide.
pub fn break_lines(runs: &[Run], max_width: f32, measure: &dyn Measure) -> Vec<Line> {
    let mut lines = Vec::new();
    let mut line = Line::default();
    for segment in segments(runs).into_iter().flat_map(|s| split_urls(s, runs)) {
        let trimmed_width = trimmed_width(&segment, runs, measure);
        if line.width + trimmed_width > max_width + 0.01 && !line.fragments.is_empty() {
            lines.push(finish(std::mem::take(&mut line), runs, measure));
        }
        if trimmed_width > max_width + 0.01 {
            // Wider than a whole line: break it between characters.
            for piece in split_to_fit(&segment, runs, max_width - line.width, max_width, measure) {
                let w = parts_width(&piece, runs, measure);
                if line.width + w > max_width + 0.01 && !line.fragments.is_empty() {
                    lines.push(finish(std::mem::take(&mut line), runs, measure));
                }
                append(&mut line, &piece, runs, measure);
            }
        } else {
            append(&mut line, &segment.parts, runs, measure);
        }
        if segment.mandatory {
            lines.push(finish(std::mem::take(&mut line), runs, measure));
        }
    }
    if !line.fragments.is_empty() {
        lines.push(finish(line, runs, measure));
    }
    lines
}

fn parts_width(parts: &[(usize, String)], runs: &[Run], m: &dyn Measure) -> f32 {
    parts.iter().map(|(i, t)| m.width(t, &runs[*i].style)).sum()
}

/// Width without trailing spaces (which hang at a line's end).
fn trimmed_width(segment: &Segment, runs: &[Run], m: &dyn Measure) -> f32 {
    let mut trimmed = segment.parts.clone();
    while let Some((_, t)) = trimmed.last_mut() {
        let kept = t.trim_end().len();
        if kept == 0 {
            trimmed.pop();
        } else {
            t.truncate(kept);
            break;
        }
    }
    parts_width(&trimmed, runs, m)
}

fn append(line: &mut Line, parts: &[(usize, String)], runs: &[Run], m: &dyn Measure) {
    for (i, text) in parts {
        let style = &runs[*i].style;
        let w = m.width(text, style);
        match line.fragments.last_mut() {
            Some(last) if last.style == *style => {
                last.text.push_str(text);
                last.width += w;
            }
            _ => line.fragments.push(Fragment {
                text: text.clone(),
                style: style.clone(),
                x: line.width,
                width: w,
            }),
        }
        line.width += w;
    }
}

/// Drops trailing spaces and recomputes the width.
fn finish(mut line: Line, _runs: &[Run], m: &dyn Measure) -> Line {
    while let Some(last) = line.fragments.last_mut() {
        let kept = last.text.trim_end().len();
        if kept == last.text.len() {
            break;
        }
        last.text.truncate(kept);
        if last.text.is_empty() {
            line.fragments.pop();
        } else {
            last.width = m.width(&last.text, &last.style);
            break;
        }
    }
    line.width = line.fragments.last().map_or(0.0, |f| f.x + f.width);
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
        let lines = break_lines(&[run("the quick brown fox jumps")], 10.0, &Chars);
        assert_eq!(texts(&lines), ["the quick", "brown fox", "jumps"]);
        assert_eq!(lines[0].width, 9.0);
    }

    #[test]
    fn long_words_are_broken_between_characters() {
        let lines = break_lines(
            &[run("see https://example.com/a/very/long/path now")],
            10.0,
            &Chars,
        );
        assert!(lines.iter().all(|l| l.width <= 10.0), "{lines:?}");
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
        let lines = break_lines(&[run("one "), bold, run("\n"), run("two")], 50.0, &Chars);
        assert_eq!(texts(&lines), ["one bold", "two"]);
        assert_eq!(lines[0].fragments.len(), 2);
        assert_eq!(lines[0].fragments[1].x, 4.0);
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
        let lines = break_lines(&[run("See "), link], 30.0, &Chars);
        let texts = texts(&lines);
        assert_eq!(texts.concat(), format!("See {url}"));
        assert!(lines.iter().all(|l| l.width <= 30.0), "{texts:?}");
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
        let lines = break_lines(&[run("well-known 15\u{a0}000 CZK")], 11.0, &Chars);
        assert_eq!(texts(&lines), ["well-known", "15\u{a0}000 CZK"]);
    }
}
