//! `check --write-baseline` / `--baseline`: an evaluator sees only new problems. Keys do not
//! depend on line numbers, the file is the same bytes for the same findings, and a missing or
//! foreign baseline stops the run instead of reporting everything as new.

mod common;

use assert_cmd::Command;
use common::scratch;
use serde_json::Value;
use std::path::Path;

fn report() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/report.txt"))
        .unwrap()
}

fn check(dir: &Path, args: &[&str]) -> (Option<i32>, Value) {
    let out = Command::cargo_bin("xxgk-lint")
        .unwrap()
        .current_dir(dir)
        .args(["check", "--no-config", "--format", "json"])
        .args(args)
        .arg("report.txt")
        .output()
        .unwrap();
    let doc = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    (out.status.code(), doc)
}

fn codes(doc: &Value) -> Vec<String> {
    doc["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn a_baseline_hides_known_findings_and_only_new_ones_fail() {
    let dir = scratch("baseline", "new-only");
    std::fs::write(dir.join("report.txt"), report()).unwrap();
    let (code, first) = check(&dir, &["--write-baseline", "baseline.json"]);
    assert_eq!(code, Some(1));
    let known = codes(&first).len();
    assert!(known >= 3, "{first}");
    let written = std::fs::read(dir.join("baseline.json")).unwrap();
    // The same findings give the same file.
    check(&dir, &["--write-baseline", "baseline.json"]);
    assert_eq!(std::fs::read(dir.join("baseline.json")).unwrap(), written);

    let (code, doc) = check(&dir, &["--baseline", "baseline.json"]);
    assert_eq!(code, Some(0), "{doc}");
    assert!(codes(&doc).is_empty(), "{doc}");
    assert_eq!(doc["summary"]["baselined"], known);

    // A paragraph added above every finding moves them all down a line: still known.
    let moved = report().replacen(
        "一、总体情况\n",
        "一、总体情况\n\n本年度新增一段说明。\n",
        1,
    );
    std::fs::write(dir.join("report.txt"), &moved).unwrap();
    let (code, doc) = check(&dir, &["--baseline", "baseline.json"]);
    assert_eq!(code, Some(0), "{doc}");
    assert!(codes(&doc).is_empty(), "{doc}");

    // A new defect in section 4 (结果维持 2 under a total of 1) is the one finding reported.
    let broken = moved.replacen("\n1\t0\t0\t0\t1\t", "\n2\t0\t0\t0\t1\t", 1);
    assert_ne!(broken, moved);
    std::fs::write(dir.join("report.txt"), &broken).unwrap();
    let (code, doc) = check(&dir, &["--baseline", "baseline.json"]);
    assert_eq!(code, Some(1), "{doc}");
    assert_eq!(codes(&doc), ["national/sec4-group-total"], "{doc}");
}

#[test]
fn an_unreadable_or_foreign_baseline_stops_the_run() {
    let dir = scratch("baseline", "bad");
    std::fs::write(dir.join("report.txt"), report()).unwrap();
    let (code, _) = check(&dir, &["--baseline", "missing.json"]);
    assert_eq!(code, Some(2));
    std::fs::write(
        dir.join("other.json"),
        r#"{"schema":"x","version":1,"findings":[]}"#,
    )
    .unwrap();
    let (code, _) = check(&dir, &["--baseline", "other.json"]);
    assert_eq!(code, Some(2));
    // Never written over a report.
    let (code, _) = check(&dir, &["--write-baseline", "report.txt"]);
    assert_eq!(code, Some(2));
    assert_eq!(
        std::fs::read_to_string(dir.join("report.txt")).unwrap(),
        report()
    );
}
