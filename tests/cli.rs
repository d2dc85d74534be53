//! The `parse` command end to end: rendered output (snapshot-tested), the JSON document, exit
//! codes, and bad files that are reported by name while the other files are still parsed.

mod common;

use common::{S000, S002, S004, data_dir, diagnostic_codes, run_binary, text, xxgk_lint};
use std::process::{Command, Output};

fn run(args: &[&str]) -> Output {
    run_binary(args, &data_dir())
}

fn stdout(o: &Output) -> String {
    text(&o.stdout)
}

fn stderr(o: &Output) -> String {
    text(&o.stderr)
}

#[test]
fn human_output_of_seed_000() {
    let o = run(&["parse", "--color", "never", S000]);
    assert!(o.status.success());
    insta::assert_snapshot!(stdout(&o));
}

#[test]
fn human_output_of_seed_002() {
    let o = run(&["parse", "--color", "never", S002]);
    assert!(o.status.success());
    insta::assert_snapshot!(stdout(&o));
}

#[test]
fn human_output_of_seed_004_in_english() {
    let o = run(&["parse", "--color", "never", "--lang", "en", S004]);
    assert!(o.status.success());
    insta::assert_snapshot!(stdout(&o));
}

#[test]
fn colour_is_opt_in_for_pipes() {
    let plain = run(&["parse", S000]);
    assert!(
        !stdout(&plain).contains('\u{1b}'),
        "not a terminal: no colour by default"
    );
    let coloured = run(&["parse", "--color", "always", S000]);
    assert!(stdout(&coloured).contains("\u{1b}["));
}

#[test]
fn json_lists_every_cell_with_its_location() {
    let o = run(&["parse", "--format", "json", S002]);
    assert!(o.status.success());
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(doc["schema"], "xxgk-lint/parse");
    assert_eq!(doc["version"], 1);
    let file = &doc["files"][0];
    assert_eq!(file["meta"]["year"]["value"], 2022);
    assert_eq!(file["meta"]["organ_kind"], "people-government");
    assert_eq!(file["meta"]["template"], "gov-2021");
    let cells = file["cells"].as_array().unwrap();
    assert_eq!(cells.len(), 200);
    let cell = |path: &str| cells.iter().find(|c| c["path"] == path).unwrap().clone();
    let third_party = cell("sec3.results.denied.third_party.natural_person");
    assert_eq!(third_party["kind"], "number");
    assert_eq!(third_party["value"], "7");
    assert_eq!(third_party["raw"], "7");
    assert_eq!(third_party["location"]["line"], 49);
    // Column in characters: `⇥⇥4.保护第三方合法权益⇥` is 14 characters before the 7.
    assert_eq!(third_party["location"]["column"], 15);
    let line_start = std::fs::read_to_string(data_dir().join(S002))
        .unwrap()
        .split('\n')
        .take(48)
        .map(|l| l.len() + 1)
        .sum::<usize>();
    let start = third_party["location"]["byte_start"].as_u64().unwrap() as usize;
    assert_eq!(start - line_start, "\t\t4.保护第三方合法权益\t".len());
    assert_eq!(cell("sec3.new.total")["kind"], "absent");
    assert_eq!(cell("sec2.art20_8.admin_fees.amount")["value"], "658.0625");
    let sections = file["sections"].as_array().unwrap();
    assert_eq!(sections.len(), 6);
    assert_eq!(sections[0]["heading"]["location"]["line"], 5);
    let sentence = &sections[0]["paragraphs"][2]["sentences"][2];
    assert!(
        sentence["text"]
            .as_str()
            .unwrap()
            .starts_with("全年我区受理政府信息公开申请10件"),
        "{sentence}"
    );
    assert_eq!(sentence["location"]["line"], 11);
    assert_eq!(
        diagnostic_codes(file),
        vec![
            "parse/header-variant",
            "parse/column-missing",
            "parse/row-label"
        ]
    );
}

#[test]
fn json_marks_empty_and_ambiguous_cells() {
    let o = run(&["parse", "--format", "json", S004, S000]);
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let cells = |i: usize| doc["files"][i]["cells"].as_array().unwrap().clone();
    let empty = cells(0)
        .into_iter()
        .find(|c| c["path"] == "sec3.results.not_processed.excessive.research")
        .unwrap();
    assert_eq!(empty["kind"], "empty");
    assert_eq!(empty["location"]["line"], 282);
    let amb = cells(1)
        .into_iter()
        .find(|c| c["path"] == "sec4.litigation_after_review.total")
        .unwrap();
    assert_eq!(amb["kind"], "ambiguous");
    let candidates: Vec<&str> = amb["candidates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["raw"].as_str().unwrap())
        .collect();
    assert_eq!(candidates, vec!["1", "1"]);
}

#[test]
fn unreadable_files_are_named_and_the_others_still_parsed() {
    let dir = common::scratch("cli", "bad-inputs");
    let docx = dir.join("report.docx");
    std::fs::write(&docx, b"PK\x03\x04rest of a zip").unwrap();
    let missing = dir.join("missing.txt");
    let seed = data_dir().join(S000);
    let o = run(&[
        "parse",
        "--format",
        "json",
        docx.to_str().unwrap(),
        missing.to_str().unwrap(),
        seed.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("report.docx: 无法读取 .docx 文件：不是有效的 zip 压缩包"),
        "{err}"
    );
    assert!(err.contains("missing.txt: "), "{err}");
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(doc["files"][0]["error"].is_string());
    assert!(doc["files"][1]["error"].is_string());
    assert_eq!(doc["files"][2]["meta"]["year"]["value"], 2023);
}

#[test]
fn gb18030_files_and_encoding_override() {
    let dir = common::scratch("cli", "gb18030");
    let path = dir.join("gbk.txt");
    let text = std::fs::read_to_string(data_dir().join(S000)).unwrap();
    std::fs::write(&path, encoding_rs::GB18030.encode(&text).0).unwrap();
    let o = run(&["parse", "--format", "json", path.to_str().unwrap()]);
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(doc["files"][0]["encoding"], "GB18030");
    assert_eq!(doc["files"][0]["meta"]["organ"]["value"], "山阳区人民政府");
    let bad = run(&["parse", "--encoding", "klingon", path.to_str().unwrap()]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        stderr(&bad).contains("gbk.txt: 未知的编码名称 `klingon`"),
        "{}",
        stderr(&bad)
    );
    let forced = run(&[
        "parse",
        "--lang",
        "en",
        "--color",
        "never",
        "--encoding",
        "utf-8",
        path.to_str().unwrap(),
    ]);
    assert!(
        stdout(&forced).contains("warning[parse/decode]")
            || stdout(&forced).contains("error[parse/decode]"),
        "{}",
        stdout(&forced)
    );
}

#[test]
fn usage_errors_exit_2_and_help_exits_0() {
    xxgk_lint().arg("parse").assert().code(2);
    xxgk_lint().arg("frobnicate").assert().code(2);
    xxgk_lint().arg("--help").assert().success();
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    use std::io::Read;
    let mut child = Command::new(env!("CARGO_BIN_EXE_xxgk-lint"))
        .args(["parse", "--format", "json", S000, S000, S000, S000])
        .current_dir(data_dir())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 16];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    let status = child.wait().unwrap();
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    assert_eq!(status.code(), Some(0), "{err}");
}
