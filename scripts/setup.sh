#!/usr/bin/env bash
# Installs everything Kaigi needs to build, run and test. Idempotent: each step
# checks first and skips what is already there. Run by both README commands.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

DEBIAN_PACKAGES=(
  build-essential pkg-config curl file ca-certificates
  libwebkit2gtk-4.1-dev libayatana-appindicator3-dev librsvg2-dev libxdo-dev libssl-dev
  xvfb webkit2gtk-driver gnome-keyring dbus dbus-x11 libsecret-1-dev
  fonts-noto-cjk fonts-noto-color-emoji fonts-ipafont-gothic poppler-utils qpdf imagemagick x11-utils
  python3-venv nodejs npm
)
# pypdfium2 5.15.2 ships PDFium build 8149, which pdfium-render's `pdfium_latest` binds.
PDFIUM_WHEEL="pypdfium2-5.15.2-py3-none-manylinux_2_17_x86_64.manylinux2014_x86_64.whl"
PDFIUM_WHEEL_SHA256="dc31aea5b0fb9fefc9b537a65f4113980b2c40798445736a7e6565bc85161e37"
TAURI_DRIVER_VERSION="2.1.0"

install_debian_packages() {
  local missing=()
  for p in "${DEBIAN_PACKAGES[@]}"; do
    # nodejs/npm may come from elsewhere; only the commands matter.
    case "$p" in nodejs) command -v node >/dev/null && continue ;; npm) command -v npm >/dev/null && continue ;; esac
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -eq 0 ]; then log "Debian packages: present"; return; fi
  log "Debian packages: installing ${missing[*]}"
  local sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

install_pdfium() {
  if [ -f "$KAIGI_TOOLS/pdfium/libpdfium.so" ]; then log "libpdfium: present"; return; fi
  local dl="$KAIGI_CACHE/downloads"; mkdir -p "$dl" "$KAIGI_TOOLS/pdfium"
  if ! echo "$PDFIUM_WHEEL_SHA256  $dl/$PDFIUM_WHEEL" | sha256sum -c --status 2>/dev/null; then
    log "libpdfium: downloading $PDFIUM_WHEEL"
    python3 -m pip download -q --no-deps --only-binary=:all: \
      --platform manylinux_2_17_x86_64 "pypdfium2==5.15.2" -d "$dl"
  fi
  echo "$PDFIUM_WHEEL_SHA256  $dl/$PDFIUM_WHEEL" | sha256sum -c --status \
    || { log "libpdfium: checksum mismatch for $PDFIUM_WHEEL"; exit 1; }
  python3 - "$dl/$PDFIUM_WHEEL" "$KAIGI_TOOLS/pdfium" <<'PY'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z:
    open(sys.argv[2] + "/libpdfium.so", "wb").write(z.read("pypdfium2_raw/libpdfium.so"))
PY
  log "libpdfium: installed to $KAIGI_TOOLS/pdfium"
}

install_venv() {
  if [ -x "$KAIGI_VENV/bin/synctl" ] && [ -f "$KAIGI_VENV/.complete" ]; then log "Python venv: present"; return; fi
  log "Python venv: creating $KAIGI_VENV"
  rm -rf "$KAIGI_VENV"
  python3 -m venv "$KAIGI_VENV"
  "$KAIGI_VENV/bin/pip" install -q --upgrade pip
  "$KAIGI_VENV/bin/pip" install -q -r "$KAIGI_ROOT/scripts/requirements.txt"
  touch "$KAIGI_VENV/.complete"
}

install_npm() {
  if [ -d "$KAIGI_ROOT/ui/node_modules" ] && [ "$KAIGI_ROOT/ui/node_modules/.package-lock.json" -nt "$KAIGI_ROOT/ui/package-lock.json" ]; then
    log "npm packages: present"; return
  fi
  log "npm packages: installing from the lockfile"
  (cd "$KAIGI_ROOT/ui" && npm ci --no-audit --no-fund --loglevel=error)
}

install_tauri_driver() {
  if command -v tauri-driver >/dev/null; then log "tauri-driver: present"; return; fi
  log "tauri-driver: installing"
  cargo install -q tauri-driver --version "$TAURI_DRIVER_VERSION" --locked
}

case "${1:-all}" in
  all) install_debian_packages; install_pdfium; install_venv; install_npm; install_tauri_driver ;;
  *) "install_$1" ;;
esac
