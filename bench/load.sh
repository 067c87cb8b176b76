#!/usr/bin/env bash
# A load run against the packaged application: create customers, then read them by id, each at a fixed concurrency
# for a fixed time, with wrk; as the baseline in the same round, the database's own select by key and single-row
# INSERT (pgbench on the same PostgreSQL; bench/baseline/H2Baseline.java, JDBC on an H2 file, for H2). Several
# builds can be compared in one run: their rounds alternate.
#
# Usage: bench/load.sh [h2|postgresql] [label=jar ...]
#   with no jar, builds this checkout (label "this")
# Settings (environment): LOAD_SECONDS (15 a phase, after LOAD_WARMUP seconds, 10, of the same),
#   LOAD_CONNECTIONS (16), LOAD_ROUNDS (2), LOAD_PORT (18490), APP_JAVA_OPTS (added to the java command, e.g.
#   -XX:StartFlightRecording=filename=/tmp/load.jfr,settings=profile for a profile),
#   DOSSIER_TEST_PG_URL / _USER / _PASSWORD (the PostgreSQL of the database tests), BENCH_BUILD_DIR.
# The table has the application's CPU time per request beside the rates (steadier than rates on a shared machine).
# Prints a table and writes it to $BENCH_BUILD_DIR/bench-reports/load-<db>.md.
set -euo pipefail
cd "$(dirname "$0")/.."
DB=${1:-h2}
shift || true
SECONDS_EACH=${LOAD_SECONDS:-15}
WARMUP=${LOAD_WARMUP:-10}
CONNECTIONS=${LOAD_CONNECTIONS:-16}
ROUNDS=${LOAD_ROUNDS:-2}
PORT=${LOAD_PORT:-18490}
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
JAVA="$JAVA_HOME/bin/java"
BUILD=${BENCH_BUILD_DIR:-/tmp/dossier-load-build}
PG_URL=${DOSSIER_TEST_PG_URL:-jdbc:postgresql://127.0.0.1:5432/test}
PG_USER=${DOSSIER_TEST_PG_USER:-postgres}
export PGPASSWORD=${DOSSIER_TEST_PG_PASSWORD:-}
PG_HOSTPORT=${PG_URL#jdbc:postgresql://}
PG_HOSTPORT=${PG_HOSTPORT%%/*}
PG_DB=${PG_URL##*/}
PG_DB=${PG_DB%%\?*}
PSQL=(psql -q -h "${PG_HOSTPORT%%:*}" -p "${PG_HOSTPORT##*:}" -U "$PG_USER")
command -v wrk >/dev/null || { echo "wrk is needed: sudo apt-get install wrk"; exit 1; }

WORK=$(mktemp -d)
APP_PID=
cleanup() {
  [ -n "$APP_PID" ] && kill "$APP_PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

JARS=("$@")
if [ ${#JARS[@]} -eq 0 ]; then
  ./mvnw -B -q ${MVN_FLAGS:-} -DskipTests package -Ddossier.build.directory="$BUILD" >/dev/null
  JARS=("this=$(ls "$BUILD"/dossier-*.jar | grep -v plain | head -1)")
fi

export DOSSIER_ADMIN_PASSWORD=load-password-1
start_app() { # jar, name of the fresh database
  local jar=$1 name=$2
  local env=()
  if [ "$DB" = postgresql ]; then
    "${PSQL[@]}" -d "$PG_DB" -c "DROP SCHEMA IF EXISTS $name CASCADE; CREATE SCHEMA $name" >/dev/null
    env=(DOSSIER_DB_URL="$PG_URL?currentSchema=$name" DOSSIER_DB_USER="$PG_USER" DOSSIER_DB_PASSWORD="$PGPASSWORD"
      SPRING_FLYWAY_SCHEMAS="$name" SPRING_FLYWAY_DEFAULT_SCHEMA="$name")
  else
    env=(DOSSIER_DB_URL="jdbc:h2:file:$WORK/$name/db;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH")
  fi
  mkdir -p "$WORK/run-$name"
  # Started in a directory of its own, where its keys, checkpoints and backups go (./data).
  (cd "$WORK/run-$name" && exec env "${env[@]}" "$JAVA" -Xmx1g ${APP_JAVA_OPTS:-} -jar "$jar" --server.port="$PORT" \
    --dossier.api.rate-limit.enabled=false --logging.level.root=WARN >"$WORK/$name.log" 2>&1) &
  APP_PID=$!
  until curl -sf "localhost:$PORT/actuator/health" 2>/dev/null | grep -q UP; do
    kill -0 "$APP_PID" 2>/dev/null || { echo "the application did not start:"; tail -40 "$WORK/$name.log"; exit 1; }
    sleep 0.2
  done
}

stop_app() {
  kill "$APP_PID" 2>/dev/null || true
  wait "$APP_PID" 2>/dev/null || true
  APP_PID=
}

token() {
  curl -sf -u "admin:$DOSSIER_ADMIN_PASSWORD" -H 'Content-Type: application/json' \
    -d '{"name":"load run","validDays":1}' "localhost:$PORT/api/v1/tokens" | sed -E 's/.*"token":"([^"]+)".*/\1/'
}

ids() { # every customer id, a page of 200 at a time
  local cursor="" page
  : >"$WORK/ids"
  while :; do
    page=$(curl -sf -H "Authorization: Bearer $LOAD_TOKEN" \
      "localhost:$PORT/api/v1/customers?limit=200${cursor:+&cursor=$cursor}")
    grep -oE '"id":"[0-9a-f-]{36}"' <<<"$page" | cut -d'"' -f4 >>"$WORK/ids"
    cursor=$(grep -oE '"nextCursor":"[^"]+"' <<<"$page" | cut -d'"' -f4 || true)
    [ -n "$cursor" ] || break
  done
  sort -u -o "$WORK/ids" "$WORK/ids"
  wc -l <"$WORK/ids"
}

cpu_ticks() { # user + system CPU the application has used, in clock ticks
  awk '{print $14 + $15}' "/proc/$APP_PID/stat"
}

run_wrk() { # script, path: a warm-up, then the measured run; prints rate p50 p95 p99 errors cpu-ms-per-request
  wrk -t2 -c"$CONNECTIONS" -d"${WARMUP}s" --timeout 10s -s "bench/wrk/$1" "http://localhost:$PORT$2" >/dev/null
  local before after result
  before=$(cpu_ticks)
  result=$(wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_EACH}s" --timeout 10s -s "bench/wrk/$1" "http://localhost:$PORT$2" \
    | awk '/^RESULT/ {print $2, $3, $4, $5, $6}')
  after=$(cpu_ticks)
  # The application's CPU time per request: what a build costs, whatever else the machine is doing.
  awk -v r="$result" -v t=$((after - before)) -v hz="$(getconf CLK_TCK)" -v s="$SECONDS_EACH" \
    'BEGIN {split(r, f, " "); printf "%s %.2f\n", r, (f[1] > 0 ? 1000 * t / hz / (f[1] * s) : 0)}'
}

pgbench_run() { # what: select | insert
  local db=dossier_load_pgbench
  if ! "${PSQL[@]}" -d "$db" -c 'SELECT 1 FROM pgbench_accounts LIMIT 1' >/dev/null 2>&1; then
    "${PSQL[@]}" -d "$PG_DB" -c "CREATE DATABASE $db" >/dev/null 2>&1 || true
    pgbench -q -i -s 10 -h "${PG_HOSTPORT%%:*}" -p "${PG_HOSTPORT##*:}" -U "$PG_USER" "$db" >/dev/null 2>&1
  fi
  local args=(-S)
  if [ "$1" = insert ]; then
    printf '%s\n' '\set aid random(1, 1000000)' \
      'INSERT INTO pgbench_history (tid, bid, aid, delta, mtime) VALUES (1, 1, :aid, 0, now());' >"$WORK/insert.sql"
    args=(-n -f "$WORK/insert.sql")
  fi
  pgbench "${args[@]}" -c "$CONNECTIONS" -j 2 -T "$SECONDS_EACH" -h "${PG_HOSTPORT%%:*}" -p "${PG_HOSTPORT##*:}" \
    -U "$PG_USER" "$db" 2>/dev/null | awk '/^tps/ {printf "%.1f\n", $3; exit}'
}

h2_baseline() { # prints: select <rate> insert <rate>, with the H2 of the first build
  mkdir -p "$WORK/h2lib"
  unzip -o -q -j "${JARS[0]#*=}" 'BOOT-INF/lib/h2-*.jar' -d "$WORK/h2lib"
  "$JAVA" -cp "$(ls "$WORK"/h2lib/h2-*.jar | head -1)" bench/baseline/H2Baseline.java "$CONNECTIONS" "$SECONDS_EACH"
}

REPORT_DIR="$BUILD/bench-reports"
mkdir -p "$REPORT_DIR"
OUT="$REPORT_DIR/load-$DB.md"
{
  echo "# Load run on $DB, $(date -u +%FT%TZ)"
  echo
  echo "$(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); concurrency $CONNECTIONS, ${SECONDS_EACH}s a phase after ${WARMUP}s of warm-up, $ROUNDS rounds"
  echo
  echo "| round | build | operation | rate/s | p50 ms | p95 ms | p99 ms | errors | app CPU ms a request | baseline rate/s | ratio |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|"
} >"$OUT"
for round in $(seq 1 "$ROUNDS"); do
  select_rate=""
  insert_rate=""
  if [ "$DB" = postgresql ]; then
    select_rate=$(pgbench_run select)
    insert_rate=$(pgbench_run insert)
  else
    read -r _ select_rate _ insert_rate < <(h2_baseline)
  fi
  for entry in "${JARS[@]}"; do
    label=${entry%%=*}
    jar=${entry#*=}
    name="dossier_load_${round}_$(tr -c 'a-z0-9' _ <<<"$label" | head -c 20)"
    start_app "$jar" "$name"
    export LOAD_TOKEN
    LOAD_TOKEN=$(token)
    read -r rate p50 p95 p99 errors cpu < <(run_wrk create.lua /api/v1/customers)
    ratio=""
    [ -n "$insert_rate" ] && ratio=$(awk -v a="$rate" -v b="$insert_rate" 'BEGIN {printf "%.2f%%", 100 * a / b}')
    echo "| $round | $label | create | $rate | $p50 | $p95 | $p99 | $errors | $cpu | ${insert_rate:-} | $ratio |" >>"$OUT"
    count=$(ids)
    export LOAD_IDS="$WORK/ids" LOAD_PATH_PREFIX=/api/v1/customers/
    read -r rate p50 p95 p99 errors cpu < <(run_wrk get.lua /)
    ratio=""
    [ -n "$select_rate" ] && ratio=$(awk -v a="$rate" -v b="$select_rate" 'BEGIN {printf "%.2f%%", 100 * a / b}')
    echo "| $round | $label | get by id ($count customers) | $rate | $p50 | $p95 | $p99 | $errors | $cpu | ${select_rate:-} | $ratio |" >>"$OUT"
    stop_app
    [ "$DB" = postgresql ] && "${PSQL[@]}" -d "$PG_DB" -c "DROP SCHEMA IF EXISTS $name CASCADE" >/dev/null
  done
done
cat "$OUT"
