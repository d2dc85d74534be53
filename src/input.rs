//! Which reader a file needs: plain text, `.docx`, HTML or PDF, told from its bytes first and
//! its name second; formats no reader handles (legacy `.doc`/`.wps`, RTF) are refused here with
//! a message that says what to do instead.

use crate::decode::DecodeError;
use crate::layout::html;

/// The readers there are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// A plain-text extraction (UTF-8, UTF-16 or GB18030).
    Text,
    /// A Word `.docx` document.
    Docx,
    /// An HTML page.
    Html,
    /// A PDF with a text layer.
    Pdf,
}

impl Format {
    /// How the format is named to people.
    pub fn name(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Docx => "docx",
            Format::Html => "html",
            Format::Pdf => "pdf",
        }
    }
}

const HTML_EXTENSIONS: &[&str] = &["html", "htm", "shtml", "xhtml"];

/// The reader for a file called `name` holding `bytes`. Magic bytes win over the name: a
/// `.txt` that is really a zip is read as a zip, and a `.doc` that is really text as text.
pub fn format(name: &str, bytes: &[u8]) -> Result<Format, DecodeError> {
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return Ok(Format::Docx);
    }
    if bytes.starts_with(b"%PDF") {
        return Ok(Format::Pdf);
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return Err(DecodeError::UnsupportedFormat(".doc/.wps"));
    }
    if bytes.starts_with(b"{\\rtf") {
        return Err(DecodeError::UnsupportedFormat("RTF"));
    }
    let extension = std::path::Path::new(name)
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let html_name = extension
        .as_deref()
        .is_some_and(|e| HTML_EXTENSIONS.contains(&e));
    if html_name || html::looks_like_html(bytes) {
        return Ok(Format::Html);
    }
    Ok(Format::Text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn magic_bytes_then_names() {
        assert_eq!(format("a.txt", b"PK\x03\x04..."), Ok(Format::Docx));
        assert_eq!(format("a.HTM", "一、总体情况".as_bytes()), Ok(Format::Html));
        assert_eq!(format("a.txt", b"<!DOCTYPE html><html>"), Ok(Format::Html));
        assert_eq!(format("a.doc", "一、总体情况".as_bytes()), Ok(Format::Text));
        assert_eq!(format("a.txt", b"%PDF-1.7"), Ok(Format::Pdf));
        for (bytes, kind) in [
            (
                &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0][..],
                ".doc/.wps",
            ),
            (&b"{\\rtf1\\ansi"[..], "RTF"),
        ] {
            assert_eq!(
                format("x", bytes),
                Err(DecodeError::UnsupportedFormat(kind))
            );
        }
    }
}
