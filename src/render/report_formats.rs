//! `check` output formats other than the human one: the versioned JSON document, SARIF 2.1.0,
//! GitHub workflow annotations and JUnit XML. Each is fed one file at a time, in order, and
//! finishes with the run's summary.

use super::json::{failed_file_json, location};
use super::json_stream;
use crate::diagnostic::{Diagnostic, Lang, Severity};
use crate::rules::RuleSet;
use crate::source::SourceFile;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::io::{self, Write};

/// Version of the `check` JSON document (`docs/check-json.md`).
pub const CHECK_SCHEMA_VERSION: u32 = 1;

/// One linted file.
pub struct Linted<'a> {
    /// The decoded source.
    pub source: &'a SourceFile,
    /// The template the report follows.
    pub template: &'a str,
    /// The report's table cells (for formats that draw the tables: `serve`'s page).
    pub cells: &'a crate::report::Cells,
    /// Findings and structural diagnostics, sorted by position.
    pub diagnostics: &'a [Diagnostic],
    /// Instances that could not be assessed.
    pub not_assessable: &'a [Diagnostic],
    /// Instances that passed.
    pub passed: usize,
}

/// A problem of the run rather than of one report: a rule file that does not load, a rules
/// directory without rules. Every format shows it (JSON `rule_errors`, SARIF
/// `toolExecutionNotifications`, a JUnit error, a GitHub annotation, the summary line).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RunProblem {
    /// The rule file or directory.
    pub file: String,
    /// 1-based line and column of the problem in `file`, when it has a place.
    pub line: Option<usize>,
    pub column: Option<usize>,
    /// `rules/syntax`, `rules/unknown-path`, `rules/dir`…
    pub code: String,
    pub message: String,
}

/// Totals over the run.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    /// Rule files and directories that did not load (the rules that did load still ran).
    pub problems: Vec<RunProblem>,
    /// Files read.
    pub files: usize,
    /// Files that could not be read or decoded.
    pub unreadable: usize,
    /// Diagnostics by severity: info, warning, error.
    pub counts: [usize; 3],
    /// Not-assessable instances.
    pub not_assessable: usize,
    /// Findings a waiver covers (shown, not counted in `counts`).
    pub waived: usize,
    /// Findings left out because the baseline holds them.
    pub baselined: usize,
    /// Whether the output lists the not-assessable instances (`--verbose`); if not, the summary
    /// line says how to.
    pub not_assessable_listed: bool,
}

/// The line that ends human and concise output: files checked, unreadable ones, diagnostics by
/// severity and not-assessable checks.
pub fn summary_line(lang: Lang, s: &Summary) -> String {
    let [info, warning, error] = s.counts;
    let files = s.files + s.unreadable;
    let (unreadable, na) = (s.unreadable, s.not_assessable);
    let how = if na > 0 && !s.not_assessable_listed {
        match lang {
            Lang::Zh => "（--verbose 列出）",
            Lang::En => " (--verbose lists them)",
        }
    } else {
        ""
    };
    let rule_errors = s.problems.len();
    let mut line = match lang {
        Lang::Zh => format!("检查了 {files} 个文件："),
        Lang::En => format!("checked {files} file(s): "),
    };
    if rule_errors > 0 {
        line.push_str(&match lang {
            Lang::Zh => format!("{rule_errors} 个规则文件错误，"),
            Lang::En => format!("{rule_errors} rule-file error(s), "),
        });
    }
    if unreadable > 0 {
        line.push_str(&match lang {
            Lang::Zh => format!("{unreadable} 个文件无法读取，"),
            Lang::En => format!("{unreadable} unreadable, "),
        });
    }
    line.push_str(&match lang {
        Lang::Zh => {
            format!("{error} 个错误，{warning} 个警告，{info} 个提示，{na} 处无法评估")
        }
        Lang::En => {
            format!("{error} error(s), {warning} warning(s), {info} info, {na} not assessable")
        }
    });
    if s.waived > 0 {
        line.push_str(&match lang {
            Lang::Zh => format!("，{} 个已豁免", s.waived),
            Lang::En => format!(", {} waived", s.waived),
        });
    }
    if s.baselined > 0 {
        line.push_str(&match lang {
            Lang::Zh => format!("，{} 个见于基线未列出", s.baselined),
            Lang::En => format!(", {} in the baseline not shown", s.baselined),
        });
    }
    line + how
}

/// One file's share of the output, rendered on a worker thread.
#[derive(Debug, Default)]
pub struct Part {
    /// The text to write for the file (streaming formats) or to keep (SARIF results, JUnit cases).
    pub text: String,
    /// Rule ids and severities the file's diagnostics use (SARIF rule metadata).
    pub codes: Vec<(String, Severity)>,
    /// For JUnit: the file fails (a finding at the fail level) or could not be read.
    pub failed: bool,
    /// For JUnit: the file could not be read.
    pub unreadable: bool,
    /// For SARIF: the file could not be read (a tool execution notification).
    pub problem: Option<RunProblem>,
}

/// The rendering half of a format: runs on worker threads, one file at a time.
pub trait Render: Sync {
    /// Renders a linted file.
    fn render(&self, linted: &Linted<'_>) -> Part;
    /// Renders a file that could not be read or decoded.
    fn render_unreadable(&self, name: &str, message: &str) -> Part;
    /// Whether the format lists the not-assessable checks of a file (they are built only then).
    fn lists_not_assessable(&self) -> bool {
        false
    }
}

/// The collecting half of a format: receives the parts in input order and ends the output.
pub trait Reporter {
    /// Takes the next part, in input order.
    fn accept(&mut self, out: &mut dyn Write, part: Part) -> io::Result<()>;
    /// The end of the run.
    fn finish(&mut self, out: &mut dyn Write, summary: &Summary) -> io::Result<()>;
}

/// The `check` JSON document, streamed.
#[derive(Clone)]
pub struct JsonReporter {
    /// Message language.
    pub lang: Lang,
    started: bool,
}

impl JsonReporter {
    /// A reporter in `lang`.
    pub fn new(lang: Lang) -> Self {
        JsonReporter {
            lang,
            started: false,
        }
    }

    /// Opens the document, or separates this file from the one before.
    fn header(&mut self, out: &mut dyn Write) -> io::Result<()> {
        if self.started {
            writeln!(out, ",")
        } else {
            self.started = true;
            open_check_document(out)?;
            writeln!(out)
        }
    }
}

fn open_check_document(out: &mut dyn Write) -> io::Result<()> {
    write!(
        out,
        "{{\"schema\":\"xxgk-lint/check\",\"version\":{CHECK_SCHEMA_VERSION},\"files\":["
    )
}

fn compact(v: &Value) -> String {
    serde_json::to_string(v).unwrap_or_default()
}

impl Render for JsonReporter {
    fn render(&self, l: &Linted<'_>) -> Part {
        // Written directly, keys in sorted order as serde_json would write the object.
        // About 800 bytes per diagnostic: sized once instead of grown and copied several times.
        let count = l.diagnostics.len() + l.not_assessable.len();
        let mut text = String::with_capacity(256 + 1024 * count);
        text.push_str("{\"diagnostics\":");
        json_stream::diagnostics(&mut text, l.source, l.diagnostics, self.lang);
        text.push_str(",\"encoding\":");
        json_stream::string(&mut text, &l.source.encoding);
        text.push_str(",\"file\":");
        json_stream::string(&mut text, &l.source.name);
        text.push_str(",\"not_assessable\":");
        json_stream::diagnostics(&mut text, l.source, l.not_assessable, self.lang);
        text.push_str(",\"passed\":");
        json_stream::number(&mut text, l.passed);
        text.push_str(",\"template\":");
        json_stream::string(&mut text, l.template);
        text.push('}');
        Part {
            text,
            ..Part::default()
        }
    }

    fn render_unreadable(&self, name: &str, message: &str) -> Part {
        Part {
            text: compact(&failed_file_json(name, message)),
            ..Part::default()
        }
    }
    fn lists_not_assessable(&self) -> bool {
        true
    }
}

impl Reporter for JsonReporter {
    fn accept(&mut self, out: &mut dyn Write, part: Part) -> io::Result<()> {
        self.header(out)?;
        out.write_all(part.text.as_bytes())
    }

    fn finish(&mut self, out: &mut dyn Write, s: &Summary) -> io::Result<()> {
        if !self.started {
            open_check_document(out)?;
        }
        let [info, warning, error] = s.counts;
        let summary = json!({ "files": s.files, "unreadable": s.unreadable, "rule_errors": s.problems.len(), "errors": error, "warnings": warning, "infos": info, "not_assessable": s.not_assessable, "waived": s.waived, "baselined": s.baselined });
        writeln!(
            out,
            "\n],\"rule_errors\":{},\"summary\":{}}}",
            compact(&json!(s.problems)),
            compact(&summary)
        )
    }
}

/// GitHub workflow commands (`::error file=…,line=…::message`).
#[derive(Clone)]
pub struct GithubReporter {
    /// Message language.
    pub lang: Lang,
}

/// Workflow-command data: `%`, CR and LF percent-encoded as the runner expects, other control
/// characters escaped visibly (the runner's log would show escape sequences as colours).
fn escape_data(s: &str) -> String {
    super::escape::text(s)
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

impl Render for GithubReporter {
    fn render(&self, l: &Linted<'_>) -> Part {
        let mut text = String::new();
        for d in l.diagnostics {
            // A waived finding stays visible in the pull request, as a notice.
            let level = match d.severity {
                _ if d.waived.is_some() => "notice",
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "notice",
            };
            let mut props = format!("file={}", escape_property(&l.source.name));
            if let Some(span) = d.anchor() {
                let (a, b) = l.source.span_line_cols(span);
                props.push_str(&format!(
                    ",line={},col={},endLine={},endColumn={}",
                    a.line,
                    a.column,
                    b.line,
                    b.column.max(a.column)
                ));
            }
            props.push_str(&format!(",title={}", escape_property(&d.code)));
            let prefix = if d.waived.is_some() {
                super::human::waived_prefix(self.lang)
            } else {
                ""
            };
            text.push_str(&format!(
                "::{level} {props}::{prefix}{}\n",
                escape_data(d.message.get(self.lang))
            ));
        }
        Part {
            text,
            ..Part::default()
        }
    }

    fn render_unreadable(&self, name: &str, message: &str) -> Part {
        Part {
            text: format!(
                "::error file={},title=xxgk-lint::{}\n",
                escape_property(name),
                escape_data(message)
            ),
            ..Part::default()
        }
    }
}

impl Reporter for GithubReporter {
    fn accept(&mut self, out: &mut dyn Write, part: Part) -> io::Result<()> {
        out.write_all(part.text.as_bytes())
    }

    fn finish(&mut self, out: &mut dyn Write, s: &Summary) -> io::Result<()> {
        for p in &s.problems {
            let mut props = format!("file={}", escape_property(&p.file));
            if let (Some(line), Some(col)) = (p.line, p.column) {
                props.push_str(&format!(",line={line},col={col}"));
            }
            props.push_str(&format!(",title={}", escape_property(&p.code)));
            writeln!(out, "::error {props}::{}", escape_data(&p.message))?;
        }
        Ok(())
    }
}

/// Text for XML 1.0 content and attribute values. XML 1.0 cannot carry most C0 controls even as
/// character references, so those (and C1 controls, bidi overrides and the non-characters
/// U+FFFE/U+FFFF) are escaped visibly as `\u{1b}`; tab, CR and LF become character references so
/// that attribute normalisation keeps them.
fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\u{fffe}' | '\u{ffff}' => out.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
            c if super::escape::is_unsafe(c) => {
                out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
            }
            c => out.push(c),
        }
    }
    out
}

/// JUnit XML: one test case per file, failing when it has a finding at the fail level.
#[derive(Clone)]
pub struct JunitReporter {
    /// Message language.
    pub lang: Lang,
    /// Severity that fails a test case.
    pub fail_on: Severity,
    cases: Vec<String>,
    failures: usize,
    errors: usize,
}

impl JunitReporter {
    /// A reporter failing cases at `fail_on`.
    pub fn new(lang: Lang, fail_on: Severity) -> Self {
        JunitReporter {
            lang,
            fail_on,
            cases: Vec::new(),
            failures: 0,
            errors: 0,
        }
    }
}

impl Render for JunitReporter {
    fn render(&self, l: &Linted<'_>) -> Part {
        let failing: Vec<&Diagnostic> = l
            .diagnostics
            .iter()
            .filter(|d| d.severity >= self.fail_on && d.waived.is_none())
            .collect();
        let name = xml(&l.source.name);
        if failing.is_empty() {
            return Part {
                text: format!("    <testcase classname=\"xxgk-lint\" name=\"{name}\"/>"),
                ..Part::default()
            };
        }
        let body: Vec<String> = failing
            .iter()
            .map(|d| {
                let line = d.anchor().map_or(0, |s| l.source.line_col(s.start).line);
                xml(&format!(
                    "{}:{line}: {}[{}]: {}",
                    l.source.name,
                    d.severity.as_str(),
                    d.code,
                    d.message.get(self.lang)
                ))
            })
            .collect();
        let text = format!(
            "    <testcase classname=\"xxgk-lint\" name=\"{name}\">\n      <failure message=\"{} problem(s)\" type=\"{}\">{}</failure>\n    </testcase>",
            failing.len(),
            failing
                .iter()
                .map(|d| d.severity)
                .max()
                .unwrap_or(Severity::Error)
                .as_str(),
            body.join("\n")
        );
        Part {
            text,
            failed: true,
            ..Part::default()
        }
    }

    fn render_unreadable(&self, name: &str, message: &str) -> Part {
        let text = format!(
            "    <testcase classname=\"xxgk-lint\" name=\"{}\">\n      <error message=\"{}\"/>\n    </testcase>",
            xml(name),
            xml(message)
        );
        Part {
            text,
            unreadable: true,
            ..Part::default()
        }
    }
}

impl Reporter for JunitReporter {
    fn accept(&mut self, _: &mut dyn Write, part: Part) -> io::Result<()> {
        self.failures += usize::from(part.failed);
        self.errors += usize::from(part.unreadable);
        self.cases.push(part.text);
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, s: &Summary) -> io::Result<()> {
        // A rule file that does not load is an errored case of its own.
        for p in &s.problems {
            let place = match (p.line, p.column) {
                (Some(line), Some(col)) => format!("{}:{line}:{col}", p.file),
                _ => p.file.clone(),
            };
            self.cases.push(format!(
                "    <testcase classname=\"xxgk-lint.rules\" name=\"{}\">\n      <error type=\"{}\" message=\"{}\"/>\n    </testcase>",
                xml(&place),
                xml(&p.code),
                xml(&p.message)
            ));
            self.errors += 1;
        }
        let tests = s.files + s.unreadable + s.problems.len();
        writeln!(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>")?;
        writeln!(
            out,
            "<testsuites name=\"xxgk-lint\" tests=\"{tests}\" failures=\"{}\" errors=\"{}\">",
            self.failures, self.errors
        )?;
        writeln!(
            out,
            "  <testsuite name=\"xxgk-lint\" tests=\"{tests}\" failures=\"{}\" errors=\"{}\">",
            self.failures, self.errors
        )?;
        for c in &self.cases {
            writeln!(out, "{c}")?;
        }
        writeln!(out, "  </testsuite>\n</testsuites>")
    }
}

/// SARIF 2.1.0 as GitHub code scanning reads it: rule metadata, results with regions (1-based,
/// columns in Unicode code points), logical locations for cells. Results stream; the rule
/// metadata, known only at the end, follows them (JSON objects are unordered).
#[derive(Clone)]
pub struct SarifReporter<'r> {
    /// Message language.
    pub lang: Lang,
    /// The rules, for their metadata.
    pub rules: &'r RuleSet,
    started: bool,
    results_written: bool,
    used: BTreeMap<String, Severity>,
    /// Files that could not be read, for `toolExecutionNotifications`.
    notifications: Vec<RunProblem>,
}

impl<'r> SarifReporter<'r> {
    /// A reporter describing rules from `rules`.
    pub fn new(lang: Lang, rules: &'r RuleSet) -> Self {
        SarifReporter {
            lang,
            rules,
            started: false,
            results_written: false,
            used: BTreeMap::new(),
            notifications: Vec::new(),
        }
    }

    fn head(&mut self, out: &mut dyn Write) -> io::Result<()> {
        if !self.started {
            self.started = true;
            write!(
                out,
                "{{\"$schema\":\"https://json.schemastore.org/sarif-2.1.0.json\",\"version\":\"2.1.0\",\"runs\":[{{\"columnKind\":\"unicodeCodePoints\",\"results\":["
            )?;
        }
        Ok(())
    }
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A file name as a SARIF `artifactLocation.uri`, which must be an RFC 3986 URI reference:
/// every byte other than an unreserved character, `/` or a sub-delimiter is percent-encoded
/// (UTF-8), so a name with spaces, Chinese, `#`, `?`, `%` or `:` stays one relative path that
/// readers decode back to the name. On Windows `\` separates directories and becomes `/`.
fn artifact_uri(name: &str) -> String {
    let mut uri = String::with_capacity(name.len());
    for b in name.bytes() {
        match b {
            b'\\' if cfg!(windows) => uri.push('/'),
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                uri.push(char::from(b));
            }
            b'!' | b'$' | b'&' | b'\'' | b'(' | b')' | b'*' | b'+' | b',' | b';' | b'=' | b'@' => {
                uri.push(char::from(b));
            }
            _ => uri.push_str(&format!("%{b:02X}")),
        }
    }
    uri
}

fn region(source: &SourceFile, span: crate::source::Span) -> Value {
    let loc = location(source, span);
    let (line, col) = (
        loc["line"].as_u64().unwrap_or(1).max(1),
        loc["column"].as_u64().unwrap_or(1).max(1),
    );
    let (end_line, end_col) = (
        loc["end_line"].as_u64().unwrap_or(line).max(line),
        loc["end_column"].as_u64().unwrap_or(col),
    );
    let end_col = if end_line == line {
        end_col.max(col)
    } else {
        end_col.max(1)
    };
    let mut region =
        json!({ "startLine": line, "startColumn": col, "endLine": end_line, "endColumn": end_col });
    if let Some(page) = loc.get("page") {
        region["properties"] = json!({ "page": page });
    }
    if let Some(word) = loc.get("word") {
        region["properties"] = json!({ "word": word });
    }
    region
}

impl Render for SarifReporter<'_> {
    fn render(&self, l: &Linted<'_>) -> Part {
        let mut text = String::new();
        let mut codes = Vec::new();
        let uri = artifact_uri(&l.source.name);
        for d in l.diagnostics {
            codes.push((d.code.clone(), d.severity));
            let physical = |span| json!({ "artifactLocation": { "uri": uri }, "region": region(l.source, span) });
            let mut location = json!({ "physicalLocation": d.anchor().map_or_else(|| json!({ "artifactLocation": { "uri": uri } }), physical) });
            if let Some(path) = &d.cell_path {
                location["logicalLocations"] =
                    json!([{ "fullyQualifiedName": path, "kind": "element" }]);
            }
            let related: Vec<Value> = d
                .labels
                .iter()
                .filter(|x| !x.primary)
                .enumerate()
                .map(|(i, x)| json!({ "id": i + 1, "physicalLocation": physical(x.span), "message": { "text": x.message.get(self.lang) } }))
                .collect();
            let mut message = d.message.get(self.lang).to_string();
            for n in &d.notes {
                message.push('\n');
                message.push_str(n.get(self.lang));
            }
            let mut result = json!({ "ruleId": d.code, "level": level(d.severity), "message": { "text": message }, "locations": [location] });
            if let Some(w) = &d.waived {
                // SARIF's own way to say an approved exception: code scanning shows the result
                // as dismissed.
                result["suppressions"] = json!([{ "kind": "external", "status": "accepted", "justification": super::human::waiver_note(w, self.lang) }]);
            }
            if !related.is_empty() {
                result["relatedLocations"] = Value::Array(related);
            }
            text.push_str(",\n");
            text.push_str(&compact(&result));
        }
        Part {
            text,
            codes,
            ..Part::default()
        }
    }

    fn render_unreadable(&self, name: &str, message: &str) -> Part {
        let result = json!({ "ruleId": "io/unreadable", "level": "error", "message": { "text": message }, "locations": [{ "physicalLocation": { "artifactLocation": { "uri": artifact_uri(name) } } }] });
        Part {
            text: format!(",\n{}", compact(&result)),
            codes: vec![("io/unreadable".into(), Severity::Error)],
            problem: Some(RunProblem {
                file: name.to_string(),
                line: None,
                column: None,
                code: "io/unreadable".into(),
                message: message.to_string(),
            }),
            ..Part::default()
        }
    }
}

impl SarifReporter<'_> {
    /// `tool.driver.rules[]` for one code, in the reporter's language: a rule's title, help and
    /// documentation; a reader code's description; any other code (`io/unreadable`) by its id.
    fn rule_metadata(&self, id: &str, sev: Severity) -> Value {
        if let Some(r) = self.rules.rules.iter().find(|r| r.id == id) {
            let title = r.title_in(self.lang);
            let help = r.help_in(self.lang).unwrap_or(title);
            // A rule's `doc` is written in Chinese only; in English the help describes it.
            let full = match self.lang {
                Lang::Zh => r.doc.as_deref().unwrap_or(title),
                Lang::En => help,
            };
            return json!({
                "id": id,
                "shortDescription": { "text": title },
                "fullDescription": { "text": full },
                "help": { "text": help },
                "defaultConfiguration": { "level": level(r.severity) },
            });
        }
        match crate::codes::CODES.iter().find(|c| c.id == id) {
            Some(c) => {
                let text = match self.lang {
                    Lang::Zh => c.zh,
                    Lang::En => c.en,
                };
                json!({ "id": id, "shortDescription": { "text": text }, "defaultConfiguration": { "level": level(sev) } })
            }
            None => {
                json!({ "id": id, "shortDescription": { "text": id }, "defaultConfiguration": { "level": level(sev) } })
            }
        }
    }
}

impl Reporter for SarifReporter<'_> {
    fn accept(&mut self, out: &mut dyn Write, part: Part) -> io::Result<()> {
        self.head(out)?;
        self.notifications.extend(part.problem);
        for (code, sev) in part.codes {
            self.used.entry(code).or_insert(sev);
        }
        if part.text.is_empty() {
            return Ok(());
        }
        // Every result is rendered with a separator before it; the first one needs none.
        let text = if self.results_written {
            part.text.as_str()
        } else {
            part.text.trim_start_matches(",\n")
        };
        self.results_written = true;
        out.write_all(text.as_bytes())
    }

    fn finish(&mut self, out: &mut dyn Write, s: &Summary) -> io::Result<()> {
        self.head(out)?;
        let rules: Vec<Value> = self
            .used
            .iter()
            .map(|(id, sev)| self.rule_metadata(id, *sev))
            .collect();
        let tool = json!({ "driver": { "name": "xxgk-lint", "version": env!("CARGO_PKG_VERSION"), "rules": rules } });
        // Files that could not be read and rule files that did not load: the run did not do
        // all it was asked to.
        let notifications: Vec<Value> = s
            .problems
            .iter()
            .chain(&self.notifications)
            .map(|p| {
                let mut location = json!({ "physicalLocation": { "artifactLocation": { "uri": artifact_uri(&p.file) } } });
                if let (Some(line), Some(col)) = (p.line, p.column) {
                    location["physicalLocation"]["region"] = json!({ "startLine": line, "startColumn": col });
                }
                json!({ "level": "error", "message": { "text": p.message }, "descriptor": { "id": p.code }, "locations": [location] })
            })
            .collect();
        let invocation = json!({ "executionSuccessful": notifications.is_empty(), "toolExecutionNotifications": notifications });
        writeln!(
            out,
            "\n],\"invocations\":[{}],\"tool\":{}}}]}}",
            compact(&invocation),
            compact(&tool)
        )
    }
}
