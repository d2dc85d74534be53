//! Template detection (DOMAIN §1.8): labels that only one template prints are evidence for it;
//! the report year breaks ties. Mixed evidence is reported, not resolved silently.

use super::rows::SourceRow;
use super::sec3;
use crate::template::{Template, bundled, distinctive_labels};

/// Evidence for one template.
#[derive(Debug, Clone)]
pub struct Evidence {
    /// The template.
    pub template: &'static Template,
    /// Its distinctive labels found in the tables, each once and sorted (as the template's set
    /// lists them).
    pub labels: Vec<&'static str>,
}

/// Distinctive labels of each bundled template found among `keys`, best supported first.
pub fn evidence<'k>(keys: impl IntoIterator<Item = &'k str>) -> Vec<Evidence> {
    let index = distinctive_labels();
    let mut out: Vec<Evidence> = bundled()
        .iter()
        .map(|template| Evidence {
            template,
            labels: Vec::new(),
        })
        .collect();
    // Number cells have empty keys, and no label is empty: they need no lookup.
    for key in keys.into_iter().filter(|k| !k.is_empty()) {
        if let Some((label, &t)) = index.get_key_value(key) {
            out[t].labels.push(label.as_str());
        }
    }
    for e in &mut out {
        e.labels.sort_unstable();
        e.labels.dedup();
    }
    out.sort_by_key(|e| std::cmp::Reverse(e.labels.len()));
    out
}

/// The template whose distinctive labels `keys` contain most, with all the evidence; `None`
/// without any distinctive label or on a tie.
pub fn by_signature<'k>(
    keys: impl IntoIterator<Item = &'k str>,
) -> Option<(&'static Template, Vec<Evidence>)> {
    let ev: Vec<Evidence> = evidence(keys)
        .into_iter()
        .filter(|e| !e.labels.is_empty())
        .collect();
    let best = ev.first()?;
    if ev
        .get(1)
        .is_some_and(|e| e.labels.len() == best.labels.len())
    {
        return None;
    }
    Some((best.template, ev))
}

/// The template governing report `year`.
pub fn by_year(year: Option<i32>) -> Option<&'static Template> {
    year.and_then(|y| bundled().iter().find(|t| t.years.contains(y)))
}

/// Section-3 rows recognised with every bundled template.
pub struct Fit<'a> {
    /// Every template with its misfit (cells missing or unrecognised), best first.
    pub misfits: Vec<(&'static Template, usize)>,
    /// Each template's recognition, in the order of `misfits`.
    recognised: Vec<sec3::Recognised<'a>>,
}

impl<'a> Fit<'a> {
    /// The recognition made with `template`, to build the cells from.
    pub fn take(&mut self, template: &Template) -> Option<sec3::Recognised<'a>> {
        let i = self.misfits.iter().position(|(t, _)| t.id == template.id)?;
        self.misfits.remove(i);
        Some(self.recognised.remove(i))
    }
}

/// Recognises the section-3 rows with each template and keeps the one that fits best. The two
/// templates differ in rows, not in labels only one prints (`（六）其他处理` is a row in 2019 and a
/// group in 2021), so fit is the evidence here. The template is `None` without rows or on a tie.
pub fn by_fit<'a>(rows: &'a [SourceRow<'a>]) -> (Option<&'static Template>, Fit<'a>) {
    let mut scored: Vec<(&'static Template, usize, sec3::Recognised<'a>)> = bundled()
        .iter()
        .map(|t| {
            let r = sec3::recognise(rows, t);
            (t, r.misfit(), r)
        })
        .collect();
    scored.sort_by_key(|(_, n, _)| *n);
    let decided = !rows.is_empty() && (scored.len() < 2 || scored[0].1 != scored[1].1);
    let best = scored[0].0;
    let (misfits, recognised) = scored.into_iter().map(|(t, n, r)| ((t, n), r)).unzip();
    (
        decided.then_some(best),
        Fit {
            misfits,
            recognised,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalise::label_key;

    fn keys(labels: &[&str]) -> Vec<String> {
        labels.iter().map(|l| label_key(l)).collect()
    }

    fn set(keys: &[String]) -> impl Iterator<Item = &str> {
        keys.iter().map(String::as_str)
    }

    #[test]
    fn distinctive_labels_decide() {
        assert_eq!(
            by_signature(set(&keys(&["本年制发件数", "现行有效件数"])))
                .unwrap()
                .0
                .id,
            "gov-2021"
        );
        assert_eq!(
            by_signature(set(&keys(&["本年新制作数量", "其他对外管理服务事项"])))
                .unwrap()
                .0
                .id,
            "gov-2019"
        );
        assert!(
            by_signature(set(&keys(&["本年制发件数", "本年新制作数量"]))).is_none(),
            "a tie decides nothing"
        );
    }

    #[test]
    fn evidence_lists_the_distinctive_labels_found_in_each_templates_order() {
        let labels: Vec<&str> = bundled()
            .iter()
            .flat_map(|t| t.distinctive.iter().map(String::as_str))
            .chain(["无关的标签", ""])
            .collect();
        for step in 1..6 {
            // Each subset twice over, reversed: order and repeats of the keys do not matter.
            let found: Vec<&str> = labels.iter().copied().step_by(step).collect();
            let keys = found.iter().chain(found.iter().rev()).copied();
            for e in evidence(keys) {
                let expected: Vec<&str> = e
                    .template
                    .distinctive
                    .iter()
                    .map(String::as_str)
                    .filter(|l| found.contains(l))
                    .collect();
                assert_eq!(e.labels, expected, "{} step {step}", e.template.id);
            }
        }
    }

    #[test]
    fn group_labels_of_one_template_are_not_evidence_for_the_other() {
        // `（六）其他处理` is a row in 2019 but a group label in 2021.
        let ev = evidence(set(&keys(&["（六）其他处理"])));
        assert!(ev.iter().all(|e| e.labels.is_empty()), "{ev:?}");
    }

    #[test]
    fn year_ranges() {
        assert_eq!(by_year(Some(2020)).unwrap().id, "gov-2019");
        assert_eq!(by_year(Some(2024)).unwrap().id, "gov-2021");
        assert!(by_year(Some(2018)).is_none());
        assert!(by_year(None).is_none());
    }
}
