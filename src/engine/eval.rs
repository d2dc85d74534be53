//! Evaluation of compiled expressions against one report: cell lookup through the template the
//! table was read with, elementwise arithmetic and comparison over column vectors and spread
//! lists, Kleene three-valued logic, and the builtins.

use super::claims;
use super::value::{Evidence, Key, KeyKind, Na, Num, Tri, Truth, Val};
use crate::decimal::Decimal;
use crate::normalise::{CellValue, is_space};
use crate::report::{Report, Sentence, Slot};
use crate::rules::ast::{ArithOp, CmpOp};
use crate::rules::builtins::Func;
use crate::rules::compiled::{
    CExpr, CellRef, ColSel, Domain, Pattern, RowSel, SectionSel, TableRef,
};
use crate::source::Span;
use crate::template::{self, ColumnDef, Template, names};
use std::borrow::Cow;
use std::cell::{Cell, OnceCell, RefCell};
use std::collections::{BTreeMap, HashMap};
use std::rc::Rc;
use std::sync::OnceLock;

/// What an evaluation reads.
pub struct Ctx<'a> {
    /// The report.
    pub report: &'a Report,
    /// The same organ's report of the previous year, for `prev.…`.
    pub previous: Option<&'a Report>,
    /// Configuration values (`config.province`).
    pub config: &'a BTreeMap<String, String>,
    /// Rows and columns of each table in this report's templates, computed on first use:
    /// every cell reference needs them, and rebuilding them per reference dominated run time.
    cache: RefCell<Vec<(TableRef, Rc<TableLines>)>>,
    /// The report's cell paths in order, for finding each table's cells by a forward walk.
    cell_paths: OnceCell<Vec<&'static str>>,
    /// The [`LastTables::generation`] at which this report's paths were last found there.
    tables_checked: Cell<Option<u64>>,
    /// Narrative text of the sections read so far (`None`: the report lacks it).
    sections: RefCell<SectionCache<'a>>,
    /// The claims each pattern found in each text, by pattern text: a rule reading several
    /// slots of one pattern (`claims_at(text, P, 1)` … `claims_at(text, P, 6)`) scans the
    /// sentences once, not once per slot.
    claims: RefCell<HashMap<ClaimsKey, Rc<Vec<Num>>, KeyHash>>,
    /// The first sentence each pattern matches in each text (`None`: none does), by pattern
    /// text: `matches` of one pattern is asked again when an assertion is re-evaluated with
    /// tracing, and by several rules.
    matched: RefCell<HashMap<MatchKey, Option<usize>, KeyHash>>,
    /// Whether values carry their evidence and arithmetic text. Most instances pass, so the
    /// engine evaluates without and re-evaluates an assertion with tracing only when needed.
    pub trace: Cell<bool>,
    /// The only columns that whole-row vectors list (`None`: all), so that an assertion
    /// separable by column is re-evaluated with tracing for the columns that failed alone.
    vector_columns: RefCell<Option<Vec<&'static str>>>,
}

/// What a set of claims depends on: the pattern's text (the address of its shared regex) and
/// slot, the text read, whether it is the previous year's, and whether values are traced.
#[derive(PartialEq, Eq, Hash)]
struct ClaimsKey {
    pattern: usize,
    slot: usize,
    sel: SectionSel,
    prev: bool,
    trace: bool,
}

/// What the first match of a pattern depends on: its text (the address of its shared regex),
/// the text read and whether it is the previous year's.
type MatchKey = (usize, SectionSel, bool);

/// The hasher of the per-report caches, whose keys are a few small integers (an address, a
/// slot, flags): the standard library's DoS-resistant hasher cost more than the lookups it
/// served, and these keys come from the rules, not from the reports.
type KeyHash = std::hash::BuildHasherDefault<SmallKeyHasher>;

/// A multiply-rotate hash of word-sized pieces (as rustc's `FxHasher`).
#[derive(Default)]
struct SmallKeyHasher(u64);

impl std::hash::Hasher for SmallKeyHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }

    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }

    fn write_u8(&mut self, n: u8) {
        self.write_u64(u64::from(n));
    }

    fn write_isize(&mut self, n: isize) {
        self.write_u64(n as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// How far past the previous cell a table's next cell is looked for before searching the index.
const NEARBY_CELLS: usize = 8;

/// A table's rows and present columns for one report.
struct TableLines {
    shape: &'static TableShape,
    /// Where each of the shape's cell paths (in order) is in the report's cells (`None`: not
    /// in this report), looked up once per report so that reading a cell hashes nothing.
    positions: Vec<Option<usize>>,
    /// The columns present in this report (optional ones only when read): `(index, id, label)`.
    cols: Vec<(usize, &'static str, &'static str)>,
}

/// The tables of the last report read on this thread, with that report's cell paths. A table's
/// positions depend only on its shape and the report's paths, which are the bundled templates'
/// own strings (they live for the whole run, so the same address and length is the same path):
/// reports read with the same templates list the same paths, and finding each table's cells
/// again for every report was a measurable cost.
#[derive(Default)]
struct LastTables {
    paths: Vec<&'static str>,
    tables: Vec<Rc<TableLines>>,
    /// Counts the reports whose paths these have been: a context that found them its own at
    /// this count need not compare the paths again (the previous year's report, read in a
    /// context of its own on the same thread, may have replaced them since).
    generation: u64,
}

impl LastTables {
    /// Whether `paths` are this report's paths: the same strings, compared by address.
    fn holds_paths_of(&self, paths: &[&'static str]) -> bool {
        self.paths.len() == paths.len()
            && self
                .paths
                .iter()
                .zip(paths)
                .all(|(a, b)| std::ptr::eq(*a, *b))
    }
}

thread_local! {
    static LAST_TABLES: RefCell<LastTables> = RefCell::new(LastTables::default());
}

impl TableLines {
    /// Where the cells of `shape` are among a report's `paths`.
    fn new(shape: &'static TableShape, paths: &[&str]) -> TableLines {
        // Cells are stored in template order, so each is usually a little after the one before:
        // look there first and only then scan them all. (A linear scan of a few hundred short
        // paths is cheaper than building the report's hash index for the few misses.)
        let find = |path: &str, next: usize| {
            let nearby = paths
                .get(next..)
                .unwrap_or_default()
                .iter()
                .take(NEARBY_CELLS);
            nearby
                .clone()
                .position(|q| *q == path)
                .map(|i| next + i)
                .or_else(|| paths.iter().position(|q| *q == path))
        };
        let mut next = 0;
        let mut positions: Vec<Option<usize>> = Vec::new();
        for (row, line) in shape.rows.iter().enumerate() {
            for (col, path) in line.paths.iter().enumerate() {
                // An optional column absent from the first row is left out of `cols` below,
                // so its cells are never read: no need to look for them in every row.
                let unread = row > 0
                    && shape.columns.get(col).is_some_and(|c| c.optional)
                    && positions[col].is_none();
                let found = if unread { None } else { find(path, next) };
                next = found.map_or(next, |i| i + 1);
                positions.push(found);
            }
        }
        let first_row = shape.rows.first();
        let cols = shape
            .columns
            .iter()
            .enumerate()
            .filter(|(i, c)| !c.optional || first_row.is_some_and(|_| positions[*i].is_some()))
            .map(|(i, c)| (i, c.id.as_str(), c.label.as_str()))
            .collect();
        TableLines {
            shape,
            positions,
            cols,
        }
    }

    /// Where the cell of `row` (an index into the shape's rows) and column `col` is.
    fn position(&self, row: usize, col: usize) -> Option<usize> {
        let line = &self.shape.rows[row];
        assert!(
            col < line.paths.len(),
            "column {col} outside row {}",
            line.id
        );
        self.positions[line.first_path + col]
    }
}

/// Narrative text by section and whether it is the previous year's (`None`: no such section).
type SectionCache<'a> = Vec<(SectionSel, bool, Option<Rc<SectionText<'a>>>)>;

/// A table's rows and columns in one bundled template. They are the same for every report
/// read with that template, so they are built once per process rather than once per report.
struct TableShape {
    rows: Vec<Line>,
    columns: Vec<&'static ColumnDef>,
}

/// A table row (or section-4 group) in a template.
struct Line {
    id: &'static str,
    label: &'static str,
    /// Cell paths, one per column.
    paths: Vec<&'static str>,
    /// Chinese names of the cells from [`template::names`], one per column: evidence
    /// borrows them, and a diagnostic finds the English name from them.
    names: Vec<&'static str>,
    /// Where this row's paths start in the table's flattened list of paths.
    first_path: usize,
}

/// The shape of `table` in `template` (empty when the template has no such table).
fn shape(template: &'static Template, table: &TableRef) -> &'static TableShape {
    static SHAPES: OnceLock<Vec<(&'static str, TableRef, TableShape)>> = OnceLock::new();
    static EMPTY: TableShape = TableShape {
        rows: Vec::new(),
        columns: Vec::new(),
    };
    SHAPES
        .get_or_init(|| {
            let mut all = Vec::new();
            for t in template::bundled() {
                let mut tables: Vec<TableRef> = Vec::new();
                for d in &t.sec2 {
                    let table = TableRef::Sec2(d.id.clone());
                    if !tables.contains(&table) {
                        tables.push(table);
                    }
                }
                tables.extend([TableRef::Sec3, TableRef::Sec4]);
                for table in tables {
                    let shape = build_shape(t, &table);
                    all.push((t.id.as_str(), table, shape));
                }
            }
            all
        })
        .iter()
        .find(|(id, t, _)| *id == template.id && t == table)
        .map_or(&EMPTY, |(_, _, shape)| shape)
}

fn build_shape(t: &'static Template, table: &TableRef) -> TableShape {
    let (mut rows, columns): (Vec<Line>, Vec<&'static ColumnDef>) = match table {
        TableRef::Sec2(tid) => {
            let defs = || t.sec2.iter().filter(move |d| &d.id == tid);
            (
                defs().flat_map(|d| d.rows.iter()).map(row_line).collect(),
                defs().flat_map(|d| d.columns.iter()).collect(),
            )
        }
        TableRef::Sec3 => (
            t.sec3.rows.iter().map(row_line).collect(),
            t.sec3.columns.iter().collect(),
        ),
        TableRef::Sec4 => (
            t.sec4
                .groups
                .iter()
                .map(|g| Line {
                    id: &g.id,
                    label: &g.label,
                    paths: g.paths.iter().map(String::as_str).collect(),
                    names: Vec::new(),
                    first_path: 0,
                })
                .collect(),
            t.sec4.columns.iter().collect(),
        ),
    };
    let mut first_path = 0;
    for row in &mut rows {
        row.names = row
            .paths
            .iter()
            .map(|path| names::cell(t, path).map_or(*path, |n| n.zh.as_str()))
            .collect();
        row.first_path = first_path;
        first_path += row.paths.len();
    }
    TableShape { rows, columns }
}

impl<'a> Ctx<'a> {
    /// A context for evaluating rules on `report`.
    pub fn new(
        report: &'a Report,
        previous: Option<&'a Report>,
        config: &'a BTreeMap<String, String>,
    ) -> Self {
        Ctx {
            report,
            previous,
            config,
            cache: RefCell::new(Vec::new()),
            cell_paths: OnceCell::new(),
            tables_checked: Cell::new(None),
            sections: RefCell::new(Vec::new()),
            claims: RefCell::new(HashMap::with_capacity_and_hasher(128, KeyHash::default())),
            matched: RefCell::new(HashMap::with_capacity_and_hasher(32, KeyHash::default())),
            trace: Cell::new(true),
            vector_columns: RefCell::new(None),
        }
    }

    /// Limits whole-row vectors to `columns` (in table order), or lifts the limit with `None`.
    /// Only sound for an expression [`separable_by_column`]: each column's instance then
    /// depends on that column's cells alone, so leaving the others out changes no instance.
    pub fn restrict_vectors(&self, columns: Option<Vec<&'static str>>) {
        *self.vector_columns.borrow_mut() = columns;
    }

    fn table(&self, table: &TableRef) -> Rc<TableLines> {
        if let Some((_, lines)) = self.cache.borrow().iter().find(|(t, _)| t == table) {
            return Rc::clone(lines);
        }
        let shape = shape(self.template_of(table), table);
        let paths = self
            .cell_paths
            .get_or_init(|| self.report.cells.iter().map(|(p, _)| p).collect());
        let lines = LAST_TABLES.with_borrow_mut(|last| {
            if self.tables_checked.get() != Some(last.generation) {
                if !last.holds_paths_of(paths) {
                    last.paths.clone_from(paths);
                    last.tables.clear();
                    last.generation += 1;
                }
                self.tables_checked.set(Some(last.generation));
            }
            if let Some(lines) = last.tables.iter().find(|t| std::ptr::eq(t.shape, shape)) {
                return Rc::clone(lines);
            }
            let lines = Rc::new(TableLines::new(shape, paths));
            last.tables.push(Rc::clone(&lines));
            lines
        });
        self.cache
            .borrow_mut()
            .push((table.clone(), Rc::clone(&lines)));
        lines
    }

    /// The template a table was read with.
    pub fn template_of(&self, table: &TableRef) -> &'static Template {
        // `t.id == table.prefix()`, without making the prefix.
        let is_table = |id: &str| match table {
            TableRef::Sec2(t) => id.strip_prefix("sec2.") == Some(t.as_str()),
            TableRef::Sec3 => id == "sec3",
            TableRef::Sec4 => id == "sec4",
        };
        let id = self
            .report
            .tables
            .iter()
            .find(|t| is_table(&t.id))
            .map_or(self.report.template.as_str(), |t| t.template.as_str());
        template::by_id(id).unwrap_or(&template::bundled()[0])
    }

    /// The label of a row or column id, for messages.
    pub fn label(&self, table: &TableRef, rows: bool, id: &str) -> String {
        let t = self.table(table);
        let found = if rows {
            t.shape.rows.iter().find(|r| r.id == id).map(|r| r.label)
        } else {
            t.cols.iter().find(|c| c.1 == id).map(|c| c.2)
        };
        found.unwrap_or(id).to_string()
    }

    /// How many columns of a table this report has.
    pub fn column_count(&self, table: &TableRef) -> usize {
        self.table(table).cols.len()
    }

    /// The ids a quantifier ranges over in this report.
    pub fn domain(&self, d: &Domain) -> Vec<&'static str> {
        let t = self.table(&d.table);
        if d.rows {
            t.shape
                .rows
                .iter()
                .filter(|r| in_group(r.id, &d.group))
                .map(|r| r.id)
                .collect()
        } else {
            t.cols.iter().map(|c| c.1).collect()
        }
    }
}

fn row_line(r: &'static crate::template::RowDef) -> Line {
    Line {
        id: &r.id,
        label: &r.label,
        paths: r.paths.iter().map(String::as_str).collect(),
        names: Vec::new(),
        first_path: 0,
    }
}

fn in_group(id: &str, group: &str) -> bool {
    group.is_empty()
        || id == group
        || id
            .strip_prefix(group)
            .is_some_and(|rest| rest.starts_with('.'))
}

/// A cell's value alone, without evidence (the untraced fast path).
fn cell_value(ctx: &Ctx<'_>, position: Option<usize>) -> Num {
    let value = match position.map(|i| ctx.report.cells.at(i)) {
        None => Err(Na::NotInTemplate),
        Some(Slot::Absent) => Err(Na::Absent),
        Some(Slot::Ambiguous { .. }) => Err(Na::Ambiguous),
        Some(Slot::Present(cell)) => match &cell.value {
            CellValue::Number { value, .. } => Ok(*value),
            CellValue::Empty => Err(Na::Empty),
            CellValue::Placeholder => Err(Na::Placeholder),
            CellValue::Text => Err(Na::Text),
        },
    };
    Num::plain(value)
}

/// A cell's value with its evidence and text (the traced path).
fn cell_num(ctx: &Ctx<'_>, path: &'static str, position: Option<usize>, name: &'static str) -> Num {
    let Some(slot) = position.map(|i| ctx.report.cells.at(i)) else {
        return Num::new(Err(Na::NotInTemplate), Vec::new(), "—".into());
    };
    let ev = |span: Span, shown: &str| Evidence {
        span,
        path: Cow::Borrowed(path),
        name: Cow::Borrowed(name),
        shown: shown.to_string(),
        sentence: None,
    };
    match slot {
        Slot::Absent => Num::new(Err(Na::Absent), Vec::new(), "—".into()),
        Slot::Ambiguous { candidates, .. } => Num::new(
            Err(Na::Ambiguous),
            candidates.iter().map(|c| ev(c.span, &c.text)).collect(),
            "?".into(),
        ),
        Slot::Present(cell) => {
            let (value, shown) = match &cell.value {
                CellValue::Number { value, .. } => (Ok(*value), value.to_string()),
                CellValue::Empty => (Err(Na::Empty), names::EMPTY_MARK.to_string()),
                CellValue::Placeholder => (Err(Na::Placeholder), cell.text.clone()),
                CellValue::Text => (Err(Na::Text), cell.text.clone()),
            };
            let evidence = Evidence {
                span: cell.span,
                path: Cow::Borrowed(path),
                name: Cow::Borrowed(name),
                shown: shown.clone(),
                sentence: None,
            };
            Num::new(value, vec![evidence], shown)
        }
    }
}

fn eval_cells<'r>(ctx: &Ctx<'_>, r: &'r CellRef, env: &[&'static str]) -> Val<'r> {
    let lines = ctx.table(&r.table);
    let shape: &'static TableShape = lines.shape;
    let (rows, cols) = (&shape.rows, &lines.cols);
    let one_row = |row: usize| -> Val<'r> {
        let line = &rows[row];
        let cell = |ci: usize| {
            let position = lines.position(row, ci);
            if ctx.trace.get() {
                cell_num(ctx, line.paths[ci], position, line.names[ci])
            } else {
                cell_value(ctx, position)
            }
        };
        let pick = |ids: &[(usize, &'static str, &str)], spread: bool| Val::Coll {
            spread,
            keys: KeyKind::Column(&r.table),
            items: ids
                .iter()
                .map(|&(ci, id, _)| (Key::Id(id), Val::Num(cell(ci))))
                .collect(),
        };
        match &r.col {
            ColSel::Id(c) => cols
                .iter()
                .find(|x| x.1 == c)
                .map_or_else(|| Val::Num(missing()), |&(ci, _, _)| Val::Num(cell(ci))),
            ColSel::Var(i) => cols
                .iter()
                .find(|x| x.1 == env[*i])
                .map_or_else(|| Val::Num(missing()), |&(ci, _, _)| Val::Num(cell(ci))),
            ColSel::Vector => match ctx.vector_columns.borrow().as_deref() {
                None => pick(cols, false),
                Some(only) => {
                    let kept: Vec<_> = cols
                        .iter()
                        .filter(|c| only.contains(&c.1))
                        .copied()
                        .collect();
                    pick(&kept, false)
                }
            },
            ColSel::Spread(None) => pick(cols, true),
            ColSel::Spread(Some((a, b))) => {
                let from = cols.iter().position(|c| c.1 == a);
                let to = cols.iter().position(|c| c.1 == b);
                match (from, to) {
                    (Some(f), Some(t)) if f <= t => pick(&cols[f..=t], true),
                    _ => Val::Num(missing()),
                }
            }
        }
    };
    let single = |id: &str| {
        rows.iter()
            .position(|x| x.id == id)
            .map_or_else(|| Val::Num(missing()), one_row)
    };
    match &r.row {
        RowSel::Id(id) => single(id),
        RowSel::Var(i) => single(env[*i]),
        RowSel::Group(g) => Val::Coll {
            spread: true,
            keys: KeyKind::Row(&r.table),
            items: rows
                .iter()
                .enumerate()
                .filter(|(_, x)| in_group(x.id, g))
                .map(|(i, l)| (Key::Id(l.id), one_row(i)))
                .collect(),
        },
    }
}

/// The columns of a whole-row vector (`table[row]`) with each cell's number (`None`: not a
/// number), in the order [`eval_cells`] lists them; `None` when the selection is no such vector
/// or names a row the table lacks (the general path then decides).
pub(super) fn row_cell_numbers(
    ctx: &Ctx<'_>,
    r: &CellRef,
    env: &[&'static str],
) -> Option<ColumnNumbers> {
    let id = match (&r.row, &r.col) {
        (RowSel::Id(id), ColSel::Vector) => id.as_str(),
        (RowSel::Var(i), ColSel::Vector) => env[*i],
        _ => return None,
    };
    let lines = ctx.table(&r.table);
    let row = lines.shape.rows.iter().position(|x| x.id == id)?;
    let number = |ci| cell_value(ctx, lines.position(row, ci)).value.ok();
    Some(
        lines
            .cols
            .iter()
            .map(|&(ci, c, _)| (c, number(ci)))
            .collect(),
    )
}

/// A row's columns, each with its cell's number (`None`: not a number).
pub(super) type ColumnNumbers = Vec<(&'static str, Option<Decimal>)>;

/// The rows of a whole-row selection (`table[row]`, or a group of rows `table.group.*`), each
/// as [`row_cell_numbers`] gives it, in the order [`eval_cells`] lists them; `None` when the
/// selection is no such vector or names a row the table lacks.
pub(super) fn rows_cell_numbers(
    ctx: &Ctx<'_>,
    r: &CellRef,
    env: &[&'static str],
) -> Option<Vec<ColumnNumbers>> {
    let (RowSel::Group(group), ColSel::Vector) = (&r.row, &r.col) else {
        return row_cell_numbers(ctx, r, env).map(|row| vec![row]);
    };
    let lines = ctx.table(&r.table);
    let number = |row, ci| cell_value(ctx, lines.position(row, ci)).value.ok();
    let rows = lines.shape.rows.iter().enumerate();
    Some(
        rows.filter(|(_, x)| in_group(x.id, group))
            .map(|(row, _)| {
                lines
                    .cols
                    .iter()
                    .map(|&(ci, c, _)| (c, number(row, ci)))
                    .collect()
            })
            .collect(),
    )
}

/// Visits the numbers of the cells `r` selects, in the order [`eval_cells`] lists them, and
/// returns how many there were; `None` as soon as one is not a number or `visit` refuses it,
/// or when the selection names a row or column the table lacks (the general path then
/// decides). For the exact fast path, which reads cells without building values.
pub(super) fn visit_cell_numbers(
    ctx: &Ctx<'_>,
    r: &CellRef,
    env: &[&'static str],
    visit: &mut dyn FnMut(Decimal) -> bool,
) -> Option<usize> {
    let lines = ctx.table(&r.table);
    let (rows, cols) = (&lines.shape.rows, &lines.cols);
    let column = |id: &str| cols.iter().position(|c| c.1 == id);
    let wanted = match &r.col {
        ColSel::Id(c) => column(c).map(|i| i..i + 1)?,
        ColSel::Var(i) => column(env[*i]).map(|i| i..i + 1)?,
        ColSel::Vector | ColSel::Spread(None) => 0..cols.len(),
        ColSel::Spread(Some((a, b))) => match (column(a), column(b)) {
            (Some(f), Some(t)) if f <= t => f..t + 1,
            _ => return None,
        },
    };
    let mut count = 0;
    let mut row_numbers = |row: usize| {
        for &(ci, _, _) in &cols[wanted.clone()] {
            match cell_value(ctx, lines.position(row, ci)).value {
                Ok(d) if visit(d) => count += 1,
                _ => return None,
            }
        }
        Some(())
    };
    let single = |id: &str| rows.iter().position(|x| x.id == id);
    match &r.row {
        RowSel::Id(id) => row_numbers(single(id)?)?,
        RowSel::Var(i) => row_numbers(single(env[*i])?)?,
        RowSel::Group(g) => {
            for (i, _) in rows.iter().enumerate().filter(|(_, x)| in_group(x.id, g)) {
                row_numbers(i)?;
            }
        }
    }
    Some(count)
}

/// How an operand spreads over a table's columns, for [`separable_by_column`].
#[derive(Clone, Copy, PartialEq)]
enum ColumnLayout<'e> {
    /// One value for every column.
    Scalar,
    /// One value per column of the table (a row's whole-row vector, or arithmetic on such).
    Vector(&'e TableRef),
}

/// Whether every instance of `e` is one column of one table's whole-row vectors and depends on
/// that column's cells alone: every operand is a vector of that table or a scalar, and every
/// operation is element by element (arithmetic, comparison, logic, tests of numbers, and
/// `sum`/`min`/`max`, whose spread lists of rows are combined column by column and whose
/// spread lists of columns fold into scalars). Then evaluating some columns only (see
/// [`Ctx::restrict_vectors`]) gives those columns' instances exactly as evaluating them all.
pub fn separable_by_column(e: &CExpr) -> bool {
    matches!(column_layout(e), Some(ColumnLayout::Vector(_)))
}

/// The layout of `e`; `None` when it is not separable by column.
fn column_layout(e: &CExpr) -> Option<ColumnLayout<'_>> {
    use ColumnLayout::{Scalar, Vector};
    match e {
        CExpr::Num(_)
        | CExpr::Str(_)
        | CExpr::Bool(_)
        | CExpr::Year
        | CExpr::Template
        | CExpr::OrganKind
        | CExpr::Organ
        | CExpr::Config(_)
        | CExpr::Section(_)
        | CExpr::Var(_) => Some(Scalar),
        CExpr::Cells(r, _) => match (&r.row, &r.col) {
            (RowSel::Id(_) | RowSel::Var(_), ColSel::Id(_) | ColSel::Var(_)) => Some(Scalar),
            (RowSel::Id(_) | RowSel::Var(_), ColSel::Vector) => Some(Vector(&r.table)),
            // Spread lists make instances of their own.
            _ => None,
        },
        CExpr::Neg(x) | CExpr::Not(x) => column_layout(x),
        CExpr::Arith(_, a, b)
        | CExpr::And(a, b)
        | CExpr::Or(a, b)
        | CExpr::Compare { lhs: a, rhs: b, .. } => {
            same_columns(column_layout(a)?, column_layout(b)?)
        }
        // The previous year's report is read in a context of its own, never restricted.
        CExpr::Prev(x) => (column_layout(x)? == Scalar).then_some(Scalar),
        CExpr::Call { func, args, .. } => match func {
            Func::Sum | Func::Min | Func::Max => args
                .iter()
                .try_fold(Scalar, |acc, a| same_columns(acc, summand_layout(a)?)),
            Func::Abs
            | Func::IsEmpty
            | Func::IsNumber
            | Func::IsPlaceholder
            | Func::IsInteger
            | Func::IsAbsent
            | Func::NonNegative
            | Func::Decimals
            | Func::Places
            | Func::HasUnit
            | Func::WasNormalised => match args.as_slice() {
                [x] => column_layout(x),
                _ => None,
            },
            Func::Default | Func::Round => match args.as_slice() {
                [x, fallback] if column_layout(fallback)? == Scalar => column_layout(x),
                _ => None,
            },
            // Narrative tests and measures: one value, whatever the columns.
            Func::Contains | Func::Matches | Func::Exists | Func::Length | Func::Similarity => {
                Some(Scalar)
            }
            // A count adds up every column; claims are instances of their own.
            Func::Count | Func::Claims | Func::ClaimsAt => None,
        },
    }
}

/// The layout of an argument of `sum`, `min` or `max`, which combine spread lists item by item.
fn summand_layout(e: &CExpr) -> Option<ColumnLayout<'_>> {
    match e {
        CExpr::Cells(r, _) => match (&r.row, &r.col) {
            (RowSel::Group(_), ColSel::Vector) => Some(ColumnLayout::Vector(&r.table)),
            (RowSel::Group(_), ColSel::Id(_) | ColSel::Var(_) | ColSel::Spread(_))
            | (RowSel::Id(_) | RowSel::Var(_), ColSel::Spread(_)) => Some(ColumnLayout::Scalar),
            _ => column_layout(e),
        },
        _ => column_layout(e),
    }
}

/// The layout of two operands combined element by element: vectors of one table only.
fn same_columns<'e>(a: ColumnLayout<'e>, b: ColumnLayout<'e>) -> Option<ColumnLayout<'e>> {
    match (a, b) {
        (ColumnLayout::Scalar, x) | (x, ColumnLayout::Scalar) => Some(x),
        (ColumnLayout::Vector(t), ColumnLayout::Vector(u)) => (t == u).then_some(a),
    }
}

/// Decimal places of a quotient (enough for percentages compared `within 0.01`).
pub(super) const DIV_SCALE: u32 = 10;

fn missing() -> Num {
    Num::new(Err(Na::NotInTemplate), Vec::new(), "—".into())
}

/// Applies `f` element by element: collections of the same kind are matched by key, a spread
/// list against anything else is applied per item, scalars are broadcast.
fn zip_with<'r>(a: Val<'r>, b: Val<'r>, f: &dyn Fn(Val<'r>, Val<'r>) -> Val<'r>) -> Val<'r> {
    match (a, b) {
        (
            Val::Coll {
                spread: sa,
                keys: ka,
                items: ia,
            },
            Val::Coll {
                spread: sb,
                keys: kb,
                items: ib,
            },
        ) if sa == sb && ka == kb => {
            // Two collections of one kind almost always list the same keys in the same order
            // (keys within a collection are unique): then items pair up by position and both
            // sides are moved, not cloned.
            let aligned = ia.len() == ib.len() && ia.iter().zip(&ib).all(|(x, y)| x.0 == y.0);
            let items = if aligned {
                ia.into_iter()
                    .zip(ib)
                    .map(|((k, va), (_, vb))| (k, f(va, vb)))
                    .collect()
            } else {
                ia.into_iter()
                    .filter_map(|(k, va)| {
                        ib.iter()
                            .find(|(kb, _)| *kb == k)
                            .map(|(_, vb)| (k, f(va, vb.clone())))
                    })
                    .collect()
            };
            Val::Coll {
                spread: sa,
                keys: ka,
                items,
            }
        }
        // A spread list goes outside: each of its items meets the whole other side.
        (
            Val::Coll {
                spread: true,
                keys,
                items,
            },
            b,
        ) => broadcast(true, keys, items, &|v| zip_with(v, b.clone(), f)),
        (
            a,
            Val::Coll {
                spread,
                keys,
                items,
            },
        ) => broadcast(spread, keys, items, &|v| zip_with(a.clone(), v, f)),
        (
            Val::Coll {
                spread,
                keys,
                items,
            },
            b,
        ) => broadcast(spread, keys, items, &|v| zip_with(v, b.clone(), f)),
        (a, b) => f(a, b),
    }
}

/// A collection with `g` applied to every item.
fn broadcast<'r>(
    spread: bool,
    keys: KeyKind<'r>,
    items: Vec<(Key, Val<'r>)>,
    g: &dyn Fn(Val<'r>) -> Val<'r>,
) -> Val<'r> {
    Val::Coll {
        spread,
        keys,
        items: items.into_iter().map(|(k, v)| (k, g(v))).collect(),
    }
}

/// Applies `f` to every scalar of a value.
fn map<'r>(v: Val<'r>, f: &dyn Fn(Val<'r>) -> Val<'r>) -> Val<'r> {
    match v {
        Val::Coll {
            spread,
            keys,
            items,
        } => broadcast(spread, keys, items, &|x| map(x, f)),
        other => f(other),
    }
}

fn as_num(v: Val<'_>) -> Num {
    match v {
        Val::Num(n) => n,
        Val::Str(s) => match Decimal::parse(s.trim()) {
            Some(d) => Num::lit(d),
            None => Num::new(Err(Na::Incomparable), Vec::new(), s),
        },
        _ => Num::new(Err(Na::Incomparable), Vec::new(), "?".into()),
    }
}

fn arith(op: ArithOp, a: Num, b: Num) -> Num {
    let value = match (&a.value, &b.value) {
        (Ok(x), Ok(y)) => match op {
            ArithOp::Add => x.checked_add(*y),
            ArithOp::Sub => x.checked_sub(*y),
            ArithOp::Mul => x.checked_mul(*y),
            ArithOp::Div if *y == Decimal::ZERO => {
                let expr = format!("{} ÷ {}", a.expr(), b.expr());
                let (_, mut evidence, _) = a.into_parts();
                evidence.extend(b.into_parts().1);
                return Num::new(Err(Na::DivByZero), evidence, expr);
            }
            ArithOp::Div => x.checked_div(*y, DIV_SCALE),
        }
        .ok_or(Na::Overflow),
        (Err(e), _) | (_, Err(e)) => Err(e.clone()),
    };
    if a.expr().is_empty() && b.expr().is_empty() {
        // Untraced: no text to build.
        return Num::plain(value);
    }
    // Built by concatenation rather than `format!`: a traced sum over a table builds hundreds.
    let wrap = |e: &str| {
        if e.contains(' ') {
            ["(", e, ")"].concat()
        } else {
            e.to_string()
        }
    };
    let (a, b) = (a.into_parts(), b.into_parts());
    let expr = match op {
        ArithOp::Add => [&*a.2, " + ", &b.2].concat(),
        ArithOp::Sub => [&*a.2, " - ", &wrap(&b.2)].concat(),
        ArithOp::Mul => [&*wrap(&a.2), " × ", &wrap(&b.2)].concat(),
        ArithOp::Div => [&*wrap(&a.2), " ÷ ", &wrap(&b.2)].concat(),
    };
    let mut evidence = a.1;
    evidence.extend(b.1);
    Num::new(value, evidence, expr)
}

/// Compares two values; `trace` keeps both sides for the message (untraced, only the truth
/// value is read).
fn compare<'r>(
    op: CmpOp,
    tolerance: Option<Decimal>,
    a: Val<'r>,
    b: Val<'r>,
    trace: bool,
) -> Val<'r> {
    match (a, b) {
        (Val::Str(x), Val::Str(y)) => Val::Bool(Truth::plain(tri(match op {
            CmpOp::Eq => x == y,
            _ => x != y,
        }))),
        (Val::Bool(x), Val::Bool(y)) => {
            let value = match (&x.value, &y.value) {
                (Tri::Unknown(e), _) | (_, Tri::Unknown(e)) => Tri::Unknown(e.clone()),
                (p, q) => tri(if op == CmpOp::Eq { p == q } else { p != q }),
            };
            let mut evidence = x.evidence;
            evidence.extend(y.evidence);
            Val::Bool(Truth {
                value,
                evidence,
                comparison: None,
            })
        }
        (a, b) => {
            let (a, b) = (as_num(a), as_num(b));
            let value = match (&a.value, &b.value) {
                (Ok(x), Ok(y)) => compare_numbers(op, tolerance, *x, *y),
                (Err(e), _) | (_, Err(e)) => Tri::Unknown(e.clone()),
            };
            if !trace {
                return Val::Bool(Truth::plain(value));
            }
            // The evidence moves to the truth value; the sides keep their value and arithmetic,
            // which is all messages read of them.
            let (mut a, mut b) = (a, b);
            let mut evidence = a.take_evidence();
            evidence.append(&mut b.take_evidence());
            Val::Bool(Truth {
                value,
                evidence,
                comparison: Some(Box::new((a, b, op))),
            })
        }
    }
}

/// Compares two numbers, equal within `tolerance` for `==` and `!=`.
pub(super) fn compare_numbers(
    op: CmpOp,
    tolerance: Option<Decimal>,
    x: Decimal,
    y: Decimal,
) -> Tri {
    let diff = x.checked_sub(y).and_then(Decimal::checked_abs);
    let tol = tolerance.unwrap_or(Decimal::ZERO);
    match (op, diff) {
        (CmpOp::Eq, Some(d)) => tri(d <= tol),
        (CmpOp::Ne, Some(d)) => tri(d > tol),
        (CmpOp::Lt, _) => tri(x < y),
        (CmpOp::Le, _) => tri(x <= y),
        (CmpOp::Gt, _) => tri(x > y),
        (CmpOp::Ge, _) => tri(x >= y),
        (_, None) => Tri::Unknown(Na::Overflow),
    }
}

fn tri(b: bool) -> Tri {
    if b { Tri::True } else { Tri::False }
}

fn as_truth(v: Val<'_>) -> Truth {
    match v {
        Val::Bool(t) => t,
        _ => Truth::plain(Tri::Unknown(Na::Incomparable)),
    }
}

fn logic<'r>(and: bool, a: Val<'r>, b: Val<'r>) -> Val<'r> {
    zip_with(a, b, &|x, y| {
        let (x, y) = (as_truth(x), as_truth(y));
        let value = match (&x.value, &y.value) {
            (Tri::False, _) | (_, Tri::False) if and => Tri::False,
            (Tri::True, _) | (_, Tri::True) if !and => Tri::True,
            (Tri::Unknown(e), _) | (_, Tri::Unknown(e)) => Tri::Unknown(e.clone()),
            _ => tri(and),
        };
        // The evidence of a decided result is the operands that decided it: the false ones of a
        // false `and`, the true ones of a true `or`. Otherwise both sides matter.
        let decisive = match (&value, and) {
            (Tri::False, true) => Some(Tri::False),
            (Tri::True, false) => Some(Tri::True),
            _ => None,
        };
        let comparison = match &decisive {
            Some(d) if x.value == *d && y.value != *d => x.comparison.clone(),
            Some(d) if y.value == *d && x.value != *d => y.comparison.clone(),
            _ => None,
        };
        let evidence = match decisive {
            Some(d) => [x, y]
                .into_iter()
                .filter(|t| t.value == d)
                .flat_map(|t| t.evidence)
                .collect(),
            None => [x.evidence, y.evidence].concat(),
        };
        Val::Bool(Truth {
            value,
            evidence,
            comparison,
        })
    })
}

fn count_true(v: &Val<'_>) -> i64 {
    match v {
        Val::Bool(t) => i64::from(t.value == Tri::True),
        Val::Num(n) => i64::from(n.value.is_ok()),
        Val::Coll { items, .. } => items.iter().map(|(_, v)| count_true(v)).sum(),
        _ => 0,
    }
}

fn predicate<'r>(v: Val<'r>, test: &dyn Fn(&Num) -> Tri) -> Val<'r> {
    map(v, &|x| {
        let n = as_num(x);
        Val::Bool(Truth {
            value: test(&n),
            evidence: n.into_parts().1,
            comparison: None,
        })
    })
}

/// Narrative text of a section: its sentences, the span to point at when it lacks something,
/// and its name.
struct SectionText<'a> {
    sentences: Vec<&'a Sentence>,
    anchor: Span,
    name: String,
    /// Each sentence without whitespace, for `contains`; made on first use.
    compact: OnceCell<Vec<Cow<'a, str>>>,
    /// Whether the file stops inside this text ([`crate::report::Section::cut_off`]): what it
    /// does not say may be in the part that is missing.
    cut_off: bool,
}

impl<'a> SectionText<'a> {
    fn compact(&self) -> &[Cow<'a, str>] {
        self.compact
            .get_or_init(|| self.sentences.iter().map(|s| compact(&s.text)).collect())
    }
}

/// The claims `re` finds in the text `sel` (traced or not), computed once per report for each
/// pattern text: every slot of a `claims_at` regex is read in the same scan. A `claims_at`
/// pattern (slot 1 and up) keeps one claim per match, absent ones included, so that the slots
/// of one pattern line up match by match.
fn cached_claims(
    ctx: &Ctx<'_>,
    sel: SectionSel,
    prev: bool,
    re: &Pattern,
    trace: bool,
) -> Rc<Vec<Num>> {
    let key = |slot: usize| ClaimsKey {
        pattern: regex_id(re),
        slot,
        sel,
        prev,
        trace,
    };
    if let Some(found) = ctx.claims.borrow().get(&key(re.slot)) {
        return found.clone();
    }
    let slots = re.slots();
    let every_match = re.slot != 0;
    let found = section_text(ctx, sel, prev)
        .map(|text| {
            claims::claims_of_slots(&text.sentences, re, &slots, &text.name, trace, every_match)
        })
        .unwrap_or_else(|| vec![Vec::new(); slots.len()]);
    let mut wanted = Rc::default();
    let mut cache = ctx.claims.borrow_mut();
    for (slot, claims) in slots.into_iter().zip(found) {
        let claims = Rc::new(claims);
        if slot == re.slot {
            wanted = claims.clone();
        }
        cache.insert(key(slot), claims);
    }
    wanted
}

/// The identity of a pattern's text: patterns with the same text share one regex.
fn regex_id(re: &Pattern) -> usize {
    std::sync::Arc::as_ptr(&re.regex) as usize
}

/// The index of the first sentence of `text` (the text `sel`) that `re` matches, computed once
/// per report for each pattern text.
fn first_match(
    ctx: &Ctx<'_>,
    sel: SectionSel,
    prev: bool,
    re: &Pattern,
    text: &SectionText<'_>,
) -> Option<usize> {
    let key = (regex_id(re), sel, prev);
    if let Some(found) = ctx.matched.borrow().get(&key) {
        return *found;
    }
    let found = text.sentences.iter().position(|s| re.is_match(&s.text));
    ctx.matched.borrow_mut().insert(key, found);
    found
}

/// Narrative text of a section (of the previous year's report with `prev`). Several rules read
/// the same sections, so each is gathered once per report.
/// Whether the report (the previous year's with `prev`) has the text `sel`, as `exists` tells.
pub(super) fn has_section(ctx: &Ctx<'_>, sel: SectionSel, prev: bool) -> bool {
    section_text(ctx, sel, prev).is_some()
}

fn section_text<'a>(ctx: &Ctx<'a>, sel: SectionSel, prev: bool) -> Option<Rc<SectionText<'a>>> {
    if let Some((_, _, text)) = ctx
        .sections
        .borrow()
        .iter()
        .find(|(s, p, _)| *s == sel && *p == prev)
    {
        return text.clone();
    }
    let text = gather_section_text(ctx, sel, prev).map(Rc::new);
    ctx.sections.borrow_mut().push((sel, prev, text.clone()));
    text
}

fn gather_section_text<'a>(ctx: &Ctx<'a>, sel: SectionSel, prev: bool) -> Option<SectionText<'a>> {
    let report = if prev { ctx.previous? } else { ctx.report };
    let mut cut_off = false;
    let (paragraphs, anchor, name): (Vec<&crate::report::Paragraph>, Span, String) = match sel {
        SectionSel::Section(i) => {
            let s = report.sections.get(i)?;
            let heading = s.heading.as_ref()?;
            cut_off = s.cut_off;
            (
                s.paragraphs.iter().collect(),
                heading.span,
                format!("s{}", i + 1),
            )
        }
        SectionSel::Preamble => (
            report.preamble.iter().collect(),
            report
                .preamble
                .first()
                .map_or_else(Span::default, |p| p.span),
            "preamble".into(),
        ),
        SectionSel::All => {
            cut_off = report.sections.iter().any(|s| s.cut_off);
            let all: Vec<&crate::report::Paragraph> = report
                .preamble
                .iter()
                .chain(report.sections.iter().flat_map(|s| &s.paragraphs))
                .collect();
            let anchor = all.first().map_or_else(Span::default, |p| p.span);
            (all, anchor, "text".into())
        }
        SectionSel::Title => {
            let title = report.title_sentence.as_ref()?;
            return Some(SectionText {
                sentences: vec![title],
                anchor: if prev { Span::default() } else { title.span },
                name: "title".into(),
                compact: OnceCell::new(),
                cut_off: false,
            });
        }
    };
    // Evidence from the previous year's report has no place in this file.
    let anchor = if prev { Span::default() } else { anchor };
    Some(SectionText {
        sentences: paragraphs.iter().flat_map(|p| &p.sentences).collect(),
        anchor,
        name,
        compact: OnceCell::new(),
        cut_off,
    })
}

/// Values read from the previous year's report: its spans point into another file, so they keep
/// their values but lose their locations, and sections remember which report they belong to.
fn from_previous(v: Val<'_>) -> Val<'_> {
    map(v, &|x| match x {
        Val::Num(n) => {
            let expr = format!("上年 {}", n.expr());
            Val::Num(Num::new(n.value, Vec::new(), expr))
        }
        Val::Bool(t) => Val::Bool(Truth {
            value: t.value,
            evidence: Vec::new(),
            comparison: None,
        }),
        Val::Section { sel, .. } => Val::Section { sel, prev: true },
        other => other,
    })
}

/// The numbers the narrative of this report's section claims, untraced (none when the report
/// lacks the section), for the fast path.
pub(super) fn claimed_numbers(ctx: &Ctx<'_>, sel: SectionSel, pattern: &Pattern) -> Rc<Vec<Num>> {
    cached_claims(ctx, sel, false, pattern, false)
}

/// Whether a sentence of the section satisfies a test; `find` gives the first that does.
fn text_truth<'r>(
    ctx: &Ctx<'_>,
    sel: SectionSel,
    prev: bool,
    find: &dyn Fn(&SectionText<'_>) -> Option<usize>,
) -> Val<'r> {
    let Some(text) = section_text(ctx, sel, prev) else {
        let na = if prev && ctx.previous.is_none() {
            Na::NoPrevious
        } else {
            Na::NoSection
        };
        return Val::Bool(Truth::plain(Tri::Unknown(na)));
    };
    let hit = find(&text).map(|i| text.sentences[i]);
    // Not found in a text the file stops inside: it may be in the part that is missing.
    let value = match hit {
        None if text.cut_off => Tri::Unknown(Na::CutOff),
        _ => tri(hit.is_some()),
    };
    if !ctx.trace.get() {
        return Val::Bool(Truth::plain(value));
    }
    let name = &text.name;
    let evidence = match hit.filter(|_| !prev) {
        Some(s) => Evidence {
            span: s.span,
            path: Cow::Owned(name.clone()),
            name: Cow::Owned(names::narrative_tag(name, names::Part::Text)),
            shown: s.text.clone(),
            sentence: Some(s.text.as_str().into()),
        },
        None => anchor_evidence(&text),
    };
    Val::Bool(Truth {
        value,
        evidence: vec![evidence],
        comparison: None,
    })
}

/// The evidence pointing at a section as a whole: its heading (the title for `title`).
fn anchor_evidence(text: &SectionText<'_>) -> Evidence {
    let name = &text.name;
    Evidence {
        span: text.anchor,
        path: Cow::Owned(name.clone()),
        name: Cow::Owned(names::narrative_tag(name, names::Part::Heading)),
        shown: String::new(),
        sentence: None,
    }
}

/// The evidence pointing at a section of this report as a whole, from its gathered text.
pub(super) fn section_text_anchor(ctx: &Ctx<'_>, sel: SectionSel) -> Option<Evidence> {
    section_text(ctx, sel, false).map(|t| anchor_evidence(&t))
}

/// The text of a section of this report, its sentences joined, when the report has it.
pub(super) fn section_words(ctx: &Ctx<'_>, sel: SectionSel) -> Option<String> {
    section_text(ctx, sel, false)
        .map(|text| text.sentences.iter().map(|s| s.text.as_str()).collect())
}

/// The text without whitespace; borrowed when it has none, as most sentences do.
fn compact(s: &str) -> Cow<'_, str> {
    if s.chars().any(is_space) {
        Cow::Owned(s.chars().filter(|c| !is_space(*c)).collect())
    } else {
        Cow::Borrowed(s)
    }
}

/// A string argument, borrowed when it is a literal (as `contains` needles are).
fn str_arg<'r>(ctx: &Ctx<'_>, arg: &'r CExpr, env: &[&'static str]) -> Option<Cow<'r, str>> {
    match arg {
        CExpr::Str(s) => Some(Cow::Borrowed(s)),
        other => match eval(ctx, other, env) {
            Val::Str(s) => Some(Cow::Owned(s)),
            _ => None,
        },
    }
}

/// Evaluates `e` with quantifier variables bound to `env`.
pub fn eval<'r>(ctx: &Ctx<'_>, e: &'r CExpr, env: &[&'static str]) -> Val<'r> {
    match e {
        // Untraced, a literal needs no text either.
        CExpr::Num(d) if !ctx.trace.get() => Val::Num(Num::plain(Ok(*d))),
        CExpr::Num(d) => Val::Num(Num::lit(*d)),
        CExpr::Str(s) => Val::Str(s.clone()),
        CExpr::Bool(b) => Val::Bool(Truth::plain(tri(*b))),
        CExpr::Year => Val::Num(match &ctx.report.meta.year {
            Some(y) => Num::new(
                Ok(Decimal::from_int(i64::from(y.value))),
                Vec::new(),
                y.value.to_string(),
            ),
            None => Num::new(Err(Na::NoYear), Vec::new(), "—".into()),
        }),
        CExpr::Template => Val::Str(ctx.report.template.clone()),
        CExpr::OrganKind => super::metadata::organ_kind(ctx),
        CExpr::Organ => super::metadata::organ(ctx),
        CExpr::Config(key) => match ctx.config.get(key) {
            Some(v) => Val::Str(v.clone()),
            None => Val::Num(Num::new(
                Err(Na::NoConfig),
                Vec::new(),
                format!("config.{key}"),
            )),
        },
        CExpr::Section(s) => Val::Section {
            sel: *s,
            prev: false,
        },
        CExpr::Prev(inner) => match (ctx.previous, inner.as_ref()) {
            (Some(previous), _) => {
                let prev_ctx = Ctx::new(previous, None, ctx.config);
                from_previous(eval(&prev_ctx, inner, env))
            }
            (None, CExpr::Section(sel)) => Val::Section {
                sel: *sel,
                prev: true,
            },
            (None, _) => Val::Num(Num::new(Err(Na::NoPrevious), Vec::new(), "上年—".into())),
        },
        CExpr::Var(i) => Val::Str(env[*i].to_string()),
        CExpr::Cells(r, _) => eval_cells(ctx, r, env),
        CExpr::Neg(x) => map(eval(ctx, x, env), &|v| {
            Val::Num(arith(ArithOp::Sub, Num::lit(Decimal::ZERO), as_num(v)))
        }),
        CExpr::Not(x) => map(eval(ctx, x, env), &|v| {
            let t = as_truth(v);
            let value = match t.value {
                Tri::True => Tri::False,
                Tri::False => Tri::True,
                u => u,
            };
            Val::Bool(Truth {
                value,
                evidence: t.evidence,
                comparison: None,
            })
        }),
        CExpr::Arith(op, a, b) => zip_with(eval(ctx, a, env), eval(ctx, b, env), &|x, y| {
            Val::Num(arith(*op, as_num(x), as_num(y)))
        }),
        CExpr::Compare {
            op,
            lhs,
            rhs,
            tolerance,
        } => zip_with(eval(ctx, lhs, env), eval(ctx, rhs, env), &|x, y| {
            compare(*op, *tolerance, x, y, ctx.trace.get())
        }),
        CExpr::And(a, b) => logic(true, eval(ctx, a, env), eval(ctx, b, env)),
        CExpr::Or(a, b) => logic(false, eval(ctx, a, env), eval(ctx, b, env)),
        CExpr::Call {
            func,
            args,
            pattern,
            ..
        } => call(ctx, *func, args, pattern.as_deref(), env),
    }
}

fn call<'r>(
    ctx: &Ctx<'_>,
    func: Func,
    args: &'r [CExpr],
    pattern: Option<&Pattern>,
    env: &[&'static str],
) -> Val<'r> {
    let vals = || args.iter().map(|a| eval(ctx, a, env)).collect::<Vec<_>>();
    // Most builtins take one argument; evaluating it alone allocates no argument list.
    let first = || eval(ctx, &args[0], env);
    match func {
        Func::Sum | Func::Min | Func::Max => {
            // Spread lists are separate items (a group of rows spread over a range of columns,
            // `sec3.results.denied.*[natural_person..other_org]`, is every cell), vectors are
            // combined whole; items are folded as they come rather than gathered first.
            let combine = |acc: Option<Val<'r>>, v: Val<'r>| {
                Some(match acc {
                    None => v,
                    Some(acc) => zip_with(acc, v, &|x, y| {
                        let (x, y) = (as_num(x), as_num(y));
                        Val::Num(match func {
                            Func::Sum => arith(ArithOp::Add, x, y),
                            _ => extreme(func == Func::Min, x, y),
                        })
                    }),
                })
            };
            fn fold_spread<'r>(
                acc: Option<Val<'r>>,
                v: Val<'r>,
                combine: &dyn Fn(Option<Val<'r>>, Val<'r>) -> Option<Val<'r>>,
            ) -> Option<Val<'r>> {
                match v {
                    Val::Coll {
                        spread: true,
                        items,
                        ..
                    } => items
                        .into_iter()
                        .fold(acc, |acc, (_, v)| fold_spread(acc, v, combine)),
                    other => combine(acc, other),
                }
            }
            let mut acc = None;
            for arg in args {
                acc = fold_spread(acc, eval(ctx, arg, env), &combine);
            }
            acc.unwrap_or_else(|| Val::Num(Num::lit(Decimal::ZERO)))
        }
        Func::Abs => map(first(), &|v| {
            let n = as_num(v);
            let value = n
                .value
                .clone()
                .and_then(|d| d.checked_abs().ok_or(Na::Overflow));
            let expr = format!("|{}|", n.expr());
            Val::Num(Num::new(value, n.into_parts().1, expr))
        }),
        Func::Round => {
            // The loader allows only a whole-number literal here.
            let places = match &args[1] {
                CExpr::Num(d) => d.to_string().parse::<u32>().unwrap_or(0),
                _ => 0,
            };
            map(first(), &|v| {
                Val::Num(super::rounding::round(as_num(v), places))
            })
        }
        Func::Count => {
            let n: i64 = vals().iter().map(count_true).sum();
            Val::Num(Num::lit(Decimal::from_int(n)))
        }
        Func::Default => {
            let mut v = vals();
            let fallback = as_num(v.remove(1));
            map(v.remove(0), &|x| {
                let n = as_num(x);
                match (&n.value, &fallback.value) {
                    (Err(Na::Empty | Na::Absent | Na::Placeholder), Ok(d)) => {
                        Val::Num(Num::new(Ok(*d), n.into_parts().1, d.to_string()))
                    }
                    _ => Val::Num(n),
                }
            })
        }
        Func::IsEmpty => predicate(first(), &|n| tri(n.value == Err(Na::Empty))),
        Func::IsNumber => predicate(first(), &|n| tri(n.value.is_ok())),
        Func::IsPlaceholder => predicate(first(), &|n| tri(n.value == Err(Na::Placeholder))),
        Func::IsAbsent => predicate(first(), &|n| {
            tri(matches!(n.value, Err(Na::Absent | Na::NotInTemplate)))
        }),
        Func::IsInteger => predicate(first(), &|n| number_test(n, Decimal::is_integer)),
        Func::NonNegative => predicate(first(), &|n| number_test(n, |d| !d.is_negative())),
        Func::Places => map(first(), &|v| places(v, "places", Decimal::scale)),
        Func::Decimals => map(first(), &|v| places(v, "decimals", Decimal::decimals)),
        Func::Contains => {
            let (Val::Section { sel, prev }, Some(needle)) = (first(), str_arg(ctx, &args[1], env))
            else {
                return Val::Bool(Truth::plain(Tri::Unknown(Na::Incomparable)));
            };
            let needle = compact(&needle);
            text_truth(ctx, sel, prev, &|text| {
                text.compact()
                    .iter()
                    .position(|s| s.contains(needle.as_ref()))
            })
        }
        Func::Matches => {
            let (Val::Section { sel, prev }, Some(re)) = (first(), pattern) else {
                return Val::Bool(Truth::plain(Tri::Unknown(Na::Incomparable)));
            };
            text_truth(ctx, sel, prev, &|text| {
                first_match(ctx, sel, prev, re, text)
            })
        }
        Func::Claims | Func::ClaimsAt => {
            let (Val::Section { sel, prev }, Some(re)) = (first(), pattern) else {
                return Val::Bool(Truth::plain(Tri::Unknown(Na::Incomparable)));
            };
            let found = cached_claims(ctx, sel, prev, re, ctx.trace.get());
            let found: Vec<Num> = if prev {
                found
                    .iter()
                    .map(|n| {
                        let (value, _, expr) = n.clone().into_parts();
                        Num::new(value, Vec::new(), expr)
                    })
                    .collect()
            } else {
                found.as_ref().clone()
            };
            let items = found
                .into_iter()
                .enumerate()
                .map(|(i, n)| (Key::Claim(i + 1), Val::Num(n)))
                .collect();
            Val::Coll {
                spread: true,
                keys: KeyKind::Claim,
                items,
            }
        }
        Func::HasUnit | Func::WasNormalised => {
            let unit = func == Func::HasUnit;
            predicate(first(), &|n| {
                let cell = n
                    .evidence()
                    .first()
                    .and_then(|e| ctx.report.cells.get(e.path.as_ref()))
                    .and_then(|s| s.cell());
                match cell.map(|c| &c.value) {
                    Some(CellValue::Number {
                        unit: u,
                        normalised,
                        ..
                    }) => tri(if unit { u.is_some() } else { *normalised }),
                    _ => Tri::Unknown(n.value.clone().err().unwrap_or(Na::Text)),
                }
            })
        }
        Func::Exists => {
            let v = vals();
            let Val::Section { sel, prev } = &v[0] else {
                return Val::Bool(Truth::plain(Tri::Unknown(Na::Incomparable)));
            };
            if *prev && ctx.previous.is_none() {
                return Val::Bool(Truth::plain(Tri::Unknown(Na::NoPrevious)));
            }
            Val::Bool(Truth::plain(tri(section_text(ctx, *sel, *prev).is_some())))
        }
        Func::Length => {
            let v = vals();
            let Val::Section { sel, prev } = &v[0] else {
                return Val::Num(missing());
            };
            Val::Num(match section_text(ctx, *sel, *prev) {
                // The file stops inside the section: how long it really is cannot be told.
                Some(text) if text.cut_off => Num::new(Err(Na::CutOff), Vec::new(), "—".into()),
                Some(text) => {
                    let n = text
                        .sentences
                        .iter()
                        .map(|s| s.text.chars().filter(|c| !is_space(*c)).count())
                        .sum::<usize>();
                    Num::lit(Decimal::from_int(i64::try_from(n).unwrap_or(i64::MAX)))
                }
                None => Num::new(
                    Err(if *prev && ctx.previous.is_none() {
                        Na::NoPrevious
                    } else {
                        Na::NoSection
                    }),
                    Vec::new(),
                    "—".into(),
                ),
            })
        }
        Func::Similarity => {
            let v = vals();
            let (Val::Section { sel: a, prev: pa }, Val::Section { sel: b, prev: pb }) =
                (&v[0], &v[1])
            else {
                return Val::Num(missing());
            };
            let text = |sel: SectionSel, prev: bool| {
                section_text(ctx, sel, prev).map(|text| {
                    text.sentences
                        .iter()
                        .map(|x| compact(&x.text))
                        .collect::<String>()
                })
            };
            Val::Num(match (text(*a, *pa), text(*b, *pb)) {
                (Some(x), Some(y)) => Num::lit(dice(&x, &y)),
                _ => Num::new(
                    Err(if (*pa || *pb) && ctx.previous.is_none() {
                        Na::NoPrevious
                    } else {
                        Na::NoSection
                    }),
                    Vec::new(),
                    "—".into(),
                ),
            })
        }
    }
}

/// A test of a number; unknown when the operand is not one.
fn number_test(n: &Num, test: fn(Decimal) -> bool) -> Tri {
    match &n.value {
        Ok(d) => tri(test(*d)),
        Err(e) => Tri::Unknown(e.clone()),
    }
}

/// A count of decimal places (`places`: as written, `decimals`: significant).
fn places<'r>(v: Val<'r>, name: &str, count: fn(Decimal) -> u32) -> Val<'r> {
    let n = as_num(v);
    let value = n
        .value
        .clone()
        .map(|d| Decimal::from_int(i64::from(count(d))));
    let expr = format!("{name}({})", n.expr());
    Val::Num(Num::new(value, n.into_parts().1, expr))
}

/// Dice coefficient of the character pairs of two texts, to 4 decimals (1 for two empty texts).
fn dice(a: &str, b: &str) -> Decimal {
    fn pairs(s: &str) -> BTreeMap<(char, char), i64> {
        let chars: Vec<char> = s.chars().collect();
        let mut m = BTreeMap::new();
        for w in chars.windows(2) {
            *m.entry((w[0], w[1])).or_insert(0) += 1;
        }
        m
    }
    let (pa, pb) = (pairs(a), pairs(b));
    let total: i64 = pa.values().sum::<i64>() + pb.values().sum::<i64>();
    if total == 0 {
        return Decimal::from_int(1);
    }
    let shared: i64 = pa
        .iter()
        .map(|(k, n)| (*n).min(*pb.get(k).unwrap_or(&0)))
        .sum();
    Decimal::from_int(2 * shared)
        .checked_div(Decimal::from_int(total), 4)
        .unwrap_or(Decimal::ZERO)
}

fn extreme(min: bool, a: Num, b: Num) -> Num {
    let value = match (&a.value, &b.value) {
        (Ok(x), Ok(y)) => Ok(if (x <= y) == min { *x } else { *y }),
        (Err(e), _) | (_, Err(e)) => Err(e.clone()),
    };
    let expr = format!(
        "{}({}, {})",
        if min { "min" } else { "max" },
        a.expr(),
        b.expr()
    );
    let mut evidence = a.into_parts().1;
    evidence.extend(b.into_parts().1);
    Num::new(value, evidence, expr)
}
