#!/usr/bin/env bash
# Makes the bundled DejaVu Sans faces from DejaVu Sans 2.37 (https://dejavu-fonts.github.io/):
# the scripts an administrator's data is written in across Europe and beyond (Latin with all its
# extensions, Greek, Cyrillic) and the punctuation, arrows, symbols and box drawing the app and
# server names use, with hinting, kerning and every layout feature kept, so those glyphs draw
# exactly as in the full font. Scripts the app cannot lay out well anyway (Arabic, Hebrew, …) are
# left to the system's fonts, which the text system falls back to. Half the size: less to map
# and to keep in memory at every start.
#
#   bash assets/fonts/subset.sh DejaVuSans.ttf DejaVuSans-Bold.ttf   (the original 2.37 files)
#
# Needs fontTools (pip install fonttools). tests/domain/font_coverage.rs checks that every
# character of every translation has a glyph.
set -euo pipefail
out="$(dirname "$0")"
unicodes="U+0000-007F,U+00A0-024F,U+0250-036F,U+0370-03FF,U+0400-052F,U+1D00-1DBF,U+1E00-1FFF,\
U+2000-206F,U+2070-209F,U+20A0-20CF,U+2100-214F,U+2150-218F,U+2190-21FF,U+2200-22FF,U+2300-23FF,\
U+2460-24FF,U+2500-25FF,U+2600-26FF,U+2700-27BF,U+2E00-2E7F,U+FB00-FB06,U+FE20-FE2F,U+FFF0-FFFF"
for f in "$@"; do
  pyftsubset "$f" --unicodes="$unicodes" --layout-features='*' --name-IDs='*' --name-legacy \
    --name-languages='*' --legacy-kern --notdef-glyph --notdef-outline --recommended-glyphs \
    --hinting --output-file="$out/$(basename "$f")"
done
