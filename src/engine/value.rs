//! Run-time values of the rule language: exact numbers that carry their evidence, three-valued
//! truth, and collections (a row as a column vector, or a spread list of rows, columns or
//! claims). An operand that is not a number makes the result *not assessable*, never 0.

use crate::decimal::Decimal;
use crate::rules::ast::CmpOp;
use crate::rules::compiled::{SectionSel, TableRef};
use crate::source::Span;
use std::borrow::Cow;

/// Why a value is not a number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Na {
    /// The report has no such cell.
    Absent,
    /// The cell is empty.
    Empty,
    /// The cell holds a placeholder.
    Placeholder,
    /// The cell holds text.
    Text,
    /// The cell can be read several ways.
    Ambiguous,
    /// The report's template has no such cell.
    NotInTemplate,
    /// The narrative gives an approximate figure (`6574余条`).
    Approximate,
    /// The section is missing.
    NoSection,
    /// The file stops inside the section, so what it lacks may be in the missing part.
    CutOff,
    /// The report states no year.
    NoYear,
    /// The configuration has no such value.
    NoConfig,
    /// Arithmetic overflowed.
    Overflow,
    /// Values of different kinds were compared.
    Incomparable,
    /// A division by zero.
    DivByZero,
    /// The rule reads the previous year's report and none was given.
    NoPrevious,
    /// The report's title names no organ.
    NoOrgan,
}

impl Na {
    /// Chinese and English reasons.
    pub fn reason(&self) -> (&'static str, &'static str) {
        match self {
            Na::Absent => ("报告中没有该单元格", "the report has no such cell"),
            Na::Empty => ("单元格为空", "the cell is empty"),
            Na::Placeholder => (
                "单元格是占位符而不是数字",
                "the cell holds a placeholder, not a number",
            ),
            Na::Text => ("单元格不是数字", "the cell is not a number"),
            Na::Ambiguous => (
                "单元格有歧义（行列对不齐）",
                "the cell is ambiguous (misaligned row)",
            ),
            Na::NotInTemplate => (
                "报告所用模板没有该单元格",
                "the report's template has no such cell",
            ),
            Na::Approximate => (
                "正文给出的是约数",
                "the narrative gives an approximate figure",
            ),
            Na::NoSection => ("报告缺少该部分", "the report lacks that section"),
            Na::CutOff => (
                "文件在该部分中途结束（其后的部分缺失），未写到的内容可能在缺失的部分",
                "the file stops inside that section (the sections after it are missing): what it does not say may be in the missing part",
            ),
            Na::NoYear => ("报告未写明年度", "the report states no year"),
            Na::NoConfig => ("配置中没有该项", "the configuration has no such value"),
            Na::Overflow => ("数值溢出", "arithmetic overflow"),
            Na::Incomparable => (
                "值的类型不同，无法比较",
                "values of different kinds cannot be compared",
            ),
            Na::DivByZero => ("除数为零", "division by zero"),
            Na::NoOrgan => (
                "报告标题未写明机关名称",
                "the report's title names no organ",
            ),
            Na::NoPrevious => (
                "未提供上一年度报告（--previous）",
                "no previous year's report was given (--previous)",
            ),
        }
    }
}

/// A place in the report that a value came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evidence {
    /// Where.
    pub span: Span,
    /// The cell path (`sec3.new.total`) or a description (`s1`). Borrowed from the template
    /// for cells: a failing sum carries evidence for every cell it read.
    pub path: Cow<'static, str>,
    /// A human name (`一、本年新收… / 总计`), likewise borrowed for cells.
    pub name: Cow<'static, str>,
    /// The value as written.
    pub shown: String,
    /// The sentence a narrative number came from, shared by every claim read from it: a
    /// sentence of thousands of numbers must not be copied once per number.
    pub sentence: Option<std::sync::Arc<str>>,
}

/// A number, or why there is none, with its evidence and the arithmetic that produced it.
#[derive(Debug, Clone)]
pub struct Num {
    /// The value.
    pub value: Result<Decimal, Na>,
    /// Where the operands came from and the arithmetic as text; `None` when there is neither,
    /// as on the untraced path. Boxed because values are built and moved by the thousand per
    /// report and most carry neither: the box keeps a value small.
    trace: Option<Box<NumTrace>>,
}

/// The traced part of a [`Num`].
#[derive(Debug, Clone)]
struct NumTrace {
    evidence: Vec<Evidence>,
    /// The arithmetic as text (`1 + 0`); for a cell, its value.
    expr: String,
}

impl Num {
    /// A number with its evidence and arithmetic text.
    pub fn new(value: Result<Decimal, Na>, evidence: Vec<Evidence>, expr: String) -> Num {
        let trace = (!evidence.is_empty() || !expr.is_empty())
            .then(|| Box::new(NumTrace { evidence, expr }));
        Num { value, trace }
    }

    /// A number without evidence or text.
    pub fn plain(value: Result<Decimal, Na>) -> Num {
        Num { value, trace: None }
    }

    /// A literal.
    pub fn lit(d: Decimal) -> Num {
        Num::new(Ok(d), Vec::new(), d.to_string())
    }

    /// Where the operands came from.
    pub fn evidence(&self) -> &[Evidence] {
        self.trace.as_ref().map_or(&[], |t| &t.evidence)
    }

    /// The arithmetic as text (`1 + 0`); for a cell, its value; empty untraced.
    pub fn expr(&self) -> &str {
        self.trace.as_ref().map_or("", |t| &t.expr)
    }

    /// Moves the evidence out, leaving none.
    pub fn take_evidence(&mut self) -> Vec<Evidence> {
        self.trace
            .as_mut()
            .map_or_else(Vec::new, |t| std::mem::take(&mut t.evidence))
    }

    /// The value, evidence and arithmetic text.
    pub fn into_parts(self) -> (Result<Decimal, Na>, Vec<Evidence>, String) {
        match self.trace {
            Some(t) => (self.value, t.evidence, t.expr),
            None => (self.value, Vec::new(), String::new()),
        }
    }

    /// The value as shown in messages (`—` when there is none). Quotients are exact to 10
    /// places; more than 4 are rounded for display only.
    pub fn shown(&self) -> String {
        match &self.value {
            Ok(d) if d.scale() > 4 => d
                .checked_div(Decimal::from_int(1), 4)
                .unwrap_or(*d)
                .to_string(),
            Ok(d) => d.to_string(),
            Err(_) => "—".into(),
        }
    }
}

/// Three-valued truth.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Tri {
    /// Holds.
    True,
    /// Does not hold.
    False,
    /// Cannot be decided: an operand is not a number.
    Unknown(Na),
}

/// A truth value with its evidence and, for a comparison, both sides.
#[derive(Debug, Clone)]
pub struct Truth {
    /// The value.
    pub value: Tri,
    /// Where the operands came from.
    pub evidence: Vec<Evidence>,
    /// For a comparison: left side, right side, operator. The sides' evidence is moved into
    /// `evidence`; they keep their values and arithmetic.
    pub comparison: Option<Box<(Num, Num, CmpOp)>>,
}

impl Truth {
    /// A truth without evidence.
    pub fn plain(value: Tri) -> Truth {
        Truth {
            value,
            evidence: Vec::new(),
            comparison: None,
        }
    }
}

/// What a collection's keys are. The table is borrowed from the compiled rule: values are
/// built and dropped by the thousand per report, and cloning it was a measurable cost.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyKind<'r> {
    /// Column ids of a table.
    Column(&'r TableRef),
    /// Row ids of a table.
    Row(&'r TableRef),
    /// Narrative claims (index).
    Claim,
}

/// The key of a collection item: a row or column id from a bundled template, or the 1-based
/// number of a narrative claim. Copyable, so building collections allocates no key strings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    /// A template row or column id.
    Id(&'static str),
    /// A narrative claim, counted from 1.
    Claim(usize),
}

impl std::fmt::Display for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Key::Id(id) => f.write_str(id),
            Key::Claim(n) => write!(f, "{n}"),
        }
    }
}

/// A run-time value; `'r` is the lifetime of the compiled rules it was evaluated from.
#[derive(Debug, Clone)]
pub enum Val<'r> {
    /// A number.
    Num(Num),
    /// A truth value.
    Bool(Truth),
    /// A string.
    Str(String),
    /// Section text, of the previous year's report when `prev` is set.
    Section {
        /// Which text.
        sel: SectionSel,
        /// From the previous year's report.
        prev: bool,
    },
    /// A keyed collection. `spread` lists (rows of a group, a column range, claims) are
    /// separate arguments to `sum`; vectors (a row's columns) are one argument, combined
    /// element by element.
    Coll {
        /// Spread list (true) or vector (false).
        spread: bool,
        /// What the keys are.
        keys: KeyKind<'r>,
        /// Items in order.
        items: Vec<(Key, Val<'r>)>,
    },
}
