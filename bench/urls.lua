-- Requests a random path from the file named by URLS, with the bearer token in TOKEN; prints one RESULT line.
local paths = {}
local token = os.getenv("TOKEN")

function setup(thread)
  thread:set("id", tostring(thread))
end

function init(args)
  for line in io.lines(os.getenv("URLS")) do
    paths[#paths + 1] = line
  end
  math.randomseed(os.time() + #tostring(id or ""))
end

function request()
  return wrk.format("GET", paths[math.random(#paths)], { ["Authorization"] = "Bearer " .. token })
end

function done(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
      + summary.errors.status
  io.write(string.format("RESULT requests=%d rps=%.0f p50=%.2fms p95=%.2fms p99=%.2fms errors=%d\n",
      summary.requests, summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
      latency:percentile(95) / 1000, latency:percentile(99) / 1000, errors))
end
