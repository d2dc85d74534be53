//! The `parse --format json` document (schema `xxgk-lint/parse`, version 1; documented in
//! `docs/parse-json.md`). Field names and value kinds are a stable interface.

use crate::diagnostic::{Diagnostic, Lang};
use crate::normalise::CellValue;
use crate::report::{Cell, Paragraph, Report, Slot};
use crate::source::{SourceFile, Span};
use serde_json::{Value, json};

/// Version of the JSON document; bumped on any incompatible change.
pub const PARSE_SCHEMA_VERSION: u32 = 1;

/// A span as line/column (1-based, characters) plus byte offsets.
pub fn location(source: &SourceFile, span: Span) -> Value {
    let (start, end) = source.span_line_cols(span);
    let mut location = json!({
        "line": start.line,
        "column": start.column,
        "end_line": end.line,
        "end_column": end.column,
        "byte_start": span.start,
        "byte_end": span.end,
    });
    if let Some(page) = source.page_of(span.start) {
        location["page"] = json!(page);
    }
    if let Some(place) = source.word_place_of(span.start) {
        location["word"] = json!(place);
    }
    location
}

fn cell_json(source: &SourceFile, cell: &Cell) -> Value {
    let (kind, value, unit, normalised) = match &cell.value {
        CellValue::Number {
            value,
            unit,
            normalised,
        } => ("number", json!(value.to_string()), json!(unit), *normalised),
        CellValue::Empty => ("empty", Value::Null, Value::Null, false),
        CellValue::Placeholder => ("placeholder", Value::Null, Value::Null, false),
        CellValue::Text => ("text", Value::Null, Value::Null, false),
    };
    json!({
        "kind": kind,
        "value": value,
        "unit": unit,
        "raw": source.slice(cell.raw_span),
        "normalised": normalised,
        "location": location(source, cell.span),
    })
}

fn slot_json(source: &SourceFile, path: &str, slot: &Slot) -> Value {
    match slot {
        Slot::Absent => json!({ "path": path, "kind": "absent", "value": null }),
        Slot::Present(cell) => {
            let mut v = cell_json(source, cell);
            v["path"] = json!(path);
            v
        }
        Slot::Ambiguous {
            candidates,
            may_be_absent,
        } => json!({
            "path": path,
            "kind": "ambiguous",
            "value": null,
            "may_be_absent": may_be_absent,
            "candidates": candidates.iter().map(|c| cell_json(source, c)).collect::<Vec<_>>(),
        }),
    }
}

fn paragraph_json(source: &SourceFile, p: &Paragraph) -> Value {
    json!({
        "text": p.text,
        "location": location(source, p.span),
        "sentences": p.sentences.iter().map(|s| json!({ "text": s.text, "location": location(source, s.span) })).collect::<Vec<_>>(),
    })
}

/// One diagnostic as JSON.
pub fn diagnostic_json(source: &SourceFile, d: &Diagnostic, lang: Lang) -> Value {
    let mut value = json!({
        "code": d.code,
        "severity": d.severity.as_str(),
        "message": d.message.get(lang),
        "cell_path": d.cell_path,
        "location": d.anchor().map(|s| location(source, s)),
        "labels": d.labels.iter().map(|l| json!({
            "primary": l.primary,
            "message": l.message.get(lang),
            "location": location(source, l.span),
        })).collect::<Vec<_>>(),
        "notes": d.notes.iter().map(|n| n.get(lang)).collect::<Vec<_>>(),
    });
    if let Some(w) = &d.waived {
        value["waived"] =
            json!({ "reason": w.reason, "approved_by": w.approved_by, "expires": w.expires });
    }
    value
}

/// The JSON document of one parsed file.
pub fn report_json(source: &SourceFile, report: &Report, lang: Lang) -> Value {
    let located = |v: Value, span: Span| json!({ "value": v, "location": location(source, span) });
    let meta = &report.meta;
    json!({
        "file": source.name,
        "encoding": source.encoding,
        "recognised": report.recognised,
        "meta": {
            "title": meta.title.as_ref().map(|t| located(json!(t.value), t.span)),
            "organ": meta.organ.as_ref().map(|t| located(json!(t.value), t.span)),
            "organ_kind": meta.organ_kind.as_str(),
            "year": meta.year.as_ref().map(|t| located(json!(t.value), t.span)),
            "template": report.template,
        },
        "preamble": report.preamble.iter().map(|p| paragraph_json(source, p)).collect::<Vec<_>>(),
        "sections": report.sections.iter().map(|s| json!({
            "id": s.id,
            "found": s.heading.is_some(),
            "heading": s.heading.as_ref().map(|h| json!({
                "text": h.text,
                "numeral": h.numeral,
                "location": location(source, h.span),
            })),
            "paragraphs": s.paragraphs.iter().map(|p| paragraph_json(source, p)).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "tables": report.tables.iter().map(|t| json!({
            "id": t.id,
            "template": t.template,
            "location": location(source, t.span),
            "rows": t.rows.iter().map(|r| json!({ "id": r.id, "location": location(source, r.span) })).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "cells": report.cells.iter().map(|(p, s)| slot_json(source, p, s)).collect::<Vec<_>>(),
        "diagnostics": report.diagnostics.iter().map(|d| diagnostic_json(source, d, lang)).collect::<Vec<_>>(),
    })
}

/// The JSON entry of a file that could not be read or decoded.
pub fn failed_file_json(name: &str, message: &str) -> Value {
    json!({ "file": name, "error": message })
}

/// The whole `parse` JSON document, `{ "files": [...], "schema": "xxgk-lint/parse", "version": 1 }`
/// pretty-printed, written one file at a time so that a run over thousands of files holds one
/// file's tree at a time. `files` is the first key in sorted order, so it can open the document.
#[derive(Debug, Default)]
pub struct DocumentWriter {
    files: usize,
}

impl DocumentWriter {
    /// Writes one file's entry (opening the document before the first).
    pub fn file(&mut self, out: &mut dyn std::io::Write, file: &Value) -> std::io::Result<()> {
        let text = serde_json::to_string_pretty(file).map_err(std::io::Error::other)?;
        out.write_all(if self.files == 0 {
            b"{\n  \"files\": [\n"
        } else {
            b",\n"
        })?;
        self.files += 1;
        // The entry sits two levels deep. Strings hold no raw line breaks, so every line of the
        // pretty text is one of its structural lines.
        for (i, line) in text.lines().enumerate() {
            if i > 0 {
                out.write_all(b"\n")?;
            }
            write!(out, "    {line}")?;
        }
        Ok(())
    }

    /// Ends the document and its line.
    pub fn finish(self, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        let files = if self.files == 0 {
            "{\n  \"files\": []"
        } else {
            "\n  ]"
        };
        writeln!(
            out,
            "{files},\n  \"schema\": \"xxgk-lint/parse\",\n  \"version\": {PARSE_SCHEMA_VERSION}\n}}"
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_streamed_document_is_the_pretty_printed_one() {
        let entries = [
            json!({ "file": "a.txt", "error": "不可读\n\"x\"" }),
            json!({ "file": "b.txt", "cells": [{ "kind": "number", "location": { "line": 1 } }], "meta": {} }),
            json!({ "file": "c.txt", "empty": [], "nested": { "k": [1, [2, {}]] } }),
        ];
        for n in 0..=entries.len() {
            let mut streamed = Vec::new();
            let mut writer = DocumentWriter::default();
            for e in &entries[..n] {
                writer.file(&mut streamed, e).unwrap();
            }
            writer.finish(&mut streamed).unwrap();
            let document = json!({
                "schema": "xxgk-lint/parse",
                "version": PARSE_SCHEMA_VERSION,
                "files": entries[..n],
            });
            let whole = serde_json::to_string_pretty(&document).unwrap();
            assert_eq!(String::from_utf8(streamed).unwrap(), format!("{whole}\n"));
        }
    }
}
