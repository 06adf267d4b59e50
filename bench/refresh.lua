-- Renews a token pair over and over: each thread (one connection) starts from its own refresh token, from TOKENS
-- (comma-separated), and sends the refresh token of each answer in the next request. Prints one RESULT line.
local tokens = {}
for t in string.gmatch(os.getenv("TOKENS"), "[^,]+") do
  tokens[#tokens + 1] = t
end
local next_thread = 0

function setup(thread)
  next_thread = next_thread + 1
  thread:set("refresh", tokens[next_thread])
end

function request()
  return wrk.format("POST", "/api/v1/auth/refresh", { ["Content-Type"] = "application/json" },
      '{"refresh_token":"' .. refresh .. '"}')
end

function response(status, headers, body)
  local renewed = string.match(body, '"refresh_token":"([^"]+)"')
  if status == 200 and renewed then
    refresh = renewed
  end
end

function done(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
      + summary.errors.status
  io.write(string.format("RESULT requests=%d rps=%.0f p50=%.2fms p95=%.2fms p99=%.2fms errors=%d\n",
      summary.requests, summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
      latency:percentile(95) / 1000, latency:percentile(99) / 1000, errors))
end
