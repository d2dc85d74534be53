//! The readable `parse` summary: metadata, sections, and every table as a grid of values, so a
//! rule author can see at a glance what the parser recognised.

use crate::diagnostic::{Lang, Severity};
use crate::normalise::CellValue;
use crate::report::{Report, Slot};
use crate::source::SourceFile;
use crate::template::{self, Template};
use std::fmt::Write;

fn t<'a>(lang: Lang, zh: &'a str, en: &'a str) -> &'a str {
    if lang == Lang::Zh { zh } else { en }
}

/// How one slot is shown in a grid: the value, `∅` empty, `-` absent, `?` ambiguous.
fn shown(slot: Option<&Slot>) -> String {
    match slot {
        None | Some(Slot::Absent) => "-".into(),
        Some(Slot::Ambiguous { .. }) => "?".into(),
        Some(Slot::Present(c)) => match &c.value {
            CellValue::Number { value, unit, .. } => {
                format!("{value}{}", unit.as_deref().unwrap_or(""))
            }
            CellValue::Empty => "∅".into(),
            CellValue::Placeholder | CellValue::Text => format!("“{}”", c.text),
        },
    }
}

fn line_of(source: &SourceFile, report: &Report, path_prefix: &str) -> String {
    report
        .cells
        .iter()
        .filter(|(p, _)| p.starts_with(path_prefix))
        .find_map(|(_, s)| s.cell().map(|c| source.line_col(c.span.start).line))
        .map_or(String::new(), |l| format!("  L{l}"))
}

/// Renders the summary of one parsed file.
pub fn render(source: &SourceFile, report: &Report, lang: Lang) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}: {} ({})",
        t(lang, "文件", "file"),
        source.name,
        source.encoding
    );
    if !report.recognised {
        let _ = writeln!(
            out,
            "{}",
            t(
                lang,
                "不是可识别的年度报告",
                "not a recognised annual report"
            )
        );
        return out;
    }
    let meta = &report.meta;
    let none = t(lang, "（未找到）", "(not found)");
    let title = meta.title.as_ref().map_or(none.to_string(), |x| {
        format!("{}  L{}", x.value, source.line_col(x.span.start).line)
    });
    let _ = writeln!(out, "{}: {title}", t(lang, "标题", "title"));
    let organ = meta.organ.as_ref().map_or(none, |o| o.value.as_str());
    let year = meta
        .year
        .as_ref()
        .map_or(none.to_string(), |y| y.value.to_string());
    let _ = writeln!(
        out,
        "{}: {organ} [{}]  {}: {year}  {}: {}",
        t(lang, "机关", "organ"),
        meta.organ_kind.as_str(),
        t(lang, "年度", "year"),
        t(lang, "模板", "template"),
        report.template
    );
    let _ = writeln!(out, "{}:", t(lang, "部分", "sections"));
    for s in &report.sections {
        match &s.heading {
            Some(h) => {
                let _ = writeln!(
                    out,
                    "  {} L{:<5} {}  ({} {})",
                    s.id,
                    source.line_col(h.span.start).line,
                    h.text,
                    s.paragraphs.len(),
                    t(lang, "段", "paragraphs")
                );
            }
            None => {
                let _ = writeln!(out, "  {} {}", s.id, t(lang, "（缺失）", "(missing)"));
            }
        }
    }
    let tpl = template::by_id(&report.template).unwrap_or(&template::bundled()[0]);
    sec2(&mut out, source, report, tpl, lang);
    sec3(&mut out, source, report, lang);
    sec4(&mut out, report, tpl, lang);
    let _ = writeln!(
        out,
        "{}",
        t(
            lang,
            "图例：∅ 空单元格  - 缺失  ? 有歧义  “…” 非数字",
            "legend: ∅ empty cell  - absent  ? ambiguous  “…” not a number"
        )
    );
    let count = |s: Severity| {
        report
            .diagnostics
            .iter()
            .filter(|d| d.severity == s)
            .count()
    };
    let _ = writeln!(
        out,
        "{}: {} error, {} warning, {} info",
        t(lang, "结构诊断", "structural diagnostics"),
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Info)
    );
    out
}

fn sec2(out: &mut String, source: &SourceFile, report: &Report, tpl: &Template, lang: Lang) {
    let _ = writeln!(out, "{} (sec2):", t(lang, "第二部分", "section 2"));
    for table in &tpl.sec2 {
        let _ = writeln!(out, "  {} {}", table.id, table.title);
        for row in &table.rows {
            let values: Vec<String> = table
                .columns
                .iter()
                .map(|c| {
                    shown(
                        report
                            .cells
                            .get(&format!("sec2.{}.{}.{}", table.id, row.id, c.id)),
                    )
                })
                .collect();
            let line = line_of(source, report, &format!("sec2.{}.{}.", table.id, row.id));
            let _ = writeln!(out, "    {:<20} {}{line}", row.id, values.join(" "));
        }
    }
}

fn sec3(out: &mut String, source: &SourceFile, report: &Report, lang: Lang) {
    let Some(info) = report.tables.iter().find(|t| t.id == "sec3") else {
        let _ = writeln!(
            out,
            "{} (sec3): {}",
            t(lang, "第三部分", "section 3"),
            t(lang, "（未找到表格）", "(no table)")
        );
        return;
    };
    let tpl = template::by_id(&info.template).unwrap_or(&template::bundled()[0]);
    let cols: Vec<&str> = tpl
        .sec3
        .columns
        .iter()
        .map(|c| c.id.as_str())
        .filter(|c| report.cells.get(&format!("sec3.new.{c}")).is_some())
        .collect();
    let _ = writeln!(
        out,
        "{} (sec3, {}): {}",
        t(lang, "第三部分", "section 3"),
        info.template,
        cols.join(" ")
    );
    for row in &tpl.sec3.rows {
        let values: Vec<String> = cols
            .iter()
            .map(|c| shown(report.cells.get(&format!("sec3.{}.{c}", row.id))))
            .collect();
        let line = line_of(source, report, &format!("sec3.{}.", row.id));
        let _ = writeln!(out, "  {:<42} {}{line}", row.id, values.join(" "));
    }
}

fn sec4(out: &mut String, report: &Report, tpl: &Template, lang: Lang) {
    let cols: Vec<&str> = tpl.sec4.columns.iter().map(|c| c.id.as_str()).collect();
    let _ = writeln!(
        out,
        "{} (sec4): {}",
        t(lang, "第四部分", "section 4"),
        cols.join(" ")
    );
    for g in &tpl.sec4.groups {
        let values: Vec<String> = cols
            .iter()
            .map(|c| shown(report.cells.get(&format!("sec4.{}.{c}", g.id))))
            .collect();
        let _ = writeln!(out, "  {:<24} {}", g.id, values.join(" "));
    }
}
