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

dofile(os.getenv("BENCH") .. "/result.lua")
