//! Lines → the text view of a PDF: each line's pieces placed near their column on the page,
//! with a run of at least two spaces between pieces, a blank line where the page leaves a gap,
//! and a form feed after every page. This text is what the text reader reads and what
//! diagnostics point into (`parse --render file.pdf` prints it).

use super::lines::{Line, is_column_gap};
use crate::normalise::display_width;

/// Width of one text column on the page, as a fraction of the typical line height: about
/// a half-width character, so that a CJK character (two columns) matches its printed width.
const COLUMN_PER_HEIGHT: (i64, i64) = (3, 8);

/// The text of `pages` pages of `lines`.
pub fn text(lines: &[Line], pages: usize) -> String {
    let left = lines
        .iter()
        .filter_map(|l| l.pieces.first().map(|p| p.x0))
        .min()
        .unwrap_or(0);
    let mut heights: Vec<i64> = lines.iter().map(|l| l.height).collect();
    heights.sort_unstable();
    let height = heights
        .get(heights.len() / 2)
        .copied()
        .unwrap_or(1200)
        .max(1);
    let column = (height * COLUMN_PER_HEIGHT.0 / COLUMN_PER_HEIGHT.1).max(1);
    let mut out = String::new();
    let mut lines = lines.iter().peekable();
    for page in 0..pages {
        let mut previous_bottom: Option<i64> = None;
        while let Some(line) = lines.next_if(|l| l.page == page) {
            if let Some(bottom) = previous_bottom {
                // A gap of more than a line shows as a blank line (two at most).
                let blank = ((line.y0 - bottom) / line.height.max(1)).clamp(0, 2);
                for _ in 0..blank {
                    out.push('\n');
                }
            }
            previous_bottom = Some(line.y1);
            let mut at = 0usize;
            for (i, piece) in line.pieces.iter().enumerate() {
                let target = usize::try_from((piece.x0 - left) / column).unwrap_or(0);
                let spaces = match i.checked_sub(1).map(|p| &line.pieces[p]) {
                    None => target,
                    Some(before) if !is_column_gap(piece.x0 - before.x1, line.height) => 1,
                    Some(_) => target.saturating_sub(at).max(2),
                };
                out.extend(std::iter::repeat_n(' ', spaces));
                out.push_str(&piece.text);
                at += spaces + piece.text.chars().map(display_width).sum::<usize>();
            }
            out.push('\n');
        }
        out.push('\u{c}');
    }
    out
}
