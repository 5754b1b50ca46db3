#!/usr/bin/env bash
# Audit at scale: generates (target/bench-audit/) 10,000 objects as multi-document YAML files and a ~5 MB rendered
# chart, times the command-line audit over them (wall time and peak RSS of the whole JVM), then POSTs the chart to
# /audit on the packaged server. The server refuses a body over quarkus.http.limits.max-body-size (4 MiB, README
# "Over HTTP"), so for the 5 MB chart the result is the 413 and the time to refuse it; the chart's first documents,
# cut under 4,000,000 bytes, are posted too, to time an audit the server accepts. See bench/README.md "Audit scale".
#
# Usage: bench/audit-scale.sh [--quick] [--runs N] [--objects N] [--chart-bytes N] [--no-server]
#   --quick        one run of each measurement (default: 3 runs, each printed)
#   --objects N    objects to generate (default 10000); --chart-bytes N: size of the chart (default 5000000)
#   --no-server    the command line only
# The command line runs three ways: from target/classes (java -cp ... io.djangoguard.Main audit), as the packaged jar
# (bin/django-guard), and from target/classes with a bounded heap (CLI_BOUNDED_HEAP, default 256m), since the peak
# RSS of the first two is mostly how far the JVM lets its heap grow (its default maximum: a quarter of the RAM).
# Environment: CLI_JAVA_OPTS (default none: the JVM's own heap sizing), SERVER_JAVA_OPTS (default the pod's:
# -Xmx384m, 75% of the chart's 512Mi limit, and -XX:+ExitOnOutOfMemoryError), AUDIT_SCALE_PORT (default 18643; the
# audit listener is the next port), BUILD=never|always and MVNW_ARGS (default -B -ntp -o -q) as the other scripts.
set -uo pipefail
cd "$(dirname "$0")/.."

runs=3
objects=10000
chart_bytes=5000000
server=1
while [ $# -gt 0 ]; do
    case "$1" in
        --quick) runs=1 ;;
        --runs) runs=$2; shift ;;
        --objects) objects=$2; shift ;;
        --chart-bytes) chart_bytes=$2; shift ;;
        --no-server) server=0 ;;
        *) echo "audit-scale.sh: unknown argument $1 (see the header of $0)" >&2; exit 2 ;;
    esac
    shift
done

# The build lock every build of this work tree takes (when flock exists); MVNW_ARGS, BUILD as the other scripts.
# shellcheck source=bench/lib.sh
. bench/lib.sh
out=target/bench-audit
mkdir -p "$out/runs"

# Build what is missing or older than its sources (BUILD=never: use what is there; BUILD=always: rebuild): the
# packaged server and command line (package compiles the tests too) and the test classes (the corpus generator,
# bench/src/main/java/io/djangoguard/bench/jmh/AuditCorpus.java).
app_jar=$(ls target/quarkus-app/app/*.jar 2>/dev/null | head -1)
if [ "${BUILD:-}" = always ] || { [ "${BUILD:-}" != never ] \
        && { [ -z "$app_jar" ] || [ -n "$(find src/main pom.xml -newer "$app_jar" -print -quit)" ]; }; }; then
    echo "audit-scale.sh: packaging the server (package -DskipTests; waits for the build lock)" >&2
    mvnw package -DskipTests || exit 1
    touch "$out/.built"
fi
if [ "${BUILD:-}" != never ] && { [ ! -f "$out/.built" ] || [ ! -f target/test-classes/io/djangoguard/bench/jmh/AuditCorpus.class ] \
        || [ -n "$(find bench/src/main/java src/main pom.xml -newer "$out/.built" -print -quit)" ]; }; then
    echo "audit-scale.sh: compiling (test-compile; waits for the build lock)" >&2
    mvnw test-compile || exit 1
    touch "$out/.built"
fi
if [ ! -s target/bench-classpath.txt ] || [ pom.xml -nt target/bench-classpath.txt ]; then
    mvnw dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt || exit 1
fi
deps=$(cat target/bench-classpath.txt)

# Run from a copy taken under the build lock, so that a build started meanwhile (others share target/) cannot change
# or remove classes under a running audit or server.
snap=$out/snapshot
locked sh -c "rm -rf '$snap' && mkdir -p '$snap/test/io/djangoguard' && cp -rp target/classes '$snap/main' \
    && cp -rp target/test-classes/io/djangoguard/bench '$snap/test/io/djangoguard/' \
    && if [ -d target/quarkus-app ]; then cp -rp target/quarkus-app '$snap/quarkus-app'; fi" || exit 1

# The corpus, regenerated when the generator changed or the sizes asked for differ.
spec="$objects $chart_bytes"
if [ ! -f "$out/.generated" ] || [ "$(cat "$out/.generated")" != "$spec" ] \
        || [ "$snap/test/io/djangoguard/bench/jmh/AuditCorpus.class" -nt "$out/.generated" ] \
        || [ "$snap/test/io/djangoguard/bench/jmh/Fixtures.class" -nt "$out/.generated" ]; then
    rm -rf "$out/objects" "$out/chart"
    java -cp "$snap/test:$snap/main:$deps" io.djangoguard.bench.jmh.AuditCorpus "$out" "$objects" "$chart_bytes" \
        || exit 1
    echo "$spec" > "$out/.generated"
fi
chart=$out/chart/platform.yaml
under=$out/chart/platform-under-4mib.yaml

mib() { awk -v b="$1" 'BEGIN { printf "%.1f MB", b / 1000000 }'; }
files=$(ls "$out"/objects/*.yaml | wc -l)
objects_bytes=$(cat "$out"/objects/*.yaml | wc -c)

rows=()
row() { rows+=("$(printf '%-36s %-36s %6s %8s %9s %5s  %s' "$@")"); }

# "objects": 10000, "denied": 364, ... from the head of a JSON report.
summary() {
    head -c 400 "$1" 2>/dev/null | tr -d ' \n' | sed -n 's/.*"summary":{\([^}]*\)}.*/\1/p' | tr -d '"' | sed 's/,/, /g; s/:/ /g'
}

# measure NAME COMMAND...: runs it with stdout to $out/runs/NAME.out; sets rc, wall (s), rss (MiB, the process's peak).
measure() {
    local name=$1
    shift
    local prefix=$out/runs/$name
    if [ -x /usr/bin/time ]; then
        /usr/bin/time -v -o "$prefix.time" "$@" > "$prefix.out" 2> "$prefix.err"
        rc=$?
        wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; printf "%.2f", s }' "$prefix.time")
        rss=$(awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$prefix.time")
    else
        # No GNU time: sample the process's VmHWM (its own high-water mark, so the last sample is the peak) until it exits.
        local start end hwm=0 v pid
        start=$(date +%s.%N)
        "$@" > "$prefix.out" 2> "$prefix.err" &
        pid=$!
        while kill -0 $pid 2>/dev/null; do
            v=$(awk '/^VmHWM:/ { print $2 }' /proc/$pid/status 2>/dev/null)
            [ -n "$v" ] && hwm=$v
            sleep 0.05
        done
        wait $pid
        rc=$?
        end=$(date +%s.%N)
        wall=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }')
        rss=$((hwm / 1024))
    fi
}

heap=$(java ${CLI_JAVA_OPTS:-} -XX:+PrintFlagsFinal -version 2>/dev/null | awk '$2 == "MaxHeapSize" { printf "%.0f MiB", $4 / 1048576 }')
echo "== audit scale: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), command line max heap $heap${CLI_JAVA_OPTS:+ ($CLI_JAVA_OPTS)}, $runs run(s) each"
echo "   objects: $objects objects in $files files ($(mib "$objects_bytes")), chart: $(grep -c '^---' "$chart") documents in one file ($(mib "$(wc -c < "$chart")"))"

inputs=("examples/manifests|baseline: examples/manifests" "$out/objects|objects/ ($files files, $(mib "$objects_bytes"))"
    "$chart|chart/platform.yaml ($(mib "$(wc -c < "$chart")"))")

# Three command lines: from target/classes (with the test class path), the packaged jar as bin/django-guard runs
# it, and the first with a bounded heap (the peak RSS of the others is mostly how far the JVM lets its heap grow).
bounded=${CLI_BOUNDED_HEAP:-256m}
clis=("target/classes|java ${CLI_JAVA_OPTS:-} -cp $snap/main:$deps io.djangoguard.Main"
    "quarkus-run.jar|java ${CLI_JAVA_OPTS:-} -jar $snap/quarkus-app/quarkus-run.jar"
    "target/classes, -Xmx$bounded|java ${CLI_JAVA_OPTS:-} -Xmx$bounded -cp $snap/main:$deps io.djangoguard.Main")
for cli in "${clis[@]}"; do
    name=${cli%%|*}
    read -r -a cmd <<< "${cli#*|}"
    if [ "$name" = quarkus-run.jar ] && [ ! -f "$snap/quarkus-app/quarkus-run.jar" ]; then
        continue
    fi
    for input in "${inputs[@]}"; do
        path=${input%%|*}
        label=${input#*|}
        case "$name|$path" in *Xmx*"|examples/manifests") continue ;; esac
        for r in $(seq 1 "$runs"); do
            id="cli-$(echo "$name" | tr -c 'a-zA-Z0-9\n' '-')-$(basename "$path")-$r"
            measure "$id" "${cmd[@]}" audit --format json "$path"
            s=$(summary "$out/runs/$id.out")
            n=$(echo "$s" | sed -n 's/^objects \([0-9]*\).*/\1/p')
            [ -n "$s" ] || s="no report: $(grep -m1 -o 'OutOfMemoryError.*\|Exception.*' "$out/runs/$id.err" | head -c 80)"
            row "cli ($name) #$r" "$label" "${n:--}" "$wall" "$rss" "$rc" "${s#objects * }"
        done
    done
done

if [ $server = 1 ]; then
    port=${AUDIT_SCALE_PORT:-18643}
    aport=$((port + 1))
    for p in $port $aport; do
        if (exec 3<>/dev/tcp/127.0.0.1/$p) 2>/dev/null; then
            echo "audit-scale.sh: port $p is in use; set AUDIT_SCALE_PORT" >&2
            exit 1
        fi
    done
    log=$out/server.log
    started=$(date +%s.%N)
    # Cluster lookups off (no cluster here); the audit on a listener of its own, as the chart serves it; no token.
    java ${SERVER_JAVA_OPTS:--Xmx384m -XX:+ExitOnOutOfMemoryError} -Dquarkus.http.ssl-port=$port \
        -Ddjango-guard.audit.port=$aport -Ddjango-guard.cluster.enabled=false -Dquarkus.shutdown.delay=0s \
        -jar "$snap/quarkus-app/quarkus-run.jar" > "$log" 2>&1 &
    pid=$!
    trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null' EXIT
    ready=0
    for _ in $(seq 1 240); do
        if curl -sk -o /dev/null -w '%{http_code}' "https://localhost:$aport/q/health/ready" 2>/dev/null | grep -q 200; then
            ready=1
            break
        fi
        kill -0 $pid 2>/dev/null || break
        sleep 0.25
    done
    if [ $ready = 0 ]; then
        echo "audit-scale.sh: the server did not become ready; the end of $log:" >&2
        tail -20 "$log" >&2
        exit 1
    fi
    up=$(awk -v a="$started" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
    hwm() { awk '/^VmHWM:/ { printf "%.0f", $2 / 1024 }' /proc/$pid/status; }
    echo "   server: pid $pid, ready in ${up}s, RSS high-water $(hwm) MiB at start (${SERVER_JAVA_OPTS:--Xmx384m -XX:+ExitOnOutOfMemoryError})"

    # post NAME FILE [curl options]: sets code, wall (s), sent (what curl got out before the answer), proto
    post() {
        local name=$1 file=$2
        shift 2
        local w
        w=$(curl -sk -o "$out/runs/$name.out" -w '%{http_code} %{time_total} %{size_upload} %{http_version}' "$@" \
            -H 'Content-Type: application/yaml' --data-binary @"$file" "https://localhost:$aport/audit")
        read -r code wall sent proto <<< "$w"
        wall=$(printf '%.3f' "$wall")
        sent=$(awk -v b="$sent" 'BEGIN { printf "%.0f kB", b / 1000 }')
        proto="HTTP/$proto"
    }
    refusal() { [ "$code" = 413 ] && echo "refused: over the 4 MiB body limit; " || true; }
    chart_label="chart/platform.yaml ($(mib "$(wc -c < "$chart")"))"
    for r in $(seq 1 "$runs"); do
        post "post-chart-$r" "$chart"
        row "POST /audit #$r" "$chart_label" - "$wall" "$(hwm)" "$code" "$(refusal)$sent of the body sent ($proto)"
        post "post-chart-h1-$r" "$chart" --http1.1
        row "POST /audit, HTTP/1.1 #$r" "$chart_label" - "$wall" "$(hwm)" "$code" \
            "$(refusal)$sent of the body sent (curl's Expect: 100-continue)"
        post "post-chart-h1-noexpect-$r" "$chart" --http1.1 -H 'Expect:'
        row "POST /audit, HTTP/1.1 #$r" "$chart_label" - "$wall" "$(hwm)" "$code" "$(refusal)$sent of the body sent (no Expect)"
    done
    for r in $(seq 1 "$runs"); do
        post "post-under-$r" "$under"
        s=$(summary "$out/runs/post-under-$r.out")
        n=$(echo "$s" | sed -n 's/^objects \([0-9]*\).*/\1/p')
        [ "$code" = 200 ] || s="$(head -c 200 "$out/runs/post-under-$r.out")"
        row "POST /audit #$r" "platform-under-4mib.yaml ($(mib "$(wc -c < "$under")"))" "${n:--}" "$wall" "$(hwm)" "$code" \
            "${s#objects * } ($proto)"
    done
    kill $pid 2>/dev/null
    wait $pid 2>/dev/null
    trap - EXIT
fi

echo
printf '%-36s %-36s %6s %8s %9s %5s  %s\n' "what" "input" "objs" "wall s" "peak MiB" "exit" "result"
printf '%s\n' "${rows[@]}"
echo
echo "exit: the command line's status (1: it would refuse an object) or the HTTP status; peak MiB: the command line's"
echo "peak RSS, or the server's RSS high-water mark so far (VmHWM) after the request. Outputs: $out/runs/."
