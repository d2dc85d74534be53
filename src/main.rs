//! The `xxgk-lint` binary: hands the arguments to [`xxgk_lint::cli::run`] and exits with its code.

use std::process::ExitCode;

// A report's pipeline makes a few thousand small, short-lived allocations; glibc's malloc spent
// a quarter of a `check` run on them, mimalloc a fraction of that (see benches/check.rs).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    xxgk_lint::cli::run(std::env::args_os())
}
