# Shared settings for Kaigi's scripts. Source it; do not run it.
# shellcheck shell=bash

KAIGI_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export KAIGI_ROOT
# Caches shared by every clone on this machine: build output, downloads, the Python venv.
KAIGI_CACHE="${KAIGI_CACHE:-$HOME/.cache/kaigi}"
export KAIGI_CACHE
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$KAIGI_CACHE/target}"
# Git-ignored folder in the clone for fetched native libraries.
export KAIGI_TOOLS="$KAIGI_ROOT/.tools"
# The setting the app reads to find libpdfium (a file or a directory).
export KAIGI_PDFIUM_PATH="${KAIGI_PDFIUM_PATH:-$KAIGI_TOOLS/pdfium/libpdfium.so}"
export KAIGI_VENV="$KAIGI_CACHE/venv-$(sha256sum "$KAIGI_ROOT/scripts/requirements.txt" | cut -c1-12)"
export PATH="$HOME/.cargo/bin:$PATH"

log() { printf '\033[1m[kaigi]\033[0m %s\n' "$*" >&2; }
