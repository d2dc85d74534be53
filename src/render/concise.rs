//! `check --format concise`: one line per finding (`FILE:LINE:COL: LEVEL[CODE] MESSAGE`), for
//! CI logs and editors, ending with the same summary line as the human format.

use super::escape;
use super::report_formats::{Linted, Part, Render, Reporter, Summary, summary_line};
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
            text.push_str(&format!(
                "{place}: {}[{}] {prefix}{}\n",
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
