//! Parse throughput by input format on one thread: the five seeds as plain text, as `.docx`
//! (merged cells, built by the same code as `tests/formats.rs`), as a Word-exported web page in
//! UTF-8 and in gb2312, and the real text-layer PDF of `tests/data/real/pdf` (read through
//! `pdftotext`, whose process start is part of the figure). Prints reports per second and MB
//! per second of input for each.
//! Run with `cargo bench --bench formats` (optionally `-- SECONDS` per format, default 2).

#[path = "../tests/formats/office.rs"]
mod office;

use std::time::{Duration, Instant};

/// Files as `(name, bytes)`.
type Files = Vec<(String, Vec<u8>)>;

fn seeds() -> Files {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/seeds");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .expect("seeds")
        .flatten()
        .map(|e| e.path())
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            (
                p.display().to_string(),
                std::fs::read(&p).expect("readable"),
            )
        })
        .collect()
}

fn main() {
    let seconds: u64 = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(2);
    let text = seeds();
    let mut formats: Vec<(&str, Files)> = vec![("text", text.clone())];
    let (mut docx, mut html, mut gb) = (Vec::new(), Vec::new(), Vec::new());
    for (name, bytes) in &text {
        let parsed = xxgk_lint::parse_bytes(name, bytes, None).expect("seed decodes");
        let blocks = office::physical(&parsed);
        docx.push((format!("{name}.docx"), office::docx(&blocks)));
        html.push((
            format!("{name}.html"),
            office::html(&blocks, "utf-8").into_bytes(),
        ));
        let page = office::html(&blocks, "gb2312");
        gb.push((
            format!("{name}.htm"),
            encoding_rs::GBK.encode(&page).0.into_owned(),
        ));
    }
    let pdf_dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/real/pdf");
    let pdf: Files = std::fs::read_dir(pdf_dir)
        .expect("PDF fixtures")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .map(|p| {
            (
                p.display().to_string(),
                std::fs::read(&p).expect("readable"),
            )
        })
        .collect();
    formats.extend([
        ("docx", docx),
        ("html utf-8", html),
        ("html gb2312", gb),
        ("pdf", pdf),
    ]);
    for (format, files) in &formats {
        let round: usize = files.iter().map(|f| f.1.len()).sum();
        let start = Instant::now();
        let (mut reports, mut bytes) = (0usize, 0usize);
        while start.elapsed() < Duration::from_secs(seconds) {
            for (name, data) in files {
                let parsed = xxgk_lint::parse_bytes(name, data, None).expect("reads");
                std::hint::black_box(&parsed);
            }
            reports += files.len();
            bytes += round;
        }
        let secs = start.elapsed().as_secs_f64();
        println!(
            "{format:>12}: {:>6.0} reports/s, {:>5.1} MB/s of input ({:.1} KB per report)",
            reports as f64 / secs,
            bytes as f64 / secs / 1e6,
            round as f64 / files.len() as f64 / 1024.0
        );
    }
}
