#!/usr/bin/env bash
# Fuzzes the readers of untrusted input (see src/fuzz.rs) with cargo-fuzz and libFuzzer.
#
#   bash packaging/fuzz.sh                      # every target, 10 minutes each
#   FUZZ_SECONDS=60 bash packaging/fuzz.sh csv_import settings
#
# Not part of the test command (too long for CI); the seeds and every regression input are replayed
# there instead (tests/domain/fuzz_corpus.rs). New inputs the fuzzer finds interesting go to
# target/fuzz-corpus/<target>/, so the committed seeds stay small; a fault is written to
# fuzz/artifacts/<target>/ — fix it, then copy the input to fuzz/regressions/<target>/.
set -euo pipefail
cd "$(dirname "$0")/.."

targets=(certificate openapi_reply join_file settings autotask_reply csv_import)
if [ "$#" -gt 0 ]; then
    targets=("$@")
fi
seconds="${FUZZ_SECONDS:-600}"

if ! rustup toolchain list | grep -q '^nightly'; then
    rustup toolchain install nightly --profile minimal
fi
if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
    cargo install cargo-fuzz --locked
fi

cargo +nightly fuzz build -O

summary=()
status=0
for t in "${targets[@]}"; do
    scratch="target/fuzz-corpus/$t"
    mkdir -p "$scratch" "fuzz/artifacts/$t"
    log="target/fuzz-$t.log"
    echo "fuzzing $t for ${seconds}s (log: $log)"
    if cargo +nightly fuzz run -O "$t" "$scratch" "fuzz/corpus/$t" -- \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
        -print_final_stats=1 >"$log" 2>&1; then
        found=0
    else
        found=1
        status=1
    fi
    execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
    rate=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
    cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*')
    units=$(find "$scratch" -type f | wc -l)
    faults=$(find "fuzz/artifacts/$t" -type f | wc -l)
    summary+=("$(printf '%-16s %12s execs %8s/s  cov %6s  corpus +%-6s faults %s' \
        "$t" "${execs:-?}" "${rate:-?}" "${cov:-?}" "$units" "$faults")")
    if [ "$found" = 1 ]; then
        echo "  $t stopped on a fault; see $log and fuzz/artifacts/$t/"
    fi
done

echo
printf '%s\n' "${summary[@]}"
exit "$status"
