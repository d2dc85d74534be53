//! The tree that `.docx` and `.html` readers build (paragraphs, tables whose cells hold blocks,
//! with their merges), and the one way it becomes a layout [`Document`].
//!
//! Neither format gives positions a person can use (Word has none; HTML's are buried in page
//! markup), so the document is rendered to a readable text view — one paragraph per line, one
//! table row per line with TAB-separated cells, merged slots left empty so columns line up —
//! and every span points into that view. `xxgk-lint parse --render FILE` prints it.
//!
//! Merges are expanded into a grid first ([`super::grid`]). A layout row then holds what a
//! Word text export holds: one cell per real cell, plus one empty cell where a vertical merge
//! covers the row (Word writes those as cells of their own), and nothing for the slots a
//! horizontal merge covers. That is the shape the report builder already reads from
//! cell-per-line text (seeds 001, 003, 004), so both readers feed it unchanged.

use super::grid::{Grid, Slot};
use super::{Block, Cell, Document, Row, Table, TableLayout, TextBlock};
use crate::decode::DecodeError;
use crate::diagnostic::Text;
use crate::source::{SourceFile, Span, WordPlace};

/// Most rows a table may have. Report tables have under forty; each row read costs about a
/// kilobyte through the later stages, so a `.docx` of 90 KB that inflates to 250,000 rows
/// would need hundreds of megabytes. A document with a longer table is refused, not read.
pub const MAX_TABLE_ROWS: usize = 10_000;

/// The error for a table of `rows` rows, more than [`MAX_TABLE_ROWS`].
pub fn too_many_rows(format: &'static str, rows: usize) -> DecodeError {
    DecodeError::Malformed {
        format,
        problem: Text::new(
            format!("表格有 {rows} 行以上，超过上限 {MAX_TABLE_ROWS} 行，拒绝读取"),
            format!("a table has {rows} rows or more, over the limit of {MAX_TABLE_ROWS}; refused"),
        ),
    }
}

/// Refuses a tree holding a table longer than [`MAX_TABLE_ROWS`] (nested tables included;
/// walked without recursion): for HTML, whose tree the parser builds whole. `format` names the
/// file's format in the error.
pub fn check_limits(tree: &Tree, format: &'static str) -> Result<(), DecodeError> {
    let mut pending: Vec<&Node> = tree.blocks.iter().collect();
    while let Some(node) = pending.pop() {
        let Node::Table(table) = node else { continue };
        if table.rows.len() > MAX_TABLE_ROWS {
            return Err(too_many_rows(format, table.rows.len()));
        }
        pending.extend(
            table
                .rows
                .iter()
                .flat_map(|r| &r.cells)
                .flat_map(|c| &c.blocks),
        );
    }
    Ok(())
}

/// A structured document as read from its container format.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Tree {
    /// Top-level blocks in document order.
    pub blocks: Vec<Node>,
}

/// A block of a structured document.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    /// A paragraph; `heading` when a heading style or element marks it.
    Paragraph { text: String, heading: bool },
    /// A table.
    Table(TableNode),
}

/// A table as written: rows of the cells that are really there.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TableNode {
    /// Rows in order.
    pub rows: Vec<RowNode>,
}

/// A table row.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RowNode {
    /// Grid columns left out before the first cell (Word's `gridBefore`).
    pub skip_before: usize,
    /// The row's cells in order.
    pub cells: Vec<CellNode>,
}

/// A table cell: its content and how far it reaches.
#[derive(Debug, Clone, PartialEq)]
pub struct CellNode {
    /// The cell's content (paragraphs, possibly nested tables).
    pub blocks: Vec<Node>,
    /// Grid columns the cell covers (`gridSpan`, `colspan`), at least 1.
    pub col_span: usize,
    /// How the cell takes part in a vertical merge.
    pub vertical: Vertical,
}

/// Vertical merging, in the two ways the formats say it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Vertical {
    /// HTML `rowspan`: the cell covers this many rows (1 = no merge; 0 = to the table's end).
    Rows(usize),
    /// Word `vMerge="restart"`: the cell starts a merge continued below.
    Restart,
    /// Word `vMerge` (continue): this cell is covered by the one above.
    Continue,
}

#[cfg(test)]
impl CellNode {
    /// A one-slot cell holding one paragraph (the readers build cells from their markup).
    pub fn text(text: &str) -> Self {
        CellNode {
            blocks: vec![Node::Paragraph {
                text: text.to_string(),
                heading: false,
            }],
            col_span: 1,
            vertical: Vertical::Rows(1),
        }
    }
}

/// Widest table (in grid columns) treated as page layout when a cell holds another table.
const LAYOUT_TABLE_MAX_COLUMNS: usize = 3;

/// Resolves nested tables: a narrow table whose cells hold tables is page layout (old
/// government sites wrap the whole page in one), so its cells' content takes its place; any
/// other nested table is kept apart as a table of its own, right after the one holding it,
/// so its rows never mix into the outer table.
pub fn flatten(blocks: Vec<Node>) -> Vec<Node> {
    let mut out = Vec::new();
    for block in blocks {
        match block {
            Node::Paragraph { .. } => out.push(block),
            Node::Table(table) if is_layout_table(&table) => {
                for row in table.rows {
                    for cell in row.cells {
                        out.extend(flatten(cell.blocks));
                    }
                }
            }
            Node::Table(mut table) => {
                let mut nested = Vec::new();
                for cell in table.rows.iter_mut().flat_map(|r| r.cells.iter_mut()) {
                    let (tables, rest): (Vec<Node>, Vec<Node>) = std::mem::take(&mut cell.blocks)
                        .into_iter()
                        .partition(|b| matches!(b, Node::Table(_)));
                    cell.blocks = rest;
                    nested.extend(tables);
                }
                out.push(Node::Table(table));
                out.extend(flatten(nested));
            }
        }
    }
    out
}

fn is_layout_table(table: &TableNode) -> bool {
    let holds_table = table
        .rows
        .iter()
        .flat_map(|r| &r.cells)
        .any(|c| c.blocks.iter().any(|b| matches!(b, Node::Table(_))));
    let width = table
        .rows
        .iter()
        .map(|r| r.skip_before + r.cells.iter().map(|c| c.col_span).sum::<usize>())
        .max()
        .unwrap_or(0);
    holds_table && width <= LAYOUT_TABLE_MAX_COLUMNS
}

/// The text of a cell's content on one line: paragraphs, line breaks and tabs become single
/// spaces, so a cell never breaks the row it is on.
pub fn cell_text(blocks: &[Node]) -> String {
    let mut parts = Vec::new();
    for b in blocks {
        match b {
            Node::Paragraph { text, .. } => parts.push(one_line(text)),
            Node::Table(t) => {
                for c in t.rows.iter().flat_map(|r| &r.cells) {
                    parts.push(cell_text(&c.blocks));
                }
            }
        }
    }
    parts.retain(|p| !p.is_empty());
    parts.join(" ")
}

/// Joins the lines and tab-separated parts of a text with single spaces, trimmed.
fn one_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for part in text.split(['\n', '\r', '\t']) {
        let part = part.trim_matches(' ');
        if part.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(part);
    }
    out
}

/// Renders the tree into the text view and the layout document pointing into it.
pub fn render(name: &str, encoding: &str, tree: Tree) -> (SourceFile, Document) {
    let (source, document, _) = render_placed(name, encoding, tree);
    (source, document)
}

/// [`render`] for a Word document: the text view also knows which paragraph or table cell
/// each of its spans comes from, so a finding can be found in Word.
pub fn render_word(name: &str, encoding: &str, tree: Tree) -> (SourceFile, Document) {
    let (mut source, document, places) = render_placed(name, encoding, tree);
    source.set_word_places(places);
    (source, document)
}

fn render_placed(
    name: &str,
    encoding: &str,
    tree: Tree,
) -> (SourceFile, Document, Vec<(Span, WordPlace)>) {
    let mut text = String::new();
    let mut blocks = Vec::new();
    let mut places = Vec::new();
    let (mut paragraphs, mut tables) = (0, 0);
    for node in flatten(tree.blocks) {
        match node {
            Node::Paragraph { text: t, heading } => {
                let line = one_line(&t);
                if line.is_empty() {
                    continue;
                }
                let start = text.len();
                text.push_str(&line);
                paragraphs += 1;
                let span = Span::new(start, text.len());
                places.push((
                    span,
                    WordPlace::Paragraph {
                        paragraph: paragraphs,
                    },
                ));
                let block = TextBlock {
                    span,
                    text: line,
                    level: u8::from(heading),
                };
                text.push('\n');
                blocks.push(if heading {
                    Block::Heading(block)
                } else {
                    Block::Paragraph(block)
                });
            }
            Node::Table(table) => {
                tables += 1;
                if let Some(t) = render_table(&mut text, &table, tables, &mut places) {
                    blocks.push(Block::Table(t));
                }
            }
        }
    }
    (
        SourceFile::report(name, text, encoding),
        Document { blocks },
        places,
    )
}

/// Renders one table (the `number`th of the document), recording where each cell lands in
/// `places`.
fn render_table(
    text: &mut String,
    table: &TableNode,
    number: usize,
    places: &mut Vec<(Span, WordPlace)>,
) -> Option<Table> {
    let grid = Grid::expand(table);
    let cell_texts: Vec<Vec<String>> = table
        .rows
        .iter()
        .map(|r| r.cells.iter().map(|c| cell_text(&c.blocks)).collect())
        .collect();
    let table_start = text.len();
    let mut rows = Vec::new();
    for slots in &grid.rows {
        let row_start = text.len();
        let mut cells = Vec::new();
        let last = slots
            .iter()
            .rposition(|s| !matches!(s, Slot::Vacant | Slot::Right))
            .map_or(0, |i| i + 1);
        for (c, slot) in slots[..last].iter().enumerate() {
            if c > 0 {
                text.push('\t');
            }
            let at = text.len();
            match *slot {
                Slot::Origin { row, cell } => {
                    let content = &cell_texts[row][cell];
                    text.push_str(content);
                    let span = Span::new(at, text.len());
                    cells.push(Cell::new(content.clone(), content, span, span));
                    // The row and cell as Word has them: merged slots are not cells of
                    // their own there.
                    places.push((
                        span,
                        WordPlace::Cell {
                            table: number,
                            row: row + 1,
                            column: cell + 1,
                        },
                    ));
                }
                // Word writes the covered part of a vertical merge as a cell of its own; one
                // empty cell per merged cell, at its first column.
                Slot::Below { first_column: true } => {
                    let span = Span::empty_at(at);
                    cells.push(Cell::new(String::new(), "", span, span));
                }
                Slot::Below {
                    first_column: false,
                }
                | Slot::Right
                | Slot::Vacant => {}
            }
        }
        if cells.is_empty() {
            text.truncate(row_start);
            continue;
        }
        let span = Span::new(row_start, text.len());
        text.push('\n');
        rows.push(Row { cells, span });
    }
    if rows.is_empty() {
        return None;
    }
    let end = rows.last().map_or(table_start, |r| r.span.end);
    Some(Table {
        layout: TableLayout::Grid,
        rows,
        span: Span::new(table_start, end),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn para(t: &str) -> Node {
        Node::Paragraph {
            text: t.to_string(),
            heading: false,
        }
    }

    fn row(cells: Vec<CellNode>) -> RowNode {
        RowNode {
            skip_before: 0,
            cells,
        }
    }

    #[test]
    fn cell_text_is_one_line() {
        assert_eq!(
            cell_text(&[para("商业\n企业"), para(""), para("a\tb")]),
            "商业 企业 a b"
        );
        assert_eq!(one_line("  x \n\n y "), "x y");
    }

    #[test]
    fn nested_data_table_is_kept_apart_and_layout_table_dissolves() {
        let inner = TableNode {
            rows: vec![row(vec![CellNode::text("内"), CellNode::text("1")])],
        };
        let mut holder = CellNode::text("外");
        holder.blocks.push(Node::Table(inner.clone()));
        let outer = TableNode {
            rows: vec![row(vec![
                holder.clone(),
                CellNode::text("2"),
                CellNode::text("3"),
                CellNode::text("4"),
            ])],
        };
        let flat = flatten(vec![Node::Table(outer)]);
        assert_eq!(flat.len(), 2);
        let Node::Table(first) = &flat[0] else {
            panic!("outer table expected")
        };
        assert_eq!(cell_text(&first.rows[0].cells[0].blocks), "外");
        assert_eq!(flat[1], Node::Table(inner.clone()));

        let layout = TableNode {
            rows: vec![row(vec![holder])],
        };
        let flat = flatten(vec![Node::Table(layout)]);
        assert_eq!(flat, vec![para("外"), Node::Table(inner)]);
    }

    #[test]
    fn renders_rows_with_merged_slots_empty() {
        let mut label = CellNode::text("三、本年度办理结果");
        label.vertical = Vertical::Rows(2);
        let mut wide = CellNode::text("（一）予以公开");
        wide.col_span = 2;
        let tree = Tree {
            blocks: vec![
                para("一、总体情况"),
                Node::Table(TableNode {
                    rows: vec![
                        row(vec![label, wide, CellNode::text("1")]),
                        row(vec![
                            CellNode::text("（二）部分公开"),
                            CellNode::text("甲"),
                            CellNode::text("0"),
                        ]),
                    ],
                }),
            ],
        };
        let (source, doc) = render("t.docx", "UTF-8", tree);
        assert_eq!(
            source.text,
            "一、总体情况\n三、本年度办理结果\t（一）予以公开\t\t1\n\t（二）部分公开\t甲\t0\n"
        );
        let Block::Table(t) = &doc.blocks[1] else {
            panic!("table expected")
        };
        let texts: Vec<Vec<&str>> = t
            .rows
            .iter()
            .map(|r| r.cells.iter().map(|c| source.slice(c.span)).collect())
            .collect();
        assert_eq!(
            texts,
            vec![
                vec!["三、本年度办理结果", "（一）予以公开", "1"],
                vec!["", "（二）部分公开", "甲", "0"],
            ]
        );
        assert_eq!(t.layout, TableLayout::Grid);
    }
}
