//! Merged cells expanded into a grid: which real cell fills each slot of each row.
//!
//! HTML says `rowspan="3"` on the top cell; Word says `vMerge="restart"` on the top cell and
//! writes an empty `vMerge` cell in each row below. Both end up as the same slots here. Spans
//! from the wild are clamped (0, junk and huge values), so a hostile table cannot make the grid
//! grow beyond [`MAX_COLUMNS`] columns or past the table's own rows; and the grid as a whole
//! stays proportional to the cells that exist ([`SLOTS_PER_CELL`]): a table whose every row
//! claims 255 columns before one cell (`gridBefore`) or lies under a `colspan=256 rowspan=0`
//! cell has its spans ignored from the row where the grid would outgrow its cells.

use super::structured::{TableNode, Vertical};

/// Widest grid built; report tables have at most 17 columns.
pub const MAX_COLUMNS: usize = 256;

/// Grid slots allowed per real cell (plus [`MIN_SLOTS`]); report tables use about one. Past
/// it the remaining rows are laid out one slot per cell, spans ignored.
pub const SLOTS_PER_CELL: usize = 16;
/// Grid slots any table may use whatever its cell count.
pub const MIN_SLOTS: usize = 4096;

/// What fills one grid slot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    /// The top-left slot of real cell `cell` of source row `row`.
    Origin { row: usize, cell: usize },
    /// Covered by a cell from a row above (a vertical merge); `first_column` marks the merged
    /// cell's leftmost column in this row.
    Below { first_column: bool },
    /// Covered by the cell to the left in the same row (a horizontal merge).
    Right,
    /// No cell at all (Word's `gridBefore`, a short row).
    Vacant,
}

/// The expanded grid of a table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grid {
    /// One vector of slots per source row.
    pub rows: Vec<Vec<Slot>>,
}

/// An HTML rowspan still reaching down into later rows.
#[derive(Debug, Clone, Copy)]
struct Carry {
    rows_left: usize,
    first: usize,
}

impl Grid {
    /// Expands `table`'s spans and merges.
    pub fn expand(table: &TableNode) -> Grid {
        let row_count = table.rows.len();
        let cell_count: usize = table.rows.iter().map(|r| r.cells.len()).sum();
        let budget = cell_count
            .saturating_mul(SLOTS_PER_CELL)
            .saturating_add(MIN_SLOTS);
        let mut used = 0usize;
        let mut carry: Vec<Option<Carry>> = Vec::new();
        let mut rows: Vec<Vec<Slot>> = Vec::with_capacity(row_count);
        for (r, row) in table.rows.iter().enumerate() {
            if used > budget {
                // Spans no longer trusted: one slot per real cell.
                rows.push(
                    (0..row.cells.len())
                        .map(|cell| Slot::Origin { row: r, cell })
                        .collect(),
                );
                continue;
            }
            let mut slots: Vec<Option<Slot>> = Vec::new();
            for (col, c) in carry.iter_mut().enumerate() {
                if let Some(k) = c {
                    set(
                        &mut slots,
                        col,
                        Slot::Below {
                            first_column: col == k.first,
                        },
                    );
                    k.rows_left -= 1;
                    if k.rows_left == 0 {
                        *c = None;
                    }
                }
            }
            let mut col = row.skip_before.min(MAX_COLUMNS);
            for (i, cell) in row.cells.iter().enumerate() {
                while col < MAX_COLUMNS && slots.get(col).is_some_and(Option::is_some) {
                    col += 1;
                }
                if col >= MAX_COLUMNS {
                    break;
                }
                let width = cell.col_span.clamp(1, MAX_COLUMNS - col);
                let above = r.checked_sub(1).and_then(|p| rows[p].get(col).copied());
                let continues = cell.vertical == Vertical::Continue
                    && matches!(above, Some(Slot::Origin { .. } | Slot::Below { .. }));
                for offset in 0..width {
                    let slot = if continues {
                        Slot::Below {
                            first_column: offset == 0,
                        }
                    } else if offset == 0 {
                        Slot::Origin { row: r, cell: i }
                    } else {
                        Slot::Right
                    };
                    if slots.get(col + offset).is_none_or(Option::is_none) {
                        set(&mut slots, col + offset, slot);
                    }
                }
                if let Vertical::Rows(n) = cell.vertical {
                    // `rowspan="0"` reaches to the end of the table.
                    let reach = if n == 0 { row_count - r } else { n };
                    let rows_left = reach.min(row_count - r).saturating_sub(1);
                    if rows_left > 0 {
                        if carry.len() < col + width {
                            carry.resize(col + width, None);
                        }
                        for c in &mut carry[col..col + width] {
                            *c = Some(Carry {
                                rows_left,
                                first: col,
                            });
                        }
                    }
                }
                col += width;
            }
            used += slots.len();
            rows.push(
                slots
                    .into_iter()
                    .map(|s| s.unwrap_or(Slot::Vacant))
                    .collect(),
            );
        }
        Grid { rows }
    }
}

fn set(slots: &mut Vec<Option<Slot>>, col: usize, slot: Slot) {
    if slots.len() <= col {
        slots.resize(col + 1, None);
    }
    slots[col] = Some(slot);
}

#[cfg(test)]
mod tests {
    use super::super::structured::{CellNode, RowNode};
    use super::*;

    fn cell(col_span: usize, vertical: Vertical) -> CellNode {
        CellNode {
            col_span,
            vertical,
            ..CellNode::text("x")
        }
    }

    fn table(rows: Vec<(usize, Vec<CellNode>)>) -> TableNode {
        TableNode {
            rows: rows
                .into_iter()
                .map(|(skip_before, cells)| RowNode { skip_before, cells })
                .collect(),
        }
    }

    const O: fn(usize, usize) -> Slot = |row, cell| Slot::Origin { row, cell };
    const B: Slot = Slot::Below { first_column: true };
    const B2: Slot = Slot::Below {
        first_column: false,
    };

    #[test]
    fn html_rowspan_and_colspan_fill_a_block() {
        // The 表三 corner: a 3×3 note cell, then the applicant headers.
        let t = table(vec![
            (
                0,
                vec![cell(3, Vertical::Rows(3)), cell(7, Vertical::Rows(1))],
            ),
            (
                0,
                vec![cell(1, Vertical::Rows(2)), cell(5, Vertical::Rows(1))],
            ),
            (
                0,
                vec![cell(1, Vertical::Rows(1)), cell(1, Vertical::Rows(1))],
            ),
        ]);
        let g = Grid::expand(&t);
        assert_eq!(g.rows[0][..4], [O(0, 0), Slot::Right, Slot::Right, O(0, 1)]);
        assert_eq!(g.rows[1][..5], [B, B2, B2, O(1, 0), O(1, 1)]);
        assert_eq!(g.rows[2][..6], [B, B2, B2, B, O(2, 0), O(2, 1)]);
    }

    #[test]
    fn word_vmerge_continue_is_covered_by_the_cell_above() {
        let t = table(vec![
            (
                0,
                vec![cell(2, Vertical::Restart), cell(1, Vertical::Rows(1))],
            ),
            (
                0,
                vec![cell(2, Vertical::Continue), cell(1, Vertical::Rows(1))],
            ),
            // A `continue` with nothing above is a cell of its own.
            (1, vec![cell(1, Vertical::Continue)]),
        ]);
        let g = Grid::expand(&t);
        assert_eq!(g.rows[1], vec![B, B2, O(1, 1)]);
        assert_eq!(g.rows[2], vec![Slot::Vacant, B]);
        let lone = table(vec![(0, vec![cell(1, Vertical::Continue)])]);
        assert_eq!(Grid::expand(&lone).rows[0], vec![O(0, 0)]);
    }

    #[test]
    fn hostile_spans_are_clamped() {
        let t = table(vec![
            (
                0,
                vec![
                    cell(100_000, Vertical::Rows(100_000)),
                    cell(1, Vertical::Rows(0)),
                ],
            ),
            (0, vec![cell(0, Vertical::Rows(1))]),
        ]);
        let g = Grid::expand(&t);
        assert_eq!(g.rows[0].len(), MAX_COLUMNS);
        assert_eq!(g.rows[1].len(), MAX_COLUMNS);
        assert!(g.rows[1].iter().all(|s| matches!(s, Slot::Below { .. })));
    }

    #[test]
    fn a_grid_stays_proportional_to_its_cells() {
        // Every row pushed to the last column, under a cell spanning everything to the end.
        let mut rows = vec![(0, vec![cell(MAX_COLUMNS, Vertical::Rows(0))])];
        rows.extend((0..5_000).map(|_| (MAX_COLUMNS - 1, vec![cell(1, Vertical::Rows(1))])));
        let t = table(rows);
        let g = Grid::expand(&t);
        let slots: usize = g.rows.iter().map(Vec::len).sum();
        // The budget, the row that crossed it, then one slot per remaining cell.
        let cells = 5_001;
        assert!(
            slots <= cells * SLOTS_PER_CELL + MIN_SLOTS + MAX_COLUMNS + cells,
            "{slots}"
        );
        // Past the budget a row is its own cells, in order.
        assert_eq!(g.rows[5_000], vec![O(5_000, 0)]);
    }
}
