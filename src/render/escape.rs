//! Text from reports and file names made safe to show: control characters, escape sequences and
//! bidirectional overrides become visible `\u{1b}` escapes instead of reaching a terminal (or an
//! XML document) raw, and file names that are not UTF-8 keep their bytes as `\xff`.

use std::borrow::Cow;
use std::fmt::Write;
use std::path::Path;

/// Characters never shown raw: C0 controls, DEL, C1 controls (which include the 8-bit CSI), and
/// the bidirectional marks, embeddings, overrides and isolates that reorder what a reader sees.
pub fn is_unsafe(c: char) -> bool {
    matches!(
        c,
        '\0'..='\u{1f}'
            | '\u{7f}'..='\u{9f}'
            | '\u{61c}'
            | '\u{200e}'
            | '\u{200f}'
            | '\u{202a}'..='\u{202e}'
            | '\u{2066}'..='\u{2069}'
    )
}

fn push_escape(out: &mut String, c: char) {
    let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
}

/// `s` with unsafe characters escaped, except line feeds and tabs (messages may span lines).
pub fn text(s: &str) -> Cow<'_, str> {
    escape_unless(s, |c| matches!(c, '\n' | '\t'))
}

fn escape_unless(s: &str, keep: impl Fn(char) -> bool) -> Cow<'_, str> {
    if !s.chars().any(|c| is_unsafe(c) && !keep(c)) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if is_unsafe(c) && !keep(c) {
            push_escape(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// A report's text with unsafe characters other than line feeds and tabs escaped, and where
/// each escape moved the text: byte offsets into `s` map to the escaped text through
/// [`Shifts::map`]. `None` when nothing needs escaping (nearly always).
pub fn source(s: &str) -> Option<(String, Shifts)> {
    let keep = |c: char| matches!(c, '\n' | '\t');
    if !s.chars().any(|c| is_unsafe(c) && !keep(c)) {
        return None;
    }
    let mut out = String::with_capacity(s.len() + 16);
    let mut shifts = Vec::new();
    for (i, c) in s.char_indices() {
        if is_unsafe(c) && !keep(c) {
            let before = out.len();
            push_escape(&mut out, c);
            let grown = out.len() - before - c.len_utf8();
            let total = shifts.last().map_or(0, |&(_, t)| t) + grown;
            shifts.push((i, total));
        } else {
            out.push(c);
        }
    }
    Some((out, Shifts(shifts)))
}

/// Offsets of escaped characters in the original text with the bytes added up to and
/// including each.
#[derive(Debug)]
pub struct Shifts(Vec<(usize, usize)>);

impl Shifts {
    /// Where byte `pos` of the original text is in the escaped text: moved by every escape of a
    /// character before it (a span starting at an escaped character starts at its escape).
    pub fn map(&self, pos: usize) -> usize {
        let before = self.0.partition_point(|&(at, _)| at < pos);
        pos + before.checked_sub(1).map_or(0, |i| self.0[i].1)
    }
}

/// A path as shown in output: unsafe characters escaped, bytes that are not UTF-8 as `\xNN`,
/// and (on Unix, where it is not a separator) `\` as `\\`, so that no two names look alike.
pub fn path_name(path: &Path) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let mut out = String::new();
        for chunk in path.as_os_str().as_bytes().utf8_chunks() {
            out.push_str(&name(chunk.valid()));
            for b in chunk.invalid() {
                let _ = write!(out, "\\x{b:02x}");
            }
        }
        out
    }
    #[cfg(not(unix))]
    {
        escape_unless(&path.to_string_lossy(), |_| false).into_owned()
    }
}

/// A name given as text (standard input's `--stdin-filename`), escaped as [`path_name`] does.
pub fn name(s: &str) -> Cow<'_, str> {
    let backslash = |c: char| cfg!(unix) && c == '\\';
    if !s.chars().any(|c| is_unsafe(c) || backslash(c)) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if is_unsafe(c) {
            push_escape(&mut out, c);
        } else if backslash(c) {
            out.push_str("\\\\");
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_and_bidi_are_escaped_visibly() {
        assert_eq!(text("总计\t3\n"), "总计\t3\n");
        assert_eq!(
            text("a\u{1b}[31mb\u{7}\u{9b}\u{202e}c"),
            "a\\u{1b}[31mb\\u{7}\\u{9b}\\u{202e}c"
        );
    }

    #[test]
    fn spans_follow_the_escapes() {
        let original = "ab\u{1b}cd\u{202e}e";
        let (shown, shifts) = source(original).unwrap();
        assert_eq!(shown, "ab\\u{1b}cd\\u{202e}e");
        // 'a', the escaped ESC, 'c', 'e' and the end.
        for (pos, c) in [(0, "a"), (2, "\\"), (3, "c"), (8, "e")] {
            assert!(shown[shifts.map(pos)..].starts_with(c), "{pos}");
        }
        assert_eq!(shifts.map(original.len()), shown.len());
        assert!(source("plain 文本\n\t").is_none());
    }

    #[cfg(unix)]
    #[test]
    fn names_never_collapse() {
        use std::ffi::OsStr;
        use std::os::unix::ffi::OsStrExt;
        let names = [
            &b"a\xff.txt"[..],
            b"a\xfe.txt",
            b"a\\xff.txt",
            b"a\x1b.txt",
            b"a\\u{1b}.txt",
            "报告.txt".as_bytes(),
        ];
        let shown: Vec<String> = names
            .iter()
            .map(|n| path_name(Path::new(OsStr::from_bytes(n))))
            .collect();
        assert_eq!(
            shown,
            [
                "a\\xff.txt",
                "a\\xfe.txt",
                "a\\\\xff.txt",
                "a\\u{1b}.txt",
                "a\\\\u{1b}.txt",
                "报告.txt"
            ]
        );
    }
}
