//! Template detection (DOMAIN §1.8): labels that only one template prints are evidence for it;
//! the report year breaks ties. Mixed evidence is reported, not resolved silently.

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

/// The template best supported by `keys`; without table evidence, the one for `year`;
/// otherwise none.
pub fn choose(keys: &BTreeSet<String>, year: Option<i32>) -> Option<&'static Template> {
    let ev = evidence(keys);
    match ev.first() {
        Some(best) if !best.labels.is_empty() => {
            let tied: Vec<&Evidence> = ev
                .iter()
                .filter(|e| e.labels.len() == best.labels.len())
                .collect();
            let by_year = year.and_then(|y| tied.iter().find(|e| e.template.years.contains(y)));
            Some(by_year.unwrap_or(&tied[0]).template)
        }
        _ => year.and_then(|y| bundled().iter().find(|t| t.years.contains(y))),
    }
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
            choose(&keys(&["本年制发件数", "现行有效件数"]), None)
                .unwrap()
                .id,
            "gov-2021"
        );
        assert_eq!(
            choose(
                &keys(&["本年新制作数量", "其他对外管理服务事项"]),
                Some(2023)
            )
            .unwrap()
            .id,
            "gov-2019"
        );
    }

    #[test]
    fn group_labels_of_one_template_are_not_evidence_for_the_other() {
        // `（六）其他处理` is a row in 2019 but a group label in 2021.
        let ev = evidence(&keys(&["（六）其他处理"]));
        assert!(ev.iter().all(|e| e.labels.is_empty()), "{ev:?}");
    }

    #[test]
    fn year_decides_without_table_evidence() {
        assert_eq!(choose(&BTreeSet::new(), Some(2020)).unwrap().id, "gov-2019");
        assert_eq!(choose(&BTreeSet::new(), Some(2024)).unwrap().id, "gov-2021");
        assert!(choose(&BTreeSet::new(), None).is_none());
    }
}
