//! The engine: evaluates a compiled rule set against a typed report. Every assertion instance
//! (one per column, per quantifier binding, per narrative claim) passes, fails, or is not
//! assessable; failures and not-assessable instances become [`Finding`]s carrying the rule, the
//! rendered message and the evidence for every operand. One rule's outcome never affects another.

pub mod claims;
pub mod eval;
mod fast;
mod guards;
mod location;
mod message;
mod metadata;
mod rounding;
pub mod value;
mod words;

use crate::diagnostic::{Diagnostic, Label, Severity, Text};
use crate::report::Report;
use crate::rules::RuleSet;
use crate::rules::compiled::{CAssertion, Rule};
use eval::{Ctx, eval};
use std::collections::BTreeMap;
use value::{Key, KeyKind, Na, Tri, Truth, Val};

/// Whether an instance failed or could not be assessed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The assertion does not hold.
    Fail,
    /// An operand is not a number (absent, empty, ambiguous …).
    NotAssessable(Na),
}

/// One failing or not-assessable instance of a rule.
#[derive(Debug, Clone)]
pub struct Finding {
    /// Index of the rule in the rule set.
    pub rule: usize,
    /// Fail or not assessable.
    pub outcome: Outcome,
    /// The rendered message, in Chinese and English (the Chinese where the rule has no
    /// English).
    pub message: Text,
    /// The truth value with its evidence and compared sides.
    pub truth: Truth,
}

/// The result of evaluating a rule set on one report.
#[derive(Debug, Clone, Default)]
pub struct Evaluation {
    /// Failing instances, in rule order.
    pub findings: Vec<Finding>,
    /// Instances that could not be assessed.
    pub not_assessable: Vec<Finding>,
    /// Instances that passed.
    pub passed: usize,
    /// Rules whose guards did not hold (not applicable to this report).
    pub skipped_rules: usize,
}

/// Configuration values rules can read as `config.<key>`.
pub type Config = BTreeMap<String, String>;

/// Evaluates every rule of `set` against `report`; `previous` is the same organ's report of
/// the year before, read by `prev.…` (rules that need it are not assessable without it).
pub fn evaluate(
    report: &Report,
    previous: Option<&Report>,
    set: &RuleSet,
    config: &Config,
) -> Evaluation {
    evaluate_with(report, previous, set, config, true)
}

/// [`evaluate`], tracing failed instances of assertions separable by column only for their
/// columns when `by_column` is set (tests compare the two).
fn evaluate_with(
    report: &Report,
    previous: Option<&Report>,
    set: &RuleSet,
    config: &Config,
    by_column: bool,
) -> Evaluation {
    let ctx = Ctx::new(report, previous, config);
    let mut out = Evaluation::default();
    if !report.recognised {
        return out;
    }
    for (index, rule) in set.rules.iter().enumerate() {
        ctx.trace.set(false);
        if !rule
            .guards
            .iter()
            .all(|g| guards::holds(&ctx, g).unwrap_or_else(|| holds(&eval(&ctx, g, &[]))))
        {
            out.skipped_rules += 1;
            continue;
        }
        // A rule listing `{items}` gathers its failing instances into one finding.
        let mut listed = ListedItems::default();
        for assertion in &rule.assertions {
            let domains: Vec<Vec<&'static str>> =
                assertion.vars.iter().map(|(_, d)| ctx.domain(d)).collect();
            let mut bindings = Bindings::new(&domains);
            while let Some(env) = bindings.next() {
                // Fastest path: the cells read directly, no values built.
                if let Some(passed) = fast::all_hold(&ctx, &assertion.expr, env) {
                    out.passed += passed;
                    continue;
                }
                // Fast path: no evidence. Only when an instance does not pass is the binding
                // evaluated again with evidence and arithmetic for the findings.
                // Tracing builds evidence and arithmetic text for every column read: when the
                // instances are columns that do not depend on each other, only the columns
                // that did not hold are traced (the others hold, traced or not). The fast path
                // tells which for the shapes it knows, else the untraced pass does.
                let by_column = by_column && eval::separable_by_column(&assertion.expr);
                let known = by_column
                    .then(|| fast::columns_not_holding(&ctx, &assertion.expr, env))
                    .flatten();
                let failed = match known {
                    Some(failed) => Some(failed),
                    // The traced pass finds every instance the untraced one would, true ones
                    // included: it is only skipped when something fails for certain.
                    None if fast::fails_unless_confirmed(&assertion.expr) => None,
                    None => {
                        ctx.trace.set(false);
                        let untraced = eval(&ctx, &assertion.expr, env);
                        if let Some(passed) = all_true(&untraced) {
                            out.passed += passed;
                            continue;
                        }
                        by_column.then(|| columns_not_holding(&untraced)).flatten()
                    }
                };
                if let Some((columns, held)) = &failed {
                    out.passed += held;
                    if columns.is_empty() {
                        continue;
                    }
                }
                ctx.restrict_vectors(failed.map(|(columns, _)| columns));
                ctx.trace.set(true);
                let mut instances = Vec::new();
                flatten(
                    eval(&ctx, &assertion.expr, env),
                    &mut Vec::new(),
                    &mut instances,
                );
                ctx.restrict_vectors(None);
                for (keys, mut truth) in instances {
                    let outcome = match &truth.value {
                        Tri::True => {
                            out.passed += 1;
                            continue;
                        }
                        Tri::False => Outcome::Fail,
                        Tri::Unknown(na) => Outcome::NotAssessable(na.clone()),
                    };
                    if truth.evidence.is_empty() {
                        truth
                            .evidence
                            .push(location::fallback(&ctx, &assertion.expr, env));
                    }
                    let instance = message::Instance {
                        assertion,
                        env,
                        keys: &keys,
                        truth: &truth,
                    };
                    if rule.lists_items && outcome == Outcome::Fail {
                        listed.add(&instance);
                        continue;
                    }
                    let message = message::render(&ctx, rule, &instance, None);
                    let finding = Finding {
                        rule: index,
                        outcome,
                        message,
                        truth,
                    };
                    match finding.outcome {
                        Outcome::Fail => out.findings.push(finding),
                        Outcome::NotAssessable(_) => out.not_assessable.push(finding),
                    }
                }
            }
        }
        if let Some(finding) = listed.finding(&ctx, rule, index) {
            out.findings.push(finding);
        }
    }
    out
}

/// The failing instances of a rule whose message lists `{items}`: one finding names the items
/// of every failing assertion (each once, in the rule's order) and points at all their
/// evidence; its other placeholders are those of the first failing instance.
#[derive(Default)]
struct ListedItems<'r> {
    /// The first failing instance: its assertion, binding, keys and truth, which gathers the
    /// evidence of every instance.
    first: Option<FirstInstance<'r>>,
    /// The items of the failing assertions.
    items: Vec<Text>,
}

struct FirstInstance<'r> {
    assertion: &'r CAssertion,
    env: Vec<&'static str>,
    keys: Vec<(KeyKind<'r>, Key)>,
    truth: Truth,
}

impl<'r> ListedItems<'r> {
    fn add(&mut self, instance: &message::Instance<'_, 'r>) {
        if let Some(item) = &instance.assertion.item
            && !self.items.contains(item)
        {
            self.items.push(item.clone());
        }
        match &mut self.first {
            None => {
                self.first = Some(FirstInstance {
                    assertion: instance.assertion,
                    env: instance.env.to_vec(),
                    keys: instance.keys.to_vec(),
                    truth: instance.truth.clone(),
                });
            }
            Some(first) => first
                .truth
                .evidence
                .extend(instance.truth.evidence.iter().cloned()),
        }
    }

    fn finding(self, ctx: &Ctx<'_>, rule: &Rule, index: usize) -> Option<Finding> {
        let first = self.first?;
        let instance = message::Instance {
            assertion: first.assertion,
            env: &first.env,
            keys: &first.keys,
            truth: &first.truth,
        };
        let message = message::render(ctx, rule, &instance, Some(&self.items));
        Some(Finding {
            rule: index,
            outcome: Outcome::Fail,
            message,
            truth: first.truth,
        })
    }
}

fn holds(v: &Val) -> bool {
    match v {
        Val::Bool(t) => t.value == Tri::True,
        Val::Coll { items, .. } => items.iter().all(|(_, v)| holds(v)),
        _ => false,
    }
}

/// Every combination of quantifier values, outermost varying slowest. One buffer is
/// overwritten per combination: an assertion over table rows has dozens of instances per
/// report, and allocating each binding was a measurable cost.
struct Bindings<'d> {
    domains: &'d [Vec<&'static str>],
    /// Index into each domain of the current combination; `None` before the first.
    at: Option<Vec<usize>>,
    env: Vec<&'static str>,
}

impl<'d> Bindings<'d> {
    fn new(domains: &'d [Vec<&'static str>]) -> Self {
        Bindings {
            domains,
            at: None,
            env: Vec::with_capacity(domains.len()),
        }
    }

    /// The next combination, or `None` after the last (at once when a domain is empty).
    fn next(&mut self) -> Option<&[&'static str]> {
        match &mut self.at {
            None => {
                if self.domains.iter().any(Vec::is_empty) {
                    return None;
                }
                self.at = Some(vec![0; self.domains.len()]);
                self.env = self.domains.iter().map(|d| d[0]).collect();
            }
            Some(at) => {
                // Odometer: advance the innermost variable, carrying outwards.
                let mut i = at.len();
                loop {
                    if i == 0 {
                        return None;
                    }
                    i -= 1;
                    at[i] += 1;
                    if at[i] < self.domains[i].len() {
                        self.env[i] = self.domains[i][at[i]];
                        break;
                    }
                    at[i] = 0;
                    self.env[i] = self.domains[i][0];
                }
            }
        }
        Some(&self.env)
    }
}

/// The number of instances in `v` when every one holds; `None` when one does not.
fn all_true(v: &Val<'_>) -> Option<usize> {
    match v {
        Val::Bool(t) => (t.value == Tri::True).then_some(1),
        Val::Coll { items, .. } => items.iter().try_fold(0, |n, (_, v)| Some(n + all_true(v)?)),
        _ => Some(0),
    }
}

/// The columns whose instance in a column vector of truth values does not hold, in order, and
/// how many do; `None` when `v` is not such a vector.
fn columns_not_holding(v: &Val<'_>) -> Option<(Vec<&'static str>, usize)> {
    let Val::Coll {
        spread: false,
        keys: KeyKind::Column(_),
        items,
    } = v
    else {
        return None;
    };
    let mut failed = Vec::new();
    for (key, item) in items {
        match (key, item) {
            (_, Val::Bool(t)) if t.value == Tri::True => {}
            (Key::Id(id), Val::Bool(_)) => failed.push(*id),
            _ => return None,
        }
    }
    let held = items.len() - failed.len();
    Some((failed, held))
}

/// Every truth value in `v` with the keys leading to it.
fn flatten<'r>(
    v: Val<'r>,
    keys: &mut Vec<(KeyKind<'r>, Key)>,
    out: &mut Vec<(Vec<(KeyKind<'r>, Key)>, Truth)>,
) {
    match v {
        Val::Bool(t) => out.push((keys.clone(), t)),
        Val::Coll {
            keys: kind, items, ..
        } => {
            for (k, item) in items {
                keys.push((kind, k));
                flatten(item, keys, out);
                keys.pop();
            }
        }
        _ => {}
    }
}

impl Finding {
    /// The diagnostic for this finding: labels on every operand (the first left-hand operand is
    /// primary: in `total == sum(parts)` the total is the cell most likely wrong), the
    /// arithmetic, the rule's help and where the rule is defined.
    ///
    /// Texts are concatenated rather than `format!`ted: every not-assessable instance becomes a
    /// diagnostic when the output lists them, and formatting was a measurable share of a run.
    pub fn to_diagnostic(&self, set: &RuleSet) -> Diagnostic {
        let rule = &set.rules[self.rule];
        let severity = match self.outcome {
            Outcome::Fail => rule.severity,
            Outcome::NotAssessable(_) => Severity::Info,
        };
        let headline = match self.outcome {
            Outcome::Fail => self.message.clone(),
            Outcome::NotAssessable(_) => Text::new(
                ["无法评估：", &self.message.zh].concat(),
                ["not assessable: ", &self.message.en].concat(),
            ),
        };
        let mut d = Diagnostic::new(rule.id.clone(), severity, headline);
        let mut seen = Vec::new();
        for (i, ev) in self.truth.evidence.iter().enumerate() {
            if seen.contains(&ev.span) {
                continue;
            }
            seen.push(ev.span);
            let text = crate::template::names::evidence_label(
                &ev.path,
                &ev.name,
                &ev.shown,
                ev.sentence.is_some(),
            );
            let label = if i == 0 {
                Label::primary(ev.span, text)
            } else {
                Label::secondary(ev.span, text)
            };
            d = d.with_label(label);
        }
        if let Some(first) = self
            .truth
            .evidence
            .first()
            .filter(|e| e.path.starts_with("sec"))
        {
            d = d.with_cell_path(first.path.as_ref());
        }
        match (&self.outcome, &self.truth.comparison) {
            (Outcome::Fail, Some(cmp)) => {
                let (l, r, op) = cmp.as_ref();
                d = d.with_note(words::failed_comparison(l, r, *op));
            }
            (Outcome::NotAssessable(na), _) => {
                let (zh, en) = na.reason();
                d = d.with_note(Text::new(
                    ["无法评估：", zh].concat(),
                    ["not assessable: ", en].concat(),
                ));
            }
            _ => {}
        }
        if let Some(help) = rule.help_text() {
            d = d.with_note(Text::new(
                ["help: ", &help.zh].concat(),
                ["help: ", &help.en].concat(),
            ));
        }
        d.with_note(rule.defined_at.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Restricting the traced pass to the columns that did not hold must leave every finding,
    /// message, evidence and count as tracing all columns makes them.
    #[test]
    fn tracing_only_the_columns_that_did_not_hold_changes_no_instance() {
        let (set, errors) = crate::rules::load(crate::rules::national());
        assert!(errors.is_empty());
        let config = Config::new();
        let separable = |f: &Finding| {
            let rule = &set.rules[f.rule];
            rule.assertions
                .iter()
                .any(|a| eval::separable_by_column(&a.expr))
        };
        let mut restricted = 0;
        for (name, parsed) in fast::tests::reports() {
            let by_column = evaluate_with(&parsed.report, None, &set, &config, true);
            let all = evaluate_with(&parsed.report, None, &set, &config, false);
            assert_eq!(format!("{by_column:?}"), format!("{all:?}"), "{name}");
            restricted += by_column
                .findings
                .iter()
                .chain(&by_column.not_assessable)
                .filter(|f| separable(f))
                .count();
        }
        // Assertions separable by column failed somewhere, or the comparison proves nothing.
        assert!(restricted > 100, "{restricted}");
    }
}
