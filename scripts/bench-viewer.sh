#!/usr/bin/env bash
# The PDF viewer benchmark in the real window: run by bench.sh inside a D-Bus
# session with gnome-keyring. Starts Synapse and Xvfb, drives the release app
# through tauri-driver (tests/e2e/examples/pdf_viewer_bench.rs), and times
# `pdftoppm -r 150` over the same 200 pages in the same run.
#   bench-viewer.sh APP_BINARY PDF
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$KAIGI_ROOT"
app="$1"; pdf="$2"

work="$(mktemp -d)"; xvfb_pid=""
cleanup() {
  scripts/synapse.sh stop "$work/synapse" >/dev/null 2>&1 || true
  [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
scripts/synapse.sh start "$work/synapse" >/dev/null
set -a; . "$work/synapse/env"; set +a
export DISPLAY=":$((400 + RANDOM % 100))"
Xvfb "$DISPLAY" -screen 0 1280x1000x24 -nolisten tcp >/dev/null 2>&1 & xvfb_pid=$!
export WEBKIT_DISABLE_COMPOSITING_MODE=1 WEBKIT_DISABLE_DMABUF_RENDERER=1
export KAIGI_APP_BINARY="$app" KAIGI_FIXTURES="$(dirname "$pdf")"
sleep 1

cargo build -q -p kaigi-e2e --example pdf_viewer_bench
out="$("$CARGO_TARGET_DIR/debug/examples/pdf_viewer_bench")"
echo "$out" | sed 's/^/viewer /'

t0=$(date +%s%N)
pdftoppm -r 150 "$pdf" "$work/p"
t1=$(date +%s%N)
pages=$(ls "$work"/p-*.ppm | wc -l)
ref=$(awk "BEGIN {printf \"%.1f\", ($t1 - $t0) / 1e6 / $pages}")
echo "pdftoppm -r 150, all $pages pages: ${ref} ms per page"
page=$(echo "$out" | sed -n 's/^page_ms_median=//p')
echo "per page ratio kaigi/pdftoppm (median, request to pixels in the WebView): $(awk "BEGIN {printf \"%.2f\", $page / $ref}") (target <= 0.5)"
