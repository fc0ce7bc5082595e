-- B4: every request is one signed, encrypted message push of PUSHES_FILE (lines "<path and query>\t<body>", written by
-- `Crypto.Bench pushes`), the file split between wrk's WRK_THREADS threads so that no push is sent twice (a push sent
-- again would be a WeChat retry, which the gateway answers from memory). A response counts as failed unless it is
-- HTTP 200 with the body `success`. A thread that runs out of pushes stops and says so (EXHAUSTED).
local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  local count = tonumber(os.getenv("WRK_THREADS"))
  pushes = {}
  local line_number = 0
  for line in io.lines(os.getenv("PUSHES_FILE")) do
    if line_number % count == id then
      pushes[#pushes + 1] = line
    end
    line_number = line_number + 1
  end
  index = 0
  failed = 0
  exhausted = 0
  wrk.headers["Content-Type"] = "text/xml"
end

function request()
  index = index + 1
  local line = pushes[index]
  if line == nil then
    exhausted = 1
    wrk.thread:stop()
    return wrk.format("GET", "/health/live")
  end
  local tab = line:find("\t", 1, true)
  return wrk.format("POST", line:sub(1, tab - 1), nil, line:sub(tab + 1))
end

function response(status, headers, body)
  if exhausted == 0 and (status ~= 200 or body ~= "success") then
    failed = failed + 1
  end
end

function done(summary, latency, requests)
  local failures, out_of_pushes = 0, 0
  for _, thread in ipairs(threads) do
    failures = failures + thread:get("failed")
    out_of_pushes = out_of_pushes + thread:get("exhausted")
  end
  io.write(string.format("RESULT rps=%.0f p50=%.3f p99=%.3f errors=%d non2xx=%d failed=%d exhausted=%d requests=%d\n",
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status, failures, out_of_pushes, summary.requests))
end
