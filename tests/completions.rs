//! `xxgk-lint completions SHELL`: every documented shell gets a script that knows the
//! subcommands and their options, bash's parses, and an unknown shell is a usage error.

mod common;

use common::run;

const SHELLS: [&str; 4] = ["bash", "zsh", "fish", "powershell"];

#[test]
fn each_shell_gets_a_script_naming_check_and_its_options() {
    for shell in SHELLS {
        let (code, out, err) = run(&["completions", shell]);
        assert_eq!(code, Some(0), "{shell}: {err}");
        assert!(!out.trim().is_empty(), "{shell}: empty script");
        assert!(out.contains("check"), "{shell}: no `check` subcommand");
        // fish declares long options as `-l format`; the others spell `--format`.
        let format = if shell == "fish" {
            "-l format"
        } else {
            "--format"
        };
        assert!(out.contains(format), "{shell}: no `--format` option");
        // An option only `check` has: the script completes the subcommand's own options,
        // not just the top level.
        assert!(out.contains("previous-dir"), "{shell}: no `--previous-dir`");
        assert!(
            out.contains("xxgk-lint"),
            "{shell}: script not named for the binary"
        );
    }
}

#[test]
fn pwsh_is_powershell() {
    assert_eq!(
        run(&["completions", "pwsh"]).1,
        run(&["completions", "powershell"]).1
    );
}

#[test]
fn bash_script_parses_and_registers_the_completion() {
    let (_, script, _) = run(&["completions", "bash"]);
    // `bash -n` only parses; sourcing it then asks `complete -p` whether it registered.
    let out = std::process::Command::new("bash")
        .arg("-c")
        .arg("eval \"$0\" && complete -p xxgk-lint")
        .arg(&script)
        .output()
        .expect("bash runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("xxgk-lint"));
}

#[test]
fn unknown_shell_is_a_usage_error() {
    let (code, out, err) = run(&["completions", "elvish"]);
    assert_eq!(code, Some(2));
    assert!(out.is_empty());
    assert!(
        err.contains("powershell"),
        "the error lists the shells: {err}"
    );
}
