#!/usr/bin/env bash
# Checks the package recipes as far as this machine's tools can, without network:
#   - the desktop entry (desktop-file-validate) and AppStream metadata (appstreamcli --no-net);
#   - one application id everywhere: window (src/gui/mod.rs), desktop file name, StartupWMClass,
#     Icon, AppStream id and launchable, Flatpak app-id, Debian assets;
#   - the icons: every PNG size present at its size, the SVG, the Windows .ico;
#   - the Flatpak manifest: YAML syntax, keys, and every file its build commands install;
#   - the AppImage recipe: shell syntax and, given a built binary, the AppDir it lays out (whose
#     AppRun must answer --version);
#   - the Windows installer source: wixl (Debian's msitools) builds an MSI from it and the MSI's
#     tables hold the program, the Start-menu shortcut and the icon.
#
#   packaging/validate-recipes.sh [BINARY]
set -euo pipefail
cd "$(dirname "$0")/.."

id=io.github.ksc_link.KscLink
desktop=packaging/linux/$id.desktop
metainfo=packaging/linux/$id.metainfo.xml
flatpak=packaging/flatpak/$id.yml
binary=${1:-}
version=$(sed -n '0,/^version = /s/^version = "\(.*\)"/\1/p' Cargo.toml)
fail() { echo "validate-recipes: $*" >&2; exit 1; }

T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

echo "== desktop entry and AppStream metadata"
desktop-file-validate "$desktop"
appstreamcli validate --no-net "$metainfo"

echo "== one application id"
grep -q "pub const APP_ID: &str = \"$id\";" src/gui/mod.rs || fail "src/gui/mod.rs APP_ID is not $id"
grep -qx "StartupWMClass=$id" "$desktop" || fail "StartupWMClass in $desktop is not $id"
grep -qx "Icon=$id" "$desktop" || fail "Icon in $desktop is not $id"
grep -qx "Exec=ksc-link" "$desktop" || fail "Exec in $desktop is not ksc-link"
grep -q "<id>$id</id>" "$metainfo" || fail "the AppStream id is not $id"
grep -q "<launchable type=\"desktop-id\">$id.desktop</launchable>" "$metainfo" ||
  fail "the AppStream launchable is not $id.desktop"
grep -q "packaging/linux/$id.desktop" Cargo.toml || fail "Cargo.toml does not install $desktop"

echo "== icons"
for size in 16 24 32 48 64 128 256 512; do
  png=assets/icons/ksc-link-$size.png
  [ -f "$png" ] || fail "$png is missing"
  # Width and height are the big-endian words at bytes 16..24 of a PNG (the IHDR chunk).
  dims=$(od -An -tu1 -j16 -N8 "$png" | awk '{print $1*16777216+$2*65536+$3*256+$4 "x" $5*16777216+$6*65536+$7*256+$8}')
  [ "$dims" = "${size}x${size}" ] || fail "$png is $dims, not ${size}x${size}"
  grep -q "assets/icons/ksc-link-$size.png\", \"usr/share/icons/hicolor/${size}x${size}/apps/$id.png\"" Cargo.toml ||
    fail "Cargo.toml does not install the ${size}px icon"
done
grep -q "<svg" assets/icons/ksc-link.svg || fail "assets/icons/ksc-link.svg is not an SVG"
[ "$(head -c 4 packaging/windows/ksc-link.ico | od -An -tx1 | tr -d ' ')" = "00000100" ] ||
  fail "packaging/windows/ksc-link.ico is not an icon file"

echo "== Flatpak manifest"
# Debian's python3 has python3-yaml; a python3 earlier on PATH (pyenv, venv) may not.
py=""
for candidate in /usr/bin/python3 python3; do
  if command -v "$candidate" >/dev/null && "$candidate" -c 'import yaml' 2>/dev/null; then
    py=$candidate
    break
  fi
done
[ -n "$py" ] || fail "no python3 with the yaml module (Debian package python3-yaml)"
"$py" - "$flatpak" "$id" <<'PY'
import os, re, shlex, sys, yaml

path, app_id = sys.argv[1], sys.argv[2]
with open(path, encoding="utf-8") as f:
    m = yaml.safe_load(f)
def need(cond, what):
    if not cond:
        sys.exit(f"{path}: {what}")
need(isinstance(m, dict), "not a YAML mapping")
for key in ("app-id", "runtime", "runtime-version", "sdk", "command", "finish-args", "modules"):
    need(key in m, f"missing {key}")
need(m["app-id"] == app_id, f"app-id is {m['app-id']}, not {app_id}")
need(m["command"] == "ksc-link", "command is not ksc-link")
need(os.path.basename(path) == app_id + ".yml", "file name differs from the app-id")
args = m["finish-args"]
for needed in ("--share=network", "--talk-name=org.freedesktop.secrets", "--socket=wayland"):
    need(needed in args, f"finish-args lack {needed}")
mod = m["modules"][-1]
need(mod.get("buildsystem") == "simple", "the ksc-link module is not buildsystem: simple")
need(any("cargo-sources.json" == s for s in mod["sources"]), "no cargo-sources.json source")
root = os.path.normpath(os.path.join(os.path.dirname(path), next(
    s["path"] for s in mod["sources"] if isinstance(s, dict) and s.get("type") == "dir")))
need(os.path.isfile(os.path.join(root, "Cargo.lock")), f"the dir source {root} is not the project")
installed = set()
for cmd in mod["build-commands"]:
    # Expand the one shell loop over icon sizes the manifest uses.
    loop = re.match(r"for s in ([\d ]+); do (.*); done$", cmd)
    cmds = [loop.group(2).replace("${s}", n).replace("$s", n) for n in loop.group(1).split()] if loop else [cmd]
    for c in cmds:
        words = shlex.split(c)
        if words[:1] == ["install"] and not words[2].startswith("target/"):
            need(os.path.isfile(os.path.join(root, words[2])), f"installs missing file {words[2]}")
            installed.add(words[3])
for dest in (f"/app/share/applications/{app_id}.desktop", f"/app/share/metainfo/{app_id}.metainfo.xml",
             f"/app/share/icons/hicolor/scalable/apps/{app_id}.svg",
             f"/app/share/icons/hicolor/512x512/apps/{app_id}.png"):
    need(dest in installed, f"does not install {dest}")
print(f"{path}: ok ({len(installed)} files installed besides the binary)")
PY

echo "== AppImage recipe"
bash -n packaging/appimage/build-appimage.sh
if [ -n "$binary" ]; then
  packaging/appimage/build-appimage.sh --appdir-only "$binary" "$T/appimage"
  appdir=$T/appimage/AppDir
  desktop-file-validate "$appdir/$id.desktop"
  appstreamcli validate --no-net "$appdir/usr/share/metainfo/$id.metainfo.xml"
  [ -f "$appdir/$id.png" ] || fail "the AppDir has no top-level icon"
  answer=$("$appdir/AppRun" --version)
  [ "$answer" = "ksc-link $version" ] ||
    fail "AppRun --version answered: $answer"
fi

echo "== Windows installer source"
# wixl cannot compile Rust for Windows, so a stand-in file takes ksc-link.exe's place, only
# for this check: what is verified is the .wxs (its WiX subset), not a runnable installer.
mkdir -p "$T/msi"
cp packaging/windows/ksc-link.wxs packaging/windows/ksc-link.ico "$T/msi/"
printf 'stand-in for ksc-link.exe: wixl syntax and table check only\n' >"$T/msi/ksc-link.exe"
(cd "$T/msi" && wixl -a x64 -D "Version=$version" -D ExePath=ksc-link.exe -D IconPath=ksc-link.ico \
  -o ksc-link.msi ksc-link.wxs)
# Each table is read whole first: `grep -q` on a pipe could stop msiinfo early (pipefail).
# msiinfo writes a table's binary streams (the icon) into the current folder: run it in $T.
table() { (cd "$T/msi" && msiinfo export ksc-link.msi "$1") | tr -d '\r'; }
files=$(table File); shortcuts=$(table Shortcut); icons=$(table Icon); props=$(table Property)
grep -q 'ksc-link.exe' <<<"$files" || fail "the MSI has no ksc-link.exe"
grep -q $'^KscLinkShortcut\tProgramMenuDir\tksc-link\t' <<<"$shortcuts" ||
  fail "the MSI has no Start-menu shortcut"
grep -q $'^KscLinkIcon.ico\t' <<<"$icons" || fail "the MSI has no icon"
grep -qx $'ProductVersion\t'"$version" <<<"$props" || fail "the MSI's version is not $version"

echo "validate-recipes: all checks passed"
