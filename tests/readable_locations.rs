//! Output people read (issue 14, item 6): places named in Chinese and, under `--lang en`, in
//! English without internal ids; failed comparisons in words; `.docx` findings placed in Word
//! terms (paragraph, or table, row and cell); `--help` in the reader's language.

mod common;
// Shared with tests/formats.rs; only its `.docx` writer is used here.
#[allow(dead_code)]
#[path = "formats/office.rs"]
mod office;

use common::*;
use office::{PBlock, PCell, VMerge};
use xxgk_lint::source::WordPlace;

fn seeds_dir() -> std::path::PathBuf {
    data_dir().join("seeds")
}

#[test]
fn labels_name_places_in_chinese_not_by_id() {
    let (_, out, _) = run(&[
        "check",
        "--no-config",
        "--color",
        "never",
        seeds_dir().to_str().unwrap(),
    ]);
    assert!(out.contains("表三“"), "{out}");
    assert!(
        out.contains("第一部分标题") || out.contains("部分正文"),
        "{out}"
    );
    for id_like in ["”×“", " s1 标题", "sec3.", "sec2.", "sec4.", "不成立"] {
        assert!(!out.contains(id_like), "`{id_like}` in:\n{out}");
    }
}

#[test]
fn english_labels_show_neither_ids_nor_chinese_names() {
    let (_, out, _) = run(&[
        "check",
        "--no-config",
        "--color",
        "never",
        "--lang",
        "en",
        seeds_dir().to_str().unwrap(),
    ]);
    assert!(out.contains("table 3, row \""), "{out}");
    // Labels are the lines under a source line that carry carets or dashes.
    let labels: Vec<&str> = out
        .lines()
        .filter(|l| l.contains("│") && (l.contains('^') || l.contains("--")))
        .collect();
    assert!(!labels.is_empty());
    for label in labels {
        let text = label.trim_start_matches(|c: char| " │^-0123456789".contains(c));
        assert!(
            !text.contains("sec2.") && !text.contains("sec3.") && !text.contains("sec4."),
            "{label}"
        );
        assert!(!text.contains("标题") && !text.contains("正文"), "{label}");
    }
    assert!(!out.contains("does not hold"), "{out}");
}

#[test]
fn json_keeps_its_cell_paths() {
    let o = check_in(&seeds_dir(), "json", &["."]);
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let paths: Vec<&str> = json["files"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| f["diagnostics"].as_array().unwrap())
        .filter_map(|d| d["cell_path"].as_str())
        .collect();
    assert!(paths.iter().any(|p| p.starts_with("sec3.")), "{paths:?}");
}

fn para(text: &str) -> PBlock {
    PBlock::Para {
        text: text.to_string(),
        heading: false,
    }
}

fn cell(text: &str, vmerge: VMerge) -> PCell {
    PCell {
        text: text.to_string(),
        span: 1,
        vmerge,
    }
}

#[test]
fn docx_text_view_knows_its_word_paragraphs_and_cells() {
    let table = |first: &str| {
        PBlock::Table(vec![
            vec![
                cell(first, VMerge::Restart),
                cell("甲", VMerge::No),
                cell("1", VMerge::No),
            ],
            vec![
                cell("", VMerge::Continue),
                cell("乙", VMerge::No),
                cell("2", VMerge::No),
            ],
        ])
    };
    let blocks = vec![
        para("标题"),
        para(""),
        para("第一段正文"),
        table("表一"),
        para("表后一段"),
        table("表二"),
    ];
    let parsed = xxgk_lint::parse_bytes("t.docx", &office::docx(&blocks), None).unwrap();
    let source = &parsed.source;
    let at = |needle: &str| source.text.find(needle).unwrap();
    // Empty paragraphs are not counted: the third block is the second paragraph with text.
    assert_eq!(
        source.word_place_of(at("第一段正文") + 3),
        Some(WordPlace::Paragraph { paragraph: 2 })
    );
    assert_eq!(
        source.word_place_of(at("表后一段")),
        Some(WordPlace::Paragraph { paragraph: 3 })
    );
    // `乙` is in the second table's second row, second cell (the first is the merge's
    // continuation, a cell of its own in Word).
    let second_table = at("表二");
    let yi = second_table + source.text[second_table..].find('乙').unwrap();
    assert_eq!(
        source.word_place_of(yi),
        Some(WordPlace::Cell {
            table: 2,
            row: 2,
            column: 2
        })
    );
    // Plain text has no Word places.
    assert_eq!(parse("t.txt", "标题\n正文\n").source.word_place_of(0), None);
}

/// Every finding on a table cell of a seed laid out as `.docx` names the Word cell that holds
/// the text it points at.
#[test]
fn docx_findings_name_the_word_cell_they_point_at() {
    let mut checked = 0;
    for id in ["000", "001", "002", "003", "004"] {
        let text_parsed = parse(&format!("{id}.txt"), &seed_text(id));
        let blocks = office::physical(&text_parsed);
        let tables: Vec<&Vec<Vec<PCell>>> = blocks
            .iter()
            .filter_map(|b| match b {
                PBlock::Table(rows) => Some(rows),
                PBlock::Para { .. } => None,
            })
            .collect();
        let parsed =
            xxgk_lint::parse_bytes(&format!("{id}.docx"), &office::docx(&blocks), None).unwrap();
        for d in national_diagnostics(&parsed) {
            let Some(span) = d.anchor() else { continue };
            let Some(WordPlace::Cell { table, row, column }) =
                parsed.source.word_place_of(span.start)
            else {
                continue;
            };
            let words = |s: &str| s.split_whitespace().collect::<String>();
            let written = &tables[table - 1][row - 1][column - 1].text;
            let shown = parsed.source.slice(span);
            assert!(
                words(written).contains(&words(shown)),
                "{id} {}: table {table} row {row} cell {column} holds `{written}`, the finding points at `{shown}`",
                d.code
            );
            checked += 1;
        }
    }
    assert!(checked >= 5, "{checked}");
}

#[test]
fn docx_findings_say_where_they_are_in_word_in_every_language_and_json() {
    let dir = scratch("readable", "docx");
    for id in ["000", "001", "002", "003", "004"] {
        let blocks = office::physical(&parse("s.txt", &seed_text(id)));
        std::fs::write(dir.join(format!("{id}.docx")), office::docx(&blocks)).unwrap();
    }
    let o = check_in(&dir, "human", &["."]);
    let out = text(&o.stdout);
    assert!(out.contains("= note: Word 文档第"), "{out}");
    assert!(out.contains("个表格第"), "{out}");
    let o = check_in(&dir, "human", &["--lang", "en", "."]);
    let out = text(&o.stdout);
    assert!(out.contains("= note: Word document table"), "{out}");
    let o = check_in(&dir, "json", &["."]);
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let words: Vec<&serde_json::Value> = json["files"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| f["diagnostics"].as_array().unwrap())
        .filter_map(|d| d["location"].get("word"))
        .collect();
    assert!(words.iter().any(|w| w.get("table").is_some()), "{words:?}");
    assert!(
        words.iter().any(|w| w.get("paragraph").is_some()),
        "{words:?}"
    );
    // Text files keep their locations as they were.
    let o = check_in(&seeds_dir(), "json", &["."]);
    assert!(!text(&o.stdout).contains("\"word\""));
}

fn help(args: &[&str], lang_env: Option<&str>) -> String {
    let mut cmd = xxgk_lint();
    cmd.args(args)
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LANG");
    if let Some(l) = lang_env {
        cmd.env("LANG", l);
    }
    let o = cmd.output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{args:?}");
    text(&o.stdout)
}

#[test]
fn help_follows_lang_and_the_locale() {
    let zh = help(&["check", "--lang", "zh", "--help"], None);
    assert!(
        zh.contains("用法：") && zh.contains("用规则包检查报告文件"),
        "{zh}"
    );
    let zh = help(&["--help"], Some("zh_CN.UTF-8"));
    assert!(zh.contains("命令") && zh.contains("显示帮助"), "{zh}");
    let en = help(&["check", "--help"], Some("C.UTF-8"));
    assert!(
        en.contains("Usage:") && en.contains("Lint report files"),
        "{en}"
    );
    let en = help(&["check", "--lang", "en", "-h"], Some("zh_CN.UTF-8"));
    assert!(en.contains("Usage:"), "{en}");
    // Before the subcommand, `--lang` chooses the help's language and reaches the subcommand.
    let zh = help(&["--lang", "zh", "--help"], Some("C"));
    assert!(zh.contains("用法：") && zh.contains("命令"), "{zh}");
    let (_, out, _) = run(&[
        "--lang",
        "en",
        "check",
        "--no-config",
        "--color",
        "never",
        seeds_dir().to_str().unwrap(),
    ]);
    assert!(out.contains("table 3, row \""), "{out}");
}
