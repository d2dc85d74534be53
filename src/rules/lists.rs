//! Named word lists (`list received = ["收到", "受理"]`): collected per pack and expanded where
//! a `matches` or `claims` pattern writes `{received}`, before the rule is resolved.
//!
//! A list is visible to every rule of its pack, whichever file defines it. Its items are
//! regular-expression fragments; `{name}` becomes `(?:item|item|…)`. `{n}` (the number slot of
//! `claims`) and numeric repetitions such as `{1,2}` are left alone.

use super::ast::{Expr, ExprKind, ListDef, RuleAst};
use super::resolve::suggest;
use crate::diagnostic::{Diagnostic, Label, Severity, Text};
use crate::source::Span;
use std::collections::BTreeMap;

/// The lists of one pack: name → the alternation it expands to.
#[derive(Debug, Default, Clone)]
pub struct Lists {
    by_name: BTreeMap<String, String>,
}

impl Lists {
    /// Adds a file's lists. A name defined twice in a pack is an error (at the second one).
    pub fn add(&mut self, defs: &[ListDef]) -> Vec<Diagnostic> {
        let mut errors = Vec::new();
        for d in defs {
            if d.name.node == "n" {
                errors.push(problem(
                    "rules/list",
                    d.name.span,
                    "列表不能命名为 n（{n} 是 claims 的数字位置）".into(),
                    "a list cannot be named `n` (`{n}` is the number slot of claims)".into(),
                ));
                continue;
            }
            if self.by_name.contains_key(&d.name.node) {
                errors.push(problem(
                    "rules/list",
                    d.name.span,
                    format!("列表 `{}` 重复定义", d.name.node),
                    format!("list `{}` is defined twice", d.name.node),
                ));
                continue;
            }
            let items: Vec<&str> = d.items.iter().map(|i| i.node.as_str()).collect();
            self.by_name
                .insert(d.name.node.clone(), format!("(?:{})", items.join("|")));
        }
        errors
    }

    /// Expands `{name}` in the patterns of `rule`'s `matches` and `claims` calls.
    pub fn expand(&self, rule: &mut RuleAst) -> Vec<Diagnostic> {
        let mut errors = Vec::new();
        for l in &mut rule.lets {
            self.expand_expr(&mut l.expr, &mut errors);
        }
        for g in &mut rule.guards {
            self.expand_expr(g, &mut errors);
        }
        for a in &mut rule.assertions {
            self.expand_expr(&mut a.expr, &mut errors);
        }
        errors
    }

    fn expand_expr(&self, e: &mut Expr, errors: &mut Vec<Diagnostic>) {
        match &mut e.kind {
            ExprKind::Call { name, args } => {
                if matches!(name.node.as_str(), "matches" | "claims" | "claims_at")
                    && let Some(Expr {
                        kind: ExprKind::Str(text),
                        span,
                    }) = args.get_mut(1)
                {
                    match self.expand_text(text, *span) {
                        Ok(t) => *text = t,
                        Err(d) => errors.push(d),
                    }
                }
                for a in args {
                    self.expand_expr(a, errors);
                }
            }
            ExprKind::Neg(x) | ExprKind::Not(x) => self.expand_expr(x, errors),
            ExprKind::Arith(_, a, b) | ExprKind::And(a, b) | ExprKind::Or(a, b) => {
                self.expand_expr(a, errors);
                self.expand_expr(b, errors);
            }
            ExprKind::Compare { lhs, rhs, .. } => {
                self.expand_expr(lhs, errors);
                self.expand_expr(rhs, errors);
            }
            ExprKind::Number(_) | ExprKind::Str(_) | ExprKind::Bool(_) | ExprKind::Ref(_) => {}
        }
    }

    /// `text` with every `{name}` of a list replaced by its alternation.
    fn expand_text(&self, text: &str, span: Span) -> Result<String, Diagnostic> {
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        while let Some(open) = rest.find('{') {
            let escaped = rest[..open]
                .chars()
                .rev()
                .take_while(|c| *c == '\\')
                .count()
                % 2
                == 1;
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            let name_len = after
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
                .unwrap_or(after.len());
            let name = &after[..name_len];
            let is_name = !escaped
                && after[name_len..].starts_with('}')
                && name.starts_with(|c: char| c.is_ascii_alphabetic())
                && name != "n";
            if !is_name {
                out.push('{');
                rest = after;
                continue;
            }
            let Some(alternation) = self.by_name.get(name) else {
                let known: Vec<String> = self.by_name.keys().cloned().collect();
                let mut d = problem(
                    "rules/unknown-name",
                    span,
                    format!("未知的列表“{name}”"),
                    format!("unknown list `{name}`"),
                );
                if let Some(s) = suggest(name, &known) {
                    d = d.with_note(Text::new(
                        format!("help: 是否想写“{s}”？"),
                        format!("help: did you mean `{s}`?"),
                    ));
                }
                return Err(d);
            };
            out.push_str(alternation);
            rest = &after[name_len + 1..];
        }
        out.push_str(rest);
        Ok(out)
    }
}

fn problem(code: &str, span: Span, zh: String, en: String) -> Diagnostic {
    Diagnostic::new(code, Severity::Error, Text::new(zh.clone(), en.clone()))
        .with_label(Label::primary(span, Text::new(zh, en)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::ast::Spanned;

    fn lists() -> Lists {
        let s = |t: &str| Spanned {
            node: t.to_string(),
            span: Span::empty_at(0),
        };
        let mut l = Lists::default();
        let errors = l.add(&[ListDef {
            name: s("received"),
            items: vec![s("收到"), s("受理")],
            span: Span::empty_at(0),
        }]);
        assert!(errors.is_empty());
        l
    }

    #[test]
    fn a_list_becomes_an_alternation_and_other_braces_stay() {
        let l = lists();
        let t = l
            .expand_text(
                r"{received}[^，]{0,6}?申请{n}件\{received}",
                Span::empty_at(0),
            )
            .unwrap();
        assert_eq!(t, r"(?:收到|受理)[^，]{0,6}?申请{n}件\{received}");
    }

    #[test]
    fn an_unknown_list_is_an_error_with_a_suggestion() {
        let d = lists()
            .expand_text("{recieved}", Span::empty_at(0))
            .unwrap_err();
        assert_eq!(d.code, "rules/unknown-name");
        assert!(format!("{:?}", d.notes).contains("received"));
    }
}
