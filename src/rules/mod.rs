//! Rule packs: loading rule files from directories (and the national pack compiled into the
//! binary), parsing and resolving them, and selecting rules by glob patterns on their ids.
//!
//! Ids are namespaced by pack: the file `rules/national/sec3.rule` defines `national/…`
//! rules, a directory `henan/` passed with `--rules` defines `henan/…`. Problems in rule files
//! are collected (not just the first) as diagnostics pointing into the rule file.

mod assemble;
pub mod ast;
pub mod builtins;
pub mod compiled;
pub mod dir;
mod direct;
mod lets;
mod lists;
pub mod matcher;
pub mod message;
pub mod pack;
mod parse;
pub mod policy;
pub mod resolve;

pub use compiled::Rule;

use crate::diagnostic::{Diagnostic, Label, Severity, Text};
use crate::source::SourceFile;
use policy::Policy;

/// The national pack, compiled in so the tool works with no flags. A test checks that every
/// file in `rules/national/` is listed here.
pub const NATIONAL: &[(&str, &str)] = &[
    (
        "rules/national/arithmetic.rule",
        include_str!("../../rules/national/arithmetic.rule"),
    ),
    (
        "rules/national/cells.rule",
        include_str!("../../rules/national/cells.rule"),
    ),
    (
        "rules/national/crossyear.rule",
        include_str!("../../rules/national/crossyear.rule"),
    ),
    (
        "rules/national/narrative.rule",
        include_str!("../../rules/national/narrative.rule"),
    ),
    (
        "rules/national/outcomes.rule",
        include_str!("../../rules/national/outcomes.rule"),
    ),
    (
        "rules/national/sec3.rule",
        include_str!("../../rules/national/sec3.rule"),
    ),
    (
        "rules/national/sec4.rule",
        include_str!("../../rules/national/sec4.rule"),
    ),
    (
        "rules/national/structure.rule",
        include_str!("../../rules/national/structure.rule"),
    ),
    (
        "rules/national/words.rule",
        include_str!("../../rules/national/words.rule"),
    ),
    (
        "rules/national/years.rule",
        include_str!("../../rules/national/years.rule"),
    ),
];

/// A rule file with the pack it belongs to.
#[derive(Debug, Clone)]
pub struct RuleSource {
    /// Pack name: the rule ids' namespace.
    pub pack: String,
    /// The file (name as shown in diagnostics, and text).
    pub file: SourceFile,
}

/// A problem in a rule file.
#[derive(Debug, Clone)]
pub struct LoadError {
    /// Index into [`RuleSet::files`].
    pub file: usize,
    /// The diagnostic, with spans into that file.
    pub diagnostic: Diagnostic,
}

/// Compiled rules and the files they came from.
#[derive(Debug, Clone, Default)]
pub struct RuleSet {
    /// Rule files, indexed by [`Rule::file`].
    pub files: Vec<RuleSource>,
    /// Rules in load order (pack order, then file order, then position).
    pub rules: Vec<Rule>,
    /// The packs the rules come from, with their `pack.toml` metadata (filled by the caller
    /// that knows where the packs came from).
    pub packs: Vec<pack::PackInfo>,
}

/// The national pack's sources.
pub fn national() -> Vec<RuleSource> {
    NATIONAL
        .iter()
        .map(|(name, text)| RuleSource {
            pack: "national".into(),
            file: SourceFile::new(*name, (*text).to_string(), "UTF-8"),
        })
        .collect()
}

/// Parses and resolves every source. Returns the rules that compiled and every problem found.
pub fn load(sources: Vec<RuleSource>) -> (RuleSet, Vec<LoadError>) {
    resolve::sharing_patterns(|| load_sharing(sources))
}

fn load_sharing(sources: Vec<RuleSource>) -> (RuleSet, Vec<LoadError>) {
    let mut set = RuleSet {
        files: sources,
        rules: Vec::new(),
        packs: Vec::new(),
    };
    let mut errors = Vec::new();
    // First every file, so that a pack's lists are known to all its rules.
    let mut parsed = Vec::new();
    let mut lists: std::collections::BTreeMap<&str, lists::Lists> = Default::default();
    for (i, src) in set.files.iter().enumerate() {
        // A syntax error costs only the rule or list it is in; the file's others still load.
        let (ast, syntax) = parse::parse_recovering(&src.file.text);
        errors.extend(syntax.into_iter().map(|d| LoadError {
            file: i,
            diagnostic: d,
        }));
        let problems = lists.entry(src.pack.as_str()).or_default().add(&ast.lists);
        errors.extend(problems.into_iter().map(|d| LoadError {
            file: i,
            diagnostic: d,
        }));
        parsed.push((i, ast));
    }
    let mut seen: Vec<(String, usize, crate::source::Span)> = Vec::new();
    for (i, mut ast) in parsed {
        let src = &set.files[i];
        for rule in &mut ast.rules {
            let mut problems = lists[src.pack.as_str()].expand(rule);
            if problems.is_empty() {
                problems = lets::inline(rule, resolve::is_language_name);
            }
            if !problems.is_empty() {
                errors.extend(problems.into_iter().map(|d| LoadError {
                    file: i,
                    diagnostic: d,
                }));
                continue;
            }
            let rule = &*rule;
            let full = format!("{}/{}", src.pack, rule.id.node);
            if let Some((_, file, span)) = seen.iter().find(|(id, _, _)| *id == full) {
                let mut d = Diagnostic::new(
                    "rules/duplicate-id",
                    Severity::Error,
                    Text::new(
                        format!("规则 `{full}` 重复定义"),
                        format!("rule `{full}` is defined twice"),
                    ),
                )
                .with_label(Label::primary(
                    rule.id.span,
                    Text::new("再次定义", "defined again here"),
                ));
                let first = &set.files[*file].file;
                d = d.with_note(Text::new(
                    format!(
                        "第一次定义于 {}:{}",
                        first.name,
                        first.line_col(span.start).line
                    ),
                    format!(
                        "first defined at {}:{}",
                        first.name,
                        first.line_col(span.start).line
                    ),
                ));
                errors.push(LoadError {
                    file: i,
                    diagnostic: d,
                });
                continue;
            }
            seen.push((full, i, rule.id.span));
            match assemble::resolve(rule, &src.pack, i, &src.file) {
                Ok(r) => set.rules.push(r),
                Err(ds) => errors.extend(ds.into_iter().map(|d| LoadError {
                    file: i,
                    diagnostic: d,
                })),
            }
        }
    }
    (set, errors)
}

/// Keeps the rules whose id matches a `select` glob (all when empty) and no `ignore` glob. A
/// locked rule cannot be ignored; `select` still names what a run is for. Returns one message
/// per locked rule an `ignore` glob names.
pub fn select(
    set: &mut RuleSet,
    select: &[String],
    ignore: &[String],
) -> Result<Vec<String>, globset::Error> {
    let selecting = Policy::new(select, &[], &[])?;
    let ignoring = Policy::new(&[], ignore, &[])?;
    let mut refused = Vec::new();
    set.rules.retain(|rule| {
        if selecting.level(&rule.id, rule.severity).is_none() {
            return false;
        }
        let ignored = ignoring.level(&rule.id, rule.severity).is_none();
        if ignored && rule.locked {
            refused.push(lock_refusal(&rule.id));
        }
        !ignored || rule.locked
    });
    Ok(refused)
}

/// Sets severities by rule id glob, in order (the last match wins); `None` removes the rule.
/// A locked rule may be raised, never lowered or removed: returns one message per refusal.
pub fn set_severities(
    set: &mut RuleSet,
    table: &[(String, Option<Severity>)],
) -> Result<Vec<String>, globset::Error> {
    let policy = Policy::new(&[], &[], table)?;
    let mut refused = Vec::new();
    set.rules
        .retain_mut(|rule| match policy.level(&rule.id, rule.severity) {
            Some(level) if level >= rule.severity || !rule.locked => {
                rule.severity = level;
                true
            }
            None if !rule.locked => false,
            // A locked rule lowered or turned off stays as written.
            _ => {
                refused.push(lock_refusal(&rule.id));
                true
            }
        });
    Ok(refused)
}

fn lock_refusal(id: &str) -> String {
    format!("{id} 已锁定：配置不能关闭或降低它；个别发现可用带理由的 [[waivers]] 豁免")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn the_national_pack_lists_every_file_in_rules_national() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules/national");
        let loaded = dir::load(&dir);
        assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
        let mut on_disk: Vec<String> = loaded
            .sources
            .iter()
            .map(|s| {
                Path::new(&s.file.name)
                    .file_name()
                    .unwrap()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        on_disk.sort();
        let mut listed: Vec<String> = NATIONAL
            .iter()
            .map(|(n, _)| {
                Path::new(n)
                    .file_name()
                    .unwrap()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        listed.sort();
        assert_eq!(on_disk, listed);
    }

    #[test]
    fn the_national_pack_compiles() {
        let (set, errors) = load(national());
        assert!(errors.is_empty(), "{errors:?}");
        assert!(set.rules.iter().all(|r| r.id.starts_with("national/")));
        assert!(!set.rules.is_empty());
    }

    #[test]
    fn every_national_rule_is_documented() {
        let (set, _) = load(national());
        for r in &set.rules {
            assert!(
                !r.title.is_empty() && r.help.is_some(),
                "{}: title and help",
                r.id
            );
            // English for an evaluator who reads no Chinese: title, message and help, and the
            // message of every assertion with its own.
            assert!(
                r.title_en.is_some() && r.help_en.is_some() && r.messages.en.is_some(),
                "{}: title.en, message.en and help.en",
                r.id
            );
            for a in &r.assertions {
                assert!(
                    a.message.as_ref().is_none_or(|m| m.en.is_some()),
                    "{}: an assertion's message without message.en",
                    r.id
                );
            }
            let doc = r.doc.as_deref().unwrap_or_default();
            for part in ["检查", "原因", "示例"] {
                assert!(
                    doc.contains(part),
                    "{}: doc lacks {part}（what it checks, why, an example）",
                    r.id
                );
            }
        }
    }

    #[test]
    fn selection_by_glob() {
        let (mut set, _) = load(national());
        let n = set.rules.len();
        let refused = select(&mut set, &[], &["national/sec4-*".into()]).unwrap();
        // The locked balance equation stays, and says so; the others go.
        let sec4: Vec<&str> = set
            .rules
            .iter()
            .filter(|r| r.id.starts_with("national/sec4-"))
            .map(|r| r.id.as_str())
            .collect();
        assert!(set.rules.len() < n);
        assert_eq!(sec4, ["national/sec4-group-total"]);
        assert_eq!(refused.len(), 1);
        assert!(refused[0].starts_with("national/sec4-group-total 已锁定"));
        select(&mut set, &["*/sec3-balance".into()], &[]).unwrap();
        assert_eq!(set.rules.len(), 1);
    }
}
