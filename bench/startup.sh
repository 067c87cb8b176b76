#!/usr/bin/env bash
# Startup to ready and resident memory of the packaged application, started plainly and with a JVM AOT cache.
# Usage: bench/startup.sh [runs]   (default 5; prints every run and the medians)
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-5}
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
JAVA="$JAVA_HOME/bin/java"
BUILD=${BENCH_BUILD_DIR:-/tmp/dossier-startup-build}
WORK=$(mktemp -d)
PORT=${PORT_UNDER_TEST:-18480}
trap 'rm -rf "$WORK"' EXIT

./mvnw -B -q ${MVN_FLAGS:-} -DskipTests package -Ddossier.build.directory="$BUILD" >/dev/null
"$JAVA" -Djarmode=tools -jar "$BUILD"/dossier-*.jar extract --destination "$WORK/app" >/dev/null
JAR=$(ls "$WORK"/app/dossier-*.jar)
export DOSSIER_ADMIN_PASSWORD=bench-password-1
db() { echo "jdbc:h2:file:$WORK/$1;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH"; }

# Training run: starts the context once, records the classes it loads and links, and writes the cache.
DOSSIER_DB_URL=$(db train) "$JAVA" -XX:AOTCacheOutput="$WORK/app.aot" -Dspring.context.exit=onRefresh \
  -jar "$JAR" >"$WORK/train.log" 2>&1

measure() { # mode, extra JVM options
  local mode=$1; shift
  rm -rf "$WORK"/run.*
  local start end pid
  start=$(date +%s%N)
  DOSSIER_DB_URL=$(db run) "$JAVA" "$@" -jar "$JAR" --server.port=$PORT >"$WORK/$mode.log" 2>&1 &
  pid=$!
  until curl -sf "localhost:$PORT/actuator/health" 2>/dev/null | grep -q UP; do
    kill -0 $pid 2>/dev/null || { echo "$mode: the application did not start"; cat "$WORK/$mode.log"; exit 1; }
    sleep 0.05
  done
  end=$(date +%s%N)
  local rss
  rss=$(awk '/VmRSS/ {print int($2/1024)}' /proc/$pid/status)
  for _ in $(seq 1 200); do curl -s -o /dev/null "localhost:$PORT/sign-in"; done
  local rss2
  rss2=$(awk '/VmRSS/ {print int($2/1024)}' /proc/$pid/status)
  kill $pid; wait $pid 2>/dev/null || true
  echo "$mode $(( (end - start) / 1000000 )) $rss $rss2"
}

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
results=()
for i in $(seq 1 "$RUNS"); do
  results+=("$(measure plain)")
  results+=("$(measure aot -XX:AOTCache="$WORK/app.aot")")
done
printf '%-6s %12s %14s %24s\n' mode "ready (ms)" "RSS (MB)" "RSS after 200 requests"
printf '%s\n' "${results[@]}" | awk '{printf "%-6s %12s %14s %24s\n", $1, $2, $3, $4}'
for mode in plain aot; do
  printf '%s\n' "${results[@]}" | awk -v m=$mode '$1 == m {print $2}' | sort -n |
    awk -v m=$mode '{v[NR]=$1} END {printf "median %-6s ready %d ms\n", m, v[int((NR+1)/2)]}'
done
