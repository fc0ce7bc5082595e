-- B6: every request uses up one wx.login code of CODES_FILE (lines "<authorizer appid> <js_code>"), the file split
-- between wrk's WRK_THREADS threads so that no code is sent twice. MODE=gateway posts the code to the gateway's
-- jscode2session route with the bearer key API_KEY; MODE=direct sends it to the sandbox's sns/component/jscode2session
-- with the component token TOKEN, as a business service holding the token would. A response counts as failed unless it
-- is HTTP 200 with an openid (WeChat answers its errors as HTTP 200 with an errcode). A thread that runs out of codes
-- stops and says so (EXHAUSTED): its figures would then be short, so the scripts issue more codes than a run can use.
local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  local count = tonumber(os.getenv("WRK_THREADS"))
  codes = {}
  local line_number = 0
  for line in io.lines(os.getenv("CODES_FILE")) do
    if line_number % count == id then
      codes[#codes + 1] = line
    end
    line_number = line_number + 1
  end
  index = 0
  failed = 0
  exhausted = 0
  mode = os.getenv("MODE")
  component = os.getenv("COMPONENT")
  token = os.getenv("TOKEN")
  if mode == "gateway" then
    wrk.headers["Authorization"] = "Bearer " .. os.getenv("API_KEY")
    wrk.headers["Content-Type"] = "application/json"
  end
end

function request()
  index = index + 1
  local line = codes[index]
  if line == nil then
    exhausted = 1
    wrk.thread:stop()
    return wrk.format("GET", "/health/live")
  end
  local appid, code = line:match("^(%S+) (%S+)$")
  if mode == "gateway" then
    return wrk.format("POST", "/api/components/" .. component .. "/authorizers/" .. appid .. "/jscode2session", nil,
      '{"js_code":"' .. code .. '"}')
  end
  return wrk.format("GET", "/sns/component/jscode2session?appid=" .. appid .. "&js_code=" .. code ..
    "&grant_type=authorization_code&component_appid=" .. component .. "&component_access_token=" .. token)
end

function response(status, headers, body)
  if exhausted == 0 and (status ~= 200 or not body:find('"openid"', 1, true)) then
    failed = failed + 1
  end
end

function done(summary, latency, requests)
  local failures, out_of_codes = 0, 0
  for _, thread in ipairs(threads) do
    failures = failures + thread:get("failed")
    out_of_codes = out_of_codes + thread:get("exhausted")
  end
  io.write(string.format("RESULT rps=%.0f p50=%.3f p99=%.3f errors=%d non2xx=%d failed=%d exhausted=%d requests=%d\n",
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status, failures, out_of_codes, summary.requests))
end
