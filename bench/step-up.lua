-- Steps up over and over: each thread (one connection) holds its own account's access token, from TOKENS
-- (comma-separated), and sends its password (MODE=password) or its next unused recovery code (MODE=code: RC and
-- a 14-digit counter, as the benchmark seeded them). Prints one RESULT line.
local tokens = {}
for t in string.gmatch(os.getenv("TOKENS"), "[^,]+") do
  tokens[#tokens + 1] = t
end
local mode = os.getenv("MODE")
local next_thread = 0
local threads = {}

function setup(thread)
  next_thread = next_thread + 1
  thread:set("token", tokens[next_thread])
  threads[next_thread] = thread
end

function init(args)
  used = 0
  failure = nil
end

-- The first refusal each thread met, so a run with errors says why.
function response(status, headers, body)
  if status ~= 200 and failure == nil then
    failure = status .. " after " .. used .. " codes: " .. string.sub(body, 1, 160)
  end
end

function request()
  local body
  if mode == "code" then
    used = used + 1
    body = string.format('{"otp":"RC%014d"}', used)
  else
    body = '{"password":"consilium-demo"}'
  end
  return wrk.format("POST", "/api/v1/auth/step-up",
      { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token }, body)
end

dofile(os.getenv("BENCH") .. "/result.lua")
local report = done
function done(summary, latency, requests)
  for i, thread in ipairs(threads) do
    local failed = thread:get("failure")
    if failed then
      io.stderr:write("thread " .. i .. " first refusal: " .. failed .. "\n")
    end
  end
  report(summary, latency, requests)
end
