//! `xxgk-lint test`: a pack's fixtures beside its rules, run with the exit codes, the diff of
//! a failing case, the coverage gate and the JSON document that a province's CI relies on.

mod common;

use assert_cmd::Command;
use common::{scratch, seed_text};
use serde_json::Value;
use std::path::{Path, PathBuf};

const RULE: &str = r#"
rule few-requests {
    title    "本年新收申请不超过 100 件"
    severity error
    message  "本年新收申请 {value} 件，超过 100 件"
    assert   sec3.new.total <= 100
}

rule any-requests {
    title    "本年新收申请不为负"
    severity warning
    message  "本年新收申请为负数"
    assert   sec3.new.total >= 0
}
"#;

/// A pack `county` with the two rules above, a copy of seed 004 (84 new requests, on line
/// 92) and the recipe `recipe` for `few-requests`.
fn pack(name: &str, recipe: &str) -> PathBuf {
    let dir = scratch("pack-test", name).join("county");
    std::fs::create_dir_all(dir.join("tests")).unwrap();
    std::fs::write(dir.join("county.rule"), RULE).unwrap();
    std::fs::write(dir.join("tests/seed.txt"), seed_text("004")).unwrap();
    std::fs::write(dir.join("tests/few-requests.toml"), recipe).unwrap();
    dir
}

const GOOD: &str = r#"
[[case]]
name = "pass"
base = "seed.txt"
failures = 0

[[case]]
name = "fail"
base = "seed.txt"
edits = [["\t84\n", "\t184\n"]]
failures = 1
lines = [92]
"#;

fn test(dir: &Path, extra: &[&str]) -> (Option<i32>, String) {
    let out = Command::cargo_bin("xxgk-lint")
        .unwrap()
        .arg("test")
        .args(extra)
        .arg(dir)
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

#[test]
fn a_pack_whose_cases_hold_passes_and_an_uncovered_rule_is_named() {
    let dir = pack("good", GOOD);
    let (code, out) = test(&dir, &[]);
    assert_eq!(code, Some(0), "{out}");
    assert!(
        out.contains("warning: county/any-requests 缺少通过和不通过的用例"),
        "{out}"
    );
    assert!(out.contains("2 条规则，2 个用例，0 个失败"), "{out}");
    // The coverage gate turns the missing cases into a failure.
    let (code, out) = test(&dir, &["--require-coverage"]);
    assert_eq!(code, Some(1), "{out}");
    assert!(out.contains("error: county/any-requests"), "{out}");
}

#[test]
fn a_failing_case_says_what_differs_and_shows_the_findings() {
    let dir = pack("count", &GOOD.replace("failures = 1", "failures = 2"));
    let (code, out) = test(&dir, &[]);
    assert_eq!(code, Some(1), "{out}");
    assert!(
        out.contains("FAILED county/few-requests  few-requests.toml#fail"),
        "{out}"
    );
    assert!(out.contains("应报告 2 处，实际报告 1 处"), "{out}");
    assert!(out.contains("本年新收申请 184 件，超过 100 件"), "{out}");

    let dir = pack("line", &GOOD.replace("lines = [92]", "lines = [93]"));
    let (code, out) = test(&dir, &[]);
    assert_eq!(code, Some(1), "{out}");
    assert!(
        out.contains("应在第 [93] 行报告，实际在第 [92] 行"),
        "{out}"
    );

    // A pass case the rule never reaches proves nothing.
    let dir = pack(
        "guarded",
        &GOOD.replace(
            "\nfailures = 0",
            "\nedits = [[\"\\t84\\n\", \"\\t\\n\"]]\nfailures = 0",
        ),
    );
    let (code, out) = test(&dir, &[]);
    assert_eq!(code, Some(1), "{out}");
}

#[test]
fn broken_fixtures_and_fixtures_for_no_rule_fail_the_run() {
    let dir = pack(
        "edit",
        &GOOD.replace("\"\\t84\\n\", \"\\t184\\n\"", "\"no such text\", \"x\""),
    );
    let (code, out) = test(&dir, &[]);
    assert_eq!(code, Some(1), "{out}");
    assert!(out.contains("does not occur"), "{out}");

    let dir = pack("unknown", GOOD);
    std::fs::write(dir.join("tests/fewer-requests.toml"), GOOD).unwrap();
    let (code, out) = test(&dir, &[]);
    assert_eq!(code, Some(1), "{out}");
    assert!(out.contains("中没有规则 county/fewer-requests"), "{out}");

    let (code, _) = test(Path::new("no/such/pack"), &[]);
    assert_eq!(code, Some(2));
}

#[test]
fn report_files_beside_their_expectations_are_cases_too() {
    let dir = pack("files", GOOD);
    let folder = dir.join("tests/any-requests");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(folder.join("pass.txt"), seed_text("004")).unwrap();
    let negative = seed_text("004").replace("\t84\n", "\t-84\n");
    std::fs::write(folder.join("fail-1-negative.txt"), &negative).unwrap();
    let (code, out) = test(&dir, &["--require-coverage"]);
    assert_eq!(code, Some(0), "{out}");
    // A sidecar gives the expectation a file name cannot.
    std::fs::write(folder.join("odd.txt"), &negative).unwrap();
    std::fs::write(folder.join("odd.toml"), "failures = 1\nlines = [92]\n").unwrap();
    let (code, out) = test(&dir, &["--format", "json"]);
    assert_eq!(code, Some(0), "{out}");
    let doc: Value = serde_json::from_str(&out).unwrap();
    let cases = doc["packs"][0]["cases"].as_array().unwrap();
    let odd = cases
        .iter()
        .find(|c| c["case"] == "any-requests/odd.txt")
        .expect("the sidecar case");
    assert_eq!(odd["got"]["lines"], serde_json::json!([92]));
    assert_eq!(odd["expect"]["failures"], 1);
    assert_eq!(cases.len(), 5);
}
