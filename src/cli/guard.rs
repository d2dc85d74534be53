//! Panic containment for per-file work: a panic while handling one report becomes that report's
//! error message, so the run, its exit code and its output document stay whole.
//!
//! The default panic hook would print a raw `thread '…' panicked at …` to standard error in the
//! middle of the output; while a guard is active on a thread, the hook records the message and
//! location for the guard instead. Panics outside a guard still reach the previous hook.

use std::cell::{Cell, RefCell};
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

thread_local! {
    /// Whether this thread is inside [`catch`] (panics are recorded, not printed).
    static GUARDED: Cell<bool> = const { Cell::new(false) };
    /// The last panic recorded on this thread: message and location.
    static LAST: RefCell<Option<String>> = const { RefCell::new(None) };
}

static INSTALL: Once = Once::new();

/// Installs, once per process, the hook that records panics on guarded threads.
fn install_hook() {
    INSTALL.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if GUARDED.with(Cell::get) {
                let message = payload_text(info.payload());
                let text = match info.location() {
                    Some(at) => format!("{message} (at {}:{})", at.file(), at.line()),
                    None => message,
                };
                LAST.with(|l| *l.borrow_mut() = Some(text));
            } else {
                previous(info);
            }
        }));
    });
}

fn payload_text(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "panic with a non-text payload".to_string()
    }
}

/// Runs `work`; a panic inside it is returned as `Err` with its message and location.
///
/// `work` may leave shared state half-updated when it panics; callers hand it only state that
/// stays usable (read-only data, mutexes whose poisoning is ignored on purpose).
pub fn catch<T>(work: impl FnOnce() -> T) -> Result<T, String> {
    install_hook();
    let was_guarded = GUARDED.with(|g| g.replace(true));
    let result = panic::catch_unwind(AssertUnwindSafe(work));
    GUARDED.with(|g| g.set(was_guarded));
    result.map_err(|payload| {
        LAST.with(|l| l.borrow_mut().take())
            .unwrap_or_else(|| payload_text(payload.as_ref()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_its_message_and_location() {
        assert_eq!(catch(|| 7), Ok(7));
        let err = catch(|| -> u8 { panic!("boom {}", 42) }).unwrap_err();
        assert!(err.starts_with("boom 42 (at src/cli/guard.rs:"), "{err}");
        // The guard is lifted afterwards, and nested guards restore the outer one.
        assert!(!GUARDED.with(Cell::get));
        let outer = catch(|| {
            let inner = catch(|| -> () { panic!("inner") });
            assert!(GUARDED.with(Cell::get));
            inner
        });
        assert!(outer.unwrap().unwrap_err().starts_with("inner"));
    }
}
