#!/usr/bin/env bash
# Builds the .deb from an already built binary (no build of its own), installs it on this
# machine with dpkg (apt-get -f install brings missing dependencies), runs the installed program,
# checks the installed desktop entry, AppStream metadata and icons, and removes the package.
#
#   packaging/deb-check.sh [PROFILE]    PROFILE: the cargo profile that built the binary (dev)
#
# cargo-deb strips the binary; --fast trades package size for speed (this package is a check,
# not a release: release packages come from `cargo deb`, see the README).
set -euo pipefail
cd "$(dirname "$0")/.."
profile=${1:-dev}
id=io.github.ksc_link.KscLink
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
fail() { echo "deb-check: $*" >&2; exit 1; }

out=$(mktemp -d)
installed_here=0
cleanup() {
  if [ "$installed_here" -eq 1 ] && dpkg-query -W ksc-link >/dev/null 2>&1; then
    $SUDO dpkg -r ksc-link >/dev/null || true
  fi
  rm -rf "$out"
}
trap cleanup EXIT

cargo deb --no-build --profile "$profile" --strip --fast --output "$out"
deb=$(ls "$out"/*.deb)
echo "Built $(basename "$deb"): $(du -h "$deb" | cut -f1)"
dpkg-deb --field "$deb" Package Version Depends Recommends
# A file chooser where it can be had: a portal backend that provides it, or zenity.
recommends=$(dpkg-deb --field "$deb" Recommends)
for picker in xdg-desktop-portal-gtk zenity; do
  case "$recommends" in *"$picker"*) ;; *) fail "Recommends does not name $picker: $recommends" ;; esac
done

installed_here=1
if ! $SUDO dpkg -i "$deb"; then
  echo "Installing the missing dependencies with apt-get -f install"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get -f install -y -qq --no-install-recommends
fi
[ "$(dpkg-query -W -f='${Status}' ksc-link)" = "install ok installed" ] || fail "ksc-link is not installed"

[ "$(command -v ksc-link)" = /usr/bin/ksc-link ] || fail "ksc-link is not on PATH at /usr/bin"
answer=$(/usr/bin/ksc-link --version)
echo "Installed: $answer"
[ "$answer" = "ksc-link $(dpkg-query -W -f='${Version}' ksc-link | sed 's/-[^-]*$//')" ] ||
  fail "ksc-link --version answered \"$answer\", not the package's version"

desktop=/usr/share/applications/$id.desktop
metainfo=/usr/share/metainfo/$id.metainfo.xml
for f in "$desktop" "$metainfo" /usr/share/icons/hicolor/scalable/apps/$id.svg /usr/share/doc/ksc-link/copyright; do
  [ -f "$f" ] || fail "$f is not installed"
done
for size in 16 24 32 48 64 128 256 512; do
  f=/usr/share/icons/hicolor/${size}x${size}/apps/$id.png
  [ -f "$f" ] || fail "$f is not installed"
done
desktop-file-validate "$desktop"
appstreamcli validate --no-net "$metainfo"

$SUDO dpkg -r ksc-link
installed_here=0
[ ! -e /usr/bin/ksc-link ] || fail "/usr/bin/ksc-link is still there after dpkg -r"
[ ! -e "$desktop" ] || fail "$desktop is still there after dpkg -r"
echo "deb-check: the package installed, ran and was removed"
