#!/usr/bin/env bash
# usage: bench/startup.sh [CURVE_S=100] [WINDOW_S=10] [REVIEWS=100000] [STARTS=3]
#
# django-guard from a cold start, as the chart runs it: the server on one core (taskset -c 0, the chart's 1-CPU limit),
# with the chart's JVM options, the load and the polling on core 1.
#   1. Start to first review: the time from starting the process to the first 200 with the review's uid to a real
#      review (bench/reviews/deployment-3-containers.json, polled every 10 ms; not only /q/health/ready), STARTS fresh
#      starts each with a mounted certificate (DJANGO_GUARD_TLS_CERT_FILE/KEY_FILE, as the chart sets them) and with
#      none (django-guard generates a self-signed EC P-256 pair at start); with the offset of its first log line,
#      Quarkus' own "started in" and the resident memory (VmRSS) at the first review. The log of the first start of
#      each kind is shown with each line's offset from the process start.
#   2. Warm-up curve: a fresh start (mounted certificate) under continuous load from the first answered review on:
#      FixedRateClient in a closed loop, 16 reviews in flight over HTTP/2, for CURVE_S seconds: reviews/s and p99 in
#      each WINDOW_S window, and VmRSS; then more of the same until REVIEWS reviews in all, and VmRSS after them. The
#      client warms itself up against a no-op handler (on the load core) before django-guard is started.
# Absolute numbers drift with the machine and its load; compare runs made one after the other (GUARD_CMD).
#
#   env GUARD_CMD   how to start django-guard, run as bash -c "exec $GUARD_CMD" so that its pid is the JVM's (default
#                   'java $JAVA_OPTS $LIMIT_OPTS -jar $GUARD_JAR', GUARD_JAR being a private copy of
#                   target/quarkus-app/quarkus-run.jar); its port and, for a mounted certificate, the certificate are
#                   given as QUARKUS_HTTP_SSL_PORT, DJANGO_GUARD_TLS_CERT_FILE and DJANGO_GUARD_TLS_KEY_FILE
#       JAVA_OPTS   the JVM options (default the chart's: its javaOpts, else the image's JAVA_OPTS from the Dockerfile)
#       LIMIT_OPTS  the chart's resource limits as JVM options (default -XX:MaxRAM=<limits.memory>
#                   -XX:ActiveProcessorCount=<limits.cpu> from helm/django-guard/values.yaml: the heap and GC the JVM
#                   picks in the pod); empty: the host's
#       PIN         1 (default): server on core 0, load on core 1; 0: unpinned
#       REVIEW; PORT (18753; the no-op handler the client warms up against takes the next one)
#       BUILD       auto|always|never (auto: package when src/ or pom.xml is newer than the jar)
#       OUT         a directory to keep the servers' logs and the clients' full output in
set -euo pipefail
cd "$(dirname "$0")/.."

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; }
case "${1:-}" in -h | --help) usage; exit 0 ;; -*) echo "startup.sh: unknown option $1" >&2; usage >&2; exit 2 ;; esac
curve_s=${1:-100}
window_s=${2:-10}
reviews=${3:-100000}
starts=${4:-3}
review=${REVIEW:-bench/reviews/deployment-3-containers.json}
port=${PORT:-18753}
[ -f "$review" ] || { echo "startup.sh: no review $review" >&2; exit 2; }

BENCH_NAME=startup.sh
# shellcheck source=bench/lib.sh
. bench/lib.sh
export JAVA_OPTS=${JAVA_OPTS-$(chart_java_opts)}
export LIMIT_OPTS=${LIMIT_OPTS-$(chart_limit_opts)}
GUARD_CMD=${GUARD_CMD:-'java $JAVA_OPTS $LIMIT_OPTS -jar $GUARD_JAR'}

build_server_and_bench

server_cpu=()
load_cpu=()
if [ "${PIN:-1}" = 1 ]; then
    [ "$(nproc --all)" -ge 2 ] || { echo "startup.sh: pinning needs 2 cores (PIN=0 to run unpinned)" >&2; exit 2; }
    server_cpu=(taskset -c 0)
    load_cpu=(taskset -c 1)
fi

# ---- processes: everything started here is stopped on exit
tmp=$(mktemp -d "${TMPDIR:-/tmp}/dg-startup.XXXXXX")
stop_on_exit

private_copies

noop_port=$((port + 1))
for p in "$port" "$noop_port"; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "startup.sh: port $p is in use" >&2; exit 2; fi
done
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj /CN=localhost \
    -addext subjectAltName=DNS:localhost,IP:127.0.0.1 -keyout "$tmp/tls.key" -out "$tmp/tls.crt" 2>/dev/null
url="https://localhost:$port/validate"

# Starts django-guard on $port with a mounted (cert=mounted) or generated certificate; sets guard_pid, t0 (ns) and
# t0_clock (HH:MM:SS.mmm, the clock its log lines are stamped with).
start_guard() {
    local cert=$1 log=$2 tls=()
    [ "$cert" = mounted ] && tls=(DJANGO_GUARD_TLS_CERT_FILE="$tmp/tls.crt" DJANGO_GUARD_TLS_KEY_FILE="$tmp/tls.key")
    t0=$(date +%s%N)
    env -u DJANGO_GUARD_TLS_CERT_FILE -u DJANGO_GUARD_TLS_KEY_FILE QUARKUS_HTTP_SSL_PORT="$port" QUARKUS_SHUTDOWN_DELAY=0s "${tls[@]}" \
        "${server_cpu[@]}" bash -c "exec $GUARD_CMD" > "$log" 2>&1 &
    guard_pid=$!
    pids+=("$guard_pid")
    t0_clock=$(date -d "@${t0:0:10}.${t0:10:9}" +%H:%M:%S.%3N)
}
stop_guard() {
    stop "$guard_pid"
    local kept=() p
    for p in "${pids[@]}"; do [ "$p" = "$guard_pid" ] || kept+=("$p"); done
    pids=("${kept[@]}")
}
rss() { awk '/^VmRSS:/{print int($2/1024)}' "/proc/$1/status" 2>/dev/null || echo -; }
# The milliseconds from t0 to the first 200 with a uid to the review, polled every 10 ms from the load core, and the
# milliseconds that request took.
first_review() {
    local log=$1 out
    while :; do
        if out=$("${load_cpu[@]}" curl -sk --max-time 10 -w '\n%{time_total}' -H 'Content-Type: application/json' \
                    --data-binary @"$review" "$url" 2>/dev/null) && [[ $out == *'"uid":"'* ]]; then
            # milliseconds since the start, and how long the answer itself took
            echo "$(( ($(date +%s%N) - t0) / 1000000 )) $(awk -v t="${out##*$'\n'}" 'BEGIN { printf "%d", t * 1000 }')"
            [[ $out == *'"allowed":true'* ]] || echo "startup.sh: $review is not allowed: $out" >&2
            return 0
        fi
        if ! kill -0 "$guard_pid" 2>/dev/null; then echo "startup.sh: django-guard exited; its log:" >&2; tail -n 20 "$log" >&2; return 1; fi
        if (( $(date +%s%N) - t0 > 180000000000 )); then echo "startup.sh: no review answered in 180 s" >&2; return 1; fi
        sleep 0.01
    done
}
# Milliseconds from t0_clock to a log line's HH:MM:SS.mmm stamp.
offset_ms() {
    awk -v a="$t0_clock" -v b="$1" 'function ms(t, p) { split(t, p, /[:.]/); return ((p[1] * 60 + p[2]) * 60 + p[3]) * 1000 + p[4] }
        BEGIN { d = ms(b) - ms(a); if (d < -43200000) d += 86400000; print d }'
}

echo "startup.sh: django-guard ${server_cpu[*]:-unpinned}, load ${load_cpu[*]:-unpinned}"
echo "  JAVA_OPTS=$JAVA_OPTS"
echo "  LIMIT_OPTS=$LIMIT_OPTS"
echo "  GUARD_CMD=$GUARD_CMD"
echo "  review $review ($(wc -c < "$review") bytes)"

# ---- 1. start to first review
echo
echo "1. start to first review ($starts fresh starts each)"
fmt="  %-10s %6s %15s %18s %18s %15s %10s\n"
printf "$fmt" "cert" "start" "first log (ms)" "\"started in\" (ms)" "first review (ms)" "its answer (ms)" "RSS (MiB)"
results=()
for cert in mounted generated; do
    for i in $(seq 1 "$starts"); do
        log="$tmp/start-$cert-$i.log"
        start_guard "$cert" "$log"
        read -r first took < <(first_review "$log" || echo "- -")
        [ "$first" != - ] || exit 1
        mem=$(rss "$guard_pid")
        sleep 0.2 # the log line with "started in" may come just after the first answer
        first_log=$(sed -n 's/^\([0-9][0-9]:[0-9][0-9]:[0-9][0-9]\.[0-9]\{3\}\) .*/\1/p' "$log" | head -n 1)
        first_log=$([ -n "$first_log" ] && offset_ms "$first_log" || echo -)
        started=$(sed -n 's/.* started in \([0-9.]*\)s\..*/\1/p' "$log" | head -n 1)
        started=$([ -n "$started" ] && awk -v s="$started" 'BEGIN{printf "%d", s * 1000}' || echo -)
        printf "$fmt" "$cert" "$i" "$first_log" "$started" "$first" "$took" "$mem"
        results+=("$cert $first_log $started $first $took $mem")
        if [ "$i" = 1 ]; then
            # What the server does between the process start and its first answer, offsets from the process start.
            while IFS= read -r line; do
                stamp=${line:0:12}
                if [[ $stamp =~ ^[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}$ ]]; then
                    printf -v off "%+7.3fs" "$(awk -v m="$(offset_ms "$stamp")" 'BEGIN{print m / 1000}')"
                    echo "${off} ${line:13:150}" >> "$tmp/timeline-$cert.txt"
                else
                    echo "         ${line:0:150}" >> "$tmp/timeline-$cert.txt"
                fi
            done < "$log"
        fi
        stop_guard
    done
done
median() { sort -n | awk '{ v[NR] = $1 } END { if (NR == 0) print "-"; else print v[int((NR + 1) / 2)] }'; }
for cert in mounted generated; do
    printf "$fmt" "$cert" "median" \
        "$(printf '%s\n' "${results[@]}" | awk -v c="$cert" '$1 == c && $2 ~ /^[0-9-]+$/ { print $2 }' | median)" \
        "$(printf '%s\n' "${results[@]}" | awk -v c="$cert" '$1 == c && $3 ~ /^[0-9]+$/ { print $3 }' | median)" \
        "$(printf '%s\n' "${results[@]}" | awk -v c="$cert" '$1 == c { print $4 }' | median)" \
        "$(printf '%s\n' "${results[@]}" | awk -v c="$cert" '$1 == c && $5 ~ /^[0-9]+$/ { print $5 }' | median)" \
        "$(printf '%s\n' "${results[@]}" | awk -v c="$cert" '$1 == c && $6 ~ /^[0-9]+$/ { print $6 }' | median)"
done
for cert in mounted generated; do
    echo "  log of the first start with a $cert certificate (offsets from the process start):"
    sed 's/^/    /' "$tmp/timeline-$cert.txt"
done

# ---- 2. warm-up curve under continuous load, then memory after $reviews reviews
echo
echo "2. warm-up under continuous load from a fresh start (mounted certificate): closed loop, 16 in flight, HTTP/2,"
echo "   ${curve_s} s from the first answered review, and on until ${reviews} reviews"
status=0
# The client warms itself up first, against a no-op handler on the load core, so that the curve is the server's
# warm-up, not the client's; then django-guard starts, and the client polls it until the first review is answered
# and from then on loads it without a pause.
noop_url="https://localhost:$noop_port/validate"
"${load_cpu[@]}" java -cp "$noop_cp" io.djangoguard.bench.NoopHandler "$noop_port" "$tmp/tls.crt" "$tmp/tls.key" > "$tmp/noop.log" 2>&1 &
pids+=("$!")
for _ in $(seq 1 600); do grep -q '^ready' "$tmp/noop.log" && break; sleep 0.1; done
grep -q '^ready' "$tmp/noop.log" || { echo "startup.sh: the no-op handler did not start:" >&2; cat "$tmp/noop.log" >&2; exit 1; }
"${load_cpu[@]}" java -cp "$cp" io.djangoguard.bench.FixedRateClient --label=curve --closed=16 --warmup=5000 --warmup-url="$noop_url" \
    --wait=180 --at-least="$reviews" --pid-file="$tmp/guard.pid" "$url" "$curve_s" "$window_s" "$review" \
    > "$tmp/curve.txt" 2> "$tmp/curve.err" &
client_pid=$!
pids+=("$client_pid")
until grep -qs '^# warm-up:' "$tmp/curve.txt"; do
    kill -0 "$client_pid" 2>/dev/null || { echo "startup.sh: the client stopped:" >&2; cat "$tmp/curve.txt" "$tmp/curve.err" >&2; exit 1; }
    sleep 0.05
done
sed -n 's/^# warm-up:/  client warm-up against the no-op handler:/p' "$tmp/curve.txt"
start_guard mounted "$tmp/curve.log"
echo "$guard_pid" > "$tmp/guard.pid"
wait "$client_pid" || status=1
rss_end=$(rss "$guard_pid")
jvm=$(jcmd "$guard_pid" VM.flags 2>/dev/null | tr ' ' '\n' | grep -E 'MaxHeapSize|Use[A-Za-z]*GC$|ActiveProcessorCount' | tr '\n' ' ' || true)
kv() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<< " $2" | head -n 1; }
total=$(grep '^TOTAL ' "$tmp/curve.txt" || true)
waited=$(sed -n 's/^# first review answered after \([0-9]*\) ms.*/\1/p' "$tmp/curve.txt")
rss_start=$(sed -n 's/.*server RSS \([0-9]*\) MiB.*/\1/p' "$tmp/curve.txt")
echo "  first review answered ${waited:--} ms after the client started polling (with the server); RSS then ${rss_start:--} MiB"
echo "  window end   reviews/s     p50 ms     p99 ms     max ms    rss MiB"
# Window lines of FixedRateClient: time sent ok failed p50 p90 p99 p99.9 max rate/s [rss]
awk -v limit="$curve_s" '/^ *[0-9.]+s / { t = $1; sub(/s$/, "", t); if (t + 0 > limit + 0.5) { more++; next }
        printf "  %9ss %11s %10s %10s %10s %10s\n", t, $10, $5, $7, $9, ($11 == "" ? "-" : $11) }
    END { if (more) printf "  (and %d more windows until the reviews were sent)\n", more }' "$tmp/curve.txt"
[ ! -s "$tmp/curve.err" ] || sed 's/^/  /' "$tmp/curve.err"
echo "  in all: $(kv ok "$total") reviews answered, $(( $(kv failed "$total" | grep -E '^[0-9]+$' || echo 0) + $(kv unanswered "$total" | grep -E '^[0-9]+$' || echo 0) )) failed, $(kv rate "$total") reviews/s, p99 $(kv p99_ms "$total") ms"
printf "  resident memory (VmRSS): %s MiB at the first review, %s MiB after %s reviews\n" "${rss_start:--}" "$rss_end" "$(kv sent "$total")"
[ -z "$jvm" ] || echo "  JVM (jcmd VM.flags): $jvm"
errors=$(cat "$tmp"/start-*.log "$tmp/curve.log" | grep -c ' ERROR ' || true)
[ "$errors" = 0 ] || { echo "django-guard logged $errors ERROR lines:"; cat "$tmp"/start-*.log "$tmp/curve.log" | grep ' ERROR ' | head -n 5; }
exit $status
