#!/usr/bin/env bash
# The whole test suite of ksc-link, runnable on a fresh Debian 12 / Ubuntu machine.
# It installs what is missing (apt packages, cargo-nextest), then runs formatting, lints and every
# test inside a private D-Bus session with an unlocked gnome-keyring (a real Secret Service).
set -euo pipefail
cd "$(dirname "$0")/.."

need_pkgs=()
for p in gnome-keyring dbus-daemon libsecret-tools tinyproxy xvfb xauth xdotool imagemagick openssl \
         libx11-6 libx11-xcb1 libxcursor1 libxi6 libxkbcommon-x11-0 python3 \
         x11-utils dpkg-dev binutils desktop-file-utils appstream msitools wixl python3-yaml; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || need_pkgs+=("$p")
done
# The independent Autotask clients need Node.js (18+, for fetch) with npm, and Python's venv.
command -v node >/dev/null && command -v npm >/dev/null || need_pkgs+=(nodejs npm)
python3 -c 'import ensurepip, venv' 2>/dev/null || need_pkgs+=(python3-venv)
if [ ${#need_pkgs[@]} -gt 0 ]; then
  echo "Installing: ${need_pkgs[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_pkgs[@]}"
fi
command -v cargo-nextest >/dev/null || cargo install --locked cargo-nextest
command -v cargo-deb >/dev/null || cargo install --locked cargo-deb --version '^3'
rustup component list --installed 2>/dev/null | grep -q rustfmt || rustup component add rustfmt clippy || true

export ICED_TEST_BACKEND=tiny-skia
export KSC_LINK_REQUIRE_KEYRING=1
export RUST_BACKTRACE=1
# A one-off build gains nothing from incremental caches, which would double the space the tests take.
export CARGO_INCREMENTAL=0
echo "Disk before the build: $(df -h --output=avail . | tail -1) free"

# Independent Autotask clients (npm, PyPI) that tests/sim/autotask_independent.rs runs.
packaging/independent-clients.sh

cargo fmt --all -- --check
cargo clippy --all-targets --locked -- -D warnings

T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
mkdir -p "$T/data" "$T/run"
chmod 700 "$T/run"
# Tests run one process each (nextest), so the process-global keyring store never leaks between them.
# Log files of the binaries the tests start go to the temporary folder too.
KSC_LINK_LOG_DIR="$T/logs" XDG_DATA_HOME="$T/data" XDG_RUNTIME_DIR="$T/run" dbus-run-session -- sh -c '
  printf %s "ksc-link-test-keyring" | gnome-keyring-daemon --unlock --components=secrets >/dev/null
  cargo nextest run --locked --lib --bins --tests --no-fail-fast
'

echo "Disk after the tests: $(df -h --output=avail . | tail -1) free; target: $(du -sh target 2>/dev/null | cut -f1)"

# Snapshot files must be committed: iced_test writes a missing one and passes.
if [ -d tests/snapshots ] && [ -n "$(git status --porcelain tests/snapshots 2>/dev/null)" ]; then
  echo "Snapshot files are missing or changed (commit them):"
  git status --porcelain tests/snapshots
  exit 1
fi

# Packages, after the tests and from the binary they built (no second, release build): the recipes
# are checked, then the .deb is built, installed on this machine, run and removed again.
pkg_start=$SECONDS
packaging/validate-recipes.sh "${CARGO_TARGET_DIR:-target}/debug/ksc-link"
packaging/deb-check.sh dev
echo "Packaging checks took $((SECONDS - pkg_start)) s"
