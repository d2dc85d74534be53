#!/bin/sh
# Runs one fuzz target for N executions (default 1,000,000), its corpus seeded from the repo's
# test data: fuzz/run.sh TARGET [RUNS]. MAX_LEN (default 65536) bounds an input's size; a
# smaller one runs faster and still reaches every reader path but whole-report ones. Needs a nightly toolchain and `cargo install cargo-fuzz`.
# A crash is written under fuzz/artifacts/TARGET/; turn it into a test under tests/.
set -eu
target=$1
runs=${2:-1000000}
cd "$(dirname "$0")/.."
corpus=fuzz/corpus/$target
mkdir -p "$corpus"
case $target in
    text | check) seeds="tests/data/seeds tests/data/reports tests/data/real/excerpts" ;;
    html) seeds="tests/data/formats" ;;
    docx)
        # The target reads `0` + document.xml, or `1` + a whole .docx (fuzz_targets/docx.rs).
        seeds=$(mktemp -d)
        python3 - "$seeds" tests/data/formats/*.docx <<'PY'
import sys, zipfile
out = sys.argv[1]
for i, path in enumerate(sys.argv[2:]):
    raw = open(path, "rb").read()
    open(f"{out}/{i}-docx", "wb").write(b"\x01" + raw)
    xml = zipfile.ZipFile(path).read("word/document.xml")
    open(f"{out}/{i}-xml", "wb").write(b"\x00" + xml)
PY
        ;;
    rules) seeds="rules/national tests/data/rule-errors" ;;
    *) echo "unknown target $target" >&2; exit 2 ;;
esac
# -rss_limit_mb/-timeout: the bounds the linter promises per input; -max_len lets whole
# reports (10-40 KB) through.
exec cargo +nightly fuzz run --sanitizer none "$target" "$corpus" $seeds -- \
    -runs="$runs" -max_len="${MAX_LEN:-65536}" -rss_limit_mb=512 -timeout=10 -print_final_stats=1
