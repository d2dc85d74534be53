//! Shared row handling for all tables: label cells vs value cells (P6), fitting values to the
//! template width, ambiguous readings (P8), and per-cell hygiene diagnostics.

use super::{Cell, Slot};
use crate::diagnostic::{Diagnostic, Label, Severity, Text};
use crate::layout::{self, Row, TableLayout};
use crate::normalise::CellValue;

/// A layout row with the layout of the table it came from.
#[derive(Debug, Clone, Copy)]
pub struct SourceRow<'a> {
    /// The table's layout.
    pub layout: TableLayout,
    /// The row.
    pub row: &'a Row,
}

/// Converts a layout cell into a report cell.
pub fn to_cell(c: &layout::Cell) -> Cell {
    Cell {
        value: c.value.clone(),
        text: c.text.clone(),
        raw_span: c.raw_span,
        span: c.span,
    }
}

/// Indices of the label cells: non-empty cells before the first value-like cell.
pub fn label_indices(row: &Row) -> Vec<usize> {
    let end = row
        .cells
        .iter()
        .position(layout::Cell::is_value_like)
        .unwrap_or(row.cells.len());
    (0..end)
        .filter(|&i| !row.cells[i].text.is_empty())
        .collect()
}

/// The value cells a row offers for fitting: all of them where edge cells are explicit,
/// otherwise without empty cells at either end (trailing TABs, colspan spacers).
pub fn candidates<'a>(values: &[&'a layout::Cell], layout: TableLayout) -> Vec<&'a layout::Cell> {
    if layout.edge_cells_are_explicit() {
        return values.to_vec();
    }
    let start = values.iter().position(|c| !c.text.is_empty());
    let end = values.iter().rposition(|c| !c.text.is_empty());
    match (start, end) {
        (Some(s), Some(e)) => values[s..=e].to_vec(),
        _ => Vec::new(),
    }
}

/// The values laid out exactly `width` wide, if the row can be read only one way.
pub fn fit<'a>(
    values: &[&'a layout::Cell],
    layout: TableLayout,
    width: usize,
) -> Option<Vec<&'a layout::Cell>> {
    let offered = candidates(values, layout);
    if offered.len() == width {
        return Some(offered);
    }
    if layout.edge_cells_are_explicit() {
        // A trailing spacer cell in a cell-per-line row (the 总计 column of a header row).
        let trimmed = candidates(values, TableLayout::TabRows);
        if trimmed.len() == width && !trimmed.is_empty() {
            return Some(trimmed);
        }
    }
    None
}

/// Slots for a row whose value count does not match `width`: every slot gets the cells that
/// some alignment would put there, so no reading is chosen silently.
pub fn ambiguous_slots(values: &[&layout::Cell], width: usize) -> Vec<Slot> {
    let m = values.len();
    (0..width)
        .map(|i| {
            if m == 0 {
                return Slot::Absent;
            }
            let (lo, hi, may_be_absent) = if m > width {
                (i, i + (m - width), false)
            } else {
                (i.saturating_sub(width - m), i.min(m - 1), true)
            };
            let candidates: Vec<Cell> = values[lo..=hi.min(m - 1)]
                .iter()
                .map(|c| to_cell(c))
                .collect();
            Slot::Ambiguous {
                candidates,
                may_be_absent,
            }
        })
        .collect()
}

/// The readings of an over-long row as windows of `width` consecutive cells (at most `limit`).
pub fn window_readings<'a>(
    values: &[&'a layout::Cell],
    width: usize,
    limit: usize,
) -> Vec<(usize, Vec<&'a layout::Cell>)> {
    if values.len() <= width {
        return Vec::new();
    }
    (0..=values.len() - width)
        .take(limit)
        .map(|o| (o, values[o..o + width].to_vec()))
        .collect()
}

/// A hygiene diagnostic for a present cell that is empty, a placeholder or text (C2, C3).
/// `name` (the cell described in Chinese) is only built when there is something to report.
pub fn cell_diagnostic(
    path: &str,
    name: impl FnOnce() -> String,
    cell: &Cell,
) -> Option<Diagnostic> {
    let (code, severity, zh, en) = match &cell.value {
        CellValue::Number { .. } => return None,
        CellValue::Empty => (
            "parse/cell-empty",
            Severity::Warning,
            "单元格为空：模板要求填写数字（无则填 0）",
            "empty cell: the template expects a number (0 for none)",
        ),
        CellValue::Placeholder => (
            "parse/cell-placeholder",
            Severity::Warning,
            "单元格填写了占位符，而不是数字",
            "cell holds a placeholder instead of a number",
        ),
        CellValue::Text => (
            "parse/cell-text",
            Severity::Error,
            "单元格不是数字",
            "cell is not a number",
        ),
    };
    let name = name();
    let here = if cell.text.is_empty() {
        Text::new("空单元格", "empty cell")
    } else {
        Text::new(format!("“{}”", cell.text), format!("`{}`", cell.text))
    };
    Some(
        Diagnostic::new(
            code,
            severity,
            Text::new(format!("{zh}：{name}"), format!("{en}: `{path}`")),
        )
        .with_label(Label::primary(cell.span, here))
        .with_cell_path(path),
    )
}
