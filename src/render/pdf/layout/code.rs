//! Code blocks: lines kept as written on a shaded background, wrapped
//! after a space with a continuation mark when too long for the column.

use super::super::blocks::{Run, Style};
use super::super::fonts::glyphs_width;
use super::super::linebreak::{Em, Fragment, Line, Measure};
use super::draw::line_draws;
use super::flow::VBox;
use super::{CODE, Color, Draw, Layouter, PARA_GAP, Pt};

impl Layouter<'_> {
    /// A code block on a shaded background, one box a line.
    pub(super) fn code(&mut self, text: &str, indent: Pt, width: Pt, first: bool) {
        let style = Style {
            mono: true,
            ..Style::default()
        };
        let height = CODE * 1.35;
        let lines: Vec<&str> = text.split('\n').collect();
        let n = lines.len();
        for (i, raw) in lines.iter().enumerate() {
            // Tabs become four spaces; long lines wrap after a space.
            let raw = raw.replace('\t', "    ");
            let run = Run {
                text: raw.clone(),
                style: style.clone(),
            };
            let wrapped = if raw.is_empty() {
                vec![Line::default()]
            } else {
                break_code(&run, (width - Pt(12.0)) / CODE, self.measure)
            };
            let m = wrapped.len();
            for (j, line) in wrapped.into_iter().enumerate() {
                let top_pad = if i == 0 && j == 0 { Pt(5.0) } else { Pt::ZERO };
                let bottom_pad = if i == n - 1 && j == m - 1 {
                    Pt(5.0)
                } else {
                    Pt::ZERO
                };
                let h = height + top_pad + bottom_pad;
                let mut draws = vec![Draw::Rect {
                    x: indent,
                    y: Pt::ZERO,
                    w: width,
                    h,
                    color: Color::SHADE,
                }];
                draws.extend(line_draws(
                    &line,
                    indent + Pt(6.0),
                    top_pad + CODE * 1.05,
                    CODE,
                    Color::TEXT,
                ));
                self.boxes.push(VBox {
                    height: h,
                    space_before: if i == 0 && j == 0 && !first {
                        PARA_GAP + Pt(2.0)
                    } else {
                        Pt::ZERO
                    },
                    draws,
                    ..VBox::default()
                });
            }
        }
    }
}

/// Marks a code line continued from the line above (the hanging indent).
pub const CODE_CONTINUATION: &str = "↪ ";

/// Code keeps its spaces. A line too long for the column wraps after its
/// last space that fits (between characters only when a single token is
/// longer than the line would allow); continued lines start with
/// [`CODE_CONTINUATION`], a mark and a hanging indent.
fn break_code(run: &Run, max: f32, measure: &dyn Measure) -> Vec<Line> {
    let chars: Vec<(char, f32)> = run
        .text
        .chars()
        .map(|ch| {
            let mut buf = [0u8; 4];
            (ch, measure.width(ch.encode_utf8(&mut buf), &run.style))
        })
        .collect();
    let mark = measure.width(CODE_CONTINUATION, &run.style);
    let mut lines = Vec::new();
    let mut start = 0;
    while start < chars.len() {
        let lead = if start == 0 { 0.0 } else { mark };
        let mut width = lead;
        let mut end = start;
        let mut last_space = None;
        while end < chars.len() && (width + chars[end].1 <= max || end == start) {
            width += chars[end].1;
            if chars[end].0 == ' ' {
                last_space = Some(end);
            }
            end += 1;
        }
        if end < chars.len()
            && let Some(space) = last_space.filter(|&sp| sp > start)
        {
            // Break after the last space that fits.
            end = space + 1;
        }
        let text: String = chars[start..end].iter().map(|c| c.0).collect();
        let text = if start == 0 {
            text
        } else {
            format!("{CODE_CONTINUATION}{text}")
        };
        lines.push(code_line(text, &run.style, measure));
        start = end;
    }
    lines
}

/// One code line, set as it was measured: character by character, unkerned.
fn code_line(text: String, style: &Style, measure: &dyn Measure) -> Line {
    let mut glyphs = measure.shape(&text, style);
    for g in &mut glyphs {
        g.kern = 0.0;
    }
    let width = glyphs_width(&glyphs, style);
    Line {
        fragments: vec![Fragment {
            text,
            style: style.clone(),
            x: Em(0.0),
            width: Em(width),
            glyphs,
        }],
        width: Em(width),
    }
}
