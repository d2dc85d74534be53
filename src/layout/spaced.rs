//! Rows whose cells are separated by spaces, as PDF text layers and flipbook pages give them:
//! `四、结转下年度继续办理 0 0 0 0 0 0 0`, or a line of numbers alone.
//!
//! A line is such a row only when everything after its label is numbers (or placeholders),
//! so prose with a figure in it stays prose. Spaces show where a value ends, not where an
//! empty cell is: a row with fewer values than columns cannot be placed ([`TableLayout::SpaceRows`]).
//!
//! [`TableLayout::SpaceRows`]: super::TableLayout::SpaceRows

use super::lines::vocabulary;
use super::{Cell, words};
use crate::normalise::{classify, contains_space, is_space, label_key_cow};
use crate::source::{SourceFile, Span};

/// Fewest values on a line whose label is not a template row label.
const MIN_VALUES_WITHOUT_LABEL: usize = 3;
/// Longest label (characters) before the values.
const MAX_LABEL_CHARS: usize = 48;

/// Where the values of `text` begin, if it is a row of spaced values: its label (possibly
/// empty) ends there, and every word after it is a value.
pub(super) fn values_start(text: &str) -> Option<usize> {
    // Most lines of a report are prose or headings: the lack of a digit, a sentence end or a
    // comma rules them out first (byte scans, cheapest first), then the lack of a space.
    if !text.bytes().any(|b| b.is_ascii_digit())
        || text.contains('。')
        || has_comma_outside_brackets(text)
        || !contains_space(text)
    {
        return None;
    }
    let words: Vec<(usize, usize)> = words(text).collect();
    let first_value = words
        .iter()
        .position(|&(s, e)| classify(&text[s..e]).is_value_like())?;
    let values = words.len() - first_value;
    if words[first_value..]
        .iter()
        .any(|&(s, e)| !classify(&text[s..e]).is_value_like())
    {
        return None;
    }
    let label = text[..words[first_value].0].trim_matches(is_space);
    if label.chars().nth(MAX_LABEL_CHARS).is_some() || label.contains(['；', '：', ':']) {
        return None;
    }
    let known_label = !label.is_empty() && vocabulary().starts_row(&label_key_cow(label));
    (values >= MIN_VALUES_WITHOUT_LABEL || known_label).then_some(words[first_value].0)
}

/// Whether `text` has a comma that is not inside brackets: prose has one, while the template's
/// label `（二）部分公开（区分处理的，只计这一情形，不计其他情形）` keeps its commas in brackets.
fn has_comma_outside_brackets(text: &str) -> bool {
    // `，` is the bytes EF BC 8C: found without decoding the characters of the line.
    let bytes = text.as_bytes();
    let has_comma = bytes
        .iter()
        .enumerate()
        .any(|(at, &b)| b == b',' || (b == 0xEF && bytes[at + 1..].starts_with(&[0xBC, 0x8C])));
    if !has_comma {
        return false;
    }
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '（' | '(' => depth += 1,
            '）' | ')' => depth = depth.saturating_sub(1),
            '，' | ',' if depth == 0 => return true,
            _ => {}
        }
    }
    false
}

/// The cells of a spaced row whose values begin `start` bytes into it ([`values_start`]): its
/// label (when there is one) and each value.
pub(super) fn cells(source: &SourceFile, line: Span, start: usize) -> Vec<Cell> {
    let text = source.slice(line);
    let mut out = Vec::new();
    let label = text[..start].trim_matches(is_space);
    if !label.is_empty() {
        let from = line.start + (text.len() - text.trim_start_matches(is_space).len());
        let span = Span::new(from, from + label.len());
        out.push(Cell::new(label.to_string(), label, span, span));
    }
    for (s, e) in words(&text[start..]) {
        let span = Span::new(line.start + start + s, line.start + start + e);
        let word = source.slice(span);
        out.push(Cell::new(word.to_string(), word, span, span));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(line: &str) -> Vec<String> {
        let src = SourceFile::new("t", line.to_string(), "UTF-8");
        let line = src.line_span(0);
        cells(
            &src,
            line,
            values_start(src.slice(line)).expect("a spaced row"),
        )
        .into_iter()
        .map(|c| c.text)
        .collect()
    }

    #[test]
    fn labels_with_spaced_values() {
        assert_eq!(
            texts("四、结转下年度继续办理 0 0 0 0 0 0 0"),
            ["四、结转下年度继续办理", "0", "0", "0", "0", "0", "0", "0"]
        );
        assert_eq!(texts("0 0 0 0 0"), ["0", "0", "0", "0", "0"]);
        assert_eq!(texts("行政许可    554782"), ["行政许可", "554782"]);
        assert_eq!(
            texts("（二）部分公开（区分处理的，只计这一情形，不计其他情形）  3  0  0  0  0  0  3")
                [..2],
            [
                "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
                "3"
            ]
        );
    }

    #[test]
    fn prose_and_short_unlabelled_figures_are_not_rows() {
        assert_eq!(
            values_start("2020 年,我单位对形成的政府信息实现了依法、有序公开,"),
            None
        );
        assert_eq!(values_start("电话 0598 8231086"), None);
        assert_eq!(values_start("共收到申请 3 件"), None);
        assert_eq!(values_start("第 3 页"), None);
    }

    /// A comma outside brackets, ASCII or full-width, is found from the bytes of the line.
    #[test]
    fn commas_outside_brackets() {
        for (text, expected) in [
            ("规章，0", true),
            ("规章,0", true),
            ("（区分处理的，只计这一情形）", false),
            ("（区分处理的）,只计", true),
            ("全角：；（）０", false),
            ("", false),
            ("尾，", true),
        ] {
            assert_eq!(has_comma_outside_brackets(text), expected, "{text}");
        }
    }
}
