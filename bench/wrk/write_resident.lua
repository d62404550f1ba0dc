-- PATCH residents with If-Match, each wrk thread changing its own resident
-- (ids 1, 2, ... by thread) and carrying the ETag of its last answer to the
-- next change: every request is a durable dated change, none is stale.
-- Run with as many connections as threads (-c = -t), so that each thread's
-- requests are sequential.
local token = os.getenv("ALLEY_TOKEN")
local counter = 0
local threads = {}

function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
  table.insert(threads, thread)
end

function init(args)
  etag = nil
  n = 0
  conflicts = 0
end

request = function()
  n = n + 1
  if etag == nil then
    return wrk.format("GET", "/api/v1/residents/" .. id, { ["Authorization"] = "Bearer " .. token })
  end
  local body = '{"note": "wrk ' .. n .. '"}'
  return wrk.format("PATCH", "/api/v1/residents/" .. id,
                    { ["Authorization"] = "Bearer " .. token, ["If-Match"] = etag,
                      ["Content-Type"] = "application/json" }, body)
end

response = function(status, headers, body)
  if headers["ETag"] ~= nil then etag = headers["ETag"] end
  if status == 409 then conflicts = conflicts + 1; etag = nil end
end

done = function(summary, latency, requests)
  local total = 0
  for _, t in ipairs(threads) do total = total + t:get("conflicts") end
  io.write(string.format("stale writes (409): %d\n", total))
end
