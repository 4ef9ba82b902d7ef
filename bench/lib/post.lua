-- wrk script: POST a body read from a file, with extra headers.
-- usage: wrk ... -s post.lua URL -- BODYFILE ['Header: value' ...]
-- done() prints one line "BENCHJSON {...}" with exact percentiles (microseconds).
function init(args)
   local f = assert(io.open(args[1], "rb"))
   wrk.body = f:read("*a")
   f:close()
   wrk.method = "POST"
   wrk.headers["Content-Type"] = "application/json"
   for i = 2, #args do
      local k, v = string.match(args[i], "^([^:]+):%s*(.*)$")
      if k then wrk.headers[k] = v end
   end
end

local pcts = {1, 5, 10, 20, 30, 40, 50, 60, 70, 75, 80, 85, 90, 95, 97.5, 99, 99.5, 99.9, 99.99}

function bench_done(summary, latency, extra)
   local e = summary.errors
   local parts = {}
   for _, p in ipairs(pcts) do
      parts[#parts + 1] = string.format('"%s":%d', tostring(p), latency:percentile(p))
   end
   io.write(string.format(
      'BENCHJSON {"requests":%d,"duration_us":%d,"bytes":%d,"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},' ..
      '"lat_us":{"min":%d,"mean":%.1f,"max":%d,"stdev":%.1f,"p":{%s}}%s}\n',
      summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
      latency.min, latency.mean, latency.max, latency.stdev, table.concat(parts, ","), extra or ""))
end

function done(summary, latency, requests)
   bench_done(summary, latency, nil)
end
