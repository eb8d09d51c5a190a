-- wrk script: POSTs text/csv bodies cycled from a CSV file and prints one JSON line of results.
-- wrk -s invoke.lua URL -- FILE ROWS_PER_REQUEST
-- FILE: the notebook's CSV (its first line is a header and is skipped); ROWS_PER_REQUEST: 1 or e.g. 100.
local requests = {}
local index = 0

function init(args)
  local file = assert(args[1], "usage: -- FILE ROWS_PER_REQUEST")
  local per = tonumber(args[2] or "1")
  local rows = {}
  local first = true
  for line in io.lines(file) do
    if first then
      first = false
    elseif #line > 0 then
      rows[#rows + 1] = line
    end
  end
  local headers = { ["Content-Type"] = "text/csv" }
  local path = wrk.path
  -- Requests are formatted once so wrk spends its time sending, not building strings.
  local start = 1
  repeat
    local chunk = {}
    for i = 0, per - 1 do
      chunk[#chunk + 1] = rows[((start - 1 + i) % #rows) + 1]
    end
    requests[#requests + 1] = wrk.format("POST", path, headers, table.concat(chunk, "\n"))
    start = start + per
  until start > #rows or (per > 1 and #requests >= 16)
  -- Threads start at different rows.
  index = math.random(#requests) - 1
end

function request()
  index = index % #requests + 1
  return requests[index]
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests":%d,"duration_us":%d,"bytes":%d,"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},' ..
    '"latency_us":{"mean":%.1f,"p50":%d,"p90":%d,"p99":%d,"p999":%d,"max":%d}}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
    latency.mean, latency:percentile(50), latency:percentile(90), latency:percentile(99), latency:percentile(99.9), latency.max))
end
