-- wrk script for the soak: rotates the given requests and paces each connection with delay().
-- usage: wrk ... -s soak.lua URL -- DELAY_MS PATH1 BODY1 [PATH2 BODY2 ...]
local reqs = {}
local idx = 0
local pause = 10
local function slurp(p)
   local f = assert(io.open(p, "rb")); local s = f:read("*a"); f:close(); return s
end
function init(args)
   pause = tonumber(args[1]) or 10
   local h = {["Content-Type"] = "application/json"}
   local i = 2
   while args[i] and args[i + 1] do
      reqs[#reqs + 1] = wrk.format("POST", args[i], h, slurp(args[i + 1]))
      i = i + 2
   end
end
function request()
   idx = idx % #reqs + 1
   return reqs[idx]
end
function delay()
   return pause
end
function done(summary, latency, requests)
   local e = summary.errors
   io.write(string.format('BENCHJSON {"requests":%d,"duration_us":%d,"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},"lat_us":{"p50":%d,"p99":%d,"max":%d}}\n',
      summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
      latency:percentile(50), latency:percentile(99), latency.max))
end
