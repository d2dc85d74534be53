//! `[[waivers]]`: an approved deviation is shown as waived with its reason and does not fail
//! the run; an expired one is an error and waives nothing; one that covers nothing is a warning.

mod common;

use common::{run_in, scratch};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// A folder with `examples/report.txt` (errors: the narrative's 10 received requests against
/// the table's 12 on line 11, and a missing 总计 column on line 40) and `waivers` as its
/// configuration.
fn project(name: &str, waivers: &str) -> PathBuf {
    let dir = scratch("waivers", name);
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/report.txt"),
        dir.join("report.txt"),
    )
    .unwrap();
    std::fs::write(dir.join("xxgk-lint.toml"), waivers).unwrap();
    dir
}

const NARRATIVE: &str = r#"
[[waivers]]
rule = "national/narrative-requests-received"
paths = ["*.txt"]
line = "受理政府信息公开申请"
reason = "热线转办的 2 件按省里口径计入本年新收"
approved-by = "区政务公开办"
expires = 2999-12-31
"#;

const COLUMN: &str = r#"
[[waivers]]
rule = "parse/column-missing"
reason = "旧模板表格，已报备"
approved-by = "区政务公开办"
expires = "2999-12-31"
"#;

fn check(dir: &Path, format: &str) -> (Option<i32>, String, String) {
    run_in(dir, &["check", "--format", format, "report.txt"])
}

#[test]
fn a_waived_finding_is_shown_with_its_reason_and_does_not_fail_the_run() {
    let dir = project("one", NARRATIVE);
    let (code, out, _) = check(&dir, "human");
    // The other error still fails the run.
    assert_eq!(code, Some(1), "{out}");
    assert!(
        out.contains("note[national/narrative-requests-received]: （已豁免）正文称收到"),
        "{out}"
    );
    assert!(
        out.contains("已豁免：热线转办的 2 件按省里口径计入本年新收（批准：区政务公开办，有效期至 2999-12-31）"),
        "{out}"
    );
    assert!(
        out.contains("1 个错误") && out.contains("1 个已豁免"),
        "{out}"
    );

    let dir = project("both", &format!("{NARRATIVE}{COLUMN}"));
    let (code, out, _) = check(&dir, "json");
    assert_eq!(code, Some(0), "{out}");
    let doc: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["summary"]["waived"], 2);
    assert_eq!(doc["summary"]["errors"], 0);
    let waived: Vec<&Value> = doc["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["waived"].is_object())
        .collect();
    assert_eq!(waived.len(), 2);
    assert_eq!(waived[0]["waived"]["approved_by"], "区政务公开办");
    let (_, out, _) = check(&dir, "sarif");
    let sarif: Value = serde_json::from_str(&out).unwrap();
    let suppressed = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["suppressions"][0]["kind"] == "external")
        .count();
    assert_eq!(suppressed, 2);
    let (code, out, _) = check(&dir, "junit");
    assert_eq!(code, Some(0));
    assert!(out.contains("failures=\"0\""), "{out}");
}

#[test]
fn an_expired_waiver_is_an_error_and_waives_nothing() {
    let dir = project("expired", &NARRATIVE.replace("2999-12-31", "2001-01-01"));
    let (code, out, err) = check(&dir, "concise");
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("已于 2001-01-01 过期"), "{err}");
    assert!(out.contains("2 个错误") && !out.contains("已豁免"), "{out}");
}

#[test]
fn a_waiver_that_covers_nothing_is_named() {
    // The line it names is not the finding's line.
    let dir = project(
        "unused",
        &NARRATIVE.replace("line = \"受理政府信息公开申请\"", "line = \"行政复议\""),
    );
    let (code, out, err) = check(&dir, "concise");
    assert_eq!(code, Some(1));
    assert!(
        err.contains("[[waivers]] #1（national/narrative-requests-received） 没有匹配任何发现"),
        "{err}"
    );
    assert!(!out.contains("已豁免"), "{out}");
}
