//! A failed comparison said in words for the note under a finding: `1.0000 大于 0.5（应不大于
//! 0.5）`, `1.0000 is greater than 0.5 (must be at most 0.5)`, never `1.0000 <= 0.5 不成立`.

use super::value::Num;
use crate::diagnostic::Text;
use crate::rules::ast::CmpOp;
use std::cmp::Ordering;

/// One side as shown: its value, after the arithmetic that made it when there is some
/// (`1 + 2 + 3 = 6`).
fn side(n: &Num) -> String {
    let shown = n.shown();
    if n.expr() == shown || n.expr().is_empty() {
        shown
    } else {
        [n.expr(), " = ", &shown].concat()
    }
}

/// A side in English: the engine marks values of the previous year's report `上年` in the
/// arithmetic, which English readers get as words.
fn side_en(side: &str) -> String {
    if side.contains("上年") {
        side.replace("上年 ", "last year's ")
            .replace("上年", "last year's ")
    } else {
        side.to_string()
    }
}

/// What the sides are to each other, in words.
fn relation(order: Ordering) -> (&'static str, &'static str) {
    match order {
        Ordering::Greater => ("大于", "is greater than"),
        Ordering::Less => ("小于", "is less than"),
        Ordering::Equal => ("等于", "equals"),
    }
}

/// What the rule asks of the left side, in words; the right side's value follows the words
/// except for (in)equality.
fn requirement(op: CmpOp) -> (&'static str, &'static str, bool) {
    match op {
        CmpOp::Eq => ("两者应相等", "they must be equal", false),
        CmpOp::Ne => ("两者应不相等", "they must differ", false),
        CmpOp::Lt => ("应小于 ", "must be less than ", true),
        CmpOp::Le => ("应不大于 ", "must be at most ", true),
        CmpOp::Gt => ("应大于 ", "must be greater than ", true),
        CmpOp::Ge => ("应不小于 ", "must be at least ", true),
    }
}

/// The note for `l op r` not holding: how the sides compare, and what was required. Texts
/// are concatenated, not `format!`ted, as in the rest of a finding's diagnostic.
pub fn failed_comparison(l: &Num, r: &Num, op: CmpOp) -> Text {
    let (lhs, rhs) = (side(l), side(r));
    let (want_zh, want_en, with_value) = requirement(op);
    let value = if with_value { r.shown() } else { String::new() };
    let (lhs_en, rhs_en) = (side_en(&lhs), side_en(&rhs));
    match (&l.value, &r.value) {
        (Ok(a), Ok(b)) => {
            let (zh, en) = relation(a.cmp(b));
            Text::new(
                [&lhs, " ", zh, " ", &rhs, "（", want_zh, &value, "）"].concat(),
                [&lhs_en, " ", en, " ", &rhs_en, " (", want_en, &value, ")"].concat(),
            )
        }
        // A failed comparison has numbers on both sides; should one be missing, the
        // requirement is still worth saying.
        _ => Text::new(
            [&lhs, " 与 ", &rhs, "：", want_zh, &value].concat(),
            [&lhs_en, " and ", &rhs_en, ": ", want_en, &value].concat(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decimal::Decimal;

    fn num(s: &str) -> Num {
        Num::lit(Decimal::parse(s).unwrap())
    }

    #[test]
    fn every_operator_reads_as_words_in_both_languages() {
        let cases = [
            (
                CmpOp::Le,
                "1.0000",
                "0.5",
                "1.0000 大于 0.5（应不大于 0.5）",
                "1.0000 is greater than 0.5 (must be at most 0.5)",
            ),
            (
                CmpOp::Lt,
                "2",
                "2",
                "2 等于 2（应小于 2）",
                "2 equals 2 (must be less than 2)",
            ),
            (
                CmpOp::Ge,
                "1",
                "3",
                "1 小于 3（应不小于 3）",
                "1 is less than 3 (must be at least 3)",
            ),
            (
                CmpOp::Gt,
                "0",
                "0",
                "0 等于 0（应大于 0）",
                "0 equals 0 (must be greater than 0)",
            ),
            (
                CmpOp::Eq,
                "7",
                "5",
                "7 大于 5（两者应相等）",
                "7 is greater than 5 (they must be equal)",
            ),
            (
                CmpOp::Ne,
                "4",
                "4",
                "4 等于 4（两者应不相等）",
                "4 equals 4 (they must differ)",
            ),
        ];
        for (op, l, r, zh, en) in cases {
            let note = failed_comparison(&num(l), &num(r), op);
            assert_eq!(note.zh, zh);
            assert_eq!(note.en, en);
            for symbol in ["<", ">", "=", "不成立", "does not hold"] {
                assert!(
                    !note.zh.contains(symbol) && !note.en.contains(symbol),
                    "{note:?}"
                );
            }
        }
    }

    #[test]
    fn last_years_values_read_as_words_in_english() {
        let prev = Num::new(Ok(Decimal::from_int(3)), Vec::new(), "上年 3".into());
        let note = failed_comparison(&num("2"), &prev, CmpOp::Eq);
        assert_eq!(note.zh, "2 小于 上年 3 = 3（两者应相等）");
        assert_eq!(
            note.en,
            "2 is less than last year's 3 = 3 (they must be equal)"
        );
    }

    #[test]
    fn a_computed_side_shows_its_arithmetic() {
        let sum = Num::new(Ok(Decimal::from_int(6)), Vec::new(), "1 + 2 + 3".into());
        let note = failed_comparison(&num("10"), &sum, CmpOp::Eq);
        assert_eq!(note.zh, "10 大于 1 + 2 + 3 = 6（两者应相等）");
    }
}
