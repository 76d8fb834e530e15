#!/usr/bin/env bash
# Runs every versionary benchmark and writes the figures to target/bench-results/:
#
#   overhead  criterion, in process (`oneshot`): lead_providers and the ten-change record,
#             hand-written vs versionary at the latest and oldest versions; BENCH_ROUNDS rounds
#   paired    the same cases, hand-written and versionary batches interleaved (robust ratios)
#   alloc     heap allocations per request (counting global allocator)
#   instructions  CPU instructions per request under valgrind's callgrind: `peer-serve`
#             (lead_providers, or its hand-written twin) on 127.0.0.1, counters zeroed after a
#             warm-up, then exactly INSTR_REQUESTS keep-alive GET participant (and POST
#             declaration) requests, at the latest and the oldest version (skipped, with a
#             message, without valgrind)
#   load      loopback load generator (127.0.0.1 only, bounded in seconds and requests)
#   router    router build for 500 endpoints x 20 versions (time, RSS) and O(1) resolution
#   stream    NDJSON of 100,000 items at the oldest version vs a hand-written NDJSON writer of
#             the same bytes (throughput ratio), and peak RSS streaming 10,000 vs 100,000
#   consumers usage by consumer: memory of CONSUMERS_N (10,000) consumers x 3 versions x 5
#             endpoints (counting allocator) against the same counts in a plain HashMap, and
#             the time to flush them to the memory store and to SQLite (CONSUMERS_ROUNDS)
#   event     rendering an event (`Event::to_vec`) at the oldest version vs the latest,
#             interleaved batches (ratio)
#   compile   `cargo check` of generated crates: N types x M versions vs plain serde, and vs
#             the hand-written alternative (per-version types, serde derives, `From` impls)
#   incremental  `cargo build` after editing one function body of a generated service
#             (INCR_TYPES types x INCR_VERSIONS versions): versioned, hand-written, plain
#   peers     versionary against Cadwyn (Python, FastAPI) serving the same GET participant
#             contract: Cadwyn and uvicorn installed from PyPI into a virtual environment
#             under target/peers/ (skipped, with a message, when python3 or PyPI is not
#             available); each server pinned to core 0 and the load generator to core 1
#             (taskset), on 127.0.0.1, in bounded rounds that alternate the servers
#
# then `bench-summary` writes target/bench-results/summary.md and prints it.
#
# Usage: scripts/bench.sh [part ...]      (default: every part, in the order above)
# Environment: CARGO_TARGET_DIR (default ./target), BENCH_ROUNDS (3), COMPILE_REPEATS (3),
# COMPILE_TYPES ("50 200"), COMPILE_VERSIONS ("5 20 50"), BENCH_JOBS (cargo -j, default
# nproc), COMPILE_HANDWRITTEN_VERSIONS (20), INCR_TYPES (50), INCR_VERSIONS (20),
# INCR_REPEATS (5), PEER_CADWYN ("cadwyn==9.0.0"), PEER_UVICORN ("uvicorn[standard]==0.55.0"), and
# the PAIRED_* / LOAD_* / ROUTER_* / CONSUMERS_* / PEER_* / INSTR_* settings documented in
# benches/benches/{paired,load,router,stream,consumers,event}.rs, benches/src/bin/peer-load.rs and
# benches/src/bin/instructions.rs.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
export BENCH_RESULTS_DIR="${BENCH_RESULTS_DIR:-$CARGO_TARGET_DIR/bench-results}"
export CRITERION_HOME="$CARGO_TARGET_DIR/criterion"
RESULTS=$BENCH_RESULTS_DIR
ROUNDS=${BENCH_ROUNDS:-3}
COMPILE_REPEATS=${COMPILE_REPEATS:-3}
COMPILE_TYPES=${COMPILE_TYPES:-"50 200"}
COMPILE_VERSIONS=${COMPILE_VERSIONS:-"5 20 50"}
COMPILE_HANDWRITTEN_VERSIONS=${COMPILE_HANDWRITTEN_VERSIONS:-20}
INCR_REPEATS=${INCR_REPEATS:-5}
JOBS=${BENCH_JOBS:-$(nproc)}
PARTS=${*:-"overhead paired alloc instructions load router stream consumers event compile incremental peers"}
START=$(date +%s)

say() { printf '\n== %s (%ss elapsed)\n' "$*" "$(($(date +%s) - START))"; }

mkdir -p "$RESULTS"
for part in $PARTS; do
    case $part in
    overhead) rm -rf "$RESULTS/criterion-rounds" ;;
    paired | alloc | instructions | load | router | stream | consumers | event) rm -f "$RESULTS/$part.json" ;;
    compile) rm -f "$RESULTS/compile.tsv" ;;
    incremental) rm -f "$RESULTS/incremental.tsv" ;;
    peers) rm -f "$RESULTS/peers.json" ;;
    *) echo "unknown part: $part (expected overhead, paired, alloc, instructions, load, router, stream, consumers, event, compile, incremental, peers)" >&2; exit 2 ;;
    esac
done

{
    echo "date:      $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "commit:    $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet 2>/dev/null || echo ' (with local changes)')"
    echo "nproc:     $(nproc)"
    echo "cpu:       $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
    echo "memory:    $(grep MemTotal /proc/meminfo | awk '{printf "%.1f GiB", $2 / 1048576}')"
    echo "kernel:    $(uname -r)"
    echo "rustc:     $(rustc --version)"
    echo "loadavg:   $(cut -d' ' -f1-3 /proc/loadavg) (at start)"
} >"$RESULTS/machine.txt"
cat "$RESULTS/machine.txt"

say "building the benchmarks (release)"
cargo bench -p versionary-bench --no-run -j "$JOBS" --quiet
cargo build -p versionary-bench --profile bench --bin bench-summary --bin peer-serve --bin peer-load --bin instructions -j "$JOBS" --quiet

exec > >(tee "$RESULTS/log.txt") 2>&1

bench() { cargo bench -p versionary-bench --quiet --bench "$@"; }

run_overhead() {
    for round in $(seq 1 "$ROUNDS"); do
        say "overhead, round $round of $ROUNDS"
        bench overhead -- --noplot
        for group in get_participant post_declaration chain10; do
            for estimates in "$CRITERION_HOME/$group"/*/new/estimates.json; do
                name=$(basename "$(dirname "$(dirname "$estimates")")")
                mkdir -p "$RESULTS/criterion-rounds/round-$round/$group/$name"
                cp "$estimates" "$RESULTS/criterion-rounds/round-$round/$group/$name/"
            done
        done
    done
}

# --- compile time ------------------------------------------------------------------------

# The features of the workspace's axum entry, so the generated crates share its build.
AXUM='axum = { version = "0.8", default-features = false, features = ["http1", "json", "query", "tokio", "matched-path", "original-uri"] }'

# gen_crate DIR KIND TYPES VERSIONS: a library with TYPES types. `versioned`: an API of
# VERSIONS versions, each type with three changes at versions 2, 3 and 4 (a rename, an
# added field, a removed field; the same whatever VERSIONS is), a GET and a POST endpoint
# per type. `plain`: the same latest types with plain serde derives and the same handlers
# on a plain axum router. `documented`: `plain` plus a schemars `JsonSchema` derive per
# type, what a plain axum service documenting its types in OpenAPI pays (versionary derives
# schemas for its OpenAPI documents).
gen_crate() {
    local dir=$1 kind=$2 n=$3 m=$4 i v
    mkdir -p "$dir/src"
    cat >"$dir/Cargo.toml" <<TOML
[package]
name = "synth-$kind-${n}x$m"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
versionary = { path = "$ROOT/runtime" }
$AXUM
serde = { version = "1", features = ["derive"] }
schemars = "1"

[workspace]
TOML
    cp "$ROOT/Cargo.lock" "$dir/Cargo.lock"
    {
        echo '#![allow(dead_code)]'
        if [ "$kind" = versioned ]; then
            echo 'versionary::api_versions! {'
            echo '    pub Synth {'
            for v in $(seq 1 "$m"); do echo "        $v => \"release $v\","; done
            echo '    }'
            echo '}'
            echo 'fn legacy_of<T>(_: &T) -> u32 { 0 }'
            for i in $(seq 1 "$n"); do
                cat <<RS
#[versionary::versioned(api = Synth)]
#[derive(Clone, Debug, PartialEq)]
#[api(removed(field = legacy, ty = u32, in = 4, down = legacy_of, ignore))]
pub struct T$i {
    #[api(renamed(from = "title", in = 2))]
    pub name: String,
    pub count: u64,
    pub active: bool,
    #[api(added = 3, default)]
    pub tags: Vec<String>,
    pub note: Option<String>,
}
#[versionary::endpoint(GET "/t$i", api = Synth)]
async fn get_t$i() -> versionary::Json<T$i> {
    versionary::Json(T$i { name: String::new(), count: $i, active: true, tags: Vec::new(), note: None })
}
#[versionary::endpoint(POST "/t$i", api = Synth)]
async fn post_t$i(versionary::Json(value): versionary::Json<T$i>) -> versionary::Json<T$i> {
    versionary::Json(value)
}
RS
            done
            echo 'pub fn app() -> axum::Router { versionary::ApiBuilder::<Synth>::new().build(()).expect("builds") }'
        elif [ "$kind" = handwritten ]; then
            gen_handwritten "$n" "$m"
        else
            local schema=""
            [ "$kind" = documented ] && schema=", schemars::JsonSchema"
            for i in $(seq 1 "$n"); do
                cat <<RS
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize$schema)]
#[serde(deny_unknown_fields)]
pub struct T$i {
    pub name: String,
    pub count: u64,
    pub active: bool,
    pub tags: Vec<String>,
    pub note: Option<String>,
}
async fn get_t$i() -> axum::Json<T$i> {
    axum::Json(T$i { name: String::new(), count: $i, active: true, tags: Vec::new(), note: None })
}
async fn post_t$i(axum::Json(value): axum::Json<T$i>) -> axum::Json<T$i> {
    axum::Json(value)
}
RS
            done
            echo 'pub fn app() -> axum::Router {'
            echo '    axum::Router::new()'
            for i in $(seq 1 "$n"); do
                echo "        .route(\"/t$i\", axum::routing::get(get_t$i).post(post_t$i))"
            done
            echo '}'
        fi
    } >"$dir/src/lib.rs"
}

# gen_handwritten TYPES VERSIONS: what a team writes by hand for the history of `versioned`
# (the realistic alternative to versionary): per type a module with its four shapes (the
# rename in 2, the added field in 3, the removed field in 4), each with serde derives and the
# user's `Clone, Debug, PartialEq`, `From` conversions up and down between neighbours, one
# GET and one POST handler per shape (requests upgraded to the latest shape, answers
# downgraded), and a loop routing versions 4 to VERSIONS to the latest shape's handlers.
gen_handwritten() {
    local n=$1 m=$2 i
    for i in $(seq 1 "$n"); do
        cat <<RS
pub mod t$i {
    use axum::{Json, Router, routing::get};
    #[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct V1 { pub title: String, pub count: u64, pub active: bool, pub note: Option<String>, pub legacy: u32 }
    #[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct V2 { pub name: String, pub count: u64, pub active: bool, pub note: Option<String>, pub legacy: u32 }
    #[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct V3 { pub name: String, pub count: u64, pub active: bool, #[serde(default)] pub tags: Vec<String>, pub note: Option<String>, pub legacy: u32 }
    #[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct V4 { pub name: String, pub count: u64, pub active: bool, #[serde(default)] pub tags: Vec<String>, pub note: Option<String> }
    impl From<V1> for V2 { fn from(v: V1) -> V2 { V2 { name: v.title, count: v.count, active: v.active, note: v.note, legacy: v.legacy } } }
    impl From<V2> for V1 { fn from(v: V2) -> V1 { V1 { title: v.name, count: v.count, active: v.active, note: v.note, legacy: v.legacy } } }
    impl From<V2> for V3 { fn from(v: V2) -> V3 { V3 { name: v.name, count: v.count, active: v.active, tags: Vec::new(), note: v.note, legacy: v.legacy } } }
    impl From<V3> for V2 { fn from(v: V3) -> V2 { V2 { name: v.name, count: v.count, active: v.active, note: v.note, legacy: v.legacy } } }
    impl From<V3> for V4 { fn from(v: V3) -> V4 { V4 { name: v.name, count: v.count, active: v.active, tags: v.tags, note: v.note } } }
    impl From<V4> for V3 { fn from(v: V4) -> V3 { V3 { name: v.name, count: v.count, active: v.active, tags: v.tags, note: v.note, legacy: 0 } } }
    fn latest() -> V4 { V4 { name: String::new(), count: $i, active: true, tags: Vec::new(), note: None } }
    async fn get_v1() -> Json<V1> { Json(V1::from(V2::from(V3::from(latest())))) }
    async fn get_v2() -> Json<V2> { Json(V2::from(V3::from(latest()))) }
    async fn get_v3() -> Json<V3> { Json(V3::from(latest())) }
    async fn get_v4() -> Json<V4> { Json(latest()) }
    async fn post_v1(Json(v): Json<V1>) -> Json<V1> { let v = V4::from(V3::from(V2::from(v))); Json(V1::from(V2::from(V3::from(v)))) }
    async fn post_v2(Json(v): Json<V2>) -> Json<V2> { let v = V4::from(V3::from(v)); Json(V2::from(V3::from(v))) }
    async fn post_v3(Json(v): Json<V3>) -> Json<V3> { let v = V4::from(v); Json(V3::from(v)) }
    async fn post_v4(Json(v): Json<V4>) -> Json<V4> { Json(v) }
    pub fn routes(router: Router) -> Router {
        let mut router = router
            .route("/v1/t$i", get(get_v1).post(post_v1))
            .route("/v2/t$i", get(get_v2).post(post_v2))
            .route("/v3/t$i", get(get_v3).post(post_v3));
        for v in 4..=$m {
            router = router.route(&format!("/v{v}/t$i"), get(get_v4).post(post_v4));
        }
        router
    }
}
RS
    done
    echo 'pub fn app() -> axum::Router {'
    echo '    let router = axum::Router::new();'
    for i in $(seq 1 "$n"); do echo "    let router = t$i::routes(router);"; done
    echo '    router'
    echo '}'
}

run_compile() {
    local work target toolchain host kind n m rep t0 t1 dir configs
    work=$(mktemp -d "${TMPDIR:-/tmp}/versionary-compile.XXXXXX")
    trap 'rm -rf "$work"' RETURN
    # One warm target dir for every generated crate: dependencies are checked once.
    target="$CARGO_TARGET_DIR/bench-compile"
    # The generated crates live outside the workspace: give them its toolchain.
    toolchain=$(rustup show active-toolchain 2>/dev/null | cut -d' ' -f1 || true)
    [ -n "$toolchain" ] && export RUSTUP_TOOLCHAIN=$toolchain
    host=$(rustc -vV | sed -n 's/^host: //p')
    export CARGO_INCREMENTAL=0
    check() { CARGO_TARGET_DIR=$target cargo check --offline --quiet -j "$JOBS" --manifest-path "$1/Cargo.toml"; }
    say "compile: warming the shared target dir (dependencies)"
    gen_crate "$work/warm-plain" plain 1 5
    gen_crate "$work/warm-versioned" versioned 1 5
    check "$work/warm-plain"
    check "$work/warm-versioned"
    echo -e "# kind\ttypes\tversions\trepeat\tseconds" >"$RESULTS/compile.tsv"
    configs=""
    for n in $COMPILE_TYPES; do
        configs+=" plain:$n:1 documented:$n:1 handwritten:$n:$COMPILE_HANDWRITTEN_VERSIONS"
        for m in $COMPILE_VERSIONS; do configs+=" versioned:$n:$m"; done
    done
    for config in $configs; do
        IFS=: read -r kind n m <<<"$config"
        dir="$work/$kind-${n}x$m"
        gen_crate "$dir" "$kind" "$n" "$m"
        # Resolve the lock file before timing (for this platform only: other platforms'
        # dependencies, never built, need not be in the local registry cache).
        CARGO_TARGET_DIR=$target cargo metadata --offline --format-version 1 --filter-platform "$host" \
            --manifest-path "$dir/Cargo.toml" >/dev/null
    done
    # Repeats are interleaved (every config once, then again), so a burst of load from
    # another process lands on one repeat of several configs, not on every repeat of one.
    for rep in $(seq 1 "$COMPILE_REPEATS"); do
        for config in $configs; do
            IFS=: read -r kind n m <<<"$config"
            dir="$work/$kind-${n}x$m"
            touch "$dir/src/lib.rs"
            t0=$(date +%s.%N)
            check "$dir"
            t1=$(date +%s.%N)
            secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')
            printf '%s\t%s\t%s\t%s\t%.3f\n' "$kind" "$n" "$m" "$rep" "$secs" >>"$RESULTS/compile.tsv"
            printf 'compile %-11s %3s types x %2s versions, repeat %s: %.2f s\n' "$kind" "$n" "$m" "$rep" "$secs"
        done
    done
}

# Incremental rebuilds: one function body of a generated service edited, then `cargo build`
# (dev profile, incremental compilation on, as `cargo build` does by default), for the
# versioned crate, its hand-written per-version alternative and the plain serde crate.
# Each repeat writes a new literal into the first type's handler (`get_t1`; in the
# hand-written crate, the first type's `latest()`, which its GET handlers call), so every
# timed build has a real edit to compile.
run_incremental() {
    local work target toolchain host kind n m rep t0 t1 secs dir kinds
    n=${INCR_TYPES:-50}
    m=${INCR_VERSIONS:-20}
    kinds="plain handwritten versioned"
    work=$(mktemp -d "${TMPDIR:-/tmp}/versionary-incremental.XXXXXX")
    target="$CARGO_TARGET_DIR/bench-incremental"
    # The generated crates' incremental caches and libraries take about 1.5 GB: dropped
    # afterwards (the dependencies' builds are kept for the next run).
    trap 'rm -rf "$work" "$target"/debug/incremental/synth_* "$target"/debug/deps/*synth_* "$target"/debug/*synth_*' RETURN
    toolchain=$(rustup show active-toolchain 2>/dev/null | cut -d' ' -f1 || true)
    [ -n "$toolchain" ] && export RUSTUP_TOOLCHAIN=$toolchain
    host=$(rustc -vV | sed -n 's/^host: //p')
    export CARGO_INCREMENTAL=1
    build() { CARGO_TARGET_DIR=$target cargo build --offline --quiet -j "$JOBS" --manifest-path "$1/Cargo.toml"; }
    say "incremental: first builds ($n types x $m versions; not timed)"
    for kind in $kinds; do
        dir="$work/$kind"
        gen_crate "$dir" "$kind" "$n" "$m"
        CARGO_TARGET_DIR=$target cargo metadata --offline --format-version 1 --filter-platform "$host" \
            --manifest-path "$dir/Cargo.toml" >/dev/null
        build "$dir"
    done
    echo -e "# kind\ttypes\tversions\trepeat\tseconds" >"$RESULTS/incremental.tsv"
    for rep in $(seq 1 "$INCR_REPEATS"); do
        for kind in $kinds; do
            dir="$work/$kind"
            sed -i "0,/count: [0-9]*,/s//count: $((100000 + rep)),/" "$dir/src/lib.rs"
            t0=$(date +%s.%N)
            build "$dir"
            t1=$(date +%s.%N)
            secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')
            printf '%s\t%s\t%s\t%s\t%.3f\n' "$kind" "$n" "$m" "$rep" "$secs" >>"$RESULTS/incremental.tsv"
            printf 'incremental %-11s %3s types x %2s versions, repeat %s: %.2f s\n' "$kind" "$n" "$m" "$rep" "$secs"
        done
    done
}

# A free TCP port on 127.0.0.1.
free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Waits (at most 30 s) until GET http://127.0.0.1:$1$2 answers 200.
wait_for() {
    for _ in $(seq 1 60); do
        if [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$1$2")" = 200 ]; then
            return 0
        fi
        sleep 0.5
    done
    return 1
}

run_peers() {
    say "peers: versionary and Cadwyn side by side"
    local venv=$CARGO_TARGET_DIR/peers/venv
    local cadwyn=${PEER_CADWYN:-cadwyn==9.0.0} uvicorn=${PEER_UVICORN:-uvicorn[standard]==0.55.0}
    if ! command -v python3 >/dev/null || ! command -v taskset >/dev/null || ! command -v curl >/dev/null; then
        echo "peers: skipped (python3, taskset and curl are needed)"
        return 0
    fi
    if [ "$(nproc)" -lt 2 ]; then
        echo "peers: skipped (two cores are needed: one for the server, one for the client)"
        return 0
    fi
    if [ ! -x "$venv/bin/pip" ]; then
        python3 -m venv "$venv" || { echo "peers: skipped (python3 -m venv failed)"; return 0; }
    fi
    # Pinned versions already installed are not looked up again.
    if ! timeout 300 "$venv/bin/pip" install --disable-pip-version-check -q --timeout 20 "$cadwyn" "$uvicorn"; then
        echo "peers: skipped (PyPI unreachable: could not install $cadwyn and $uvicorn into $venv)"
        return 0
    fi
    local versions
    versions=$("$venv/bin/python" -c 'import importlib.metadata as m, sys; print(", ".join(f"{p} {m.version(p)}" for p in ("cadwyn", "fastapi", "pydantic", "uvicorn", "uvloop", "httptools")) + f", Python {sys.version.split()[0]}")')
    echo "peers: $versions"
    local rounds=${PEER_ROUNDS:-5} seconds=${PEER_SECONDS:-3}
    local lifetime=$((rounds * 4 * (seconds + 2) + 120))
    local versionary_port cadwyn_port
    versionary_port=$(free_port)
    cadwyn_port=$(free_port)
    local bin=$CARGO_TARGET_DIR/release
    taskset -c 0 "$bin/peer-serve" versionary "$versionary_port" "$lifetime" &
    local versionary_pid=$!
    (cd "$ROOT/benches/peers" && exec taskset -c 0 timeout "$lifetime" "$venv/bin/python" -m uvicorn \
        cadwyn_app:app --host 127.0.0.1 --port "$cadwyn_port" --workers 1 --loop uvloop \
        --http httptools --no-access-log --log-level warning) &
    local cadwyn_pid=$!
    local path=/api/v2/participants/21412-12121 status=0
    if wait_for "$versionary_port" "$path" && wait_for "$cadwyn_port" "$path"; then
        for version in 1 2; do
            local url=/api/v$version/participants/21412-12121 ours theirs
            ours=$(curl -s "http://127.0.0.1:$versionary_port$url")
            theirs=$(curl -s "http://127.0.0.1:$cadwyn_port$url")
            echo "v$version versionary:  $ours"
            echo "v$version Cadwyn: $theirs"
            if [ "$ours" != "$theirs" ]; then
                echo "peers: the two servers answer different bodies at v$version" >&2
                status=1
            fi
        done
        if [ "$status" = 0 ]; then
            PEER_NOTE="$versions" taskset -c 1 "$bin/peer-load" versionary="$versionary_port" cadwyn="$cadwyn_port" || status=$?
        fi
    else
        echo "peers: a server did not start" >&2
        status=1
    fi
    kill "$versionary_pid" "$cadwyn_pid" 2>/dev/null || true
    wait "$versionary_pid" "$cadwyn_pid" 2>/dev/null || true
    return "$status"
}

for part in $PARTS; do
    case $part in
    overhead) run_overhead ;;
    paired) say "paired in-process overhead"; bench paired ;;
    alloc) say "allocations"; bench alloc ;;
    instructions)
        say "instructions per request (callgrind)"
        if command -v valgrind >/dev/null && command -v callgrind_control >/dev/null; then
            "$CARGO_TARGET_DIR/release/instructions"
        else
            echo "instructions: skipped (valgrind is not installed; apt-get install valgrind)"
        fi
        ;;
    load) say "loopback load"; bench load ;;
    router) say "router build and resolution"; bench router ;;
    stream) say "streamed answers (NDJSON)"; bench stream ;;
    consumers) say "usage by consumer: memory and flush time"; bench consumers ;;
    event) say "event rendering, oldest vs latest version"; bench event ;;
    compile) run_compile ;;
    incremental) run_incremental ;;
    peers) run_peers ;;
    esac
done

say "summary"
"$CARGO_TARGET_DIR/release/bench-summary"
say "done: $RESULTS/summary.md"
