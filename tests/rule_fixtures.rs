//! Every rule of the national pack has fixtures under `tests/data/rule-fixtures/national/<id>/`:
//! `pass*.txt` must yield nothing from that rule (no failure, nothing unassessable) and
//! `fail-N*.txt` exactly N failures, whose rendering is snapshot-tested. A rule without both
//! kinds of fixture fails the test.

use std::path::{Path, PathBuf};
use xxgk_lint::diagnostic::Lang;
use xxgk_lint::engine::{self, Config};
use xxgk_lint::render::human;
use xxgk_lint::rules::{self, RuleSet};

fn fixture_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/rule-fixtures")
}

fn only(rule_id: &str) -> RuleSet {
    let (mut set, errors) = rules::load(rules::national());
    assert!(errors.is_empty());
    rules::select(&mut set, &[rule_id.to_string()], &[]).unwrap();
    assert_eq!(set.rules.len(), 1, "{rule_id}");
    set
}

fn fixtures(rule_id: &str) -> Vec<PathBuf> {
    let dir = fixture_root().join(rule_id);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    files.sort();
    files
}

fn expected_failures(path: &Path) -> Option<usize> {
    let stem = path.file_stem()?.to_str()?;
    let rest = stem.strip_prefix("fail-")?;
    rest.split('-').next()?.parse().ok()
}

#[test]
fn every_national_rule_has_pass_and_fail_fixtures_that_hold() {
    let (set, _) = rules::load(rules::national());
    let mut problems = Vec::new();
    for rule in &set.rules {
        let files = fixtures(&rule.id);
        let passes: Vec<&PathBuf> = files
            .iter()
            .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with("pass"))
            .collect();
        let fails: Vec<&PathBuf> = files
            .iter()
            .filter(|p| expected_failures(p).is_some())
            .collect();
        if passes.is_empty() || fails.is_empty() {
            problems.push(format!(
                "{}: needs pass*.txt and fail-N*.txt in tests/data/rule-fixtures/{}/",
                rule.id, rule.id
            ));
            continue;
        }
        let one = only(&rule.id);
        for path in passes.iter().chain(&fails) {
            let text = std::fs::read_to_string(path).unwrap();
            let parsed =
                xxgk_lint::parse_bytes(&path.display().to_string(), text.as_bytes(), None).unwrap();
            let e = engine::evaluate(&parsed.report, None, &one, &Config::new());
            let want = expected_failures(path).unwrap_or(0);
            if e.findings.len() != want || !e.not_assessable.is_empty() || e.passed == 0 {
                problems.push(format!("{}: {} failures, {} not assessable, {} passed (want {want} failures, none unassessable)", path.display(), e.findings.len(), e.not_assessable.len(), e.passed));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn failing_fixtures_render_as_reviewed() {
    insta::glob!("data/rule-fixtures/**/fail-*.txt", |path| {
        let rule_id = path
            .parent()
            .unwrap()
            .strip_prefix(fixture_root())
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let text = std::fs::read_to_string(path).unwrap();
        let name = format!("{rule_id}/{}", path.file_name().unwrap().to_string_lossy());
        let parsed = xxgk_lint::parse_bytes(&name, text.as_bytes(), None).unwrap();
        let set = only(&rule_id);
        let e = engine::evaluate(&parsed.report, None, &set, &Config::new());
        let diagnostics: Vec<_> = e.findings.iter().map(|f| f.to_diagnostic(&set)).collect();
        insta::assert_snapshot!(human::render(
            &parsed.source,
            &diagnostics,
            human::Style {
                lang: Lang::Zh,
                color: false
            }
        ));
    });
}
