//! A gate never passes what it did not check: upper-case extensions are read, a run that finds
//! no report fails with the reason, and unreadable files are counted in the summary line.

mod common;

const REPORT: &str = include_str!("../examples/report.txt");

fn check(dir: &std::path::Path) -> (Option<i32>, String, String) {
    common::run(&["check", "--no-config", dir.to_str().unwrap()])
}

#[test]
fn upper_case_extensions_are_checked() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("年报.TXT"), REPORT).unwrap();
    let (code, stdout, _) = check(dir.path());
    // The example report has findings: exit 1, and the file is named in them.
    assert_eq!(code, Some(1), "{stdout}");
    assert!(stdout.contains("年报.TXT"), "{stdout}");
    assert!(stdout.contains("检查了 1 个文件"), "{stdout}");
}

#[test]
fn a_run_that_checks_no_report_fails_and_says_why() {
    let empty = tempfile::tempdir().unwrap();
    let (code, _, stderr) = check(empty.path());
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("没有检查任何报告"), "{stderr}");

    let other = tempfile::tempdir().unwrap();
    std::fs::write(other.path().join("README.md"), "# 说明").unwrap();
    std::fs::write(other.path().join("表格.xlsx"), "x").unwrap();
    let (code, _, stderr) = check(other.path());
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("另有 2 个其他文件未检查"), "{stderr}");
}

#[test]
fn unreadable_files_are_counted_in_the_summary() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), REPORT).unwrap();
    std::fs::write(dir.path().join("b.docx"), b"PK\x03\x04 not a zip").unwrap();
    let (code, stdout, stderr) = check(dir.path());
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stdout.contains("检查了 2 个文件：1 个文件无法读取"),
        "{stdout}"
    );
}
