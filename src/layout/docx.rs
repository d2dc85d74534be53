//! `.docx` → structured tree: paragraphs with heading styles, tables with `gridSpan`, `vMerge`,
//! `gridBefore` and legacy `hMerge`, nested tables, tabs and breaks inside cells.
//!
//! Only `word/document.xml` (and `word/styles.xml`, for which styles are headings) is read.
//! Reading is bounded: an archive with too many entries, or a part that inflates beyond
//! [`MAX_PART_BYTES`], is refused before it can take the memory (zip bombs). Tracked deletions,
//! field instructions and the fallback copy of alternate content are skipped, because Word
//! does not show them.

use super::structured::{
    CellNode, MAX_TABLE_ROWS, Node, RowNode, TableNode, Tree, Vertical, too_many_rows,
};
use crate::decode::DecodeError;
use crate::diagnostic::Text;
use quick_xml::Reader;
use quick_xml::events::{BytesRef, BytesStart, Event};
use std::collections::{HashMap, HashSet};
use std::io::{Cursor, Read};

/// Most entries an archive may list; a report has a few dozen.
pub const MAX_ENTRIES: usize = 10_000;
/// Largest size a part may inflate to; a long report's `document.xml` is a few MB.
pub const MAX_PART_BYTES: u64 = 32 * 1024 * 1024;
/// Deepest nesting of tables read (a table in a cell of a table is depth 2). Report tables are
/// never nested more than two or three deep; a document nesting them deeper is refused rather
/// than followed, since every later stage walks nested tables and a crafted file of 15,000
/// levels (2 KB zipped) would otherwise exhaust the stack.
pub const MAX_TABLE_NESTING: usize = 32;

const FORMAT: &str = ".docx";

fn malformed(zh: impl Into<String>, en: impl Into<String>) -> DecodeError {
    DecodeError::Malformed {
        format: FORMAT,
        problem: Text::new(zh, en),
    }
}

/// Reads a `.docx` file's bytes into a structured tree.
pub fn read(bytes: &[u8]) -> Result<Tree, DecodeError> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
        malformed(
            format!("不是有效的 zip 压缩包（{e}）"),
            format!("not a valid zip archive ({e})"),
        )
    })?;
    if archive.len() > MAX_ENTRIES {
        return Err(malformed(
            format!("压缩包有 {} 个条目，超过上限 {MAX_ENTRIES}", archive.len()),
            format!(
                "the archive lists {} entries, more than the limit of {MAX_ENTRIES}",
                archive.len()
            ),
        ));
    }
    let document = read_part(&mut archive, "word/document.xml")?.ok_or_else(|| {
        malformed(
            "压缩包中没有 word/document.xml，不是 Word 文档",
            "the archive has no word/document.xml: not a Word document",
        )
    })?;
    let styles = match read_part(&mut archive, "word/styles.xml")? {
        Some(xml) => heading_styles(&xml)?,
        None => HashSet::new(),
    };
    parse_document(&document, &styles)
}

fn read_part(
    archive: &mut zip::ZipArchive<Cursor<&[u8]>>,
    name: &str,
) -> Result<Option<String>, DecodeError> {
    let part = match archive.by_name(name) {
        Ok(p) => p,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => {
            return Err(malformed(
                format!("无法打开 {name}（{e}）"),
                format!("cannot open {name} ({e})"),
            ));
        }
    };
    let too_large = || {
        malformed(
            format!(
                "{name} 解压后超过 {} MB，拒绝读取（可能是压缩炸弹）",
                MAX_PART_BYTES >> 20
            ),
            format!(
                "{name} inflates to more than {} MB; refused (a zip bomb?)",
                MAX_PART_BYTES >> 20
            ),
        )
    };
    if part.size() > MAX_PART_BYTES {
        return Err(too_large());
    }
    // The declared size can lie; never inflate more than the limit whatever it says.
    let mut data = Vec::new();
    part.take(MAX_PART_BYTES + 1)
        .read_to_end(&mut data)
        .map_err(|e| {
            malformed(
                format!("{name} 解压失败（{e}）"),
                format!("{name} cannot be inflated ({e})"),
            )
        })?;
    if data.len() as u64 > MAX_PART_BYTES {
        return Err(too_large());
    }
    String::from_utf8(data).map(Some).map_err(|_| {
        malformed(
            format!("{name} 不是 UTF-8 编码的 XML"),
            format!("{name} is not UTF-8 XML"),
        )
    })
}

fn xml_error(part: &str, reader: &Reader<&[u8]>, e: impl std::fmt::Display) -> DecodeError {
    let at = reader.buffer_position();
    malformed(
        format!("{part} 的 XML 在第 {at} 字节处有误（{e}）"),
        format!("{part} is not well-formed XML at byte {at} ({e})"),
    )
}

/// The local part of an element or attribute name (`w:tc` → `tc`).
fn local(name: &str) -> &str {
    name.rsplit(':').next().unwrap_or(name)
}

/// The value of the attribute whose local name is `key` (`w:val`).
fn attr(e: &BytesStart, key: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| local(a.key.as_ref()) == key)
        .and_then(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned())
        })
}

/// Style ids whose paragraphs are headings: named `heading N` or `Title`, or with an outline
/// level, directly or through the style they are based on.
fn heading_styles(xml: &str) -> Result<HashSet<String>, DecodeError> {
    let part = "word/styles.xml";
    let mut reader = Reader::from_str(xml);
    let mut ids: Vec<String> = Vec::new();
    let mut based_on: HashMap<String, String> = HashMap::new();
    let mut own: HashSet<String> = HashSet::new();
    let mut current: Option<String> = None;
    loop {
        let event = reader
            .read_event()
            .map_err(|e| xml_error(part, &reader, e))?;
        match event {
            Event::Start(e) | Event::Empty(e) => {
                let name = e.name();
                let tag = local(name.as_ref());
                if tag == "style" {
                    current = attr(&e, "styleId");
                    ids.extend(current.clone());
                    continue;
                }
                let Some(id) = &current else { continue };
                match tag {
                    "name" => {
                        let v = attr(&e, "val").unwrap_or_default().to_ascii_lowercase();
                        if v.starts_with("heading") || v == "title" {
                            own.insert(id.clone());
                        }
                    }
                    "outlineLvl" if is_outline_level(&e) => {
                        own.insert(id.clone());
                    }
                    "basedOn" => {
                        if let Some(v) = attr(&e, "val") {
                            based_on.insert(id.clone(), v);
                        }
                    }
                    _ => {}
                }
            }
            Event::End(e) if local(e.name().as_ref()) == "style" => current = None,
            Event::Eof => break,
            _ => {}
        }
    }
    let inherits_heading = |id: &str| {
        let mut at = id;
        // Bounded walk: style chains are short, and a cycle must not hang the reader.
        for _ in 0..16 {
            if own.contains(at) {
                return true;
            }
            match based_on.get(at) {
                Some(parent) => at = parent,
                None => break,
            }
        }
        false
    };
    Ok(ids.into_iter().filter(|id| inherits_heading(id)).collect())
}

/// Whether an `outlineLvl` element names a document outline level (0–8; 9 is body text).
fn is_outline_level(e: &BytesStart) -> bool {
    attr(e, "val")
        .and_then(|v| v.parse::<u8>().ok())
        .is_some_and(|l| l < 9)
}

/// What the reader is inside of, innermost last.
enum Frame {
    Body(Vec<Node>),
    Table(TableNode),
    Row(RowNode),
    Cell(CellNode, Option<HorizontalMerge>),
}

/// Legacy `w:hMerge`: a cell continuing the one to its left is part of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum HorizontalMerge {
    Restart,
    Continue,
}

/// A paragraph being read.
#[derive(Default)]
struct Para {
    text: String,
    heading: bool,
}

struct DocReader<'s> {
    styles: &'s HashSet<String>,
    frames: Vec<Frame>,
    paras: Vec<Para>,
    in_text: bool,
    /// The current run is hidden text (`w:vanish`), which Word neither shows nor prints.
    run_hidden: bool,
    /// Tables open around the current position.
    table_depth: usize,
}

/// Elements whose content Word does not show as text: deleted and moved-away runs, field
/// instructions, the fallback copy of alternate content, and property blocks. (Run properties
/// are read: `w:vanish` there hides the run.)
const SKIPPED: &[&str] = &[
    "del",
    "moveFrom",
    "delText",
    "instrText",
    "delInstrText",
    "Fallback",
    "tabs",
    "tblPr",
    "tblGrid",
    "footnoteReference",
    "endnoteReference",
];

fn parse_document(xml: &str, styles: &HashSet<String>) -> Result<Tree, DecodeError> {
    let part = "word/document.xml";
    let mut reader = Reader::from_str(xml);
    let mut doc = DocReader {
        styles,
        frames: vec![Frame::Body(Vec::new())],
        paras: Vec::new(),
        in_text: false,
        run_hidden: false,
        table_depth: 0,
    };
    loop {
        let event = reader
            .read_event()
            .map_err(|e| xml_error(part, &reader, e))?;
        match event {
            Event::Start(e) => {
                let name = e.name();
                let tag = local(name.as_ref());
                if SKIPPED.contains(&tag) {
                    reader
                        .read_to_end(name)
                        .map_err(|err| xml_error(part, &reader, err))?;
                    continue;
                }
                if tag == "tbl" && doc.table_depth == MAX_TABLE_NESTING {
                    return Err(malformed(
                        format!("表格嵌套超过 {MAX_TABLE_NESTING} 层，拒绝读取"),
                        format!("tables are nested more than {MAX_TABLE_NESTING} deep; refused"),
                    ));
                }
                doc.start(tag, &e, false);
            }
            Event::Empty(e) => {
                let name = e.name();
                doc.start(local(name.as_ref()), &e, true);
            }
            Event::End(e) => {
                doc.end(local(e.name().as_ref()));
                // Checked as rows arrive, so that a refused table is not read to its end.
                if let Some(Frame::Table(t)) = doc.frames.last()
                    && t.rows.len() > MAX_TABLE_ROWS
                {
                    return Err(too_many_rows(FORMAT, t.rows.len()));
                }
            }
            Event::Text(t) if doc.reading_text() => doc.push_text(&t.xml10_content()),
            Event::CData(t) if doc.reading_text() => doc.push_text(&t.xml10_content()),
            Event::GeneralRef(r) if doc.reading_text() => doc.push_text(&resolve_ref(&r)),
            Event::Eof => break,
            _ => {}
        }
    }
    doc.finish()
}

/// `&amp;`, `&#x4E00;` and the other predefined references; unknown ones are kept as written.
fn resolve_ref(r: &BytesRef) -> String {
    if let Ok(Some(c)) = r.resolve_char_ref() {
        return c.to_string();
    }
    let name: &str = r;
    match name {
        "amp" => "&".into(),
        "lt" => "<".into(),
        "gt" => ">".into(),
        "quot" => "\"".into(),
        "apos" => "'".into(),
        other => format!("&{other};"),
    }
}

impl DocReader<'_> {
    fn reading_text(&self) -> bool {
        self.in_text && !self.run_hidden
    }

    fn push_text(&mut self, s: &str) {
        if self.run_hidden {
            return;
        }
        if let Some(p) = self.paras.last_mut() {
            p.text.push_str(s);
        }
    }

    fn cell(&mut self) -> Option<&mut CellNode> {
        match self.frames.last_mut() {
            Some(Frame::Cell(c, _)) => Some(c),
            _ => None,
        }
    }

    fn start(&mut self, tag: &str, e: &BytesStart, empty: bool) {
        match tag {
            // An empty `<w:p/>` holds no text, and empty paragraphs are dropped anyway.
            "p" if !empty => self.paras.push(Para::default()),
            "t" => self.in_text = !empty,
            "r" => self.run_hidden = false,
            "vanish" | "specVanish" => {
                let off =
                    attr(e, "val").is_some_and(|v| matches!(v.as_str(), "0" | "false" | "off"));
                self.run_hidden = !off;
            }
            "tab" if !self.paras.is_empty() => self.push_text("\t"),
            "br" | "cr" => self.push_text("\n"),
            "noBreakHyphen" => self.push_text("-"),
            "pStyle" => {
                let heading = attr(e, "val").is_some_and(|id| self.styles.contains(&id));
                if let Some(p) = self.paras.last_mut() {
                    p.heading |= heading;
                }
            }
            "outlineLvl" => {
                let outline = is_outline_level(e);
                if let Some(p) = self.paras.last_mut() {
                    p.heading |= outline;
                }
            }
            "tbl" if !empty => {
                self.table_depth += 1;
                self.frames.push(Frame::Table(TableNode::default()));
            }
            "tr" if !empty => self.frames.push(Frame::Row(RowNode::default())),
            "gridBefore" => {
                let n = attr(e, "val").and_then(|v| v.parse().ok()).unwrap_or(0);
                if let Some(Frame::Row(r)) = self.frames.last_mut() {
                    r.skip_before = n;
                }
            }
            "tc" => {
                self.frames.push(Frame::Cell(
                    CellNode {
                        blocks: Vec::new(),
                        col_span: 1,
                        vertical: Vertical::Rows(1),
                    },
                    None,
                ));
                if empty {
                    self.end("tc");
                }
            }
            "gridSpan" => {
                let n = attr(e, "val").and_then(|v| v.parse().ok()).unwrap_or(1);
                if let Some(c) = self.cell() {
                    c.col_span = n;
                }
            }
            "vMerge" => {
                let restart = attr(e, "val").as_deref() == Some("restart");
                if let Some(c) = self.cell() {
                    c.vertical = if restart {
                        Vertical::Restart
                    } else {
                        Vertical::Continue
                    };
                }
            }
            "hMerge" => {
                let merge = if attr(e, "val").as_deref() == Some("restart") {
                    HorizontalMerge::Restart
                } else {
                    HorizontalMerge::Continue
                };
                if let Some(Frame::Cell(_, h)) = self.frames.last_mut() {
                    *h = Some(merge);
                }
            }
            _ => {}
        }
    }

    fn end(&mut self, tag: &str) {
        match tag {
            "t" => self.in_text = false,
            "r" => self.run_hidden = false,
            "p" => {
                if let Some(p) = self.paras.pop() {
                    self.push_block(Node::Paragraph {
                        text: p.text,
                        heading: p.heading,
                    });
                }
            }
            "tc" => {
                if let Some(Frame::Cell(cell, merge)) =
                    self.pop_if(|f| matches!(f, Frame::Cell(..)))
                    && let Some(Frame::Row(row)) = self.frames.last_mut()
                {
                    match (merge, row.cells.last_mut()) {
                        (Some(HorizontalMerge::Continue), Some(left)) => {
                            left.col_span += cell.col_span;
                            left.blocks.extend(cell.blocks);
                        }
                        _ => row.cells.push(cell),
                    }
                }
            }
            "tr" => {
                if let Some(Frame::Row(row)) = self.pop_if(|f| matches!(f, Frame::Row(_)))
                    && let Some(Frame::Table(t)) = self.frames.last_mut()
                {
                    t.rows.push(row);
                }
            }
            "tbl" => {
                self.table_depth = self.table_depth.saturating_sub(1);
                if let Some(Frame::Table(t)) = self.pop_if(|f| matches!(f, Frame::Table(_))) {
                    self.push_block(Node::Table(t));
                }
            }
            _ => {}
        }
    }

    fn pop_if(&mut self, is: impl Fn(&Frame) -> bool) -> Option<Frame> {
        if self.frames.last().is_some_and(is) {
            self.frames.pop()
        } else {
            None
        }
    }

    /// Adds a finished block to the innermost cell or the body. A paragraph inside another
    /// (a text box) lands before the one holding it.
    fn push_block(&mut self, node: Node) {
        for frame in self.frames.iter_mut().rev() {
            match frame {
                Frame::Cell(c, _) => return c.blocks.push(node),
                Frame::Body(blocks) => return blocks.push(node),
                // Content between cells (malformed, but seen): keep it in the body.
                Frame::Table(_) | Frame::Row(_) => continue,
            }
        }
    }

    fn finish(mut self) -> Result<Tree, DecodeError> {
        // A truncated document leaves elements open; whatever was read before the cut is not
        // a report to lint, so the file is refused rather than half-read. The body frame is
        // never popped, so a closed document has exactly it left.
        match (self.frames.as_mut_slice(), self.paras.is_empty()) {
            ([Frame::Body(blocks)], true) => Ok(Tree {
                blocks: std::mem::take(blocks),
            }),
            _ => Err(malformed(
                "word/document.xml 不完整（文档被截断）",
                "word/document.xml is incomplete (the document is truncated)",
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn docx(body: &str) -> Vec<u8> {
        let xml = format!(
            "<?xml version=\"1.0\"?><w:document xmlns:w=\"w\" xmlns:mc=\"mc\"><w:body>{body}</w:body></w:document>"
        );
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        w.start_file(
            "word/document.xml",
            zip::write::SimpleFileOptions::default(),
        )
        .unwrap();
        w.write_all(xml.as_bytes()).unwrap();
        w.finish().unwrap().into_inner()
    }

    fn para(t: &str) -> String {
        format!("<w:p><w:r><w:t>{t}</w:t></w:r></w:p>")
    }

    fn texts(tree: &Tree) -> Vec<String> {
        tree.blocks
            .iter()
            .map(|b| match b {
                Node::Paragraph { text, heading } => {
                    format!("{}{text}", if *heading { "# " } else { "" })
                }
                Node::Table(t) => t
                    .rows
                    .iter()
                    .map(|r| {
                        let cells: Vec<String> = r
                            .cells
                            .iter()
                            .map(|c| {
                                format!(
                                    "{}:{}:{:?}",
                                    super::super::structured::cell_text(&c.blocks),
                                    c.col_span,
                                    c.vertical
                                )
                            })
                            .collect();
                        format!("[{}]{}", r.skip_before, cells.join(" | "))
                    })
                    .collect::<Vec<_>>()
                    .join(" / "),
            })
            .collect()
    }

    #[test]
    fn what_word_hides_is_skipped_and_what_it_shows_is_read() {
        let body = "<w:p><w:pPr><w:outlineLvl w:val=\"0\"/><w:tabs><w:tab w:val=\"left\"/></w:tabs></w:pPr>\
            <w:r><w:t>一、总体</w:t></w:r><w:ins><w:r><w:t>情况</w:t></w:r></w:ins>\
            <w:del><w:r><w:delText>（删）</w:delText></w:r></w:del>\
            <w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>\
            <w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType=\"end\"/></w:r></w:p>\
            <w:p><w:r><w:t xml:space=\"preserve\">A &amp; B&#x4E00;</w:t><w:tab/><w:t>C</w:t><w:br/><w:t>D</w:t></w:r></w:p>\
            <w:p><w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏</w:t></w:r><w:r><w:rPr><w:vanish w:val=\"0\"/></w:rPr><w:t>可见</w:t></w:r></w:p>\
            <w:p><w:r><mc:AlternateContent><mc:Choice><w:t>甲</w:t></mc:Choice><mc:Fallback><w:t>甲</w:t></mc:Fallback></mc:AlternateContent></w:r></w:p>";
        let tree = read(&docx(body)).unwrap();
        assert_eq!(
            texts(&tree),
            vec!["# 一、总体情况1", "A & B一\tC\nD", "可见", "甲"]
        );
    }

    #[test]
    fn legacy_hmerge_grid_before_and_nested_tables() {
        let cell =
            |props: &str, t: &str| format!("<w:tc><w:tcPr>{props}</w:tcPr>{}</w:tc>", para(t));
        let nested = format!("<w:tbl><w:tr>{}</w:tr></w:tbl>", cell("", "内"));
        let body = format!(
            "<w:tbl><w:tr>{}{}{}</w:tr><w:tr><w:trPr><w:gridBefore w:val=\"1\"/></w:trPr>{}<w:tc>{}{nested}</w:tc></w:tr></w:tbl>",
            cell("<w:hMerge w:val=\"restart\"/>", "行政许可"),
            cell("<w:hMerge/>", ""),
            cell("<w:vMerge w:val=\"restart\"/>", "5"),
            cell("<w:gridSpan w:val=\"2\"/>", "x"),
            para("外"),
        );
        let tree = read(&docx(&body)).unwrap();
        assert_eq!(
            texts(&tree),
            vec!["[0]行政许可:2:Rows(1) | 5:1:Restart / [1]x:2:Rows(1) | 外 内:1:Rows(1)"]
        );
        let Node::Table(t) = &tree.blocks[0] else {
            panic!("table expected")
        };
        // The nested table stays a block of its cell until the tree is flattened.
        assert!(matches!(t.rows[1].cells[1].blocks[1], Node::Table(_)));
    }

    #[test]
    fn heading_styles_follow_based_on_chains() {
        let styles = "<w:styles xmlns:w=\"w\"><w:style w:styleId=\"1\"><w:name w:val=\"heading 1\"/></w:style>\
            <w:style w:styleId=\"a5\"><w:name w:val=\"我的标题\"/><w:basedOn w:val=\"1\"/></w:style>\
            <w:style w:styleId=\"a\"><w:name w:val=\"Normal\"/><w:basedOn w:val=\"a\"/></w:style></w:styles>";
        let h = heading_styles(styles).unwrap();
        assert!(h.contains("1"));
        assert!(h.contains("a5"));
        // A cycle ends the walk.
        assert!(!h.contains("a"));
        assert_eq!(h.len(), 2);
    }
}
