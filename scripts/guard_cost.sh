#!/usr/bin/env bash
# What the compile-time guard costs the build of the example services: the time to rebuild
# the `versionary-examples` crate (its macros expand, compare with the locks, and it compiles),
# before the guard (BASE, default 4206184, the last commit without it) and now, in
# interleaved repeats so both sides see the same machine. Dependencies are built once per
# side first and are not timed; the crate itself is rebuilt in full each time
# (CARGO_INCREMENTAL=0: every macro expands and every item compiles again).
#
#   scripts/guard_cost.sh [REPEATS]        (default 5; about 6 minutes on 2 cores)
#
# Prints each repeat and the medians, and the ratio now / before.
set -euo pipefail
cd "$(dirname "$0")/.."
repeats=${1:-5}
base=${GUARD_COST_BASE:-4206184}
work=target/guard-cost
mkdir -p "$work"
if [ ! -d "$work/before" ]; then
    git worktree add --detach "$work/before" "$base" >/dev/null
fi
trap 'git worktree remove --force "$work/before" >/dev/null 2>&1 || true' EXIT
before_target=$PWD/$work/before-target
now_target=$PWD/$work/now-target

build() { # dir target
    if ! (cd "$1" && CARGO_INCREMENTAL=0 CARGO_TARGET_DIR=$2 cargo build -q -p versionary-examples 2>"$work/build.log"); then
        echo "the build in $1 failed:" >&2
        cat "$work/build.log" >&2
        exit 1
    fi
}
timed() { # dir target -> seconds
    touch "$1/examples/src/lib.rs"
    local start end
    start=$(date +%s.%N)
    build "$1" "$2" || exit 1
    end=$(date +%s.%N)
    echo "$end - $start" | bc
}

echo "building dependencies (not timed)" >&2
build "$work/before" "$before_target"
build . "$now_target"

before=() now=()
for rep in $(seq 1 "$repeats"); do
    b=$(timed "$work/before" "$before_target") || exit 1
    n=$(timed . "$now_target") || exit 1
    before+=("$b") now+=("$n")
    printf 'repeat %s: before %.2f s, now %.2f s\n' "$rep" "$b" "$n"
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
mb=$(median "${before[@]}") mn=$(median "${now[@]}")
printf 'median: before %.2f s, now %.2f s, ratio %.3f\n' "$mb" "$mn" "$(echo "$mn / $mb" | bc -l)"
