#!/usr/bin/env bash
# Soak: the packaged server at the chart's heap (-Xmx384m) under a steady rate of admission reviews over HTTPS
# (HTTP/2, allowed and denied bodies in turn) with audits running beside it (a real manifest set, and hostile YAML
# that must be refused), for a bounded time, on loopback only. One line per minute: reviews, failures, latency from
# the intended send time (p50/p99/p99.9/max), audits by HTTP status, the server's RSS, heap in use and open fds.
# Exit 0 only when every review was answered with its uid.
#
# Usage: bench/soak.sh [minutes=10] [reviews/s=200] [audits/s=2]
set -euo pipefail
cd "$(dirname "$0")/.."
minutes=${1:-10}
rate=${2:-200}
audit_rate=${3:-2}
[ -f target/quarkus-app/quarkus-run.jar ] || ./mvnw -B -q package -DskipTests
port=18543
log=target/soak-server.log
java -Xmx384m -XX:+ExitOnOutOfMemoryError -Dquarkus.http.ssl-port=$port \
     -jar target/quarkus-app/quarkus-run.jar > "$log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do curl -sk "https://localhost:$port/q/health/ready" -o /dev/null && break; sleep 0.5; done

hostile=(src/test/resources/audit/hostile/*.yaml)
[ -e "${hostile[0]}" ] || hostile=()
echo "soak: $minutes min, $rate reviews/s, $audit_rate audits/s (manifests and ${#hostile[@]} hostile files), server pid $server"
java bench/LoadClient.java "https://localhost:$port" $((minutes * 60)) "$rate" "$audit_rate" 60 "$server" \
     examples/admission-review-good.json examples/admission-review-bad.json \
     -- examples/manifests/shop.yaml examples/manifests/billing.yaml "${hostile[@]}"
status=$?
echo "server log: $(grep -c ' ERROR ' "$log" || true) ERROR lines, $(grep -c 'Exception' "$log" || true) lines naming an exception"
exit $status
