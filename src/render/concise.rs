//! `check --format concise`: one line per finding (`FILE:LINE:COL: LEVEL[CODE] MESSAGE`), for
//! CI logs and editors, ending with the same summary line as the human format. A `.docx` or PDF
//! finding also says where it is in the file as opened (Word paragraph or table cell, PDF page).

use super::report_formats::{Linted, Part, Render, Reporter, Summary, summary_line};
use super::{escape, places};
use crate::diagnostic::Lang;
use std::io::{self, Write};

/// One line per finding.
#[derive(Clone)]
pub struct ConciseReporter {
    /// Message language.
    pub lang: Lang,
}

impl Render for ConciseReporter {
    fn render(&self, l: &Linted<'_>) -> Part {
        let mut text = String::new();
        for d in l.diagnostics {
            let place = match d.anchor() {
                Some(span) => {
                    let at = l.source.span_line_cols(span).0;
                    format!("{}:{}:{}", l.source.name, at.line, at.column)
                }
                None => l.source.name.clone(),
            };
            let prefix = if d.waived.is_some() {
                super::human::waived_prefix(self.lang)
            } else {
                ""
            };
            // A Word or PDF reader cannot find a line of the text view: the page or Word
            // place follows the message, after it so that editors still parse `FILE:LINE:COL`.
            let opened = d
                .anchor()
                .and_then(|s| places::place(l.source, s.start))
                .map(|p| [" — ", p.get(self.lang)].concat())
                .unwrap_or_default();
            text.push_str(&format!(
                "{place}: {}[{}] {prefix}{}{opened}\n",
                d.severity.as_str(),
                d.code,
                escape::text(d.message.get(self.lang))
            ));
        }
        Part {
            text,
            ..Part::default()
        }
    }

    fn render_unreadable(&self, name: &str, message: &str) -> Part {
        Part {
            text: format!("{name}: error[io/unreadable] {}\n", escape::text(message)),
            ..Part::default()
        }
    }
}

impl Reporter for ConciseReporter {
    fn accept(&mut self, out: &mut dyn Write, part: Part) -> io::Result<()> {
        out.write_all(part.text.as_bytes())
    }

    fn finish(&mut self, out: &mut dyn Write, s: &Summary) -> io::Result<()> {
        writeln!(out, "{}", summary_line(self.lang, s))
    }
}
