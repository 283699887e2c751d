-- wrk script for bench/intake.sh: every request raises a new request (诉求)
-- with POST /api/v1/requests. The environment says how:
--   FQ_TOKEN   the caller's bearer token
--   FQ_MODE    household: a resident for their own household FQ_HOUSEHOLD
--              point:     the hotline at the point FQ_LAT, FQ_LON
--              random:    the hotline at random points of the box
--                         FQ_BOX = "lat0,lat1,lon0,lon1"
--              building:  the hotline about the building FQ_BUILDING
-- At the end prints "LATENCY p50 p95 p99" in milliseconds and "STATUS n"
-- with the count of answers other than 2xx/3xx.
local token = os.getenv("FQ_TOKEN")
local mode = os.getenv("FQ_MODE") or "household"
local household = os.getenv("FQ_HOUSEHOLD")
local lat, lon = os.getenv("FQ_LAT"), os.getenv("FQ_LON")
local building = os.getenv("FQ_BUILDING")
local box = {}
for v in string.gmatch(os.getenv("FQ_BOX") or "0,0,0,0", "[^,]+") do
  box[#box + 1] = tonumber(v)
end
local counter = 0
local headers = {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token}

init = function(args)
  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))
end

local function place()
  if mode == "household" then
    return string.format('"household_id":%s', household)
  end
  local hotline = '"channel":"hotline","caller_name":"王先生","caller_phone":"13900001101",'
  if mode == "point" then
    return hotline .. string.format('"lat":%s,"lon":%s', lat, lon)
  elseif mode == "building" then
    return hotline .. string.format('"building_id":%s', building)
  end
  local la = box[1] + (box[2] - box[1]) * math.random()
  local lo = box[3] + (box[4] - box[3]) * math.random()
  return hotline .. string.format('"lat":%.6f,"lon":%.6f', la, lo)
end

request = function()
  counter = counter + 1
  local body = string.format(
    '{"title":"楼道灯不亮 %d","category":"property.corridor_light",' ..
    '"description":"3单元5楼楼道灯坏了一个多星期，晚上老人上下楼很危险，麻烦尽快修一下。",%s}',
    counter, place())
  return wrk.format("POST", "/api/v1/requests", headers, body)
end

done = function(summary, latency, requests)
  io.write(string.format("LATENCY %.2f %.2f %.2f\n", latency:percentile(50) / 1000,
    latency:percentile(95) / 1000, latency:percentile(99) / 1000))
  io.write(string.format("STATUS %d\n", summary.errors.status))
end
