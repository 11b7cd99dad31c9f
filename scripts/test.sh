#!/usr/bin/env bash
# The whole test suite, in order: set-up, fmt, clippy, the UI's type check,
# lint and unit tests, then the Rust tests (unit, and integration against a
# real Synapse and the real keychain), then end-to-end in the real window.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$KAIGI_ROOT"

"$KAIGI_ROOT/scripts/setup.sh"

export KAIGI_FIXTURES="$KAIGI_ROOT/test-output/fixtures"
log "fixtures: making PDFs"
"$KAIGI_VENV/bin/python" scripts/fixtures/make_pdfs.py "$KAIGI_FIXTURES"

log "1/6 cargo fmt --check"
cargo fmt --all -- --check

log "UI build (the app embeds it)"
(cd ui && npx vite build --logLevel warn)

log "2/6 cargo clippy -D warnings"
cargo clippy --workspace --all-targets --locked -- -D warnings

log "3/6 UI: type check, lint, unit tests"
(cd ui && npm run --silent check && npm run --silent lint && npm run --silent test)

log "building the app for the end-to-end tests"
cargo build --locked -p kaigi
cargo nextest run --workspace --no-run --locked >/dev/null

exec "$KAIGI_ROOT/scripts/with-keyring.sh" "$KAIGI_ROOT/scripts/test-services.sh"
