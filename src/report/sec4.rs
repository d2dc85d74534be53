//! The section-4 review/litigation table: one data row of groups × columns (15 cells in both
//! templates). A row of another width is reported with its possible readings, never realigned.

use super::rows::{
    SourceRow, ambiguous_slots, candidates, cell_diagnostic, fit, to_cell, window_readings,
};
use super::{RowInfo, Slot, TableInfo};
use crate::decimal::Decimal;
use crate::diagnostic::{Diagnostic, Label, Severity, Text};
use crate::layout;
use crate::normalise::CellValue;
use crate::source::Span;
use crate::template::{Sec4Def, Template};

/// Most alternative readings spelled out in a cell-count diagnostic.
const MAX_READINGS: usize = 3;

/// What reading section 4 produced.
pub struct Sec4Read {
    /// The recognised table.
    pub table: TableInfo,
    /// Structural diagnostics.
    pub diagnostics: Vec<Diagnostic>,
}

fn is_data_row(row: &layout::Row) -> bool {
    let values = row.cells.iter().filter(|c| c.is_value_like()).count();
    let filled = row.cells.iter().filter(|c| !c.text.is_empty()).count();
    values >= 1 && values * 2 >= filled
}

/// Reads the section-4 rows with `template`, appending `(path, slot)` for every template cell
/// to `cells`.
pub fn read(
    rows: &[SourceRow<'_>],
    template: &'static Template,
    cells: &mut Vec<(&'static str, Slot)>,
) -> Sec4Read {
    let def = &template.sec4;
    let width = def.groups.len() * def.columns.len();
    let mut diagnostics = Vec::new();
    let first_data = rows.iter().position(|r| is_data_row(r.row));
    let header = &rows[..first_data.unwrap_or(rows.len())];
    let data: Vec<&SourceRow<'_>> = rows.iter().filter(|r| is_data_row(r.row)).collect();
    diagnostics.extend(header_diagnostic(def, header, rows));

    let span = rows
        .iter()
        .map(|r| r.row.span)
        .reduce(Span::cover)
        .unwrap_or_default();
    let mut slots = vec![Slot::Absent; width];
    let mut table_rows = Vec::new();
    if rows.is_empty() {
        // No table at all: the caller reports the missing table once.
    } else if data.is_empty() {
        diagnostics.push(
            Diagnostic::new(
                "parse/row-missing",
                Severity::Error,
                Text::new("第四部分表格没有数据行", "section 4 table has no data row"),
            )
            .with_label(Label::primary(span, Text::new("只有表头", "header only"))),
        );
    } else {
        let values: Vec<&layout::Cell> = data
            .iter()
            .flat_map(|r| candidates(&r.row.cells, r.layout))
            .collect();
        let layout = data[0].layout;
        let row_span = data
            .iter()
            .map(|r| r.row.span)
            .reduce(Span::cover)
            .unwrap_or_default();
        if data.len() > 1 {
            diagnostics.push(
                Diagnostic::new(
                    "parse/row-split",
                    Severity::Warning,
                    Text::new(
                        format!("第四部分的数值分布在 {} 行中，已按顺序连接", data.len()),
                        format!(
                            "section 4 values are spread over {} rows; read in order",
                            data.len()
                        ),
                    ),
                )
                .with_label(Label::primary(row_span, Text::new("数据行", "data rows"))),
            );
        }
        let fitted = if data.len() == 1 {
            fit(&data[0].row.cells, layout, width).map(|v| v.iter().collect())
        } else {
            (values.len() == width).then(|| values.clone())
        };
        match fitted {
            Some(v) => {
                for (slot, cell) in slots.iter_mut().zip(v) {
                    *slot = Slot::Present(to_cell(cell));
                }
            }
            None => {
                diagnostics.push(cell_count_diagnostic(def, &values, width, row_span));
                slots = ambiguous_slots(&values, width);
            }
        }
        table_rows.push(RowInfo {
            id: "data".into(),
            span: row_span,
        });
    }

    let mut slots = slots.into_iter();
    for group in &def.groups {
        for (col, path) in def.columns.iter().zip(&group.paths) {
            let slot = slots.next().unwrap_or(Slot::Absent);
            if let Slot::Present(cell) = &slot {
                let name = || format!("表四“{}”×“{}”", group.label, col.label);
                diagnostics.extend(cell_diagnostic(path, name, cell));
            }
            cells.push((path.as_str(), slot));
        }
    }
    Sec4Read {
        table: TableInfo {
            id: "sec4".into(),
            template: template.id.clone(),
            span,
            rows: table_rows,
        },
        diagnostics,
    }
}

fn header_diagnostic(
    def: &Sec4Def,
    header: &[SourceRow<'_>],
    rows: &[SourceRow<'_>],
) -> Option<Diagnostic> {
    let keys: Vec<&str> = header
        .iter()
        .flat_map(|r| r.row.cells.iter().map(|c| c.key()))
        .collect();
    let labels = def
        .header_labels
        .iter()
        .chain(def.groups.iter().map(|g| &g.label))
        .chain(def.columns.iter().map(|c| &c.label));
    // `header_keys` holds the keys of exactly these labels, in this order.
    let missing: Vec<&String> = labels
        .zip(&def.header_keys)
        .filter(|(_, k)| !keys.contains(&k.as_str()))
        .map(|(l, _)| l)
        .collect();
    if missing.is_empty() {
        return None;
    }
    let at = header.first().or(rows.first())?.row.span;
    let names = missing
        .iter()
        .map(|s| s.as_str())
        .collect::<Vec<_>>()
        .join("、");
    Some(
        Diagnostic::new(
            "parse/header-incomplete",
            Severity::Warning,
            Text::new(
                format!("第四部分表头缺少：{names}"),
                format!("section 4 header lacks: {names}"),
            ),
        )
        .with_label(Label::primary(at, Text::new("表头", "header"))),
    )
}

fn number(cell: &layout::Cell) -> Option<Decimal> {
    match &cell.value {
        CellValue::Number { value, .. } => Some(*value),
        _ => None,
    }
}

/// One reading's groups with their consistency against the template's `sum_of` columns.
fn describe_reading(def: &Sec4Def, cells: &[&layout::Cell]) -> (String, String) {
    let (mut zh, mut en) = (Vec::new(), Vec::new());
    for (g, group) in def.groups.iter().enumerate() {
        let part = &cells[g * def.columns.len()..(g + 1) * def.columns.len()];
        let shown = part
            .iter()
            .map(|c| {
                if c.text.is_empty() {
                    "空".to_string()
                } else {
                    c.text.clone()
                }
            })
            .collect::<Vec<_>>()
            .join("/");
        let mut check_zh = String::new();
        let mut check_en = String::new();
        for (c, col) in def
            .columns
            .iter()
            .enumerate()
            .filter(|(_, c)| !c.sum_of.is_empty())
        {
            let addends: Option<Vec<Decimal>> = col
                .sum_of
                .iter()
                .map(|id| {
                    def.columns
                        .iter()
                        .position(|x| &x.id == id)
                        .and_then(|i| number(part[i]))
                })
                .collect();
            let total = number(part[c]);
            if let (Some(addends), Some(total)) = (addends, total) {
                let sum = addends
                    .iter()
                    .try_fold(Decimal::ZERO, |acc, d| acc.checked_add(*d));
                let expr = addends
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join(" + ");
                match sum {
                    Some(s) if s == total => {
                        check_zh = format!("（{expr} = {s}，与{}一致）", col.label);
                        check_en = format!(" ({expr} = {s}, matches {})", col.id);
                    }
                    Some(s) => {
                        check_zh = format!("（{expr} = {s}，但{} = {total}）", col.label);
                        check_en = format!(" ({expr} = {s}, but {} = {total})", col.id);
                    }
                    None => {}
                }
            }
        }
        zh.push(format!("{} {shown}{check_zh}", group.label));
        en.push(format!("{} {shown}{check_en}", group.id));
    }
    (zh.join("；"), en.join("; "))
}

fn cell_count_diagnostic(
    def: &Sec4Def,
    values: &[&layout::Cell],
    width: usize,
    row_span: Span,
) -> Diagnostic {
    let n = values.len();
    let mut d = Diagnostic::new(
        "parse/cell-count",
        Severity::Error,
        Text::new(
            format!("第四部分数据行有 {n} 个单元格，模板为 {width} 列"),
            format!("section 4 data row has {n} cells; the template has {width} columns"),
        ),
    );
    for (k, (offset, cells)) in window_readings(values, width, MAX_READINGS).enumerate() {
        let (zh, en) = describe_reading(def, cells);
        let (from, to) = (offset + 1, offset + width);
        d = d.with_note(Text::new(
            format!("读法{}（第 {from}–{to} 格）：{zh}", k + 1),
            format!("reading {} (cells {from}-{to}): {en}", k + 1),
        ));
    }
    if n > width {
        d = d
            .with_label(Label::primary(
                values[n - 1].span,
                Text::new(
                    format!("第 {n} 格：读法1不含此格"),
                    format!("cell {n}: left out by reading 1"),
                ),
            ))
            .with_label(Label::secondary(
                values[0].span,
                Text::new("读法2不含此格", "left out by reading 2"),
            ));
    } else {
        d = d.with_label(Label::primary(
            row_span,
            Text::new(format!("只有 {n} 个单元格"), format!("only {n} cells")),
        ));
    }
    d.with_note(Text::new("无法确定哪种读法正确：第四部分单元格均按“有歧义”处理，不参与计算", "which reading is right cannot be told: the section 4 cells are marked ambiguous and not used in arithmetic"))
}
