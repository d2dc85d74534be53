//! `let NAME = EXPR` inside a rule: each use of `NAME` in the rule's `let`s, `when`s and
//! `assert`s is replaced by its expression before the rule is compiled, so the engine (and its
//! fast paths) see the expression itself. A `let` may use the `let`s written before it; a name
//! defined twice, or one that shadows a name of the language (`year`, `s1`, `sec3` …), is an
//! error; so is an unknown name close to a `let` (with did-you-mean). Inlining multiplies an
//! expression by its uses, so the inlined size and depth are bounded.

use super::ast::{Expr, ExprKind, LetDef, RuleAst};
use super::parse::MAX_DEPTH;
use crate::diagnostic::{Diagnostic, Label, Severity, Text};
use crate::source::Span;

/// At most this many nodes in one expression once its `let`s are inlined: `let b = a + a`,
/// `let c = b + b` … doubles with each line, and a hostile file must not exhaust memory.
pub const MAX_INLINED_NODES: usize = 10_000;

/// Inlines the rule's `let`s into its guards and assertions (and into later `let`s). Returns
/// every problem found; the rule is left as it was when there is one.
pub fn inline(rule: &mut RuleAst, is_language_name: impl Fn(&str) -> bool) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    let mut defined: Vec<LetDef> = Vec::new();
    for l in &rule.lets {
        if defined.iter().any(|d| d.name.node == l.name.node) {
            errors.push(problem(
                l.name.span,
                format!("`let {}` 重复定义", l.name.node),
                format!("`let {}` is defined twice", l.name.node),
            ));
            continue;
        }
        if is_language_name(&l.name.node) {
            errors.push(problem(
                l.name.span,
                format!("`let {}` 与规则语言的名称重名", l.name.node),
                format!(
                    "`let {}` would hide a name of the rule language",
                    l.name.node
                ),
            ));
            continue;
        }
        let mut expr = l.expr.clone();
        if let Err(d) = substitute(&mut expr, &defined, &is_language_name) {
            errors.push(d);
            continue;
        }
        defined.push(LetDef {
            name: l.name.clone(),
            expr,
        });
    }
    if !errors.is_empty() {
        return errors;
    }
    for g in &mut rule.guards {
        if let Err(d) = substitute(g, &defined, &is_language_name) {
            errors.push(d);
        }
    }
    for a in &mut rule.assertions {
        // A quantifier variable hides a `let` of the same name within its assertion.
        let visible: Vec<LetDef> = defined
            .iter()
            .filter(|d| !a.quantifiers.iter().any(|q| q.var.node == d.name.node))
            .cloned()
            .collect();
        let bound = |n: &str| is_language_name(n) || a.quantifiers.iter().any(|q| q.var.node == n);
        if let Err(d) = substitute(&mut a.expr, &visible, &bound) {
            errors.push(d);
        }
    }
    rule.lets = defined;
    errors
}

fn problem(span: Span, zh: String, en: String) -> Diagnostic {
    Diagnostic::new(
        "rules/let",
        Severity::Error,
        Text::new(zh.clone(), en.clone()),
    )
    .with_label(Label::primary(span, Text::new(zh, en)))
}

/// Replaces each bare reference to a defined `let` in `e` by its expression; an unknown bare
/// name close to one is an error with did-you-mean. Refuses an expression that grows past
/// [`MAX_INLINED_NODES`] or [`MAX_DEPTH`].
fn substitute(
    e: &mut Expr,
    defined: &[LetDef],
    known: &dyn Fn(&str) -> bool,
) -> Result<(), Diagnostic> {
    if defined.is_empty() {
        return Ok(());
    }
    let whole = e.span;
    let mut budget = MAX_INLINED_NODES;
    walk(e, defined, known, &mut budget)?;
    let (nodes, depth) = size(e);
    if nodes > MAX_INLINED_NODES || depth > MAX_DEPTH {
        return Err(Diagnostic::new(
            "rules/too-deep",
            Severity::Error,
            Text::new(
                "代入 let 后表达式过大",
                "the expression is too large once its `let`s are written out",
            ),
        )
        .with_label(Label::primary(
            whole,
            Text::new(
                format!(
                    "代入 let 后有 {nodes} 个节点、{depth} 层；最多 {MAX_INLINED_NODES} 个节点、{MAX_DEPTH} 层"
                ),
                format!(
                    "{nodes} nodes {depth} deep once inlined; at most {MAX_INLINED_NODES} nodes, {MAX_DEPTH} deep"
                ),
            ),
        )));
    }
    Ok(())
}

/// `budget`: how many more nodes inlining may copy in, so that the copies stop before they
/// exhaust memory rather than after.
fn walk(
    e: &mut Expr,
    defined: &[LetDef],
    known: &dyn Fn(&str) -> bool,
    budget: &mut usize,
) -> Result<(), Diagnostic> {
    match &mut e.kind {
        ExprKind::Ref(r) if r.segments.is_empty() => {
            let name = r.root.node.as_str();
            if let Some(d) = defined.iter().find(|d| d.name.node == name) {
                let (nodes, _) = size(&d.expr);
                *budget = budget.saturating_sub(nodes);
                if *budget == 0 {
                    return Err(problem(
                        r.span,
                        format!("let {name} 过大，不能代入"),
                        format!("`let {name}` is too large to write out here"),
                    ));
                }
                e.kind = d.expr.kind.clone();
                return Ok(());
            }
            if !known(name) {
                let names: Vec<String> = defined.iter().map(|d| d.name.node.clone()).collect();
                if let Some(s) = super::resolve::suggest(name, &names) {
                    return Err(problem(
                        r.root.span,
                        format!("未知的名称“{name}”；是否想写 let 定义的“{s}”？"),
                        format!("unknown name `{name}`; did you mean the `let` `{s}`?"),
                    ));
                }
            }
            Ok(())
        }
        ExprKind::Call { args, .. } => args
            .iter_mut()
            .try_for_each(|a| walk(a, defined, known, budget)),
        ExprKind::Neg(x) | ExprKind::Not(x) => walk(x, defined, known, budget),
        ExprKind::Arith(_, a, b)
        | ExprKind::And(a, b)
        | ExprKind::Or(a, b)
        | ExprKind::Compare { lhs: a, rhs: b, .. } => {
            walk(a, defined, known, budget)?;
            walk(b, defined, known, budget)
        }
        ExprKind::Ref(_) | ExprKind::Number(_) | ExprKind::Str(_) | ExprKind::Bool(_) => Ok(()),
    }
}

/// Nodes and depth of an expression tree (saturating).
fn size(e: &Expr) -> (usize, usize) {
    let children: Vec<(usize, usize)> = match &e.kind {
        ExprKind::Call { args, .. } => args.iter().map(size).collect(),
        ExprKind::Neg(x) | ExprKind::Not(x) => vec![size(x)],
        ExprKind::Arith(_, a, b)
        | ExprKind::And(a, b)
        | ExprKind::Or(a, b)
        | ExprKind::Compare { lhs: a, rhs: b, .. } => vec![size(a), size(b)],
        ExprKind::Ref(_) | ExprKind::Number(_) | ExprKind::Str(_) | ExprKind::Bool(_) => vec![],
    };
    let nodes = children.iter().fold(1usize, |n, c| n.saturating_add(c.0));
    let depth = 1 + children.iter().map(|c| c.1).max().unwrap_or(0);
    (nodes, depth)
}
