//! `xxgk-lint check`: loads the rule packs, parses each report, evaluates the rules and prints
//! structural diagnostics and findings together, sorted by position.

use super::inputs::{self, Filter, Input};
use super::{
    CheckArgs, CheckFormat, ExitStatus, ExplainArgs, FailOn, RuleOptions, RulesArgs, use_color,
};
use crate::config;
use crate::diagnostic::{self, Diagnostic, Lang, Severity, Text};
use crate::engine::{self, Config};
use crate::render::human;
use crate::render::report_formats::{
    GithubReporter, JsonReporter, JunitReporter, Linted, Part, Render, Reporter, SarifReporter,
    Summary,
};
use crate::rules::{self, LoadError, RuleSet};
use std::collections::{BTreeMap, HashMap};
use std::io::{self, Read, Write};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, mpsc};

/// Settings from the configuration file merged with the command line: rule directories add up,
/// `--select` replaces the file's selection, ignores add up, `--set` overrides settings.
struct Settings {
    rules: Vec<std::path::PathBuf>,
    no_national: bool,
    select: Vec<String>,
    ignore: Vec<String>,
    fail_on: Severity,
    values: Config,
    severity: Vec<(String, Option<Severity>)>,
    overrides: Vec<config::Override>,
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
            let mut b = globset::GlobSetBuilder::new();
            for p in &o.paths {
                b.add(globset::Glob::new(p)?);
            }
            Ok(CompiledOverride {
                paths: b.build()?,
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
    args.set
        .iter()
        .filter_map(|kv| kv.split_once('='))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
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
) -> io::Result<(RuleSet, bool)> {
    let mut sources = if s.no_national {
        Vec::new()
    } else {
        rules::national()
    };
    let mut failed = false;
    for dir in &s.rules {
        match rules::from_dir(dir) {
            Ok(found) => sources.extend(found),
            Err(e) => {
                writeln!(err, "error: rules directory {e}")?;
                failed = true;
            }
        }
    }
    let (mut set, errors) = rules::load(sources);
    for LoadError { file, diagnostic } in &errors {
        err.write_all(
            human::render(
                &set.files[*file].file,
                std::slice::from_ref(diagnostic),
                style,
            )
            .as_bytes(),
        )?;
    }
    failed |= !errors.is_empty();
    if let Err(e) = rules::select(&mut set, &s.select, &s.ignore) {
        writeln!(err, "error: --select/--ignore: {e}")?;
        failed = true;
    }
    if let Err(e) = rules::set_severities(&mut set, &s.severity) {
        writeln!(err, "error: configuration severity: {e}")?;
        failed = true;
    }
    Ok((set, failed))
}

/// The active rules for `rules` and `explain`, and whether the configuration or a rule file had
/// errors (already rendered to `err`).
fn active_rules(
    args: &RuleOptions,
    style: human::Style,
    err: &mut dyn Write,
) -> io::Result<(RuleSet, bool)> {
    let (settings, config_failed) = settings(args, None, style, err)?;
    let (set, rules_failed) = load_rules(&settings, style, err)?;
    Ok((set, config_failed || rules_failed))
}

/// What linting one input produced: its rendered part and what the summary needs.
enum Outcome {
    Linted {
        part: Part,
        counts: [usize; 3],
        not_assessable: usize,
        failing: bool,
    },
    Unreadable {
        part: Part,
        message: String,
    },
}

fn read_input(input: &Input, encoding: Option<&str>, lang: Lang) -> Result<crate::Parsed, String> {
    match input {
        Input::File(path) => super::read_report(path, encoding, lang),
        Input::Stdin(name) => {
            let mut bytes = Vec::new();
            io::stdin()
                .read_to_end(&mut bytes)
                .map_err(|e| e.to_string())?;
            crate::parse_bytes(name, &bytes, encoding).map_err(|e| e.text().get(lang).to_string())
        }
    }
}

fn lint(input: &Input, ctx: &Shared<'_>) -> Outcome {
    let mut parsed = match read_input(input, ctx.encoding, ctx.lang) {
        Ok(p) => p,
        Err(message) => {
            return Outcome::Unreadable {
                part: ctx.render.render_unreadable(&input.name(), &message),
                message,
            };
        }
    };
    let derived = ctx.for_input(input);
    let (rules, values) = derived
        .as_ref()
        .map_or((ctx.rules, ctx.values), |d| (&d.0, &d.1));
    let evaluation = engine::evaluate(
        &parsed.report,
        ctx.previous.map(|p| &p.report),
        rules,
        values,
    );
    let mut diagnostics: Vec<Diagnostic> = std::mem::take(&mut parsed.report.diagnostics);
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
        let name = input.name();
        first.notes.push(Text::new(
            format!("{name} 的行号和列号指 `xxgk-lint parse --render {name}` 显示的文本视图"),
            format!(
                "lines and columns in {name} refer to its text view: `xxgk-lint parse --render {name}`"
            ),
        ));
    }
    let mut counts = [0usize; 3];
    for d in &diagnostics {
        counts[d.severity as usize] += 1;
    }
    let failing = diagnostics.iter().any(|d| d.severity >= ctx.fail_on);
    let linted = Linted {
        source: &parsed.source,
        template: &parsed.report.template,
        diagnostics: &diagnostics,
        not_assessable: &not_assessable,
        passed: evaluation.passed,
    };
    Outcome::Linted {
        part: ctx.render.render(&linted),
        counts,
        not_assessable: evaluation.not_assessable.len(),
        failing,
    }
}

/// The rules and settings for files matching a set of path overrides.
type Derived = Arc<(RuleSet, Config)>;

/// What every worker reads.
struct Shared<'a> {
    rules: &'a RuleSet,
    values: &'a Config,
    overrides: &'a [CompiledOverride],
    /// Rule sets and settings for each combination of matching overrides, made once.
    derived: Mutex<HashMap<Vec<usize>, Derived>>,
    previous: Option<&'a crate::Parsed>,
    encoding: Option<&'a str>,
    lang: Lang,
    verbose: bool,
    fail_on: Severity,
    render: &'a dyn Render,
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
            for &i in &matched {
                let o = &self.overrides[i];
                // The globs were compiled once already; they cannot fail here.
                let _ = rules::select(&mut set, &[], &o.ignore);
                let _ = rules::set_severities(&mut set, &o.severity);
                values.extend(o.settings.clone());
            }
            Arc::new((set, values))
        });
        Some(Arc::clone(entry))
    }
}

/// Lints `inputs` on `jobs` threads and hands the outcomes to `emit` in input order, as soon as
/// each one and all before it are done: output is identical for any number of jobs.
///
/// The calling thread is one of the `jobs`: between its own files it hands on whatever the other
/// threads have finished. A writer thread of its own would compete with the linting threads for
/// the cores and be woken once per file.
fn lint_all(
    inputs: &[Input],
    shared: &Shared<'_>,
    jobs: usize,
    emit: &mut dyn FnMut(&Input, Outcome) -> io::Result<()>,
) -> io::Result<()> {
    // Standard input can be read once, by this thread.
    if jobs <= 1 || inputs.len() <= 1 || inputs.iter().any(|i| matches!(i, Input::Stdin(_))) {
        for input in inputs {
            emit(input, lint(input, shared))?;
        }
        return Ok(());
    }
    let next = AtomicUsize::new(0);
    std::thread::scope(|scope| {
        // Bounded, so that the other threads wait for a slow writer (a pipe, a full disk)
        // instead of piling rendered output up: memory stays flat however many files there are.
        let (tx, rx) = mpsc::sync_channel::<(usize, Outcome)>(jobs * 8);
        for _ in 1..jobs.min(inputs.len()) {
            let tx = tx.clone();
            let next = &next;
            scope.spawn(move || {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(input) = inputs.get(i) else { break };
                    if tx.send((i, lint(input, shared))).is_err() {
                        break;
                    }
                }
            });
        }
        drop(tx);
        let mut pending: BTreeMap<usize, Outcome> = BTreeMap::new();
        let mut due = 0;
        let mut emit_due = |pending: &mut BTreeMap<usize, Outcome>| -> io::Result<()> {
            while let Some(o) = pending.remove(&due) {
                emit(&inputs[due], o)?;
                due += 1;
            }
            Ok(())
        };
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(input) = inputs.get(i) else { break };
            pending.insert(i, lint(input, shared));
            pending.extend(rx.try_iter());
            emit_due(&mut pending)?;
        }
        // Every file is taken; wait for the ones still being linted.
        for (i, outcome) in rx {
            pending.insert(i, outcome);
            emit_due(&mut pending)?;
        }
        Ok(())
    })
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
        let [info, warning, error] = s.counts;
        let files = s.files + s.unreadable;
        let line = match self.style.lang {
            Lang::Zh => format!(
                "检查了 {files} 个文件：{error} 个错误，{warning} 个警告，{info} 个提示，{} 处无法评估",
                s.not_assessable
            ),
            Lang::En => format!(
                "checked {files} file(s): {error} error(s), {warning} warning(s), {info} info, {} not assessable",
                s.not_assessable
            ),
        };
        writeln!(out, "{line}")
    }
}

/// Runs `check`.
pub fn run(args: &CheckArgs, out: &mut dyn Write, err: &mut dyn Write) -> io::Result<ExitStatus> {
    let lang = args.common.lang.lang();
    let style = human::Style {
        lang,
        color: use_color(args.common.color) && args.output.is_none(),
    };
    let (settings, config_failed) = settings(&args.rule_options, args.fail_on, style, err)?;
    let (set, rules_failed) = load_rules(&settings, style, err)?;
    let mut had_errors = config_failed || rules_failed;
    let encoding = args.common.encoding.as_deref();
    let previous = match &args.previous {
        Some(path) => match super::read_report(path, encoding, lang) {
            Ok(p) => Some(p),
            Err(message) => {
                writeln!(err, "error: --previous {}: {message}", path.display())?;
                had_errors = true;
                None
            }
        },
        None => None,
    };
    let filter = match Filter::new(&args.include, &args.exclude) {
        Ok(f) => f,
        Err(e) => {
            writeln!(err, "error: --include/--exclude: {e}")?;
            return Ok(ExitStatus::Error);
        }
    };
    let (inputs, problems) = inputs::expand(&args.files, &args.stdin_filename, &filter);
    for p in &problems {
        writeln!(err, "error: {p}")?;
    }
    had_errors |= !problems.is_empty();

    let (render, mut reporter) = match args.format {
        CheckFormat::Human => halves(HumanReporter { style }),
        CheckFormat::Json => halves(JsonReporter::new(lang)),
        CheckFormat::Github => halves(GithubReporter { lang }),
        CheckFormat::Junit => halves(JunitReporter::new(lang, settings.fail_on)),
        CheckFormat::Sarif => halves(SarifReporter::new(lang, &set)),
    };
    let mut sink = Sink::open(args.output.as_deref(), out)?;
    let overrides = match compile_overrides(&settings.overrides) {
        Ok(o) => o,
        Err(e) => {
            writeln!(err, "error: configuration overrides: {e}")?;
            had_errors = true;
            Vec::new()
        }
    };
    let shared = Shared {
        rules: &set,
        values: &settings.values,
        overrides: &overrides,
        derived: Mutex::new(HashMap::new()),
        previous: previous.as_ref(),
        encoding,
        lang,
        verbose: args.verbose,
        fail_on: settings.fail_on,
        render: render.as_ref(),
    };
    let jobs = args
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, usize::from))
        .max(1);
    let mut summary = Summary::default();
    let mut failing = false;
    let result = lint_all(
        &inputs,
        &shared,
        jobs,
        &mut |input, outcome| match outcome {
            Outcome::Unreadable { part, message } => {
                writeln!(err, "error: {}: {message}", input.name())?;
                summary.unreadable += 1;
                reporter.accept(sink.writer(), part)
            }
            Outcome::Linted {
                part,
                counts,
                not_assessable,
                failing: f,
            } => {
                summary.files += 1;
                summary.not_assessable += not_assessable;
                for (total, n) in summary.counts.iter_mut().zip(counts) {
                    *total += n;
                }
                failing |= f;
                reporter.accept(sink.writer(), part)
            }
        },
    );
    let result = result.and_then(|()| reporter.finish(sink.writer(), &summary));
    match result {
        Ok(()) => sink.commit()?,
        Err(e) => {
            sink.abandon();
            return Err(e);
        }
    }
    had_errors |= summary.unreadable > 0;
    Ok(ExitStatus::of(had_errors, failing))
}

/// Where output goes: standard output, or a file written atomically (to a temporary file
/// beside it, renamed into place only when the run completes).
enum Sink<'a> {
    Stdout(&'a mut dyn Write),
    File {
        tmp: PathBuf,
        target: PathBuf,
        file: io::BufWriter<std::fs::File>,
    },
}

impl<'a> Sink<'a> {
    fn open(path: Option<&std::path::Path>, out: &'a mut dyn Write) -> io::Result<Sink<'a>> {
        let Some(target) = path else {
            return Ok(Sink::Stdout(out));
        };
        let name = target
            .file_name()
            .map_or_else(|| "output".into(), |n| n.to_string_lossy().into_owned());
        let tmp = target.with_file_name(format!(".{name}.{}.tmp", std::process::id()));
        let file = std::fs::File::create(&tmp)
            .map_err(|e| io::Error::new(e.kind(), format!("--output {}: {e}", target.display())))?;
        Ok(Sink::File {
            tmp,
            target: target.to_path_buf(),
            // Each file's part is about 10 KB; a larger buffer writes in fewer calls.
            file: io::BufWriter::with_capacity(1 << 18, file),
        })
    }

    fn writer(&mut self) -> &mut dyn Write {
        match self {
            Sink::Stdout(w) => *w,
            Sink::File { file, .. } => file,
        }
    }

    fn commit(self) -> io::Result<()> {
        match self {
            Sink::Stdout(w) => w.flush(),
            Sink::File { tmp, target, file } => {
                file.into_inner()
                    .map_err(io::IntoInnerError::into_error)?
                    .sync_all()?;
                std::fs::rename(&tmp, &target)
            }
        }
    }

    fn abandon(self) {
        if let Sink::File { tmp, file, .. } = self {
            drop(file);
            let _ = std::fs::remove_file(tmp);
        }
    }
}

/// `xxgk-lint rules`: the active rules, one per line.
pub fn list_rules(
    args: &RulesArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<ExitStatus> {
    let style = human::Style {
        lang: args.lang.lang(),
        color: false,
    };
    let (set, had_errors) = active_rules(&args.rule_options, style, err)?;
    let width = set.rules.iter().map(|r| r.id.len()).max().unwrap_or(0);
    for r in &set.rules {
        let file = &set.files[r.file].file;
        writeln!(
            out,
            "{:<width$}  {:<7}  {}  ({}:{})",
            r.id,
            r.severity.as_str(),
            r.title,
            file.name,
            file.line_col(r.span.start).line
        )?;
    }
    Ok(ExitStatus::of(had_errors, false))
}

/// `xxgk-lint explain RULE`: title, severity, documentation, help and source of matching rules.
pub fn explain(
    args: &ExplainArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<ExitStatus> {
    let style = human::Style {
        lang: Lang::Zh,
        color: false,
    };
    let (set, had_errors) = active_rules(&args.rule_options, style, err)?;
    let glob = match globset::Glob::new(&args.rule) {
        Ok(g) => g.compile_matcher(),
        Err(e) => {
            writeln!(err, "error: {e}")?;
            return Ok(ExitStatus::Error);
        }
    };
    let matching: Vec<&rules::Rule> = set
        .rules
        .iter()
        .filter(|r| r.id == args.rule || glob.is_match(&r.id))
        .collect();
    if matching.is_empty() {
        let ids: Vec<String> = set.rules.iter().map(|r| r.id.clone()).collect();
        let hint = rules::resolve::suggest(&args.rule, &ids)
            .map_or_else(String::new, |s| format!("; did you mean `{s}`?"));
        writeln!(err, "error: no rule `{}`{hint}", args.rule)?;
        return Ok(ExitStatus::Error);
    }
    for (i, r) in matching.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        let file = &set.files[r.file].file;
        writeln!(out, "{} — {}", r.id, r.title)?;
        writeln!(out, "严重程度 severity: {}", r.severity.as_str())?;
        writeln!(
            out,
            "定义于 defined at: {}:{}",
            file.name,
            file.line_col(r.span.start).line
        )?;
        if let Some(doc) = &r.doc {
            writeln!(out, "\n{}", doc.trim())?;
        }
        if let Some(help) = &r.help {
            writeln!(out, "\nhelp: {help}")?;
        }
        writeln!(out, "\n{}", r.source)?;
    }
    Ok(ExitStatus::of(had_errors, false))
}
