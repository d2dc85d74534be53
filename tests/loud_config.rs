//! Misconfiguration is loud: globs that name nothing warn with the nearest id, a selection that
//! leaves no rule and a rule directory without rule files are errors, and `explain` documents
//! the reader's own codes.

mod common;

use common::run;

const REPORT: &str = "examples/report.txt";

#[test]
fn a_glob_naming_nothing_warns_with_the_nearest_id() {
    let (_, _, stderr) = run(&[
        "check",
        "--no-config",
        "--ignore",
        "nationl/sec3-balance",
        REPORT,
    ]);
    assert!(
        stderr.contains(
            "warning: ignore `nationl/sec3-balance` matches no rule and no parser code; did you mean `national/sec3-balance`?"
        ),
        "{stderr}"
    );
    // A glob naming parser codes names something.
    let (_, _, stderr) = run(&["check", "--no-config", "--ignore", "parse/*", REPORT]);
    assert!(!stderr.contains("matches no rule"), "{stderr}");
}

#[test]
fn a_selection_of_no_rule_and_an_empty_rule_directory_are_errors() {
    let (code, _, stderr) = run(&["check", "--no-config", "--select", "zhejaing/*", REPORT]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("leaves no rule to run"), "{stderr}");

    let empty = tempfile::tempdir().unwrap();
    let dir = empty.path().to_str().unwrap();
    let (code, _, stderr) = run(&["check", "--no-config", "--rules", dir, REPORT]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("holds no *.rule file"), "{stderr}");
}

#[test]
fn explain_documents_parser_codes() {
    let (code, stdout, _) = run(&["explain", "--no-config", "parse/cell-empty"]);
    assert_eq!(code, Some(0));
    assert!(stdout.contains("parse/cell-empty — 解析器诊断"), "{stdout}");
    assert!(stdout.contains("不按 0 计算"), "{stdout}");
    let (code, _, stderr) = run(&["explain", "--no-config", "parse/cel-empty"]);
    assert_eq!(code, Some(2));
    assert!(
        stderr.contains("did you mean `parse/cell-empty`?"),
        "{stderr}"
    );
}

#[test]
fn a_setting_the_rules_need_or_never_read_is_named() {
    let (_, _, stderr) = run(&["check", "--no-config", "--rules", "examples/henan", REPORT]);
    assert!(
        stderr.contains("warning: setting `province` is read by henan/"),
        "{stderr}"
    );
    let (_, _, stderr) = run(&[
        "check",
        "--no-config",
        "--rules",
        "examples/henan",
        "--set",
        "provice=河南",
        REPORT,
    ]);
    assert!(
        stderr.contains("warning: setting `provice` is read by no rule; did you mean `province`?"),
        "{stderr}"
    );
    let (_, _, stderr) = run(&[
        "check",
        "--no-config",
        "--rules",
        "examples/henan",
        "--set",
        "province=河南",
        REPORT,
    ]);
    assert!(!stderr.contains("warning: setting"), "{stderr}");
}
