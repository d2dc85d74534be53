//! Plain-text extractions → layout document: paragraphs, markdown headings and tables recovered
//! from the layouts seen in real files (P3-P7, P11, P13, P18).
//!
//! Lines are classified first (blank, one-cell line, multi-cell row line, markdown separator,
//! text), then runs of table lines become tables. A short text line directly under a one-cell
//! line, with at most one blank line between, continues that cell (P4, P11: `商业` / `企业`,
//! `结果` / `` / `纠正`), as long as the table goes on after it. Row boundaries come from the
//! source (a line, or a blank line between one-cell lines); the report builder, which knows the
//! template, decides what the rows mean.

use super::collapsed;
use super::lines::{self, LineKind};
use super::spaced;
use super::{Block, Cell, Document, Row, Table, TableLayout, TextBlock};
use crate::normalise::{classify_trimmed, is_space, join_ideographs, trim, trim_end, trim_start};
use crate::source::{SourceFile, Span, find_either};

/// Longest text (in characters) still taken as a wrapped continuation of a table cell.
const MAX_CONTINUATION_CHARS: usize = 10;

/// What a line is. Table lines keep only where their cells are: cells are built once, when the
/// rows of a table region are assembled, so classifying every line stays cheap and small.
#[derive(Debug, Clone, Copy)]
enum Line {
    Blank,
    /// A markdown `|---|---|` separator.
    MdSeparator,
    /// A line holding exactly one cell (TAB-prefixed, or ending in ` |`): the cell's raw span.
    OneCell {
        cell: Span,
        pipe: bool,
    },
    /// A line holding several cells: `body` split at each TAB, or at each `|` when `pipe`.
    MultiCell {
        body: Span,
        pipe: bool,
    },
    /// A label and values separated by spaces ([`spaced`]); the values begin `values_at`
    /// bytes into the line.
    SpaceRow {
        values_at: usize,
    },
    /// Anything else.
    Text,
}

impl Line {
    fn is_table(&self) -> bool {
        matches!(
            self,
            Line::MdSeparator
                | Line::OneCell { .. }
                | Line::MultiCell { .. }
                | Line::SpaceRow { .. }
        )
    }

    fn is_piped(&self) -> bool {
        matches!(
            self,
            Line::OneCell { pipe: true, .. } | Line::MultiCell { pipe: true, .. }
        )
    }
}

/// Reads a decoded text file into a layout document.
pub fn read(source: &SourceFile) -> Document {
    let mut lines: Vec<(Span, Line)> = Vec::with_capacity(source.line_count());
    for i in 0..source.line_count() {
        let span = source.line_span(i);
        let line = classify(source, span);
        match line {
            Line::Text => match collapsed::words_of_collapsed(source, span) {
                // A whole body on one line: each word is read as a line of its own.
                Some(words) => lines.extend(words.into_iter().map(|w| (w, classify(source, w)))),
                None => lines.push((span, line)),
            },
            _ => lines.push((span, line)),
        }
    }
    let kinds: Vec<(Span, LineKind)> = lines
        .iter()
        .map(|&(span, line)| (span, line_kind(source, span, line)))
        .collect();
    let mut anchored = lines::tables(source, &kinds).into_iter().peekable();
    let mut blocks = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if let Some((range, _)) = anchored.peek()
            && range.start == i
        {
            let (range, table) = anchored.next().expect("peeked");
            blocks.push(Block::Table(table));
            i = range.end;
            continue;
        }
        let (span, line) = lines[i];
        if line.is_table() {
            let end = region_end(source, &lines, i);
            push_table(&mut blocks, source, &lines[i..end]);
            i = end;
            continue;
        }
        if let Line::Text = line {
            blocks.push(text_block(source, span));
        }
        i += 1;
    }
    Document { blocks }
}

/// A line holding only `|`.
fn is_lone_pipe(source: &SourceFile, span: Span, line: Line) -> bool {
    matches!(line, Line::OneCell { cell, pipe: true } if cell.is_empty())
        && trim(source.slice(span)) == "|"
}

/// What a line is for the tables found by their labels ([`lines`]).
fn line_kind(source: &SourceFile, span: Span, line: Line) -> LineKind {
    match line {
        Line::Blank => LineKind::Blank,
        line if is_lone_pipe(source, span, line) => LineKind::Pipe,
        Line::Text => LineKind::Text(trimmed_span(source, span)),
        _ => LineKind::Other,
    }
}

fn text_block(source: &SourceFile, line: Span) -> Block {
    let text = source.slice(line);
    let hashes = text.chars().take_while(|c| *c == '#').count();
    let is_heading = (1..=6).contains(&hashes) && text[hashes..].starts_with(|c: char| is_space(c));
    let content_start = if is_heading { hashes } else { 0 };
    let span = trimmed_span(source, Span::new(line.start + content_start, line.end));
    let block = TextBlock {
        text: source.slice(span).to_string(),
        span,
        level: if is_heading { hashes as u8 } else { 0 },
    };
    if is_heading {
        Block::Heading(block)
    } else {
        Block::Paragraph(block)
    }
}

/// The part of `span` without surrounding whitespace (zero-width at its start when blank).
fn trimmed_span(source: &SourceFile, span: Span) -> Span {
    let text = source.slice(span);
    let from_content = trim_start(text);
    if from_content.is_empty() {
        return Span::empty_at(span.start);
    }
    let start = span.start + (text.len() - from_content.len());
    Span::new(start, start + trim_end(from_content).len())
}

fn cell(source: &SourceFile, span: Span) -> Cell {
    let content = trimmed_span(source, span);
    let text = source.slice(content);
    // `text` is the raw text trimmed: classify it without trimming again.
    let value = classify_trimmed(source.slice(span), text);
    Cell::with_value(text.to_string(), value, span, content)
}

/// The cells of `body`, split at the ASCII `separator`.
fn cells_of(source: &SourceFile, body: Span, separator: u8) -> Vec<Cell> {
    let bytes = source.slice(body).as_bytes();
    let separators = || {
        (body.start..)
            .zip(bytes)
            .filter_map(|(at, &b)| (b == separator).then_some(at))
    };
    let mut cells = Vec::with_capacity(separators().count() + 1);
    let mut start = body.start;
    for at in separators() {
        cells.push(cell(source, Span::new(start, at)));
        start = at + 1;
    }
    cells.push(cell(source, Span::new(start, body.end)));
    cells
}

fn classify(source: &SourceFile, span: Span) -> Line {
    let text = source.slice(span);
    // One pass finds the first TAB or `|`; most lines (prose) hold neither.
    let first = find_either(text.as_bytes(), b'\t', b'|');
    let tab = first.and_then(|at| match text.as_bytes()[at] {
        b'\t' => Some(at),
        _ => text[at..].find('\t').map(|tab| at + tab),
    });
    if trim_start(text).is_empty() {
        // A bare TAB is an empty cell in cell-per-line tables (004 line 282), not a blank line.
        if let Some(tab) = tab {
            return Line::OneCell {
                cell: Span::empty_at(span.start + tab + 1),
                pipe: false,
            };
        }
        return Line::Blank;
    }
    if let Some(tab) = tab {
        return classify_tabbed(span, text, tab);
    }
    if first.is_some() {
        // A `|`, as there is no TAB.
        return classify_piped(source, span);
    }
    if let Some(values_at) = spaced::values_start(text) {
        return Line::SpaceRow { values_at };
    }
    Line::Text
}

fn classify_tabbed(span: Span, text: &str, first_tab: usize) -> Line {
    // `\tcontent` with no other TAB: one cell per line (layout B).
    if first_tab == 0 && !text[1..].contains('\t') {
        return Line::OneCell {
            cell: Span::new(span.start + 1, span.end),
            pipe: false,
        };
    }
    Line::MultiCell {
        body: span,
        pipe: false,
    }
}

fn classify_piped(source: &SourceFile, span: Span) -> Line {
    let text = source.slice(span);
    let trimmed = trim(text);
    if trimmed.contains('-')
        && trimmed
            .bytes()
            .all(|b| matches!(b, b'|' | b'-' | b':' | b' '))
    {
        return Line::MdSeparator;
    }
    let lead = text.len() - trim_start(text).len();
    let mut body = Span::new(span.start + lead, span.start + lead + trimmed.len());
    let starts = trimmed.starts_with('|');
    let ends = trimmed.ends_with('|');
    if trimmed == "|" {
        return Line::OneCell {
            cell: Span::empty_at(body.start),
            pipe: true,
        };
    }
    if starts {
        body.start += 1;
    }
    if ends {
        body.end -= 1;
    }
    if !source.slice(body).contains('|') {
        if !starts && ends {
            return Line::OneCell {
                cell: body,
                pipe: true,
            };
        }
        if !starts && !ends {
            return Line::Text;
        }
    }
    Line::MultiCell { body, pipe: true }
}

/// A short text line under a one-cell line that continues the cell (a wrapped header cell).
fn is_continuation(source: &SourceFile, span: Span) -> bool {
    // Spaces inside a word (a mirror's blanked pinyin: `行     政规范性文件`) do not lengthen it.
    let text = join_ideographs(trim(source.slice(span)));
    let chars = text.chars().count();
    let numbered_heading = text.chars().nth(1) == Some('、');
    chars != 0
        && chars <= MAX_CONTINUATION_CHARS
        && !numbered_heading
        && !text.starts_with('#')
        && !text.contains(['。', '；', '：', ':', '，'])
}

fn next_non_blank(lines: &[(Span, Line)], from: usize) -> Option<usize> {
    (from..lines.len()).find(|&j| !matches!(lines[j].1, Line::Blank))
}

/// One past the last line of the table region starting at `start`.
fn region_end(source: &SourceFile, lines: &[(Span, Line)], start: usize) -> usize {
    let mut end = start + 1;
    let mut last_was_one_cell = matches!(lines[start].1, Line::OneCell { .. });
    loop {
        let Some(next) = next_non_blank(lines, end) else {
            return end;
        };
        let blanks = next - end;
        match &lines[next].1 {
            l if l.is_table() => {
                last_was_one_cell = matches!(l, Line::OneCell { .. });
                end = next + 1;
            }
            Line::Text
                if last_was_one_cell
                    && blanks <= 1
                    && is_continuation(source, lines[next].0)
                    && next_non_blank(lines, next + 1).is_some_and(|k| lines[k].1.is_table()) =>
            {
                end = next + 1;
            }
            _ => return end,
        }
    }
}

/// Turns a table region into a table block, building its cells.
fn push_table(blocks: &mut Vec<Block>, source: &SourceFile, region: &[(Span, Line)]) {
    let one_cell = region
        .iter()
        .filter(|(_, l)| matches!(l, Line::OneCell { .. }))
        .count();
    let multi = region
        .iter()
        .filter(|(_, l)| matches!(l, Line::MultiCell { .. } | Line::SpaceRow { .. }))
        .count();
    let spaced = region
        .iter()
        .any(|(_, l)| matches!(l, Line::SpaceRow { .. }));
    let tabbed = region
        .iter()
        .any(|(_, l)| matches!(l, Line::MultiCell { pipe: false, .. }));
    let piped = region.iter().any(|(_, l)| l.is_piped());
    let markdown = region.iter().any(|(_, l)| matches!(l, Line::MdSeparator));
    let (layout, rows) = if one_cell > multi {
        let layout = if piped {
            TableLayout::PipeCellPerLine
        } else {
            TableLayout::CellPerLine
        };
        (layout, rows_of_one_cell_lines(source, region))
    } else {
        let layout = match (piped, markdown) {
            (true, true) => TableLayout::Markdown,
            (true, false) => TableLayout::PipeRows,
            _ if spaced && !tabbed => TableLayout::SpaceRows,
            _ => TableLayout::TabRows,
        };
        (layout, rows_of_row_lines(source, region))
    };
    let non_empty: usize = rows
        .iter()
        .map(|r| r.cells.iter().filter(|c| !c.text.is_empty()).count())
        .sum();
    if rows.len() <= 1 && non_empty <= 1 {
        // A stray TAB or `|` in a prose line does not make a table.
        for (span, line) in region {
            if !matches!(line, Line::Blank) {
                blocks.push(text_block(source, *span));
            }
        }
        return;
    }
    let span = rows
        .iter()
        .map(|r| r.span)
        .reduce(Span::cover)
        .unwrap_or_default();
    blocks.push(Block::Table(Table { layout, rows, span }));
}

/// The cells of a multi-cell line.
fn multi_cells(source: &SourceFile, body: Span, pipe: bool) -> Vec<Cell> {
    cells_of(source, body, if pipe { b'|' } else { b'\t' })
}

fn rows_of_row_lines(source: &SourceFile, region: &[(Span, Line)]) -> Vec<Row> {
    // At most one row per line: reserving that once beats growing the vector row by row.
    let mut rows = Vec::with_capacity(region.len());
    rows.extend(region.iter().filter_map(|&(span, line)| match line {
        Line::OneCell { cell: span, .. } => Some(Row::new(vec![cell(source, span)])),
        _ => row_line_cells(source, span, line).map(Row::new),
    }));
    rows
}

/// The cells of a line that holds a whole row (TAB, pipe or spaced), else `None`.
fn row_line_cells(source: &SourceFile, span: Span, line: Line) -> Option<Vec<Cell>> {
    match line {
        Line::MultiCell { body, pipe } => Some(multi_cells(source, body, pipe)),
        Line::SpaceRow { values_at } => Some(spaced::cells(source, span, values_at)),
        _ => None,
    }
}

fn rows_of_one_cell_lines(source: &SourceFile, region: &[(Span, Line)]) -> Vec<Row> {
    let mut rows = Vec::new();
    let mut current: Vec<Cell> = Vec::new();
    let mut pending_blank = false;
    // Set when a text line took the lone `|` on the line after it as its own end.
    let mut pipe_taken = false;
    for (i, &(span, line)) in region.iter().enumerate() {
        if std::mem::take(&mut pipe_taken) {
            continue;
        }
        match line {
            Line::Blank => pending_blank = true,
            Line::OneCell {
                cell: cell_span, ..
            } => {
                if pending_blank && !current.is_empty() {
                    rows.push(Row::new(next_row(&mut current)));
                }
                pending_blank = false;
                current.push(cell(source, cell_span));
            }
            Line::Text
                if region
                    .get(i + 1)
                    .is_some_and(|(next, l)| is_lone_pipe(source, *next, *l)) =>
            {
                // `行政规范性文件` / `|`: a cell whose ending pipe went to the next line.
                pending_blank = false;
                current.push(cell(source, span));
                pipe_taken = true;
            }
            Line::Text => {
                // A continuation: the blank line before it was inside the cell (004 line 359).
                pending_blank = false;
                if let Some(last) = current.last_mut() {
                    extend_cell(source, last, span);
                }
            }
            Line::MultiCell { .. } | Line::SpaceRow { .. } => {
                if !current.is_empty() {
                    rows.push(Row::new(next_row(&mut current)));
                }
                pending_blank = false;
                rows.extend(row_line_cells(source, span, line).map(Row::new));
            }
            Line::MdSeparator => {}
        }
    }
    if !current.is_empty() {
        rows.push(Row::new(current));
    }
    // Without blank lines between rows, one row holds them all: split it at its row labels.
    rows.into_iter()
        .flat_map(|row| lines::split_at_labels(row.cells))
        .map(Row::new)
        .collect()
}

/// The cells gathered for a row, leaving room for as many in the next row: the rows of a
/// table are mostly of one width, so the next row's cells are pushed without regrowing.
fn next_row(current: &mut Vec<Cell>) -> Vec<Cell> {
    let width = current.len();
    std::mem::replace(current, Vec::with_capacity(width))
}

fn extend_cell(source: &SourceFile, cell: &mut Cell, line: Span) {
    let part = trimmed_span(source, line);
    let part_text = source.slice(part);
    let (text, span) = if cell.text.is_empty() {
        (part_text.to_string(), part)
    } else {
        // The cell's own text grows in place (`format!` would copy it through the formatter).
        let mut text = std::mem::take(&mut cell.text);
        text.reserve_exact(1 + part_text.len());
        text.push('\n');
        text.push_str(part_text);
        (text, cell.span.cover(part))
    };
    let raw_span = cell.raw_span.cover(line);
    *cell = Cell::new(text, source.slice(raw_span), raw_span, span);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str) -> (SourceFile, Document) {
        let src = SourceFile::new("t", text.to_string(), "UTF-8");
        let d = read(&src);
        (src, d)
    }

    fn table(d: &Document) -> &Table {
        d.blocks
            .iter()
            .find_map(|b| match b {
                Block::Table(t) => Some(t),
                _ => None,
            })
            .expect("a table")
    }

    fn texts(t: &Table) -> Vec<Vec<String>> {
        t.rows
            .iter()
            .map(|r| r.cells.iter().map(|c| c.text.clone()).collect())
            .collect()
    }

    #[test]
    fn tab_rows_keep_inner_and_trailing_cells() {
        let (_, d) = doc("标题\n\n规章\t0\t0\t0\n行政许可\t13289\t\t\n\n下文");
        let t = table(&d);
        assert_eq!(t.layout, TableLayout::TabRows);
        assert_eq!(
            texts(t),
            vec![
                vec!["规章", "0", "0", "0"],
                vec!["行政许可", "13289", "", ""]
            ]
        );
        assert!(matches!(d.blocks.last(), Some(Block::Paragraph(p)) if p.text == "下文"));
    }

    #[test]
    fn cell_per_line_with_wrapped_and_blank_broken_cells() {
        let text =
            "\t结果维持\n\t结果\n\n纠正\n\t其他\n结果\n\n\t0\n\t\n\t8\n\n\n其他需要报告的事项\n";
        let (src, d) = doc(text);
        let t = table(&d);
        assert_eq!(t.layout, TableLayout::CellPerLine);
        assert_eq!(
            texts(t),
            vec![
                vec!["结果维持", "结果\n纠正", "其他\n结果"],
                vec!["0", "", "8"]
            ]
        );
        let wrapped = &t.rows[0].cells[1];
        assert_eq!(src.slice(wrapped.span), "结果\n\n纠正");
        assert!(
            matches!(d.blocks.last(), Some(Block::Paragraph(p)) if p.text == "其他需要报告的事项")
        );
    }

    #[test]
    fn pipe_and_markdown_rows() {
        let (_, d) = doc("| 规章 | 0 | 1 |\n|---|---|---|\n| 行政规范性文件 | 2 | 3 |\n");
        let t = table(&d);
        assert_eq!(t.layout, TableLayout::Markdown);
        assert_eq!(
            texts(t),
            vec![vec!["规章", "0", "1"], vec!["行政规范性文件", "2", "3"]]
        );
        let (_, d) = doc("规章 | 0 | 1 |\n行政规范性文件 | 2 | 3 |\n");
        assert_eq!(table(&d).layout, TableLayout::PipeRows);
        assert_eq!(texts(table(&d))[1], vec!["行政规范性文件", "2", "3"]);
    }

    #[test]
    fn pipe_cell_per_line() {
        let (_, d) = doc("规章 |\n0 |\n |\n\n行政规范性文件 |\n2 |\n3 |\n");
        let t = table(&d);
        assert_eq!(t.layout, TableLayout::PipeCellPerLine);
        assert_eq!(
            texts(t),
            vec![vec!["规章", "0", ""], vec!["行政规范性文件", "2", "3"]]
        );
    }

    #[test]
    fn markdown_headings_and_stray_tabs() {
        let (_, d) = doc("## 一、总体情况\n正文\t\n");
        assert!(
            matches!(&d.blocks[0], Block::Heading(h) if h.text == "一、总体情况" && h.level == 2)
        );
        assert!(matches!(&d.blocks[1], Block::Paragraph(p) if p.text == "正文"));
    }

    #[test]
    fn numbered_heading_right_after_a_table_is_not_a_continuation() {
        let (_, d) = doc("\t规章\n\t0\n三、收到和处理\n\t一\n");
        assert!(
            d.blocks
                .iter()
                .any(|b| matches!(b, Block::Paragraph(p) if p.text == "三、收到和处理"))
        );
    }
}
