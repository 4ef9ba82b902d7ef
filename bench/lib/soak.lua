-- wrk script for the soak: rotates workloads 1-3 and paces each connection with delay().
-- usage: wrk ... -s soak.lua URL -- DELAY_MS CHAT_BODY STREAM_BODY CODEX_BODY
local reqs = {}
local idx = 0
local pause = 10
local function slurp(p)
   local f = assert(io.open(p, "rb")); local s = f:read("*a"); f:close(); return s
end
function init(args)
   pause = tonumber(args[1]) or 10
   local h = {["Content-Type"] = "application/json"}
   reqs[1] = wrk.format("POST", "/v1/chat/completions", h, slurp(args[2]))
   reqs[2] = wrk.format("POST", "/v1/chat/completions", h, slurp(args[3]))
   reqs[3] = wrk.format("POST", "/v1/responses", h, slurp(args[4]))
end
function request()
   idx = idx % 3 + 1
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
