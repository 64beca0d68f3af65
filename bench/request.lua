-- wrk script shared by every bench/run measurement, against Atrium and nginx alike, so both get
-- the same request: BENCH_METHOD (GET), BENCH_BODY, and BENCH_HEADERS ("Name: value" lines: the
-- Authorization token, the session cookie, Accept). Prints one machine-readable line at the end.
wrk.method = os.getenv("BENCH_METHOD") or "GET"
local body = os.getenv("BENCH_BODY")
if body and body ~= "" then wrk.body = body end
for line in string.gmatch(os.getenv("BENCH_HEADERS") or "", "[^\n]+") do
  local name, value = string.match(line, "^([^:]+):%s*(.*)$")
  if name then wrk.headers[name] = value end
end

-- BENCH_KEYS=N: each request carries the next of N keys, BENCH_KEY_PREFIX .. 1 to N, in its
-- Authorization header (the gateway check with many keys); without it every request is the same.
local keys = tonumber(os.getenv("BENCH_KEYS") or "")
if keys and keys > 0 then
  local prefix = os.getenv("BENCH_KEY_PREFIX") or ""
  local headers = {}
  for name, value in pairs(wrk.headers) do headers[name] = value end
  local n = 0
  request = function()
    n = n % keys + 1
    headers["Authorization"] = prefix .. n
    return wrk.format(nil, nil, headers)
  end
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local errors = summary.errors.status + summary.errors.connect + summary.errors.read +
                 summary.errors.write + summary.errors.timeout
  io.write(string.format("BENCH requests=%d rps=%.1f p50_ms=%.3f p99_ms=%.3f errors=%d\n",
                         summary.requests, summary.requests / seconds,
                         latency:percentile(50) / 1000, latency:percentile(99) / 1000, errors))
end
