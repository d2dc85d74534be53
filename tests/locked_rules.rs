//! A rule marked `locked` (the national balance equations) cannot be turned off or lowered by
//! configuration; only a waiver with a reason silences one of its findings.

mod common;

use assert_cmd::Command;
use common::{run_in, scratch};
use std::path::{Path, PathBuf};

/// A project with `examples/report.txt` (12 requests from natural persons), a pack whose locked warning
/// rule fails on it, and `config` as its configuration.
fn project(name: &str, config: &str) -> PathBuf {
    let dir = scratch("locked", name);
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/report.txt"),
        dir.join("report.txt"),
    )
    .unwrap();
    std::fs::create_dir_all(dir.join("county")).unwrap();
    std::fs::write(
        dir.join("county/balance.rule"),
        "rule many-requests {\n    title \"t\"\n    severity warning\n    locked\n    message \"本年新收 {value} 件\"\n    assert sec3.new.natural_person > 1000\n}\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("xxgk-lint.toml"),
        format!("rules = [\"county\"]\nno-national = true\n{config}"),
    )
    .unwrap();
    dir
}

fn check(dir: &Path, args: &[&str]) -> (Option<i32>, String, String) {
    let mut all = vec!["check", "--format", "concise"];
    all.extend_from_slice(args);
    all.push("report.txt");
    run_in(dir, &all)
}

#[test]
fn configuration_cannot_turn_a_locked_rule_off_or_lower_it() {
    for (name, config, args) in [
        ("off", "[severity]\n\"county/*\" = \"off\"\n", &[][..]),
        (
            "lower",
            "[severity]\n\"county/many-requests\" = \"info\"\n",
            &[][..],
        ),
        ("ignore", "ignore = [\"county/*\"]\n", &[][..]),
        ("flag", "", &["--ignore", "county/many-requests"][..]),
    ] {
        let dir = project(name, config);
        let (_, out, err) = check(&dir, args);
        assert!(
            out.contains("warning[county/many-requests] 本年新收 12 件"),
            "{name}: {out}"
        );
        assert!(err.contains("county/many-requests 已锁定"), "{name}: {err}");
    }
    // Raising it is allowed.
    let dir = project(
        "raise",
        "[severity]\n\"county/many-requests\" = \"error\"\n",
    );
    let (_, out, err) = check(&dir, &[]);
    assert!(out.contains("error[county/many-requests]"), "{out}");
    assert!(!err.contains("已锁定"), "{err}");
}

#[test]
fn a_waiver_silences_one_finding_of_a_locked_rule() {
    let dir = project(
        "waived",
        "fail-on = \"warning\"\n[[waivers]]\nrule = \"county/many-requests\"\nreason = \"县级口径\"\napproved-by = \"县政务公开办\"\nexpires = 2999-01-01\n",
    );
    let (_, out, _) = check(&dir, &["--select", "county/*"]);
    assert!(out.contains("（已豁免）本年新收 12 件"), "{out}");
    assert!(!out.contains("warning[county/many-requests] 本年"), "{out}");
    assert!(out.contains("1 个已豁免"), "{out}");
}

#[test]
fn the_national_balance_equations_are_locked() {
    let out = Command::cargo_bin("xxgk-lint")
        .unwrap()
        .args(["rules", "--no-config"])
        .output()
        .unwrap();
    let listing = String::from_utf8_lossy(&out.stdout);
    for id in [
        "national/sec3-balance",
        "national/sec3-results-total",
        "national/sec3-row-total",
        "national/sec3-org-subtotal",
        "national/sec4-group-total",
    ] {
        let line = listing.lines().find(|l| l.starts_with(id)).expect(id);
        assert!(line.contains("[locked]"), "{line}");
    }
    assert_eq!(listing.matches("[locked]").count(), 5, "{listing}");
}
