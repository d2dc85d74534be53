//! Throughput on one thread: parsing alone (decode, layout, typed report), then parsing plus
//! evaluating the national rule pack, over the five seed reports and their re-laid-out
//! fixtures. Prints reports per second and MB per second. Run with `cargo bench --bench parse`
//! (optionally `-- SECONDS` per measurement, default 3).

use std::path::Path;
use std::time::{Duration, Instant};

fn inputs() -> Vec<(String, Vec<u8>)> {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
    let mut files = Vec::new();
    for dir in ["seeds", "layouts"] {
        let mut entries: Vec<_> = std::fs::read_dir(data.join(dir))
            .expect("test data")
            .flatten()
            .map(|e| e.path())
            .collect();
        entries.sort();
        for path in entries {
            files.push((
                path.display().to_string(),
                std::fs::read(&path).expect("readable"),
            ));
        }
    }
    files
}

fn main() {
    let seconds: u64 = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(3);
    let files = inputs();
    let bytes_per_round: usize = files.iter().map(|(_, b)| b.len()).sum();
    // Warm up (template tables, allocator).
    for (name, bytes) in &files {
        std::hint::black_box(xxgk_lint::parse_bytes(name, bytes, None).ok());
    }
    let budget = Duration::from_secs(seconds);
    let start = Instant::now();
    let mut reports = 0usize;
    let mut bytes = 0usize;
    let mut cells = 0usize;
    while start.elapsed() < budget {
        for (name, data) in &files {
            let parsed = xxgk_lint::parse_bytes(name, data, None).expect("decodes");
            cells += parsed.report.cells.len();
            std::hint::black_box(&parsed);
        }
        reports += files.len();
        bytes += bytes_per_round;
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "parse: {} files ({} seeds + layout fixtures), {:.1} KB per round",
        files.len(),
        5,
        bytes_per_round as f64 / 1024.0
    );
    println!("parse: {reports} reports in {secs:.2} s on one thread");
    println!(
        "parse: {:.0} reports/s, {:.1} MB/s, {:.0} cells/s",
        reports as f64 / secs,
        bytes as f64 / secs / 1e6,
        cells as f64 / secs
    );

    let (set, errors) = xxgk_lint::rules::load(xxgk_lint::rules::national());
    assert!(errors.is_empty(), "the national pack compiles");
    let config = xxgk_lint::engine::Config::new();
    let start = Instant::now();
    let (mut reports, mut bytes, mut instances) = (0usize, 0usize, 0usize);
    while start.elapsed() < budget {
        for (name, data) in &files {
            let parsed = xxgk_lint::parse_bytes(name, data, None).expect("decodes");
            let e = xxgk_lint::engine::evaluate(&parsed.report, None, &set, &config);
            instances += e.passed + e.findings.len() + e.not_assessable.len();
            std::hint::black_box(&e);
        }
        reports += files.len();
        bytes += bytes_per_round;
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "check: {} national rules, {} rule instances per report",
        set.rules.len(),
        instances / reports.max(1)
    );
    println!(
        "check: {:.0} reports/s, {:.1} MB/s (parse + evaluate, one thread)",
        reports as f64 / secs,
        bytes as f64 / secs / 1e6
    );
}
