-- wrk script for bench/requests.sh: GET requests with a bearer token,
-- cycling through the paths in FQ_PATHS (separated by "|"; already
-- URL-encoded). At the end prints "LATENCY p50 p95 p99" in milliseconds and
-- "STATUS n" with the count of answers other than 2xx/3xx.
local token = os.getenv("FQ_TOKEN")
local paths = {}
for p in string.gmatch(os.getenv("FQ_PATHS"), "[^|]+") do
  paths[#paths + 1] = p
end
local i = 0

request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i], {["Authorization"] = "Bearer " .. token})
end

done = function(summary, latency, requests)
  io.write(string.format("LATENCY %.2f %.2f %.2f\n", latency:percentile(50) / 1000,
    latency:percentile(95) / 1000, latency:percentile(99) / 1000))
  io.write(string.format("STATUS %d\n", summary.errors.status))
end
