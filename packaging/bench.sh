#!/usr/bin/env bash
# The performance table of docs/performance.md, in one command: builds what it measures (release),
# runs the benches and prints one table, each figure as min / median / max (and p95 where asked)
# over several runs, start-up figures also as a ratio to a bare iced window measured in the same
# run. Installs the Debian packages it needs when missing.
#
#   bash packaging/bench.sh            # PERF_RUNS=7 start-ups each, PERF_ADD_RUNS=50
#
# The start-up figures come from a private Xvfb (tiny-skia, as every window of the app here);
# no timed assertion anywhere: the figures are printed, and docs/performance.md keeps them.
set -euo pipefail
cd "$(dirname "$0")/.."

need_pkgs=()
for p in xvfb xauth dpkg-dev binutils; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || need_pkgs+=("$p")
done
if [ ${#need_pkgs[@]} -gt 0 ]; then
  echo "Installing: ${need_pkgs[*]}" >&2
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_pkgs[@]}"
fi
command -v cargo-deb >/dev/null || cargo install --locked cargo-deb --version '^3'

target=${CARGO_TARGET_DIR:-target}
echo "Building (release)…" >&2
# Both binaries in one build without the dev-dependencies, as the .deb's ksc-link is built.
cargo build --locked --release --features bare-window --bin ksc-link --bin bare-window >&2
# Kept aside: building the benches builds ksc-link again in target/release (the bench profile,
# with the dev-dependencies' features), over the release binary.
bins="$target/perf-bins"
mkdir -p "$bins"
cp "$target/release/ksc-link" "$target/release/bare-window" "$bins/"

rows=$(mktemp)
sizes=$(mktemp)
trap 'rm -f "$rows" "$sizes"' EXIT

echo "Sizes…" >&2
bin="$bins/ksc-link"
deb_dir=$(mktemp -d)
cargo deb --locked --no-build --output "$deb_dir" >&2
deb=$(ls "$deb_dir"/*.deb)
mib() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1048576 }'; }
size_row() { printf 'ROW\t%s\t%s\t%s\t%s\t\t\t\n' "$1" "$2" "$2" "$2" >>"$sizes"; }
stripped=$(mktemp)
strip -o "$stripped" "$bin"
size_row "release binary, MiB" "$(mib "$(stat -c %s "$bin")")"
size_row "release binary without its symbol table (strip), MiB" "$(mib "$(stat -c %s "$stripped")")"
size_row ".deb package, MiB" "$(mib "$(stat -c %s "$deb")")"
rm -rf "$deb_dir" "$stripped"

cargo bench --locked --no-run --bench perf --bench estate >&2
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
echo "Start-up (Xvfb)…" >&2
PERF_BIN_DIR="$bins" xvfb-run -a -s "-screen 0 1280x1024x24" cargo bench --locked --bench perf -- startup | tee -a "$rows" >&2
echo "Add secondary…" >&2
cargo bench --locked --bench perf -- add-secondary | tee -a "$rows" >&2
echo "Large estate…" >&2
cargo bench --locked --bench estate | tee -a "$rows" >&2
cat "$sizes" >>"$rows"

echo
echo "ksc-link $(git describe --always --dirty 2>/dev/null || echo '?'), $(date -u +%Y-%m-%d)," \
  "$(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')), $(uname -r)"
echo "Load average before: $load_before; after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| figure | min | median | max | p95 | × bare window (median) | goal |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | --- |"
grep '^ROW' "$rows" | awk -F'\t' '{ printf "| %s | %s | %s | %s | %s | %s | %s |\n", $2, $3, $4, $5, $8, $7, $6 }'
