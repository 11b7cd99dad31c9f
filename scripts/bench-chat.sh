#!/usr/bin/env bash
# Chat benchmarks against a throwaway local Synapse; run inside a keychain
# (bench.sh calls it through with-keyring.sh).
#   bench-chat.sh BENCH_CHAT_BINARY [round-trip|search|big-room|many-rooms]...
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$KAIGI_ROOT"
binary="$1"; shift
work="$(mktemp -d)"
trap 'scripts/synapse.sh stop "$work/synapse" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
scripts/synapse.sh start "$work/synapse" >/dev/null
set -a; . "$work/synapse/env"; set +a
RUST_LOG="${RUST_LOG:-error}" "$binary" "$@"
