//! The reader's diagnostic codes (`parse/…`): each with its usual level and what it means, for
//! `xxgk-lint explain parse/…` and for checking that a select/ignore/severity glob names
//! something. Rules document themselves in their files; these are the reader's own.

/// One reader diagnostic code.
#[derive(Debug, Clone, Copy)]
pub struct Code {
    /// The code, `parse/…`.
    pub id: &'static str,
    /// Its usual level (`error`, `warning`, `info`; some depend on the case).
    pub level: &'static str,
    /// What it says, in Chinese.
    pub zh: &'static str,
    /// What it says, in English.
    pub en: &'static str,
}

const fn code(id: &'static str, level: &'static str, zh: &'static str, en: &'static str) -> Code {
    Code { id, level, zh, en }
}

/// Every code the reader gives, by id.
pub const CODES: &[Code] = &[
    code(
        "parse/cell-count",
        "error",
        "表格一行的数值个数与模板的列数不符，无法确定各数值属于哪一列；该行单元格按“有歧义”处理，不参与计算。核对该行是否漏填、多填或合并了单元格。",
        "a table row has a different number of values than the template has columns, so which value belongs to which column cannot be told; the row's cells are ambiguous and not used in arithmetic. Check the row for missing, extra or merged cells.",
    ),
    code(
        "parse/cell-empty",
        "warning",
        "模板要求填写数字的单元格为空（无则应填 0）。空格不按 0 计算，用到它的规则无法评估。",
        "a cell the template expects a number in is empty (0 for none). It is not read as 0; rules using it are not assessable.",
    ),
    code(
        "parse/cell-cut-off",
        "warning",
        "文件在表格中途结束（摘录或被截断的网页），最后一个单元格的数值可能不完整（如 63 只剩 6）；该单元格按“有歧义”处理，不参与计算。",
        "the file stops inside a table (an excerpt, a truncated page), so its last value may be cut short (63 left as 6); the cell is treated as ambiguous and not used in arithmetic.",
    ),
    code(
        "parse/cell-placeholder",
        "warning",
        "单元格填写了占位符（如“/”“—”），而不是数字。占位符不按 0 计算。",
        "a cell holds a placeholder (`/`, `—`) instead of a number. It is not read as 0.",
    ),
    code(
        "parse/cell-text",
        "error",
        "单元格填写的不是数字（如“12件”“约10”）。核对并只填写数字。",
        "a cell holds text that is not a number (`12件`, `约10`). Write the number alone.",
    ),
    code(
        "parse/column-missing",
        "error",
        "第三部分表格缺少模板中的一列（如“总计”），这些行按表头的列读取。",
        "the section 3 table lacks a template column (such as the total, `总计`); its rows are read by the header's columns.",
    ),
    code(
        "parse/decode",
        "warning",
        "文件按所检测（或 --encoding 指定）的编码解码时有无效字节，已替换为 U+FFFD。核对文件编码，或用 --encoding 指定。",
        "the file has invalid bytes in the detected (or --encoding) encoding, replaced by U+FFFD. Check the file's encoding or give --encoding.",
    ),
    code(
        "parse/format-unrecognised",
        "warning",
        "报告使用了国家格式之前的自定结构，表格与章节无法按模板读取，国家规则不适用。",
        "the report uses its own structure from before the national format; its tables and sections cannot be read by the template, and national rules do not apply.",
    ),
    code(
        "parse/header-incomplete",
        "warning",
        "第四部分表头缺少模板中的部分列名，数值按模板顺序读取。",
        "the section 4 header lacks some of the template's column names; values are read in template order.",
    ),
    code(
        "parse/header-missing",
        "warning",
        "表格没有可识别的表头，各列按模板顺序读取。",
        "a table has no recognisable header; columns are read in template order.",
    ),
    code(
        "parse/header-unrecognised",
        "warning",
        "表头中有与模板不符的列名。",
        "a header holds a column name that does not match the template.",
    ),
    code(
        "parse/header-variant",
        "info",
        "表头使用了地方格式的写法（如“单位：万元，保留4位小数”），按对应的模板列读取。",
        "a header uses a local wording of a template column (such as `单位：万元，保留4位小数`); it is read as that column.",
    ),
    code(
        "parse/not-a-report",
        "warning",
        "文件看起来不是政府信息公开工作年度报告：没有可识别的标题和章节，不做检查。",
        "the file does not look like an annual government information disclosure report: no recognisable title and sections; nothing is checked.",
    ),
    code(
        "parse/row-duplicate",
        "error",
        "表格中同一模板行出现了不止一次；各行的数值均保留为候选，不参与计算。",
        "a template row appears more than once in a table; every row's values are kept as candidates and not used in arithmetic.",
    ),
    code(
        "parse/row-label",
        "warning",
        "行标签与模板不完全一致（被拆开、写法不同，或该行按位置归入模板行）。",
        "a row label does not match the template exactly (split, worded differently, or the row was placed by position).",
    ),
    code(
        "parse/row-missing",
        "error",
        "表格缺少模板中的行，这些单元格视为缺失。",
        "a table lacks template rows; their cells are absent.",
    ),
    code(
        "parse/row-split",
        "warning",
        "第四部分的数值分布在几行中，已按顺序连接读取。",
        "section 4 values are spread over several rows; they are read in order.",
    ),
    code(
        "parse/row-undetermined",
        "warning",
        "在不显示空单元格的版式中（如爬虫文本），一行的数值少于模板列数，无法确定哪些列为空；该行单元格按“有歧义”处理。这不说明报告本身有误。",
        "in a layout that does not show empty cells (crawler text), a row has fewer values than columns, so which are empty cannot be told; its cells are ambiguous. This says nothing about the report itself.",
    ),
    code(
        "parse/row-unrecognised",
        "warning",
        "表格中有无法识别的行，其数值未读取。",
        "a table row's label matches no template row; its values are not read.",
    ),
    code(
        "parse/section-misnumbered",
        "warning",
        "章节编号与模板不符（如“四、”写成“五、”）。",
        "a section is numbered differently from the template.",
    ),
    code(
        "parse/section-missing",
        "error",
        "报告缺少模板要求的章节。",
        "the report lacks a section the template requires.",
    ),
    code(
        "parse/section-out-of-order",
        "warning",
        "章节顺序与模板不符。",
        "sections are not in the template's order.",
    ),
    code(
        "parse/section-title-truncated",
        "warning",
        "章节标题不完整（只写了开头几个字）。",
        "a section title is cut short.",
    ),
    code(
        "parse/section-title-variant",
        "info",
        "章节标题的写法与模板略有不同（如用阿拉伯数字编号），按对应章节读取。",
        "a section title is worded or numbered a little differently from the template (Arabic numerals, say); it is read as that section.",
    ),
    code(
        "parse/section-unnumbered",
        "warning",
        "章节标题没有编号。",
        "a section title has no number.",
    ),
    code(
        "parse/table-missing",
        "error",
        "报告缺少模板要求的表格（或无法识别），用到它的规则无法评估。",
        "the report lacks a table the template requires (or it cannot be recognised); rules using it are not assessable.",
    ),
    code(
        "parse/template-mismatch",
        "warning",
        "表格所按的模板（2019 试行或 2021 正式格式）与报告年份、标题等其他信号不一致。",
        "the template a table was read with (2019 trial or 2021 format) conflicts with the report's year, title or other signals.",
    ),
    code(
        "parse/title-missing",
        "error",
        "没有找到报告标题（机关名称、年度和“政府信息公开工作年度报告”）。",
        "no report title (organ, year and `政府信息公开工作年度报告`) was found.",
    ),
];

/// The codes whose id equals `pattern` or matches it as a glob.
pub fn matching(pattern: &str) -> Vec<&'static Code> {
    let glob = globset::Glob::new(pattern)
        .ok()
        .map(|g| g.compile_matcher());
    CODES
        .iter()
        .filter(|c| c.id == pattern || glob.as_ref().is_some_and(|g| g.is_match(c.id)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_the_reader_gives_is_documented_once() {
        // The codes written in the source, found by scanning it, against the table.
        let mut in_source = std::collections::BTreeSet::new();
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut dirs = vec![root];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    dirs.push(path);
                } else if path.extension().is_some_and(|e| e == "rs") && !path.ends_with("codes.rs")
                {
                    let text = std::fs::read_to_string(&path).unwrap();
                    for part in text.split("\"parse/").skip(1) {
                        let id: String = part
                            .chars()
                            .take_while(|c| c.is_ascii_lowercase() || *c == '-')
                            .collect();
                        if part[id.len()..].starts_with('"') && !id.is_empty() {
                            in_source.insert(format!("parse/{id}"));
                        }
                    }
                }
            }
        }
        // `parse/none` names the absence of a diagnostic in JSON, not a diagnostic.
        in_source.remove("parse/none");
        let table: std::collections::BTreeSet<String> =
            CODES.iter().map(|c| c.id.to_string()).collect();
        assert_eq!(table.len(), CODES.len(), "a code listed twice");
        assert_eq!(in_source, table);
    }
}
