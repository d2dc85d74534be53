//! The regular expressions of `matches` and `claims` patterns: one forward automaton per
//! pattern, tested by a lazy DFA and read (capture groups) by a bounded backtracker anchored on
//! each match the DFA found.
//!
//! `regex::Regex` also builds a reverse automaton, tries a one-pass DFA and picks among
//! literal strategies for each pattern. For the national pack that was most of loading the
//! rules (paid on every run), while reports only ask two questions of a sentence: does the
//! pattern occur (the lazy DFA, after the rule's own required-literal test, skipping to the
//! literals a match starts with) and, for the few sentences where it does, what its groups hold
//! (the backtracker, on one short sentence). The syntax, the Unicode semantics and
//! leftmost-first matching are those of `regex::Regex`: the same parser and compiler, with the
//! same settings and size limit.

mod bound;

use regex_automata::hybrid::dfa::{self, DFA};
use regex_automata::nfa::thompson::backtrack::{self, BoundedBacktracker};
use regex_automata::nfa::thompson::pikevm::{self, PikeVM};
use regex_automata::nfa::thompson::{self, NFA};
use regex_automata::util::captures::{Captures, GroupInfo};
use regex_automata::util::pool::Pool;
use regex_automata::util::prefilter::Prefilter;
use regex_automata::util::syntax;
use regex_automata::{Anchored, Input, MatchKind, PatternID, Span};
use regex_syntax::hir::{Hir, HirKind};
use std::panic::{RefUnwindSafe, UnwindSafe};
use std::sync::{Arc, OnceLock};

/// The size limit of a compiled pattern, as `regex::Regex`'s default.
const NFA_SIZE_LIMIT: usize = 10 * (1 << 20);

/// The lazy DFA's cache, as `regex::Regex`'s default.
const DFA_CACHE_CAPACITY: usize = 2 * (1 << 20);

thread_local! {
    /// One Thompson compiler for every pattern compiled on this thread: each new compiler
    /// allocates and later frees a table of 10,000 UTF-8 states on its first Unicode class,
    /// which for the national pack's short patterns cost as much as compiling them. A compiler
    /// starts each automaton afresh, so the automata are those of one compiler per pattern.
    static COMPILER: thompson::Compiler = {
        let mut compiler = thompson::Compiler::new();
        compiler.configure(
            thompson::Config::new()
                .utf8(true)
                .shrink(false)
                .nfa_size_limit(Some(NFA_SIZE_LIMIT)),
        );
        compiler
    };
}

type Make<T> = Box<dyn Fn() -> T + Send + Sync + UnwindSafe + RefUnwindSafe>;

/// A compiled pattern text (see the module documentation).
///
/// Loading a rule pack parses every pattern (so that a bad one is reported when the rules
/// load), but builds a pattern's automata only when a sentence first reaches it: a run that
/// never gets past a pattern's required literal, or whose reports lack the sections a rule
/// reads, does not pay for them. A pattern that might exceed the size limit is compiled at
/// once instead, so that the limit is still reported when the rules load.
pub struct Regex {
    source: String,
    /// The parsed pattern, compiled into [`Regex::engines`] on first use.
    hir: Hir,
    /// The capture groups, as the compiled automaton will number and name them.
    groups: GroupInfo,
    engines: OnceLock<Option<Engines>>,
}

/// The automata of one pattern (see the module documentation).
struct Engines {
    nfa: NFA,
    /// `None` when the lazy DFA cannot be built for this automaton (it is then never needed:
    /// the other engines answer every question).
    dfa: Option<(DFA, Pool<dfa::Cache, Make<dfa::Cache>>)>,
    backtrack: BoundedBacktracker,
    backtrack_cache: Pool<backtrack::Cache, Make<backtrack::Cache>>,
    /// For sentences longer than the backtracker takes (its memory grows with the text).
    pikevm: PikeVM,
    pikevm_cache: Pool<pikevm::Cache, Make<pikevm::Cache>>,
    /// The literals a match starts with, if few (see [`Engines::new`]).
    prefilter: Option<Prefilter>,
}

impl std::fmt::Debug for Regex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("Regex").field(&self.source).finish()
    }
}

impl std::fmt::Display for Regex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.source)
    }
}

impl Regex {
    /// Compiles `source`; the error is the message `regex::Regex::new` would give.
    pub fn new(source: &str) -> Result<Regex, String> {
        let hir = syntax::parse_with(source, &syntax::Config::new().utf8(true))
            .map_err(|e| e.to_string())?;
        let engines = OnceLock::new();
        let groups = match group_info(&hir) {
            Some(groups) if bound::builder_bytes(&hir) <= (NFA_SIZE_LIMIT / 2) as u64 => groups,
            // Too big to be sure it fits (or groups the compiler would refuse): compile now,
            // for the compiler's own verdict.
            _ => {
                let compiled = Engines::new(&hir)?;
                let groups = compiled.nfa.group_info().clone();
                let _ = engines.set(Some(compiled));
                groups
            }
        };
        Ok(Regex {
            source: source.to_string(),
            hir,
            groups,
            engines,
        })
    }

    /// The automata, built on first use. `None` only if building failed, which the size bound
    /// checked in [`Regex::new`] rules out; the pattern then matches nothing.
    fn engines(&self) -> Option<&Engines> {
        self.engines
            .get_or_init(|| Engines::new(&self.hir).ok())
            .as_ref()
    }

    /// The pattern text.
    pub fn as_str(&self) -> &str {
        &self.source
    }

    /// The index of the capture group named `name`.
    pub fn group_index(&self, name: &str) -> Option<usize> {
        self.groups.to_index(PatternID::ZERO, name)
    }

    /// The names of the capture groups, in order (`None` for unnamed ones).
    pub fn group_names(&self) -> impl Iterator<Item = Option<&str>> {
        self.groups.pattern_names(PatternID::ZERO)
    }

    /// Whether the pattern matches somewhere in `text`.
    pub fn is_match(&self, text: &str) -> bool {
        self.engines().is_some_and(|e| e.is_match(text))
    }

    /// Calls `each` with the groups of every successive non-overlapping match in `text`, in
    /// order (as `regex::Regex::captures_iter`).
    pub fn captures_each(&self, text: &str, each: &mut dyn FnMut(&Captures)) {
        if let Some(engines) = self.engines() {
            engines.captures_each(text, each);
        }
    }
}

/// The capture groups of `hir` as the Thompson compiler records them: group 0 for the whole
/// match, then each group by its index, in the order the compiler first meets it, with unnamed
/// placeholders for indices it never meets (a group repeated `{0}` times is dropped from the
/// syntax tree). `None` if the groups are invalid (the compiler then gives the error).
fn group_info(hir: &Hir) -> Option<GroupInfo> {
    fn visit(hir: &Hir, names: &mut Vec<Option<Arc<str>>>) {
        match hir.kind() {
            HirKind::Capture(c) => {
                let index = c.index as usize;
                if index >= names.len() {
                    names.resize(index, None);
                    names.push(c.name.as_deref().map(Arc::from));
                }
                visit(&c.sub, names);
            }
            HirKind::Repetition(rep) => visit(&rep.sub, names),
            HirKind::Concat(subs) | HirKind::Alternation(subs) => {
                subs.iter().for_each(|s| visit(s, names))
            }
            HirKind::Empty | HirKind::Literal(_) | HirKind::Class(_) | HirKind::Look(_) => {}
        }
    }
    let mut names = vec![None];
    visit(hir, &mut names);
    GroupInfo::new([names]).ok()
}

impl Engines {
    /// The automata of `hir`; the error is the message `regex::Regex::new` would give.
    fn new(hir: &Hir) -> Result<Engines, String> {
        let nfa = COMPILER
            .with(|compiler| compiler.build_from_hir(hir))
            .map_err(|e| match e.size_limit() {
                Some(limit) => format!("Compiled regex exceeds size limit of {limit} bytes."),
                None => e.to_string(),
            })?;
        // The literals a match starts with (a choice of verbs, a phrase), if few: the lazy DFA
        // then skips to their occurrences instead of stepping through every byte.
        let prefilter = Prefilter::from_hir_prefix(MatchKind::LeftmostFirst, hir);
        let dfa = DFA::builder()
            .configure(
                DFA::config()
                    .match_kind(MatchKind::LeftmostFirst)
                    .specialize_start_states(prefilter.is_some())
                    .prefilter(prefilter.clone())
                    .unicode_word_boundary(true)
                    .cache_capacity(DFA_CACHE_CAPACITY)
                    .minimum_cache_clear_count(Some(3))
                    .minimum_bytes_per_state(Some(10)),
            )
            .build_from_nfa(nfa.clone())
            .ok()
            .map(|d| {
                let for_cache = d.clone();
                let make: Make<dfa::Cache> = Box::new(move || for_cache.create_cache());
                (d, Pool::new(make))
            });
        // The backtracker tries each start position in turn; the prefilter skips to those
        // where a match can begin.
        let backtrack = BoundedBacktracker::builder()
            .configure(BoundedBacktracker::config().prefilter(prefilter.clone()))
            .build_from_nfa(nfa.clone())
            .map_err(|e| e.to_string())?;
        let for_cache = backtrack.clone();
        let backtrack_cache: Make<backtrack::Cache> = Box::new(move || for_cache.create_cache());
        let pikevm = PikeVM::builder()
            .configure(PikeVM::config().prefilter(prefilter.clone()))
            .build_from_nfa(nfa.clone())
            .map_err(|e| e.to_string())?;
        let for_cache = pikevm.clone();
        let pikevm_cache: Make<pikevm::Cache> = Box::new(move || for_cache.create_cache());
        Ok(Engines {
            nfa,
            dfa,
            backtrack,
            backtrack_cache: Pool::new(backtrack_cache),
            pikevm,
            pikevm_cache: Pool::new(pikevm_cache),
            prefilter,
        })
    }

    /// Whether the pattern matches somewhere in `text`.
    fn is_match(&self, text: &str) -> bool {
        // An automaton that can match the empty string leaves it to the engines that skip
        // empty matches inside a character, as `regex::Regex` does.
        if let Some((dfa, pool)) = self.dfa.as_ref().filter(|_| !self.nfa.has_empty()) {
            let input = Input::new(text).earliest(true);
            // The lazy DFA may give up (a thrashing cache, a Unicode word boundary on
            // non-ASCII text); the other engines then answer.
            if let Ok(found) = dfa.try_search_fwd(&mut pool.get(), &input) {
                return found.is_some();
            }
        }
        let mut found = false;
        self.captures_each(text, &mut |_| found = true);
        found
    }

    /// Calls `each` with the groups of every successive non-overlapping match in `text`, in
    /// order (as `regex::Regex::captures_iter`).
    fn captures_each(&self, text: &str, each: &mut dyn FnMut(&Captures)) {
        let all = self
            .captures_within_matches(text)
            .or_else(|| self.backtrack_all(text));
        if let Some(all) = all {
            all.iter().for_each(each);
            return;
        }
        let mut cache = self.pikevm_cache.get();
        for caps in self.pikevm.captures_iter(&mut cache, text) {
            each(&caps);
        }
    }

    /// The groups of every match, each read by the backtracker anchored on the match the lazy
    /// DFA found: the backtracker then tries one start and its memory grows with the match,
    /// not with the sentence, and the text between matches is scanned by the DFA instead of
    /// from every position the backtracker could start at. `None` when the DFA is not
    /// available or gives up, and for automata that can match the empty string (whose
    /// iteration steps over empty matches inside characters).
    fn captures_within_matches(&self, text: &str) -> Option<Vec<Captures>> {
        let (dfa, pool) = self.dfa.as_ref().filter(|_| !self.nfa.has_empty())?;
        let mut dfa_cache = pool.get();
        let mut cache = self.backtrack_cache.get();
        let mut all = Vec::new();
        let mut at = 0;
        while at < text.len() {
            let rest = Input::new(text).range(at..);
            let Some(end) = dfa.try_search_fwd(&mut dfa_cache, &rest).ok()? else {
                break;
            };
            let end = end.offset();
            let start = self.match_start(dfa, &mut dfa_cache, text, at..end)?;
            // The leftmost-first match of the whole text from `at` is the highest-priority one
            // starting at `start`; it ends at `end`, so it is also the highest-priority one
            // starting there and ending by `end`.
            let within = Input::new(text).range(start..end).anchored(Anchored::Yes);
            let mut caps = self.backtrack.create_captures();
            if end - start <= self.backtrack.max_haystack_len() {
                self.backtrack
                    .try_search(&mut cache, &within, &mut caps)
                    .ok()?;
            } else {
                self.pikevm
                    .search(&mut self.pikevm_cache.get(), &within, &mut caps);
            }
            // Anything but that match leaves the text to the other engines.
            if caps.get_match().map(|m| m.range()) != Some(start..end) {
                return None;
            }
            all.push(caps);
            at = end;
        }
        Some(all)
    }

    /// Where the leftmost-first match of `text` from `span.start`, which ends at `span.end`,
    /// starts: the first position at which a match starting there and ending by `span.end`
    /// exists (no match at all starts before the leftmost one). Only the starts the prefix
    /// literals allow are tried, as the backtracker does. `None` if the DFA gives up.
    fn match_start(
        &self,
        dfa: &DFA,
        cache: &mut dfa::Cache,
        text: &str,
        span: std::ops::Range<usize>,
    ) -> Option<usize> {
        let mut at = span.start;
        while at < span.end {
            match &self.prefilter {
                Some(pre) => at = pre.find(text.as_bytes(), Span::from(at..span.end))?.start,
                None if !text.is_char_boundary(at) => {
                    at += 1;
                    continue;
                }
                None => {}
            }
            let anchored = Input::new(text)
                .range(at..span.end)
                .anchored(Anchored::Yes)
                .earliest(true);
            if dfa.try_search_fwd(cache, &anchored).ok()?.is_some() {
                return Some(at);
            }
            at += 1;
        }
        None
    }

    /// The groups of every match, by the backtracker on the whole text; `None` when the text
    /// is longer than it takes.
    fn backtrack_all(&self, text: &str) -> Option<Vec<Captures>> {
        if text.len() > self.backtrack.max_haystack_len() {
            return None;
        }
        let mut cache = self.backtrack_cache.get();
        self.backtrack
            .try_captures_iter(&mut cache, text)
            .collect::<Result<Vec<Captures>, _>>()
            .ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Matches, groups and errors agree with `regex::Regex` (whose engines these are).
    #[test]
    fn agrees_with_the_regex_crate() {
        let texts = [
            "",
            "收到政府信息公开申请12件，办结10件。",
            "2023年1月1日至2023年12月31日",
            "abc ABC aéc",
            "x",
            "今年收到申请3件，受理2件；办结1件，结转0件。复议案件均维持，诉讼全部维持。",
        ];
        for p in [
            r"(?P<n>\d+)件",
            r"办结(?P<n>[0-9０-９]+)件",
            r"(^|[^\d.])\d{1,2}月(?P<d>\d{1,2})日",
            r"\b\w+\b",
            r"(?i)abc",
            r"a*",
            r"",
            r"^$",
            r"(?m)^",
            r"(a|b)?",
            // Several matches a sentence, read within each match (the lazy DFA's span).
            r"(?:收到|受理)[^，。；]*?(?P<n>\d+)件",
            r"[^，。；]{0,4}?(?P<n>[0-9]+)件",
            r"^[^。；]*?复议[^。；]*?(均|全部)维持",
        ] {
            let ours = Regex::new(p).unwrap();
            let theirs = regex::Regex::new(p).unwrap();
            for t in texts {
                assert_eq!(ours.is_match(t), theirs.is_match(t), "{p} on {t:?}");
                let mut found = Vec::new();
                ours.captures_each(t, &mut |c| {
                    found.push(
                        (0..c.group_len())
                            .map(|i| c.get_group(i).map(|s| s.range()))
                            .collect::<Vec<_>>(),
                    )
                });
                let expected: Vec<Vec<_>> = theirs
                    .captures_iter(t)
                    .map(|c| c.iter().map(|m| m.map(|m| m.range())).collect())
                    .collect();
                assert_eq!(found, expected, "{p} on {t:?}");
            }
        }
        for bad in ["(", "a{3", r"\p{Nope}", "a{1000}{1000}{1000}"] {
            let ours = Regex::new(bad).unwrap_err();
            let theirs = regex::Regex::new(bad).unwrap_err().to_string();
            assert_eq!(ours, theirs, "{bad}");
        }
    }

    /// A sentence longer than the backtracker takes is read, with the same groups.
    #[test]
    fn long_text_is_read() {
        let re = Regex::new(r"(?P<n>\d+)件").unwrap();
        let text = "收到1件。".repeat(100_000);
        assert!(text.len() > re.engines().unwrap().backtrack.max_haystack_len());
        let mut count = 0;
        re.captures_each(&text, &mut |c| {
            assert_eq!(&text[c.get_group(1).unwrap().range()], "1");
            count += 1;
        });
        assert_eq!(count, 100_000);
    }

    /// Patterns of every shape the size bound walks: Unicode and byte classes, literal tries
    /// (with repeated and prefix literals), nested and unbounded repetitions, repetitions of
    /// what can match the empty string, looks, and the national pack's number slot.
    const SHAPES: &[&str] = &[
        r"\w+\s*\d{1,2}",
        r"[^，。；,;]{0,6}?(?P<n>[0-9０-９][0-9０-９,，]*(?:[.．][0-9０-９]+)?)件",
        r"(?i)申请|办结|结转|办结|办|",
        r"(收到|受理|收到申请|受理申请)(了)?",
        r"((a|)*){2,5}b{3,}c{2}(?-u:[\x00-\x7F\s])+",
        r"\b(?m)^\w{3}$\B",
        r"(?P<x>a){0}(?P<y>b)(c){1}",
        r"((?P<p>\p{Han}{1,4})(\s|\d)*)*?",
        r"[\u{80}-\u{10FFFF}]{3}",
        r"",
        r"\s*(?P<about>约|大约|近|逾|超过)?\s*(?P<n>[0-9０-９][0-9０-９,，]*(?:[.．][0-9０-９]+)?|[零〇一二两三四五六七八九十百千万亿]+)(?P<approx>余|多)?\s*",
    ];

    /// The bound is an upper bound: each pattern compiles under a size limit of its bound.
    #[test]
    fn the_size_bound_holds() {
        for p in SHAPES {
            let hir = syntax::parse_with(p, &syntax::Config::new().utf8(true)).unwrap();
            let limit = bound::builder_bytes(&hir);
            let mut compiler = thompson::Compiler::new();
            compiler.configure(
                thompson::Config::new()
                    .utf8(true)
                    .shrink(false)
                    .nfa_size_limit(Some(limit as usize)),
            );
            assert!(compiler.build_from_hir(&hir).is_ok(), "{p}: {limit}");
        }
    }

    /// The groups known before compiling are those of the compiled automaton.
    #[test]
    fn groups_agree_with_the_automaton() {
        for p in SHAPES {
            let re = Regex::new(p).unwrap();
            let compiled = re.engines().unwrap().nfa.group_info();
            let ours: Vec<_> = re.group_names().collect();
            let theirs: Vec<_> = compiled.pattern_names(PatternID::ZERO).collect();
            assert_eq!(ours, theirs, "{p}");
        }
    }

    /// Automata are built when first needed, except for a pattern that might exceed the size
    /// limit, which is compiled (and so reported) when the rules load.
    #[test]
    fn automata_wait_for_first_use() {
        let re = Regex::new(r"办结(?P<n>\d+)件").unwrap();
        assert!(re.engines.get().is_none());
        assert!(re.is_match("办结3件"));
        assert!(re.engines.get().is_some());
        let big = Regex::new(r"\w{100}").unwrap();
        assert!(big.engines.get().is_some());
        assert!(Regex::new(r"\w{100}{100}").is_err());
    }
}
