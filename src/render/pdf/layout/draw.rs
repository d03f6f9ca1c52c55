//! Drawing helpers shared by the lowering of blocks: a line's text items
//! (with strike, underline and link areas) and drawings moved into place.

use super::super::blocks::Style;
use super::super::fonts::glyphs_width;
use super::super::linebreak::{Line, Measure};
use super::{Color, Draw, Pt};

/// The drawings of one line: a text item per fragment, plus strike lines and links.
pub(super) fn line_draws(line: &Line, x0: Pt, baseline: Pt, size: Pt, color: Color) -> Vec<Draw> {
    let mut draws = Vec::new();
    for f in &line.fragments {
        let x = x0 + f.x.at(size);
        let width = f.width.at(size);
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
            (size * super::super::fonts::MONO_SCALE, Pt::ZERO)
        } else if f.style.superscript {
            (size * super::super::fonts::SUPERSCRIPT_SCALE, size * 0.33)
        } else {
            (size, Pt::ZERO)
        };
        draws.push(Draw::Text {
            x,
            y: baseline - rise,
            size: text_size,
            style: f.style.clone(),
            color,
            text: f.text.clone(),
            width,
            glyphs: f.glyphs.clone(),
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

/// A drawing moved right by `dx` and down by `dy`.
pub(super) fn moved(d: &Draw, dx: Pt, dy: Pt) -> Draw {
    let mut d = d.clone();
    match &mut d {
        Draw::Text { x, y, .. }
        | Draw::Rect { x, y, .. }
        | Draw::Image { x, y, .. }
        | Draw::Link { x, y, .. } => {
            *x += dx;
            *y += dy;
        }
        Draw::Line { from, to, .. } => {
            *from = (from.0 + dx, from.1 + dy);
            *to = (to.0 + dx, to.1 + dy);
        }
    }
    d
}

/// A text item outside line breaking (a list marker, the header and footer),
/// shaped here so emit draws what was measured; its left edge at `x`, or
/// its right edge when `right`.
pub(super) fn text_draw(
    measure: &dyn Measure,
    (x, y, size): (Pt, Pt, Pt),
    right: bool,
    style: Style,
    color: Color,
    text: String,
) -> Draw {
    let glyphs = measure.shape(&text, &style);
    let width = glyphs_width(&glyphs, &style) * size;
    Draw::Text {
        x: if right { x - width } else { x },
        y,
        size,
        style,
        color,
        text,
        width,
        glyphs,
    }
}
