//! Long lines cut to a window around a diagnostic's spans, so that a finding on a 385-column
//! paragraph prints as one row of at most [`MAX_COLUMNS`] with `…` where text was left out,
//! and its caret stays on that row. The header's `file:line:column` still gives the column in
//! the whole line.

use crate::normalise::display_width;
use codespan_reporting::files::{self, Files};
use std::collections::BTreeMap;
use std::ops::Range;

/// Widest source row shown (terminal columns; a CJK character takes two).
pub const MAX_COLUMNS: usize = 100;

const ELLIPSIS: &str = "…";

fn text_width(s: &str) -> usize {
    s.chars()
        .map(|c| if c == '\t' { 4 } else { display_width(c) })
        .sum()
}

/// One cut line: where the kept part starts in the original text, what was cut before it.
#[derive(Debug)]
struct Cut {
    /// Original byte range kept.
    kept: Range<usize>,
    /// Byte where the line starts in the windowed text.
    new_start: usize,
    /// Bytes of `…` put before the kept part (0 when nothing was cut before it).
    prefix: usize,
    /// Characters of the original line before the kept part.
    chars_before: usize,
}

/// A text whose long lines holding spans are cut to a window.
pub struct Windowed {
    pub text: String,
    line_starts: Vec<usize>,
    /// Original line starts, for mapping positions.
    original_starts: Vec<usize>,
    /// For each original line, how far its start moved.
    shifts: Vec<isize>,
    /// Cut lines, by line index (the same in both texts).
    cut_by_line: BTreeMap<usize, Cut>,
}

/// Where each line of `text` starts: computed once per file, for every [`window`] call.
pub fn line_starts(text: &str) -> Vec<usize> {
    files::line_starts(text).collect()
}

/// `text` (whose lines start at `starts`, from [`line_starts`]) with every line that holds one
/// of `spans` and is wider than [`MAX_COLUMNS`] cut to a window around those spans; `None` when
/// no line needs it.
pub fn window(text: &str, starts: &[usize], spans: &[Range<usize>]) -> Option<Windowed> {
    let line_of = |pos: usize| starts.partition_point(|&s| s <= pos).saturating_sub(1);
    let line_end = |i: usize| {
        let end = starts.get(i + 1).copied().unwrap_or(text.len());
        let line = &text[starts[i]..end];
        starts[i] + line.trim_end_matches(['\n', '\r']).len()
    };
    // Per line, the union of the spans on it.
    let mut wanted: BTreeMap<usize, Range<usize>> = BTreeMap::new();
    for span in spans {
        let (first, last) = (line_of(span.start), line_of(span.end.max(span.start)));
        for (line, &s) in starts.iter().enumerate().take(last + 1).skip(first) {
            let e = line_end(line);
            let a = span.start.clamp(s, e);
            let b = span.end.clamp(s, e).max(a);
            wanted
                .entry(line)
                .and_modify(|r| {
                    r.start = r.start.min(a);
                    r.end = r.end.max(b);
                })
                .or_insert(a..b);
        }
    }
    let mut cuts: Vec<(usize, Range<usize>)> = Vec::new();
    for (line, spanned) in wanted {
        let (s, e) = (starts[line], line_end(line));
        if text_width(&text[s..e]) <= MAX_COLUMNS {
            continue;
        }
        let budget = MAX_COLUMNS.saturating_sub(2 * ELLIPSIS.len());
        let used = text_width(&text[spanned.clone()]);
        let mut left = spanned.start;
        let mut right = spanned.end;
        let mut room = budget.saturating_sub(used);
        // Context before the spans gets half the room, after them the rest.
        let mut before = room / 2;
        for (i, c) in text[s..spanned.start].char_indices().rev() {
            if display_width(c) > before {
                break;
            }
            before -= display_width(c);
            room -= display_width(c);
            left = s + i;
        }
        for (i, c) in text[spanned.end..e].char_indices() {
            if display_width(c) > room {
                break;
            }
            room -= display_width(c);
            right = spanned.end + i + c.len_utf8();
        }
        cuts.push((line, left..right));
    }
    if cuts.is_empty() {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut shifts = vec![0isize; starts.len()];
    let mut cut_by_line = BTreeMap::new();
    let mut copied = 0;
    let mut next_cut = cuts.iter().peekable();
    for (line, &start) in starts.iter().enumerate() {
        shifts[line] = out.len() as isize + (start as isize - copied as isize) - start as isize;
        if let Some((_, kept)) = next_cut.next_if(|(l, _)| *l == line) {
            out.push_str(&text[copied..start]);
            let new_start = out.len();
            let prefix = if kept.start > start {
                out.push_str(ELLIPSIS);
                ELLIPSIS.len()
            } else {
                0
            };
            out.push_str(&text[kept.clone()]);
            let end = line_end(line);
            if kept.end < end {
                out.push_str(ELLIPSIS);
            }
            copied = end;
            let cut = Cut {
                kept: kept.clone(),
                new_start,
                prefix,
                chars_before: text[start..kept.start].chars().count(),
            };
            cut_by_line.insert(line, cut);
        }
    }
    out.push_str(&text[copied..]);
    let line_starts = files::line_starts(&out).collect();
    Some(Windowed {
        text: out,
        line_starts,
        original_starts: starts.to_vec(),
        shifts,
        cut_by_line,
    })
}

impl Windowed {
    /// Where the original byte `pos` is in the windowed text (clamped into a cut line's window).
    pub fn map(&self, pos: usize) -> usize {
        let line = self
            .original_starts
            .partition_point(|&s| s <= pos)
            .saturating_sub(1);
        match self.cut_by_line.get(&line) {
            Some(cut) => {
                let p = pos.clamp(cut.kept.start, cut.kept.end);
                cut.new_start + cut.prefix + (p - cut.kept.start)
            }
            None => (pos as isize + self.shifts[line]).max(0) as usize,
        }
    }
}

/// A file for codespan whose text is [`Windowed`] but whose columns are the original ones.
pub struct WindowedFile<'a> {
    pub name: &'a str,
    pub windowed: &'a Windowed,
}

impl<'a> Files<'a> for WindowedFile<'a> {
    type FileId = ();
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, (): ()) -> Result<&'a str, files::Error> {
        Ok(self.name)
    }

    fn source(&'a self, (): ()) -> Result<&'a str, files::Error> {
        Ok(&self.windowed.text)
    }

    fn line_index(&'a self, (): (), byte_index: usize) -> Result<usize, files::Error> {
        let starts = &self.windowed.line_starts;
        Ok(starts
            .partition_point(|&s| s <= byte_index)
            .saturating_sub(1))
    }

    fn line_range(&'a self, (): (), line_index: usize) -> Result<Range<usize>, files::Error> {
        let starts = &self.windowed.line_starts;
        let start = *starts.get(line_index).ok_or(files::Error::LineTooLarge {
            given: line_index,
            max: starts.len().saturating_sub(1),
        })?;
        let end = starts
            .get(line_index + 1)
            .copied()
            .unwrap_or(self.windowed.text.len());
        Ok(start..end)
    }

    fn column_number(
        &'a self,
        (): (),
        line_index: usize,
        byte_index: usize,
    ) -> Result<usize, files::Error> {
        let range = self.line_range((), line_index)?;
        let shown = files::column_index(&self.windowed.text, range.clone(), byte_index);
        Ok(match self.windowed.cut_by_line.get(&line_index) {
            // The column in the whole line: what was cut before, then the kept part.
            Some(cut) => {
                let ellipsis_chars = usize::from(cut.prefix > 0);
                shown.saturating_sub(ellipsis_chars) + cut.chars_before + 1
            }
            None => shown + 1,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_line_is_cut_around_its_span_and_positions_follow() {
        let long = format!("{}目标{}", "前".repeat(150), "后".repeat(150));
        let text = format!("第一行\n{long}\n最后一行\n");
        let at = text.find("目标").unwrap();
        let span = at..at + "目标".len();
        let w = window(&text, &line_starts(&text), std::slice::from_ref(&span)).expect("cut");
        let lines: Vec<&str> = w.text.lines().collect();
        assert_eq!(lines[0], "第一行");
        assert!(lines[1].starts_with('…') && lines[1].ends_with('…'));
        assert!(text_width(lines[1]) <= MAX_COLUMNS, "{}", lines[1]);
        assert_eq!(lines[2], "最后一行");
        let mapped = w.map(at);
        assert_eq!(&w.text[mapped..mapped + "目标".len()], "目标");
        let last = text.find("最后").unwrap();
        assert_eq!(&w.text[w.map(last)..w.map(last) + "最后".len()], "最后");
        // The header column is the one in the whole line.
        let file = WindowedFile {
            name: "t",
            windowed: &w,
        };
        let location = file.location((), mapped).unwrap();
        assert_eq!((location.line_number, location.column_number), (2, 151));
    }

    #[test]
    fn short_lines_are_left_alone() {
        let text = "一行\n两行\n";
        assert!(window(text, &line_starts(text), std::slice::from_ref(&(0..3))).is_none());
    }
}
