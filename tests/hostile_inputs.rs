//! Crafted inputs (`tests/hostile/cases.rs`) end as they must — linted, or refused with a
//! clear error — under a 512 MB address-space limit within 30 s, with no panic or abort.

#[path = "hostile/cases.rs"]
mod cases;

mod common;

use cases::{Expect, cases};

#[test]
fn every_crafted_input_ends_within_its_bounds() {
    let dir = std::env::temp_dir().join(format!("xxgk-hostile-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut failures = Vec::new();
    for case in cases() {
        let path = dir.join(case.file);
        std::fs::write(&path, &case.bytes).unwrap();
        let started = std::time::Instant::now();
        let run = common::bounded(&dir)
            .args(["check", "--no-config", "-j", "2", "--format", "json"])
            .arg(&path)
            .output();
        std::fs::remove_file(&path).unwrap();
        // The timeout kills the run and gives an error instead of the output.
        let Ok(out) = run else {
            failures.push(format!("{}: still running after 30 s", case.name));
            continue;
        };
        let (status, stderr) = (out.status, String::from_utf8_lossy(&out.stderr));
        let fine = match case.expect {
            Expect::Linted => matches!(status.code(), Some(0 | 1)),
            Expect::Refused(problem) => status.code() == Some(2) && stderr.contains(problem),
        };
        if !fine || stderr.contains("panicked") {
            failures.push(format!(
                "{}: {status} in {:?}, expected {:?}; stderr: {}",
                case.name,
                started.elapsed(),
                case.expect,
                stderr.chars().take(400).collect::<String>()
            ));
        }
    }
    std::fs::remove_dir_all(&dir).ok();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
