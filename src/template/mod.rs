//! Report templates as data: section titles, table ids, labels, aliases and column groups.
//!
//! The definitions live in `templates/*.toml` and are compiled into the binary. The Rust side
//! only describes their shape, validates them and precomputes matching keys; adding a local
//! variant (an extra column, a header wording) is a data change.

pub mod headings;
pub mod names;

use crate::normalise::{label_key, title_key};
use serde::Deserialize;
use std::collections::{BTreeSet, HashMap};
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

const BUNDLED: &[(&str, &str)] = &[
    (
        "templates/gov-2021.toml",
        include_str!("../../templates/gov-2021.toml"),
    ),
    (
        "templates/gov-2019.toml",
        include_str!("../../templates/gov-2019.toml"),
    ),
];

/// A map from matching keys, looked up once per table label of every report.
pub type KeyMap<V> = HashMap<String, V, BuildHasherDefault<KeyHasher>>;

/// Hashes keys eight bytes at a time with FxHash's mixing step: several times cheaper than
/// SipHash on label keys, and flooding is no concern for a map filled from the bundled
/// templates (a report's labels are only looked up).
#[derive(Debug, Default, Clone, Copy)]
pub struct KeyHasher(u64);

impl KeyHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl Hasher for KeyHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut words = bytes.chunks_exact(8);
        for word in &mut words {
            let mut w = [0; 8];
            w.copy_from_slice(word);
            self.add(u64::from_le_bytes(w));
        }
        let rest = words.remainder();
        if !rest.is_empty() {
            let mut w = [0; 8];
            w[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(w));
        }
    }

    fn write_u8(&mut self, byte: u8) {
        self.add(u64::from(byte));
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// A year range `from..=to` (open-ended when `to` is absent).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Years {
    /// First report year the template applies to.
    pub from: i32,
    /// Last report year, if superseded.
    pub to: Option<i32>,
}

impl Years {
    /// Whether `year` falls in the range.
    pub fn contains(&self, year: i32) -> bool {
        year >= self.from && self.to.is_none_or(|to| year <= to)
    }
}

/// One of the six top-level sections.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectionDef {
    /// `s1` … `s6`.
    pub id: String,
    /// The Chinese numeral it is numbered with (`一`).
    pub numeral: String,
    /// Canonical title without numeral.
    pub title: String,
    /// The title in plain English, for `--lang en`.
    pub en: String,
    /// Accepted variant titles.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Shortened titles seen in real reports: recognised, but reported as truncated.
    #[serde(default)]
    pub truncations: Vec<String>,
    /// Matching keys of the title and aliases (computed at load).
    #[serde(skip)]
    pub title_keys: Vec<String>,
    /// Matching keys of the truncations (computed at load).
    #[serde(skip)]
    pub truncation_keys: Vec<String>,
}

/// What kind of value a column holds (checked by rules, used by the parser for signed cells).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ValueKind {
    /// A non-negative integer count.
    Count,
    /// A non-negative decimal amount.
    Amount,
    /// An amount written with its unit inside the cell (`251000元`).
    AmountWithUnit,
    /// A signed integer (`+1036`, `-18`).
    Signed,
}

/// A table column.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ColumnDef {
    /// Stable id (`natural_person`).
    pub id: String,
    /// Header label.
    pub label: String,
    /// The label in plain English, for `--lang en`.
    pub en: String,
    /// Other accepted header labels.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Local header wordings: accepted, reported as info.
    #[serde(default)]
    pub variants: Vec<String>,
    /// Value kind.
    pub value: ValueKind,
    /// Only present when the header shows it (local variants).
    #[serde(default)]
    pub optional: bool,
    /// Column ids this column is the sum of.
    #[serde(default)]
    pub sum_of: Vec<String>,
    /// Matching keys of the label, aliases and variants (computed at load).
    #[serde(skip)]
    pub keys: Vec<String>,
    /// Matching keys of the variants alone (computed at load).
    #[serde(skip)]
    pub variant_keys: Vec<String>,
}

/// A table row.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RowDef {
    /// Stable id (`results.denied.third_party`).
    pub id: String,
    /// Label as printed in the template.
    pub label: String,
    /// The label in plain English, for `--lang en`.
    pub en: String,
    /// A short Chinese name for diagnostics, where neither the first keyword nor the label
    /// says which row it is (`3.其他`).
    #[serde(default)]
    pub short: Option<String>,
    /// Other accepted labels.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Distinctive substrings that identify the row when the label is mangled (P9).
    #[serde(default)]
    pub keywords: Vec<String>,
    /// The id of the row group it belongs to.
    #[serde(default)]
    pub group: Option<String>,
    /// Matching keys of the label and aliases (computed at load).
    #[serde(skip)]
    pub keys: Vec<String>,
    /// Matching keys of the keywords (computed at load).
    #[serde(skip)]
    pub keyword_keys: Vec<String>,
    /// The id path of the row's cell in each column of its table (computed at load).
    #[serde(skip)]
    pub paths: Vec<String>,
}

/// A labelled group of rows or columns (`（三）不予公开`, `行政诉讼`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GroupDef {
    /// Stable id.
    pub id: String,
    /// Label as printed.
    pub label: String,
    /// The label in plain English, for `--lang en`.
    pub en: String,
    /// Label of the enclosing header group, if any.
    #[serde(default)]
    pub parent: Option<String>,
    /// Matching key of the label (computed at load).
    #[serde(skip)]
    pub key: String,
    /// For section-4 groups: the id path of the group's cell in each column (computed at load).
    #[serde(skip)]
    pub paths: Vec<String>,
}

/// A section-2 sub-table (`第二十条第（一）项`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sec2TableDef {
    /// `art20_1` …
    pub id: String,
    /// Title row text.
    pub title: String,
    /// The title in plain English, for `--lang en`.
    pub en: String,
    /// First header cell (`信息内容`).
    pub header_label: String,
    /// Value columns.
    pub columns: Vec<ColumnDef>,
    /// Data rows.
    pub rows: Vec<RowDef>,
    /// Matching key of the title (computed at load).
    #[serde(skip)]
    pub title_key: String,
    /// The id of the table in a report, `sec2.` and the id (computed at load).
    #[serde(skip)]
    pub table_id: String,
    /// Matching key of the header label (computed at load).
    #[serde(skip)]
    pub header_key: String,
}

/// The section-3 application table.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sec3Def {
    /// The corner-cell note.
    pub note: String,
    /// Group header texts that are neither columns nor rows.
    pub header_labels: Vec<String>,
    /// Value columns in order.
    pub columns: Vec<ColumnDef>,
    /// Row groups.
    pub groups: Vec<GroupDef>,
    /// Data rows in order.
    pub rows: Vec<RowDef>,
    /// Matching key of the note (computed at load).
    #[serde(skip)]
    pub note_key: String,
    /// Matching keys of the header labels (computed at load).
    #[serde(skip)]
    pub header_keys: Vec<String>,
    /// The rows each label or alias key names, in row order (computed at load): a table label
    /// is looked up once instead of being compared with every row's keys.
    #[serde(skip)]
    pub rows_by_key: KeyMap<Vec<usize>>,
    /// The columns each header key names, in column order (computed at load).
    #[serde(skip)]
    pub columns_by_key: KeyMap<Vec<usize>>,
}

/// The section-4 review/litigation table: one data row of group × column cells.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sec4Def {
    /// Top header texts.
    pub header_labels: Vec<String>,
    /// Column groups in order.
    pub groups: Vec<GroupDef>,
    /// Columns repeated in every group.
    pub columns: Vec<ColumnDef>,
    /// Matching keys of every header text the table should print (computed at load).
    #[serde(skip)]
    pub header_keys: Vec<String>,
}

/// A whole template.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Template {
    /// `gov-2021`, `gov-2019`.
    pub id: String,
    /// Human name.
    pub name: String,
    /// The name in plain English, for `--lang en`.
    pub en: String,
    /// The notice that defines it.
    pub source: String,
    /// Report years it governs.
    pub years: Years,
    /// The six sections.
    pub sections: Vec<SectionDef>,
    /// Section-2 sub-tables.
    pub sec2: Vec<Sec2TableDef>,
    /// Section-3 table.
    pub sec3: Sec3Def,
    /// Section-4 table.
    pub sec4: Sec4Def,
    /// Labels only this template prints among the bundled ones (computed when bundled).
    #[serde(skip)]
    pub distinctive: BTreeSet<String>,
    /// The first characters of the section title and truncation keys (computed at load). Any
    /// key a heading matches is one of these keys or a prefix of a title key, so it starts
    /// with one of them.
    #[serde(skip)]
    pub heading_initials: Vec<char>,
}

impl Template {
    /// How many table cells the template defines at most (section 3's optional columns
    /// included): room enough for every cell a report read with it has.
    pub fn cell_count(&self) -> usize {
        let sec2: usize = self
            .sec2
            .iter()
            .map(|t| t.rows.len() * t.columns.len())
            .sum();
        sec2 + self.sec3.rows.len() * self.sec3.columns.len()
            + self.sec4.groups.len() * self.sec4.columns.len()
    }

    /// Parses and validates a template file.
    pub fn from_toml(name: &str, text: &str) -> Result<Template, String> {
        let mut t: Template = toml::from_str(text).map_err(|e| format!("{name}: {e}"))?;
        t.validate().map_err(|e| format!("{name}: {e}"))?;
        t.prepare();
        Ok(t)
    }

    /// Computes every matching key once, so parsing compares strings instead of normalising.
    fn prepare(&mut self) {
        fn keys<'a>(labels: impl IntoIterator<Item = &'a String>) -> Vec<String> {
            labels.into_iter().map(|l| label_key(l)).collect()
        }
        fn column(c: &mut ColumnDef) {
            c.keys = keys(
                std::iter::once(&c.label)
                    .chain(&c.aliases)
                    .chain(&c.variants),
            );
            c.variant_keys = keys(&c.variants);
        }
        fn row(r: &mut RowDef) {
            r.keys = keys(std::iter::once(&r.label).chain(&r.aliases));
            r.keyword_keys = keys(&r.keywords);
        }
        for s in &mut self.sections {
            s.title_keys = std::iter::once(&s.title)
                .chain(&s.aliases)
                .map(|t| title_key(t))
                .collect();
            s.truncation_keys = s.truncations.iter().map(|t| title_key(t)).collect();
        }
        self.heading_initials = self
            .sections
            .iter()
            .flat_map(|d| d.title_keys.iter().chain(&d.truncation_keys))
            .filter_map(|k| k.chars().next())
            .collect();
        for t in &mut self.sec2 {
            t.title_key = label_key(&t.title);
            t.table_id = format!("sec2.{}", t.id);
            t.header_key = label_key(&t.header_label);
            t.columns.iter_mut().for_each(column);
            t.rows.iter_mut().for_each(row);
            for r in &mut t.rows {
                r.paths = t
                    .columns
                    .iter()
                    .map(|c| format!("sec2.{}.{}.{}", t.id, r.id, c.id))
                    .collect();
            }
        }
        let sec3 = &mut self.sec3;
        sec3.note_key = label_key(&sec3.note);
        sec3.header_keys = keys(&sec3.header_labels);
        sec3.columns.iter_mut().for_each(column);
        sec3.rows.iter_mut().for_each(row);
        sec3.rows_by_key = index_by_key(sec3.rows.iter().map(|r| &r.keys));
        sec3.columns_by_key = index_by_key(sec3.columns.iter().map(|c| &c.keys));
        for r in &mut sec3.rows {
            r.paths = sec3
                .columns
                .iter()
                .map(|c| format!("sec3.{}.{}", r.id, c.id))
                .collect();
        }
        sec3.groups
            .iter_mut()
            .for_each(|g| g.key = label_key(&g.label));
        let sec4 = &mut self.sec4;
        sec4.columns.iter_mut().for_each(column);
        for g in &mut sec4.groups {
            g.key = label_key(&g.label);
            g.paths = sec4
                .columns
                .iter()
                .map(|c| format!("sec4.{}.{}", g.id, c.id))
                .collect();
        }
        sec4.header_keys = keys(
            sec4.header_labels
                .iter()
                .chain(sec4.groups.iter().map(|g| &g.label))
                .chain(sec4.columns.iter().map(|c| &c.label)),
        );
    }

    /// Every label the template prints in its tables.
    fn all_labels(&self) -> BTreeSet<String> {
        let mut out = self.signature_labels();
        out.extend(self.sec3.groups.iter().map(|g| g.key.clone()));
        out.extend(
            self.sec3
                .columns
                .iter()
                .flat_map(|c| c.keys.iter().cloned()),
        );
        out.extend(self.sec4.header_keys.iter().cloned());
        out
    }

    fn validate(&self) -> Result<(), String> {
        fn unique<'a>(what: &str, ids: impl Iterator<Item = &'a str>) -> Result<(), String> {
            let mut seen = BTreeSet::new();
            for id in ids {
                if !seen.insert(id) {
                    return Err(format!("duplicate {what} id `{id}`"));
                }
            }
            Ok(())
        }
        unique("section", self.sections.iter().map(|s| s.id.as_str()))?;
        unique("sec2 table", self.sec2.iter().map(|t| t.id.as_str()))?;
        for t in &self.sec2 {
            unique("sec2 column", t.columns.iter().map(|c| c.id.as_str()))?;
            unique("sec2 row", t.rows.iter().map(|r| r.id.as_str()))?;
        }
        unique(
            "sec3 column",
            self.sec3.columns.iter().map(|c| c.id.as_str()),
        )?;
        unique("sec3 row", self.sec3.rows.iter().map(|r| r.id.as_str()))?;
        unique(
            "sec4 column",
            self.sec4.columns.iter().map(|c| c.id.as_str()),
        )?;
        let groups: BTreeSet<&str> = self.sec3.groups.iter().map(|g| g.id.as_str()).collect();
        for row in &self.sec3.rows {
            if let Some(g) = &row.group
                && !groups.contains(g.as_str())
            {
                return Err(format!("sec3 row `{}` names unknown group `{g}`", row.id));
            }
        }
        for col in &self.sec4.columns {
            for part in &col.sum_of {
                if !self.sec4.columns.iter().any(|c| &c.id == part) {
                    return Err(format!(
                        "sec4 column `{}` sums unknown column `{part}`",
                        col.id
                    ));
                }
            }
        }
        Ok(())
    }

    /// Labels that only this template's tables print; their presence is evidence for it.
    pub fn signature_labels(&self) -> BTreeSet<String> {
        let mut out = BTreeSet::new();
        for t in &self.sec2 {
            out.insert(t.title_key.clone());
            out.extend(t.columns.iter().map(|c| c.keys[0].clone()));
            out.extend(t.rows.iter().map(|r| r.keys[0].clone()));
        }
        out.extend(self.sec3.rows.iter().map(|r| r.keys[0].clone()));
        out
    }
}

/// For each key, the positions of the items listing it, in order and each once.
fn index_by_key<'a>(items: impl Iterator<Item = &'a Vec<String>>) -> KeyMap<Vec<usize>> {
    let mut index = KeyMap::<Vec<usize>>::default();
    for (i, keys) in items.enumerate() {
        for k in keys {
            let positions = index.entry(k.clone()).or_default();
            // An item listing the same key twice is still one item.
            if positions.last() != Some(&i) {
                positions.push(i);
            }
        }
    }
    index
}

/// The templates compiled into the binary, newest first.
pub fn bundled() -> &'static [Template] {
    static TEMPLATES: OnceLock<Vec<Template>> = OnceLock::new();
    TEMPLATES.get_or_init(|| {
        let mut all: Vec<Template> = BUNDLED
            .iter()
            .map(|(name, text)| match Template::from_toml(name, text) {
                Ok(t) => t,
                // The bundled files are checked by a unit test; reaching this is a build bug.
                Err(e) => panic!("bundled template is invalid: {e}"),
            })
            .collect();
        all.sort_by_key(|t| std::cmp::Reverse(t.years.from));
        let labels: Vec<BTreeSet<String>> = all.iter().map(Template::all_labels).collect();
        for (i, t) in all.iter_mut().enumerate() {
            let others: BTreeSet<&String> = labels
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != i)
                .flat_map(|(_, l)| l)
                .collect();
            t.distinctive = t
                .signature_labels()
                .into_iter()
                .filter(|l| !others.contains(l))
                .collect();
        }
        all
    })
}

/// Every distinctive label of the bundled templates with the template (an index into
/// [`bundled`]) that prints it: a report's table labels are looked up here instead of in each
/// template's set. A label is distinctive for one template at most, since it is printed by no
/// other.
pub fn distinctive_labels() -> &'static KeyMap<usize> {
    static INDEX: OnceLock<KeyMap<usize>> = OnceLock::new();
    INDEX.get_or_init(|| {
        let mut index = KeyMap::default();
        for (i, t) in bundled().iter().enumerate() {
            for label in &t.distinctive {
                index.insert(label.clone(), i);
            }
        }
        index
    })
}

/// A bundled template by id.
pub fn by_id(id: &str) -> Option<&'static Template> {
    bundled().iter().find(|t| t.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_templates_load_and_have_the_expected_shape() {
        let t21 = by_id("gov-2021").unwrap();
        assert_eq!(t21.sections.len(), 6);
        assert_eq!(t21.sec3.rows.len(), 25);
        assert_eq!(t21.sec3.columns.iter().filter(|c| !c.optional).count(), 7);
        assert_eq!(t21.sec4.groups.len() * t21.sec4.columns.len(), 15);
        assert_eq!(t21.sec2.len(), 4);
        let t19 = by_id("gov-2019").unwrap();
        assert_eq!(t19.sec3.rows.len(), 23);
        assert_eq!(t19.sec2.len(), 5);
        assert_eq!(bundled()[0].id, "gov-2021");
    }

    #[test]
    fn invalid_template_data_is_rejected_with_a_reason() {
        let text = include_str!("../../templates/gov-2021.toml")
            .replace("id = \"carried_in\"", "id = \"new\"");
        let err = Template::from_toml("x.toml", &text).unwrap_err();
        assert!(err.contains("duplicate sec3 row id `new`"), "{err}");
        let err = Template::from_toml("x.toml", "id = 1").unwrap_err();
        assert!(err.starts_with("x.toml:"), "{err}");
    }

    #[test]
    fn distinctive_labels_tell_the_templates_apart() {
        let a = &by_id("gov-2021").unwrap().distinctive;
        let b = &by_id("gov-2019").unwrap().distinctive;
        assert!(a.contains("本年制发件数") && !b.contains("本年制发件数"));
        assert!(b.contains("其他对外管理服务事项") && !a.contains("其他对外管理服务事项"));
        // `（六）其他处理` is a 2019 row but a 2021 group label: evidence for neither.
        assert!(!b.contains(&label_key("（六）其他处理")));
    }

    #[test]
    fn key_indexes_list_every_row_and_column_naming_a_key() {
        for t in bundled() {
            let sec3 = &t.sec3;
            for (index, keys) in [
                (
                    &sec3.rows_by_key,
                    sec3.rows.iter().map(|r| &r.keys).collect::<Vec<_>>(),
                ),
                (
                    &sec3.columns_by_key,
                    sec3.columns.iter().map(|c| &c.keys).collect(),
                ),
            ] {
                let all: BTreeSet<&String> = keys.iter().copied().flatten().collect();
                assert_eq!(index.len(), all.len());
                for key in all {
                    let expected: Vec<usize> =
                        (0..keys.len()).filter(|&i| keys[i].contains(key)).collect();
                    assert_eq!(index[key.as_str()], expected, "{key}");
                }
            }
        }
    }

    #[test]
    fn the_distinctive_label_index_holds_each_templates_labels() {
        let index = distinctive_labels();
        let total: usize = bundled().iter().map(|t| t.distinctive.len()).sum();
        assert_eq!(
            index.len(),
            total,
            "no label is distinctive for two templates"
        );
        for (i, t) in bundled().iter().enumerate() {
            for label in &t.distinctive {
                assert_eq!(index.get(label.as_str()), Some(&i), "{label}");
            }
        }
    }
}
