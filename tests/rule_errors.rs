//! Problems in rule files render as rustc-style diagnostics pointing into the rule file, with
//! suggestions where a name is close: one file per kind of problem, snapshot-tested.

use std::path::Path;
use xxgk_lint::diagnostic::Lang;
use xxgk_lint::render::human;
use xxgk_lint::rules::{self, RuleSource};
use xxgk_lint::source::SourceFile;

fn render(path: &Path, lang: Lang) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    let name = format!(
        "rule-errors/{}",
        path.file_name().unwrap().to_string_lossy()
    );
    let (set, errors) = rules::load(vec![RuleSource {
        pack: "test".into(),
        file: SourceFile::new(name, text, "UTF-8"),
    }]);
    assert!(
        !errors.is_empty(),
        "{} should not load cleanly",
        path.display()
    );
    let style = human::Style { lang, color: false };
    errors
        .iter()
        .map(|e| {
            human::render(
                &set.files[e.file].file,
                std::slice::from_ref(&e.diagnostic),
                style,
            )
        })
        .collect()
}

#[test]
fn each_rule_file_problem_renders_with_its_location() {
    insta::glob!("data/rule-errors/*.rule", |path| {
        insta::assert_snapshot!(render(path, Lang::Zh));
    });
}

#[test]
fn english_rendering_of_a_suggestion() {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/rule-errors/unknown-row.rule");
    let out = render(&path, Lang::En);
    assert!(
        out.contains("error[rules/unknown-name]: unknown row `carried_inn`"),
        "{out}"
    );
    assert!(out.contains("help: did you mean `carried_in`?"), "{out}");
}

#[test]
fn a_syntax_error_costs_only_the_rule_it_is_in() {
    let text = r#"# Three rules; the second has a syntax error.
rule first {
    title    "一"
    severity error
    message  "一"
    assert   sec3.new.total >= 0
}

rule second {
    title    "二"
    severity error
    message  "二"
    assert   sec3.new.total >= (0
}

list units = ["件", "条"]

rule third {
    title    "三"
    severity warning
    message  "三"
    assert   sec3.carried_in.total >= 0
}
"#;
    let (set, errors) = rules::load(vec![RuleSource {
        pack: "test".into(),
        file: SourceFile::new("recover.rule", text.to_string(), "UTF-8"),
    }]);
    let ids: Vec<&str> = set.rules.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, ["test/first", "test/third"]);
    assert_eq!(errors.len(), 1, "{errors:?}");
    let line = set.files[0]
        .file
        .line_col(errors[0].diagnostic.anchor().unwrap().start)
        .line;
    assert!((10..=15).contains(&line), "error at line {line}");
}

/// A pack with one good rule and one naming a row that does not exist.
fn broken_pack() -> std::path::PathBuf {
    let dir =
        std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("rule-errors-everywhere/county");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("county.rule"),
        "rule good {\n  title \"t\"\n  severity warning\n  message \"m\"\n  assert sec3.new.total >= 0\n}\n\
         rule bad {\n  title \"t\"\n  severity warning\n  message \"m\"\n  assert sec3.nwe.total >= 0\n}\n",
    )
    .unwrap();
    dir
}

#[test]
fn a_rule_file_that_does_not_load_shows_in_every_format() {
    let pack = broken_pack();
    let run = |format: &str| {
        let out = assert_cmd::Command::cargo_bin("xxgk-lint")
            .unwrap()
            .args(["check", "--no-config", "--format", format, "--rules"])
            .arg(&pack)
            .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/report.txt"))
            .output()
            .unwrap();
        // The good rule still ran; the run as a whole is an error.
        assert_eq!(out.status.code(), Some(2), "{format}");
        String::from_utf8(out.stdout).unwrap()
    };
    let json: serde_json::Value = serde_json::from_str(&run("json")).unwrap();
    assert_eq!(json["summary"]["rule_errors"], 1);
    assert_eq!(json["rule_errors"][0]["code"], "rules/unknown-name");
    assert_eq!(json["rule_errors"][0]["line"], 11);
    assert!(
        json["files"][0]["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .chain(json["files"][0]["not_assessable"].as_array().unwrap())
            .any(|d| d["code"] == "county/good")
            || json["files"][0]["passed"].as_u64().unwrap() > 0
    );
    let sarif: serde_json::Value = serde_json::from_str(&run("sarif")).unwrap();
    let invocation = &sarif["runs"][0]["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    let note = &invocation["toolExecutionNotifications"][0];
    assert_eq!(note["descriptor"]["id"], "rules/unknown-name");
    assert_eq!(
        note["locations"][0]["physicalLocation"]["region"]["startLine"],
        11
    );
    assert!(run("github").contains("county.rule,line=11,col=15,title=rules/unknown-name::"));
    let junit = run("junit");
    assert!(junit.contains("classname=\"xxgk-lint.rules\""), "{junit}");
    assert!(junit.contains("errors=\"1\""), "{junit}");
    assert!(run("human").contains("1 个规则文件错误"));
    assert!(run("concise").contains("1 个规则文件错误"));
}
