//! Title, organ, organ kind and year, read from the first lines of the report (P2).

use super::{Located, Meta};
use crate::layout::{Block, Document};
use crate::normalise::join_ideographs;
use crate::source::Span;
use std::borrow::Cow;

/// Longest line (characters) still taken as part of a multi-line title.
const MAX_TITLE_LINE_CHARS: usize = 60;
/// How many leading text blocks are searched for the title (page chrome may come first).
const MAX_TITLE_LINES: usize = 30;

/// The kind of organ, which decides obligations such as the 3月31日 vs 1月31日 deadline and the
/// 工作考核、社会评议和责任追究 statement required of people's governments.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum OrganKind {
    /// 人民政府 (a government itself).
    PeopleGovernment,
    /// 人民政府办公室 / 办公厅.
    GovernmentOffice,
    /// Any other organ (局、委员会、街道办事处…).
    Department,
    /// No organ name found.
    #[default]
    Unknown,
}

impl OrganKind {
    /// Derives the kind from an organ name.
    pub fn from_organ(organ: &str) -> OrganKind {
        let organ = organ.trim();
        if organ.is_empty() {
            OrganKind::Unknown
        } else if ["办公室", "办公厅", "政府办"]
            .iter()
            .any(|s| organ.ends_with(s))
        {
            OrganKind::GovernmentOffice
        } else if organ.ends_with("人民政府") || organ.ends_with("政府") {
            OrganKind::PeopleGovernment
        } else {
            OrganKind::Department
        }
    }

    /// Stable machine name.
    pub fn as_str(self) -> &'static str {
        match self {
            OrganKind::PeopleGovernment => "people-government",
            OrganKind::GovernmentOffice => "government-office",
            OrganKind::Department => "department",
            OrganKind::Unknown => "unknown",
        }
    }
}

/// Reads the metadata from the blocks before `first_section` (an index into `doc.blocks`).
/// Returns the metadata and the index of the first block after the title.
///
/// The title is the first short line naming a 年度报告 among the leading text lines; page
/// chrome before it (breadcrumbs, `索引号`/`发布时间` blocks, a crawler's `标题：` line, a
/// covering letter) is passed over, and tables of chrome (`简体 | 繁体`) are skipped. A title
/// split over lines is joined with the short lines right before it, but never with chrome.
pub fn read(doc: &Document, first_section: usize) -> (Meta, usize) {
    let mut lines: Vec<(usize, Cow<'_, str>, Span)> = Vec::new();
    for (i, block) in doc.blocks.iter().enumerate().take(first_section) {
        if let Block::Heading(t) | Block::Paragraph(t) = block {
            // A title read as one line: the gaps of a mirror's blanked pinyin closed.
            lines.push((i, join_ideographs(&t.text), t.span));
        }
        if lines.len() >= MAX_TITLE_LINES {
            break;
        }
    }
    // A title heads something: a line the file ends with (an excerpt cut in `本年度报告中…`)
    // is a fragment, not a title.
    let Some(last) = lines
        .iter()
        .position(|(i, text, _)| *i + 1 < doc.blocks.len() && is_title_line(strip_artifacts(text)))
    else {
        return (Meta::default(), 0);
    };
    // Lines before the title line that continue it: adjacent blocks, short, not chrome, and
    // only when the title line itself does not begin with the organ (it begins with the year
    // or with 政府信息公开).
    let mut start = last;
    let title_line = strip_artifacts(&lines[last].1);
    if starts_without_organ(title_line) {
        while start > 0
            && last - start < MAX_TITLE_CONTINUATION_LINES
            && lines[start - 1].0 + 1 == lines[start].0
            && is_title_part(&lines[start - 1].1)
        {
            start -= 1;
        }
    }
    let parts = &lines[start..=last];
    let text: String = parts.iter().map(|(_, t, _)| strip_artifacts(t)).collect();
    let span = parts
        .iter()
        .map(|(_, _, s)| *s)
        .reduce(Span::cover)
        .unwrap_or_default();
    let year = find_year(&text);
    let organ_text = match year {
        Some((_, at)) if at > 0 => text[..at].trim().to_string(),
        _ => text
            .split("政府信息公开")
            .next()
            .unwrap_or("")
            .trim()
            .to_string(),
    };
    let meta = Meta {
        organ_kind: OrganKind::from_organ(&organ_text),
        organ: (!organ_text.is_empty()).then_some(Located {
            value: organ_text,
            span,
        }),
        year: year.map(|(y, _)| Located { value: y, span }),
        title: Some(Located { value: text, span }),
    };
    (meta, parts[parts.len() - 1].0 + 1)
}

/// Most lines before the title line joined into it (an organ name wrapped over two lines).
const MAX_TITLE_CONTINUATION_LINES: usize = 2;

/// A line that can be the report title (or its last line): short, no sentence end, and naming
/// the annual report.
fn is_title_line(text: &str) -> bool {
    text.contains("年度报告")
        && text.chars().nth(MAX_TITLE_LINE_CHARS).is_none()
        && !text.contains(['。', '；'])
        && !is_chrome(text)
}

/// Whether a title line leaves its organ to the line before: it has no year before its name
/// (it begins with the year, with the report's name, or is the tail of a split title).
fn starts_without_organ(text: &str) -> bool {
    find_year(text).is_none_or(|(_, at)| at == 0)
        || text.starts_with("政府信息公开")
        || text.starts_with("年度")
}

/// A line that can be the first part of a split title.
fn is_title_part(text: &str) -> bool {
    let text = strip_artifacts(text);
    !text.is_empty()
        && text.chars().nth(MAX_TITLE_LINE_CHARS).is_none()
        && !text.contains(['。', '；', '，'])
        && !is_chrome(text)
}

/// Page chrome: breadcrumbs and metadata lines (`当前位置：`, `发布时间：`, `索引号`).
fn is_chrome(text: &str) -> bool {
    const MARKERS: [&str; 12] = [
        "当前位置",
        "您的位置",
        "发布时间",
        "发布日期",
        "索引号",
        "来源",
        "浏览",
        "字体",
        "分享",
        "打印",
        "关闭",
        ">",
    ];
    MARKERS.iter().any(|m| text.contains(m)) || text.contains(['：', ':', '|'])
}

/// The text without extraction artefacts (a Word bookmark) and without a label before it
/// (`标题：`, `标   题`), as crawlers and metadata blocks write the title.
fn strip_artifacts(s: &str) -> &str {
    let s = s.trim_start_matches("[bookmark: _GoBack]").trim();
    let Some(rest) = s.strip_prefix('标') else {
        return s;
    };
    let Some(rest) = rest.trim_start().strip_prefix('题') else {
        return s;
    };
    rest.trim_start()
        .trim_start_matches([':', '：'])
        .trim_start()
}

/// The first `YYYY年` (spaces allowed before 年) with a plausible year, and its byte offset.
pub fn find_year(text: &str) -> Option<(i32, usize)> {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i + 4 <= bytes.len() {
        let window = &bytes[i..i + 4];
        let starts_run = i == 0 || !bytes[i - 1].is_ascii_digit();
        if starts_run
            && window.iter().all(u8::is_ascii_digit)
            && bytes.get(i + 4).is_none_or(|b| !b.is_ascii_digit())
        {
            let rest = text[i + 4..].trim_start_matches(' ');
            if rest.starts_with('年') {
                let year: i32 = text[i..i + 4].parse().ok()?;
                if (1990..=2100).contains(&year) {
                    return Some((year, i));
                }
            }
        }
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn title_of(text: &str) -> Option<String> {
        let source = crate::source::SourceFile::new("t", text.to_string(), "UTF-8");
        let doc = crate::layout::text::read(&source);
        read(&doc, doc.blocks.len()).0.title.map(|t| t.value)
    }

    #[test]
    fn a_line_the_file_ends_with_is_no_title() {
        let cut = "本报告根据《条例》编制。\n本年度报告中使用数据统计期限为";
        assert_eq!(title_of(cut), None);
        let whole = "某局2023年政府信息公开工作年度报告\n本报告根据《条例》编制。";
        assert_eq!(
            title_of(whole).as_deref(),
            Some("某局2023年政府信息公开工作年度报告")
        );
    }

    #[test]
    fn organ_kinds() {
        assert_eq!(
            OrganKind::from_organ("山阳区人民政府"),
            OrganKind::PeopleGovernment
        );
        assert_eq!(
            OrganKind::from_organ("大通区人民政府办公室"),
            OrganKind::GovernmentOffice
        );
        assert_eq!(
            OrganKind::from_organ("焦作市生态环境局"),
            OrganKind::Department
        );
        assert_eq!(OrganKind::from_organ(""), OrganKind::Unknown);
    }

    #[test]
    fn years() {
        assert_eq!(
            find_year("山阳区人民政府 2023 年政府"),
            Some((2023, "山阳区人民政府 ".len()))
        );
        assert_eq!(
            find_year("阳泉市人民政府2023年"),
            Some((2023, "阳泉市人民政府".len()))
        );
        assert_eq!(find_year("12345年"), None);
        assert_eq!(find_year("第711号"), None);
    }
}
