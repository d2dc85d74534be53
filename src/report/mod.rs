//! The typed report model: metadata, the six sections with their paragraphs and sentences, and
//! every template cell by id path, each with its value and source span.
//!
//! Built from a layout [`Document`](crate::layout::Document) by [`build`]. Cells are addressed
//! by stable id paths such as `sec3.results.denied.third_party.natural_person`. A cell is
//! [`Slot::Absent`] when the source has no cell for it and [`Slot::Ambiguous`] when the source
//! can be read more than one way: the builder reports such places instead of guessing.

mod build;
mod detect;
mod meta;
mod rows;
mod sec2;
mod sec3;
mod sec4;
mod sections;

pub use build::build;
pub use meta::OrganKind;

use crate::diagnostic::Diagnostic;
use crate::normalise::CellValue;
use crate::source::Span;
use crate::template::KeyHasher;
use std::hash::{BuildHasher, BuildHasherDefault};
use std::sync::OnceLock;

/// A value with the span it was read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located<T> {
    /// The value.
    pub value: T,
    /// Where it was read.
    pub span: Span,
}

/// Report metadata read from the title.
#[derive(Debug, Clone, Default)]
pub struct Meta {
    /// The title as written (lines joined), with its span.
    pub title: Option<Located<String>>,
    /// The organ publishing the report (title text before the year).
    pub organ: Option<Located<String>>,
    /// The kind of organ, derived from its name.
    pub organ_kind: OrganKind,
    /// The report year from the title.
    pub year: Option<Located<i32>>,
}

/// A sentence of narrative text.
#[derive(Debug, Clone)]
pub struct Sentence {
    /// The sentence, ending punctuation included, without spaces between two ideographs (a
    /// mirror's blanked pinyin, a PDF's spaced-out words: see
    /// [`crate::normalise::join_ideographs`]), so that phrases match across them.
    pub text: String,
    /// Its span.
    pub span: Span,
    /// Where spaces were dropped from `text`: (offset in `text`, bytes dropped), in order.
    /// Empty for most sentences, whose text is their source as written.
    pub gaps: Vec<(usize, usize)>,
}

impl Sentence {
    /// A sentence whose text is its source as written.
    pub fn new(text: String, span: Span) -> Sentence {
        Sentence {
            text,
            span,
            gaps: Vec::new(),
        }
    }

    /// The offset in the source of byte `at` of [`Sentence::text`].
    pub fn source_offset(&self, at: usize) -> usize {
        let dropped: usize = self
            .gaps
            .iter()
            .take_while(|(gap, _)| *gap <= at)
            .map(|(_, bytes)| bytes)
            .sum();
        self.span.start + at + dropped
    }
}

/// A paragraph of narrative text.
#[derive(Debug, Clone)]
pub struct Paragraph {
    /// The text.
    pub text: String,
    /// Its span.
    pub span: Span,
    /// Sentences split on `。！？；`.
    pub sentences: Vec<Sentence>,
}

/// A recognised section heading.
#[derive(Debug, Clone)]
pub struct Heading {
    /// The heading line as written (markers stripped).
    pub text: String,
    /// Its span.
    pub span: Span,
    /// The numeral as written (`三`), if numbered.
    pub numeral: Option<String>,
}

/// One of the six sections.
#[derive(Debug, Clone)]
pub struct Section {
    /// `s1` … `s6`.
    pub id: String,
    /// The heading, if found.
    pub heading: Option<Heading>,
    /// Body paragraphs (tables excluded).
    pub paragraphs: Vec<Paragraph>,
    /// Whether the file stops inside this section: it is the last section found, and two or
    /// more sections the template puts after it are missing, or one is and the text ends in the
    /// middle of a sentence (a page cut off by a crawler, an excerpt). What the section does not
    /// say may be in the part that is missing, so a check for the absence of something in it
    /// cannot be decided.
    pub cut_off: bool,
}

/// A table cell as read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    /// Classified value.
    pub value: CellValue,
    /// The trimmed text.
    pub text: String,
    /// Span of the text before trimming.
    pub raw_span: Span,
    /// Span of the trimmed text (zero-width for an empty cell).
    pub span: Span,
}

/// What the report says for one template cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Slot {
    /// The source has no cell here.
    Absent,
    /// One cell.
    Present(Cell),
    /// The source can be read several ways; these cells are the candidates.
    Ambiguous {
        /// Cells that could be this one, in source order.
        candidates: Vec<Cell>,
        /// Whether one reading leaves this slot without a cell.
        may_be_absent: bool,
    },
}

/// Most candidate cells kept for one ambiguous slot. Candidates are evidence shown beside a
/// finding that cannot be assessed; past a handful they say nothing more, and a hostile row of
/// 200,000 values or a row repeated 100,000 times must not copy every value into every slot.
pub const MAX_CANDIDATES: usize = 8;

impl Slot {
    /// An ambiguous slot whose candidates are `candidates`, in source order, keeping the first
    /// [`MAX_CANDIDATES`].
    pub fn ambiguous(candidates: impl IntoIterator<Item = Cell>, may_be_absent: bool) -> Slot {
        Slot::Ambiguous {
            candidates: candidates.into_iter().take(MAX_CANDIDATES).collect(),
            may_be_absent,
        }
    }

    /// The cell when there is exactly one.
    pub fn cell(&self) -> Option<&Cell> {
        match self {
            Slot::Present(c) => Some(c),
            _ => None,
        }
    }
}

/// A recognised table row: which template row it is and where.
#[derive(Debug, Clone)]
pub struct RowInfo {
    /// Row id (`results.public`, `admin_license`, `data` for section 4).
    pub id: String,
    /// Span of the source row.
    pub span: Span,
}

/// A recognised table.
#[derive(Debug, Clone)]
pub struct TableInfo {
    /// `sec2.art20_1`, `sec3`, `sec4`.
    pub id: String,
    /// The template the table was read with.
    pub template: String,
    /// Span of the table's rows in the source (title row to last row).
    pub span: Span,
    /// Recognised rows.
    pub rows: Vec<RowInfo>,
}

/// All template cells by id path, in template order.
#[derive(Debug, Clone, Default)]
pub struct Cells {
    /// Paths are the template's own strings: the bundled templates live for the whole run.
    entries: Vec<(&'static str, Slot)>,
    /// `(hash of path, position)` sorted by hash, built on the first lookup (most reports are
    /// only iterated). Hashes rather than copies of the paths: no string is allocated.
    index: OnceLock<Vec<(u64, usize)>>,
}

/// Paths are short ASCII ids: hashed as the templates' label keys are, more cheaply than with
/// the default SipHash.
fn path_hash(path: &str) -> u64 {
    BuildHasherDefault::<KeyHasher>::default().hash_one(path)
}

impl Cells {
    /// The cells of every table, in order. Paths come from the template and are unique.
    pub fn new(entries: Vec<(&'static str, Slot)>) -> Self {
        Cells {
            entries,
            index: OnceLock::new(),
        }
    }

    /// The slot at `path`.
    pub fn get(&self, path: &str) -> Option<&Slot> {
        self.position(path).map(|i| self.at(i))
    }

    /// Where the cell at `path` is, for reading it repeatedly with [`Cells::at`].
    pub fn position(&self, path: &str) -> Option<usize> {
        let index = self.index.get_or_init(|| {
            let mut index: Vec<(u64, usize)> = self
                .entries
                .iter()
                .enumerate()
                .map(|(i, (p, _))| (path_hash(p), i))
                .collect();
            index.sort_unstable();
            index
        });
        let hash = path_hash(path);
        let first = index.partition_point(|&(h, _)| h < hash);
        index[first..]
            .iter()
            .take_while(|&&(h, _)| h == hash)
            .map(|&(_, i)| i)
            .find(|&i| self.entries[i].0 == path)
    }

    /// Like [`Cells::position`], but tries `hint` first: walking a table's cells in template
    /// order, the next cell is usually right after the last one found, and then the index is
    /// not needed at all.
    pub fn position_from(&self, path: &str, hint: usize) -> Option<usize> {
        match self.entries.get(hint) {
            Some((p, _)) if *p == path => Some(hint),
            _ => self.position(path),
        }
    }

    /// The slot at a position from [`Cells::position`].
    pub fn at(&self, position: usize) -> &Slot {
        &self.entries[position].1
    }

    /// All cells in template order. Paths are the bundled templates' own strings.
    pub fn iter(&self) -> impl Iterator<Item = (&'static str, &Slot)> {
        self.entries.iter().map(|(p, s)| (*p, s))
    }

    /// Number of cells.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// A typed report.
#[derive(Debug, Clone)]
pub struct Report {
    /// Metadata.
    pub meta: Meta,
    /// The template the report follows (`gov-2021`, `gov-2019`).
    pub template: String,
    /// The title as one sentence (for rules that read it), if found.
    pub title_sentence: Option<Sentence>,
    /// Paragraphs before the first section (title excluded).
    pub preamble: Vec<Paragraph>,
    /// The six sections in template order (missing ones have no heading).
    pub sections: Vec<Section>,
    /// Every template cell.
    pub cells: Cells,
    /// Recognised tables.
    pub tables: Vec<TableInfo>,
    /// Whether the text was recognised as an annual report at all.
    pub recognised: bool,
    /// Structural diagnostics, sorted by position.
    pub diagnostics: Vec<Diagnostic>,
}

impl Report {
    /// The section with id `s1` … `s6`.
    pub fn section(&self, id: &str) -> Option<&Section> {
        self.sections.iter().find(|s| s.id == id)
    }
}
