-- wrk script: POST one audio file to /v1/detect. The file is named by the WAV environment variable.
-- Counts non-200 answers by status so that errors are visible beside the latency.
local path = os.getenv("WAV")
assert(path, "set WAV to the audio file to post")
local f = assert(io.open(path, "rb"))
local body = f:read("*a")
f:close()

wrk.method = "POST"
wrk.body = body
wrk.headers["Content-Type"] = "audio/wav"
local key = os.getenv("VIGIL_API_KEY")
if key then
  wrk.headers["X-API-Key"] = key
end

local statuses = {}
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  statuses = {}
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  io.write(string.format("requests %d, socket errors: connect %d read %d write %d timeout %d\n",
    summary.requests, summary.errors.connect, summary.errors.read, summary.errors.write,
    summary.errors.timeout))
  for _, p in ipairs({50, 90, 99}) do
    io.write(string.format("latency p%d %.1f ms\n", p, latency:percentile(p) / 1000))
  end
  io.write(string.format("throughput %.2f requests/s\n", summary.requests / (summary.duration / 1e6)))
end
