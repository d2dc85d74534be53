//! `pack.toml`: a pack's name, version and the oldest xxgk-lint it needs; `rules` lists packs
//! with their versions and `rules --format md` documents them.

mod common;

use assert_cmd::Command;
use common::scratch;
use std::path::{Path, PathBuf};

fn run(args: &[&str], pack: &Path) -> (Option<i32>, String, String) {
    let out = Command::cargo_bin("xxgk-lint")
        .unwrap()
        .args(args)
        .arg("--rules")
        .arg(pack)
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// `examples/henan` copied into a directory named `name`, with `pack_toml` as its pack.toml.
fn henan_as(name: &str, pack_toml: &str) -> PathBuf {
    let dir = scratch("packs", name).join(name);
    std::fs::create_dir_all(&dir).unwrap();
    for file in ["fees.rule", "narrative.rule"] {
        std::fs::copy(Path::new("examples/henan").join(file), dir.join(file)).unwrap();
    }
    std::fs::write(dir.join("pack.toml"), pack_toml).unwrap();
    dir
}

#[test]
fn rules_lists_packs_with_their_versions() {
    let (code, out, _) = run(
        &["rules", "--no-config", "--set", "province=河南"],
        Path::new("examples/henan"),
    );
    assert_eq!(code, Some(0));
    assert!(out.starts_with("包 national "), "{out}");
    assert!(
        out.contains("包 henan 0.1.0（examples/henan）：河南省补充要求"),
        "{out}"
    );
}

#[test]
fn the_pack_toml_name_is_the_rules_namespace() {
    let dir = henan_as("henan-2024", "name = \"henan\"\nversion = \"2024.1.0\"\n");
    let (code, out, _) = run(
        &[
            "rules",
            "--no-config",
            "--no-national",
            "--set",
            "province=河南",
        ],
        &dir,
    );
    assert_eq!(code, Some(0));
    assert!(out.contains("henan/fee-four-decimals"), "{out}");
    assert!(out.contains("包 henan 2024.1.0"), "{out}");
}

#[test]
fn a_pack_needing_a_newer_xxgk_lint_is_not_loaded() {
    let dir = henan_as(
        "henan",
        "name = \"henan\"\nversion = \"3.0.0\"\nmin-xxgk-lint-version = \"99.0.0\"\n",
    );
    let (code, out, err) = run(
        &[
            "check",
            "--no-config",
            "--format",
            "json",
            "--set",
            "province=河南",
            "examples/report.txt",
        ],
        &dir,
    );
    assert_eq!(code, Some(2));
    assert!(err.contains("需要 xxgk-lint 99.0.0 或更新版本"), "{err}");
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!(
        doc["rule_errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("99.0.0")
    );
    assert!(!out.contains("\"code\":\"henan/"), "{out}");
}

#[test]
fn rules_format_md_documents_every_rule_of_the_pack() {
    let (code, out, _) = run(
        &[
            "rules",
            "--no-config",
            "--no-national",
            "--format",
            "md",
            "--set",
            "province=河南",
        ],
        Path::new("examples/henan"),
    );
    assert_eq!(code, Some(0));
    insta::assert_snapshot!("henan_pack_markdown", out);
}
