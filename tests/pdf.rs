//! Text-layer PDF reports, read through poppler's `pdftotext` (package poppler-utils, which
//! `.ci/run` installs): a real WPS export read cell by cell, LibreOffice exports of the
//! repo's own `.docx` fixtures read like the `.docx`, and the bad PDFs that must each be a
//! clear error for that file alone.

mod common;

use common::{check_in, data_dir, diagnostic_fields, scratch, text};
use serde_json::Value;
use xxgk_lint::decode::DecodeError;
use xxgk_lint::normalise::CellValue;
use xxgk_lint::report::Slot;

const REAL: &str = "real/pdf/001_jiangsu_huaian_hongze_2023.pdf";

fn real_pdf() -> Vec<u8> {
    std::fs::read(data_dir().join(REAL)).expect("the real PDF")
}

fn problem(result: Result<xxgk_lint::Parsed, DecodeError>) -> String {
    match result {
        Err(e) => e.text().zh,
        Ok(_) => panic!("read without error"),
    }
}

/// A one-page PDF with no text on its page, as a scanner without OCR makes.
fn pdf_without_text() -> Vec<u8> {
    pdf_of(
        &[
            "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>".to_string(),
        ],
        "",
    )
}

/// A PDF of `pages` empty pages.
fn pdf_of_pages(pages: usize) -> Vec<u8> {
    let kids: Vec<String> = (0..pages).map(|i| format!("{} 0 R", i + 3)).collect();
    let mut objects = vec![
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        format!(
            "<< /Type /Pages /Kids [{}] /Count {pages} >>",
            kids.join(" ")
        ),
    ];
    objects.extend(
        (0..pages).map(|_| "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>".to_string()),
    );
    pdf_of(&objects, "")
}

/// A PDF of `objects` (numbered from 1, the catalog first) with `trailer` added to its trailer
/// dictionary.
fn pdf_of(objects: &[String], trailer: &str) -> Vec<u8> {
    let mut out = String::from("%PDF-1.4\n");
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.push_str(&format!("{} 0 obj\n{body}\nendobj\n", i + 1));
    }
    let xref = out.len();
    out.push_str(&format!(
        "xref\n0 {}\n0000000000 65535 f \n",
        objects.len() + 1
    ));
    for o in offsets {
        out.push_str(&format!("{o:010} 00000 n \n"));
    }
    out.push_str(&format!(
        "trailer\n<< /Size {} /Root 1 0 R {trailer}>>\nstartxref\n{xref}\n%%EOF\n",
        objects.len() + 1
    ));
    out.into_bytes()
}

#[test]
fn encrypted_and_over_long_pdfs_are_refused_with_the_reason() {
    let encrypted = pdf_of(
        &[
            "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>".to_string(),
            "<< /Filter /Standard /V 1 /R 2 /O (0123456789abcdef0123456789abcdef) /U (0123456789abcdef0123456789abcdef) /P -4 >>".to_string(),
        ],
        "/Encrypt 4 0 R /ID [<00112233445566778899aabbccddeeff><00112233445566778899aabbccddeeff>] ",
    );
    let message = problem(xxgk_lint::parse_bytes("locked.pdf", &encrypted, None));
    assert!(message.contains("加密"), "{message}");
    let message = problem(xxgk_lint::parse_bytes("long.pdf", &pdf_of_pages(301), None));
    assert!(message.contains("300 页"), "{message}");
    // 300 pages are within the limit: these have no text.
    let message = problem(xxgk_lint::parse_bytes("ok.pdf", &pdf_of_pages(300), None));
    assert!(message.contains("OCR"), "{message}");
}

#[test]
fn the_real_pdf_gives_every_cell_of_sections_2_3_and_4() {
    let parsed = xxgk_lint::parse_bytes(REAL, &real_pdf(), None).expect("text layer read");
    let expected: Value = serde_json::from_str(
        &std::fs::read_to_string(data_dir().join(REAL).with_extension("expected.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(
        parsed.report.meta.year.as_ref().map(|y| y.value),
        Some(2023)
    );
    let mut exact = 0;
    for (path, want) in expected["cells"].as_object().unwrap() {
        let got = match parsed.report.cells.get(path) {
            Some(Slot::Present(c)) => match &c.value {
                CellValue::Number { value, .. } => Some(value.to_string()),
                _ => None,
            },
            _ => None,
        };
        match want {
            Value::Null => assert_eq!(got, None, "{path}"),
            n => {
                assert_eq!(got.as_deref(), Some(n.to_string().as_str()), "{path}");
                exact += 1;
            }
        }
    }
    assert_eq!(exact, 186);
    // Its real defects, and nothing else at error level: two section-4 totals of 0 under
    // parts that add up to 11 and 5, on the PDF's fourth page.
    let errors = errors_with_pages();
    assert_eq!(
        errors,
        vec![
            ("national/sec4-group-total".to_string(), 4),
            ("national/sec4-group-total".to_string(), 4)
        ]
    );
}

/// The codes of the error findings `check` gives on the real PDF, with the page of each.
fn errors_with_pages() -> Vec<(String, u64)> {
    let dir = scratch("pdf", "errors");
    std::fs::write(dir.join("001.pdf"), real_pdf()).unwrap();
    let out = check_in(&dir, "json", &["001.pdf"]);
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    doc["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["severity"] == "error")
        .map(|d| {
            let code = d["code"].as_str().unwrap().to_string();
            (code, d["location"]["page"].as_u64().expect("a page"))
        })
        .collect()
}

#[test]
fn human_and_sarif_output_name_the_page() {
    let dir = scratch("pdf", "page");
    std::fs::write(dir.join("report.pdf"), real_pdf()).unwrap();
    let run = |format: &str| text(&check_in(&dir, format, &["report.pdf"]).stdout);
    assert!(run("human").contains("= note: PDF 第 4 页"));
    let sarif: Value = serde_json::from_str(&run("sarif")).unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert!(
        results.iter().any(|r| {
            r["locations"][0]["physicalLocation"]["region"]["properties"]["page"] == 4
        })
    );
}

#[test]
fn a_truncated_pdf_is_an_error_at_any_length_and_never_a_panic() {
    let bytes = real_pdf();
    for k in 0..50 {
        let cut = bytes.len() * k / 50;
        // Whatever the reader makes of a cut file, it returns.
        let _ = xxgk_lint::parse_bytes("cut.pdf", &bytes[..cut.max(4)], None);
    }
    let head = &bytes[..3000];
    assert!(problem(xxgk_lint::parse_bytes("cut.pdf", head, None)).contains("损坏"));
}

#[test]
fn a_pdf_without_a_text_layer_says_ocr_is_needed() {
    let message = problem(xxgk_lint::parse_bytes(
        "scan.pdf",
        &pdf_without_text(),
        None,
    ));
    assert!(message.contains("OCR"), "{message}");
}

#[test]
fn a_bad_pdf_fails_alone_and_the_run_goes_on() {
    let dir = scratch("pdf", "run");
    std::fs::write(dir.join("a-scan.pdf"), pdf_without_text()).unwrap();
    std::fs::write(dir.join("b-report.pdf"), real_pdf()).unwrap();
    let out = check_in(&dir, "json", &["."]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("a-scan.pdf") && stderr.contains("OCR"),
        "{stderr}"
    );
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        doc["files"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["file"].as_str().unwrap().ends_with("b-report.pdf"))
    );
}

#[test]
fn a_missing_pdftotext_is_named_with_its_package() {
    let dir = scratch("pdf", "path");
    std::fs::write(dir.join("report.pdf"), real_pdf()).unwrap();
    let out = common::xxgk_lint()
        .args(["check", "--no-config", "report.pdf"])
        .current_dir(&dir)
        .env("PATH", dir.join("no-programs-here"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("poppler-utils"), "{stderr}");
}

/// Every cell of a parsed report: its path, and its value (a number's digits, or what else
/// the slot holds).
fn cells_of(name: &str, bytes: &[u8]) -> std::collections::BTreeMap<String, String> {
    let parsed = xxgk_lint::parse_bytes(name, bytes, None).expect("read");
    parsed
        .report
        .cells
        .iter()
        .map(|(path, slot)| {
            let value = match slot {
                Slot::Present(c) => match &c.value {
                    CellValue::Number { value, .. } => value.to_string(),
                    other => format!("{other:?}"),
                },
                other => format!("{other:?}").chars().take(24).collect(),
            };
            (path.to_string(), value)
        })
        .collect()
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(data_dir().join("formats").join(name)).expect("fixture")
}

/// The findings `check` gives on one fixture: code, severity and message, without location.
fn findings_of(name: &str) -> Vec<Vec<String>> {
    findings_in(name, &fixture(name))
}

/// The findings `check` gives on `bytes` saved as `name`.
fn findings_in(name: &str, bytes: &[u8]) -> Vec<Vec<String>> {
    let dir = scratch("pdf", &format!("findings-{name}"));
    std::fs::write(dir.join(name), bytes).unwrap();
    let out = check_in(&dir, "json", &[name]);
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut findings = diagnostic_fields(&doc["files"][0], &["code", "severity", "message"]);
    findings.sort();
    findings
}

#[test]
fn the_libreoffice_export_of_the_official_template_reads_like_its_docx() {
    // LibreOffice wraps every section-3 label after two or three characters, beside its
    // wrapped parent label (`（三` / `）不` / `予公` / `开`), across a page break, and writes the
    // section-4 header one character per line.
    let docx = cells_of("t.docx", &fixture("official-template.docx"));
    let pdf = cells_of("t.pdf", &fixture("official-template.libreoffice.pdf"));
    assert_eq!(docx.len(), 200);
    let numbers = pdf.values().filter(|v| v.parse::<i64>().is_ok()).count();
    assert_eq!(numbers, 200, "{pdf:#?}");
    assert_eq!(pdf, docx);
    assert_eq!(
        findings_of("official-template.libreoffice.pdf"),
        findings_of("official-template.docx")
    );
}

#[test]
fn the_libreoffice_export_of_the_example_report_reads_every_cell_its_layout_determines() {
    // `examples/report.docx` carries column widths as Word's autofit saves them. LibreOffice
    // wraps its long labels over two to five lines, the section-3 column names over two or
    // three (`社会` / `公益` / `组织`), the corner note across a page break, and the section-4
    // header one character per line. The example's section-3 table lacks its 总计 column, and
    // its header cells do not stand over the values they name (the document's grid puts 自然人
    // over the label column): the .docx knows which cell each value is in, the printed page
    // does not, so the five rows with six values for seven columns are undetermined, reported,
    // and not read. Every other cell reads as in the .docx.
    let docx = cells_of("r.docx", &std::fs::read("examples/report.docx").unwrap());
    let pdf = cells_of("r.pdf", &fixture("report.libreoffice.pdf"));
    let short_rows = [
        "sec3.new.",
        "sec3.carried_in.",
        "sec3.results.public.",
        "sec3.results.partial.",
        "sec3.results.denied.state_secret.",
    ];
    assert_eq!(pdf.len(), docx.len());
    for (path, value) in &pdf {
        if short_rows.iter().any(|row| path.starts_with(row)) {
            assert!(value.starts_with("Ambiguous"), "{path}: {value}");
        } else {
            assert_eq!(Some(value), docx.get(path), "{path}");
        }
    }
    let undetermined: Vec<Vec<String>> = findings_of("report.libreoffice.pdf")
        .into_iter()
        .filter(|f| f[0] == "parse/row-undetermined")
        .collect();
    assert_eq!(undetermined.len(), short_rows.len(), "{undetermined:#?}");
}

#[test]
fn a_pdf_too_narrow_for_its_numbers_reads_no_cell_wrong() {
    // The same document without column widths: LibreOffice prints its tables so narrow that
    // numbers wrap (`2767` / `9` for 27679, `658.` / `0625`). Those cells are not read, and
    // nothing the PDF does read differs from the `.docx`.
    let docx = cells_of("r.docx", &std::fs::read("examples/report.docx").unwrap());
    let pdf = cells_of("r.pdf", &fixture("report-narrow.libreoffice.pdf"));
    let mut exact = 0;
    for (path, value) in &pdf {
        if value.parse::<f64>().is_ok() {
            assert_eq!(Some(value), docx.get(path), "{path}");
            exact += 1;
        }
    }
    assert_eq!(exact, 163, "{pdf:#?}");
    for path in [
        "sec2.art20_5.admin_license.decisions",
        "sec2.art20_8.admin_fees.amount",
    ] {
        assert!(pdf[path].starts_with("Absent"), "{path}: {}", pdf[path]);
    }
}
