//! `xxgk-lint completions SHELL`: prints a completion script for bash, zsh, fish or
//! PowerShell, generated from the same clap definition the program parses with, so the
//! completions cannot drift from the real subcommands and options.

use super::Args;
use clap::CommandFactory;
use std::io::{self, Write};

/// Arguments of `completions`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Install (see docs/cli.md):
  bash:       xxgk-lint completions bash > ~/.local/share/bash-completion/completions/xxgk-lint
  zsh:        xxgk-lint completions zsh > ~/.zfunc/_xxgk-lint   (with fpath+=~/.zfunc in ~/.zshrc)
  fish:       xxgk-lint completions fish > ~/.config/fish/completions/xxgk-lint.fish
  PowerShell: xxgk-lint completions powershell | Out-String | Invoke-Expression   (in $PROFILE)")]
pub struct CompletionsArgs {
    /// The shell to write the script for.
    #[arg(value_enum, value_name = "SHELL")]
    pub shell: Shell,
}

/// The shells with a completion script. Our own enum rather than `clap_complete::Shell`,
/// which also offers elvish: the documented list is these four.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Shell {
    /// GNU Bash.
    Bash,
    /// Z shell.
    Zsh,
    /// fish.
    Fish,
    /// PowerShell (Windows PowerShell 5 and PowerShell 7).
    #[value(alias = "pwsh")]
    Powershell,
}

/// Writes the script for `args.shell` to `out`.
pub fn run(args: &CompletionsArgs, out: &mut dyn Write) -> io::Result<super::ExitStatus> {
    let shell = match args.shell {
        Shell::Bash => clap_complete::Shell::Bash,
        Shell::Zsh => clap_complete::Shell::Zsh,
        Shell::Fish => clap_complete::Shell::Fish,
        Shell::Powershell => clap_complete::Shell::PowerShell,
    };
    // Generated into memory first: `generate` panics on a write error, and a closed pipe
    // (`| head`) should end the run quietly like every other command's output does.
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Args::command(), "xxgk-lint", &mut script);
    out.write_all(&script)?;
    out.flush()?;
    Ok(super::ExitStatus::Success)
}
