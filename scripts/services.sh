#!/usr/bin/env bash
# Installs (when missing), starts, health-checks and stops the real servers doppel's tests use, on loopback.
#
#   scripts/services.sh up     [name...]   install what is missing, start, wait until healthy (idempotent)
#   scripts/services.sh down   [name...]   stop
#   scripts/services.sh status [name...]   report each server: running or not
#
# Names: postgres. Without names: all of them.
# Data and downloads are cached in $DOPPEL_SERVICES_DIR (default /var/tmp/doppel-services), so a second
# `up` on the same machine takes seconds. Each server is one `<name>_install`, `<name>_start`, `<name>_stop`,
# `<name>_healthy` function group below: adding a server means adding one group and its name to SERVICES.
set -euo pipefail

SERVICES=(postgres)
ROOT="${DOPPEL_SERVICES_DIR:-/var/tmp/doppel-services}"
APT_UPDATED=0

log() { printf 'services: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

apt_install() {
  if [ "$APT_UPDATED" = 0 ]; then
    as_root apt-get update -qq >/dev/null
    APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# Waits up to $2 seconds for the health check $1 to pass.
wait_healthy() {
  local check=$1 seconds=$2 i
  for ((i = 0; i < seconds * 4; i++)); do
    if "$check" >/dev/null 2>&1; then return 0; fi
    sleep 0.25
  done
  return 1
}

# ---------------------------------------------------------------------------------------------------------
# PostgreSQL 15 on 127.0.0.1:5432, superuser `postgres` without a password (trust on loopback).
PG_VERSION=15
PG_BIN="/usr/lib/postgresql/$PG_VERSION/bin"
PG_DIR="$ROOT/postgres-$PG_VERSION"
PG_PORT="${DOPPEL_PG_PORT:-5432}"

postgres_install() {
  [ -x "$PG_BIN/postgres" ] || apt_install "postgresql-$PG_VERSION" "postgresql-client-$PG_VERSION"
  id postgres >/dev/null 2>&1 || die "the postgres system user is missing after installing PostgreSQL"
  if [ ! -f "$PG_DIR/data/PG_VERSION" ]; then
    log "postgres: creating a cluster in $PG_DIR/data"
    as_root mkdir -p "$PG_DIR"
    as_root chown postgres:postgres "$PG_DIR"
    as_root runuser -u postgres -- "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres --auth=trust \
      --encoding=UTF8 --locale=C.UTF-8 >/dev/null
  fi
}

postgres_healthy() { "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT"; }

postgres_start() {
  postgres_healthy && return 0
  as_root mkdir -p "$PG_DIR/run" && as_root chown postgres:postgres "$PG_DIR/run"
  as_root runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 start \
    -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -c unix_socket_directories=$PG_DIR/run -c max_connections=200 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    >/dev/null || { tail -20 "$PG_DIR/server.log" >&2; die "postgres did not start"; }
}

postgres_stop() {
  [ -f "$PG_DIR/data/postmaster.pid" ] || return 0
  as_root runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w stop >/dev/null || true
}

postgres_describe() { echo "postgres://postgres@127.0.0.1:$PG_PORT/postgres"; }

# ---------------------------------------------------------------------------------------------------------

run() {
  local action=$1; shift
  local names=("$@")
  [ ${#names[@]} -gt 0 ] || names=("${SERVICES[@]}")
  for name in "${names[@]}"; do
    [[ " ${SERVICES[*]} " == *" $name "* ]] || die "unknown service '$name' (known: ${SERVICES[*]})"
  done
  as_root mkdir -p "$ROOT"
  for name in "${names[@]}"; do
    case "$action" in
      up)
        "${name}_install"
        "${name}_start"
        wait_healthy "${name}_healthy" 120 || die "$name did not become healthy"
        log "$name: up at $("${name}_describe")"
        ;;
      down)
        "${name}_stop"
        log "$name: stopped"
        ;;
      status)
        if "${name}_healthy" >/dev/null 2>&1; then log "$name: running at $("${name}_describe")"; else log "$name: not running"; fi
        ;;
      *) die "usage: scripts/services.sh up|down|status [name...]" ;;
    esac
  done
}

[ $# -ge 1 ] || die "usage: scripts/services.sh up|down|status [name...]"
run "$@"
