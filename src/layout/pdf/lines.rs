//! Words → lines: the words of a page grouped into the lines they sit on, each cut into
//! pieces where a visible gap separates them.
//!
//! A line is what a reader sees as one row of print: words whose vertical centres lie close
//! together. Words with no gap between them (`pdftotext` splits a word where the font
//! changes) are one piece; any visible gap, a space in a phrase or a gap between table
//! cells, starts another piece.

use super::words::Word;
use crate::normalise::classify;

/// A run of words on one line with no column gap between them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    pub text: String,
    pub x0: i64,
    pub x1: i64,
}

/// One printed line of a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub page: usize,
    /// The pieces, left to right.
    pub pieces: Vec<Piece>,
    pub y0: i64,
    pub y1: i64,
    /// The typical word height on the line: the unit for gaps.
    pub height: i64,
}

impl Line {
    pub fn x1(&self) -> i64 {
        self.pieces.last().map_or(0, |p| p.x1)
    }
}

/// Whether the gap between two pieces is a column gap rather than a space in a phrase.
pub fn is_column_gap(gap: i64, height: i64) -> bool {
    // A CJK character is about as wide as the line is high; a space is a third of that.
    gap * 4 >= height * 3
}

/// Widest word (hundredths of a point) taken as one character of vertical text.
const MAX_VERTICAL_WIDTH: i64 = 1600;

/// Values looked at around a word to tell whether it sits on a row of values.
const MAX_VALUES_NEAR_A_LINE: usize = 512;

/// Vertical text (a cell too narrow for more than one character: `结` / `果` / `维` / `持`, or a
/// merged cell's `三` / `、本` / `年度办`) joined into one word, placed where its first
/// character is, so that the header cells of one row share a line again.
///
/// A character on the line of a row's values is that row's label and starts no stack: a
/// label wrapped one character per line (`规` / `章`) is joined back by [`super::cells`],
/// which knows the row.
fn join_vertical_text(mut words: Vec<Word>) -> Vec<Word> {
    let narrow = |w: &Word| {
        let width = w.x1 - w.x0;
        width <= MAX_VERTICAL_WIDTH
            && w.height() * 10 >= width * 8
            && !classify(&w.text).is_value_like()
    };
    // The values' centres, to tell whether a word sits on a row of values.
    let mut values: Vec<(i64, i64)> = words
        .iter()
        .filter(|w| classify(&w.text).is_value_like())
        .map(|w| (w.centre2(), w.x0))
        .collect();
    values.sort_unstable();
    let on_a_row_of_values = |w: &Word| {
        let reach = w.height() * 4 / 5;
        let from = values.partition_point(|&(c, _)| c < w.centre2() - reach);
        values[from..]
            .iter()
            .take_while(|&&(c, _)| c <= w.centre2() + reach)
            // A row has a few dozen values at most: a crafted page gets no quadratic scan.
            .take(MAX_VALUES_NEAR_A_LINE)
            .any(|&(_, x0)| x0 > w.x1)
    };
    words.sort_by_key(|w| (w.x0, w.y0));
    let mut out: Vec<Word> = Vec::with_capacity(words.len());
    // How far down the stack being built reaches, and whether its top may start one.
    let mut bottom = 0;
    let mut top_may_stack = false;
    for word in words {
        if let Some(top) = out.last_mut() {
            let width = top.x1 - top.x0;
            let stacks = top_may_stack
                && narrow(&word)
                && (word.x0 - top.x0).abs() * 8 <= width
                && (word.x1 - top.x1).abs() * 4 <= width
                && word.y0 >= bottom - width / 5
                && word.y0 - bottom <= width / 2
                && !on_a_row_of_values(&word);
            if stacks {
                top.text.push_str(&word.text);
                bottom = word.y1;
                continue;
            }
        }
        bottom = word.y1;
        top_may_stack = narrow(&word) && !on_a_row_of_values(&word);
        out.push(word);
    }
    out
}

/// The lines of one page, top to bottom.
pub fn lines(page: usize, words: Vec<Word>) -> Vec<Line> {
    let mut words = join_vertical_text(words);
    words.sort_by_key(|w| (w.centre2(), w.x0));
    let mut grouped: Vec<Vec<Word>> = Vec::new();
    for word in words {
        let joins = grouped.last().is_some_and(|line| {
            let first = &line[0];
            let tallest = first.height().max(word.height());
            // Centres within 0.4 of a line height (the centres are doubled).
            (word.centre2() - first.centre2()).abs() * 5 <= tallest * 4
        });
        match grouped.last_mut() {
            Some(line) if joins => line.push(word),
            _ => grouped.push(vec![word]),
        }
    }
    grouped
        .into_iter()
        .map(|mut words| {
            words.sort_by_key(|w| (w.x0, w.y0));
            let mut heights: Vec<i64> = words.iter().map(Word::height).collect();
            heights.sort_unstable();
            let height = heights[heights.len() / 2];
            let y0 = words.iter().map(|w| w.y0).min().unwrap_or(0);
            let y1 = words.iter().map(|w| w.y1).max().unwrap_or(0);
            let mut pieces: Vec<Piece> = Vec::new();
            for word in words {
                match pieces.last_mut() {
                    // pdftotext also splits a word where the font changes: with no visible
                    // gap, it is one piece.
                    Some(piece) if word.x0 - piece.x1 <= height / 6 => {
                        piece.text.push_str(&word.text);
                        piece.x1 = piece.x1.max(word.x1);
                    }
                    _ => pieces.push(Piece {
                        text: word.text,
                        x0: word.x0,
                        x1: word.x1,
                    }),
                }
            }
            Line {
                page,
                pieces,
                y0,
                y1,
                height,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(text: &str, x0: i64, y0: i64, x1: i64) -> Word {
        Word {
            text: text.into(),
            x0,
            y0,
            x1,
            y1: y0 + 1400,
        }
    }

    #[test]
    fn words_at_one_height_make_one_line_cut_at_column_gaps() {
        let lines = lines(
            0,
            vec![
                word("0", 21970, 46410, 22670),
                word("一、本年新收政府信息", 9010, 46410, 20010),
                word("2", 26290, 46450, 26990),
                word("公开申请数量", 9010, 47700, 17410),
                word("2023", 9010, 10000, 12000),
                word("年", 12300, 10050, 13700),
                word("政府", 13710, 10050, 14500),
            ],
        );
        let texts: Vec<Vec<&str>> = lines
            .iter()
            .map(|l| l.pieces.iter().map(|p| p.text.as_str()).collect())
            .collect();
        assert_eq!(
            texts,
            [
                vec!["2023", "年政府"],
                vec!["一、本年新收政府信息", "0", "2"],
                vec!["公开申请数量"]
            ]
        );
    }

    #[test]
    fn vertical_text_joins_except_a_row_label_beside_its_values() {
        // `结`/`果`/`维`/`持` one character a line, 10 points wide, beside `总`/`计`.
        let char_at = |text: &str, x0: i64, y0: i64| Word {
            text: text.into(),
            x0,
            y0,
            x1: x0 + 1000,
            y1: y0 + 1300,
        };
        let mut words = Vec::new();
        for (i, c) in ["结", "果", "维", "持"].iter().enumerate() {
            words.push(char_at(c, 9000, 40000 + 1300 * i as i64));
        }
        words.push(char_at("总", 20000, 40000));
        words.push(char_at("计", 20000, 41300));
        // `规` on the line of its row's values, `章` below it: a wrapped label, left alone.
        words.push(char_at("规", 9000, 60000));
        words.push(char_at("0", 20000, 60000));
        words.push(char_at("章", 9000, 61300));
        let texts: Vec<Vec<String>> = lines(0, words)
            .into_iter()
            .map(|l| l.pieces.into_iter().map(|p| p.text).collect())
            .collect();
        assert_eq!(
            texts,
            [vec!["结果维持", "总计"], vec!["规", "0"], vec!["章"]]
        );
    }
}
