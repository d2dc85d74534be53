//! Layout document → typed report: finds the title, the sections and the three tables, picks
//! the template, reads every cell, and collects structural diagnostics.

use super::rows::SourceRow;
use super::sections::{self, FoundHeading};
use super::{Cells, Paragraph, Report, Section, Slot, TableInfo, detect, meta, sec2, sec3, sec4};
use crate::diagnostic::{self, Diagnostic, Label, Severity, Text};
use crate::layout::{Block, Cell, Document};
use crate::normalise::{CellValue, is_space, join_ideographs};
use crate::source::{SourceFile, Span};
use crate::template::{self, Template, names};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Sec2,
    Sec3,
    Sec4,
}

impl Kind {
    /// The kinds in the order a row's content is tested for them.
    const ALL: [Kind; 3] = [Kind::Sec2, Kind::Sec3, Kind::Sec4];

    fn of_section(section: Option<usize>) -> Option<Kind> {
        match section {
            Some(1) => Some(Kind::Sec2),
            Some(2) => Some(Kind::Sec3),
            Some(3) => Some(Kind::Sec4),
            _ => None,
        }
    }

    fn name(self) -> (&'static str, &'static str, usize) {
        match self {
            Kind::Sec2 => ("第二部分", "section 2", 1),
            Kind::Sec3 => ("第三部分", "section 3", 2),
            Kind::Sec4 => ("第四部分", "section 4", 3),
        }
    }
}

/// Part of the corner note of the section-3 table.
const SEC3_NOTE: &str = "本列数据的勾稽关系";

/// Whether a row starts a table of `kind`, judged by its own content; `first` is the key of
/// its first non-empty cell.
fn starts(kind: Kind, cells: &[Cell], first: &str) -> bool {
    match kind {
        Kind::Sec2 => first.starts_with("第二十条第"),
        Kind::Sec3 => {
            // The length test spares the substring search for keys too short to hold the
            // note (numbers, whose key is empty, and most labels).
            let holds_note = |k: &str| k.len() >= SEC3_NOTE.len() && k.contains(SEC3_NOTE);
            cells
                .iter()
                .any(|c| holds_note(c.key()) || c.key() == "申请人情况")
                || first.contains("本年新收")
        }
        Kind::Sec4 => {
            let has = |key: &str| cells.iter().any(|c| c.key() == key);
            has("行政复议") && has("行政诉讼")
        }
    }
}

/// Which table a row starts, judged by its own content: the first kind it [`starts`].
#[cfg(test)]
fn marker(cells: &[Cell]) -> Option<Kind> {
    let first = cells.iter().map(Cell::key).find(|k| !k.is_empty())?;
    Kind::ALL.into_iter().find(|&k| starts(k, cells, first))
}

/// The table a row belongs to: the one it starts (the first kind it [`starts`]), else
/// `current`. Whether the row starts the current table itself matters only when it also
/// starts a later kind, so that test, the costly one inside the section-3 table, is mostly
/// skipped.
fn kind_of_row(cells: &[Cell], current: Option<Kind>) -> Option<Kind> {
    let Some(first) = cells.iter().map(Cell::key).find(|k| !k.is_empty()) else {
        return current;
    };
    for (i, &kind) in Kind::ALL.iter().enumerate() {
        if Some(kind) == current {
            let later = Kind::ALL[i + 1..]
                .iter()
                .copied()
                .find(|&k| starts(k, cells, first));
            return match later {
                Some(k) if !starts(kind, cells, first) => Some(k),
                _ => current,
            };
        }
        if starts(kind, cells, first) {
            return Some(kind);
        }
    }
    current
}

struct Tables<'a> {
    rows: Vec<(Kind, SourceRow<'a>)>,
}

impl<'a> Tables<'a> {
    fn collect(doc: &'a Document, section_of_block: &[Option<usize>]) -> Self {
        let mut rows = Vec::new();
        for (i, block) in doc.blocks.iter().enumerate() {
            let Block::Table(table) = block else { continue };
            let mut kind = Kind::of_section(section_of_block[i]);
            for row in &table.rows {
                kind = kind_of_row(&row.cells, kind);
                if let Some(k) = kind {
                    rows.push((
                        k,
                        SourceRow {
                            layout: table.layout,
                            row,
                        },
                    ));
                }
            }
        }
        Tables { rows }
    }

    fn of(&self, kind: Kind) -> Vec<SourceRow<'a>> {
        self.rows
            .iter()
            .filter(|(k, _)| *k == kind)
            .map(|(_, r)| *r)
            .collect()
    }

    /// The keys of all cells of `rows`.
    fn keys<'r>(rows: &'r [SourceRow<'a>]) -> impl Iterator<Item = &'a str> + 'r {
        rows.iter().flat_map(|r| r.row.cells.iter().map(Cell::key))
    }
}

/// Builds the typed report from a layout document of `source`.
pub fn build(source: &SourceFile, doc: &Document) -> Report {
    let newest = &template::bundled()[0];
    let headings = sections::find_headings(doc, newest);
    let first_section_block = headings
        .iter()
        .map(|h| h.block)
        .min()
        .unwrap_or(doc.blocks.len());
    let (meta, after_title) = meta::read(doc, first_section_block);
    let section_of_block = section_index_of_blocks(doc, &headings);
    let tables = Tables::collect(doc, &section_of_block);
    let year = meta.year.as_ref().map(|y| y.value);

    // Each table's own evidence first: what is printed decides what the values mean.
    let sec2_rows = tables.of(Kind::Sec2);
    let sec3_rows = tables.of(Kind::Sec3);
    let sec2_template = detect::by_signature(Tables::keys(&sec2_rows));
    let (sec3_template, mut sec3_fit) = detect::by_fit(&sec3_rows);
    let doc_template = sec2_template
        .as_ref()
        .map(|(t, _)| *t)
        .or(sec3_template)
        .or_else(|| detect::by_year(year))
        .unwrap_or(newest);
    let mut diagnostics = Vec::new();

    let recognised = !headings.is_empty()
        || !tables.rows.is_empty()
        || meta
            .title
            .as_ref()
            .is_some_and(|t| t.value.contains("政府信息公开"))
        || has_preamble(doc);
    if !recognised {
        return not_a_report(source, meta);
    }

    // Without any heading or table, one finding says so; a missing-section and a
    // missing-table finding for each part would only repeat it.
    let legacy = headings.is_empty() && tables.rows.is_empty() && has_own_numbering(source);
    if legacy {
        diagnostics.push(legacy_format(source));
    } else {
        diagnostics.extend(sections::heading_diagnostics(
            &headings,
            doc_template,
            source.text.len(),
        ));
    }
    if meta.title.is_none() {
        diagnostics.push(
            Diagnostic::new(
                "parse/title-missing",
                Severity::Warning,
                Text::new(
                    "未找到报告标题（应含“政府信息公开工作年度报告”）",
                    "no report title found (expected one containing `政府信息公开工作年度报告`)",
                ),
            )
            .with_label(Label::primary(
                Span::empty_at(0),
                Text::new("文件开头", "start of file"),
            )),
        );
    }

    // Room for the cells of any bundled template, so the list is allocated once.
    let capacity = template::bundled().iter().map(Template::cell_count).max();
    let mut cell_entries = Vec::with_capacity(capacity.unwrap_or_default());
    let mut table_infos: Vec<TableInfo> = Vec::new();
    let sec4_rows = tables.of(Kind::Sec4);
    for (kind, rows) in [
        (Kind::Sec2, &sec2_rows),
        (Kind::Sec3, &sec3_rows),
        (Kind::Sec4, &sec4_rows),
    ] {
        // A table with its own evidence is read with the template it shows, and a conflict
        // with the rest of the report is reported. The notes explaining the evidence are
        // written only for that report.
        let own = match kind {
            Kind::Sec2 => sec2_template.as_ref().map(|(t, _)| *t),
            Kind::Sec3 => sec3_template,
            Kind::Sec4 => None,
        };
        let notes = || match (kind, &sec2_template) {
            (Kind::Sec2, Some((_, evidence))) => evidence_notes(evidence),
            (Kind::Sec3, _) => misfit_notes(&sec3_fit.misfits),
            _ => Vec::new(),
        };
        let conflicting_evidence =
            kind == Kind::Sec2 && sec2_template.as_ref().is_some_and(|(_, e)| e.len() > 1);
        let table_template = own.map_or(doc_template, |t| {
            let choice = Choice {
                own: t,
                doc_template,
                year,
                year_span: meta.year.as_ref().map(|y| y.span),
                conflicting_evidence,
            };
            check_template(kind, rows, choice, notes, &mut diagnostics)
        });
        if rows.is_empty() && !legacy {
            diagnostics.push(missing_table(kind, &headings, source.text.len()));
        }
        // An absent table has no extent to report (its absence is diagnosed above).
        let present = |table| if rows.is_empty() { vec![] } else { vec![table] };
        let (infos, diags) = match kind {
            Kind::Sec2 => {
                let r = sec2::read(rows, table_template, &mut cell_entries);
                (r.tables, r.diagnostics)
            }
            Kind::Sec3 => {
                let r = match sec3_fit.take(table_template) {
                    Some(recognised) => recognised.build(&mut cell_entries),
                    None => sec3::read(rows, table_template, &mut cell_entries),
                };
                (present(r.table), r.diagnostics)
            }
            Kind::Sec4 => {
                let r = sec4::read(rows, table_template, &mut cell_entries);
                (present(r.table), r.diagnostics)
            }
        };
        table_infos.extend(infos);
        diagnostics.extend(diags);
    }

    diagnostics.extend(cut_last_cell(
        source,
        doc,
        &headings,
        doc_template,
        &mut cell_entries,
    ));
    let (preamble, sections) = split_sections(doc, &headings, doc_template, after_title);
    diagnostic::sort(&mut diagnostics);
    let title_sentence = meta
        .title
        .as_ref()
        .map(|t| super::Sentence::new(t.value.clone(), t.span));
    Report {
        meta,
        title_sentence,
        template: doc_template.id.clone(),
        preamble,
        sections,
        cells: Cells::new(cell_entries),
        tables: table_infos,
        recognised: true,
        diagnostics,
    }
}

/// For each block, the template index of the section it is in (by the nearest heading above).
fn section_index_of_blocks(doc: &Document, headings: &[FoundHeading]) -> Vec<Option<usize>> {
    let mut sorted: Vec<&FoundHeading> = headings.iter().collect();
    sorted.sort_by_key(|h| h.block);
    (0..doc.blocks.len())
        .map(|i| {
            sorted
                .iter()
                .rev()
                .find(|h| h.block <= i)
                .map(|h| h.section)
        })
        .collect()
}

/// The notes of a template mismatch in section 2: the labels that point to each template.
fn evidence_notes(evidence: &[detect::Evidence]) -> Vec<Text> {
    evidence
        .iter()
        .map(|e| {
            Text::new(
                format!(
                    "{}的特征：{}",
                    names::template(e.template).zh,
                    e.labels.join("、")
                ),
                format!(
                    "signals for {}: {}",
                    names::template(e.template).en,
                    e.labels
                        .iter()
                        .map(|l| format!("`{l}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )
        })
        .collect()
}

/// The notes of a template mismatch in section 3: how badly each template fits.
fn misfit_notes(misfits: &[(&'static Template, usize)]) -> Vec<Text> {
    misfits
        .iter()
        .map(|(t, n)| {
            Text::new(
                format!("按{}读取时有 {n} 个单元格无法识别", names::template(t).zh),
                format!("read as {}: {n} cells unrecognised", names::template(t).en),
            )
        })
        .collect()
}

/// The template a table's own evidence shows, and what it is checked against.
struct Choice {
    own: &'static Template,
    doc_template: &'static Template,
    year: Option<i32>,
    /// Where the year was read (the title or the statistics period).
    year_span: Option<Span>,
    /// Whether the table shows labels of more than one template.
    conflicting_evidence: bool,
}

/// Reports a table read with a template other than the report's, one its year contradicts,
/// or one with mixed evidence; `notes` explain the evidence.
fn check_template(
    kind: Kind,
    rows: &[SourceRow<'_>],
    choice: Choice,
    notes: impl FnOnce() -> Vec<Text>,
    diagnostics: &mut Vec<Diagnostic>,
) -> &'static Template {
    let Choice {
        own,
        doc_template,
        year,
        year_span,
        conflicting_evidence,
    } = choice;
    let year_conflict = year.is_some_and(|y| !own.years.contains(y));
    if own.id != doc_template.id || year_conflict || conflicting_evidence {
        let (zh_name, en_name, _) = kind.name();
        let span = rows
            .iter()
            .map(|r| r.row.span)
            .reduce(Span::cover)
            .unwrap_or_default();
        let mut d = Diagnostic::new(
            "parse/template-mismatch",
            Severity::Warning,
            Text::new(
                format!("{zh_name}表格按“{}”读取，与报告的其他信号不一致", own.name),
                format!(
                    "{en_name} tables read with {}, which conflicts with other signals",
                    own.en
                ),
            ),
        )
        .with_label(Label::primary(span, {
            let name = names::template(own);
            Text::new(format!("按{}读取", name.zh), format!("read as {}", name.en))
        }));
        d.notes = notes();
        if own.id != doc_template.id {
            let name = names::template(doc_template);
            d = d.with_note(Text::new(
                format!("报告其余部分按{}读取", name.zh),
                format!("the rest of the report is read as {}", name.en),
            ));
        }
        if let (true, Some(y), Some(at)) = (year_conflict, year, year_span) {
            d = d.with_label(Label::secondary(at, {
                let name = template_for_year(y);
                Text::new(
                    format!("报告年度 {y}，应使用{}", name.zh),
                    format!("report year {y}: {} applies", name.en),
                )
            }));
        }
        if let Some(y) = year {
            let name = template_for_year(y);
            d = d.with_note(Text::new(
                format!("报告年度 {y}：适用{}", name.zh),
                format!("report year {y}: {} applies", name.en),
            ));
        }
        diagnostics.push(d);
    }
    own
}

fn template_for_year(year: i32) -> Text {
    template::bundled()
        .iter()
        .find(|t| t.years.contains(year))
        .map_or_else(|| Text::same("—"), names::template)
}

fn missing_table(kind: Kind, headings: &[FoundHeading], doc_end: usize) -> Diagnostic {
    let (zh, en, section) = kind.name();
    let at = headings
        .iter()
        .find(|h| h.section == section)
        .map_or(Span::empty_at(doc_end), |h| h.heading.span);
    Diagnostic::new(
        "parse/table-missing",
        Severity::Error,
        Text::new(format!("未找到{zh}的表格"), format!("no {en} table found")),
    )
    .with_label(Label::primary(
        at,
        Text::new("此部分应有表格", "this section should hold a table"),
    ))
}

/// How many leading text blocks are searched for the report's preamble.
const PREAMBLE_BLOCKS: usize = 30;

/// Whether one of the leading paragraphs is the preamble every report opens with: the basis
/// of the report (`本报告根据《条例》…编制`, `根据…年度报告格式…要求`) or its statistics period
/// (`本报告中所列数据的统计期限自…1月1日起至12月31日止`). A page that stops early, after
/// the preamble or section 一, is still a report; what it lacks is reported as missing.
fn has_preamble(doc: &Document) -> bool {
    doc.blocks
        .iter()
        .filter_map(|b| match b {
            Block::Heading(t) | Block::Paragraph(t) => Some(t.text.as_str()),
            Block::Table(_) => None,
        })
        .take(PREAMBLE_BLOCKS)
        .any(|text| {
            let text = join_ideographs(text);
            let basis = text.contains("政府信息公开")
                && (text.contains("年度报告") || text.contains("工作报告"))
                && ["根据", "依据", "按照"].iter().any(|w| text.contains(w));
            let period = (text.contains("统计期限") || text.contains("统计期"))
                && text.contains("1月1日")
                && text.contains("12月31日");
            basis || period
        })
}

/// Whether the text numbers parts of its own (`一、`, `（一）`): with none of the format's
/// headings, it follows another structure, rather than stopping before its first section.
fn has_own_numbering(source: &SourceFile) -> bool {
    ["一、", "（一）", "(一)"]
        .iter()
        .any(|n| source.text.contains(n))
}

/// A report (its preamble says so) with none of the format's section headings and tables:
/// written in the structure used before the national format, or its body run together.
fn legacy_format(source: &SourceFile) -> Diagnostic {
    Diagnostic::new(
        "parse/format-unrecognised",
        Severity::Error,
        Text::new(
            "未按国家规定的年度报告格式编写：没有格式规定的部分标题，也没有统计表格",
            "not written in the national annual-report format: none of its section headings and no statistics tables",
        ),
    )
    .with_label(Label::primary(
        Span::new(0, source.line_span(0).end.min(source.text.len())),
        Text::new("报告开头", "start of the report"),
    ))
    .with_note(Text::new(
        "格式见国办公开办函〔2021〕30号（2019—2020 年度为国办公开办函〔2019〕60号）：六个部分，第二、三、四部分为统计表格",
        "the format is `国办公开办函〔2021〕30号` (`国办公开办函〔2019〕60号` for 2019–2020): six sections, with statistics tables in sections 2, 3 and 4",
    ))
}

fn not_a_report(source: &SourceFile, meta: super::Meta) -> Report {
    let span = Span::new(0, source.line_span(0).end);
    let diagnostic = Diagnostic::new(
        "parse/not-a-report",
        Severity::Error,
        Text::new(
            "不是可识别的政府信息公开工作年度报告：没有标题、部分标题或统计表格",
            "not a recognised annual report: no title, section headings or statistics tables",
        ),
    )
    .with_label(Label::primary(span, Text::new("文件开头", "start of file")));
    Report {
        title_sentence: None,
        meta,
        template: template::bundled()[0].id.clone(),
        preamble: Vec::new(),
        sections: Vec::new(),
        cells: Cells::default(),
        tables: Vec::new(),
        recognised: false,
        diagnostics: vec![diagnostic],
    }
}

fn split_sections(
    doc: &Document,
    headings: &[FoundHeading],
    template: &Template,
    after_title: usize,
) -> (Vec<Paragraph>, Vec<Section>) {
    let mut starts: Vec<(usize, usize)> = headings.iter().map(|h| (h.block, h.section)).collect();
    starts.sort_unstable();
    let first = starts.first().map_or(doc.blocks.len(), |s| s.0);
    let paragraphs_in = |from: usize, to: usize| -> Vec<Paragraph> {
        doc.blocks[from..to]
            .iter()
            .filter_map(|b| match b {
                Block::Heading(t) | Block::Paragraph(t) => {
                    Some(sections::paragraph(&t.text, t.span))
                }
                Block::Table(_) => None,
            })
            .collect()
    };
    let preamble = paragraphs_in(after_title.min(first), first);
    // The section the file stops in, if it stops before the end of a report (see
    // [`Section::cut_off`]). One part missing at the end may be a report that merged its last
    // two parts; two or more leave no doubt, wherever the last sentence ends.
    let cut_off = parts_missing_at_end(headings, template)
        .filter(|&(_, missing)| missing >= 2 || missing == 1 && ends_mid_sentence(doc))
        .map(|(last, _)| last);
    let sections = template
        .sections
        .iter()
        .enumerate()
        .map(|(i, def)| {
            let found = headings.iter().find(|h| h.section == i);
            let paragraphs = match found {
                Some(h) => {
                    let end = starts
                        .iter()
                        .map(|s| s.0)
                        .find(|&b| b > h.block)
                        .unwrap_or(doc.blocks.len());
                    paragraphs_in(h.block + 1, end)
                }
                None => Vec::new(),
            };
            Section {
                id: def.id.clone(),
                heading: found.map(|h| h.heading.clone()),
                paragraphs,
                cut_off: cut_off == Some(i),
            }
        })
        .collect();
    (preamble, sections)
}

/// The section of the file's last heading, and how many sections the template puts after it
/// the file lacks; `None` when it has no heading.
fn parts_missing_at_end(headings: &[FoundHeading], template: &Template) -> Option<(usize, usize)> {
    let last = headings.iter().max_by_key(|h| h.block)?.section;
    let missing = (last + 1..template.sections.len())
        .filter(|&i| !headings.iter().any(|h| h.section == i))
        .count();
    Some((last, missing))
}

/// A file that stops inside a table (an excerpt, a cut-off page: the table is its last block
/// and sections the template puts after its section are missing) may stop inside its last
/// value: `63` cut to `6`. The number that ends the file is then not one the reader can vouch
/// for: it is marked ambiguous (not used in arithmetic) and reported, not read as written.
fn cut_last_cell(
    source: &SourceFile,
    doc: &Document,
    headings: &[FoundHeading],
    template: &Template,
    cells: &mut [(&'static str, Slot)],
) -> Option<Diagnostic> {
    if !matches!(doc.blocks.last(), Some(Block::Table(_))) {
        return None;
    }
    // A file of tables alone (a fragment, a rule fixture) has no parts to be missing.
    if parts_missing_at_end(headings, template)?.1 == 0 {
        return None;
    }
    let end = source
        .text
        .trim_end_matches(|c: char| is_space(c) || c == '|')
        .len();
    let at = cells.iter().position(|(_, slot)| {
        matches!(slot, Slot::Present(c) if c.span.end == end
            && matches!(c.value, CellValue::Number { .. }))
    })?;
    // The table stops there too: cells the template puts after it are missing. A table read
    // whole (a fragment that ends with its last row) ends as tables end.
    let table = |path: &'static str| path.split('.').next().unwrap_or_default();
    let own = table(cells[at].0);
    let table_cut = cells[at + 1..]
        .iter()
        .take_while(|(path, _)| table(path) == own)
        .any(|(_, slot)| matches!(slot, Slot::Absent));
    if !table_cut {
        return None;
    }
    let (path, slot) = &mut cells[at];
    let Slot::Present(cell) = slot else {
        return None;
    };
    let (name, span) = (names::cell_or_path(template, path), cell.span);
    *slot = Slot::Ambiguous {
        candidates: vec![cell.clone()],
        may_be_absent: false,
    };
    Some(
        Diagnostic::new(
            "parse/cell-cut-off",
            Severity::Warning,
            Text::new(
                format!("文件在表格中途结束：{}的数值可能不完整", name.zh),
                format!("the file stops inside a table: {} may be cut short", name.en),
            ),
        )
        .with_label(Label::primary(
            span,
            Text::new("文件在此结束", "the file ends here"),
        ))
        .with_note(Text::new(
            "该单元格按“有歧义”处理，不参与计算；请使用完整的报告文件",
            "the cell is treated as ambiguous and not used in arithmetic; check the complete report",
        )),
    )
}

/// Whether the document's last block is text that stops before the end of a sentence: no
/// full stop, question or exclamation mark, semicolon or ellipsis after its last word (closing
/// quotes and brackets aside). A table, or text ending as sentences end, does not.
fn ends_mid_sentence(doc: &Document) -> bool {
    let Some(last) = doc.blocks.last() else {
        return false;
    };
    let (Block::Heading(t) | Block::Paragraph(t)) = last else {
        return false;
    };
    let closing = |c: char| "”’」』）)]】\"'".contains(c) || is_space(c);
    let Some(end) = t.text.trim_end_matches(closing).chars().next_back() else {
        return false;
    };
    !"。．.！!？?；;…".contains(end)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout;

    fn row(texts: &[&str]) -> Vec<Cell> {
        texts
            .iter()
            .map(|t| Cell::new(t.to_string(), t, Span::default(), Span::default()))
            .collect()
    }

    /// Table rows of every bundled test report, and rows that start several tables at once.
    fn sample_rows() -> Vec<Vec<Cell>> {
        let mut rows = vec![
            row(&[]),
            row(&["", "1", "2"]),
            row(&["第二十条第（一）项", "行政复议", "行政诉讼"]),
            row(&["本年新收政府信息公开申请数量", "行政复议", "行政诉讼"]),
            row(&["申请人情况", "行政复议", "行政诉讼", "第二十条第（一）项"]),
            row(&["（本列数据的勾稽关系为：第一项加第二项之和）", "行政复议"]),
            row(&["其他", "行政复议", "行政诉讼"]),
            row(&["行政诉讼"]),
        ];
        let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
        for dir in ["seeds", "layouts", "reports"] {
            for entry in std::fs::read_dir(data.join(dir)).unwrap() {
                let Ok(text) = std::fs::read_to_string(entry.unwrap().path()) else {
                    continue;
                };
                let doc = layout::text::read(&SourceFile::new("t", text, "UTF-8"));
                for block in doc.blocks {
                    if let Block::Table(t) = block {
                        rows.extend(t.rows.into_iter().map(|r| r.cells));
                    }
                }
            }
        }
        rows
    }

    #[test]
    fn a_rows_table_is_the_one_it_starts_else_the_current_one() {
        let rows = sample_rows();
        assert!(rows.len() > 1000, "the test reports' rows are sampled");
        for cells in &rows {
            for current in [None, Some(Kind::Sec2), Some(Kind::Sec3), Some(Kind::Sec4)] {
                assert_eq!(
                    kind_of_row(cells, current),
                    marker(cells).or(current),
                    "{current:?} {:?}",
                    cells.iter().map(|c| &c.text).collect::<Vec<_>>()
                );
            }
        }
    }

    fn cut_sections(text: &str) -> Vec<String> {
        let source = SourceFile::new("t", text.to_string(), "UTF-8");
        let report = build(&source, &layout::text::read(&source));
        report
            .sections
            .iter()
            .filter(|s| s.cut_off)
            .map(|s| s.id.clone())
            .collect()
    }

    const HEAD: &str =
        "某局2023年政府信息公开工作年度报告\n一、总体情况\n（一）主动公开。全年公开信息326条。\n";

    #[test]
    fn a_file_stopping_mid_sentence_before_the_later_sections_is_cut_off_in_its_last_section() {
        assert_eq!(
            cut_sections(&format!("{HEAD}（二）依申请公开。全年共收到")),
            ["s1"]
        );
        // A sub-heading with nothing after it is unfinished too.
        assert_eq!(cut_sections(&format!("{HEAD}（二）依申请公开\n")), ["s1"]);
        // Only the section the file stops in.
        let two = format!("{HEAD}二、主动公开政府信息情况\n本年主动公开");
        assert_eq!(cut_sections(&two), ["s2"]);
    }

    #[test]
    fn two_parts_missing_at_the_end_cut_off_wherever_the_text_stops() {
        assert_eq!(
            cut_sections(&format!("{HEAD}（二）依申请公开。全年共收到申请5件。")),
            ["s1"]
        );
    }

    #[test]
    fn one_part_missing_cuts_off_only_a_text_stopping_mid_sentence() {
        let seed = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/data/reports/gov2021-narrative-only.txt"),
        )
        .unwrap();
        assert!(cut_sections(&seed).is_empty());
        // Every section present: the last one stopping mid-sentence is not a cut-off report.
        assert!(cut_sections(&format!("{seed}\n另有说明")).is_empty());
        // Without section 6: a section 5 ending as sentences end may be a report that merged
        // its last two parts; one stopping mid-sentence is cut off.
        let without_six = &seed[..seed.find("六、").unwrap()];
        assert!(cut_sections(without_six).is_empty());
        assert!(cut_sections(&format!("{without_six}下一步，我局将")).contains(&"s5".to_string()));
        assert!(
            cut_sections(&format!(
                "{without_six}下一步，我局将丰富解读形式（含图解）。”"
            ))
            .is_empty()
        );
    }
}
