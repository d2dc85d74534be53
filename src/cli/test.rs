//! `xxgk-lint test [PACK_DIR…]`: runs each pack's fixtures and prints what failed (with the
//! rule's findings on the case) and which rules lack a passing or a failing case.
//!
//! Exit codes: 0 every case holds (and, with `--require-coverage`, every rule is covered);
//! 1 a case fails, a fixture cannot be built, a rule file does not load, or coverage is
//! required and missing; 2 a usage error (a pack directory that does not exist).

use super::ExitStatus;
use crate::diagnostic::Lang;
use crate::engine::Config;
use crate::packtest::{self, PackResult};
use std::io::{self, Write};
use std::path::PathBuf;

/// Arguments of `test`.
#[derive(Debug, clap::Args)]
pub struct TestArgs {
    /// Rule pack directories, each with its fixtures under `tests/` (default: `rules/national`).
    #[arg(value_name = "PACK_DIR")]
    pub packs: Vec<PathBuf>,
    /// A configuration value the pack's rules read as `config.KEY`, beside the pack's own
    /// `tests/settings.toml`.
    #[arg(long, value_name = "KEY=VALUE")]
    pub set: Vec<String>,
    /// A rule without a passing and a failing case is an error, not a warning.
    #[arg(long)]
    pub require_coverage: bool,
    /// Output format.
    #[arg(long, value_enum, default_value = "human")]
    pub format: TestFormat,
    /// Language of the summary and coverage lines.
    #[arg(long, value_enum, default_value = "zh")]
    pub lang: super::LangArg,
}

/// Output of `test`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum TestFormat {
    /// A line per failing case, with the rule's findings, and a summary.
    Human,
    /// One JSON document: every case with what it expected and what it got.
    Json,
}

pub fn run(args: &TestArgs, out: &mut dyn Write, err: &mut dyn Write) -> io::Result<ExitStatus> {
    let mut settings = Config::new();
    for kv in &args.set {
        match super::setting_pair(kv) {
            Some((k, v)) => {
                settings.insert(k, v);
            }
            None => {
                match args.lang.lang() {
                    Lang::Zh => writeln!(err, "error: --set 需要 KEY=VALUE 的形式：{kv}")?,
                    Lang::En => writeln!(err, "error: --set takes KEY=VALUE, not `{kv}`")?,
                }
                return Ok(ExitStatus::Error);
            }
        }
    }
    let packs = if args.packs.is_empty() {
        vec![PathBuf::from("rules/national")]
    } else {
        args.packs.clone()
    };
    if let Some(missing) = packs.iter().find(|p| !p.is_dir()) {
        match args.lang.lang() {
            Lang::Zh => writeln!(err, "error: {}: 不是规则包目录", missing.display())?,
            Lang::En => writeln!(
                err,
                "error: {}: not a rule pack directory",
                missing.display()
            )?,
        }
        return Ok(ExitStatus::Error);
    }
    let results: Vec<PackResult> = packs.iter().map(|p| packtest::run(p, &settings)).collect();
    match args.format {
        TestFormat::Human => human(&results, args.require_coverage, args.lang.lang(), out)?,
        TestFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, &serde_json::json!({ "packs": results }))?;
            writeln!(out)?;
        }
    }
    let failed = results
        .iter()
        .any(|r| r.failed_cases() > 0 || !r.problems.is_empty());
    let uncovered = results.iter().any(|r| r.uncovered().next().is_some());
    Ok(if failed || args.require_coverage && uncovered {
        ExitStatus::Failure
    } else {
        ExitStatus::Success
    })
}

fn human(
    results: &[PackResult],
    require_coverage: bool,
    lang: Lang,
    out: &mut dyn Write,
) -> io::Result<()> {
    let (mut cases, mut failed, mut uncovered) = (0, 0, 0);
    for pack in results {
        for problem in &pack.problems {
            writeln!(out, "error: {problem}")?;
        }
        for case in pack.cases.iter().filter(|c| !c.ok()) {
            writeln!(out, "FAILED {}  {}", case.rule, case.case)?;
            for problem in &case.problems {
                writeln!(out, "  - {problem}")?;
            }
            if !case.rendered.is_empty() {
                for line in case.rendered.lines() {
                    writeln!(out, "    {line}")?;
                }
            }
        }
        let level = if require_coverage { "error" } else { "warning" };
        for c in pack.uncovered() {
            let missing = match (c.pass, c.fail, lang) {
                (false, false, Lang::Zh) => "通过和不通过的用例",
                (false, true, Lang::Zh) => "通过的用例（pass）",
                (_, _, Lang::Zh) => "不通过的用例（fail）",
                (false, false, Lang::En) => "a passing and a failing case",
                (false, true, Lang::En) => "a passing case (pass)",
                (_, _, Lang::En) => "a failing case (fail)",
            };
            match lang {
                Lang::Zh => writeln!(out, "{level}: {} 缺少{missing}", c.rule)?,
                Lang::En => writeln!(out, "{level}: {} lacks {missing}", c.rule)?,
            }
        }
        let (rules, pack_cases, pack_failed) =
            (pack.coverage.len(), pack.cases.len(), pack.failed_cases());
        match lang {
            Lang::Zh => writeln!(
                out,
                "规则包 {}（{}）：{rules} 条规则，{pack_cases} 个用例，{pack_failed} 个失败",
                pack.pack, pack.dir
            )?,
            Lang::En => writeln!(
                out,
                "pack {} ({}): {rules} rules, {pack_cases} cases, {pack_failed} failed",
                pack.pack, pack.dir
            )?,
        }
        cases += pack.cases.len();
        failed += pack.failed_cases() + pack.problems.len();
        uncovered += pack.uncovered().count();
    }
    match lang {
        Lang::Zh => writeln!(
            out,
            "{}：{cases} 个用例，{failed} 个失败或错误，{uncovered} 条规则缺少用例",
            if failed == 0 { "通过" } else { "未通过" }
        ),
        Lang::En => writeln!(
            out,
            "{}: {cases} cases, {failed} failed or in error, {uncovered} rules lacking a case",
            if failed == 0 { "passed" } else { "failed" }
        ),
    }
}
