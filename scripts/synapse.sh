#!/usr/bin/env bash
# Starts and stops a throwaway Synapse on 127.0.0.1 for tests and the demo.
#
#   synapse.sh start DIR   config + SQLite database in DIR, a free port, rate limits raised;
#                          writes DIR/env (KAIGI_TEST_HOMESERVER, KAIGI_TEST_SHARED_SECRET)
#   synapse.sh stop DIR    stops it (SIGTERM, then SIGKILL after 10 s)
#   synapse.sh kill DIR    SIGKILL, as a crash would
#   synapse.sh restart DIR starts it again on the same port and database
set -euo pipefail
. "$(dirname "$0")/lib.sh"

cmd="${1:?usage: synapse.sh start|stop|kill|restart DIR}"
dir="${2:?usage: synapse.sh start|stop|kill|restart DIR}"
py="$KAIGI_VENV/bin/python"

free_port() {
  "$py" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

write_config() {
  local port="$1" secret
  secret="$("$py" -c 'import secrets; print(secrets.token_hex(16))')"
  mkdir -p "$dir/media"
  local ratelimit='{per_second: 1000, burst_count: 1000}'
  cat > "$dir/homeserver.yaml" <<YAML
server_name: "localhost"
public_baseurl: "http://127.0.0.1:$port/"
pid_file: "$dir/homeserver.pid"
listeners:
  - port: $port
    bind_addresses: ["127.0.0.1"]
    type: http
    tls: false
    x_forwarded: false
    resources:
      - names: [client]
        compress: false
database:
  name: sqlite3
  args:
    database: "$dir/homeserver.db"
log_config: "$dir/log.yaml"
media_store_path: "$dir/media"
signing_key_path: "$dir/signing.key"
registration_shared_secret: "$secret"
macaroon_secret_key: "$secret-macaroon"
form_secret: "$secret-form"
report_stats: false
trusted_key_servers: []
suppress_key_server_warning: true
enable_registration: false
# A throwaway server: cheap password hashing keeps registering and signing in
# hundreds of test users fast.
bcrypt_rounds: 4
presence:
  enabled: ${KAIGI_SYNAPSE_PRESENCE:-true}
url_preview_enabled: false
rc_message: $ratelimit
rc_registration: $ratelimit
rc_login:
  address: $ratelimit
  account: $ratelimit
  failed_attempts: $ratelimit
rc_joins:
  local: $ratelimit
  remote: $ratelimit
rc_joins_per_room: $ratelimit
rc_invites:
  per_room: $ratelimit
  per_user: $ratelimit
  per_issuer: $ratelimit
rc_admin_redaction: $ratelimit
rc_room_creation: $ratelimit
rc_presence:
  per_user: $ratelimit
rc_delayed_event_mgmt: $ratelimit
rc_reports: $ratelimit
rc_key_requests: $ratelimit
rc_3pid_validation: $ratelimit
rc_media_create: $ratelimit
YAML
  cat > "$dir/log.yaml" <<YAML
version: 1
formatters:
  precise:
    format: '%(asctime)s - %(name)s - %(lineno)d - %(levelname)s - %(request)s - %(message)s'
handlers:
  file:
    class: logging.FileHandler
    formatter: precise
    filename: "$dir/homeserver.log"
loggers:
  synapse.storage.SQL:
    level: WARNING
root:
  level: WARNING
  handlers: [file]
disable_existing_loggers: false
YAML
  printf 'KAIGI_TEST_HOMESERVER=http://127.0.0.1:%s\nKAIGI_TEST_SHARED_SECRET=%s\n' "$port" "$secret" > "$dir/env"
}

run() {
  [ -f "$dir/signing.key" ] || (cd "$dir" && "$py" -m synapse.app.homeserver -c homeserver.yaml --generate-keys >/dev/null 2>&1 || true)
  (cd "$dir" && "$py" -m synapse.app.homeserver -c homeserver.yaml --daemonize >>"$dir/stdout.log" 2>&1)
  local url; url="$(grep KAIGI_TEST_HOMESERVER "$dir/env" | cut -d= -f2)"
  for _ in $(seq 1 300); do
    if curl -fsS "$url/health" >/dev/null 2>&1; then log "Synapse ready at $url"; return 0; fi
    sleep 0.2
  done
  log "Synapse did not start; see $dir/homeserver.log"; tail -20 "$dir/homeserver.log" >&2 || true
  return 1
}

signal() {
  [ -f "$dir/homeserver.pid" ] || return 0
  local pid; pid="$(cat "$dir/homeserver.pid")"
  kill "-$1" "$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
  rm -f "$dir/homeserver.pid"
}

case "$cmd" in
  start) mkdir -p "$dir"; dir="$(cd "$dir" && pwd)"; write_config "$(free_port)"; run ;;
  restart) dir="$(cd "$dir" && pwd)"; run ;;
  stop) signal TERM ;;
  kill) signal KILL ;;
  *) echo "unknown command $cmd" >&2; exit 2 ;;
esac
