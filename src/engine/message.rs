//! A finding's message: the template of its assertion (or of its rule) with the placeholders
//! filled in for one instance, in Chinese and, when the rule gives one, English. Every
//! placeholder the loader allowed has a value here: the sides of a comparison show the cell as
//! written (`空`, `/`, text) or why there is no number rather than a dash, `{value}` of a
//! section shows its text, `{items}` lists what the failing assertions check.

use super::eval::{Ctx, eval, section_words};
use super::value::{Key, KeyKind, Num, Tri, Truth, Val};
use crate::diagnostic::{Lang, Text};
use crate::rules::compiled::{CAssertion, Domain, Rule, SectionSel};
use crate::rules::message::{Message, Template};
use crate::template::names::empty_in_language;
use std::borrow::Cow;

/// Longest text `{value}` shows of a section (characters), before `…`.
const MAX_SECTION_VALUE_CHARS: usize = 60;

/// One instance to describe: its assertion, quantifier binding, collection keys and truth.
pub struct Instance<'i, 'r> {
    /// The assertion.
    pub assertion: &'r CAssertion,
    /// Quantifier values.
    pub env: &'i [&'static str],
    /// The keys leading to the instance within the assertion's value (columns, claims).
    pub keys: &'i [(KeyKind<'r>, Key)],
    /// Its truth, evidence and compared sides.
    pub truth: &'i Truth,
}

/// The message of `instance` of `rule`; `items` are what the failing assertions listed by
/// `{items}` check (the instance's own item when `None`).
pub fn render(
    ctx: &Ctx<'_>,
    rule: &Rule,
    instance: &Instance<'_, '_>,
    items: Option<&[Text]>,
) -> Text {
    let message: &Message = instance
        .assertion
        .message
        .as_ref()
        .unwrap_or(&rule.messages);
    let own_item = instance.assertion.item.clone();
    let items: &[Text] = match items {
        Some(items) => items,
        None => own_item.as_slice(),
    };
    // Most values read the same in both languages: the English reuses the Chinese ones.
    let mut values = Vec::new();
    let zh = fill(
        ctx,
        rule,
        instance,
        items,
        &message.zh,
        Lang::Zh,
        &mut values,
    );
    let en = match &message.en {
        Some(en) => fill(ctx, rule, instance, items, en, Lang::En, &mut values),
        None => zh.clone(),
    };
    Text { zh, en }
}

/// A placeholder's value, and whether it reads differently in another language.
type Value = (Option<String>, bool);

fn fill<'t>(
    ctx: &Ctx<'_>,
    rule: &Rule,
    instance: &Instance<'_, '_>,
    items: &[Text],
    template: &'t Template,
    lang: Lang,
    values: &mut Vec<(&'t str, Value)>,
) -> String {
    let text = &template.text;
    // Room for the text and its filled-in values, so that it is seldom copied as it grows.
    let mut out = String::with_capacity(2 * text.len());
    let mut last = 0;
    // Most templates have no `{{` or `}}`: their text is copied as it is.
    let push_unescaped = |out: &mut String, part: &str| {
        if template.escapes {
            push_unescaped(out, part);
        } else {
            out.push_str(part);
        }
    };
    for &(at, len) in &template.placeholders {
        let name = &text[at + 1..at + 1 + len];
        push_unescaped(&mut out, &text[last..at]);
        let known = values
            .iter()
            .position(|(n, (_, by_language))| *n == name && !by_language);
        let at_value = match known {
            Some(i) => i,
            None => {
                let value = if name == "items" {
                    (Some(join(items, lang)), true)
                } else {
                    placeholder(ctx, rule, instance, name, lang)
                };
                values.push((name, value));
                values.len() - 1
            }
        };
        // The loader refuses a placeholder that cannot have a value for its assertion; what is
        // left (a column of an instance that has none) shows as a dash.
        out.push_str(values[at_value].1.0.as_deref().unwrap_or("—"));
        last = at + name.len() + 2;
    }
    push_unescaped(&mut out, &text[last..]);
    out
}

/// Items listed in a sentence: `工作考核、社会评议`, `work assessment, public review`.
fn join(items: &[Text], lang: Lang) -> String {
    let sep = match lang {
        Lang::Zh => "、",
        Lang::En => ", ",
    };
    items
        .iter()
        .map(|t| t.get(lang))
        .collect::<Vec<_>>()
        .join(sep)
}

/// A side of a comparison as shown: its value, or the cell as written (`空`, `/`, text) when
/// it is no number, or why there is none.
fn side(n: &Num, lang: Lang) -> String {
    match &n.value {
        Ok(_) => n.shown(),
        Err(na) => {
            let written = n.expr();
            if !written.is_empty() && written != "—" && written != "?" {
                written.to_string()
            } else {
                let (zh, en) = na.reason();
                match lang {
                    Lang::Zh => ["（", zh, "）"].concat(),
                    Lang::En => ["(", en, ")"].concat(),
                }
            }
        }
    }
}

/// The value of one message placeholder, or `None` when this instance has none. Computed on
/// demand (a message names two or three of them). The instance's own values (column, compared
/// sides, evidence) take precedence over quantifier variables and `let`s of the same name.
fn placeholder(
    ctx: &Ctx<'_>,
    rule: &Rule,
    instance: &Instance<'_, '_>,
    name: &str,
    lang: Lang,
) -> Value {
    let truth = instance.truth;
    // A side that is no number is explained in words, which differ by language.
    let worded = |n: &Num| n.value.is_err() && matches!(n.expr(), "" | "—" | "?");
    let own = match name {
        "sentence" => truth
            .evidence
            .iter()
            .find_map(|e| e.sentence.as_deref().map(str::to_string)),
        "value" => {
            let value = truth.evidence.first().map(|e| {
                if e.shown.is_empty() && e.sentence.is_none() {
                    // A section (or the title) pointed at as a whole: its text.
                    section_value(ctx, &e.path).unwrap_or_default()
                } else {
                    e.shown.clone()
                }
            });
            return match value {
                Some(v) => in_language(v, lang),
                None => (None, false),
            };
        }
        "lhs" | "rhs" | "diff" => {
            let Some(cmp) = truth.comparison.as_ref() else {
                return (None, false);
            };
            let (l, r, _) = cmp.as_ref();
            let difference = match (&l.value, &r.value) {
                (Ok(a), Ok(b)) => Num::plain(a.checked_sub(*b).ok_or(super::value::Na::Overflow)),
                (Err(_), _) => l.clone(),
                (_, Err(_)) => r.clone(),
            };
            let n = match name {
                "lhs" => l,
                "rhs" => r,
                _ => &difference,
            };
            let (shown, by_language) = in_language(side(n, lang), lang);
            return (shown, by_language || worded(n));
        }
        "col" | "col.label" => instance
            .keys
            .iter()
            .rev()
            .find_map(|(kind, id)| match kind {
                KeyKind::Column(table) => Some((*table, id.to_string())),
                _ => None,
            })
            .map(|(table, id)| {
                if name == "col" {
                    id
                } else {
                    ctx.label(table, false, &id)
                }
            }),
        _ => None,
    };
    if let Some(value) = own.or_else(|| variable(ctx, &instance.assertion.vars, instance.env, name))
    {
        return (Some(value), false);
    }
    // A `let`'s value may be a truth value or a reason, worded by language.
    let value = rule
        .lets
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, expr)| shown(&eval(ctx, expr, instance.env), instance.keys, lang));
    (value, true)
}

/// A value as shown, in `lang` (an empty cell's mark in words), and whether that made it differ
/// by language.
fn in_language(shown: String, lang: Lang) -> Value {
    // Asked of English whatever `lang` is: the Chinese value is reused for English unless
    // marked as differing.
    match empty_in_language(&shown, Lang::En) {
        Cow::Owned(worded) if lang == Lang::En => (Some(worded), true),
        Cow::Owned(_) => (Some(shown), true),
        Cow::Borrowed(_) => (Some(shown), false),
    }
}

/// A quantifier variable's value (`{r}`) or label (`{r.label}`).
fn variable(
    ctx: &Ctx<'_>,
    vars: &[(String, Domain)],
    env: &[&'static str],
    name: &str,
) -> Option<String> {
    // A later variable of the same name shadows an earlier one.
    vars.iter().zip(env).rev().find_map(|((var, domain), id)| {
        if name == var {
            Some(id.to_string())
        } else if name.strip_suffix(".label") == Some(var) {
            Some(ctx.label(&domain.table, domain.rows, id))
        } else {
            None
        }
    })
}

/// A `let`'s value as shown in a message: a number (or why there is none), a string, yes or
/// no; of a row, the instance's column (else every column).
fn shown(v: &Val<'_>, keys: &[(KeyKind<'_>, Key)], lang: Lang) -> String {
    match v {
        Val::Num(n) => side(n, lang),
        Val::Str(s) => s.clone(),
        Val::Bool(t) => match (&t.value, lang) {
            (Tri::True, Lang::Zh) => "是".into(),
            (Tri::False, Lang::Zh) => "否".into(),
            (Tri::True, Lang::En) => "yes".into(),
            (Tri::False, Lang::En) => "no".into(),
            (Tri::Unknown(na), Lang::Zh) => ["（", na.reason().0, "）"].concat(),
            (Tri::Unknown(na), Lang::En) => ["(", na.reason().1, ")"].concat(),
        },
        Val::Section { sel, .. } => format!("{sel:?}"),
        Val::Coll {
            keys: kind, items, ..
        } => {
            let column = keys.iter().find(|(k, _)| k == kind).map(|(_, key)| key);
            match column.and_then(|c| items.iter().find(|(k, _)| k == c)) {
                Some((_, item)) => shown(item, &[], lang),
                None => items
                    .iter()
                    .map(|(_, item)| shown(item, &[], lang))
                    .collect::<Vec<_>>()
                    .join(match lang {
                        Lang::Zh => "、",
                        Lang::En => ", ",
                    }),
            }
        }
    }
}

/// The text of the section an evidence path names (`title`, `s1` … `s6`, `preamble`,
/// `text`), cut to [`MAX_SECTION_VALUE_CHARS`].
fn section_value(ctx: &Ctx<'_>, path: &str) -> Option<String> {
    let sel = match path {
        "title" => SectionSel::Title,
        "preamble" => SectionSel::Preamble,
        "text" => SectionSel::All,
        _ => {
            let i: usize = path.strip_prefix('s')?.parse().ok()?;
            SectionSel::Section(i.checked_sub(1)?)
        }
    };
    let words = section_words(ctx, sel)?;
    let words = words.trim();
    Some(if words.chars().count() > MAX_SECTION_VALUE_CHARS {
        let cut: String = words.chars().take(MAX_SECTION_VALUE_CHARS).collect();
        cut + "…"
    } else {
        words.to_string()
    })
}

/// Appends literal message text with `{{` and `}}` unescaped (most text has neither: one scan
/// for a brace rules them out, cheaper than searching for each pair).
fn push_unescaped(out: &mut String, text: &str) {
    if memchr::memchr2(b'{', b'}', text.as_bytes()).is_some()
        && (text.contains("{{") || text.contains("}}"))
    {
        out.push_str(&text.replace("{{", "{").replace("}}", "}"));
    } else {
        out.push_str(text);
    }
}
