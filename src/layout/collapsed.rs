//! Text whose line breaks a crawler collapsed into spaces (the whole body on one line): each
//! whitespace-separated word of such a line is read as a line of its own, so sections are
//! found by their inline headings and tables by their labels, as in crawler text with a cell
//! per line.
//!
//! Only a long line holding at least two numbered section headings as words of their own is
//! taken apart: a prose paragraph with a space in it (`2020 年`) is left whole. Where the digits
//! of adjacent cells ran together (`801000081`), the row shows fewer values than columns and is
//! reported undetermined by the report builder; nothing here splits a number.

use crate::normalise::contains_space;
use crate::source::{SourceFile, Span};
use crate::template::{self, headings::match_heading};

/// Shortest line (bytes) that can be a whole collapsed report body.
const MIN_COLLAPSED_BYTES: usize = 1000;
/// Fewest numbered section headings a collapsed line holds.
const MIN_INLINE_HEADINGS: usize = 2;

/// The whitespace-separated words of `span`.
fn words(source: &SourceFile, span: Span) -> impl Iterator<Item = Span> + '_ {
    super::words(source.slice(span))
        .map(move |(start, end)| Span::new(span.start + start, span.start + end))
}

/// The words of the line `span` when it is a collapsed report body, else `None`.
pub(super) fn words_of_collapsed(source: &SourceFile, span: Span) -> Option<Vec<Span>> {
    let text = source.slice(span);
    if text.len() < MIN_COLLAPSED_BYTES || !contains_space(text) {
        return None;
    }
    let newest = &template::bundled()[0];
    let words: Vec<Span> = words(source, span).collect();
    let headings = words
        .iter()
        .filter(|w| match_heading(source.slice(**w), newest).is_some_and(|m| m.numeral.is_some()))
        .count();
    (headings >= MIN_INLINE_HEADINGS).then_some(words)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_body_on_one_line_is_taken_apart_at_its_spaces() {
        let prose = "我局严格落实条例要求，做好政府信息公开工作。".repeat(30);
        let text = format!(
            "某局2023年政府信息公开工作年度报告 一、总体情况 {prose} 二、主动公开政府信息情况 第二十条第（一）项 信息内容 本年制发件数 本年废止件数 现行有效件数 规章 0 0 0"
        );
        let src = SourceFile::new("t", text, "UTF-8");
        let words = words_of_collapsed(&src, src.line_span(0)).expect("collapsed");
        let texts: Vec<&str> = words.iter().map(|w| src.slice(*w)).collect();
        assert_eq!(texts[1], "一、总体情况");
        assert_eq!(texts[texts.len() - 4], "规章");
    }

    #[test]
    fn long_prose_with_spaces_stays_whole() {
        let line = format!(
            "{} 2020 年，一、总体情况",
            "我局严格落实条例要求。".repeat(40)
        );
        let src = SourceFile::new("t", line, "UTF-8");
        assert!(words_of_collapsed(&src, src.line_span(0)).is_none());
    }
}
