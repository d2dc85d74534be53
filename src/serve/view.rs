//! The page's document for one report (`POST /v1/view`): what the `check --format json` document
//! does not carry and the page draws — the text view the spans point into, the section 二/三/四
//! tables as grids in template order (each cell with its id path, raw text, value and span),
//! and for each diagnostic the cells it names. Rendered beside the JSON document from the same
//! lint (a [`Render`] that keeps what it drew), so the two always agree.

use crate::diagnostic::{Diagnostic, Lang};
use crate::normalise::CellValue;
use crate::render::report_formats::{JsonReporter, Linted, Part, Render};
use crate::report::{Cell, Cells, Slot};
use crate::source::{SourceFile, Span};
use crate::template::{self, Template};
use serde_json::{Value, json};
use std::sync::Mutex;

/// Renders the JSON document's part and keeps the view beside it.
pub struct ViewRender {
    json: JsonReporter,
    view: Mutex<Option<String>>,
}

impl ViewRender {
    /// A renderer in `lang`.
    pub fn new(lang: Lang) -> Self {
        ViewRender {
            json: JsonReporter::new(lang),
            view: Mutex::new(None),
        }
    }

    /// The view drawn by the last render (`None` if the report could not be read).
    pub fn take(self) -> Option<String> {
        self.view
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl Render for ViewRender {
    fn render(&self, l: &Linted<'_>) -> Part {
        let view = view_json(l).to_string();
        *self
            .view
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = Some(view);
        self.json.render(l)
    }

    fn render_unreadable(&self, name: &str, message: &str) -> Part {
        self.json.render_unreadable(name, message)
    }

    fn lists_not_assessable(&self) -> bool {
        true
    }
}

fn view_json(l: &Linted<'_>) -> Value {
    let tables =
        template::by_id(l.template).map_or_else(Vec::new, |t| tables(t, l.source, l.cells));
    let links = |ds: &[Diagnostic]| -> Vec<Value> {
        ds.iter().map(|d| json!(cells_of(d, l.cells))).collect()
    };
    json!({
        "text": l.source.display_text(),
        "encoding": l.source.encoding,
        "tables": tables,
        "diagnostic_cells": links(l.diagnostics),
        "not_assessable_cells": links(l.not_assessable),
    })
}

/// The cells a diagnostic names, each marked primary (the failing cell: the diagnostic's own
/// cell path, or a cell under its primary label) or not (an operand).
fn cells_of(d: &Diagnostic, cells: &Cells) -> Vec<Value> {
    let mut out: Vec<(&str, bool)> = Vec::new();
    let mut add = |path: &str, primary: bool| match out.iter_mut().find(|(p, _)| *p == path) {
        Some(entry) => entry.1 |= primary,
        None => out.push((cells_path(cells, path), primary)),
    };
    if let Some(path) = &d.cell_path {
        add(path, true);
    }
    for label in &d.labels {
        for (path, slot) in cells.iter() {
            if spans(slot).any(|s| s == label.span || (!s.is_empty() && overlaps(s, label.span))) {
                add(path, label.primary);
            }
        }
    }
    out.into_iter()
        .filter(|(p, _)| !p.is_empty())
        .map(|(path, primary)| json!({ "path": path, "primary": primary }))
        .collect()
}

/// The template's own copy of `path` (empty if the report has no such cell).
fn cells_path<'a>(cells: &'a Cells, path: &str) -> &'a str {
    cells
        .iter()
        .map(|(p, _)| p)
        .find(|p| *p == path)
        .unwrap_or("")
}

fn overlaps(a: Span, b: Span) -> bool {
    a.start < b.end && b.start < a.end
}

fn spans(slot: &Slot) -> impl Iterator<Item = Span> + '_ {
    let cells: Vec<&Cell> = match slot {
        Slot::Absent => Vec::new(),
        Slot::Present(c) => vec![c],
        Slot::Ambiguous { candidates, .. } => candidates.iter().collect(),
    };
    cells.into_iter().map(|c| c.span)
}

fn cell_json(source: &SourceFile, path: &str, slot: Option<&Slot>) -> Value {
    let located = |c: &Cell| {
        let (start, _) = source.span_line_cols(c.span);
        json!({
            "raw": source.slice(c.raw_span).trim(),
            "byte_start": c.span.start,
            "byte_end": c.span.end,
            "line": start.line,
            "column": start.column,
        })
    };
    let mut v = match slot {
        None | Some(Slot::Absent) => json!({ "kind": "absent" }),
        Some(Slot::Present(c)) => {
            let mut v = located(c);
            let (kind, value) = match &c.value {
                CellValue::Number { value, .. } => ("number", json!(value.to_string())),
                CellValue::Empty => ("empty", Value::Null),
                CellValue::Placeholder => ("placeholder", Value::Null),
                CellValue::Text => ("text", Value::Null),
            };
            v["kind"] = json!(kind);
            v["value"] = value;
            v
        }
        Some(Slot::Ambiguous { candidates, .. }) => json!({
            "kind": "ambiguous",
            "candidates": candidates.iter().map(located).collect::<Vec<_>>(),
        }),
    };
    v["path"] = json!(path);
    v
}

/// One grid: column labels, and rows of cells in template order.
fn grid(
    id: &str,
    title: &str,
    columns: Vec<&str>,
    rows: Vec<(Option<&str>, &str, &[String])>,
    source: &SourceFile,
    cells: &Cells,
) -> Option<Value> {
    let present = rows
        .iter()
        .flat_map(|(_, _, paths)| paths.iter())
        .any(|p| !matches!(cells.get(p), None | Some(Slot::Absent)));
    // A table the report does not have is not drawn (the parser reported it missing).
    present.then(|| {
        json!({
            "id": id,
            "title": title,
            "columns": columns,
            "rows": rows.iter().map(|(group, label, paths)| json!({
                "group": group,
                "label": label,
                "cells": paths.iter().map(|p| cell_json(source, p, cells.get(p))).collect::<Vec<_>>(),
            })).collect::<Vec<_>>(),
        })
    })
}

fn tables(t: &Template, source: &SourceFile, cells: &Cells) -> Vec<Value> {
    let mut out = Vec::new();
    for s2 in &t.sec2 {
        out.extend(grid(
            &s2.table_id,
            &format!("二 · {}", s2.title),
            s2.columns.iter().map(|c| c.label.as_str()).collect(),
            s2.rows
                .iter()
                .map(|r| (None, r.label.as_str(), r.paths.as_slice()))
                .collect(),
            source,
            cells,
        ));
    }
    let s3 = &t.sec3;
    let group_label = |id: &Option<String>| {
        id.as_ref()
            .and_then(|id| s3.groups.iter().find(|g| &g.id == id))
            .map(|g| g.label.as_str())
    };
    out.extend(grid(
        "sec3",
        "三 · 收到和处理政府信息公开申请情况",
        s3.columns.iter().map(|c| c.label.as_str()).collect(),
        s3.rows
            .iter()
            .map(|r| (group_label(&r.group), r.label.as_str(), r.paths.as_slice()))
            .collect(),
        source,
        cells,
    ));
    let s4 = &t.sec4;
    out.extend(grid(
        "sec4",
        "四 · 政府信息公开行政复议、行政诉讼情况",
        s4.columns.iter().map(|c| c.label.as_str()).collect(),
        s4.groups
            .iter()
            .map(|g| (g.parent.as_deref(), g.label.as_str(), g.paths.as_slice()))
            .collect(),
        source,
        cells,
    ));
    out
}
