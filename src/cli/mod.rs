//! Command-line interface: argument definitions, dispatch and the exit-code table.
//!
//! [`run`] takes the arguments and returns the exit code, so tests can call it in-process.
//! Output goes through writers handed down from here; nothing else prints.

mod baseline;
pub(crate) mod check;
mod completions;
pub(crate) mod guard;
mod help;
mod inputs;
pub(crate) mod parallel;
mod parse;
mod previous;
mod read;
mod rules_cmd;
mod rules_doc;
mod sink;
mod statistics;
mod test;
mod waivers;

use crate::diagnostic::Lang;
use clap::{CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};
use std::ffi::OsString;
use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;

/// The one exit-code table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitStatus {
    /// 0: done, nothing at or above the fail level.
    Success,
    /// 1: findings at or above the fail level.
    Failure,
    /// 2: usage, configuration, rule or I/O error (other files were still processed).
    Error,
}

impl ExitStatus {
    /// The status of a run: errors (unusable input, configuration or rules) outrank findings.
    pub fn of(had_errors: bool, failing: bool) -> ExitStatus {
        if had_errors {
            ExitStatus::Error
        } else if failing {
            ExitStatus::Failure
        } else {
            ExitStatus::Success
        }
    }
}

impl From<ExitStatus> for ExitCode {
    fn from(s: ExitStatus) -> ExitCode {
        ExitCode::from(match s {
            ExitStatus::Success => 0,
            ExitStatus::Failure => 1,
            ExitStatus::Error => 2,
        })
    }
}

/// Lints 政府信息公开工作年度报告 (government information disclosure annual reports).
#[derive(Debug, Parser)]
#[command(name = "xxgk-lint", version, about)]
pub struct Args {
    /// The command.
    #[command(subcommand)]
    pub command: Command,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Show what the parser recognised in report files: metadata, sections, every cell.
    Parse(ParseArgs),
    /// Lint report files with the rule packs.
    #[command(after_help = CHECK_AFTER_HELP)]
    Check(Box<CheckArgs>),
    /// List the active rules: id, severity, title, where defined.
    Rules(RulesArgs),
    /// Print a rule's documentation, help and source.
    Explain(ExplainArgs),
    /// Run rule packs' fixtures (`<pack>/tests/`): each rule must hold on its passing cases
    /// and report exactly what its failing cases expect.
    Test(test::TestArgs),
    /// Serve a local web page and an HTTP API (for CMS publishing gates) that lint uploaded
    /// reports in memory (docs/serve.md).
    Serve(Box<crate::serve::ServeArgs>),
    /// Print a shell completion script (bash, zsh, fish, powershell) to standard output.
    Completions(completions::CompletionsArgs),
}

/// The limits and safeguards of `check`, said once under its options (docs/cli.md has more).
const CHECK_AFTER_HELP: &str = "\
Exit codes: 0 nothing at the fail level; 1 a finding at the fail level; 2 a usage, configuration
or rule error, or a file that could not be read, was too large or hit an internal error (a panic
while checking one file is that file's error; the other files are still checked).

Control characters, escape sequences and bidi overrides from reports and file names are shown
escaped (\\u{1b}); file names that are not UTF-8 show their bytes as \\xff.
Limits and hostile input: docs/cli.md.";

/// Which findings make `check` exit with 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    /// Errors only (default).
    Error,
    /// Warnings and errors.
    Warning,
    /// Anything.
    Info,
}

/// Options that decide which rules run (shared by `check`, `rules` and `explain`).
#[derive(Debug, Clone, clap::Args)]
pub struct RuleOptions {
    /// The configuration file (default: the nearest `xxgk-lint.toml` upward from here).
    #[arg(long, value_name = "FILE")]
    pub config: Option<std::path::PathBuf>,
    /// Ignore any configuration file.
    #[arg(long)]
    pub no_config: bool,
    /// A directory of `*.rule` files, loaded as a pack named after the directory (repeatable).
    #[arg(long = "rules", value_name = "DIR")]
    pub rules: Vec<std::path::PathBuf>,
    /// Do not load the built-in national pack.
    #[arg(long)]
    pub no_national: bool,
    /// Only run rules whose id matches one of these globs (e.g. `national/sec3-*`).
    #[arg(long, value_name = "GLOB")]
    pub select: Vec<String>,
    /// Skip rules whose id matches one of these globs.
    #[arg(long, value_name = "GLOB")]
    pub ignore: Vec<String>,
    /// A configuration value rules can read as `config.KEY` (e.g. `--set province=河南`).
    #[arg(long, value_name = "KEY=VALUE")]
    pub set: Vec<String>,
}

/// Arguments of `rules`.
#[derive(Debug, clap::Args)]
pub struct RulesArgs {
    /// Which rules.
    #[command(flatten)]
    pub rule_options: RuleOptions,
    /// Message language.
    #[arg(long, value_enum, default_value = "zh")]
    pub lang: LangArg,
    /// `text`: the packs and one line per rule; `md`: the packs' documentation in Markdown
    /// (every rule's title, severity, message, help and doc), to publish with a pack.
    #[arg(long, value_enum, default_value = "text")]
    pub format: RulesFormat,
}

/// Output of `rules`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RulesFormat {
    /// The packs, then one line per rule.
    Text,
    /// Markdown documentation of the packs.
    Md,
}

/// Arguments of `explain`.
#[derive(Debug, clap::Args)]
pub struct ExplainArgs {
    /// The rule id (`national/sec3-balance`), or a glob matching several.
    pub rule: String,
    /// Which rules.
    #[command(flatten)]
    pub rule_options: RuleOptions,
    /// Language of the title and help (English where the rule gives it).
    #[arg(long, value_enum, default_value = "zh")]
    pub lang: LangArg,
}

/// Output format of `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    /// rustc-style diagnostics and a summary line.
    Human,
    /// The versioned JSON document (docs/check-json.md).
    Json,
    /// SARIF 2.1.0 (GitHub code scanning).
    Sarif,
    /// GitHub Actions workflow annotations.
    Github,
    /// JUnit XML, one test case per file.
    Junit,
    /// One line per finding: `FILE:LINE:COL: LEVEL[CODE] MESSAGE`, then the summary line.
    Concise,
}

/// Arguments of `check`.
#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Report files or directories (walked recursively); `-` reads standard input (once).
    /// In directories, hidden entries are skipped, and FIFOs, sockets and devices are skipped
    /// with a note.
    #[arg(required = true)]
    pub files: Vec<std::path::PathBuf>,
    /// Follow symbolic links inside directories (loops are detected and skipped with a note);
    /// without it, links found in a directory are skipped with a note.
    #[arg(long)]
    pub follow: bool,
    /// Files taken from directories (globs on the name or path; default: .txt, .text, .docx,
    /// .html, .htm, .pdf, and .doc, .wps, which are reported as unsupported).
    #[arg(long, value_name = "GLOB")]
    pub include: Vec<String>,
    /// Files and directories to skip (globs on the name or path).
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,
    /// The name standard input is shown under.
    #[arg(long, value_name = "NAME", default_value = "stdin.txt")]
    pub stdin_filename: String,
    /// Files linted in parallel (default: the number of cores; at most 256 and at most the
    /// number of files); output is the same for any value.
    #[arg(long, short = 'j')]
    pub jobs: Option<usize>,
    /// Write the output to this file, atomically (a failed run leaves no file behind). A
    /// directory, device, FIFO or input file is refused before anything is written.
    #[arg(long, value_name = "FILE")]
    pub output: Option<std::path::PathBuf>,
    /// Which rules run, and the configuration.
    #[command(flatten)]
    pub rule_options: RuleOptions,
    /// The same organ's report of the previous year, for cross-year rules (`prev.…`); used
    /// only for reports of that organ for the year after it (otherwise an error).
    #[arg(long, value_name = "FILE", conflicts_with = "previous_dir")]
    pub previous: Option<std::path::PathBuf>,
    /// A directory of previous-year reports: each report checked is paired with the one of its
    /// organ for the year before, if there is one.
    #[arg(long, value_name = "DIR")]
    pub previous_dir: Option<std::path::PathBuf>,
    /// Report only findings not in this baseline (written by `--write-baseline`): what an
    /// evaluator needs to see only new problems.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<std::path::PathBuf>,
    /// Write every finding of this run to FILE as a baseline (stable across runs; keyed by
    /// file, rule and the finding's cell or line text, not by line numbers).
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<std::path::PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "human")]
    pub format: CheckFormat,
    /// Exit with 1 when a finding reaches this severity (default: error, or the configuration's).
    #[arg(long, value_enum)]
    pub fail_on: Option<FailOn>,
    /// Also show instances that could not be assessed (an operand is empty, absent or ambiguous).
    #[arg(long)]
    pub verbose: bool,
    /// After the summary, findings counted per rule and level, and the files with errors
    /// (human and concise formats).
    #[arg(long)]
    pub statistics: bool,
    /// Encoding, language and colour.
    #[command(flatten)]
    pub common: CommonArgs,
}

/// Output format of `parse`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ParseFormat {
    /// A readable summary plus rendered structural diagnostics.
    Human,
    /// The documented JSON document (docs/parse-json.md).
    Json,
}

/// When to colour output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour when standard output is a terminal.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

/// Message language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LangArg {
    /// 中文.
    Zh,
    /// English.
    En,
}

/// Arguments of `parse`.
#[derive(Debug, clap::Args)]
pub struct ParseArgs {
    /// Report files: plain text (UTF-8/UTF-16/GB18030), .docx, .html or text-layer .pdf.
    #[arg(required = true)]
    pub files: Vec<std::path::PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "human")]
    pub format: ParseFormat,
    /// Print the text that line and column numbers refer to instead: the file itself for text
    /// reports; for .docx and .html, the text view (one paragraph per line, table rows with
    /// TAB-separated cells, merged slots empty).
    #[arg(long, conflicts_with = "format")]
    pub render: bool,
    /// Options shared with `check`.
    #[command(flatten)]
    pub common: CommonArgs,
}

/// Options every command that reads reports takes.
#[derive(Debug, clap::Args)]
pub struct CommonArgs {
    /// Decode input with this encoding instead of detecting it (e.g. gb18030, utf-8).
    #[arg(long)]
    pub encoding: Option<String>,
    /// Message language.
    #[arg(long, value_enum, default_value = "zh")]
    pub lang: LangArg,
    /// When to use colour.
    #[arg(long, value_enum, default_value = "auto")]
    pub color: ColorChoice,
    /// Refuse report files larger than this, before reading them (bytes, or with K, M, G;
    /// default 50M, or the configuration's `max-file-size`).
    #[arg(long, value_name = "SIZE")]
    pub max_file_size: Option<crate::config::ByteSize>,
}

impl LangArg {
    pub(crate) fn lang(self) -> Lang {
        match self {
            LangArg::Zh => Lang::Zh,
            LangArg::En => Lang::En,
        }
    }
}

/// Reads (within `max_size` bytes) and parses one report file; the error is a message for
/// `error: FILE: …`.
fn read_report(
    path: &std::path::Path,
    encoding: Option<&str>,
    lang: Lang,
    max_size: u64,
) -> Result<crate::Parsed, String> {
    let bytes = read::file(path, max_size)?;
    crate::parse_bytes(&crate::render::escape::path_name(path), &bytes, encoding)
        .map_err(|e| e.text().get(lang).to_string())
}

fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    }
}

/// A `--set KEY=VALUE` argument as its key and value, trimmed; `None` without a `=`.
pub(crate) fn setting_pair(kv: &str) -> Option<(String, String)> {
    kv.split_once('=')
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
}

/// Runs the command line `args` (program name first) and returns the exit code.
pub fn run<I, T>(args: I) -> ExitCode
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let args: Vec<OsString> = args.into_iter().map(Into::into).collect();
    // `--help` in the language asked for, or the locale's.
    let lang = help::help_lang(&args);
    let args = help::hoist_lang(args);
    let command = help::localise(Args::command(), lang);
    let parsed = command
        .try_get_matches_from(&args)
        .and_then(|m| Args::from_arg_matches(&m));
    let args = match parsed {
        Ok(a) => a,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitStatus::Error.into()
            } else {
                ExitStatus::Success.into()
            };
        }
    };
    let stdout = io::stdout();
    let stderr = io::stderr();
    let result = match args.command {
        Command::Parse(p) => parse::run(&p, &mut stdout.lock(), &mut stderr.lock()),
        Command::Check(c) => check::run(&c, &mut stdout.lock(), &mut stderr.lock()),
        Command::Rules(r) => rules_cmd::list_rules(&r, &mut stdout.lock(), &mut stderr.lock()),
        Command::Explain(e) => rules_cmd::explain(&e, &mut stdout.lock(), &mut stderr.lock()),
        Command::Test(t) => test::run(&t, &mut stdout.lock(), &mut stderr.lock()),
        Command::Serve(s) => crate::serve::run(&s, &mut io::stderr()),
        Command::Completions(c) => completions::run(&c, &mut stdout.lock()),
    };
    match result {
        Ok(status) => status.into(),
        // A closed pipe (`| head`) means the reader has what it wants.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitStatus::Success.into(),
        Err(e) => {
            let _ = writeln!(stderr.lock(), "error: {e}");
            ExitStatus::Error.into()
        }
    }
}
