//! Directory walking for report directories and rule directories, as ripgrep does it:
//! hidden entries skipped, symbolic links not followed unless asked (and then loops detected,
//! so `ln -s . self` is walked once), FIFOs, sockets and devices skipped with a note instead of
//! read (a FIFO would block the run). Entries come sorted by name, so output is deterministic.

use crate::render::escape::path_name;
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

/// What walking one directory found.
#[derive(Debug, Default)]
pub struct Walk {
    /// Regular files wanted, in path order.
    pub files: Vec<PathBuf>,
    /// Entries skipped on purpose (links not followed, loops, special files): `note:` lines.
    pub notes: Vec<String>,
    /// Entries that could not be read: `error:` lines.
    pub problems: Vec<String>,
    /// Regular files seen but not wanted (another extension), so that a run that checks
    /// nothing can say what it passed over.
    pub ignored: usize,
}

fn hidden(name: &std::ffi::OsStr) -> bool {
    name.as_encoded_bytes().starts_with(b".")
}

/// What a special file is, for the note that skips it.
fn kind(t: std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a FIFO";
        }
        if t.is_socket() {
            return "a socket";
        }
        if t.is_block_device() || t.is_char_device() {
            return "a device";
        }
    }
    let _ = t;
    "not a regular file"
}

/// Walks `root`: files for which `wants` holds are listed; entries (files or directories) for
/// which `prune` holds are skipped. `root` itself is followed even when it is a link.
pub fn walk(
    root: &Path,
    follow: bool,
    wants: &dyn Fn(&Path) -> bool,
    prune: &dyn Fn(&Path) -> bool,
) -> Walk {
    let mut found = Walk::default();
    let entries = WalkDir::new(root)
        .follow_links(follow)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !(hidden(e.file_name()) || prune(e.path())));
    for entry in entries {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let path = e.path().map_or_else(|| path_name(root), path_name);
                match (e.loop_ancestor(), e.io_error()) {
                    (Some(ancestor), _) => found.notes.push(format!(
                        "{path}: skipped: a link back to {}, already being walked",
                        path_name(ancestor)
                    )),
                    (None, Some(io)) => found.problems.push(format!("{path}: {io}")),
                    (None, None) => found.problems.push(format!("{path}: {e}")),
                }
                continue;
            }
        };
        let t = entry.file_type();
        if t.is_dir() {
            continue;
        }
        if !wants(entry.path()) {
            found.ignored += usize::from(t.is_file());
            continue;
        }
        let path = path_name(entry.path());
        if t.is_file() {
            found.files.push(entry.into_path());
        } else if t.is_symlink() {
            found.notes.push(format!(
                "{path}: skipped: a symbolic link (--follow follows links)"
            ));
        } else {
            found
                .notes
                .push(format!("{path}: skipped: {} is not read", kind(t)));
        }
    }
    // Already in path order (names sorted in each directory, depth first); sorted again so the
    // order does not hang on how the walker compares names.
    found.files.sort();
    found
}
