-- GET the demo community's summary (the dashboard's one request).
local token = os.getenv("ALLEY_TOKEN")
request = function()
  return wrk.format("GET", "/api/v1/units/320706006010", { ["Authorization"] = "Bearer " .. token })
end
