//! A rule directory (`--rules DIR`, the configuration's `rules`): the `*.rule` files in it, found by
//! the same walker as report directories (hidden entries and symbolic links inside skipped, no
//! special file opened), loaded as a pack named after the directory.

use super::RuleSource;
use crate::render::escape::path_name;
use crate::source::SourceFile;
use crate::walk;
use std::path::Path;

/// The rule files of `dir` and the problems met: unreadable entries and files (`error:` lines,
/// the other files are still loaded) and entries skipped on purpose (`note:` lines).
pub struct Loaded {
    /// One source per rule file, in path order.
    pub sources: Vec<RuleSource>,
    /// Entries skipped on purpose.
    pub notes: Vec<String>,
    /// Directories and files that could not be read, and a bad `pack.toml`.
    pub problems: Vec<String>,
    /// The pack's metadata (`None` when its `pack.toml` is refused).
    pub info: Option<super::pack::PackInfo>,
}

/// Loads the rule files under `dir`.
pub fn load(dir: &Path) -> Loaded {
    // A pack.toml names the pack; a pack needing a newer xxgk-lint is not loaded at all.
    let info = match super::pack::read(dir, &pack_name(dir)) {
        Ok(info) => info,
        Err(problem) => {
            return Loaded {
                sources: Vec::new(),
                notes: Vec::new(),
                problems: vec![problem],
                info: None,
            };
        }
    };
    let pack = info.name.clone();
    let is_rule = |p: &Path| p.extension().is_some_and(|e| e == "rule");
    let found = walk::walk(dir, false, &is_rule, &|_| false);
    let mut problems = found.problems;
    let mut sources = Vec::new();
    for path in found.files {
        match std::fs::read_to_string(&path) {
            // Rule files may be written on Windows.
            Ok(text) => sources.push(RuleSource {
                pack: pack.clone(),
                file: SourceFile::new(path_name(&path), text.replace("\r\n", "\n"), "UTF-8"),
            }),
            Err(e) => problems.push(format!("{}: {e}", path_name(&path))),
        }
    }
    Loaded {
        sources,
        notes: found.notes,
        problems,
        info: Some(info),
    }
}

/// The name of the pack in `dir`: the directory's own name (`local` for `.`).
pub fn pack_name(dir: &Path) -> String {
    dir.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .filter(|n| !n.is_empty() && n != "." && n != "..")
        .unwrap_or_else(|| "local".into())
}
