#!/usr/bin/env bash
# Builds the AppImage of ksc-link with linuxdeploy (https://github.com/linuxdeploy/linuxdeploy).
#
#   packaging/appimage/build-appimage.sh [--appdir-only] BINARY OUTDIR
#
# BINARY is a built ksc-link (e.g. target/release/ksc-link after `cargo build --release --locked`).
# The AppDir (binary, desktop entry, AppStream metadata, hicolor icons, AppRun) is laid out here;
# linuxdeploy then bundles the libraries the binary links and packs it with its appimage plugin:
#   ksc-link-<version>-x86_64.AppImage in OUTDIR.
# With --appdir-only it stops after the AppDir (CI checks that layout; it cannot download
# linuxdeploy). The libraries winit opens at run time (X11, xkbcommon, Wayland) come from the
# host, as for every AppImage; a Secret Service (gnome-keyring, KWallet 5.97+, KeePassXC) must run
# on the desktop for passwords to be saved.
set -euo pipefail

appdir_only=0
if [ "${1:-}" = "--appdir-only" ]; then appdir_only=1; shift; fi
if [ $# -ne 2 ]; then
  echo "usage: $0 [--appdir-only] BINARY OUTDIR" >&2
  exit 2
fi
binary=$1
out=$2
root="$(cd "$(dirname "$0")/../.." && pwd)"
id=io.github.ksc_link.KscLink
[ -x "$binary" ] || { echo "$binary is not an executable file" >&2; exit 1; }

appdir="$out/AppDir"
rm -rf "$appdir"
install -Dm755 "$binary" "$appdir/usr/bin/ksc-link"
install -Dm644 "$root/packaging/linux/$id.desktop" "$appdir/usr/share/applications/$id.desktop"
install -Dm644 "$root/packaging/linux/$id.metainfo.xml" "$appdir/usr/share/metainfo/$id.metainfo.xml"
for size in 16 24 32 48 64 128 256 512; do
  install -Dm644 "$root/assets/icons/ksc-link-$size.png" \
    "$appdir/usr/share/icons/hicolor/${size}x${size}/apps/$id.png"
done
install -Dm644 "$root/assets/icons/ksc-link.svg" "$appdir/usr/share/icons/hicolor/scalable/apps/$id.svg"
# The AppImage runtime starts AppRun and shows the top-level desktop entry and icon.
ln -sf "usr/share/applications/$id.desktop" "$appdir/$id.desktop"
ln -sf "usr/share/icons/hicolor/256x256/apps/$id.png" "$appdir/$id.png"
ln -sf "usr/bin/ksc-link" "$appdir/AppRun"

if [ "$appdir_only" -eq 1 ]; then
  echo "AppDir laid out in $appdir"
  exit 0
fi

command -v linuxdeploy >/dev/null || {
  echo "linuxdeploy (and its appimage plugin) must be on PATH to pack the AppImage" >&2
  exit 1
}
version=$(sed -n '0,/^version = /s/^version = "\(.*\)"/\1/p' "$root/Cargo.toml")
cd "$out"
LINUXDEPLOY_OUTPUT_VERSION="$version" linuxdeploy --appdir AppDir \
  --executable AppDir/usr/bin/ksc-link \
  --desktop-file "AppDir/usr/share/applications/$id.desktop" \
  --icon-file "AppDir/usr/share/icons/hicolor/256x256/apps/$id.png" \
  --output appimage
