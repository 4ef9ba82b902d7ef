-- appended to post.lua for gateway runs: samples the x-gateway-overhead-ms response header
-- (wrk -t1: one thread; values are kept in that thread's Lua state and fetched in done()).
local threads = {}
function setup(thread)
   threads[#threads + 1] = thread
end

ovh = {}
ovh_n = 0
function response(status, headers, body)
   local v = headers["x-gateway-overhead-ms"] or headers["X-Gateway-Overhead-Ms"] or headers["X-Gateway-Overhead-MS"]
   if v and ovh_n < 200000 then
      local x = tonumber(v)
      if x then
         ovh_n = ovh_n + 1
         ovh[ovh_n] = x
      end
   end
end

function done(summary, latency, requests)
   local all = {}
   for _, t in ipairs(threads) do
      local vals = t:get("ovh")
      if vals then
         for _, x in ipairs(vals) do all[#all + 1] = x end
      end
   end
   table.sort(all)
   local extra = string.format(',"overhead_ms":{"n":%d', #all)
   if #all > 0 then
      local function q(p)
         local i = math.max(1, math.min(#all, math.ceil(#all * p / 100)))
         return all[i]
      end
      extra = extra .. string.format(',"p50":%.4f,"p95":%.4f,"p99":%.4f,"max":%.4f', q(50), q(95), q(99), all[#all])
   end
   extra = extra .. "}"
   bench_done(summary, latency, extra)
end
