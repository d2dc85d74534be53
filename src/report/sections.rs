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

fn split_numeral(text: &str) -> (Option<String>, &str) {
    let mut chars = text.char_indices();
    if let (Some((_, first)), Some((sep_at, sep))) = (chars.next(), chars.next())
        && chinese_ordinal(first).is_some()
        && (matches!(sep, '、' | '.' | '．' | ',' | '，') || is_space(sep))
    {
        return (Some(first.to_string()), &text[sep_at + sep.len_utf8()..]);
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
    let (k, t) = (key.chars().count(), title.chars().count());
    if k < t
        && k >= MIN_TRUNCATED_CHARS
        && k * 10 >= t * MIN_TRUNCATED_TENTHS
        && title.starts_with(key)
    {
        return Some(true);
    }
    None
}

/// Longest line (characters) considered as a heading; longer lines are body text.
const MAX_HEADING_CHARS: usize = 48;

fn candidate(text: &str, template: &Template) -> Option<Candidate> {
    if text.chars().nth(MAX_HEADING_CHARS).is_some() {
        return None;
    }
    let (numeral, rest) = split_numeral(text.trim_start_matches(is_space));
    let key = title_key_cow(rest);
    if key.is_empty() {
        return None;
    }
    template.sections.iter().enumerate().find_map(|(i, def)| {
        matches_section(&key, def).map(|truncated| Candidate {
            section: i,
            numeral: numeral.clone(),
            truncated,
        })
    })
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

/// A warning about one heading, with the expected heading as the label.
fn heading_warning(code: &str, message: Text, heading: &Heading, expected: &str) -> Diagnostic {
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
        let expected = full_title(def);
        let (no, n) = (&def.numeral, f.section + 1);
        match &f.heading.numeral {
            None => out.push(heading_warning(
                "parse/section-unnumbered",
                Text::new(
                    format!("第{no}部分标题缺少序号“{no}、”"),
                    format!("section {n} heading has no numeral `{no}、`"),
                ),
                &f.heading,
                &expected,
            )),
            Some(written) if written != no => out.push(heading_warning(
                "parse/section-misnumbered",
                Text::new(
                    format!("第{no}部分标题序号写作“{written}”"),
                    format!("section {n} heading is numbered `{written}`"),
                ),
                &f.heading,
                &expected,
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
                &expected,
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
                &expected,
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
    for (i, c) in text.char_indices() {
        if matches!(c, '。' | '！' | '？' | '；' | '!' | '?' | ';') {
            push_sentence(&mut sentences, text, span.start, start, i + c.len_utf8());
            start = i + c.len_utf8();
        }
    }
    push_sentence(&mut sentences, text, span.start, start, text.len());
    Paragraph {
        text: text.to_string(),
        span,
        sentences,
    }
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
        candidate(text, by_id("gov-2021").unwrap()).map(|c| (c.section, c.numeral, c.truncated))
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
