-- Reads customers by id, drawn at random from the file LOAD_IDS (one id a line).
local ids = {}

function init(args)
  for line in io.lines(os.getenv("LOAD_IDS")) do
    ids[#ids + 1] = line
  end
  math.randomseed(os.time() + #ids)
end

function request()
  local id = ids[math.random(#ids)]
  return wrk.format("GET", os.getenv("LOAD_PATH_PREFIX") .. id, {
    ["Authorization"] = "Bearer " .. os.getenv("LOAD_TOKEN")
  })
end

function done(summary, latency, requests)
  io.write(string.format("RESULT %.1f %.2f %.2f %.2f %d\n",
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
