//! Pages: the boxes placed on the pages [`paginate`] chose (a table's
//! header repeated above its continuation), then the header and footer of
//! every page.

use super::draw::moved;
use super::flow::{VBox, paginate};
use super::{Bookmark, Color, Draw, Furniture, Layout, Layouter, Page, Pt, Style};

impl Layouter<'_> {
    /// Places the boxes on the pages the flow's keep rules allow.
    pub(super) fn place(&mut self) -> Layout {
        let g = self.geometry;
        let boxes = std::mem::take(&mut self.boxes);
        let head_heights: Vec<Pt> = self
            .heads
            .iter()
            .map(|h| h.iter().map(|b| b.height).sum())
            .collect();
        let breaks = paginate(
            &boxes,
            &self.items,
            &head_heights,
            g.height - g.margin_top - g.margin_bottom,
        );
        // Which item each box belongs to, and the header it repeats.
        let mut item_of = vec![None; boxes.len()];
        for (k, item) in self.items.iter().enumerate() {
            for b in item.boxes.clone() {
                if let Some(slot) = item_of.get_mut(b) {
                    *slot = Some(k);
                }
            }
        }
        let mut layout = Layout {
            pages: vec![Page::default()],
            bookmarks: Vec::new(),
        };
        let mut y = g.margin_top;
        let mut next_break = breaks.iter().copied().peekable();
        let mut b = 0;
        while b < boxes.len() {
            let page_starts = next_break.next_if_eq(&b).is_some();
            if page_starts {
                layout.pages.push(Page::default());
                y = g.margin_top;
                let head = item_of[b].and_then(|k| self.items[k].head);
                if let Some(head) = head.and_then(|h| self.heads.get(h)) {
                    place_run(&mut layout, head, g.margin_x, &mut y);
                }
            } else if b > 0 {
                y += boxes[b].space_before;
            }
            // A table row's bands on one page are placed as one run, so its
            // cells are drawn whole, one after the other.
            let mut end = b + 1;
            if !boxes[b].cells.is_empty() {
                while end < boxes.len()
                    && item_of[end] == item_of[b]
                    && !boxes[end].cells.is_empty()
                    && next_break.peek() != Some(&end)
                {
                    end += 1;
                }
            }
            place_run(&mut layout, &boxes[b..end], g.margin_x, &mut y);
            b = end;
        }
        layout
    }

    /// Adds the header and footer to every page.
    pub(super) fn furnish(&self, layout: &mut Layout, f: &Furniture) {
        let g = self.geometry;
        let n = layout.pages.len();
        let size = Pt(8.0);
        let style = Style::default();
        for (i, page) in layout.pages.iter_mut().enumerate() {
            let mut text = |x: Pt, y: Pt, s: String, right: bool| {
                page.draws.push(super::draw::text_draw(
                    self.measure,
                    (x, y, size),
                    right,
                    style.clone(),
                    Color::MUTED,
                    s,
                ));
            };
            let head_y = g.margin_top - Pt(28.0);
            // The two headers share the column with a gap between them: the
            // right one (report id, short) keeps its width up to half the
            // column, the left one (provider) takes the rest; either is cut
            // with an ellipsis rather than overlapping or leaving the page.
            let column = g.column();
            let gap = Pt(12.0);
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
                g.height - g.margin_bottom + Pt(32.0),
                footer,
                false,
            );
            page.draws.push(Draw::Line {
                from: (g.margin_x, head_y + Pt(6.0)),
                to: (g.width - g.margin_x, head_y + Pt(6.0)),
                width: Pt(0.4),
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

/// Places consecutive boxes at `y` on the last page and moves `y` below
/// them: each box's own drawings, then its cells column by column across
/// the boxes (a table row's lines), and records their bookmarks.
fn place_run(layout: &mut Layout, boxes: &[VBox], x0: Pt, y: &mut Pt) {
    let page_index = layout.pages.len().saturating_sub(1);
    let Some(page) = layout.pages.last_mut() else {
        return;
    };
    let mut tops = Vec::with_capacity(boxes.len());
    for (k, b) in boxes.iter().enumerate() {
        if k > 0 {
            *y += b.space_before;
        }
        tops.push(*y);
        if let Some((level, title)) = &b.bookmark {
            layout.bookmarks.push(Bookmark {
                level: *level,
                title: title.clone(),
                page: page_index,
                y: *y,
            });
        }
        page.draws.extend(b.draws.iter().map(|d| moved(d, x0, *y)));
        *y += b.height;
    }
    let columns = boxes.iter().map(|b| b.cells.len()).max().unwrap_or(0);
    for c in 0..columns {
        for (b, top) in boxes.iter().zip(&tops) {
            if let Some(cell) = b.cells.get(c) {
                page.draws.extend(cell.iter().map(|d| moved(d, x0, *top)));
            }
        }
    }
}
