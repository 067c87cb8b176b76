-- Creates customers with unique names and mobile numbers: each thread counts in its own range.
local counter = 0
local thread_id = 0
local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  thread_id = id
  math.randomseed(os.time() + thread_id)
end

local run = tostring(os.time() % 100000)

function request()
  counter = counter + 1
  local n = thread_id * 10000000 + counter
  local phone = string.format("139%08d", (tonumber(run) * 1000 + n * 7919) % 100000000)
  local body = string.format(
    '{"type":"INDIVIDUAL","name":"压测客户 %s-%d","phones":[{"number":"%s"}],"remarks":"load run"}',
    run, n, phone)
  return wrk.format("POST", "/api/v1/customers", {
    ["Authorization"] = "Bearer " .. os.getenv("LOAD_TOKEN"),
    ["Content-Type"] = "application/json"
  }, body)
end

function done(summary, latency, requests)
  io.write(string.format("RESULT %.1f %.2f %.2f %.2f %d\n",
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
