//! Each structural diagnostic on a real seed with one defect introduced: reported at the right
//! line, and the affected cells are absent or ambiguous rather than guessed.

mod common;

use common::*;

/// Seed 000 (TAB rows) with `from` replaced by `to` once.
fn seed_000_with(from: &str, to: &str) -> xxgk_lint::Parsed {
    let text = seed_text("000");
    assert!(text.contains(from), "{from:?} not in seed 000");
    parse("000-edited.txt", &text.replacen(from, to, 1))
}

/// `(code, line)` of every diagnostic except seed 000's own section-4 cell count.
fn found(p: &xxgk_lint::Parsed) -> Vec<(String, usize)> {
    p.report
        .diagnostics
        .iter()
        .filter(|d| !d.message.en.starts_with("section 4 data row has 16 cells"))
        .map(|d| {
            (
                d.code.clone(),
                p.source.line_col(d.anchor().unwrap().start).line,
            )
        })
        .collect()
}

fn cell(p: &xxgk_lint::Parsed, path: &str) -> String {
    describe(p.report.cells.get(path))
}

#[test]
fn misnumbered_and_out_of_order_headings() {
    let p = seed_000_with(
        "#### 五、存在的主要问题及改进情况",
        "#### 六、存在的主要问题及改进情况",
    );
    assert_eq!(
        found(&p),
        vec![("parse/section-misnumbered".to_string(), 74)]
    );
    let text = seed_text("000");
    let (a, b) = (
        text.find("#### 五、").unwrap(),
        text.find("#### 六、").unwrap(),
    );
    let swapped = format!("{}{}\n\n{}", &text[..a], &text[b..], &text[a..b].trim_end());
    let p = parse("swapped.txt", &swapped);
    let codes: Vec<String> = found(&p).into_iter().map(|(c, _)| c).collect();
    assert_eq!(codes, vec!["parse/section-out-of-order"]);
}

#[test]
fn missing_title() {
    let p = seed_000_with("# 山阳区人民政府 2023 年政府信息公开工作年度报告", "");
    assert_eq!(found(&p), vec![("parse/title-missing".to_string(), 1)]);
    assert!(p.report.meta.year.is_none());
}

#[test]
fn placeholder_and_text_cells_are_neither_numbers_nor_zero() {
    let p = seed_000_with("行政处罚\t131", "行政处罚\t/");
    assert_eq!(found(&p), vec![("parse/cell-placeholder".to_string(), 30)]);
    assert_eq!(cell(&p, "sec2.art20_6.admin_penalty.decisions"), "\"/\"");
    let p = seed_000_with("行政处罚\t131", "行政处罚\t见附件");
    assert_eq!(found(&p), vec![("parse/cell-text".to_string(), 30)]);
}

#[test]
fn a_section_3_row_with_an_extra_cell_is_ambiguous() {
    let p = seed_000_with(
        "\t\t2. 重复申请\t0\t0\t0\t0\t0\t0\t0",
        "\t\t2. 重复申请\t0\t0\t0\t0\t0\t0\t0\t5",
    );
    assert_eq!(found(&p), vec![("parse/cell-count".to_string(), 57)]);
    assert_eq!(cell(&p, "sec3.results.not_processed.duplicate.total"), "?");
    assert_eq!(cell(&p, "sec3.results.not_processed.petition.total"), "0");
}

#[test]
fn duplicate_and_unrecognised_rows() {
    let p = seed_000_with("\t\t3. 要求提供公开出版物", "\t\t2. 重复申请");
    let codes = found(&p);
    assert!(
        codes.contains(&("parse/row-duplicate".to_string(), 58)),
        "{codes:?}"
    );
    assert!(
        codes.contains(&("parse/row-missing".to_string(), 58)),
        "{codes:?}"
    );
    assert_eq!(cell(&p, "sec3.results.not_processed.duplicate.total"), "?");
    assert_eq!(
        cell(&p, "sec3.results.not_processed.publication.total"),
        "null"
    );

    // A row repeated again and again is one diagnostic that counts the times (named by the
    // template label, written without the space).
    let row = "\t\t2. 重复申请\t0\t0\t0\t0\t0\t0\t0";
    let p = seed_000_with(row, &[row; 4].join("\n"));
    let repeats: Vec<&str> = p
        .report
        .diagnostics
        .iter()
        .filter(|d| d.code == "parse/row-duplicate")
        .map(|d| d.message.zh.as_str())
        .collect();
    assert_eq!(repeats, ["表三“2.重复申请”行出现了 4 次"]);

    let p = seed_000_with(
        "二、上年结转政府信息公开申请数量\t\t0",
        "二、某种自造的统计口径\t\t0\t9\t9\n二、上年结转政府信息公开申请数量\t\t0",
    );
    assert_eq!(found(&p), vec![("parse/row-unrecognised".to_string(), 42)]);
    assert_eq!(cell(&p, "sec3.carried_in.total"), "0");
}

#[test]
fn unrecognised_section_2_header() {
    let p = seed_000_with("信息内容\t本年制发件数", "信息内容\t本年发文数");
    assert_eq!(
        found(&p),
        vec![("parse/header-unrecognised".to_string(), 22)]
    );
    assert_eq!(
        cell(&p, "sec2.art20_1.normative_docs.issued"),
        "5",
        "values still read by position in a complete row"
    );
}

#[test]
fn missing_section_4_table() {
    let text = seed_text("000");
    let (a, b) = (
        text.find("行政复议\t").unwrap(),
        text.find("#### 五、").unwrap(),
    );
    let p = parse("no-sec4.txt", &format!("{}{}", &text[..a], &text[b..]));
    assert_eq!(found(&p), vec![("parse/table-missing".to_string(), 67)]);
    assert_eq!(cell(&p, "sec4.review.total"), "null");
}

#[test]
fn section_4_values_over_two_rows() {
    let p = seed_000_with(
        "0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t1\t1",
        "0\t0\t0\t0\t0\t0\t0\t0\n0\t0\t0\t0\t0\t0\t1",
    );
    assert_eq!(found(&p), vec![("parse/row-split".to_string(), 72)]);
    assert_eq!(
        sec4_in_order(&p.report).join(" "),
        "0 0 0 0 0 0 0 0 0 0 0 0 0 0 1"
    );
}

#[test]
fn section_3_without_a_header() {
    let p = seed_000_with(
        "(本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和)\t\t申请人情况\t\t\t\t\t\t总计\t\n\t\t自然人\t法人或其他组织\t\t\t\t\t\t\n\t\t\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t\t\n",
        "",
    );
    let codes = found(&p);
    assert_eq!(codes, vec![("parse/header-missing".to_string(), 38)]);
    assert!(cell_mismatches("000", &p.report).is_empty());
}
