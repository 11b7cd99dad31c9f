#!/usr/bin/env bash
# The demo: installs what is missing, starts a throwaway Synapse on 127.0.0.1,
# seeds two departments, three people, a group chat and a meeting with a PDF,
# and opens Kaigi signed in as the demo user (sato / kaigi-demo).
#
# With no display it runs the window under Xvfb, saves a screenshot to
# test-output/demo.png and exits (set KAIGI_DEMO_KEEP=1 to keep it running).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$KAIGI_ROOT"

if [ -z "${KAIGI_DEMO_INNER:-}" ]; then
  scripts/setup.sh
  "$KAIGI_VENV/bin/python" scripts/fixtures/make_pdfs.py test-output/fixtures
  (cd ui && npx vite build --logLevel warn)
  log "building Kaigi (debug)"
  cargo build -q --workspace --bins
  export KAIGI_DEMO_INNER=1
  # Use the desktop's keychain when there is one; otherwise a private one.
  if [ -n "${DBUS_SESSION_BUS_ADDRESS:-}" ] && [ -n "${DISPLAY:-}" ]; then
    exec "$0" "$@"
  fi
  exec scripts/with-keyring.sh "$0" "$@"
fi

demo="$KAIGI_CACHE/demo"
rm -rf "$demo"; mkdir -p "$demo"
xvfb_pid=""
cleanup() {
  scripts/synapse.sh stop "$demo/synapse" || true
  [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null || true
}
trap cleanup EXIT

scripts/synapse.sh start "$demo/synapse"
set -a; . "$demo/synapse/env"; set +a
log "seeding the demo team, chat and meeting"
material=test-output/fixtures/agenda-ja.pdf
pages=$(pdfinfo "$material" | awk '/^Pages:/ { print $2 }')
"$CARGO_TARGET_DIR/debug/kaigi-demo" --profile "$demo/profile" --pdf "$material" --pages "$pages"

headless=""
if [ -z "${DISPLAY:-}" ]; then
  headless=1
  export DISPLAY=":$((200 + RANDOM % 100))"
  Xvfb "$DISPLAY" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
  xvfb_pid=$!
  export WEBKIT_DISABLE_COMPOSITING_MODE=1 WEBKIT_DISABLE_DMABUF_RENDERER=1
  sleep 1
fi

log "opening Kaigi (homeserver $KAIGI_TEST_HOMESERVER, user sato, password kaigi-demo)"
KAIGI_DATA_DIR="$demo/profile" "$CARGO_TARGET_DIR/debug/kaigi" &
app=$!
if [ -n "$headless" ] && [ -z "${KAIGI_DEMO_KEEP:-}" ]; then
  sleep 12
  mkdir -p test-output
  import -window root test-output/demo.png
  log "no display: the window ran under Xvfb; screenshot saved to test-output/demo.png"
  kill "$app"
else
  wait "$app"
fi
