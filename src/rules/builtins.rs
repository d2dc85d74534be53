//! The builtin functions of the rule language: name, arity, argument and result kinds, and one
//! documented example each (docs/rules.md is checked against this table).

/// What kind of value an expression has (shape aside: scalars, column vectors and lists of
/// either take the same kind).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A number (a cell, a literal, arithmetic).
    Num,
    /// A truth value.
    Bool,
    /// A string.
    Str,
    /// Section text (`s1` … `s6`, `preamble`, `text`).
    Section,
    /// Anything (checked at run time).
    Any,
}

impl Kind {
    /// Chinese name for messages.
    pub fn zh(self) -> &'static str {
        match self {
            Kind::Num => "数值",
            Kind::Bool => "真假值",
            Kind::Str => "字符串",
            Kind::Section => "部分正文",
            Kind::Any => "任意值",
        }
    }

    /// English name for messages.
    pub fn en(self) -> &'static str {
        match self {
            Kind::Num => "number",
            Kind::Bool => "boolean",
            Kind::Str => "string",
            Kind::Section => "section text",
            Kind::Any => "any value",
        }
    }
}

/// A builtin function.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Func {
    /// Elementwise sum of the arguments (lists are spread).
    Sum,
    /// Elementwise minimum.
    Min,
    /// Elementwise maximum.
    Max,
    /// Absolute value.
    Abs,
    /// Rounded to n decimal places, half away from zero (四舍五入).
    Round,
    /// Number of true values or present numbers.
    Count,
    /// A number in place of an empty, absent or placeholder cell.
    Default,
    /// The cell is present but empty.
    IsEmpty,
    /// The cell holds a number.
    IsNumber,
    /// The cell holds a placeholder (`/`, `—`, `无` …).
    IsPlaceholder,
    /// The cell holds a whole number.
    IsInteger,
    /// The report has no cell here.
    IsAbsent,
    /// The number is zero or more.
    NonNegative,
    /// Significant decimal places of a number.
    Decimals,
    /// Decimal places as written (`0.0000` has 4).
    Places,
    /// The section text contains a string.
    Contains,
    /// The section text matches a regular expression.
    Matches,
    /// Numbers claimed in the section's sentences by a pattern with `{n}`.
    Claims,
    /// Numbers claimed where the k-th of several `{n}` stands (matches of one pattern line up).
    ClaimsAt,
    /// The cell's number was written with a unit (`251000元`).
    HasUnit,
    /// Reading the cell's number needed cleaning (NBSP, full-width digits, separators).
    WasNormalised,
    /// The section exists in the report.
    Exists,
    /// Characters of the section text, whitespace excluded.
    Length,
    /// Shared character pairs of two texts (Dice coefficient, 0 to 1, 4 decimals).
    Similarity,
}

/// One builtin's signature and documentation.
pub struct Builtin {
    /// The function.
    pub func: Func,
    /// Its name in rule files.
    pub name: &'static str,
    /// Parameter kinds; the last repeats when `variadic`.
    pub params: &'static [Kind],
    /// Whether the last parameter repeats (at least once).
    pub variadic: bool,
    /// Result kind.
    pub result: Kind,
    /// One line of documentation.
    pub doc: &'static str,
    /// An example assertion using it.
    pub example: &'static str,
}

/// Every builtin.
pub const BUILTINS: &[Builtin] = &[
    Builtin {
        func: Func::Sum,
        name: "sum",
        params: &[Kind::Num],
        variadic: true,
        result: Kind::Num,
        doc: "sum of the arguments, column by column; `*` and `a..b` spread rows and columns",
        example: "sum(sec3.new, sec3.carried_in) == sum(sec3.results.total, sec3.carried_out)",
    },
    Builtin {
        func: Func::Round,
        name: "round",
        params: &[Kind::Num, Kind::Num],
        variadic: false,
        result: Kind::Num,
        doc: "rounded to n decimal places (a whole-number literal, 0 to 18), half away from zero (四舍五入)",
        example: "round(sec2.art20_8.admin_fees.amount, 2) == sec2.art20_8.admin_fees.amount",
    },
    Builtin {
        func: Func::Min,
        name: "min",
        params: &[Kind::Num],
        variadic: true,
        result: Kind::Num,
        doc: "smallest argument, column by column",
        example: "min(sec3.new[*]) >= 0",
    },
    Builtin {
        func: Func::Max,
        name: "max",
        params: &[Kind::Num],
        variadic: true,
        result: Kind::Num,
        doc: "largest argument, column by column",
        example: "max(sec4.review[upheld..pending]) <= sec4.review.total",
    },
    Builtin {
        func: Func::Abs,
        name: "abs",
        params: &[Kind::Num],
        variadic: false,
        result: Kind::Num,
        doc: "absolute value",
        example: "abs(sec2.art20_5.admin_license.delta) <= sec2.art20_5.admin_license.prev_items",
    },
    Builtin {
        func: Func::Count,
        name: "count",
        params: &[Kind::Any],
        variadic: true,
        result: Kind::Num,
        doc: "how many arguments are true (or are present numbers)",
        example: "count(is_empty(sec3.*)) <= 10",
    },
    Builtin {
        func: Func::Default,
        name: "default",
        params: &[Kind::Num, Kind::Num],
        variadic: false,
        result: Kind::Num,
        doc: "the value, or the second argument when the cell is empty, absent or a placeholder",
        example: "default(sec3.new.total, 0) >= 0",
    },
    Builtin {
        func: Func::IsEmpty,
        name: "is_empty",
        params: &[Kind::Num],
        variadic: false,
        result: Kind::Bool,
        doc: "the cell exists but holds nothing",
        example: "not is_empty(sec3.new)",
    },
    Builtin {
        func: Func::IsNumber,
        name: "is_number",
        params: &[Kind::Num],
        variadic: false,
        result: Kind::Bool,
        doc: "the cell holds a number",
        example: "is_number(sec4.review.total)",
    },
    Builtin {
        func: Func::IsPlaceholder,
        name: "is_placeholder",
        params: &[Kind::Num],
        variadic: false,
        result: Kind::Bool,
        doc: "the cell holds a placeholder such as `/`, `—`, `-`, `无`",
        example: "not is_placeholder(sec3.new)",
    },
    Builtin {
        func: Func::IsInteger,
        name: "is_integer",
        params: &[Kind::Num],
        variadic: false,
        result: Kind::Bool,
        doc: "the cell holds a whole number",
        example: "is_integer(sec2.art20_5.admin_license.decisions)",
    },
    Builtin {
        func: Func::IsAbsent,
        name: "is_absent",
        params: &[Kind::Num],
        variadic: false,
        result: Kind::Bool,
        doc: "the report has no cell at this place",
        example: "not is_absent(sec3.new.total)",
    },
    Builtin {
        func: Func::NonNegative,
        name: "non_negative",
        params: &[Kind::Num],
        variadic: false,
        result: Kind::Bool,
        doc: "the number is zero or more",
        example: "non_negative(sec3.carried_out)",
    },
    Builtin {
        func: Func::Decimals,
        name: "decimals",
        params: &[Kind::Num],
        variadic: false,
        result: Kind::Num,
        doc: "significant decimal places of the number",
        example: "decimals(sec2.art20_8.admin_fees.amount) <= 4",
    },
    Builtin {
        func: Func::Places,
        name: "places",
        params: &[Kind::Num],
        variadic: false,
        result: Kind::Num,
        doc: "decimal places as written (`0.0000` has 4, `1.50` has 2)",
        example: "places(sec2.art20_8.admin_fees.amount) == 4",
    },
    Builtin {
        func: Func::Contains,
        name: "contains",
        params: &[Kind::Section, Kind::Str],
        variadic: false,
        result: Kind::Bool,
        doc: "the section text contains the string (whitespace ignored)",
        example: "contains(s6, \"信息处理费\")",
    },
    Builtin {
        func: Func::Matches,
        name: "matches",
        params: &[Kind::Section, Kind::Str],
        variadic: false,
        result: Kind::Bool,
        doc: "some sentence of the section matches the regular expression",
        example: "matches(s6, \"(未|没有)收取.*费\")",
    },
    Builtin {
        func: Func::Claims,
        name: "claims",
        params: &[Kind::Section, Kind::Str],
        variadic: false,
        result: Kind::Num,
        doc: "the numbers that sentences of the section state where the pattern's `{n}` stands; full-width digits, thousands separators, Chinese numerals and `余` are understood",
        example: "claims(s1, \"现行有效(行政)?规范性文件{n}\") == sec2.art20_1.normative_docs.in_force",
    },
    Builtin {
        func: Func::ClaimsAt,
        name: "claims_at",
        params: &[Kind::Section, Kind::Str, Kind::Num],
        variadic: false,
        result: Kind::Num,
        doc: "the numbers where the k-th `{n}` of a pattern with several stands, one per match (a slot the match skips is absent); calls with one pattern pair up match by match",
        example: "claims_at(s1, \"{n}件，其中[^，。；]*?{n}件\", 2) <= claims_at(s1, \"{n}件，其中[^，。；]*?{n}件\", 1)",
    },
    Builtin {
        func: Func::HasUnit,
        name: "has_unit",
        params: &[Kind::Num],
        variadic: false,
        result: Kind::Bool,
        doc: "the cell's number was written with a unit such as `元`",
        example: "not has_unit(sec2.art20_9.gov_procurement.amount)",
    },
    Builtin {
        func: Func::WasNormalised,
        name: "was_normalised",
        params: &[Kind::Num],
        variadic: false,
        result: Kind::Bool,
        doc: "reading the cell needed cleaning (NBSP, full-width digits, thousands separators)",
        example: "not was_normalised(sec3.carried_out)",
    },
    Builtin {
        func: Func::Exists,
        name: "exists",
        params: &[Kind::Section],
        variadic: false,
        result: Kind::Bool,
        doc: "the section has a heading in the report",
        example: "exists(s5)",
    },
    Builtin {
        func: Func::Length,
        name: "length",
        params: &[Kind::Section],
        variadic: false,
        result: Kind::Num,
        doc: "characters of the section text, whitespace excluded",
        example: "length(s5) >= 10",
    },
    Builtin {
        func: Func::Similarity,
        name: "similarity",
        params: &[Kind::Section, Kind::Section],
        variadic: false,
        result: Kind::Num,
        doc: "how much two texts share: Dice coefficient of character pairs, 0 to 1 (4 decimals)",
        example: "similarity(text, prev.text) <= 0.5",
    },
];

/// The builtin named `name`.
pub fn lookup(name: &str) -> Option<&'static Builtin> {
    BUILTINS.iter().find(|b| b.name == name)
}
