//! `.docx` and `.html` reports read into the same model and findings as their text: each seed
//! is laid out as a real Word document with merged cells (tracked deletion and field code
//! included) and as a Word-exported web page inside site chrome, in UTF-8 and in gb2312, and
//! must give the seed's values and the same findings at the same text.

mod common;
#[path = "formats/office.rs"]
mod office;

use common::*;
use xxgk_lint::Parsed;
use xxgk_lint::diagnostic::Severity;

/// Every diagnostic as (code, severity, the text its primary label points at), sorted.
fn findings(parsed: &Parsed) -> Vec<(String, Severity, String)> {
    let all = national_diagnostics(parsed);
    let mut out: Vec<(String, Severity, String)> = all
        .iter()
        .map(|d| {
            let at = d.anchor().map_or(String::new(), |s| {
                parsed
                    .source
                    .slice(s)
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
            });
            (d.code.clone(), d.severity, at)
        })
        .collect();
    out.sort();
    out
}

fn seed_parsed(id: &str) -> Parsed {
    parse(&format!("{id}.txt"), &seed_text(id))
}

fn variants(id: &str) -> Vec<(String, Vec<u8>)> {
    let blocks = office::physical(&seed_parsed(id));
    let utf8 = office::html(&blocks, "utf-8");
    let gb = office::html(&blocks, "gb2312");
    vec![
        (format!("{id}.docx"), office::docx(&blocks)),
        (format!("{id}.html"), utf8.into_bytes()),
        (
            format!("{id}-gb2312.htm"),
            encoding_rs::GBK.encode(&gb).0.into_owned(),
        ),
    ]
}

#[test]
fn every_seed_as_docx_and_html_reads_like_its_text() {
    let mut failures = Vec::new();
    for id in SEEDS {
        let text = seed_parsed(id);
        let want = findings(&text);
        for (name, bytes) in variants(id) {
            let parsed = xxgk_lint::parse_bytes(&name, &bytes, None)
                .unwrap_or_else(|e| panic!("{name}: {:?}", e.text()));
            let wrong = cell_mismatches(id, &parsed.report);
            if !wrong.is_empty() {
                failures.push(format!("{name}: cells {wrong:#?}"));
            }
            if sec4_in_order(&parsed.report) != sec4_in_order(&text.report) {
                failures.push(format!(
                    "{name}: sec4 {:?} vs {:?}",
                    sec4_in_order(&parsed.report),
                    sec4_in_order(&text.report)
                ));
            }
            if parsed.report.meta.year.as_ref().map(|y| y.value)
                != text.report.meta.year.as_ref().map(|y| y.value)
            {
                failures.push(format!("{name}: year differs"));
            }
            let got = findings(&parsed);
            if got != want {
                let missing: Vec<_> = want.iter().filter(|f| !got.contains(f)).collect();
                let extra: Vec<_> = got.iter().filter(|f| !want.contains(f)).collect();
                failures.push(format!(
                    "{name}: findings missing {missing:#?}\nextra {extra:#?}"
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// Documents made by other software (python-docx, and mammoth's docx → HTML, re-encoded as
/// gb2312; `tests/data/formats/make_fixtures.py`) with the official template's merges — the 3×3
/// corner of 表三, 三、本年度办理结果 merged down 22 rows, the groups down their items — hold seed
/// 001's values and read back to exactly those, with no structural diagnostic.
#[test]
fn documents_made_by_other_software_read_to_the_seed_values() {
    let dir = data_dir().join("formats");
    let mut seen = Vec::new();
    for name in ["official-template.docx", "official-template-gb2312.html"] {
        let bytes = std::fs::read(dir.join(name)).unwrap();
        let parsed = xxgk_lint::parse_bytes(name, &bytes, None).unwrap();
        assert_eq!(
            cell_mismatches("001", &parsed.report),
            Vec::<String>::new(),
            "{name}"
        );
        let want: Vec<String> = expected()["seeds"]["001"]["sec4_cells_in_source_order"]
            .as_array()
            .unwrap()
            .iter()
            .map(describe_expected)
            .collect();
        assert_eq!(sec4_in_order(&parsed.report), want, "{name}");
        let found = findings(&parsed);
        let codes: Vec<&str> = found.iter().map(|f| f.0.as_str()).collect();
        // The short narrative names none of the five topics of section 1; nothing else.
        assert_eq!(
            codes,
            [
                "national/s1-topic-active-disclosure",
                "national/s1-topic-management",
                "national/s1-topic-oversight",
                "national/s1-topic-platforms",
                "national/s1-topic-requests",
            ],
            "{name}"
        );
        assert_eq!(
            parsed.report.meta.year.as_ref().map(|y| y.value),
            Some(2023)
        );
        seen.push(found);
    }
    assert_eq!(seen[0], seen[1]);
}

/// `examples/report.docx` and `examples/report.html` are `examples/report.txt` laid out by
/// the same code; `XXGK_BLESS=1 cargo test --test formats` rewrites them.
#[test]
fn committed_examples_are_current() {
    let examples = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let text = std::fs::read_to_string(examples.join("report.txt")).unwrap();
    let blocks = office::physical(&parse("report.txt", &text));
    let made = [
        ("report.docx", office::docx(&blocks)),
        ("report.html", office::html(&blocks, "utf-8").into_bytes()),
    ];
    for (name, bytes) in made {
        let path = examples.join(name);
        if std::env::var_os("XXGK_BLESS").is_some() {
            std::fs::write(&path, &bytes).unwrap();
        }
        let committed = std::fs::read(&path).unwrap_or_default();
        assert!(
            committed == bytes,
            "{name} is stale: XXGK_BLESS=1 cargo test --test formats"
        );
    }
}

#[test]
fn merged_cells_are_really_in_the_documents() {
    let blocks = office::physical(&seed_parsed("001"));
    let xml = office::document_xml(&blocks);
    assert!(
        xml.contains("<w:gridSpan w:val=\"3\"/>"),
        "一、本年新收 spans three columns"
    );
    assert!(xml.contains("<w:vMerge w:val=\"restart\"/>") && xml.contains("<w:vMerge/>"));
    let page = office::html(&blocks, "utf-8");
    assert!(page.contains(" colspan=3") && page.contains(" rowspan="));
}

#[test]
fn the_text_view_puts_merged_rows_on_one_line() {
    let dir = scratch("formats", "render");
    let path = dir.join("001.docx");
    std::fs::write(&path, &variants("001")[0].1).unwrap();
    let o = run_binary(&["parse", "--render", path.to_str().unwrap()], &dir);
    assert_eq!(o.status.code(), Some(0));
    let view = text(&o.stdout);
    assert!(
        view.starts_with("大通区人民政府办公室2023年政府\n信息公开工作年度报告\n"),
        "{view}"
    );
    // The deleted draft mark and the PAGE field are not text.
    assert!(!view.contains("征求意见稿") && !view.contains("PAGE"));
    let row = view
        .lines()
        .find(|l| l.starts_with("一、本年新收"))
        .expect("row of 本年新收");
    assert_eq!(
        row.split('\t').filter(|c| c.is_empty()).count(),
        2,
        "{row:?}"
    );
    assert!(
        view.lines()
            .any(|l| l.starts_with("\t\t2.其他法律行政法规禁止公开")),
        "{view}"
    );
    // The page's rowspans and colspans give the same grid as Word's merges, line for line.
    let page = dir.join("001.html");
    std::fs::write(&page, &variants("001")[1].1).unwrap();
    let o = run_binary(&["parse", "--render", page.to_str().unwrap()], &dir);
    let page_view = text(&o.stdout);
    let table_lines = |v: &str| -> Vec<String> {
        v.lines()
            .filter(|l| l.contains('\t'))
            .map(String::from)
            .collect()
    };
    assert_eq!(table_lines(&page_view), table_lines(&view));
}

#[test]
fn check_reads_every_format_in_a_directory_and_names_what_it_cannot() {
    let dir = scratch("formats", "check-dir");
    for (name, bytes) in variants("001") {
        std::fs::write(dir.join(name), bytes).unwrap();
    }
    std::fs::write(
        dir.join("old.doc"),
        [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0],
    )
    .unwrap();
    std::fs::write(dir.join("cut.pdf"), b"%PDF-1.7\n").unwrap();
    let docx = &variants("003")[0].1;
    std::fs::write(dir.join("cut.docx"), &docx[..docx.len() / 2]).unwrap();
    let o = run_binary(&["check", "--no-config", "--format", "json", "."], &dir);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o.stderr));
    let err = text(&o.stderr);
    assert!(
        err.contains("old.doc: 不支持的文件格式（.doc/.wps）：请另存为 .docx 或导出为纯文本"),
        "{err}"
    );
    assert!(err.contains("cut.pdf: 无法读取 PDF 文件"), "{err}");
    assert!(err.contains("cut.docx: 无法读取 .docx 文件"), "{err}");
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let files = doc["files"].as_array().unwrap();
    let linted: Vec<(&str, Vec<String>)> = files
        .iter()
        .filter(|f| f["error"].is_null())
        .map(|f| (f["file"].as_str().unwrap(), diagnostic_codes(f)))
        .collect();
    assert_eq!(linted.len(), 3, "{linted:?}");
    for (path, codes) in linted {
        assert_eq!(
            codes,
            vec!["national/narrative-documents-in-force"],
            "{path}"
        );
    }
}

#[test]
fn human_output_says_what_the_line_numbers_of_a_docx_mean() {
    let dir = scratch("formats", "human");
    std::fs::write(dir.join("001.docx"), &variants("001")[0].1).unwrap();
    let o = run_binary(
        &["check", "--no-config", "--color", "never", "001.docx"],
        &dir,
    );
    assert_eq!(o.status.code(), Some(1));
    let out = text(&o.stdout);
    assert!(out.contains("┌─ 001.docx:"), "{out}");
    assert!(
        out.contains(
            "= note: 001.docx 的行号和列号指 `xxgk-lint parse --render 001.docx` 显示的文本视图"
        ),
        "{out}"
    );
}

/// Every prefix of a `.docx` and of a page: an error or a report, never a panic.
#[test]
fn truncated_and_malformed_files_give_errors_not_panics() {
    let variants = variants("004");
    let (docx, page) = (&variants[0].1, &variants[1].1);
    for cut in (0..docx.len()).step_by(97) {
        if let Err(e) = xxgk_lint::parse_bytes("cut.docx", &docx[..cut], None) {
            assert!(!e.text().zh.is_empty());
        }
    }
    for cut in (0..page.len()).step_by(211) {
        let parsed = xxgk_lint::parse_bytes("cut.html", &page[..cut], None).unwrap();
        for d in &parsed.report.diagnostics {
            for l in &d.labels {
                assert!(parsed.source.text.is_char_boundary(l.span.start));
            }
        }
    }
    let blocks = office::physical(&seed_parsed("004"));
    let xml = office::document_xml(&blocks);
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "half of document.xml",
            office::zip(&[("word/document.xml", &xml.as_bytes()[..xml.len() / 2])]),
            "word/document.xml",
        ),
        (
            "mismatched tags",
            office::zip(&[(
                "word/document.xml",
                b"<w:document><w:body><w:p></w:tc></w:body></w:document>",
            )]),
            "XML",
        ),
        (
            "no document.xml",
            office::zip(&[("xl/workbook.xml", b"<workbook/>")]),
            "不是 Word 文档",
        ),
        (
            "GBK bytes in document.xml",
            office::zip(&[(
                "word/document.xml",
                &encoding_rs::GBK.encode("<w:t>规章</w:t>").0,
            )]),
            "UTF-8",
        ),
    ];
    for (what, bytes, says) in cases {
        let e = xxgk_lint::parse_bytes("bad.docx", &bytes, None).expect_err(what);
        assert!(e.text().zh.contains(says), "{what}: {}", e.text().zh);
    }
}

/// Sets the uncompressed size that the local header and the central directory declare for
/// `name` to `size`: a zip bomb lies about how much it inflates to.
fn declare_size(zip: &mut [u8], name: &str, size: u32) {
    let mut patched = 0;
    for i in 0..zip.len().saturating_sub(46) {
        // Offsets of the size field and the name in a local header and a central entry.
        let (offset_size, offset_name) = match &zip[i..i + 4] {
            b"PK\x03\x04" => (22, 30),
            b"PK\x01\x02" => (24, 46),
            _ => continue,
        };
        if zip[i + offset_name..].starts_with(name.as_bytes()) {
            zip[i + offset_size..i + offset_size + 4].copy_from_slice(&size.to_le_bytes());
            patched += 1;
        }
    }
    assert_eq!(patched, 2, "both headers of {name}");
}

#[test]
fn zip_bombs_are_refused_in_bounded_memory() {
    let limit = xxgk_lint::layout::docx::MAX_PART_BYTES as usize;
    let mut xml = b"<w:document><w:body><w:p><w:r><w:t>".to_vec();
    xml.resize(limit + 1024, b' ');
    let honest = office::zip(&[("word/document.xml", &xml)]);
    assert!(
        honest.len() < limit / 100,
        "the bomb is small: {} bytes",
        honest.len()
    );
    let e = xxgk_lint::parse_bytes("bomb.docx", &honest, None).unwrap_err();
    assert!(
        e.text().en.contains("inflates to more than 32 MB"),
        "{}",
        e.text().en
    );
    // Declared small, inflating big: inflation stops at the declared size (the zip reader
    // checks it), and in any case at the limit.
    let mut liar = honest.clone();
    declare_size(&mut liar, "word/document.xml", 1000);
    let e = xxgk_lint::parse_bytes("liar.docx", &liar, None).unwrap_err();
    assert!(
        e.text()
            .en
            .contains("cannot be inflated (File is larger than its declared"),
        "{}",
        e.text().en
    );
    let names: Vec<String> = (0..=xxgk_lint::layout::docx::MAX_ENTRIES)
        .map(|i| format!("media/{i}.bin"))
        .collect();
    let entries: Vec<(&str, &[u8])> = names.iter().map(|n| (n.as_str(), &b""[..])).collect();
    let e = xxgk_lint::parse_bytes("many.docx", &office::zip(&entries), None).unwrap_err();
    assert!(
        e.text().en.contains("more than the limit"),
        "{}",
        e.text().en
    );
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

    /// Word XML and page markup with a random range cut out and random text put in: an error
    /// or a report, never a panic, and every span on a character boundary.
    #[test]
    fn damaged_markup_never_panics(
        at in 0.0f64..1.0,
        len in 0usize..400,
        junk in "[<>/=\"a-z:一二 ]{0,12}",
    ) {
        let blocks = office::physical(&seed_parsed("003"));
        let cut = |s: &str| {
            let start = ((s.len() as f64) * at) as usize;
            let start = (start..=s.len()).find(|&i| s.is_char_boundary(i)).unwrap();
            let end = (start + len..=s.len()).find(|&i| s.is_char_boundary(i)).unwrap_or(s.len());
            format!("{}{junk}{}", &s[..start], &s[end.max(start)..])
        };
        let xml = cut(&office::document_xml(&blocks));
        let docx = office::zip(&[("word/document.xml", xml.as_bytes())]);
        let page = cut(&office::html(&blocks, "utf-8"));
        for (name, bytes) in [("d.docx", docx), ("p.html", page.into_bytes())] {
            if let Ok(parsed) = xxgk_lint::parse_bytes(name, &bytes, None) {
                for d in &parsed.report.diagnostics {
                    for l in &d.labels {
                        proptest::prop_assert!(parsed.source.text.is_char_boundary(l.span.start));
                        proptest::prop_assert!(parsed.source.text.is_char_boundary(l.span.end));
                    }
                }
            }
        }
    }
}
