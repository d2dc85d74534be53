//! Syntax tree → compiled rule: resolves names against every bundled template (ids, Chinese
//! labels, aliases, keywords), checks arity and kinds, builds regexes, validates message
//! placeholders. Every problem becomes a located diagnostic with a suggestion when one is close.

use super::ast::*;
use super::builtins::{self, Func, Kind};
use super::compiled::*;
use super::matcher::Regex;
use super::message::Message;
use crate::decimal::MAX_SCALE;
use crate::diagnostic::{Diagnostic, Label, Severity, Text};
use crate::normalise::label_key;
use crate::source::Span;
use crate::template::{self, Template};
use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

/// The regex that `{n}` stands for in a `claims` pattern: an optional `约`/`大约`/`近`/`逾`/
/// `超过`, digits (full-width too) with thousands separators and decimals, or Chinese numerals;
/// then an optional `余`/`多`. A word of approximation on either side makes the claim approximate.
pub const NUMBER_SLOT: &str = r"\s*(?P<about>约|大约|近|逾|超过)?\s*(?P<n>[0-9０-９][0-9０-９,，]*(?:[.．][0-9０-９]+)?|[零〇一二两三四五六七八九十百千万亿]+)(?P<approx>余|多)?\s*";

pub(super) fn error(code: &str, span: Span, zh: String, en: String) -> Diagnostic {
    let headline = Text::new(zh.clone(), en.clone());
    Diagnostic::new(code, Severity::Error, headline)
        .with_label(Label::primary(span, Text::new(zh, en)))
}

pub(super) fn unknown(
    span: Span,
    what_zh: &str,
    what_en: &str,
    name: &str,
    candidates: &[String],
) -> Diagnostic {
    let mut d = Diagnostic::new(
        "rules/unknown-name",
        Severity::Error,
        Text::new(
            format!("未知的{what_zh}“{name}”"),
            format!("unknown {what_en} `{name}`"),
        ),
    )
    .with_label(Label::primary(
        span,
        Text::new(
            format!("不是已知的{what_zh}"),
            format!("not a known {what_en}"),
        ),
    ));
    if let Some(s) = suggest(name, candidates) {
        d = d.with_note(Text::new(
            format!("help: 是否想写“{s}”？"),
            format!("help: did you mean `{s}`?"),
        ));
    }
    // A short list (the functions, a table's columns) is worth showing whole; a long one (row
    // names) only through the suggestion.
    if !candidates.is_empty() && candidates.len() <= MAX_LISTED_CANDIDATES {
        let mut all: Vec<&str> = candidates.iter().map(String::as_str).collect();
        all.sort_unstable();
        all.dedup();
        d = d.with_note(Text::new(
            format!("可用的{what_zh}：{}", all.join("、")),
            format!("known {what_en}s: {}", all.join(", ")),
        ));
    }
    d
}

/// Longest list of names an unknown-name error shows whole.
const MAX_LISTED_CANDIDATES: usize = 40;

/// The closest candidate within a small edit distance (characters).
pub fn suggest(word: &str, candidates: &[String]) -> Option<String> {
    let w: Vec<char> = word.chars().collect();
    let limit = (w.len() / 3).max(2);
    candidates
        .iter()
        .map(|c| (edit_distance(&w, &c.chars().collect::<Vec<_>>()), c))
        .filter(|(d, _)| *d <= limit)
        .min_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(b.1)))
        .map(|(_, c)| c.clone())
}

fn edit_distance(a: &[char], b: &[char]) -> usize {
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            cur.push(
                (prev[j] + usize::from(ca != cb))
                    .min(prev[j + 1] + 1)
                    .min(cur[j] + 1),
            );
        }
        prev = cur;
    }
    prev[b.len()]
}

/// A bound quantifier variable.
struct Var {
    name: String,
    domain: Domain,
}

/// Whether `name` is a name of the rule language a `let` may not hide: a section, a table,
/// the report's metadata, `config`, `prev`, and their Chinese forms.
pub fn is_language_name(name: &str) -> bool {
    root_names(&[]).iter().any(|n| n == name)
        || [
            "表二",
            "表三",
            "表四",
            "第二部分",
            "第三部分",
            "第四部分",
            "上年",
            "标题",
            "前言",
            "全文",
            "年度",
            "模板",
            "机关类型",
            "机关",
            "配置",
        ]
        .contains(&name)
}

/// At most this many quantifiers (`for x in …:`) in one assertion. Documented in docs/rules.md.
pub const MAX_QUANTIFIERS: usize = 3;

/// At most this many instances of one assertion: the product of its quantifiers' domain sizes
/// (in the template where each is largest). Every instance is evaluated and may become a
/// finding, so a rule of eight nested quantifiers asked for billions. Documented in
/// docs/rules.md.
pub const MAX_INSTANCES: usize = 10_000;

/// How many ids `domain` can range over: rows (of its group) or columns, in the bundled
/// template where the table has the most.
fn domain_size(domain: &Domain) -> usize {
    if domain.rows {
        let in_group = |id: &str| {
            domain.group.is_empty()
                || id == domain.group
                || id
                    .strip_prefix(domain.group.as_str())
                    .is_some_and(|rest| rest.starts_with('.'))
        };
        row_catalogue(&domain.table)
            .iter()
            .filter(|(id, _)| in_group(id) && is_row(&domain.table, id))
            .count()
    } else {
        column_catalogue(&domain.table).len()
    }
}

pub(super) fn compile_assertion(a: &Assertion) -> Result<CAssertion, Diagnostic> {
    if let Some(extra) = a.quantifiers.get(MAX_QUANTIFIERS) {
        return Err(error(
            "rules/too-many-instances",
            extra.var.span,
            format!("一条断言最多 {MAX_QUANTIFIERS} 个量词（for）"),
            format!("an assertion has at most {MAX_QUANTIFIERS} quantifiers (`for`)"),
        ));
    }
    let mut vars: Vec<Var> = Vec::new();
    let mut instances: usize = 1;
    for q in &a.quantifiers {
        if vars.iter().any(|v| v.name == q.var.node) {
            return Err(error(
                "rules/type",
                q.var.span,
                format!("变量“{}”重复绑定", q.var.node),
                format!("variable `{}` is bound twice", q.var.node),
            ));
        }
        let domain = compile_domain(&q.domain)?;
        // One domain is one table's rows or columns, far fewer than the limit: only a product
        // needs counting (which reads every template).
        if a.quantifiers.len() > 1 {
            instances = instances.saturating_mul(domain_size(&domain).max(1));
        }
        if instances > MAX_INSTANCES {
            return Err(error(
                "rules/too-many-instances",
                q.var.span,
                format!("量词组合出 {instances} 个以上实例，最多 {MAX_INSTANCES} 个"),
                format!(
                    "the quantifiers make {instances} or more instances, at most {MAX_INSTANCES} are allowed"
                ),
            ));
        }
        vars.push(Var {
            name: q.var.node.clone(),
            domain,
        });
    }
    let (expr, kind) = compile_expr(&a.expr, &vars)?;
    let expr = expect_kind(expr, kind, Kind::Bool, a.expr.span)?;
    let message = a
        .texts
        .message
        .as_ref()
        .map(|m| Message::new(m, a.texts.message_en.as_ref()));
    let item = a.texts.item.as_ref().map(|zh| {
        Text::new(
            zh.node.clone(),
            a.texts
                .item_en
                .as_ref()
                .map_or(&zh.node, |en| &en.node)
                .clone(),
        )
    });
    Ok(CAssertion {
        vars: vars.into_iter().map(|v| (v.name, v.domain)).collect(),
        expr,
        span: a.span,
        message,
        item,
    })
}

pub(super) fn expect_kind(
    e: CExpr,
    got: Kind,
    want: Kind,
    span: Span,
) -> Result<CExpr, Diagnostic> {
    if got == want || got == Kind::Any || want == Kind::Any {
        Ok(e)
    } else {
        Err(error(
            "rules/type",
            span,
            format!("此处应为{}，实为{}", want.zh(), got.zh()),
            format!("expected a {}, found a {}", want.en(), got.en()),
        ))
    }
}

/// An expression outside any assertion (a guard, a `let`): no quantifier variable is bound.
pub(super) fn compile_unbound(e: &Expr) -> Result<(CExpr, Kind), Diagnostic> {
    compile_expr(e, &[])
}

fn compile_expr(e: &Expr, vars: &[Var]) -> Result<(CExpr, Kind), Diagnostic> {
    Ok(match &e.kind {
        ExprKind::Number(n) => (CExpr::Num(*n), Kind::Num),
        ExprKind::Str(s) => (CExpr::Str(s.clone()), Kind::Str),
        ExprKind::Bool(b) => (CExpr::Bool(*b), Kind::Bool),
        ExprKind::Ref(r) => compile_ref(r, vars)?,
        ExprKind::Neg(x) => {
            let (c, k) = compile_expr(x, vars)?;
            (
                CExpr::Neg(Box::new(expect_kind(c, k, Kind::Num, x.span)?)),
                Kind::Num,
            )
        }
        ExprKind::Not(x) => {
            let (c, k) = compile_expr(x, vars)?;
            (
                CExpr::Not(Box::new(expect_kind(c, k, Kind::Bool, x.span)?)),
                Kind::Bool,
            )
        }
        ExprKind::Arith(op, a, b) => {
            let (ca, ka) = compile_expr(a, vars)?;
            let (cb, kb) = compile_expr(b, vars)?;
            let ca = expect_kind(ca, ka, Kind::Num, a.span)?;
            let cb = expect_kind(cb, kb, Kind::Num, b.span)?;
            (CExpr::Arith(*op, Box::new(ca), Box::new(cb)), Kind::Num)
        }
        ExprKind::And(a, b) | ExprKind::Or(a, b) => {
            let (ca, ka) = compile_expr(a, vars)?;
            let (cb, kb) = compile_expr(b, vars)?;
            let ca = Box::new(expect_kind(ca, ka, Kind::Bool, a.span)?);
            let cb = Box::new(expect_kind(cb, kb, Kind::Bool, b.span)?);
            let c = if matches!(e.kind, ExprKind::And(..)) {
                CExpr::And(ca, cb)
            } else {
                CExpr::Or(ca, cb)
            };
            (c, Kind::Bool)
        }
        ExprKind::Compare {
            op,
            lhs,
            rhs,
            tolerance,
        } => {
            let (cl, kl) = compile_expr(lhs, vars)?;
            let (cr, kr) = compile_expr(rhs, vars)?;
            let kind = if kl == Kind::Any { kr } else { kl };
            let cr = expect_kind(cr, kr, kind, rhs.span)?;
            if matches!(kind, Kind::Str | Kind::Bool) && !matches!(op, CmpOp::Eq | CmpOp::Ne) {
                return Err(error(
                    "rules/type",
                    e.span,
                    format!("{}只能用 == 或 != 比较", kind.zh()),
                    format!("a {} can only be compared with == or !=", kind.en()),
                ));
            }
            if kind == Kind::Section {
                return Err(error(
                    "rules/type",
                    lhs.span,
                    "部分正文不能直接比较：请用 contains、matches 或 claims".into(),
                    "section text cannot be compared: use contains, matches or claims".into(),
                ));
            }
            if tolerance.is_some() && kind != Kind::Num {
                return Err(error(
                    "rules/type",
                    e.span,
                    "within 只用于数值比较".into(),
                    "`within` applies to numbers only".into(),
                ));
            }
            (
                CExpr::Compare {
                    op: *op,
                    lhs: Box::new(cl),
                    rhs: Box::new(cr),
                    tolerance: *tolerance,
                },
                Kind::Bool,
            )
        }
        ExprKind::Call { name, args } => compile_call(name, args, e.span, vars)?,
    })
}

fn compile_call(
    name: &Spanned<String>,
    args: &[Expr],
    span: Span,
    vars: &[Var],
) -> Result<(CExpr, Kind), Diagnostic> {
    let Some(b) = builtins::lookup(&name.node) else {
        let names: Vec<String> = builtins::BUILTINS
            .iter()
            .map(|b| b.name.to_string())
            .collect();
        return Err(unknown(name.span, "函数", "function", &name.node, &names));
    };
    let arity_ok = if b.variadic {
        args.len() >= b.params.len()
    } else {
        args.len() == b.params.len()
    };
    if !arity_ok {
        let want = if b.variadic {
            format!("至少 {}", b.params.len())
        } else {
            b.params.len().to_string()
        };
        let want_en = if b.variadic {
            format!("at least {}", b.params.len())
        } else {
            b.params.len().to_string()
        };
        return Err(error(
            "rules/arity",
            span,
            format!("`{}` 需要 {want} 个参数，这里有 {} 个", b.name, args.len()),
            format!(
                "`{}` takes {want_en} argument(s), {} given",
                b.name,
                args.len()
            ),
        ));
    }
    let mut compiled = Vec::new();
    for (i, a) in args.iter().enumerate() {
        let want = b.params[i.min(b.params.len() - 1)];
        let (c, k) = compile_expr(a, vars)?;
        compiled.push(expect_kind(c, k, want, a.span)?);
    }
    let pattern = match b.func {
        Func::Matches | Func::Claims => Some(Arc::new(Pattern::new(compile_pattern(
            b.func, &args[1], 1,
        )?))),
        Func::Round => {
            round_places(&args[1])?;
            None
        }
        Func::ClaimsAt => {
            let k = slot_index(&args[2])?;
            Some(Arc::new(Pattern::with_slot(
                compile_pattern(b.func, &args[1], k)?,
                k,
            )))
        }
        _ => None,
    };
    Ok((
        CExpr::Call {
            func: b.func,
            args: compiled,
            pattern,
            span,
        },
        b.result,
    ))
}

/// The slot `k` of `claims_at`: a whole-number literal from 1.
fn slot_index(arg: &Expr) -> Result<usize, Diagnostic> {
    match &arg.kind {
        ExprKind::Number(d) if d.is_integer() && !d.is_negative() => {
            match d.to_string().parse::<usize>() {
                Ok(k) if k >= 1 => Ok(k),
                _ => Err(slot_error(arg.span)),
            }
        }
        _ => Err(slot_error(arg.span)),
    }
}

/// The places `n` of `round(x, n)`: a whole-number literal from 0 to [`MAX_SCALE`].
pub fn round_places(arg: &Expr) -> Result<u32, Diagnostic> {
    let places = match &arg.kind {
        ExprKind::Number(d) if d.is_integer() => d.to_string().parse::<u32>().ok(),
        _ => None,
    };
    places.filter(|&n| n <= MAX_SCALE).ok_or_else(|| {
        error(
            "rules/type",
            arg.span,
            format!("round 的第二个参数（小数位数）必须是 0 到 {MAX_SCALE} 的整数字面量"),
            format!(
                "the second argument of round (decimal places) must be a whole-number literal from 0 to {MAX_SCALE}"
            ),
        )
    })
}

fn slot_error(span: Span) -> Diagnostic {
    error(
        "rules/type",
        span,
        "claims_at 的第三个参数必须是从 1 起的整数字面量".into(),
        "the third argument of claims_at must be a whole-number literal from 1".into(),
    )
}

/// `text` with its `{n}` number slots, the i-th (from 1) with groups `n{i}`, `about{i}`,
/// `approx{i}`: one regex reads every slot of a `claims_at` pattern.
fn numbered_slots(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 4 * NUMBER_SLOT.len());
    for (i, part) in text.split("{n}").enumerate() {
        if i > 0 {
            out.push_str(
                &NUMBER_SLOT
                    .replace("(?P<about>", &format!("(?P<about{i}>"))
                    .replace("(?P<n>", &format!("(?P<n{i}>"))
                    .replace("(?P<approx>", &format!("(?P<approx{i}>")),
            );
        }
        out.push_str(part);
    }
    out
}

thread_local! {
    /// The regexes compiled by the rule load running on this thread (see [`sharing_patterns`]).
    static COMPILED: RefCell<Option<HashMap<String, Arc<Regex>>>> = const { RefCell::new(None) };
}

/// Runs `load` with the patterns it compiles shared by text: a rule reading several slots of
/// one phrase, or several rules sharing a phrase family, name the same regex many times, and
/// compiling one (Unicode classes, bounded gaps) costs more than checking a report with it.
/// The patterns naming one text then share one [`Regex`], whose address identifies the text.
/// The sharing ends with the load, so a process that loads rule files again and again (a
/// server, a fuzzer) keeps no regex of an earlier load.
pub fn sharing_patterns<T>(load: impl FnOnce() -> T) -> T {
    let outer = COMPILED.with(|c| c.replace(Some(HashMap::new())));
    let result = load();
    COMPILED.with(|c| *c.borrow_mut() = outer);
    result
}

/// `source` compiled, or the regex compiled for the same text earlier in this load.
fn compiled_regex(source: &str) -> Result<Arc<Regex>, String> {
    if let Some(re) = COMPILED.with(|c| c.borrow().as_ref().and_then(|m| m.get(source).cloned())) {
        return Ok(re);
    }
    let re = Arc::new(Regex::new(source)?);
    COMPILED.with(|c| {
        if let Some(m) = c.borrow_mut().as_mut() {
            m.insert(source.to_string(), re.clone());
        }
    });
    Ok(re)
}

fn compile_pattern(func: Func, arg: &Expr, k: usize) -> Result<Arc<Regex>, Diagnostic> {
    let ExprKind::Str(text) = &arg.kind else {
        return Err(error(
            "rules/type",
            arg.span,
            "模式必须是字符串字面量".into(),
            "the pattern must be a string literal".into(),
        ));
    };
    let source = if func == Func::Claims {
        if text.matches("{n}").count() != 1 {
            return Err(error(
                "rules/regex",
                arg.span,
                "claims 的模式必须恰好含一个 {n}".into(),
                "a claims pattern must contain exactly one `{n}`".into(),
            ));
        }
        text.replace("{n}", NUMBER_SLOT)
    } else if func == Func::ClaimsAt {
        let slots = text.matches("{n}").count();
        if k > slots {
            return Err(error(
                "rules/regex",
                arg.span,
                format!("claims_at 的模式只有 {slots} 个 {{n}}，没有第 {k} 个"),
                format!("the claims_at pattern has {slots} `{{n}}`, not a slot {k}"),
            ));
        }
        numbered_slots(text)
    } else {
        text.clone()
    };
    compiled_regex(&source).map_err(|e| {
        let detail = e
            .lines()
            .last()
            .unwrap_or_default()
            .trim()
            .trim_start_matches("error:")
            .trim()
            .to_string();
        error(
            "rules/regex",
            arg.span,
            format!("无效的正则表达式：{detail}"),
            format!("invalid regular expression: {detail}"),
        )
    })
}

// ---------------------------------------------------------------- references

fn sections() -> &'static [&'static str] {
    &["s1", "s2", "s3", "s4", "s5", "s6"]
}

fn root_table(root: &str) -> Option<&'static str> {
    match root {
        "sec2" | "表二" | "第二部分" => Some("sec2"),
        "sec3" | "表三" | "第三部分" => Some("sec3"),
        "sec4" | "表四" | "第四部分" => Some("sec4"),
        _ => None,
    }
}

fn root_names(vars: &[Var]) -> Vec<String> {
    let mut names: Vec<String> = [
        "sec2",
        "sec3",
        "sec4",
        "表二",
        "表三",
        "表四",
        "year",
        "template",
        "organ_kind",
        "organ",
        "config",
        "preamble",
        "title",
        "prev",
        "text",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    names.extend(sections().iter().map(|s| s.to_string()));
    names.extend(vars.iter().map(|v| v.name.clone()));
    names
}

/// The table a reference's root names (`sec2` needs its sub-table as the next segment) and the
/// segments after it. `example` shows how to name a section-2 table in this position.
fn table_of<'r>(
    table: &str,
    r: &'r Reference,
    example: &str,
) -> Result<(TableRef, &'r [Segment]), Diagnostic> {
    let segs = r.segments.as_slice();
    match table {
        "sec2" => {
            let Some((first, rest)) = segs.split_first() else {
                return Err(error(
                    "rules/unknown-name",
                    r.span,
                    format!("表二需指明子表，如 {example}"),
                    format!("name a section-2 table, e.g. `{example}`"),
                ));
            };
            Ok((TableRef::Sec2(sec2_table(first)?), rest))
        }
        "sec3" => Ok((TableRef::Sec3, segs)),
        _ => Ok((TableRef::Sec4, segs)),
    }
}

fn compile_ref(r: &Reference, vars: &[Var]) -> Result<(CExpr, Kind), Diagnostic> {
    let root = r.root.node.as_str();
    let no_segments = |c: CExpr, k: Kind| -> Result<(CExpr, Kind), Diagnostic> {
        match r.segments.first() {
            None => Ok((c, k)),
            Some(s) => Err(error(
                "rules/unknown-name",
                s.span,
                format!("“{root}”后不能再有路径"),
                format!("`{root}` takes no path"),
            )),
        }
    };
    if let Some(i) = vars.iter().position(|v| v.name == root) {
        return no_segments(CExpr::Var(i), Kind::Str);
    }
    if let Some(i) = sections().iter().position(|s| *s == root) {
        return no_segments(CExpr::Section(SectionSel::Section(i)), Kind::Section);
    }
    match root {
        "prev" | "上年" => {
            let Some((first, rest)) = r.segments.split_first() else {
                return Err(error(
                    "rules/unknown-name",
                    r.span,
                    "prev 之后应有路径，如 prev.sec3.carried_out.total".into(),
                    "`prev` needs a path, e.g. `prev.sec3.carried_out.total`".into(),
                ));
            };
            let SegmentKind::Name(name) = &first.kind else {
                return Err(error(
                    "rules/unknown-name",
                    first.span,
                    "prev 之后应为名称".into(),
                    "expected a name after `prev`".into(),
                ));
            };
            if first.bracket || vars.iter().any(|v| &v.name == name) {
                return Err(error(
                    "rules/unknown-name",
                    first.span,
                    "prev 之后应为表或部分".into(),
                    "expected a table or section after `prev`".into(),
                ));
            }
            let inner = Reference {
                root: Spanned {
                    node: name.clone(),
                    span: first.span,
                },
                segments: rest.to_vec(),
                span: r.span,
            };
            let (c, k) = compile_ref(&inner, vars)?;
            return Ok((CExpr::Prev(Box::new(c)), k));
        }
        "title" | "标题" => return no_segments(CExpr::Section(SectionSel::Title), Kind::Section),
        "preamble" | "前言" => {
            return no_segments(CExpr::Section(SectionSel::Preamble), Kind::Section);
        }
        "text" | "全文" => return no_segments(CExpr::Section(SectionSel::All), Kind::Section),
        "year" | "年度" => return no_segments(CExpr::Year, Kind::Num),
        "template" | "模板" => return no_segments(CExpr::Template, Kind::Str),
        "organ_kind" | "机关类型" => return no_segments(CExpr::OrganKind, Kind::Str),
        "organ" | "机关" => return no_segments(CExpr::Organ, Kind::Str),
        "config" | "配置" => {
            return match r.segments.as_slice() {
                [
                    Segment {
                        kind: SegmentKind::Name(key),
                        bracket: false,
                        ..
                    },
                ] => Ok((CExpr::Config(key.clone()), Kind::Any)),
                _ => Err(error(
                    "rules/unknown-name",
                    r.span,
                    "配置项写作 config.键名".into(),
                    "write a configuration value as `config.key`".into(),
                )),
            };
        }
        _ => {}
    }
    let Some(table) = root_table(root) else {
        return Err(unknown(
            r.root.span,
            "名称",
            "name",
            root,
            &root_names(vars),
        ));
    };
    let (table, mut segs) = table_of(table, r, "sec2.art20_1")?;
    let row = resolve_rows(&table, &mut segs, vars, r.span)?;
    let col = resolve_cols(&table, segs, vars)?;
    Ok((CExpr::Cells(CellRef { table, row, col }, r.span), Kind::Num))
}

fn all_templates() -> &'static [Template] {
    template::bundled()
}

fn sec2_table(seg: &Segment) -> Result<String, Diagnostic> {
    let SegmentKind::Name(n) = &seg.kind else {
        return Err(error(
            "rules/unknown-name",
            seg.span,
            "此处应为表二子表名".into(),
            "expected a section-2 table name".into(),
        ));
    };
    let key = label_key(n);
    for t in all_templates() {
        if let Some(def) = t.sec2.iter().find(|d| &d.id == n || d.title_key == key) {
            return Ok(def.id.clone());
        }
    }
    let names: BTreeSet<String> = all_templates()
        .iter()
        .flat_map(|t| t.sec2.iter().map(|d| d.id.clone()))
        .collect();
    Err(unknown(
        seg.span,
        "表二子表",
        "section-2 table",
        n,
        &names.into_iter().collect::<Vec<_>>(),
    ))
}

/// Row ids (and their labels' keys) of a table across all templates.
fn row_catalogue(table: &TableRef) -> Vec<(String, Vec<String>)> {
    let mut out: Vec<(String, Vec<String>)> = Vec::new();
    let mut add = |id: &str, keys: Vec<String>| match out.iter_mut().find(|(i, _)| i == id) {
        Some((_, k)) => k.extend(keys),
        None => out.push((id.to_string(), keys)),
    };
    for t in all_templates() {
        match table {
            TableRef::Sec2(tid) => {
                for def in t.sec2.iter().filter(|d| &d.id == tid) {
                    for r in &def.rows {
                        add(&r.id, r.keys.clone());
                    }
                }
            }
            TableRef::Sec3 => {
                for r in &t.sec3.rows {
                    let mut keys = r.keys.clone();
                    keys.extend(r.keyword_keys.iter().cloned());
                    // The label without its numbering: `本年新收政府信息公开申请数量`.
                    keys.push(strip_numbering(&r.keys[0]));
                    add(&r.id, keys);
                }
                for g in &t.sec3.groups {
                    add(&g.id, vec![g.key.clone(), strip_numbering(&g.key)]);
                }
            }
            TableRef::Sec4 => {
                for g in &t.sec4.groups {
                    add(&g.id, vec![g.key.clone()]);
                }
            }
        }
    }
    out
}

fn strip_numbering(key: &str) -> String {
    let s = key.trim_start_matches(|c: char| {
        c.is_ascii_digit() || "一二三四五六七八九十、.()".contains(c)
    });
    s.to_string()
}

fn is_row(table: &TableRef, id: &str) -> bool {
    all_templates().iter().any(|t| match table {
        TableRef::Sec2(tid) => t
            .sec2
            .iter()
            .any(|d| &d.id == tid && d.rows.iter().any(|r| r.id == id)),
        TableRef::Sec3 => t.sec3.rows.iter().any(|r| r.id == id),
        TableRef::Sec4 => t.sec4.groups.iter().any(|g| g.id == id),
    })
}

fn is_group(table: &TableRef, id: &str) -> bool {
    matches!(table, TableRef::Sec3)
        && all_templates().iter().any(|t| {
            t.sec3
                .rows
                .iter()
                .any(|r| r.id.starts_with(&format!("{id}.")))
        })
}

fn var_of<'v>(vars: &'v [Var], name: &str) -> Option<(usize, &'v Var)> {
    vars.iter().enumerate().find(|(_, v)| v.name == name)
}

fn resolve_rows(
    table: &TableRef,
    segs: &mut &[Segment],
    vars: &[Var],
    whole: Span,
) -> Result<RowSel, Diagnostic> {
    // Only a name that is no row id needs the labels of every template's rows.
    let labels = std::cell::OnceCell::new();
    let catalogue = || labels.get_or_init(|| row_catalogue(table));
    let mut prefix = String::new();
    let mut last_span = whole;
    while let Some((seg, rest)) = segs.split_first() {
        match (&seg.kind, seg.bracket) {
            (SegmentKind::Name(n), true) if prefix.is_empty() => {
                let Some((i, v)) = var_of(vars, n) else {
                    return Err(unknown(
                        seg.span,
                        "变量",
                        "variable",
                        n,
                        &vars.iter().map(|v| v.name.clone()).collect::<Vec<_>>(),
                    ));
                };
                if !v.domain.rows || v.domain.table != *table {
                    return Err(error(
                        "rules/type",
                        seg.span,
                        format!("变量“{n}”不是此表的行"),
                        format!("variable `{n}` does not range over this table's rows"),
                    ));
                }
                *segs = rest;
                return Ok(RowSel::Var(i));
            }
            (SegmentKind::Star, false) => {
                *segs = rest;
                return Ok(RowSel::Group(prefix));
            }
            (SegmentKind::Star, true) if prefix.is_empty() => {
                *segs = rest;
                return Ok(RowSel::Group(prefix));
            }
            (SegmentKind::Name(n), false) => {
                let by_id = if prefix.is_empty() {
                    n.clone()
                } else {
                    format!("{prefix}.{n}")
                };
                if is_row(table, &by_id) || is_group(table, &by_id) {
                    prefix = by_id;
                } else {
                    let key = label_key(n);
                    let hit = catalogue().iter().find(|(id, keys)| {
                        keys.contains(&key)
                            && (prefix.is_empty() || id.starts_with(&format!("{prefix}.")))
                    });
                    match hit {
                        Some((id, _)) => prefix = id.clone(),
                        None if !prefix.is_empty() && is_row(table, &prefix) => break,
                        None => {
                            let children: Vec<String> = catalogue()
                                .iter()
                                .filter(|(id, _)| {
                                    prefix.is_empty() || id.starts_with(&format!("{prefix}."))
                                })
                                .map(|(id, _)| {
                                    id.strip_prefix(&format!("{prefix}."))
                                        .unwrap_or(id)
                                        .split('.')
                                        .next()
                                        .unwrap_or(id)
                                        .to_string()
                                })
                                .collect::<BTreeSet<_>>()
                                .into_iter()
                                .collect();
                            let mut children = children;
                            if !n.is_ascii() {
                                children.extend(
                                    catalogue()
                                        .iter()
                                        .flat_map(|(_, keys)| keys.iter().cloned()),
                                );
                            }
                            return Err(unknown(seg.span, "行", "row", n, &children));
                        }
                    }
                }
                last_span = seg.span;
                *segs = rest;
            }
            _ => break,
        }
    }
    if prefix.is_empty() {
        return Err(error(
            "rules/unknown-name",
            whole,
            "此处应指明行".into(),
            "expected a row".into(),
        ));
    }
    if !is_row(table, &prefix) {
        return Err(error(
            "rules/unknown-name",
            last_span,
            format!("“{prefix}”是一组行：写作 {prefix}.* 取组内各行"),
            format!("`{prefix}` is a group of rows: write `{prefix}.*` for its rows"),
        ));
    }
    Ok(RowSel::Id(prefix))
}

/// Suggestion candidates: ids, and for a name written in Chinese also the labels.
fn candidates_for(name: &str, catalogue: &[(String, Vec<String>)]) -> Vec<String> {
    let mut out: Vec<String> = catalogue.iter().map(|(id, _)| id.clone()).collect();
    if !name.is_ascii() {
        out.extend(catalogue.iter().flat_map(|(_, keys)| keys.iter().cloned()));
    }
    out
}

fn column_catalogue(table: &TableRef) -> Vec<(String, Vec<String>)> {
    let mut out: Vec<(String, Vec<String>)> = Vec::new();
    for t in all_templates() {
        let cols = match table {
            TableRef::Sec2(tid) => t
                .sec2
                .iter()
                .filter(|d| &d.id == tid)
                .flat_map(|d| d.columns.iter())
                .collect::<Vec<_>>(),
            TableRef::Sec3 => t.sec3.columns.iter().collect(),
            TableRef::Sec4 => t.sec4.columns.iter().collect(),
        };
        for c in cols {
            if !out.iter().any(|(id, _)| id == &c.id) {
                out.push((c.id.clone(), c.keys.clone()));
            }
        }
    }
    out
}

fn column_name(table: &TableRef, name: &Spanned<String>) -> Result<String, Diagnostic> {
    let cat = column_catalogue(table);
    let key = label_key(&name.node);
    cat.iter()
        .find(|(id, keys)| *id == name.node || keys.contains(&key))
        .map(|(id, _)| id.clone())
        .ok_or_else(|| {
            unknown(
                name.span,
                "列",
                "column",
                &name.node,
                &candidates_for(&name.node, &cat),
            )
        })
}

fn resolve_cols(table: &TableRef, segs: &[Segment], vars: &[Var]) -> Result<ColSel, Diagnostic> {
    match segs {
        [] => Ok(ColSel::Vector),
        [seg] => match &seg.kind {
            SegmentKind::Star => Ok(ColSel::Spread(None)),
            SegmentKind::Range(a, b) => {
                let (a, b) = (column_name(table, a)?, column_name(table, b)?);
                Ok(ColSel::Spread(Some((a, b))))
            }
            SegmentKind::Name(n) if seg.bracket && var_of(vars, n).is_some() => {
                let (i, v) = var_of(vars, n).expect("checked");
                if v.domain.rows || v.domain.table != *table {
                    return Err(error(
                        "rules/type",
                        seg.span,
                        format!("变量“{n}”不是此表的列"),
                        format!("variable `{n}` does not range over this table's columns"),
                    ));
                }
                Ok(ColSel::Var(i))
            }
            SegmentKind::Name(n) => column_name(
                table,
                &Spanned {
                    node: n.clone(),
                    span: seg.span,
                },
            )
            .map(ColSel::Id),
        },
        [_, extra, ..] => Err(error(
            "rules/unknown-name",
            extra.span,
            "列之后不能再有路径".into(),
            "nothing may follow the column".into(),
        )),
    }
}

fn compile_domain(r: &Reference) -> Result<Domain, Diagnostic> {
    let root = r.root.node.as_str();
    let Some(table) = root_table(root) else {
        return Err(unknown(
            r.root.span,
            "表",
            "table",
            root,
            &["sec2".into(), "sec3".into(), "sec4".into()],
        ));
    };
    let (table, segs) = table_of(table, r, "sec2.art20_1.rows")?;
    match segs {
        [
            Segment {
                kind: SegmentKind::Name(n),
                bracket: false,
                ..
            },
        ] if matches!(n.as_str(), "rows" | "groups" | "行") => Ok(Domain {
            table,
            rows: true,
            group: String::new(),
        }),
        [
            Segment {
                kind: SegmentKind::Name(n),
                bracket: false,
                ..
            },
        ] if matches!(n.as_str(), "columns" | "列") => Ok(Domain {
            table,
            rows: false,
            group: String::new(),
        }),
        _ => {
            let mut rest = segs;
            match resolve_rows(&table, &mut rest, &[], r.span) {
                Ok(RowSel::Group(g)) if rest.is_empty() => Ok(Domain { table, rows: true, group: g }),
                Err(e) => Err(e),
                _ => Err(error(
                    "rules/unknown-name",
                    r.span,
                    "量词的范围应为 X.rows、X.columns、sec4.groups 或行组 X.组.*".into(),
                    "a quantifier ranges over `X.rows`, `X.columns`, `sec4.groups` or a row group `X.group.*`".into(),
                )),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compiled_patterns_are_shared_within_one_load_only() {
        // Found by fuzzing the rule loader: a process-wide cache kept every pattern of every
        // load, and a process loading rule files again and again grew without bound.
        let first = sharing_patterns(|| {
            let a = compiled_regex("收到申请[0-9]+件").unwrap();
            let b = compiled_regex("收到申请[0-9]+件").unwrap();
            assert!(Arc::ptr_eq(&a, &b));
            a
        });
        let second = sharing_patterns(|| compiled_regex("收到申请[0-9]+件").unwrap());
        assert!(!Arc::ptr_eq(&first, &second));
        assert!(COMPILED.with(|c| c.borrow().is_none()));
    }

    #[test]
    fn suggestions_are_close_names_only() {
        let c: Vec<String> = ["carried_in", "carried_out", "new"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(suggest("carried_inn", &c).as_deref(), Some("carried_in"));
        assert_eq!(suggest("totally_different", &c), None);
    }
}
