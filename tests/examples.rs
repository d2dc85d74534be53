//! The files under examples/ work as the README and their own comments say: the example
//! configuration copied alone into an empty directory, and again after the two edits its
//! comments describe for the Henan pack.

mod common;

use common::{run_binary, text};
use std::path::Path;

fn examples() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/examples"))
}

/// An empty directory holding a copy of examples/xxgk-lint.toml and examples/report.txt.
fn copied_alone() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for name in ["xxgk-lint.toml", "report.txt"] {
        std::fs::copy(examples().join(name), dir.path().join(name)).unwrap();
    }
    dir
}

#[test]
fn example_config_copied_alone_works() {
    let dir = copied_alone();
    let out = run_binary(&["check", "--color", "never", "report.txt"], dir.path());
    let err = text(&out.stderr);
    // examples/report.txt has errors: exit 1 is the configuration working, 2 would be it failing.
    assert_eq!(out.status.code(), Some(1), "stderr: {err}");
    assert!(
        err.is_empty(),
        "warnings about the example configuration: {err}"
    );
    assert!(text(&out.stdout).contains("检查了 1 个文件"));
}

#[test]
fn example_config_with_the_henan_pack_as_its_comments_say() {
    let dir = copied_alone();
    let pack = dir.path().join("henan");
    std::fs::create_dir(&pack).unwrap();
    for entry in std::fs::read_dir(examples().join("henan")).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            std::fs::copy(&path, pack.join(path.file_name().unwrap())).unwrap();
        }
    }
    let config = dir.path().join("xxgk-lint.toml");
    let original = std::fs::read_to_string(&config).unwrap();
    let mut edited = original.clone();
    for line in ["rules = [\"henan\"]", "province = \"河南\""] {
        let commented = format!("\n# {line}\n");
        assert!(
            edited.contains(&commented),
            "the example no longer has `# {line}` to uncomment"
        );
        edited = edited.replace(&commented, &format!("\n{line}\n"));
    }
    std::fs::write(&config, edited).unwrap();

    let rules = run_binary(&["rules"], dir.path());
    let listed = text(&rules.stdout);
    assert_eq!(rules.status.code(), Some(0), "{}", text(&rules.stderr));
    assert!(listed.contains("henan/fee-four-decimals"), "{listed}");
    assert!(listed.contains("national/"), "{listed}");

    // examples/report.txt is a Henan report that meets the provincial rules: only national
    // findings, and no warning that the pack lacks `province` or that a setting is unread.
    let out = run_binary(&["check", "--color", "never", "report.txt"], dir.path());
    let err = text(&out.stderr);
    let found = text(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "stderr: {err}");
    assert!(err.is_empty(), "warnings: {err}");
    assert!(!found.contains("henan/"), "{found}");
    assert!(
        found.contains("error[national/narrative-requests-received]"),
        "{found}"
    );

    // Seed 000's fee has no decimals: the pack, with its setting, reports it.
    let seed = common::data_dir().join(common::S000);
    std::fs::copy(&seed, dir.path().join("seed000.txt")).unwrap();
    let out = run_binary(&["check", "--color", "never", "seed000.txt"], dir.path());
    let found = text(&out.stdout);
    assert!(
        found.contains("warning[henan/fee-four-decimals]"),
        "{found}"
    );
}
