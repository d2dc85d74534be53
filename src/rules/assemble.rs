//! One rule's syntax tree → compiled rule: its required fields, English only beside Chinese,
//! its `let`s compiled for the placeholders that name them, each assertion compiled
//! ([`super::resolve`]) with the placeholders of the message it speaks with checked
//! ([`super::message::check`]), and whether its message lists `{items}`.

use super::ast::*;
use super::builtins::Kind;
use super::compiled::*;
use super::message::Message;
use super::resolve::{compile_assertion, compile_unbound, error, expect_kind};
use crate::diagnostic::{Diagnostic, Severity, Text};
use crate::source::{SourceFile, Span};

/// Resolves one rule of `source`, the rule set's file `file`, its `let`s already inlined
/// ([`super::lets::inline`]). `pack` prefixes the id.
pub fn resolve(
    rule: &RuleAst,
    pack: &str,
    file: usize,
    source: &SourceFile,
) -> Result<Rule, Vec<Diagnostic>> {
    let mut errors = Vec::new();
    let repeats = rule
        .repeated
        .iter()
        .chain(rule.assertions.iter().flat_map(|a| &a.texts.repeated));
    for (field, at) in repeats {
        errors.push(error(
            "rules/repeated-field",
            *at,
            format!("字段 `{field}` 重复"),
            format!("field `{field}` appears more than once"),
        ));
    }
    let mut missing = Vec::new();
    if rule.title.is_none() {
        missing.push("title");
    }
    if rule.severity.is_none() {
        missing.push("severity");
    }
    // The rule's message is the default of its assertions: needed unless each has its own.
    let all_own =
        !rule.assertions.is_empty() && rule.assertions.iter().all(|a| a.texts.message.is_some());
    if rule.message.is_none() && !all_own {
        missing.push("message");
    }
    if rule.assertions.is_empty() {
        missing.push("assert");
    }
    if !missing.is_empty() {
        let list = missing.join("`, `");
        errors.push(error(
            "rules/missing-field",
            rule.id.span,
            format!("规则缺少字段 `{list}`"),
            format!("rule lacks `{list}`"),
        ));
    }
    let full_id = format!("{pack}/{}", rule.id.node);
    errors.extend(english_without_chinese(rule));
    let mut lets = Vec::new();
    for l in &rule.lets {
        match compile_unbound(&l.expr) {
            Ok((e, _)) => lets.push((l.name.node.clone(), e)),
            Err(d) => errors.push(d),
        }
    }
    if !errors.is_empty() {
        // A `let` that does not compile would fail again in every place it is used.
        return Err(errors);
    }
    let mut guards = Vec::new();
    for g in &rule.guards {
        match compile_unbound(g).and_then(|(e, k)| expect_kind(e, k, Kind::Bool, g.span)) {
            Ok(e) => guards.push(e),
            Err(d) => errors.push(d),
        }
    }
    let let_names: Vec<String> = lets.iter().map(|(n, _)| n.clone()).collect();
    let mut assertions = Vec::new();
    for a in &rule.assertions {
        let own = a
            .texts
            .message
            .as_ref()
            .map(|m| (m, a.texts.message_en.as_ref()));
        let (texts, rule_level) = match own {
            Some((zh, en)) => (vec![Some(zh), en], false),
            None => (vec![rule.message.as_ref(), rule.message_en.as_ref()], true),
        };
        let names = super::message::Names {
            lets: &let_names,
            rule_level,
        };
        for m in texts.into_iter().flatten() {
            errors.extend(super::message::check(m, a, &names, &full_id, source));
        }
        if rule_level
            && rule
                .message_en
                .as_ref()
                .is_some_and(|m| m.node.contains("{items}"))
            && a.texts.item.is_some()
            && a.texts.item_en.is_none()
        {
            errors.push(error(
                "rules/placeholder",
                a.span,
                format!("规则 `{full_id}` 的 message.en 列出 {{items}}，这条断言缺少 item.en"),
                format!("rule `{full_id}`: message.en lists {{items}}, and this assertion lacks `item.en`"),
            ));
        }
        let lists = |m: Option<&Spanned<String>>| m.is_some_and(|m| m.node.contains("{items}"));
        if !rule_level && (lists(rule.message.as_ref()) || lists(rule.message_en.as_ref())) {
            errors.push(error(
                "rules/placeholder",
                a.texts.message.as_ref().map_or(a.span, |m| m.span),
                format!("规则 `{full_id}` 的 message 列出 {{items}}（未通过的断言合为一条发现），断言不能再有自己的 message"),
                format!("rule `{full_id}` lists {{items}} (its failing assertions make one finding), so an assertion cannot have its own message"),
            ));
        }
        match compile_assertion(a) {
            Ok(c) => assertions.push(c),
            Err(d) => errors.push(d),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let message = match &rule.message {
        Some(m) => m.clone(),
        // Every assertion has its own: the first stands for the rule in documentation.
        None => rule.assertions[0]
            .texts
            .message
            .clone()
            .expect("checked above"),
    };
    let messages = Message::new(&message, rule.message_en.as_ref());
    let lists_items = rule.message.is_some() && messages.names("items");
    Ok(Rule {
        id: full_id,
        title: rule
            .title
            .as_ref()
            .map(|t| t.node.clone())
            .unwrap_or_default(),
        title_en: rule.title_en.as_ref().map(|t| t.node.clone()),
        severity: rule.severity.as_ref().map_or(Severity::Error, |s| s.node),
        message,
        messages,
        lists_items,
        help: rule.help.as_ref().map(|h| h.node.clone()),
        help_en: rule.help_en.as_ref().map(|h| h.node.clone()),
        lets,
        doc: rule.doc.as_ref().map(|d| d.node.clone()),
        guards,
        assertions,
        file,
        span: rule.span,
        source: source.text[rule.span.start..rule.span.end].to_string(),
        locked: rule.locked.is_some(),
        defined_at: defined_at(source, rule.span),
    })
}

/// An English text (`title.en`, `message.en`, `help.en`, `item.en`) is a translation: one
/// without the Chinese it translates is an error.
fn english_without_chinese(rule: &RuleAst) -> Vec<Diagnostic> {
    let mut pairs = vec![
        ("title", rule.title.is_some(), rule.title_en.as_ref()),
        ("help", rule.help.is_some(), rule.help_en.as_ref()),
        ("message", rule.message.is_some(), rule.message_en.as_ref()),
    ];
    for a in &rule.assertions {
        pairs.push((
            "message",
            a.texts.message.is_some(),
            a.texts.message_en.as_ref(),
        ));
        pairs.push(("item", a.texts.item.is_some(), a.texts.item_en.as_ref()));
    }
    pairs
        .into_iter()
        .filter_map(|(field, has_zh, en)| match en {
            Some(en) if !has_zh => Some(error(
                "rules/missing-field",
                en.span,
                format!("有 `{field}.en` 而没有 `{field}`：英文是中文的翻译"),
                format!("`{field}.en` without `{field}`: the English translates the Chinese"),
            )),
            _ => None,
        })
        .collect()
}

/// The note on where a rule is defined, which every finding of the rule carries.
fn defined_at(source: &SourceFile, span: Span) -> Text {
    let at = [
        &source.name,
        ":",
        &source.line_col(span.start).line.to_string(),
    ]
    .concat();
    Text::new(
        ["规则定义于 ", &at].concat(),
        ["rule defined at ", &at].concat(),
    )
}
