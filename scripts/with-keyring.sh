#!/usr/bin/env bash
# Runs a command inside a private D-Bus session with a real, unlocked
# gnome-keyring (Secret Service) whose keyrings live in a throwaway folder.
#   with-keyring.sh COMMAND [ARGS...]
set -euo pipefail
if [ -z "${KAIGI_IN_KEYRING:-}" ]; then
  export KAIGI_IN_KEYRING=1
  exec dbus-run-session -- "$0" "$@"
fi
keyring_home="$(mktemp -d)"
trap 'rm -rf "$keyring_home"' EXIT
# The daemon reads the unlock password on stdin and creates the login keyring.
printf 'kaigi-test' | XDG_DATA_HOME="$keyring_home" gnome-keyring-daemon --unlock --components=secrets >/dev/null
"$@"
