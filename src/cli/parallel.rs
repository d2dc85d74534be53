//! Per-file work on several threads with output in input order, each file's work guarded so a
//! panic in one file becomes that file's error and the others go on.

use super::guard;
use super::inputs::Input;
use std::collections::BTreeMap;
use std::io;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;

/// The most threads `--jobs` starts: far above any core count this runs on, and low enough that
/// a mistyped `-j 100000000` cannot ask for billions of threads or channel slots.
pub const MAX_JOBS: usize = 256;

/// The threads to use for `files` files when `requested` were asked for (default: the cores).
pub fn jobs(requested: Option<usize>, files: usize) -> usize {
    requested
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, usize::from))
        .clamp(1, MAX_JOBS)
        .min(files.max(1))
}

/// What a file's work gave: its result, or the message of a panic inside it.
pub type Done<T> = Result<T, String>;

/// Runs `work` on every input on `jobs` threads and hands the results to `emit` in input order,
/// as soon as each one and all before it are done: output is identical for any number of jobs.
///
/// The calling thread is one of the `jobs`: between its own files it hands on whatever the other
/// threads have finished. A writer thread of its own would compete with the working threads for
/// the cores and be woken once per file.
pub fn run_all<T: Send>(
    inputs: &[Input],
    jobs: usize,
    work: &(dyn Fn(&Input) -> T + Sync),
    emit: &mut dyn FnMut(&Input, Done<T>) -> io::Result<()>,
) -> io::Result<()> {
    let guarded = |input: &Input| guard::catch(|| work(input));
    // Standard input can be read once, by this thread.
    if jobs <= 1 || inputs.len() <= 1 || inputs.iter().any(|i| matches!(i, Input::Stdin(_))) {
        for input in inputs {
            emit(input, guarded(input))?;
        }
        return Ok(());
    }
    let jobs = jobs.min(MAX_JOBS);
    let next = AtomicUsize::new(0);
    std::thread::scope(|scope| {
        // Bounded, so that the other threads wait for a slow writer (a pipe, a full disk)
        // instead of piling rendered output up: memory stays flat however many files there are.
        let (tx, rx) = mpsc::sync_channel::<(usize, Done<T>)>(jobs * 8);
        for _ in 1..jobs.min(inputs.len()) {
            let tx = tx.clone();
            let next = &next;
            let guarded = &guarded;
            scope.spawn(move || {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(input) = inputs.get(i) else { break };
                    if tx.send((i, guarded(input))).is_err() {
                        break;
                    }
                }
            });
        }
        drop(tx);
        let mut pending: BTreeMap<usize, Done<T>> = BTreeMap::new();
        let mut due = 0;
        let mut emit_due = |pending: &mut BTreeMap<usize, Done<T>>| -> io::Result<()> {
            while let Some(o) = pending.remove(&due) {
                emit(&inputs[due], o)?;
                due += 1;
            }
            Ok(())
        };
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(input) = inputs.get(i) else { break };
            pending.insert(i, guarded(input));
            pending.extend(rx.try_iter());
            emit_due(&mut pending)?;
        }
        // Every file is taken; wait for the ones still being worked on.
        for (i, outcome) in rx {
            pending.insert(i, outcome);
            emit_due(&mut pending)?;
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    #[test]
    fn jobs_are_clamped() {
        assert_eq!(jobs(Some(usize::MAX), 10_000), MAX_JOBS);
        assert_eq!(jobs(Some(100_000_000), 3), 3);
        assert_eq!(jobs(Some(0), 3), 1);
        assert_eq!(jobs(Some(4), 0), 1);
    }

    #[test]
    fn a_panicking_file_becomes_its_error_in_order() {
        let inputs: Vec<Input> = (0..40)
            .map(|i| Input::File(PathBuf::from(format!("{i}.txt"))))
            .collect();
        let work = |input: &Input| -> String {
            let name = input.name();
            if name == "7.txt" || name == "31.txt" {
                panic!("cannot check {name}");
            }
            name
        };
        for jobs in [1, 2, 5] {
            let mut seen = Vec::new();
            run_all(&inputs, jobs, &work, &mut |input, done| {
                seen.push((input.name(), done));
                Ok(())
            })
            .unwrap();
            assert_eq!(seen.len(), 40, "jobs {jobs}");
            for (i, (name, done)) in seen.iter().enumerate() {
                assert_eq!(name, &format!("{i}.txt"));
                match done {
                    Ok(n) => assert_eq!(n, name),
                    Err(panic) => {
                        assert!([7, 31].contains(&i), "{i}");
                        assert!(
                            panic.starts_with(&format!("cannot check {i}.txt")),
                            "{panic}"
                        );
                    }
                }
            }
            assert_eq!(seen.iter().filter(|(_, d)| d.is_err()).count(), 2);
        }
    }
}
