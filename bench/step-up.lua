-- Steps up over and over: each thread (one connection) holds its own account's access token, from TOKENS
-- (comma-separated), and sends its password (MODE=password) or its next unused recovery code (MODE=code: RC and
-- a 14-digit counter, as the benchmark seeded them). Prints one RESULT line.
local tokens = {}
for t in string.gmatch(os.getenv("TOKENS"), "[^,]+") do
  tokens[#tokens + 1] = t
end
local mode = os.getenv("MODE")
local next_thread = 0

function setup(thread)
  next_thread = next_thread + 1
  thread:set("token", tokens[next_thread])
end

function init(args)
  used = 0
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
