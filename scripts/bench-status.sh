#!/usr/bin/env bash
# The status board benchmark in the real window: run by bench.sh inside a
# D-Bus session with gnome-keyring. Starts Synapse and Xvfb and drives the app
# through tauri-driver (tests/e2e/examples/status_board_bench.rs).
#   bench-status.sh APP_BINARY
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$KAIGI_ROOT"
app="$1"

. scripts/bench-window.sh "$app"

cargo build -q -p kaigi-e2e --example status_board_bench
out="$("$CARGO_TARGET_DIR/debug/examples/status_board_bench")"
echo "$out" | sed 's/^/status /'
p95=$(echo "$out" | sed -n 's/^change_ms_p95=//p')
render=$(echo "$out" | sed -n 's/^board_render_ms_median=//p')
complete=$(echo "$out" | sed -n 's/^board_complete_ms_median=//p')
echo "status change to the other user's board, p95 over 100 changes: ${p95} ms (target <= 1000)"
echo "board of 500 members: first frame painted ${render} ms, every card in place ${complete} ms after its data arrives, medians (target <= 100)"
