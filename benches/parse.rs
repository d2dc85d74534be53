//! Throughput on one thread: parsing alone (decode, layout, typed report), then parsing plus
//! evaluating the national rule pack, over the five seed reports and their re-laid-out
//! fixtures. Prints reports per second and MB per second. Run with `cargo bench --bench parse`
//! (optionally `-- SECONDS` per measurement, default 3).

mod common;

use common::Sample;
use std::time::{Duration, Instant};

/// What one measurement ran: reports, their bytes, the counts `step` returned, and the seconds.
struct Measured {
    reports: usize,
    bytes: usize,
    counted: usize,
    secs: f64,
}

/// Runs `step` over every sample, round after round, until `budget` has passed.
fn measure(samples: &[Sample], budget: Duration, step: &dyn Fn(&str, &[u8]) -> usize) -> Measured {
    let round_bytes: usize = samples.iter().map(|s| s.bytes.len()).sum();
    let start = Instant::now();
    let (mut reports, mut bytes, mut counted) = (0, 0, 0);
    while start.elapsed() < budget {
        for s in samples {
            counted += step(&s.name, &s.bytes);
        }
        reports += samples.len();
        bytes += round_bytes;
    }
    Measured {
        reports,
        bytes,
        counted,
        secs: start.elapsed().as_secs_f64(),
    }
}

fn main() {
    let seconds: u64 = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(3);
    let samples = common::samples();
    let budget = Duration::from_secs(seconds);
    // Warm up (template tables, allocator).
    for s in &samples {
        std::hint::black_box(xxgk_lint::parse_bytes(&s.name, &s.bytes, None).ok());
    }
    let parse = measure(&samples, budget, &|name, data| {
        let parsed = xxgk_lint::parse_bytes(name, data, None).expect("decodes");
        std::hint::black_box(&parsed);
        parsed.report.cells.len()
    });
    println!(
        "parse: {} files ({} seeds + layout fixtures), {:.1} KB per round",
        samples.len(),
        samples.iter().filter(|s| s.seed).count(),
        samples.iter().map(|s| s.bytes.len()).sum::<usize>() as f64 / 1024.0
    );
    println!(
        "parse: {} reports in {:.2} s on one thread",
        parse.reports, parse.secs
    );
    println!(
        "parse: {:.0} reports/s, {:.1} MB/s, {:.0} cells/s",
        parse.reports as f64 / parse.secs,
        parse.bytes as f64 / parse.secs / 1e6,
        parse.counted as f64 / parse.secs
    );

    let (set, errors) = xxgk_lint::rules::load(xxgk_lint::rules::national());
    assert!(errors.is_empty(), "the national pack compiles");
    let config = xxgk_lint::engine::Config::new();
    let check = measure(&samples, budget, &|name, data| {
        let parsed = xxgk_lint::parse_bytes(name, data, None).expect("decodes");
        let e = xxgk_lint::engine::evaluate(&parsed.report, None, &set, &config);
        std::hint::black_box(&e);
        e.passed + e.findings.len() + e.not_assessable.len()
    });
    println!(
        "check: {} national rules, {} rule instances per report",
        set.rules.len(),
        check.counted / check.reports.max(1)
    );
    println!(
        "check: {:.0} reports/s, {:.1} MB/s (parse + evaluate, one thread)",
        check.reports as f64 / check.secs,
        check.bytes as f64 / check.secs / 1e6
    );
}
