//! Template detection and the 2019 trial format; encodings and line endings read alike.

mod common;

use common::*;

fn report_2019() -> String {
    std::fs::read_to_string(data_dir().join("reports/gov2019-tab-rows.txt")).unwrap()
}

#[test]
fn a_2019_trial_format_report_is_read_with_its_own_template() {
    let parsed = parse("gov2019.txt", &report_2019());
    let r = &parsed.report;
    assert_eq!(r.template, "gov-2019");
    let cell = |p: &str| describe(r.cells.get(p));
    assert_eq!(cell("sec2.art20_1.normative_docs.published_total"), "120");
    assert_eq!(cell("sec2.art20_5.other_mgmt_service.delta"), "-2");
    assert_eq!(cell("sec2.art20_5.admin_license.delta"), "3");
    assert_eq!(cell("sec2.art20_8.admin_fees.delta"), "-1");
    assert_eq!(cell("sec2.art20_9.gov_procurement.amount"), "251000");
    let Some(xxgk_lint::report::Slot::Present(amount)) =
        r.cells.get("sec2.art20_9.gov_procurement.amount")
    else {
        panic!()
    };
    assert!(
        matches!(&amount.value, xxgk_lint::normalise::CellValue::Number { unit: Some(u), .. } if u == "元")
    );
    // 23 rows: （六）其他处理 is one row with values, not a group.
    assert_eq!(cell("sec3.results.other.total"), "1");
    assert_eq!(cell("sec3.results.other.other.total"), "<no such path>");
    assert_eq!(
        r.cells
            .iter()
            .filter(|(p, _)| p.starts_with("sec3."))
            .count(),
        23 * 7
    );
    assert_eq!(cell("sec4.review.upheld"), "1");
    let codes: Vec<&str> = r.diagnostics.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(codes, vec!["parse/section-unnumbered"]);
}

#[test]
fn mixed_templates_are_reported_and_each_table_read_with_its_own() {
    // A 2021 section 2 (seed 001) with a 2019-style section 3 (one （六）其他处理 row).
    let seed = seed_text("001");
    let sec3_2019 = report_2019();
    let start = sec3_2019.find("三、收到和处理").unwrap();
    let end = sec3_2019.find("\n因政府信息公开申请").unwrap();
    let (head, tail) = (
        seed.find("三、收到和处理").unwrap(),
        seed.find("四、政府信息公开行政复议").unwrap(),
    );
    let text = format!(
        "{}{}\n\n{}",
        &seed[..head],
        &sec3_2019[start..end],
        &seed[tail..]
    );
    let r = parse("mixed.txt", &text).report;
    assert_eq!(r.template, "gov-2021", "section 2 and the year say 2021");
    let mismatch: Vec<_> = r
        .diagnostics
        .iter()
        .filter(|d| d.code == "parse/template-mismatch")
        .collect();
    assert_eq!(mismatch.len(), 1, "{:?}", r.diagnostics);
    assert!(
        mismatch[0]
            .message
            .en
            .starts_with("section 3 tables read with the 2019 trial annual-report format"),
        "{}",
        mismatch[0].message.en
    );
    assert_eq!(describe(r.cells.get("sec3.results.other.total")), "1");
    assert_eq!(
        describe(r.cells.get("sec2.art20_1.normative_docs.in_force")),
        "27"
    );
}

#[test]
fn gb18030_and_utf16_with_crlf_read_like_utf8() {
    let text = seed_text("001");
    let utf8 = parse("utf8.txt", &text);
    let gb = encoding_rs::GB18030.encode(&text).0.into_owned();
    let mut utf16 = vec![0xFF, 0xFE];
    for unit in text.replace('\n', "\r\n").encode_utf16() {
        utf16.extend_from_slice(&unit.to_le_bytes());
    }
    for (name, bytes) in [("gb18030.txt", gb), ("utf16.txt", utf16)] {
        let parsed = xxgk_lint::parse_bytes(name, &bytes, None).unwrap();
        assert_eq!(parsed.source.text, text, "{name}");
        assert!(cell_mismatches("001", &parsed.report).is_empty(), "{name}");
        assert_eq!(parsed.report.diagnostics, utf8.report.diagnostics, "{name}");
    }
}

#[test]
fn text_that_is_not_a_report_says_so() {
    let r = parse("notes.txt", "会议纪要\n\n今天讨论了三件事。\n").report;
    assert!(!r.recognised);
    let codes: Vec<&str> = r.diagnostics.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(codes, vec!["parse/not-a-report"]);
    assert!(r.cells.is_empty());
}
