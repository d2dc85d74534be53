//! Template detection (DOMAIN §1.8): labels that only one template prints are evidence for it;
//! the report year breaks ties. Mixed evidence is reported, not resolved silently.

use super::rows::SourceRow;
use super::{Slot, sec3};
use crate::normalise::label_key;
use crate::template::{Template, bundled};
use std::collections::BTreeSet;

/// Evidence for one template.
#[derive(Debug, Clone)]
pub struct Evidence {
    /// The template.
    pub template: &'static Template,
    /// Its distinctive labels found in the tables.
    pub labels: Vec<String>,
}

fn all_labels(t: &Template) -> BTreeSet<String> {
    let mut out = t.signature_labels();
    out.extend(t.sec3.groups.iter().map(|g| label_key(&g.label)));
    out.extend(t.sec3.columns.iter().map(|c| label_key(&c.label)));
    out.extend(t.sec4.groups.iter().map(|g| label_key(&g.label)));
    out.extend(t.sec4.columns.iter().map(|c| label_key(&c.label)));
    out
}

/// Distinctive labels of each bundled template found among `keys`, best supported first.
pub fn evidence(keys: &BTreeSet<String>) -> Vec<Evidence> {
    let templates = bundled();
    let mut out: Vec<Evidence> = templates
        .iter()
        .map(|t| {
            let others: BTreeSet<String> = templates
                .iter()
                .filter(|o| o.id != t.id)
                .flat_map(all_labels)
                .collect();
            let labels = t
                .signature_labels()
                .into_iter()
                .filter(|l| !others.contains(l) && keys.contains(l))
                .collect();
            Evidence {
                template: t,
                labels,
            }
        })
        .collect();
    out.sort_by_key(|e| std::cmp::Reverse(e.labels.len()));
    out
}

/// The template whose distinctive labels `keys` contain most, with all the evidence; `None`
/// without any distinctive label or on a tie.
pub fn by_signature(keys: &BTreeSet<String>) -> Option<(&'static Template, Vec<Evidence>)> {
    let ev: Vec<Evidence> = evidence(keys)
        .into_iter()
        .filter(|e| !e.labels.is_empty())
        .collect();
    match ev.as_slice() {
        [] => None,
        [best, second, ..] if best.labels.len() == second.labels.len() => None,
        [best, ..] => Some((best.template, ev.clone())),
    }
}

/// The template governing report `year`.
pub fn by_year(year: Option<i32>) -> Option<&'static Template> {
    year.and_then(|y| bundled().iter().find(|t| t.years.contains(y)))
}

/// The outcome of reading a section-3 table with every template.
pub struct Fit {
    /// Every template with its count of missing or unrecognised cells, best first.
    pub misfits: Vec<(&'static Template, usize)>,
    /// Each template's reading, in the order of `misfits`, so no table is read twice.
    reads: Vec<sec3::Sec3Read>,
}

impl Fit {
    /// The reading made with `template`.
    pub fn take_read(&mut self, template: &Template) -> Option<sec3::Sec3Read> {
        let i = self.misfits.iter().position(|(t, _)| t.id == template.id)?;
        self.misfits.remove(i);
        Some(self.reads.remove(i))
    }
}

/// Reads the section-3 rows with each template and keeps the one that fits best. The two
/// templates differ in rows, not in labels only one prints (`（六）其他处理` is a row in 2019 and a
/// group in 2021), so fit is the evidence here. `template` is `None` without rows or on a tie.
pub fn by_fit(rows: &[SourceRow<'_>]) -> (Option<&'static Template>, Fit) {
    let mut scored: Vec<(&'static Template, usize, sec3::Sec3Read)> = bundled()
        .iter()
        .map(|t| {
            let read = sec3::read(rows, t);
            let absent = read
                .cells
                .iter()
                .filter(|(_, s)| matches!(s, Slot::Absent))
                .count();
            let unrecognised = read
                .diagnostics
                .iter()
                .filter(|d| d.code == "parse/row-unrecognised")
                .count();
            (t, absent + unrecognised * t.sec3.columns.len(), read)
        })
        .collect();
    scored.sort_by_key(|(_, n, _)| *n);
    let decided = !rows.is_empty() && (scored.len() < 2 || scored[0].1 != scored[1].1);
    let best = scored[0].0;
    let (misfits, reads) = scored.into_iter().map(|(t, n, r)| ((t, n), r)).unzip();
    (decided.then_some(best), Fit { misfits, reads })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(labels: &[&str]) -> BTreeSet<String> {
        labels.iter().map(|l| label_key(l)).collect()
    }

    #[test]
    fn distinctive_labels_decide() {
        assert_eq!(
            by_signature(&keys(&["本年制发件数", "现行有效件数"]))
                .unwrap()
                .0
                .id,
            "gov-2021"
        );
        assert_eq!(
            by_signature(&keys(&["本年新制作数量", "其他对外管理服务事项"]))
                .unwrap()
                .0
                .id,
            "gov-2019"
        );
        assert!(
            by_signature(&keys(&["本年制发件数", "本年新制作数量"])).is_none(),
            "a tie decides nothing"
        );
    }

    #[test]
    fn group_labels_of_one_template_are_not_evidence_for_the_other() {
        // `（六）其他处理` is a row in 2019 but a group label in 2021.
        let ev = evidence(&keys(&["（六）其他处理"]));
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
