//! Where `check` output goes: standard output, or `--output FILE` written safely. The file is
//! written to a temporary file created exclusively under a random name in the target's
//! directory (no predictable name for a planted link to catch), renamed over the target only
//! when the run completes, and removed on every other path (an error, a panic: it is deleted
//! when dropped). A target that is a directory, a device, a FIFO or one of the inputs is refused
//! before anything is written.

use crate::render::escape::path_name;
use std::fs::Metadata;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use tempfile::NamedTempFile;

/// The output of one run.
pub enum Sink<'a> {
    /// Standard output (or the writer tests hand in).
    Stdout(&'a mut dyn Write),
    /// `--output`: a temporary file, persisted as `target` by [`Sink::commit`].
    File {
        /// The file named by `--output`.
        target: PathBuf,
        /// The temporary file beside it.
        file: io::BufWriter<NamedTempFile>,
    },
}

/// Whether two metadata describe the same file.
fn same_file(a: &Metadata, b: &Metadata, a_path: &Path, b_path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let _ = (a_path, b_path);
        a.dev() == b.dev() && a.ino() == b.ino()
    }
    #[cfg(not(unix))]
    {
        let _ = (a, b);
        match (a_path.canonicalize(), b_path.canonicalize()) {
            (Ok(x), Ok(y)) => x == y,
            _ => false,
        }
    }
}

/// Why `target` cannot be the output, if it cannot.
fn refusal(target: &Path, inputs: &[&Path]) -> Option<String> {
    // A target that does not exist yet is fine: creating the temporary file reports a missing
    // directory by itself.
    let meta = std::fs::metadata(target).ok()?;
    if meta.is_dir() {
        return Some("is a directory".into());
    }
    if !meta.is_file() {
        return Some("is not a regular file (a device, FIFO or socket); write to a file".into());
    }
    inputs.iter().find_map(|input| {
        let other = std::fs::metadata(input).ok()?;
        same_file(&meta, &other, target, input).then(|| {
            format!(
                "is also an input ({}); it would be overwritten",
                path_name(input)
            )
        })
    })
}

impl<'a> Sink<'a> {
    /// Standard output when `path` is `None`, else a temporary file beside `path`. `inputs` are
    /// the files the run reads: the target may not be one of them.
    pub fn open(
        path: Option<&Path>,
        inputs: &[&Path],
        out: &'a mut dyn Write,
    ) -> io::Result<Sink<'a>> {
        let Some(target) = path else {
            return Ok(Sink::Stdout(out));
        };
        let fail = |message: String| {
            io::Error::other(format!("--output {}: {message}", path_name(target)))
        };
        if let Some(why) = refusal(target, inputs) {
            return Err(fail(why));
        }
        let dir = match target.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        let prefix = target.file_name().map_or_else(
            || ".output.".into(),
            |n| format!(".{}.", n.to_string_lossy()),
        );
        let mut builder = tempfile::Builder::new();
        builder.prefix(&prefix).suffix(".tmp");
        // The mode a new file gets from `File::create` (0666 less the umask), not tempfile's 0600:
        // the output is a report others read.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            builder.permissions(std::fs::Permissions::from_mode(0o666));
        }
        let file = builder.tempfile_in(dir).map_err(|e| fail(e.to_string()))?;
        Ok(Sink::File {
            target: target.to_path_buf(),
            // Each file's part is about 10 KB; a larger buffer writes in fewer calls.
            file: io::BufWriter::with_capacity(1 << 18, file),
        })
    }

    /// Where to write.
    pub fn writer(&mut self) -> &mut dyn Write {
        match self {
            Sink::Stdout(w) => *w,
            Sink::File { file, .. } => file,
        }
    }

    /// Ends the output: flushes standard output, or renames the complete file into place.
    /// On failure the temporary file is removed (it is dropped).
    pub fn commit(self) -> io::Result<()> {
        match self {
            Sink::Stdout(w) => w.flush(),
            Sink::File { target, file } => {
                let tmp = file.into_inner().map_err(io::IntoInnerError::into_error)?;
                tmp.as_file().sync_all()?;
                tmp.persist(&target).map_err(|e| {
                    io::Error::new(
                        e.error.kind(),
                        format!("--output {}: {}", path_name(&target), e.error),
                    )
                })?;
                Ok(())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn devices_directories_and_inputs_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("a.txt");
        std::fs::write(&input, "x").unwrap();
        let hard_link = dir.path().join("b.txt");
        std::fs::hard_link(&input, &hard_link).unwrap();
        let refused = |target: &Path| refusal(target, &[input.as_path()]);
        assert!(
            refused(Path::new("/dev/null"))
                .unwrap()
                .contains("not a regular file")
        );
        assert_eq!(refused(dir.path()).as_deref(), Some("is a directory"));
        assert!(refused(&hard_link).unwrap().starts_with("is also an input"));
        assert_eq!(refused(&dir.path().join("new.json")), None);
        // Refused before anything is created: the directory holds what it held.
        let mut out = Vec::new();
        assert!(Sink::open(Some(Path::new("/dev/null")), &[], &mut out).is_err());
        assert!(Sink::open(Some(&hard_link), &[input.as_path()], &mut out).is_err());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
    }

    #[test]
    fn an_unfinished_output_leaves_nothing_behind() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.json");
        let mut out = Vec::new();
        let mut sink = Sink::open(Some(&target), &[], &mut out).unwrap();
        sink.writer().write_all(b"{\"partial\":").unwrap();
        // A run that fails (or panics) drops its sink without committing.
        drop(sink);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
        let mut sink = Sink::open(Some(&target), &[], &mut out).unwrap();
        sink.writer().write_all(b"{}").unwrap();
        sink.commit().unwrap();
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "{}");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
