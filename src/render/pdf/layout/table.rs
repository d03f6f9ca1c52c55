//! Tables: column widths from content, rows as bands of lines (so a row
//! taller than a page breaks between lines), and the keep rules of tables:
//! the header with two rows, the last row and a total row with the row
//! above, a short table whole.

use super::{
    Align, CELL_PAD, Color, Draw, Layouter, PARA_GAP, Pt, ROW_KEEP_LINES, Run, SHORT_TABLE_SHARE,
    Style, TABLE, TABLE_GAP, VBox, break_lines, line_draws,
};

impl Layouter<'_> {
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
        let table_id = self.table_heads.len();
        let head_chunk = self.chunk();
        let head_bands = self.row(&head, &widths, aligns, indent, true);
        let head_chunks = vec![head_chunk; head_bands.len()];
        let mut head_boxes = merge_bands(head_bands, &head_chunks);
        self.table_heads.push(head_boxes.clone());
        if let Some(first) = head_boxes.first_mut() {
            let after_table = self.table_ends_at == Some(self.boxes.len());
            first.space_before = if after_table {
                TABLE_GAP
            } else {
                PARA_GAP + 2.0
            };
        }
        self.boxes.extend(head_boxes);
        let body: Vec<Vec<Band>> = rows
            .iter()
            .map(|row| self.row(row, &widths, aligns, indent, false))
            .collect();
        let g = self.geometry;
        let page = g.height - g.margin_top - g.margin_bottom;
        let table_height: Pt = body.iter().flatten().map(|b| b.height).sum();
        // A short table is kept whole: it moves to the next page rather than split.
        let short = table_height <= page * SHORT_TABLE_SHARE
            && body.iter().all(|b| b.len() <= ROW_KEEP_LINES);
        for (i, (row, bands)) in rows.iter().zip(body).enumerate() {
            let n = bands.len();
            let keep_whole = n <= ROW_KEEP_LINES;
            // The header never ends a page with one row under it, the last
            // row never stands alone under a repeated header, and a total
            // row stays with the amounts it totals.
            let with_previous =
                i > 0 && keep_whole && (i == 1 || i + 1 == rows.len() || is_total_row(row));
            let mut chunks = Vec::with_capacity(n);
            for k in 0..n {
                // A row stays whole unless it is long; a long one breaks
                // between its lines, keeping two together at each end. The
                // header stays with the first row's start.
                chunks.push(if short || ((keep_whole || k < 2) && i == 0) {
                    head_chunk
                } else if with_previous {
                    self.next_chunk
                } else if k == 0 || (!keep_whole && k >= 2 && k + 1 != n) {
                    self.chunk()
                } else {
                    self.next_chunk
                });
            }
            for mut b in merge_bands(bands, &chunks) {
                b.table = Some(table_id);
                self.boxes.push(b);
            }
        }
        self.table_ends_at = Some(self.boxes.len());
    }

    /// Column widths from content: each column gets at least its longest
    /// word and, when there is room, its whole content on one line.
    fn column_widths(
        &self,
        head: &[Vec<Run>],
        rows: &[Vec<Vec<Run>>],
        columns: usize,
        width: Pt,
    ) -> Vec<Pt> {
        let mut min = vec![0.0f32; columns];
        let mut max = vec![0.0f32; columns];
        for row in std::iter::once(head).chain(rows.iter().map(Vec::as_slice)) {
            for (c, cell) in row.iter().enumerate().take(columns) {
                let whole: f32 = cell
                    .iter()
                    .map(|r| self.measure.width(&r.text, &r.style))
                    .sum::<f32>()
                    * TABLE;
                let longest = cell
                    .iter()
                    .flat_map(|r| {
                        r.text
                            .split_whitespace()
                            .map(move |w| self.measure.width(w, &r.style))
                    })
                    .fold(0.0f32, f32::max)
                    * TABLE;
                max[c] = max[c].max(whole + 2.0 * CELL_PAD + 0.5);
                min[c] = min[c].max(longest.min(width / 3.0) + 2.0 * CELL_PAD + 0.5);
            }
        }
        let total_max: f32 = max.iter().sum();
        if total_max <= width {
            // Everything fits on one line: the table takes its natural width,
            // so a value sits next to its label, not across the page.
            return max;
        }
        let total_min: f32 = min.iter().sum();
        if total_min >= width {
            return min.iter().map(|m| m * width / total_min).collect();
        }
        // Columns whose whole content fits in a fair share get it, so short
        // columns (dates, amounts) never wrap; the wide ones share the rest
        // in proportion to their content, never below their longest word.
        let mut widths = vec![0.0f32; columns];
        let mut open: Vec<usize> = (0..columns).collect();
        let mut room = width;
        loop {
            let fair = room / open.len().max(1) as f32;
            let (settled, rest): (Vec<usize>, Vec<usize>) =
                open.iter().partition(|&&c| max[c] <= fair);
            if settled.is_empty() {
                break;
            }
            for c in settled {
                widths[c] = max[c];
                room -= max[c];
            }
            open = rest;
            if open.is_empty() {
                break;
            }
        }
        if !open.is_empty() {
            let floor: f32 = open.iter().map(|&c| min[c]).sum();
            let wish: f32 = open.iter().map(|&c| max[c] - min[c]).sum();
            let spare = (room - floor).max(0.0);
            for &c in &open {
                widths[c] = min[c] + spare * (max[c] - min[c]) / wish.max(0.001);
            }
        }
        widths
    }

    /// A table row as bands, one per line of its tallest cell, so a row
    /// taller than a page breaks between lines (the caller sets the chunks).
    fn row(
        &self,
        cells: &[Vec<Run>],
        widths: &[Pt],
        aligns: &[Align],
        indent: Pt,
        head: bool,
    ) -> Vec<Band> {
        let line_h = TABLE * 1.3;
        let mut x = indent;
        // Per cell: its left edge, inner width, alignment and lines.
        let mut columns = Vec::with_capacity(widths.len());
        for (c, w) in widths.iter().enumerate() {
            let runs = cells.get(c).map_or(&[][..], Vec::as_slice);
            let inner = w - 2.0 * CELL_PAD;
            let lines = break_lines(runs, inner / TABLE, self.measure);
            let align = aligns.get(c).copied().unwrap_or(Align::Left);
            columns.push((x, inner, align, lines));
            x += w;
        }
        let n = columns.iter().map(|c| c.3.len()).max().unwrap_or(0).max(1);
        let total: Pt = widths.iter().sum();
        let mut bands = Vec::with_capacity(n);
        for k in 0..n {
            let top_pad = if k == 0 { CELL_PAD } else { 0.0 };
            let bottom_pad = if k + 1 == n { CELL_PAD } else { 0.0 };
            let height = top_pad + line_h + bottom_pad;
            let mut band = Band {
                height,
                ..Band::default()
            };
            if head {
                band.frame.push(Draw::Rect {
                    x: indent,
                    y: 0.0,
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
                    Align::Left => 0.0,
                    Align::Center => (inner - line.width * TABLE) / 2.0,
                    Align::Right => inner - line.width * TABLE,
                };
                band.cells.push(line_draws(
                    line,
                    x + CELL_PAD + shift.max(0.0),
                    top_pad + TABLE,
                    TABLE,
                    Color::TEXT,
                ));
            }
            if k + 1 == n {
                band.frame.push(Draw::Line {
                    from: (indent, height),
                    to: (indent + total, height),
                    width: if head { 0.9 } else { 0.4 },
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

/// One line of a table row across all its cells.
#[derive(Debug, Default)]
struct Band {
    height: Pt,
    /// Background and rules, relative to the band's top.
    frame: Vec<Draw>,
    /// Each cell's drawings on this line.
    cells: Vec<Vec<Draw>>,
}

/// Joins consecutive bands of the same chunk into one box, drawing cell by
/// cell so the text layer reads each cell whole, as a reader does.
fn merge_bands(bands: Vec<Band>, chunks: &[usize]) -> Vec<VBox> {
    let mut boxes: Vec<VBox> = Vec::new();
    let mut group: Vec<Band> = Vec::new();
    let mut flush = |group: &mut Vec<Band>, chunk: usize| {
        if group.is_empty() {
            return;
        }
        let mut draws = Vec::new();
        let mut tops = Vec::with_capacity(group.len());
        let mut y = 0.0;
        for band in group.iter() {
            tops.push(y);
            y += band.height;
        }
        for (band, top) in group.iter_mut().zip(&tops) {
            draws.extend(band.frame.drain(..).map(|d| shifted(d, *top)));
        }
        let columns = group.iter().map(|b| b.cells.len()).max().unwrap_or(0);
        for c in 0..columns {
            for (band, top) in group.iter_mut().zip(&tops) {
                if let Some(cell) = band.cells.get_mut(c) {
                    draws.extend(cell.drain(..).map(|d| shifted(d, *top)));
                }
            }
        }
        boxes.push(VBox {
            height: y,
            draws,
            chunk,
            ..VBox::default()
        });
        group.clear();
    };
    let mut current = None;
    for (band, &chunk) in bands.into_iter().zip(chunks) {
        if current.is_some_and(|c| c != chunk) {
            flush(&mut group, current.unwrap_or(chunk));
        }
        current = Some(chunk);
        group.push(band);
    }
    if let Some(chunk) = current {
        flush(&mut group, chunk);
    }
    boxes
}

/// A drawing moved down by `dy`.
fn shifted(d: Draw, dy: Pt) -> Draw {
    match d {
        Draw::Text {
            x,
            y,
            size,
            style,
            color,
            text,
            width,
        } => Draw::Text {
            x,
            y: y + dy,
            size,
            style,
            color,
            text,
            width,
        },
        Draw::Rect { x, y, w, h, color } => Draw::Rect {
            x,
            y: y + dy,
            w,
            h,
            color,
        },
        Draw::Image { x, y, w, h } => Draw::Image { x, y: y + dy, w, h },
        Draw::Line {
            from,
            to,
            width,
            color,
        } => Draw::Line {
            from: (from.0, from.1 + dy),
            to: (to.0, to.1 + dy),
            width,
            color,
        },
        Draw::Link { x, y, w, h, url } => Draw::Link {
            x,
            y: y + dy,
            w,
            h,
            url,
        },
    }
}
