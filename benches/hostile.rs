//! Time and peak memory of `check` on each crafted input of `tests/hostile/cases.rs`: each case
//! runs in a child process of its own (this executable again, `--case N`), so its peak resident
//! memory is its own. The targets: an input of 1 MB or less lints in under 1 s within
//! 100 MB; nothing exceeds 512 MB. Run with `cargo bench --bench hostile`.

#[path = "../tests/hostile/cases.rs"]
mod cases;
mod common;

// The same allocator as the `xxgk-lint` binary (src/main.rs), so the figures are the binary's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::process::{Command, Stdio};
use std::time::Instant;

/// The child: lints one file as `xxgk-lint check` does and prints its peak memory.
fn child(path: &str) {
    let args = [
        "xxgk-lint",
        "check",
        "--no-config",
        "--format",
        "json",
        "-j",
        "2",
        path,
    ];
    // The exit code is the parent's to see in the output; only the memory is reported here.
    let _ = xxgk_lint::cli::run(args);
    eprintln!("peak-kib {}", common::peak_rss_kib().unwrap_or(0));
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--case") {
        return child(&args[i + 1]);
    }
    let dir = std::env::temp_dir().join(format!("xxgk-hostile-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let exe = std::env::current_exe().unwrap();
    println!(
        "{:<66} {:>9} {:>8} {:>8} {:>8}",
        "case", "input", "ends", "seconds", "peak MB"
    );
    let mut met = true;
    for case in cases::cases() {
        let path = dir.join(case.file);
        std::fs::write(&path, &case.bytes).unwrap();
        let started = Instant::now();
        let out = Command::new(&exe)
            .arg("--case")
            .arg(&path)
            .stdout(Stdio::null())
            .output()
            .unwrap();
        let seconds = started.elapsed().as_secs_f64();
        let stderr = String::from_utf8_lossy(&out.stderr);
        let peak_mb = stderr
            .lines()
            .find_map(|l| l.strip_prefix("peak-kib "))
            .and_then(|k| k.parse::<u64>().ok())
            .map_or(f64::NAN, |k| k as f64 / 1024.0);
        let input_mb = case.bytes.len() as f64 / 1_048_576.0;
        let small = case.bytes.len() <= 1 << 20;
        let ok = peak_mb <= 512.0 && (!small || (seconds < 1.0 && peak_mb <= 100.0));
        met &= ok;
        let ends = match case.expect {
            cases::Expect::Linted => "linted",
            cases::Expect::Refused(_) => "refused",
        };
        println!(
            "{:<66} {:>7.2}MB {:>8} {:>8.2} {:>8.1}{}",
            case.name,
            input_mb,
            ends,
            seconds,
            peak_mb,
            if ok { "" } else { "  ← over target" }
        );
        std::fs::remove_file(&path).unwrap();
    }
    std::fs::remove_dir_all(&dir).ok();
    println!(
        "targets (≤1 MB: <1 s and ≤100 MB; all: ≤512 MB): {}",
        if met { "met" } else { "NOT met" }
    );
}
