//! Rule messages: the `{…}` placeholders of a message template, found once when a rule loads,
//! and the check that every placeholder can have a value for each assertion the message
//! speaks for (`{lhs}` needs a comparison, `{sentence}` a text function, `{r}` a quantifier of
//! that assertion), so that a finding never prints a placeholder it cannot fill.

use super::ast::{Assertion, ExprKind, Spanned};
use crate::diagnostic::{Diagnostic, Label, Severity, Text};
use crate::source::{SourceFile, Span};

/// A message template with its placeholders located.
#[derive(Debug, Clone)]
pub struct Template {
    /// The text as written (after string escapes), `{{` and `}}` still doubled.
    pub text: String,
    /// Where each placeholder's `{` is and its name's length.
    pub placeholders: Vec<(usize, usize)>,
    /// Whether the text has `{{` or `}}` to unescape.
    pub escapes: bool,
}

impl Template {
    /// `text` with its placeholders found.
    pub fn new(text: &str) -> Template {
        Template {
            placeholders: placeholders(text)
                .into_iter()
                .map(|(at, name)| (at, name.len()))
                .collect(),
            escapes: text.contains("{{") || text.contains("}}"),
            text: text.to_string(),
        }
    }

    /// Whether the template names `placeholder`.
    pub fn names(&self, placeholder: &str) -> bool {
        self.placeholders
            .iter()
            .any(|&(at, len)| &self.text[at + 1..at + 1 + len] == placeholder)
    }
}

/// A message in Chinese and, when the rule gives one, English.
#[derive(Debug, Clone)]
pub struct Message {
    /// The Chinese template.
    pub zh: Template,
    /// The English template (`message.en`).
    pub en: Option<Template>,
}

impl Message {
    /// The message of `zh` and `en` as written.
    pub fn new(zh: &Spanned<String>, en: Option<&Spanned<String>>) -> Message {
        Message {
            zh: Template::new(&zh.node),
            en: en.map(|e| Template::new(&e.node)),
        }
    }

    /// Whether either language names `placeholder`.
    pub fn names(&self, placeholder: &str) -> bool {
        self.zh.names(placeholder) || self.en.as_ref().is_some_and(|e| e.names(placeholder))
    }
}

/// Placeholder names every message may use (whether an assertion can fill them is checked
/// by [`check`]).
pub const MESSAGE_NAMES: &[&str] = &[
    "lhs",
    "rhs",
    "diff",
    "value",
    "col",
    "col.label",
    "sentence",
    "items",
];

/// The `{…}` placeholders of a message, with their byte offsets inside the string's text.
pub fn placeholders(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut rest = text;
    let mut base = 0;
    while let Some(open) = rest.find('{') {
        if rest[open..].starts_with("{{") {
            base += open + 2;
            rest = &rest[open + 2..];
            continue;
        }
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        out.push((base + open, &rest[open + 1..open + close]));
        base += open + close + 1;
        rest = &rest[open + close + 1..];
    }
    out
}

/// What placeholders a message may name beyond [`MESSAGE_NAMES`] in one rule.
pub struct Names<'a> {
    /// The rule's `let` names.
    pub lets: &'a [String],
    /// Whether the message is the rule's own (where `{items}` may stand).
    pub rule_level: bool,
}

/// The placeholders of `message` that name nothing (with did-you-mean), and those that name
/// something `assertion` cannot give a value (the rule, the assertion's line and the
/// placeholder named). `rule` is the rule's id, for the message.
pub fn check(
    message: &Spanned<String>,
    assertion: &Assertion,
    names: &Names<'_>,
    rule: &str,
    source: &SourceFile,
) -> Vec<Diagnostic> {
    let vars: Vec<&str> = assertion
        .quantifiers
        .iter()
        .map(|q| q.var.node.as_str())
        .collect();
    let mut errors = Vec::new();
    for (at, name) in placeholders(&message.node) {
        // The string's text starts after its opening quote; escapes may shift this a little,
        // so clamp into the string's span.
        let start = (message.span.start + 1 + at).min(message.span.end);
        let end = (start + name.len() + 2).min(message.span.end);
        let span = Span::new(start, end);
        let var = name.strip_suffix(".label").unwrap_or(name);
        let known = MESSAGE_NAMES.contains(&name)
            || names.lets.iter().any(|l| l == name)
            || vars.contains(&var);
        if !known {
            let mut allowed: Vec<String> = MESSAGE_NAMES.iter().map(|s| s.to_string()).collect();
            allowed.extend(names.lets.iter().cloned());
            for v in &vars {
                allowed.push(v.to_string());
                allowed.push(format!("{v}.label"));
            }
            errors.push(super::resolve::unknown(
                span,
                "消息占位符",
                "message placeholder",
                name,
                &allowed,
            ));
            continue;
        }
        let lacking = match name {
            "lhs" | "rhs" | "diff" if !is_comparison(&assertion.expr.kind) => Some((
                "不是比较（==、!=、<、<=、>、>=）",
                "is not a comparison (==, !=, <, <=, >, >=)",
            )),
            "sentence" if !reads_sentences(&assertion.expr.kind) => Some((
                "不读正文句子（claims、claims_at、matches、contains）",
                "reads no sentence (claims, claims_at, matches, contains)",
            )),
            "items" if !names.rule_level => Some((
                "有自己的消息：{items} 只能写在规则的 message 中",
                "has its own message: {items} belongs in the rule's message",
            )),
            "items" if assertion.texts.item.is_none() => Some((
                "没有 item（{items} 列出未通过断言的 item）",
                "has no `item` ({items} lists the items of the assertions that fail)",
            )),
            _ => None,
        };
        if let Some((zh, en)) = lacking {
            let line = source.line_col(assertion.span.start).line;
            errors.push(
                Diagnostic::new(
                    "rules/placeholder",
                    Severity::Error,
                    Text::new(
                        format!("规则 `{rule}` 第 {line} 行的断言{zh}，占位符 {{{name}}} 没有值"),
                        format!(
                            "rule `{rule}`: the assertion at line {line} {en}, so {{{name}}} has no value"
                        ),
                    ),
                )
                .with_label(Label::primary(
                    span,
                    Text::new(
                        format!("{{{name}}} 在此断言中没有值"),
                        format!("{{{name}}} has no value for this assertion"),
                    ),
                ))
                .with_label(Label::secondary(
                    assertion.span,
                    Text::new("这条断言", "this assertion"),
                )),
            );
        }
    }
    errors
}

/// Whether an assertion's expression is a comparison, whose sides `{lhs}` and `{rhs}` are.
fn is_comparison(e: &ExprKind) -> bool {
    matches!(e, ExprKind::Compare { .. })
}

/// Whether an expression reads sentences of the narrative (`{sentence}` has a value).
fn reads_sentences(e: &ExprKind) -> bool {
    match e {
        ExprKind::Call { name, args } => {
            matches!(
                name.node.as_str(),
                "claims" | "claims_at" | "matches" | "contains"
            ) || args.iter().any(|a| reads_sentences(&a.kind))
        }
        ExprKind::Neg(x) | ExprKind::Not(x) => reads_sentences(&x.kind),
        ExprKind::Arith(_, a, b) | ExprKind::And(a, b) | ExprKind::Or(a, b) => {
            reads_sentences(&a.kind) || reads_sentences(&b.kind)
        }
        ExprKind::Compare { lhs, rhs, .. } => {
            reads_sentences(&lhs.kind) || reads_sentences(&rhs.kind)
        }
        ExprKind::Number(_) | ExprKind::Str(_) | ExprKind::Bool(_) | ExprKind::Ref(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_skip_escaped_braces() {
        assert_eq!(
            placeholders("{{x}} {lhs} a {c.label}"),
            vec![(6, "lhs"), (14, "c.label")]
        );
    }

    #[test]
    fn a_template_knows_its_names() {
        let t = Template::new("缺少{items}：{{x}} {lhs}");
        assert!(t.names("items") && t.names("lhs") && !t.names("x"));
    }
}
