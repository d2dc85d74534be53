//! Compiled rules: names resolved against the templates, builtins bound, regexes built. This is
//! what the engine evaluates; it never sees the syntax tree.

use super::ast::{ArithOp, CmpOp, Spanned};
use super::builtins::Func;
use super::matcher::Regex;
use super::message::Message;
use crate::decimal::Decimal;
use crate::diagnostic::{Lang, Severity, Text};
use crate::source::Span;
use std::sync::Arc;

/// Which table a cell reference reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TableRef {
    /// A section-2 sub-table (`art20_1` …).
    Sec2(String),
    /// The section-3 table.
    Sec3,
    /// The section-4 table (its rows are the three groups).
    Sec4,
}

impl TableRef {
    /// The path prefix of the table's cells (`sec2.art20_1`, `sec3`, `sec4`).
    pub fn prefix(&self) -> String {
        match self {
            TableRef::Sec2(t) => format!("sec2.{t}"),
            TableRef::Sec3 => "sec3".into(),
            TableRef::Sec4 => "sec4".into(),
        }
    }
}

/// Which rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowSel {
    /// One row by id.
    Id(String),
    /// The row bound to a quantifier variable.
    Var(usize),
    /// Every row whose id is the group id or starts with it and a dot (`""`: every row).
    Group(String),
}

/// Which columns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ColSel {
    /// One column by id.
    Id(String),
    /// The column bound to a quantifier variable.
    Var(usize),
    /// All columns as one vector, compared column by column.
    Vector,
    /// The columns `a..b` (or all with `None`) spread as separate arguments.
    Spread(Option<(String, String)>),
}

/// A reference to template cells.
#[derive(Debug, Clone)]
pub struct CellRef {
    /// Table.
    pub table: TableRef,
    /// Rows.
    pub row: RowSel,
    /// Columns.
    pub col: ColSel,
}

/// What a quantifier ranges over.
#[derive(Debug, Clone)]
pub struct Domain {
    /// The table.
    pub table: TableRef,
    /// Rows (with a group filter) or columns.
    pub rows: bool,
    /// Row group filter (`""` for all rows).
    pub group: String,
}

/// Narrative text a function reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SectionSel {
    /// Section `s1` … `s6` (index 0 … 5).
    Section(usize),
    /// The paragraphs before section 1.
    Preamble,
    /// All narrative text.
    All,
    /// The title.
    Title,
}

/// A compiled expression.
#[derive(Debug, Clone)]
pub enum CExpr {
    /// A number.
    Num(Decimal),
    /// A string.
    Str(String),
    /// A truth value.
    Bool(bool),
    /// The report year.
    Year,
    /// The template id.
    Template,
    /// The organ kind (`people-government` …).
    OrganKind,
    /// The organ's name from the title, normalised (letters and digits only).
    Organ,
    /// A configuration value.
    Config(String),
    /// Section text.
    Section(SectionSel),
    /// A quantifier variable's current id, as a string.
    Var(usize),
    /// Template cells.
    Cells(CellRef, Span),
    /// A builtin call; `pattern` is the compiled regex of `matches` and `claims`.
    Call {
        /// The function.
        func: Func,
        /// Arguments.
        args: Vec<CExpr>,
        /// Compiled pattern.
        pattern: Option<Arc<Pattern>>,
        /// The call's span.
        span: Span,
    },
    /// `-x`.
    Neg(Box<CExpr>),
    /// `not x`.
    Not(Box<CExpr>),
    /// Arithmetic.
    Arith(ArithOp, Box<CExpr>, Box<CExpr>),
    /// Comparison.
    Compare {
        /// Operator.
        op: CmpOp,
        /// Left.
        lhs: Box<CExpr>,
        /// Right.
        rhs: Box<CExpr>,
        /// Absolute tolerance.
        tolerance: Option<Decimal>,
    },
    /// Conjunction.
    And(Box<CExpr>, Box<CExpr>),
    /// Disjunction.
    Or(Box<CExpr>, Box<CExpr>),
    /// The expression evaluated on the previous year's report (`prev.…`).
    Prev(Box<CExpr>),
}

impl CExpr {
    /// Adds the configuration keys the expression reads (`config.KEY`) to `keys`.
    pub fn config_keys<'a>(&'a self, keys: &mut std::collections::BTreeSet<&'a str>) {
        match self {
            CExpr::Config(key) => {
                keys.insert(key);
            }
            CExpr::Call { args, .. } => args.iter().for_each(|a| a.config_keys(keys)),
            CExpr::Neg(x) | CExpr::Not(x) | CExpr::Prev(x) => x.config_keys(keys),
            CExpr::Arith(_, a, b) | CExpr::And(a, b) | CExpr::Or(a, b) => {
                a.config_keys(keys);
                b.config_keys(keys);
            }
            CExpr::Compare { lhs, rhs, .. } => {
                lhs.config_keys(keys);
                rhs.config_keys(keys);
            }
            CExpr::Num(_)
            | CExpr::Str(_)
            | CExpr::Bool(_)
            | CExpr::Year
            | CExpr::Template
            | CExpr::OrganKind
            | CExpr::Organ
            | CExpr::Section(_)
            | CExpr::Var(_)
            | CExpr::Cells(..) => {}
        }
    }
}

/// A compiled assertion.
#[derive(Debug, Clone)]
pub struct CAssertion {
    /// Quantifier variables (name, domain), outermost first.
    pub vars: Vec<(String, Domain)>,
    /// The asserted expression.
    pub expr: CExpr,
    /// Where it is written.
    pub span: Span,
    /// Its own message, in place of the rule's.
    pub message: Option<Message>,
    /// The short name of what it checks, listed by the rule message's `{items}`.
    pub item: Option<Text>,
}

/// A compiled rule, ready to evaluate.
#[derive(Debug, Clone)]
pub struct Rule {
    /// `pack/id`, e.g. `national/sec3-balance`.
    pub id: String,
    /// Chinese title.
    pub title: String,
    /// English title, when the rule gives one.
    pub title_en: Option<String>,
    /// Severity.
    pub severity: Severity,
    /// The message as written (Chinese), for documentation.
    pub message: Spanned<String>,
    /// The message of every assertion without its own, in both languages.
    pub messages: Message,
    /// Whether the message lists `{items}`: the failing assertions of one report then make one
    /// finding naming what each checks, rather than one finding each.
    pub lists_items: bool,
    /// Help text.
    pub help: Option<String>,
    /// English help text, when the rule gives one.
    pub help_en: Option<String>,
    /// Named expressions (`let`), compiled alone for the message placeholders that name them.
    pub lets: Vec<(String, CExpr)>,
    /// Documentation.
    pub doc: Option<String>,
    /// Guards; all must be true for the rule to apply.
    pub guards: Vec<CExpr>,
    /// Assertions.
    pub assertions: Vec<CAssertion>,
    /// Index of the rule file in the rule set.
    pub file: usize,
    /// Span of the rule in its file.
    pub span: Span,
    /// Source text of the rule (for `explain`).
    pub source: String,
    /// Configuration cannot turn it off or lower its severity; only a waiver silences one
    /// finding.
    pub locked: bool,
    /// The note every finding of the rule carries: the file and line that define it.
    pub defined_at: Text,
}

impl Rule {
    /// The title in `lang`: the English one when the rule has it, else the Chinese.
    pub fn title_in(&self, lang: Lang) -> &str {
        match (lang, &self.title_en) {
            (Lang::En, Some(en)) => en,
            _ => &self.title,
        }
    }

    /// The help in `lang`: the English one when the rule has it, else the Chinese.
    pub fn help_in(&self, lang: Lang) -> Option<&str> {
        match (lang, &self.help_en) {
            (Lang::En, Some(en)) => Some(en),
            _ => self.help.as_deref(),
        }
    }

    /// The help in both languages (the Chinese where the rule has no English).
    pub fn help_text(&self) -> Option<Text> {
        let zh = self.help.as_deref()?;
        Some(Text::new(zh, self.help_en.as_deref().unwrap_or(zh)))
    }

    /// The configuration keys the rule reads, in its guards and assertions.
    pub fn config_keys(&self) -> std::collections::BTreeSet<&str> {
        let mut keys = std::collections::BTreeSet::new();
        for g in &self.guards {
            g.config_keys(&mut keys);
        }
        for a in &self.assertions {
            a.expr.config_keys(&mut keys);
        }
        keys
    }
}

/// The compiled pattern of `matches` or `claims`, with the literal texts every match contains:
/// most sentences lack one of them, and substring searches rule them out more cheaply than the
/// regex. Worked out once here, when the rule is compiled.
#[derive(Debug)]
pub struct Pattern {
    /// The regex (for `claims`, with `{n}` replaced by the number slot), shared by every
    /// pattern with the same text: its identity keys the report's claims cache.
    pub regex: Arc<Regex>,
    /// Texts every match contains, longest first; none when none is known.
    pub required: Vec<Literal>,
    /// For `claims_at`, the slot read (1 for the first `{n}`), whose groups are `n1`, `about1`,
    /// `approx1`…; 0 for `claims`, whose one slot's groups are `n`, `about`, `approx`. All
    /// slots of a `claims_at` pattern share one regex.
    pub slot: usize,
    /// The capture-group indices of each slot's `n`, `about` and `approx` (`None`: the regex
    /// has no such group), for slot 0 alone or for slots 1, 2, … of a `claims_at` regex:
    /// looked up once, not per match.
    pub groups: Vec<[Option<usize>; 3]>,
}

impl Pattern {
    /// `regex` with its [`required_literals`].
    pub fn new(regex: Arc<Regex>) -> Self {
        Self::with_slot(regex, 0)
    }

    /// `regex` reading its slot `slot` (see [`Pattern::slot`]).
    pub fn with_slot(regex: Arc<Regex>, slot: usize) -> Self {
        let required = required_literals(regex.as_str())
            .into_iter()
            .map(Literal::new)
            .collect();
        let indices = |k: usize| {
            ["n", "about", "approx"].map(|part| regex.group_index(&Self::group(part, k)))
        };
        let groups = if slot == 0 {
            vec![indices(0)]
        } else {
            (1..).map(indices).take_while(|g| g[0].is_some()).collect()
        };
        Pattern {
            regex,
            required,
            slot,
            groups,
        }
    }

    /// The slots this pattern's regex reads: `[0]`, or `1..=k` for a `claims_at` regex.
    pub fn slots(&self) -> Vec<usize> {
        if self.slot == 0 {
            vec![0]
        } else {
            (1..=self.groups.len()).collect()
        }
    }

    /// The group indices of slot `slot` (see [`Pattern::groups`]); none past the last slot.
    pub fn indices(&self, slot: usize) -> [Option<usize>; 3] {
        self.groups
            .get(slot.saturating_sub(1))
            .copied()
            .unwrap_or([None; 3])
    }

    /// The name of the group holding `part` (`n`, `about`, `approx`) of slot `slot`.
    pub fn group(part: &str, slot: usize) -> String {
        if slot == 0 {
            part.to_string()
        } else {
            format!("{part}{slot}")
        }
    }

    /// Whether the pattern matches somewhere in `text`.
    pub fn is_match(&self, text: &str) -> bool {
        self.required.iter().all(|l| l.is_in(text)) && self.regex.is_match(text)
    }
}

/// A literal text, with its searcher built once: a pattern's required literal is looked for in
/// every sentence a rule reads, and building a substring searcher for each search cost more
/// than most searches.
#[derive(Debug, Clone)]
pub struct Literal {
    finder: memchr::memmem::Finder<'static>,
}

impl Literal {
    /// `text` as a literal to search for.
    pub fn new(text: &str) -> Self {
        Literal {
            finder: memchr::memmem::Finder::new(text.as_bytes()).into_owned(),
        }
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(self.finder.needle()).expect("made from a str")
    }

    /// Whether `text` contains it (always, when it is empty).
    pub fn is_in(&self, text: &str) -> bool {
        self.finder.find(text.as_bytes()).is_some()
    }
}

/// Whether `pattern` sets a flag inline (`(?i)`, `(?x:…)`), which can change what its text
/// matches.
fn has_inline_flags(pattern: &str) -> bool {
    pattern.match_indices("(?").any(|(at, _)| {
        pattern[at + 2..]
            .chars()
            .next()
            .is_some_and(|c| "imsRUux-".contains(c))
    })
}

/// The literal texts every match of `pattern` contains (possibly none), longest first, each
/// once: the runs of characters without a meaning in the pattern, outside classes and outside
/// any group a match may skip or take one of several ways (a group with an alternative, or
/// followed by `?`, `*` or a repetition from 0), less a run's last character when a quantifier
/// follows it; nothing when the pattern has an alternative at its top level (`a|b` need not
/// contain `a`). Patterns that begin with a number slot or a choice of verbs (`{n}年{n}月`,
/// `(收到|受理)…申请`) still have required words further on, as do those wrapped whole in a
/// group (an expanded list, `(?:{n}件，其中…)`). Every one is tested, not only the longest: a
/// date pattern's `年` is in most sentences, its `年`, `月` and `日` together in few.
fn required_literals(pattern: &str) -> Vec<&str> {
    if pattern.contains("(?") && has_inline_flags(pattern) {
        // `(?i)abc` matches `ABC`: no text is required as written.
        return Vec::new();
    }
    let Some(groups) = mandatory_groups(pattern) else {
        return Vec::new();
    };
    // Characters with a meaning in a pattern (tested per character of long expanded lists, so
    // by `matches!` rather than a search of a list).
    let special = |c: char| {
        matches!(
            c,
            '\\' | '.' | '+' | '*' | '?' | '(' | ')' | '|' | '[' | ']' | '{' | '}' | '^' | '$'
        )
    };
    let (mut escaped, mut in_class, mut in_braces) = (false, false, false);
    // Inside the short form of a code or class escape (`\x41`, `\u3000`, `\pL`): its letters and
    // digits are not the text they spell. Every run found is required, so none may be such a tail.
    let mut escape_tail = false;
    // Whether each enclosing group is one every match goes through, one way, and how many of
    // them are not.
    let mut open: Vec<bool> = Vec::new();
    let mut skippable = 0usize;
    let mut next_group = groups.iter();
    let mut run_start: Option<usize> = None;
    let mut runs: Vec<(usize, usize)> = Vec::new();
    let mut skip_to: Option<usize> = None;
    for (i, c) in pattern.char_indices() {
        if skip_to.is_some_and(|end| i < end) {
            continue;
        }
        escape_tail &= c.is_ascii_alphanumeric();
        let plain =
            !escaped && !escape_tail && !in_class && !in_braces && skippable == 0 && !special(c);
        if plain {
            run_start.get_or_insert(i);
            continue;
        }
        if let Some(start) = run_start.take() {
            runs.push((start, i));
        }
        match c {
            _ if escaped => {
                escaped = false;
                escape_tail = matches!(c, 'x' | 'u' | 'U' | 'p' | 'P');
            }
            '\\' => escaped = true,
            ']' if in_class => in_class = false,
            _ if in_class => {}
            '[' => in_class = true,
            '}' => in_braces = false,
            _ if in_braces => {}
            '{' => in_braces = true,
            '(' => {
                let mandatory = next_group.next().copied().unwrap_or(false);
                skippable += usize::from(!mandatory);
                open.push(mandatory);
                skip_to = group_body(pattern, i).map(|body| i + body);
            }
            ')' => skippable -= usize::from(open.pop() == Some(false)),
            _ => {}
        }
    }
    if let Some(start) = run_start {
        runs.push((start, pattern.len()));
    }
    let mut required: Vec<&str> = Vec::new();
    for (start, end) in runs {
        let mut run = &pattern[start..end];
        if pattern[end..].starts_with(['?', '*', '{', '+']) {
            // The quantifier applies to the run's last character alone.
            run = run.char_indices().last().map_or("", |(k, _)| &run[..k]);
        }
        if !run.is_empty() && !required.contains(&run) {
            required.push(run);
        }
    }
    // Longest first (the rarest, as a rule); a stable sort keeps equal lengths in order.
    required.sort_by_key(|run| std::cmp::Reverse(run.len()));
    required
}

/// Where the body of the group opening at `open` starts, relative to it: after `(`, `(?:` or
/// `(?P<name>` / `(?<name>`; `None` when its head is not closed.
fn group_body(pattern: &str, open: usize) -> Option<usize> {
    let rest = &pattern[open + 1..];
    if !rest.starts_with('?') {
        return Some(1);
    }
    let end = rest.find([':', '>'])?;
    Some(1 + end + 1)
}

/// For each group, in the order they open, whether every match goes through it exactly one
/// way: no alternative directly inside, and no `?`, `*` or repetition from 0 after it. `None`
/// when the pattern has an alternative at its top level, or unbalanced parentheses.
fn mandatory_groups(pattern: &str) -> Option<Vec<bool>> {
    let (mut escaped, mut in_class, mut in_braces) = (false, false, false);
    let mut groups: Vec<bool> = Vec::new();
    // Indices into `groups` of the groups open here.
    let mut stack: Vec<usize> = Vec::new();
    let mut skip_to: Option<usize> = None;
    for (i, c) in pattern.char_indices() {
        if skip_to.is_some_and(|end| i < end) {
            continue;
        }
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            ']' if in_class => in_class = false,
            _ if in_class => {}
            '[' => in_class = true,
            '}' => in_braces = false,
            _ if in_braces => {}
            '{' => in_braces = true,
            '(' => {
                stack.push(groups.len());
                groups.push(true);
                skip_to = Some(i + group_body(pattern, i)?);
            }
            ')' => {
                let g = stack.pop()?;
                let after = &pattern[i + 1..];
                if after.starts_with(['?', '*'])
                    || after.starts_with("{0")
                    || after.starts_with("{,")
                {
                    groups[g] = false;
                }
            }
            '|' => match stack.last() {
                Some(&g) => groups[g] = false,
                None => return None,
            },
            _ => {}
        }
    }
    stack.is_empty().then_some(groups)
}
