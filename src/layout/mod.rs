//! The format-neutral layout document: headings, paragraphs and tables of rows of cells.
//!
//! Every reader (plain text; `.docx` and `.html` through [`structured`]) produces a
//! [`Document`]. Nothing here knows the report template: a table is rows of cells as laid out,
//! with the quirks of the source kept (empty spacer cells, ragged rows) for the report builder
//! to interpret with the template in hand.

mod collapsed;
pub mod docx;
pub mod grid;
pub mod html;
mod lines;
pub mod pdf;
mod spaced;
pub mod structured;
pub mod text;

use crate::normalise::{CellValue, classify, is_space, label_key_cow};
use crate::source::Span;
use serde::Serialize;
use std::borrow::Cow;

/// The whitespace-separated words of `text` as byte ranges.
pub(crate) fn words(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut at = 0;
    std::iter::from_fn(move || {
        let rest = &text[at..];
        let start = at + (rest.len() - rest.trim_start_matches(is_space).len());
        if start >= text.len() {
            return None;
        }
        let len = text[start..].find(is_space).unwrap_or(text.len() - start);
        at = start + len;
        Some((start, start + len))
    })
}

/// A laid-out document.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Document {
    /// Blocks in source order.
    pub blocks: Vec<Block>,
}

/// One block of the document.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Block {
    /// A line marked as a heading by the source (markdown `#`, a Word heading style).
    Heading(TextBlock),
    /// A paragraph (in text extractions: one physical line).
    Paragraph(TextBlock),
    /// A table.
    Table(Table),
}

/// A heading or paragraph.
#[derive(Debug, Clone, Serialize)]
pub struct TextBlock {
    /// The text without heading markers and surrounding whitespace.
    pub text: String,
    /// Span of `text` in the source.
    pub span: Span,
    /// Heading level (1 for `#`), 0 for paragraphs.
    pub level: u8,
}

/// How a table was laid out in the source; it decides which empty cells carry meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TableLayout {
    /// One row per line, TAB-separated cells (seeds 000, 002).
    TabRows,
    /// One cell per line, TAB-prefixed, rows separated by blank lines (seeds 001, 003, 004).
    CellPerLine,
    /// One row per line, `|`-separated cells.
    PipeRows,
    /// One cell per line ending in ` |`, rows separated by blank lines.
    PipeCellPerLine,
    /// A Markdown table with a `|---|` separator row.
    Markdown,
    /// A real grid from a structured format (merged cells already expanded).
    Grid,
    /// One cell per line with nothing on the line marking it (crawler text, cells separated by
    /// blank lines): empty cells do not show, so a short row cannot be placed.
    LinePerCell,
    /// One cell per line (or several lines), each cell ended by a line holding only `|`.
    LinePerCellPiped,
    /// A label and values separated by spaces (PDF text, flipbooks): empty cells do not show.
    SpaceRows,
}

impl TableLayout {
    /// Whether an empty cell at the start or end of a row is a real cell. In one-row-per-line
    /// layouts the edges are full of artefacts (trailing TABs, colspan spacers), so an empty
    /// edge cell cannot be told from an empty value; where every cell is written out on its
    /// own line it can.
    pub fn edge_cells_are_explicit(self) -> bool {
        matches!(
            self,
            TableLayout::CellPerLine
                | TableLayout::PipeCellPerLine
                | TableLayout::Grid
                | TableLayout::LinePerCellPiped
        )
    }

    /// Whether an empty cell shows in this layout. Where it does not (a crawler's text drops
    /// empty cells), a row with fewer values than columns cannot be placed at all.
    pub fn shows_empty_cells(self) -> bool {
        !matches!(self, TableLayout::LinePerCell | TableLayout::SpaceRows)
    }

    /// Whether the table's header is part of the table. Spaced text (a PDF's text layer)
    /// leaves it in prose lines, its words often broken over lines: a header missing from
    /// such a table is the reader's limit, not the report's defect.
    pub fn holds_header(self) -> bool {
        self != TableLayout::SpaceRows
    }
}

/// A table: rows of cells.
#[derive(Debug, Clone, Serialize)]
pub struct Table {
    /// Source layout.
    pub layout: TableLayout,
    /// Rows in source order.
    pub rows: Vec<Row>,
    /// Span of the whole table.
    pub span: Span,
}

/// A row of cells.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    /// Cells in source order.
    pub cells: Vec<Cell>,
    /// Span of the row.
    pub span: Span,
}

impl Row {
    /// A row of `cells`, spanning them.
    pub fn new(cells: Vec<Cell>) -> Self {
        let span = cells
            .iter()
            .map(|c| c.span)
            .reduce(Span::cover)
            .unwrap_or_default();
        Row { cells, span }
    }
}

/// A cell as written, with what its text says computed once: its matching key and its value
/// class (number, placeholder, empty, text). Both depend on the text alone, not the template.
#[derive(Debug, Clone, Serialize)]
pub struct Cell {
    /// The cell text with outer whitespace trimmed; wrapped parts joined with `\n`.
    pub text: String,
    /// Span of the cell before trimming (NBSP, U+3000 kept; a wrapped cell's lines between).
    pub raw_span: Span,
    /// Span of the trimmed text; zero-width at the cell position when the cell is empty.
    pub span: Span,
    /// The matching key of `text` ([`label_key`](crate::normalise::label_key)) when it differs from `text`; `None` when the
    /// text is its own key, as for most labels, so that no copy is stored. Read it with
    /// [`Cell::key`].
    #[serde(skip)]
    key: Option<String>,
    /// The value class of `raw` ([`classify`]).
    #[serde(skip)]
    pub value: CellValue,
}

impl Cell {
    /// A cell from its trimmed text, its raw text and the spans of both.
    pub fn new(text: String, raw: &str, raw_span: Span, span: Span) -> Self {
        Self::with_value(text, classify(raw), raw_span, span)
    }

    /// A cell whose raw text is already classified as `value`.
    pub(crate) fn with_value(text: String, value: CellValue, raw_span: Span, span: Span) -> Self {
        let key = if matches!(value, CellValue::Number { .. }) {
            // Numbers are never labels: their key is empty (an empty String does not allocate).
            Some(String::new())
        } else {
            match label_key_cow(&text) {
                Cow::Borrowed(_) => None,
                Cow::Owned(key) => Some(key),
            }
        };
        Cell {
            text,
            raw_span,
            span,
            key,
            value,
        }
    }

    /// The matching key of the text ([`label_key`](crate::normalise::label_key)); empty for numbers, which are never labels.
    pub fn key(&self) -> &str {
        self.key.as_deref().unwrap_or(&self.text)
    }

    /// Whether the cell holds a number or a placeholder.
    pub fn is_value_like(&self) -> bool {
        self.value.is_value_like()
    }
}
