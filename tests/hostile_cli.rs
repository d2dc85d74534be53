//! Hostile input at the command line, end to end: a panic while checking one file, absurd job
//! counts, oversized and endless inputs, dangerous `--output` targets, link loops, FIFOs and
//! sockets in directories, escape sequences in reports and file names, and thousands of
//! `parse --format json` documents. Every run here is made under a 512 MB address-space limit
//! and a 30 s timeout, the budget hostile input must stay within; inputs are generated.
// FIFOs, sockets, `ulimit` and byte-string file names are Unix things.
#![cfg(unix)]

mod common;

use assert_cmd::Command;
use serde_json::Value;
use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::Duration;

const SEED: &str = "tests/data/seeds/003_bc20cdde9b4efb67.txt";

fn seed_text() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(SEED)).unwrap()
}

/// `check` without configuration or colour, in `format`, then `args`.
fn check(dir: &Path, format: &str, args: &[&OsStr]) -> Output {
    common::bounded(dir)
        .args([
            "check",
            "--no-config",
            "--color",
            "never",
            "--format",
            format,
        ])
        .args(args)
        .output()
        .unwrap()
}

fn os(s: &str) -> &OsStr {
    OsStr::new(s)
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn json(bytes: &[u8]) -> Value {
    serde_json::from_slice(bytes).unwrap_or_else(|e| panic!("{e}: {}", text(bytes)))
}

/// The `file` fields of a `check` JSON document, in order.
fn files(doc: &Value) -> Vec<String> {
    doc["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["file"].as_str().unwrap().to_string())
        .collect()
}

/// A directory holding `a.txt`, a clean report (one info finding: exit 0).
fn with_report() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("a.txt");
    std::fs::write(&report, seed_text()).unwrap();
    (dir, report)
}

fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn mkfifo(path: &Path) {
    let status = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .unwrap();
    assert!(status.success());
}

/// Seed 003 with its section-3 totals set so that (予以公开 + 部分公开) ÷ 总计 has the most
/// negative 128-bit mantissa divided by −1, and a section-1 sentence claiming a disclosure rate
/// so that `national/narrative-disclosure-rate` computes it.
fn overflowing_report() -> String {
    let mut lines: Vec<String> = seed_text().split('\n').map(String::from).collect();
    let mut set_total = |label: &str, value: &str| {
        let row = lines.iter().position(|l| l.contains(label)).unwrap();
        lines[row + 7] = format!("\t{value}");
    };
    set_total(
        "（一）予以公开",
        "-17014118346046923173168730371.5884105727",
    );
    set_total("（二）部分公开", "-0.0000000001");
    set_total("（七）总计", "-1");
    let claim = lines
        .iter()
        .position(|l| l.starts_with("（二）依申请公开："))
        .unwrap();
    lines[claim] = lines[claim].replacen(
        "（二）依申请公开：",
        "（二）依申请公开：收到申请1件，依申请公开率为50%。",
        1,
    );
    lines.join("\n")
}

#[test]
fn a_panic_while_checking_one_file_leaves_the_run_whole() {
    // Today the decimal division in narrative-disclosure-rate panics on this report (the catch
    // itself is unit-tested in cli::parallel with a closure that panics); once the arithmetic
    // is fixed the report is simply linted. Either way the run, its exit code and its output
    // stay whole, with two threads and with --output.
    let (dir, _) = with_report();
    std::fs::write(dir.path().join("b.txt"), overflowing_report()).unwrap();
    std::fs::write(dir.path().join("c.txt"), seed_text()).unwrap();
    let o = check(
        dir.path(),
        "json",
        &[os("-j"), os("2"), os("--output"), os("out.json"), os(".")],
    );
    let stderr = text(&o.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(entries(dir.path()), ["a.txt", "b.txt", "c.txt", "out.json"]);
    let doc = json(&std::fs::read(dir.path().join("out.json")).unwrap());
    assert_eq!(files(&doc), ["./a.txt", "./b.txt", "./c.txt"]);
    let b = &doc["files"][1];
    match b["error"].as_str() {
        Some(error) => {
            assert!(
                error.starts_with("internal error while checking ./b.txt: "),
                "{error}"
            );
            assert!(stderr.contains(&format!("error: {error}")), "{stderr}");
            assert_eq!(doc["summary"]["unreadable"], 1);
            assert_eq!(o.status.code(), Some(2));
        }
        None => assert!(b["diagnostics"].is_array(), "{b}"),
    }
    for linted in [&doc["files"][0], &doc["files"][2]] {
        assert!(linted["diagnostics"].is_array(), "{linted}");
    }
    // Human output: the summary still counts every file.
    let o = check(dir.path(), "human", &[os("-j"), os("2"), os(".")]);
    assert!(
        text(&o.stdout).contains("检查了 3 个文件"),
        "{}",
        text(&o.stdout)
    );
    assert!(!text(&o.stderr).contains("panicked"));
}

#[test]
fn job_counts_are_clamped() {
    let (dir, _) = with_report();
    std::fs::write(dir.path().join("b.txt"), seed_text()).unwrap();
    let one = check(dir.path(), "json", &[os("-j"), os("1"), os(".")]);
    assert_eq!(one.status.code(), Some(0), "{}", text(&one.stderr));
    for jobs in ["18446744073709551615", "100000000", "300"] {
        let o = check(dir.path(), "json", &[os("-j"), os(jobs), os(".")]);
        assert_eq!(o.status.code(), Some(0), "-j {jobs}: {}", text(&o.stderr));
        assert_eq!(o.stdout, one.stdout, "-j {jobs}");
    }
    let help = common::bounded(dir.path())
        .args(["check", "--help"])
        .output()
        .unwrap();
    assert!(
        text(&help.stdout).contains("at most 256"),
        "{}",
        text(&help.stdout)
    );
}

#[test]
fn files_over_the_size_limit_are_refused_before_reading() {
    let (dir, _) = with_report();
    // Sparse: 60 MB long, nothing on disk.
    let big = std::fs::File::create(dir.path().join("big.txt")).unwrap();
    big.set_len(60 << 20).unwrap();
    let o = check(
        dir.path(),
        "json",
        &[os("big.txt"), os("/dev/zero"), os("a.txt")],
    );
    assert_eq!(o.status.code(), Some(2));
    let stderr = text(&o.stderr);
    assert!(
        stderr.contains(
            "error: big.txt: 62914560 bytes, larger than the size limit of 52428800 bytes (--max-file-size)"
        ),
        "{stderr}"
    );
    // A device says nothing of its size: reading stops one byte past the limit.
    assert!(
        stderr.contains(
            "error: /dev/zero: larger than the size limit of 52428800 bytes (--max-file-size)"
        ),
        "{stderr}"
    );
    let doc = json(&o.stdout);
    assert_eq!(files(&doc), ["big.txt", "/dev/zero", "a.txt"]);
    assert!(doc["files"][2]["diagnostics"].is_array());

    // The flag, the configuration key, the flag over the key, and standard input.
    let small = ["--max-file-size", "1K"].map(os);
    let o = check(dir.path(), "json", &[small[0], small[1], os("a.txt")]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o.stderr).contains("a.txt: 7288 bytes, larger than the size limit of 1024 bytes")
    );
    std::fs::write(
        dir.path().join("xxgk-lint.toml"),
        "max-file-size = \"1K\"\n",
    )
    .unwrap();
    let configured = |extra: &[&str]| {
        common::bounded(dir.path())
            .args(["check", "--color", "never", "a.txt"])
            .args(extra)
            .output()
            .unwrap()
    };
    let o = configured(&[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("larger than the size limit of 1024 bytes"));
    assert_eq!(
        configured(&["--max-file-size", "1M"]).status.code(),
        Some(0)
    );
    let o = common::bounded(dir.path())
        .args(["check", "--no-config", "--max-file-size", "100", "-"])
        .write_stdin(vec![b'x'; 5000])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("stdin.txt: larger than the size limit of 100 bytes"));
}

#[test]
fn output_never_replaces_an_input_a_directory_or_a_fifo() {
    let (dir, report) = with_report();
    let d = dir.path();
    std::fs::create_dir(d.join("out")).unwrap();
    mkfifo(&d.join("pipe.json"));
    std::os::unix::fs::symlink("a.txt", d.join("link.json")).unwrap();
    for (target, why) in [
        (
            "a.txt",
            "--output a.txt: is also an input (a.txt); it would be overwritten",
        ),
        ("link.json", "--output link.json: is also an input (a.txt)"),
        ("out", "--output out: is a directory"),
        ("pipe.json", "--output pipe.json: is not a regular file"),
    ] {
        let o = check(d, "json", &[os("--output"), os(target), os("a.txt")]);
        assert_eq!(o.status.code(), Some(2), "{target}");
        assert!(
            text(&o.stderr).contains(why),
            "{target}: {}",
            text(&o.stderr)
        );
        assert!(o.stdout.is_empty());
    }
    assert_eq!(std::fs::read_to_string(&report).unwrap(), seed_text());
    assert!(
        std::fs::symlink_metadata(d.join("link.json"))
            .unwrap()
            .is_symlink()
    );
    assert!(entries(&d.join("out")).is_empty());
    // Nothing else was left behind: no temporary files.
    assert_eq!(entries(d), ["a.txt", "link.json", "out", "pipe.json"]);
    // A good target is written whole, through a temporary file that is gone afterwards.
    let o = check(d, "json", &[os("--output"), os("out/r.json"), os("a.txt")]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert_eq!(entries(&d.join("out")), ["r.json"]);
    assert_eq!(
        files(&json(&std::fs::read(d.join("out/r.json")).unwrap())),
        ["a.txt"]
    );
}

#[test]
fn directory_walks_do_not_follow_links_or_open_special_files() {
    let (dir, _) = with_report();
    let d = dir.path();
    std::os::unix::fs::symlink(".", d.join("self")).unwrap();
    std::os::unix::fs::symlink(".", d.join("again")).unwrap();
    std::os::unix::fs::symlink("/etc/passwd", d.join("passwd.txt")).unwrap();
    mkfifo(&d.join("x.txt"));
    let _socket = std::os::unix::net::UnixListener::bind(d.join("s.txt")).unwrap();

    let o = check(d, "json", &[os(".")]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert_eq!(files(&json(&o.stdout)), ["./a.txt"]);
    let stderr = text(&o.stderr);
    for note in [
        "note: ./passwd.txt: skipped: a symbolic link (--follow follows links)",
        "note: ./s.txt: skipped: a socket is not read",
        "note: ./x.txt: skipped: a FIFO is not read",
    ] {
        assert!(stderr.contains(note), "{note}: {stderr}");
    }

    // --follow: each loop is seen once and skipped, the report is linted once, and the link to
    // a file outside is read as asked.
    let o = check(d, "json", &[os("--follow"), os(".")]);
    let stderr = text(&o.stderr);
    assert_eq!(
        files(&json(&o.stdout)),
        ["./a.txt", "./passwd.txt"],
        "{stderr}"
    );
    for note in [
        "note: ./again: skipped: a link back to ., already being walked",
        "note: ./self: skipped: a link back to ., already being walked",
        "note: ./x.txt: skipped: a FIFO is not read",
    ] {
        assert!(stderr.contains(note), "{note}: {stderr}");
    }

    // The same walker for rule directories: a FIFO named like a rule and a loop neither block
    // nor repeat; the rule beside them is loaded once.
    let rules = d.join("mine");
    std::fs::create_dir(&rules).unwrap();
    mkfifo(&rules.join("x.rule"));
    std::os::unix::fs::symlink(".", rules.join("self")).unwrap();
    std::fs::write(
        rules.join("one.rule"),
        "rule fee-four-decimals {\n    title \"收费金额须保留4位小数\"\n    severity warning\n    message \"收费金额 {value} 未保留4位小数\"\n    assert decimals(sec2.art20_8.admin_fees.amount) == 4\n}\n",
    )
    .unwrap();
    let o = common::bounded(d)
        .args(["rules", "--no-config", "--no-national", "--rules", "mine"])
        .output()
        .unwrap();
    let stderr = text(&o.stderr);
    assert!(
        stderr.contains("note: rules directory mine/x.rule: skipped: a FIFO is not read"),
        "{stderr}"
    );
    assert_eq!(
        text(&o.stdout).matches("mine/fee-four-decimals").count(),
        1,
        "{}",
        text(&o.stdout)
    );
}

#[test]
fn escape_sequences_are_shown_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // Report text: ESC, BEL and a bidi override on a line a diagnostic shows.
    let mut lines: Vec<String> = seed_text().split('\n').map(String::from).collect();
    lines[21].push_str("\u{1b}[2J\u{7}\u{202e}");
    lines[1].insert_str(0, "\u{1b}]0;x\u{7}");
    std::fs::write(d.join("esc.txt"), lines.join("\n")).unwrap();
    // File names: a control character, and two names that are not UTF-8 and differ in one byte.
    let odd = [&b"ctl\x01name.txt"[..], b"bad\xff.txt", b"bad\xfe.txt"];
    for name in odd {
        std::fs::write(d.join(OsStr::from_bytes(name)), seed_text()).unwrap();
    }

    let o = check(d, "human", &[os("esc.txt"), os("ctl\u{1}name.txt")]);
    let out = text(&o.stdout);
    assert!(out.contains("规章\\u{1b}[2J\\u{7}\\u{202e}"), "{out}");
    assert!(out.contains("ctl\\u{1}name.txt:"), "{out}");
    assert!(
        !out.contains(['\u{1b}', '\u{7}', '\u{1}', '\u{202e}']),
        "raw control characters: {out:?}"
    );

    // `parse` quotes the title in its summary.
    let o = common::bounded(d)
        .args(["parse", "--color", "never", "esc.txt"])
        .output()
        .unwrap();
    let out = text(&o.stdout);
    assert!(out.contains("标题: \\u{1b}]0;x\\u{7}义马市"), "{out}");
    assert!(!out.contains(['\u{1b}', '\u{7}', '\u{202e}']), "{out:?}");

    let names: Vec<&OsStr> = odd.iter().map(|n| OsStr::from_bytes(n)).collect();
    let o = check(d, "json", &names);
    assert_eq!(
        files(&json(&o.stdout)),
        ["ctl\\u{1}name.txt", "bad\\xff.txt", "bad\\xfe.txt"]
    );

    // JUnit stays well-formed XML 1.0: no C0 control but tab, CR and LF anywhere.
    let o = check(d, "junit", &names);
    let xml = text(&o.stdout);
    assert!(
        !xml.chars()
            .any(|c| c < ' ' && !matches!(c, '\t' | '\n' | '\r')),
        "{xml:?}"
    );
    assert!(xml.contains("name=\"ctl\\u{1}name.txt\""), "{xml}");
    let mut reader = quick_xml::Reader::from_str(&xml);
    let mut cases = 0;
    loop {
        match reader.read_event().unwrap() {
            quick_xml::events::Event::Eof => break,
            quick_xml::events::Event::Start(e) | quick_xml::events::Event::Empty(e)
                if e.name().as_ref() == "testcase" =>
            {
                cases += 1;
            }
            _ => {}
        }
    }
    assert_eq!(cases, 3);

    // Standard input can be read once.
    let o = check(d, "human", &[os("-"), os("-")]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("`-` (standard input) may be given once"));
    assert!(o.stdout.is_empty());
}

#[test]
fn parse_json_streams_one_file_at_a_time() {
    // 600 documents of about 1 MB each as value trees: kept all at once, they need more than
    // the 512 MB the run gets. Only the end of the output (70 MB) is kept here.
    let (dir, _) = with_report();
    let mut script = String::from("{ \"$0\" parse --format json");
    for _ in 0..600 {
        script.push_str(" a.txt");
    }
    script.push_str("; echo $? > status; } | tail -c 300 > tail.json");
    let o = Command::new("sh")
        .arg("-c")
        .arg(format!("ulimit -v 524288 && {script}"))
        .arg(env!("CARGO_BIN_EXE_xxgk-lint"))
        .current_dir(dir.path())
        .timeout(Duration::from_secs(30))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o.stderr));
    let status = std::fs::read_to_string(dir.path().join("status")).unwrap();
    assert_eq!(status.trim(), "0", "{}", text(&o.stderr));
    let tail = std::fs::read_to_string(dir.path().join("tail.json")).unwrap();
    assert!(
        tail.ends_with("\n  ],\n  \"schema\": \"xxgk-lint/parse\",\n  \"version\": 1\n}\n"),
        "{tail}"
    );
}
