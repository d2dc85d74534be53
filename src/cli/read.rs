//! Reading one report's bytes within the size limit: a file's size is checked before it is read,
//! and at most limit + 1 bytes are ever read, so `/dev/zero`, a growing file or an endless pipe
//! cannot exhaust memory.

use std::io::{self, Read};
use std::path::Path;

/// The default `--max-file-size`: real reports are a few MB at most, even as `.docx` with images.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 50 << 20;

fn too_large(limit: u64) -> String {
    format!("larger than the size limit of {limit} bytes (--max-file-size)")
}

/// The bytes of the file at `path`, or why it cannot be read.
pub fn file(path: &Path, limit: u64) -> Result<Vec<u8>, String> {
    let file = std::fs::File::open(path).map_err(|e| e.to_string())?;
    let meta = file.metadata().map_err(|e| e.to_string())?;
    if meta.is_dir() {
        return Err("is a directory".to_string());
    }
    // Regular files say their size; devices and pipes say 0 and are caught by the bounded read.
    if meta.is_file() && meta.len() > limit {
        return Err(format!("{} bytes, {}", meta.len(), too_large(limit)));
    }
    let expected = if meta.is_file() { meta.len() } else { 0 };
    bounded(file, limit, expected)
}

/// Standard input, read to its end within the limit.
pub fn stdin(limit: u64) -> Result<Vec<u8>, String> {
    bounded(io::stdin().lock(), limit, 0)
}

/// Reads at most `limit + 1` bytes: one more than allowed tells a too-large stream apart.
fn bounded(reader: impl Read, limit: u64, expected: u64) -> Result<Vec<u8>, String> {
    let capacity = usize::try_from(expected.min(limit).saturating_add(1)).unwrap_or(usize::MAX);
    let mut bytes = Vec::with_capacity(capacity);
    reader
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| e.to_string())?;
    if bytes.len() as u64 > limit {
        return Err(too_large(limit));
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streams_stop_one_byte_past_the_limit() {
        assert_eq!(bounded(&b"12345"[..], 5, 0), Ok(b"12345".to_vec()));
        let endless = io::repeat(b'x');
        assert_eq!(bounded(endless, 4, 0), Err(too_large(4)));
    }
}
