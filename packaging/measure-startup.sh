#!/usr/bin/env bash
# Measures time from launch to first painted frame and peak memory of a GUI command under Xvfb.
# Usage: packaging/measure-startup.sh "WINDOW TITLE" COMMAND [ARGS...]
# Needs: xvfb xauth xdotool imagemagick (the test suite installs them), GNU time (/usr/bin/time).
set -euo pipefail
title=$1; shift
out=$(mktemp -d)
xvfb-run -a -s "-screen 0 1280x800x24" bash -c '
  title=$1; out=$2; shift 2
  export ICED_BACKEND=tiny-skia XDG_RUNTIME_DIR=$(mktemp -d) HOME=$(mktemp -d)
  t0=$(date +%s.%N)
  /usr/bin/time -v -o "$out/time.txt" "$@" >"$out/app.log" 2>&1 & pid=$!
  win=""
  for _ in $(seq 1 3000); do
    win=$(xdotool search --onlyvisible --name "$title" 2>/dev/null | head -1 || true)
    [ -n "$win" ] && break
    sleep 0.01
  done
  [ -n "$win" ] || { echo "no window titled $title"; kill $pid; exit 1; }
  t_map=$(date +%s.%N)
  # First frame: the window holds more than one colour.
  for _ in $(seq 1 3000); do
    colours=$(import -window "$win" png:- 2>/dev/null | /usr/bin/convert png:- -format %k info: 2>/dev/null || echo 0)
    [ "${colours:-0}" -gt 1 ] && break
    sleep 0.01
  done
  t_frame=$(date +%s.%N)
  sleep 2
  # Stop the app, not GNU time, so time can write its report.
  pkill -TERM -P $pid 2>/dev/null || true
  wait $pid 2>/dev/null || true
  echo "window mapped after:   $(awk "BEGIN{print $t_map - $t0}") s"
  echo "first frame after:     $(awk "BEGIN{print $t_frame - $t0}") s"
  grep -E "Maximum resident set size" "$out/time.txt"
' _ "$title" "$out" "$@"
rm -rf "$out"
