//! `--format concise` prints one line per finding and the summary line; `--statistics` adds
//! counts per code and level, and is refused with the formats that carry every finding.

mod common;

/// `check --no-config` with `args`.
fn run(args: &[&str]) -> (Option<i32>, String, String) {
    let all: Vec<&str> = ["check", "--no-config"]
        .iter()
        .chain(args)
        .copied()
        .collect();
    common::run(&all)
}

#[test]
fn concise_lines_and_statistics() {
    let (code, stdout, _) = run(&["--format", "concise", "--statistics", "examples/report.txt"]);
    assert_eq!(code, Some(1));
    let lines: Vec<&str> = stdout.lines().collect();
    assert!(
        lines.contains(&"examples/report.txt:40:1: error[parse/column-missing] 第三部分表格缺少“总计”列：5 行没有该单元格"),
        "{stdout}"
    );
    let findings = lines
        .iter()
        .filter(|l| l.starts_with("examples/report.txt:"))
        .count();
    let summary = lines
        .iter()
        .position(|l| l.starts_with("检查了 1 个文件"))
        .expect("summary line");
    // Every finding is counted once in the table after the summary.
    let counted: usize = lines[summary + 2..]
        .iter()
        .filter_map(|l| l.split_whitespace().next()?.parse::<usize>().ok())
        .sum();
    assert_eq!(counted, findings, "{stdout}");
    assert_eq!(lines.last(), Some(&"有错误的文件：1 / 1"));

    let (code, _, stderr) = run(&["--format", "json", "--statistics", "examples/report.txt"]);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("--statistics goes with"), "{stderr}");
}
