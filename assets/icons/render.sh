#!/usr/bin/env bash
# Renders the app icon's PNG sizes and the Windows .ico from ksc-link.svg. The outputs are
# committed, so builds and CI never render; run this after changing the SVG.
# Needs Debian's librsvg2-bin (rsvg-convert) and imagemagick (convert).
set -euo pipefail
cd "$(dirname "$0")"
for size in 16 24 32 48 64 128 256 512; do
  rsvg-convert -w "$size" -h "$size" ksc-link.svg -o "ksc-link-$size.png"
done
# Windows shows 16-256 px; 256 is stored as PNG inside the .ico.
convert ksc-link-16.png ksc-link-24.png ksc-link-32.png ksc-link-48.png ksc-link-64.png \
  ksc-link-128.png ksc-link-256.png ../../packaging/windows/ksc-link.ico
