//! Golden tests: the national pack on the five seed reports finds exactly what
//! `seeds-expected.json` lists — nothing else above info — and the rendered output and the JSON
//! are snapshot-tested.

mod common;

use common::*;
use xxgk_lint::diagnostic::{self, Diagnostic, Lang, Severity};
use xxgk_lint::engine::{self, Config};
use xxgk_lint::render::{human, json};
use xxgk_lint::rules;

struct Checked {
    parsed: xxgk_lint::Parsed,
    diagnostics: Vec<Diagnostic>,
    not_assessable: usize,
}

fn check(id: &str) -> Checked {
    let (set, errors) = rules::load(rules::national());
    assert!(errors.is_empty());
    let parsed = parse(
        &format!(
            "seeds/{}",
            expected()["seeds"][id]["file"].as_str().unwrap()
        ),
        &seed_text(id),
    );
    let e = engine::evaluate(&parsed.report, None, &set, &Config::new());
    let mut diagnostics = parsed.report.diagnostics.clone();
    diagnostics.extend(e.findings.iter().map(|f| f.to_diagnostic(&set)));
    diagnostic::sort(&mut diagnostics);
    Checked {
        parsed,
        diagnostics,
        not_assessable: e.not_assessable.len(),
    }
}

fn summary(c: &Checked) -> Vec<(String, Severity, usize)> {
    c.diagnostics
        .iter()
        .map(|d| {
            (
                d.code.clone(),
                d.severity,
                c.parsed.source.line_col(d.anchor().unwrap().start).line,
            )
        })
        .collect()
}

fn s(code: &str, sev: Severity, line: usize) -> (String, Severity, usize) {
    (code.to_string(), sev, line)
}

/// The findings of `seeds-expected.json`, by seed, as (code, severity, primary line):
/// parser diagnostics for structure, national rules for relations and narrative.
#[test]
fn the_seeds_produce_exactly_the_expected_findings() {
    use Severity::*;
    // 000: T4-CELLCOUNT (the 16-cell row; R4.1 is left unassessable, both readings are in the
    // note) and SOFT-ART50-4 (a people's government without 社会评议/责任追究 results).
    let c = check("000");
    assert_eq!(
        summary(&c),
        vec![
            s("national/government-evaluation-results", Warning, 5),
            s("parse/cell-count", Error, 72)
        ]
    );
    assert_eq!(
        c.not_assessable, 18,
        "R4.1 ×3 and the 15 section-4 cells for C4/C5"
    );
    // 001: N-T2-INFORCE — 现行有效规范性文件26条 (line 14) vs 27 (line 35).
    let c = check("001");
    assert_eq!(
        summary(&c),
        vec![s("national/narrative-documents-in-force", Error, 14)]
    );
    assert_eq!(c.not_assessable, 0);
    // 002: SOFT-ART50-4, N-T3-NEW (受理申请10件 vs 12 in the table), FEE-DECIMALS (info),
    // T3-MISSING-COL, T3-ROW-LABEL.
    let c = check("002");
    assert_eq!(
        summary(&c),
        vec![
            s("national/government-evaluation-results", Warning, 5),
            s("national/narrative-requests-received", Error, 11),
            s("parse/header-variant", Info, 33),
            s("parse/column-missing", Error, 40),
            s("parse/row-label", Warning, 45),
        ]
    );
    assert_eq!(
        c.not_assessable, 17,
        "every check of the five absent 总计 cells"
    );
    // 003: SOFT-T2-ZERO (info) only.
    let c = check("003");
    assert_eq!(summary(&c), vec![s("national/sec2-all-zero", Info, 23)]);
    // 004: SOFT-ART50-4, HEADINGS (65, 352, 420, 429), T3-EMPTY-CELL (282).
    let c = check("004");
    assert_eq!(
        summary(&c),
        vec![
            s("national/government-evaluation-results", Warning, 6),
            s("parse/section-title-truncated", Warning, 65),
            s("parse/cell-empty", Warning, 282),
            s("parse/section-unnumbered", Warning, 352),
            s("parse/section-unnumbered", Warning, 420),
            s("parse/section-unnumbered", Warning, 429),
        ]
    );
    assert_eq!(c.not_assessable, 4, "the empty cell in R3.2, R3.3, C4, C5");
}

#[test]
fn rendered_output_of_every_seed() {
    for id in SEEDS {
        let c = check(id);
        let text = human::render(
            &c.parsed.source,
            &c.diagnostics,
            human::Style {
                lang: Lang::Zh,
                color: false,
            },
        );
        insta::assert_snapshot!(format!("seed_{id}_human"), text);
    }
}

#[test]
fn json_output_of_every_seed() {
    for id in SEEDS {
        let c = check(id);
        let doc: Vec<serde_json::Value> = c
            .diagnostics
            .iter()
            .map(|d| json::diagnostic_json(&c.parsed.source, d, Lang::Zh))
            .collect();
        insta::assert_snapshot!(
            format!("seed_{id}_json"),
            serde_json::to_string_pretty(&doc).unwrap()
        );
    }
}
