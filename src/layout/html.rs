//! `.html` → structured tree: the charset found before parsing, the report body found inside
//! the page chrome, paragraphs, headings, and tables with `rowspan`/`colspan`.
//!
//! Government sites often declare `gb2312`, so the charset comes from a BOM, then a `<meta>`
//! declaration, then detection, and only then is the page parsed (scraper takes text, not
//! bytes). The report body is the deepest element holding as many of the six section titles
//! as the whole page does, which leaves navigation, breadcrumbs and footers outside; scripts,
//! styles, forms and hidden elements are never read. A report title that the page puts above
//! the body (a separate title bar) is taken from there, because the report's year and organ
//! are read from it.

use super::structured::{CellNode, Node, RowNode, TableNode, Tree, Vertical};
use crate::decode::{DecodeError, choose_encoding};
use crate::diagnostic::Text;
use ego_tree::iter::Edge;
use scraper::{ElementRef, Html};

/// Text decoded from an HTML file's bytes.
pub struct DecodedHtml {
    /// The page text.
    pub text: String,
    /// The encoding used, as shown to people.
    pub encoding: String,
    /// Whether some bytes were not valid in that encoding.
    pub had_errors: bool,
}

/// Whether the bytes look like an HTML page (after an optional BOM and whitespace).
pub fn looks_like_html(bytes: &[u8]) -> bool {
    let body = bytes
        .strip_prefix(b"\xEF\xBB\xBF")
        .unwrap_or(bytes)
        .trim_ascii_start();
    // Every page start looked for below is a tag: text reports are told without lowercasing.
    if !body.starts_with(b"<") {
        return false;
    }
    let head = lowercase_prefix(body);
    if head.starts_with(b"<!doctype html") || head.starts_with(b"<html") {
        return true;
    }
    // A comment, `<head>` or `<meta>` first: a page only if an <html> or <body> tag follows.
    [&b"<head"[..], b"<meta", b"<!--"]
        .iter()
        .any(|p| head.starts_with(p))
        && (find(&head, b"<html").is_some() || find(&head, b"<body").is_some())
}

/// The first 4 KB, ASCII-lowercased: where a page's doctype and charset declaration are.
fn lowercase_prefix(bytes: &[u8]) -> Vec<u8> {
    bytes
        .iter()
        .take(4096)
        .map(u8::to_ascii_lowercase)
        .collect()
}

/// Decodes page bytes as [`crate::decode::choose_encoding`] decides, with the page's own
/// `<meta>` declaration as the file's word; `forced` is `--encoding`.
pub fn decode(bytes: &[u8], forced: Option<&str>) -> Result<DecodedHtml, DecodeError> {
    let (encoding, body) = choose_encoding(bytes, forced, declared_charset(bytes))?;
    let (text, had_errors) = encoding.decode_without_bom_handling(body);
    Ok(DecodedHtml {
        text: text.into_owned(),
        encoding: crate::decode::display_name(encoding),
        had_errors,
    })
}

/// The charset a `<meta charset>` or `<meta http-equiv … content="…; charset=…">` declares in
/// the first 4 KB.
fn declared_charset(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let head = lowercase_prefix(bytes);
    let mut from = 0;
    while let Some(pos) = find(&head[from..], b"charset").map(|p| p + from) {
        from = pos + 7;
        let meta = head[..pos]
            .windows(5)
            .rposition(|w| w == b"<meta")
            .is_some_and(|m| !head[m..pos].contains(&b'>'));
        if !meta {
            continue;
        }
        let rest = &head[from..];
        let rest = rest.trim_ascii_start();
        let Some(rest) = rest.strip_prefix(b"=") else {
            continue;
        };
        let rest = rest.trim_ascii_start();
        let rest = rest
            .strip_prefix(b"\"")
            .or_else(|| rest.strip_prefix(b"'"))
            .unwrap_or(rest);
        let end = rest
            .iter()
            .position(|b| !(b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':')))
            .unwrap_or(rest.len());
        if let Some(enc) = encoding_rs::Encoding::for_label(&rest[..end]) {
            // A page cannot really be UTF-16 if its declaration was readable as ASCII.
            return Some(
                if enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE {
                    encoding_rs::UTF_8
                } else {
                    enc
                },
            );
        }
    }
    None
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// The six section titles and a label of the section-3 table; the report body is where they
/// are. The table label keeps a table of contents in a sidebar (titles only) from passing for
/// the body.
const SECTION_MARKERS: [&str; 7] = [
    "总体情况",
    "主动公开政府信息情况",
    "收到和处理政府信息公开申请情况",
    "政府信息公开行政复议",
    "存在的主要问题",
    "其他需要报告的事项",
    "本年新收",
];

/// Section titles an element must hold to be taken as the report body.
const MIN_MARKERS_FOR_BODY: usize = 3;

/// Elements whose content is never report text.
const SKIPPED: &[&str] = &[
    "head", "script", "style", "noscript", "template", "iframe", "object", "embed", "svg",
    "canvas", "audio", "video", "select", "option", "button", "input", "textarea", "nav", "map",
    "title",
];

/// Elements that start a new paragraph.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "li",
    "ul",
    "ol",
    "section",
    "article",
    "main",
    "header",
    "footer",
    "aside",
    "blockquote",
    "pre",
    "center",
    "dd",
    "dt",
    "dl",
    "figure",
    "figcaption",
    "address",
    "hr",
    "form",
    "fieldset",
    "caption",
    "body",
    "html",
];

fn is_hidden(el: &ElementRef) -> bool {
    let e = el.value();
    e.attr("hidden").is_some()
        || e.attr("style").is_some_and(|s| {
            // Word puts a style on nearly every element; look closer only at the few that
            // could hide it.
            let lower = s.to_ascii_lowercase();
            if !["none", "hidden", "mso-hide"]
                .iter()
                .any(|w| lower.contains(w))
            {
                return false;
            }
            let s: String = lower.chars().filter(|c| !c.is_whitespace()).collect();
            s.contains("display:none")
                || s.contains("visibility:hidden")
                || s.contains("mso-hide:all")
        })
}

fn is_read(el: &ElementRef) -> bool {
    !SKIPPED.contains(&el.value().name()) && !is_hidden(el)
}

/// An element with the range of the page's compact text (whitespace removed) it holds.
struct Indexed<'a> {
    el: ElementRef<'a>,
    start: usize,
    end: usize,
    depth: usize,
}

fn index<'a>(el: ElementRef<'a>, depth: usize, text: &mut String, out: &mut Vec<Indexed<'a>>) {
    let at = out.len();
    out.push(Indexed {
        el,
        start: text.len(),
        end: 0,
        depth,
    });
    for child in el.children() {
        if let Some(t) = child.value().as_text() {
            text.extend(t.chars().filter(|c| !c.is_whitespace()));
        } else if let Some(child) = ElementRef::wrap(child)
            && is_read(&child)
        {
            index(child, depth + 1, text, out);
        }
    }
    out[at].end = text.len();
}

/// Deepest element nesting read. Pages of real reports nest well under a hundred elements;
/// a page nesting deeper is refused rather than followed, since reading the page walks its
/// elements recursively and 8,000 nested `<div>` would otherwise exhaust the stack.
pub const MAX_ELEMENT_NESTING: usize = 512;

/// The deepest element nesting of the page, counted without recursion.
fn nesting(html: &Html) -> usize {
    let (mut depth, mut deepest) = (0usize, 0usize);
    for edge in html.tree.root().traverse() {
        match edge {
            Edge::Open(node) if node.value().is_element() => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            Edge::Close(node) if node.value().is_element() => depth -= 1,
            _ => {}
        }
    }
    deepest
}

/// Elements the HTML parser closes by itself when a sibling opens (`<p>`, `<td>`, `<li>` …) or
/// that have no content (`<br>`, `<img>` …): they cannot nest deeply, so the pre-scan skips them.
const SELF_LIMITING: &[&str] = &[
    "p", "li", "td", "th", "tr", "dt", "dd", "option", "thead", "tbody", "tfoot", "br", "img",
    "hr", "meta", "link", "input", "area", "base", "col", "embed", "param", "source", "track",
    "wbr",
];

/// Whether the page's markup opens more than `limit` other elements without closing them, read
/// from the raw text. The HTML parser's tree builder takes time quadratic in nesting depth (it
/// searches the open elements at each tag), so 20,000 nested `<div>` would cost seconds before
/// [`nesting`] could refuse the page; this scan refuses it first, in one pass.
fn raw_nesting_exceeds(page: &str, limit: usize) -> bool {
    let bytes = page.as_bytes();
    let mut depth = 0usize;
    let mut at = 0;
    while let Some(offset) = bytes[at..].iter().position(|&b| b == b'<') {
        let start = at + offset + 1;
        let closing = bytes.get(start) == Some(&b'/');
        let name_start = start + usize::from(closing);
        let name_len = bytes[name_start..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric())
            .count();
        at = name_start + name_len;
        if name_len == 0 {
            continue;
        }
        let name = page[name_start..at].to_ascii_lowercase();
        if !closing && matches!(name.as_str(), "script" | "style") {
            // Their text is not markup (`i<n` in a script): skip to where they end.
            at = end_of_raw_text(bytes, at, name.as_bytes());
            continue;
        }
        if SELF_LIMITING.contains(&name.as_str()) {
            continue;
        }
        if closing {
            depth = depth.saturating_sub(1);
        } else {
            let end = bytes[at..]
                .iter()
                .position(|&b| b == b'>')
                .map_or(bytes.len(), |e| at + e);
            if end > 0 && bytes[end - 1] == b'/' {
                continue;
            }
            depth += 1;
            if depth > limit {
                return true;
            }
        }
    }
    false
}

/// Where the raw text of a `<script>` or `<style>` opened before `from` ends: past its closing
/// tag (matched without regard to case), or the end of the page.
fn end_of_raw_text(bytes: &[u8], from: usize, name: &[u8]) -> usize {
    let mut at = from;
    while let Some(offset) = bytes[at..].windows(2).position(|w| w == b"</") {
        let tag = at + offset + 2;
        if bytes.len() >= tag + name.len()
            && bytes[tag..tag + name.len()].eq_ignore_ascii_case(name)
        {
            return tag + name.len();
        }
        at = tag;
    }
    bytes.len()
}

fn too_deep() -> DecodeError {
    DecodeError::Malformed {
        format: "HTML",
        problem: Text::new(
            format!("元素嵌套超过 {MAX_ELEMENT_NESTING} 层，拒绝读取"),
            format!("elements are nested more than {MAX_ELEMENT_NESTING} deep; refused"),
        ),
    }
}

/// Parses decoded page text into a structured tree of the report body.
pub fn read(page: &str) -> Result<Tree, DecodeError> {
    // Generous (four times the limit): unclosed elements the parser would close count here.
    if raw_nesting_exceeds(page, 4 * MAX_ELEMENT_NESTING) {
        return Err(too_deep());
    }
    let html = Html::parse_document(page);
    if nesting(&html) > MAX_ELEMENT_NESTING {
        return Err(too_deep());
    }
    let root = html.root_element();
    let mut compact = String::new();
    let mut elements = Vec::new();
    index(root, 0, &mut compact, &mut elements);
    let marker_ranges: Vec<Vec<usize>> = SECTION_MARKERS
        .iter()
        .map(|m| compact.match_indices(m).map(|(i, _)| i).collect())
        .collect();
    let markers_in = |e: &Indexed| {
        SECTION_MARKERS
            .iter()
            .zip(&marker_ranges)
            .filter(|(m, starts)| starts.iter().any(|&s| s >= e.start && s + m.len() <= e.end))
            .count()
    };
    let counts: Vec<usize> = elements.iter().map(markers_in).collect();
    let best = counts.iter().copied().max().unwrap_or(0);
    // With fewer titles than this the page is no full report; the deepest element holding one
    // title would be that title alone, so the whole page is read instead.
    let body = if best >= MIN_MARKERS_FOR_BODY {
        (0..elements.len())
            .filter(|&i| counts[i] == best && elements[i].el.value().name() != "table")
            .max_by_key(|&i| (elements[i].depth, std::cmp::Reverse(i)))
            .unwrap_or(0)
    } else {
        0
    };
    let mut walker = Walker::default();
    walker.walk(elements[body].el);
    walker.flush();
    let mut blocks = walker.blocks;
    let titled = blocks.iter().take(3).any(|b| {
        matches!(b, Node::Paragraph { text, .. }
            if text.contains("年度报告") && text.chars().count() <= TITLE_MAX_CHARS)
    });
    if !titled && let Some(title) = outside_title(&elements, &compact, body, &html) {
        blocks.insert(
            0,
            Node::Paragraph {
                text: title,
                heading: true,
            },
        );
    }
    let tree = Tree { blocks };
    super::structured::check_limits(&tree, "HTML")?;
    Ok(tree)
}

/// Longest text taken as a report title.
const TITLE_MAX_CHARS: usize = 80;

/// The report title placed outside the body: the first short element that names a
/// 政府信息公开 年度报告, else the page `<title>` up to 年度报告.
fn outside_title(elements: &[Indexed], compact: &str, body: usize, html: &Html) -> Option<String> {
    let inside = |i: usize| {
        elements[i].start >= elements[body].start
            && elements[i].end <= elements[body].end
            && elements[i].depth >= elements[body].depth
    };
    // A real title names the year; a breadcrumb (政府信息公开 > 年度报告) does not.
    let is_title = |t: &str| {
        t.contains("年度报告")
            && t.contains("信息公开")
            && t.chars().count() <= TITLE_MAX_CHARS
            && t.char_indices().any(|(i, _)| {
                let b = t.as_bytes();
                b.len() >= i + 7
                    && b[i..i + 4].iter().all(u8::is_ascii_digit)
                    && t[i + 4..].starts_with('年')
            })
    };
    let candidate = elements
        .iter()
        .enumerate()
        .filter(|(i, e)| {
            !inside(*i) && e.el.value().name() != "html" && e.el.value().name() != "body"
        })
        .filter(|(_, e)| is_title(&compact[e.start..e.end]))
        .min_by_key(|(_, e)| (e.start, std::cmp::Reverse(e.depth)));
    if let Some((_, e)) = candidate {
        return Some(compact[e.start..e.end].to_string());
    }
    let title = html
        .root_element()
        .descendent_elements()
        .find(|e| e.value().name() == "title")?;
    let text: String = title
        .text()
        .flat_map(str::chars)
        .filter(|c| !c.is_whitespace())
        .collect();
    let end = text.find("年度报告")? + "年度报告".len();
    is_title(&text[..end]).then(|| text[..end].to_string())
}

/// Turns an element's content into paragraphs and tables.
#[derive(Default)]
struct Walker {
    blocks: Vec<Node>,
    line: String,
    /// Whitespace seen since the last character: `Some(true)` when it held a line break.
    pending_space: Option<bool>,
    heading_depth: usize,
}

/// Characters between which a source line break is no space (CJK text wrapped in the HTML).
fn is_wide(c: char) -> bool {
    matches!(c, '\u{2E80}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{FF00}'..='\u{FFEF}')
}

impl Walker {
    fn push_text(&mut self, text: &str) {
        for c in text.chars() {
            if matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{0C}') {
                let newline = matches!(c, '\n' | '\r');
                self.pending_space = Some(self.pending_space.unwrap_or(false) || newline);
                continue;
            }
            if let Some(newline) = self.pending_space.take() {
                let joins_wide =
                    newline && self.line.chars().next_back().is_some_and(is_wide) && is_wide(c);
                if !self.line.is_empty() && !joins_wide && !self.line.ends_with(' ') {
                    self.line.push(' ');
                }
            }
            // `&nbsp;` is a space to read, not a value.
            self.line.push(if c == '\u{A0}' { ' ' } else { c });
        }
    }

    fn flush(&mut self) {
        self.pending_space = None;
        let text = self
            .line
            .trim_matches(|c: char| c.is_whitespace())
            .to_string();
        self.line.clear();
        if !text.is_empty() {
            self.blocks.push(Node::Paragraph {
                text,
                heading: self.heading_depth > 0,
            });
        }
    }

    fn walk(&mut self, el: ElementRef) {
        for child in el.children() {
            if let Some(t) = child.value().as_text() {
                self.push_text(t);
                continue;
            }
            let Some(child) = ElementRef::wrap(child) else {
                continue;
            };
            if !is_read(&child) {
                continue;
            }
            match child.value().name() {
                "br" => self.flush(),
                "table" => {
                    self.flush();
                    let table = self.table(child);
                    self.blocks.push(Node::Table(table));
                }
                "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                    self.flush();
                    self.heading_depth += 1;
                    self.walk(child);
                    self.flush();
                    self.heading_depth -= 1;
                }
                name if BLOCKS.contains(&name) => {
                    self.flush();
                    self.walk(child);
                    self.flush();
                }
                _ => self.walk(child),
            }
        }
    }

    /// The table's own rows (`table > thead|tbody|tfoot > tr`, or `table > tr`), never those of
    /// a table nested in a cell; a caption becomes a paragraph before the table.
    fn table(&mut self, table: ElementRef) -> TableNode {
        let mut rows = Vec::new();
        for part in table.child_elements().filter(is_read) {
            match part.value().name() {
                "tr" => rows.push(row(part)),
                "thead" | "tbody" | "tfoot" => rows.extend(
                    part.child_elements()
                        .filter(|r| r.value().name() == "tr" && is_read(r))
                        .map(row),
                ),
                "caption" => {
                    self.walk(part);
                    self.flush();
                }
                _ => {}
            }
        }
        TableNode { rows }
    }
}

fn row(tr: ElementRef) -> RowNode {
    let cells = tr
        .child_elements()
        .filter(|c| matches!(c.value().name(), "td" | "th") && is_read(c))
        .map(|c| {
            let mut inner = Walker::default();
            inner.walk(c);
            inner.flush();
            CellNode {
                blocks: inner.blocks,
                col_span: span_attr(c.value().attr("colspan")).max(1),
                vertical: Vertical::Rows(span_attr(c.value().attr("rowspan"))),
            }
        })
        .collect();
    RowNode {
        skip_before: 0,
        cells,
    }
}

/// A `colspan`/`rowspan` value as browsers read it: leading digits, 1 when missing or junk.
fn span_attr(value: Option<&str>) -> usize {
    let Some(v) = value else { return 1 };
    let digits: String = v
        .trim()
        .chars()
        .take_while(char::is_ascii_digit)
        .take(6)
        .collect();
    digits.parse().unwrap_or(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paragraphs(tree: &Tree) -> Vec<String> {
        tree.blocks
            .iter()
            .filter_map(|b| match b {
                Node::Paragraph { text, .. } => Some(text.clone()),
                Node::Table(_) => None,
            })
            .collect()
    }

    #[test]
    fn deep_nesting_is_refused_before_parsing_and_scripts_are_not_markup() {
        let deep = format!("{}x{}", "<div>".repeat(5_000), "</div>".repeat(5_000));
        assert!(raw_nesting_exceeds(&deep, 2_048));
        assert!(read(&deep).is_err());
        // Auto-closed and empty elements, closed elements and script text do not add up.
        let flat = format!(
            "{}{}<script>{}</script>",
            "<p>段落<br><td>格".repeat(5_000),
            "<div>x</div><span/>".repeat(5_000),
            "if (i<n && j<m) {}".repeat(5_000)
        );
        assert!(!raw_nesting_exceeds(&flat, 2_048));
    }

    #[test]
    fn charset_comes_from_meta_then_detection() {
        let page = "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\"></head><body>一、总体情况</body></html>";
        let bytes = encoding_rs::GBK.encode(page).0.into_owned();
        let d = decode(&bytes, None).unwrap();
        assert_eq!(d.encoding, "GB18030");
        assert!(d.text.contains("一、总体情况") && !d.had_errors);
        // Declared gb2312 but written in UTF-8: the bytes win.
        let d = decode(page.as_bytes(), None).unwrap();
        assert_eq!(d.encoding, "UTF-8");
        assert!(d.text.contains("一、总体情况"));
        let d = decode(
            "<html><meta charset='utf-8'><body>x</body></html>".as_bytes(),
            None,
        )
        .unwrap();
        assert_eq!(d.encoding, "UTF-8");
        assert!(looks_like_html(b"  <!DOCTYPE html><html>"));
        assert!(looks_like_html(b"\xEF\xBB\xBF\n<!DOCTYPE html><html>"));
        assert!(looks_like_html(b"<!-- cms --><meta charset=gbk><body>"));
        assert!(!looks_like_html(b"<!-- a comment, then text -->"));
        assert!(!looks_like_html("一、总体情况".as_bytes()));
    }

    #[test]
    fn body_is_found_inside_page_chrome() {
        let page = r#"<html><head><title>某区2023年政府信息公开工作年度报告_某区政府网</title>
            <script>var x = "一、总体情况";</script></head><body>
            <div class="nav">首页 &gt; 政务公开 &gt; 年度报告</div>
            <div class="title">某区人民政府2023年政府信息公开工作年度报告</div>
            <div id="content"><p>一、总体情况</p><p>正文<br>第二行</p>
            <h3>二、主动公开政府信息情况</h3><p style="display:none">隐藏</p><p style='mso-hide: all'>批注</p>
            <p>三、收到和处理政府信息公开申请情况</p></div>
            <div class="footer">主办单位：某区人民政府办公室 总体情况</div></body></html>"#;
        let tree = read(page).unwrap();
        assert_eq!(
            paragraphs(&tree),
            vec![
                "某区人民政府2023年政府信息公开工作年度报告",
                "一、总体情况",
                "正文",
                "第二行",
                "二、主动公开政府信息情况",
                "三、收到和处理政府信息公开申请情况",
            ]
        );
        assert!(matches!(
            &tree.blocks[4],
            Node::Paragraph { heading: true, .. }
        ));
    }

    #[test]
    fn a_table_of_contents_is_not_the_body() {
        let titles = "<li>一、总体情况</li><li>二、主动公开政府信息情况</li><li>三、收到和处理政府信息公开申请情况</li>\
            <li>四、政府信息公开行政复议、行政诉讼情况</li><li>五、存在的主要问题及改进情况</li><li>六、其他需要报告的事项</li>";
        let page = format!(
            "<html><body><ul class=toc>{titles}</ul><div class=article>{}<table><tr><td>一、本年新收政府信息公开申请数量</td><td>1</td></tr></table></div></body></html>",
            titles.replace("li>", "p>")
        );
        let tree = read(&page).unwrap();
        assert_eq!(paragraphs(&tree).len(), 6);
        assert!(matches!(tree.blocks[6], Node::Table(_)));
    }

    #[test]
    fn tables_keep_spans_and_nested_tables_apart() {
        let page = r#"<html><body><p>一、总体情况</p><table><tbody>
            <tr><td rowspan="2" colspan="x">三、本年度<br>办理结果</td><td colspan=2>（一）予以&nbsp;公开</td></tr>
            <tr><td>甲</td><td><table><tr><td>内</td></tr></table>外</td></tr>
            </tbody></table></body></html>"#;
        let tree = read(page).unwrap();
        let Node::Table(t) = &tree.blocks[1] else {
            panic!("table expected")
        };
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[0].cells[0].vertical, Vertical::Rows(2));
        assert_eq!(t.rows[0].cells[0].col_span, 1);
        assert_eq!(t.rows[0].cells[1].col_span, 2);
        assert_eq!(
            super::super::structured::cell_text(&t.rows[0].cells[0].blocks),
            "三、本年度 办理结果"
        );
        assert_eq!(
            super::super::structured::cell_text(&t.rows[0].cells[1].blocks),
            "（一）予以 公开"
        );
        // The nested table is a block of the cell, not rows of the outer table.
        assert!(matches!(t.rows[1].cells[1].blocks[0], Node::Table(_)));
    }

    #[test]
    fn wrapped_cjk_lines_join_without_a_space() {
        let mut w = Walker::default();
        w.push_text("本年新收\n   申请 12 件");
        w.flush();
        assert_eq!(
            paragraphs(&Tree { blocks: w.blocks }),
            vec!["本年新收申请 12 件"]
        );
    }
}
