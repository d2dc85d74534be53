//! Table rows whose label cells wrap: the continuation lines of a label are joined back onto
//! the row's first line, column by column.
//!
//! Word and LibreOffice top-align table cells, so a row starts on the line that holds its
//! values and a label too long for its cell goes on over the lines below, in the label's own
//! column (`1.属` / `于国` / `家秘` / `密`), often beside a wrapping parent label
//! (`（三` / `）不` / `予公` / `开`). A line is joined to the row above only when the layout
//! shows it belongs there: it holds no value, it sits tight below the row, every piece of it
//! lies in one of the row's label columns, left of the values. Everything else (values on a
//! continuation line, a piece outside the label columns) stays a line of its own, for the
//! table reader to judge: a split number is never glued together here.
//!
//! A parent label (the leftmost of two label columns) may run on past its first row into the
//! next rows' lines (`三、` / `本年` / `度办` / `理结` / `果` beside three child rows). A piece
//! in a parent column that does not start like a template label (a number, `（`, `一、`)
//! continues the parent cell above instead of starting a new one.

use super::lines::{Line, Piece};
use crate::layout::lines::opens_block;
use crate::normalise::classify;

/// Most label cells a row may have for its wrapped lines to be joined: the template's rows
/// have three at most, and a crafted line of thousands gets no quadratic matching.
const MAX_LABEL_COLUMNS: usize = 8;

/// Where the values of a row begin: the index of its first value piece, when the pieces
/// from there on are all values (numbers or placeholders).
fn first_value(line: &Line) -> Option<usize> {
    let at = line
        .pieces
        .iter()
        .position(|p| classify(&p.text).is_value_like())?;
    line.pieces[at..]
        .iter()
        .all(|p| classify(&p.text).is_value_like())
        .then_some(at)
}

/// Whether a label piece starts the way a template row label starts: `一、`, `（一）`,
/// `(三`, `1.`, `2、`.
fn starts_like_a_label(text: &str) -> bool {
    let mut chars = text.trim_start().chars();
    match chars.next() {
        Some('（' | '(' | '〔' | '[' | '【') => true,
        Some(c) if c.is_ascii_digit() || ('０'..='９').contains(&c) => true,
        Some(c) if "一二三四五六七八九十".contains(c) => {
            chars.next().is_some_and(|n| "、.．，".contains(n))
        }
        _ => false,
    }
}

/// Whether a line is only a page number (`-3-`, `第 3 页`, `3 / 5`).
pub fn is_page_number(line: &Line) -> bool {
    let text: String = line.pieces.iter().map(|p| p.text.as_str()).collect();
    text.chars().any(|c| c.is_ascii_digit())
        && text
            .chars()
            .all(|c| c.is_ascii_digit() || c.is_whitespace() || "-—–－/第页共".contains(c))
}

/// One label column of the row being read: where it starts, and which row's cell its next
/// piece continues.
struct Column {
    x0: i64,
    /// Index (into the output lines) of the row whose label this column continues.
    owner: usize,
    /// Index of the owner's piece that holds the column's text.
    piece: usize,
}

/// The row whose lines are being joined.
struct Open {
    /// Index (into the output lines) of the row's own line.
    index: usize,
    columns: Vec<Column>,
    /// Where the row's values start: continuation pieces must end left of it.
    values_x0: i64,
    /// Bottom of the last line joined (or of the row itself), and its page.
    y1: i64,
    page: usize,
    height: i64,
}

impl Open {
    /// The column a piece starting at `x0` belongs to: the one starting where it starts.
    /// Cells are left-aligned, so the lines of one cell start at the same place; a piece
    /// anywhere else (a centred cell, another column) belongs to no column.
    fn column_of(&self, x0: i64) -> Option<usize> {
        let slack = (self.height / 4).max(200);
        self.columns.iter().position(|c| (c.x0 - x0).abs() <= slack)
    }
}

/// Whether two pieces of a wrapped label join without a space: CJK text wraps anywhere and
/// runs on without one.
fn joins_without_space(before: &str, after: &str) -> bool {
    let wide = |c: char| c as u32 >= 0x2E80;
    before.chars().next_back().is_some_and(wide) || after.chars().next().is_some_and(wide)
}

/// Appends `text` to the label piece `piece` of `line`.
fn extend(line: &mut Line, piece: usize, text: &str) {
    let label = &mut line.pieces[piece];
    if !joins_without_space(&label.text, text) {
        label.text.push(' ');
    }
    label.text.push_str(text);
}

/// Whether `line` (already known to hold no value) is tight below the open row and lies in its
/// label columns. At the top of a page it may go on with the row that ended the page before.
fn continues(open: &Open, line: &Line, first_on_page: bool) -> bool {
    let tight = if line.page == open.page {
        // Lines of one cell follow each other with less than half a line between them.
        line.y0 - open.y1 <= open.height / 2
    } else {
        line.page == open.page + 1 && first_on_page
    };
    tight
        && line.x1() < open.values_x0
        && line
            .pieces
            .iter()
            .all(|p| open.column_of(p.x0).is_some() && !opens_block(&p.text))
}

/// A continuation line reaching past the start of the next label column shows that the two
/// pieces above it are one cell, split on its first line at a wide space (`(二)` and
/// `部分公开（区分处理的，只计` over `这一情形，不计其他情形）`): a cell's text never runs into the
/// next cell. The pieces are merged into column `c` before the continuation is appended.
fn merge_columns_crossed(row: &mut Open, out: &mut [Line], c: usize, continuation_x1: i64) {
    loop {
        let (owner, piece) = (row.columns[c].owner, row.columns[c].piece);
        let Some(next) = row
            .columns
            .iter()
            .position(|n| n.owner == owner && n.piece == piece + 1 && n.x0 < continuation_x1)
        else {
            return;
        };
        let line = &mut out[owner];
        let absorbed = line.pieces.remove(piece + 1);
        let merged = &mut line.pieces[piece];
        merged.text.push(' ');
        merged.text.push_str(&absorbed.text);
        merged.x1 = absorbed.x1;
        row.columns.remove(next);
        for column in row.columns.iter_mut() {
            if column.owner == owner && column.piece > piece {
                column.piece -= 1;
            }
        }
    }
}

/// The lines with wrapped label cells joined onto their rows; page-number lines and every
/// line that does not continue a row are kept as they are.
pub fn join_wrapped_labels(lines: Vec<Line>) -> Vec<Line> {
    let mut out: Vec<Line> = Vec::with_capacity(lines.len());
    // The row being read. Any line that does not continue it closes it, so a row still open
    // at the first line of a page was the last thing on the page before.
    let mut open: Option<Open> = None;
    let mut page_of_last_line = usize::MAX;
    for line in lines {
        if is_page_number(&line) {
            out.push(line);
            continue;
        }
        let first_on_page = line.page != page_of_last_line;
        page_of_last_line = line.page;
        match first_value(&line) {
            None => match &mut open {
                Some(row) if continues(row, &line, first_on_page) => {
                    for piece in &line.pieces {
                        if let Some(c) = row.column_of(piece.x0) {
                            merge_columns_crossed(row, &mut out, c, piece.x1);
                            let column = &row.columns[c];
                            extend(&mut out[column.owner], column.piece, &piece.text);
                        }
                    }
                    row.y1 = line.y1;
                    row.page = line.page;
                    if out[row.index].page == line.page {
                        out[row.index].y1 = line.y1;
                    }
                }
                _ => {
                    open = None;
                    out.push(line);
                }
            },
            Some(0) => {
                open = None;
                out.push(line);
            }
            Some(values) if values <= MAX_LABEL_COLUMNS => {
                let (line, row) = start_row(&mut out, line, values, open.take());
                open = Some(row);
                out.push(line);
            }
            Some(_) => {
                open = None;
                out.push(line);
            }
        }
    }
    out
}

/// Opens the row that starts on `line` (its values from piece `values` on). Pieces of a parent
/// column that go on with the parent cell of the row above (`previous`) are moved there.
fn start_row(
    out: &mut [Line],
    mut line: Line,
    values: usize,
    previous: Option<Open>,
) -> (Line, Open) {
    let values_x0 = line.pieces[values].x0;
    let mut inherited = Vec::new();
    if let Some(row) = previous.filter(|row| {
        row.page == line.page
            && line.y0 - row.y1 <= row.height / 2
            && (row.values_x0 - values_x0).abs() <= row.height * 2
    }) {
        let mut kept: Vec<Piece> = Vec::with_capacity(line.pieces.len());
        for (i, piece) in line.pieces.drain(..).enumerate() {
            let parent = i + 1 < values;
            // Only a parent cell that began as a label does (`三、` / `本年` / `度办`): a
            // fragment of vertically centred text (`年`) is no cell's beginning.
            let continued = row
                .column_of(piece.x0)
                .map(|c| &row.columns[c])
                .filter(|column| {
                    parent
                        && !starts_like_a_label(&piece.text)
                        && starts_like_a_label(&out[column.owner].pieces[column.piece].text)
                        && !opens_block(&piece.text)
                });
            match continued {
                Some(column) => {
                    extend(&mut out[column.owner], column.piece, &piece.text);
                }
                _ => kept.push(piece),
            }
        }
        line.pieces = kept;
        inherited = row.columns;
    }
    let labels = line
        .pieces
        .iter()
        .take_while(|p| !classify(&p.text).is_value_like())
        .count();
    let index = out.len();
    let mut columns: Vec<Column> = line.pieces[..labels]
        .iter()
        .enumerate()
        .map(|(piece, p)| Column {
            x0: p.x0,
            owner: index,
            piece,
        })
        .collect();
    // A parent column (left of this row's labels) with no piece on this line still goes on
    // with the cell above.
    let first_label = columns.first().map_or(values_x0, |c| c.x0);
    for column in inherited {
        if column.x0 + line.height < first_label && columns.len() < MAX_LABEL_COLUMNS {
            columns.push(column);
        }
    }
    columns.sort_by_key(|c| c.x0);
    let row = Open {
        index,
        columns,
        values_x0,
        y1: line.y1,
        page: line.page,
        height: line.height,
    };
    (line, row)
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::layout::pdf::test_lines::{line_at, texts};

    /// A line at `y` (hundredths of a point, 14 points high) holding `pieces` at their x.
    fn line(page: usize, y: i64, pieces: &[(&str, i64)]) -> Line {
        line_at(page, y, 1400, 700, pieces)
    }

    const VALUES: [(&str, i64); 2] = [("0", 22000), ("1", 26000)];

    fn row(page: usize, y: i64, labels: &[(&str, i64)]) -> Line {
        let mut pieces = labels.to_vec();
        pieces.extend(VALUES);
        line(page, y, &pieces)
    }

    #[test]
    fn wrapped_labels_join_their_row_column_by_column() {
        let lines = vec![
            row(0, 0, &[("三、", 9000), ("（一）予以公", 13300)]),
            line(0, 1300, &[("本年", 9000), ("开", 13300)]),
            // The parent label runs on beside the next row.
            row(0, 2600, &[("度办", 9000), ("（二）部分公", 13300)]),
            line(0, 3900, &[("理结果", 9000), ("开", 13300)]),
            row(0, 5200, &[("（三", 13300), ("1.属", 17600)]),
            line(0, 6500, &[("）不", 13300), ("于国", 17600)]),
            line(0, 7800, &[("予公开", 13300), ("家秘密", 17600)]),
            row(0, 9100, &[("2.其", 17600)]),
            // Page 2 goes on with the row that ended page 1, past a page number.
            line(1, 500, &[("-2-", 15000)]),
            line(1, 7000, &[("他法律", 17600)]),
            row(1, 8300, &[("3.危及", 17600)]),
        ];
        assert_eq!(
            texts(&join_wrapped_labels(lines)),
            [
                "三、本年度办理结果|（一）予以公开|0|1",
                "（二）部分公开|0|1",
                "（三）不予公开|1.属于国家秘密|0|1",
                "2.其他法律|0|1",
                "-2-",
                "3.危及|0|1",
            ]
        );
    }

    #[test]
    fn a_continuation_crossing_the_next_label_column_merges_the_two_pieces() {
        // `(二)` and the rest of the label were one cell, split at a wide space; its second
        // line starts at the cell's left edge and runs past where the second piece began.
        let lines = vec![
            row(
                0,
                0,
                &[("(二)", 9000), ("部分公开（区分处理的，只计", 12000)],
            ),
            line(0, 1300, &[("这一情形，不计其他情形）", 9000)]),
            // Beside a parent label, a child label that only wraps stays its own cell.
            row(0, 2600, &[("(三)", 9000), ("1.属于", 12000)]),
            line(0, 3900, &[("不予", 9000), ("国家秘密", 12000)]),
        ];
        assert_eq!(
            texts(&join_wrapped_labels(lines)),
            [
                "(二) 部分公开（区分处理的，只计这一情形，不计其他情形）|0|1",
                "(三)不予|1.属于国家秘密|0|1",
            ]
        );
    }

    #[test]
    fn only_what_the_layout_places_in_a_label_cell_joins_it() {
        let lines = vec![
            row(0, 0, &[("行政", 9000)]),
            // A number on the next line (`2767` / `9`) is never glued on: its own line.
            row(0, 1300, &[("许可", 9000)]),
            row(0, 2600, &[("行政规范性文件", 9000)]),
            // A table title tight below is a block of its own.
            line(0, 3900, &[("第二十条第（五）项", 9000)]),
            row(0, 5200, &[("1.属于国家秘密", 17600)]),
            // A centred parent label starts elsewhere than any label of the row.
            line(0, 6500, &[("（三）不予公开", 10400)]),
            row(0, 7800, &[("2.其他法律行政法规禁止公开", 17600)]),
            // Far below the row, or reaching into the values: not the row's.
            line(0, 12000, &[("止公开", 17600)]),
            row(0, 13300, &[("3.危及", 17600)]),
            line(0, 14600, &[("“三安全一稳定”及其他说明文字", 17600)]),
        ];
        assert_eq!(
            texts(&join_wrapped_labels(lines)),
            [
                "行政|0|1",
                "许可|0|1",
                "行政规范性文件|0|1",
                "第二十条第（五）项",
                "1.属于国家秘密|0|1",
                "（三）不予公开",
                "2.其他法律行政法规禁止公开|0|1",
                "止公开",
                "3.危及|0|1",
                "“三安全一稳定”及其他说明文字",
            ]
        );
    }
}
