#!/usr/bin/env bash
# Runs the request fuzzer for a bounded time (default 60 s): `scripts/fuzz.sh [SECONDS]`.
# Needs cargo-fuzz (`cargo install cargo-fuzz`); on the stable toolchain the sanitizer flags
# need RUSTC_BOOTSTRAP=1, which this script sets for the fuzz build only.
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
seconds="${1:-60}"
mkdir -p corpus/requests
RUSTC_BOOTSTRAP=1 cargo fuzz run requests corpus/requests -- -max_total_time="$seconds" -max_len=4096
