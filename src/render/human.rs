//! Diagnostics rendered rustc-style through codespan-reporting (the only user of codespan).
//!
//! codespan expands tabs to real tab stops and counts CJK characters as two columns, so carets
//! land under the right cell in tab-separated table rows. Control characters and bidi overrides
//! from a report are shown as escapes (`\u{1b}`), never sent to the terminal raw.

use super::escape;
use super::places;
use super::window;
use crate::diagnostic::{Diagnostic, Lang, Severity, Waived};
use crate::source::SourceFile;
use codespan_reporting::diagnostic as cs;
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term::{self, termcolor};
use std::io::Write;

/// How human output looks.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    /// Message language.
    pub lang: Lang,
    /// ANSI colours.
    pub color: bool,
}

fn severity(s: Severity) -> cs::Severity {
    match s {
        Severity::Error => cs::Severity::Error,
        Severity::Warning => cs::Severity::Warning,
        Severity::Info => cs::Severity::Note,
    }
}

fn to_codespan(d: &Diagnostic, lang: Lang, at: &dyn Fn(usize) -> usize) -> cs::Diagnostic<()> {
    let labels = d
        .labels
        .iter()
        .map(|l| {
            let style = if l.primary {
                cs::LabelStyle::Primary
            } else {
                cs::LabelStyle::Secondary
            };
            cs::Label::new(style, (), at(l.span.start)..at(l.span.end))
                .with_message(escape::text(l.message.get(lang)))
        })
        .collect();
    // A waived finding is shown for the record, as a note that says so.
    let (level, message) = match &d.waived {
        None => (
            severity(d.severity),
            escape::text(d.message.get(lang)).into_owned(),
        ),
        Some(_) => (
            cs::Severity::Note,
            format!(
                "{}{}",
                waived_prefix(lang),
                escape::text(d.message.get(lang))
            ),
        ),
    };
    let mut notes: Vec<String> = d
        .notes
        .iter()
        .map(|n| note(&escape::text(n.get(lang))))
        .collect();
    if let Some(w) = &d.waived {
        notes.push(note(&escape::text(&waiver_note(w, lang))));
    }
    cs::Diagnostic::new(level)
        .with_code(d.code.clone())
        .with_message(message)
        .with_labels(labels)
        .with_notes(notes)
}

/// What a waived finding's headline starts with.
pub fn waived_prefix(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "（已豁免）",
        Lang::En => "(waived) ",
    }
}

/// The note that gives a waiver's reason, approver and end.
pub fn waiver_note(w: &Waived, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!(
            "已豁免：{}（批准：{}，有效期至 {}）",
            w.reason, w.approved_by, w.expires
        ),
        Lang::En => format!(
            "waived: {} (approved by {}, until {})",
            w.reason, w.approved_by, w.expires
        ),
    }
}

/// rustc's `= note: …` / `= help: …`: notes that are not help get the `note:` prefix here, at
/// the edge, so machine formats keep the bare text.
fn note(text: &str) -> String {
    if text.starts_with("help:") {
        text.to_string()
    } else {
        format!("note: {text}")
    }
}

/// Renders `diagnostics` against `source`.
pub fn render(source: &SourceFile, diagnostics: &[Diagnostic], style: Style) -> String {
    let escaped = escape::source(source.display_text());
    let (text, shifts) = match &escaped {
        Some((text, shifts)) => (text.as_str(), Some(shifts)),
        None => (source.display_text(), None),
    };
    let name = escape::text(&source.name);
    let file = SimpleFile::new(name.as_ref(), text);
    let config = term::Config::default();
    let mut buffer = if style.color {
        termcolor::Buffer::ansi()
    } else {
        termcolor::Buffer::no_color()
    };
    let starts = window::line_starts(text);
    for d in diagnostics {
        let escaped_at = |pos: usize| shifts.map_or(pos, |s| s.map(pos));
        // A label on a line too long for a terminal row: that line is cut to a window.
        let spans: Vec<std::ops::Range<usize>> = d
            .labels
            .iter()
            .map(|l| escaped_at(l.span.start)..escaped_at(l.span.end))
            .collect();
        let windowed = window::window(text, &starts, &spans);
        let mut rendered = match &windowed {
            Some(w) => to_codespan(d, style.lang, &|pos| w.map(escaped_at(pos))),
            None => to_codespan(d, style.lang, &escaped_at),
        };
        if let Some(place) = d.anchor().and_then(|s| places::place(source, s.start)) {
            // A PDF or Word reader finds a place by its page, paragraph or table cell; the
            // line is in the extracted text.
            rendered.notes.push(note(place.get(style.lang)));
        }
        // Spans come from this file, so emitting cannot fail on a lookup; if it ever does, the
        // headline is still worth printing.
        let emitted = match &windowed {
            Some(w) => {
                let file = window::WindowedFile {
                    name: name.as_ref(),
                    windowed: w,
                };
                term::emit_to_write_style(&mut buffer, &config, &file, &rendered)
            }
            None => term::emit_to_write_style(&mut buffer, &config, &file, &rendered),
        };
        if emitted.is_err() {
            let line = format!(
                "{}[{}]: {}\n",
                d.severity.as_str(),
                d.code,
                escape::text(d.message.get(style.lang))
            );
            let _ = buffer.write_all(line.as_bytes());
        }
    }
    String::from_utf8_lossy(buffer.as_slice()).into_owned()
}
