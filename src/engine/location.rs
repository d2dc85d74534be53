//! Where a finding points when its value carries no evidence of its own (a `count(…)`, a
//! comparison of literals, a test of metadata): the first operand the assertion reads from the
//! report (a cell, the title of a section, the year or the organ in the title), else the
//! report's title, else its first line. Every finding then has a label to show, and `{value}`
//! the first operand's value.

use super::eval::{Ctx, eval, section_text_anchor};
use super::value::{Evidence, Val};
use crate::rules::compiled::{CExpr, SectionSel};
use crate::source::Span;
use crate::template::names;
use std::borrow::Cow;

/// The evidence to show for an instance of `expr` (bound to `env`) that has none.
pub fn fallback(ctx: &Ctx<'_>, expr: &CExpr, env: &[&'static str]) -> Evidence {
    first_operand(ctx, expr, env).unwrap_or_else(|| report_title(ctx))
}

/// The evidence of the first report operand of `expr`, in reading order.
fn first_operand(ctx: &Ctx<'_>, expr: &CExpr, env: &[&'static str]) -> Option<Evidence> {
    match expr {
        CExpr::Cells(..) => first_evidence(&eval(ctx, expr, env)),
        // All the text has no heading of its own: the report's title stands for it.
        CExpr::Section(SectionSel::All) => None,
        CExpr::Section(sel) => section_anchor(ctx, *sel),
        CExpr::Year => ctx.report.meta.year.as_ref().map(|y| Evidence {
            span: y.span,
            path: Cow::Borrowed("year"),
            name: Cow::Borrowed("报告年度"),
            shown: y.value.to_string(),
            sentence: None,
        }),
        CExpr::Organ | CExpr::OrganKind => ctx.report.meta.organ.as_ref().map(|o| Evidence {
            span: o.span,
            path: Cow::Borrowed("organ"),
            name: Cow::Borrowed("机关名称"),
            shown: o.value.clone(),
            sentence: None,
        }),
        CExpr::Call { args, .. } => args.iter().find_map(|a| first_operand(ctx, a, env)),
        CExpr::Neg(x) | CExpr::Not(x) => first_operand(ctx, x, env),
        CExpr::Arith(_, a, b) | CExpr::And(a, b) | CExpr::Or(a, b) => {
            first_operand(ctx, a, env).or_else(|| first_operand(ctx, b, env))
        }
        CExpr::Compare { lhs, rhs, .. } => {
            first_operand(ctx, lhs, env).or_else(|| first_operand(ctx, rhs, env))
        }
        // The previous year's report is another file: nothing of it can be pointed at here.
        CExpr::Prev(_)
        | CExpr::Num(_)
        | CExpr::Str(_)
        | CExpr::Bool(_)
        | CExpr::Template
        | CExpr::Config(_)
        | CExpr::Var(_) => None,
    }
}

/// The evidence pointing at a section of this report as a whole, when the report has it: the
/// anchor its gathered text has (`eval::section_text_anchor`), read without gathering the
/// section's sentences: a finding on a missing statement needs only where the section starts.
fn section_anchor(ctx: &Ctx<'_>, sel: SectionSel) -> Option<Evidence> {
    let report = ctx.report;
    let (anchor, name) = match sel {
        SectionSel::Section(i) => (
            report.sections.get(i)?.heading.as_ref()?.span,
            format!("s{}", i + 1),
        ),
        SectionSel::Preamble => (
            report
                .preamble
                .first()
                .map_or_else(Span::default, |p| p.span),
            "preamble".into(),
        ),
        SectionSel::Title => (report.title_sentence.as_ref()?.span, "title".into()),
        SectionSel::All => return section_text_anchor(ctx, sel),
    };
    Some(Evidence {
        span: anchor,
        path: Cow::Owned(name.clone()),
        name: Cow::Owned(names::narrative_tag(&name, names::Part::Heading)),
        shown: String::new(),
        sentence: None,
    })
}

fn first_evidence(v: &Val<'_>) -> Option<Evidence> {
    match v {
        Val::Num(n) => n.evidence().first().cloned(),
        Val::Bool(t) => t.evidence.first().cloned(),
        Val::Coll { items, .. } => items.iter().find_map(|(_, v)| first_evidence(v)),
        Val::Str(_) | Val::Section { .. } => None,
    }
}

/// The report's title, or its first line when it has none.
fn report_title(ctx: &Ctx<'_>) -> Evidence {
    let report = ctx.report;
    let span = report
        .meta
        .title
        .as_ref()
        .map(|t| t.span)
        .or_else(|| report.preamble.first().map(|p| p.span))
        .or_else(|| {
            report
                .sections
                .iter()
                .find_map(|s| s.heading.as_ref().map(|h| h.span))
        })
        .unwrap_or_else(|| Span::empty_at(0));
    Evidence {
        span,
        path: Cow::Borrowed("title"),
        name: Cow::Owned(names::narrative_tag("title", names::Part::Heading)),
        shown: String::new(),
        sentence: None,
    }
}

#[cfg(test)]
mod tests {
    use super::super::Config;
    use super::super::fast::tests::reports;
    use super::*;

    /// The anchor read directly is the one the section's gathered text has.
    #[test]
    fn section_anchors_are_those_of_the_section_text() {
        let config = Config::new();
        let mut compared = 0;
        for (name, parsed) in reports() {
            let ctx = Ctx::new(&parsed.report, None, &config);
            let sels = (0..6).map(SectionSel::Section).chain([
                SectionSel::Preamble,
                SectionSel::Title,
                SectionSel::All,
            ]);
            for sel in sels {
                let direct = section_anchor(&ctx, sel);
                assert_eq!(direct, section_text_anchor(&ctx, sel), "{name}: {sel:?}");
                compared += usize::from(direct.is_some());
            }
        }
        assert!(compared > 20, "{compared}");
    }
}
