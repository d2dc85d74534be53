//! `xxgk-lint check` end to end: the national pack runs with no flags, a rule directory written
//! at run time works with `--rules` (no rebuild), selection globs, broken rule files exit 2
//! while the rest still runs, and the fail threshold decides exit code 1.

mod common;

use common::{S001, S002, S003, data_dir, diagnostic_codes, run_binary, scratch, text};
use std::path::{Path, PathBuf};
use std::process::Output;

fn check(args: &[&str]) -> Output {
    let args: Vec<&str> = ["check", "--color", "never"]
        .into_iter()
        .chain(args.iter().copied())
        .collect();
    run_binary(&args, &data_dir())
}

fn rule_dir(name: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = scratch("check-cli", name);
    for (file, body) in files {
        std::fs::write(dir.join(file), body).unwrap();
    }
    dir
}

#[test]
fn national_pack_runs_with_no_flags() {
    // Seed 003 is clean but for one hint (section 2 all zero), which does not fail the run.
    let o = check(&[S003]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let out = text(&o.stdout);
    assert!(out.contains("note[national/sec2-all-zero]"), "{out}");
    assert!(
        out.ends_with("检查了 1 个文件：0 个错误，0 个警告，1 个提示，0 处无法评估\n"),
        "{out}"
    );
}

#[test]
fn a_rule_directory_works_without_rebuilding() {
    let henan = rule_dir(
        "henan",
        &[(
            "fees.rule",
            "rule fee-four-decimals {\n    title \"收费金额须保留4位小数\"\n    severity warning\n    message \"收费金额 {value} 未保留4位小数\"\n    when config.province == \"河南\"\n    assert decimals(sec2.art20_8.admin_fees.amount) == 4\n}\n",
        )],
    );
    let dir = henan.to_str().unwrap();
    let o = check(&[
        "--rules",
        dir,
        "--set",
        "province=河南",
        "--fail-on",
        "warning",
        S003,
    ]);
    let out = text(&o.stdout);
    assert!(
        out.contains("warning[henan/fee-four-decimals]: 收费金额 0 未保留4位小数"),
        "{out}"
    );
    assert_eq!(o.status.code(), Some(1), "a warning at --fail-on warning");
    // The guard: without the province the rule does not apply.
    let o = check(&["--rules", dir, "--fail-on", "warning", S003]);
    assert!(!text(&o.stdout).contains("henan/"), "{}", text(&o.stdout));
    assert_eq!(o.status.code(), Some(0));
}

#[test]
fn selection_globs() {
    let kinds = data_dir().join("rules/kinds");
    let dir = kinds.to_str().unwrap();
    let o = check(&[
        "--rules",
        dir,
        "--no-national",
        "--select",
        "kinds/n12-*",
        S001,
    ]);
    let out = text(&o.stdout);
    assert!(
        out.contains("error[kinds/n12-in-force]: 正文称现行有效规范性文件 26 件，表二为 27 件"),
        "{out}"
    );
    assert!(!out.contains("kinds/s"), "{out}");
    assert_eq!(o.status.code(), Some(1));
    let o = check(&[
        "--rules",
        dir,
        "--no-national",
        "--select",
        "kinds/*",
        "--ignore",
        "kinds/n12-*",
        S001,
    ]);
    assert!(!text(&o.stdout).contains("n12"));
}

#[test]
fn broken_rule_files_exit_2_and_the_good_rules_still_run() {
    let dir = rule_dir(
        "broken",
        &[
            (
                "bad.rule",
                "rule typo {\n    title \"t\"\n    severity error\n    message \"m\"\n    assert sec3.carried_inn.total == 0\n}\n",
            ),
            (
                "good.rule",
                "rule always {\n    title \"t\"\n    severity error\n    message \"总是报告\"\n    assert false\n}\n",
            ),
        ],
    );
    let o = check(&["--rules", dir.to_str().unwrap(), S003]);
    assert_eq!(o.status.code(), Some(2));
    let err = text(&o.stderr);
    assert!(
        err.contains("error[rules/unknown-name]: 未知的行“carried_inn”"),
        "{err}"
    );
    assert!(err.contains("bad.rule:5:17"), "{err}");
    assert!(err.contains("是否想写“carried_in”"), "{err}");
    assert!(text(&o.stdout).contains("error[broken/always]: 总是报告"));
}

#[test]
fn findings_show_operands_arithmetic_and_origin() {
    let o = check(&[
        "--lang",
        "en",
        "--verbose",
        "--select",
        "national/sec3-row-total",
        S002,
    ]);
    let out = text(&o.stdout);
    // Not-assessable instances appear with --verbose, with the reason.
    // (codespan calls the info level `note`, as rustc does.)
    // Under --lang en the rule's English message; a side that is no number says why.
    assert!(out.contains("note[national/sec3-row-total]: not assessable: Row `一、本年新收政府信息公开申请数量`: the total is (the report has no such cell)"), "{out}");
    assert!(
        out.contains("= note: not assessable: the report has no such cell"),
        "{out}"
    );
    assert!(
        out.contains("rule defined at rules/national/sec3.rule:"),
        "{out}"
    );
    // The parser's error and warning, its info plus the five rows whose 总计 is absent.
    assert!(
        out.ends_with("checked 1 file(s): 1 error(s), 1 warning(s), 6 info, 5 not assessable\n"),
        "{out}"
    );
}

#[test]
fn json_output_lists_findings_and_not_assessable_instances() {
    let o = check(&[
        "--format",
        "json",
        "--select",
        "national/sec3-row-total",
        S002,
    ]);
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(doc["schema"], "xxgk-lint/check");
    let file = &doc["files"][0];
    assert_eq!(file["not_assessable"].as_array().unwrap().len(), 5);
    assert_eq!(
        diagnostic_codes(file),
        vec![
            "parse/header-variant",
            "parse/column-missing",
            "parse/row-label"
        ]
    );
}

#[test]
fn rule_directories_and_settings_from_the_configuration_file() {
    let project = rule_dir(
        "project",
        &[(
            "xxgk-lint.toml",
            "rules = [\"henan\"]\nfail-on = \"warning\"\n\n[settings]\nprovince = \"河南\"\n",
        )],
    );
    let henan = project.join("henan");
    std::fs::create_dir_all(&henan).unwrap();
    std::fs::write(henan.join("fees.rule"), "rule fee-four-decimals {\n    title \"收费金额须保留4位小数\"\n    severity warning\n    message \"收费金额 {value} 未保留4位小数\"\n    when config.province == \"河南\"\n    assert decimals(sec2.art20_8.admin_fees.amount) == 4\n}\n").unwrap();
    let report = data_dir().join(S003);
    let sub = project.join("reports");
    std::fs::create_dir_all(&sub).unwrap();
    // Found upward from a subdirectory.
    let report = report.to_str().unwrap();
    let run = |extra: &[&str]| {
        let args: Vec<&str> = ["check", "--color", "never"]
            .into_iter()
            .chain(extra.iter().copied())
            .chain([report])
            .collect();
        run_binary(&args, &sub)
    };
    let o = run(&[]);
    assert!(
        text(&o.stdout).contains("warning[henan/fee-four-decimals]"),
        "{}",
        text(&o.stdout)
    );
    assert_eq!(o.status.code(), Some(1), "fail-on = warning from the file");
    let o = run(&["--fail-on", "error", "--select", "national/*"]);
    assert!(!text(&o.stdout).contains("henan/"));
    assert_eq!(o.status.code(), Some(0));
    let o = run(&["--no-config"]);
    assert!(!text(&o.stdout).contains("henan/"));

    // Unknown keys are errors pointing into the file; the run still lints, and exits 2.
    std::fs::write(
        project.join("xxgk-lint.toml"),
        "rules = [\"henan\"]\nfail_on = \"warning\"\n",
    )
    .unwrap();
    let o = run(&[]);
    assert_eq!(o.status.code(), Some(2));
    let err = text(&o.stderr);
    assert!(
        err.contains("error[config/invalid]")
            && err.contains("xxgk-lint.toml:2:1")
            && err.contains("fail_on"),
        "{err}"
    );
    assert!(text(&o.stdout).contains("检查了 1 个文件"));
}

#[test]
fn the_provincial_example_runs_and_its_findings_appear() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let henan = root.join("examples/henan");
    let seed_000 = "seeds/000_ea87cd62c8af9600.txt";
    let o = check(&[
        "--rules",
        henan.to_str().unwrap(),
        "--set",
        "province=河南",
        seed_000,
    ]);
    let out = text(&o.stdout);
    assert!(
        out.contains("warning[henan/fee-four-decimals]: 行政事业性收费金额 0 万元未保留4位小数"),
        "{out}"
    );
    // The quick-start report: a Henan report whose fee has 4 decimals and whose narrative states
    // the number of applications, so the provincial rules pass and the national ones report.
    // (The example configuration with this pack enabled: tests/examples.rs.)
    let report = root.join("examples/report.txt");
    let o = check(&[
        "--rules",
        henan.to_str().unwrap(),
        "--set",
        "province=河南",
        report.to_str().unwrap(),
    ]);
    let out = text(&o.stdout);
    assert!(!out.contains("henan/"), "{out}");
    assert!(
        out.contains("error[national/narrative-requests-received]"),
        "{out}"
    );
}
