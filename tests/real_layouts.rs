//! Real reports in the layouts offices and crawlers hold (tests/data/real): crawler text with a
//! cell per line, cells ended by lone `|` lines, blank-line-separated cells, pipe rows with
//! inner empty cells, spaced PDF text, page chrome and excerpts cut short. Every cell the text
//! determines is read exactly; every other one is left unread with the reason reported.

mod common;

use common::{data_dir, describe, national_diagnostics, parse};
use serde_json::Value;
use xxgk_lint::Parsed;
use xxgk_lint::normalise::CellValue;
use xxgk_lint::report::Slot;

fn parse_file(path: &std::path::Path) -> Parsed {
    let bytes = std::fs::read(path).expect("test file");
    xxgk_lint::parse_bytes(path.to_str().unwrap(), &bytes, None).expect("decodes")
}

fn excerpt(name: &str) -> Parsed {
    parse_file(&data_dir().join("real/excerpts").join(name))
}

fn codes(p: &Parsed) -> Vec<(&str, usize)> {
    p.report
        .diagnostics
        .iter()
        .map(|d| {
            let line = d
                .labels
                .iter()
                .find(|l| l.primary)
                .map_or(0, |l| p.source.line_col(l.span.start).line);
            (d.code.as_str(), line)
        })
        .collect()
}

fn has(p: &Parsed, code: &str) -> bool {
    p.report.diagnostics.iter().any(|d| d.code == code)
}

/// The number read at `path` of `p`, if one was.
fn cell(p: &Parsed, path: &str) -> Option<String> {
    number(p.report.cells.get(path))
}

/// The number in a present number cell.
fn number(slot: Option<&Slot>) -> Option<String> {
    match slot {
        Some(Slot::Present(c)) => match &c.value {
            CellValue::Number { value, .. } => Some(value.to_string()),
            _ => None,
        },
        _ => None,
    }
}

#[test]
fn crawler_pages_give_every_determined_cell_and_guess_none() {
    let dir = data_dir().join("real/crawler");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    assert!(files.len() >= 10);
    let (mut exact, mut known, mut left_ambiguous) = (0, 0, 0);
    for path in &files {
        let expected: Value = serde_json::from_str(
            &std::fs::read_to_string(path.with_extension("expected.json")).unwrap(),
        )
        .unwrap();
        let parsed = parse_file(path);
        let name = path.file_name().unwrap().to_string_lossy();
        assert_eq!(
            parsed.report.template,
            expected["template"].as_str().unwrap(),
            "{name}"
        );
        assert!(
            !has(&parsed, "parse/table-missing"),
            "{name}: {:?}",
            codes(&parsed)
        );
        assert!(!has(&parsed, "parse/not-a-report"), "{name}");
        for (path, want) in expected["cells"].as_object().unwrap() {
            let slot = parsed.report.cells.get(path);
            let got = number(slot);
            match want {
                Value::Null => assert_eq!(
                    got,
                    None,
                    "{name} {path}: the text does not determine this cell, read as {}",
                    describe(slot)
                ),
                Value::Number(n) => {
                    known += 1;
                    match got {
                        Some(g) => {
                            assert_eq!(g, n.to_string(), "{name} {path}");
                            exact += 1;
                        }
                        // A number split over two lines (`1` / `62`) leaves its row with one
                        // value too many: the row is reported and left ambiguous, not joined.
                        None => {
                            assert!(
                                matches!(slot, Some(Slot::Ambiguous { .. })),
                                "{name} {path}: {}",
                                describe(slot)
                            );
                            assert!(has(&parsed, "parse/cell-count"), "{name}");
                            left_ambiguous += 1;
                        }
                    }
                }
                _ => panic!("{name} {path}: unexpected {want}"),
            }
        }
    }
    assert_eq!(exact + left_ambiguous, known);
    // 746 known cells; the three rows of one page with a number split over two lines stay
    // ambiguous.
    assert!(exact >= 725, "{exact} of {known} cells read exactly");
}

#[test]
fn a_crawler_page_that_dropped_empty_cells_reports_each_row_undetermined_once() {
    let p = parse_file(&data_dir().join("real/crawler/017_fujian_putian_kjj_2021.txt"));
    let undetermined: Vec<_> = p
        .report
        .diagnostics
        .iter()
        .filter(|d| d.code == "parse/row-undetermined")
        .collect();
    // 2 section-2 rows, 25 section-3 rows and the section-4 row show fewer values than columns.
    assert_eq!(undetermined.len(), 28, "{:?}", codes(&p));
    assert!(
        undetermined
            .iter()
            .all(|d| d.severity == xxgk_lint::diagnostic::Severity::Warning)
    );
    assert!(!has(&p, "parse/cell-count"));
    let row = undetermined
        .iter()
        .find(|d| d.message.zh.contains("一、本年新收"))
        .expect("the row of 本年新收");
    assert!(row.message.zh.contains("1 个数值") && row.message.zh.contains("7 列"));
    assert!(matches!(
        p.report.cells.get("sec3.new.natural_person"),
        Some(Slot::Ambiguous { .. })
    ));
}

#[test]
fn crawler_headings_beat_the_preamble_listing_the_parts() {
    // The preamble names the six parts, one per crawler line, before the numbered headings.
    let p = parse_file(&data_dir().join("real/crawler/006_fujian_sanming_city_2021.txt"));
    for code in [
        "parse/section-unnumbered",
        "parse/section-out-of-order",
        "parse/section-missing",
    ] {
        assert!(!has(&p, code), "{code}: {:?}", codes(&p));
    }
    let s5 = p.report.section("s5").unwrap().heading.as_ref().unwrap();
    assert!(s5.text.starts_with("五、"), "{}", s5.text);
}

#[test]
fn lone_pipe_cells_are_read_in_place() {
    // A cell per line, each ended by a line holding only `|`.
    let p = excerpt("0042.txt");
    for code in [
        "parse/header-unrecognised",
        "parse/cell-text",
        "parse/template-mismatch",
    ] {
        assert!(!has(&p, code), "{code}: {:?}", codes(&p));
    }
    assert_eq!(
        cell(&p, "sec2.art20_1.rules.in_force").as_deref(),
        Some("6")
    );
    assert_eq!(cell(&p, "sec3.new.total").as_deref(), Some("0"));
}

#[test]
fn lone_pipe_row_ends_keep_a_blank_cell_in_its_column() {
    // `行政处罚 |` `|` `+239 |` `239 |` `|`: the first lone `|` is the blank 上一年项目数量 cell,
    // the last one ends the row.
    let p = excerpt("0098.txt");
    let blank = p
        .report
        .diagnostics
        .iter()
        .find(|d| d.code == "parse/cell-empty")
        .expect("the blank cell is reported");
    assert_eq!(p.source.line_col(blank.labels[0].span.start).line, 46);
    assert!(!has(&p, "parse/cell-count"), "{:?}", codes(&p));
    assert_eq!(
        cell(&p, "sec2.art20_6.admin_penalty.decisions").as_deref(),
        Some("239")
    );
}

#[test]
fn cells_separated_by_blank_lines_with_wrapped_headers() {
    // `本年新` / blank / `制作数量`: one header broken over two cells.
    let p = excerpt("0022.txt");
    assert!(!has(&p, "parse/header-unrecognised"), "{:?}", codes(&p));
    assert_eq!(p.report.template, "gov-2019");
    // `规范性文件` / blank / ` 5` / blank / `5` / blank / ` 5`: each value in its column.
    for column in ["new_made", "new_published", "published_total"] {
        let path = format!("sec2.art20_1.normative_docs.{column}");
        assert_eq!(cell(&p, &path).as_deref(), Some("5"), "{path}");
    }
}

#[test]
fn a_2019_table_in_a_2023_report_is_reported_at_the_title() {
    let p = excerpt("0044.txt");
    let d = p
        .report
        .diagnostics
        .iter()
        .find(|d| d.code == "parse/template-mismatch")
        .expect("template mismatch");
    let lines: Vec<usize> = d
        .labels
        .iter()
        .map(|l| p.source.line_col(l.span.start).line)
        .collect();
    assert!(lines.contains(&1), "{lines:?}");
}

#[test]
fn pipe_cell_lines_without_blank_lines_split_at_row_labels() {
    for name in ["0088.txt", "0018.txt"] {
        let p = excerpt(name);
        assert!(
            !has(&p, "parse/header-unrecognised"),
            "{name}: {:?}",
            codes(&p)
        );
        assert_eq!(
            cell(&p, "sec2.art20_1.normative_docs.in_force").as_deref(),
            Some("0"),
            "{name}"
        );
    }
}

#[test]
fn pipe_rows_keep_inner_empty_cells_and_a_cut_table_is_no_template_evidence() {
    let p = excerpt("0014.txt");
    assert!(!has(&p, "parse/cell-count"), "{:?}", codes(&p));
    assert!(!has(&p, "parse/template-mismatch"), "{:?}", codes(&p));
    assert_eq!(
        describe(p.report.cells.get("sec3.results.partial.natural_person")),
        "''"
    );
    assert_eq!(cell(&p, "sec3.results.partial.total").as_deref(), Some("0"));
}

#[test]
fn the_2019_label_inside_a_2021_table_is_read() {
    let p = excerpt("0030.txt");
    let lines = codes(&p);
    assert!(!has(&p, "parse/row-unrecognised"), "{lines:?}");
    // Only the sub-table cut by the excerpt's end lacks a row.
    assert!(!lines.contains(&("parse/row-missing", 15)), "{lines:?}");
    assert_eq!(
        cell(&p, "sec2.art20_1.normative_docs.repealed").as_deref(),
        Some("1")
    );
}

#[test]
fn spaced_rows_of_pdf_text() {
    let p = excerpt("0080.txt");
    assert!(
        !codes(&p).contains(&("parse/table-missing", 4)),
        "{:?}",
        codes(&p)
    );
    for g in ["review", "litigation_direct", "litigation_after_review"] {
        assert_eq!(cell(&p, &format!("sec4.{g}.total")).as_deref(), Some("0"));
    }
}

#[test]
fn reports_behind_page_chrome_or_in_another_structure_are_reports() {
    let chrome = excerpt("0008.txt");
    assert!(chrome.report.recognised);
    assert_eq!(
        chrome.report.meta.year.as_ref().map(|y| y.value),
        Some(2022)
    );
    let title = &chrome.report.meta.title.as_ref().unwrap().value;
    assert!(title.starts_with("县政府办2022"), "{title}");
    // The whole report on one line, in the structure used before the national format.
    let legacy = excerpt("0024.txt");
    assert!(legacy.report.recognised);
    assert!(has(&legacy, "parse/format-unrecognised"));
    assert!(!has(&legacy, "parse/section-missing"));
}

#[test]
fn whitespace_collapsed_reports_read_like_their_originals() {
    // A crawler's `text()`: every run of whitespace one space, the whole body on one line.
    let mut same = 0;
    for id in common::SEEDS {
        let text = common::seed_text(id);
        let collapsed = text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert_eq!(collapsed.lines().count(), 1);
        let original = common::parse(id, &text);
        let parsed = common::parse(id, &collapsed);
        assert!(
            !has(&parsed, "parse/section-missing"),
            "{id}: {:?}",
            codes(&parsed)
        );
        assert!(
            !has(&parsed, "parse/table-missing"),
            "{id}: {:?}",
            codes(&parsed)
        );
        for (path, slot) in original.report.cells.iter() {
            let (want, got) = (number(Some(slot)), number(parsed.report.cells.get(path)));
            match (&want, &got) {
                (Some(w), Some(g)) => {
                    assert_eq!(w, g, "{id} {path}");
                    same += 1;
                }
                // Empty cells do not show once collapsed: such a row is left undetermined.
                (Some(_), None) => assert!(has(&parsed, "parse/row-undetermined"), "{id} {path}"),
                (None, Some(g)) => panic!("{id} {path}: {g} read where the original has none"),
                (None, None) => {}
            }
        }
    }
    assert!(same >= 970, "{same} cells read alike");
}

/// A mirror site's copy: traditional characters with pinyin after some of them, which the
/// reader blanks for matching. The gaps that leaves inside words must not change the reading:
/// `據(jù)` alone lands inside the section-3 corner note (`本列數據(jù)的勾稽關係…`); pinyin after
/// many characters (`信(xìn)息(xī)公開(kāi)`) lands in the title, headings, table labels and
/// narrative.
#[test]
fn a_mirror_copy_with_pinyin_reads_as_the_original() {
    let only_ju: &[(char, &str)] = &[('据', "據(jù)")];
    let dense: &[(char, &str)] = &[
        ('据', "據(jù)"),
        ('报', "報(bào)"),
        ('告', "告(gào)"),
        ('开', "開(kāi)"),
        ('信', "信(xìn)"),
        ('息', "息(xī)"),
        ('行', "行(xíng)"),
    ];
    // National findings compared, over all the files (a defect-free report has none).
    let mut national = 0;
    for (file, pinyin) in [
        ("excerpts/0042.txt", only_ju),
        ("crawler/006_fujian_sanming_city_2021.txt", dense),
        ("crawler/017_fujian_putian_kjj_2021.txt", dense),
    ] {
        let text = std::fs::read_to_string(data_dir().join("real").join(file)).unwrap();
        let mirrored: String = text
            .chars()
            .map(|c| match pinyin.iter().find(|(s, _)| *s == c) {
                Some((_, m)) => m.to_string(),
                None => c.to_string(),
            })
            .collect();
        let (plain, copy) = (parse(file, &text), parse(file, &mirrored));
        let read = |p: &Parsed| -> Vec<(String, String)> {
            p.report
                .cells
                .iter()
                .map(|(path, slot)| (path.to_string(), describe(Some(slot))))
                .collect()
        };
        let numbers = read(&plain)
            .iter()
            .filter(|(path, _)| cell(&plain, path).is_some())
            .count();
        assert!(numbers > 0, "{file}: some table cells are read");
        assert_eq!(read(&copy), read(&plain), "{file}");
        // Pinyin adds no line: every diagnostic, national findings on the narrative included,
        // keeps its code and its line.
        let with_lines = |p: &Parsed| -> Vec<(String, usize)> {
            let mut all: Vec<(String, usize)> = national_diagnostics(p)
                .iter()
                .map(|d| {
                    let line = d.anchor().map_or(0, |s| p.source.line_col(s.start).line);
                    (d.code.to_string(), line)
                })
                .collect();
            all.sort_unstable();
            all
        };
        let want = with_lines(&plain);
        national += want
            .iter()
            .filter(|(code, _)| code.starts_with("national/"))
            .count();
        assert_eq!(with_lines(&copy), want, "{file}");
        assert_eq!(
            copy.report.meta.title.as_ref().map(|t| &t.value),
            plain.report.meta.title.as_ref().map(|t| &t.value),
            "{file}"
        );
    }
    assert!(national > 0, "the national pack finds something to compare");
}

/// An excerpt that stops inside a table may stop inside a number: `63` cut to `6`. The last
/// value is then not read as written but marked ambiguous and reported, so no rule compares a
/// narrative `63` with a table `6`.
#[test]
fn a_file_stopping_inside_a_table_does_not_vouch_for_its_last_number() {
    let path = data_dir().join("real/crawler/029_fujian_putian_cgj_2025.txt");
    let text = std::fs::read_to_string(&path).unwrap();
    let whole = parse("029.txt", &text);
    let licence = "sec2.art20_5.admin_license.decisions";
    assert_eq!(cell(&whole, licence).as_deref(), Some("63"));
    assert!(!has(&whole, "parse/cell-cut-off"));
    let at = text
        .find("\n63\n")
        .expect("the licence count on a line of its own")
        + 2;
    let cut = parse("029-cut.txt", &text[..at]);
    assert!(
        matches!(cut.report.cells.get(licence), Some(Slot::Ambiguous { .. })),
        "{:?}",
        describe(cut.report.cells.get(licence))
    );
    assert!(has(&cut, "parse/cell-cut-off"), "{:?}", codes(&cut));
    // Cut after the whole table row instead: the value ends the file all the same.
    let cut_after = parse("029-cut.txt", &text[..at + 2]);
    assert!(
        has(&cut_after, "parse/cell-cut-off"),
        "{:?}",
        codes(&cut_after)
    );
}
