//! What `check` reads: files, directories walked recursively (include/exclude globs), or standard
//! input. Each directory's files are sorted so output is the same whatever the order on disk.

use crate::render::escape;
use crate::walk;
use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
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
    /// The name shown in output (escaped: see [`escape::path_name`]).
    pub fn name(&self) -> String {
        match self {
            Input::File(p) => escape::path_name(p),
            Input::Stdin(n) => escape::name(n).into_owned(),
        }
    }
}

/// Globs that pick report files in directories.
pub struct Filter {
    include: GlobSet,
    exclude: GlobSet,
}

/// Files taken from directories when no `--include` is given: every format a report comes
/// in, including those no reader handles (`.doc`, `.wps`), so that a gate never passes a
/// report it did not read; those get an error of their own (exclude them to skip them).
pub const DEFAULT_INCLUDE: &[&str] = &[
    "*.txt", "*.text", "*.docx", "*.html", "*.htm", "*.doc", "*.wps", "*.pdf",
];

/// Path globs as every path option reads them: ignoring case, since offices save `年报.TXT` as
/// often as `年报.txt`.
pub fn path_globs(patterns: &[String]) -> Result<GlobSet, globset::Error> {
    let mut b = GlobSetBuilder::new();
    for p in patterns {
        b.add(GlobBuilder::new(p).case_insensitive(true).build()?);
    }
    b.build()
}

impl Filter {
    /// Builds the filter; globs without a `/` match file names, others whole paths. Globs
    /// ignore case: offices save `年报.TXT` and `年报.DOCX` as often as the lower-case names,
    /// and a gate must not pass them unread.
    pub fn new(include: &[String], exclude: &[String]) -> Result<Filter, globset::Error> {
        let include: Vec<String> = if include.is_empty() {
            DEFAULT_INCLUDE.iter().map(|s| s.to_string()).collect()
        } else {
            include.to_vec()
        };
        Ok(Filter {
            include: path_globs(&include)?,
            exclude: path_globs(exclude)?,
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

/// What the command-line paths expand to.
#[derive(Debug, Default)]
pub struct Expanded {
    /// The reports, in command-line order, each directory's files sorted.
    pub inputs: Vec<Input>,
    /// Entries skipped on purpose while walking (`note:` lines).
    pub notes: Vec<String>,
    /// Directories or entries that could not be read (`error:` lines).
    pub problems: Vec<String>,
    /// Files in the directories that the include globs passed over.
    pub ignored: usize,
}

/// Expands the command-line paths. `-` is standard input. Directories are walked by
/// [`walk::walk`]; symbolic links inside them are followed only with `follow`. Problems (an
/// unreadable directory) are returned as messages; the other inputs are still listed.
pub fn expand(paths: &[PathBuf], stdin_name: &str, filter: &Filter, follow: bool) -> Expanded {
    let mut out = Expanded::default();
    for p in paths {
        if p.as_os_str() == "-" {
            out.inputs.push(Input::Stdin(stdin_name.to_string()));
        } else if p.is_dir() {
            let found = walk::walk(p, follow, &|f| filter.wants(f), &|f| filter.excludes(f));
            out.inputs.extend(found.files.into_iter().map(Input::File));
            out.notes.extend(found.notes);
            out.problems.extend(found.problems);
            out.ignored += found.ignored;
        } else if !filter.excludes(p) {
            // A named file is read even if it is missing: reading reports the error by name.
            out.inputs.push(Input::File(p.clone()));
        }
    }
    out
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
        let found = expand(
            &[dir.clone(), PathBuf::from("-")],
            "stdin.txt",
            &filter,
            false,
        );
        assert!(found.problems.is_empty() && found.notes.is_empty());
        let names: Vec<String> = found
            .inputs
            .iter()
            .map(|i| i.name().replace(&dir.display().to_string(), "D"))
            .collect();
        assert_eq!(names, vec!["D/a.txt", "D/b/2.txt", "stdin.txt"]);
    }
}
