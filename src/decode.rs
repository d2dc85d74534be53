//! Bytes → decoded text: BOM, strict UTF-8, GB18030/GBK detection, line-ending normalisation.
//!
//! Detection order (see the crate notes on encoding pitfalls): a BOM wins; then bytes that are
//! valid UTF-8 are UTF-8; otherwise chardetng guesses with the `cn` TLD hint, because reports
//! come from the mainland and short GBK inputs are otherwise mistaken for EUC-JP. An explicit
//! `--encoding` label overrides all of this. Decoding never panics: invalid sequences become
//! located diagnostics.

use crate::diagnostic::{Diagnostic, Label, Severity, Text};
use crate::source::{SourceFile, Span};
use encoding_rs::Encoding;

/// Why a file could not be turned into report text at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    /// The `--encoding` label is not a known encoding.
    UnknownEncoding(String),
    /// The bytes are a format no reader handles (PDF, OLE .doc/.wps, RTF).
    UnsupportedFormat(&'static str),
    /// The bytes look binary (NUL bytes outside UTF-16).
    Binary,
    /// A `.docx` or `.html` file that cannot be read: what is wrong, in both languages.
    Malformed {
        /// The format the file claims to be (`.docx`, `HTML`).
        format: &'static str,
        /// What is wrong with it.
        problem: Text,
    },
}

impl DecodeError {
    /// A human message in both languages.
    pub fn text(&self) -> Text {
        match self {
            DecodeError::UnknownEncoding(label) => Text::new(
                format!("未知的编码名称 `{label}`"),
                format!("unknown encoding `{label}`"),
            ),
            DecodeError::UnsupportedFormat(kind) => Text::new(
                format!("不支持的文件格式（{kind}）：请另存为 .docx 或导出为纯文本"),
                format!("unsupported format ({kind}): save as .docx or export text"),
            ),
            DecodeError::Binary => Text::new(
                "文件是二进制数据，不是文本报告".to_string(),
                "file is binary data, not a text report".to_string(),
            ),
            DecodeError::Malformed { format, problem } => Text::new(
                format!("无法读取 {format} 文件：{}", problem.zh),
                format!("cannot read {format} file: {}", problem.en),
            ),
        }
    }
}

/// The decoded file plus any decoding diagnostics (pointing into the decoded text).
#[derive(Debug)]
pub struct Decoded {
    /// The decoded source.
    pub source: SourceFile,
    /// Warnings or errors found while decoding (replacement characters, mixed line endings).
    pub diagnostics: Vec<Diagnostic>,
}

/// Decodes the bytes of a plain-text report read from a file called `name` (containers are
/// told apart before, in [`crate::input`]). `forced` is an encoding label such as `gb18030`
/// or `utf-8` that overrides detection.
pub fn decode(name: &str, bytes: &[u8], forced: Option<&str>) -> Result<Decoded, DecodeError> {
    let (encoding, body) = choose_encoding(bytes, forced, None)?;
    if encoding != encoding_rs::UTF_16LE && encoding != encoding_rs::UTF_16BE && body.contains(&0) {
        return Err(DecodeError::Binary);
    }
    let (text, had_errors) = encoding.decode_without_bom_handling(body);
    let normalised = normalise_newlines(&text);
    let source = SourceFile::report(name, normalised, display_name(encoding));
    let mut diagnostics = Vec::new();
    if had_errors {
        diagnostics.push(replacement_diagnostic(&source));
    }
    Ok(Decoded {
        source,
        diagnostics,
    })
}

pub(crate) fn display_name(enc: &'static Encoding) -> String {
    if enc == encoding_rs::GBK || enc == encoding_rs::GB18030 {
        // In WHATWG the GBK decoder is the gb18030 decoder; say what users know.
        "GB18030".to_string()
    } else {
        enc.name().to_string()
    }
}

/// The encoding to decode `bytes` with, and the bytes without a BOM: a `forced` label
/// (`--encoding`) wins; then a BOM; then bytes that are valid UTF-8 are UTF-8 (Chinese GBK text
/// practically never is, so this also beats a stale declaration); then what the file itself
/// `declared` (an HTML `<meta charset>`); then detection with the mainland hint.
pub(crate) fn choose_encoding<'b>(
    bytes: &'b [u8],
    forced: Option<&str>,
    declared: Option<&'static Encoding>,
) -> Result<(&'static Encoding, &'b [u8]), DecodeError> {
    if let Some(label) = forced {
        let enc = Encoding::for_label(label.trim().as_bytes())
            .ok_or_else(|| DecodeError::UnknownEncoding(label.to_string()))?;
        // A BOM of the forced encoding is still not content.
        let body = match Encoding::for_bom(bytes) {
            Some((bom_enc, len)) if bom_enc == enc => &bytes[len..],
            _ => bytes,
        };
        return Ok((enc, body));
    }
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        return Ok((enc, &bytes[bom_len..]));
    }
    // encoding_rs validates several times faster than `str::from_utf8` on CJK text.
    if Encoding::utf8_valid_up_to(bytes) == bytes.len() {
        return Ok((encoding_rs::UTF_8, bytes));
    }
    if let Some(enc) = declared {
        return Ok((enc, bytes));
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    Ok((
        detector.guess(Some(b"cn"), chardetng::Utf8Detection::Allow),
        bytes,
    ))
}

/// CRLF and lone CR become LF so that lines and spans agree across platforms.
fn normalise_newlines(text: &str) -> String {
    if !text.contains('\r') {
        return text.to_string();
    }
    text.replace("\r\n", "\n").replace('\r', "\n")
}

pub(crate) fn replacement_diagnostic(source: &SourceFile) -> Diagnostic {
    let positions: Vec<usize> = source
        .text
        .match_indices('\u{FFFD}')
        .map(|(i, _)| i)
        .collect();
    let total_chars = source.text.chars().count().max(1);
    // Mostly-garbage text is not worth linting: every finding would be noise.
    let severity = if positions.len() * 10 > total_chars {
        Severity::Error
    } else {
        Severity::Warning
    };
    let first = positions.first().copied().unwrap_or(0);
    let span = Span::new(
        first,
        (first + '\u{FFFD}'.len_utf8()).min(source.text.len()),
    );
    Diagnostic::new(
        "parse/decode",
        severity,
        Text::new(
            format!(
                "按 {} 解码时有 {} 处无效字节",
                source.encoding,
                positions.len()
            ),
            format!(
                "{} invalid byte sequence(s) when decoding as {}",
                positions.len(),
                source.encoding
            ),
        ),
    )
    .with_label(Label::primary(
        span,
        Text::new(
            "第一处无效字节".to_string(),
            "first invalid sequence".to_string(),
        ),
    ))
    .with_note(Text::new(
        "可用 --encoding 指定正确的编码（如 gb18030、utf-8）".to_string(),
        "pass --encoding with the right encoding (e.g. gb18030, utf-8)".to_string(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gbk(s: &str) -> Vec<u8> {
        encoding_rs::GBK.encode(s).0.into_owned()
    }

    #[test]
    fn utf8_with_and_without_bom() {
        let plain = decode("a", "一、总体情况".as_bytes(), None).unwrap();
        assert_eq!(plain.source.text, "一、总体情况");
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice("一、总体情况".as_bytes());
        let d = decode("a", &bom, None).unwrap();
        assert_eq!(d.source.text, "一、总体情况");
        assert!(d.diagnostics.is_empty());
    }

    #[test]
    fn utf16_with_bom() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in "年度报告\r\n".encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        let d = decode("a", &bytes, None).unwrap();
        assert_eq!(d.source.text, "年度报告\n");
        assert_eq!(d.source.encoding, "UTF-16LE");
    }

    #[test]
    fn short_gbk_is_not_mistaken_for_euc_jp() {
        let d = decode("a", &gbk("年度报告"), None).unwrap();
        assert_eq!(d.source.text, "年度报告");
        assert_eq!(d.source.encoding, "GB18030");
    }

    #[test]
    fn gb18030_four_byte_sequences_decode() {
        let bytes = encoding_rs::GB18030
            .encode("联系人：刘䶮，𠮷野家路")
            .0
            .into_owned();
        let d = decode("a", &bytes, None).unwrap();
        assert_eq!(d.source.text, "联系人：刘䶮，𠮷野家路");
    }

    #[test]
    fn crlf_and_cr_become_lf() {
        let d = decode("a", "a\r\nb\rc".as_bytes(), None).unwrap();
        assert_eq!(d.source.text, "a\nb\nc");
    }

    #[test]
    fn forced_encoding_overrides_and_unknown_label_is_an_error() {
        let d = decode("a", &gbk("规章"), Some("gb18030")).unwrap();
        assert_eq!(d.source.text, "规章");
        assert_eq!(
            decode("a", b"x", Some("klingon")).unwrap_err(),
            DecodeError::UnknownEncoding("klingon".into())
        );
    }

    #[test]
    fn invalid_bytes_under_forced_utf8_give_a_located_diagnostic() {
        let mut bytes = "规章".as_bytes().to_vec();
        bytes.push(0xFF);
        let d = decode("a", &bytes, Some("utf-8")).unwrap();
        assert_eq!(d.diagnostics.len(), 1);
        let label = &d.diagnostics[0].labels[0];
        assert_eq!(label.span.start, "规章".len());
    }

    #[test]
    fn binary_is_refused() {
        assert_eq!(
            decode("a", b"ab\0cd", None).unwrap_err(),
            DecodeError::Binary
        );
    }
}
