//! Table header words that wrap inside their cell (`商业` / `企业`, `社会` / `公益` / `组织`)
//! joined back into one piece, so the header line names its columns as the template does.
//!
//! Header cells hold no value, so nothing in the layout alone tells a wrapped column name
//! from two header rows stacked in one column (`申请人情况` over `自然人`). The template
//! decides: a piece joins the one above it, in the same column, only when together they
//! spell the start of a header label the template prints. Anything else stays where it is.

use super::cells::is_page_number;
use super::lines::Line;
use crate::normalise::{classify, label_key};
use crate::template::bundled;
use std::collections::BTreeSet;
use std::sync::OnceLock;

/// The matching keys of every header text the bundled templates print: section-2 column
/// names, section-3 captions, column names and corner note, section-4 headers.
fn header_keys() -> &'static BTreeSet<String> {
    static KEYS: OnceLock<BTreeSet<String>> = OnceLock::new();
    KEYS.get_or_init(|| {
        let mut keys = BTreeSet::new();
        for t in bundled() {
            for table in &t.sec2 {
                keys.extend(table.columns.iter().flat_map(|c| c.keys.iter().cloned()));
            }
            keys.insert(t.sec3.note_key.clone());
            keys.extend(t.sec3.header_keys.iter().cloned());
            keys.extend(t.sec3.columns_by_key.keys().cloned());
            keys.extend(t.sec4.header_keys.iter().cloned());
        }
        keys.retain(|k| !k.is_empty());
        keys
    })
}

/// Whether some header key starts with `key`.
fn starts_a_header_key(key: &str) -> bool {
    header_keys()
        .range::<str, _>((std::ops::Bound::Included(key), std::ops::Bound::Unbounded))
        .next()
        .is_some_and(|k| k.starts_with(key))
}

fn holds_a_value(line: &Line) -> bool {
    line.pieces
        .iter()
        .any(|p| classify(&p.text).is_value_like())
}

/// The lines with wrapped header words joined: within a run of value-less lines that follow
/// each other tightly (or go on at the top of the next page, past a page number: a header row
/// split by a page break), a piece starting where a piece of an earlier line of the run
/// starts is appended to it when the two spell the start of a template header text. Lines
/// left with no piece are dropped.
pub fn join_wrapped_header_words(mut lines: Vec<Line>) -> Vec<Line> {
    let mut run: Vec<usize> = Vec::new();
    for i in 0..lines.len() {
        if is_page_number(&lines[i]) {
            continue;
        }
        let goes_on = run.last().is_some_and(|&last| {
            let (above, line) = (&lines[last], &lines[i]);
            !holds_a_value(line)
                && if line.page == above.page {
                    line.y0 - above.y1 <= above.height / 2
                } else {
                    line.page == above.page + 1 && lines[last + 1..i].iter().all(is_page_number)
                }
        });
        if !goes_on {
            join_run(&mut lines, &run);
            run.clear();
        }
        if !holds_a_value(&lines[i]) {
            run.push(i);
        }
    }
    join_run(&mut lines, &run);
    // A line whose words all went up leaves no gap: the kept line above on its page takes
    // its place, so the text view shows no blank line inside the header.
    let mut kept: Option<usize> = None;
    for i in 0..lines.len() {
        match kept {
            Some(k) if lines[i].pieces.is_empty() && lines[k].page == lines[i].page => {
                lines[k].y1 = lines[k].y1.max(lines[i].y1);
            }
            _ if lines[i].pieces.is_empty() => {}
            _ => kept = Some(i),
        }
    }
    lines.retain(|l| !l.pieces.is_empty());
    lines
}

/// Joins the wrapped header words of one run of value-less lines (indices into `lines`).
fn join_run(lines: &mut [Line], run: &[usize]) {
    if run.len() < 2 {
        return;
    }
    // The piece each column's text goes on in: (x0, line, piece) of the newest piece kept there.
    let mut open: Vec<(i64, usize, usize)> = Vec::new();
    for &l in run {
        let slack = (lines[l].height / 4).max(200);
        let mut absorbed = Vec::new();
        for p in 0..lines[l].pieces.len() {
            let x0 = lines[l].pieces[p].x0;
            let column = open.iter().position(|&(x, _, _)| (x - x0).abs() <= slack);
            if let Some(c) = column {
                let (_, ol, op) = open[c];
                let joined =
                    label_key(&lines[ol].pieces[op].text) + &label_key(&lines[l].pieces[p].text);
                if starts_a_header_key(&joined) {
                    let text = lines[l].pieces[p].text.clone();
                    let x1 = lines[l].pieces[p].x1;
                    let above = &mut lines[ol].pieces[op];
                    above.text.push_str(&text);
                    above.x1 = above.x1.max(x1);
                    absorbed.push(p);
                    continue;
                }
                open[c] = (x0, l, p);
            } else {
                open.push((x0, l, p));
            }
        }
        // Later pieces of this line keep their indices until the line is done.
        for p in absorbed.into_iter().rev() {
            lines[l].pieces.remove(p);
            for entry in open.iter_mut().filter(|e| e.1 == l && e.2 > p) {
                entry.2 -= 1;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::pdf::test_lines::{line_at, texts};

    fn line(y: i64, pieces: &[(&str, i64)]) -> Line {
        on_page(0, y, pieces)
    }

    fn on_page(page: usize, y: i64, pieces: &[(&str, i64)]) -> Line {
        line_at(page, y, 1200, 1200, pieces)
    }

    #[test]
    fn wrapped_column_names_join_and_stacked_headers_do_not() {
        let lines = vec![
            line(0, &[("申请人情况", 10000)]),
            line(1300, &[("自然人", 10000), ("法人或其他组织", 16000)]),
            line(
                2600,
                &[
                    ("商业", 16000),
                    ("科研", 19000),
                    ("社会", 22000),
                    ("其他", 25000),
                ],
            ),
            line(3900, &[("企业", 16000), ("机构", 19000), ("公益", 22000)]),
            line(5200, &[("组织", 22000)]),
            // A row of values ends the header; the same words below it stay.
            line(
                6500,
                &[("一、本年新收政府信息公开申请数量", 0), ("3", 16000)],
            ),
            line(7800, &[("企业", 16000)]),
        ];
        assert_eq!(
            texts(&join_wrapped_header_words(lines)),
            [
                "申请人情况",
                "自然人|法人或其他组织",
                "商业企业|科研机构|社会公益组织|其他",
                "一、本年新收政府信息公开申请数量|3",
                "企业",
            ]
        );
    }

    #[test]
    fn a_header_cell_split_by_a_page_break_joins_past_the_page_number() {
        let lines = vec![
            on_page(0, 70000, &[("（本列数据的勾", 7200), ("申请人情况", 14000)]),
            on_page(0, 80000, &[("-1-", 40000)]),
            on_page(1, 7400, &[("稽关系为：第一", 7200), ("自然人", 14000)]),
            on_page(1, 8900, &[("项加第二项之", 7200)]),
        ];
        assert_eq!(
            texts(&join_wrapped_header_words(lines)),
            [
                "（本列数据的勾稽关系为：第一项加第二项之|申请人情况",
                "-1-",
                "自然人",
            ]
        );
    }
}
