//! Every rule of the national pack and of the example Henan pack (`examples/henan/`, run with
//! `province = 河南`) has fixtures under `tests/data/rule-fixtures/<pack>/`:
//! either a directory `<id>/` of `pass*.txt` and `fail-N*.txt` reports, or a recipe `<id>.toml`
//! whose cases are a seed (or a file under `tests/data`) with textual edits and an expected
//! number of failures. A pass case must yield nothing from the rule and be assessable; a fail
//! case exactly N failures; a case with `applies = false` must be outside the rule's guards (no
//! instance at all), one with `not_assessable = N` must have exactly N instances that cannot be
//! assessed (an approximate figure, a blank cell). A rule without a pass and a fail case fails the test. The rendering
//! of each rule's failing cases is snapshot-tested.

mod common;

use common::{data_dir, seed_text};
use serde::Deserialize;
use std::path::{Path, PathBuf};
use xxgk_lint::diagnostic::Lang;
use xxgk_lint::engine::{self, Config};
use xxgk_lint::render::human;
use xxgk_lint::rules::{self, RuleSet};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Recipe {
    case: Vec<Case>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    name: String,
    base: String,
    #[serde(default)]
    edits: Vec<(String, String)>,
    previous: Option<String>,
    #[serde(default)]
    previous_edits: Vec<(String, String)>,
    previous_text: Option<String>,
    failures: usize,
    /// Whether the rule's guards hold (false: the rule must not apply at all).
    #[serde(default = "yes")]
    applies: bool,
    /// Instances that cannot be assessed.
    #[serde(default)]
    not_assessable: usize,
}

fn yes() -> bool {
    true
}

/// A built fixture: name, report text, previous report text, expected failures, and whether
/// the rule applies.
struct Fixture {
    name: String,
    text: String,
    previous: Option<String>,
    failures: usize,
    applies: bool,
    not_assessable: usize,
}

fn fixture_root() -> PathBuf {
    data_dir().join("rule-fixtures")
}

fn base_text(base: &str) -> String {
    if base.len() == 3 && base.chars().all(|c| c.is_ascii_digit()) {
        seed_text(base)
    } else {
        std::fs::read_to_string(data_dir().join(base)).unwrap_or_else(|e| panic!("{base}: {e}"))
    }
}

fn edited(mut text: String, edits: &[(String, String)], what: &str) -> String {
    for (from, to) in edits {
        assert!(
            text.contains(from.as_str()),
            "{what}: the edit's `from` {from:?} does not occur"
        );
        text = text.replace(from.as_str(), to);
    }
    text
}

fn fixtures(rule_id: &str) -> Vec<Fixture> {
    let mut out = Vec::new();
    let dir = fixture_root().join(rule_id);
    if let Ok(entries) = std::fs::read_dir(&dir) {
        let mut files: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
        files.sort();
        for path in files {
            let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
            let failures = if stem.starts_with("pass") {
                0
            } else {
                stem.strip_prefix("fail-")
                    .and_then(|r| r.split('-').next())
                    .and_then(|n| n.parse().ok())
                    .unwrap_or_else(|| {
                        panic!("{}: name fixtures pass*.txt or fail-N*.txt", path.display())
                    })
            };
            out.push(Fixture {
                name: format!("{rule_id}/{stem}.txt"),
                text: std::fs::read_to_string(&path).unwrap(),
                previous: None,
                failures,
                applies: true,
                not_assessable: 0,
            });
        }
    }
    let recipe = fixture_root().join(format!("{rule_id}.toml"));
    if let Ok(text) = std::fs::read_to_string(&recipe) {
        let r: Recipe =
            toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", recipe.display()));
        for c in r.case {
            let what = format!("{}#{}", recipe.display(), c.name);
            let previous = match (&c.previous, &c.previous_text) {
                (Some(p), None) => Some(edited(base_text(p), &c.previous_edits, &what)),
                (None, Some(t)) => Some(t.clone()),
                (None, None) => None,
                (Some(_), Some(_)) => panic!("{what}: previous or previous_text, not both"),
            };
            out.push(Fixture {
                name: format!("{rule_id}#{}", c.name),
                text: edited(base_text(&c.base), &c.edits, &what),
                previous,
                failures: c.failures,
                applies: c.applies,
                not_assessable: c.not_assessable,
            });
        }
    }
    out
}

/// The packs with fixtures, and the configuration their rules run with.
fn packs() -> Vec<(Vec<rules::RuleSource>, Config)> {
    let henan =
        // Relative, so rule origins in the snapshots do not depend on where the repository is.
    rules::dir::load(Path::new("examples/henan")).sources;
    vec![
        (rules::national(), Config::new()),
        (henan, [("province".to_string(), "河南".to_string())].into()),
    ]
}

fn only(sources: &[rules::RuleSource], rule_id: &str) -> RuleSet {
    let (mut set, errors) = rules::load(sources.to_vec());
    assert!(errors.is_empty(), "{errors:?}");
    rules::select(&mut set, &[rule_id.to_string()], &[]).unwrap();
    assert_eq!(set.rules.len(), 1, "{rule_id}");
    set
}

fn parse(name: &str, text: &str) -> xxgk_lint::Parsed {
    xxgk_lint::parse_bytes(name, text.as_bytes(), None).unwrap()
}

#[test]
fn every_rule_has_fixtures_that_hold_and_render_as_reviewed() {
    let mut problems = Vec::new();
    for (sources, config) in packs() {
        let (set, _) = rules::load(sources.clone());
        for rule in &set.rules {
            let cases = fixtures(&rule.id);
            // A pass case is one where the rule applies and holds: not one it cannot assess.
            if !cases
                .iter()
                .any(|c| c.failures == 0 && c.not_assessable == 0 && c.applies)
                || !cases.iter().any(|c| c.failures > 0)
            {
                problems.push(format!(
                    "{}: needs a pass and a fail case (tests/data/rule-fixtures/{}.toml or {}/)",
                    rule.id, rule.id, rule.id
                ));
                continue;
            }
            let one = only(&sources, &rule.id);
            let mut rendered = String::new();
            for case in &cases {
                let parsed = parse(&case.name, &case.text);
                let previous = case.previous.as_ref().map(|t| parse("previous.txt", t));
                let e = engine::evaluate(
                    &parsed.report,
                    previous.as_ref().map(|p| &p.report),
                    &one,
                    &config,
                );
                if !case.applies {
                    if e.findings.len() + e.not_assessable.len() + e.passed != 0 {
                        problems.push(format!("{}: {} failures, {} not assessable, {} passed (want the rule not to apply)", case.name, e.findings.len(), e.not_assessable.len(), e.passed));
                    }
                } else if e.findings.len() != case.failures
                    || e.not_assessable.len() != case.not_assessable
                    || e.passed + e.findings.len() + e.not_assessable.len() == 0
                    || case.failures + case.not_assessable == 0 && e.passed == 0
                {
                    problems.push(format!("{}: {} failures, {} not assessable, {} passed (want {} failures, {} not assessable)", case.name, e.findings.len(), e.not_assessable.len(), e.passed, case.failures, case.not_assessable));
                }
                if case.failures > 0 {
                    let diagnostics: Vec<_> =
                        e.findings.iter().map(|f| f.to_diagnostic(&one)).collect();
                    rendered.push_str(&human::render(
                        &parsed.source,
                        &diagnostics,
                        human::Style {
                            lang: Lang::Zh,
                            color: false,
                        },
                    ));
                }
            }
            let snapshot = rule.id.replace('/', "__");
            insta::assert_snapshot!(snapshot, rendered);
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn fixtures_name_existing_rules() {
    for (sources, _) in packs() {
        let (set, _) = rules::load(sources.clone());
        let pack = &sources[0].pack;
        for entry in std::fs::read_dir(fixture_root().join(pack))
            .unwrap()
            .flatten()
        {
            let name = entry
                .path()
                .file_stem()
                .unwrap()
                .to_string_lossy()
                .into_owned();
            assert!(
                set.rules.iter().any(|r| r.id == format!("{pack}/{name}")),
                "fixtures for unknown rule {pack}/{name}"
            );
        }
    }
}
