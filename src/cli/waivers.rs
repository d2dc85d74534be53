//! `[[waivers]]` of `xxgk-lint.toml`: approved deviations. A finding a waiver covers is shown
//! marked as waived, with its reason, and is not counted for the exit code. A waiver past its
//! `expires` date is an error (and covers nothing); one that covered nothing in the run is a
//! warning, so stale waivers do not pile up.

use crate::config::WaiverSpec;
use crate::diagnostic::{Diagnostic, Text, Waived};
use crate::source::SourceFile;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

/// A waiver ready to match findings.
struct Waiver {
    rule: globset::GlobMatcher,
    paths: Option<globset::GlobSet>,
    cell: Option<String>,
    line: Option<String>,
    waived: Waived,
    /// Findings it covered in this run.
    hits: AtomicUsize,
    /// How the configuration names it in messages.
    label: Text,
}

/// The run's waivers.
#[derive(Default)]
pub struct Waivers {
    list: Vec<Waiver>,
}

/// A civil date `YYYY-MM-DD` as a comparable number (`20270630`).
fn date_number(text: &str) -> Option<u32> {
    let mut parts = text.trim().splitn(3, '-');
    let year: u32 = parts.next()?.parse().ok()?;
    let month: u32 = parts.next()?.parse().ok()?;
    // A TOML date-time (`2027-06-30T00:00:00`) counts by its date.
    let day: String = parts
        .next()?
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    let day: u32 = day.parse().ok()?;
    ((1..=12).contains(&month) && (1..=31).contains(&day) && (1000..=9999).contains(&year))
        .then_some(year * 10_000 + month * 100 + day)
}

/// Today (UTC) as [`date_number`] gives it.
pub fn today() -> u32 {
    let days = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() / 86_400);
    let (y, m, d) = civil_from_days(days as i64);
    (y as u32) * 10_000 + m * 100 + d
}

/// Days since 1970-01-01 → (year, month, day), proleptic Gregorian (Howard Hinnant's method).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = (if mp < 10 { mp + 3 } else { mp - 9 }) as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

impl Waivers {
    /// Compiles `specs` as of `today` ([`today`]). Returns the waivers that hold and one error
    /// message per waiver that has expired or is malformed.
    pub fn new(specs: &[WaiverSpec], today: u32) -> (Waivers, Vec<Text>) {
        let mut list = Vec::new();
        let mut errors = Vec::new();
        for (i, spec) in specs.iter().enumerate() {
            let label = Text::new(
                format!("[[waivers]] #{}（{}）", i + 1, spec.rule),
                format!("[[waivers]] #{} ({})", i + 1, spec.rule),
            );
            let (label_zh, label_en) = (&label.zh, &label.en);
            let expires = match &spec.expires {
                toml::Value::String(s) => s.clone(),
                toml::Value::Datetime(d) => d.to_string(),
                other => other.to_string(),
            };
            let Some(end) = date_number(&expires) else {
                errors.push(Text::new(
                    format!("{label_zh}：expires 应为日期（如 2027-06-30），实为 {expires}"),
                    format!(
                        "{label_en}: expires must be a date (such as 2027-06-30), not {expires}"
                    ),
                ));
                continue;
            };
            if end < today {
                errors.push(Text::new(
                    format!("{label_zh} 已于 {expires} 过期：请续批或删除（其发现不再豁免）"),
                    format!(
                        "{label_en} expired on {expires}: renew or delete it (its findings are no longer waived)"
                    ),
                ));
                continue;
            }
            if spec.reason.trim().is_empty() || spec.approved_by.trim().is_empty() {
                errors.push(Text::new(
                    format!("{label_zh}：reason 和 approved-by 不能为空"),
                    format!("{label_en}: reason and approved-by must not be empty"),
                ));
                continue;
            }
            let rule = match globset::Glob::new(&spec.rule) {
                Ok(g) => g.compile_matcher(),
                Err(e) => {
                    errors.push(Text::new(
                        format!("{label_zh}：rule {e}"),
                        format!("{label_en}: rule {e}"),
                    ));
                    continue;
                }
            };
            let paths = if spec.paths.is_empty() {
                None
            } else {
                match super::inputs::path_globs(&spec.paths) {
                    Ok(set) => Some(set),
                    Err(e) => {
                        errors.push(Text::new(
                            format!("{label_zh}：paths {e}"),
                            format!("{label_en}: paths {e}"),
                        ));
                        continue;
                    }
                }
            };
            list.push(Waiver {
                rule,
                paths,
                cell: spec.cell.clone(),
                line: spec.line.clone(),
                waived: Waived {
                    reason: spec.reason.trim().to_string(),
                    approved_by: spec.approved_by.trim().to_string(),
                    expires,
                },
                hits: AtomicUsize::new(0),
                label,
            });
        }
        (Waivers { list }, errors)
    }

    /// Marks the findings of the report at `path` that a waiver covers; returns how many.
    pub fn apply(&self, path: &Path, source: &SourceFile, diagnostics: &mut [Diagnostic]) -> usize {
        if self.list.is_empty() {
            return 0;
        }
        let mut waived = 0;
        for d in diagnostics.iter_mut().filter(|d| d.waived.is_none()) {
            let covering = self.list.iter().find(|w| {
                w.rule.is_match(&d.code)
                    && w.paths.as_ref().is_none_or(|p| p.is_match(path))
                    && w.cell
                        .as_ref()
                        .is_none_or(|c| d.cell_path.as_deref() == Some(c.as_str()))
                    && w.line.as_ref().is_none_or(|text| {
                        d.anchor().is_some_and(|span| {
                            let line = source.line_index(span.start);
                            source.slice(source.line_span(line)).contains(text.as_str())
                        })
                    })
            });
            if let Some(w) = covering {
                w.hits.fetch_add(1, Ordering::Relaxed);
                d.waived = Some(Box::new(w.waived.clone()));
                waived += 1;
            }
        }
        waived
    }

    /// The waivers that covered nothing in the run, as warning messages.
    pub fn unused(&self) -> Vec<Text> {
        self.list
            .iter()
            .filter(|w| w.hits.load(Ordering::Relaxed) == 0)
            .map(|w| {
                Text::new(
                    format!("{} 没有匹配任何发现：可以删除", w.label.zh),
                    format!("{} matched no finding: it can be deleted", w.label.en),
                )
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates_from_days() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(20_818), (2026, 12, 31));
        assert_eq!(civil_from_days(20_819), (2027, 1, 1));
        assert_eq!(civil_from_days(19_417), (2023, 3, 1));
        assert!(today() > 20_260_000);
    }

    #[test]
    fn dates_compare_as_numbers_and_bad_ones_are_refused() {
        assert_eq!(date_number("2027-06-30"), Some(20_270_630));
        assert_eq!(date_number("2027-6-3"), Some(20_270_603));
        assert_eq!(date_number("2027-13-01"), None);
        assert_eq!(date_number("soon"), None);
    }
}
