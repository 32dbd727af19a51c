#!/usr/bin/env bash
# Fuzzes the CLI's readers of untrusted input (fuzz/fuzz_targets/): the CSV
# reader (`csv`), the distribution/model spec parser (`spec`) and the sweep
# shard reader (`shard`), each for a bounded time. Each starts from the
# hand-written seeds in fuzz/seeds/<target>/ (real inputs, named) and the
# corpus the fuzzer grew in fuzz/corpus/<target>/ (minimised, named by
# hash). Not part of .ci/run: CI has no cargo-fuzz and a 90-minute budget.
#
#   bash tools/fuzz.sh               # every target, 60 s each
#   FUZZ_SECONDS=600 bash tools/fuzz.sh spec
#
# New interesting inputs are added to fuzz/corpus/<target>/; before
# committing them, shrink it to one input per coverage edge (as committed;
# keep it under about 1 MB) with
#   RUSTC_BOOTSTRAP=1 cargo fuzz cmin <target> -- -use_counters=0
# A crash is saved under fuzz/artifacts/<target>/ (not committed) and
# replayed with
#   RUSTC_BOOTSTRAP=1 cargo fuzz run <target> fuzz/artifacts/<target>/<file>
# Exits 1 if any target crashed.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${FUZZ_SECONDS:-60}"
if [ "$#" -gt 0 ]; then
    targets=("$@")
else
    targets=(csv spec shard)
fi

if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "== installing cargo-fuzz"
    cargo install cargo-fuzz --locked
fi

# cargo-fuzz instruments the build with unstable compiler flags
# (-Zsanitizer=address, sanitizer-coverage passes), which only a nightly
# compiler accepts. RUSTC_BOOTSTRAP=1 lets the stable toolchain accept them
# too, so no nightly is needed; it affects this script's builds only (in
# fuzz/target), never the workspace's. FUZZ_TOOLCHAIN=nightly uses a
# nightly instead, when one is installed.
if [ -n "${FUZZ_TOOLCHAIN:-}" ]; then
    fuzz=(cargo "+$FUZZ_TOOLCHAIN" fuzz)
else
    export RUSTC_BOOTSTRAP=1
    fuzz=(cargo fuzz)
fi

failed=()
for t in "${targets[@]}"; do
    echo "== fuzz $t for $seconds s"
    mkdir -p "fuzz/corpus/$t"
    if ! "${fuzz[@]}" run "$t" "fuzz/corpus/$t" "fuzz/seeds/$t" -- -max_total_time="$seconds"; then
        failed+=("$t")
    fi
done

if [ "${#failed[@]}" -gt 0 ]; then
    echo "fuzz: crashes in ${failed[*]}; inputs under fuzz/artifacts/" >&2
    exit 1
fi
echo "fuzz: no crashes in ${targets[*]} ($seconds s each)"
