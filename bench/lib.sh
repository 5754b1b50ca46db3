# Shared by the bench scripts (sourced from the repository's root): the Maven build lock, the chart's JVM options,
# and building what a load script needs. BENCH_NAME (the script's name) prefixes its messages.

# Runs a command under the build lock other builds of this checkout take, when flock exists.
locked() { if command -v flock > /dev/null; then flock /tmp/dg-mvn.lock "$@"; else "$@"; fi; }
# shellcheck disable=SC2086
mvnw() { locked ./mvnw ${MVNW_ARGS:--B -ntp -o -q} "$@"; }

# ---- the chart's JVM: the image's JAVA_OPTS (the chart's javaOpts is empty by default) and its resource limits
chart_java_opts() {
    local opts
    opts=$(sed -n 's/^javaOpts: *"\(.*\)"$/\1/p' helm/django-guard/values.yaml 2>/dev/null)
    [ -n "$opts" ] || opts=$(sed -n 's/^ENV JAVA_OPTS="\(.*\)"$/\1/p' Dockerfile 2>/dev/null)
    echo "${opts:--XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError -Djava.io.tmpdir=/tmp}"
}
chart_limit_opts() {
    local cpu mem
    read -r cpu mem < <(awk '/^resources:/{r=1; next} r && /^[^ #]/{r=0} r && /^  limits:/{l=1; next} r && /^  [a-z]/{l=0}
        r && l && /cpu:/{gsub(/"/,"",$2); c=$2} r && l && /memory:/{m=$2} END{print c, m}' helm/django-guard/values.yaml 2>/dev/null)
    cpu=${cpu:-1}
    mem=${mem:-512Mi}
    case "$cpu" in *m) cpu=$(( (${cpu%m} + 999) / 1000 )) ;; *) cpu=$(awk -v c="$cpu" 'BEGIN{printf "%d", (c == int(c)) ? c : int(c) + 1}') ;; esac
    case "$mem" in *Gi) mem="$(( ${mem%Gi} * 1024 ))m" ;; *Mi) mem="${mem%Mi}m" ;; *) mem="${mem}" ;; esac
    echo "-XX:MaxRAM=$mem -XX:ActiveProcessorCount=$cpu"
}

# ---- build the server, the bench classes and their class path when missing or older than their sources
# (BUILD=auto, the default; always; never), then check they are there.
build_server_and_bench() {
    local build=${BUILD:-auto}
    local jar=target/quarkus-app/quarkus-run.jar
    local client_class=target/test-classes/io/djangoguard/bench/FixedRateClient.class
    if [ "$build" = always ] || { [ "$build" = auto ] && { [ ! -f $jar ] || [ -n "$(find src/main pom.xml -newer $jar -print -quit)" ]; }; }; then
        echo "$BENCH_NAME: building the server and the bench classes (mvnw package -DskipTests)"
        mvnw package -DskipTests
    elif [ "$build" != never ] && { [ ! -f $client_class ] || [ -n "$(find bench/src -newer $client_class -print -quit)" ]; }; then
        echo "$BENCH_NAME: compiling the bench classes (mvnw test-compile)"
        mvnw test-compile
    fi
    if [ "$build" != never ] && { [ ! -s target/bench-classpath.txt ] || [ pom.xml -nt target/bench-classpath.txt ]; }; then
        mvnw dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
    fi
    [ -f $jar ] && [ -f $client_class ] && [ -s target/bench-classpath.txt ] || { echo "$BENCH_NAME: not built (BUILD=$build)" >&2; exit 2; }
}

# ---- the processes a script starts (add their pids to pids), stopped on exit, and its private copies in $tmp.
# Call after tmp is set: every script keeps its servers' logs in $tmp, copied to $OUT when OUT is set.
pids=()
# SIGTERM, then up to 15 s for a graceful stop, then SIGKILL.
stop() {
    local p=$1
    kill -TERM "$p" 2>/dev/null || true
    for _ in $(seq 1 150); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$p" 2>/dev/null || true
    wait "$p" 2>/dev/null || true
}
cleanup() {
    local p
    for p in "${pids[@]}"; do stop "$p"; done
    if [ -n "${OUT:-}" ]; then
        mkdir -p "$OUT" && find "$tmp" -maxdepth 1 -type f -exec cp {} "$OUT"/ \; && echo "$BENCH_NAME: logs and raw outputs in $OUT"
    fi
    rm -rf "$tmp"
}
stop_on_exit() {
    trap cleanup EXIT
    trap 'exit 130' INT TERM
}

# Private copies of the server and the bench classes (another build may rewrite target/ while a script runs): sets
# GUARD_JAR, cp (the bench classes and the test class path) and noop_cp (the no-op handler on django-guard's own packaged
# libraries: the same Vert.x, Netty and Jackson jars).
private_copies() {
    mkdir -p "$tmp/classes/io/djangoguard/bench"
    cp target/test-classes/io/djangoguard/bench/NoopHandler*.class target/test-classes/io/djangoguard/bench/FixedRateClient*.class \
        "$tmp/classes/io/djangoguard/bench/"
    cp -r target/quarkus-app "$tmp/quarkus-app"
    export GUARD_JAR="$tmp/quarkus-app/quarkus-run.jar"
    cp="$tmp/classes:$(cat target/bench-classpath.txt)"
    noop_cp="$tmp/classes:$tmp/quarkus-app/lib/boot/*:$tmp/quarkus-app/lib/main/*"
}
