-- wrk script: POST one AdmissionReview (bench/validate.sh, bench/http.sh name the file in REVIEW) to /validate.
-- With WRK_SUMMARY set, done() also prints one line of key=value pairs (latencies in ms) that bench/http.sh reads:
--   WRK requests=... duration_s=... rps=... p50_ms=... p90_ms=... p99_ms=... p999_ms=... max_ms=... errors=... non2xx=...
-- (wrk's latencies are from each request's actual send: it is a closed loop, use it for throughput; bench/http.sh
-- measures latency at a fixed rate with FixedRateClient.)
local f = assert(io.open(os.getenv("REVIEW") or "examples/admission-review-bad.json", "r"))
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = "application/json"

function done(summary, latency, requests)
  if not os.getenv("WRK_SUMMARY") then
    return
  end
  local e = summary.errors
  local seconds = summary.duration / 1e6
  io.write(string.format("WRK requests=%d duration_s=%.3f rps=%.1f p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f p999_ms=%.3f "
      .. "max_ms=%.3f errors=%d non2xx=%d\n", summary.requests, seconds, summary.requests / seconds,
      latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
      latency:percentile(99.9) / 1000, latency.max / 1000, e.connect + e.read + e.write + e.timeout, e.status))
end
