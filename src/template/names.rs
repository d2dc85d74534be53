//! Names people read for the places of a report — sections, headings, narrative text, table
//! cells — in Chinese and English, built from the template's labels. Every diagnostic label or
//! message that names a place gets the name here, so no internal id (`sec3.new.other_org`,
//! `s1`) reaches a reader in either language.
//!
//! Cell names are built once per bundled template, on first use; narrative names only when a
//! diagnostic is made.

use super::{KeyMap, RowDef, Sec2TableDef, Template, bundled};
use crate::diagnostic::{Lang, Text};
use std::borrow::Cow;
use std::sync::OnceLock;

/// Which part of a stretch of narrative a piece of evidence points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// The heading (pointed at when the text lacks something).
    Heading,
    /// The running text.
    Text,
}

impl Part {
    /// The word the engine's evidence name ends with (see [`narrative_tag`]).
    fn tag(self) -> &'static str {
        match self {
            Part::Heading => "标题",
            Part::Text => "正文",
        }
    }
}

/// The engine's name for evidence from narrative: the place (`s1`, `preamble`, `title`,
/// `text`) and the part, as `s1 正文`. It is a key, not what people read: [`of_evidence`] turns
/// it into a name when a diagnostic is made, so evaluating a rule builds no names.
pub fn narrative_tag(place: &str, part: Part) -> String {
    [place, " ", part.tag()].concat()
}

/// The place and part of a [`narrative_tag`].
fn parse_narrative_tag(name: &str) -> Option<(&str, Part)> {
    [Part::Heading, Part::Text].into_iter().find_map(|part| {
        let place = name.strip_suffix(part.tag())?.strip_suffix(' ')?;
        Some((place, part))
    })
}

/// Section `number` (1-based) by its numeral and, in English, its title: `第一部分` /
/// `section 1 (overview)`.
pub fn section(number: usize) -> Text {
    // Sections are numbered and titled alike in every bundled template.
    let def = bundled()[0].sections.get(number.wrapping_sub(1));
    match def {
        Some(d) => Text::new(
            format!("第{}部分", d.numeral),
            format!("section {number} ({})", d.en),
        ),
        None => Text::new(format!("第 {number} 部分"), format!("section {number}")),
    }
}

/// A narrative place (`s1` … `s6`, `preamble`, `title`, `text`) and part, named:
/// `第一部分标题`, `heading of section 1 (overview)`.
pub fn narrative(place: &str, part: Part) -> Text {
    narrative_ref(place, part)
        .cloned()
        .unwrap_or_else(|| Text::same(place))
}

/// The names of every narrative place the engine has and part, made once.
fn narrative_ref(place: &str, part: Part) -> Option<&'static Text> {
    static NAMES: OnceLock<Vec<(String, Part, Text)>> = OnceLock::new();
    NAMES
        .get_or_init(|| {
            let sections = (1..=bundled()[0].sections.len()).map(|n| format!("s{n}"));
            let places: Vec<String> = sections
                .chain(["preamble", "title", "text"].map(String::from))
                .collect();
            places
                .into_iter()
                .flat_map(|p| [Part::Heading, Part::Text].map(|part| (p.clone(), part)))
                .map(|(p, part)| {
                    let name = make_narrative(&p, part);
                    (p, part, name)
                })
                .collect()
        })
        .iter()
        .find(|(p, q, _)| p == place && *q == part)
        .map(|(_, _, name)| name)
}

fn make_narrative(place: &str, part: Part) -> Text {
    let number = place
        .strip_prefix('s')
        .and_then(|n| n.parse::<usize>().ok())
        .filter(|&n| n >= 1);
    match (number, place, part) {
        (Some(n), _, Part::Heading) => {
            let s = section(n);
            Text::new([&s.zh, "标题"].concat(), ["heading of ", &s.en].concat())
        }
        (Some(n), _, Part::Text) => {
            let s = section(n);
            Text::new([&s.zh, "正文"].concat(), ["text of ", &s.en].concat())
        }
        (None, "preamble", _) => Text::new("报告开头部分", "opening text of the report"),
        (None, "title", _) => Text::new("报告标题", "title of the report"),
        (None, "text", Part::Heading) => Text::new("报告开头", "start of the report"),
        (None, "text", Part::Text) => Text::new("报告正文", "text of the report"),
        (None, other, _) => Text::same(other),
    }
}

/// A template wording named in English for an English message, with the Chinese the report
/// is expected to print after it in backticks, because the report itself is Chinese and the
/// reader looks for that wording: `"total" (`总计`)`.
pub fn en_with_zh(en: &str, zh: &str) -> String {
    if en.is_empty() || en == zh {
        // No English label: the Chinese alone, quoted, rather than an empty name.
        return format!("`{zh}`");
    }
    format!("\"{en}\" (`{zh}`)")
}

/// A template by its name: `“政府信息公开工作年度报告格式（2021）”`, `the 2021 annual-report
/// format` (never its id, `gov-2021`).
pub fn template(t: &Template) -> Text {
    Text::new(format!("“{}”", t.name), t.en.clone())
}

/// A section-2 row: `表二第二十条第（一）项“规章”行`, `table 2 (Article 20(1): …), row
/// "regulations"`.
pub fn sec2_row(table: &Sec2TableDef, row: &RowDef) -> Text {
    Text::new(
        format!("表二{}“{}”行", table.title, row.label),
        format!("table 2 ({}), row \"{}\"", table.en, row.en),
    )
}

/// A section-3 row by its label as printed: `表三“1.属于国家秘密”行`,
/// `table 3, row "not disclosed: state secret"`.
pub fn sec3_row(row: &RowDef) -> Text {
    Text::new(
        format!("表三“{}”行", row.label),
        format!("table 3, row \"{}\"", row.en),
    )
}

/// Every cell's name in each bundled template (in [`bundled`] order), by cell path.
fn cell_names() -> &'static [KeyMap<Text>] {
    static NAMES: OnceLock<Vec<KeyMap<Text>>> = OnceLock::new();
    NAMES.get_or_init(|| bundled().iter().map(names_of).collect())
}

/// The names of one template's cells:
/// `表二第二十条第（一）项“规章”行“本年制发件数”列`, `表三“本年新收”行“其他”列`,
/// `表四“行政复议”“结果维持”`, and their English counterparts from the `en` labels.
fn names_of(t: &Template) -> KeyMap<Text> {
    let mut out = KeyMap::default();
    for d in &t.sec2 {
        for r in &d.rows {
            for (c, path) in d.columns.iter().zip(&r.paths) {
                let name = Text::new(
                    format!("表二{}“{}”行“{}”列", d.title, r.label, c.label),
                    format!("table 2 ({}), row \"{}\", column \"{}\"", d.en, r.en, c.en),
                );
                out.insert(path.clone(), name);
            }
        }
    }
    for r in &t.sec3.rows {
        // A row's first keyword (`本年新收`) says which row it is in a fraction of its label.
        let short = r.short.as_ref().or(r.keywords.first()).unwrap_or(&r.label);
        for (c, path) in t.sec3.columns.iter().zip(&r.paths) {
            let name = Text::new(
                format!("表三“{short}”行“{}”列", c.label),
                format!("table 3, row \"{}\", column \"{}\"", r.en, c.en),
            );
            out.insert(path.clone(), name);
        }
    }
    for g in &t.sec4.groups {
        let (zh, en) = match &g.parent {
            Some(parent) => (format!("{parent}（{}）", g.label), g.en.clone()),
            None => (g.label.clone(), g.en.clone()),
        };
        for (c, path) in t.sec4.columns.iter().zip(&g.paths) {
            let name = Text::new(
                format!("表四“{zh}”“{}”", c.label),
                format!("table 4, \"{en}\", column \"{}\"", c.en),
            );
            out.insert(path.clone(), name);
        }
    }
    out
}

/// The name of the cell `path` in template `t`, when it has that cell.
pub fn cell(t: &Template, path: &str) -> Option<&'static Text> {
    let i = bundled().iter().position(|b| b.id == t.id)?;
    cell_names()[i].get(path)
}

/// The name of the cell `path` in template `t`; the path itself when `t` has no such cell
/// (which a template's own paths never are).
pub fn cell_or_path(t: &Template, path: &str) -> Text {
    cell(t, path).cloned().unwrap_or_else(|| Text::same(path))
}

/// The name of the place a piece of engine evidence comes from, given its path and the
/// engine's name for it. A cell's Chinese name tells which template the engine read the
/// table with (tables of one report may follow different templates), so the English name is
/// the one of that template; a narrative place's name is made from its [`narrative_tag`].
pub fn of_evidence(path: &str, name: &str) -> Text {
    match named(path, name) {
        Named::Cell(n) => n.clone(),
        Named::Narrative(n, _) => n.clone(),
        Named::Unknown => Text::same(name),
    }
}

/// A place's name, borrowed for a cell: labels are made for every operand of every finding,
/// so a cell's name is not copied before it is joined with the value.
enum Named {
    Cell(&'static Text),
    Narrative(&'static Text, Part),
    Unknown,
}

fn named(path: &str, name: &str) -> Named {
    if let Some((place, part)) = parse_narrative_tag(name) {
        return narrative_ref(place, part).map_or(Named::Unknown, |n| Named::Narrative(n, part));
    }
    if let Some(n) = metadata(path) {
        return Named::Cell(n);
    }
    let all = cell_names();
    all.iter()
        .filter_map(|names| names.get(path))
        .find(|n| n.zh == name)
        .or_else(|| all.iter().find_map(|names| names.get(path)))
        .map_or(Named::Unknown, Named::Cell)
}

/// The names of what rules read from the title (`year`, `organ`, `organ_kind`).
fn metadata(path: &str) -> Option<&'static Text> {
    static NAMES: OnceLock<[(&str, Text); 2]> = OnceLock::new();
    NAMES
        .get_or_init(|| {
            [
                ("year", Text::new("报告年度", "report year")),
                ("organ", Text::new("机关名称", "name of the body")),
            ]
        })
        .iter()
        .find(|(p, _)| *p == path)
        .map(|(_, n)| n)
}

/// The label of a piece of engine evidence: its place and the value read there
/// (`表三“本年新收”行“总计”列 = 12`), or for a number in the narrative the place and the text
/// around it (`第一部分正文：收到申请 12 件`).
pub fn evidence_label(path: &str, name: &str, shown: &str, from_sentence: bool) -> Text {
    let named = named(path, name);
    let (zh, en) = match &named {
        Named::Cell(n) => (n.zh.as_str(), n.en.as_str()),
        Named::Narrative(n, _) => (n.zh.as_str(), n.en.as_str()),
        Named::Unknown => (name, name),
    };
    let narrative_text =
        from_sentence && !shown.is_empty() && matches!(named, Named::Narrative(_, Part::Text));
    if narrative_text {
        Text::new([zh, "：", shown].concat(), [en, ": ", shown].concat())
    } else if shown.is_empty() {
        Text::new(zh, en)
    } else {
        let shown_en = empty_in_language(shown, Lang::En);
        Text::new([zh, " = ", shown].concat(), [en, " = ", &shown_en].concat())
    }
}

/// How the engine shows an empty cell among values and arithmetic (`0 + 空 + 1`), and the word
/// English readers get for it instead.
pub const EMPTY_MARK: &str = "空";
/// [`EMPTY_MARK`] in English.
pub const EMPTY_WORD_EN: &str = "(empty)";

/// A value or arithmetic as the engine shows it, in `lang`: each [`EMPTY_MARK`] standing as a
/// token of its own becomes [`EMPTY_WORD_EN`] in English (`0 + (empty) + 1`); `空` inside Chinese
/// text a report wrote stays as written. Borrowed when nothing changes.
pub fn empty_in_language(shown: &str, lang: Lang) -> Cow<'_, str> {
    if lang == Lang::Zh || !shown.contains(EMPTY_MARK) {
        return Cow::Borrowed(shown);
    }
    let bounds =
        |c: Option<char>| c.is_none_or(|c| c.is_ascii_whitespace() || "()（）,;".contains(c));
    let mut out = String::with_capacity(shown.len() + 8);
    let mut rest = shown;
    let mut worded = false;
    while let Some(at) = rest.find(EMPTY_MARK) {
        let before = rest[..at]
            .chars()
            .next_back()
            .or_else(|| out.chars().next_back());
        let after = rest[at + EMPTY_MARK.len()..].chars().next();
        out.push_str(&rest[..at]);
        if bounds(before) && bounds(after) {
            out.push_str(EMPTY_WORD_EN);
            worded = true;
        } else {
            out.push_str(EMPTY_MARK);
        }
        rest = &rest[at + EMPTY_MARK.len()..];
    }
    if !worded {
        return Cow::Borrowed(shown);
    }
    out.push_str(rest);
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::template::by_id;

    #[test]
    fn only_a_whole_empty_mark_gets_the_english_word() {
        assert_eq!(empty_in_language("0 + 空 + 1", Lang::En), "0 + (empty) + 1");
        assert_eq!(empty_in_language("空", Lang::En), "(empty)");
        assert_eq!(empty_in_language("(空 + 2)", Lang::En), "((empty) + 2)");
        assert!(matches!(
            empty_in_language("空白", Lang::En),
            Cow::Borrowed("空白")
        ));
        assert_eq!(empty_in_language("0 + 空", Lang::Zh), "0 + 空");
    }

    #[test]
    fn cells_are_named_by_table_row_and_column_in_both_languages() {
        let t = by_id("gov-2021").unwrap();
        let n = cell(t, "sec3.new.other_org").unwrap();
        assert_eq!(n.zh, "表三“本年新收”行“其他”列");
        assert_eq!(
            n.en,
            "table 3, row \"new applications received this year\", column \"other bodies\""
        );
        let n = cell(t, "sec2.art20_1.rules.issued").unwrap();
        assert_eq!(n.zh, "表二第二十条第（一）项“规章”行“本年制发件数”列");
        assert!(n.en.contains("row \"regulations\", column \"issued this year\""));
        let n = cell(t, "sec4.litigation_direct.upheld").unwrap();
        assert_eq!(n.zh, "表四“行政诉讼（未经复议直接起诉）”“结果维持”");
        assert_eq!(
            n.en,
            "table 4, \"lawsuit without prior review\", column \"upheld\""
        );
        // A row whose keyword-less label (`3.其他`) would not say which row it is.
        let n = cell(t, "sec3.results.other.other.total").unwrap();
        assert_eq!(n.zh, "表三“其他处理中的其他”行“总计”列");
    }

    #[test]
    fn every_cell_of_every_template_has_a_name_without_ids() {
        for t in bundled() {
            let names = &cell_names()[bundled().iter().position(|b| b.id == t.id).unwrap()];
            let paths = t
                .sec2
                .iter()
                .flat_map(|d| d.rows.iter().flat_map(|r| &r.paths))
                .chain(t.sec3.rows.iter().flat_map(|r| &r.paths))
                .chain(t.sec4.groups.iter().flat_map(|g| &g.paths));
            for path in paths {
                let n = names.get(path).unwrap_or_else(|| panic!("{path}"));
                for text in [&n.zh, &n.en] {
                    assert!(
                        !text.contains("sec2.")
                            && !text.contains("sec3.")
                            && !text.contains("sec4.")
                            && !text.contains('_'),
                        "{text}"
                    );
                }
                // English names carry no Chinese.
                assert!(n.en.is_ascii(), "{}", n.en);
            }
        }
    }

    #[test]
    fn narrative_places_are_named_from_their_tag() {
        let tag = narrative_tag("s1", Part::Heading);
        let n = of_evidence("s1", &tag);
        assert_eq!(n.zh, "第一部分标题");
        assert_eq!(n.en, "heading of section 1 (overview)");
        let label = evidence_label("s3", &narrative_tag("s3", Part::Text), "12件", true);
        assert_eq!(label.zh, "第三部分正文：12件");
        assert!(label.en.starts_with("text of section 3 ("), "{}", label.en);
        assert_eq!(of_evidence("title", "title 标题").zh, "报告标题");
    }

    #[test]
    fn evidence_from_a_2019_table_gets_the_2019_english_name() {
        let t19 = by_id("gov-2019").unwrap();
        let zh = &cell(t19, "sec2.art20_1.normative_docs.published_total")
            .unwrap()
            .zh;
        let label = evidence_label(
            "sec2.art20_1.normative_docs.published_total",
            zh,
            "空",
            false,
        );
        assert_eq!(label.zh, [zh.as_str(), " = 空"].concat());
        assert!(
            label
                .en
                .contains("row \"normative documents\", column \"total published\"")
                && label.en.ends_with(" = (empty)"),
            "{}",
            label.en
        );
    }
}
