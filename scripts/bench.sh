#!/usr/bin/env bash
# Benchmarks, on release builds (about 20 minutes to build the first time).
#   bench.sh [pdf|chat|status|meeting] [PDF] [--debug]
# `pdf`, `chat`, `status` or `meeting` runs only that part. Prints:
#   - cold start: process start to the first interactive frame (median of 5);
#   - first page: open + render page 1 at 150 dpi through the PDF worker, next
#     to `pdftoppm -r 150` on the same page in the same run, and the ratio;
#   - the viewer in the real window (bench-viewer.sh): first page shown, per
#     page and prefetched page times at 150 dpi, RSS growth over 200 pages,
#     next to `pdftoppm -r 150` over the same pages;
#   - chat, on a local Synapse (bench-chat.sh): round trip next to matrix-nio,
#     a 10,000-event room's first paint, warm start with 1,000 rooms, search
#     over 100,000 messages;
#   - the status board in the real window (bench-status.sh): a colleague's
#     change to my board (p95 over 100 changes), a 500-member board drawn;
#   - meetings (bench-meeting.sh): the presenter's page change to the
#     follower's page drawn in the window (p95 over 100), and a 200-page
#     material reaching 10 participants' encrypted caches, next to a plain
#     HTTP download of the same file from the same Synapse.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$KAIGI_ROOT"

pdf=""; profile="release"; flag="--release"; parts="pdf chat status meeting"
for arg in "$@"; do
  case "$arg" in
    --debug) profile="debug"; flag="" ;;
    pdf|chat|status|meeting) parts="$arg" ;;
    *) pdf="$arg" ;;
  esac
done

scripts/setup.sh >/dev/null
"$KAIGI_VENV/bin/python" scripts/fixtures/make_pdfs.py test-output/fixtures
pdf="${pdf:-test-output/fixtures/packet-200.pdf}"
(cd ui && npx vite build --logLevel warn)
log "building ($profile)"
if [[ " $parts " == *" pdf "* || " $parts " == *" status "* || " $parts " == *" meeting "* ]]; then
  cargo build -q $flag -p kaigi
fi
if [[ " $parts " == *" pdf "* ]]; then
  cargo build -q $flag -p kaigi-pdf --bins --examples
fi
if [[ " $parts " == *" chat "* ]]; then
  cargo build -q $flag -p kaigi-core --examples
fi
bin="$CARGO_TARGET_DIR/$profile"

echo "== Kaigi benchmarks ($profile build, $(nproc) cores) =="
if [[ " $parts " == *" chat "* ]]; then
  scripts/with-keyring.sh scripts/bench-chat.sh "$bin/examples/bench_chat"
fi
if [[ " $parts " == *" status "* ]]; then
  scripts/with-keyring.sh scripts/bench-status.sh "$bin/kaigi"
fi
if [[ " $parts " == *" meeting "* ]]; then
  scripts/with-keyring.sh scripts/bench-meeting.sh "$bin/kaigi"
fi
[[ " $parts " == *" pdf "* ]] || exit 0

ms_now() { date +%s%3N; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# Cold start, under Xvfb when there is no display.
xvfb_pid=""
if [ -z "${DISPLAY:-}" ]; then
  export DISPLAY=":$((300 + RANDOM % 100))"
  Xvfb "$DISPLAY" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 & xvfb_pid=$!
  export WEBKIT_DISABLE_COMPOSITING_MODE=1 WEBKIT_DISABLE_DMABUF_RENDERER=1
  sleep 1
fi
starts=()
for _ in 1 2 3 4 5; do
  data="$(mktemp -d)"
  t0=$(ms_now)
  KAIGI_DATA_DIR="$data" KAIGI_REPORT_READY=1 "$bin/kaigi" >"$data/stdout" 2>/dev/null &
  app=$!
  for _ in $(seq 1 600); do grep -q KAIGI_READY "$data/stdout" && break; sleep 0.05; done
  kill "$app" 2>/dev/null || true; wait "$app" 2>/dev/null || true
  ready_ms=$(sed -n 's/.*epoch_ms=\([0-9]*\).*/\1/p' "$data/stdout")
  [ -n "$ready_ms" ] && starts+=($((ready_ms - t0)))
  rm -rf "$data"
done
[ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null || true
if [ ${#starts[@]} -gt 0 ]; then
  echo "cold start to first interactive frame: median $(printf '%s\n' "${starts[@]}" | median) ms (runs: ${starts[*]})"
else
  echo "cold start: the app did not report ready"
fi

# First page vs pdftoppm, same page, same dpi, same run.
out="$("$bin/examples/first_page" "$pdf" 1 150 7)"
echo "$out" | sed 's/^/kaigi-pdf /'
kaigi_ms=$(echo "$out" | sed -n 's/first_page_ms_median=//p')
tmp="$(mktemp -d)"; times=()
for _ in 1 2 3 4 5 6 7; do
  t0=$(date +%s%N); pdftoppm -r 150 -f 1 -l 1 "$pdf" "$tmp/p"; t1=$(date +%s%N)
  times+=($(( (t1 - t0) / 100000 )))
done
rm -rf "$tmp"
ref=$(printf '%s\n' "${times[@]}" | median)
ref_ms=$(awk "BEGIN {printf \"%.1f\", $ref / 10}")
echo "pdftoppm -r 150 page 1: median ${ref_ms} ms"
echo "first page ratio kaigi/pdftoppm: $(awk "BEGIN {printf \"%.2f\", $kaigi_ms / $ref_ms}")"

# The viewer in the real window, with a local Synapse and the real keychain.
scripts/with-keyring.sh scripts/bench-viewer.sh "$bin/kaigi" "$pdf"
