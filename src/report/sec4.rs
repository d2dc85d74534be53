//! The section-4 review/litigation table: one data row of groups × columns (15 cells in both
//! templates). A row of another width is reported with its possible readings, never realigned.

use super::rows::{
    SourceRow, ambiguous_slots, candidates, cell_diagnostic, count_mismatch, fit, to_cell,
    window_readings,
};
use super::{RowInfo, Slot, TableInfo};
use crate::decimal::Decimal;
use crate::diagnostic::{Diagnostic, Label, Severity, Text};
use crate::layout;
use crate::normalise::CellValue;
use crate::source::Span;
use crate::template::{Sec4Def, Template, names};
use std::fmt::Write;

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
    // Every cell absent first, then filled in place from the data row.
    let start = cells.len();
    cells.extend(
        def.groups
            .iter()
            .flat_map(|g| def.columns.iter().zip(&g.paths))
            .map(|(_, path)| (path.as_str(), Slot::Absent)),
    );
    let slots = &mut cells[start..];
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
        // The values of all data rows, in order; only needed to join split rows or to spell
        // out an ambiguous reading.
        let values = || -> Vec<&layout::Cell> {
            data.iter()
                .flat_map(|r| candidates(&r.row.cells, r.layout))
                .collect()
        };
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
        let placed = if data.len() == 1 {
            fit(&data[0].row.cells, layout, width).map(|v| place(slots, v.iter()))
        } else {
            let values = values();
            (values.len() == width).then(|| place(slots, values.iter().copied()))
        };
        if placed.is_none() {
            let values = values();
            diagnostics.push(count_mismatch(
                layout,
                values.len(),
                width,
                ("第四部分数据行", "section 4 data row"),
                row_span,
                || cell_count_diagnostic(def, &values, width, row_span),
            ));
            for ((_, slot), amb) in slots.iter_mut().zip(ambiguous_slots(&values, width)) {
                *slot = amb;
            }
        }
        table_rows.push(RowInfo {
            id: "data".into(),
            span: row_span,
        });
    }

    for (path, slot) in &cells[start..] {
        if let Slot::Present(cell) = slot {
            let name = || names::cell_or_path(template, path);
            diagnostics.extend(cell_diagnostic(path, name, cell));
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

/// Fills the slots with the fitted cells, in order.
fn place<'c>(slots: &mut [(&str, Slot)], fitted: impl Iterator<Item = &'c layout::Cell>) {
    for ((_, slot), cell) in slots.iter_mut().zip(fitted) {
        *slot = Slot::Present(to_cell(cell));
    }
}

fn header_diagnostic(
    def: &Sec4Def,
    header: &[SourceRow<'_>],
    rows: &[SourceRow<'_>],
) -> Option<Diagnostic> {
    if header.is_empty() && !rows.iter().any(|r| r.layout.holds_header()) {
        return None;
    }
    let keys: Vec<&str> = header
        .iter()
        .flat_map(|r| r.row.cells.iter().map(|c| c.key()))
        .collect();
    // Each label with its English name (the header's caption labels have none).
    let labels = def
        .header_labels
        .iter()
        .map(|l| (l, ""))
        .chain(def.groups.iter().map(|g| (&g.label, g.en.as_str())))
        .chain(def.columns.iter().map(|c| (&c.label, c.en.as_str())));
    // `header_keys` holds the keys of exactly these labels, in this order.
    let missing: Vec<(&String, &str)> = labels
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
        .map(|(zh, _)| zh.as_str())
        .collect::<Vec<_>>()
        .join("、");
    let names_en = missing
        .iter()
        .map(|(zh, en)| names::en_with_zh(en, zh))
        .collect::<Vec<_>>()
        .join(", ");
    Some(
        Diagnostic::new(
            "parse/header-incomplete",
            Severity::Warning,
            Text::new(
                format!("第四部分表头缺少：{names}"),
                format!("section 4 header lacks: {names_en}"),
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

/// One reading's groups with their consistency against the template's `sum_of` columns,
/// written straight into the two texts.
fn describe_reading(def: &Sec4Def, cells: &[&layout::Cell]) -> (String, String) {
    let (mut zh, mut en) = (String::new(), String::new());
    let width = def.columns.len();
    for (g, group) in def.groups.iter().enumerate() {
        let part = &cells[g * width..(g + 1) * width];
        let shown_in = |empty: &'static str| {
            part.iter()
                .map(|c| if c.text.is_empty() { empty } else { &c.text })
                .collect::<Vec<_>>()
                .join("/")
        };
        let (shown, shown_en) = (shown_in(names::EMPTY_MARK), shown_in(names::EMPTY_WORD_EN));
        if g > 0 {
            zh.push('；');
            en.push_str("; ");
        }
        // Writing to a String cannot fail.
        let _ = write!(zh, "{} {shown}", group.label);
        // The cells are the report's text, quoted: they may hold words.
        let _ = write!(en, "{} `{shown_en}`", group.en);
        if let Some((check_zh, check_en)) = sum_check(def, part) {
            zh.push_str(&check_zh);
            en.push_str(&check_en);
        }
    }
    (zh, en)
}

/// How one group's cells agree with the last `sum_of` column whose cells are all numbers
/// with a sum: `（1 + 2 = 3，与总计一致）` or `（1 + 2 = 3，但总计 = 4）`.
fn sum_check(def: &Sec4Def, part: &[&layout::Cell]) -> Option<(String, String)> {
    def.columns
        .iter()
        .enumerate()
        .rev()
        .filter(|(_, c)| !c.sum_of.is_empty())
        .find_map(|(c, col)| {
            let addends: Vec<Decimal> = col
                .sum_of
                .iter()
                .map(|id| {
                    def.columns
                        .iter()
                        .position(|x| &x.id == id)
                        .and_then(|i| number(part[i]))
                })
                .collect::<Option<_>>()?;
            let total = number(part[c])?;
            let sum = addends
                .iter()
                .try_fold(Decimal::ZERO, |acc, d| acc.checked_add(*d))?;
            let mut expr = String::new();
            for (i, a) in addends.iter().enumerate() {
                let sep = if i == 0 { "" } else { " + " };
                let _ = write!(expr, "{sep}{a}");
            }
            Some(if sum == total {
                (
                    format!("（{expr} = {sum}，与{}一致）", col.label),
                    format!(" ({expr} = {sum}, matches {})", col.id),
                )
            } else {
                (
                    format!("（{expr} = {sum}，但{} = {total}）", col.label),
                    format!(" ({expr} = {sum}, but {} = {total})", col.id),
                )
            })
        })
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
