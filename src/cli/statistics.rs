//! `check --statistics`: findings counted per code and level over the whole run, and how many
//! files had errors, as ruff prints them: what a 3,000-file run needs instead of 100,000 lines.

use crate::diagnostic::{Lang, Severity};
use std::collections::BTreeMap;
use std::io::{self, Write};

/// Counts gathered as files are linted.
#[derive(Debug, Default)]
pub struct Statistics {
    by_code: BTreeMap<(String, Severity), usize>,
    files_with_errors: usize,
}

impl Statistics {
    /// Adds one file's diagnostic codes and whether it had an error.
    pub fn add(&mut self, codes: Vec<(String, Severity)>, had_error: bool) {
        for key in codes {
            *self.by_code.entry(key).or_default() += 1;
        }
        self.files_with_errors += usize::from(had_error);
    }

    /// Writes the table: most frequent first, then by code.
    pub fn write(&self, out: &mut dyn Write, lang: Lang, files: usize) -> io::Result<()> {
        let mut rows: Vec<(&(String, Severity), &usize)> = self.by_code.iter().collect();
        rows.sort_by(|a, b| b.1.cmp(a.1).then_with(|| a.0.cmp(b.0)));
        // Written out: CJK characters take two columns each, which width padding does not know.
        let header = match lang {
            Lang::Zh => "   数量  级别     规则或诊断代码",
            Lang::En => "  count  level    rule or diagnostic code",
        };
        writeln!(out, "{header}")?;
        for ((code, severity), n) in rows {
            writeln!(out, "{n:>7}  {:<8} {code}", severity.as_str())?;
        }
        let with_errors = self.files_with_errors;
        match lang {
            Lang::Zh => writeln!(out, "有错误的文件：{with_errors} / {files}"),
            Lang::En => writeln!(out, "files with errors: {with_errors} / {files}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_per_code_and_level_most_frequent_first() {
        let mut s = Statistics::default();
        let e = |c: &str| (c.to_string(), Severity::Error);
        s.add(
            vec![e("national/b"), e("national/a"), e("national/b")],
            true,
        );
        s.add(
            vec![
                e("national/a"),
                e("national/b"),
                ("parse/cell-empty".into(), Severity::Info),
            ],
            true,
        );
        s.add(Vec::new(), false);
        let mut out = Vec::new();
        s.write(&mut out, Lang::En, 3).unwrap();
        let text = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[1], "      3  error    national/b");
        assert_eq!(lines[2], "      2  error    national/a");
        assert_eq!(lines[3], "      1  info     parse/cell-empty");
        assert_eq!(lines[4], "files with errors: 2 / 3");
    }
}
