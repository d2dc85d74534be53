//! The section-2 sub-tables (`第二十条第（一）项` …): title rows, `信息内容` header rows and data
//! rows, read as one stream so that one text table or four Word tables read alike (P13).

use super::rows::{
    SourceRow, ambiguous_slots, candidates, cell_diagnostic, count_mismatch, fit, to_cell,
};
use super::{RowInfo, Slot, TableInfo};
use crate::diagnostic::{Diagnostic, Label, Severity, Text};
use crate::source::Span;
use crate::template::{Sec2TableDef, Template, names};

/// What reading section 2 produced.
pub struct Sec2Read {
    /// One entry per sub-table found.
    pub tables: Vec<TableInfo>,
    /// Structural diagnostics.
    pub diagnostics: Vec<Diagnostic>,
}

#[derive(Default, Clone)]
struct Seen {
    span: Option<Span>,
    rows: Vec<RowInfo>,
    slots: Vec<Option<Vec<Slot>>>,
}

fn row_index(def: &Sec2TableDef, key: &str) -> Option<usize> {
    def.rows
        .iter()
        .position(|r| r.keys.iter().any(|l| l == key))
}

/// Reads the section-2 rows with `template`, appending `(path, slot)` for every template cell
/// to `cells`.
pub fn read(
    rows: &[SourceRow<'_>],
    template: &'static Template,
    cells: &mut Vec<(&'static str, Slot)>,
) -> Sec2Read {
    let defs = &template.sec2;
    let mut diagnostics = Vec::new();
    let mut seen: Vec<Seen> = defs
        .iter()
        .map(|d| Seen {
            slots: vec![None; d.rows.len()],
            ..Seen::default()
        })
        .collect();
    let mut current: Option<usize> = None;
    let mut pending_header: Option<(&[crate::layout::Cell], Span)> = None;
    for src in rows {
        let row = src.row;
        let Some(first) = row.cells.iter().position(|c| !c.text.is_empty()) else {
            continue;
        };
        let key = row.cells[first].key();
        if let Some(t) = defs.iter().position(|d| d.title_key == key) {
            current = Some(t);
            let s = &mut seen[t];
            s.span = Some(s.span.map_or(row.span, |x| x.cover(row.span)));
            continue;
        }
        if defs.iter().any(|d| d.header_key == key) {
            // Which sub-table a header belongs to is known only from the row after it when
            // the title row is missing or outside the table (art20_5 and art20_6 share a header).
            pending_header = Some((&row.cells[first + 1..], row.span));
            continue;
        }
        let found = current
            .and_then(|t| row_index(&defs[t], key).map(|r| (t, r)))
            .or_else(|| {
                defs.iter()
                    .enumerate()
                    .find_map(|(t, d)| row_index(d, key).map(|r| (t, r)))
            });
        let Some((t, r)) = found else {
            if row.cells.iter().any(crate::layout::Cell::is_value_like) {
                diagnostics.push(
                    Diagnostic::new(
                        "parse/row-unrecognised",
                        Severity::Warning,
                        Text::new(
                            "第二部分表格中有无法识别的行，其数值未读取",
                            "unrecognised row in the section 2 tables; its values were not read",
                        ),
                    )
                    .with_label(Label::primary(
                        row.span,
                        Text::new("行标签与模板不符", "label does not match the template"),
                    )),
                );
            }
            continue;
        };
        current = Some(t);
        if let Some((cells, span)) = pending_header.take() {
            diagnostics.extend(header_diagnostics(&defs[t], cells));
            seen[t].span = Some(seen[t].span.map_or(span, |x| x.cover(span)));
        }
        let def = &defs[t];
        let width = def.columns.len();
        let values = &row.cells[first + 1..];
        let slots = match fit(values, src.layout, width) {
            Some(v) => v.iter().map(|c| Slot::Present(to_cell(c))).collect(),
            None => {
                let offered = candidates(values, src.layout);
                let label = &def.rows[r].label;
                let name = names::sec2_row(def, &def.rows[r]);
                diagnostics.push(count_mismatch(
                    src.layout,
                    offered.len(),
                    width,
                    (&name.zh, &name.en),
                    row.span,
                    || Diagnostic::new(
                        "parse/cell-count",
                        Severity::Error,
                        Text::new(format!("“{}”表“{label}”行有 {} 个数值，模板为 {width} 列", def.title, offered.len()), format!("{} row {} has {} values; the template has {width} columns", names::en_with_zh(&def.en, &def.title), names::en_with_zh(&def.rows[r].en, label), offered.len())),
                    )
                    .with_label(Label::primary(row.span, Text::new(format!("{} 个数值", offered.len()), format!("{} values", offered.len()))))
                    .with_note(Text::new("无法确定各数值对应哪一列，本行单元格均按“有歧义”处理", "which value belongs to which column cannot be told; the row's cells are marked ambiguous")),
                ));
                ambiguous_slots(offered, width)
            }
        };
        let s = &mut seen[t];
        s.span = Some(s.span.map_or(row.span, |x| x.cover(row.span)));
        s.rows.push(RowInfo {
            id: def.rows[r].id.clone(),
            span: row.span,
        });
        s.slots[r] = Some(slots);
    }

    if let (Some((cells, _)), Some(t)) = (pending_header, current) {
        diagnostics.extend(header_diagnostics(&defs[t], cells));
    }
    let mut tables = Vec::new();
    let any_found = seen.iter().any(|s| s.span.is_some());
    for (t, def) in defs.iter().enumerate() {
        let s = &mut seen[t];
        match s.span {
            Some(span) => {
                let missing: Vec<usize> = (0..def.rows.len())
                    .filter(|&r| s.slots[r].is_none())
                    .collect();
                if !missing.is_empty() {
                    diagnostics.push(
                        Diagnostic::new(
                            "parse/row-missing",
                            Severity::Error,
                            Text::new(
                                format!(
                                    "“{}”表缺少行：{}",
                                    def.title,
                                    missing
                                        .iter()
                                        .map(|&r| def.rows[r].label.as_str())
                                        .collect::<Vec<_>>()
                                        .join("、")
                                ),
                                format!(
                                    "{} lacks row(s): {}",
                                    names::en_with_zh(&def.en, &def.title),
                                    missing
                                        .iter()
                                        .map(|&r| names::en_with_zh(
                                            &def.rows[r].en,
                                            &def.rows[r].label
                                        ))
                                        .collect::<Vec<_>>()
                                        .join(", ")
                                ),
                            ),
                        )
                        .with_label(Label::primary(span, Text::new("此表", "this table"))),
                    );
                }
                tables.push(TableInfo {
                    id: def.table_id.clone(),
                    template: template.id.clone(),
                    span,
                    rows: std::mem::take(&mut s.rows),
                });
            }
            None if any_found => {
                let at = seen
                    .iter()
                    .filter_map(|x| x.span)
                    .next_back()
                    .unwrap_or_default();
                diagnostics.push(
                    Diagnostic::new(
                        "parse/table-missing",
                        Severity::Error,
                        Text::new(
                            format!("第二部分缺少“{}”表", def.title),
                            format!(
                                "section 2 lacks the {} table",
                                names::en_with_zh(&def.en, &def.title)
                            ),
                        ),
                    )
                    .with_label(Label::primary(
                        at,
                        Text::new("第二部分的表格", "section 2 tables"),
                    )),
                );
            }
            None => {}
        }
        for (r, row) in def.rows.iter().enumerate() {
            let slots = seen[t].slots[r]
                .take()
                .unwrap_or_else(|| vec![Slot::Absent; def.columns.len()]);
            for (path, slot) in row.paths.iter().zip(slots) {
                if let Slot::Present(cell) = &slot {
                    let name = || names::cell_or_path(template, path);
                    diagnostics.extend(cell_diagnostic(path, name, cell));
                }
                cells.push((path.as_str(), slot));
            }
        }
    }
    Sec2Read {
        tables,
        diagnostics,
    }
}

fn header_diagnostics(def: &Sec2TableDef, cells: &[crate::layout::Cell]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for cell in cells.iter().filter(|c| !c.text.is_empty()) {
        let key = cell.key();
        let col = def.columns.iter().find(|c| c.keys.iter().any(|l| l == key));
        match col {
            Some(col) if col.variant_keys.iter().any(|v| v == key) => out.push(
                Diagnostic::new(
                    "parse/header-variant",
                    Severity::Info,
                    Text::new(
                        format!("“{}”表头使用了地方格式“{}”", def.title, cell.text),
                        format!(
                            "{} header uses the local wording `{}`",
                            names::en_with_zh(&def.en, &def.title),
                            cell.text
                        ),
                    ),
                )
                .with_label(Label::primary(
                    cell.span,
                    Text::new(
                        format!("国家模板为“{}”", col.label),
                        format!(
                            "national template: {}",
                            names::en_with_zh(&col.en, &col.label)
                        ),
                    ),
                )),
            ),
            Some(_) => {}
            None => out.push(
                Diagnostic::new(
                    "parse/header-unrecognised",
                    Severity::Warning,
                    Text::new(
                        format!("“{}”表头“{}”与模板不符", def.title, cell.text),
                        format!(
                            "{} header `{}` does not match the template",
                            names::en_with_zh(&def.en, &def.title),
                            cell.text
                        ),
                    ),
                )
                .with_label(Label::primary(
                    cell.span,
                    Text::new(
                        format!(
                            "应为：{}",
                            def.columns
                                .iter()
                                .map(|c| c.label.as_str())
                                .collect::<Vec<_>>()
                                .join("、")
                        ),
                        format!(
                            "expected: {}",
                            def.columns
                                .iter()
                                .map(|c| names::en_with_zh(&c.en, &c.label))
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    ),
                )),
            ),
        }
    }
    out
}
