//! Pages: boxes placed page by page, chunk by chunk (a chunk moves to the
//! next page whole when it fits on one; a table's header is repeated), then
//! the header and footer of every page.

use super::{Bookmark, Color, Draw, Furniture, Layout, Layouter, Page, Pt, Style, VBox};

impl Layouter<'_> {
    /// Places boxes on pages, chunk by chunk.
    pub(super) fn paginate(&mut self) -> Layout {
        let g = self.geometry;
        let bottom = g.height - g.margin_bottom;
        let mut layout = Layout {
            pages: vec![Page::default()],
            bookmarks: Vec::new(),
        };
        let mut y = g.margin_top;
        let mut i = 0;
        let boxes = std::mem::take(&mut self.boxes);
        while i < boxes.len() {
            let chunk = boxes[i].chunk;
            let end = boxes[i..]
                .iter()
                .position(|b| b.chunk != chunk)
                .map_or(boxes.len(), |p| i + p);
            let at_top = (y - g.margin_top).abs() < 0.01;
            let chunk_height: Pt = boxes[i..end]
                .iter()
                .enumerate()
                .map(|(k, b)| {
                    b.height
                        + if k == 0 && at_top {
                            0.0
                        } else {
                            b.space_before
                        }
                })
                .sum();
            let fits = y + chunk_height <= bottom + 0.01;
            let page_height = bottom - g.margin_top;
            if !fits && !at_top && chunk_height <= page_height {
                layout.pages.push(Page::default());
                y = g.margin_top;
                // A table continues: repeat its header.
                if let Some(t) = boxes[i].table {
                    for head in &self.table_heads[t] {
                        place(&mut layout, head, g.margin_x, &mut y);
                    }
                }
            }
            for b in &boxes[i..end] {
                let at_top = (y - g.margin_top).abs() < 0.01;
                if y + b.height + if at_top { 0.0 } else { b.space_before } > bottom + 0.01
                    && !at_top
                {
                    layout.pages.push(Page::default());
                    y = g.margin_top;
                    if let Some(t) = b.table {
                        for head in &self.table_heads[t] {
                            place(&mut layout, head, g.margin_x, &mut y);
                        }
                    }
                }
                if (y - g.margin_top).abs() >= 0.01 {
                    y += b.space_before;
                }
                if let Some((level, title)) = &b.bookmark {
                    layout.bookmarks.push(Bookmark {
                        level: *level,
                        title: title.clone(),
                        page: layout.pages.len() - 1,
                        y,
                    });
                }
                place(&mut layout, b, g.margin_x, &mut y);
            }
            i = end;
        }
        layout
    }

    /// Adds the header and footer to every page.
    pub(super) fn furnish(&self, layout: &mut Layout, f: &Furniture) {
        let g = self.geometry;
        let n = layout.pages.len();
        let size = 8.0;
        let style = Style::default();
        for (i, page) in layout.pages.iter_mut().enumerate() {
            let mut text = |x: Pt, y: Pt, s: String, right: bool| {
                let width = self.measure.width(&s, &style) * size;
                let x = if right { x - width } else { x };
                page.draws.push(Draw::Text {
                    x,
                    y,
                    size,
                    style: style.clone(),
                    color: Color::MUTED,
                    text: s,
                    width,
                });
            };
            let head_y = g.margin_top - 28.0;
            // The two headers share the column with a gap between them: the
            // right one (report id, short) keeps its width up to half the
            // column, the left one (provider) takes the rest; either is cut
            // with an ellipsis rather than overlapping or leaving the page.
            let column = g.column();
            let gap = 12.0;
            let em = |t: &str| self.measure.width(t, &style) * size;
            let right_room = em(&f.header_right).min((column - gap) / 2.0);
            let right_room = right_room.max(column - gap - em(&f.header_left));
            let right = fit(&f.header_right, right_room.min(column), &|t| em(t));
            let left_room = column - gap - em(&right);
            let left = fit(&f.header_left, left_room, &|t| em(t));
            text(g.margin_x, head_y, left, false);
            text(g.width - g.margin_x, head_y, right, true);
            let footer = f
                .footer
                .replace("{page}", &(i + 1).to_string())
                .replace("{pages}", &n.to_string());
            let footer = fit(&footer, column, &|t| em(t));
            let width = self.measure.width(&footer, &style) * size;
            text(
                (g.width - width) / 2.0,
                g.height - g.margin_bottom + 32.0,
                footer,
                false,
            );
            page.draws.push(Draw::Line {
                from: (g.margin_x, head_y + 6.0),
                to: (g.width - g.margin_x, head_y + 6.0),
                width: 0.4,
                color: Color::RULE,
            });
        }
    }
}

/// The text, cut with an ellipsis when wider than `room`.
fn fit(text: &str, room: Pt, width: &dyn Fn(&str) -> Pt) -> String {
    if width(text) <= room {
        return text.to_owned();
    }
    // Longest prefix (at a character boundary) that fits with the ellipsis:
    // widths grow with the prefix, so a binary search over boundaries.
    let bounds: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
    let (mut lo, mut hi) = (0, bounds.len());
    while lo < hi {
        let mid = (lo + hi).div_ceil(2);
        let candidate = format!("{}…", text[..bounds[mid.min(bounds.len() - 1)]].trim_end());
        if mid < bounds.len() && width(&candidate) <= room {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    let kept = bounds.get(lo).map_or("", |&b| &text[..b]).trim_end();
    if kept.is_empty() {
        String::new()
    } else {
        format!("{kept}…")
    }
}

/// Places a box at `y` on the last page and moves `y` below it.
fn place(layout: &mut Layout, b: &VBox, x0: Pt, y: &mut Pt) {
    let Some(page) = layout.pages.last_mut() else {
        return;
    };
    for d in &b.draws {
        page.draws.push(match d.clone() {
            Draw::Text {
                x,
                y: dy,
                size,
                style,
                color,
                text,
                width,
            } => Draw::Text {
                x: x0 + x,
                y: *y + dy,
                size,
                style,
                color,
                text,
                width,
            },
            Draw::Rect {
                x,
                y: dy,
                w,
                h,
                color,
            } => Draw::Rect {
                x: x0 + x,
                y: *y + dy,
                w,
                h,
                color,
            },
            Draw::Image { x, y: dy, w, h } => Draw::Image {
                x: x0 + x,
                y: *y + dy,
                w,
                h,
            },
            Draw::Line {
                from,
                to,
                width,
                color,
            } => Draw::Line {
                from: (x0 + from.0, *y + from.1),
                to: (x0 + to.0, *y + to.1),
                width,
                color,
            },
            Draw::Link {
                x,
                y: dy,
                w,
                h,
                url,
            } => Draw::Link {
                x: x0 + x,
                y: *y + dy,
                w,
                h,
                url,
            },
        });
    }
    *y += b.height;
}
