-- Spreads wrk's requests over many authorizers: each request takes the next path of PATHS_FILE, prefixed by
-- PATH_PREFIX (empty for the gateway, /constant or /redis for the comparators), with the bearer key of API_KEY.
local paths = {}
for line in io.lines(os.getenv("PATHS_FILE")) do
  paths[#paths + 1] = (os.getenv("PATH_PREFIX") or "") .. line
end

local index = 0
wrk.headers["Authorization"] = "Bearer " .. os.getenv("API_KEY")

function init(args)
  index = math.random(#paths)
end

function request()
  index = index % #paths + 1
  return wrk.format("GET", paths[index])
end

function done(summary, latency, requests)
  io.write(string.format("RESULT rps=%.0f p50=%.3f p99=%.3f p999=%.3f max=%.3f errors=%d non2xx=%d\n",
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency:percentile(99.9) / 1000, latency.max / 1000,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status))
end
