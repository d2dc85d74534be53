//! Baselines (`check --write-baseline FILE`, `check --baseline FILE`): the findings a run
//! had, so that a later run reports only new ones. A finding is keyed by its file, its code
//! and a fingerprint of what it is about (its cell path, else the text of the line it points
//! at, whitespace removed), never by line numbers: adding a paragraph above a finding does not
//! make it new. Equal keys are counted, so a second identical finding is new.

use crate::diagnostic::{Diagnostic, Text};
use crate::source::SourceFile;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Mutex;

const SCHEMA: &str = "xxgk-lint/baseline";
const VERSION: u32 = 1;

/// One baseline entry.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Entry {
    pub file: String,
    pub code: String,
    pub fingerprint: String,
    /// For the reader of the file; not part of the key.
    pub message: String,
}

#[derive(Serialize, Deserialize)]
struct Document {
    schema: String,
    version: u32,
    findings: Vec<Entry>,
}

/// What a finding is about, in words that survive edits elsewhere in the report.
fn fingerprint(source: &SourceFile, d: &Diagnostic) -> String {
    if let Some(path) = &d.cell_path {
        return format!("cell:{path}");
    }
    match d.anchor() {
        Some(span) => {
            let line = source.line_span(source.line_index(span.start));
            let text: String = source
                .slice(line)
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect();
            format!("line:{text}")
        }
        None => format!("message:{}", d.message.zh),
    }
}

/// The key of a finding of `file`.
pub fn entry(file: &str, source: &SourceFile, d: &Diagnostic) -> Entry {
    Entry {
        file: file.to_string(),
        code: d.code.clone(),
        fingerprint: fingerprint(source, d),
        message: d.message.zh.clone(),
    }
}

/// A baseline read from disk: how many findings of each key it holds, by file.
#[derive(Default)]
pub struct Baseline {
    by_file: BTreeMap<String, BTreeMap<(String, String), usize>>,
}

impl Baseline {
    /// Reads a baseline written by [`Collector::write`].
    pub fn read(path: &Path) -> Result<Baseline, Text> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| Text::same(format!("{}: {e}", path.display())))?;
        let doc: Document = serde_json::from_str(&text).map_err(|e| {
            Text::new(
                format!("{}: 不是基线文件：{e}", path.display()),
                format!("{}: not a baseline file: {e}", path.display()),
            )
        })?;
        if doc.schema != SCHEMA || doc.version != VERSION {
            return Err(Text::new(
                format!(
                    "{}: 基线格式 {} 版本 {} 不受支持（应为 {SCHEMA} 版本 {VERSION}）",
                    path.display(),
                    doc.schema,
                    doc.version
                ),
                format!(
                    "{}: baseline format {} version {} is not supported (expected {SCHEMA} version {VERSION})",
                    path.display(),
                    doc.schema,
                    doc.version
                ),
            ));
        }
        let mut by_file: BTreeMap<String, BTreeMap<(String, String), usize>> = BTreeMap::new();
        for e in doc.findings {
            *by_file
                .entry(e.file)
                .or_default()
                .entry((e.code, e.fingerprint))
                .or_default() += 1;
        }
        Ok(Baseline { by_file })
    }

    /// Removes from `diagnostics` of `file` the findings the baseline holds; returns how many.
    pub fn filter(
        &self,
        file: &str,
        source: &SourceFile,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> usize {
        let Some(known) = self.by_file.get(file) else {
            return 0;
        };
        let mut left = known.clone();
        let before = diagnostics.len();
        diagnostics.retain(|d| {
            let e = entry(file, source, d);
            match left.get_mut(&(e.code, e.fingerprint)) {
                Some(n) if *n > 0 => {
                    *n -= 1;
                    false
                }
                _ => true,
            }
        });
        before - diagnostics.len()
    }
}

/// The findings of a run, gathered from the workers for `--write-baseline`.
#[derive(Default)]
pub struct Collector {
    entries: Mutex<Vec<Entry>>,
}

impl Collector {
    pub fn add(&self, file: &str, source: &SourceFile, diagnostics: &[Diagnostic]) {
        let mut entries = self
            .entries
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        entries.extend(diagnostics.iter().map(|d| entry(file, source, d)));
    }

    /// The baseline document, sorted, so that the same findings give the same bytes.
    pub fn into_json(self) -> String {
        let mut findings = self
            .entries
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        findings.sort();
        let doc = Document {
            schema: SCHEMA.into(),
            version: VERSION,
            findings,
        };
        let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
        text.push('\n');
        text
    }
}
