//! Diagnostics as plain data: a code, a severity, a bilingual message, labelled spans and notes.
//!
//! Stages produce [`Diagnostic`]s; only `render/` turns them into text. Messages carry both the
//! Chinese (default) and English wording so the language is chosen at the edge.

use crate::source::Span;
use serde::Serialize;

/// How serious a diagnostic is. Ordered from least to most serious.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing; never fails a gate by default.
    Info,
    /// Probably wrong or non-standard.
    Warning,
    /// Wrong: the report contradicts itself or the template.
    Error,
}

impl Severity {
    /// The lowercase English name used in machine output.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// Output language for human-facing text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// 中文 (default).
    #[default]
    Zh,
    /// English.
    En,
}

/// A message in Chinese and English.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Text {
    /// Chinese wording.
    pub zh: String,
    /// English wording.
    pub en: String,
}

impl Text {
    /// Both wordings.
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Self {
        Text {
            zh: zh.into(),
            en: en.into(),
        }
    }

    /// The same text in both languages (values, labels quoted from the report).
    pub fn same(s: impl Into<String>) -> Self {
        let s = s.into();
        Text {
            zh: s.clone(),
            en: s,
        }
    }

    /// The wording for `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }
}

/// A span in the report with a short message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Label {
    /// Where.
    pub span: Span,
    /// What is there.
    pub message: Text,
    /// The primary label marks the place most likely to be wrong.
    pub primary: bool,
}

impl Label {
    /// The main location.
    pub fn primary(span: Span, message: Text) -> Self {
        Label {
            span,
            message,
            primary: true,
        }
    }

    /// A related location.
    pub fn secondary(span: Span, message: Text) -> Self {
        Label {
            span,
            message,
            primary: false,
        }
    }
}

/// One problem found in a report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Stable identifier, e.g. `parse/cell-count` or `national/sec3-balance`.
    pub code: String,
    /// How serious.
    pub severity: Severity,
    /// One-line headline.
    pub message: Text,
    /// Located evidence; the first primary label is the anchor.
    pub labels: Vec<Label>,
    /// Unlocated explanations (arithmetic, alternative readings, hints).
    pub notes: Vec<Text>,
    /// The logical cell path the diagnostic is about, when it is about one cell.
    pub cell_path: Option<String>,
    /// Set when a waiver of the configuration covers this finding: it is shown, marked, and
    /// not counted for the exit code.
    /// Boxed: few findings are waived, and every diagnostic would otherwise carry the room.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub waived: Option<Box<Waived>>,
}

/// The approved deviation that covers a finding (`[[waivers]]` in `xxgk-lint.toml`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Waived {
    pub reason: String,
    pub approved_by: String,
    /// `YYYY-MM-DD`.
    pub expires: String,
}

impl Diagnostic {
    /// A diagnostic with no labels yet.
    pub fn new(code: impl Into<String>, severity: Severity, message: Text) -> Self {
        Diagnostic {
            code: code.into(),
            severity,
            message,
            labels: Vec::new(),
            notes: Vec::new(),
            cell_path: None,
            waived: None,
        }
    }

    /// Adds a label.
    pub fn with_label(mut self, label: Label) -> Self {
        self.labels.push(label);
        self
    }

    /// Adds a note.
    pub fn with_note(mut self, note: Text) -> Self {
        self.notes.push(note);
        self
    }

    /// Names the cell the diagnostic is about.
    pub fn with_cell_path(mut self, path: impl Into<String>) -> Self {
        self.cell_path = Some(path.into());
        self
    }

    /// The span of the first primary label (or the first label), used for sorting and anchors.
    pub fn anchor(&self) -> Option<Span> {
        self.labels
            .iter()
            .find(|l| l.primary)
            .or(self.labels.first())
            .map(|l| l.span)
    }
}

/// Sorts diagnostics by position, then code, so output is deterministic.
pub fn sort(diags: &mut [Diagnostic]) {
    diags.sort_by(|a, b| {
        let ka = a
            .anchor()
            .map_or((usize::MAX, usize::MAX), |s| (s.start, s.end));
        let kb = b
            .anchor()
            .map_or((usize::MAX, usize::MAX), |s| (s.start, s.end));
        ka.cmp(&kb)
            .then_with(|| a.code.cmp(&b.code))
            .then_with(|| a.message.en.cmp(&b.message.en))
    });
}
