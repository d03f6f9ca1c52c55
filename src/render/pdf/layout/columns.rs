//! Table column widths: from content, the table at its natural width when
//! it fits, and wrapped columns balanced so none ends a cell with a lone
//! word while a neighbour has room to give.

use super::super::blocks::Run;
use super::{CELL_PAD, Layouter, Pt, TABLE};

impl Layouter<'_> {
    /// Column widths from content: each column gets at least its longest
    /// word and, when there is room, its whole content on one line.
    pub(super) fn column_widths(
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
}
