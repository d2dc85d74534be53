//! Section headings (P1), their numbering and titles, and paragraph/sentence splitting.
//!
//! A heading is a whole heading or paragraph block whose text, after an optional numeral
//! (`三、`), equals a section title or alias from the template. Table row labels such as
//! `四、结转下年度继续办理` live in table blocks and are never considered; body lines that merely
//! start with title words (`存在的主要问题：…`) do not match a whole title.

use super::{Heading, Paragraph, Sentence};
use crate::diagnostic::{Diagnostic, Label, Severity, Text};
use crate::layout::{Block, Document};
use crate::normalise::{is_space, join_ideographs, join_ideographs_mapped};
use crate::source::Span;
use crate::template::headings::match_heading;
use crate::template::{SectionDef, Template, names};
use std::borrow::Cow;

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
    /// Whether the title has words of the office's own before it.
    pub variant: bool,
}

/// Longest block (bytes) whose spaces between ideographs are dropped before it is matched as a
/// heading ([`join_ideographs`]): a heading with a mirror's blanked pinyin in it fits.
const MAX_JOINED_BYTES: usize = 256;

/// Finds the section headings in document order; each section is taken at its first heading.
pub fn find_headings(doc: &Document, template: &Template) -> Vec<FoundHeading> {
    let mut found: Vec<FoundHeading> = Vec::new();
    for (i, block) in doc.blocks.iter().enumerate() {
        let (Block::Heading(t) | Block::Paragraph(t)) = block else {
            continue;
        };
        // Headings are short: longer blocks are matched as written, without the copy.
        let text = if t.text.len() <= MAX_JOINED_BYTES {
            join_ideographs(&t.text)
        } else {
            Cow::Borrowed(t.text.as_str())
        };
        let Some(c) = match_heading(&text, template) else {
            continue;
        };
        if c.numeral.is_none() && inside_a_list(doc, i) {
            continue;
        }
        let heading = FoundHeading {
            section: c.section,
            block: i,
            heading: Heading {
                text: t.text.clone(),
                span: t.span,
                numeral: c.numeral,
            },
            truncated: c.truncated,
            variant: c.variant,
        };
        match found.iter().position(|f| f.section == c.section) {
            // A numbered heading beats an unnumbered line with the same title before it: a
            // preamble listing the parts (`由总体情况、主动公开政府信息情况…组成`) broken into
            // lines by a crawler holds the titles, unnumbered, before the real headings.
            Some(k) if found[k].heading.numeral.is_none() && heading.heading.numeral.is_some() => {
                found[k] = heading;
            }
            Some(_) => {}
            None => found.push(heading),
        }
    }
    found.sort_by_key(|f| f.block);
    found
}

/// Whether the text block `i` is one item of a list a crawler broke into lines: the block
/// before it ends with, or the block after it starts with, a list separator or a conjunction
/// (`本报告由总体情况` / `、` / `主动公开政府信息情况` / `、` …). An unnumbered section title there
/// is a word of the preamble's sentence, not a heading: when the file stops before the real
/// headings (an excerpt), it must not stand in for them.
fn inside_a_list(doc: &Document, i: usize) -> bool {
    const JOINERS: [&str; 7] = ["、", "，", ",", "和", "及", "与", "以及"];
    let text = |k: usize| match doc.blocks.get(k) {
        Some(Block::Heading(t) | Block::Paragraph(t)) => Some(t.text.trim_matches(is_space)),
        _ => None,
    };
    let before = i.checked_sub(1).and_then(text);
    let after = text(i + 1);
    before.is_some_and(|b| JOINERS.iter().any(|j| b.ends_with(j)))
        || after.is_some_and(|a| JOINERS.iter().any(|j| a.starts_with(j)))
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
            format!("expected {}", names::en_with_zh(&def.en, &expected)),
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
        if f.variant {
            out.push(heading_warning(
                "parse/section-title-variant",
                Text::new(
                    format!("第{no}部分标题写作“{}”，与格式不同", f.heading.text),
                    format!("section {n} heading is worded `{}`", f.heading.text),
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
                    format!(
                        "section {} {} is missing",
                        i + 1,
                        names::en_with_zh(&def.en, &expected)
                    ),
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
    let span = Span::new(start, start + trimmed.len());
    out.push(match join_ideographs_mapped(trimmed) {
        Some((text, gaps)) => Sentence { text, span, gaps },
        None => Sentence::new(trimmed.to_string(), span),
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn heading_sections(text: &str) -> Vec<usize> {
        let source = crate::source::SourceFile::new("t", text.to_string(), "UTF-8");
        let doc = crate::layout::text::read(&source);
        let template = &crate::template::bundled()[0];
        find_headings(&doc, template)
            .iter()
            .map(|h| h.section)
            .collect()
    }

    #[test]
    fn titles_in_a_list_broken_into_lines_are_not_headings() {
        // A crawler's preamble, one list item per line, and the file stops before the headings.
        let list = "本报告由总体情况\n、\n主动公开政府信息情况\n、\n存在的主要问题及改进情况\n和\n其他需要报告的事项六部分组成。\n";
        assert!(
            heading_sections(list).is_empty(),
            "{:?}",
            heading_sections(list)
        );
        // An unnumbered title on a line of its own between paragraphs is still a heading.
        let own = "全年工作有序开展。\n存在的主要问题及改进情况\n信息发布质量有待提高。\n";
        assert_eq!(heading_sections(own), vec![4]);
    }

    #[test]
    fn a_sentence_with_gaps_maps_its_offsets_back_to_the_source() {
        // `收到` and `申请` lost the blanked pinyin of a mirror site (`到(dào)`, `申(shēn)`).
        let text = "全年收到        申请         5件。";
        let p = paragraph(text, Span::new(100, 100 + text.len()));
        let s = &p.sentences[0];
        // The spaces before the digit are not between ideographs: kept.
        assert_eq!(s.text, "全年收到申请         5件。");
        let five = s.text.find('5').unwrap();
        assert_eq!(s.source_offset(five), 100 + text.find('5').unwrap());
        assert_eq!(s.source_offset(0), 100);
        let apply = s.text.find("申请").unwrap();
        assert_eq!(s.source_offset(apply), 100 + text.find("申请").unwrap());
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
        let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/seeds");
        for entry in std::fs::read_dir(data).unwrap() {
            if let Ok(text) = std::fs::read_to_string(entry.unwrap().path()) {
                texts.extend(text.lines().map(str::to_string));
            }
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
