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

. scripts/bench-window.sh "$app"
export KAIGI_FIXTURES="$(dirname "$pdf")"

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
whole=$(echo "$out" | sed -n 's/^whole_page_ms_median=//p')
echo "per page ratio kaigi/pdftoppm (median, request to the page's rows on screen drawn in the WebView): $(awk "BEGIN {printf \"%.2f\", $page / $ref}") (target <= 0.5)"
echo "whole page ratio kaigi/pdftoppm (median, request to all of the page drawn): $(awk "BEGIN {printf \"%.2f\", $whole / $ref}")"
