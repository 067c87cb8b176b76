#!/usr/bin/env bash
# Dossier performance benchmarks (see bench/README.md):
#   search-h2   list and quick-search latency with 100,000 customers on H2 (SearchBenchmark)
#   search-pg   the same on PostgreSQL (DOSSIER_TEST_PG_URL, default jdbc:postgresql://127.0.0.1:5432/test)
#   startup     time from `java -jar` to /actuator/health UP on a fresh H2 file database, and RSS
# Usage: bench/run.sh [search-h2] [search-pg] [startup]     (no argument: all three)
# Environment:
#   JAVA_HOME          JDK to build and run with (default: temurin 25 when installed)
#   MVN_FLAGS          extra Maven flags, e.g. "-o" to build offline
#   BENCH_BUILD_DIR    build directory (default /tmp/dossier-bench-build), kept apart from target/
#   BENCH_ARGS         extra JVM flags for the search benchmark, e.g. "-Dbench.customers=20000 -Dbench.queries=200"
#   APP_JAVA_OPTS      JVM flags for the started application (startup/RSS), e.g. "-Xmx256m -XX:+UseSerialGC"
#   STARTUP_RUNS       number of starts (default 5); REQUESTS requests before the second RSS reading (default 200)
#   BENCH_PORT         port of the started application (default 18080)
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
if [[ -z "${JAVA_HOME:-}" && -d /usr/lib/jvm/temurin-25-jdk-amd64 ]]; then
    export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
BUILD=${BENCH_BUILD_DIR:-/tmp/dossier-bench-build}
MVN_FLAGS=${MVN_FLAGS:-}
PORT=${BENCH_PORT:-18080}
RUNS=${STARTUP_RUNS:-5}
REQUESTS=${REQUESTS:-200}
ADMIN_PASSWORD=bench-admin-password-1
REPORTS="$BUILD/bench-reports"
mkdir -p "$REPORTS"

steps=("$@")
if [[ ${#steps[@]} -eq 0 ]]; then
    steps=(search-h2 search-pg startup)
fi

log() { printf '\n=== %s\n' "$*"; }

median() { # numbers on stdin -> median (mean of the middle two when even)
    sort -n | awk '{ v[NR] = $1 } END { if (NR == 0) { print "n/a"; exit } if (NR % 2) print v[(NR + 1) / 2]; else printf "%.0f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# ------------------------------------------------------------------------------------------------------------
build() {
    log "Building into $BUILD"
    # shellcheck disable=SC2086
    ./mvnw -B -q $MVN_FLAGS -DskipTests package -Ddossier.build.directory="$BUILD"
    JAR=$(find "$BUILD" -maxdepth 1 -name 'dossier-*.jar' | head -1)
    if [[ -z "$JAR" ]]; then
        echo "No application jar in $BUILD after the build" >&2
        exit 1
    fi
    echo "jar: $JAR"
}

# The pom excludes the JUnit tag "benchmark" with a fixed <excludedGroups>, which no -D property overrides, so the
# benchmark runs on the test classpath with the JUnit Platform launcher directly.
prepare_test_classpath() {
    [[ -n "${TEST_CP:-}" ]] && return
    # shellcheck disable=SC2086
    ./mvnw -B -q $MVN_FLAGS dependency:build-classpath -Dmdep.includeScope=test \
        -Dmdep.outputFile="$BUILD/bench-classpath.txt" -Ddossier.build.directory="$BUILD"
    local deps engine version launcher
    deps=$(cat "$BUILD/bench-classpath.txt")
    engine=$(tr ':' '\n' <<<"$deps" | grep '/junit-platform-engine-[^/]*\.jar$' | head -1)
    version=$(basename "$(dirname "$engine")")
    launcher="${engine//junit-platform-engine/junit-platform-launcher}"
    if [[ ! -f "$launcher" ]]; then
        # shellcheck disable=SC2086
        ./mvnw -B -q $MVN_FLAGS dependency:get -Dartifact="org.junit.platform:junit-platform-launcher:$version" \
            -Dtransitive=false
    fi
    TEST_CP="$BUILD/test-classes:$BUILD/classes:$deps:$launcher"
    mkdir -p "$BUILD/bench"
    cat >"$BUILD/bench/RunBench.java" <<'EOF'
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.PrintWriter;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;

/** Runs one test class on the JUnit Platform whatever its tags; exits 1 unless it ran and passed. */
public class RunBench {
    public static void main(String[] args) {
        var request = LauncherDiscoveryRequestBuilder.request().selectors(selectClass(args[0])).build();
        var listener = new SummaryGeneratingListener();
        LauncherFactory.create().execute(request, listener);
        var summary = listener.getSummary();
        var out = new PrintWriter(System.out);
        summary.printTo(out);
        summary.printFailuresTo(out, 40);
        out.flush();
        System.exit(summary.getTotalFailureCount() == 0 && summary.getTestsSucceededCount() > 0 ? 0 : 1);
    }
}
EOF
}

search() { # $1 = h2 | postgresql
    prepare_test_classpath
    local db=$1 out="$REPORTS/search-$1-console-$(date +%Y%m%d-%H%M%S).log"
    log "Search benchmark on $db (console: $out)"
    # shellcheck disable=SC2086
    "$JAVA" -XX:+EnableDynamicAgentLoading -Ddossier.test.db="$db" -Ddossier.build.directory="$BUILD" \
        ${BENCH_ARGS:-} -cp "$TEST_CP" "$BUILD/bench/RunBench.java" dev.dossier.bench.SearchBenchmark \
        >"$out" 2>&1 || { tail -60 "$out"; echo "search benchmark on $db FAILED"; return 1; }
    # The report without the application's log lines.
    sed -n '/^=== Dossier search benchmark/,/^Report written/p' "$out" | grep -v '^[0-9]\{4\}-[0-9][0-9]-[0-9][0-9]T'
}

pg_reachable() {
    local url=${DOSSIER_TEST_PG_URL:-jdbc:postgresql://127.0.0.1:5432/test}
    local hostport=${url#jdbc:postgresql://}
    hostport=${hostport%%/*}
    local host=${hostport%%:*} port=5432
    [[ $hostport == *:* ]] && port=${hostport##*:}
    (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null
}

# ------------------------------------------------------------------------------------------------------------
rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }

# 200 requests as people and scripts make them: half the customer page (signed in with a form and CSRF token),
# half the REST API with a bearer token.
requests() {
    local base=$1 n=$2 jar csrf token
    jar=$(mktemp)
    csrf=$(curl -fsS -c "$jar" -b "$jar" "$base/sign-in" | sed -n 's/.*name="_csrf" value="\([^"]*\)".*/\1/p' | head -1)
    curl -fsS -o /dev/null -c "$jar" -b "$jar" --data-urlencode "username=admin" \
        --data-urlencode "password=$ADMIN_PASSWORD" --data-urlencode "_csrf=$csrf" "$base/sign-in"
    token=$(curl -fsS -u "admin:$ADMIN_PASSWORD" -H 'Content-Type: application/json' -d '{"name":"bench"}' \
        "$base/api/v1/tokens" | sed -n 's/.*"token":"\([^"]*\)".*/\1/p')
    local queries=(zhang 138 wang%20wei li Smith 0571 info %E5%BC%A0 "" "")
    local i q
    for ((i = 0; i < n; i++)); do
        q=${queries[$((i % ${#queries[@]}))]}
        if ((i % 2)); then
            curl -fsS -o /dev/null -H "Authorization: Bearer $token" "$base/api/v1/customers?q=$q"
        else
            curl -fsS -o /dev/null -b "$jar" "$base/customers?q=$q"
        fi
    done
    rm -f "$jar"
}

startup() {
    [[ -n "${JAR:-}" ]] || build
    log "Startup and memory: $RUNS starts of $JAR on a fresh H2 file database, port $PORT${APP_JAVA_OPTS:+, JVM flags: $APP_JAVA_OPTS}"
    local base="http://127.0.0.1:$PORT" ups=() readies=() starteds=() rss_start=() rss_after=() i
    if curl -fsS -o /dev/null "$base/actuator/health" 2>/dev/null; then
        echo "Port $PORT is in use; set BENCH_PORT" >&2
        return 1
    fi
    printf '%-4s %12s %14s %14s %14s %16s\n' run "health UP ms" "readiness ms" "Started in s" "RSS start MB" "RSS +${REQUESTS} req MB"
    for ((i = 1; i <= RUNS; i++)); do
        local dir pid t0 t_up="" t_ready="" deadline started
        dir=$(mktemp -d /tmp/dossier-startup.XXXXXX)
        t0=$(now_ms)
        # shellcheck disable=SC2086
        DOSSIER_ADMIN_PASSWORD=$ADMIN_PASSWORD \
            DOSSIER_DB_URL="jdbc:h2:file:$dir/dossier;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH" \
            "$JAVA" ${APP_JAVA_OPTS:-} -jar "$JAR" --server.port="$PORT" >"$dir/app.log" 2>&1 &
        pid=$!
        deadline=$((t0 + 120000))
        while [[ -z "$t_up" ]]; do
            if curl -fsS --max-time 1 "$base/actuator/health" 2>/dev/null | grep -q '"status":"UP"'; then
                t_up=$(now_ms)
            elif ! kill -0 "$pid" 2>/dev/null || (($(now_ms) > deadline)); then
                echo "run $i: the application did not come up; log:" >&2
                tail -40 "$dir/app.log" >&2
                kill "$pid" 2>/dev/null || true
                return 1
            else
                sleep 0.05
            fi
        done
        local rss1
        rss1=$(rss_kb "$pid")
        while [[ -z "$t_ready" ]]; do
            if curl -fsS --max-time 1 "$base/actuator/health/readiness" 2>/dev/null | grep -q '"status":"UP"'; then
                t_ready=$(now_ms)
            elif (($(now_ms) > deadline)); then
                t_ready=-1
            else
                sleep 0.05
            fi
        done
        requests "$base" "$REQUESTS"
        local rss2
        rss2=$(rss_kb "$pid")
        started=$(sed -n 's/.*Started [A-Za-z]* in \([0-9.]*\) seconds.*/\1/p' "$dir/app.log" | head -1)
        kill "$pid"
        wait "$pid" 2>/dev/null || true
        rm -rf "$dir"
        ups+=($((t_up - t0)))
        readies+=($((t_ready - t0)))
        starteds+=("${started:-0}")
        rss_start+=($((rss1 / 1024)))
        rss_after+=($((rss2 / 1024)))
        printf '%-4s %12s %14s %14s %14s %16s\n' "$i" "$((t_up - t0))" "$((t_ready - t0))" "${started:-?}" \
            "$((rss1 / 1024))" "$((rss2 / 1024))"
    done
    printf '%-4s %12s %14s %14s %14s %16s\n' median \
        "$(printf '%s\n' "${ups[@]}" | median)" "$(printf '%s\n' "${readies[@]}" | median)" \
        "$(printf '%s\n' "${starteds[@]}" | awk '{ printf "%d\n", $1 * 1000 }' | median | awk '{ printf "%.3f", $1 / 1000 }')" \
        "$(printf '%s\n' "${rss_start[@]}" | median)" "$(printf '%s\n' "${rss_after[@]}" | median)"
    echo "Targets: launch to UP <= 6000 ms on 2 cores; RSS after start <= 400 MB"
}

# ------------------------------------------------------------------------------------------------------------
echo "Dossier benchmarks: $(nproc) CPUs, $(awk '/MemTotal/ { printf "%d MB", $2 / 1024 }' /proc/meminfo) RAM, $("$JAVA" -version 2>&1 | head -1)"
echo "Load average at start: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine makes the figures noisy)"
build
status=0
for step in "${steps[@]}"; do
    case $step in
        search-h2) search h2 || status=1 ;;
        search-pg)
            if pg_reachable; then
                search postgresql || status=1
            else
                echo "PostgreSQL is not reachable at ${DOSSIER_TEST_PG_URL:-jdbc:postgresql://127.0.0.1:5432/test}: skipped"
            fi
            ;;
        startup) startup || status=1 ;;
        *) echo "unknown step: $step (search-h2, search-pg, startup)" >&2; exit 2 ;;
    esac
done
exit $status
