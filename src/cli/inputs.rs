//! What `check` reads: files, directories walked recursively (include/exclude globs), or standard
//! input. The list is sorted so output is the same whatever the order on disk.

use globset::{Glob, GlobSet, GlobSetBuilder};
use std::path::{Path, PathBuf};

/// One report to read.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Input {
    /// A file on disk.
    File(PathBuf),
    /// Standard input, shown under this name.
    Stdin(String),
}

impl Input {
    /// The name shown in output.
    pub fn name(&self) -> String {
        match self {
            Input::File(p) => p.display().to_string(),
            Input::Stdin(n) => n.clone(),
        }
    }
}

/// Globs that pick report files in directories.
pub struct Filter {
    include: GlobSet,
    exclude: GlobSet,
}

/// Files taken from directories when no `--include` is given: every format a report comes
/// in, including those no reader handles (PDF, `.doc`, `.wps`), so that a gate never passes a
/// report it did not read; those get an error of their own (exclude them to skip them).
pub const DEFAULT_INCLUDE: &[&str] = &[
    "*.txt", "*.text", "*.docx", "*.html", "*.htm", "*.doc", "*.wps", "*.pdf",
];

impl Filter {
    /// Builds the filter; globs without a `/` match file names, others whole paths.
    pub fn new(include: &[String], exclude: &[String]) -> Result<Filter, globset::Error> {
        let build = |patterns: &[String]| -> Result<GlobSet, globset::Error> {
            let mut b = GlobSetBuilder::new();
            for p in patterns {
                b.add(Glob::new(p)?);
            }
            b.build()
        };
        let include: Vec<String> = if include.is_empty() {
            DEFAULT_INCLUDE.iter().map(|s| s.to_string()).collect()
        } else {
            include.to_vec()
        };
        Ok(Filter {
            include: build(&include)?,
            exclude: build(exclude)?,
        })
    }

    fn matches(set: &GlobSet, path: &Path) -> bool {
        set.is_match(path) || path.file_name().is_some_and(|n| set.is_match(n))
    }

    /// Whether a file found in a directory is linted.
    pub fn wants(&self, path: &Path) -> bool {
        Self::matches(&self.include, path) && !Self::matches(&self.exclude, path)
    }

    /// Whether a path named on the command line is skipped.
    pub fn excludes(&self, path: &Path) -> bool {
        Self::matches(&self.exclude, path)
    }
}

/// Expands the command-line paths. `-` is standard input. Problems (a missing path, an
/// unreadable directory) are returned as messages; the other inputs are still listed.
pub fn expand(paths: &[PathBuf], stdin_name: &str, filter: &Filter) -> (Vec<Input>, Vec<String>) {
    let mut out = Vec::new();
    let mut problems = Vec::new();
    for p in paths {
        if p.as_os_str() == "-" {
            out.push(Input::Stdin(stdin_name.to_string()));
        } else if p.is_dir() {
            let mut found = Vec::new();
            walk(p, filter, &mut found, &mut problems);
            found.sort();
            out.extend(found.into_iter().map(Input::File));
        } else if !filter.excludes(p) {
            // A named file is read even if it is missing: reading reports the error by name.
            out.push(Input::File(p.clone()));
        }
    }
    (out, problems)
}

fn walk(dir: &Path, filter: &Filter, out: &mut Vec<PathBuf>, problems: &mut Vec<String>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            problems.push(format!("{}: {e}", dir.display()));
            return;
        }
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let hidden = path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('.'));
        if hidden || filter.excludes(&path) {
            continue;
        }
        // The entry's own type comes with the directory listing; only a symbolic link needs a
        // `stat` to learn whether it leads to a directory.
        let is_dir = match entry.file_type() {
            Ok(t) if !t.is_symlink() => t.is_dir(),
            _ => path.is_dir(),
        };
        if is_dir {
            walk(&path, filter, out, problems);
        } else if filter.wants(&path) {
            out.push(path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directories_are_walked_sorted_with_globs() {
        let dir = std::env::temp_dir().join(format!("xxgk-inputs-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("b/old")).unwrap();
        for f in ["b/2.txt", "a.txt", "notes.md", "b/old/1.txt", ".hidden.txt"] {
            std::fs::write(dir.join(f), "x").unwrap();
        }
        let filter = Filter::new(&[], &["old".into()]).unwrap();
        let (inputs, problems) = expand(&[dir.clone(), PathBuf::from("-")], "stdin.txt", &filter);
        assert!(problems.is_empty());
        let names: Vec<String> = inputs
            .iter()
            .map(|i| i.name().replace(&dir.display().to_string(), "D"))
            .collect();
        assert_eq!(names, vec!["D/a.txt", "D/b/2.txt", "stdin.txt"]);
    }
}
