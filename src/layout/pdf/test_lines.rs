//! Test helpers shared by the PDF layout tests: lines of pieces at given places, and the
//! pieces' texts read back.

use super::lines::{Line, Piece};

/// A line on `page` at `y` (hundredths of a point), `height` high, holding `pieces` at their
/// x, each character `char_width` wide.
pub fn line_at(page: usize, y: i64, height: i64, char_width: i64, pieces: &[(&str, i64)]) -> Line {
    Line {
        page,
        pieces: pieces
            .iter()
            .map(|&(text, x0)| Piece {
                text: text.into(),
                x0,
                x1: x0 + char_width * text.chars().count() as i64,
            })
            .collect(),
        y0: y,
        y1: y + height,
        height,
    }
}

/// Each line's pieces joined with `|`.
pub fn texts(lines: &[Line]) -> Vec<String> {
    lines
        .iter()
        .map(|l| {
            l.pieces
                .iter()
                .map(|p| p.text.as_str())
                .collect::<Vec<_>>()
                .join("|")
        })
        .collect()
}
