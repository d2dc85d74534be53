//! Where a finding is in the file as its reader opens it — the PDF page, or the Word paragraph
//! or table cell — said beside the text view's line and column, which only `parse --render`
//! shows.

use crate::diagnostic::Text;
use crate::source::{SourceFile, WordPlace};

/// The page or Word place holding byte `pos` of `source`, in words; `None` for text files.
pub fn place(source: &SourceFile, pos: usize) -> Option<Text> {
    if let Some(page) = source.page_of(pos) {
        return Some(Text::new(
            format!("PDF 第 {page} 页"),
            format!("page {page} of the PDF"),
        ));
    }
    Some(match source.word_place_of(pos)? {
        WordPlace::Paragraph { paragraph } => Text::new(
            format!("Word 文档第 {paragraph} 段（不计表格）"),
            format!("paragraph {paragraph} of the Word document (tables not counted)"),
        ),
        WordPlace::Cell { table, row, column } => Text::new(
            format!("Word 文档第 {table} 个表格第 {row} 行第 {column} 格"),
            format!("Word document table {table}, row {row}, cell {column}"),
        ),
    })
}
