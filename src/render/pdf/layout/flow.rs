//! The flow: what layout lowers blocks to, and the pure pagination over it.
//!
//! Lowering (`lower.rs`, `table.rs`) turns blocks into boxes (a line, a band
//! of a table row, a rule) and groups consecutive boxes into flow items that
//! carry their keep rules as data ([`Keep`]). [`paginate`] reads only
//! heights, spaces and keep rules and says where pages break; it draws
//! nothing and measures nothing, so unit tests drive it with made-up
//! heights. Every keep rule is decided in [`allowed_breaks`].

use std::ops::Range;

use super::{Draw, Pt};

/// A vertical piece of content: a line, a band of a table row, a rule.
#[derive(Debug, Clone, Default)]
pub(super) struct VBox {
    /// Its height.
    pub height: Pt,
    /// Space above it, dropped at the top of a page.
    pub space_before: Pt,
    /// Drawings relative to the box's top-left at the column's left edge.
    pub draws: Vec<Draw>,
    /// A table band's drawings per cell: consecutive bands of one row on a
    /// page are drawn cell by cell, so the text layer reads each cell whole.
    pub cells: Vec<Vec<Draw>>,
    /// A bookmark to record where this box lands.
    pub bookmark: Option<(u8, String)>,
}

/// How a flow item holds together across a page break.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(super) struct Keep {
    /// Whole on one page when it fits on one (a heading, a short table row).
    pub together: bool,
    /// Boxes kept together at its start (no orphan lines).
    pub orphans: usize,
    /// Boxes kept together at its end (no widow lines).
    pub widows: usize,
    /// No page break between it and the next item (a heading, a table's
    /// header, the rows of a short table, the rows before a total).
    pub with_next: bool,
    /// At least this height of what precedes it stays on its page (a
    /// letter's closing: never alone, nor with a sentence only).
    pub lines_before: Pt,
}

impl Keep {
    /// Breaks anywhere between its boxes.
    pub const FREE: Keep = Keep {
        together: false,
        orphans: 1,
        widows: 1,
        with_next: false,
        lines_before: Pt::ZERO,
    };
    /// Whole on one page.
    pub const TOGETHER: Keep = Keep {
        together: true,
        ..Keep::FREE
    };
    /// Lines of text: two kept together at each end.
    pub const LINES: Keep = Keep {
        orphans: 2,
        widows: 2,
        ..Keep::FREE
    };
}

/// Consecutive boxes that form one piece of content, with its keep rules.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct FlowItem {
    /// Its boxes.
    pub boxes: Range<usize>,
    /// How it holds together.
    pub keep: Keep,
    /// The table header (an index into the heads) repeated above it when a
    /// page starts inside or at it.
    pub head: Option<usize>,
}

/// Whether a page may break before each box (index 0 never does): the one
/// place the keep rules of [`Keep`] are decided.
pub(super) fn allowed_breaks(boxes: &[VBox], items: &[FlowItem]) -> Vec<bool> {
    let mut allowed = vec![true; boxes.len()];
    if let Some(first) = allowed.first_mut() {
        *first = false;
    }
    for (k, item) in items.iter().enumerate() {
        let Range { start, end } = item.boxes.clone();
        let keep = item.keep;
        let inside = allowed.iter_mut().enumerate();
        for (b, slot) in inside.take(end).skip(start + 1) {
            let before = b - start;
            let after = end - b;
            if keep.together || before < keep.orphans || after < keep.widows {
                *slot = false;
            }
        }
        if keep.with_next && end < boxes.len() && items.get(k + 1).is_some() {
            allowed[end] = false;
        }
        if keep.lines_before > Pt::ZERO {
            // Walk back from the item: no break until this much stays with it.
            let mut kept = Pt::ZERO;
            let mut b = start;
            while b > 0 && kept < keep.lines_before {
                allowed[b] = false;
                kept += boxes[b - 1].height;
                b -= 1;
            }
        }
    }
    allowed
}

/// Page breaks: the index of the box each page after the first starts
/// with. `heads` are the heights of the table headers, repeated above a
/// page that starts inside a table; `page` is the column's height.
///
/// Greedy: boxes fill a page until one does not fit, then the page breaks
/// at the last allowed break on it. When there is none, or what follows
/// that break could not fit on a page anyway (a block taller than a page),
/// the page breaks where it is full instead.
pub(super) fn paginate(boxes: &[VBox], items: &[FlowItem], heads: &[Pt], page: Pt) -> Vec<usize> {
    let allowed = allowed_breaks(boxes, items);
    let mut head_of = vec![None; boxes.len()];
    for item in items {
        for b in item.boxes.clone() {
            if let Some(slot) = head_of.get_mut(b) {
                *slot = item.head;
            }
        }
    }
    let head_height = |b: usize| -> Pt {
        head_of[b]
            .and_then(|h: usize| heads.get(h).copied())
            .unwrap_or(Pt::ZERO)
    };
    // Height from box `from` (at the top of a page) to the end of box `to`.
    let height_from_top = |from: usize, to: usize| -> Pt {
        head_height(from)
            + boxes[from].height
            + boxes[from + 1..=to]
                .iter()
                .map(|b| b.space_before + b.height)
                .sum::<Pt>()
    };
    let mut breaks = Vec::new();
    let mut start = 0;
    let mut y = Pt::ZERO;
    let mut b = 0;
    while b < boxes.len() {
        let add = if b == start {
            head_height(b) + boxes[b].height
        } else {
            boxes[b].space_before + boxes[b].height
        };
        if b == start || y + add <= page + Pt(0.01) {
            y += add;
            b += 1;
            continue;
        }
        // Box `b` overflows: break at the last allowed break on this page,
        // unless what starts there could not fit on a page by itself.
        let chosen = (start + 1..=b).rev().find(|&k| allowed[k]).filter(|&k| {
            let next = (k + 1..boxes.len())
                .find(|&n| allowed[n])
                .unwrap_or(boxes.len());
            height_from_top(k, next - 1) <= page + Pt(0.01)
        });
        let at = chosen.unwrap_or(b);
        breaks.push(at);
        start = at;
        b = at;
        y = Pt::ZERO;
    }
    breaks
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Boxes of the given heights, each with `space` above.
    fn boxes(heights: &[f32], space: f32) -> Vec<VBox> {
        heights
            .iter()
            .map(|&height| VBox {
                height: Pt(height),
                space_before: Pt(space),
                ..VBox::default()
            })
            .collect()
    }

    fn item(boxes: Range<usize>, keep: Keep) -> FlowItem {
        FlowItem {
            boxes,
            keep,
            head: None,
        }
    }

    /// Items of `n` boxes each, one after the other.
    fn items(sizes: &[(usize, Keep)]) -> Vec<FlowItem> {
        let mut at = 0;
        sizes
            .iter()
            .map(|&(n, keep)| {
                at += n;
                item(at - n..at, keep)
            })
            .collect()
    }

    #[test]
    fn free_boxes_fill_each_page() {
        let b = boxes(&[10.0; 10], 0.0);
        let i = items(&[(10, Keep::FREE)]);
        assert_eq!(paginate(&b, &i, &[], Pt(30.0)), [3, 6, 9]);
    }

    #[test]
    fn space_above_is_dropped_at_the_top_of_a_page() {
        let b = boxes(&[10.0; 4], 5.0);
        let i = items(&[(4, Keep::FREE)]);
        // 10 + 15 = 25 fits in 25; the third starts a page without its space.
        assert_eq!(paginate(&b, &i, &[], Pt(25.0)), [2]);
    }

    #[test]
    fn no_orphan_and_no_widow() {
        // A paragraph of 6 lines after 8: page of 10 lines.
        let b = boxes(&[1.0; 14], 0.0);
        let i = items(&[(8, Keep::LINES), (6, Keep::LINES)]);
        // 9 lines would leave one orphan of the second paragraph: it breaks
        // before the paragraph... 10 lines leave 2 orphans and 4: fine.
        assert_eq!(paginate(&b, &i, &[], Pt(10.0)), [10]);
        // With 9 a page, the one line left would be an orphan.
        assert_eq!(paginate(&b, &i, &[], Pt(9.0)), [8]);
        // With 13 a page, one widow would remain: two lines go over.
        assert_eq!(paginate(&b, &i, &[], Pt(13.0)), [12]);
    }

    #[test]
    fn a_heading_stays_with_the_start_of_what_follows() {
        let b = boxes(&[1.0; 12], 0.0);
        let heading = Keep {
            with_next: true,
            ..Keep::TOGETHER
        };
        let i = items(&[(8, Keep::LINES), (1, heading), (3, Keep::LINES)]);
        // A page of 10: the heading (box 8) would end a page with one line
        // (an orphan) after it; both move on.
        assert_eq!(paginate(&b, &i, &[], Pt(10.0)), [8]);
        // A page of 9: the heading would end the page: it moves on.
        assert_eq!(paginate(&b, &i, &[], Pt(9.0)), [8]);
    }

    #[test]
    fn a_block_taller_than_a_page_breaks_where_the_page_is_full() {
        let b = boxes(&[1.0; 12], 0.0);
        let i = items(&[(2, Keep::FREE), (10, Keep::TOGETHER)]);
        // It starts where it is rather than leaving a page nearly empty.
        assert_eq!(paginate(&b, &i, &[], Pt(5.0)), [5, 10]);
        // A together block that fits on a page moves to the next one.
        let i = items(&[(8, Keep::FREE), (4, Keep::TOGETHER)]);
        assert_eq!(paginate(&b, &i, &[], Pt(10.0)), [8]);
    }

    /// A table: its header (2 high, one box), then rows of one box each,
    /// the row at `total` a total row.
    fn table(rows: usize, total: Option<usize>) -> (Vec<VBox>, Vec<FlowItem>) {
        let mut heights = vec![2.0];
        heights.extend(std::iter::repeat_n(1.0, rows));
        let b = boxes(&heights, 0.0);
        let mut i = vec![item(
            0..1,
            Keep {
                with_next: true,
                ..Keep::TOGETHER
            },
        )];
        for r in 0..rows {
            let next_is_total = total == Some(r + 1);
            i.push(FlowItem {
                boxes: r + 1..r + 2,
                keep: Keep {
                    // The first two rows together, the last two together, a
                    // total row with the row above.
                    with_next: r == 0 || r + 2 == rows || next_is_total,
                    ..Keep::TOGETHER
                },
                head: Some(0),
            });
        }
        (b, i)
    }

    #[test]
    fn a_table_repeats_its_header_and_keeps_its_last_two_rows_together() {
        let (b, i) = table(10, None);
        // Page of 8: header + 6 rows; next page: header (2) + 4 rows.
        assert_eq!(paginate(&b, &i, &[Pt(2.0)], Pt(8.0)), [7]);
        // Page of 11: header + 9 rows would leave the last row alone.
        assert_eq!(paginate(&b, &i, &[Pt(2.0)], Pt(11.0)), [9]);
    }

    #[test]
    fn a_header_never_ends_a_page_with_one_row() {
        let mut b = boxes(&[1.0; 5], 0.0);
        let (tb, mut ti) = table(6, None);
        b.extend(tb);
        for it in &mut ti {
            it.boxes = it.boxes.start + 5..it.boxes.end + 5;
        }
        let mut i = items(&[(5, Keep::FREE)]);
        i.extend(ti);
        // Page of 8: 5 lines + header (2) + one row would fit: the header
        // and its two rows move on.
        assert_eq!(paginate(&b, &i, &[Pt(2.0)], Pt(8.0))[0], 5);
    }

    #[test]
    fn a_total_row_stays_with_the_row_above() {
        // Row 7 of 10 (box 7) totals the six above it; a page of 8 holds
        // the header and six rows: the total would start the next page.
        let (b, i) = table(10, Some(6));
        assert_eq!(paginate(&b, &i, &[Pt(2.0)], Pt(8.0)), [6]);
        let (b, i) = table(10, None);
        assert_eq!(paginate(&b, &i, &[Pt(2.0)], Pt(8.0)), [7]);
    }

    #[test]
    fn a_short_table_is_kept_whole() {
        let mut b = boxes(&[1.0; 6], 0.0);
        b.extend(boxes(&[1.0; 4], 0.0));
        let mut i = items(&[(6, Keep::FREE)]);
        for r in 0..4 {
            i.push(item(
                6 + r..7 + r,
                Keep {
                    with_next: r < 3,
                    ..Keep::TOGETHER
                },
            ));
        }
        assert_eq!(paginate(&b, &i, &[], Pt(8.0)), [6]);
    }

    #[test]
    fn a_closing_keeps_lines_of_the_letter_with_it() {
        // 20 lines of paragraphs of 4 and a closing of 3 boxes that keeps
        // 3 lines before it.
        let b = boxes(&[1.0; 23], 0.0);
        let closing = Keep {
            lines_before: Pt(3.0),
            ..Keep::TOGETHER
        };
        let i = items(&[
            (4, Keep::LINES),
            (4, Keep::LINES),
            (4, Keep::LINES),
            (4, Keep::LINES),
            (4, Keep::LINES),
            (3, closing),
        ]);
        // A page of 20 holds all paragraphs; the closing may not be alone:
        // three lines come with it, and no widow is left (lines 16-17 stay).
        assert_eq!(paginate(&b, &i, &[], Pt(20.0)), [16]);
        // Without the rule, the closing would stand alone.
        let mut bare = i.clone();
        bare[5].keep.lines_before = Pt::ZERO;
        assert_eq!(paginate(&b, &bare, &[], Pt(20.0)), [20]);
    }

    #[test]
    fn allowed_breaks_follow_the_keep_rules() {
        let b = boxes(&[1.0; 7], 0.0);
        let i = items(&[(5, Keep::LINES), (2, Keep::TOGETHER)]);
        assert_eq!(
            allowed_breaks(&b, &i),
            [false, false, true, true, false, true, false]
        );
    }
}
