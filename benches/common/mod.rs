//! What the benchmarks share: the sample reports they start from (the committed seeds and their
//! re-laid-out fixtures, in a fixed order), and the process's peak memory.
// Each benchmark uses part of this module.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// A sample report file and its bytes.
pub struct Sample {
    /// Its path, as shown in diagnostics.
    pub name: String,
    pub bytes: Vec<u8>,
    /// Whether it is one of the real seed reports (the others are generated layouts).
    pub seed: bool,
}

/// Every seed and layout fixture under `tests/data`, seeds first, each directory sorted.
pub fn samples() -> Vec<Sample> {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
    let mut out = Vec::new();
    for dir in ["seeds", "layouts"] {
        let mut paths: Vec<PathBuf> = std::fs::read_dir(data.join(dir))
            .expect("test data")
            .flatten()
            .map(|e| e.path())
            .collect();
        paths.sort();
        out.extend(paths.into_iter().map(|path| Sample {
            bytes: std::fs::read(&path).expect("readable"),
            name: path.display().to_string(),
            seed: dir == "seeds",
        }));
    }
    out
}

/// This process's peak resident memory in KiB (Linux), read from `/proc/self/status`.
pub fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}
