//! Robustness: truncated seeds, random bytes and randomly mutated seeds never panic anywhere in
//! the pipeline (decode, layout, report, both renderers), every span stays on the text's
//! character boundaries, output is deterministic, and a truncated report says what is missing.

mod common;

use common::*;
use proptest::prelude::*;
use xxgk_lint::diagnostic::Lang;
use xxgk_lint::render::{human, json, summary};
use xxgk_lint::report::Slot;
use xxgk_lint::source::Span;

/// Runs the whole pipeline on `bytes`, checks the span invariants, and returns the parse.
fn exercise(bytes: &[u8]) -> Option<xxgk_lint::Parsed> {
    let parsed = xxgk_lint::parse_bytes("fuzz.txt", bytes, None).ok()?;
    let text = &parsed.source.text;
    let valid = |s: Span| s.start <= s.end && text.get(s.start..s.end).is_some();
    for d in &parsed.report.diagnostics {
        for l in &d.labels {
            assert!(
                valid(l.span),
                "diagnostic {} has a bad span {:?}",
                d.code,
                l.span
            );
        }
    }
    for (path, slot) in parsed.report.cells.iter() {
        let cells: Vec<_> = match slot {
            Slot::Present(c) => vec![c],
            Slot::Ambiguous { candidates, .. } => candidates.iter().collect(),
            Slot::Absent => vec![],
        };
        for c in cells {
            assert!(valid(c.span), "{path} has a bad span {:?}", c.span);
        }
    }
    for s in parsed
        .report
        .sections
        .iter()
        .flat_map(|s| &s.paragraphs)
        .flat_map(|p| &p.sentences)
    {
        assert!(valid(s.span));
    }
    let style = human::Style {
        lang: Lang::En,
        color: false,
    };
    let _ = human::render(&parsed.source, &parsed.report.diagnostics, style);
    let _ = summary::render(&parsed.source, &parsed.report, Lang::Zh);
    let _ = json::report_json(&parsed.source, &parsed.report, Lang::Zh);
    Some(parsed)
}

#[test]
fn a_seed_truncated_after_any_line_parses_and_reports_what_is_missing() {
    for id in SEEDS {
        let text = seed_text(id);
        let full = parse(id, &text);
        let heading_lines: Vec<(String, usize)> = full
            .report
            .sections
            .iter()
            .map(|s| {
                (
                    s.id.clone(),
                    full.source
                        .line_col(s.heading.as_ref().unwrap().span.start)
                        .line,
                )
            })
            .collect();
        let lines: Vec<&str> = text.split('\n').collect();
        for cut in 0..=lines.len() {
            let truncated = lines[..cut].join("\n");
            let parsed = exercise(truncated.as_bytes()).expect("text decodes");
            if !parsed.report.recognised {
                assert_eq!(
                    parsed.report.diagnostics[0].code, "parse/not-a-report",
                    "seed {id} cut at {cut}"
                );
                continue;
            }
            for (section, line) in &heading_lines {
                if *line > cut {
                    let n = &section[1..];
                    assert!(
                        parsed
                            .report
                            .diagnostics
                            .iter()
                            .any(|d| d.code == "parse/section-missing"
                                && d.message.en.starts_with(&format!("section {n} "))),
                        "seed {id} cut after line {cut}: section {section} (line {line}) not reported missing"
                    );
                }
            }
            // Cut inside the section-3 table: the rows that are gone are reported.
            let sec3 = full.report.tables.iter().find(|t| t.id == "sec3").unwrap();
            let (first_row, last_row) = (
                full.source.line_col(sec3.rows[0].span.start).line,
                full.source.line_col(sec3.rows[24].span.start).line,
            );
            if cut >= first_row && cut < last_row {
                assert!(
                    parsed
                        .report
                        .diagnostics
                        .iter()
                        .any(|d| d.code == "parse/row-missing"
                            && d.message.en.starts_with("section 3")),
                    "seed {id} cut after line {cut}: missing section 3 rows not reported"
                );
            }
        }
    }
}

#[test]
fn output_is_deterministic() {
    for id in SEEDS {
        let a = parse(id, &seed_text(id));
        let b = parse(id, &seed_text(id));
        assert_eq!(
            json::report_json(&a.source, &a.report, Lang::En),
            json::report_json(&b.source, &b.report, Lang::En)
        );
    }
}

fn mutation() -> impl Strategy<Value = (usize, usize, Vec<u8>)> {
    let pieces = prop::sample::select(vec![
        "\t".as_bytes().to_vec(),
        b"\n".to_vec(),
        b"\n\n".to_vec(),
        b"|".to_vec(),
        b"0".to_vec(),
        "１２".as_bytes().to_vec(),
        "\u{a0}".as_bytes().to_vec(),
        "（三）不予".as_bytes().to_vec(),
        "总计".as_bytes().to_vec(),
        "四、".as_bytes().to_vec(),
        b"\xff\xfe".to_vec(),
        b"\r".to_vec(),
        Vec::new(),
    ]);
    (any::<usize>(), 0usize..40, pieces)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        exercise(&bytes);
    }

    #[test]
    fn random_text_never_panics(text in "[\\t\\n |0-9一二三四、（）总计规章行政复议诉讼第二十条项年度报告\u{a0}\u{3000}]{0,600}") {
        exercise(text.as_bytes());
    }

    #[test]
    fn mutated_seeds_never_panic(seed in 0usize..5, edits in prop::collection::vec(mutation(), 1..12)) {
        let mut bytes = seed_text(SEEDS[seed]).into_bytes();
        for (at, delete, insert) in edits {
            let at = at % (bytes.len() + 1);
            let end = (at + delete).min(bytes.len());
            bytes.splice(at..end, insert);
        }
        exercise(&bytes);
    }
}
