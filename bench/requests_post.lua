-- wrk script for bench/requests.sh: every request raises a new request (诉求)
-- with POST /api/v1/requests as one resident, for their own household.
-- FQ_TOKEN is the resident's bearer token, FQ_HOUSEHOLD their household id.
-- At the end prints "LATENCY p50 p95 p99" in milliseconds and "STATUS n" with
-- the count of answers other than 2xx/3xx.
local token = os.getenv("FQ_TOKEN")
local household = os.getenv("FQ_HOUSEHOLD")
local counter = 0

request = function()
  counter = counter + 1
  local body = string.format(
    '{"title":"楼道灯不亮 %d","category":"property.corridor_light",' ..
    '"description":"3单元5楼楼道灯坏了一个多星期，晚上老人上下楼很危险，麻烦尽快修一下。",' ..
    '"household_id":%s}', counter, household)
  return wrk.format("POST", "/api/v1/requests",
    {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token}, body)
end

done = function(summary, latency, requests)
  io.write(string.format("LATENCY %.2f %.2f %.2f\n", latency:percentile(50) / 1000,
    latency:percentile(95) / 1000, latency:percentile(99) / 1000))
  io.write(string.format("STATUS %d\n", summary.errors.status))
end
