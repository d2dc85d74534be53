//! Crafted inputs that once took a run down (stack overflow, gigabytes, minutes), generated
//! here so that no large file is committed: shared by `tests/hostile_inputs.rs`, which runs each
//! under a 512 MB address-space limit and a 30 s deadline, and `benches/hostile.rs`, which
//! prints time and peak memory per case.

use std::io::Write;

/// How a case must end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    /// The file is linted (exit 0 or 1).
    Linted,
    /// The file is refused with an error naming this problem (exit 2).
    Refused(&'static str),
}

/// One crafted input.
pub struct Case {
    /// What it reproduces.
    pub name: &'static str,
    /// File name (the extension picks the reader).
    pub file: &'static str,
    pub bytes: Vec<u8>,
    pub expect: Expect,
}

const REPORT: &str = include_str!("../../examples/report.txt");
const SEC3_NEW_ROW: &str = "一、本年新收政府信息公开申请数量";

fn docx(body: &str) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    w.start_file("word/document.xml", options).unwrap();
    write!(
        w,
        r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>"#
    )
    .unwrap();
    w.finish().unwrap().into_inner()
}

/// The example report with `edit` applied to the section-3 新收 row's line.
fn report_with_row(edit: impl Fn(&str) -> String) -> Vec<u8> {
    REPORT
        .lines()
        .map(|l| {
            if l.starts_with(SEC3_NEW_ROW) {
                edit(l)
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
        .into_bytes()
}

/// Every crafted case.
pub fn cases() -> Vec<Case> {
    vec![
        Case {
            name: "15,000 nested Word tables (2 KB zipped)",
            file: "nested-tables.docx",
            bytes: docx(&format!(
                "{}<w:p/>{}",
                "<w:tbl><w:tr><w:tc>".repeat(15_000),
                "</w:tc></w:tr></w:tbl>".repeat(15_000)
            )),
            expect: Expect::Refused("嵌套超过"),
        },
        Case {
            name: "20,000 nested HTML <div>",
            file: "nested-divs.html",
            bytes: format!(
                "<html><body>{}政府信息公开{}</body></html>",
                "<div>".repeat(20_000),
                "</div>".repeat(20_000)
            )
            .into_bytes(),
            expect: Expect::Refused("嵌套超过"),
        },
        Case {
            name: "every Word row 255 columns after gridBefore (inflates to 25 MB)",
            file: "grid-before.docx",
            bytes: docx(&format!(
                "<w:tbl>{}</w:tbl>",
                r#"<w:tr><w:trPr><w:gridBefore w:val="255"/></w:trPr><w:tc><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc></w:tr>"#
                    .repeat(200_000)
            )),
            expect: Expect::Refused("超过上限 10000 行"),
        },
        Case {
            name: "100,000 HTML rows under a colspan=256 rowspan=0 cell",
            file: "spans.html",
            bytes: format!(
                "<html><body><table><tr><td colspan=256 rowspan=0>x</td></tr>{}</table></body></html>",
                "<tr><td>1</td></tr>".repeat(100_000)
            )
            .into_bytes(),
            expect: Expect::Refused("超过上限 10000 行"),
        },
        Case {
            name: "10,000 HTML rows under a colspan=256 rowspan=0 cell",
            file: "spans-10000.html",
            bytes: format!(
                "<html><body><table><tr><td colspan=256 rowspan=0>x</td></tr>{}</table></body></html>",
                "<tr><td>1</td></tr>".repeat(9_999)
            )
            .into_bytes(),
            expect: Expect::Linted,
        },
        Case {
            name: "every Word row 255 columns after gridBefore, 10,000 rows",
            file: "grid-before-10000.docx",
            bytes: docx(&format!(
                "<w:tbl>{}</w:tbl>",
                r#"<w:tr><w:trPr><w:gridBefore w:val="255"/></w:trPr><w:tc><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc></w:tr>"#
                    .repeat(10_000)
            )),
            expect: Expect::Linted,
        },
        Case {
            name: "one section-3 row of 200,000 values",
            file: "wide-row.txt",
            bytes: report_with_row(|l| format!("{l}{}", "\t1".repeat(200_000))),
            expect: Expect::Linted,
        },
        Case {
            name: "one section-3 row repeated 100,000 times",
            file: "repeated-row.txt",
            bytes: report_with_row(|l| vec![l; 100_001].join("\n")),
            expect: Expect::Linted,
        },
        Case {
            name: "10,000 small HTML tables",
            file: "tables.html",
            bytes: format!(
                "<html><body>{}</body></html>",
                format!("<table><tr><td>{SEC3_NEW_ROW}</td><td>1</td></tr></table>").repeat(10_000)
            )
            .into_bytes(),
            expect: Expect::Linted,
        },
        Case {
            name: "3.8 MB of one section title",
            file: "titles.txt",
            bytes: "一、总体情况\n".repeat(200_000).into_bytes(),
            expect: Expect::Linted,
        },
    ]
}
