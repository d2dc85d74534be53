//! The reader's diagnostics (`parse/*`) are ignored and re-levelled like rules: by `--ignore`,
//! by the configuration's `[severity]`, and by a path override.

mod common;

use assert_cmd::Command;

const REPORT: &str = include_str!("../examples/report.txt");

/// The diagnostic codes and levels `check --format json` gives for `report.txt` in `dir`.
fn codes(dir: &std::path::Path, args: &[&str]) -> Vec<(String, String)> {
    let out = Command::cargo_bin("xxgk-lint")
        .unwrap()
        .current_dir(dir)
        .args(["check", "--format", "json"])
        .args(args)
        .arg("report.txt")
        .output()
        .unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    common::diagnostic_fields(&doc["files"][0], &["code", "severity"])
        .into_iter()
        .map(|f| (f[0].clone(), f[1].clone()))
        .collect()
}

fn has(codes: &[(String, String)], code: &str) -> Option<String> {
    codes
        .iter()
        .find(|(c, _)| c == code)
        .map(|(_, l)| l.clone())
}

#[test]
fn parse_diagnostics_follow_ignore_severity_and_overrides() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("report.txt"), REPORT).unwrap();
    let base = codes(dir.path(), &["--no-config"]);
    assert_eq!(has(&base, "parse/header-variant").as_deref(), Some("info"));
    assert_eq!(has(&base, "parse/column-missing").as_deref(), Some("error"));

    let ignored = codes(dir.path(), &["--no-config", "--ignore", "parse/*"]);
    assert!(
        ignored.iter().all(|(c, _)| !c.starts_with("parse/")),
        "{ignored:?}"
    );
    assert!(ignored.iter().any(|(c, _)| c.starts_with("national/")));

    // Selecting a rule leaves the reader's errors in place.
    let selected = codes(dir.path(), &["--no-config", "--select", "national/sec3-*"]);
    assert_eq!(
        has(&selected, "parse/column-missing").as_deref(),
        Some("error")
    );

    std::fs::write(
        dir.path().join("xxgk-lint.toml"),
        "[severity]\n\"parse/header-variant\" = \"off\"\n\"parse/column-*\" = \"warning\"\n",
    )
    .unwrap();
    let configured = codes(dir.path(), &[]);
    assert_eq!(has(&configured, "parse/header-variant"), None);
    assert_eq!(
        has(&configured, "parse/column-missing").as_deref(),
        Some("warning")
    );

    std::fs::write(
        dir.path().join("xxgk-lint.toml"),
        "[[overrides]]\npaths = [\"report.txt\"]\nignore = [\"parse/column-missing\"]\n",
    )
    .unwrap();
    let overridden = codes(dir.path(), &[]);
    assert_eq!(has(&overridden, "parse/column-missing"), None);
    assert!(has(&overridden, "parse/header-variant").is_some());

    // Override paths match regardless of case, like the inputs' globs (`年报.DOCX`).
    std::fs::write(
        dir.path().join("xxgk-lint.toml"),
        "[[overrides]]\npaths = [\"*.TXT\"]\nignore = [\"parse/column-missing\"]\n",
    )
    .unwrap();
    let overridden = codes(dir.path(), &[]);
    assert_eq!(has(&overridden, "parse/column-missing"), None);
}
