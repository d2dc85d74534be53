//! Shared row handling for all tables: label cells vs value cells (P6), fitting values to the
//! template width, ambiguous readings (P8), and per-cell hygiene diagnostics.

use super::{Cell, Slot};
use crate::diagnostic::{Diagnostic, Label, Severity, Text};
use crate::layout::{self, Row, TableLayout};
use crate::normalise::CellValue;
use std::borrow::Borrow;

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

/// Indices of the label cells: non-empty cells before the first value-like cell. An iterator,
/// not a list: rows are recognised once per bundled template, and nothing needs to be stored.
pub fn label_indices(row: &Row) -> impl DoubleEndedIterator<Item = usize> + Clone + '_ {
    let end = row
        .cells
        .iter()
        .position(layout::Cell::is_value_like)
        .unwrap_or(row.cells.len());
    (0..end).filter(|&i| !row.cells[i].text.is_empty())
}

/// The value cells a row offers for fitting: all of them where edge cells are explicit,
/// otherwise without empty cells at either end (trailing TABs, colspan spacers). A sub-slice
/// of `values`, which may hold the cells themselves or references to them.
pub fn candidates<C: Borrow<layout::Cell>>(values: &[C], layout: TableLayout) -> &[C] {
    if layout.edge_cells_are_explicit() {
        return values;
    }
    let filled = |c: &C| !c.borrow().text.is_empty();
    let start = values.iter().position(filled);
    let end = values.iter().rposition(filled);
    match (start, end) {
        (Some(s), Some(e)) => &values[s..=e],
        _ => &[],
    }
}

/// The values laid out exactly `width` wide, if the row can be read only one way.
pub fn fit<C: Borrow<layout::Cell>>(
    values: &[C],
    layout: TableLayout,
    width: usize,
) -> Option<&[C]> {
    if values.len() == width
        && matches!(layout, TableLayout::PipeRows | TableLayout::Markdown)
        && values.last().is_some_and(|c| !c.borrow().text.is_empty())
    {
        // Pipes show every cell: a row of exactly the template's width whose last cell is
        // filled has its empty cells where they are (`| 标签 | | | 0 |`), not as spacers.
        return Some(values);
    }
    let offered = candidates(values, layout);
    if offered.len() == width {
        return Some(offered);
    }
    if layout.edge_cells_are_explicit() {
        // A lone `|` ending the row after its last value: the empty cells before the values
        // are real, the one after them is the row's end.
        let filled_end = values
            .iter()
            .rposition(|c| !c.borrow().text.is_empty())
            .map_or(0, |e| e + 1);
        let piped = matches!(
            layout,
            TableLayout::PipeCellPerLine | TableLayout::LinePerCellPiped
        );
        if piped && filled_end == width && filled_end < values.len() {
            return Some(&values[..filled_end]);
        }
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
pub fn ambiguous_slots<C: Borrow<layout::Cell>>(values: &[C], width: usize) -> Vec<Slot> {
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
            Slot::ambiguous(
                values[lo..=hi.min(m - 1)]
                    .iter()
                    .map(|c| to_cell(c.borrow())),
                may_be_absent,
            )
        })
        .collect()
}

/// The diagnostic of a row of `found` values for `width` columns that does not fit. Where the
/// layout does not show empty cells (a crawler dropped them) and values are missing, the row
/// is undetermined, which says nothing about the report itself; otherwise it is the table's
/// own cell-count diagnostic (`cell_count`), with the likely cause added where the layout does
/// not show where cells end: a number broken over two lines (`1` / `62`), never joined by guess.
/// `row` names the row in Chinese and English.
pub fn count_mismatch(
    layout: TableLayout,
    found: usize,
    width: usize,
    row: (&str, &str),
    span: crate::source::Span,
    cell_count: impl FnOnce() -> Diagnostic,
) -> Diagnostic {
    if layout.shows_empty_cells() {
        return cell_count();
    }
    if found > width {
        return cell_count().with_note(Text::new(
            "此版式中一个数可能被拆成两行（如“1”“62”）；是否应拼接无法从版式判断，因此未拼接",
            "in this layout a number may be broken over two lines (`1` `62`); the layout cannot tell whether to join them, so they are not joined",
        ));
    }
    Diagnostic::new(
        "parse/row-undetermined",
        Severity::Warning,
        Text::new(
            format!("{}只显示 {found} 个数值，模板为 {width} 列：无法确定各数值所在的列", row.0),
            format!(
                "{} shows {found} values for {width} columns: which column each belongs to cannot be told",
                row.1
            ),
        ),
    )
    .with_label(Label::primary(
        span,
        Text::new(format!("{found} 个数值"), format!("{found} values")),
    ))
    .with_note(Text::new(
        "此版式不显示空单元格（例如网页抓取文本丢弃了空格子），本行单元格均按“无法确定”处理，依赖它们的规则不作评估",
        "this layout does not show empty cells (a crawler's text drops them); the row's cells are undetermined and the rules that need them are not assessed",
    ))
}

/// The readings of an over-long row as windows of `width` consecutive cells (at most `limit`).
pub fn window_readings<C>(
    values: &[C],
    width: usize,
    limit: usize,
) -> impl Iterator<Item = (usize, &[C])> {
    // Only an over-long row has readings; one of exactly `width` cells is no alternative.
    let count = if values.len() > width {
        values.len() - width + 1
    } else {
        0
    };
    (0..count)
        .take(limit)
        .map(move |o| (o, &values[o..o + width]))
}

/// A hygiene diagnostic for a present cell that is empty, a placeholder or text (C2, C3).
/// `name` (the cell's name from [`crate::template::names`]) is only built when there is
/// something to report.
#[inline]
pub fn cell_diagnostic(path: &str, name: impl FnOnce() -> Text, cell: &Cell) -> Option<Diagnostic> {
    // Inline, so that the usual case (a number) costs one comparison, not a call.
    if let CellValue::Number { .. } = cell.value {
        return None;
    }
    hygiene_diagnostic(path, name, cell)
}

/// The body of [`cell_diagnostic`], out of line.
fn hygiene_diagnostic(path: &str, name: impl FnOnce() -> Text, cell: &Cell) -> Option<Diagnostic> {
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
            Text::new(format!("{zh}：{}", name.zh), format!("{en}: {}", name.en)),
        )
        .with_label(Label::primary(cell.span, here))
        .with_cell_path(path),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Span;

    fn cells(texts: &[&str]) -> Vec<layout::Cell> {
        texts
            .iter()
            .map(|t| layout::Cell::new(t.to_string(), t, Span::default(), Span::default()))
            .collect()
    }

    fn texts<C: Borrow<layout::Cell>>(cs: &[C]) -> Vec<&str> {
        cs.iter().map(|c| c.borrow().text.as_str()).collect()
    }

    #[test]
    fn cells_and_references_to_them_fit_alike() {
        let row = cells(&["", "1", "", "2", ""]);
        let refs: Vec<&layout::Cell> = row.iter().collect();
        for layout in [TableLayout::TabRows, TableLayout::CellPerLine] {
            assert_eq!(
                texts(candidates(&row, layout)),
                texts(candidates(&refs, layout))
            );
            for width in 0..6 {
                assert_eq!(
                    fit(&row, layout, width).map(texts),
                    fit(&refs, layout, width).map(texts)
                );
            }
        }
        assert_eq!(
            texts(candidates(&row, TableLayout::TabRows)),
            ["1", "", "2"]
        );
        assert_eq!(
            fit(&row, TableLayout::CellPerLine, 3).map(texts),
            Some(vec!["1", "", "2"])
        );
        assert_eq!(fit(&row, TableLayout::CellPerLine, 4).map(texts), None);
        // A lone `|` after the last value ends the row; the empty cells before it stay.
        assert_eq!(
            fit(&row, TableLayout::PipeCellPerLine, 4).map(texts),
            Some(vec!["", "1", "", "2"])
        );
        assert!(candidates(&cells(&["", ""]), TableLayout::TabRows).is_empty());
    }

    #[test]
    fn window_readings_of_over_long_rows_only() {
        let row = cells(&["1", "2", "3", "4", "5"]);
        let readings: Vec<(usize, Vec<&str>)> = window_readings(&row, 3, 2)
            .map(|(o, w)| (o, texts(w)))
            .collect();
        assert_eq!(
            readings,
            [(0, vec!["1", "2", "3"]), (1, vec!["2", "3", "4"])]
        );
        assert_eq!(window_readings(&row, 3, 9).count(), 3);
        assert_eq!(window_readings(&row, 5, 9).count(), 0);
        assert_eq!(window_readings(&row, 6, 9).count(), 0);
    }
}
