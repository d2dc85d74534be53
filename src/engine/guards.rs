//! Whether a rule's `when` guard holds, for the shapes guards take (the template or organ kind
//! compared with a string, the year compared with a number or tested by `is_number`, whether a
//! section exists, and `not`, `and` and `or` of these), without building values: every guard of
//! every rule is asked of every report, and the general evaluator's strings, numbers and truth
//! values with their evidence cost more than the checks. `None` for any other shape, which the
//! general evaluator then decides. Only whether a guard holds matters, not its evidence, so the
//! three truth values of the general evaluator's logic suffice.

use super::eval::{Ctx, compare_numbers, has_section};
use super::value::Tri;
use crate::decimal::Decimal;
use crate::rules::ast::CmpOp;
use crate::rules::builtins::Func;
use crate::rules::compiled::CExpr;

/// Whether `guard` holds for the report, when its shape is one this module reads.
pub fn holds(ctx: &Ctx<'_>, guard: &CExpr) -> Option<bool> {
    truth(ctx, guard).map(|t| t == Truth::True)
}

/// The general evaluator's truth values, without the reason for an unknown one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Truth {
    True,
    False,
    Unknown,
}

fn of(b: bool) -> Truth {
    if b { Truth::True } else { Truth::False }
}

fn truth(ctx: &Ctx<'_>, e: &CExpr) -> Option<Truth> {
    use Truth::{False, True, Unknown};
    Some(match e {
        CExpr::Bool(b) => of(*b),
        CExpr::Not(x) => match truth(ctx, x)? {
            True => False,
            False => True,
            Unknown => Unknown,
        },
        // As the general evaluator's logic: a false operand decides `and`, a true one `or`;
        // otherwise an unknown operand leaves the result unknown.
        CExpr::And(a, b) => match (truth(ctx, a)?, truth(ctx, b)?) {
            (False, _) | (_, False) => False,
            (Unknown, _) | (_, Unknown) => Unknown,
            _ => True,
        },
        CExpr::Or(a, b) => match (truth(ctx, a)?, truth(ctx, b)?) {
            (True, _) | (_, True) => True,
            (Unknown, _) | (_, Unknown) => Unknown,
            _ => False,
        },
        CExpr::Compare {
            op,
            lhs,
            rhs,
            tolerance,
        } => {
            if let (Some(x), Some(y)) = (text(ctx, lhs), text(ctx, rhs)) {
                // Strings are equal or not; every operator but `==` asks whether they differ.
                return Some(of(match op {
                    CmpOp::Eq => x == y,
                    _ => x != y,
                }));
            }
            match (number(ctx, lhs)?, number(ctx, rhs)?) {
                (Some(x), Some(y)) => match compare_numbers(*op, *tolerance, x, y) {
                    Tri::True => True,
                    Tri::False => False,
                    Tri::Unknown(_) => Unknown,
                },
                // A side that is no number (a report without a year).
                _ => Unknown,
            }
        }
        CExpr::Call { func, args, .. } => match (func, args.as_slice()) {
            (Func::IsNumber, [x]) => of(number(ctx, x)?.is_some()),
            (Func::Exists, [CExpr::Section(sel)]) => of(has_section(ctx, *sel, false)),
            // Without a previous report, its sections are not assessable.
            (Func::Exists, [CExpr::Prev(x)])
                if matches!(x.as_ref(), CExpr::Section(_)) && ctx.previous.is_none() =>
            {
                Unknown
            }
            _ => return None,
        },
        _ => return None,
    })
}

/// The string a string-valued expression has, for the shapes read here.
fn text<'c>(ctx: &'c Ctx<'_>, e: &'c CExpr) -> Option<&'c str> {
    match e {
        CExpr::Str(s) => Some(s),
        CExpr::Template => Some(&ctx.report.template),
        // An unknown kind is not assessable: the general evaluator says so.
        CExpr::OrganKind if ctx.report.meta.organ_kind != crate::report::OrganKind::Unknown => {
            Some(ctx.report.meta.organ_kind.as_str())
        }
        _ => None,
    }
}

/// The number a number-valued expression has (`Some(None)`: none, a report without a year),
/// for the shapes read here.
fn number(ctx: &Ctx<'_>, e: &CExpr) -> Option<Option<Decimal>> {
    match e {
        CExpr::Num(d) => Some(Some(*d)),
        CExpr::Year => Some(
            ctx.report
                .meta
                .year
                .as_ref()
                .map(|y| Decimal::from_int(i64::from(y.value))),
        ),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::super::Config;
    use super::super::eval::eval;
    use super::super::fast::tests::reports;
    use super::*;

    /// Wherever a guard is read here, it holds exactly when the general evaluator says so.
    #[test]
    fn guards_hold_as_the_general_evaluator_says() {
        let (set, errors) = crate::rules::load(crate::rules::national());
        assert!(errors.is_empty());
        let config = Config::new();
        let (mut read, mut left) = (0, 0);
        for (name, parsed) in reports() {
            let ctx = Ctx::new(&parsed.report, None, &config);
            ctx.trace.set(false);
            for rule in &set.rules {
                for guard in &rule.guards {
                    let general = super::super::holds(&eval(&ctx, guard, &[]));
                    match holds(&ctx, guard) {
                        Some(fast) => {
                            read += 1;
                            assert_eq!(fast, general, "{name}: {}", rule.id);
                        }
                        None => left += 1,
                    }
                }
            }
        }
        assert!(read > 1000 && left > 0, "{read} {left}");
    }
}
