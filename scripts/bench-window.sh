# Sourced by the benchmarks that drive the app in the real window: starts a
# throwaway Synapse and Xvfb in a temporary folder `$work`, exports what the
# app and the bench read, and stops both on exit. Sets KAIGI_APP_BINARY to $1.
# shellcheck shell=bash

work="$(mktemp -d)"; xvfb_pid=""
bench_window_cleanup() {
  scripts/synapse.sh stop "$work/synapse" >/dev/null 2>&1 || true
  [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap bench_window_cleanup EXIT
scripts/synapse.sh start "$work/synapse" >/dev/null
set -a; . "$work/synapse/env"; set +a
export DISPLAY=":$((400 + RANDOM % 100))"
Xvfb "$DISPLAY" -screen 0 1280x1000x24 -nolisten tcp >/dev/null 2>&1 & xvfb_pid=$!
export WEBKIT_DISABLE_COMPOSITING_MODE=1 WEBKIT_DISABLE_DMABUF_RENDERER=1
export KAIGI_APP_BINARY="$1"
sleep 1
