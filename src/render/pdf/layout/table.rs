//! Tables: rows as bands of lines (so a row taller than a page breaks
//! between lines) and the keep rules of tables, as data: the header with
//! two rows and repeated on every page the table continues onto, the last
//! row and a total row with the row above, a short table whole. Column
//! widths are in `columns.rs`.

use super::super::blocks::{Align, Run, Style};
use super::super::linebreak::{Em, lines_of};
use super::draw::line_draws;
use super::flow::{Keep, VBox};
use super::{
    CELL_PAD, Color, Draw, Layouter, PARA_GAP, Pt, ROW_KEEP_LINES, SHORT_TABLE_SHARE, TABLE,
    TABLE_GAP,
};

impl Layouter<'_> {
    /// Lowers a table: a header item, then one item per row.
    pub(super) fn table(
        &mut self,
        aligns: &[Align],
        head: &[Vec<Run>],
        rows: &[Vec<Vec<Run>>],
        indent: Pt,
        width: Pt,
    ) {
        let columns = head.len().max(rows.iter().map(Vec::len).max().unwrap_or(0));
        if columns == 0 {
            return;
        }
        let bold = |cells: &[Vec<Run>]| -> Vec<Vec<Run>> {
            cells
                .iter()
                .map(|c| {
                    c.iter()
                        .map(|r| Run {
                            text: r.text.clone(),
                            style: Style {
                                bold: true,
                                ..r.style.clone()
                            },
                        })
                        .collect()
                })
                .collect()
        };
        let head = bold(head);
        let widths = self.column_widths(&head, rows, columns, width);
        let table_id = self.heads.len();
        let mut head_boxes = self.row(&head, &widths, aligns, indent, true);
        self.heads.push(head_boxes.clone());
        if let Some(first) = head_boxes.first_mut() {
            let after_table = self.table_ends_at == Some(self.boxes.len());
            first.space_before = if after_table {
                TABLE_GAP
            } else {
                PARA_GAP + Pt(2.0)
            };
        }
        let start = self.boxes.len();
        self.boxes.extend(head_boxes);
        let header = Keep {
            with_next: true,
            ..Keep::TOGETHER
        };
        self.item(start, header, None);
        let mut body: Vec<Vec<VBox>> = rows
            .iter()
            .map(|row| self.row(row, &widths, aligns, indent, false))
            .collect();
        let g = self.geometry;
        let page = g.height - g.margin_top - g.margin_bottom;
        let table_height: Pt = body.iter().flatten().map(|b| b.height).sum();
        let keeps_whole = |bands: &[VBox]| bands.len() <= ROW_KEEP_LINES;
        // A short table is kept whole: it moves to the next page rather than split.
        let short = table_height <= page * SHORT_TABLE_SHARE && body.iter().all(|b| keeps_whole(b));
        let n = rows.len();
        for i in 0..n {
            // The header never ends a page with one row under it, the last
            // row never stands alone under a repeated header, and a total
            // row stays with the amounts it totals.
            let next_joins = body.get(i + 1).is_some_and(|next| {
                keeps_whole(next) && (i == 0 || i + 2 == n || is_total_row(&rows[i + 1]))
            });
            let row = if keeps_whole(&body[i]) {
                Keep::TOGETHER
            } else {
                Keep::LINES
            };
            let keep = Keep {
                with_next: (short && i + 1 < n) || next_joins,
                ..row
            };
            let start = self.boxes.len();
            self.boxes.extend(std::mem::take(&mut body[i]));
            self.item(start, keep, Some(table_id));
        }
        self.table_ends_at = Some(self.boxes.len());
    }

    /// A table row as bands, one box per line of its tallest cell, so a row
    /// taller than a page breaks between lines; each band keeps its cells'
    /// drawings apart, so a row on one page is drawn cell by cell.
    fn row(
        &self,
        cells: &[Vec<Run>],
        widths: &[Pt],
        aligns: &[Align],
        indent: Pt,
        head: bool,
    ) -> Vec<VBox> {
        let line_h = TABLE * 1.3;
        let mut x = indent;
        // Per cell: its left edge, inner width, alignment and lines.
        let mut columns = Vec::with_capacity(widths.len());
        for (c, &w) in widths.iter().enumerate() {
            let runs = cells.get(c).map_or(&[][..], Vec::as_slice);
            let inner = w - 2.0 * CELL_PAD;
            let lines = lines_of(runs, Em(inner / TABLE), self.measure);
            let align = aligns.get(c).copied().unwrap_or(Align::Left);
            columns.push((x, inner, align, lines));
            x += w;
        }
        let n = columns.iter().map(|c| c.3.len()).max().unwrap_or(0).max(1);
        let total: Pt = widths.iter().sum();
        let mut bands = Vec::with_capacity(n);
        for k in 0..n {
            let top_pad = if k == 0 { CELL_PAD } else { Pt::ZERO };
            let bottom_pad = if k + 1 == n { CELL_PAD } else { Pt::ZERO };
            let height = top_pad + line_h + bottom_pad;
            let mut band = VBox {
                height,
                ..VBox::default()
            };
            if head {
                band.draws.push(Draw::Rect {
                    x: indent,
                    y: Pt::ZERO,
                    w: total,
                    h: height,
                    color: Color::SHADE,
                });
            }
            for (x, inner, align, lines) in &columns {
                let Some(line) = lines.get(k) else {
                    band.cells.push(Vec::new());
                    continue;
                };
                let shift = match align {
                    Align::Left => Pt::ZERO,
                    Align::Center => (*inner - line.width.at(TABLE)) / 2.0,
                    Align::Right => *inner - line.width.at(TABLE),
                };
                band.cells.push(line_draws(
                    line,
                    *x + CELL_PAD + shift.max(Pt::ZERO),
                    top_pad + TABLE,
                    TABLE,
                    Color::TEXT,
                ));
            }
            if k + 1 == n {
                band.draws.push(Draw::Line {
                    from: (indent, height),
                    to: (indent + total, height),
                    width: if head { Pt(0.9) } else { Pt(0.4) },
                    color: Color::RULE,
                });
            }
            bands.push(band);
        }
        bands
    }
}

/// A row that totals the rows above it: its first cell is all bold, or
/// starts with "Total" (or Czech "Celkem", Vietnamese "Tổng").
fn is_total_row(row: &[Vec<Run>]) -> bool {
    let Some(first) = row.first() else {
        return false;
    };
    let text: String = first.iter().map(|r| r.text.as_str()).collect();
    let lower = text.trim().to_lowercase();
    let bold = !lower.is_empty()
        && first
            .iter()
            .all(|r| r.style.bold || r.text.trim().is_empty());
    bold || ["total", "celkem", "tổng", "sum"]
        .iter()
        .any(|w| lower.starts_with(w))
}
