-- wrk script: POST one AdmissionReview (bench/validate.sh names the file) to /validate.
local f = assert(io.open(os.getenv("REVIEW") or "examples/admission-review-bad.json", "r"))
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = "application/json"
