-- GET a page of residents (20 per page), walking pages 1..50 of the demo
-- community. Needs ALLEY_TOKEN in the environment (a bearer token).
local token = os.getenv("ALLEY_TOKEN")
local page = 0
request = function()
  page = page % 50 + 1
  return wrk.format("GET", "/api/v1/residents?unit=320706006010&page_size=20&page=" .. page,
                    { ["Authorization"] = "Bearer " .. token })
end
