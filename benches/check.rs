//! Throughput of `xxgk-lint check` as a pipeline gate: generates a corpus of varied reports (the
//! seeds and their re-laid-out fixtures, with the organ name and some cell values changed per
//! file), lints it with the national pack and JSON output on 2 jobs, and prints reports per
//! second, MB per second and peak memory. Two corpus sizes show whether memory stays flat.
//! Run with `cargo bench --bench check` (optionally `-- N` for the larger corpus, default 10000).
//! `cargo bench --bench check -- --corpus DIR N` only writes the corpus of `N` reports into `DIR`,
//! for measurements that run the binary on it (`benches/instructions.sh`).

mod common;

// The same allocator as the `xxgk-lint` binary (src/main.rs), so the figures are the binary's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::path::Path;
use std::time::Instant;

/// Writes `n` reports into `dir`; returns their total size in bytes.
fn generate(dir: &Path, n: usize) -> usize {
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir).unwrap();
    let bases: Vec<String> = common::samples()
        .into_iter()
        .map(|s| String::from_utf8(s.bytes).expect("UTF-8 test data"))
        .collect();
    let mut bytes = 0;
    for i in 0..n {
        let base = &bases[i % bases.len()];
        // Vary the organ and one cell value so no two reports are the same file.
        let mut text = base.replacen("人民政府", &format!("第{i}号人民政府"), 1);
        if i % 3 == 0 {
            text = text
                .replacen("\t0\n", &format!("\t{}\n", i % 7), 1)
                .replacen("\t0\t", &format!("\t{}\t", i % 5), 1);
        }
        bytes += text.len();
        std::fs::write(dir.join(format!("{i:05}.txt")), text).unwrap();
    }
    bytes
}

fn lint(dir: &Path, out: &Path) -> f64 {
    let start = Instant::now();
    let args = [
        "xxgk-lint",
        "check",
        "--no-config",
        "--format",
        "json",
        "-j",
        "2",
        "--output",
        out.to_str().unwrap(),
        dir.to_str().unwrap(),
    ];
    let _ = xxgk_lint::cli::run(args);
    start.elapsed().as_secs_f64()
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let Some(at) = args.iter().position(|a| a == "--corpus") {
        let (Some(dir), Some(Ok(n))) = (args.get(at + 1), args.get(at + 2).map(|n| n.parse()))
        else {
            eprintln!("usage: cargo bench --bench check -- --corpus DIR N");
            std::process::exit(2);
        };
        // `generate` empties its directory first: never someone else's files.
        if std::fs::read_dir(dir).is_ok_and(|mut d| d.next().is_some()) {
            eprintln!("{dir} exists and is not empty");
            std::process::exit(2);
        }
        let bytes = generate(Path::new(dir), n);
        println!("wrote {n} reports, {bytes} bytes, to {dir}");
        return;
    }
    let large: usize = args.iter().find_map(|a| a.parse().ok()).unwrap_or(10_000);
    let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("bench-corpus");
    let out = root.join("out.json");
    for n in [large / 5, large] {
        let dir = root.join(format!("n{n}"));
        let bytes = generate(&dir, n);
        let secs = lint(&dir, &out);
        let json_mb = std::fs::metadata(&out).map_or(0.0, |m| m.len() as f64 / 1e6);
        println!(
            "check: {n} reports, {:.1} MB in {secs:.2} s on 2 jobs: {:.0} reports/s, {:.1} MB/s; JSON output {json_mb:.1} MB; peak RSS so far {} MiB",
            bytes as f64 / 1e6,
            n as f64 / secs,
            bytes as f64 / secs / 1e6,
            common::peak_rss_kib().map_or_else(|| "?".to_string(), |k| (k / 1024).to_string())
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}
