#!/usr/bin/env bash
# usage: bench/http.sh [--pin] [WARMUP_S=25] [WRK_S=30] [RATE=200] [RATE_S=30]
#
# POST /validate of django-guard beside a no-op AdmissionReview handler on the same stack (Vert.x, TLS 1.3 with the
# same PEM certificate, HTTP/1.1 and HTTP/2, Jackson; bench/src/main/java/io/djangoguard/bench/NoopHandler.java), in
# one run, with the same review (bench/reviews/deployment-3-containers.json, 7.7 KB, allowed) and the same JVM options:
#   1. both started, one after the other (the time to each one's first answered review is shown), then each warmed
#      up for WARMUP_S seconds (wrk, HTTP/1.1, 16 connections);
#   2. throughput: wrk -t2 -c16 -d WRK_S against each in turn (HTTP/1.1, closed loop: requests/s, p50, p99);
#   3. latency: FixedRateClient at RATE/s for RATE_S s against each in turn (HTTP/2 like the API server, latency from
#      each request's intended send time, every answer checked for its request's uid);
# then one table with django-guard, the no-op handler, and guard/no-op. Absolute numbers drift from run to run and
# machine to machine; the ratios, measured in the same run, are what to compare.
#
#   --pin      servers on core 0 (taskset -c 0, like the chart's 1-CPU limit), wrk and the client on core 1
#   env GUARD_CMD   how to start django-guard, run as bash -c "exec $GUARD_CMD" (default
#                   'java $JAVA_OPTS $LIMIT_OPTS -jar $GUARD_JAR', GUARD_JAR being a private copy of
#                   target/quarkus-app/quarkus-run.jar); its port and certificate are given as QUARKUS_HTTP_SSL_PORT,
#                   DJANGO_GUARD_TLS_CERT_FILE and DJANGO_GUARD_TLS_KEY_FILE
#       JAVA_OPTS   JVM options of both servers (default: the image's, as the chart runs it: see bench/README.md)
#       LIMIT_OPTS  the chart's resource limits as JVM options (default -XX:MaxRAM=<limits.memory>
#                   -XX:ActiveProcessorCount=<limits.cpu>, read from helm/django-guard/values.yaml); empty: the host's
#       NOOP_JAVA   java for the no-op handler (default java); REVIEW the review (default the 7.7 KB one)
#       GUARD_PORT, NOOP_PORT (18743, 18744); BUILD auto|always|never (auto: package when src/ or pom.xml is newer)
#       OUT         a directory to keep the servers' logs and the load tools' full output in
set -euo pipefail
cd "$(dirname "$0")/.."

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; }
pin=0
args=()
for a in "$@"; do
    case "$a" in
        --pin) pin=1 ;;
        -h | --help) usage; exit 0 ;;
        -*) echo "http.sh: unknown option $a" >&2; usage >&2; exit 2 ;;
        *) args+=("$a") ;;
    esac
done
warmup=${args[0]:-25}
wrk_s=${args[1]:-30}
rate=${args[2]:-200}
rate_s=${args[3]:-30}
review=${REVIEW:-bench/reviews/deployment-3-containers.json}
guard_port=${GUARD_PORT:-18743}
noop_port=${NOOP_PORT:-18744}
command -v wrk >/dev/null || { echo "http.sh: wrk is missing (apt-get install wrk)" >&2; exit 2; }
[ -f "$review" ] || { echo "http.sh: no review $review" >&2; exit 2; }

BENCH_NAME=http.sh
# shellcheck source=bench/lib.sh
. bench/lib.sh
export JAVA_OPTS=${JAVA_OPTS-$(chart_java_opts)}
export LIMIT_OPTS=${LIMIT_OPTS-$(chart_limit_opts)}
GUARD_CMD=${GUARD_CMD:-'java $JAVA_OPTS $LIMIT_OPTS -jar $GUARD_JAR'}
noop_java=${NOOP_JAVA:-java}

build_server_and_bench

server_cpu=()
load_cpu=()
if [ "$pin" = 1 ]; then
    [ "$(nproc --all)" -ge 2 ] || { echo "http.sh: --pin needs 2 cores" >&2; exit 2; }
    server_cpu=(taskset -c 0)
    load_cpu=(taskset -c 1)
fi

# ---- processes: everything started here is stopped on exit
tmp=$(mktemp -d "${TMPDIR:-/tmp}/dg-http.XXXXXX")
stop_on_exit

private_copies

for port in "$guard_port" "$noop_port"; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "http.sh: port $port is in use" >&2; exit 2; fi
done
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj /CN=localhost \
    -addext subjectAltName=DNS:localhost,IP:127.0.0.1 -keyout "$tmp/tls.key" -out "$tmp/tls.crt" 2>/dev/null

# The first 200 answer with a uid to a real review, polled every 10 ms; prints the milliseconds since $3.
wait_review() {
    local url=$1 pid=$2 since=$3 log=$4 out
    while :; do
        if out=$(curl -sk --max-time 2 -H 'Content-Type: application/json' --data-binary @"$review" "$url" 2>/dev/null) \
                && [[ $out == *'"uid":"'* ]]; then
            echo $(( ($(date +%s%N) - since) / 1000000 ))
            [[ $out == *'"allowed":true'* ]] || echo "http.sh: $url does not allow $review: $out" >&2
            return 0
        fi
        if ! kill -0 "$pid" 2>/dev/null; then echo "http.sh: the server of $url exited; its log:" >&2; tail -n 20 "$log" >&2; return 1; fi
        if (( $(date +%s%N) - since > 180000000000 )); then echo "http.sh: $url answered no review in 180 s" >&2; return 1; fi
        sleep 0.01
    done
}

echo "http.sh: servers ${server_cpu[*]:-unpinned}, load ${load_cpu[*]:-unpinned}; review $review ($(wc -c < "$review") bytes)"
echo "  JAVA_OPTS=$JAVA_OPTS LIMIT_OPTS=$LIMIT_OPTS"
echo "  django-guard: $GUARD_CMD"
echo "  no-op:        $noop_java \$JAVA_OPTS \$LIMIT_OPTS io.djangoguard.bench.NoopHandler"
# One after the other, so that each first review measures that server's start alone.
t0=$(date +%s%N)
env QUARKUS_HTTP_SSL_PORT="$guard_port" DJANGO_GUARD_TLS_CERT_FILE="$tmp/tls.crt" DJANGO_GUARD_TLS_KEY_FILE="$tmp/tls.key" \
    QUARKUS_SHUTDOWN_DELAY=0s "${server_cpu[@]}" bash -c "exec $GUARD_CMD" > "$tmp/guard.log" 2>&1 &
guard_pid=$!
pids+=("$guard_pid")
guard_url="https://localhost:$guard_port/validate"
guard_first=$(wait_review "$guard_url" "$guard_pid" "$t0" "$tmp/guard.log")
t0=$(date +%s%N)
# shellcheck disable=SC2086
"${server_cpu[@]}" "$noop_java" $JAVA_OPTS $LIMIT_OPTS -cp "$noop_cp" io.djangoguard.bench.NoopHandler "$noop_port" "$tmp/tls.crt" "$tmp/tls.key" \
    > "$tmp/noop.log" 2>&1 &
noop_pid=$!
pids+=("$noop_pid")
noop_url="https://localhost:$noop_port/validate"
noop_first=$(wait_review "$noop_url" "$noop_pid" "$t0" "$tmp/noop.log")
echo "  first review answered ${guard_first} ms (django-guard) and ${noop_first} ms (no-op) after its start"

export REVIEW="$review" WRK_SUMMARY=1
for who in guard noop; do
    url=${who}_url
    echo "warm-up: $who, ${warmup} s of wrk -t2 -c16"
    "${load_cpu[@]}" wrk -t2 -c16 -d"${warmup}s" -s bench/validate.lua "${!url}" > "$tmp/warmup-$who.txt"
    sed -n 's/^WRK /  /p' "$tmp/warmup-$who.txt"
done

status=0
for who in guard noop; do
    url=${who}_url
    echo "throughput: $who, wrk -t2 -c16 -d${wrk_s}s"
    "${load_cpu[@]}" wrk -t2 -c16 -d"${wrk_s}s" -s bench/validate.lua "${!url}" > "$tmp/wrk-$who.txt"
    grep '^WRK ' "$tmp/wrk-$who.txt" | sed 's/^WRK /  /'
done
for who in guard noop; do
    url=${who}_url
    echo "latency: $who, ${rate}/s for ${rate_s} s"
    "${load_cpu[@]}" java -cp "$cp" io.djangoguard.bench.FixedRateClient --label="$who" --warmup=2000 "${!url}" "$rate" "$rate_s" \
        "$(( rate_s < 10 ? rate_s : 10 ))" "$review" > "$tmp/rate-$who.txt" 2> "$tmp/rate-$who.err" || status=1
    sed 's/^/  /' "$tmp/rate-$who.txt"
    [ ! -s "$tmp/rate-$who.err" ] || sed 's/^/  /' "$tmp/rate-$who.err"
done
guard_rss=$(awk '/^VmRSS:/{print int($2/1024)}' "/proc/$guard_pid/status" 2>/dev/null || echo -)
noop_rss=$(awk '/^VmRSS:/{print int($2/1024)}' "/proc/$noop_pid/status" 2>/dev/null || echo -)

# ---- the table
kv() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<< " $2" | head -n 1; }
total_of() { local n=0 k; for k in "${@:2}"; do n=$(( n + $(kv "$k" "$1" | grep -E '^[0-9]+$' || echo 0) )); done; echo "$n"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a ~ /^[0-9.]+$/ && b ~ /^[0-9.]+$/ && b > 0) printf "%.2f", a / b; else printf "-" }'; }
row() { printf "  %-34s %14s %14s %12s\n" "$1" "$2" "$3" "$(ratio "$2" "$3")"; }
gw=$(grep '^WRK ' "$tmp/wrk-guard.txt" || true)
nw=$(grep '^WRK ' "$tmp/wrk-noop.txt" || true)
gr=$(grep '^TOTAL ' "$tmp/rate-guard.txt" || true)
nr=$(grep '^TOTAL ' "$tmp/rate-noop.txt" || true)
echo
printf "  %-34s %14s %14s %12s\n" "" "django-guard" "no-op" "guard/no-op"
echo "  wrk -t2 -c16 -d${wrk_s}s, HTTP/1.1, closed loop"
row "throughput (reviews/s)" "$(kv rps "$gw")" "$(kv rps "$nw")"
row "p50 (ms)" "$(kv p50_ms "$gw")" "$(kv p50_ms "$nw")"
row "p99 (ms)" "$(kv p99_ms "$gw")" "$(kv p99_ms "$nw")"
row "errors + non-2xx" "$(total_of "$gw" errors non2xx)" "$(total_of "$nw" errors non2xx)"
echo "  ${rate}/s for ${rate_s} s, HTTP/2, from the intended send time"
row "achieved (reviews/s)" "$(kv rate "$gr")" "$(kv rate "$nr")"
row "p50 (ms)" "$(kv p50_ms "$gr")" "$(kv p50_ms "$nr")"
row "p99 (ms)" "$(kv p99_ms "$gr")" "$(kv p99_ms "$nr")"
row "p99.9 (ms)" "$(kv p999_ms "$gr")" "$(kv p999_ms "$nr")"
row "max (ms)" "$(kv max_ms "$gr")" "$(kv max_ms "$nr")"
row "failed (no 200 with its uid)" "$(total_of "$gr" failed unsent unanswered)" "$(total_of "$nr" failed unsent unanswered)"
row "RSS at the end (MiB)" "$guard_rss" "$noop_rss"
row "first review after start (ms)" "$guard_first" "$noop_first"
errors=$(grep -c ' ERROR ' "$tmp/guard.log" || true)
[ "$errors" = 0 ] || { echo "django-guard logged $errors ERROR lines:"; grep ' ERROR ' "$tmp/guard.log" | head -n 5; }
exit $status
