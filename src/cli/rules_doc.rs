//! `xxgk-lint rules --format md`: the active packs' documentation in Markdown, to publish
//! with a pack (every rule's id, severity, whether it is locked, title, message, help and doc).

use crate::rules::RuleSet;
use std::fmt::Write;

/// Text for a Markdown table cell: one line, `|` escaped.
fn cell(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace('|', "\\|")
}

/// The Markdown document of `set`: a section per pack, an index table, then each rule.
pub fn markdown(set: &RuleSet) -> String {
    let mut out = String::from("# 规则说明\n\n");
    let mut names: Vec<&str> = set.packs.iter().map(|p| p.name.as_str()).collect();
    // Rules of a pack with no metadata (loaded some other way) still get their section.
    for r in &set.rules {
        let pack = r.id.split('/').next().unwrap_or_default();
        if !names.contains(&pack) {
            names.push(pack);
        }
    }
    for name in names {
        let info = set.packs.iter().find(|p| p.name == name);
        let _ = writeln!(out, "## 规则包 `{name}`\n");
        if let Some(p) = info {
            let _ = writeln!(
                out,
                "版本 {}；{}。{}\n",
                p.version.as_deref().unwrap_or("未注明"),
                p.dir
                    .as_deref()
                    .map_or("内置于 xxgk-lint".to_string(), |d| format!("目录 `{d}`")),
                p.description.as_deref().unwrap_or_default()
            );
            if let Some(v) = &p.min_xxgk_lint_version {
                let _ = writeln!(out, "需要 xxgk-lint {v} 或更新版本。\n");
            }
        }
        let rules: Vec<_> = set
            .rules
            .iter()
            .filter(|r| r.id.split('/').next() == Some(name))
            .collect();
        out.push_str("| 规则 | 级别 | 标题 |\n|---|---|---|\n");
        for r in &rules {
            let _ = writeln!(
                out,
                "| [`{}`](#{}) | {}{} | {} |",
                r.id,
                anchor(&r.id),
                r.severity.as_str(),
                if r.locked { "（锁定）" } else { "" },
                cell(&r.title)
            );
        }
        out.push('\n');
        for r in rules {
            let _ = writeln!(out, "### `{}`\n", r.id);
            let _ = writeln!(out, "- 标题：{}", cell(&r.title));
            let _ = writeln!(
                out,
                "- 级别：{}{}",
                r.severity.as_str(),
                if r.locked {
                    "（锁定：配置不能关闭或降低，只能逐条豁免）"
                } else {
                    ""
                }
            );
            let _ = writeln!(out, "- 提示语：{}", cell(&r.message.node));
            if let Some(help) = &r.help {
                let _ = writeln!(out, "- 怎么改：{}", cell(help));
            }
            if let Some(doc) = &r.doc {
                out.push('\n');
                for line in doc.trim().lines() {
                    let _ = writeln!(out, "> {line}");
                }
            }
            out.push('\n');
        }
    }
    out
}

/// The anchor GitHub gives a `### \`id\`` heading: lower case, `/` dropped.
fn anchor(id: &str) -> String {
    id.chars()
        .filter(|c| c.is_alphanumeric() || *c == '-')
        .collect::<String>()
        .to_lowercase()
}
