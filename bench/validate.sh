#!/usr/bin/env bash
# Throughput and latency of POST /validate on the packaged server, with wrk (Debian package) on
# loopback. Bounded: a warm-up of 10 s, then one 15 s run. Usage: bench/validate.sh [review.json]
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "bench: apt-get install wrk" >&2; exit 2; }
[ -f target/quarkus-app/quarkus-run.jar ] || ./mvnw -B -q package -DskipTests
port=18443
java -Dquarkus.http.ssl-port=$port -jar target/quarkus-app/quarkus-run.jar > target/bench-server.log 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do curl -sk "https://localhost:$port/q/health/ready" -o /dev/null && break; sleep 0.5; done
export REVIEW="${1:-examples/admission-review-bad.json}"
wrk -t2 -c16 -d10s -s bench/validate.lua "https://localhost:$port/validate" > /dev/null
wrk -t2 -c16 -d15s --latency -s bench/validate.lua "https://localhost:$port/validate"
