#!/usr/bin/env bash
# Runs this checkout's pre-commit hook as another repository would use it: a scratch git
# repository whose .pre-commit-config.yaml is examples/pre-commit-config.yaml with its two
# documented lines filled in (repo: this checkout, rev: its HEAD), so the published
# .pre-commit-hooks.yaml is installed for real (language: rust, `cargo install`). Then the
# example's `repo: local` variant, with the binary that install built on PATH.
#
# Each variant must pass on a clean report next to a non-report file (the `files` filter) and
# fail with the tool's exit code 1 once a report with errors is added under an upper-case
# extension (年报.TXT, 年报.DOCX).
#
# Needs pre-commit (PyPI) and cargo. Tests HEAD: commit before running it.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
rev="$(git -C "$root" rev-parse HEAD)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# A fresh pre-commit cache, so that the hook's environment is built every run; the cargo build
# itself goes to a target directory kept in this checkout, incremental between local runs.
export PRE_COMMIT_HOME="$work/cache"
export CARGO_TARGET_DIR="$root/target/pre-commit"
export PRE_COMMIT_COLOR=never

fail() { echo "pre-commit test: $*" >&2; exit 1; }

# new_repo DIR CONFIG: a git repository holding a clean report, a README and CONFIG.
new_repo() {
  git init -q "$1"
  git -C "$1" config user.email ci@localhost
  git -C "$1" config user.name ci
  cp "$root/tests/data/seeds/003_bc20cdde9b4efb67.txt" "$1/2023年报.txt"
  printf '年报仓库\n' > "$1/README.md"
  cp "$2" "$1/.pre-commit-config.yaml"
  git -C "$1" add -A
}

# expect REPO WANT: runs every hook on every file; WANT is pass or fail.
expect() {
  local out status=0
  out="$(cd "$1" && pre-commit run --all-files 2>&1)" || status=$?
  printf '%s\n' "$out" | sed 's/^/    /'
  case "$2" in
    pass) [ "$status" -eq 0 ] || fail "$1: expected the hook to pass, pre-commit exited $status" ;;
    fail)
      [ "$status" -eq 1 ] || fail "$1: expected pre-commit to exit 1, got $status"
      # exit code 1 from the tool is findings; 2 would be a broken setup (missing config…).
      grep -q 'exit code: 1' <<<"$out" || fail "$1: the hook did not exit with 1"
      grep -q 'error\[' <<<"$out" || fail "$1: no finding printed"
      grep -q '年报.DOCX' <<<"$out" || fail "$1: the .DOCX report was not checked"
      ;;
  esac
}

# add_bad_reports REPO: the example report, with errors, as upper-case extensions.
add_bad_reports() {
  cp "$root/examples/report.txt" "$1/年报.TXT"
  cp "$root/examples/report.docx" "$1/年报.DOCX"
  git -C "$1" add -A
}

# 1. The published hook, through the example configuration.
example="$root/examples/pre-commit-config.yaml"
sed -e "s#^  - repo: .*#  - repo: $root#" -e "s#^    rev: .*#    rev: $rev#" \
  "$example" > "$work/remote.yaml"
if ! grep -q "^  - repo: $root\$" "$work/remote.yaml" || ! grep -q "^    rev: $rev\$" "$work/remote.yaml"; then
  fail "examples/pre-commit-config.yaml no longer has the repo:/rev: lines to fill in"
fi
new_repo "$work/remote" "$work/remote.yaml"
echo "pre-commit test: published hook (language: rust) at $rev"
start=$SECONDS
expect "$work/remote" pass
echo "pre-commit test: hook installed (cargo install) and run in $((SECONDS - start)) s"
add_bad_reports "$work/remote"
expect "$work/remote" fail

# 2. The example's `repo: local` variant, with the binary pre-commit just built.
bin="$(find "$PRE_COMMIT_HOME" -path '*/bin/xxgk-lint' -type f | head -n 1)"
[ -n "$bin" ] || fail "no xxgk-lint binary in pre-commit's environment"
{
  echo "repos:"
  sed -n '/^#  - repo: local/,$p' "$example" | sed 's/^#//'
} > "$work/local.yaml"
grep -q 'language: system' "$work/local.yaml" ||
  fail "examples/pre-commit-config.yaml no longer has the repo: local variant"
new_repo "$work/local" "$work/local.yaml"
echo "pre-commit test: repo: local variant"
PATH="$(dirname "$bin"):$PATH" expect "$work/local" pass
add_bad_reports "$work/local"
PATH="$(dirname "$bin"):$PATH" expect "$work/local" fail
echo "pre-commit test: passed"
