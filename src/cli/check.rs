//! `xxgk-lint check`: loads the rule packs, parses each report, evaluates the rules and prints
//! structural diagnostics and findings together, sorted by position.

use super::{CheckArgs, ExitStatus, FailOn, ParseFormat, use_color};
use crate::config;
use crate::diagnostic::{self, Diagnostic, Severity};
use crate::engine::{self, Config};
use crate::render::{human, json};
use crate::rules::{self, LoadError, RuleSet};
use serde_json::json;
use std::io::{self, Write};

/// Settings from the configuration file merged with the command line: rule directories add up,
/// `--select` replaces the file's selection, ignores add up, `--set` overrides settings.
struct Settings {
    rules: Vec<std::path::PathBuf>,
    no_national: bool,
    select: Vec<String>,
    ignore: Vec<String>,
    fail_on: Severity,
    values: Config,
}

fn set_values(args: &CheckArgs) -> impl Iterator<Item = (String, String)> + '_ {
    args.set
        .iter()
        .filter_map(|kv| kv.split_once('='))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
}

/// Finds and reads the configuration (unless `--no-config`). An invalid file is rendered to
/// `err` and makes the run exit 2, but linting goes on with the command line alone.
fn settings(
    args: &CheckArgs,
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
    let fail_on = match (args.fail_on, options.fail_on) {
        (Some(FailOn::Warning), _) | (None, Some(config::FailLevel::Warning)) => Severity::Warning,
        (Some(FailOn::Info), _) | (None, Some(config::FailLevel::Info)) => Severity::Info,
        _ => Severity::Error,
    };
    let settings = Settings {
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
    Ok((set, failed))
}

/// Runs `check`.
pub fn run(args: &CheckArgs, out: &mut dyn Write, err: &mut dyn Write) -> io::Result<ExitStatus> {
    let lang = args.common.lang.lang();
    let style = human::Style {
        lang,
        color: use_color(args.common.color),
    };
    let (settings, config_failed) = settings(args, style, err)?;
    let (set, rules_failed) = load_rules(&settings, style, err)?;
    let mut had_errors = config_failed || rules_failed;
    let config = &settings.values;
    let previous = match &args.previous {
        Some(path) => match super::read_report(path, args.common.encoding.as_deref(), lang) {
            Ok(p) => Some(p),
            Err(message) => {
                writeln!(err, "error: --previous {}: {message}", path.display())?;
                had_errors = true;
                None
            }
        },
        None => None,
    };
    let threshold = settings.fail_on;
    let mut failing = false;
    let mut counts = [0usize; 3];
    let mut not_assessable = 0usize;
    let mut documents = Vec::new();
    for path in &args.files {
        let name = path.display().to_string();
        let parsed = super::read_report(path, args.common.encoding.as_deref(), lang);
        let parsed = match parsed {
            Ok(p) => p,
            Err(message) => {
                writeln!(err, "error: {name}: {message}")?;
                documents.push(json::failed_file_json(&name, &message));
                had_errors = true;
                continue;
            }
        };
        let evaluation = engine::evaluate(
            &parsed.report,
            previous.as_ref().map(|p| &p.report),
            &set,
            config,
        );
        let mut diagnostics: Vec<Diagnostic> = parsed.report.diagnostics.clone();
        diagnostics.extend(evaluation.findings.iter().map(|f| f.to_diagnostic(&set)));
        let na: Vec<Diagnostic> = evaluation
            .not_assessable
            .iter()
            .map(|f| f.to_diagnostic(&set))
            .collect();
        not_assessable += na.len();
        if args.verbose {
            diagnostics.extend(na.iter().cloned());
        }
        diagnostic::sort(&mut diagnostics);
        for d in &diagnostics {
            counts[d.severity as usize] += 1;
            failing |= d.severity >= threshold;
        }
        match args.format {
            ParseFormat::Human => out.write_all(human::render(&parsed.source, &diagnostics, style).as_bytes())?,
            ParseFormat::Json => documents.push(json!({
                "file": name,
                "template": parsed.report.template,
                "diagnostics": diagnostics.iter().map(|d| json::diagnostic_json(&parsed.source, d, lang)).collect::<Vec<_>>(),
                "not_assessable": na.iter().map(|d| json::diagnostic_json(&parsed.source, d, lang)).collect::<Vec<_>>(),
                "passed": evaluation.passed,
            })),
        }
    }
    match args.format {
        ParseFormat::Json => {
            let doc = json!({ "schema": "xxgk-lint/check", "version": 1, "files": documents });
            writeln!(
                out,
                "{}",
                serde_json::to_string_pretty(&doc).map_err(io::Error::other)?
            )?;
        }
        ParseFormat::Human => {
            let [info, warning, error] = counts;
            let line = match lang {
                crate::diagnostic::Lang::Zh => format!(
                    "检查了 {} 个文件：{error} 个错误，{warning} 个警告，{info} 个提示，{not_assessable} 处无法评估",
                    args.files.len()
                ),
                crate::diagnostic::Lang::En => format!(
                    "checked {} file(s): {error} error(s), {warning} warning(s), {info} info, {not_assessable} not assessable",
                    args.files.len()
                ),
            };
            writeln!(out, "{line}")?;
        }
    }
    Ok(if had_errors {
        ExitStatus::Error
    } else if failing {
        ExitStatus::Failure
    } else {
        ExitStatus::Success
    })
}
