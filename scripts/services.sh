#!/usr/bin/env bash
# Installs (when missing), starts, health-checks and stops the real servers doppel's tests use, on loopback.
#
#   scripts/services.sh up     [name...]   install what is missing, start, wait until healthy (idempotent)
#   scripts/services.sh down   [name...]   stop
#   scripts/services.sh status [name...]   report each server: running or not
#
# Names: postgres, mariadb, registry, ferretdb, kafka, chromium. Without names: all of them.
# Data and downloads are cached in $DOPPEL_SERVICES_DIR (default /var/tmp/doppel-services), so a second
# `up` on the same machine takes seconds. Each server is one `<name>_install`, `<name>_start`, `<name>_stop`,
# `<name>_healthy`, `<name>_describe` function group below: adding a server means adding one group and its name
# to SERVICES (docs/conventions.md says how).
set -euo pipefail

SERVICES=(postgres mariadb registry ferretdb kafka chromium)
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
  # Servers are started by this script, never by a package's post-install step (which would take the port).
  local policy=/usr/sbin/policy-rc.d added=0
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' | as_root tee "$policy" >/dev/null && as_root chmod +x "$policy" && added=1
  fi
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "$@" >/dev/null
  if [ "$added" = 1 ]; then as_root rm -f "$policy"; fi
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

# Stops the process whose id `$1` holds (TERM, then KILL after 10 s) and removes the file.
stop_pid_file() {
  local pid_file=$1 pid i
  [ -f "$pid_file" ] || return 0
  pid=$(cat "$pid_file")
  rm -f "$pid_file"
  kill "$pid" 2>/dev/null || return 0
  for ((i = 0; i < 40; i++)); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.25
  done
  kill -9 "$pid" 2>/dev/null || true
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
# MariaDB 10.11 (Debian bookworm) on 127.0.0.1:3306, user `root` without a password over TCP.
MARIADB_VERSION=10.11
MARIADB_DIR="$ROOT/mariadb-$MARIADB_VERSION"
MARIADB_PORT="${DOPPEL_MARIADB_PORT:-3306}"
MARIADB_SOCKET="$MARIADB_DIR/run/mysqld.sock"

mariadb_install() {
  if ! command -v mariadbd >/dev/null 2>&1 && [ ! -x /usr/sbin/mariadbd ]; then
    apt_install mariadb-server mariadb-client
  fi
  /usr/sbin/mariadbd --version | grep -q " $MARIADB_VERSION\." \
    || die "mariadbd is not version $MARIADB_VERSION: $(/usr/sbin/mariadbd --version)"
  id mysql >/dev/null 2>&1 || die "the mysql system user is missing after installing MariaDB"
  as_root mkdir -p "$MARIADB_DIR/data" "$MARIADB_DIR/run"
  as_root chown mysql:mysql "$MARIADB_DIR" "$MARIADB_DIR/data" "$MARIADB_DIR/run"
  if [ ! -d "$MARIADB_DIR/data/mysql" ]; then
    log "mariadb: creating a data directory in $MARIADB_DIR/data"
    as_root mariadb-install-db --no-defaults --user=mysql --datadir="$MARIADB_DIR/data" \
      --auth-root-authentication-method=socket --skip-test-db >"$MARIADB_DIR/install.log" 2>&1 \
      || { tail -20 "$MARIADB_DIR/install.log" >&2; die "mariadb-install-db failed"; }
  fi
}

mariadb_healthy() {
  mariadb --no-defaults --protocol=tcp -h 127.0.0.1 -P "$MARIADB_PORT" -u root -N -e 'SELECT 1' >/dev/null
}

mariadb_socket_ready() { as_root mariadb-admin --no-defaults --socket="$MARIADB_SOCKET" -u root ping; }

mariadb_start() {
  mariadb_healthy 2>/dev/null && return 0
  if ! mariadb_socket_ready >/dev/null 2>&1; then
    # setsid + nohup with every stream redirected: the daemon outlives this script and holds none of its pipes.
    as_root setsid nohup /usr/sbin/mariadbd --no-defaults --user=mysql --datadir="$MARIADB_DIR/data" \
      --socket="$MARIADB_SOCKET" --pid-file="$MARIADB_DIR/run/mariadbd.pid" --port="$MARIADB_PORT" \
      --bind-address=127.0.0.1 --skip-name-resolve --max-connections=200 \
      --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci \
      --innodb-flush-log-at-trx-commit=0 --innodb-doublewrite=0 --innodb-buffer-pool-size=256M \
      --log-error="$MARIADB_DIR/server.log" </dev/null >/dev/null 2>&1 &
    wait_healthy mariadb_socket_ready 60 || { tail -20 "$MARIADB_DIR/server.log" >&2; die "mariadb did not start"; }
  fi
  # Root logs in only through the socket after install-db; let it in over TCP without a password too.
  as_root mariadb --no-defaults --socket="$MARIADB_SOCKET" -u root <<'SQL'
ALTER USER 'root'@'localhost' IDENTIFIED VIA mysql_native_password USING PASSWORD('') OR unix_socket;
CREATE USER IF NOT EXISTS 'root'@'127.0.0.1' IDENTIFIED VIA mysql_native_password USING PASSWORD('');
GRANT ALL PRIVILEGES ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION;
FLUSH PRIVILEGES;
SQL
}

mariadb_stop() {
  local pid_file="$MARIADB_DIR/run/mariadbd.pid" pid i
  [ -f "$pid_file" ] || return 0
  pid=$(cat "$pid_file")
  as_root kill "$pid" 2>/dev/null || return 0
  for ((i = 0; i < 240; i++)); do
    as_root kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.25
  done
  die "mariadb (pid $pid) did not stop within 60 s"
}

mariadb_describe() { echo "mysql://root@127.0.0.1:$MARIADB_PORT/"; }

# ---------------------------------------------------------------------------------------------------------
# A Confluent-compatible schema registry on 127.0.0.1:8081: rivven-schema 0.0.22 from the Rust package
# registry (built once with cargo, about 4 minutes on 2 cores, and cached), in memory, no authentication.
REGISTRY_VERSION=0.0.22
REGISTRY_DIR="$ROOT/rivven-schema-$REGISTRY_VERSION"
REGISTRY_BIN="$REGISTRY_DIR/bin/rivven-schema"
REGISTRY_PORT="${DOPPEL_REGISTRY_PORT:-8081}"

registry_install() {
  [ -x "$REGISTRY_BIN" ] && return 0
  command -v cargo >/dev/null 2>&1 || die "cargo (Rust) is needed to build rivven-schema; install it with rustup"
  log "registry: building rivven-schema $REGISTRY_VERSION with cargo (a few minutes, once)"
  as_root mkdir -p "$REGISTRY_DIR"
  cargo install rivven-schema --version "$REGISTRY_VERSION" --locked --root "$REGISTRY_DIR" \
    >"$REGISTRY_DIR/build.log" 2>&1 || { tail -20 "$REGISTRY_DIR/build.log" >&2; die "building rivven-schema failed"; }
}

registry_healthy() { curl -sf --max-time 2 -o /dev/null "http://127.0.0.1:$REGISTRY_PORT/config"; }

registry_start() {
  registry_healthy 2>/dev/null && return 0
  setsid nohup "$REGISTRY_BIN" serve --host 127.0.0.1 --port "$REGISTRY_PORT" --log-level warn \
    </dev/null >>"$REGISTRY_DIR/server.log" 2>&1 &
  echo $! >"$REGISTRY_DIR/server.pid"
  wait_healthy registry_healthy 30 || { tail -20 "$REGISTRY_DIR/server.log" >&2; die "the registry did not start"; }
}

registry_stop() { stop_pid_file "$REGISTRY_DIR/server.pid"; }

registry_describe() { echo "http://127.0.0.1:$REGISTRY_PORT"; }

# ---------------------------------------------------------------------------------------------------------
# A MongoDB wire-protocol server on 127.0.0.1:27017: FerretDB 1.24.2 (pure Go) with its SQLite backend, so it
# needs no other server. Built once from the v1.24.2 module source fetched through the Go module proxy and
# cached. A plain `go install ...@v1.24.2` builds a binary that panics at start, because the module ships an
# empty build/version/version.txt: the source is copied somewhere writable, the version written in, then built.
# Its HTTP debug listener (default 127.0.0.1:8088) is moved to 127.0.0.1:28017, off every other server's port.
FERRETDB_VERSION=1.24.2
FERRETDB_DIR="$ROOT/ferretdb-$FERRETDB_VERSION"
FERRETDB_BIN="$FERRETDB_DIR/bin/ferretdb"
FERRETDB_PORT="${DOPPEL_FERRETDB_PORT:-27017}"
FERRETDB_DEBUG_PORT="${DOPPEL_FERRETDB_DEBUG_PORT:-28017}"

ferretdb_install() {
  as_root mkdir -p "$FERRETDB_DIR/data" "$FERRETDB_DIR/state"
  [ -x "$FERRETDB_BIN" ] && return 0
  command -v go >/dev/null 2>&1 || die "Go is needed to build FerretDB; install it from https://go.dev/dl/"
  log "ferretdb: building FerretDB $FERRETDB_VERSION from the Go module proxy (once; see $FERRETDB_DIR/build.log)"
  local build="$FERRETDB_DIR/build" started=$SECONDS
  as_root rm -rf "$build"
  as_root mkdir -p "$build" "$FERRETDB_DIR/bin"
  (
    set -e
    # The module cache stays in the server's folder (writable, so that deleting the folder works unprivileged).
    export GOMODCACHE="$FERRETDB_DIR/gomod" GOCACHE="$build/gocache" GOFLAGS=-modcacherw GOTOOLCHAIN=local
    export GOPROXY="${GOPROXY:-https://proxy.golang.org}" CGO_ENABLED=0
    cd "$build"
    source_dir=$(go mod download -json "github.com/FerretDB/FerretDB@v$FERRETDB_VERSION" \
      | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
    [ -n "$source_dir" ] && [ -d "$source_dir" ]
    cp -r "$source_dir" "$build/src"
    chmod -R u+w "$build/src"
    printf 'v%s\n' "$FERRETDB_VERSION" >"$build/src/build/version/version.txt"
    cd "$build/src"
    go build -trimpath -o "$FERRETDB_BIN" ./cmd/ferretdb
  ) >"$FERRETDB_DIR/build.log" 2>&1 || { tail -20 "$FERRETDB_DIR/build.log" >&2; die "building FerretDB failed"; }
  # The binary is the cache; the sources and module downloads (about 650 MB) are not kept.
  as_root rm -rf "$build" "$FERRETDB_DIR/gomod"
  log "ferretdb: built in $((SECONDS - started)) s"
}

# A real client check: a MongoDB `ping` (OP_MSG) over TCP, answered with ok: 1 (Node.js only, no driver).
ferretdb_healthy() {
  node -e '
    const net = require("node:net");
    const doc = (() => {
      const parts = [Buffer.from([0x10]), Buffer.from("ping\0"), Buffer.alloc(4), Buffer.from([0x02]),
        Buffer.from("$db\0"), Buffer.alloc(4), Buffer.from("admin\0"), Buffer.from([0])];
      parts[2].writeInt32LE(1); parts[5].writeInt32LE(6);
      const body = Buffer.concat(parts), size = Buffer.alloc(4); size.writeInt32LE(body.length + 4);
      return Buffer.concat([size, body]);
    })();
    const header = Buffer.alloc(21); header.writeInt32LE(21 + doc.length, 0); header.writeInt32LE(1, 4);
    header.writeInt32LE(2013, 12);
    const socket = net.connect(Number(process.argv[1]), "127.0.0.1");
    let reply = Buffer.alloc(0);
    const fail = () => process.exit(1);
    socket.setTimeout(2000, fail).on("error", fail);
    socket.on("connect", () => socket.write(Buffer.concat([header, doc])));
    socket.on("data", (chunk) => {
      reply = Buffer.concat([reply, chunk]);
      if (reply.length < 4 || reply.length < reply.readInt32LE(0)) return;
      const ok = Buffer.concat([Buffer.from([0x01]), Buffer.from("ok\0")]);
      const at = reply.indexOf(ok, 21);
      process.exit(at > 0 && reply.readDoubleLE(at + ok.length) === 1 ? 0 : 1);
    });
  ' "$FERRETDB_PORT"
}

ferretdb_start() {
  ferretdb_healthy 2>/dev/null && return 0
  setsid nohup "$FERRETDB_BIN" --handler=sqlite --sqlite-url="file:$FERRETDB_DIR/data/" \
    --listen-addr="127.0.0.1:$FERRETDB_PORT" --debug-addr="127.0.0.1:$FERRETDB_DEBUG_PORT" \
    --state-dir="$FERRETDB_DIR/state" --telemetry=disable --log-level=warn \
    </dev/null >>"$FERRETDB_DIR/server.log" 2>&1 &
  echo $! >"$FERRETDB_DIR/server.pid"
  wait_healthy ferretdb_healthy 30 || { tail -20 "$FERRETDB_DIR/server.log" >&2; die "ferretdb did not start"; }
}

ferretdb_stop() { stop_pid_file "$FERRETDB_DIR/server.pid"; }

ferretdb_describe() { echo "mongodb://127.0.0.1:$FERRETDB_PORT/"; }

# ---------------------------------------------------------------------------------------------------------
# Apache Kafka 3.9.1 (kafka_2.13 from Maven Central, resolved once with Maven through a throwaway pom and
# cached) in KRaft mode, one node that is broker and controller, on 127.0.0.1:9092 (controller on :9093), run
# with the machine's Java and a small heap (the machine is shared). Storage is formatted on first start. The
# health check is a real produce/consume round trip (scripts/kafka-round-trip.java, compiled once against the
# same jars). 3.9 is the last line whose protocol versions kafkajs (the project's client) speaks.
KAFKA_VERSION=3.9.1
KAFKA_DIR="$ROOT/kafka-$KAFKA_VERSION"
KAFKA_PORT="${DOPPEL_KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${DOPPEL_KAFKA_CONTROLLER_PORT:-9093}"
KAFKA_HEAP="${DOPPEL_KAFKA_HEAP:--Xms128m -Xmx512m}"
KAFKA_HEALTH_SOURCE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/kafka-round-trip.java"

kafka_install() {
  command -v java >/dev/null 2>&1 && command -v javac >/dev/null 2>&1 || apt_install openjdk-17-jdk-headless
  mkdir -p "$KAFKA_DIR/data" "$KAFKA_DIR/health"
  if [ ! -f "$KAFKA_DIR/libs/kafka_2.13-$KAFKA_VERSION.jar" ]; then
    command -v mvn >/dev/null 2>&1 || apt_install maven
    log "kafka: resolving kafka_2.13 $KAFKA_VERSION from Maven Central (once; see $KAFKA_DIR/build.log)"
    cat >"$KAFKA_DIR/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>doppel.services</groupId>
  <artifactId>kafka-server</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency><groupId>org.apache.kafka</groupId><artifactId>kafka_2.13</artifactId><version>$KAFKA_VERSION</version></dependency>
    <dependency><groupId>org.slf4j</groupId><artifactId>slf4j-reload4j</artifactId><version>1.7.36</version></dependency>
  </dependencies>
</project>
POM
    rm -rf "$KAFKA_DIR/libs"
    mvn -B -q -f "$KAFKA_DIR/pom.xml" dependency:copy-dependencies -DoutputDirectory="$KAFKA_DIR/libs" \
      >"$KAFKA_DIR/build.log" 2>&1 || { tail -20 "$KAFKA_DIR/build.log" >&2; die "resolving Kafka from Maven Central failed"; }
  fi
  if [ ! -f "$KAFKA_DIR/health/KafkaRoundTrip.class" ] || [ "$KAFKA_HEALTH_SOURCE" -nt "$KAFKA_DIR/health/KafkaRoundTrip.class" ]; then
    javac -nowarn -cp "$KAFKA_DIR/libs/*" -d "$KAFKA_DIR/health" "$KAFKA_HEALTH_SOURCE" \
      || die "compiling the Kafka health check failed"
  fi
  cat >"$KAFKA_DIR/server.properties" <<PROPERTIES
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$KAFKA_DIR/data
num.partitions=1
offsets.topic.replication.factor=1
offsets.topic.num.partitions=5
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
group.initial.rebalance.delay.ms=0
num.network.threads=2
num.io.threads=2
num.recovery.threads.per.data.dir=1
PROPERTIES
  cat >"$KAFKA_DIR/log4j.properties" <<LOG4J
log4j.rootLogger=WARN, file
log4j.appender.file=org.apache.log4j.FileAppender
log4j.appender.file.File=$KAFKA_DIR/server.log
log4j.appender.file.layout=org.apache.log4j.PatternLayout
log4j.appender.file.layout.ConversionPattern=[%d] %p %m (%c)%n
LOG4J
  if [ ! -f "$KAFKA_DIR/data/meta.properties" ]; then
    log "kafka: formatting KRaft storage in $KAFKA_DIR/data"
    local cluster_id
    cluster_id=$(java -cp "$KAFKA_DIR/libs/*" kafka.tools.StorageTool random-uuid 2>/dev/null)
    java -Dlog4j.configuration="file:$KAFKA_DIR/log4j.properties" -cp "$KAFKA_DIR/libs/*" kafka.tools.StorageTool \
      format -t "$cluster_id" -c "$KAFKA_DIR/server.properties" >>"$KAFKA_DIR/build.log" 2>&1 \
      || { tail -20 "$KAFKA_DIR/build.log" >&2; die "formatting Kafka storage failed"; }
  fi
}

kafka_listening() { (exec 3<>"/dev/tcp/127.0.0.1/$KAFKA_PORT") 2>/dev/null; }

kafka_healthy() {
  kafka_listening || return 1
  java -Dlog4j.configuration="file:$KAFKA_DIR/log4j.properties" -cp "$KAFKA_DIR/libs/*:$KAFKA_DIR/health" \
    KafkaRoundTrip "127.0.0.1:$KAFKA_PORT"
}

kafka_start() {
  kafka_healthy >/dev/null 2>&1 && return 0
  if ! kafka_listening; then
    # shellcheck disable=SC2086 # the heap options are several words on purpose
    setsid nohup java $KAFKA_HEAP -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Djava.awt.headless=true \
      -Dlog4j.configuration="file:$KAFKA_DIR/log4j.properties" -cp "$KAFKA_DIR/libs/*" \
      kafka.Kafka "$KAFKA_DIR/server.properties" </dev/null >>"$KAFKA_DIR/console.log" 2>&1 &
    echo $! >"$KAFKA_DIR/server.pid"
  fi
  wait_healthy kafka_healthy 90 || { tail -20 "$KAFKA_DIR/server.log" >&2; die "kafka did not start"; }
}

kafka_stop() { stop_pid_file "$KAFKA_DIR/server.pid"; }

kafka_describe() { echo "kafka://127.0.0.1:$KAFKA_PORT"; }

# ---------------------------------------------------------------------------------------------------------
# Chromium (Debian's package, /usr/bin/chromium) for the HTML report's browser tests, driven by playwright-core
# through its executablePath (never a browser downloaded by a test tool). Not a server: "start" only checks
# that it renders a page headless with the flags the tests use (no background networking on a closed network).
CHROMIUM_BIN=/usr/bin/chromium

chromium_install() {
  [ -x "$CHROMIUM_BIN" ] || apt_install chromium
}

chromium_healthy() {
  local profile
  profile=$(mktemp -d "${TMPDIR:-/tmp}/doppel-chromium.XXXXXX")
  "$CHROMIUM_BIN" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync --user-data-dir="$profile" \
    --dump-dom 'data:text/html,<p>doppel-chromium-ok</p>' 2>/dev/null | grep -q doppel-chromium-ok
  local status=$?
  rm -rf "$profile"
  return $status
}

chromium_start() { :; }

chromium_stop() { :; }

chromium_describe() { "$CHROMIUM_BIN" --version 2>/dev/null || echo "$CHROMIUM_BIN"; }

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
