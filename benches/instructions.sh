#!/usr/bin/env bash
# Instructions executed by `xxgk-lint check --format json -j 1 --no-config` (valgrind's
# callgrind), on generated corpora of 200 and 1,000 reports (the `check` bench's corpus: the seeds
# and layout fixtures, varied per file). Instruction counts do not depend on the machine's load,
# so two builds can be compared on a shared machine where wall-clock time cannot.
#
# Prints, for each build and rule pack: the instructions for 200 and 1,000 reports, the cost of one
# more report (the slope between the two) and the fixed cost of a run (loading the rules,
# compiling patterns on first use).
#
#   benches/instructions.sh                    this checkout (dist profile), bundled national pack
#   benches/instructions.sh --pack COMMIT      also this checkout with the national pack as it was
#                                              at COMMIT (rule files from `git archive`)
#   benches/instructions.sh --base COMMIT      also COMMIT's own build with its own bundled pack
#
# `--base B --pack B` separates the two causes of a difference: the reader and engine (same pack,
# two builds) and the rule pack (same build, two packs). Needs valgrind; takes some minutes.
set -euo pipefail

base=""
pack=""
while [ $# -gt 0 ]; do
    case "$1" in
        --base) base="${2:?--base needs a commit}"; shift 2 ;;
        --pack) pack="${2:?--pack needs a commit}"; shift 2 ;;
        *) echo "usage: $0 [--base COMMIT] [--pack COMMIT]" >&2; exit 2 ;;
    esac
done
command -v valgrind >/dev/null || { echo "valgrind is needed (apt-get install valgrind)" >&2; exit 2; }

repo="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repo"
work="$(mktemp -d)"
cleanup() {
    if [ -d "$work/base" ]; then git worktree remove --force "$work/base" || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

echo "building this checkout (dist profile) ..." >&2
cargo build --locked --quiet --profile dist
cp target/dist/xxgk-lint "$work/xxgk-lint"
for n in 200 1000; do
    cargo bench --quiet --bench check -- --corpus "$work/c$n" "$n" >&2
done

# Instructions of one run: the binary and its arguments, the corpus last. `check` exits 1 when
# it finds errors, which the corpus has; a run that did not finish prints no count.
instructions() {
    local count
    count="$({ valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null || true; } \
        | sed -n 's/.*I *refs: *//p' | tr -d ,)"
    [ -n "$count" ] || { echo "no instruction count from: $*" >&2; exit 1; }
    echo "$count"
}

# One line of figures: a label, then the command without its corpus.
measure() {
    local label="$1"
    shift
    local small large
    small="$(instructions "$@" "$work/c200")"
    large="$(instructions "$@" "$work/c1000")"
    awk -v l="$label" -v s="$small" -v b="$large" 'BEGIN {
        slope = (b - s) / 800
        printf "%-44s %9.1fM %10.1fM %9.3fM %8.1fM\n", l, s / 1e6, b / 1e6, slope / 1e6, (s - 200 * slope) / 1e6
    }'
}

check=(check --format json -j 1 --no-config)
printf "%-44s %10s %11s %10s %9s\n" "build and pack" "200" "1,000" "per report" "fixed"
measure "this checkout, bundled pack" "$work/xxgk-lint" "${check[@]}"

if [ -n "$pack" ]; then
    mkdir "$work/pack"
    git archive "$pack" rules/national | tar -x -C "$work/pack"
    measure "this checkout, pack of $(git rev-parse --short "$pack")" \
        "$work/xxgk-lint" "${check[@]}" --no-national --rules "$work/pack/rules/national"
fi

if [ -n "$base" ]; then
    git worktree add --quiet --detach "$work/base" "$base"
    # The base's own profile for published binaries: `dist` where it has one, else `release`
    # (which was whole-program LTO before `dist` existed).
    profile=release
    if grep -q '^\[profile\.dist\]' "$work/base/Cargo.toml"; then profile=dist; fi
    echo "building $base ($profile profile) ..." >&2
    (cd "$work/base" && CARGO_TARGET_DIR="$work/base-target" cargo build --locked --quiet --profile "$profile")
    measure "$(git rev-parse --short "$base") ($profile), its bundled pack" \
        "$work/base-target/$profile/xxgk-lint" "${check[@]}"
fi
