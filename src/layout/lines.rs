//! Tables written one cell per line with no separator on the line itself, found by the
//! template's labels: crawler text (a text node per line), cells ended by a lone `|` line, and
//! cells separated by blank lines.
//!
//! Nothing on such a line says it belongs to a table, so a table is only taken where a line
//! is one of the templates' table anchors (`第二十条第（一）项`, the section-3 note, a row label,
//! `行政复议`) and the lines after it look like cells: numbers, labels, short header fragments.
//! The region ends at a section heading, at prose, or at a line with TABs or pipes (those
//! layouts are read by [`super::text`]). Where one cell ends and the next begins comes from
//! the layout when it shows it (a `|` line, a blank line); in bare lines every line is a cell,
//! except that adjacent label fragments that together spell a template label are one cell
//! (`商` `业` `企` `业`). Rows start at row labels; values attach to the label before them.

use super::{Cell, Row, Table, TableLayout};
use crate::normalise::{classify, contains_space, label_key_cow};
use crate::source::{SourceFile, Span};
use crate::template::{self, KeyHasher, headings::match_heading};
use std::collections::HashSet;
use std::hash::BuildHasherDefault;
use std::ops::Range;
use std::sync::OnceLock;

/// A set of matching keys, hashed as the templates' keys are.
type KeySet = HashSet<String, BuildHasherDefault<KeyHasher>>;

/// Where the section-3 note's `本列` can begin: after a bracket of up to three bytes.
const NOTE_START_BYTES: usize = 12;
/// Characters of the section-3 note that identify it.
const NOTE_HEAD_CHARS: usize = 8;
/// Longest line (characters) taken as a table cell when it is not a known label.
const MAX_FRAGMENT_CHARS: usize = 40;
/// Most blank lines in a row inside one table region.
const MAX_BLANK_RUN: usize = 3;
/// Fewest value cells for a region to be a table, unless its labels show it is one.
const MIN_VALUES: usize = 2;
/// Fewest template labels that make a region with a single value a table (a crawler keeps
/// one `0` of a section-4 row whose other cells were empty).
const MIN_LABELS_FOR_ONE_VALUE: usize = 3;

/// What a line is, as far as these tables are concerned.
#[derive(Debug, Clone, Copy)]
pub(super) enum LineKind {
    Blank,
    /// A line holding only `|`: the end of a cell.
    Pipe,
    /// A line with no TAB and no `|`: its trimmed span.
    Text(Span),
    /// A line of another table layout.
    Other,
}

/// The templates' table vocabulary as matching keys.
pub(super) struct Vocabulary {
    /// Keys that start a table region.
    table_starts: KeySet,
    /// Keys that start a new row (row labels, group labels, sub-table titles and headers).
    row_starts: KeySet,
    /// Keys contained in a row label that names it (`本年新收`).
    row_keywords: Vec<String>,
    /// Column headers of any table.
    columns: KeySet,
    /// Every key of the table vocabulary: labels, captions, column headers.
    all: Vec<String>,
    /// The first words of the section-3 corner note (`本列数据的勾稽关系`), as written.
    notes: Vec<String>,
    /// The longest key of `table_starts`, in bytes: longer lines start no table (save the note).
    longest_start: usize,
}

pub(super) fn vocabulary() -> &'static Vocabulary {
    static VOCABULARY: OnceLock<Vocabulary> = OnceLock::new();
    VOCABULARY.get_or_init(|| {
        let mut v = Vocabulary {
            table_starts: KeySet::default(),
            row_starts: KeySet::default(),
            row_keywords: Vec::new(),
            columns: KeySet::default(),
            all: Vec::new(),
            notes: Vec::new(),
            longest_start: 0,
        };
        for t in template::bundled() {
            for table in &t.sec2 {
                v.row_starts.insert(table.title_key.clone());
                v.row_starts.insert(table.header_key.clone());
                v.table_starts.insert(table.title_key.clone());
                for r in &table.rows {
                    v.row_starts.extend(r.keys.iter().cloned());
                }
                v.columns
                    .extend(table.columns.iter().flat_map(|c| c.keys.iter().cloned()));
            }
            let s3 = &t.sec3;
            // The note's opening words past its bracket: the part every wrapping keeps.
            let head: String = s3
                .note_key
                .chars()
                .skip_while(|c| !c.is_alphanumeric())
                .take(NOTE_HEAD_CHARS)
                .collect();
            v.notes.push(head);
            // The first header label (`申请人情况`) opens the header row; the others are in it.
            v.row_starts.extend(s3.header_keys.first().cloned());
            v.table_starts.extend(s3.header_keys.first().cloned());
            v.all.extend(s3.header_keys.iter().cloned());
            for r in &s3.rows {
                v.row_starts.extend(r.keys.iter().cloned());
                v.table_starts.extend(r.keys.iter().cloned());
                v.row_keywords.extend(r.keyword_keys.iter().cloned());
            }
            v.row_starts.extend(s3.groups.iter().map(|g| g.key.clone()));
            v.columns
                .extend(s3.columns.iter().flat_map(|c| c.keys.iter().cloned()));
            let s4 = &t.sec4;
            v.table_starts
                .extend(s4.groups.iter().map(|g| g.key.clone()));
            v.all.extend(s4.header_keys.iter().cloned());
            v.all.extend(s4.groups.iter().map(|g| g.key.clone()));
            v.columns
                .extend(s4.columns.iter().flat_map(|c| c.keys.iter().cloned()));
        }
        v.all.extend(v.columns.iter().cloned());
        v.notes.sort();
        v.notes.dedup();
        v.longest_start = v.table_starts.iter().map(String::len).max().unwrap_or(0);
        v.all.extend(v.row_starts.iter().cloned());
        v.all.sort();
        v.all.dedup();
        v.row_keywords.sort();
        v.row_keywords.dedup();
        v
    })
}

impl Vocabulary {
    fn is_note(&self, key: &str) -> bool {
        // The note is long; a line holding its first part is the note, however it wraps.
        self.notes.iter().any(|n| key.contains(n.as_str()))
    }

    /// [`Vocabulary::is_note`] of a line as written, or of its key when spaces break the
    /// note's words apart (`本列数据     的勾稽关系`, where a mirror's pinyin was blanked).
    fn is_note_line(&self, text: &str) -> bool {
        self.is_note(text) || contains_space(text) && self.is_note(&label_key_cow(text))
    }

    /// Whether the line `text` starts a table. Most lines are prose, longer than any anchor:
    /// they are rejected before their key is computed.
    fn starts_table(&self, text: &str) -> bool {
        // Spaces and full-width forms only lengthen a line against its key; a factor of two
        // covers them. A longer line can only be the note, which every wrapping begins with
        // `本列` after at most a bracket.
        if text.len() > 2 * self.longest_start {
            let head = &text.as_bytes()[..text.len().min(NOTE_START_BYTES)];
            return head.windows("本列".len()).any(|w| w == "本列".as_bytes())
                && self.is_note_line(text);
        }
        self.is_note_line(text) || self.table_starts.contains(label_key_cow(text).as_ref())
    }

    /// Whether `key` starts a table row: a row or group label, a sub-table title or header.
    pub(super) fn starts_row(&self, key: &str) -> bool {
        self.row_starts.contains(key)
            || self.is_note(key)
            || self.row_keywords.iter().any(|k| key.contains(k.as_str()))
    }

    /// Whether `key` is a vocabulary key or a part of one.
    fn knows(&self, key: &str) -> bool {
        !key.is_empty() && self.all.iter().any(|k| k.contains(key))
    }

    fn is_exact(&self, key: &str) -> bool {
        self.all.binary_search_by(|k| k.as_str().cmp(key)).is_ok()
    }

    fn is_prefix(&self, key: &str) -> bool {
        // `all` is sorted: the keys starting with `key` come first among those not below it.
        let at = self.all.partition_point(|k| k.as_str() < key);
        self.all.get(at).is_some_and(|k| k.starts_with(key))
    }
}

/// Whether `text` opens a block of its own: a section heading or a table's title (or any
/// label that starts a table), so that it never continues the cell above it.
pub(super) fn opens_block(text: &str) -> bool {
    vocabulary().starts_table(text) || is_heading(text)
}

fn is_heading(text: &str) -> bool {
    template::bundled()
        .iter()
        .any(|t| match_heading(text, t).is_some())
}

fn is_value_text(text: &str) -> bool {
    classify(text).is_value_like()
}

/// Whether a line inside a table region can be one of its cells.
fn may_be_cell(text: &str) -> bool {
    if is_value_text(text) {
        return true;
    }
    if is_heading(text) {
        return false;
    }
    let key = label_key_cow(text);
    let v = vocabulary();
    if v.starts_row(&key) || v.knows(&key) {
        return true;
    }
    text.chars().nth(MAX_FRAGMENT_CHARS).is_none()
        && !text.contains(['。', '；', '！', '？'])
        && !text.ends_with(['：', ':', '，', ','])
}

/// The tables of `lines` (every line of `source`, classified): each with the range of lines
/// it covers.
pub(super) fn tables(
    source: &SourceFile,
    lines: &[(Span, LineKind)],
) -> Vec<(Range<usize>, Table)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if let LineKind::Text(span) = lines[i].1
            && vocabulary().starts_table(source.slice(span))
        {
            let end = region_end(source, lines, i);
            if let Some(table) = table(source, &lines[i..end]) {
                out.push((i..end, table));
                i = end;
                continue;
            }
        }
        i += 1;
    }
    out
}

/// One past the last line of the region starting at `start`.
fn region_end(source: &SourceFile, lines: &[(Span, LineKind)], start: usize) -> usize {
    let mut end = start + 1;
    let mut j = start + 1;
    let mut blanks = 0;
    while j < lines.len() {
        match lines[j].1 {
            LineKind::Blank => {
                blanks += 1;
                if blanks > MAX_BLANK_RUN {
                    break;
                }
            }
            LineKind::Pipe => {
                blanks = 0;
                end = j + 1;
            }
            LineKind::Text(span) => {
                if !may_be_cell(source.slice(span)) {
                    break;
                }
                blanks = 0;
                end = j + 1;
            }
            LineKind::Other => break,
        }
        j += 1;
    }
    end
}

/// A cell from consecutive lines (`parts`, trimmed spans), joined with `\n`.
fn cell_of(source: &SourceFile, parts: &[Span]) -> Cell {
    let span = parts[0].cover(parts[parts.len() - 1]);
    let text = parts
        .iter()
        .map(|p| source.slice(*p))
        .collect::<Vec<_>>()
        .join("\n");
    Cell::new(text, source.slice(span), span, span)
}

/// A cell as the layout delimits it, before label fragments are joined.
enum Piece {
    /// The cell's lines (trimmed spans).
    Lines(Vec<Span>),
    /// An empty cell the layout shows, at this position.
    Empty(Span),
}

/// The cells of a region, and its layout.
fn cells(source: &SourceFile, region: &[(Span, LineKind)]) -> (Vec<Cell>, TableLayout) {
    let (pieces, layout) = pieces(region);
    (join_label_fragments(source, pieces), layout)
}

/// The region's cells as the layout delimits them: a lone `|` ends a cell (and `|` right after
/// `|` is an empty cell); otherwise a blank line ends a cell when blank lines separate the
/// cells; otherwise every line is a cell.
fn pieces(region: &[(Span, LineKind)]) -> (Vec<Piece>, TableLayout) {
    let count = |f: fn(&LineKind) -> bool| region.iter().filter(|(_, l)| f(l)).count();
    let pipes = count(|l| matches!(l, LineKind::Pipe));
    let texts = count(|l| matches!(l, LineKind::Text(_)));
    let blanks = count(|l| matches!(l, LineKind::Blank));
    let mut out = Vec::new();
    let mut parts: Vec<Span> = Vec::new();
    if pipes * 2 >= texts {
        let mut after_pipe = false;
        for &(span, line) in region {
            match line {
                LineKind::Text(t) => parts.push(t),
                LineKind::Pipe if !parts.is_empty() => {
                    out.push(Piece::Lines(std::mem::take(&mut parts)))
                }
                LineKind::Pipe if after_pipe => out.push(Piece::Empty(span)),
                _ => {}
            }
            if !matches!(line, LineKind::Blank) {
                after_pipe = matches!(line, LineKind::Pipe);
            }
        }
        if !parts.is_empty() {
            out.push(Piece::Lines(parts));
        }
        return (out, TableLayout::LinePerCellPiped);
    }
    if blanks * 2 >= texts {
        for &(_, line) in region {
            match line {
                LineKind::Text(t) => parts.push(t),
                _ if !parts.is_empty() => out.push(Piece::Lines(std::mem::take(&mut parts))),
                _ => {}
            }
        }
        if !parts.is_empty() {
            out.push(Piece::Lines(parts));
        }
        return (out, TableLayout::LinePerCell);
    }
    let lines = region.iter().filter_map(|(_, l)| match l {
        LineKind::Text(t) => Some(Piece::Lines(vec![*t])),
        _ => None,
    });
    (lines.collect(), TableLayout::LinePerCell)
}

/// The pieces as cells, where a run of label pieces that together spell a vocabulary key is
/// one cell (the longest such run wins): a header or row label broken over lines or cells
/// (`商` `业` `企` `业`, `本年新` `制作数量`).
fn join_label_fragments(source: &SourceFile, pieces: Vec<Piece>) -> Vec<Cell> {
    let v = vocabulary();
    let label_key = |p: &Piece| -> Option<String> {
        let Piece::Lines(lines) = p else { return None };
        let text = lines.iter().map(|l| source.slice(*l)).collect::<String>();
        (!is_value_text(&text)).then(|| label_key_cow(&text).into_owned())
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < pieces.len() {
        let mut take = 1;
        if let Some(mut joined) = label_key(&pieces[i]) {
            let mut j = i + 1;
            while j < pieces.len() && v.is_prefix(&joined) {
                let Some(next) = label_key(&pieces[j]) else {
                    break;
                };
                joined.push_str(&next);
                j += 1;
                if v.is_exact(&joined) {
                    take = j - i;
                }
            }
        }
        let spans: Vec<Span> = pieces[i..i + take]
            .iter()
            .flat_map(|p| match p {
                Piece::Lines(lines) => lines.clone(),
                Piece::Empty(_) => Vec::new(),
            })
            .collect();
        out.push(match &pieces[i] {
            Piece::Empty(at) => {
                let span = Span::empty_at(at.start);
                Cell::new(String::new(), "", span, span)
            }
            Piece::Lines(_) => cell_of(source, &spans),
        });
        i += take;
    }
    out
}

/// Cells in reading order grouped into rows: a row starts at a row label (unless it is a
/// column name inside a header), at a label after values, and at values after a header of
/// several cells; other values and labels join the row before them.
pub(super) fn group_rows(cells: Vec<Cell>) -> Vec<Vec<Cell>> {
    let v = vocabulary();
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    for cell in cells {
        let current = rows.last();
        let has_values =
            current.is_some_and(|r| r.iter().any(|c| c.is_value_like() || c.text.is_empty()));
        // A column name inside a header (`总计`, also a row label) stays in the header.
        let in_header = !has_values && v.columns.contains(cell.key());
        let key_starts_row = !cell.is_value_like()
            && !cell.text.is_empty()
            && !in_header
            && v.starts_row(cell.key());
        let new_row = match current {
            None => true,
            Some(_) if key_starts_row => true,
            Some(_) if cell.is_value_like() || cell.text.is_empty() => {
                // Values follow the one label before them; after a header of several cells
                // they are a row of their own.
                current.is_some_and(|r| r.len() > 1 && !has_values)
            }
            Some(_) => has_values,
        };
        if new_row {
            rows.push(vec![cell]);
        } else if let Some(row) = rows.last_mut() {
            row.push(cell);
        }
    }
    rows
}

/// A row of a one-cell-per-line table split at its row labels when it holds several template
/// rows (no blank line between them); as it is when no row label follows a value.
pub(super) fn split_at_labels(cells: Vec<Cell>) -> Vec<Vec<Cell>> {
    let v = vocabulary();
    // Only a row label after values starts another row: a group label before a row label
    // (`（三）不予公开` `1.属于国家秘密` `0` …) is one row as written.
    let label_after_values = cells
        .iter()
        .position(Cell::is_value_like)
        .is_some_and(|first| {
            cells[first..]
                .iter()
                .any(|c| !c.is_value_like() && !c.text.is_empty() && v.starts_row(c.key()))
        });
    if label_after_values {
        group_rows(cells)
    } else {
        vec![cells]
    }
}

/// The rows of a region, or `None` when it does not hold a table.
fn table(source: &SourceFile, region: &[(Span, LineKind)]) -> Option<Table> {
    let (cells, layout) = cells(source, region);
    let v = vocabulary();
    let values = cells.iter().filter(|c| c.is_value_like()).count();
    let labels = cells
        .iter()
        .filter(|c| !c.is_value_like() && v.is_exact(c.key()))
        .count();
    if values == 0 || (values < MIN_VALUES && labels < MIN_LABELS_FOR_ONE_VALUE) {
        return None;
    }
    let rows = group_rows(cells);
    if rows.len() < 2 {
        return None;
    }
    let rows: Vec<Row> = rows.into_iter().map(Row::new).collect();
    let span = rows
        .iter()
        .map(|r| r.span)
        .reduce(Span::cover)
        .unwrap_or_default();
    Some(Table { layout, rows, span })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalise::trim;

    fn read(text: &str) -> Vec<(Range<usize>, Table)> {
        let src = SourceFile::new("t", text.to_string(), "UTF-8");
        let lines: Vec<(Span, LineKind)> = (0..src.line_count())
            .map(|i| {
                let span = src.line_span(i);
                let t = trim(src.slice(span));
                let kind = if t.is_empty() {
                    LineKind::Blank
                } else if t == "|" {
                    LineKind::Pipe
                } else if t.contains(['\t', '|']) {
                    LineKind::Other
                } else {
                    let lead = src.slice(span).len() - src.slice(span).trim_start().len();
                    LineKind::Text(Span::new(span.start + lead, span.start + lead + t.len()))
                };
                (span, kind)
            })
            .collect();
        tables(&src, &lines)
    }

    fn texts(t: &Table) -> Vec<Vec<String>> {
        t.rows
            .iter()
            .map(|r| r.cells.iter().map(|c| c.text.replace('\n', "/")).collect())
            .collect()
    }

    #[test]
    fn bare_lines_become_rows_at_labels_and_join_split_labels() {
        let text = "二、主动公开政府信息情况\n第二十条第（一）项\n信息内容\n本年制发件数\n本年废止件数\n现行有效件数\n规章\n1\n0\n7\n行政规范性文件\n0\n10\n三、收到和处理政府信息公开申请情况\n";
        let found = read(text);
        assert_eq!(found.len(), 1);
        let (range, t) = &found[0];
        assert_eq!(
            range.clone(),
            1..13,
            "the heading before and after stay text"
        );
        assert_eq!(t.layout, TableLayout::LinePerCell);
        assert_eq!(
            texts(t),
            vec![
                vec!["第二十条第（一）项"],
                vec!["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
                vec!["规章", "1", "0", "7"],
                vec!["行政规范性文件", "0", "10"],
            ]
        );
    }

    #[test]
    fn label_fragments_join_only_into_template_labels() {
        let text = "申请人情况\n自然人\n法人或其他组织\n总计\n商\n业\n企\n业\n科研\n机构\n其他\n一、本年新收政府信息公开申请数量\n1\n0\n（二）部分公开\n（区分处理的，只计这一情形，不计其他情形）\n5\n0\n";
        let (_, t) = &read(text)[0];
        let rows = texts(t);
        assert_eq!(
            rows[0],
            [
                "申请人情况",
                "自然人",
                "法人或其他组织",
                "总计",
                "商/业/企/业",
                "科研/机构",
                "其他"
            ]
        );
        assert_eq!(rows[1], ["一、本年新收政府信息公开申请数量", "1", "0"]);
        assert_eq!(
            rows[2],
            [
                "（二）部分公开/（区分处理的，只计这一情形，不计其他情形）",
                "5",
                "0"
            ]
        );
    }

    #[test]
    fn pipe_lines_end_cells_and_two_pipes_hold_an_empty_cell() {
        let text = "第二十条第(一)项\n|\n信息内容\n|\n本年制发件数\n|\n规章\n|\n0\n|\n|\n6\n|\n";
        let (_, t) = &read(text)[0];
        assert_eq!(t.layout, TableLayout::LinePerCellPiped);
        assert_eq!(
            texts(t),
            vec![
                vec!["第二十条第(一)项"],
                vec!["信息内容", "本年制发件数"],
                vec!["规章", "0", "", "6"],
            ]
        );
    }

    #[test]
    fn blank_lines_separate_cells_and_adjacent_lines_wrap() {
        let text = "第二十条第(一)项\n\n信息内容\n\n本年新\n制作数量\n\n规章\n\n0\n\n3\n";
        let (_, t) = &read(text)[0];
        assert_eq!(
            texts(t),
            vec![
                vec!["第二十条第(一)项"],
                vec!["信息内容", "本年新/制作数量"],
                vec!["规章", "0", "3"]
            ]
        );
    }

    #[test]
    fn prose_and_unanchored_numbers_are_not_tables() {
        assert!(read("2021\n年，全市\n公开规章\n1\n件，规范性文件\n507\n件。\n").is_empty());
        assert!(read("行政复议\n本年度未发生行政复议。\n").is_empty());
    }
}
