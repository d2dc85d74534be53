//! The rule language end to end: a pack with one rule for every kind of check in DOMAIN.md
//! §2.2–§2.7 loads without errors and gives the outcome each seed calls for; cross-year rules
//! are not assessable without the previous report and assessed with it.

mod common;

use common::*;
use std::collections::BTreeMap;
use xxgk_lint::engine::{self, Config, Outcome};
use xxgk_lint::rules::{self, RuleSet};

fn kinds_pack() -> RuleSet {
    let loaded = rules::dir::load(&data_dir().join("rules/kinds"));
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    let sources = loaded.sources;
    let (set, errors) = rules::load(sources);
    let rendered: Vec<String> = errors
        .iter()
        .map(|e| format!("{:?}", e.diagnostic))
        .collect();
    assert!(errors.is_empty(), "{rendered:#?}");
    set
}

/// `rule id → (failing instances, not-assessable instances)`, only rules with either.
fn outcomes(
    set: &RuleSet,
    id: &str,
    previous: Option<&xxgk_lint::report::Report>,
) -> BTreeMap<String, (usize, usize)> {
    let report = parse(id, &seed_text(id)).report;
    let eval = engine::evaluate(&report, previous, set, &Config::new());
    let mut out: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for f in eval.findings.iter().chain(&eval.not_assessable) {
        let name = set.rules[f.rule]
            .id
            .trim_start_matches("kinds/")
            .to_string();
        let entry = out.entry(name).or_default();
        match f.outcome {
            Outcome::Fail => entry.0 += 1,
            Outcome::NotAssessable(_) => entry.1 += 1,
        }
    }
    out
}

fn expect(pairs: &[(&str, usize, usize)]) -> BTreeMap<String, (usize, usize)> {
    pairs
        .iter()
        .map(|(r, f, n)| (r.to_string(), (*f, *n)))
        .collect()
}

/// Cross-year rules without `--previous`: x1, x2, x3, x5 are each not assessable once.
const NO_PREVIOUS: [(&str, usize, usize); 4] = [
    ("x1-carried", 0, 1),
    ("x2-in-force", 0, 1),
    ("x3-similarity", 0, 1),
    ("x5-previous-problems", 0, 1),
];

fn with_no_previous(extra: &[(&str, usize, usize)]) -> BTreeMap<String, (usize, usize)> {
    let mut all = NO_PREVIOUS.to_vec();
    all.extend_from_slice(extra);
    expect(&all)
}

#[test]
fn every_kind_of_check_gives_the_seed_outcomes() {
    let set = kinds_pack();
    // 000: people's government without 社会评议/责任追究 (S6); the 16-cell section-4 row makes
    // R4.1 not assessable in all three groups.
    assert_eq!(
        outcomes(&set, "000", None),
        with_no_previous(&[("r4-1-groups", 0, 3), ("s6-government-duties", 1, 0)])
    );
    // 001: narrative 现行有效规范性文件26条 vs 27 in the table (N12).
    assert_eq!(
        outcomes(&set, "001", None),
        with_no_previous(&[("n12-in-force", 1, 0)])
    );
    // 002: five rows without a 总计 cell: C1 fails five times; every other check of those
    // cells (C4, C8, the relations over the total column, the narrative 受理申请10件 against
    // new.total) is not assessable. S6.
    assert_eq!(
        outcomes(&set, "002", None),
        with_no_previous(&[
            ("c1-present", 5, 0),
            ("c4-non-negative", 0, 5),
            ("c8-normalised", 0, 5),
            ("n1-new", 0, 1),
            ("r3-1-chinese", 0, 1),
            ("r3-1-vectors", 0, 1),
            ("r3-2-wildcards", 0, 1),
            ("r3-3-quantified", 0, 5),
            ("s6-government-duties", 1, 0),
        ])
    );
    // 003: clean; its 无发出收费通知 statement makes N14 apply, and it holds.
    assert_eq!(outcomes(&set, "003", None), with_no_previous(&[]));
    // 004: the empty cell (C2; C4, C8, R3.2 and R3.3 not assessable there), five NBSP cells in
    // the 结转下年 row (C8), S6.
    assert_eq!(
        outcomes(&set, "004", None),
        with_no_previous(&[
            ("c2-not-empty", 1, 0),
            ("c4-non-negative", 0, 1),
            ("c8-normalised", 5, 1),
            ("r3-2-wildcards", 0, 1),
            ("r3-3-quantified", 0, 1),
            ("s6-government-duties", 1, 0),
        ])
    );
}

#[test]
fn cross_year_rules_with_the_previous_report() {
    let set = kinds_pack();
    // The same report given as its own predecessor: carried-over and in-force figures agree
    // (0 = 0; 0 = 0 + 0 - 0), the text is 100% similar (X3 fails), section 5 shares text (X5).
    let same = parse("003", &seed_text("003")).report;
    assert_eq!(
        outcomes(&set, "003", Some(&same)),
        expect(&[("x3-similarity", 1, 0)])
    );
    // A predecessor that carried 5 applications over: X1 fails with the previous value.
    let text = seed_text("003").replacen(
        "\t四、结转下年度继续办理\n\t0\n\t0\n\t0\n\t0\n\t0\n\t0\n\t0",
        "\t四、结转下年度继续办理\n\t5\n\t0\n\t0\n\t0\n\t0\n\t0\n\t5",
        1,
    );
    let previous = parse("prev.txt", &text).report;
    let report = parse("003", &seed_text("003")).report;
    let eval = engine::evaluate(&report, Some(&previous), &set, &Config::new());
    let x1: Vec<_> = eval
        .findings
        .iter()
        .filter(|f| set.rules[f.rule].id == "kinds/x1-carried")
        .collect();
    assert_eq!(x1.len(), 1);
    assert_eq!(x1[0].message.zh, "上年结转 0，上年报告结转下年 5");
}

#[test]
fn narrative_claims_point_at_the_number_in_the_sentence() {
    let set = kinds_pack();
    let parsed = parse("001", &seed_text("001"));
    let eval = engine::evaluate(&parsed.report, None, &set, &Config::new());
    let n12 = eval
        .findings
        .iter()
        .find(|f| set.rules[f.rule].id == "kinds/n12-in-force")
        .unwrap();
    assert_eq!(
        n12.message.zh,
        "正文称现行有效规范性文件 26 件，表二为 27 件"
    );
    let d = n12.to_diagnostic(&set);
    let spans: Vec<(usize, &str)> = d
        .labels
        .iter()
        .map(|l| {
            (
                parsed.source.line_col(l.span.start).line,
                parsed.source.slice(l.span),
            )
        })
        .collect();
    assert_eq!(spans, vec![(14, "26"), (35, "27")]);
    assert_eq!(
        d.cell_path, None,
        "the primary label is the sentence, not a cell"
    );
}

#[test]
fn extraction_traps_do_not_fire() {
    // 003: 12345热线办理工单3100件, “市长信箱”76件; 004: 刊登部门规范性文件5件, 6574余条.
    let set = kinds_pack();
    for id in ["003", "004"] {
        let o = outcomes(&set, id, None);
        assert!(
            !o.contains_key("n1-new") && !o.contains_key("n12-in-force"),
            "seed {id}: {o:?}"
        );
    }
}

#[test]
fn configuration_values_guard_rules() {
    let text = "rule henan-only {\n title \"只在河南适用\"\n severity info\n message \"河南\"\n when config.province == \"河南\"\n assert false\n}\n";
    let source = rules::RuleSource {
        pack: "local".into(),
        file: xxgk_lint::source::SourceFile::new("t.rule", text.into(), "UTF-8"),
    };
    let (set, errors) = rules::load(vec![source]);
    assert!(errors.is_empty());
    let report = parse("001", &seed_text("001")).report;
    let henan: Config = [("province".to_string(), "河南".to_string())].into();
    assert_eq!(
        engine::evaluate(&report, None, &set, &henan).findings.len(),
        1
    );
    let shanxi: Config = [("province".to_string(), "山西".to_string())].into();
    let e = engine::evaluate(&report, None, &set, &shanxi);
    assert_eq!((e.findings.len(), e.skipped_rules), (0, 1));
}

#[test]
fn default_treats_an_empty_cell_as_zero_only_when_asked() {
    let text = "rule strict {\n title \"t\"\n severity error\n message \"m\"\n assert sec3.results.not_processed.excessive.research == 0\n}\nrule lenient {\n title \"t\"\n severity error\n message \"m\"\n assert default(sec3.results.not_processed.excessive.research, 0) == 0\n}\n";
    let source = rules::RuleSource {
        pack: "local".into(),
        file: xxgk_lint::source::SourceFile::new("t.rule", text.into(), "UTF-8"),
    };
    let (set, _) = rules::load(vec![source]);
    let report = parse("004", &seed_text("004")).report;
    let e = engine::evaluate(&report, None, &set, &Config::new());
    assert_eq!(e.findings.len(), 0);
    assert_eq!(
        e.not_assessable.len(),
        1,
        "strict: the empty cell is not a zero"
    );
    assert_eq!(set.rules[e.not_assessable[0].rule].id, "local/strict");
    assert_eq!(e.passed, 1, "lenient: default(…, 0) reads it as 0");
}

#[test]
fn exact_decimal_arithmetic_and_tolerance() {
    let text = "rule a {\n title \"t\"\n severity error\n message \"m\"\n assert 0.1 + 0.2 == 0.3\n}\nrule b {\n title \"t\"\n severity error\n message \"m\"\n assert 42 / 81 * 100 == 51.85 within 0.01\n}\nrule c {\n title \"t\"\n severity error\n message \"{lhs} {rhs}\"\n assert 42 / 81 * 100 == 51.85\n}\n";
    let source = rules::RuleSource {
        pack: "local".into(),
        file: xxgk_lint::source::SourceFile::new("t.rule", text.into(), "UTF-8"),
    };
    let (set, errors) = rules::load(vec![source]);
    assert!(errors.is_empty(), "{errors:?}");
    let report = parse("001", &seed_text("001")).report;
    let e = engine::evaluate(&report, None, &set, &Config::new());
    assert_eq!(e.passed, 2);
    assert_eq!(e.findings.len(), 1);
    // Exact to 10 places internally; messages round quotients to 4 for display.
    assert_eq!(e.findings[0].message.zh, "51.8519 51.85");
}
