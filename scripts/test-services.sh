#!/usr/bin/env bash
# Second half of test.sh, run inside a D-Bus session with gnome-keyring: starts
# a throwaway Synapse and Xvfb, runs the Rust tests, and stops both after.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$KAIGI_ROOT"

work="$(mktemp -d)"
xvfb_pid=""
cleanup() {
  "$KAIGI_ROOT/scripts/synapse.sh" stop "$work/synapse" || true
  [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# KAIGI_TEST_FILTER narrows both runs to a nextest filterset, for example
# KAIGI_TEST_FILTER='test(annotate)' scripts/test.sh
# Both runs select from the whole workspace with a filter (rather than
# -p/--exclude), so they reuse one build: cargo unifies features per
# selection, and a different selection rebuilds half the dependencies.
only() { printf '(%s) and (%s)' "${KAIGI_TEST_FILTER:-all()}" "$1"; }

"$KAIGI_ROOT/scripts/synapse.sh" start "$work/synapse"
set -a; . "$work/synapse/env"; set +a

log "4/6 + 5/6 cargo tests: unit, and integration against Synapse, libpdfium and the keychain"
cargo nextest run --workspace --locked --no-fail-fast --no-tests=pass -E "$(only 'not package(kaigi-e2e)')"

log "6/6 end-to-end: the real window under Xvfb through tauri-driver"
display=":$((90 + RANDOM % 100))"
Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
xvfb_pid=$!
export DISPLAY="$display"
export KAIGI_APP_BINARY="$CARGO_TARGET_DIR/debug/kaigi"
# WebKit in a container: no GPU, no sandbox namespaces.
export WEBKIT_DISABLE_COMPOSITING_MODE=1 WEBKIT_DISABLE_DMABUF_RENDERER=1
cargo nextest run --workspace --locked --no-fail-fast --no-tests=pass --test-threads 1 -E "$(only 'package(kaigi-e2e)')"
log "screenshots: $KAIGI_ROOT/test-output/e2e/"
