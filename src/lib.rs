//! xxgk-lint: a linter for 政府信息公开工作年度报告 (government information disclosure annual
//! reports).
//!
//! The pipeline is a chain of plain types, one module per stage:
//!
//! ```text
//! bytes ─decode─▶ SourceFile ─layout::text─▶ Document ─report::build─▶ Report ─render─▶ output
//! .docx ─layout::docx─┐
//! .html ─layout::html─┴▶ structured Tree ─layout::structured─▶ SourceFile (text view) + Document
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
pub mod codes;
pub mod config;
pub mod decimal;
pub mod decode;
pub mod diagnostic;
pub mod engine;
pub mod fold;
pub mod input;
pub mod layout;
pub mod normalise;
pub mod packtest;
pub mod render;
pub mod report;
pub mod rules;
pub mod serve;
pub mod source;
pub mod template;
pub mod walk;

use decode::DecodeError;
use layout::Document;
use report::Report;
use source::SourceFile;

/// A file taken through every parsing stage.
#[derive(Debug)]
pub struct Parsed {
    /// The reader that read the file.
    pub format: input::Format,
    /// The text all spans point into: the decoded file, or for `.docx`/`.html` the text view
    /// of the document (`xxgk-lint parse --render`).
    pub source: SourceFile,
    /// The layout document.
    pub document: Document,
    /// The typed report, with decoding and structural diagnostics.
    pub report: Report,
}

/// Reads, lays out and builds the report for one file's bytes: plain text, `.docx` or HTML,
/// told apart by [`input::format`]. `encoding` overrides detection for text and HTML (an
/// encoding label such as `gb18030`).
pub fn parse_bytes(
    name: &str,
    bytes: &[u8],
    encoding: Option<&str>,
) -> Result<Parsed, DecodeError> {
    let format = input::format(name, bytes)?;
    let (source, document, diagnostics) = match format {
        input::Format::Text => {
            let decoded = decode::decode(name, bytes, encoding)?;
            let document = layout::text::read(&decoded.source);
            (decoded.source, document, decoded.diagnostics)
        }
        input::Format::Docx => {
            // The reader refuses overlong tables itself, as their rows arrive.
            let tree = layout::docx::read(bytes)?;
            let (source, document) = layout::structured::render_word(name, "UTF-8 (.docx)", tree);
            (source, document, Vec::new())
        }
        input::Format::Pdf => {
            let text = layout::pdf::extract(bytes)?;
            let mut decoded = decode::decode(name, text.as_bytes(), Some("utf-8"))?;
            decoded.source.encoding = "UTF-8 (PDF text layer)".to_string();
            decoded.source.paginate();
            let document = layout::text::read(&decoded.source);
            (decoded.source, document, decoded.diagnostics)
        }
        input::Format::Html => {
            let page = layout::html::decode(bytes, encoding)?;
            let tree = layout::html::read(&page.text)?;
            let (source, document) = layout::structured::render(name, &page.encoding, tree);
            // Only what reaches the report counts: bad bytes in a script are no one's problem.
            let diagnostics = if page.had_errors && source.text.contains('\u{FFFD}') {
                vec![decode::replacement_diagnostic(&source)]
            } else {
                Vec::new()
            };
            (source, document, diagnostics)
        }
    };
    let mut parsed = build(format, source, document);
    parsed.report.diagnostics.splice(0..0, diagnostics);
    diagnostic::sort(&mut parsed.report.diagnostics);
    Ok(parsed)
}

/// Lays out and builds the report for already decoded text.
pub fn parse_source(source: SourceFile) -> Parsed {
    let document = layout::text::read(&source);
    build(input::Format::Text, source, document)
}

fn build(format: input::Format, source: SourceFile, document: Document) -> Parsed {
    let report = report::build(&source, &document);
    Parsed {
        format,
        source,
        document,
        report,
    }
}
