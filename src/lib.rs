//! xxgk-lint: a linter for 政府信息公开工作年度报告 (government information disclosure annual
//! reports).
//!
//! The pipeline is a chain of plain types, one module per stage:
//!
//! ```text
//! bytes ─decode─▶ SourceFile ─layout::text─▶ Document ─report::build─▶ Report ─render─▶ output
//! ```
//!
//! ```
//! let text = "阳泉市人民政府2023年政府信息公开工作年度报告\n一、总体情况\n正文。\n";
//! let parsed = xxgk_lint::parse_bytes("report.txt", text.as_bytes(), None).unwrap();
//! assert_eq!(parsed.report.meta.year.as_ref().unwrap().value, 2023);
//! assert!(parsed.report.section("s1").unwrap().heading.is_some());
//! ```

// Diagnostics are the error type of the rule compiler; they are built only on the cold error
// path, so boxing them would cost clarity for nothing.
#![allow(clippy::result_large_err)]

pub mod cli;
pub mod config;
pub mod decimal;
pub mod decode;
pub mod diagnostic;
pub mod engine;
pub mod layout;
pub mod normalise;
pub mod render;
pub mod report;
pub mod rules;
pub mod source;
pub mod template;

use decode::DecodeError;
use layout::Document;
use report::Report;
use source::SourceFile;

/// A file taken through every parsing stage.
#[derive(Debug)]
pub struct Parsed {
    /// The decoded text all spans point into.
    pub source: SourceFile,
    /// The layout document.
    pub document: Document,
    /// The typed report, with decoding and structural diagnostics.
    pub report: Report,
}

/// Decodes, lays out and builds the report for one file's bytes. `encoding` overrides
/// detection (an encoding label such as `gb18030`).
pub fn parse_bytes(
    name: &str,
    bytes: &[u8],
    encoding: Option<&str>,
) -> Result<Parsed, DecodeError> {
    let decoded = decode::decode(name, bytes, encoding)?;
    let mut parsed = parse_source(decoded.source);
    parsed.report.diagnostics.splice(0..0, decoded.diagnostics);
    diagnostic::sort(&mut parsed.report.diagnostics);
    Ok(parsed)
}

/// Lays out and builds the report for already decoded text.
pub fn parse_source(source: SourceFile) -> Parsed {
    let document = layout::text::read(&source);
    let report = report::build(&source, &document);
    Parsed {
        source,
        document,
        report,
    }
}
