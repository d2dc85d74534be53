//! Section headings (P1), their numbering and titles, and paragraph/sentence splitting.
//!
//! A heading is a whole heading or paragraph block whose text, after an optional numeral
//! (`三、`), equals a section title or alias from the template. Table row labels such as
//! `四、结转下年度继续办理` live in table blocks and are never considered; body lines that merely
//! start with title words (`存在的主要问题：…`) do not match a whole title.

use super::{Heading, Paragraph, Sentence};
use crate::diagnostic::{Diagnostic, Label, Severity, Text};
use crate::layout::{Block, Document};
use crate::normalise::{chinese_ordinal, is_space, title_key_cow};
use crate::source::Span;
use crate::template::{SectionDef, Template};

/// A shortened title must keep at least this share (in tenths) of the canonical title.
const MIN_TRUNCATED_TENTHS: usize = 6;
/// …and at least this many characters.
const MIN_TRUNCATED_CHARS: usize = 6;

/// A heading found in the document.
#[derive(Debug, Clone)]
pub struct FoundHeading {
    /// Index of the section in the template (0 for `s1`).
    pub section: usize,
    /// Index of the block holding it.
    pub block: usize,
    /// The heading.
    pub heading: Heading,
    /// Whether the title is a shortened form.
    pub truncated: bool,
}

struct Candidate {
    section: usize,
    numeral: Option<String>,
    truncated: bool,
}

fn split_numeral(text: &str) -> (Option<char>, &str) {
    let mut chars = text.char_indices();
    if let (Some((_, first)), Some((sep_at, sep))) = (chars.next(), chars.next())
        && chinese_ordinal(first).is_some()
        && (matches!(sep, '、' | '.' | '．' | ',' | '，') || is_space(sep))
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

fn candidate(text: &str, template: &Template) -> Option<Candidate> {
    if too_long_for_a_heading(text) {
        return None;
    }
    let (numeral, rest) = split_numeral(text.trim_start_matches(is_space));
    if cannot_be_heading(rest, &template.heading_initials) {
        return None;
    }
    let (section, truncated) = match_title(rest, template)?;
    Some(Candidate {
        section,
        numeral: numeral.map(String::from),
        truncated,
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

/// Finds the section headings in document order; each section is taken at its first heading.
pub fn find_headings(doc: &Document, template: &Template) -> Vec<FoundHeading> {
    let mut found: Vec<FoundHeading> = Vec::new();
    for (i, block) in doc.blocks.iter().enumerate() {
        let (Block::Heading(t) | Block::Paragraph(t)) = block else {
            continue;
        };
        let Some(c) = candidate(&t.text, template) else {
            continue;
        };
        if found.iter().any(|f| f.section == c.section) {
            continue;
        }
        found.push(FoundHeading {
            section: c.section,
            block: i,
            heading: Heading {
                text: t.text.clone(),
                span: t.span,
                numeral: c.numeral,
            },
            truncated: c.truncated,
        });
    }
    found
}

fn full_title(def: &SectionDef) -> String {
    format!("{}、{}", def.numeral, def.title)
}

/// A warning about one heading, with the expected heading (of `def`) as the label.
fn heading_warning(code: &str, message: Text, heading: &Heading, def: &SectionDef) -> Diagnostic {
    let expected = full_title(def);
    Diagnostic::new(code, Severity::Warning, message).with_label(Label::primary(
        heading.span,
        Text::new(
            format!("应为“{expected}”"),
            format!("expected `{expected}`"),
        ),
    ))
}

/// Diagnostics for missing, unnumbered, misnumbered, truncated and out-of-order headings.
pub fn heading_diagnostics(
    found: &[FoundHeading],
    template: &Template,
    doc_end: usize,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut highest_seen: Option<usize> = None;
    for f in found {
        let def = &template.sections[f.section];
        let (no, n) = (&def.numeral, f.section + 1);
        match &f.heading.numeral {
            None => out.push(heading_warning(
                "parse/section-unnumbered",
                Text::new(
                    format!("第{no}部分标题缺少序号“{no}、”"),
                    format!("section {n} heading has no numeral `{no}、`"),
                ),
                &f.heading,
                def,
            )),
            Some(written) if written != no => out.push(heading_warning(
                "parse/section-misnumbered",
                Text::new(
                    format!("第{no}部分标题序号写作“{written}”"),
                    format!("section {n} heading is numbered `{written}`"),
                ),
                &f.heading,
                def,
            )),
            Some(_) => {}
        }
        if f.truncated {
            out.push(heading_warning(
                "parse/section-title-truncated",
                Text::new(
                    format!("第{no}部分标题不完整"),
                    format!("section {n} heading is truncated"),
                ),
                &f.heading,
                def,
            ));
        }
        if highest_seen.is_some_and(|h| f.section < h) {
            out.push(heading_warning(
                "parse/section-out-of-order",
                Text::new(
                    format!("第{no}部分出现在后面部分之后"),
                    format!("section {n} appears after a later section"),
                ),
                &f.heading,
                def,
            ));
        }
        highest_seen = highest_seen.max(Some(f.section));
    }
    for (i, def) in template.sections.iter().enumerate() {
        if found.iter().any(|f| f.section == i) {
            continue;
        }
        let next = found
            .iter()
            .filter(|f| f.section > i)
            .map(|f| f.heading.span)
            .min();
        let at = next.unwrap_or(Span::empty_at(doc_end));
        let expected = full_title(def);
        out.push(
            Diagnostic::new(
                "parse/section-missing",
                Severity::Error,
                Text::new(
                    format!("缺少第{}部分“{expected}”", def.numeral),
                    format!("section {} `{expected}` is missing", i + 1),
                ),
            )
            .with_label(Label::primary(
                at,
                match next {
                    Some(_) => Text::new("应在此之前", "expected before this"),
                    None => Text::new("文件在此结束", "the file ends here"),
                },
            )),
        );
    }
    out
}

/// A paragraph with its sentences (split after `。！？；` and their ASCII forms).
pub fn paragraph(text: &str, span: Span) -> Paragraph {
    let mut sentences = Vec::new();
    let mut start = 0;
    for end in sentence_ends(text) {
        push_sentence(&mut sentences, text, span.start, start, end);
        start = end;
    }
    push_sentence(&mut sentences, text, span.start, start, text.len());
    Paragraph {
        text: text.to_string(),
        span,
        sentences,
    }
}

/// The byte offsets just after each sentence terminator (`。！？；!?;`) in `text`, found by
/// stepping over characters by their lead bytes instead of decoding them: `。` is `E3 80 82`
/// and `！？；` are `EF BC 81/9F/9B`, so only characters with those lead bytes are looked into.
fn sentence_ends(text: &str) -> impl Iterator<Item = usize> + '_ {
    let bytes = text.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        while let Some(&lead) = bytes.get(i) {
            let at = i;
            i += match lead {
                0x00..=0x7F => 1,
                0x80..=0xDF => 2,
                0xE0..=0xEF => 3,
                0xF0..=0xFF => 4,
            };
            let is_end = match lead {
                b'!' | b'?' | b';' => true,
                0xE3 => bytes[at + 1..i] == [0x80, 0x82],
                0xEF => matches!(bytes[at + 1..i], [0xBC, 0x81 | 0x9F | 0x9B]),
                _ => false,
            };
            if is_end {
                return Some(i);
            }
        }
        None
    })
}

fn push_sentence(out: &mut Vec<Sentence>, text: &str, base: usize, from: usize, to: usize) {
    let piece = &text[from..to];
    let lead = piece.len() - piece.trim_start_matches(is_space).len();
    let trimmed = piece.trim_matches(is_space);
    if trimmed.is_empty() {
        return;
    }
    let start = base + from + lead;
    out.push(Sentence {
        text: trimmed.to_string(),
        span: Span::new(start, start + trimmed.len()),
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::template::by_id;

    fn section_of(text: &str) -> Option<(usize, Option<String>, bool)> {
        let t = by_id("gov-2021").unwrap();
        candidate(text, t).map(|c| (c.section, c.numeral, c.truncated))
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

    #[test]
    fn sentence_ends_are_found_by_bytes_as_by_characters() {
        let by_chars = |text: &str| -> Vec<usize> {
            text.char_indices()
                .filter(|(_, c)| matches!(c, '。' | '！' | '？' | '；' | '!' | '?' | ';'))
                .map(|(i, c)| i + c.len_utf8())
                .collect()
        };
        let mut texts = vec![
            "收到申请2件；办结2件。 结转0件".to_string(),
            "a!b?c;d。e！f？g；h".to_string(),
            "。".to_string(),
            "末尾；".to_string(),
            "〃〄〇〈｀｡､ｈＢＣＤ".to_string(),
            String::new(),
        ];
        // Every character sharing a lead byte with a terminator, and each terminator.
        texts.push(
            ('\u{3000}'..='\u{303F}')
                .chain('\u{FF00}'..='\u{FFEF}')
                .collect(),
        );
        for line in sample_lines() {
            texts.push(line);
        }
        for text in &texts {
            assert_eq!(
                sentence_ends(text).collect::<Vec<_>>(),
                by_chars(text),
                "{text:?}"
            );
        }
    }

    #[test]
    fn sentences_keep_spans() {
        let p = paragraph(
            "收到申请2件；办结2件。 结转0件",
            Span::new(10, 10 + "收到申请2件；办结2件。 结转0件".len()),
        );
        let texts: Vec<&str> = p.sentences.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(texts, vec!["收到申请2件；", "办结2件。", "结转0件"]);
        assert_eq!(
            p.sentences[2].span.start,
            10 + "收到申请2件；办结2件。 ".len()
        );
    }
}
