//! Table column widths: from content, the table at its natural width when
//! it fits, and wrapped columns balanced so none ends a cell with a lone
//! word while a neighbour has room to give.

use super::super::blocks::Run;
use super::super::linebreak::{Em, Line, lines_of};
use super::{CELL_PAD, Layouter, Pt, TABLE};

/// Tables with more text than this (bytes) are not balanced: each step
/// breaks the lines of two columns again.
const BALANCE_MAX_TEXT: usize = 8_000;
/// At most this many width shifts are made in one table.
const BALANCE_MAX_STEPS: usize = 8;
/// At most this many widths are tried in one table (each sets two columns).
const BALANCE_MAX_TRIALS: usize = 48;

impl Layouter<'_> {
    /// Column widths from content, with wrapped columns balanced.
    pub(super) fn column_widths(
        &self,
        head: &[Vec<Run>],
        rows: &[Vec<Vec<Run>>],
        columns: usize,
        width: Pt,
    ) -> Vec<Pt> {
        let (widths, min) = self.fair_widths(head, rows, columns, width);
        let Some(min) = min else {
            return widths;
        };
        let table: Vec<&[Vec<Run>]> = std::iter::once(head)
            .chain(rows.iter().map(Vec::as_slice))
            .collect();
        let size: usize = table
            .iter()
            .flat_map(|row| row.iter().flatten())
            .map(|r| r.text.len())
            .sum();
        if size > BALANCE_MAX_TEXT {
            return widths;
        }
        self.balance(&table, widths, &min)
    }

    /// Column widths from content: each column gets at least its longest
    /// word and, when there is room, its whole content on one line. The
    /// minimum widths come with them when some column wraps.
    fn fair_widths(
        &self,
        head: &[Vec<Run>],
        rows: &[Vec<Vec<Run>>],
        columns: usize,
        width: Pt,
    ) -> (Vec<Pt>, Option<Vec<Pt>>) {
        let mut min = vec![Pt::ZERO; columns];
        let mut max = vec![Pt::ZERO; columns];
        for row in std::iter::once(head).chain(rows.iter().map(Vec::as_slice)) {
            for (c, cell) in row.iter().enumerate().take(columns) {
                let whole: Pt = cell
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
                max[c] = max[c].max(whole + 2.0 * CELL_PAD + Pt(0.5));
                min[c] = min[c].max(longest.min(width / 3.0) + 2.0 * CELL_PAD + Pt(0.5));
            }
        }
        let total_max: Pt = max.iter().sum();
        if total_max <= width {
            // Everything fits on one line: the table takes its natural width,
            // so a value sits next to its label, not across the page.
            return (max, None);
        }
        let total_min: Pt = min.iter().sum();
        if total_min >= width {
            return (
                min.iter()
                    .map(|m| Pt(m.0 * width.0 / total_min.0))
                    .collect(),
                None,
            );
        }
        // Columns whose whole content fits in a fair share get it, so short
        // columns (dates, amounts) never wrap; the wide ones share the rest
        // in proportion to their content, never below their longest word.
        let mut widths = vec![Pt::ZERO; columns];
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
            let floor: Pt = open.iter().map(|&c| min[c]).sum();
            let wish: Pt = open.iter().map(|&c| max[c] - min[c]).sum();
            let spare = (room - floor).max(Pt::ZERO);
            for &c in &open {
                widths[c] = min[c] + Pt(spare.0 * (max[c] - min[c]).0 / wish.0.max(0.001));
            }
        }
        (widths, Some(min))
    }

    /// Shifts width from one column to another while that leaves fewer
    /// cells ending with a lone word on their last line and adds a line to
    /// no row: each step tries, for each such cell, the width that joins
    /// its last word to the line above, taken from a column that stays
    /// above its minimum. The giving column has slack where a row is taller
    /// than its cell: a cell there may wrap, unless it would end with a
    /// lone word itself.
    fn balance(&self, table: &[&[Vec<Run>]], mut widths: Vec<Pt>, min: &[Pt]) -> Vec<Pt> {
        let columns = widths.len();
        let shapes_of = |c: usize, width: Pt| -> Vec<CellShape> {
            table
                .iter()
                .map(|row| self.cell_shape(row.get(c).map_or(&[][..], Vec::as_slice), width))
                .collect()
        };
        let mut shapes: Vec<Vec<CellShape>> =
            (0..columns).map(|c| shapes_of(c, widths[c])).collect();
        let row_lines = |shapes: &[Vec<CellShape>], r: usize| -> usize {
            shapes.iter().map(|col| col[r].lines).max().unwrap_or(1)
        };
        let lone = |shapes: &[Vec<CellShape>]| -> usize {
            shapes.iter().flatten().filter(|s| s.lone.is_some()).count()
        };
        let mut trials = 0;
        for _ in 0..BALANCE_MAX_STEPS {
            let before = lone(&shapes);
            if before == 0 {
                break;
            }
            let rows_before: Vec<usize> = (0..table.len()).map(|r| row_lines(&shapes, r)).collect();
            let mut wishes: Vec<(Pt, usize)> = shapes
                .iter()
                .enumerate()
                .flat_map(|(c, col)| col.iter().filter_map(move |s| s.lone.map(|w| (w, c))))
                .map(|(w, c)| (w - widths[c], c))
                .filter(|(delta, _)| *delta > Pt::ZERO)
                .collect();
            wishes.sort_by(|a, b| a.0.0.total_cmp(&b.0.0));
            let mut step = None;
            'search: for &(wish, to) in &wishes {
                for from in (0..columns).filter(|&f| f != to) {
                    let mut delta = wish;
                    // A cell of the giving column that would end with a lone
                    // word is tried once more, narrower, so the word above
                    // joins it.
                    for _ in 0..2 {
                        if trials == BALANCE_MAX_TRIALS {
                            break 'search;
                        }
                        if widths[from] - delta < min[from] {
                            break;
                        }
                        trials += 1;
                        let mut trial = shapes.clone();
                        trial[to] = shapes_of(to, widths[to] + delta);
                        trial[from] = shapes_of(from, widths[from] - delta);
                        // No row gains a line and no cell newly ends with a lone word.
                        let no_new_lines =
                            (0..table.len()).all(|r| row_lines(&trial, r) <= rows_before[r]);
                        let new_lone = |c: usize| {
                            (0..table.len())
                                .filter(|&r| {
                                    shapes[c][r].lone.is_none() && trial[c][r].lone.is_some()
                                })
                                .collect::<Vec<_>>()
                        };
                        let given_lone = new_lone(from);
                        if no_new_lines
                            && given_lone.is_empty()
                            && new_lone(to).is_empty()
                            && lone(&trial) < before
                        {
                            step = Some((delta, to, from, trial));
                            break 'search;
                        }
                        let narrower = given_lone
                            .iter()
                            .filter_map(|&r| trial[from][r].tighter)
                            .fold(Pt::INFINITY, Pt::min);
                        if !narrower.0.is_finite() || widths[from] - narrower <= delta {
                            break;
                        }
                        delta = widths[from] - narrower;
                    }
                }
            }
            let Some((delta, to, from, trial)) = step else {
                break;
            };
            widths[to] += delta;
            widths[from] -= delta;
            shapes = trial;
        }
        widths
    }

    /// How a cell sets in a column `width` wide.
    fn cell_shape(&self, cell: &[Run], width: Pt) -> CellShape {
        let lines = lines_of(cell, Em((width - 2.0 * CELL_PAD) / TABLE), self.measure);
        let n = lines.len().max(1);
        // Narrower than this, the line above the last gives up a word.
        let tighter = match &lines[..] {
            [.., above, _] => Some(above.width.at(TABLE) + 2.0 * CELL_PAD - Pt(0.25)),
            _ => None,
        };
        let lone = match &lines[..] {
            [.., above, last] if !text_of(last).trim().contains(' ') => {
                let space = last
                    .fragments
                    .first()
                    .map_or(0.0, |f| self.measure.width(" ", &f.style));
                Some((above.width + Em(space) + last.width).at(TABLE) + 2.0 * CELL_PAD + Pt(0.5))
            }
            _ => None,
        };
        CellShape {
            lines: n,
            lone,
            tighter,
        }
    }
}

/// A cell set in a column.
#[derive(Debug, Clone, Copy)]
struct CellShape {
    /// Its lines.
    lines: usize,
    /// When its last line is a lone word, the column width that would join
    /// it to the line above.
    lone: Option<Pt>,
    /// The column width below which its line above the last gives up a word.
    tighter: Option<Pt>,
}

fn text_of(line: &Line) -> String {
    line.fragments.iter().map(|f| f.text.as_str()).collect()
}

#[cfg(test)]
mod tests {
    use super::super::super::blocks::Style;
    use super::super::super::linebreak::Measure;
    use super::super::{Furniture, Geometry, Paper};
    use super::*;

    /// Every character half an em wide.
    struct HalfEm;
    impl Measure for HalfEm {
        fn width(&self, text: &str, _: &Style) -> f32 {
            text.chars().count() as f32 * 0.5
        }
    }

    fn cell(text: &str) -> Vec<Run> {
        vec![Run {
            text: text.into(),
            style: Style::default(),
        }]
    }

    #[test]
    fn balancing_removes_lone_last_words_without_adding_lines() {
        let l = Layouter::new(&HalfEm, Geometry::new(Paper::A4), &Furniture::default());
        let words = "we deploy firewall rules progressively through canary locations first and then everywhere else".split(' ').collect::<Vec<_>>();
        let mut improved = 0;
        for left in 4..words.len() {
            for right in 4..words.len() {
                let head = vec![cell("Action"), cell("Owner")];
                let rows = vec![
                    vec![
                        cell(&words[..left].join(" ")),
                        cell(&words[..right].join(" ")),
                    ],
                    vec![cell("short"), cell(&words[..right / 2 + 1].join(" "))],
                ];
                let (fair, min) = l.fair_widths(&head, &rows, 2, Pt(200.0));
                let balanced = l.column_widths(&head, &rows, 2, Pt(200.0));
                let table: Vec<&[Vec<Run>]> = std::iter::once(&head[..])
                    .chain(rows.iter().map(Vec::as_slice))
                    .collect();
                let shape = |widths: &[Pt], r: usize, c: usize| {
                    l.cell_shape(table[r].get(c).map_or(&[][..], Vec::as_slice), widths[c])
                };
                let mut lone = [0, 0];
                for r in 0..table.len() {
                    let lines = |w: &[Pt]| (0..2).map(|c| shape(w, r, c).lines).max();
                    assert!(lines(&balanced) <= lines(&fair), "{left} {right}: row {r}");
                    for c in 0..2 {
                        lone[0] += usize::from(shape(&fair, r, c).lone.is_some());
                        lone[1] += usize::from(shape(&balanced, r, c).lone.is_some());
                    }
                }
                assert!(lone[1] <= lone[0], "{left} {right}");
                if lone[1] < lone[0] {
                    improved += 1;
                    // Width only moves between columns, never past a minimum.
                    let min = min.unwrap();
                    assert!(
                        (balanced.iter().sum::<Pt>() - fair.iter().sum::<Pt>()).abs() < Pt(0.01)
                    );
                    assert!(balanced.iter().zip(&min).all(|(w, m)| w >= m));
                }
            }
        }
        assert!(improved > 5, "{improved}");
    }
}
