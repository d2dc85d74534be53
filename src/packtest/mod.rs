//! `xxgk-lint test`: runs a rule pack's fixtures ([`fixtures`]) against its rules, compares
//! what each rule reports with what the case expects (count, lines, not-assessable count,
//! whether it applies), and reports which rules lack a passing or a failing case.

pub mod fixtures;

use crate::diagnostic::{Diagnostic, Lang};
use crate::engine::{self, Config};
use crate::render::human;
use crate::rules::{self, RuleSet};
use fixtures::{Case, Expect};
use serde::Serialize;
use std::path::Path;

/// What a rule made of one case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Got {
    pub failures: usize,
    /// Line (1-based) of each failure's main location.
    pub lines: Vec<usize>,
    pub not_assessable: usize,
    /// Instances that held.
    pub passed: usize,
}

impl Got {
    fn instances(&self) -> usize {
        self.failures + self.not_assessable + self.passed
    }
}

/// One case's outcome.
#[derive(Debug, Clone, Serialize)]
pub struct CaseResult {
    pub rule: String,
    pub case: String,
    pub file: String,
    pub expect: Expect,
    /// `None` when the report could not be read.
    pub got: Option<Got>,
    /// What went wrong, in words; empty when the case holds.
    pub problems: Vec<String>,
    /// The rule's findings on the case, rendered as `check` shows them.
    #[serde(skip)]
    pub rendered: String,
}

impl CaseResult {
    pub fn ok(&self) -> bool {
        self.problems.is_empty()
    }
}

/// Whether a rule has the two cases every rule needs.
#[derive(Debug, Clone, Serialize)]
pub struct Coverage {
    pub rule: String,
    pub pass: bool,
    pub fail: bool,
}

impl Coverage {
    pub fn complete(&self) -> bool {
        self.pass && self.fail
    }
}

/// A pack's test run.
#[derive(Debug, Clone, Serialize)]
pub struct PackResult {
    pub pack: String,
    pub dir: String,
    pub cases: Vec<CaseResult>,
    pub coverage: Vec<Coverage>,
    /// Rule files that do not load, fixtures that cannot be built or name no rule.
    pub problems: Vec<String>,
}

impl PackResult {
    pub fn failed_cases(&self) -> usize {
        self.cases.iter().filter(|c| !c.ok()).count()
    }

    pub fn uncovered(&self) -> impl Iterator<Item = &Coverage> {
        self.coverage.iter().filter(|c| !c.complete())
    }
}

/// Runs the fixtures of the pack in `dir`. `settings` adds to (and overrides) the pack's own
/// `tests/settings.toml`.
pub fn run(dir: &Path, settings: &Config) -> PackResult {
    let loaded = rules::dir::load(dir);
    let pack = loaded
        .sources
        .first()
        .map(|s| s.pack.clone())
        .unwrap_or_else(|| crate::rules::dir::pack_name(dir));
    let mut problems = loaded.problems;
    let (set, errors) = rules::load(loaded.sources);
    for error in &errors {
        let file = set
            .files
            .get(error.file)
            .map_or("?", |f| f.file.name.as_str());
        problems.push(format!("{file}: {}", error.diagnostic.message.zh));
    }
    if set.rules.is_empty() && errors.is_empty() {
        problems.push(format!("{}: 没有规则文件（*.rule）", dir.display()));
    }
    let (cases, mut config, fixture_problems) = fixtures::load(dir, &pack);
    problems.extend(fixture_problems);
    config.extend(settings.iter().map(|(k, v)| (k.clone(), v.clone())));
    // Each rule runs alone, so that a case counts only its own rule's findings; the one-rule
    // sets are made once per rule, not per case.
    let mut alone: std::collections::HashMap<&str, RuleSet> = std::collections::HashMap::new();
    let mut results = Vec::with_capacity(cases.len());
    for case in &cases {
        let Some(rule) = set.rules.iter().find(|r| r.id == case.rule) else {
            problems.push(format!(
                "{}: 包 {pack} 中没有规则 {}（fixtures for a rule that does not exist）",
                case.file.display(),
                case.rule
            ));
            continue;
        };
        let one = alone.entry(rule.id.as_str()).or_insert_with(|| RuleSet {
            files: set.files.clone(),
            rules: vec![rule.clone()],
            packs: Vec::new(),
        });
        results.push(run_case(case, one, &config));
    }
    let coverage = set
        .rules
        .iter()
        .map(|rule| {
            let mine = || cases.iter().filter(|c| c.rule == rule.id);
            Coverage {
                rule: rule.id.clone(),
                pass: mine().any(|c| c.expect.is_pass()),
                fail: mine().any(|c| c.expect.failures > 0),
            }
        })
        .collect();
    PackResult {
        pack,
        dir: dir.display().to_string(),
        cases: results,
        coverage,
        problems,
    }
}

fn run_case(case: &Case, one: &RuleSet, config: &Config) -> CaseResult {
    let mut result = CaseResult {
        rule: case.rule.clone(),
        case: case.name.clone(),
        file: case.file.display().to_string(),
        expect: case.expect.clone(),
        got: None,
        problems: Vec::new(),
        rendered: String::new(),
    };
    let parsed = match crate::parse_bytes(&case.report_name, &case.report, None) {
        Ok(p) => p,
        Err(e) => {
            result
                .problems
                .push(format!("无法读取报告：{}", e.text().zh));
            return result;
        }
    };
    let previous = match &case.previous {
        Some(bytes) => match crate::parse_bytes("previous.txt", bytes, None) {
            Ok(p) => Some(p),
            Err(e) => {
                result
                    .problems
                    .push(format!("无法读取上一年度报告：{}", e.text().zh));
                return result;
            }
        },
        None => None,
    };
    let e = engine::evaluate(
        &parsed.report,
        previous.as_ref().map(|p| &p.report),
        one,
        config,
    );
    let diagnostics: Vec<Diagnostic> = e.findings.iter().map(|f| f.to_diagnostic(one)).collect();
    let lines = diagnostics
        .iter()
        .filter_map(|d| d.anchor())
        .map(|span| parsed.source.line_col(span.start).line)
        .collect();
    let got = Got {
        failures: e.findings.len(),
        lines,
        not_assessable: e.not_assessable.len(),
        passed: e.passed,
    };
    result.problems = compare(&case.expect, &got);
    if !diagnostics.is_empty() {
        result.rendered = human::render(
            &parsed.source,
            &diagnostics,
            human::Style {
                lang: Lang::Zh,
                color: false,
            },
        );
    }
    result.got = Some(got);
    result
}

/// What differs between what a case expects and what its rule gave.
fn compare(expect: &Expect, got: &Got) -> Vec<String> {
    let mut problems = Vec::new();
    if !expect.applies {
        if got.instances() != 0 {
            problems.push(format!(
                "规则不应适用，却有 {} 个实例（{} 处不符，{} 处无法评估，{} 处通过）",
                got.instances(),
                got.failures,
                got.not_assessable,
                got.passed
            ));
        }
        return problems;
    }
    if got.failures != expect.failures {
        problems.push(format!(
            "应报告 {} 处，实际报告 {} 处",
            expect.failures, got.failures
        ));
    }
    if let Some(lines) = &expect.lines {
        let mut want = lines.clone();
        let mut have = got.lines.clone();
        want.sort_unstable();
        have.sort_unstable();
        if want != have {
            problems.push(format!("应在第 {want:?} 行报告，实际在第 {have:?} 行"));
        }
    }
    if got.not_assessable != expect.not_assessable {
        problems.push(format!(
            "应有 {} 处无法评估，实际 {} 处",
            expect.not_assessable, got.not_assessable
        ));
    }
    if got.instances() == 0 {
        problems.push("规则没有适用于此报告（没有任何实例）：通过的用例须能评估".to_string());
    } else if expect.is_pass() && got.passed == 0 {
        problems.push("没有任何实例通过".to_string());
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expect(failures: usize, lines: Option<Vec<usize>>) -> Expect {
        Expect {
            failures,
            lines,
            not_assessable: 0,
            applies: true,
        }
    }

    fn got(failures: usize, lines: Vec<usize>, passed: usize) -> Got {
        Got {
            failures,
            lines,
            not_assessable: 0,
            passed,
        }
    }

    #[test]
    fn a_case_holds_only_when_count_lines_and_assessability_match() {
        assert!(compare(&expect(1, Some(vec![12])), &got(1, vec![12], 3)).is_empty());
        assert!(compare(&expect(1, None), &got(1, vec![40], 0)).is_empty());
        assert_eq!(
            compare(&expect(1, Some(vec![12])), &got(1, vec![40], 0)).len(),
            1
        );
        assert_eq!(compare(&expect(0, None), &got(2, vec![3, 4], 1)).len(), 1);
        // A pass case the rule never reached proves nothing.
        assert_eq!(compare(&expect(0, None), &got(0, vec![], 0)).len(), 1);
        let not_applicable = Expect {
            applies: false,
            ..expect(0, None)
        };
        assert!(compare(&not_applicable, &got(0, vec![], 0)).is_empty());
        assert_eq!(compare(&not_applicable, &got(0, vec![], 1)).len(), 1);
    }
}
