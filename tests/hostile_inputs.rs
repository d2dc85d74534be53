//! Crafted inputs (`tests/hostile/cases.rs`) end as they must — linted, or refused with a
//! clear error — under a 512 MB address-space limit within 30 s, with no panic or abort.

#[path = "hostile/cases.rs"]
mod cases;

use cases::{Expect, cases};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const ADDRESS_SPACE_KB: u64 = 512 * 1024;
const DEADLINE: Duration = Duration::from_secs(30);

#[test]
fn every_crafted_input_ends_within_its_bounds() {
    let dir = std::env::temp_dir().join(format!("xxgk-hostile-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut failures = Vec::new();
    for case in cases() {
        let path = dir.join(case.file);
        std::fs::write(&path, &case.bytes).unwrap();
        // `ulimit -v` bounds the address space of the linter alone.
        let mut child = Command::new("sh")
            .arg("-c")
            .arg(format!(
                "ulimit -v {ADDRESS_SPACE_KB} && exec \"$0\" \"$@\""
            ))
            .arg(env!("CARGO_BIN_EXE_xxgk-lint"))
            .args(["check", "--no-config", "-j", "2", "--format", "json"])
            .arg(&path)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let started = Instant::now();
        let status = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break Some(status);
            }
            if started.elapsed() > DEADLINE {
                child.kill().unwrap();
                child.wait().unwrap();
                break None;
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        let stderr = std::io::read_to_string(child.stderr.take().unwrap()).unwrap();
        std::fs::remove_file(&path).unwrap();
        let Some(status) = status else {
            failures.push(format!("{}: still running after {DEADLINE:?}", case.name));
            continue;
        };
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
