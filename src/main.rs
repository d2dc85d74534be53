//! The `xxgk-lint` binary: hands the arguments to [`xxgk_lint::cli::run`] and exits with its code.

use std::process::ExitCode;

fn main() -> ExitCode {
    xxgk_lint::cli::run(std::env::args_os())
}
