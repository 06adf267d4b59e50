-- Signs in over and over: each thread (one connection) as its own account, flood-<n>@example.org, with the demo
-- password. Prints one RESULT line.
local next_thread = 0

function setup(thread)
  next_thread = next_thread + 1
  thread:set("email", "flood-" .. next_thread .. "@example.org")
end

function request()
  return wrk.format("POST", "/api/v1/auth/token", { ["Content-Type"] = "application/json" },
      '{"username":"' .. email .. '","password":"consilium-demo"}')
end

dofile(os.getenv("BENCH") .. "/result.lua")
