//! Which rules and diagnostics are shown, and at what level: the `select`/`ignore`/`severity`
//! globs of the configuration and the command line, matched against rule ids and the reader's
//! codes (`parse/…`) alike.
//!
//! For the reader's diagnostics ([`Policy::for_reader`]), `select` (which names the rules to
//! run) narrows them only when one of its globs names them (`parse/…`), so that
//! `--select national/sec3-balance` does not hide the `parse/cell-count` error that explains
//! why the rule could not be assessed.

use crate::diagnostic::{Diagnostic, Severity};
use globset::{Glob, GlobMatcher, GlobSet, GlobSetBuilder};

/// Which ids are kept, and their levels.
#[derive(Debug, Clone)]
pub struct Policy {
    select: Option<GlobSet>,
    ignore: Vec<GlobMatcher>,
    severity: Vec<(GlobMatcher, Option<Severity>)>,
}

fn matcher(glob: &str) -> Result<GlobMatcher, globset::Error> {
    Ok(Glob::new(glob)?.compile_matcher())
}

impl Policy {
    /// The policy of `select` (all when empty), `ignore` and `severity` (in order, the last
    /// match wins; `None` is off).
    pub fn new(
        select: &[String],
        ignore: &[String],
        severity: &[(String, Option<Severity>)],
    ) -> Result<Policy, globset::Error> {
        let select = if select.is_empty() {
            None
        } else {
            let mut b = GlobSetBuilder::new();
            for g in select {
                b.add(Glob::new(g)?);
            }
            Some(b.build()?)
        };
        let mut policy = Policy {
            select,
            ignore: Vec::new(),
            severity: Vec::new(),
        };
        policy.add(ignore, severity)?;
        Ok(policy)
    }

    /// The policy for the reader's diagnostics: `select` counts only where it names them.
    pub fn for_reader(
        select: &[String],
        ignore: &[String],
        severity: &[(String, Option<Severity>)],
    ) -> Result<Policy, globset::Error> {
        let naming_reader: Vec<String> = select
            .iter()
            .filter(|g| g.starts_with("parse/"))
            .cloned()
            .collect();
        Policy::new(&naming_reader, ignore, severity)
    }

    /// Adds ignores and severities after the existing ones (a path override's).
    pub fn add(
        &mut self,
        ignore: &[String],
        severity: &[(String, Option<Severity>)],
    ) -> Result<(), globset::Error> {
        for g in ignore {
            self.ignore.push(matcher(g)?);
        }
        for (g, level) in severity {
            self.severity.push((matcher(g)?, *level));
        }
        Ok(())
    }

    /// The level of a diagnostic of `code` at `default` level; `None` when it is not shown.
    pub fn level(&self, code: &str, default: Severity) -> Option<Severity> {
        if self.select.as_ref().is_some_and(|s| !s.is_match(code))
            || self.ignore.iter().any(|g| g.is_match(code))
        {
            return None;
        }
        let mut level = Some(default);
        for (g, l) in &self.severity {
            if g.is_match(code) {
                level = *l;
            }
        }
        level
    }

    /// Drops the diagnostics not shown and sets the others' levels.
    pub fn apply(&self, diagnostics: &mut Vec<Diagnostic>) {
        diagnostics.retain_mut(|d| match self.level(&d.code, d.severity) {
            Some(level) => {
                d.severity = level;
                true
            }
            None => false,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ignore_severity_and_select_apply_to_codes() {
        let p = Policy::for_reader(
            &["national/*".into()],
            &["parse/cell-empty".into()],
            &[
                ("parse/*".into(), Some(Severity::Info)),
                ("parse/header-variant".into(), None),
            ],
        )
        .unwrap();
        // A select of rules alone leaves the reader's diagnostics on.
        assert_eq!(
            p.level("parse/cell-count", Severity::Error),
            Some(Severity::Info)
        );
        assert_eq!(p.level("parse/cell-empty", Severity::Warning), None);
        assert_eq!(p.level("parse/header-variant", Severity::Info), None);
        assert_eq!(
            p.level("parse/decode", Severity::Warning),
            Some(Severity::Info)
        );

        let only = Policy::for_reader(&["parse/cell-*".into()], &[], &[]).unwrap();
        assert_eq!(
            only.level("parse/cell-count", Severity::Error),
            Some(Severity::Error)
        );
        assert_eq!(only.level("parse/row-duplicate", Severity::Error), None);
    }
}
