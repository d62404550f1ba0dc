-- PATCH residents with If-Match: a dated change (a new note) to one resident
-- after another. Each wrk thread works through its own 50 residents (thread t
-- of T takes ids t, t + T, t + 2T, ...), reading each one's ETag once (GET)
-- and then carrying the ETag of every answer to that resident's next change:
-- every request after the first pass is a durable write, none is stale.
-- Run with as many connections as threads (-c = -t), so that each thread's
-- requests are sequential.
local token = os.getenv("ALLEY_TOKEN")
local counter = 0
local threads = {}

function setup(thread)
  counter = counter + 1
  thread:set("first", counter)
  table.insert(threads, thread)
end

function init(args)
  etags = {}
  ids = {}
  for k = 0, 49 do ids[k + 1] = first + k * counter_total() end
  next_index = 0
  last_id = nil
  n = 0
  conflicts = 0
  reads = 0
end

-- The number of threads, fixed once setup has run for all of them.
function counter_total()
  return tonumber(os.getenv("WRK_THREADS") or "8")
end

request = function()
  next_index = next_index % #ids + 1
  last_id = ids[next_index]
  n = n + 1
  local etag = etags[last_id]
  if etag == nil then
    reads = reads + 1
    return wrk.format("GET", "/api/v1/residents/" .. last_id,
                      { ["Authorization"] = "Bearer " .. token })
  end
  local body = '{"note": "wrk ' .. n .. '"}'
  return wrk.format("PATCH", "/api/v1/residents/" .. last_id,
                    { ["Authorization"] = "Bearer " .. token, ["If-Match"] = etag,
                      ["Content-Type"] = "application/json" }, body)
end

response = function(status, headers, body)
  if status == 409 then
    conflicts = conflicts + 1
    etags[last_id] = nil
  elseif headers["ETag"] ~= nil then
    etags[last_id] = headers["ETag"]
  end
end

done = function(summary, latency, requests)
  local stale, gets = 0, 0
  for _, t in ipairs(threads) do
    stale = stale + t:get("conflicts")
    gets = gets + t:get("reads")
  end
  io.write(string.format("stale writes (409): %d; ETag reads (GET, first pass): %d\n", stale, gets))
end
