//! Text-layer PDF reports → text: poppler's `pdftotext -bbox` (Debian package `poppler-utils`)
//! gives every word with its box ([`words`]); the words are grouped into lines ([`lines`]),
//! wrapped label cells are joined back onto their rows ([`cells`]) and the lines are laid out
//! as text with table columns kept apart by runs of spaces ([`render`]), which the plain-text
//! reader then reads like any text extraction (spaced rows, template-anchored tables).
//!
//! The PDF goes to `pdftotext` on standard input and is never written to disk. A file without
//! a text layer (a scan), an encrypted, damaged or truncated file, a missing `pdftotext`, a
//! file over [`MAX_PDF_BYTES`] or [`MAX_PAGES`] and a run over [`TIME_LIMIT`] are each that
//! file's error.

mod cells;
mod headers;
mod lines;
mod render;
#[cfg(test)]
mod test_lines;
mod words;

use crate::decode::DecodeError;
use crate::diagnostic::Text;
use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Largest PDF read.
pub const MAX_PDF_BYTES: usize = 100 * 1024 * 1024;
/// Pages read at most.
pub const MAX_PAGES: usize = 300;
/// Longest `pdftotext` may take on one file.
pub const TIME_LIMIT: Duration = Duration::from_secs(60);

fn error(zh: impl Into<String>, en: impl Into<String>) -> DecodeError {
    DecodeError::Malformed {
        format: "PDF",
        problem: Text::new(zh, en),
    }
}

/// Whether the PDF's trailer names an encryption dictionary.
fn is_encrypted(bytes: &[u8]) -> bool {
    bytes.windows(b"/Encrypt".len()).any(|w| w == b"/Encrypt")
}

/// The text layer of the PDF `bytes`, pages separated by form feeds.
pub fn extract(bytes: &[u8]) -> Result<String, DecodeError> {
    if bytes.len() > MAX_PDF_BYTES {
        return Err(error(
            format!("文件超过 {} MB 的上限", MAX_PDF_BYTES >> 20),
            format!("larger than the {} MB limit", MAX_PDF_BYTES >> 20),
        ));
    }
    // One page more than the limit, to tell a file over it.
    let pages = (MAX_PAGES + 1).to_string();
    let mut child = Command::new("pdftotext")
        .args(["-bbox", "-enc", "UTF-8", "-q", "-l", &pages, "-", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => error(
                "需要 pdftotext 程序：请安装 poppler-utils（Debian/Ubuntu：apt-get install poppler-utils）",
                "needs the pdftotext program: install poppler-utils (Debian/Ubuntu: apt-get install poppler-utils)",
            ),
            _ => error(format!("无法运行 pdftotext：{e}"), format!("cannot run pdftotext: {e}")),
        })?;
    let mut stdin = child.stdin.take().expect("piped stdin");
    let mut stdout = child.stdout.take().expect("piped stdout");
    let out = std::thread::scope(|scope| {
        // A broken pipe only means pdftotext stopped reading (a damaged file): its exit
        // status says why.
        scope.spawn(move || {
            let _ = stdin.write_all(bytes);
        });
        let reader = scope.spawn(move || {
            let mut out = Vec::new();
            stdout.read_to_end(&mut out).map(|_| out)
        });
        let started = Instant::now();
        let status = loop {
            match child.try_wait() {
                Ok(Some(status)) => break Ok(status),
                Ok(None) if started.elapsed() > TIME_LIMIT => {
                    let _ = child.kill();
                    let _ = child.wait();
                    break Err(error(
                        format!("pdftotext 超过 {} 秒未完成", TIME_LIMIT.as_secs()),
                        format!("pdftotext took over {} s", TIME_LIMIT.as_secs()),
                    ));
                }
                Ok(None) => std::thread::sleep(Duration::from_millis(5)),
                Err(e) => {
                    break Err(error(
                        format!("pdftotext 出错：{e}"),
                        format!("pdftotext failed: {e}"),
                    ));
                }
            }
        };
        let out = reader.join().unwrap_or_else(|_| Ok(Vec::new()));
        status.map(|s| (s, out.unwrap_or_default()))
    })?;
    let (status, out) = out;
    match status.code() {
        Some(0) => {}
        Some(3) => {
            return Err(error(
                "PDF 设置了权限限制，不允许提取文字",
                "the PDF's permissions forbid extracting its text",
            ));
        }
        _ if is_encrypted(bytes) => {
            return Err(error(
                "PDF 已加密：请提供未加密的文件",
                "the PDF is encrypted: give the file without a password",
            ));
        }
        _ => {
            return Err(error(
                "文件已损坏或被截断，无法读取文字层",
                "the file is damaged or truncated: its text layer cannot be read",
            ));
        }
    }
    let xhtml = String::from_utf8_lossy(&out);
    let pages = words::pages(&xhtml);
    if pages.len() > MAX_PAGES {
        return Err(error(
            format!("超过 {MAX_PAGES} 页的上限"),
            format!("more than the {MAX_PAGES}-page limit"),
        ));
    }
    if pages.iter().all(Vec::is_empty) {
        return Err(error(
            "PDF 没有文字层（可能是扫描件）：需要先做文字识别（OCR），本工具不做 OCR",
            "the PDF has no text layer (a scan?): it needs OCR, which this tool does not do",
        ));
    }
    Ok(lay_out(pages))
}

/// The text view of the pages' words: lines, wrapped labels joined, a form feed after each page.
fn lay_out(pages: Vec<Vec<words::Word>>) -> String {
    let count = pages.len();
    let lines = pages
        .into_iter()
        .enumerate()
        .flat_map(|(page, words)| lines::lines(page, words))
        .collect();
    render::text(
        &cells::join_wrapped_labels(headers::join_wrapped_header_words(lines)),
        count,
    )
}
