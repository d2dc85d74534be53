//! Rewrites that do not change what a report says do not change what the tool finds: every
//! real excerpt and crawler report in `tests/data/real`, with CRLF line ends, in GB18030, behind
//! page chrome, in traditional characters, with half-width brackets, with its table numbers in
//! full-width digits, or with section headings numbered `一.` and `1、`, reads to the same cells
//! and gets the same national findings as the file as published.

mod common;

use common::{data_dir, describe, national_diagnostics};
use std::collections::BTreeMap;
use xxgk_lint::Parsed;
use xxgk_lint::diagnostic::Severity;

/// Simplified → traditional for the characters of the format's headings, labels and common
/// narrative words, as a mirror site converts them. Written out here rather than taken from
/// `src/fold.rs`: a character the folding table lacked would then go untested, while here it
/// fails the test.
const TRADITIONAL: &[(char, char)] = &[
    ('据', '據'),
    ('报', '報'),
    ('开', '開'),
    ('务', '務'),
    ('为', '為'),
    ('关', '關'),
    ('条', '條'),
    ('办', '辦'),
    ('处', '處'),
    ('请', '請'),
    ('数', '數'),
    ('总', '總'),
    ('计', '計'),
    ('结', '結'),
    ('转', '轉'),
    ('议', '議'),
    ('诉', '訴'),
    ('讼', '訟'),
    ('复', '復'),
    ('规', '規'),
    ('范', '範'),
    ('现', '現'),
    ('废', '廢'),
    ('发', '發'),
    ('许', '許'),
    ('罚', '罰'),
    ('强', '強'),
    ('费', '費'),
    ('额', '額'),
    ('购', '購'),
    ('况', '況'),
    ('应', '應'),
    ('问', '問'),
    ('进', '進'),
    ('对', '對'),
    ('无', '無'),
    ('权', '權'),
    ('机', '機'),
    ('构', '構'),
    ('会', '會'),
    ('业', '業'),
    ('体', '體'),
    ('决', '決'),
    ('审', '審'),
    ('项', '項'),
    ('题', '題'),
    ('国', '國'),
    ('门', '門'),
    ('网', '網'),
    ('类', '類'),
    ('织', '織'),
    ('组', '組'),
    ('领', '領'),
    ('导', '導'),
];

const CHROME_BEFORE: &str = "首页 > 政务公开 > 政府信息公开年报\n索引号：11350000-2024-00123\n发布机构：某某办公室\n发布时间：2024-01-20 09:30\n来源：本网\n【字体：大 中 小】 打印\n\n";
const CHROME_AFTER: &str = "\n\n分享到：\n版权所有：某某人民政府 主办单位：某某办公室\n";

fn traditional(text: &str) -> String {
    text.chars()
        .map(|c| {
            TRADITIONAL
                .iter()
                .find(|(s, _)| *s == c)
                .map_or(c, |(_, t)| *t)
        })
        .collect()
}

/// Table lines (those with a TAB or `|`) with their digits full-width.
fn full_width_digits(text: &str) -> String {
    text.split('\n')
        .map(|line| {
            if line.contains(['\t', '|']) {
                line.chars()
                    .map(|c| match c {
                        '0'..='9' => char::from_u32(c as u32 - '0' as u32 + 0xFF10).unwrap(),
                        other => other,
                    })
                    .collect()
            } else {
                line.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The numerals of the six section headings, in order.
const NUMERALS: [char; 6] = ['一', '二', '三', '四', '五', '六'];

/// Section headings `一、…` renumbered by `number` (the index 0–5 of the section).
fn renumbered(text: &str, number: impl Fn(usize) -> String) -> String {
    text.split('\n')
        .map(|line| {
            let mut chars = line.chars();
            match (chars.next(), chars.next()) {
                (Some(n), Some('、')) if NUMERALS.contains(&n) => {
                    let i = NUMERALS.iter().position(|&x| x == n).unwrap();
                    format!("{}{}", number(i), chars.as_str())
                }
                _ => line.to_string(),
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// What a report reads to: every cell as read, and each national finding's code and severity.
#[derive(Debug, PartialEq)]
struct Reading {
    cells: BTreeMap<String, String>,
    findings: BTreeMap<(String, String), usize>,
}

fn reading(parsed: &Parsed) -> Reading {
    let cells = parsed
        .report
        .cells
        .iter()
        .map(|(path, slot)| (path.to_string(), describe(Some(slot))))
        .collect();
    let mut findings = BTreeMap::new();
    for d in national_diagnostics(parsed) {
        if d.code.starts_with("national/") && d.severity >= Severity::Warning {
            *findings
                .entry((d.code.to_string(), format!("{:?}", d.severity)))
                .or_insert(0) += 1;
        }
    }
    Reading { cells, findings }
}

fn read(name: &str, bytes: &[u8]) -> Reading {
    let parsed = xxgk_lint::parse_bytes(name, bytes, None).expect("decodes");
    reading(&parsed)
}

#[test]
fn rewrites_that_keep_the_meaning_keep_the_findings() {
    type Rewrite = fn(&str) -> Vec<u8>;
    let rewrites: [(&str, Rewrite); 8] = [
        ("CRLF", |t| t.replace('\n', "\r\n").into_bytes()),
        ("GB18030", |t| encoding_rs::GB18030.encode(t).0.into_owned()),
        ("page chrome", |t| {
            [CHROME_BEFORE, t, CHROME_AFTER].concat().into_bytes()
        }),
        ("traditional", |t| traditional(t).into_bytes()),
        ("half-width brackets", |t| {
            t.replace('（', "(").replace('）', ")").into_bytes()
        }),
        ("full-width digits", |t| full_width_digits(t).into_bytes()),
        ("一. headings", |t| {
            renumbered(t, |i| format!("{}.", NUMERALS[i])).into_bytes()
        }),
        ("1、 headings", |t| {
            renumbered(t, |i| format!("{}、", i + 1)).into_bytes()
        }),
    ];
    let mut failures = Vec::new();
    let mut files = 0;
    for dir in ["real/excerpts", "real/crawler"] {
        let mut paths: Vec<_> = std::fs::read_dir(data_dir().join(dir))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "txt"))
            .collect();
        paths.sort();
        for path in paths {
            files += 1;
            let name = path.file_name().unwrap().to_str().unwrap().to_string();
            let text = std::fs::read_to_string(&path).unwrap();
            let published = read(&name, text.as_bytes());
            for (rewrite, apply) in &rewrites {
                let got = read(&name, &apply(&text));
                if got.cells != published.cells {
                    let differ: Vec<_> = published
                        .cells
                        .iter()
                        .filter(|(k, v)| got.cells.get(*k) != Some(v))
                        .take(5)
                        .collect();
                    failures.push(format!("{name} with {rewrite}: cells {differ:?}"));
                }
                if got.findings != published.findings {
                    failures.push(format!(
                        "{name} with {rewrite}: findings {:?} became {:?}",
                        published.findings, got.findings
                    ));
                }
            }
        }
    }
    assert!(files >= 20, "the real test files are there ({files})");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
