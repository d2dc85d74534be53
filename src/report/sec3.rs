//! The section-3 application table: header columns, row recognition by label (P9), split and
//! missing labels (P7), missing columns and extra cells (P8), one slot per template cell.

use super::rows::{
    SourceRow, ambiguous_slots, candidates, cell_diagnostic, count_mismatch, fit, label_indices,
    to_cell,
};
use super::{MAX_CANDIDATES, RowInfo, Slot, TableInfo};
use crate::diagnostic::{Diagnostic, Label, Severity, Text};
use crate::layout;
use crate::source::Span;
use crate::template::{RowDef, Sec3Def, Template, names};

/// What reading section 3 produced.
pub struct Sec3Read {
    /// The recognised table.
    pub table: TableInfo,
    /// Structural diagnostics.
    pub diagnostics: Vec<Diagnostic>,
}

struct DataRow<'a> {
    src: SourceRow<'a>,
    /// Template row index, if the label identified one.
    template_row: Option<usize>,
    /// Set when the row was placed by position rather than by its label.
    by_position: bool,
    /// The cells after the label (all of them without one).
    values: &'a [layout::Cell],
    /// A label fragment that starts a group label split across rows (`(三) 不予`).
    fragment: Option<(&'a layout::Cell, usize)>,
    /// The cell that completes the previous row's fragment (`公开`).
    completion: Option<&'a layout::Cell>,
}

fn header_like(row: &layout::Row, def: &Sec3Def) -> bool {
    if row.cells.iter().any(layout::Cell::is_value_like) {
        return false;
    }
    let (note, heads) = (&def.note_key, &def.header_keys);
    row.cells.iter().any(|c| {
        let k = c.key();
        !k.is_empty()
            && (k.chars().nth(5).is_some() && note.contains(k)
                || heads.iter().any(|h| h == k)
                || def.columns_by_key.contains_key(k))
    })
}

/// Finds the template row a label names: exact label or alias first, then a distinctive keyword.
/// Among several rows it names, the first one not yet taken wins, else the first.
fn match_label(key: &str, def: &Sec3Def, taken: &[bool]) -> Option<usize> {
    def.rows_by_key
        .get(key)
        .and_then(|rows| first_free(rows.iter().copied(), taken))
        .or_else(|| {
            let named = def.rows.iter().enumerate().filter_map(|(i, r)| {
                r.keyword_keys
                    .iter()
                    .any(|k| key.contains(k.as_str()))
                    .then_some(i)
            });
            first_free(named, taken)
        })
}

/// Fewest characters a label must have to be matched by its characters alone: labels that
/// wrap are long, and a short one (`3.其他`) is one of several rows.
const MIN_ANAGRAM_CHARS: usize = 8;

/// The template row one of whose labels has exactly the characters of `key`, in any order:
/// a label whose wrapped pieces were put together out of order. The first not yet taken.
fn anagram_label(key: &str, def: &Sec3Def, taken: &[bool]) -> Option<usize> {
    key.chars().nth(MIN_ANAGRAM_CHARS - 1)?;
    let sorted = |s: &str| {
        let mut chars: Vec<char> = s.chars().collect();
        chars.sort_unstable();
        chars
    };
    let want = sorted(key);
    let rows = def.rows.iter().enumerate().filter_map(|(i, r)| {
        r.keys
            .iter()
            .any(|k| k.len() == key.len() && sorted(k) == want)
            .then_some(i)
    });
    first_free(rows, taken)
}

/// The first of `rows` not yet taken, else the first.
fn first_free(rows: impl Iterator<Item = usize>, taken: &[bool]) -> Option<usize> {
    let mut first = None;
    for i in rows {
        if !taken[i] {
            return Some(i);
        }
        first.get_or_insert(i);
    }
    first
}

fn group_prefix_of(key: &str, def: &Sec3Def) -> Option<usize> {
    // A one-character key is too short to be a fragment.
    key.chars().nth(1)?;
    def.groups.iter().position(|g| {
        let gk = &g.key;
        gk != key && gk.starts_with(key)
    })
}

fn is_group_label(key: &str, def: &Sec3Def) -> bool {
    def.groups.iter().any(|g| g.key == key)
}

/// Section-3 rows recognised with one template, before any cell is built. Cheap enough to do
/// for every template when deciding which one the table follows.
pub struct Recognised<'a> {
    template: &'static Template,
    rows: &'a [SourceRow<'a>],
    header: &'a [SourceRow<'a>],
    full: Vec<usize>,
    header_cols: Vec<usize>,
    data: Vec<DataRow<'a>>,
    diagnostics: Vec<Diagnostic>,
}

impl Recognised<'_> {
    /// How badly the template fits: cells of table rows the template lacks. Template rows the
    /// table lacks are no evidence: a table cut short (an excerpt, a page break) lacks the
    /// later rows whatever its template, and the templates differ in those rows.
    pub fn misfit(&self) -> usize {
        let def = &self.template.sec3;
        let unrecognised = self
            .data
            .iter()
            .filter(|r| r.template_row.is_none())
            .count();
        unrecognised * def.columns.len()
    }
}

/// Reads the section-3 rows with `template`, appending `(path, slot)` for every template cell
/// to `cells`.
pub fn read(
    rows: &[SourceRow<'_>],
    template: &'static Template,
    cells: &mut Vec<(&'static str, Slot)>,
) -> Sec3Read {
    recognise(rows, template).build(cells)
}

/// Recognises header, columns and rows of section 3 with `template`.
pub fn recognise<'a>(rows: &'a [SourceRow<'a>], template: &'static Template) -> Recognised<'a> {
    let def = &template.sec3;
    let mut diagnostics = Vec::new();
    let mut taken = vec![false; def.rows.len()];

    let first_data = rows.iter().position(|r| {
        !header_like(r.row, def)
            && (r.row.cells.iter().any(layout::Cell::is_value_like)
                || label_indices(r.row)
                    .any(|i| match_label(r.row.cells[i].key(), def, &taken).is_some()))
    });
    let (header, body) = rows.split_at(first_data.unwrap_or(rows.len()));

    // Columns: the header decides which optional columns exist and which columns it lacks.
    let mut in_header = vec![false; def.columns.len()];
    for cell in header.iter().flat_map(|r| &r.row.cells) {
        for &c in def.columns_by_key.get(cell.key()).into_iter().flatten() {
            in_header[c] = true;
        }
    }
    let header_found = in_header.iter().any(|b| *b);
    let full: Vec<usize> = (0..def.columns.len())
        .filter(|&i| !def.columns[i].optional || in_header[i])
        .collect();
    let header_cols: Vec<usize> = if header_found {
        full.iter().copied().filter(|&i| in_header[i]).collect()
    } else {
        full.clone()
    };
    let header_expected = body.iter().any(|r| r.layout.holds_header());
    if !header_found && header_expected {
        diagnostics.push(
            Diagnostic::new(
                "parse/header-missing",
                Severity::Warning,
                Text::new(
                    "第三部分表格没有可识别的表头",
                    "section 3 table has no recognisable header",
                ),
            )
            .with_label(Label::primary(
                body[0].row.span,
                Text::new("表格从此处开始", "the table starts here"),
            )),
        );
    }

    // Rows: by label, then the unlabelled ones by position.
    let mut data: Vec<DataRow<'_>> = Vec::with_capacity(body.len());
    for src in body {
        let labels = label_indices(src.row);
        let mut template_row = None;
        let mut label_at = labels.clone().next_back();
        for i in labels.clone().rev() {
            let key = src.row.cells[i].key();
            if let Some(t) = match_label(key, def, &taken) {
                template_row = Some(t);
                label_at = Some(i);
                break;
            }
        }
        if template_row.is_none() {
            // The pieces of a label wrapped in a narrow PDF cell can come back out of order
            // (`7.卷 属于行政执法案`): the label cells that end the label, joined, holding
            // exactly the characters of one template label name that row.
            let at: Vec<usize> = labels.clone().collect();
            let found = (0..at.len()).rev().find_map(|from| {
                let joined: String = at[from..].iter().map(|&i| src.row.cells[i].key()).collect();
                anagram_label(&joined, def, &taken)
            });
            if let Some(t) = found {
                template_row = Some(t);
                label_at = at.last().copied();
            }
        }
        let values = match label_at {
            Some(i) => &src.row.cells[i + 1..],
            None => &src.row.cells[..],
        };
        let fragment = labels.clone().find_map(|i| {
            let key = src.row.cells[i].key();
            (!is_group_label(key, def))
                .then(|| group_prefix_of(key, def))
                .flatten()
                .map(|g| (&src.row.cells[i], g))
        });
        let completion = data
            .last()
            .and_then(|prev| prev.fragment)
            .and_then(|(cell, g)| {
                // The fragment's key followed by this cell's key spells the group label.
                let rest = def.groups[g].key.strip_prefix(cell.key());
                labels
                    .map(|i| &src.row.cells[i])
                    .find(|c| rest == Some(c.key()))
            });
        if template_row.is_none() && !values.iter().any(|c| c.is_value_like()) {
            continue;
        }
        if let Some(t) = template_row {
            taken[t] = true;
        }
        data.push(DataRow {
            src: *src,
            template_row,
            by_position: false,
            values,
            fragment,
            completion,
        });
    }
    assign_by_position(&mut data, &mut taken);

    Recognised {
        template,
        rows,
        header,
        full,
        header_cols,
        data,
        diagnostics,
    }
}

impl Recognised<'_> {
    /// Builds every cell slot, appending `(path, slot)` for each to `cells`, and the structural
    /// diagnostics.
    pub fn build(self, cells: &mut Vec<(&'static str, Slot)>) -> Sec3Read {
        let Recognised {
            template,
            rows,
            header,
            full,
            header_cols,
            data,
            mut diagnostics,
        } = self;
        let def = &template.sec3;
        let mut table_rows = Vec::new();
        let mut short_rows: Vec<&DataRow<'_>> = Vec::new();
        let mut readings: Vec<Option<Reading<'_, '_>>> = std::iter::repeat_with(|| None)
            .take(def.rows.len())
            .collect();
        // Per template row: its first source row, and its repeats.
        let mut first_of: Vec<Option<&DataRow<'_>>> = vec![None; def.rows.len()];
        let mut repeats: Vec<Option<Repeat<'_, '_>>> = vec![None; def.rows.len()];
        for (k, row) in data.iter().enumerate() {
            let Some(t) = row.template_row else {
                diagnostics.push(
                    Diagnostic::new(
                        "parse/row-unrecognised",
                        Severity::Warning,
                        Text::new(
                            "第三部分表格中有无法识别的行，其数值未读取",
                            "unrecognised row in the section 3 table; its values were not read",
                        ),
                    )
                    .with_label(Label::primary(
                        row.src.row.span,
                        Text::new("行标签与模板不符", "label does not match the template"),
                    )),
                );
                continue;
            };
            let layout = row.src.layout;
            // A header without the last column (总计 deleted): a row as wide as the template
            // whose first cell is empty has the second slot of a merged label there
            // (`| 一、本年新收… | | 12 | 0 |…`, as the same row with TABs shows it), not an
            // empty 自然人 cell that would shift every value one column on, the last into the
            // column the table does not have.
            let header_short = header_cols.len() < full.len();
            let no_last_column = full.last().is_some_and(|c| !header_cols.contains(c));
            let values = match row.values.split_first() {
                Some((first, rest))
                    if no_last_column
                        && row.values.len() == full.len()
                        && first.text.is_empty() =>
                {
                    rest
                }
                _ => row.values,
            };
            let placed = match fit(values, layout, full.len()) {
                Some(values) => Some((values, false)),
                None => fit(values, layout, header_cols.len())
                    .filter(|_| header_short)
                    .map(|values| (values, true)),
            };
            let reading = match placed {
                Some((values, false)) => Reading::Placed {
                    cols: &full,
                    values,
                },
                Some((values, true)) => {
                    short_rows.push(row);
                    Reading::Placed {
                        cols: &header_cols,
                        values,
                    }
                }
                None => {
                    let offered = candidates(values, layout);
                    let name = names::sec3_row(&def.rows[t]);
                    diagnostics.push(count_mismatch(
                        layout,
                        offered.len(),
                        full.len(),
                        (&name.zh, &name.en),
                        row.src.row.span,
                        || cell_count_diagnostic(row, &def.rows[t], offered.len(), full.len()),
                    ));
                    let amb = ambiguous_slots(offered, full.len());
                    Reading::Slots(spread_slots(&full, amb, def.columns.len()))
                }
            };
            readings[t] = Some(match readings[t].take() {
                Some(existing) => {
                    // One diagnostic per repeated row (built after the loop), however often it
                    // repeats: a row pasted 100,000 times is one defect, and the work stays
                    // linear.
                    repeats[t]
                        .get_or_insert(Repeat {
                            again: row,
                            times: 1,
                        })
                        .times += 1;
                    let width = def.columns.len();
                    Reading::Slots(merge_ambiguous(
                        &existing.into_slots(width),
                        &reading.into_slots(width),
                    ))
                }
                None => {
                    first_of[t] = Some(row);
                    reading
                }
            });
            table_rows.push(RowInfo {
                id: def.rows[t].id.clone(),
                span: row.src.row.span,
            });
            diagnostics.extend(label_diagnostic(row, data.get(k + 1), &def.rows[t]));
        }
        for (t, repeat) in repeats.iter().enumerate() {
            if let Some(repeat) = repeat {
                diagnostics.push(duplicate_diagnostic(repeat, &def.rows[t], first_of[t]));
            }
        }
        if !short_rows.is_empty() {
            diagnostics.push(missing_column_diagnostic(
                def,
                &full,
                &header_cols,
                header,
                &short_rows,
            ));
        }
        let missing_rows: Vec<usize> = (0..def.rows.len())
            .filter(|&t| readings[t].is_none())
            .collect();
        if !missing_rows.is_empty() && !data.is_empty() {
            diagnostics.push(missing_rows_diagnostic(def, &missing_rows, &data));
        }
        for (t, row_def) in def.rows.iter().enumerate() {
            let start = cells.len();
            cells.extend(
                full.iter()
                    .map(|&c| (row_def.paths[c].as_str(), Slot::Absent)),
            );
            let Some(mut reading) = readings[t].take() else {
                continue;
            };
            for ((path, slot), &c) in cells[start..].iter_mut().zip(&full) {
                *slot = reading.take(c);
                if let Slot::Present(cell) = slot {
                    let name = || names::cell_or_path(template, path);
                    diagnostics.extend(cell_diagnostic(path, name, cell));
                }
            }
        }
        let span = rows
            .iter()
            .map(|r| r.row.span)
            .reduce(Span::cover)
            .unwrap_or_default();
        Sec3Read {
            table: TableInfo {
                id: "sec3".into(),
                template: template.id.clone(),
                span,
                rows: table_rows,
            },
            diagnostics,
        }
    }
}

/// Places rows that carry values but no usable label where exactly one template row is
/// unaccounted for between their recognised neighbours.
fn assign_by_position(data: &mut [DataRow<'_>], taken: &mut [bool]) {
    for k in 0..data.len() {
        if data[k].template_row.is_some() {
            continue;
        }
        let prev = data[..k]
            .iter()
            .rev()
            .find_map(|r| r.template_row)
            .map_or(0, |p| p + 1);
        let next = data[k + 1..]
            .iter()
            .find_map(|r| r.template_row)
            .unwrap_or(taken.len());
        let gap: Vec<usize> = (prev..next).filter(|&t| !taken[t]).collect();
        if let [only] = gap[..] {
            data[k].template_row = Some(only);
            data[k].by_position = true;
            taken[only] = true;
        }
    }
}

/// Where a recognised row's values go, kept as borrowed cells until each slot is built: most
/// rows fit, and their cells are then converted once, straight into the report's list.
enum Reading<'c, 'a> {
    /// `values[i]` is the cell of template column `cols[i]`; other columns are absent.
    Placed {
        cols: &'c [usize],
        values: &'a [layout::Cell],
    },
    /// One slot per template column (rows read ambiguously or more than once).
    Slots(Vec<Slot>),
}

impl Reading<'_, '_> {
    /// The slot of template column `c`, leaving [`Slot::Absent`] behind.
    fn take(&mut self, c: usize) -> Slot {
        match self {
            Reading::Placed { cols, values } => {
                match cols
                    .iter()
                    .position(|&x| x == c)
                    .and_then(|i| values.get(i))
                {
                    Some(v) => Slot::Present(to_cell(v)),
                    None => Slot::Absent,
                }
            }
            Reading::Slots(slots) => std::mem::replace(&mut slots[c], Slot::Absent),
        }
    }

    /// Every slot, one per template column of `width`.
    fn into_slots(mut self, width: usize) -> Vec<Slot> {
        (0..width).map(|c| self.take(c)).collect()
    }
}

fn spread_slots(cols: &[usize], slots: Vec<Slot>, width: usize) -> Vec<Slot> {
    let mut out = vec![Slot::Absent; width];
    for (&c, s) in cols.iter().zip(slots) {
        out[c] = s;
    }
    out
}

fn merge_ambiguous(a: &[Slot], b: &[Slot]) -> Vec<Slot> {
    a.iter()
        .zip(b)
        .map(|(x, y)| {
            let mut candidates = Vec::new();
            let mut may_be_absent = false;
            for s in [x, y] {
                match s {
                    Slot::Absent => may_be_absent = true,
                    Slot::Present(c) => candidates.push(c),
                    Slot::Ambiguous {
                        candidates: cs,
                        may_be_absent: m,
                    } => {
                        candidates.extend(cs);
                        may_be_absent |= m;
                    }
                }
            }
            Slot::ambiguous(candidates.into_iter().cloned(), may_be_absent)
        })
        .collect()
}

fn cell_count_diagnostic(
    row: &DataRow<'_>,
    template_row: &RowDef,
    found: usize,
    expected: usize,
) -> Diagnostic {
    let label = &template_row.label;
    let named = names::en_with_zh(&template_row.en, label);
    Diagnostic::new(
        "parse/cell-count",
        Severity::Error,
        Text::new(format!("表三“{label}”行有 {found} 个数值，模板为 {expected} 列"), format!("section 3 row {named} has {found} values; the template has {expected} columns")),
    )
    .with_label(Label::primary(row.src.row.span, Text::new(format!("{found} 个数值"), format!("{found} values"))))
    .with_note(Text::new("无法确定各数值对应哪一列，本行单元格均按“有歧义”处理，不参与计算", "which value belongs to which column cannot be told; the row's cells are marked ambiguous and not used in arithmetic"))
}

/// A template row met again: the source row of its first repeat, and how many times the row
/// appears in all.
#[derive(Clone, Copy)]
struct Repeat<'r, 'a> {
    again: &'r DataRow<'a>,
    times: usize,
}

fn duplicate_diagnostic(
    repeat: &Repeat<'_, '_>,
    template_row: &RowDef,
    first: Option<&DataRow<'_>>,
) -> Diagnostic {
    let label = &template_row.label;
    let named = names::en_with_zh(&template_row.en, label);
    let message = if repeat.times == 2 {
        Text::new(
            format!("表三“{label}”行出现了两次"),
            format!("section 3 row {named} appears twice"),
        )
    } else {
        Text::new(
            format!("表三“{label}”行出现了 {} 次", repeat.times),
            format!("section 3 row {named} appears {} times", repeat.times),
        )
    };
    let mut d = Diagnostic::new("parse/row-duplicate", Severity::Error, message)
        .with_label(Label::primary(
            repeat.again.src.row.span,
            Text::new("再次出现", "again here"),
        ))
        .with_note(if repeat.times == 2 {
            Text::new(
                "两行的数值均保留为候选，不参与计算",
                "both rows' values are kept as candidates and not used in arithmetic",
            )
        } else {
            Text::new(
                format!("各行的数值均保留为候选（每格至多 {MAX_CANDIDATES} 个），不参与计算"),
                format!("every row's values are kept as candidates (at most {MAX_CANDIDATES} per cell) and not used in arithmetic"),
            )
        });
    if let Some(first) = first {
        d = d.with_label(Label::secondary(
            first.src.row.span,
            Text::new("第一次出现", "first here"),
        ));
    }
    d
}

fn label_diagnostic(
    row: &DataRow<'_>,
    next: Option<&DataRow<'_>>,
    template_row: &RowDef,
) -> Option<Diagnostic> {
    let label = &template_row.label;
    let named = names::en_with_zh(&template_row.en, label);
    let split = row
        .fragment
        .filter(|_| next.is_some_and(|n| n.completion.is_some()));
    let (zh, en) = match (row.by_position, split.is_some()) {
        (true, true) => (
            format!("行标签被拆分到多行，且缺少项目名称；按位置认定为“{label}”"),
            format!(
                "row label split across lines and item label missing; read as {named} by position"
            ),
        ),
        (true, false) => (
            format!("行标签缺失或无法识别；按位置认定为“{label}”"),
            format!("row label missing or unrecognised; read as {named} by position"),
        ),
        (false, true) => (
            "行标签被拆分到多行".to_string(),
            "row label split across lines".to_string(),
        ),
        (false, false) => return None,
    };
    let anchor = split.map_or(row.src.row.span, |(c, _)| c.span);
    let mut d = Diagnostic::new("parse/row-label", Severity::Warning, Text::new(zh, en))
        .with_label(Label::primary(
            anchor,
            Text::new(
                if row.by_position {
                    format!("此行数值按位置归入“{label}”")
                } else {
                    "标签的前半部分".to_string()
                },
                if row.by_position {
                    format!("values read as {named}")
                } else {
                    "first part of the label".to_string()
                },
            ),
        ));
    if let (Some(_), Some(c)) = (split, next.and_then(|n| n.completion)) {
        d = d.with_label(Label::secondary(
            c.span,
            Text::new("标签的后半部分", "rest of the label"),
        ));
    }
    Some(d)
}

fn missing_column_diagnostic(
    def: &Sec3Def,
    full: &[usize],
    header_cols: &[usize],
    header: &[SourceRow<'_>],
    short: &[&DataRow<'_>],
) -> Diagnostic {
    let missing: Vec<&str> = full
        .iter()
        .filter(|c| !header_cols.contains(c))
        .map(|&c| def.columns[c].label.as_str())
        .collect();
    let names_zh = missing.join("、");
    // English: each column by its English label with the printed Chinese after it.
    let names_en = full
        .iter()
        .filter(|c| !header_cols.contains(c))
        .map(|&c| names::en_with_zh(&def.columns[c].en, &def.columns[c].label))
        .collect::<Vec<_>>()
        .join(", ");
    let mut d = Diagnostic::new(
        "parse/column-missing",
        Severity::Error,
        Text::new(
            format!(
                "第三部分表格缺少“{names_zh}”列：{} 行没有该单元格",
                short.len()
            ),
            format!(
                "section 3 table lacks the {names_en} column: {} row(s) have no such cell",
                short.len()
            ),
        ),
    );
    if let Some(last_header) = header.last() {
        d = d.with_label(Label::primary(
            last_header.row.span,
            Text::new(
                format!("表头没有“{names_zh}”"),
                format!("header has no {names_en}"),
            ),
        ));
    }
    for row in short {
        let n = header_cols.len();
        // The row is shown beside the label, so its English name alone says which it is.
        let text = match row.template_row.map(|t| &def.rows[t]) {
            Some(t) => Text::new(
                format!("只有 {n} 个数值（{}）", t.label),
                format!("only {n} values (row \"{}\")", t.en),
            ),
            None => Text::new(format!("只有 {n} 个数值"), format!("only {n} values")),
        };
        let label = if d.labels.is_empty() {
            Label::primary(row.src.row.span, text)
        } else {
            Label::secondary(row.src.row.span, text)
        };
        d = d.with_label(label);
    }
    d.with_note(Text::new(
        format!("这些行的“{names_zh}”单元格按缺失处理，相关校验无法评估"),
        format!(
            "the {names_en} cells of these rows are absent; checks that need them are not assessable"
        ),
    ))
}

fn missing_rows_diagnostic(def: &Sec3Def, missing: &[usize], data: &[DataRow<'_>]) -> Diagnostic {
    let names: Vec<&str> = missing
        .iter()
        .map(|&t| def.rows[t].label.as_str())
        .collect();
    let last = data
        .iter()
        .rev()
        .find(|r| r.template_row.is_some())
        .map_or(data[data.len() - 1].src.row.span, |r| r.src.row.span);
    let mut d = Diagnostic::new(
        "parse/row-missing",
        Severity::Error,
        Text::new(
            format!("第三部分表格缺少 {} 行", names.len()),
            format!("section 3 table lacks {} row(s)", names.len()),
        ),
    );
    // Point at the recognised row just before each gap.
    let mut labelled = Vec::new();
    for &t in missing {
        let before = data
            .iter()
            .rfind(|r| r.template_row.is_some_and(|x| x < t))
            .map_or(last, |r| r.src.row.span);
        if !labelled.contains(&before) {
            labelled.push(before);
            let text = Text::new("缺少的行应在此之后", "missing row(s) expected after this");
            let label = if d.labels.is_empty() {
                Label::primary(before, text)
            } else {
                Label::secondary(before, text)
            };
            d = d.with_label(label);
        }
    }
    // English: each row by its English name with the printed Chinese after it.
    let names_en: Vec<String> = missing
        .iter()
        .map(|&t| names::en_with_zh(&def.rows[t].en, &def.rows[t].label))
        .collect();
    d.with_note(Text::new(
        format!("缺少：{}", names.join("；")),
        format!("missing: {}", names_en.join("; ")),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::template::bundled;

    #[test]
    fn a_label_put_together_out_of_order_names_its_row_by_its_characters() {
        let def = &bundled()[0].sec3;
        let taken = vec![false; def.rows.len()];
        let row = |key: &str| anagram_label(key, def, &taken).map(|t| def.rows[t].id.as_str());
        // `7.属于行政执法案` / `卷` wrapped in a narrow PDF cell, the last piece put first.
        assert_eq!(
            row("7.卷属于行政执法案"),
            Some("results.denied.enforcement_file")
        );
        assert_eq!(
            row("8.项属于行政查询事"),
            Some("results.denied.admin_query")
        );
        // Other characters, or too few to tell, name no row.
        assert_eq!(row("7.卷属于行政执法"), None);
        assert_eq!(row("他其.3"), None);
    }

    /// The lookup as the template defines it: every row's keys compared in row order.
    fn match_label_by_scan(key: &str, def: &Sec3Def, taken: &[bool]) -> Option<usize> {
        let first_hit = |names: &dyn Fn(&crate::template::RowDef) -> bool| {
            let hits: Vec<usize> = (0..def.rows.len())
                .filter(|&i| names(&def.rows[i]))
                .collect();
            hits.iter()
                .copied()
                .find(|&i| !taken[i])
                .or(hits.first().copied())
        };
        first_hit(&|r| r.keys.iter().any(|l| l == key))
            .or_else(|| first_hit(&|r| r.keyword_keys.iter().any(|k| key.contains(k.as_str()))))
    }

    #[test]
    fn hashed_label_lookup_agrees_with_scanning_the_rows() {
        for t in bundled() {
            let def = &t.sec3;
            let mut keys: Vec<String> = def.rows.iter().flat_map(|r| r.keys.clone()).collect();
            keys.extend(def.groups.iter().map(|g| g.key.clone()));
            keys.extend(
                def.rows
                    .iter()
                    .flat_map(|r| &r.keyword_keys)
                    .map(|k| format!("（一）{k}等")),
            );
            keys.extend(["".to_string(), "总计".to_string(), "无关的标签".to_string()]);
            let n = def.rows.len();
            let takens: Vec<Vec<bool>> = std::iter::once(vec![false; n])
                .chain((0..n).map(|i| (0..n).map(|j| j == i).collect()))
                .chain((0..n).map(|i| (0..n).map(|j| j <= i).collect()))
                .collect();
            for key in &keys {
                for taken in &takens {
                    assert_eq!(
                        match_label(key, def, taken),
                        match_label_by_scan(key, def, taken),
                        "{} {key:?}",
                        t.id
                    );
                }
            }
        }
    }
}
