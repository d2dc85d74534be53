//! Lays a parsed text report out as a real `.docx` and as Word-exported-style HTML, with the
//! merged cells a Word table has: the covered slots a text extraction writes as empty cells
//! become `gridSpan`/`colspan` and `vMerge`/`rowspan` again.
//!
//! The inverse of extraction is read off the text table: leading empty cells under a cell are
//! the rows a vertical merge covers; in one-row-per-line layouts an empty cell right of a label
//! is the slot a horizontal merge covers; a short row's last label cell reaches across the
//! missing columns. Value cells are copied as they are, so defects (a missing column, an extra
//! cell, an empty value) stay in the document.

use std::io::Write;
use xxgk_lint::Parsed;
use xxgk_lint::layout::{Block, Cell};

/// How a cell takes part in a vertical merge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VMerge {
    No,
    Restart,
    Continue,
}

/// A real table cell.
#[derive(Debug, Clone)]
pub struct PCell {
    /// Text; `\n` where the cell is wrapped.
    pub text: String,
    /// Grid columns covered.
    pub span: usize,
    pub vmerge: VMerge,
}

/// A block of the document to write.
#[derive(Debug, Clone)]
pub enum PBlock {
    Para { text: String, heading: bool },
    Table(Vec<Vec<PCell>>),
}

/// The document's blocks with tables turned back into real cells.
pub fn physical(parsed: &Parsed) -> Vec<PBlock> {
    parsed
        .document
        .blocks
        .iter()
        .map(|b| match b {
            Block::Heading(t) => PBlock::Para {
                text: t.text.clone(),
                heading: true,
            },
            Block::Paragraph(t) => PBlock::Para {
                text: t.text.clone(),
                heading: false,
            },
            Block::Table(t) => {
                let explicit = t.layout.edge_cells_are_explicit();
                let rows: Vec<Vec<&Cell>> = t
                    .rows
                    .iter()
                    .map(|r| {
                        let mut cells: Vec<&Cell> = r.cells.iter().collect();
                        while !explicit && cells.last().is_some_and(|c| c.text.is_empty()) {
                            cells.pop();
                        }
                        cells
                    })
                    .collect();
                PBlock::Table(merge(&rows, explicit))
            }
        })
        .collect()
}

/// For each grid column of a row, the index of the cell covering it.
fn owners(row: &[PCell]) -> Vec<usize> {
    row.iter()
        .enumerate()
        .flat_map(|(i, c)| std::iter::repeat_n(i, c.span))
        .collect()
}

fn merge(rows: &[Vec<&Cell>], explicit: bool) -> Vec<Vec<PCell>> {
    let width = rows.iter().map(Vec::len).max().unwrap_or(0);
    let mut out: Vec<Vec<PCell>> = Vec::new();
    for cells in rows {
        let first_value = cells
            .iter()
            .position(|c| c.is_value_like())
            .unwrap_or(cells.len());
        let above = out.last().map(|r| owners(r));
        let mut row: Vec<PCell> = Vec::new();
        let mut leading = true;
        // Real cells before the first value: the labels a short row's width goes to.
        let mut label_cells = None;
        let mut j = 0;
        while j < cells.len() {
            let c = cells[j];
            if j >= first_value && label_cells.is_none() {
                label_cells = Some(row.len());
            }
            let col: usize = row.iter().map(|p| p.span).sum();
            if c.text.is_empty() && leading {
                let starts_here = above.as_ref().and_then(|a| {
                    let owner = *a.get(col)?;
                    (col == 0 || a[col - 1] != owner).then_some(owner)
                });
                if let Some(owner) = starts_here {
                    let prev = out.len() - 1;
                    let span = out[prev][owner].span;
                    if out[prev][owner].vmerge == VMerge::No {
                        out[prev][owner].vmerge = VMerge::Restart;
                    }
                    row.push(PCell {
                        text: String::new(),
                        span,
                        vmerge: VMerge::Continue,
                    });
                    j += 1;
                    // One-row-per-line text writes every covered slot; the merge took them.
                    if !explicit {
                        let mut skipped = 1;
                        while skipped < span && cells.get(j).is_some_and(|c| c.text.is_empty()) {
                            j += 1;
                            skipped += 1;
                        }
                    }
                    continue;
                }
            }
            leading = false;
            let widen = !explicit
                && c.text.is_empty()
                && j < first_value
                && row
                    .last()
                    .is_some_and(|p| p.vmerge != VMerge::Continue && !p.text.is_empty());
            if widen {
                row.last_mut().unwrap().span += 1;
            } else {
                row.push(PCell {
                    text: c.text.clone(),
                    span: 1,
                    vmerge: VMerge::No,
                });
            }
            j += 1;
        }
        let used: usize = row.iter().map(|p| p.span).sum();
        if used < width {
            let labels = row
                .iter()
                .take(label_cells.unwrap_or(row.len()))
                .rposition(|p| p.vmerge != VMerge::Continue && !p.text.is_empty());
            let target = labels.or_else(|| row.iter().rposition(|p| p.vmerge != VMerge::Continue));
            if let Some(t) = target {
                row[t].span += width - used;
            }
        }
        out.push(row);
    }
    out
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn runs(text: &str) -> String {
    text.split('\n')
        .map(|part| {
            format!(
                "<w:r><w:t xml:space=\"preserve\">{}</w:t></w:r>",
                xml_escape(part)
            )
        })
        .collect::<Vec<_>>()
        .join("<w:r><w:br/></w:r>")
}

/// Usable width of an A4 page with Word's default margins, in twentieths of a point.
const PAGE_WIDTH_DXA: u32 = 8306;

/// Grid column widths (dxa) as Word's "autofit to contents" sets them and saves them in
/// `w:tblGrid`: each column's width lies between its narrowest (the longest unbreakable run:
/// a number, or one CJK character) and its widest (the longest line unwrapped); when the
/// widest layout is wider than the page, every column gets its narrowest plus a share of the
/// room left in proportion to what wrapping it saves. Without widths LibreOffice prints every
/// column at its minimum, so numbers wrap inside their cells, which no office's export does.
fn column_widths(rows: &[Vec<PCell>]) -> Vec<u32> {
    // Twips per display column of 12 pt text (LibreOffice's default size: a CJK character 240
    // twips, a digit half) plus the cell's left and right margins and a little slack.
    const TWIPS_PER_HALF_EM: u32 = 120;
    const CELL_MARGINS: u32 = 300;
    let width_of = |columns: u32| columns * TWIPS_PER_HALF_EM + CELL_MARGINS;
    let columns = rows
        .iter()
        .map(|r| r.iter().map(|c| c.span).sum::<usize>())
        .max()
        .unwrap_or(0);
    let mut narrowest = vec![width_of(2); columns];
    let mut widest = vec![width_of(2); columns];
    for row in rows {
        let mut col = 0;
        for c in row {
            if c.span == 1 && col < columns {
                for line in c.text.split('\n') {
                    let unbreakable = line
                        .split(|ch: char| xxgk_lint::normalise::display_width(ch) == 2)
                        .map(display_columns)
                        .max()
                        .unwrap_or(0);
                    narrowest[col] = narrowest[col].max(width_of(unbreakable));
                    widest[col] = widest[col].max(width_of(display_columns(line)));
                }
            }
            col += c.span;
        }
    }
    let min_total: u32 = narrowest.iter().sum();
    let max_total: u32 = widest.iter().sum();
    if max_total <= PAGE_WIDTH_DXA || max_total == min_total {
        return widest;
    }
    let room = u64::from(PAGE_WIDTH_DXA.saturating_sub(min_total));
    let saved = u64::from(max_total - min_total);
    narrowest
        .iter()
        .zip(&widest)
        .map(|(&lo, &hi)| lo + (u64::from(hi - lo) * room / saved) as u32)
        .collect()
}

fn display_columns(text: &str) -> u32 {
    text.chars()
        .map(|c| xxgk_lint::normalise::display_width(c) as u32)
        .sum()
}

/// `document.xml` for the blocks. The first paragraph also carries what Word hides: a tracked
/// deletion and a field instruction, which a reader must skip.
pub fn document_xml(blocks: &[PBlock]) -> String {
    let mut body = String::new();
    for (i, b) in blocks.iter().enumerate() {
        match b {
            PBlock::Para { text, heading } => {
                body += "<w:p>";
                if *heading {
                    body += "<w:pPr><w:pStyle w:val=\"2\"/><w:tabs><w:tab w:val=\"left\" w:pos=\"420\"/></w:tabs></w:pPr>";
                }
                body += &runs(text);
                if i == 0 {
                    body += "<w:del w:id=\"1\" w:author=\"审核人\"><w:r><w:delText>（征求意见稿）</w:delText></w:r></w:del>";
                    body += "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText xml:space=\"preserve\"> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType=\"end\"/></w:r>";
                }
                body += "</w:p>";
            }
            PBlock::Table(rows) => {
                let grid = column_widths(rows);
                body += "<w:tbl><w:tblPr><w:tblStyle w:val=\"a3\"/><w:tblW w:w=\"0\" w:type=\"auto\"/></w:tblPr><w:tblGrid>";
                for w in &grid {
                    body += &format!("<w:gridCol w:w=\"{w}\"/>");
                }
                body += "</w:tblGrid>";
                for row in rows {
                    body += "<w:tr>";
                    let mut col = 0;
                    for c in row {
                        let width: u32 = grid[col.min(grid.len())..(col + c.span).min(grid.len())]
                            .iter()
                            .sum();
                        col += c.span;
                        body += &format!("<w:tc><w:tcPr><w:tcW w:w=\"{width}\" w:type=\"dxa\"/>");
                        if c.span > 1 {
                            body += &format!("<w:gridSpan w:val=\"{}\"/>", c.span);
                        }
                        match c.vmerge {
                            VMerge::No => {}
                            VMerge::Restart => body += "<w:vMerge w:val=\"restart\"/>",
                            VMerge::Continue => body += "<w:vMerge/>",
                        }
                        body += "</w:tcPr><w:p>";
                        body += &runs(&c.text);
                        body += "</w:p></w:tc>";
                    }
                    body += "</w:tr>";
                }
                body += "</w:tbl><w:p/>";
            }
        }
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{body}<w:sectPr/></w:body></w:document>"
    )
}

const STYLES_XML: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:styles xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"a\"><w:name w:val=\"Normal\"/></w:style><w:style w:type=\"paragraph\" w:styleId=\"2\"><w:name w:val=\"heading 2\"/><w:basedOn w:val=\"a\"/><w:pPr><w:outlineLvl w:val=\"1\"/></w:pPr></w:style></w:styles>";

const CONTENT_TYPES: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/><Override PartName=\"/word/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/></Types>";

const RELS: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/></Relationships>";

/// A zip archive of `(name, content)` entries, deflated.
pub fn zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, content) in entries {
        w.start_file(*name, options).unwrap();
        w.write_all(content).unwrap();
    }
    w.finish().unwrap().into_inner()
}

/// A `.docx` file of the blocks.
pub fn docx(blocks: &[PBlock]) -> Vec<u8> {
    let document = document_xml(blocks);
    zip(&[
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        ("_rels/.rels", RELS.as_bytes()),
        ("word/document.xml", document.as_bytes()),
        ("word/styles.xml", STYLES_XML.as_bytes()),
    ])
}

fn html_text(text: &str) -> String {
    xml_escape(text).replace('\n', "<br>")
}

/// A page as Word's "save as web page" writes it (MsoNormal paragraphs in spans, a table with
/// `rowspan`/`colspan`, `&nbsp;` in empty cells) inside site chrome: navigation, a title bar
/// holding the report title, scripts, a footer. `charset` goes into the `<meta>` declaration.
pub fn html(blocks: &[PBlock], charset: &str) -> String {
    // Sites put the title in a bar above the article: the paragraphs up to 年度报告.
    let title_end = blocks
        .iter()
        .position(|b| matches!(b, PBlock::Para { text, .. } if text.contains("年度报告")))
        .filter(|&i| i < 3)
        .map_or(0, |i| i + 1);
    let title: String = blocks[..title_end]
        .iter()
        .map(|b| match b {
            PBlock::Para { text, .. } => text.as_str(),
            PBlock::Table(_) => "",
        })
        .collect();
    let mut body = String::new();
    for b in &blocks[title_end..] {
        match b {
            PBlock::Para {
                text,
                heading: true,
            } => {
                body += &format!("<h2><span lang=ZH-CN>{}</span></h2>\n", html_text(text));
            }
            PBlock::Para { text, .. } => {
                body += &format!(
                    "<p class=MsoNormal style='text-indent:32.0pt'><span style='font-family:仿宋_GB2312'>{}</span><o:p></o:p></p>\n",
                    html_text(text)
                );
            }
            PBlock::Table(rows) => {
                body += "<table class=MsoTableGrid border=1 cellspacing=0 cellpadding=0 style='border-collapse:collapse'>\n";
                for (r, row) in rows.iter().enumerate() {
                    body += " <tr>\n";
                    for (k, c) in row.iter().enumerate() {
                        if c.vmerge == VMerge::Continue {
                            continue;
                        }
                        let mut attrs = String::new();
                        if c.span > 1 {
                            attrs += &format!(" colspan={}", c.span);
                        }
                        if c.vmerge == VMerge::Restart {
                            attrs += &format!(" rowspan={}", rowspan(rows, r, k));
                        }
                        let content = if c.text.is_empty() {
                            "&nbsp;".to_string()
                        } else {
                            html_text(&c.text)
                        };
                        body += &format!(
                            "  <td{attrs} valign=top style='border:solid windowtext 1.0pt'><p class=MsoNormal align=center><span lang=EN-US>{content}</span></p></td>\n"
                        );
                    }
                    body += " </tr>\n";
                }
                body += "</table>\n";
            }
        }
    }
    format!(
        "<html xmlns:o=\"urn:schemas-microsoft-com:office:office\">\n<head>\n<meta http-equiv=Content-Type content=\"text/html; charset={charset}\">\n<title>{t}_政府信息公开专栏</title>\n<style>p.MsoNormal {{margin:0cm;}}</style>\n<script>var crumbs = '首页 > 一、总体情况';</script>\n</head>\n<body lang=ZH-CN>\n<div class=\"nav\"><a href=\"/\">首页</a> &gt; <a href=\"/xxgk/\">政府信息公开</a> &gt; 年度报告</div>\n<div class=\"title-bar\"><h1>{title_html}</h1><span>发布日期：2024-01-30</span></div>\n<div class=\"article\"><div class=WordSection1>\n{body}</div></div>\n<div class=\"footer\">主办：本机关办公室 | 网站标识码 | 其他需要报告的事项请留言</div>\n</body>\n</html>\n",
        t = xml_escape(&title),
        title_html = html_text(&title),
    )
}

/// Rows a restart cell reaches: itself and the continue cells at its column below.
fn rowspan(rows: &[Vec<PCell>], r: usize, k: usize) -> usize {
    let col: usize = rows[r][..k].iter().map(|c| c.span).sum();
    let mut n = 1;
    for row in &rows[r + 1..] {
        let mut at = 0;
        let below = row.iter().find(|c| {
            let here = at == col;
            at += c.span;
            here
        });
        match below {
            Some(c) if c.vmerge == VMerge::Continue => n += 1,
            _ => break,
        }
    }
    n
}
