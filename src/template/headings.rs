//! Section-heading matching: whether a line is a section title of a template, with its numeral.
//!
//! A heading is a whole line whose text, after an optional numeral (`三、`), equals a section
//! title or alias; table row labels such as `四、结转下年度继续办理` match no title.

use super::{SectionDef, Template};
use crate::normalise::{chinese_ordinal, is_space, title_key_cow};

/// A shortened title must keep at least this share (in tenths) of the canonical title.
const MIN_TRUNCATED_TENTHS: usize = 6;
/// …and at least this many characters.
const MIN_TRUNCATED_CHARS: usize = 6;

/// What a line that is a section heading says.
pub struct HeadingMatch {
    /// Index of the section in the template.
    pub section: usize,
    /// The numeral as written (`三`), if numbered.
    pub numeral: Option<String>,
    /// Whether the title is a shortened form.
    pub truncated: bool,
    /// Whether the title is the section title with words of the office's own before it
    /// (`一、工作开展总体情况`).
    pub variant: bool,
}

fn split_numeral(text: &str) -> (Option<char>, &str) {
    let mut chars = text.char_indices();
    // An Arabic numeral (`1、总体情况`) numbers a section too; the heading warnings then name the
    // Chinese numeral expected.
    let arabic = |c: char| matches!(c, '1'..='9' | '１'..='９');
    if let (Some((_, first)), Some((sep_at, sep))) = (chars.next(), chars.next())
        && (chinese_ordinal(first).is_some() || arabic(first))
        && (matches!(sep, '、' | '.' | '．' | ',' | '，') || is_space(sep) && !arabic(first))
    {
        return (Some(first), &text[sep_at + sep.len_utf8()..]);
    }
    (None, text)
}

fn matches_section(key: &str, def: &SectionDef) -> Option<bool> {
    if def.title_keys.iter().any(|t| t == key) {
        return Some(false);
    }
    if def.truncation_keys.iter().any(|t| t == key) {
        return Some(true);
    }
    let title = &def.title_keys[0];
    // The prefix test first: it is cheap and rejects nearly every line, while the lengths
    // need counting characters.
    if !title.starts_with(key) {
        return None;
    }
    let (k, t) = (key.chars().count(), title.chars().count());
    if k < t && k >= MIN_TRUNCATED_CHARS && k * 10 >= t * MIN_TRUNCATED_TENTHS {
        return Some(true);
    }
    None
}

/// Longest line (characters) considered as a heading; longer lines are body text.
const MAX_HEADING_CHARS: usize = 48;

/// Whether `text` has more than [`MAX_HEADING_CHARS`] characters, without counting them when
/// its length in bytes decides (a character is one to four bytes).
fn too_long_for_a_heading(text: &str) -> bool {
    if text.len() <= MAX_HEADING_CHARS {
        return false;
    }
    if text.len() > 4 * MAX_HEADING_CHARS {
        return true;
    }
    text.chars().nth(MAX_HEADING_CHARS).is_some()
}

/// Whether `rest` (a line after its numeral) cannot be a heading judging by its first
/// character alone. Only a CJK ideograph (U+4E00–U+9FFF) is judged: the matching key keeps it
/// as the key's first character (NFKC leaves ideographs alone and composes nothing onto them;
/// they are neither spaces nor quotes), so when no title key starts with it, the line's key
/// need not be computed at all. `initials` are the first characters of the template's title
/// and truncation keys ([`Template::heading_initials`]).
fn cannot_be_heading(rest: &str, initials: &[char]) -> bool {
    rest.chars()
        .next()
        .is_some_and(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c) && !initials.contains(&c))
}

/// The section `text` (a whole line) is the heading of, if any: an optional numeral (`三、`)
/// followed by a section title, alias or accepted shortening of `template`.
pub fn match_heading(text: &str, template: &Template) -> Option<HeadingMatch> {
    if too_long_for_a_heading(text) {
        return None;
    }
    let (numeral, rest) = split_numeral(text.trim_start_matches(is_space));
    let found = if cannot_be_heading(rest, &template.heading_initials) {
        None
    } else {
        match_title(rest, template).map(|(section, truncated)| (section, truncated, false))
    };
    let (section, truncated, variant) = match found {
        Some(f) => f,
        // Only a numbered line is taken as a reworded title: body lines end in titles too.
        None if numeral.is_some() => (variant_title(rest, template)?, false, true),
        None => return None,
    };
    Some(HeadingMatch {
        section,
        numeral: numeral.map(String::from),
        truncated,
        variant,
    })
}

/// Most characters an office puts before a section title (`工作开展` in `工作开展总体情况`).
const MAX_VARIANT_PREFIX_CHARS: usize = 6;

/// The section whose full title ends `rest` after a few words of the office's own, all
/// ideographs (`工作开展总体情况`).
fn variant_title(rest: &str, template: &Template) -> Option<usize> {
    if rest.chars().nth(MAX_HEADING_CHARS / 2).is_some() {
        return None;
    }
    let key = title_key_cow(rest);
    template.sections.iter().position(|def| {
        def.title_keys.iter().any(|title| {
            key.strip_suffix(title.as_str()).is_some_and(|prefix| {
                let n = prefix.chars().count();
                (2..=MAX_VARIANT_PREFIX_CHARS).contains(&n)
                    && prefix
                        .chars()
                        .all(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c))
            })
        })
    })
}

/// The section whose title `rest` (a line after its numeral) is, and whether it is shortened.
fn match_title(rest: &str, template: &Template) -> Option<(usize, bool)> {
    let key = title_key_cow(rest);
    if key.is_empty() {
        return None;
    }
    template
        .sections
        .iter()
        .enumerate()
        .find_map(|(i, def)| matches_section(&key, def).map(|truncated| (i, truncated)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn section_of(text: &str) -> Option<(usize, Option<String>, bool)> {
        let t = crate::template::by_id("gov-2021").unwrap();
        match_heading(text, t).map(|c| (c.section, c.numeral, c.truncated))
    }

    #[test]
    fn arabic_numerals_and_reworded_titles_are_headings() {
        assert_eq!(
            section_of("1、 总体情况"),
            Some((0, Some("1".into()), false))
        );
        let t = crate::template::by_id("gov-2021").unwrap();
        let m = match_heading("一、工作开展总体情况", t).unwrap();
        assert!(m.section == 0 && m.variant);
        // Not numbered, or too much before the title, or a bracketed sub-heading: no heading.
        assert!(match_heading("工作开展总体情况", t).is_none());
        assert!(match_heading("（一）总体情况", t).is_none());
        assert!(match_heading("一、关于今年以来我局信息公开工作的总体情况", t).is_none());
        assert!(match_heading("1.属于国家秘密", t).is_none());
    }

    #[test]
    fn headings_with_and_without_numerals() {
        assert_eq!(
            section_of("一、总体情况"),
            Some((0, Some("一".into()), false))
        );
        assert_eq!(section_of("其他需要报告的事项"), Some((5, None, false)));
        assert_eq!(
            section_of("三、收到和处理政府信息公开申请"),
            Some((2, Some("三".into()), true))
        );
        assert_eq!(
            section_of("五、政府信息公开工作存在的主要问题及改进情况"),
            Some((4, Some("五".into()), false))
        );
    }

    #[test]
    fn table_labels_and_body_lines_are_not_headings() {
        assert_eq!(section_of("四、结转下年度继续办理"), None);
        assert_eq!(section_of("存在的主要问题：（一）机构人员方面。"), None);
        assert_eq!(section_of("（一）主动公开"), None);
    }

    /// Lines to try: the templates' own titles (whole, numbered and shortened) and every line
    /// of the bundled test reports.
    fn sample_lines() -> Vec<String> {
        let mut lines = Vec::new();
        for t in crate::template::bundled() {
            for d in &t.sections {
                for title in std::iter::once(&d.title)
                    .chain(&d.aliases)
                    .chain(&d.truncations)
                {
                    lines.push(format!("{}、{title}", d.numeral));
                    let chars: Vec<char> = title.chars().collect();
                    for n in 1..=chars.len() {
                        lines.push(chars[..n].iter().collect());
                    }
                }
            }
        }
        let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
        for dir in ["seeds", "layouts", "reports"] {
            for entry in std::fs::read_dir(data.join(dir)).unwrap() {
                let path = entry.unwrap().path();
                if let Ok(text) = std::fs::read_to_string(&path) {
                    lines.extend(text.lines().map(str::to_string));
                }
            }
        }
        lines
    }

    #[test]
    fn lines_rejected_by_their_first_character_match_no_title() {
        let mut rejected = 0;
        for t in crate::template::bundled() {
            let initials = &t.heading_initials;
            for line in sample_lines() {
                let (_, rest) = split_numeral(line.trim_start_matches(is_space));
                if cannot_be_heading(rest, initials) {
                    rejected += 1;
                    assert_eq!(match_title(rest, t), None, "{} {line:?}", t.id);
                }
            }
        }
        assert!(rejected > 100, "the test lines exercise the shortcut");
    }

    #[test]
    fn the_heading_length_limit_counts_characters() {
        for n in [0, 1, 16, 47, 48, 49, 64, 65, 100] {
            for c in ["a", "é", "一", "😀"] {
                let text = c.repeat(n);
                assert_eq!(
                    too_long_for_a_heading(&text),
                    n > MAX_HEADING_CHARS,
                    "{n} {c}"
                );
            }
        }
    }
}
