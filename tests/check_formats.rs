//! `check` as a CI/CMS gate: every output format (snapshot-tested), directories with a
//! non-report and an undecodable file, standard input, byte-identical output for any `--jobs`,
//! atomic `--output`, severity and per-path overrides from the configuration, `rules`/`explain`.

mod common;

use common::{data_dir, run_binary as run, text, xxgk_lint};
use std::path::PathBuf;

fn scratch(name: &str) -> PathBuf {
    common::scratch("check-formats", name)
}

/// `check` in the test data directory, without configuration or colour, in `format`.
fn check_as(format: &str, args: &[&str]) -> std::process::Output {
    common::check_in(&data_dir(), format, args)
}

#[test]
fn every_format_on_the_seed_directory() {
    for format in ["human", "json", "github", "junit", "sarif"] {
        let o = check_as(format, &["seeds"]);
        assert_eq!(o.status.code(), Some(1), "{format}: seeds have errors");
        insta::assert_snapshot!(format!("seeds_{format}"), text(&o.stdout));
    }
}

#[test]
fn output_is_byte_identical_for_any_number_of_jobs() {
    let check =
        |format: &str, jobs: &str| check_as(format, &["-j", jobs, "seeds", "layouts"]).stdout;
    for format in ["human", "json", "sarif"] {
        let one = check(format, "1");
        assert!(one.len() > 1000);
        // Two threads, and more threads than this 2-core machine has cores.
        for jobs in ["2", "5"] {
            assert_eq!(one, check(format, jobs), "{format}, {jobs} jobs");
        }
    }
}

#[test]
fn a_directory_with_a_non_report_and_an_undecodable_file() {
    let dir = scratch("mixed");
    std::fs::copy(
        data_dir().join("seeds/003_bc20cdde9b4efb67.txt"),
        dir.join("a-report.txt"),
    )
    .unwrap();
    std::fs::write(dir.join("b-notes.txt"), "会议纪要\n\n今天讨论了三件事。\n").unwrap();
    std::fs::write(dir.join("c-binary.txt"), b"\x00\x01\x02binary\x00").unwrap();
    std::fs::write(dir.join("d-readme.md"), "not taken from directories").unwrap();
    let o = run(
        &[
            "check",
            "--no-config",
            "--color",
            "never",
            "--format",
            "json",
            ".",
        ],
        &dir,
    );
    assert_eq!(
        o.status.code(),
        Some(2),
        "an unreadable file makes the run exit 2"
    );
    let err = text(&o.stderr);
    assert!(
        err.contains("./c-binary.txt: 文件是二进制数据，不是文本报告"),
        "{err}"
    );
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let files = doc["files"].as_array().unwrap();
    let names: Vec<&str> = files.iter().map(|f| f["file"].as_str().unwrap()).collect();
    assert_eq!(
        names,
        vec!["./a-report.txt", "./b-notes.txt", "./c-binary.txt"]
    );
    assert_eq!(files[1]["diagnostics"][0]["code"], "parse/not-a-report");
    assert!(files[2]["error"].is_string());
    assert_eq!(doc["summary"]["files"], 2);
    assert_eq!(doc["summary"]["unreadable"], 1);
}

#[test]
fn standard_input_with_a_name() {
    let report = std::fs::read(data_dir().join("seeds/001_09d7efa84834ab25.txt")).unwrap();
    xxgk_lint()
        .args([
            "check",
            "--no-config",
            "--format",
            "github",
            "--stdin-filename",
            "reports/2023.txt",
            "-",
        ])
        .write_stdin(report)
        .assert()
        .code(1)
        .stdout(
            "::error file=reports/2023.txt,line=14,col=54,endLine=14,endColumn=56,title=national/narrative-documents-in-force::正文称现行有效规范性文件 26 件，第二部分为 27 件\n",
        );
}

#[test]
fn output_files_are_written_atomically() {
    let dir = scratch("output");
    let target = dir.join("result.sarif");
    let seeds = data_dir().join("seeds");
    let o = run(
        &[
            "check",
            "--no-config",
            "--format",
            "sarif",
            "--output",
            target.to_str().unwrap(),
            seeds.to_str().unwrap(),
        ],
        &dir,
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(o.stdout.is_empty(), "the output goes to the file");
    let written: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&target).unwrap()).unwrap();
    assert_eq!(written["version"], "2.1.0");
    assert_eq!(
        std::fs::read_dir(&dir).unwrap().count(),
        1,
        "no temporary file is left"
    );
    // A place that cannot be written: an error, and nothing half-written anywhere.
    let bad = dir.join("missing-dir/out.json");
    let o = run(
        &[
            "check",
            "--no-config",
            "--format",
            "json",
            "--output",
            bad.to_str().unwrap(),
            seeds.to_str().unwrap(),
        ],
        &dir,
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("--output"), "{}", text(&o.stderr));
    assert!(!bad.exists());
}

#[test]
fn sarif_has_what_the_2_1_0_schema_and_github_require() {
    let o = run(
        &["check", "--no-config", "--format", "sarif", "seeds"],
        &data_dir(),
    );
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(doc["version"], "2.1.0");
    let run = &doc["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "xxgk-lint");
    let rules: Vec<&str> = run["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    let results = run["results"].as_array().unwrap();
    assert!(!results.is_empty());
    for r in results {
        let id = r["ruleId"].as_str().unwrap();
        assert!(rules.contains(&id), "{id} has rule metadata");
        assert!(["none", "note", "warning", "error"].contains(&r["level"].as_str().unwrap()));
        assert!(!r["message"]["text"].as_str().unwrap().is_empty());
        for loc in r["locations"]
            .as_array()
            .unwrap()
            .iter()
            .chain(r["relatedLocations"].as_array().into_iter().flatten())
        {
            let phys = &loc["physicalLocation"];
            assert!(phys["artifactLocation"]["uri"].is_string());
            let region = &phys["region"];
            for key in ["startLine", "startColumn", "endLine", "endColumn"] {
                assert!(region[key].as_u64().unwrap() >= 1, "{key} in {region}");
            }
            assert!(
                (region["endLine"].as_u64(), region["endColumn"].as_u64())
                    >= (region["startLine"].as_u64(), region["startColumn"].as_u64())
            );
        }
    }
    // Cells are named as logical locations.
    assert!(results.iter().any(
        |r| r["locations"][0]["logicalLocations"][0]["fullyQualifiedName"]
            == "sec3.results.not_processed.excessive.research"
    ));
}

#[test]
fn severity_and_path_overrides_from_the_configuration() {
    let dir = scratch("overrides");
    std::fs::create_dir_all(dir.join("reports/2023")).unwrap();
    std::fs::copy(
        data_dir().join("seeds/003_bc20cdde9b4efb67.txt"),
        dir.join("reports/2023/003.txt"),
    )
    .unwrap();
    std::fs::copy(
        data_dir().join("seeds/001_09d7efa84834ab25.txt"),
        dir.join("reports/2023/001.txt"),
    )
    .unwrap();
    std::fs::write(
        dir.join("xxgk-lint.toml"),
        "[severity]\n\"national/sec2-all-zero\" = \"warning\"\n\n[[overrides]]\npaths = [\"**/001.txt\"]\nseverity = { \"national/narrative-*\" = \"off\" }\n",
    )
    .unwrap();
    let o = run(
        &["check", "--color", "never", "--format", "github", "reports"],
        &dir,
    );
    let out = text(&o.stdout);
    assert!(
        !out.contains("001.txt"),
        "the narrative rule is off for 001: {out}"
    );
    assert!(
        out.contains("::warning file=reports/2023/003.txt")
            && out.contains("title=national/sec2-all-zero"),
        "{out}"
    );
    assert_eq!(o.status.code(), Some(0));
    // Without the configuration both come back.
    let o = run(
        &["check", "--no-config", "--format", "github", "reports"],
        &dir,
    );
    let out = text(&o.stdout);
    assert!(
        out.contains("::error file=reports/2023/001.txt")
            && out.contains("::notice file=reports/2023/003.txt"),
        "{out}"
    );
}

#[test]
fn rules_and_explain() {
    let o = run(&["rules", "--no-config"], &data_dir());
    let out = text(&o.stdout);
    assert!(out.lines().count() >= 40);
    assert!(
        out.lines().any(|l| l.starts_with("national/sec3-balance ")
            && l.contains("error")
            && l.ends_with("(rules/national/sec3.rule:4)")),
        "{out}"
    );
    let o = run(
        &["explain", "--no-config", "national/sec3-balance"],
        &data_dir(),
    );
    let out = text(&o.stdout);
    assert!(
        out.starts_with(
            "national/sec3-balance — 本年新收与上年结转之和应等于办理结果总计与结转下年之和\n"
        ),
        "{out}"
    );
    assert!(
        out.contains("示例：") && out.contains("assert   sum(sec3.new, sec3.carried_in)"),
        "{out}"
    );
    let o = run(
        &["explain", "--no-config", "national/sec3-balanc"],
        &data_dir(),
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("did you mean `national/sec3-balance`?"));
}
