//! The rule-file syntax tree: what a rule file says, with spans, before names are resolved.

use crate::decimal::Decimal;
use crate::diagnostic::Severity;
use crate::source::Span;

/// A value with the span it was written at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spanned<T> {
    /// The value.
    pub node: T,
    /// Where it was written.
    pub span: Span,
}

/// A parsed rule file.
#[derive(Debug, Clone, Default)]
pub struct RuleFile {
    /// Rules in file order.
    pub rules: Vec<RuleAst>,
    /// Named word lists in file order.
    pub lists: Vec<ListDef>,
}

/// `list NAME = ["…", "…"]`: a named list of regular-expression fragments that `matches` and
/// `claims` patterns use as `{NAME}`.
#[derive(Debug, Clone)]
pub struct ListDef {
    /// The name.
    pub name: Spanned<String>,
    /// The items, each a regular-expression fragment (usually a plain word).
    pub items: Vec<Spanned<String>>,
    /// The whole definition.
    pub span: Span,
}

/// One rule as written.
#[derive(Debug, Clone)]
pub struct RuleAst {
    /// The id within its pack (`sec3-balance`).
    pub id: Spanned<String>,
    /// The whole rule.
    pub span: Span,
    /// Chinese title.
    pub title: Option<Spanned<String>>,
    /// English title (`title.en`).
    pub title_en: Option<Spanned<String>>,
    /// Severity.
    pub severity: Option<Spanned<Severity>>,
    /// Message template with `{…}` placeholders: the default of every assertion.
    pub message: Option<Spanned<String>>,
    /// English message template (`message.en`).
    pub message_en: Option<Spanned<String>>,
    /// Help text.
    pub help: Option<Spanned<String>>,
    /// English help text (`help.en`).
    pub help_en: Option<Spanned<String>>,
    /// Documentation text.
    pub doc: Option<Spanned<String>>,
    /// Named expressions (`let NAME = EXPR`), in order.
    pub lets: Vec<LetDef>,
    /// Applicability guards (all must hold).
    pub guards: Vec<Expr>,
    /// Assertions (each must hold).
    pub assertions: Vec<Assertion>,
    /// Metadata fields written more than once: (field name, span of the repeat).
    pub repeated: Vec<(&'static str, Span)>,
    /// Where `locked` is written, if it is.
    pub locked: Option<Span>,
}

impl RuleAst {
    /// A rule with its id and extent and no fields yet: the parsers fill them in.
    pub fn new(id: Spanned<String>, span: Span) -> RuleAst {
        RuleAst {
            id,
            span,
            title: None,
            title_en: None,
            severity: None,
            message: None,
            message_en: None,
            help: None,
            help_en: None,
            doc: None,
            lets: Vec::new(),
            guards: Vec::new(),
            assertions: Vec::new(),
            repeated: Vec::new(),
            locked: None,
        }
    }
}

/// `let NAME = EXPR`: a name for an expression within one rule.
#[derive(Debug, Clone)]
pub struct LetDef {
    /// The name.
    pub name: Spanned<String>,
    /// What it stands for.
    pub expr: Expr,
}

/// `assert for c in sec3.columns: … { message "…" item "…" }`.
#[derive(Debug, Clone)]
pub struct Assertion {
    /// Quantifiers, outermost first.
    pub quantifiers: Vec<Quantifier>,
    /// The asserted expression.
    pub expr: Expr,
    /// The assertion's own texts (`{ … }` after the expression); all `None` without them.
    pub texts: AssertTexts,
    /// The whole assertion.
    pub span: Span,
}

/// What an assertion may say of itself, overriding the rule's message for its findings.
#[derive(Debug, Clone, Default)]
pub struct AssertTexts {
    /// Message template for this assertion's findings.
    pub message: Option<Spanned<String>>,
    /// Its English variant.
    pub message_en: Option<Spanned<String>>,
    /// The short name of what the assertion checks (`工作考核`), listed by `{items}`.
    pub item: Option<Spanned<String>>,
    /// Its English variant.
    pub item_en: Option<Spanned<String>>,
    /// Fields written more than once: (field name, span of the repeat).
    pub repeated: Vec<(&'static str, Span)>,
}

/// `for c in sec3.columns:`.
#[derive(Debug, Clone)]
pub struct Quantifier {
    /// The bound variable.
    pub var: Spanned<String>,
    /// What it ranges over.
    pub domain: Reference,
}

/// An expression with its span.
#[derive(Debug, Clone)]
pub struct Expr {
    /// What it is.
    pub kind: ExprKind,
    /// Where.
    pub span: Span,
}

/// Binary arithmetic operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArithOp {
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `/` (exact to 10 decimal places, rounded half away from zero)
    Div,
}

/// Comparison operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CmpOp {
    /// `==`
    Eq,
    /// `!=`
    Ne,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
}

impl CmpOp {
    /// The operator as written.
    pub fn symbol(self) -> &'static str {
        match self {
            CmpOp::Eq => "==",
            CmpOp::Ne => "!=",
            CmpOp::Lt => "<",
            CmpOp::Le => "<=",
            CmpOp::Gt => ">",
            CmpOp::Ge => ">=",
        }
    }
}

/// Expression forms.
#[derive(Debug, Clone)]
pub enum ExprKind {
    /// A number literal.
    Number(Decimal),
    /// A string literal.
    Str(String),
    /// `true` / `false`.
    Bool(bool),
    /// A cell, row, section or metadata reference.
    Ref(Reference),
    /// A builtin call.
    Call {
        /// Function name.
        name: Spanned<String>,
        /// Arguments.
        args: Vec<Expr>,
    },
    /// `-x`.
    Neg(Box<Expr>),
    /// `not x`.
    Not(Box<Expr>),
    /// `a + b`, `a - b`, `a * b`.
    Arith(ArithOp, Box<Expr>, Box<Expr>),
    /// `a == b [within t]`.
    Compare {
        /// Operator.
        op: CmpOp,
        /// Left side.
        lhs: Box<Expr>,
        /// Right side.
        rhs: Box<Expr>,
        /// Absolute tolerance.
        tolerance: Option<Decimal>,
    },
    /// `a and b`.
    And(Box<Expr>, Box<Expr>),
    /// `a or b`.
    Or(Box<Expr>, Box<Expr>),
}

/// A dotted/indexed reference such as `sec3.new[c]`.
#[derive(Debug, Clone)]
pub struct Reference {
    /// The first name.
    pub root: Spanned<String>,
    /// The rest.
    pub segments: Vec<Segment>,
    /// The whole reference.
    pub span: Span,
}

/// One step of a reference.
#[derive(Debug, Clone)]
pub struct Segment {
    /// What the step names.
    pub kind: SegmentKind,
    /// Written as `[…]` rather than `.…`.
    pub bracket: bool,
    /// Where.
    pub span: Span,
}

/// What a reference step names.
#[derive(Debug, Clone)]
pub enum SegmentKind {
    /// A name or quoted label.
    Name(String),
    /// `*`: every row of a group, or every column.
    Star,
    /// `a..b`: the columns from `a` to `b`.
    Range(Spanned<String>, Spanned<String>),
}
