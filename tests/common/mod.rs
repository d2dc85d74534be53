//! Helpers shared by the integration tests: loading seeds, their expected values, comparing
//! parsed cells with expectations, and running the binary in a scratch directory.
#![allow(dead_code)]

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Output;
use xxgk_lint::normalise::CellValue;
use xxgk_lint::report::{Report, Slot};
use xxgk_lint::{Parsed, decimal::Decimal};

/// The directory of committed test data.
pub fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data")
}

/// The expected values of every seed (a copy of spec/seeds-expected.json).
pub fn expected() -> Value {
    let text = std::fs::read_to_string(data_dir().join("seeds-expected.json"))
        .expect("seeds-expected.json");
    serde_json::from_str(&text).expect("valid JSON")
}

/// The seed files, relative to [`data_dir`].
pub const S000: &str = "seeds/000_ea87cd62c8af9600.txt";
pub const S001: &str = "seeds/001_09d7efa84834ab25.txt";
pub const S002: &str = "seeds/002_5b2c7e3c971d4b5a.txt";
pub const S003: &str = "seeds/003_bc20cdde9b4efb67.txt";
pub const S004: &str = "seeds/004_692986c6205ac44c.txt";

/// Seed ids in order.
pub const SEEDS: [&str; 5] = ["000", "001", "002", "003", "004"];

/// The seed's file text.
pub fn seed_text(id: &str) -> String {
    let file = expected()["seeds"][id]["file"]
        .as_str()
        .expect("file")
        .to_string();
    std::fs::read_to_string(data_dir().join("seeds").join(file)).expect("seed file")
}

/// Parses text as a report.
pub fn parse(name: &str, text: &str) -> Parsed {
    xxgk_lint::parse_bytes(name, text.as_bytes(), None).expect("decodes")
}

/// Describes a slot for assertion messages and comparisons: `12`, `''` (empty), `null`
/// (absent), `?` (ambiguous), `"text"`.
pub fn describe(slot: Option<&Slot>) -> String {
    match slot {
        None => "<no such path>".into(),
        Some(Slot::Absent) => "null".into(),
        Some(Slot::Ambiguous { .. }) => "?".into(),
        Some(Slot::Present(c)) => match &c.value {
            CellValue::Number { value, .. } => value.to_string(),
            CellValue::Empty => "''".into(),
            CellValue::Placeholder | CellValue::Text => format!("{:?}", c.text),
        },
    }
}

/// How an expected JSON value is described, in the same terms as [`describe`].
pub fn describe_expected(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::String(s) if s.is_empty() => "''".into(),
        Value::String(s) => Decimal::parse(s).map_or_else(|| format!("{s:?}"), |d| d.to_string()),
        Value::Number(n) => n.to_string(),
        other => format!("{other}"),
    }
}

/// Compares every expected sec2/sec3 cell of seed `id` with `report`; returns the mismatches.
pub fn cell_mismatches(id: &str, report: &Report) -> Vec<String> {
    let exp = &expected()["seeds"][id];
    let mut wrong = Vec::new();
    let mut check = |path: String, want: &Value| {
        let got = describe(report.cells.get(&path));
        let want = describe_expected(want);
        // Numbers compare by value (`0` == `0.0`).
        let same = match (Decimal::parse(&got), Decimal::parse(&want)) {
            (Some(a), Some(b)) => a == b,
            _ => got == want,
        };
        if !same {
            wrong.push(format!("{path}: got {got}, want {want}"));
        }
    };
    for (table, rows) in exp["sec2"].as_object().expect("sec2") {
        for (row, cols) in rows.as_object().expect("rows") {
            for (col, v) in cols.as_object().expect("cols") {
                check(format!("sec2.{table}.{row}.{col}"), v);
            }
        }
    }
    for (row, cols) in exp["sec3"].as_object().expect("sec3") {
        for (col, v) in cols.as_object().expect("cols") {
            check(format!("sec3.{row}.{col}"), v);
        }
    }
    wrong
}

/// Section 4 as 15 values in source order, when the row was read one way.
pub fn sec4_in_order(report: &Report) -> Vec<String> {
    let groups = ["review", "litigation_direct", "litigation_after_review"];
    let cols = ["upheld", "corrected", "other", "pending", "total"];
    groups
        .iter()
        .flat_map(|g| {
            cols.iter()
                .map(move |c| describe(report.cells.get(&format!("sec4.{g}.{c}"))))
        })
        .collect()
}

/// The `code` of every diagnostic of a file entry in `parse` or `check` JSON output.
pub fn diagnostic_codes(file: &serde_json::Value) -> Vec<String> {
    diagnostic_fields(file, &["code"])
        .into_iter()
        .map(|mut f| f.remove(0))
        .collect()
}

/// The string fields `names` (`code`, `severity`, `message`) of every diagnostic of a file
/// entry in `parse` or `check` JSON output.
pub fn diagnostic_fields(file: &serde_json::Value, names: &[&str]) -> Vec<Vec<String>> {
    file["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| {
            names
                .iter()
                .map(|n| d[*n].as_str().expect("a string field").to_string())
                .collect()
        })
        .collect()
}

/// The built binary as an `assert_cmd` command. A run that hangs fails its test after two
/// minutes instead of stalling the suite.
pub fn xxgk_lint() -> assert_cmd::Command {
    let mut cmd = assert_cmd::cargo::cargo_bin_cmd!("xxgk-lint");
    cmd.timeout(std::time::Duration::from_secs(120));
    cmd
}

/// The built binary in `dir` under `ulimit -v 524288` (512 MB of address space) and a 30 s
/// timeout: the bounds a hostile input must be handled within.
pub fn bounded(dir: &Path) -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::new("sh");
    cmd.arg("-c")
        .arg("ulimit -v 524288 && exec \"$0\" \"$@\"")
        .arg(env!("CARGO_BIN_EXE_xxgk-lint"))
        .current_dir(dir)
        .timeout(std::time::Duration::from_secs(30));
    cmd
}

/// Runs the built binary with `args` in `cwd`, with nothing on standard input.
pub fn run_binary(args: &[&str], cwd: &Path) -> Output {
    xxgk_lint()
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("runs")
}

/// Runs the built binary with `args` in the repository root: its exit code, standard output
/// and standard error as text.
pub fn run(args: &[&str]) -> (Option<i32>, String, String) {
    run_in(Path::new(env!("CARGO_MANIFEST_DIR")), args)
}

/// Runs the built binary with `args` in `cwd` (where it finds that folder's configuration):
/// its exit code, standard output and standard error as text.
pub fn run_in(cwd: &Path, args: &[&str]) -> (Option<i32>, String, String) {
    let out = run_binary(args, cwd);
    (out.status.code(), text(&out.stdout), text(&out.stderr))
}

/// `check` in `dir`, without configuration or colour, in `format`, on `args`.
pub fn check_in(dir: &Path, format: &str, args: &[&str]) -> Output {
    let mut all = vec![
        "check",
        "--no-config",
        "--color",
        "never",
        "--format",
        format,
    ];
    all.extend_from_slice(args);
    run_binary(&all, dir)
}

/// Output bytes as text (the tool writes UTF-8 only).
pub fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).expect("UTF-8 output")
}

/// A fresh, empty directory `group/name` under the target's scratch space.
pub fn scratch(group: &str, name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(group)
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Every diagnostic of a parsed report with the national pack's findings, in output order.
pub fn national_diagnostics(parsed: &Parsed) -> Vec<xxgk_lint::diagnostic::Diagnostic> {
    use xxgk_lint::engine::{self, Config};
    use xxgk_lint::rules;
    let (set, errors) = rules::load(rules::national());
    assert!(errors.is_empty());
    let e = engine::evaluate(&parsed.report, None, &set, &Config::new());
    let mut all = parsed.report.diagnostics.clone();
    all.extend(e.findings.iter().map(|f| f.to_diagnostic(&set)));
    xxgk_lint::diagnostic::sort(&mut all);
    all
}
