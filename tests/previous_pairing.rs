//! `--previous` is used only for the same organ's report of the year before, and
//! `--previous-dir` pairs each report with its own.

use assert_cmd::Command;
use serde_json::Value;

const REPORT: &str = include_str!("../examples/report.txt");
const TITLE: &str = "西工区人民政府2022年";

/// `check --format json` in `dir`: each file's diagnostic codes.
fn check(dir: &std::path::Path, args: &[&str]) -> Vec<Vec<String>> {
    let out = Command::cargo_bin("xxgk-lint")
        .unwrap()
        .current_dir(dir)
        .args(["check", "--no-config", "--format", "json"])
        .args(args)
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    doc["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            f["diagnostics"]
                .as_array()
                .unwrap()
                .iter()
                .map(|d| d["code"].as_str().unwrap().to_string())
                .collect()
        })
        .collect()
}

fn write(dir: &std::path::Path, name: &str, title: &str) {
    std::fs::write(dir.join(name), REPORT.replacen(TITLE, title, 1)).unwrap();
}

#[test]
fn a_previous_report_of_another_organ_or_year_is_refused_and_the_right_one_used() {
    assert!(REPORT.contains(TITLE));
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir(d.join("now")).unwrap();
    std::fs::create_dir(d.join("before")).unwrap();
    write(&d.join("now"), "report.txt", TITLE);
    write(&d.join("before"), "own-2021.txt", "西工区人民政府2021年");
    write(&d.join("before"), "other-2021.txt", "涧西区人民政府2021年");
    write(&d.join("before"), "own-2020.txt", "西工区人民政府2020年");

    let mismatch = |args: &[&str]| {
        check(d, args)[0]
            .iter()
            .any(|c| c == "io/previous-mismatch")
    };
    let now = "now/report.txt";
    assert!(mismatch(&["--previous", "before/other-2021.txt", now]));
    assert!(mismatch(&["--previous", "before/own-2020.txt", now]));
    assert!(!mismatch(&["--previous", "before/own-2021.txt", now]));

    // Paired, the cross-year rules run (a copy of the report is flagged as copied); unpaired,
    // they do not.
    let copied = |args: &[&str]| {
        check(d, args)[0]
            .iter()
            .any(|c| c == "national/similar-to-previous")
    };
    assert!(copied(&["--previous", "before/own-2021.txt", now]));
    assert!(!copied(&[now]));
    assert!(!copied(&["--previous", "before/other-2021.txt", now]));
    assert!(copied(&["--previous-dir", "before", now]));
    let by_dir = check(d, &["--previous-dir", "before", now]);
    assert!(!by_dir[0].iter().any(|c| c == "io/previous-mismatch"));
}
