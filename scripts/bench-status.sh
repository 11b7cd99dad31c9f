#!/usr/bin/env bash
# The status board benchmark in the real window: run by bench.sh inside a
# D-Bus session with gnome-keyring. Starts Synapse and Xvfb and drives the app
# through tauri-driver (tests/e2e/examples/status_board_bench.rs).
#   bench-status.sh APP_BINARY
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$KAIGI_ROOT"
app="$1"

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
export KAIGI_APP_BINARY="$app"
sleep 1

cargo build -q -p kaigi-e2e --example status_board_bench
out="$("$CARGO_TARGET_DIR/debug/examples/status_board_bench")"
echo "$out" | sed 's/^/status /'
p95=$(echo "$out" | sed -n 's/^change_ms_p95=//p')
render=$(echo "$out" | sed -n 's/^board_render_ms_median=//p')
complete=$(echo "$out" | sed -n 's/^board_complete_ms_median=//p')
echo "status change to the other user's board, p95 over 100 changes: ${p95} ms (target <= 1000)"
echo "board of 500 members: first frame painted ${render} ms, every card in place ${complete} ms after its data arrives, medians (target <= 100)"
