//! Load test of `xxgk-lint serve` on loopback: rounds of 200 concurrent `POST /v1/check`
//! requests of mixed files (the five seeds as text, the example report as .docx, HTML and text,
//! and a real PDF), each request on its own connection. Every request must be answered 200
//! with a complete document; the server's resident memory must stay flat from round to round.
//! Prints requests per second, p50/p99 latency and the server's RSS after each round.
//!
//! `cargo bench --bench serve_load` (the server is the bench profile's binary; `ROUNDS=N` and
//! `CONCURRENCY=N` change the defaults, 5 and 200). Exits non-zero if a request is not
//! answered, or the server's memory grows by more than a quarter after the first round.

#[path = "../tests/serve_common/mod.rs"]
mod serve_common;

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// A file to upload: its name and bytes.
struct Upload {
    name: String,
    bytes: Vec<u8>,
}

fn uploads() -> Vec<Upload> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut paths: Vec<std::path::PathBuf> = std::fs::read_dir(root.join("tests/data/seeds"))
        .expect("seeds")
        .flatten()
        .map(|e| e.path())
        .collect();
    paths.sort();
    paths.extend(
        [
            "examples/report.docx",
            "examples/report.html",
            "examples/report.txt",
            "tests/data/real/pdf/001_jiangsu_huaian_hongze_2023.pdf",
        ]
        .iter()
        .map(|p| root.join(p)),
    );
    paths
        .into_iter()
        .map(|p| Upload {
            name: p.file_name().expect("name").to_string_lossy().into_owned(),
            bytes: std::fs::read(&p).expect("readable"),
        })
        .collect()
}

/// The server's current and peak resident memory in KiB.
fn rss_kib(pid: u32) -> (u64, u64) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.split_whitespace().next())
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn main() {
    // `cargo bench` passes `--bench`; nothing to parse.
    let rounds = env_number("ROUNDS", 5);
    let concurrency = env_number("CONCURRENCY", 200);
    let files = Arc::new(uploads());
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    // A queue as deep as the load, so that every request is linted (the queue's 503 is tested
    // in tests/serve_api.rs).
    let queue = concurrency.to_string();
    let server = serve_common::start(
        Path::new(env!("CARGO_BIN_EXE_xxgk-lint")),
        &["--queue", &queue, "--timeout", "120"],
        root,
    );
    let pid = server.child.id();
    let (rss0, _) = rss_kib(pid);
    println!(
        "serve_load: {concurrency} concurrent requests per round, {} distinct files (5 seeds, .docx, .html, .txt, .pdf), {rounds} rounds; server RSS at start {rss0} KiB",
        files.len()
    );
    println!("round  requests  seconds  req/s   p50 ms  p99 ms  max ms  RSS KiB  peak RSS KiB");
    let mut after_first = 0;
    let mut failed = false;
    for round in 1..=rounds {
        let started = Instant::now();
        let barrier = Arc::new(std::sync::Barrier::new(concurrency));
        let handles: Vec<_> = (0..concurrency)
            .map(|i| {
                let files = Arc::clone(&files);
                let barrier = Arc::clone(&barrier);
                let addr = server.addr;
                std::thread::spawn(move || {
                    let file = &files[i % files.len()];
                    barrier.wait();
                    let t = Instant::now();
                    let answer = serve_common::request(
                        addr,
                        "POST",
                        &format!("/v1/check?filename={}", file.name),
                        &[("Content-Type", "application/octet-stream")],
                        &file.bytes,
                    );
                    (file.name.clone(), t.elapsed(), answer)
                })
            })
            .collect();
        let mut latencies = Vec::with_capacity(concurrency);
        for h in handles {
            let (name, latency, answer) = h.join().expect("client thread");
            match answer {
                Ok(a)
                    if a.status == 200
                        && a.text().contains("\"schema\":\"xxgk-lint/check\"")
                        && a.text().trim_end().ends_with('}') =>
                {
                    latencies.push(latency)
                }
                Ok(a) => {
                    eprintln!("{name}: {} {}", a.status, a.text());
                    failed = true;
                }
                Err(e) => {
                    eprintln!("{name}: no answer: {e}");
                    failed = true;
                }
            }
        }
        let seconds = started.elapsed().as_secs_f64();
        latencies.sort();
        let (rss, peak) = rss_kib(pid);
        if round == 1 {
            after_first = peak;
        }
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        println!(
            "{round:>5}  {:>8}  {seconds:>7.2}  {:>6.0}  {:>6.0}  {:>6.0}  {:>6.0}  {rss:>7}  {peak:>12}",
            latencies.len(),
            latencies.len() as f64 / seconds,
            ms(percentile(&latencies, 0.50)),
            ms(percentile(&latencies, 0.99)),
            ms(*latencies.last().unwrap_or(&Duration::ZERO)),
        );
        if latencies.len() != concurrency {
            failed = true;
        }
    }
    let (_, peak) = rss_kib(pid);
    let flat = peak <= after_first + after_first / 4;
    println!(
        "peak RSS after round 1: {after_first} KiB, after round {rounds}: {peak} KiB ({})",
        if flat { "flat" } else { "GREW" }
    );
    drop(server);
    if failed || !flat {
        eprintln!("serve_load: FAILED (unanswered requests or growing memory)");
        std::process::exit(1);
    }
}
