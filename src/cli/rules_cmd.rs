//! `xxgk-lint rules` and `xxgk-lint explain`: the active packs and rules, and what one rule or
//! reader code checks, worded in the language asked for.

use super::check::{active_rules, known_ids};
use super::{ExitStatus, ExplainArgs, RulesArgs, RulesFormat};
use crate::diagnostic::Lang;
use crate::render::human;
use crate::rules::{self, RuleSet};
use std::io::{self, Write};

/// The packs with their versions, then the active rules, one per line (titles in `lang`).
fn rules_text(set: &RuleSet, lang: Lang, out: &mut dyn Write) -> io::Result<()> {
    for p in &set.packs {
        let version = p.version.as_deref();
        let description = p.description.as_deref();
        match lang {
            Lang::Zh => writeln!(
                out,
                "包 {} {}（{}）{}",
                p.name,
                version.unwrap_or("（无版本）"),
                p.dir.as_deref().unwrap_or("内置"),
                description.map(|d| format!("：{d}")).unwrap_or_default()
            )?,
            // The description is the pack author's, written in Chinese: it is quoted as such.
            Lang::En => writeln!(
                out,
                "pack {} {} ({}){}",
                p.name,
                version.unwrap_or("(no version)"),
                p.dir.as_deref().unwrap_or("built in"),
                description.map(|d| format!(": “{d}”")).unwrap_or_default()
            )?,
        }
    }
    let width = set.rules.iter().map(|r| r.id.len()).max().unwrap_or(0);
    for r in &set.rules {
        let file = &set.files[r.file].file;
        writeln!(
            out,
            "{:<width$}  {:<7}  {}{}  ({}:{})",
            r.id,
            r.severity.as_str(),
            r.title_in(lang),
            if r.locked { "  [locked]" } else { "" },
            file.name,
            file.line_col(r.span.start).line
        )?;
    }
    Ok(())
}

/// `xxgk-lint rules`: the active rules, one per line.
pub fn list_rules(
    args: &RulesArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<ExitStatus> {
    let lang = args.lang.lang();
    let style = human::Style { lang, color: false };
    let (set, had_errors) = active_rules(&args.rule_options, style, err)?;
    match args.format {
        RulesFormat::Text => rules_text(&set, lang, out)?,
        RulesFormat::Md => out.write_all(super::rules_doc::markdown(&set, lang).as_bytes())?,
    }
    Ok(ExitStatus::of(had_errors, false))
}

/// The headings of `explain`: the Chinese output keeps the English beside the Chinese (as it
/// always has); the English output is English alone.
struct ExplainWords {
    parser_diagnostic: &'static str,
    severity: &'static str,
    defined_at: &'static str,
}

fn explain_words(lang: Lang) -> ExplainWords {
    match lang {
        Lang::Zh => ExplainWords {
            parser_diagnostic: "解析器诊断 parser diagnostic",
            severity: "严重程度 severity",
            defined_at: "定义于 defined at",
        },
        Lang::En => ExplainWords {
            parser_diagnostic: "parser diagnostic",
            severity: "severity",
            defined_at: "defined at",
        },
    }
}

/// `xxgk-lint explain RULE`: title, severity, documentation, help and source of matching rules.
pub fn explain(
    args: &ExplainArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<ExitStatus> {
    let lang = args.lang.lang();
    let words = explain_words(lang);
    let style = human::Style { lang, color: false };
    let (set, had_errors) = active_rules(&args.rule_options, style, err)?;
    let glob = match globset::Glob::new(&args.rule) {
        Ok(g) => g.compile_matcher(),
        Err(e) => {
            writeln!(err, "error: {e}")?;
            return Ok(ExitStatus::Error);
        }
    };
    let matching: Vec<&rules::Rule> = set
        .rules
        .iter()
        .filter(|r| r.id == args.rule || glob.is_match(&r.id))
        .collect();
    let codes = crate::codes::matching(&args.rule);
    for (i, c) in codes.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        writeln!(out, "{} — {}", c.id, words.parser_diagnostic)?;
        writeln!(out, "{}: {}", words.severity, c.level)?;
        match lang {
            Lang::Zh => writeln!(out, "\n{}\n{}", c.zh, c.en)?,
            Lang::En => writeln!(out, "\n{}", c.en)?,
        }
    }
    if !codes.is_empty() && !matching.is_empty() {
        writeln!(out)?;
    }
    if matching.is_empty() && codes.is_empty() {
        let ids = known_ids(&set);
        let hint = rules::resolve::suggest(&args.rule, &ids)
            .map_or_else(String::new, |s| format!("; did you mean `{s}`?"));
        writeln!(err, "error: no rule `{}`{hint}", args.rule)?;
        return Ok(ExitStatus::Error);
    }
    for (i, r) in matching.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        let file = &set.files[r.file].file;
        writeln!(out, "{} — {}", r.id, r.title_in(lang))?;
        writeln!(out, "{}: {}", words.severity, r.severity.as_str())?;
        writeln!(
            out,
            "{}: {}:{}",
            words.defined_at,
            file.name,
            file.line_col(r.span.start).line
        )?;
        // The documentation is the rule author's, in Chinese only: shown as written, like the
        // source below.
        if let Some(doc) = &r.doc {
            writeln!(out, "\n{}", doc.trim())?;
        }
        if let Some(help) = r.help_in(lang) {
            writeln!(out, "\nhelp: {help}")?;
        }
        writeln!(out, "\n{}", r.source)?;
    }
    Ok(ExitStatus::of(had_errors, false))
}
