#!/usr/bin/env bash
# The meeting benchmark: run by bench.sh inside a D-Bus session with
# gnome-keyring. Starts Synapse and Xvfb, drives the app through tauri-driver
# and ten headless participants (tests/e2e/examples/meeting_bench.rs).
#   bench-meeting.sh APP_BINARY
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$KAIGI_ROOT"
app="$1"

. scripts/bench-window.sh "$app"
export KAIGI_FIXTURES="$KAIGI_ROOT/test-output/fixtures"

cargo build -q -p kaigi-e2e --example meeting_bench
out="$("$CARGO_TARGET_DIR/debug/examples/meeting_bench")"
echo "$out" | sed 's/^/meeting /'
value() { echo "$out" | sed -n "s/^$1=//p"; }
echo "presenter moves to the next page -> follower's page drawn, p95 over 100: $(value follow_next_ms_p95) ms (median $(value follow_next_ms_median); the move reached the window at p95 $(value arrive_next_ms_p95) ms; target <= 250)"
echo "presenter jumps 7 pages -> follower's page drawn, p95 over 30: $(value follow_jump_ms_p95) ms (median $(value follow_jump_ms_median); reached the window at p95 $(value arrive_jump_ms_p95) ms)"
dist=$(value distribute_ms); plain=$(value plain_http_ms)
ratio=$(awk -v a="$dist" -v b="$plain" 'BEGIN { printf "%.1f", a / b }')
echo "200-page material to 10 participants' encrypted caches: ${dist} ms (sent after $(value distribute_sent_ms) ms; the first participant had it at $(value distribute_first_ms) ms, the median one at $(value distribute_each_ms_median) ms); plain HTTP upload + 10 downloads of the same file: ${plain} ms (ratio ${ratio})"
