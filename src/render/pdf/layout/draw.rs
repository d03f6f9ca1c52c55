//! Drawing helpers shared by the lowering of blocks: a line's text items
//! (with strike, underline and link areas), code lines wrapped with a
//! continuation mark, and drawings moved into place.

use super::super::blocks::{Run, Style};
use super::super::linebreak::{Fragment, Line, Measure};
use super::{Color, Draw, Pt};

/// The drawings of one line: a text item per fragment, plus strike lines and links.
pub(super) fn line_draws(line: &Line, x0: Pt, baseline: Pt, size: Pt, color: Color) -> Vec<Draw> {
    let mut draws = Vec::new();
    for f in &line.fragments {
        let x = x0 + f.x * size;
        let width = f.width * size;
        let color = if f.style.strike {
            Color::DELETED
        } else if f.style.insert {
            Color::INSERTED
        } else if f.style.link.is_some() {
            Color::LINK
        } else {
            color
        };
        let (text_size, rise) = if f.style.mono {
            (size * super::super::fonts::MONO_SCALE, 0.0)
        } else if f.style.superscript {
            (size * super::super::fonts::SUPERSCRIPT_SCALE, size * 0.33)
        } else {
            (size, 0.0)
        };
        draws.push(Draw::Text {
            x,
            y: baseline - rise,
            size: text_size,
            style: f.style.clone(),
            color,
            text: f.text.clone(),
            width,
        });
        if f.style.strike {
            draws.push(Draw::Line {
                from: (x, baseline - size * 0.3),
                to: (x + width, baseline - size * 0.3),
                width: size * 0.07,
                color: Color::DELETED,
            });
        }
        if f.style.insert {
            draws.push(Draw::Line {
                from: (x, baseline + size * 0.18),
                to: (x + width, baseline + size * 0.18),
                width: size * 0.07,
                color: Color::INSERTED,
            });
        }
        if let Some(url) = &f.style.link {
            draws.push(Draw::Line {
                from: (x, baseline + size * 0.15),
                to: (x + width, baseline + size * 0.15),
                width: size * 0.05,
                color,
            });
            draws.push(Draw::Link {
                x,
                y: baseline - size,
                w: width,
                h: size * 1.3,
                url: url.clone(),
            });
        }
    }
    draws
}

/// Marks a code line continued from the line above (the hanging indent).
pub const CODE_CONTINUATION: &str = "↪ ";

/// Code keeps its spaces. A line too long for the column wraps after its
/// last space that fits (between characters only when a single token is
/// longer than the line would allow); continued lines start with
/// [`CODE_CONTINUATION`], a mark and a hanging indent.
pub(super) fn break_code(run: &Run, max: f32, measure: &dyn Measure) -> Vec<Line> {
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
        let width = lead + chars[start..end].iter().map(|c| c.1).sum::<f32>();
        lines.push(code_line(text, width, &run.style));
        start = end;
    }
    lines
}

fn code_line(text: String, width: f32, style: &Style) -> Line {
    Line {
        fragments: vec![Fragment {
            text,
            style: style.clone(),
            x: 0.0,
            width,
        }],
        width,
    }
}

/// A drawing moved right by `dx` and down by `dy`.
pub(super) fn moved(d: &Draw, dx: Pt, dy: Pt) -> Draw {
    match d.clone() {
        Draw::Text {
            x,
            y,
            size,
            style,
            color,
            text,
            width,
        } => Draw::Text {
            x: x + dx,
            y: y + dy,
            size,
            style,
            color,
            text,
            width,
        },
        Draw::Rect { x, y, w, h, color } => Draw::Rect {
            x: x + dx,
            y: y + dy,
            w,
            h,
            color,
        },
        Draw::Image { x, y, w, h } => Draw::Image {
            x: x + dx,
            y: y + dy,
            w,
            h,
        },
        Draw::Line {
            from,
            to,
            width,
            color,
        } => Draw::Line {
            from: (from.0 + dx, from.1 + dy),
            to: (to.0 + dx, to.1 + dy),
            width,
            color,
        },
        Draw::Link { x, y, w, h, url } => Draw::Link {
            x: x + dx,
            y: y + dy,
            w,
            h,
            url,
        },
    }
}
