//! `--lang en` says everything in English: no Chinese the tool writes itself reaches a reader,
//! in any format, for the reports in `tests/data` and `examples/`.
//!
//! Chinese is allowed only where it is *quoted*, because the report is Chinese and the reader
//! looks for its wording:
//! - between backticks (`` `总计` ``) or Chinese quotation marks (“…”): the template's or the
//!   report's wording, named after its English name (`"total" (`总计`)`);
//! - in a label (a located span's message), after `: `: the text found there (`text of
//!   section 1 (overview): 收到申请10件`);
//! - in fields that are the report's own text: file names, and `source`, `title` and `organ`
//!   of `parse` output.
//!
//! A rule's `doc` and a pack's description are written in Chinese only by their authors; the
//! Markdown of `rules --format md` shows the doc as a `> ` quotation and the description in “”.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

/// CJK ideographs and full-width punctuation.
fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3000}'..='\u{303f}' | '\u{3400}'..='\u{9fff}' | '\u{ff00}'..='\u{ffef}')
}

/// `text` without its quoted parts (between backticks, or “ and ”). A quotation left open
/// quotes nothing: its text counts as unquoted.
fn unquoted(text: &str) -> String {
    let mut out = String::new();
    let mut open: Option<(char, String)> = None;
    for c in text.chars() {
        match &mut open {
            Some((end, _)) if c == *end => open = None,
            Some((_, inside)) => inside.push(c),
            None if c == '`' => open = Some(('`', String::new())),
            None if c == '“' => open = Some(('”', String::new())),
            None => out.push(c),
        }
    }
    if let Some((_, inside)) = open {
        out.push_str(&inside);
    }
    out
}

/// Chinese terms still written unquoted, glossed in English, in rule text this branch does
/// not own: `rules/national/arithmetic.rule` writes `其中 ("of which")`. The only exception;
/// quoting the term there (`` `其中` ``) lets it go.
const GLOSSED: &[&str] = &["其中 (\"of which\")", "其中, \"of which\""];

/// The Chinese `text` writes outside quotation, if any.
fn unquoted_cjk(text: &str) -> Option<String> {
    let text = GLOSSED
        .iter()
        .fold(text.to_string(), |t, g| t.replace(g, ""));
    let found: String = unquoted(&text).chars().filter(|&c| is_cjk(c)).collect();
    (!found.is_empty()).then_some(found)
}

/// The same for a label: what follows `: ` is the text found at the span.
fn label_cjk(text: &str) -> Option<String> {
    unquoted_cjk(text.split_once(": ").map_or(text, |(name, _)| name))
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Every report file under `tests/data` and `examples/` the tool reads.
fn reports() -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut dirs = vec![root().join("tests/data"), root().join("examples")];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| ["txt", "docx", "html", "pdf"].contains(&e))
            {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

/// The files the command-line checks run on: the seeds, the examples and one of each format.
fn cli_inputs() -> Vec<String> {
    let mut files: Vec<String> = std::fs::read_dir(root().join("tests/data/seeds"))
        .unwrap()
        .map(|e| e.unwrap().path().display().to_string())
        .collect();
    files.sort();
    for f in [
        "examples/report.txt",
        "examples/report.docx",
        "examples/report.html",
        "tests/data/formats/report.libreoffice.pdf",
        "tests/data/formats/official-template.docx",
    ] {
        files.push(root().join(f).display().to_string());
    }
    files
}

fn run(args: &[&str], files: &[String]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_xxgk-lint"))
        .current_dir(root())
        .args(args)
        .args(files)
        .output()
        .unwrap();
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn every_parser_diagnostic_has_english_without_chinese_of_its_own() {
    let mut bad = Vec::new();
    let files = reports();
    assert!(files.len() > 50, "test data not found: {files:?}");
    for path in files {
        let bytes = std::fs::read(&path).unwrap();
        let name = path.display().to_string();
        let Ok(parsed) = xxgk_lint::parse_bytes(&name, &bytes, None) else {
            continue;
        };
        for d in &parsed.report.diagnostics {
            let texts = std::iter::once((&d.message, false))
                .chain(d.notes.iter().map(|n| (n, false)))
                .chain(d.labels.iter().map(|l| (&l.message, true)));
            for (text, is_label) in texts {
                let cjk = if is_label {
                    label_cjk(&text.en)
                } else {
                    unquoted_cjk(&text.en)
                };
                if let Some(cjk) = cjk {
                    bad.push(format!("{name}: {}: {:?} ({cjk})", d.code, text.en));
                }
            }
        }
    }
    bad.sort();
    bad.dedup();
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

/// Every string of a JSON document, with whether it is a label's message; the report's own
/// text (file names, `source`) skipped.
fn json_strings<'v>(v: &'v Value, in_label: bool, out: &mut Vec<(&'v str, bool)>) {
    match v {
        Value::Object(map) => {
            for (k, x) in map {
                if ["file", "uri", "source", "title", "organ"].contains(&k.as_str()) {
                    continue;
                }
                let label = in_label || k == "labels" || k == "relatedLocations";
                json_strings(x, label, out);
            }
        }
        Value::Array(items) => items.iter().for_each(|x| json_strings(x, in_label, out)),
        Value::String(s) => out.push((s, in_label)),
        _ => {}
    }
}

fn json_offences(doc: &Value) -> Vec<String> {
    let mut strings = Vec::new();
    json_strings(doc, false, &mut strings);
    strings
        .into_iter()
        .filter_map(|(s, label)| {
            let cjk = if label {
                label_cjk(s)
            } else {
                // A SARIF message is the headline and its notes, a line each.
                s.lines().find_map(unquoted_cjk)
            };
            cjk.map(|c| format!("{s:?} ({c})"))
        })
        .collect()
}

#[test]
fn json_and_sarif_in_english_have_no_chinese_of_their_own() {
    let files = cli_inputs();
    for format in ["json", "sarif"] {
        let text = run(&["check", "--lang", "en", "--format", format], &files);
        let doc: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{format}: {e}"));
        let mut bad = json_offences(&doc);
        bad.sort();
        bad.dedup();
        assert!(bad.is_empty(), "--format {format}:\n{}", bad.join("\n"));
    }
    // SARIF's rule metadata is there, and English.
    let sarif = run(&["check", "--lang", "en", "--format", "sarif"], &files);
    assert!(sarif.contains("\"shortDescription\""), "{sarif}");
}

#[test]
fn parse_json_in_english_has_no_chinese_of_its_own() {
    let text = run(
        &["parse", "--lang", "en", "--format", "json"],
        &cli_inputs(),
    );
    let doc: Value = serde_json::from_str(&text).unwrap();
    // `parse` JSON also carries the report's cells and labels as read; only the diagnostics
    // are the tool's words.
    let mut bad: Vec<String> = doc["files"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| json_offences(&f["diagnostics"]))
        .collect();
    bad.sort();
    bad.dedup();
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn line_formats_in_english_have_no_chinese_of_their_own() {
    let files = cli_inputs();
    let mut bad = Vec::new();
    for format in ["concise", "github"] {
        let text = run(&["check", "--lang", "en", "--format", format], &files);
        for line in text.lines() {
            // `FILE:LINE:COL: level[code] MESSAGE` / `::level file=…,title=code::MESSAGE`.
            let message = match format {
                "concise" => line.split_once("] ").map_or(line, |(_, m)| m),
                _ => line.rsplit_once("::").map_or(line, |(_, m)| m),
            };
            if let Some(cjk) = unquoted_cjk(message) {
                bad.push(format!("{format}: {line} ({cjk})"));
            }
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn concise_names_the_word_place_of_a_docx_finding() {
    let docx = root().join("examples/report.docx").display().to_string();
    let en = run(
        &["check", "--lang", "en", "--format", "concise"],
        std::slice::from_ref(&docx),
    );
    assert!(en.contains(" — Word document table "), "{en}");
    let zh = run(&["check", "--format", "concise"], &[docx]);
    assert!(zh.contains(" — Word 文档第"), "{zh}");
}

#[test]
fn rules_and_explain_in_english_have_no_chinese_of_their_own() {
    let mut bad = Vec::new();
    let md = run(&["rules", "--lang", "en", "--format", "md"], &[]);
    assert!(md.starts_with("# Rules"), "{md}");
    // The rule's doc is the author's Chinese, quoted as a block.
    for line in md.lines().filter(|l| !l.starts_with('>')) {
        if let Some(cjk) = unquoted_cjk(line) {
            bad.push(format!("rules --format md: {line} ({cjk})"));
        }
    }
    for line in run(&["rules", "--lang", "en"], &[]).lines() {
        if let Some(cjk) = unquoted_cjk(line) {
            bad.push(format!("rules: {line} ({cjk})"));
        }
    }
    for line in run(&["explain", "--lang", "en", "parse/*"], &[]).lines() {
        if let Some(cjk) = unquoted_cjk(line) {
            bad.push(format!("explain: {line} ({cjk})"));
        }
    }
    for line in run(&["test", "--lang", "en"], &[]).lines() {
        if let Some(cjk) = unquoted_cjk(line) {
            bad.push(format!("test: {line} ({cjk})"));
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn the_quotation_rules_of_this_test_catch_what_they_should() {
    assert_eq!(unquoted_cjk("lacks the \"total\" (`总计`) column"), None);
    assert_eq!(
        unquoted_cjk("only 6 values (一、本年新收)").as_deref(),
        Some("一、本年新收")
    );
    assert_eq!(unquoted_cjk("the text says “收到10件”"), None);
    assert_eq!(label_cjk("text of section 1 (overview): 收到10件"), None);
    assert_eq!(
        label_cjk("第一部分正文: 10").as_deref(),
        Some("第一部分正文")
    );
    // A quotation never closed hides nothing after it.
    assert_eq!(
        unquoted_cjk("`总计 column 其他").as_deref(),
        Some("总计其他")
    );
}
