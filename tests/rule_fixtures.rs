//! Every rule of the national pack (`rules/national/tests/`) and of the example Henan pack
//! (`examples/henan/tests/`, run with its `settings.toml`: `province = 河南`) has a passing and
//! a failing fixture, and each fixture holds: the same run as `xxgk-lint test --require-coverage`
//! (`src/packtest/`, fixture layout in docs/rules.md). The rendering of each rule's failing
//! cases is snapshot-tested.

mod common;

use assert_cmd::Command;
use std::path::Path;
use xxgk_lint::engine::Config;
use xxgk_lint::packtest;

const PACKS: [&str; 2] = ["rules/national", "examples/henan"];

#[test]
fn every_rule_has_fixtures_that_hold_and_render_as_reviewed() {
    let mut problems = Vec::new();
    for dir in PACKS {
        // Relative, so rule origins in the snapshots do not depend on where the repository is.
        let result = packtest::run(Path::new(dir), &Config::new());
        problems.extend(result.problems.iter().cloned());
        for c in result.uncovered() {
            problems.push(format!("{}: needs a pass and a fail case", c.rule));
        }
        for case in result.cases.iter().filter(|c| !c.ok()) {
            problems.push(format!("{}: {}", case.case, case.problems.join("; ")));
        }
        let mut rules: Vec<&str> = result.coverage.iter().map(|c| c.rule.as_str()).collect();
        rules.sort_unstable();
        for rule in rules {
            let rendered: String = result
                .cases
                .iter()
                .filter(|c| c.rule == rule && c.expect.failures > 0)
                .map(|c| c.rendered.as_str())
                .collect();
            insta::assert_snapshot!(rule.replace('/', "__"), rendered);
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_test_command_passes_both_packs_with_coverage_required() {
    let out = Command::cargo_bin("xxgk-lint")
        .unwrap()
        .args(["test", "--require-coverage"])
        .args(PACKS)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(stdout.contains("通过："), "{stdout}");
}
