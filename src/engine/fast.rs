//! The exact fast path of the first, untraced pass: decides that every instance of an
//! assertion holds by reading cell numbers directly and computing with [`Decimal`], without
//! building value trees. It covers the shapes the table rules use (a comparison of scalars or
//! of one table's column vectors, narrative claims against a scalar, `non_negative` and
//! `is_integer` of cells and their `and`). For anything else, and for any instance that does
//! not hold, it answers `None` and the general evaluator decides, so outcomes, counts and
//! findings are the general path's. For assertions separable by column it also tells which
//! columns hold, so that only the others are evaluated, traced, by the general path.

use super::eval::{
    ColumnNumbers as Columns, Ctx, DIV_SCALE, claimed_numbers, compare_numbers, row_cell_numbers,
    rows_cell_numbers, visit_cell_numbers,
};
use super::value::Tri;
use crate::decimal::Decimal;
use crate::rules::ast::ArithOp;
use crate::rules::builtins::Func;
use crate::rules::compiled::{CExpr, CellRef, ColSel, RowSel, TableRef};

/// The number of instances of `e` when the fast path can show that every one holds.
pub fn all_hold(ctx: &Ctx<'_>, e: &CExpr, env: &[&'static str]) -> Option<usize> {
    match e {
        CExpr::Compare {
            op,
            lhs,
            rhs,
            tolerance,
        } => {
            let holds = |x, y| compare_numbers(*op, *tolerance, x, y) == Tri::True;
            if let CExpr::Call {
                func: Func::Claims,
                args,
                pattern: Some(pattern),
                ..
            } = lhs.as_ref()
                && let [CExpr::Section(sel), ..] = args.as_slice()
            {
                // Each claim is compared with the other side: one instance per claim, none
                // (whatever the other side is) when the narrative claims nothing.
                let claimed = claimed_numbers(ctx, *sel, pattern);
                if claimed.is_empty() {
                    return Some(0);
                }
                let y = scalar(ctx, rhs, env)?;
                return claimed
                    .iter()
                    .all(|n| n.value.as_ref().is_ok_and(|x| holds(*x, y)))
                    .then_some(claimed.len());
            }
            if let (Some(x), Some(y)) = (scalar(ctx, lhs, env), scalar(ctx, rhs, env)) {
                return holds(x, y).then_some(1);
            }
            // Vectors of one table list the same columns in the same order: the general path
            // pairs them by position, one instance per column.
            let (table, xs) = vector(ctx, lhs, env)?;
            let (other, ys) = vector(ctx, rhs, env)?;
            (table == other
                && xs.len() == ys.len()
                && xs.iter().zip(&ys).all(|(x, y)| holds(*x, *y)))
            .then_some(xs.len())
        }
        CExpr::Call { func, args, .. } => cell_test(ctx, *func, args, env),
        // Both sides over the same cells pair up one to one: as many instances as one side.
        CExpr::And(a, b) if same_cells(a, b) => {
            let n = all_hold(ctx, a, env)?;
            (all_hold(ctx, b, env)? == n).then_some(n)
        }
        _ => None,
    }
}

/// Whether `e` is a comparison of two scalars of the shapes [`scalar`] reads, or a test of one
/// cell: when [`all_hold`] does not confirm it, its instance does not hold (a false comparison
/// or test, or a side that is no number, which the general path finds not assessable), so an
/// untraced evaluation would only say what the traced one says.
pub fn fails_unless_confirmed(e: &CExpr) -> bool {
    match e {
        CExpr::Compare { lhs, rhs, .. } => reads_scalar(lhs) && reads_scalar(rhs),
        CExpr::Call { func, args, .. } => {
            number_test(*func).is_some()
                && matches!(args.as_slice(), [CExpr::Cells(r, _)] if is_one_cell(r))
        }
        _ => false,
    }
}

/// Whether [`scalar`] reads every part of `e` (it may still find no number there).
fn reads_scalar(e: &CExpr) -> bool {
    match e {
        CExpr::Num(_) | CExpr::Year => true,
        CExpr::Cells(r, _) => is_one_cell(r),
        CExpr::Arith(_, a, b) => reads_scalar(a) && reads_scalar(b),
        CExpr::Call {
            func: Func::Sum,
            args,
            ..
        } => args.iter().all(|arg| match arg {
            CExpr::Cells(r, _) if spreads_numbers(r) => true,
            other => reads_scalar(other),
        }),
        _ => false,
    }
}

/// For `non_negative` or `is_integer` of a whole-row vector (or the `and` of both over the same
/// cells), the columns whose instance does not hold, in order, and how many do hold; `None` for
/// any other shape. A column holds exactly when its cell is a number that passes every test, as
/// in the general path; the columns that do not are left to it. For a comparison of vectors,
/// see [`compared_columns`].
pub fn columns_not_holding(
    ctx: &Ctx<'_>,
    e: &CExpr,
    env: &[&'static str],
) -> Option<(Vec<&'static str>, usize)> {
    if matches!(e, CExpr::Compare { .. }) {
        return compared_columns(ctx, e, env);
    }
    let mut tests: Vec<fn(Decimal) -> bool> = Vec::new();
    let cells = tested_row(e, &mut tests)?;
    let numbers = row_cell_numbers(ctx, cells, env)?;
    let failed: Vec<&'static str> = numbers
        .iter()
        .filter(|(_, n)| !n.is_some_and(|d| tests.iter().all(|test| test(d))))
        .map(|(c, _)| *c)
        .collect();
    let held = numbers.len() - failed.len();
    Some((failed, held))
}

/// For a comparison of two vectors of one table (the shapes [`vector`] reads), the columns
/// whose instance does not hold here, in order, and how many do. A column holds here when both
/// sides are numbers, computed as the general path computes them, that compare true; so it
/// holds there too. The others (a cell that is no number, an overflow, a comparison that is
/// false) are left to the general path, which may still find some of them true.
fn compared_columns(
    ctx: &Ctx<'_>,
    e: &CExpr,
    env: &[&'static str],
) -> Option<(Vec<&'static str>, usize)> {
    let CExpr::Compare {
        op,
        lhs,
        rhs,
        tolerance,
    } = e
    else {
        return None;
    };
    let (table, xs) = columns(ctx, lhs, env)?;
    let (other, ys) = columns(ctx, rhs, env)?;
    if table != other || xs.len() != ys.len() {
        return None;
    }
    let failed: Vec<&'static str> = xs
        .iter()
        .zip(&ys)
        .filter(|((_, x), (_, y))| {
            !matches!((x, y), (Some(x), Some(y))
                if compare_numbers(*op, *tolerance, *x, *y) == Tri::True)
        })
        .map(|((c, _), _)| *c)
        .collect();
    let held = xs.len() - failed.len();
    Some((failed, held))
}

/// [`vector`] column by column: the columns of a vector expression over one table, each with
/// its number when every cell it reads is a number and no step overflows, else `None` in that
/// column alone.
fn columns<'r>(
    ctx: &Ctx<'_>,
    e: &'r CExpr,
    env: &[&'static str],
) -> Option<(&'r TableRef, Columns)> {
    match e {
        CExpr::Cells(r, _)
            if matches!(r.col, ColSel::Vector) && !matches!(r.row, RowSel::Group(_)) =>
        {
            Some((&r.table, row_cell_numbers(ctx, r, env)?))
        }
        CExpr::Arith(op, a, b) => {
            let (table, xs) = columns(ctx, a, env)?;
            let (other, ys) = columns(ctx, b, env)?;
            if table != other || xs.len() != ys.len() {
                return None;
            }
            let zs = xs
                .into_iter()
                .zip(ys)
                .map(|((c, x), (_, y))| (c, x.zip(y).and_then(|(x, y)| arith(*op, x, y))));
            Some((table, zs.collect()))
        }
        CExpr::Call {
            func: Func::Sum,
            args,
            ..
        } => {
            // As in `vector`: rows added one after another, in the general path's order.
            let mut total: Option<(&TableRef, Columns)> = None;
            for arg in args {
                let CExpr::Cells(r, _) = arg else {
                    let (table, xs) = columns(ctx, arg, env)?;
                    total = Some(add_columns(total, table, xs)?);
                    continue;
                };
                if !matches!(r.col, ColSel::Vector) {
                    return None;
                }
                if ctx.column_count(&r.table) == 0 {
                    return None;
                }
                for row in rows_cell_numbers(ctx, r, env)? {
                    total = Some(add_columns(total, &r.table, row)?);
                }
            }
            total
        }
        _ => None,
    }
}

/// Adds a row's columns to a running total of the same table (`None` in a column where either
/// is not a number or the sum overflows).
fn add_columns<'r>(
    total: Option<(&'r TableRef, Columns)>,
    table: &'r TableRef,
    xs: Columns,
) -> Option<(&'r TableRef, Columns)> {
    let Some((other, mut sums)) = total else {
        return Some((table, xs));
    };
    if other != table || sums.len() != xs.len() {
        return None;
    }
    for ((_, s), (_, x)) in sums.iter_mut().zip(xs) {
        *s = s.zip(x).and_then(|(s, x)| s.checked_add(x));
    }
    Some((table, sums))
}

/// The cells `e` tests one by one and the tests, for [`columns_not_holding`].
fn tested_row<'e>(e: &'e CExpr, tests: &mut Vec<fn(Decimal) -> bool>) -> Option<&'e CellRef> {
    match e {
        CExpr::And(a, b) if same_cells(a, b) => {
            let cells = tested_row(a, tests)?;
            tested_row(b, tests)?;
            Some(cells)
        }
        CExpr::Call { func, args, .. } => {
            tests.push(number_test(*func)?);
            match args.as_slice() {
                [CExpr::Cells(r, _)] => Some(r),
                _ => None,
            }
        }
        _ => None,
    }
}

/// The test a cell-testing builtin applies to a number.
fn number_test(func: Func) -> Option<fn(Decimal) -> bool> {
    match func {
        Func::NonNegative => Some(|d| !d.is_negative()),
        Func::IsInteger => Some(Decimal::is_integer),
        _ => None,
    }
}

/// `non_negative` or `is_integer` of cells: one instance per cell.
fn cell_test(ctx: &Ctx<'_>, func: Func, args: &[CExpr], env: &[&'static str]) -> Option<usize> {
    let test = number_test(func)?;
    let [CExpr::Cells(r, _)] = args else {
        return None;
    };
    visit_cell_numbers(ctx, r, env, &mut |d| test(d))
}

/// The cells a one-argument builtin reads, for telling whether two tests read the same ones.
fn tested_cells(e: &CExpr) -> Option<&CellRef> {
    match e {
        CExpr::Call { args, .. } => match args.as_slice() {
            [CExpr::Cells(r, _)] => Some(r),
            _ => None,
        },
        _ => None,
    }
}

fn same_cells(a: &CExpr, b: &CExpr) -> bool {
    match (tested_cells(a), tested_cells(b)) {
        (Some(x), Some(y)) => x.table == y.table && x.row == y.row && x.col == y.col,
        _ => false,
    }
}

/// Whether a cell selection is one row and one column (a scalar).
fn is_one_cell(r: &CellRef) -> bool {
    matches!(r.row, RowSel::Id(_) | RowSel::Var(_))
        && matches!(r.col, ColSel::Id(_) | ColSel::Var(_))
}

/// Whether `sum` spreads a cell selection into numbers: a range of one row's columns, or one
/// column of a group of rows.
fn spreads_numbers(r: &CellRef) -> bool {
    matches!(
        (&r.row, &r.col),
        (RowSel::Id(_) | RowSel::Var(_), ColSel::Spread(_))
            | (RowSel::Group(_), ColSel::Id(_) | ColSel::Var(_))
    )
}

/// The value of a scalar expression when it is a number.
fn scalar(ctx: &Ctx<'_>, e: &CExpr, env: &[&'static str]) -> Option<Decimal> {
    match e {
        CExpr::Num(d) => Some(*d),
        CExpr::Year => ctx
            .report
            .meta
            .year
            .as_ref()
            .map(|y| Decimal::from_int(i64::from(y.value))),
        CExpr::Cells(r, _) if is_one_cell(r) => {
            let mut value = None;
            visit_cell_numbers(ctx, r, env, &mut |d| {
                value = Some(d);
                true
            })?;
            value
        }
        CExpr::Arith(op, a, b) => arith(*op, scalar(ctx, a, env)?, scalar(ctx, b, env)?),
        CExpr::Call {
            func: Func::Sum,
            args,
            ..
        } => {
            // Folded left to right from the first item, as the general path does (an empty
            // sum is 0): overflow is then detected at the same step.
            let mut total: Option<Decimal> = None;
            let mut add = |d: Decimal| match total {
                None => {
                    total = Some(d);
                    true
                }
                Some(t) => {
                    total = t.checked_add(d);
                    total.is_some()
                }
            };
            for arg in args {
                match arg {
                    CExpr::Cells(r, _) if spreads_numbers(r) => {
                        visit_cell_numbers(ctx, r, env, &mut add)?;
                    }
                    other => {
                        if !add(scalar(ctx, other, env)?) {
                            return None;
                        }
                    }
                }
            }
            Some(total.unwrap_or(Decimal::ZERO))
        }
        _ => None,
    }
}

/// The columns of a vector expression over one table, when all are numbers.
fn vector<'r>(
    ctx: &Ctx<'_>,
    e: &'r CExpr,
    env: &[&'static str],
) -> Option<(&'r TableRef, Vec<Decimal>)> {
    match e {
        CExpr::Cells(r, _)
            if matches!(r.col, ColSel::Vector) && !matches!(r.row, RowSel::Group(_)) =>
        {
            Some((&r.table, row_vector(ctx, r, env)?))
        }
        CExpr::Arith(op, a, b) => {
            let (table, xs) = vector(ctx, a, env)?;
            let (other, ys) = vector(ctx, b, env)?;
            if table != other || xs.len() != ys.len() {
                return None;
            }
            let zs = xs.iter().zip(&ys).map(|(x, y)| arith(*op, *x, *y));
            Some((table, zs.collect::<Option<_>>()?))
        }
        CExpr::Call {
            func: Func::Sum,
            args,
            ..
        } => {
            // Each argument is one row's vector or a group of rows spread into vectors; the
            // running total is kept per column, added in the general path's order.
            let mut total: Option<(&TableRef, Vec<Decimal>)> = None;
            for arg in args {
                let CExpr::Cells(r, _) = arg else {
                    let (table, xs) = vector(ctx, arg, env)?;
                    total = Some(add_vectors(total, table, xs)?);
                    continue;
                };
                if !matches!(r.col, ColSel::Vector) {
                    return None;
                }
                match &r.row {
                    RowSel::Group(_) => {
                        // The group's rows one after another, each as long as the columns.
                        let numbers = row_vector(ctx, r, env)?;
                        let width = ctx.column_count(&r.table);
                        if width == 0 {
                            return None;
                        }
                        for row in numbers.chunks(width) {
                            total = Some(add_vectors(total, &r.table, row.to_vec())?);
                        }
                    }
                    _ => total = Some(add_vectors(total, &r.table, row_vector(ctx, r, env)?)?),
                }
            }
            total
        }
        _ => None,
    }
}

/// The numbers of the selected cells, row after row.
fn row_vector(ctx: &Ctx<'_>, r: &CellRef, env: &[&'static str]) -> Option<Vec<Decimal>> {
    let mut numbers = Vec::new();
    visit_cell_numbers(ctx, r, env, &mut |d| {
        numbers.push(d);
        true
    })?;
    Some(numbers)
}

/// Adds a vector to a running total of the same table.
fn add_vectors<'r>(
    total: Option<(&'r TableRef, Vec<Decimal>)>,
    table: &'r TableRef,
    xs: Vec<Decimal>,
) -> Option<(&'r TableRef, Vec<Decimal>)> {
    let Some((other, mut sums)) = total else {
        return Some((table, xs));
    };
    if other != table || sums.len() != xs.len() {
        return None;
    }
    for (s, x) in sums.iter_mut().zip(xs) {
        *s = s.checked_add(x)?;
    }
    Some((table, sums))
}

/// Exact arithmetic as the general path does it; `None` on overflow or division by zero.
fn arith(op: ArithOp, x: Decimal, y: Decimal) -> Option<Decimal> {
    match op {
        ArithOp::Add => x.checked_add(y),
        ArithOp::Sub => x.checked_sub(y),
        ArithOp::Mul => x.checked_mul(y),
        ArithOp::Div if y == Decimal::ZERO => None,
        ArithOp::Div => x.checked_div(y, DIV_SCALE),
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::super::{Bindings, all_true, eval::eval, eval::separable_by_column};
    use super::*;
    use crate::engine::Config;

    /// The seeds and the layout fixtures, plus copies of each with one zero after another
    /// turned into 7, so that sums break and the fast path meets failing instances too.
    pub(in crate::engine) fn reports() -> Vec<(String, crate::Parsed)> {
        let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
        let mut out = Vec::new();
        for dir in ["seeds", "layouts"] {
            let mut paths: Vec<_> = std::fs::read_dir(data.join(dir))
                .unwrap()
                .flatten()
                .map(|e| e.path())
                .collect();
            paths.sort();
            for path in paths {
                let text = std::fs::read_to_string(&path).unwrap();
                let name = path.display().to_string();
                let zeros: Vec<usize> = text.match_indices("\t0").map(|(i, _)| i + 1).collect();
                for (k, at) in std::iter::once(None)
                    .chain(zeros.iter().step_by(7).map(Some))
                    .enumerate()
                {
                    let mut edited = text.clone();
                    if let Some(&at) = at {
                        edited.replace_range(at..at + 1, "7");
                    }
                    let parsed = crate::parse_bytes(&name, edited.as_bytes(), None).unwrap();
                    out.push((format!("{name} #{k}"), parsed));
                }
            }
        }
        out
    }

    /// The fast path may only confirm: wherever it says every instance holds, the general
    /// evaluator says so too, with the same number of instances; and where it tells which
    /// columns do not hold, they are the ones the general evaluator does not find true.
    #[test]
    fn the_fast_path_agrees_with_the_general_evaluator() {
        let (set, errors) = crate::rules::load(crate::rules::national());
        assert!(errors.is_empty());
        let config = Config::new();
        let (mut confirmed, mut declined) = (0, 0);
        let (mut by_column, mut failed_columns) = (0, 0);
        for (name, parsed) in reports() {
            let ctx = Ctx::new(&parsed.report, None, &config);
            ctx.trace.set(false);
            for rule in &set.rules {
                for assertion in &rule.assertions {
                    let domains: Vec<Vec<&'static str>> =
                        assertion.vars.iter().map(|(_, d)| ctx.domain(d)).collect();
                    let mut bindings = Bindings::new(&domains);
                    while let Some(env) = bindings.next() {
                        let untraced = eval(&ctx, &assertion.expr, env);
                        let general = all_true(&untraced);
                        match all_hold(&ctx, &assertion.expr, env) {
                            Some(n) => {
                                confirmed += 1;
                                assert_eq!(general, Some(n), "{name}: {} {env:?}", rule.id);
                            }
                            None => {
                                declined += 1;
                                // Where it cannot confirm a comparison of scalars or a test of
                                // one cell, the general evaluator does not find it true either.
                                if fails_unless_confirmed(&assertion.expr) {
                                    assert_eq!(general, None, "{name}: {} {env:?}", rule.id);
                                }
                            }
                        }
                        // Per column, it tells exactly the columns the general path does not
                        // find true.
                        if separable_by_column(&assertion.expr)
                            && let Some(fast) = columns_not_holding(&ctx, &assertion.expr, env)
                        {
                            by_column += 1;
                            failed_columns += fast.0.len();
                            let general = super::super::columns_not_holding(&untraced);
                            assert_eq!(general, Some(fast), "{name}: {} {env:?}", rule.id);
                        }
                    }
                }
            }
        }
        // Both branches are exercised, or the comparison proves nothing.
        assert!(confirmed > 1000 && declined > 100, "{confirmed} {declined}");
        assert!(
            by_column > 100 && failed_columns > 10,
            "{by_column} {failed_columns}"
        );
    }
}
