//! Hostile inputs on the rules side: arithmetic at the edge of the decimal range, rule files
//! nesting or quantifying without bound, a byte-order mark, and a sentence of thousands of
//! claims. Every input is generated here (nothing large is committed); each test must pass in
//! well under 30 s with 512 MiB of address space (`ulimit -v 524288`).

mod common;

use common::seed_text;
use std::sync::Arc;
use xxgk_lint::engine::{self, Config};
use xxgk_lint::rules::{self, LoadError, RuleSet, RuleSource};
use xxgk_lint::source::SourceFile;

fn load(text: String) -> (RuleSet, Vec<LoadError>) {
    rules::load(vec![RuleSource {
        pack: "test".into(),
        file: SourceFile::new("hostile.rule", text, "UTF-8"),
    }])
}

/// The one load error's code and the line (from 1) its primary label is on.
fn only_error(text: String) -> (String, usize) {
    let (set, errors) = load(text);
    assert_eq!(errors.len(), 1, "{errors:#?}");
    let e = &errors[0];
    let file = &set.files[e.file].file;
    assert_eq!(file.name, "hostile.rule");
    let span = e.diagnostic.labels[0].span;
    (e.diagnostic.code.clone(), file.line_col(span.start).line)
}

fn rule_with(assertion: &str) -> String {
    format!(
        "# hostile\nrule deep {{\n    title \"t\"\n    severity error\n    message \"m\"\n    assert {assertion}\n}}\n"
    )
}

#[test]
fn a_thousand_nested_parentheses_are_a_load_error_not_a_stack_overflow() {
    let expr = format!("{}1{} == 1", "(".repeat(1000), ")".repeat(1000));
    assert_eq!(only_error(rule_with(&expr)), ("rules/too-deep".into(), 6));
    // Inside a call's arguments too.
    let call = format!("{}1{} == 1", "abs(".repeat(1000), ")".repeat(1000));
    assert_eq!(only_error(rule_with(&call)), ("rules/too-deep".into(), 6));
}

#[test]
fn long_chains_of_operators_are_a_load_error() {
    for expr in [
        format!("{}1 == 1", "- ".repeat(10_000)),
        format!("{}true", "not ".repeat(10_000)),
        format!("{}1 == 1", "1 + ".repeat(10_000)),
        format!("true{}", " and true".repeat(10_000)),
    ] {
        assert_eq!(only_error(rule_with(&expr)), ("rules/too-deep".into(), 6));
    }
}

#[test]
fn nesting_within_the_limit_loads() {
    let expr = format!("{}1{} == 1", "(".repeat(60), ")".repeat(60));
    let (set, errors) = load(rule_with(&expr));
    assert!(errors.is_empty(), "{errors:#?}");
    assert_eq!(set.rules.len(), 1);
    // Parentheses in strings and comments are no nesting.
    let text = format!(
        "# {}\n{}",
        "(".repeat(500),
        rule_with(&format!("matches(s1, \"{}\") or true", "(?:a)".repeat(100)))
    );
    let (_, errors) = load(text);
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn a_byte_order_mark_is_accepted() {
    let text = format!("\u{feff}{}", rule_with("1 == 1"));
    let (set, errors) = load(text);
    assert!(errors.is_empty(), "{errors:#?}");
    assert_eq!(set.rules[0].id, "test/deep");
    // Spans still point into the file as read (the mark included).
    let file = &set.files[0].file;
    let at = set.rules[0].span.start;
    assert_eq!(&file.text[at..at + 4], "rule");
}

#[test]
fn eight_nested_quantifiers_are_a_load_error() {
    let fors = (0..8)
        .map(|i| format!("for v{i} in sec3.rows: "))
        .collect::<String>();
    let (code, line) = only_error(rule_with(&format!("{fors}sec3[v0].total >= 0")));
    assert_eq!((code.as_str(), line), ("rules/too-many-instances", 6));
}

#[test]
fn quantifiers_over_too_many_instances_are_a_load_error() {
    // Three quantifiers are allowed, but not over sec3's rows three times.
    let text =
        rule_with("for a in sec3.rows: for b in sec3.rows: for c in sec3.rows: sec3[a].total >= 0");
    assert_eq!(only_error(text), ("rules/too-many-instances".into(), 6));
    let (_, errors) = load(rule_with(
        "for r in sec3.rows: for c in sec3.columns: sec3[r][c] >= 0",
    ));
    assert!(errors.is_empty(), "{errors:#?}");
}

fn parse(text: &str) -> xxgk_lint::Parsed {
    xxgk_lint::parse_bytes("hostile.txt", text.as_bytes(), None).unwrap()
}

fn national(rule: &str) -> RuleSet {
    let (mut set, errors) = rules::load(rules::national());
    assert!(errors.is_empty());
    rules::select(&mut set, &[rule.to_string()], &[]).unwrap();
    assert_eq!(set.rules.len(), 1);
    set
}

/// `text` with `from` (which must occur) replaced by `to`, once.
fn edit(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "{from:?}");
    text.replacen(from, to, 1)
}

/// (予以公开 + 部分公开) ÷ 总计 where the sum is exactly `i128::MIN` ten-billionths and the total
/// −1: the division overflows, and the rule instance is not assessable, not a panic.
#[test]
fn an_overflowing_disclosure_rate_is_not_assessable() {
    let text = seed_text("004");
    let text = edit(&text, "已办结82件", "已办结82件，公开率为40.24%");
    let text = edit(
        &text,
        "（一）予以公开\n\t20\n\t0\n\t0\n\t0\n\t0\n\t0\n\t20\n",
        "（一）予以公开\n\t20\n\t0\n\t0\n\t0\n\t0\n\t0\n\t-17014118346046923173168730371.5884105727\n",
    );
    let text = edit(
        &text,
        "\t10\n\t0\n\t0\n\t0\n\t0\n\t3\n\t13\n",
        "\t10\n\t0\n\t0\n\t0\n\t0\n\t3\n\t-0.0000000001\n",
    );
    let text = edit(
        &text,
        "（七）总计\n\t77\n\t2\n\t0\n\t0\n\t0\n\t3\n\t82\n",
        "（七）总计\n\t77\n\t2\n\t0\n\t0\n\t0\n\t3\n\t-1\n",
    );
    let parsed = parse(&text);
    let set = national("national/narrative-disclosure-rate");
    let e = engine::evaluate(&parsed.report, None, &set, &Config::new());
    assert!(e.findings.is_empty(), "{:#?}", e.findings);
    assert_eq!(e.not_assessable.len(), 1);
    let shown = format!("{:?}", e.not_assessable[0].to_diagnostic(&set));
    assert!(
        shown.contains("溢出") || shown.contains("overflow"),
        "{shown}"
    );
}

/// One sentence stating 10,000 numbers: 10,000 claims, each failing, all sharing the one copy
/// of their sentence (a copy each was over 4 GB for a longer sentence).
#[test]
fn ten_thousand_claims_in_one_sentence_share_it() {
    let text = seed_text("004");
    let many = "，已办结1件".repeat(10_000);
    let text = edit(&text, "已办结82件", &format!("已办结82件{many}"));
    let parsed = parse(&text);
    let set = national("national/narrative-closed");
    let e = engine::evaluate(&parsed.report, None, &set, &Config::new());
    assert_eq!(e.findings.len(), 10_000);
    let sentences: Vec<&Arc<str>> = e
        .findings
        .iter()
        .flat_map(|f| f.truth.evidence.iter())
        .filter_map(|ev| ev.sentence.as_ref())
        .collect();
    assert_eq!(sentences.len(), 10_000);
    assert!(sentences[0].len() > 100_000);
    assert!(sentences.iter().all(|s| Arc::ptr_eq(s, sentences[0])));
}

/// The regex of the first pattern-taking call in a rule set's first assertion.
fn first_regex(
    set: &xxgk_lint::rules::RuleSet,
) -> std::sync::Arc<xxgk_lint::rules::matcher::Regex> {
    fn find(
        e: &xxgk_lint::rules::compiled::CExpr,
    ) -> Option<std::sync::Arc<xxgk_lint::rules::matcher::Regex>> {
        use xxgk_lint::rules::compiled::CExpr;
        match e {
            CExpr::Call {
                pattern: Some(p), ..
            } => Some(p.regex.clone()),
            CExpr::Call { args, .. } => args.iter().find_map(find),
            CExpr::Compare { lhs, rhs, .. } | CExpr::And(lhs, rhs) => {
                find(lhs).or_else(|| find(rhs))
            }
            _ => None,
        }
    }
    find(&set.rules[0].assertions[0].expr).expect("a pattern")
}

#[test]
fn loading_rule_files_again_and_again_keeps_no_earlier_pattern() {
    // Found by fuzzing the rule loader (fuzz/fuzz_targets/rules.rs): out of memory after
    // 678,705 loads, because a process-wide cache kept the compiled pattern of every load.
    let text = "rule r {\n  title \"t\"\n  severity warning\n  message \"m\"\n  assert count(claims(s1, \"申请{n}件\")) >= 0\n}\n";
    let load = || {
        let (set, errors) = rules::load(vec![RuleSource {
            pack: "fuzz".into(),
            file: SourceFile::new("fuzz.rule", text.to_string(), "UTF-8"),
        }]);
        assert!(errors.is_empty(), "{errors:?}");
        set
    };
    let first = load();
    let again = load();
    let regex = first_regex(&first);
    // Two loads compile their own; when the first set is dropped, its regex goes with it.
    assert!(!std::sync::Arc::ptr_eq(&regex, &first_regex(&again)));
    drop(first);
    assert_eq!(std::sync::Arc::strong_count(&regex), 1);
}
