//! `check --format sarif` against the official OASIS SARIF 2.1.0 JSON schema
//! (tests/data/sarif/): the seeds, an empty run, unreadable and oddly named files, broken rule
//! files, standard input; and proof that the validator catches what the schema forbids.

mod common;
#[path = "common/json_schema.rs"]
mod json_schema;

use common::{data_dir, run_binary as run, text};
use json_schema::{SchemaError, Validator};
use serde_json::{Value, json};
use std::path::Path;

fn schema() -> Value {
    let path = data_dir().join("sarif/sarif-schema-2.1.0.json");
    serde_json::from_str(&std::fs::read_to_string(path).expect("schema file")).expect("JSON")
}

/// Runs `check --format sarif` with `args` in `cwd`; returns the parsed output.
fn sarif(args: &[&str], cwd: &Path) -> Value {
    let mut all = vec!["check", "--no-config", "--format", "sarif"];
    all.extend_from_slice(args);
    let o = run(&all, cwd);
    assert!(
        matches!(o.status.code(), Some(0..=2)),
        "{all:?}: {:?}\n{}",
        o.status,
        text(&o.stderr)
    );
    serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("{all:?}: not JSON ({e}):\n{}", text(&o.stdout)))
}

fn assert_valid(what: &str, doc: &Value) {
    let schema = schema();
    let errors = Validator::new(&schema).validate(doc);
    assert!(
        errors.is_empty(),
        "{what}: {} schema errors:\n{}",
        errors.len(),
        errors
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n")
    );
}

fn results(doc: &Value) -> &Vec<Value> {
    doc["runs"][0]["results"].as_array().expect("results")
}

#[test]
fn the_schema_is_the_oasis_one_and_every_keyword_is_checked() {
    let schema = schema();
    assert_eq!(
        schema["title"],
        "Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema"
    );
    assert_eq!(schema["$schema"], "http://json-schema.org/draft-04/schema#");
    assert_eq!(
        schema["id"],
        "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
    );
    assert!(schema["definitions"].as_object().unwrap().len() > 50);
    let unsupported = Validator::new(&schema).unsupported();
    assert!(
        unsupported.is_empty(),
        "the validator would skip: {unsupported:#?}"
    );
}

#[test]
fn the_seeds_in_both_languages() {
    for lang in ["zh", "en"] {
        let doc = sarif(&["--lang", lang, "seeds"], &data_dir());
        assert!(results(&doc).len() >= 10, "{lang}: the seeds have findings");
        assert!(
            results(&doc)
                .iter()
                .any(|r| r["relatedLocations"].is_array()),
            "related locations are covered"
        );
        assert!(
            results(&doc)
                .iter()
                .any(|r| r["locations"][0]["logicalLocations"].is_array()),
            "logical locations are covered"
        );
        assert_valid(&format!("seeds, --lang {lang}"), &doc);
    }
}

#[test]
fn an_empty_run() {
    // Seed 003 has one finding, from the national pack; without the pack it has none.
    let doc = sarif(
        &["--no-national", "seeds/003_bc20cdde9b4efb67.txt"],
        &data_dir(),
    );
    assert_eq!(results(&doc).len(), 0);
    assert_eq!(doc["runs"][0]["tool"]["driver"]["rules"], json!([]));
    assert_valid("an empty run", &doc);
}

#[test]
fn unreadable_missing_and_oddly_named_files_and_broken_rules() {
    let dir = common::scratch("sarif-schema", "odd");
    let seed = |id: &str| data_dir().join("seeds").join(id);
    // Names that are not URI references as they stand: spaces, Chinese, `#`, `%`, `?`, `:`.
    for name in [
        "2023年 报告.txt",
        "a#b%zz.txt",
        "what?.txt",
        "c:d.txt",
        "[x].txt",
    ] {
        std::fs::copy(seed("001_09d7efa84834ab25.txt"), dir.join(name)).unwrap();
    }
    std::fs::write(dir.join("notes.txt"), "会议纪要\n\n今天讨论了三件事。\n").unwrap();
    std::fs::write(dir.join("binary.txt"), b"\x00\x01\x02binary\x00").unwrap();
    let rules = dir.join("rules");
    std::fs::create_dir_all(&rules).unwrap();
    std::fs::copy(
        data_dir().join("rule-errors/syntax.rule"),
        rules.join("syntax.rule"),
    )
    .unwrap();
    let doc = sarif(&["--rules", "rules", ".", "missing.txt"], &dir);
    let ids: Vec<&str> = results(&doc)
        .iter()
        .map(|r| r["ruleId"].as_str().unwrap())
        .collect();
    assert!(ids.contains(&"io/unreadable"), "{ids:?}");
    assert!(ids.len() >= 8, "{ids:?}");
    assert_valid("odd files", &doc);
    let uris: Vec<&str> = results(&doc)
        .iter()
        .map(|r| {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap()
        })
        .collect();
    for uri in [
        "./2023%E5%B9%B4%20%E6%8A%A5%E5%91%8A.txt",
        "./a%23b%25zz.txt",
        "./what%3F.txt",
        "./c%3Ad.txt",
        "./%5Bx%5D.txt",
        "missing.txt",
    ] {
        assert!(uris.contains(&uri), "{uri} in {uris:?}");
    }
}

#[test]
fn standard_input_under_a_chinese_name() {
    let doc = sarif(&["--stdin-filename", "年报 2023.txt", "-"], &data_dir());
    assert_valid("standard input", &doc);
}

/// The schema errors of a copy of `doc` after `change`.
fn errors_after(doc: &Value, change: impl FnOnce(&mut Value)) -> Vec<SchemaError> {
    let schema = schema();
    let mut doc = doc.clone();
    change(&mut doc);
    Validator::new(&schema).validate(&doc)
}

fn assert_caught(what: &str, errors: &[SchemaError], instance: &str, keyword: &str) {
    assert!(
        errors
            .iter()
            .any(|e| e.instance == instance && e.schema.ends_with(keyword)),
        "{what}: expected a {keyword} error at {instance}, got {errors:#?}"
    );
}

#[test]
fn the_validator_catches_violations_of_the_schema() {
    let doc = sarif(&["seeds"], &data_dir());
    assert_valid("seeds", &doc);
    let first = "/runs/0/results/0";
    let region = "/runs/0/results/0/locations/0/physicalLocation/region";

    let e = errors_after(&doc, |d| {
        d.pointer_mut(&format!("{region}/startLine"))
            .map(|v| *v = json!(0))
            .unwrap()
    });
    assert_caught(
        "startLine 0",
        &e,
        &format!("{region}/startLine"),
        "/minimum",
    );

    let e = errors_after(&doc, |d| {
        d.pointer_mut(region).unwrap()["colour"] = json!("red");
    });
    assert_caught(
        "an unknown property",
        &e,
        &format!("{region}/colour"),
        "/additionalProperties",
    );

    let e = errors_after(&doc, |d| {
        d.pointer_mut(first).unwrap()["level"] = json!("fatal");
    });
    assert_caught("a wrong level", &e, &format!("{first}/level"), "/enum");

    let e = errors_after(&doc, |d| {
        d.as_object_mut().unwrap().remove("version");
    });
    assert_caught("no version", &e, "", "/required");

    let e = errors_after(&doc, |d| d["version"] = json!("2.0.0"));
    assert_caught("another version", &e, "/version", "/enum");

    let e = errors_after(&doc, |d| {
        d.pointer_mut(first).unwrap()["message"] = json!({ "markdown": "**x**" });
    });
    assert_caught(
        "a message without text or id",
        &e,
        &format!("{first}/message"),
        "/anyOf",
    );

    let e = errors_after(&doc, |d| {
        d.pointer_mut(region).unwrap()["endColumn"] = json!("10");
    });
    assert_caught(
        "a string column",
        &e,
        &format!("{region}/endColumn"),
        "/type",
    );

    let e = errors_after(&doc, |d| {
        d.pointer_mut(region).unwrap()["startColumn"] = json!(1.5);
    });
    assert_caught(
        "a fractional column",
        &e,
        &format!("{region}/startColumn"),
        "/type",
    );

    let e = errors_after(&doc, |d| {
        *d.pointer_mut(region).unwrap() = json!({ "endLine": 3 });
    });
    assert_caught("a region without a start", &e, region, "/anyOf");

    let uri = "/runs/0/results/0/locations/0/physicalLocation/artifactLocation/uri";
    let e = errors_after(&doc, |d| {
        *d.pointer_mut(uri).unwrap() = json!("年报 2023.txt")
    });
    assert_caught("a URI with spaces", &e, uri, "/format");

    let e = errors_after(&doc, |d| d["$schema"] = json!("sarif-2.1.0.json"));
    assert_caught("a relative $schema", &e, "/$schema", "/format");

    let rules = "/runs/0/tool/driver/rules";
    let e = errors_after(&doc, |d| {
        let rules = d.pointer_mut(rules).unwrap().as_array_mut().unwrap();
        rules.push(rules[0].clone());
    });
    assert!(
        e.iter()
            .any(|e| e.instance.starts_with(rules) && e.schema.ends_with("/uniqueItems")),
        "a repeated rule: {e:#?}"
    );

    let e = errors_after(&doc, |d| {
        d.pointer_mut(rules).unwrap()[0]
            .as_object_mut()
            .unwrap()
            .remove("id");
    });
    assert_caught("a rule without id", &e, &format!("{rules}/0"), "/required");

    let e = errors_after(&doc, |d| {
        d.pointer_mut("/runs/0/tool/driver").unwrap()["language"] = json!("Chinese");
    });
    assert_caught(
        "a bad language",
        &e,
        "/runs/0/tool/driver/language",
        "/pattern",
    );

    let e = errors_after(&doc, |d| {
        d.pointer_mut(first).unwrap()["rank"] = json!(101);
    });
    assert_caught("a rank over 100", &e, &format!("{first}/rank"), "/maximum");

    let e = errors_after(&doc, |d| {
        d.pointer_mut("/runs/0").unwrap()["columnKind"] = json!("bytes");
    });
    assert_caught("a wrong column kind", &e, "/runs/0/columnKind", "/enum");

    let e = errors_after(&doc, |d| {
        d.pointer_mut("/runs/0").unwrap()["invocations"] =
            json!([{ "executionSuccessful": true, "startTimeUtc": "2024-02-30T00:00:00Z" }]);
    });
    assert_caught(
        "an impossible date",
        &e,
        "/runs/0/invocations/0/startTimeUtc",
        "/format",
    );

    let e = errors_after(&doc, |d| {
        d.pointer_mut(first).unwrap()["graphTraversals"] =
            json!([{ "runGraphIndex": 0, "resultGraphIndex": 0 }]);
    });
    assert_caught(
        "both graph indices",
        &e,
        &format!("{first}/graphTraversals/0"),
        "/oneOf",
    );

    let e = errors_after(&doc, |d| d["runs"] = json!({}));
    assert_caught("runs not an array", &e, "/runs", "/type");
    assert!(
        errors_after(&doc, |d| d["runs"] = Value::Null).is_empty(),
        "runs may be null"
    );
}

#[test]
fn uri_and_date_time_formats() {
    use json_schema::{is_date_time, is_uri, is_uri_reference};
    for ok in [
        "seeds/000.txt",
        "./a%20b.txt",
        "/abs/path.txt",
        "file:///C:/x/y.txt",
        "https://example.org:8080/a?b=c&d#e",
        "//host/share",
        "http://[::1]/x",
        "",
        "#frag",
    ] {
        assert!(is_uri_reference(ok), "{ok:?} is a URI reference");
    }
    for bad in [
        "a b.txt",
        "年报.txt",
        "a%2.txt",
        "a%zz.txt",
        "1c:d.txt",
        "[x].txt",
        "a#b#c",
        "http://ho st/",
        "http://host:80a/",
        "a\\b.txt",
    ] {
        assert!(!is_uri_reference(bad), "{bad:?} is not a URI reference");
    }
    assert!(is_uri("https://json.schemastore.org/sarif-2.1.0.json"));
    assert!(is_uri("urn:isbn:0451450523"));
    assert!(!is_uri("seeds/000.txt"));
    assert!(!is_uri("1http://x"));
    for ok in [
        "2024-02-29T23:59:60Z",
        "1999-12-31t00:00:00.123+08:00",
        "2000-02-29T12:00:00-05:30",
    ] {
        assert!(is_date_time(ok), "{ok:?}");
    }
    for bad in [
        "2023-02-29T00:00:00Z",
        "1900-02-29T00:00:00Z",
        "2024-13-01T00:00:00Z",
        "2024-04-31T00:00:00Z",
        "2024-01-01T24:00:00Z",
        "2024-01-01 00:00:00Z",
        "2024-01-01T00:00:00",
        "2024-01-01T00:00:00+0800",
    ] {
        assert!(!is_date_time(bad), "{bad:?}");
    }
}
