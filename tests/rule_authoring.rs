//! What a rule author writes beyond a single assertion: a message per assertion, placeholders
//! that always have a value (or a load error naming the rule, line and placeholder), a place for
//! every finding, `let`, `round`, `organ`, English texts, and `{items}` naming exactly what a
//! multi-item rule misses.

mod common;

use common::*;
use xxgk_lint::diagnostic::Lang;
use xxgk_lint::engine::{self, Config, Finding};
use xxgk_lint::rules::{self, RuleSet, RuleSource};
use xxgk_lint::source::SourceFile;

/// Loads `text` as the pack `t`: the rule set, or the load errors' Chinese headlines and
/// English labels.
fn load(text: &str) -> Result<RuleSet, Vec<String>> {
    let (set, errors) = rules::load(vec![RuleSource {
        pack: "t".into(),
        file: SourceFile::new("t.rule", text.to_string(), "UTF-8"),
    }]);
    if errors.is_empty() {
        Ok(set)
    } else {
        Err(errors
            .iter()
            .map(|e| {
                let d = &e.diagnostic;
                let labels: Vec<&str> = d.labels.iter().map(|l| l.message.en.as_str()).collect();
                let notes: Vec<&str> = d.notes.iter().map(|n| n.en.as_str()).collect();
                format!(
                    "{} | {} | {} | {}",
                    d.message.zh,
                    d.message.en,
                    labels.join("; "),
                    notes.join("; ")
                )
            })
            .collect())
    }
}

fn rule_text(body: &str) -> String {
    format!("rule r {{\n    title \"t\"\n    severity error\n{body}\n}}\n")
}

/// The failing findings of `set` on seed `seed`.
fn findings(set: &RuleSet, seed: &str) -> Vec<Finding> {
    let report = parse(seed, &seed_text(seed)).report;
    engine::evaluate(&report, None, set, &Config::new()).findings
}

#[test]
fn each_assertion_can_have_its_own_message() {
    // Three failing assertions: two with messages of their own (one in Chinese only), one with
    // the rule's; each finding says which it is.
    let set = load(&rule_text(
        r#"    message "默认 {lhs}"
    assert sec3.new.total == 1000000 {
        message    "新收 {lhs} 不是一百万"
        message.en "new {lhs} is not a million"
    }
    assert sec3.carried_out.total == 1000000 {
        message "结转 {lhs} 不是一百万"
    }
    assert sec3.carried_in.total == 1000000"#,
    ))
    .unwrap();
    let found = findings(&set, "000");
    let messages: Vec<(&str, &str)> = found
        .iter()
        .map(|f| (f.message.zh.as_str(), f.message.en.as_str()))
        .collect();
    assert_eq!(messages.len(), 3, "{messages:?}");
    assert!(messages[0].0.starts_with("新收 ") && messages[0].1.starts_with("new "));
    assert!(messages[1].0.starts_with("结转 ") && messages[1].1 == messages[1].0);
    assert!(messages[2].0.starts_with("默认 "));
    assert_ne!(messages[0].0, messages[1].0);
}

#[test]
fn a_rule_without_a_message_needs_one_on_every_assertion() {
    let ok = load(&rule_text(
        r#"    assert sec3.new.total >= 0 { message "a" }
    assert sec3.carried_in.total >= 0 { message "b" }"#,
    ));
    assert!(ok.is_ok(), "{ok:?}");
    let missing = load(&rule_text(
        r#"    assert sec3.new.total >= 0 { message "a" }
    assert sec3.carried_in.total >= 0"#,
    ))
    .unwrap_err();
    assert!(missing[0].contains("message"), "{missing:?}");
}

#[test]
fn a_placeholder_without_a_value_is_a_load_error_naming_rule_line_and_placeholder() {
    // `{lhs}` on an assertion that is not a comparison (line 5 of the file).
    let errors = load(&rule_text(
        "    message \"{lhs} 与 {rhs}\"\n    assert sec3.new.total == 1 and sec3.new.total == 2",
    ))
    .unwrap_err();
    assert_eq!(errors.len(), 2, "{errors:?}");
    for (e, name) in errors.iter().zip(["{lhs}", "{rhs}"]) {
        assert!(
            e.contains("规则 `t/r` 第 5 行") && e.contains(name) && e.contains("不是比较"),
            "{e}"
        );
    }
    // The same placeholder is fine on a comparison, and in an English message too.
    let errors = load(&rule_text(
        "    message \"{sentence}\"\n    message.en \"{diff}\"\n    assert sec3.new.total >= 1",
    ))
    .unwrap_err();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].contains("{sentence}"), "{errors:?}");
    // A variable the assertion does not bind, with did-you-mean.
    let errors = load(&rule_text(
        "    message \"{rr.label}\"\n    assert for r in sec3.rows: sec3[r].total >= 0",
    ))
    .unwrap_err();
    assert!(errors[0].contains("r.label"), "{errors:?}");
}

#[test]
fn comparison_sides_and_values_are_never_a_bare_dash() {
    // Seed 000's title names the organ and year; `{value}` of a failing `contains(title, …)`
    // is the title itself, not empty.
    let set = load(&rule_text(
        "    message \"标题：{value}\"\n    assert contains(title, \"不存在的词\")",
    ))
    .unwrap();
    let found = findings(&set, "000");
    assert_eq!(found.len(), 1);
    assert!(
        found[0].message.zh.len() > "标题：".len() + 6,
        "{}",
        found[0].message.zh
    );
    // A side that is no number shows what the report has, not `—`.
    let set = load(&rule_text(
        "    message \"{lhs} / {rhs}\"\n    assert sec3.new.total == config.missing",
    ))
    .unwrap();
    let report = parse("000", &seed_text("000")).report;
    let eval = engine::evaluate(&report, None, &set, &Config::new());
    let message = &eval.not_assessable[0].message;
    assert!(!message.zh.contains('—'), "{message:?}");
}

#[test]
fn every_finding_has_a_location() {
    // A count carries no evidence of its own: the finding points at the first cell it reads.
    let set = load(&rule_text(
        "    message \"{lhs}\"\n    assert count(is_number(sec3.new)) > 100\n    assert year < 2000\n    assert 1 > 2",
    ))
    .unwrap();
    let report = parse("000", &seed_text("000")).report;
    let eval = engine::evaluate(&report, None, &set, &Config::new());
    assert_eq!(eval.findings.len(), 3);
    for f in &eval.findings {
        let d = f.to_diagnostic(&set);
        assert!(!d.labels.is_empty(), "{}: no label", f.message.zh);
    }
    let first = &eval.findings[0].truth.evidence[0];
    assert!(first.path.starts_with("sec3.new."), "{first:?}");
    assert_eq!(eval.findings[1].truth.evidence[0].path, "year");
}

#[test]
fn let_names_an_expression_for_guards_assertions_and_messages() {
    let set = load(&rule_text(
        r#"    let new = sec3.new.total
    let twice = new + new
    message "新收 {new}，两倍 {twice}"
    when new >= 0
    assert twice == new"#,
    ))
    .unwrap();
    let found = findings(&set, "000");
    assert_eq!(found.len(), 1);
    let report = parse("000", &seed_text("000")).report;
    let new = match report.cells.get("sec3.new.total").and_then(|s| s.cell()) {
        Some(c) => c.text.clone(),
        None => panic!("seed 000 has sec3.new.total"),
    };
    let twice = 2 * new.trim().parse::<i64>().unwrap();
    assert_eq!(found[0].message.zh, format!("新收 {new}，两倍 {twice}"));
}

#[test]
fn let_errors_are_named_with_did_you_mean() {
    let twice = load(&rule_text(
        "    message \"m\"\n    let a = 1\n    let a = 2\n    assert a > 0",
    ))
    .unwrap_err();
    assert!(twice[0].contains("defined twice"), "{twice:?}");
    let unknown = load(&rule_text(
        "    message \"m\"\n    let total = 1\n    assert totl > 0",
    ))
    .unwrap_err();
    assert!(
        unknown[0].contains("did you mean the `let` `total`"),
        "{unknown:?}"
    );
    let hides = load(&rule_text(
        "    message \"m\"\n    let year = 1\n    assert year > 0",
    ))
    .unwrap_err();
    assert!(hides[0].contains("hide"), "{hides:?}");
    let placeholder = load(&rule_text(
        "    message \"{totl}\"\n    let total = 1\n    assert total > 0",
    ))
    .unwrap_err();
    assert!(
        placeholder[0].contains("did you mean `total`"),
        "{placeholder:?}"
    );
    // Inlining doubles with each `let` built on the one before: bounded.
    let mut body = String::from("    message \"m\"\n    let a0 = sec3.new.total\n");
    for i in 1..30 {
        body.push_str(&format!("    let a{i} = a{} + a{}\n", i - 1, i - 1));
    }
    body.push_str("    assert a29 > 0");
    let huge = load(&rule_text(&body)).unwrap_err();
    assert!(huge.iter().any(|e| e.contains("too large")), "{huge:?}");
}

#[test]
fn round_is_exact_half_away_from_zero_and_checks_its_places() {
    let set = load(&rule_text(
        "    message \"m\"\n    assert round(2.345, 2) == 2.35 and round(-2.5, 0) == -3 and round(0.125, 2) == 0.13\n    assert round(2.344, 2) != 2.34",
    ))
    .unwrap();
    let report = parse("000", &seed_text("000")).report;
    let eval = engine::evaluate(&report, None, &set, &Config::new());
    assert_eq!((eval.passed, eval.findings.len()), (1, 1));
    for bad in ["-1", "1.5", "sec3.new.total", "19"] {
        let errors = load(&rule_text(&format!(
            "    message \"m\"\n    assert round(1, {bad}) == 1"
        )))
        .unwrap_err();
        assert!(errors[0].contains("round"), "{bad}: {errors:?}");
    }
}

#[test]
fn organ_reads_the_normalised_name_from_the_title() {
    let report = parse("000", &seed_text("000")).report;
    let organ: String = report
        .meta
        .organ
        .as_ref()
        .unwrap()
        .value
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect();
    let set = load(&rule_text(&format!(
        "    message \"{{value}}\"\n    when organ == \"{organ}\"\n    assert organ != \"{organ}\""
    )))
    .unwrap();
    let eval = engine::evaluate(&report, None, &set, &Config::new());
    assert_eq!(eval.findings.len(), 1);
    assert_eq!(eval.skipped_rules, 0);
    // A report whose title names no organ: not assessable, not an empty name.
    let untitled = parse("untitled", "一、总体情况\n本机关依法公开政府信息。\n").report;
    let set = load(&rule_text(
        "    message \"m\"\n    assert organ == \"某机关\"\n    assert organ_kind != \"department\"",
    ))
    .unwrap();
    let eval = engine::evaluate(&untitled, None, &set, &Config::new());
    assert!(eval.findings.is_empty());
    assert_eq!(eval.not_assessable.len(), 2, "{:?}", eval.not_assessable);
    for f in &eval.not_assessable {
        assert_eq!(
            f.outcome,
            engine::Outcome::NotAssessable(engine::value::Na::NoOrgan)
        );
    }
    // A guard on an unknown kind does not hold, whichever way it is asked.
    let guarded = load(&rule_text(
        "    message \"m\"\n    when organ_kind != \"department\"\n    assert 1 > 2",
    ))
    .unwrap();
    let eval = engine::evaluate(&untitled, None, &guarded, &Config::new());
    assert_eq!((eval.skipped_rules, eval.findings.len()), (1, 0));
}

#[test]
fn english_texts_need_their_chinese_and_are_used_under_lang_en() {
    let errors = load(&rule_text("    message.en \"m\"\n    assert 1 > 0")).unwrap_err();
    assert!(
        errors
            .iter()
            .any(|e| e.contains("`message.en` without `message`")),
        "{errors:?}"
    );
    let set = load(&rule_text(
        "    title.en \"T\"\n    message \"中 {lhs}\"\n    message.en \"en {lhs}\"\n    help \"帮助\"\n    help.en \"help\"\n    assert sec3.new.total > 1000000",
    ))
    .unwrap();
    let found = findings(&set, "000");
    let d = found[0].to_diagnostic(&set);
    assert!(d.message.en.starts_with("en ") && d.message.zh.starts_with("中 "));
    assert!(
        d.notes
            .iter()
            .any(|n| n.en == "help: help" && n.zh == "help: 帮助")
    );
    assert_eq!(set.rules[0].title_in(Lang::En), "T");
    assert_eq!(set.rules[0].title_in(Lang::Zh), "t");
}

#[test]
fn explain_and_rules_follow_the_language() {
    let (code, out, _) = run(&[
        "explain",
        "--no-config",
        "--lang",
        "en",
        "national/government-evaluation-results",
    ]);
    assert_eq!(code, Some(0));
    assert!(out.contains("A people's government should report"), "{out}");
    assert!(
        out.contains("help: Regulations on Open Government Information"),
        "{out}"
    );
    let (_, zh, _) = run(&[
        "explain",
        "--no-config",
        "national/government-evaluation-results",
    ]);
    assert!(zh.contains("人民政府应报告"), "{zh}");
    let (_, rules_en, _) = run(&["rules", "--no-config", "--lang", "en"]);
    assert!(rules_en.contains("The overview should cover proactive disclosure"));
}

#[test]
fn a_multi_item_rule_names_exactly_the_missing_items_in_one_finding() {
    let (set, errors) = rules::load(rules::national());
    assert!(errors.is_empty());
    let mut set = set;
    rules::select(
        &mut set,
        &["national/government-evaluation-results".into()],
        &[],
    )
    .unwrap();
    // Seed 000: a people's government whose sections 1 and 5 mention 考核 only.
    let text = seed_text("000");
    let found = findings(&set, "000");
    assert_eq!(found.len(), 1);
    assert_eq!(
        found[0].message.zh,
        "人民政府的年度报告未见社会评议、责任追究结果"
    );
    assert_eq!(
        found[0].message.en,
        "The annual report of a people's government does not report the results of: public review, accountability"
    );
    // With public review stated, only accountability is missing; with all three, nothing.
    let edited = text.replace(
        "确保政务公开工作高效开展。",
        "确保政务公开工作高效开展。组织群众满意度测评1次。",
    );
    let report = parse("000", &edited).report;
    let eval = engine::evaluate(&report, None, &set, &Config::new());
    assert_eq!(eval.findings.len(), 1);
    assert_eq!(
        eval.findings[0].message.zh,
        "人民政府的年度报告未见责任追究结果"
    );
    let all = edited.replace(
        "组织群众满意度测评1次。",
        "组织群众满意度测评1次，未发生责任追究情况。",
    );
    let report = parse("000", &all).report;
    assert!(
        engine::evaluate(&report, None, &set, &Config::new())
            .findings
            .is_empty()
    );
}

#[test]
fn items_need_an_item_on_every_assertion_and_no_message_of_their_own() {
    let no_item = load(&rule_text(
        "    message \"缺 {items}\"\n    assert 1 > 0 { item \"a\" }\n    assert 2 > 0",
    ))
    .unwrap_err();
    assert!(no_item[0].contains("item"), "{no_item:?}");
    let own = load(&rule_text(
        "    message \"缺 {items}\"\n    assert 1 > 0 { item \"a\" message \"x\" }",
    ))
    .unwrap_err();
    assert!(own.iter().any(|e| e.contains("its own message")), "{own:?}");
    let no_en = load(&rule_text(
        "    message \"缺 {items}\"\n    message.en \"lacks {items}\"\n    assert 1 > 0 { item \"a\" }",
    ))
    .unwrap_err();
    assert!(no_en[0].contains("item.en"), "{no_en:?}");
}

#[test]
fn a_multi_item_finding_renders_in_english() {
    let (_, out, _) = run(&[
        "check",
        "--no-config",
        "--color",
        "never",
        "--lang",
        "en",
        "--select",
        "national/government-evaluation-results",
        "tests/data/seeds/000_ea87cd62c8af9600.txt",
    ]);
    insta::assert_snapshot!(out);
}
