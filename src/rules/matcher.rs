//! The regular expressions of `matches` and `claims` patterns: one forward automaton per
//! pattern text, tested by a lazy DFA and read (capture groups) by a bounded backtracker.
//!
//! `regex::Regex` also builds a reverse automaton, tries a one-pass DFA and picks among
//! literal strategies for each pattern. For the national pack that was most of loading the
//! rules (paid on every run), while reports only ask two questions of a sentence: does the
//! pattern occur (the lazy DFA, after the rule's own required-literal test, skipping to the
//! literals a match starts with) and, for the few sentences where it does, what its groups hold
//! (the backtracker, on one short sentence). The syntax, the Unicode semantics and
//! leftmost-first matching are those of `regex::Regex`: the same parser and compiler, with the
//! same settings and size limit.

use regex_automata::hybrid::dfa::{self, DFA};
use regex_automata::nfa::thompson::backtrack::{self, BoundedBacktracker};
use regex_automata::nfa::thompson::pikevm::{self, PikeVM};
use regex_automata::nfa::thompson::{self, NFA};
use regex_automata::util::captures::Captures;
use regex_automata::util::pool::Pool;
use regex_automata::util::prefilter::Prefilter;
use regex_automata::util::syntax;
use regex_automata::{Input, MatchKind, PatternID};
use std::panic::{RefUnwindSafe, UnwindSafe};

/// The size limit of a compiled pattern, as `regex::Regex`'s default.
const NFA_SIZE_LIMIT: usize = 10 * (1 << 20);

/// The lazy DFA's cache, as `regex::Regex`'s default.
const DFA_CACHE_CAPACITY: usize = 2 * (1 << 20);

type Make<T> = Box<dyn Fn() -> T + Send + Sync + UnwindSafe + RefUnwindSafe>;

/// A compiled pattern text (see the module documentation).
pub struct Regex {
    source: String,
    nfa: NFA,
    /// `None` when the lazy DFA cannot be built for this automaton (it is then never needed:
    /// the other engines answer every question).
    dfa: Option<(DFA, Pool<dfa::Cache, Make<dfa::Cache>>)>,
    backtrack: BoundedBacktracker,
    backtrack_cache: Pool<backtrack::Cache, Make<backtrack::Cache>>,
    /// For sentences longer than the backtracker takes (its memory grows with the text).
    pikevm: PikeVM,
    pikevm_cache: Pool<pikevm::Cache, Make<pikevm::Cache>>,
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
        let nfa = thompson::Compiler::new()
            .configure(
                thompson::Config::new()
                    .utf8(true)
                    .shrink(false)
                    .nfa_size_limit(Some(NFA_SIZE_LIMIT)),
            )
            .build_from_hir(&hir)
            .map_err(|e| match e.size_limit() {
                Some(limit) => format!("Compiled regex exceeds size limit of {limit} bytes."),
                None => e.to_string(),
            })?;
        // The literals a match starts with (a choice of verbs, a phrase), if few: the lazy DFA
        // then skips to their occurrences instead of stepping through every byte.
        let prefilter = Prefilter::from_hir_prefix(MatchKind::LeftmostFirst, &hir);
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
            .configure(PikeVM::config().prefilter(prefilter))
            .build_from_nfa(nfa.clone())
            .map_err(|e| e.to_string())?;
        let for_cache = pikevm.clone();
        let pikevm_cache: Make<pikevm::Cache> = Box::new(move || for_cache.create_cache());
        Ok(Regex {
            source: source.to_string(),
            nfa,
            dfa,
            backtrack,
            backtrack_cache: Pool::new(backtrack_cache),
            pikevm,
            pikevm_cache: Pool::new(pikevm_cache),
        })
    }

    /// The pattern text.
    pub fn as_str(&self) -> &str {
        &self.source
    }

    /// The index of the capture group named `name`.
    pub fn group_index(&self, name: &str) -> Option<usize> {
        self.nfa.group_info().to_index(PatternID::ZERO, name)
    }

    /// The names of the capture groups, in order (`None` for unnamed ones).
    pub fn group_names(&self) -> impl Iterator<Item = Option<&str>> {
        self.nfa.group_info().pattern_names(PatternID::ZERO)
    }

    /// Whether the pattern matches somewhere in `text`.
    pub fn is_match(&self, text: &str) -> bool {
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
    pub fn captures_each(&self, text: &str, each: &mut dyn FnMut(&Captures)) {
        if text.len() <= self.backtrack.max_haystack_len() {
            let mut cache = self.backtrack_cache.get();
            let all: Result<Vec<Captures>, _> =
                self.backtrack.try_captures_iter(&mut cache, text).collect();
            if let Ok(all) = all {
                all.iter().for_each(each);
                return;
            }
        }
        let mut cache = self.pikevm_cache.get();
        for caps in self.pikevm.captures_iter(&mut cache, text) {
            each(&caps);
        }
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

    /// A sentence longer than the backtracker takes is read by the PikeVM, with the same
    /// groups.
    #[test]
    fn long_text_is_read_by_the_pikevm() {
        let re = Regex::new(r"(?P<n>\d+)件").unwrap();
        let text = "收到1件。".repeat(100_000);
        assert!(text.len() > re.backtrack.max_haystack_len());
        let mut count = 0;
        re.captures_each(&text, &mut |c| {
            assert_eq!(&text[c.get_group(1).unwrap().range()], "1");
            count += 1;
        });
        assert_eq!(count, 100_000);
    }
}
