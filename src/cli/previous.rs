//! `--previous FILE` and `--previous-dir DIR`: each report's own report of the year before, for
//! the cross-year rules (`prev.…`). A previous report is used only when it is the same organ's
//! (names compared without spaces and punctuation) for exactly the year before, so that a
//! cross-year rule never compares two organs, or two years apart.

use crate::Parsed;
use crate::diagnostic::{Diagnostic, Label, Severity, Text};
use crate::report::Report;

/// The organ name as compared: letters and digits only (spaces, brackets and dots dropped).
fn organ_key(organ: &str) -> String {
    organ.chars().filter(|c| c.is_alphanumeric()).collect()
}

fn identity(report: &Report) -> Option<(String, i32)> {
    let organ = report.meta.organ.as_ref()?;
    let year = report.meta.year.as_ref()?;
    Some((organ_key(&organ.value), year.value))
}

/// Where the previous-year reports come from.
pub enum Previous {
    /// None given.
    None,
    /// One report named by `--previous`, meant for every report checked.
    Named(Box<Parsed>),
    /// The reports of a directory (`--previous-dir`), each report paired with its own.
    Directory(Vec<Parsed>),
}

/// What a report is checked with.
pub enum Pairing<'a> {
    /// Its previous-year report.
    Paired(&'a Parsed),
    /// No previous-year report (none given, or none of its organ and year in the directory).
    Unpaired,
    /// The named report is not this report's previous year: the cross-year rules are not
    /// applied, and this error says why.
    Mismatch(Diagnostic),
}

impl Previous {
    /// The previous-year report for `report`.
    pub fn for_report(&self, report: &Report) -> Pairing<'_> {
        match self {
            Previous::None => Pairing::Unpaired,
            Previous::Directory(all) => {
                let Some((organ, year)) = identity(report) else {
                    return Pairing::Unpaired;
                };
                all.iter()
                    .find(|p| identity(&p.report) == Some((organ.clone(), year - 1)))
                    .map_or(Pairing::Unpaired, Pairing::Paired)
            }
            Previous::Named(previous) => match (identity(report), identity(&previous.report)) {
                (Some((organ, year)), Some((prev_organ, prev_year)))
                    if organ == prev_organ && prev_year == year - 1 =>
                {
                    Pairing::Paired(previous)
                }
                (this, prev) => Pairing::Mismatch(mismatch(report, previous, this, prev)),
            },
        }
    }
}

fn mismatch(
    report: &Report,
    previous: &Parsed,
    this: Option<(String, i32)>,
    prev: Option<(String, i32)>,
) -> Diagnostic {
    let name = &previous.source.name;
    let (zh, en) = match (this, prev) {
        (Some((organ, year)), Some((prev_organ, prev_year))) if organ != prev_organ => (
            format!(
                "--previous {name} 是另一机关的报告（{prev_organ} {prev_year} 年），不是本报告机关（{organ}）{} 年的报告",
                year - 1
            ),
            format!(
                "--previous {name} is another organ's report ({prev_organ}, {prev_year}), not this organ's ({organ}) for {}",
                year - 1
            ),
        ),
        (Some((_, year)), Some((_, prev_year))) => (
            format!(
                "--previous {name} 是 {prev_year} 年的报告，不是上一年（{} 年）的",
                year - 1
            ),
            format!(
                "--previous {name} is the report for {prev_year}, not for the year before ({})",
                year - 1
            ),
        ),
        _ => (
            format!("无法确认 --previous {name} 是本机关上一年的报告：标题中缺少机关名称或年度"),
            format!(
                "--previous {name} cannot be confirmed as this organ's report of the year before: a title lacks the organ or the year"
            ),
        ),
    };
    let mut d = Diagnostic::new("io/previous-mismatch", Severity::Error, Text::new(zh, en))
        .with_note(Text::new(
            "跨年度规则（prev.…）未对本报告执行",
            "the cross-year rules (prev.…) were not applied to this report",
        ));
    if let Some(title) = &report.meta.title {
        d = d.with_label(Label::primary(
            title.span,
            Text::new("本报告", "this report"),
        ));
    }
    d
}
