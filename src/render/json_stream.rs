//! Compact JSON written straight into a `String`, byte for byte what `serde_json::to_string`
//! makes of the equivalent `json!` value (object keys in sorted order, serde_json's string
//! escapes) but without building the `Value` tree first: the `check` document renders every
//! diagnostic of every file, and building and dropping the trees cost more than linting.

use crate::decimal::{ascii_digits, digit_bytes};
use crate::diagnostic::{Diagnostic, Lang};
use crate::source::{SourceFile, Span, WordPlace};
use std::fmt::Write;

/// Appends `s` as a JSON string with serde_json's escapes: `\"`, `\\`, the short forms
/// `\b \f \n \r \t`, and `\u00xx` (lowercase hex) for other control characters.
pub fn string(out: &mut String, s: &str) {
    out.push('"');
    // Nearly every string needs no escape: test whole chunks at once (the test has no early
    // exit, so it vectorises) and copy clean ones in one go.
    let needs_escape = |b: u8| (b < 0x20) | (b == b'"') | (b == b'\\');
    let clean = s
        .as_bytes()
        .chunks(16)
        .take_while(|chunk| !chunk.iter().fold(false, |any, &b| any | needs_escape(b)))
        .count()
        * 16;
    if clean >= s.len() {
        out.push_str(s);
        out.push('"');
        return;
    }
    // Chunks end on arbitrary bytes; resume at the last character boundary before the first
    // chunk that needs an escape.
    let mut clean_from = (0..=clean)
        .rev()
        .find(|&i| s.is_char_boundary(i))
        .unwrap_or(0);
    out.push_str(&s[..clean_from]);
    for (i, byte) in s.bytes().enumerate().skip(clean_from) {
        let escape = match byte {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\x08' => "\\b",
            b'\x0c' => "\\f",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0..=0x1f => "",
            _ => continue,
        };
        out.push_str(&s[clean_from..i]);
        if escape.is_empty() {
            let _ = write!(out, "\\u{byte:04x}");
        } else {
            out.push_str(escape);
        }
        clean_from = i + 1;
    }
    out.push_str(&s[clean_from..]);
    out.push('"');
}

/// Appends an unsigned integer. Digits are made by hand: every location has six numbers, and
/// going through `core::fmt` for each cost more than the rest of the location.
pub fn number(out: &mut String, n: usize) {
    out.push_str(ascii_digits(n as u64, &mut [0; 20]));
}

/// A span as the object [`super::json::location`] builds.
pub fn location(out: &mut String, source: &SourceFile, span: Span) {
    let (start, end) = source.span_line_cols(span);
    let fields = [
        ("{\"byte_end\":", span.end),
        (",\"byte_start\":", span.start),
        (",\"column\":", start.column),
        (",\"end_column\":", end.column),
        (",\"end_line\":", end.line),
        (",\"line\":", start.line),
    ];
    // Assembled on the stack and appended once: twelve small appends to `out` each paid a
    // capacity check and a copy call, more than the numbers themselves. 75 bytes of keys, at
    // most 20 digits per number and the closing brace fit in 256.
    let mut buf = [0u8; 256];
    let mut len = 0;
    let mut scratch = [0u8; 20];
    for (key, value) in fields {
        buf[len..len + key.len()].copy_from_slice(key.as_bytes());
        len += key.len();
        let digits = digit_bytes(value as u64, &mut scratch);
        buf[len..len + digits.len()].copy_from_slice(digits);
        len += digits.len();
    }
    buf[len] = b'}';
    out.push_str(std::str::from_utf8(&buf[..len]).expect("ASCII keys and digits"));
    if let Some(page) = source.page_of(span.start) {
        out.push_str(",\"page\":");
        number(out, page);
    }
    // Keys in sorted order, as serde_json writes them.
    match source.word_place_of(span.start) {
        Some(WordPlace::Paragraph { paragraph }) => {
            out.push_str(",\"word\":{\"paragraph\":");
            number(out, paragraph);
            out.push('}');
        }
        Some(WordPlace::Cell { table, row, column }) => {
            out.push_str(",\"word\":{\"column\":");
            number(out, column);
            out.push_str(",\"row\":");
            number(out, row);
            out.push_str(",\"table\":");
            number(out, table);
            out.push('}');
        }
        None => {}
    }
    out.push('}');
}

/// One diagnostic as the object [`super::json::diagnostic_json`] builds.
pub fn diagnostic(out: &mut String, source: &SourceFile, d: &Diagnostic, lang: Lang) {
    out.push_str("{\"cell_path\":");
    match &d.cell_path {
        Some(path) => string(out, path),
        None => out.push_str("null"),
    }
    out.push_str(",\"code\":");
    string(out, &d.code);
    out.push_str(",\"labels\":[");
    for (i, label) in d.labels.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str("{\"location\":");
        location(out, source, label.span);
        out.push_str(",\"message\":");
        string(out, label.message.get(lang));
        out.push_str(if label.primary {
            ",\"primary\":true}"
        } else {
            ",\"primary\":false}"
        });
    }
    out.push_str("],\"location\":");
    match d.anchor() {
        Some(span) => location(out, source, span),
        None => out.push_str("null"),
    }
    out.push_str(",\"message\":");
    string(out, d.message.get(lang));
    out.push_str(",\"notes\":[");
    for (i, note) in d.notes.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        string(out, note.get(lang));
    }
    out.push_str("],\"severity\":");
    string(out, d.severity.as_str());
    if let Some(w) = &d.waived {
        out.push_str(",\"waived\":{\"approved_by\":");
        string(out, &w.approved_by);
        out.push_str(",\"expires\":");
        string(out, &w.expires);
        out.push_str(",\"reason\":");
        string(out, &w.reason);
        out.push('}');
    }
    out.push('}');
}

/// A JSON array of diagnostics.
pub fn diagnostics(out: &mut String, source: &SourceFile, list: &[Diagnostic], lang: Lang) {
    out.push('[');
    for (i, d) in list.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        diagnostic(out, source, d, lang);
    }
    out.push(']');
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Label, Severity, Text};

    #[test]
    fn strings_are_escaped_as_serde_json_does() {
        let samples = [
            "",
            "plain",
            "引号\"与\\反斜杠",
            "\u{0}\u{1}\u{8}\u{9}\u{a}\u{b}\u{c}\u{d}\u{1f}\u{7f}\u{2028}",
            "tab\tend\n",
            "一段超过十六个字节的中文文本，其后才有\"引号\"与\n换行",
            "ascii text longer than sixteen bytes, then a \"quote\"",
        ];
        for s in samples {
            let mut out = String::new();
            string(&mut out, s);
            assert_eq!(out, serde_json::to_string(s).unwrap(), "{s:?}");
        }
    }

    #[test]
    fn numbers_are_written_as_serde_json_does() {
        for n in [0, 1, 7, 9, 10, 11, 99, 100, 101, 12_345, 99_999, usize::MAX] {
            let mut out = String::new();
            number(&mut out, n);
            assert_eq!(out, serde_json::to_string(&n).unwrap());
        }
    }

    #[test]
    fn diagnostics_match_the_value_tree() {
        let source = SourceFile::new("t.txt", "一、总体\n规章\t0\n".to_string(), "UTF-8");
        let with_labels = Diagnostic::new(
            "national/x",
            Severity::Error,
            Text::new("总计 \"1\"", "total \"1\""),
        )
        .with_label(Label::primary(
            Span::new(20, 21),
            Text::same("规章·数量 = 0"),
        ))
        .with_label(Label::secondary(Span::new(0, 6), Text::same("s1")))
        .with_note(Text::new("注\n释", "note"))
        .with_cell_path("sec2.rules.made");
        let bare = Diagnostic::new("parse/none", Severity::Info, Text::same("无"));
        for d in [&with_labels, &bare] {
            for lang in [Lang::Zh, Lang::En] {
                let mut out = String::new();
                diagnostic(&mut out, &source, d, lang);
                let tree = super::super::json::diagnostic_json(&source, d, lang);
                assert_eq!(out, serde_json::to_string(&tree).unwrap());
            }
        }
    }
}
