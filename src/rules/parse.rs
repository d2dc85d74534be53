//! Rule-file text → syntax tree. The only module that touches pest's types; pest errors become
//! located diagnostics with readable expectations (pest's own display misplaces carets on CJK
//! lines, so rendering is left to codespan).

use super::ast::*;
use crate::decimal::Decimal;
use crate::diagnostic::{Diagnostic, Label, Severity, Text};
use crate::source::Span;
use pest::Parser;
use pest::iterators::Pair;

#[derive(pest_derive::Parser)]
#[grammar = "../grammar/rules.pest"]
struct RuleParser;

fn span(p: &Pair<'_, Rule>) -> Span {
    Span::new(p.as_span().start(), p.as_span().end())
}

/// How deeply an expression may nest: each parenthesis (a call's too), each unary `-` or `not`
/// and each operator of a chain (`a + b + c` is two deep) is one level. Parsing and every walk
/// of an expression recurse once per level, so a hostile rule file nesting thousands deep
/// would overflow the stack; no real rule comes near (the national pack's deepest is about 10).
/// Documented in docs/rules.md.
pub const MAX_DEPTH: usize = 64;

/// Parses a rule file. A syntax error is one diagnostic pointing at the place.
pub fn parse(text: &str) -> Result<RuleFile, Diagnostic> {
    // A byte-order mark (files saved by Windows editors) is no syntax: three spaces in its
    // place keep every offset, so spans still point into the file as read.
    let text: std::borrow::Cow<'_, str> = match text.strip_prefix('\u{feff}') {
        Some(rest) => format!("   {rest}").into(),
        None => text.into(),
    };
    let text = text.as_ref();
    // Before pest, whose parser recurses once per parenthesis.
    check_parentheses(text)?;
    // Files that parse take the direct path; pest reads the others and tells what is wrong.
    if let Some(file) = super::direct::parse(text) {
        return Ok(file);
    }
    pest_parse(text)
}

/// [`parse`] by pest alone: the definition of the syntax, and its error messages.
pub(super) fn pest_parse(text: &str) -> Result<RuleFile, Diagnostic> {
    let mut pairs = RuleParser::parse(Rule::file, text).map_err(|e| syntax_error(e, text))?;
    let file = pairs
        .next()
        .expect("the file rule always produces one pair");
    let mut out = RuleFile::default();
    for item in file.into_inner() {
        match item.as_rule() {
            Rule::rule => out.rules.push(rule(item)?),
            Rule::list_def => out.lists.push(list_def(item)?),
            _ => {}
        }
    }
    Ok(out)
}

/// Parses a rule file, recovering from errors at the next top-level item: when the file does not
/// parse, each `rule` and `list` starting a line is parsed on its own (the rest of the file
/// blanked, so spans still point into the file), so that a syntax error costs only the item it
/// is in. Returns what parsed and every error.
pub fn parse_recovering(text: &str) -> (RuleFile, Vec<Diagnostic>) {
    let first = match parse(text) {
        Ok(file) => return (file, Vec::new()),
        Err(d) => d,
    };
    let starts: Vec<usize> = std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .filter(|&i| text[i..].starts_with("rule ") || text[i..].starts_with("list "))
        .collect();
    if starts.len() < 2 {
        return (RuleFile::default(), vec![first]);
    }
    let mut out = RuleFile::default();
    let mut errors = Vec::new();
    for (k, &start) in starts.iter().enumerate() {
        // The item runs to the next one; what precedes the first (comments) goes with it.
        let from = if k == 0 { 0 } else { start };
        let to = starts.get(k + 1).copied().unwrap_or(text.len());
        let masked: String = text
            .char_indices()
            .map(|(i, c)| {
                if (from..to).contains(&i) || c == '\n' {
                    c.to_string()
                } else {
                    " ".repeat(c.len_utf8())
                }
            })
            .collect();
        match parse(&masked) {
            Ok(item) => {
                out.rules.extend(item.rules);
                out.lists.extend(item.lists);
            }
            Err(d) => errors.push(d),
        }
    }
    if errors.is_empty() {
        // Only the whole file fails (something between items): report that.
        errors.push(first);
    }
    (out, errors)
}

/// The first parenthesis nesting deeper than [`MAX_DEPTH`], outside strings and comments, as
/// an error. Unbalanced text is left to the grammar.
fn check_parentheses(text: &str) -> Result<(), Diagnostic> {
    let bytes = text.as_bytes();
    let (mut depth, mut i) = (0usize, 0usize);
    while i < bytes.len() {
        match bytes[i] {
            b'#' => {
                i = text[i..].find('\n').map_or(bytes.len(), |n| i + n);
                continue;
            }
            b'"' if text[i..].starts_with("\"\"\"") => {
                i = text[i + 3..]
                    .find("\"\"\"")
                    .map_or(bytes.len(), |n| i + 3 + n + 3);
                continue;
            }
            b'"' => {
                // A short string ends at its closing quote or, unterminated, at the line's end.
                i += 1;
                while i < bytes.len() && !matches!(bytes[i], b'"' | b'\n') {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
            }
            b'(' => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Err(too_deep(Span::new(i, i + 1)));
                }
            }
            b')' => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    Ok(())
}

fn too_deep(at: Span) -> Diagnostic {
    Diagnostic::new(
        "rules/too-deep",
        Severity::Error,
        Text::new("表达式嵌套过深", "expression nested too deeply"),
    )
    .with_label(Label::primary(
        at,
        Text::new(
            format!("表达式最多嵌套 {MAX_DEPTH} 层（括号、一元运算符、连续运算符各算一层）"),
            format!(
                "an expression nests at most {MAX_DEPTH} levels (each parenthesis, unary operator and chained operator is one)"
            ),
        ),
    ))
}

fn list_def(p: Pair<'_, Rule>) -> Result<ListDef, Diagnostic> {
    let whole = span(&p);
    let mut inner = p.into_inner();
    let name = inner.next().expect("list name");
    Ok(ListDef {
        name: Spanned {
            node: name.as_str().to_string(),
            span: span(&name),
        },
        items: inner.map(string_value).collect::<Result<_, _>>()?,
        span: whole,
    })
}

/// What a grammar rule is called in messages, in Chinese and English.
fn describe(expected: &Rule) -> (&'static str, &'static str) {
    match expected {
        Rule::rule | Rule::list_def => ("`rule` 或 `list`", "`rule` or `list`"),
        Rule::rule_id => (
            "规则名（如 `sec3-balance`）",
            "a rule id like `sec3-balance`",
        ),
        Rule::title
        | Rule::title_en
        | Rule::severity
        | Rule::locked
        | Rule::message
        | Rule::message_en
        | Rule::help
        | Rule::help_en
        | Rule::doc
        | Rule::let_def
        | Rule::let_kw
        | Rule::when
        | Rule::assertion => (
            "字段（`title`、`severity`、`locked`、`message`、`help`、`doc`、`let`、`when`、`assert`，或英文的 `title.en`、`message.en`、`help.en`）或 `}`",
            "a field (`title`, `severity`, `locked`, `message`, `help`, `doc`, `let`, `when`, `assert`, or the English `title.en`, `message.en`, `help.en`) or `}`",
        ),
        Rule::assert_texts => ("`{`", "`{`"),
        Rule::item | Rule::item_en => (
            "断言的字段（`message`、`message.en`、`item`、`item.en`）或 `}`",
            "an assertion's field (`message`, `message.en`, `item`, `item.en`) or `}`",
        ),
        Rule::severity_level => (
            "`error`、`warning` 或 `info`",
            "`error`, `warning` or `info`",
        ),
        Rule::string | Rule::short_string | Rule::long_string => {
            ("双引号字符串", "a string in double quotes")
        }
        Rule::expr
        | Rule::or_expr
        | Rule::and_expr
        | Rule::not_expr
        | Rule::cmp_expr
        | Rule::add_expr
        | Rule::mul_expr
        | Rule::unary => ("表达式", "an expression"),
        Rule::cmp_op => (
            "比较运算符（`==`、`!=`、`<`、`<=`、`>`、`>=`）",
            "a comparison (`==`, `!=`, `<`, `<=`, `>`, `>=`)",
        ),
        Rule::add_op | Rule::mul_op => ("运算符", "an operator"),
        Rule::name | Rule::reference => ("名称", "a name"),
        Rule::number => ("数字", "a number"),
        Rule::quantifier => ("`for`", "`for`"),
        Rule::tolerance => ("`within`", "`within`"),
        Rule::segment => ("`.` 或 `[`", "`.` or `[`"),
        Rule::index | Rule::range | Rule::star => (
            "列名、范围 `a..b` 或 `*`",
            "a column, a range `a..b` or `*`",
        ),
        Rule::EOI => ("文件结尾", "end of file"),
        _ => ("其他内容", "something else"),
    }
}

/// What an author most likely meant by the text at a syntax error: full-width punctuation and
/// curly quotes from a Chinese input method, and operators of other languages.
fn likely_meant(rest: &str) -> Option<(&'static str, &'static str)> {
    let c = rest.chars().next()?;
    Some(match c {
        '（' | '）' => (
            "全角括号：请写半角 ( )",
            "a full-width parenthesis: write ( )",
        ),
        '，' => ("全角逗号：请写半角 ,", "a full-width comma: write ,"),
        '“' | '”' | '‘' | '’' | '「' | '」' => (
            "弯引号：字符串请用直引号 \"…\"",
            "a curly quote: strings take straight quotes \"…\"",
        ),
        '≤' => ("请写 <=", "write <="),
        '≥' => ("请写 >=", "write >="),
        '≠' => ("请写 !=", "write !="),
        '＝' => (
            "全角等号：比较相等请写 ==",
            "a full-width equals sign: equality is ==",
        ),
        '=' if !rest.starts_with("==") => ("比较相等请写 ==", "equality is written =="),
        '&' if rest.starts_with("&&") => ("“并且”请写 and", "write `and` for &&"),
        '|' if rest.starts_with("||") => ("“或者”请写 or", "write `or` for ||"),
        '!' if !rest.starts_with("!=") => ("“非”请写 not", "write `not` for !"),
        _ => return None,
    })
}

fn syntax_error(e: pest::error::Error<Rule>, text: &str) -> Diagnostic {
    let at = match e.location {
        pest::error::InputLocation::Pos(p) => Span::empty_at(p),
        pest::error::InputLocation::Span((a, b)) => Span::new(a, b),
    };
    let (zh, en) = match &e.variant {
        pest::error::ErrorVariant::ParsingError { positives, .. } => {
            let mut names: Vec<(&str, &str)> = positives.iter().map(describe).collect();
            names.sort_unstable();
            names.dedup();
            (
                names.iter().map(|n| n.0).collect::<Vec<_>>().join("、"),
                names.iter().map(|n| n.1).collect::<Vec<_>>().join(", "),
            )
        }
        pest::error::ErrorVariant::CustomError { message } => (message.clone(), message.clone()),
    };
    let d = Diagnostic::new(
        "rules/syntax",
        Severity::Error,
        Text::new("规则文件语法错误", "syntax error in rule file"),
    )
    .with_label(Label::primary(
        at,
        Text::new(format!("此处应为：{zh}"), format!("expected {en}")),
    ));
    match text.get(at.start..).and_then(likely_meant) {
        Some((zh, en)) => d.with_note(Text::new(format!("提示：{zh}"), format!("hint: {en}"))),
        None => d,
    }
}

fn custom(span: Span, zh: String, en: String) -> Diagnostic {
    Diagnostic::new(
        "rules/syntax",
        Severity::Error,
        Text::new("规则文件语法错误", "syntax error in rule file"),
    )
    .with_label(Label::primary(span, Text::new(zh, en)))
}

fn string_value(p: Pair<'_, Rule>) -> Result<Spanned<String>, Diagnostic> {
    let sp = span(&p);
    let inner = p.into_inner().next().expect("string has a body");
    let body = inner.into_inner().next().expect("string body");
    let text = match body.as_rule() {
        Rule::long_inner => body.as_str().to_string(),
        _ => unescape(body.as_str()).ok_or_else(|| {
            custom(
                sp,
                "字符串以反斜杠结尾".into(),
                "string ends with a backslash".into(),
            )
        })?,
    };
    Ok(Spanned {
        node: text,
        span: sp,
    })
}

/// `\"`, `\\`, `\n` and `\t` are escapes; any other backslash is kept as written, so regular
/// expressions such as `\d{4}` need no doubling.
pub(super) fn unescape(s: &str) -> Option<String> {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next()? {
            '"' => out.push('"'),
            '\\' => out.push('\\'),
            'n' => out.push('\n'),
            't' => out.push('\t'),
            other => {
                out.push('\\');
                out.push(other);
            }
        }
    }
    Some(out)
}

fn rule(p: Pair<'_, Rule>) -> Result<RuleAst, Diagnostic> {
    let whole = span(&p);
    let mut inner = p.into_inner();
    let id_pair = inner.next().expect("rule id");
    let mut r = RuleAst::new(
        Spanned {
            node: id_pair.as_str().to_string(),
            span: span(&id_pair),
        },
        whole,
    );
    for field in inner {
        let field_span = span(&field);
        match field.as_rule() {
            Rule::title => set_once(
                &mut r.title,
                string_value(first(field))?,
                "title",
                field_span,
                &mut r.repeated,
            ),
            Rule::message => set_once(
                &mut r.message,
                string_value(first(field))?,
                "message",
                field_span,
                &mut r.repeated,
            ),
            Rule::title_en => set_once(
                &mut r.title_en,
                string_value(first(field))?,
                "title.en",
                field_span,
                &mut r.repeated,
            ),
            Rule::message_en => set_once(
                &mut r.message_en,
                string_value(first(field))?,
                "message.en",
                field_span,
                &mut r.repeated,
            ),
            Rule::help_en => set_once(
                &mut r.help_en,
                string_value(first(field))?,
                "help.en",
                field_span,
                &mut r.repeated,
            ),
            Rule::let_def => {
                let mut parts = field.into_inner();
                let _keyword = parts.next().expect("let keyword");
                let name = parts.next().expect("let name");
                r.lets.push(LetDef {
                    name: Spanned {
                        node: name.as_str().to_string(),
                        span: span(&name),
                    },
                    expr: expr(parts.next().expect("let expression"))?,
                });
            }
            Rule::help => set_once(
                &mut r.help,
                string_value(first(field))?,
                "help",
                field_span,
                &mut r.repeated,
            ),
            Rule::doc => set_once(
                &mut r.doc,
                string_value(first(field))?,
                "doc",
                field_span,
                &mut r.repeated,
            ),
            Rule::severity => {
                let level = first(field);
                let sev = match level.as_str() {
                    "error" => Severity::Error,
                    "warning" => Severity::Warning,
                    _ => Severity::Info,
                };
                set_once(
                    &mut r.severity,
                    Spanned {
                        node: sev,
                        span: span(&level),
                    },
                    "severity",
                    field_span,
                    &mut r.repeated,
                );
            }
            Rule::locked => {
                set_once(
                    &mut r.locked,
                    field_span,
                    "locked",
                    field_span,
                    &mut r.repeated,
                );
            }
            Rule::when => r.guards.push(expr(first(field))?),
            Rule::assertion => r.assertions.push(assertion(field)?),
            _ => {}
        }
    }
    Ok(r)
}

pub(super) fn set_once<T>(
    slot: &mut Option<T>,
    value: T,
    name: &'static str,
    at: Span,
    repeated: &mut Vec<(&'static str, Span)>,
) {
    if slot.is_some() {
        repeated.push((name, at));
    } else {
        *slot = Some(value);
    }
}

fn first(p: Pair<'_, Rule>) -> Pair<'_, Rule> {
    p.into_inner().next().expect("grammar guarantees a child")
}

fn assertion(p: Pair<'_, Rule>) -> Result<Assertion, Diagnostic> {
    let whole = span(&p);
    let mut quantifiers = Vec::new();
    let mut body = None;
    let mut texts = AssertTexts::default();
    for child in p.into_inner() {
        match child.as_rule() {
            Rule::assert_texts => {
                for text in child.into_inner() {
                    let at = span(&text);
                    let (slot, name) = match text.as_rule() {
                        Rule::message => (&mut texts.message, "message"),
                        Rule::message_en => (&mut texts.message_en, "message.en"),
                        Rule::item => (&mut texts.item, "item"),
                        _ => (&mut texts.item_en, "item.en"),
                    };
                    set_once(
                        slot,
                        string_value(first(text))?,
                        name,
                        at,
                        &mut texts.repeated,
                    );
                }
            }
            Rule::quantifier => {
                let mut q = child.into_inner();
                let var = q.next().expect("variable");
                let domain = reference(q.next().expect("domain"))?;
                quantifiers.push(Quantifier {
                    var: Spanned {
                        node: var.as_str().to_string(),
                        span: span(&var),
                    },
                    domain,
                });
            }
            _ => body = Some(expr(child)?),
        }
    }
    Ok(Assertion {
        quantifiers,
        expr: body.expect("assertion has an expression"),
        texts,
        span: whole,
    })
}

fn boxed(e: Expr) -> Box<Expr> {
    Box::new(e)
}

/// An expression with the depth of its tree (a leaf is 1).
type Deep = (Expr, usize);

/// `kind` over children `depths` deep, or the error when that passes [`MAX_DEPTH`]: checked as
/// the tree is built, so that no deeper tree (nor its recursive drop) ever exists.
fn node(kind: ExprKind, span: Span, depths: &[usize]) -> Result<Deep, Diagnostic> {
    let depth = 1 + depths.iter().copied().max().unwrap_or(0);
    if depth > MAX_DEPTH {
        return Err(too_deep(span));
    }
    Ok((Expr { kind, span }, depth))
}

fn expr(p: Pair<'_, Rule>) -> Result<Expr, Diagnostic> {
    deep_expr(p).map(|(e, _)| e)
}

fn deep_expr(p: Pair<'_, Rule>) -> Result<Deep, Diagnostic> {
    let sp = span(&p);
    match p.as_rule() {
        Rule::expr => deep_expr(first(p)),
        Rule::or_expr | Rule::and_expr => {
            let is_or = p.as_rule() == Rule::or_expr;
            let mut parts = p.into_inner();
            let (mut acc, mut depth) = deep_expr(parts.next().expect("operand"))?;
            for next in parts {
                let (rhs, d) = deep_expr(next)?;
                let span = acc.span.cover(rhs.span);
                let kind = if is_or {
                    ExprKind::Or(boxed(acc), boxed(rhs))
                } else {
                    ExprKind::And(boxed(acc), boxed(rhs))
                };
                (acc, depth) = node(kind, span, &[depth, d])?;
            }
            Ok((acc, depth))
        }
        Rule::not_expr | Rule::unary => {
            let not = p.as_rule() == Rule::not_expr;
            let parts: Vec<Pair<'_, Rule>> = p.into_inner().collect();
            let (ops, rest) = parts.split_at(parts.len() - 1);
            let (mut e, mut depth) = deep_expr(rest[0].clone())?;
            for op in ops.iter().rev() {
                let span = span(op).cover(e.span);
                let kind = if not {
                    ExprKind::Not(boxed(e))
                } else {
                    ExprKind::Neg(boxed(e))
                };
                (e, depth) = node(kind, span, &[depth])?;
            }
            Ok((e, depth))
        }
        Rule::cmp_expr => {
            let mut parts = p.into_inner();
            let (lhs, dl) = deep_expr(parts.next().expect("operand"))?;
            let Some(op) = parts.next() else {
                return Ok((lhs, dl));
            };
            let (rhs, dr) = deep_expr(parts.next().expect("right operand"))?;
            let tolerance = parts.next().map(|t| number(first(t))).transpose()?;
            let op = match op.as_str() {
                "==" => CmpOp::Eq,
                "!=" => CmpOp::Ne,
                "<=" => CmpOp::Le,
                ">=" => CmpOp::Ge,
                "<" => CmpOp::Lt,
                _ => CmpOp::Gt,
            };
            let kind = ExprKind::Compare {
                op,
                lhs: boxed(lhs),
                rhs: boxed(rhs),
                tolerance,
            };
            node(kind, sp, &[dl, dr])
        }
        Rule::add_expr | Rule::mul_expr => {
            let mut parts = p.into_inner();
            let (mut acc, mut depth) = deep_expr(parts.next().expect("operand"))?;
            while let Some(op) = parts.next() {
                let (rhs, d) = deep_expr(parts.next().expect("operand after operator"))?;
                let op = match op.as_str() {
                    "+" => ArithOp::Add,
                    "-" => ArithOp::Sub,
                    "/" => ArithOp::Div,
                    _ => ArithOp::Mul,
                };
                let span = acc.span.cover(rhs.span);
                (acc, depth) = node(
                    ExprKind::Arith(op, boxed(acc), boxed(rhs)),
                    span,
                    &[depth, d],
                )?;
            }
            Ok((acc, depth))
        }
        Rule::number => node(ExprKind::Number(number(p)?), sp, &[]),
        Rule::string => {
            let s = string_value(p)?;
            node(ExprKind::Str(s.node), s.span, &[])
        }
        Rule::boolean => node(ExprKind::Bool(p.as_str() == "true"), sp, &[]),
        Rule::call => {
            let mut parts = p.into_inner();
            let name = parts.next().expect("function name");
            let mut args = Vec::new();
            let mut depths = Vec::new();
            for a in parts {
                let (e, d) = deep_expr(a)?;
                args.push(e);
                depths.push(d);
            }
            let kind = ExprKind::Call {
                name: Spanned {
                    node: name.as_str().to_string(),
                    span: span(&name),
                },
                args,
            };
            node(kind, sp, &depths)
        }
        Rule::reference => node(ExprKind::Ref(reference(p)?), sp, &[]),
        other => unreachable!("unexpected {other:?} in an expression"),
    }
}

fn number(p: Pair<'_, Rule>) -> Result<Decimal, Diagnostic> {
    Decimal::parse(p.as_str())
        .ok_or_else(|| custom(span(&p), "数字过大".into(), "number too large".into()))
}

fn name_or_string(p: Pair<'_, Rule>) -> Result<Spanned<String>, Diagnostic> {
    match p.as_rule() {
        Rule::string => string_value(p),
        _ => Ok(Spanned {
            node: p.as_str().to_string(),
            span: span(&p),
        }),
    }
}

fn reference(p: Pair<'_, Rule>) -> Result<Reference, Diagnostic> {
    let whole = span(&p);
    let mut parts = p.into_inner();
    let root = parts.next().expect("root name");
    let mut segments = Vec::new();
    for seg in parts {
        let bracket = seg.as_str().starts_with('[');
        let mut inner = seg.into_inner();
        let item = inner.next().expect("segment body");
        let item = if item.as_rule() == Rule::index {
            first(item)
        } else {
            item
        };
        // Point at the name itself, not at the `.` or `[` before it.
        let seg_span = span(&item);
        let kind = match item.as_rule() {
            Rule::star => SegmentKind::Star,
            Rule::range => {
                let mut ends = item.into_inner();
                let a = name_or_string(ends.next().expect("range start"))?;
                let b = name_or_string(ends.next().expect("range end"))?;
                SegmentKind::Range(a, b)
            }
            _ => SegmentKind::Name(name_or_string(item)?.node),
        };
        segments.push(Segment {
            kind,
            bracket,
            span: seg_span,
        });
    }
    Ok(Reference {
        root: Spanned {
            node: root.as_str().to_string(),
            span: span(&root),
        },
        segments,
        span: whole,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> RuleAst {
        let mut f = parse(text).unwrap_or_else(|d| panic!("{d:?}"));
        assert_eq!(f.rules.len(), 1);
        f.rules.remove(0)
    }

    #[test]
    fn the_design_example_parses() {
        let r = one(
            "rule sec3-balance {\n title \"收支平衡\"\n severity error\n message \"{lhs} ≠ {rhs}\"\n assert sum(sec3.new, sec3.carried_in) == sum(sec3.results.total, sec3.carried_out)\n}",
        );
        assert_eq!(r.id.node, "sec3-balance");
        assert_eq!(r.severity.unwrap().node, Severity::Error);
        let ExprKind::Compare {
            op: CmpOp::Eq, lhs, ..
        } = &r.assertions[0].expr.kind
        else {
            panic!()
        };
        let ExprKind::Call { name, args } = &lhs.kind else {
            panic!()
        };
        assert_eq!((name.node.as_str(), args.len()), ("sum", 2));
    }

    #[test]
    fn chinese_paths_quantifiers_ranges_and_wildcards() {
        let r = one(
            "rule x { assert for r in sec3.rows: 表三.本年新收.总计 == sum(sec3[r][natural_person..other_org]) + sum(sec3.results.denied.*) within 0.01 }",
        );
        assert_eq!(r.assertions[0].quantifiers[0].var.node, "r");
        let ExprKind::Compare {
            lhs,
            rhs,
            tolerance,
            ..
        } = &r.assertions[0].expr.kind
        else {
            panic!()
        };
        assert_eq!(*tolerance, Decimal::parse("0.01"));
        let ExprKind::Ref(path) = &lhs.kind else {
            panic!()
        };
        assert_eq!(path.root.node, "表三");
        assert!(matches!(&path.segments[0].kind, SegmentKind::Name(n) if n == "本年新收"));
        let ExprKind::Arith(ArithOp::Add, a, b) = &rhs.kind else {
            panic!()
        };
        let ExprKind::Call { args, .. } = &a.kind else {
            panic!()
        };
        let ExprKind::Ref(range_ref) = &args[0].kind else {
            panic!()
        };
        assert!(
            matches!(&range_ref.segments[1].kind, SegmentKind::Range(x, y) if x.node == "natural_person" && y.node == "other_org")
        );
        let ExprKind::Call { args, .. } = &b.kind else {
            panic!()
        };
        let ExprKind::Ref(star) = &args[0].kind else {
            panic!()
        };
        assert!(matches!(
            star.segments.last().unwrap().kind,
            SegmentKind::Star
        ));
    }

    #[test]
    fn quoted_segments_long_strings_and_precedence() {
        let r = one(
            "rule x {\n doc \"\"\"两行\n文档\"\"\"\n when template == \"gov-2021\" and not year < 2021 or false\n assert 表三.\"（一）予以公开\".总计 - 1 * 2 >= 0\n}",
        );
        assert_eq!(r.doc.unwrap().node, "两行\n文档");
        assert!(matches!(r.guards[0].kind, ExprKind::Or(..)));
        let ExprKind::Compare { lhs, .. } = &r.assertions[0].expr.kind else {
            panic!()
        };
        assert!(
            matches!(&lhs.kind, ExprKind::Arith(ArithOp::Sub, _, m) if matches!(m.kind, ExprKind::Arith(ArithOp::Mul, ..)))
        );
    }

    #[test]
    fn likely_meanings_are_hinted_at_syntax_errors() {
        for (written, hint) in [
            ("sec3.new.total >= （0）", "全角括号"),
            ("sec3.new.total = 0", "=="),
            ("sec3.new.total ≥ 0", ">="),
            ("sec3.new.total >= 0 && true", "and"),
            ("contains(s1, “申请”)", "直引号"),
        ] {
            let text = format!(
                "rule x {{\n  title \"t\"\n  severity error\n  message \"m\"\n  assert {written}\n}}"
            );
            let d = parse(&text).unwrap_err();
            assert!(
                d.notes.iter().any(|n| n.zh.contains(hint)),
                "{written}: {:?}",
                d.notes
            );
        }
    }

    #[test]
    fn syntax_errors_point_at_the_place() {
        let text = "rule x {\n  assert 表三.本年新收.总计 == + 1\n}";
        let d = parse(text).unwrap_err();
        let at = d.labels[0].span.start;
        assert_eq!(&text[at..at + 1], "+");
        assert!(
            d.labels[0].message.en.contains("expected"),
            "{:?}",
            d.labels[0].message
        );
    }

    #[test]
    fn repeated_fields_are_recorded() {
        let r = one("rule x { title \"a\" title \"b\" assert true }");
        assert_eq!(r.title.unwrap().node, "a");
        assert_eq!(r.repeated.len(), 1);
    }
}
