-- wrk script for bench/talents.sh: GET one path (FQ_PATH) with a bearer
-- token (FQ_TOKEN). At the end prints "LATENCY p50 p95 p99" in
-- milliseconds, "STATUS n" (answers other than 2xx/3xx) and "REQUESTS n".
local token = os.getenv("FQ_TOKEN")
local path = os.getenv("FQ_PATH")

request = function()
  return wrk.format("GET", path, {["Authorization"] = "Bearer " .. token})
end

done = function(summary, latency, requests)
  io.write(string.format("LATENCY %.2f %.2f %.2f\n", latency:percentile(50) / 1000,
    latency:percentile(95) / 1000, latency:percentile(99) / 1000))
  io.write(string.format("STATUS %d\n", summary.errors.status))
  io.write(string.format("REQUESTS %d\n", summary.requests))
end
