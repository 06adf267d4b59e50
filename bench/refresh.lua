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

dofile(os.getenv("BENCH") .. "/result.lua")
