//! A pack's fixtures, as they lie beside its rules under `<pack>/tests/` (docs/rules.md,
//! "Testing a pack"):
//!
//! - `<rule-name>/pass*.txt` and `<rule-name>/fail-N*.txt` (also `.docx`, `.html`, `.pdf`):
//!   reports on which the rule must hold, or fail exactly N times;
//! - `<rule-name>.toml`: cases built from a report with textual edits (`[[case]]` with `name`,
//!   `base`, `edits`, `failures`, and optionally `lines`, `applies`, `not_assessable`,
//!   `previous`, `previous_edits`, `previous_text`);
//! - `settings.toml`: `[settings]` every case runs with (`province = "河南"`).
//!
//! Paths in a recipe (`base`, `previous`) are relative to the recipe's own folder.

use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// One case: a report (and maybe its previous year) and what the rule must make of it.
#[derive(Debug, Clone)]
pub struct Case {
    /// Id of the rule the case is for (`national/sec3-balance`).
    pub rule: String,
    /// `sec3-balance/fail-1.txt` or `sec3-balance.toml#fail`.
    pub name: String,
    /// The file the case comes from, for messages.
    pub file: PathBuf,
    /// Name the report is read under: where its findings point.
    pub report_name: String,
    pub report: Vec<u8>,
    pub previous: Option<Vec<u8>>,
    pub expect: Expect,
}

/// What a case expects of its rule.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Expect {
    pub failures: usize,
    /// Lines (1-based, in the text view) of the failures, when the case names them.
    pub lines: Option<Vec<usize>>,
    pub not_assessable: usize,
    /// False: the rule's guards must not hold (no instance at all).
    pub applies: bool,
}

impl Expect {
    /// A case on which the rule applies and holds.
    pub fn is_pass(&self) -> bool {
        self.applies && self.failures == 0 && self.not_assessable == 0
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Recipe {
    case: Vec<RecipeCase>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RecipeCase {
    name: String,
    base: String,
    #[serde(default)]
    edits: Vec<(String, String)>,
    previous: Option<String>,
    #[serde(default)]
    previous_edits: Vec<(String, String)>,
    previous_text: Option<String>,
    failures: usize,
    lines: Option<Vec<usize>>,
    #[serde(default = "yes")]
    applies: bool,
    #[serde(default)]
    not_assessable: usize,
}

/// Expectations beside a report fixture: `fail-1.toml` next to `fail-1.txt`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Sidecar {
    failures: Option<usize>,
    lines: Option<Vec<usize>>,
    #[serde(default = "yes")]
    applies: bool,
    #[serde(default)]
    not_assessable: usize,
    previous: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SettingsFile {
    #[serde(default)]
    settings: BTreeMap<String, String>,
}

fn yes() -> bool {
    true
}

/// Report files a fixture folder may hold.
const REPORT_EXTENSIONS: &[&str] = &["txt", "docx", "html", "htm", "pdf"];

/// The fixtures of the pack in `pack_dir` whose rules are named `<pack>/<name>`, and the
/// settings they run with. Every problem (an unreadable file, a bad recipe, an edit whose text
/// does not occur) is returned as a message naming the file.
pub fn load(pack_dir: &Path, pack: &str) -> (Vec<Case>, BTreeMap<String, String>, Vec<String>) {
    let dir = pack_dir.join("tests");
    let mut cases = Vec::new();
    let mut problems = Vec::new();
    let mut settings = BTreeMap::new();
    let settings_file = dir.join("settings.toml");
    if settings_file.is_file() {
        match read_text(&settings_file).and_then(|t| {
            toml::from_str::<SettingsFile>(&t)
                .map_err(|e| format!("{}: {e}", settings_file.display()))
        }) {
            Ok(s) => settings = s.settings,
            Err(e) => problems.push(e),
        }
    }
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return (cases, settings, problems);
    };
    let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    for path in paths {
        let name = file_name(&path);
        if path.is_dir() {
            folder_cases(&path, &format!("{pack}/{name}"), &mut cases, &mut problems);
        } else if let Some(rule) = name.strip_suffix(".toml").filter(|&r| r != "settings") {
            recipe_cases(&path, &format!("{pack}/{rule}"), &mut cases, &mut problems);
        }
    }
    (cases, settings, problems)
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn read_text(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path)
        .map(|t| t.replace("\r\n", "\n"))
        .map_err(|e| format!("{}: {e}", path.display()))
}

fn read_bytes(path: &Path) -> Result<Vec<u8>, String> {
    std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))
}

/// The cases of a folder `<rule-name>/` of report files.
fn folder_cases(dir: &Path, rule: &str, cases: &mut Vec<Case>, problems: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        problems.push(format!("{}: cannot be read", dir.display()));
        return;
    };
    let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    for path in paths {
        let extension = path
            .extension()
            .map(|e| e.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        if !REPORT_EXTENSIONS.contains(&extension.as_str()) {
            continue;
        }
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        // A `previous-*` file is the year before of the case that names it.
        if stem.starts_with("previous") {
            continue;
        }
        match folder_case(dir, &path, &stem, rule) {
            Ok(case) => cases.push(case),
            Err(e) => problems.push(e),
        }
    }
}

fn folder_case(dir: &Path, path: &Path, stem: &str, rule: &str) -> Result<Case, String> {
    let from_name = if stem.starts_with("pass") {
        Some(0)
    } else if let Some(rest) = stem.strip_prefix("fail-") {
        rest.split(['-', '.']).next().and_then(|n| n.parse().ok())
    } else {
        None
    };
    let sidecar_path = dir.join(format!("{stem}.toml"));
    let sidecar = if sidecar_path.is_file() {
        Some(
            toml::from_str::<Sidecar>(&read_text(&sidecar_path)?)
                .map_err(|e| format!("{}: {e}", sidecar_path.display()))?,
        )
    } else {
        None
    };
    let failures = sidecar
        .as_ref()
        .and_then(|s| s.failures)
        .or(from_name)
        .ok_or_else(|| {
            format!(
                "{}: name report fixtures pass*.<ext> or fail-N*.<ext>, or give `failures` in {stem}.toml",
                path.display()
            )
        })?;
    let previous = match sidecar.as_ref().and_then(|s| s.previous.as_ref()) {
        Some(p) => Some(read_bytes(&dir.join(p))?),
        None => None,
    };
    let expect = Expect {
        failures,
        lines: sidecar.as_ref().and_then(|s| s.lines.clone()),
        not_assessable: sidecar.as_ref().map_or(0, |s| s.not_assessable),
        applies: sidecar.as_ref().is_none_or(|s| s.applies),
    };
    let name = file_name(path);
    Ok(Case {
        rule: rule.to_string(),
        name: format!("{}/{name}", rule.rsplit('/').next().unwrap_or(rule)),
        file: path.to_path_buf(),
        report_name: format!("{rule}/{name}"),
        report: read_bytes(path)?,
        previous,
        expect,
    })
}

/// `text` with every edit applied; an edit whose `from` does not occur is an error (the base
/// changed under the recipe).
fn edited(mut text: String, edits: &[(String, String)], what: &str) -> Result<String, String> {
    for (from, to) in edits {
        if !text.contains(from.as_str()) {
            return Err(format!("{what}: the edit's `from` {from:?} does not occur"));
        }
        text = text.replace(from.as_str(), to);
    }
    Ok(text)
}

/// The cases of a recipe `<rule-name>.toml`.
fn recipe_cases(path: &Path, rule: &str, cases: &mut Vec<Case>, problems: &mut Vec<String>) {
    let recipe = match read_text(path)
        .and_then(|t| toml::from_str::<Recipe>(&t).map_err(|e| format!("{}: {e}", path.display())))
    {
        Ok(r) => r,
        Err(e) => {
            problems.push(e);
            return;
        }
    };
    let folder = path.parent().unwrap_or(Path::new("."));
    let short = rule.rsplit('/').next().unwrap_or(rule);
    for c in recipe.case {
        let what = format!("{}#{}", path.display(), c.name);
        let built = (|| -> Result<Case, String> {
            let base = folder.join(&c.base);
            let report = edited(read_text(&base)?, &c.edits, &what)?;
            let previous = match (&c.previous, &c.previous_text) {
                (Some(p), None) => Some(edited(
                    read_text(&folder.join(p))?,
                    &c.previous_edits,
                    &what,
                )?),
                (None, Some(t)) => Some(t.clone()),
                (None, None) => None,
                (Some(_), Some(_)) => {
                    return Err(format!("{what}: previous or previous_text, not both"));
                }
            };
            Ok(Case {
                rule: rule.to_string(),
                name: format!("{short}.toml#{}", c.name),
                file: path.to_path_buf(),
                // The reader is chosen by the content (the name has no extension), and the
                // name shows in the case's rendered findings.
                report_name: format!("{rule}#{}", c.name),
                report: report.into_bytes(),
                previous: previous.map(String::into_bytes),
                expect: Expect {
                    failures: c.failures,
                    lines: c.lines.clone(),
                    not_assessable: c.not_assessable,
                    applies: c.applies,
                },
            })
        })();
        match built {
            Ok(case) => cases.push(case),
            Err(e) => problems.push(e),
        }
    }
}
