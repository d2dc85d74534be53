//! Decoded source text and byte spans into it, with character-based line/column lookup.
//!
//! Every later stage (layout, report, diagnostics) points into a [`SourceFile`] through a
//! [`Span`]. Offsets are bytes into the decoded UTF-8 text (line endings normalised to LF);
//! columns shown to people are counted in characters, never bytes.

use serde::Serialize;

/// A half-open byte range `start..end` into a [`SourceFile`]'s text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end` (bytes).
    pub fn new(start: usize, end: usize) -> Self {
        debug_assert!(start <= end);
        Span { start, end }
    }

    /// A zero-width span at `pos`.
    pub fn empty_at(pos: usize) -> Self {
        Span {
            start: pos,
            end: pos,
        }
    }

    /// The smallest span covering both.
    pub fn cover(self, other: Span) -> Span {
        Span {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }

    /// Length in bytes.
    pub fn len(self) -> usize {
        self.end - self.start
    }

    /// Whether the span covers no bytes.
    pub fn is_empty(self) -> bool {
        self.start == self.end
    }
}

/// A 1-based line and 1-based column counted in characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct LineCol {
    /// 1-based line number.
    pub line: usize,
    /// 1-based column in characters (a Hanzi counts as one).
    pub column: usize,
}

/// Where a stretch of a Word document's text view comes from, in terms a Word user can find:
/// the paragraph (counting the paragraphs with text outside tables), or the table and the
/// row and cell in it (all 1-based, in document order).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum WordPlace {
    /// Body text.
    Paragraph { paragraph: usize },
    /// A table cell: the table's number, the row in it, the cell in the row.
    Cell {
        table: usize,
        row: usize,
        column: usize,
    },
}

/// A decoded report text with its name and a line index.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The name shown in diagnostics (usually the path as given).
    pub name: String,
    /// Decoded text, UTF-8, line endings normalised to `\n`.
    pub text: String,
    /// Name of the encoding the bytes were decoded from (e.g. `UTF-8`, `GBK`).
    pub encoding: String,
    /// The text as written, when `text` is its folded matching text ([`crate::fold`]): spans
    /// point into both alike.
    original: Option<String>,
    /// Where each page after the first starts (after a form feed), for text extracted from a
    /// PDF; `None` for text that has no pages.
    page_starts: Option<Vec<usize>>,
    /// For a Word document's text view: the span each paragraph or table cell has in it, in
    /// order, as pages are kept for a PDF.
    word_places: Option<Vec<(Span, WordPlace)>>,
    line_starts: Vec<usize>,
}

impl SourceFile {
    /// Wraps already decoded text (line endings must already be `\n`).
    pub fn new(name: impl Into<String>, text: String, encoding: impl Into<String>) -> Self {
        let line_starts = line_starts(&text);
        SourceFile {
            name: name.into(),
            text,
            encoding: encoding.into(),
            original: None,
            page_starts: None,
            word_places: None,
            line_starts,
        }
    }

    /// Marks the text as paged: a form feed (as `pdftotext` writes between pages) ends a page.
    pub fn paginate(&mut self) {
        let starts = self
            .text
            .bytes()
            .enumerate()
            .filter(|&(_, b)| b == b'\x0c')
            .map(|(i, _)| i + 1)
            .collect();
        self.page_starts = Some(starts);
    }

    /// The 1-based page holding byte `pos`, for paged text.
    pub fn page_of(&self, pos: usize) -> Option<usize> {
        let starts = self.page_starts.as_ref()?;
        Some(starts.partition_point(|&s| s <= pos) + 1)
    }

    /// Records where the text view's spans come from in the Word document (`places` in
    /// text order).
    pub fn set_word_places(&mut self, places: Vec<(Span, WordPlace)>) {
        self.word_places = Some(places);
    }

    /// The Word paragraph or table cell holding byte `pos`, for a Word document's text view.
    pub fn word_place_of(&self, pos: usize) -> Option<WordPlace> {
        let places = self.word_places.as_ref()?;
        let i = places
            .partition_point(|(s, _)| s.start <= pos)
            .checked_sub(1)?;
        let (span, place) = places[i];
        // Between two cells (the TAB) or at a line's end, the place before still holds.
        (pos <= span.end).then_some(place)
    }

    /// A report's text: matched in its folded form (traditional characters as simplified,
    /// mirror-site pinyin blanked), shown as written.
    pub fn report(name: impl Into<String>, text: String, encoding: impl Into<String>) -> Self {
        match crate::fold::fold(&text) {
            Some(folded) => {
                let mut source = SourceFile::new(name, folded, encoding);
                source.original = Some(text);
                source
            }
            None => SourceFile::new(name, text, encoding),
        }
    }

    /// The text as written, for showing: the same byte offsets as [`SourceFile::text`].
    pub fn display_text(&self) -> &str {
        self.original.as_deref().unwrap_or(&self.text)
    }

    /// The text a span covers.
    pub fn slice(&self, span: Span) -> &str {
        &self.text[span.start..span.end]
    }

    /// 0-based index of the line holding byte `pos`.
    pub fn line_index(&self, pos: usize) -> usize {
        match self.line_starts.binary_search(&pos) {
            Ok(i) => i,
            Err(i) => i - 1,
        }
    }

    /// Line and character column of byte `pos`.
    pub fn line_col(&self, pos: usize) -> LineCol {
        let pos = pos.min(self.text.len());
        let line = self.line_index(pos);
        let start = self.line_starts[line];
        let column = self.text[start..pos].chars().count() + 1;
        LineCol {
            line: line + 1,
            column,
        }
    }

    /// Line and character column of both ends of `span`. Nearly every span (a cell, a
    /// sentence) ends on the line it starts on: its end column then follows from counting the
    /// span's own characters, without a second search for the line and a second count from
    /// the line's start.
    pub fn span_line_cols(&self, span: Span) -> (LineCol, LineCol) {
        let start = self.line_col(span.start);
        let len = self.text.len();
        let (from, to) = (span.start.min(len), span.end.min(len));
        // The line's end is its newline (which still belongs to it) or the end of the text.
        let line_end = self.line_span(start.line - 1).end;
        let end = if from <= to && to <= line_end {
            LineCol {
                line: start.line,
                column: start.column + self.text[from..to].chars().count(),
            }
        } else {
            self.line_col(span.end)
        };
        (start, end)
    }

    /// Number of lines (a final line without newline counts; an empty file has one line).
    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// The byte span of 0-based line `index`, without its newline.
    pub fn line_span(&self, index: usize) -> Span {
        let start = self.line_starts[index];
        let end = match self.line_starts.get(index + 1) {
            Some(next) => next - 1,
            None => self.text.len(),
        };
        Span::new(start, end)
    }
}

/// Where each line starts: 0, and one past every `\n`. The text is scanned eight bytes at a
/// time; a word with no `\n` (most of them: lines run to dozens of bytes) costs a few
/// instructions instead of a per-byte or per-match step.
fn line_starts(text: &str) -> Vec<usize> {
    let bytes = text.as_bytes();
    let mut starts = Vec::with_capacity(bytes.len() / 16 + 2);
    starts.push(0);
    let mut words = bytes.chunks_exact(8);
    let mut at = 0;
    for word in &mut words {
        let mut newlines = bytes_equal_to(word_at(word), b'\n');
        while newlines != 0 {
            // A `\n` at byte k of the word sets bit 8k + 7 of `newlines`.
            starts.push(at + (newlines.trailing_zeros() / 8) as usize + 1);
            newlines &= newlines - 1;
        }
        at += 8;
    }
    let tail = words.remainder();
    starts.extend(
        (at..)
            .zip(tail)
            .filter(|(_, b)| **b == b'\n')
            .map(|(i, _)| i + 1),
    );
    starts
}

/// Position of the first byte of `bytes` that is `a` or `b`, found eight bytes at a time.
pub(crate) fn find_either(bytes: &[u8], a: u8, b: u8) -> Option<usize> {
    let mut words = bytes.chunks_exact(8);
    let mut at = 0;
    for word in &mut words {
        let word = word_at(word);
        let hits = bytes_equal_to(word, a) | bytes_equal_to(word, b);
        if hits != 0 {
            return Some(at + (hits.trailing_zeros() / 8) as usize);
        }
        at += 8;
    }
    let tail = words.remainder().iter().position(|&x| x == a || x == b);
    tail.map(|i| at + i)
}

/// Eight bytes as a little-endian word: byte k lands at bits 8k..8k+8.
fn word_at(chunk: &[u8]) -> u64 {
    u64::from_le_bytes(chunk.try_into().expect("an 8-byte chunk"))
}

/// The top bit of every byte of `word` that equals `needle`, and no other bit. Exact, unlike
/// the borrow-based zero-byte test: `(x & 0x7F) + 0x7F` sets a byte's top bit exactly when its
/// low seven bits are not all zero, without carrying into the next byte.
fn bytes_equal_to(word: u64, needle: u8) -> u64 {
    const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    let x = word ^ (u64::from(needle) * 0x0101_0101_0101_0101);
    !(((x & LOW7) + LOW7) | x | LOW7)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_starts_match_a_plain_scan() {
        let plain = |t: &str| -> Vec<usize> {
            std::iter::once(0)
                .chain(t.match_indices('\n').map(|(i, _)| i + 1))
                .collect()
        };
        let mut texts = vec![
            String::new(),
            "\n".to_string(),
            "一、总体\n规章\t0\n\n\n".to_string(),
            "\n\n\n\n\n\n\n\n\n".to_string(),
            "\u{8a}\u{10a}\n\u{0b}\t\r\u{feff}\u{3000}".to_string(),
        ];
        // Every position of a `\n` relative to the 8-byte words, beside bytes one bit away.
        for len in 0..20 {
            for nl in 0..len {
                let t: String = (0..len)
                    .map(|i| {
                        if i == nl {
                            '\n'
                        } else {
                            ['\u{b}', '\u{8}', 'J', '\u{0}'][i % 4]
                        }
                    })
                    .collect();
                texts.push(t);
            }
        }
        for t in &texts {
            assert_eq!(line_starts(t), plain(t), "{t:?}");
            let either = t.bytes().position(|b| b == b'\n' || b == b'J');
            assert_eq!(find_either(t.as_bytes(), b'\n', b'J'), either, "{t:?}");
            assert_eq!(
                find_either(t.as_bytes(), b'\n', b'\n'),
                t.find('\n'),
                "{t:?}"
            );
        }
    }

    #[test]
    fn span_ends_are_where_the_general_search_puts_them() {
        for text in ["一、总体\n规章\t0\n\n末行", "a\n", "", "无换行"] {
            let source = SourceFile::new("t.txt", text.to_string(), "UTF-8");
            let boundaries: Vec<usize> = (0..=text.len() + 2)
                .filter(|&i| i > text.len() || text.is_char_boundary(i))
                .collect();
            for &start in &boundaries {
                for &end in &boundaries {
                    assert_eq!(
                        source.span_line_cols(Span { start, end }),
                        (source.line_col(start), source.line_col(end)),
                        "{text:?} {start}..{end}"
                    );
                }
            }
        }
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        let src = SourceFile::new("t", "一、总体\n规章\t0".to_string(), "UTF-8");
        let pos = src.text.find('0').unwrap();
        assert_eq!(src.line_col(pos), LineCol { line: 2, column: 4 });
        assert_eq!(src.line_col(0), LineCol { line: 1, column: 1 });
        assert_eq!(src.slice(src.line_span(0)), "一、总体");
        assert_eq!(src.slice(src.line_span(1)), "规章\t0");
        assert_eq!(src.line_count(), 2);
    }
}
