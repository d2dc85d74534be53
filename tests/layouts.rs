//! Every supported text layout reads alike: the tables of each seed, rebuilt from the seed's
//! expected values in the official merged-cell structure, are laid out as TAB rows, one cell per
//! line, `|` rows, one `|` cell per line and Markdown, and must parse back to the seed's values.
//!
//! The fixtures are committed under `tests/data/layouts/` so they can be read; this file also
//! makes them, and a test fails when the committed copies are stale
//! (`XXGK_BLESS=1 cargo test --test layouts` rewrites them).

mod common;

use common::*;
use serde_json::Value;
use std::collections::BTreeSet;

#[derive(Clone, Copy, Debug)]
enum Layout {
    TabRows,
    CellPerLine,
    PipeRows,
    PipeCellPerLine,
    Markdown,
}

const LAYOUTS: [(Layout, &str); 5] = [
    (Layout::TabRows, "tab-rows"),
    (Layout::CellPerLine, "cell-per-line"),
    (Layout::PipeRows, "pipe-rows"),
    (Layout::PipeCellPerLine, "pipe-cell-per-line"),
    (Layout::Markdown, "markdown"),
];

/// A table cell before layout: `\n` marks where a header cell is wrapped in the source.
type Rows = Vec<Vec<String>>;

fn value_text(v: &Value) -> Option<String> {
    match v {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    }
}

/// `(id, label)` pairs of a table's columns or rows.
type Labels = &'static [(&'static str, &'static str)];

fn sec2_rows(exp: &Value) -> Rows {
    let tables: [(&str, &str, Labels, Labels); 4] = [
        (
            "art20_1",
            "第二十条第（一）项",
            &[
                ("issued", "本年制发件数"),
                ("repealed", "本年废止件数"),
                ("in_force", "现行有效件数"),
            ],
            &[("rules", "规章"), ("normative_docs", "行政规范性文件")],
        ),
        (
            "art20_5",
            "第二十条第（五）项",
            &[("decisions", "本年处理决定数量")],
            &[("admin_license", "行政许可")],
        ),
        (
            "art20_6",
            "第二十条第（六）项",
            &[("decisions", "本年处理决定数量")],
            &[
                ("admin_penalty", "行政处罚"),
                ("admin_coercion", "行政强制"),
            ],
        ),
        (
            "art20_8",
            "第二十条第（八）项",
            &[("amount", "本年收费金额（单位：万元）")],
            &[("admin_fees", "行政事业性收费")],
        ),
    ];
    let mut rows = Vec::new();
    for (id, title, cols, labels) in tables {
        rows.push(vec![title.to_string()]);
        rows.push(
            std::iter::once("信息内容")
                .chain(cols.iter().map(|c| c.1))
                .map(String::from)
                .collect(),
        );
        for (row, label) in labels {
            let mut r = vec![label.to_string()];
            r.extend(
                cols.iter()
                    .filter_map(|(col, _)| value_text(&exp["sec2"][id][*row][*col])),
            );
            rows.push(r);
        }
    }
    rows
}

const SEC3_ROWS: [(&str, &[&str]); 25] = [
    ("new", &["一、本年新收政府信息公开申请数量"]),
    ("carried_in", &["二、上年结转政府信息公开申请数量"]),
    ("results.public", &["三、本年度办理结果", "（一）予以公开"]),
    (
        "results.partial",
        &[
            "",
            "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        ],
    ),
    (
        "results.denied.state_secret",
        &["", "（三）不予公开", "1.属于国家秘密"],
    ),
    (
        "results.denied.law_prohibited",
        &["", "", "2.其他法律行政法规禁止公开"],
    ),
    (
        "results.denied.security_stability",
        &["", "", "3.危及“三安全一稳定”"],
    ),
    (
        "results.denied.third_party",
        &["", "", "4.保护第三方合法权益"],
    ),
    (
        "results.denied.internal_affairs",
        &["", "", "5.属于三类内部事务信息"],
    ),
    (
        "results.denied.process_info",
        &["", "", "6.属于四类过程性信息"],
    ),
    (
        "results.denied.enforcement_file",
        &["", "", "7.属于行政执法案卷"],
    ),
    (
        "results.denied.admin_query",
        &["", "", "8.属于行政查询事项"],
    ),
    (
        "results.unavailable.not_held",
        &["", "（四）无法提供", "1.本机关不掌握相关政府信息"],
    ),
    (
        "results.unavailable.needs_creation",
        &["", "", "2.没有现成信息需要另行制作"],
    ),
    (
        "results.unavailable.unclear",
        &["", "", "3.补正后申请内容仍不明确"],
    ),
    (
        "results.not_processed.petition",
        &["", "（五）不予处理", "1.信访举报投诉类申请"],
    ),
    ("results.not_processed.duplicate", &["", "", "2.重复申请"]),
    (
        "results.not_processed.publication",
        &["", "", "3.要求提供公开出版物"],
    ),
    (
        "results.not_processed.excessive",
        &["", "", "4.无正当理由大量反复申请"],
    ),
    (
        "results.not_processed.confirm_or_reissue",
        &["", "", "5.要求行政机关确认或重新出具已获取信息"],
    ),
    (
        "results.other.overdue_correction",
        &[
            "",
            "（六）其他处理",
            "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        ],
    ),
    (
        "results.other.overdue_fee",
        &[
            "",
            "",
            "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        ],
    ),
    ("results.other.other", &["", "", "3.其他"]),
    ("results.total", &["", "（七）总计"]),
    ("carried_out", &["四、结转下年度继续办理"]),
];

const SEC3_COLS: [&str; 7] = [
    "natural_person",
    "commercial",
    "research",
    "social_welfare",
    "legal_service",
    "other_org",
    "total",
];

fn sec3_rows(exp: &Value) -> Rows {
    // A seed whose header lacks 总计 (002) keeps that quirk: no 总计 header cell, and rows
    // without a total value carry one value fewer.
    let has_total_header = exp["sec3"]["new"]["total"] != Value::Null;
    let mut top = vec![
        "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）".to_string(),
        "申请人情况".to_string(),
    ];
    let mut second = vec![
        String::new(),
        "自然人".to_string(),
        "法人或其他组织".to_string(),
    ];
    if has_total_header {
        second.push("总计".to_string());
    } else {
        top.truncate(2);
    }
    let third = [
        "",
        "",
        "商业\n企业",
        "科研\n机构",
        "社会公益组织",
        "法律服务机构",
        "其他",
    ]
    .map(String::from)
    .to_vec();
    let mut rows = vec![top, second, third];
    for (id, labels) in SEC3_ROWS {
        let mut r: Vec<String> = labels.iter().map(|s| s.to_string()).collect();
        r.extend(
            SEC3_COLS
                .iter()
                .filter_map(|c| value_text(&exp["sec3"][id][*c])),
        );
        rows.push(r);
    }
    rows
}

fn sec4_rows(exp: &Value) -> Rows {
    let five = [
        "结果\n维持",
        "结果\n纠正",
        "其他\n结果",
        "尚未\n审结",
        "总计",
    ];
    let mut second: Vec<String> = five.iter().map(|s| s.to_string()).collect();
    second.extend(["未经复议直接起诉".to_string(), "复议后起诉".to_string()]);
    let mut third = vec![String::new(); 5];
    third.extend(five.iter().chain(five.iter()).map(|s| s.to_string()));
    let data = exp["sec4_cells_in_source_order"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(value_text)
        .collect();
    vec![
        vec!["行政复议".to_string(), "行政诉讼".to_string()],
        second,
        third,
        data,
    ]
}

fn flat(cell: &str) -> String {
    cell.replace('\n', " ")
}

fn lay_out(rows: &Rows, layout: Layout) -> String {
    let mut out = String::new();
    match layout {
        Layout::TabRows => {
            for r in rows {
                out += &r.iter().map(|c| flat(c)).collect::<Vec<_>>().join("\t");
                out += "\n";
            }
        }
        Layout::PipeRows => {
            for r in rows {
                for c in r {
                    out += &format!("{} | ", flat(c));
                }
                out = out.trim_end().to_string() + "\n";
            }
        }
        Layout::Markdown => {
            let width = rows.iter().map(Vec::len).max().unwrap_or(1);
            for (i, r) in rows.iter().enumerate() {
                let cells: Vec<String> = (0..width)
                    .map(|k| r.get(k).map_or(String::new(), |c| flat(c)))
                    .collect();
                out += &format!("| {} |\n", cells.join(" | "));
                if i == 0 {
                    out += &format!("|{}\n", "---|".repeat(width));
                }
            }
        }
        Layout::CellPerLine | Layout::PipeCellPerLine => {
            for (i, r) in rows.iter().enumerate() {
                if i > 0 {
                    out += "\n";
                }
                for c in r {
                    let mut parts = c.split('\n');
                    let first = parts.next().unwrap_or("");
                    match layout {
                        Layout::CellPerLine => out += &format!("\t{first}\n"),
                        _ => out += &format!("{first} |\n"),
                    }
                    // Wrapped header cells continue on lines of their own (P4, P11).
                    for rest in parts {
                        out += &format!("{rest}\n");
                    }
                }
            }
        }
    }
    out
}

fn fixture(id: &str, layout: Layout) -> String {
    let exp = &expected()["seeds"][id];
    let org = exp["org"].as_str().unwrap();
    let year = exp["year"].as_i64().unwrap();
    let mut text = format!("{org}{year}年政府信息公开工作年度报告\n\n");
    text += "一、总体情况\n\n本机关依法做好政府信息公开工作。\n\n二、主动公开政府信息情况\n\n";
    text += &lay_out(&sec2_rows(exp), layout);
    text += "\n\n三、收到和处理政府信息公开申请情况\n\n";
    text += &lay_out(&sec3_rows(exp), layout);
    text += "\n\n四、政府信息公开行政复议、行政诉讼情况\n\n";
    text += &lay_out(&sec4_rows(exp), layout);
    text += "\n\n五、存在的主要问题及改进情况\n\n工作仍有不足，将加以改进。\n\n六、其他需要报告的事项\n\n本年度未收取信息处理费。\n";
    text
}

fn fixture_path(id: &str, name: &str) -> std::path::PathBuf {
    data_dir().join("layouts").join(format!("{id}-{name}.txt"))
}

#[test]
fn committed_layout_fixtures_are_current() {
    let bless = std::env::var_os("XXGK_BLESS").is_some();
    let mut stale = Vec::new();
    for id in SEEDS {
        for (layout, name) in LAYOUTS {
            let path = fixture_path(id, name);
            let want = fixture(id, layout);
            if bless {
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::write(&path, &want).unwrap();
            } else if std::fs::read_to_string(&path).ok().as_deref() != Some(want.as_str()) {
                stale.push(path.display().to_string());
            }
        }
    }
    assert!(
        stale.is_empty(),
        "stale fixtures (XXGK_BLESS=1 to rewrite): {stale:?}"
    );
}

/// The structural diagnostics the rebuilt tables must still produce: the seeds' table defects
/// travel with their values (heading and label quirks do not, being rebuilt canonically).
fn expected_codes(id: &str) -> BTreeSet<&'static str> {
    match id {
        "000" => BTreeSet::from(["parse/cell-count"]),
        "002" => BTreeSet::from(["parse/column-missing"]),
        "004" => BTreeSet::from(["parse/cell-empty"]),
        _ => BTreeSet::new(),
    }
}

#[test]
fn every_layout_parses_to_the_seed_values() {
    let mut failures = Vec::new();
    for id in SEEDS {
        for (_, name) in LAYOUTS {
            let path = fixture_path(id, name);
            let text = std::fs::read_to_string(&path).expect("committed fixture");
            let parsed = parse(&path.display().to_string(), &text);
            for m in cell_mismatches(id, &parsed.report) {
                failures.push(format!("{id}-{name}: {m}"));
            }
            let want: Vec<String> = expected()["seeds"][id]["sec4_cells_in_source_order"]
                .as_array()
                .unwrap()
                .iter()
                .map(describe_expected)
                .collect();
            if want.len() == 15 && sec4_in_order(&parsed.report) != want {
                failures.push(format!(
                    "{id}-{name}: sec4 {:?}",
                    sec4_in_order(&parsed.report)
                ));
            }
            let codes: BTreeSet<&str> = parsed
                .report
                .diagnostics
                .iter()
                .map(|d| d.code.as_str())
                .collect();
            if codes != expected_codes(id) {
                failures.push(format!("{id}-{name}: diagnostics {codes:?}"));
            }
            let layouts: BTreeSet<String> = parsed
                .document
                .blocks
                .iter()
                .filter_map(|b| match b {
                    xxgk_lint::layout::Block::Table(t) => Some(format!("{:?}", t.layout)),
                    _ => None,
                })
                .collect();
            if layouts.len() != 1 {
                failures.push(format!("{id}-{name}: table layouts {layouts:?}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A local variant is data: the optional 小计 column of the bundled template is read when a
/// header prints it, and the other cells stay where they were.
#[test]
fn local_subtotal_column_is_read_when_the_header_has_it() {
    let exp = &expected()["seeds"]["004"];
    let mut rows = sec3_rows(exp);
    rows[2].push("小计".to_string());
    for row in rows.iter_mut().skip(3) {
        let total = row.pop().unwrap();
        let orgs: i64 = row[row.len() - 5..]
            .iter()
            .map(|v| v.parse::<i64>().unwrap_or(0))
            .sum();
        row.push(orgs.to_string());
        row.push(total);
    }
    let text = format!(
        "三、收到和处理政府信息公开申请情况\n{}",
        lay_out(&rows, Layout::TabRows)
    );
    let report = parse("variant.txt", &text).report;
    assert_eq!(describe(report.cells.get("sec3.new.legal_person")), "7");
    assert_eq!(describe(report.cells.get("sec3.new.total")), "84");
    assert_eq!(
        describe(report.cells.get("sec3.results.total.legal_person")),
        "5"
    );
    assert_eq!(
        describe(
            report
                .cells
                .get("sec3.not_processed.excessive.legal_person")
        ),
        "<no such path>"
    );
    assert_eq!(
        describe(
            report
                .cells
                .get("sec3.results.not_processed.excessive.research")
        ),
        "''"
    );
    // Without the header cell the column does not exist at all.
    let plain = parse(
        "plain.txt",
        &format!(
            "三、收到和处理政府信息公开申请情况\n{}",
            lay_out(&sec3_rows(exp), Layout::TabRows)
        ),
    )
    .report;
    assert_eq!(
        describe(plain.cells.get("sec3.new.legal_person")),
        "<no such path>"
    );
}
