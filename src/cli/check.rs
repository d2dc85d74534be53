//! `xxgk-lint check`: loads the rule packs, parses each report, evaluates the rules and prints
//! structural diagnostics and findings together, sorted by position.

use super::baseline::{Baseline, Collector};
use super::inputs::{self, Filter, Input};
use super::parallel;
use super::previous::{Pairing, Previous};
use super::sink::Sink;
use super::statistics::Statistics;
use super::waivers::{self, Waivers};
use super::{CheckArgs, CheckFormat, ExitStatus, FailOn, RuleOptions, use_color};
use crate::config;
use crate::diagnostic::{self, Diagnostic, Lang, Severity, Text};
use crate::engine::{self, Config};
use crate::render::concise::ConciseReporter;
use crate::render::escape::{self, path_name};
use crate::render::human;
use crate::render::report_formats::{
    GithubReporter, JsonReporter, JunitReporter, Linted, Part, Render, Reporter, RunProblem,
    SarifReporter, Summary, summary_line,
};
use crate::rules::policy::Policy;
use crate::rules::{self, LoadError, RuleSet};
use std::collections::HashMap;
use std::io::{self, Write};
use std::sync::{Arc, Mutex};

/// Settings from the configuration file merged with the command line: rule directories add up,
/// `--select` replaces the file's selection, ignores add up, `--set` overrides settings.
pub(crate) struct Settings {
    rules: Vec<std::path::PathBuf>,
    no_national: bool,
    select: Vec<String>,
    ignore: Vec<String>,
    pub(crate) fail_on: Severity,
    values: Config,
    severity: Vec<(String, Option<Severity>)>,
    overrides: Vec<config::Override>,
    pub(crate) max_file_size: Option<u64>,
    waivers: Vec<config::WaiverSpec>,
}

fn level(l: config::Level) -> Option<Severity> {
    match l {
        config::Level::Error => Some(Severity::Error),
        config::Level::Warning => Some(Severity::Warning),
        config::Level::Info => Some(Severity::Info),
        config::Level::Off => None,
    }
}

/// An override with its path globs compiled.
struct CompiledOverride {
    paths: globset::GlobSet,
    ignore: Vec<String>,
    severity: Vec<(String, Option<Severity>)>,
    settings: Config,
}

fn compile_overrides(list: &[config::Override]) -> Result<Vec<CompiledOverride>, globset::Error> {
    list.iter()
        .map(|o| {
            Ok(CompiledOverride {
                // Case-insensitive like the inputs' own globs: `年报.DOCX` is a `*.docx`.
                paths: super::inputs::path_globs(&o.paths)?,
                ignore: o.ignore.clone(),
                severity: o
                    .severity
                    .iter()
                    .map(|(k, v)| (k.clone(), level(*v)))
                    .collect(),
                settings: o
                    .settings
                    .iter()
                    .map(|(k, v)| (k.clone(), config::setting_text(v)))
                    .collect(),
            })
        })
        .collect()
}

fn set_values(args: &RuleOptions) -> impl Iterator<Item = (String, String)> + '_ {
    args.set.iter().filter_map(|kv| super::setting_pair(kv))
}

/// Finds and reads the configuration (unless `--no-config`). An invalid file is rendered to
/// `err` and makes the run exit 2, but linting goes on with the command line alone.
fn settings(
    args: &RuleOptions,
    fail_on: Option<FailOn>,
    style: human::Style,
    err: &mut dyn Write,
) -> io::Result<(Settings, bool)> {
    let found = if args.no_config {
        None
    } else {
        args.config.clone().or_else(|| {
            std::env::current_dir()
                .ok()
                .and_then(|d| config::discover(&d))
        })
    };
    let (options, mut values, failed) = match found.map(|p| config::load(&p)) {
        None => (config::Options::default(), Config::new(), false),
        Some(Ok(c)) => (c.options.clone(), c.settings(), false),
        Some(Err(config::ConfigError::Io(path, e))) => {
            writeln!(err, "error: {}: {e}", path.display())?;
            (config::Options::default(), Config::new(), true)
        }
        Some(Err(config::ConfigError::Invalid(source, d))) => {
            err.write_all(human::render(&source, std::slice::from_ref(&*d), style).as_bytes())?;
            (config::Options::default(), Config::new(), true)
        }
    };
    values.extend(set_values(args));
    let fail_on = match (fail_on, options.fail_on) {
        (Some(FailOn::Warning), _) | (None, Some(config::FailLevel::Warning)) => Severity::Warning,
        (Some(FailOn::Info), _) | (None, Some(config::FailLevel::Info)) => Severity::Info,
        _ => Severity::Error,
    };
    let settings = Settings {
        severity: options
            .severity
            .iter()
            .map(|(k, v)| (k.clone(), level(*v)))
            .collect(),
        overrides: options.overrides.clone(),
        max_file_size: options.max_file_size.map(|s| s.0),
        waivers: options.waivers.clone(),
        rules: options
            .rules
            .into_iter()
            .chain(args.rules.iter().cloned())
            .collect(),
        no_national: args.no_national || options.no_national,
        select: if args.select.is_empty() {
            options.select
        } else {
            args.select.clone()
        },
        ignore: options
            .ignore
            .into_iter()
            .chain(args.ignore.iter().cloned())
            .collect(),
        fail_on,
        values,
    };
    Ok((settings, failed))
}

/// Loads the national pack (unless disabled) and every rule directory, then selects.
/// Rule-file problems are rendered to `err`; the rules that did compile are still used.
fn load_rules(
    s: &Settings,
    style: human::Style,
    err: &mut dyn Write,
) -> io::Result<(RuleSet, bool, Vec<RunProblem>)> {
    let mut problems = Vec::new();
    let whole_file = |file: String, code: &str, message: String| RunProblem {
        file,
        line: None,
        column: None,
        code: code.into(),
        message,
    };
    let mut sources = if s.no_national {
        Vec::new()
    } else {
        rules::national()
    };
    let mut packs = if s.no_national {
        Vec::new()
    } else {
        vec![rules::pack::national()]
    };
    let mut failed = false;
    for dir in &s.rules {
        let loaded = crate::rules::dir::load(dir);
        packs.extend(loaded.info.clone());
        if loaded.sources.is_empty() && loaded.problems.is_empty() {
            // A misspelt or empty pack directory must not silently run no province rule.
            writeln!(
                err,
                "error: rules directory {} holds no *.rule file",
                path_name(dir)
            )?;
            problems.push(whole_file(
                path_name(dir),
                "rules/empty-dir",
                match style.lang {
                    Lang::Zh => "规则目录中没有 *.rule 文件".into(),
                    Lang::En => "the rules directory holds no *.rule file".into(),
                },
            ));
            failed = true;
        }
        sources.extend(loaded.sources);
        for note in &loaded.notes {
            writeln!(err, "note: rules directory {note}")?;
        }
        for problem in &loaded.problems {
            writeln!(err, "error: rules directory {problem}")?;
            problems.push(whole_file(
                path_name(dir),
                "rules/unreadable",
                problem.clone(),
            ));
        }
        failed |= !loaded.problems.is_empty();
    }
    let (mut set, errors) = rules::load(sources);
    set.packs = packs;
    for LoadError { file, diagnostic } in &errors {
        let source = &set.files[*file].file;
        err.write_all(human::render(source, std::slice::from_ref(diagnostic), style).as_bytes())?;
        let at = diagnostic.anchor().map(|span| source.line_col(span.start));
        problems.push(RunProblem {
            file: source.name.clone(),
            line: at.map(|a| a.line),
            column: at.map(|a| a.column),
            code: diagnostic.code.clone(),
            message: diagnostic.message.get(style.lang).to_string(),
        });
    }
    failed |= !errors.is_empty();
    warn_unmatched_globs(s, &set, err)?;
    match rules::select(&mut set, &s.select, &s.ignore) {
        Err(e) => {
            writeln!(err, "error: --select/--ignore: {e}")?;
            failed = true;
        }
        Ok(_) if !s.select.is_empty() && set.rules.is_empty() => {
            writeln!(
                err,
                "error: select {} leaves no rule to run",
                s.select.join(" ")
            )?;
            failed = true;
        }
        Ok(refused) => {
            for r in refused {
                writeln!(err, "warning: {r}")?;
            }
        }
    }
    warn_settings(s, &set, err)?;
    match rules::set_severities(&mut set, &s.severity) {
        Err(e) => {
            writeln!(err, "error: configuration severity: {e}")?;
            failed = true;
        }
        Ok(refused) => {
            for r in refused {
                writeln!(err, "warning: {r}")?;
            }
        }
    }
    Ok((set, failed, problems))
}

/// Every id a glob or `explain` can name: the loaded rules', then the reader's codes.
pub(super) fn known_ids(set: &RuleSet) -> Vec<String> {
    set.rules
        .iter()
        .map(|r| r.id.clone())
        .chain(crate::codes::CODES.iter().map(|c| c.id.to_string()))
        .collect()
}

/// Warns of each select/ignore/severity glob that names no loaded rule and no reader code
/// (`--select 'zhejaing/*'` would otherwise run nothing and pass), with the nearest id.
fn warn_unmatched_globs(s: &Settings, set: &RuleSet, err: &mut dyn Write) -> io::Result<()> {
    let ids = known_ids(set);
    let globs = s
        .select
        .iter()
        .map(|g| ("select", g))
        .chain(s.ignore.iter().map(|g| ("ignore", g)))
        .chain(s.severity.iter().map(|(g, _)| ("severity", g)));
    for (option, glob) in globs {
        let Ok(matcher) = globset::Glob::new(glob).map(|g| g.compile_matcher()) else {
            continue; // Reported as an error where the globs are applied.
        };
        if ids.iter().any(|id| id == glob || matcher.is_match(id)) {
            continue;
        }
        let hint = rules::resolve::suggest(glob, &ids)
            .map_or_else(String::new, |id| format!("; did you mean `{id}`?"));
        writeln!(
            err,
            "warning: {option} `{glob}` matches no rule and no parser code{hint}"
        )?;
    }
    Ok(())
}

/// Warns of settings the rules need and nobody gave (a pack used without its `province`
/// otherwise does nothing), and of settings no rule reads (`provice`), with the nearest key.
fn warn_settings(s: &Settings, set: &RuleSet, err: &mut dyn Write) -> io::Result<()> {
    let mut readers: std::collections::BTreeMap<&str, Vec<&str>> = Default::default();
    for rule in &set.rules {
        for key in rule.config_keys() {
            readers.entry(key).or_default().push(&rule.id);
        }
    }
    let given: std::collections::BTreeSet<&str> = s
        .values
        .keys()
        .chain(s.overrides.iter().flat_map(|o| o.settings.keys()))
        .map(String::as_str)
        .collect();
    for (key, rules) in &readers {
        if !given.contains(key) {
            let more = if rules.len() > 3 {
                format!(" and {} more", rules.len() - 3)
            } else {
                String::new()
            };
            writeln!(
                err,
                "warning: setting `{key}` is read by {}{more} but not set (--set {key}=… or [settings] in xxgk-lint.toml): those checks are skipped",
                rules[..rules.len().min(3)].join(", ")
            )?;
        }
    }
    let read: Vec<String> = readers.keys().map(|k| k.to_string()).collect();
    for key in &given {
        if !readers.contains_key(key) {
            let hint = rules::resolve::suggest(key, &read)
                .map_or_else(String::new, |k| format!("; did you mean `{k}`?"));
            writeln!(err, "warning: setting `{key}` is read by no rule{hint}")?;
        }
    }
    Ok(())
}

/// What a run loads once before linting: the merged settings, the selected rules and the
/// reader's policy. `serve` keeps one for its lifetime.
pub(crate) struct Loaded {
    /// The configuration merged with the command line.
    pub(crate) settings: Settings,
    /// The selected rules, severities applied.
    pub(crate) rules: RuleSet,
    /// Which reader diagnostics are shown, and their levels.
    pub(crate) policy: Policy,
    /// Rule files and directories that did not load (already rendered to `err`).
    pub(crate) problems: Vec<RunProblem>,
    /// The configuration's waivers, compiled (expired ones were rendered to `err`).
    pub(crate) waivers: Waivers,
    /// Whether the configuration or a rule file had errors (already rendered to `err`).
    pub(crate) failed: bool,
}

/// Reads the configuration and loads and selects the rules, rendering problems to `err`.
pub(crate) fn load(
    args: &RuleOptions,
    fail_on: Option<FailOn>,
    style: human::Style,
    err: &mut dyn Write,
) -> io::Result<Loaded> {
    let (settings, config_failed) = settings(args, fail_on, style, err)?;
    let (rules, rules_failed, problems) = load_rules(&settings, style, err)?;
    let (waivers, waiver_errors) = Waivers::new(&settings.waivers, waivers::today());
    for e in &waiver_errors {
        writeln!(err, "error: {}", e.get(style.lang))?;
    }
    // A bad glob was reported when the rules were selected (and the run will exit 2); the
    // reader's diagnostics are then all shown.
    let policy = Policy::for_reader(&settings.select, &settings.ignore, &settings.severity)
        .or_else(|_| Policy::for_reader(&[], &[], &[]))
        .expect("a policy of no globs");
    Ok(Loaded {
        settings,
        rules,
        policy,
        problems,
        waivers,
        failed: config_failed || rules_failed || !waiver_errors.is_empty(),
    })
}

/// Lints one report's bytes as `check` lints standard input (no path overrides, no previous
/// year), its part rendered by `render`. `serve` calls this for each upload.
pub(crate) fn lint_bytes(
    loaded: &Loaded,
    name: &str,
    bytes: &[u8],
    encoding: Option<&str>,
    lang: Lang,
    render: &dyn Render,
) -> Outcome {
    let previous = Previous::None;
    let ctx = Shared {
        rules: &loaded.rules,
        values: &loaded.settings.values,
        policy: &loaded.policy,
        overrides: &[],
        derived: Mutex::new(HashMap::new()),
        previous: &previous,
        statistics: false,
        encoding,
        max_file_size: u64::MAX,
        lang,
        verbose: false,
        fail_on: loaded.settings.fail_on,
        render,
        waivers: &loaded.waivers,
        baseline: None,
        collector: None,
    };
    lint_read(name, parse(name, bytes, encoding, lang), None, &ctx)
}

/// Adds a linted file's diagnostics to the run's totals.
fn tally(summary: &mut Summary, counts: [usize; 3], not_assessable: usize) {
    summary.files += 1;
    summary.not_assessable += not_assessable;
    for (total, n) in summary.counts.iter_mut().zip(counts) {
        *total += n;
    }
}

/// The whole document `reporter` writes for a run over one report: what `check --format …`
/// prints for that file alone.
pub(crate) fn single_document(
    outcome: Outcome,
    reporter: &mut dyn Reporter,
    out: &mut dyn Write,
) -> io::Result<()> {
    let mut summary = Summary::default();
    let part = match outcome {
        Outcome::Linted {
            part,
            counts,
            not_assessable,
            waived,
            ..
        } => {
            tally(&mut summary, counts, not_assessable);
            summary.waived += waived;
            part
        }
        Outcome::Unreadable { part, .. } => {
            summary.unreadable += 1;
            part
        }
    };
    reporter.accept(out, part)?;
    reporter.finish(out, &summary)
}

/// The active rules for `rules` and `explain`, and whether the configuration or a rule file had
/// errors (already rendered to `err`).
pub(super) fn active_rules(
    args: &RuleOptions,
    style: human::Style,
    err: &mut dyn Write,
) -> io::Result<(RuleSet, bool)> {
    let (settings, config_failed) = settings(args, None, style, err)?;
    let (set, rules_failed, _) = load_rules(&settings, style, err)?;
    Ok((set, config_failed || rules_failed))
}

/// What linting one input produced: its rendered part and what the summary needs.
pub(crate) enum Outcome {
    Linted {
        part: Part,
        counts: [usize; 3],
        /// Each diagnostic's code and level, for `--statistics` (empty without it).
        codes: Vec<(String, Severity)>,
        not_assessable: usize,
        waived: usize,
        baselined: usize,
        failing: bool,
    },
    Unreadable {
        part: Part,
        message: String,
    },
}

fn read_input(input: &Input, ctx: &Shared<'_>) -> Result<crate::Parsed, String> {
    let bytes = match input {
        Input::File(path) => super::read::file(path, ctx.max_file_size)?,
        Input::Stdin(_) => super::read::stdin(ctx.max_file_size)?,
    };
    parse(&input.name(), &bytes, ctx.encoding, ctx.lang)
}

/// Parses one report's bytes; the error is the message `check` shows for the file.
fn parse(
    name: &str,
    bytes: &[u8],
    encoding: Option<&str>,
    lang: Lang,
) -> Result<crate::Parsed, String> {
    crate::parse_bytes(name, bytes, encoding).map_err(|e| e.text().get(lang).to_string())
}

fn lint(input: &Input, ctx: &Shared<'_>) -> Outcome {
    let read = read_input(input, ctx);
    let derived = ctx.for_input(input);
    lint_read(&input.name(), read, derived.as_deref(), ctx)
}

/// Lints one report as read (or says why it could not be), with the rules and settings of
/// `derived` (path overrides) or the base ones.
fn lint_read(
    name: &str,
    read: Result<crate::Parsed, String>,
    derived: Option<&(RuleSet, Config, Policy)>,
    ctx: &Shared<'_>,
) -> Outcome {
    let mut parsed = match read {
        Ok(p) => p,
        Err(message) => {
            return Outcome::Unreadable {
                part: ctx.render.render_unreadable(name, &message),
                message,
            };
        }
    };
    let (rules, values, policy) =
        derived.map_or((ctx.rules, ctx.values, ctx.policy), |d| (&d.0, &d.1, &d.2));
    let (prev, mismatch) = match ctx.previous.for_report(&parsed.report) {
        Pairing::Paired(p) => (Some(&p.report), None),
        Pairing::Unpaired => (None, None),
        Pairing::Mismatch(d) => (None, Some(d)),
    };
    let evaluation = engine::evaluate(&parsed.report, prev, rules, values);
    let mut diagnostics: Vec<Diagnostic> = std::mem::take(&mut parsed.report.diagnostics);
    policy.apply(&mut diagnostics);
    diagnostics.extend(mismatch);
    diagnostics.extend(evaluation.findings.iter().map(|f| f.to_diagnostic(rules)));
    // Built only when some output shows them: they are not on the hot path otherwise.
    let not_assessable: Vec<Diagnostic> = if ctx.verbose || ctx.render.lists_not_assessable() {
        evaluation
            .not_assessable
            .iter()
            .map(|f| f.to_diagnostic(rules))
            .collect()
    } else {
        Vec::new()
    };
    if ctx.verbose {
        diagnostics.extend(not_assessable.iter().cloned());
    }
    diagnostic::sort(&mut diagnostics);
    if parsed.format != crate::input::Format::Text
        && let Some(first) = diagnostics.first_mut()
    {
        // Word and HTML have no lines of their own; say once what the numbers refer to.
        first.notes.push(Text::new(
            format!("{name} 的行号和列号指 `xxgk-lint parse --render {name}` 显示的文本视图"),
            format!(
                "lines and columns in {name} refer to its text view: `xxgk-lint parse --render {name}`"
            ),
        ));
    }
    if let Some(collector) = ctx.collector {
        collector.add(name, &parsed.source, &diagnostics);
    }
    let baselined = ctx
        .baseline
        .map_or(0, |b| b.filter(name, &parsed.source, &mut diagnostics));
    // Waiver paths match the path as given (standard input: its --stdin-filename).
    let waived = ctx
        .waivers
        .apply(std::path::Path::new(name), &parsed.source, &mut diagnostics);
    let mut counts = [0usize; 3];
    for d in diagnostics.iter().filter(|d| d.waived.is_none()) {
        counts[d.severity as usize] += 1;
    }
    let codes = if ctx.statistics {
        diagnostics
            .iter()
            .map(|d| (d.code.clone(), d.severity))
            .collect()
    } else {
        Vec::new()
    };
    let failing = diagnostics
        .iter()
        .any(|d| d.severity >= ctx.fail_on && d.waived.is_none());
    let linted = Linted {
        source: &parsed.source,
        template: &parsed.report.template,
        cells: &parsed.report.cells,
        diagnostics: &diagnostics,
        not_assessable: &not_assessable,
        passed: evaluation.passed,
    };
    Outcome::Linted {
        part: ctx.render.render(&linted),
        counts,
        codes,
        not_assessable: evaluation.not_assessable.len(),
        waived,
        baselined,
        failing,
    }
}

/// The rules and settings for files matching a set of path overrides.
type Derived = Arc<(RuleSet, Config, Policy)>;

/// What every worker reads.
struct Shared<'a> {
    rules: &'a RuleSet,
    values: &'a Config,
    /// Which reader diagnostics are shown, and their levels.
    policy: &'a Policy,
    overrides: &'a [CompiledOverride],
    /// Rule sets and settings for each combination of matching overrides, made once.
    derived: Mutex<HashMap<Vec<usize>, Derived>>,
    previous: &'a Previous,
    /// Whether each file's diagnostic codes are kept for `--statistics`.
    statistics: bool,
    encoding: Option<&'a str>,
    max_file_size: u64,
    lang: Lang,
    verbose: bool,
    fail_on: Severity,
    render: &'a dyn Render,
    waivers: &'a Waivers,
    /// Findings to leave out (`--baseline`).
    baseline: Option<&'a Baseline>,
    /// Where every finding goes for `--write-baseline`.
    collector: Option<&'a Collector>,
}

impl Shared<'_> {
    /// The rule set and settings for a file that matches path overrides (`None`: the base ones).
    fn for_input(&self, input: &Input) -> Option<Derived> {
        let Input::File(path) = input else {
            return None;
        };
        let matched: Vec<usize> = self
            .overrides
            .iter()
            .enumerate()
            .filter(|(_, o)| o.paths.is_match(path))
            .map(|(i, _)| i)
            .collect();
        if matched.is_empty() {
            return None;
        }
        let mut cache = self
            .derived
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let entry = cache.entry(matched.clone()).or_insert_with(|| {
            let mut set = self.rules.clone();
            let mut values = self.values.clone();
            let mut policy = self.policy.clone();
            for &i in &matched {
                let o = &self.overrides[i];
                // The globs were compiled once already; they cannot fail here.
                let _ = rules::select(&mut set, &[], &o.ignore);
                let _ = rules::set_severities(&mut set, &o.severity);
                let _ = policy.add(&o.ignore, &o.severity);
                values.extend(o.settings.clone());
            }
            Arc::new((set, values, policy))
        });
        Some(Arc::clone(entry))
    }
}

/// The rendering half (shared by the workers) and the collecting half (owned by the thread that
/// writes) of one format, as two copies of its fresh state.
fn halves<'a, F: Render + Reporter + Clone + 'a>(
    format: F,
) -> (Box<dyn Render + 'a>, Box<dyn Reporter + 'a>) {
    (Box::new(format.clone()), Box::new(format))
}

/// Human output: rustc-style diagnostics per file, then the summary line.
#[derive(Clone)]
struct HumanReporter {
    style: human::Style,
}

impl Render for HumanReporter {
    fn render(&self, l: &Linted<'_>) -> Part {
        Part {
            text: human::render(l.source, l.diagnostics, self.style),
            ..Part::default()
        }
    }

    fn render_unreadable(&self, _: &str, _: &str) -> Part {
        // Already on standard error.
        Part::default()
    }
}

impl Reporter for HumanReporter {
    fn accept(&mut self, out: &mut dyn Write, part: Part) -> io::Result<()> {
        out.write_all(part.text.as_bytes())
    }

    fn finish(&mut self, out: &mut dyn Write, s: &Summary) -> io::Result<()> {
        writeln!(out, "{}", summary_line(self.style.lang, s))
    }
}

/// Runs `check`.
pub fn run(args: &CheckArgs, out: &mut dyn Write, err: &mut dyn Write) -> io::Result<ExitStatus> {
    // Standard input can be read once: a second `-` would silently get nothing.
    if args.files.iter().filter(|p| p.as_os_str() == "-").count() > 1 {
        writeln!(
            err,
            "error: `-` (standard input) may be given once among the files"
        )?;
        return Ok(ExitStatus::Error);
    }
    let lang = args.common.lang.lang();
    let style = human::Style {
        lang,
        color: use_color(args.common.color) && args.output.is_none(),
    };
    let Loaded {
        settings,
        rules: set,
        policy,
        problems: rule_problems,
        waivers,
        failed,
    } = load(&args.rule_options, args.fail_on, style, err)?;
    let mut had_errors = failed;
    let encoding = args.common.encoding.as_deref();
    let max_file_size = args
        .common
        .max_file_size
        .map(|s| s.0)
        .or(settings.max_file_size)
        .unwrap_or(super::read::DEFAULT_MAX_FILE_SIZE);
    let filter = match Filter::new(&args.include, &args.exclude) {
        Ok(f) => f,
        Err(e) => {
            writeln!(err, "error: --include/--exclude: {e}")?;
            return Ok(ExitStatus::Error);
        }
    };
    let read_previous = |path: &std::path::Path| {
        super::guard::catch(|| super::read_report(path, encoding, lang, max_file_size))
            .unwrap_or_else(|panic| Err(format!("internal error: {panic}")))
    };
    let mut previous_files: Vec<std::path::PathBuf> = Vec::new();
    let previous = if let Some(path) = &args.previous {
        previous_files.push(path.clone());
        match read_previous(path) {
            Ok(p) => Previous::Named(Box::new(p)),
            Err(message) => {
                writeln!(err, "error: --previous {}: {message}", path_name(path))?;
                had_errors = true;
                Previous::None
            }
        }
    } else if let Some(dir) = &args.previous_dir {
        let found = crate::walk::walk(dir, args.follow, &|f| filter.wants(f), &|f| {
            filter.excludes(f)
        });
        for note in &found.notes {
            writeln!(err, "note: --previous-dir {note}")?;
        }
        for problem in &found.problems {
            writeln!(err, "error: --previous-dir {problem}")?;
        }
        had_errors |= !found.problems.is_empty();
        let mut reports = Vec::new();
        for path in found.files {
            match read_previous(&path) {
                Ok(p) => reports.push(p),
                Err(message) => {
                    writeln!(err, "error: --previous-dir {}: {message}", path_name(&path))?;
                    had_errors = true;
                }
            }
            previous_files.push(path);
        }
        Previous::Directory(reports)
    } else {
        Previous::None
    };
    let expanded = inputs::expand(&args.files, &args.stdin_filename, &filter, args.follow);
    for note in &expanded.notes {
        writeln!(err, "note: {note}")?;
    }
    for p in &expanded.problems {
        writeln!(err, "error: {p}")?;
    }
    had_errors |= !expanded.problems.is_empty();
    if expanded.inputs.is_empty() {
        // Checking nothing is not passing: a CMS gate pointed at the wrong folder, or at
        // files of another extension, must fail loudly.
        let globs = if args.include.is_empty() {
            inputs::DEFAULT_INCLUDE.join(" ")
        } else {
            args.include.join(" ")
        };
        let ignored = expanded.ignored;
        let message = match lang {
            Lang::Zh => format!(
                "没有检查任何报告：给出的路径中没有符合 {globs} 的文件（另有 {ignored} 个其他文件未检查；用 --include 指定要检查的文件）"
            ),
            Lang::En => format!(
                "no report was checked: the paths given hold no file matching {globs} ({ignored} other file(s) passed over; --include picks the files to check)"
            ),
        };
        writeln!(err, "error: {message}")?;
        return Ok(ExitStatus::Error);
    }
    let inputs = expanded.inputs;

    let (render, mut reporter) = match args.format {
        CheckFormat::Human => halves(HumanReporter { style }),
        CheckFormat::Json => halves(JsonReporter::new(lang)),
        CheckFormat::Github => halves(GithubReporter { lang }),
        CheckFormat::Concise => halves(ConciseReporter { lang }),
        CheckFormat::Junit => halves(JunitReporter::new(lang, settings.fail_on)),
        CheckFormat::Sarif => halves(SarifReporter::new(lang, &set)),
    };
    let read: Vec<&std::path::Path> = inputs
        .iter()
        .filter_map(|i| match i {
            Input::File(p) => Some(p.as_path()),
            Input::Stdin(_) => None,
        })
        .chain(previous_files.iter().map(|p| p.as_path()))
        .collect();
    let mut sink = Sink::open(args.output.as_deref(), &read, out)?;
    let overrides = match compile_overrides(&settings.overrides) {
        Ok(o) => o,
        Err(e) => {
            writeln!(err, "error: configuration overrides: {e}")?;
            had_errors = true;
            Vec::new()
        }
    };
    if args.statistics && !matches!(args.format, CheckFormat::Human | CheckFormat::Concise) {
        writeln!(
            err,
            "error: --statistics goes with --format human or concise (the other formats carry every finding)"
        )?;
        return Ok(ExitStatus::Error);
    }
    let baseline = match &args.baseline {
        Some(path) => match Baseline::read(path) {
            Ok(b) => Some(b),
            Err(e) => {
                // Without its baseline a gate would report every old finding as new.
                writeln!(err, "error: --baseline {}", e.get(lang))?;
                return Ok(ExitStatus::Error);
            }
        },
        None => None,
    };
    let collector = Collector::default();
    let shared = Shared {
        statistics: args.statistics,
        rules: &set,
        values: &settings.values,
        policy: &policy,
        overrides: &overrides,
        derived: Mutex::new(HashMap::new()),
        previous: &previous,
        encoding,
        max_file_size,
        lang,
        verbose: args.verbose,
        fail_on: settings.fail_on,
        render: render.as_ref(),
        waivers: &waivers,
        baseline: baseline.as_ref(),
        collector: args.write_baseline.as_ref().map(|_| &collector),
    };
    let jobs = parallel::jobs(args.jobs, inputs.len());
    let mut summary = Summary {
        problems: rule_problems,
        not_assessable_listed: args.verbose,
        ..Summary::default()
    };
    let mut statistics = Statistics::default();
    let mut failing = false;
    parallel::run_all(
        &inputs,
        jobs,
        &|input| lint(input, &shared),
        &mut |input, done| {
            let outcome = match done {
                Ok(outcome) => outcome,
                // A panic while checking one file is that file's error; the run goes on.
                Err(panic) => {
                    let name = input.name();
                    let message = format!("internal error while checking {name}: {panic}");
                    writeln!(err, "error: {message}")?;
                    summary.unreadable += 1;
                    return reporter
                        .accept(sink.writer(), render.render_unreadable(&name, &message));
                }
            };
            match outcome {
                Outcome::Unreadable { part, message } => {
                    let message = escape::text(&message);
                    writeln!(err, "error: {}: {message}", input.name())?;
                    summary.unreadable += 1;
                    reporter.accept(sink.writer(), part)
                }
                Outcome::Linted {
                    part,
                    counts,
                    codes,
                    not_assessable,
                    waived,
                    baselined,
                    failing: f,
                } => {
                    summary.waived += waived;
                    summary.baselined += baselined;
                    statistics.add(codes, counts[Severity::Error as usize] > 0);
                    tally(&mut summary, counts, not_assessable);
                    failing |= f;
                    reporter.accept(sink.writer(), part)
                }
            }
        },
    )?;
    for unused in waivers.unused() {
        writeln!(err, "warning: {}", unused.get(lang))?;
    }
    // On an error above, the sink is dropped unfinished: its temporary file is removed.
    reporter.finish(sink.writer(), &summary)?;
    if args.statistics {
        statistics.write(sink.writer(), lang, summary.files + summary.unreadable)?;
    }
    sink.commit()?;
    if let Some(path) = &args.write_baseline {
        // Through the same guarded sink as --output: never over an input, atomically.
        let mut nowhere = io::sink();
        let mut file = Sink::open(Some(path), &read, &mut nowhere)?;
        file.writer().write_all(collector.into_json().as_bytes())?;
        file.commit()?;
    }
    had_errors |= summary.unreadable > 0;
    Ok(ExitStatus::of(had_errors, failing))
}
