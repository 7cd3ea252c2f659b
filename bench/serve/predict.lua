-- wrk script: every request POSTs one MNIST-shaped sample (784 little-endian float32) to /v1/predict and asks for
-- JSON back. The body is read once from the file named by SPANNET_BODY (written by run.sh). A non-2xx answer counts
-- as an error in the summary.
local file = assert(io.open(os.getenv("SPANNET_BODY"), "rb"))
wrk.method = "POST"
wrk.body = file:read("*a")
file:close()
wrk.headers["Content-Type"] = "application/octet-stream"

local failures = 0
function response(status, headers, body)
  if status ~= 200 then failures = failures + 1 end
end

function done(summary, latency, requests)
  io.write(string.format("non-200 answers: %d, socket errors: %d\n", summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
