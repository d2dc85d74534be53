//! An upper bound on the memory the Thompson compiler's builder uses for a pattern, from its
//! syntax tree alone: a pattern whose bound is under the size limit cannot fail to compile,
//! so its automata can wait until a sentence first needs them.
//!
//! The figures follow `regex_automata::nfa::thompson::Compiler` (forward, UTF-8, every capture
//! group, no shrinking): the builder counts each state, the transitions of each sparse state
//! and the alternates of each union. Every count here is at least what the compiler adds.

use regex_syntax::hir::{Class, Hir, HirKind, Repetition};

/// Bytes charged per builder state: the state itself (an enum holding at most one `Vec`: 32
/// bytes) and room for the union alternates that patches add (an alternate is a 4-byte state
/// id, and each state receives few: one per branch or loop edge leading out of it).
const BYTES_PER_STATE: u64 = 64;

/// Bytes per sparse transition (a byte range and a state id).
const BYTES_PER_TRANSITION: u64 = 8;

/// Bytes per alternate of a union built whole (the literal trie's).
const BYTES_PER_ALTERNATE: u64 = 4;

/// States the compiler adds around every pattern: the unanchored prefix `(?s-u:.)*?`, the
/// implicit group 0 and the match state, with room to spare.
const WRAPPER_STATES: u64 = 16;

/// What a sub-expression adds to the builder, at most.
#[derive(Clone, Copy, Default)]
struct Cost {
    states: u64,
    transitions: u64,
    alternates: u64,
}

impl Cost {
    fn states(states: u64) -> Cost {
        Cost {
            states,
            ..Cost::default()
        }
    }

    fn plus(self, other: Cost) -> Cost {
        Cost {
            states: self.states.saturating_add(other.states),
            transitions: self.transitions.saturating_add(other.transitions),
            alternates: self.alternates.saturating_add(other.alternates),
        }
    }

    fn times(self, n: u64) -> Cost {
        Cost {
            states: self.states.saturating_mul(n),
            transitions: self.transitions.saturating_mul(n),
            alternates: self.alternates.saturating_mul(n),
        }
    }

    fn bytes(self) -> u64 {
        self.states
            .saturating_mul(BYTES_PER_STATE)
            .saturating_add(self.transitions.saturating_mul(BYTES_PER_TRANSITION))
            .saturating_add(self.alternates.saturating_mul(BYTES_PER_ALTERNATE))
    }
}

/// At most how many bytes the builder holds once `hir` is compiled (saturating: huge
/// repetitions give `u64::MAX`).
pub fn builder_bytes(hir: &Hir) -> u64 {
    cost(hir).plus(Cost::states(WRAPPER_STATES)).bytes()
}

fn cost(hir: &Hir) -> Cost {
    match hir.kind() {
        // One `Empty` (or `Fail`) state.
        HirKind::Empty => Cost::states(1),
        // One byte-range state per byte; none makes an `Empty` state.
        HirKind::Literal(lit) => Cost::states((lit.0.len() as u64).max(1)),
        // An `Empty` end and one sparse state with a transition per range.
        HirKind::Class(Class::Bytes(c)) => Cost {
            states: 2,
            transitions: c.ranges().len() as u64,
            alternates: 0,
        },
        HirKind::Class(Class::Unicode(c)) if c.is_ascii() => Cost {
            states: 2,
            transitions: c.ranges().len() as u64,
            alternates: 0,
        },
        HirKind::Class(Class::Unicode(c)) => {
            // The UTF-8 compiler adds a target state, and compiles each trie node into at most
            // one sparse state, one node and one transition per range of each UTF-8 sequence.
            let ranges: u64 = c.iter().map(|r| utf8_ranges(r.start(), r.end())).sum();
            Cost {
                states: ranges + 2,
                transitions: ranges,
                alternates: 0,
            }
        }
        HirKind::Look(_) => Cost::states(1),
        HirKind::Repetition(rep) => repetition(rep),
        // Capture start and end states.
        HirKind::Capture(c) => cost(&c.sub).plus(Cost::states(2)),
        HirKind::Concat(subs) => subs
            .iter()
            .map(cost)
            .fold(Cost::states(1), |all, one| all.plus(one)),
        HirKind::Alternation(subs) => {
            let literal_bytes = |s: &Hir| match s.kind() {
                HirKind::Literal(lit) => Some(lit.0.len() as u64),
                _ => None,
            };
            if subs.len() > 1 && subs.iter().all(|s| literal_bytes(s).is_some()) {
                // All literals: a trie of at most one node per byte (and a root), each node
                // compiled into a union, and a sparse state per chunk of its transitions
                // (chunks are split by the literals ending there).
                let nodes = subs.iter().filter_map(literal_bytes).sum::<u64>() + 1;
                let literals = subs.len() as u64;
                Cost {
                    states: 1 + 2 * nodes + literals,
                    transitions: nodes,
                    alternates: 2 * (nodes + literals),
                }
            } else {
                // A union and an `Empty` end around the branches.
                subs.iter()
                    .map(cost)
                    .fold(Cost::states(2), |all, one| all.plus(one))
            }
        }
    }
}

/// A repetition compiles its sub-expression once per copy (`max` copies, or `min` and one more
/// when unbounded), with a union per optional copy and a few states joining them.
fn repetition(rep: &Repetition) -> Cost {
    let min = u64::from(rep.min);
    let copies = match rep.max {
        Some(max) => u64::from(max).max(1),
        None => (min + 1).max(2),
    };
    cost(&rep.sub)
        .times(copies)
        .plus(Cost::states(copies.saturating_sub(min).saturating_add(4)))
}

/// The code points encoded in 1, 2, 3 and 4 bytes, the 3-byte ones split around the
/// surrogates (which UTF-8 sequences skip).
const LENGTH_PIECES: [(u32, u32, u64); 5] = [
    (0, 0x7F, 1),
    (0x80, 0x7FF, 2),
    (0x800, 0xD7FF, 3),
    (0xE000, 0xFFFF, 3),
    (0x1_0000, 0x10_FFFF, 4),
];

/// At most how many byte ranges the UTF-8 sequences of `start..=end` hold in all: within one
/// encoded length `n`, a range splits into at most `2n - 1` sequences of `n` byte ranges each
/// (one per differing suffix on each side, and one middle); counted without listing them.
fn utf8_ranges(start: char, end: char) -> u64 {
    let (start, end) = (u32::from(start), u32::from(end));
    LENGTH_PIECES
        .iter()
        .filter(|&&(lo, hi, _)| start <= hi && lo <= end)
        .map(|&(_, _, n)| n * (2 * n - 1))
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use regex_syntax::utf8::Utf8Sequences;

    /// The count bounds the sequences `regex-syntax` produces, on ranges at and around every
    /// boundary of the encoding and on a spread of others.
    #[test]
    fn utf8_ranges_bound_the_sequences() {
        let mut points: Vec<u32> = vec![0, 0x10_FFFF];
        for edge in [0x7F, 0x7FF, 0xD7FF, 0xE000, 0xFFFF, 0x1_0000] {
            points.extend([edge - 1, edge, edge + 1]);
        }
        for k in 0..300u32 {
            points.push(k.wrapping_mul(2_654_435_761) % 0x11_0000);
        }
        let chars: Vec<char> = points.into_iter().filter_map(char::from_u32).collect();
        for &a in &chars {
            for &b in &chars {
                if a > b {
                    continue;
                }
                let listed: u64 = Utf8Sequences::new(a, b)
                    .map(|seq| seq.as_slice().len() as u64)
                    .sum();
                assert!(listed <= utf8_ranges(a, b), "{a:?}..={b:?}");
            }
        }
    }
}
