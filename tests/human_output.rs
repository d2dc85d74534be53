//! Human output a civil servant reads: a finding in a long paragraph shows a window of the line
//! around it (`…` where text is left out), one terminal row wide, its caret on that row and the
//! header still naming the column in the whole line.

use assert_cmd::Command;

fn columns(line: &str) -> usize {
    line.chars()
        .map(|c| {
            if c as u32 >= 0x1100 && c != '…' {
                2
            } else {
                1
            }
        })
        .sum()
}

#[test]
fn a_finding_in_a_long_paragraph_shows_a_window_of_its_line() {
    let out = Command::cargo_bin("xxgk-lint")
        .unwrap()
        .args([
            "check",
            "--no-config",
            "--color",
            "never",
            "examples/report.txt",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let block: Vec<&str> = text
        .split("\n\n")
        .find(|b| b.contains("narrative-requests-received"))
        .expect("the finding")
        .lines()
        .collect();
    // The paragraph is 385 columns wide; its finding is 92 characters in.
    assert!(
        block[1].ends_with("examples/report.txt:11:92"),
        "{}",
        block[1]
    );
    let source = block
        .iter()
        .find(|l| l.starts_with("11 │"))
        .expect("line 11");
    let shown = source.trim_start_matches("11 │ ");
    assert!(shown.starts_with('…') && shown.ends_with('…'), "{source}");
    assert!(
        columns(shown) <= 100,
        "{} columns: {source}",
        columns(shown)
    );
    // The caret is on the next row, under `10` in 受理政府信息公开申请10件.
    let caret = block[block.iter().position(|l| l.starts_with("11 │")).unwrap() + 1];
    let at = caret.find("^^").expect("caret");
    let prefix_columns = columns(&caret[..at]);
    let before_ten = &source[..source.find("10件").unwrap()];
    assert_eq!(prefix_columns, columns(before_ten), "{source}\n{caret}");
}
