//! `xxgk-lint rules --format md`: the active packs' documentation in Markdown, to publish
//! with a pack (every rule's id, severity, whether it is locked, title, message, help and doc),
//! in Chinese or English. A rule's `doc` and a pack's description are written in Chinese only
//! and are quoted as written in both.

use crate::diagnostic::Lang;
use crate::rules::RuleSet;
use std::fmt::Write;

/// Text for a Markdown table cell: one line, `|` escaped.
fn cell(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace('|', "\\|")
}

/// The words of the document around the rules' own text.
struct Words {
    heading: &'static str,
    pack: &'static str,
    version: &'static str,
    no_version: &'static str,
    built_in: &'static str,
    directory: &'static str,
    needs: (&'static str, &'static str),
    table_head: &'static str,
    locked_short: &'static str,
    title: &'static str,
    severity: &'static str,
    locked_long: &'static str,
    message: &'static str,
    help: &'static str,
}

const ZH: Words = Words {
    heading: "# 规则说明",
    pack: "规则包",
    version: "版本",
    no_version: "未注明",
    built_in: "内置于 xxgk-lint",
    directory: "目录",
    needs: ("需要 xxgk-lint ", " 或更新版本。"),
    table_head: "| 规则 | 级别 | 标题 |",
    locked_short: "（锁定）",
    title: "- 标题：",
    severity: "- 级别：",
    locked_long: "（锁定：配置不能关闭或降低，只能逐条豁免）",
    message: "- 提示语：",
    help: "- 怎么改：",
};

const EN: Words = Words {
    heading: "# Rules",
    pack: "Pack",
    version: "Version",
    no_version: "not given",
    built_in: "built into xxgk-lint",
    directory: "directory",
    needs: ("Needs xxgk-lint ", " or later."),
    table_head: "| Rule | Severity | Title |",
    locked_short: " (locked)",
    title: "- Title: ",
    severity: "- Severity: ",
    locked_long: " (locked: configuration cannot turn it off or lower it; only a waiver silences one finding)",
    message: "- Message: ",
    help: "- How to fix: ",
};

/// The Markdown document of `set` in `lang`: a section per pack, an index table, then each
/// rule (titles, messages and help in English where the rule gives them).
pub fn markdown(set: &RuleSet, lang: Lang) -> String {
    let w = match lang {
        Lang::Zh => &ZH,
        Lang::En => &EN,
    };
    let mut out = format!("{}\n\n", w.heading);
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
        let _ = writeln!(out, "## {} `{name}`\n", w.pack);
        if let Some(p) = info {
            let place = p
                .dir
                .as_deref()
                .map_or(w.built_in.to_string(), |d| format!("{} `{d}`", w.directory));
            let version = p.version.as_deref().unwrap_or(w.no_version);
            let description = p.description.as_deref().unwrap_or_default();
            let _ = match lang {
                Lang::Zh => writeln!(out, "{} {version}；{place}。{description}\n", w.version),
                // The description is the pack author's Chinese: quoted as written.
                Lang::En if description.is_empty() => {
                    writeln!(out, "{} {version}; {place}.\n", w.version)
                }
                Lang::En => writeln!(out, "{} {version}; {place}. “{description}”\n", w.version),
            };
            if let Some(v) = &p.min_xxgk_lint_version {
                let _ = writeln!(out, "{}{v}{}\n", w.needs.0, w.needs.1);
            }
        }
        let rules: Vec<_> = set
            .rules
            .iter()
            .filter(|r| r.id.split('/').next() == Some(name))
            .collect();
        out.push_str(w.table_head);
        out.push_str("\n|---|---|---|\n");
        for r in &rules {
            let _ = writeln!(
                out,
                "| [`{}`](#{}) | {}{} | {} |",
                r.id,
                anchor(&r.id),
                r.severity.as_str(),
                if r.locked { w.locked_short } else { "" },
                cell(r.title_in(lang))
            );
        }
        out.push('\n');
        for r in rules {
            let _ = writeln!(out, "### `{}`\n", r.id);
            let _ = writeln!(out, "{}{}", w.title, cell(r.title_in(lang)));
            let _ = writeln!(
                out,
                "{}{}{}",
                w.severity,
                r.severity.as_str(),
                if r.locked { w.locked_long } else { "" }
            );
            let message = match (lang, &r.messages.en) {
                (Lang::En, Some(en)) => en.text.as_str(),
                _ => r.message.node.as_str(),
            };
            let _ = writeln!(out, "{}{}", w.message, cell(message));
            if let Some(help) = r.help_in(lang) {
                let _ = writeln!(out, "{}{}", w.help, cell(help));
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
