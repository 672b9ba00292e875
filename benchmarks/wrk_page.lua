-- wrk script for `make bench` (benchmarks/run.py sets the environment variables).
--
-- ENOK_PATH       the path to request
-- ENOK_METHOD     GET (default) or POST (a quiz submission)
-- ENOK_HOSTS      optional "host:port,host:port": thread n sends to the n-th address, in turn
--                 (two app servers: requests split evenly between them)
-- ENOK_SESSIONS   optional file, one signed-in learner a line: "<Cookie header>\t<CSRF form token>";
--                 requests go through these learners in turn
-- ENOK_BODY       for POST: the url-encoded answers; the CSRF token and a fresh submission_token
--                 (a new UUID each time, as a new page load would give) are added to it
-- ENOK_EXPECT     the status every response must have (default 200)
-- ENOK_TEXT       optional text every response body must contain (proves a graded result or a
--                 signed-in page, not a fast error page)
--
-- done() prints one line "ENOK-RESULT {json}" with throughput, percentiles and the count of
-- responses that had the wrong status or lacked the text ("bad").

local threads = {}
local counter = 0

local function split(text, sep)
  local items = {}
  for item in string.gmatch(text or "", "([^" .. sep .. "]+)") do
    table.insert(items, item)
  end
  return items
end

function setup(thread)
  counter = counter + 1
  local hosts = split(os.getenv("ENOK_HOSTS"), ",")
  if #hosts > 0 then
    local host, port = string.match(hosts[(counter - 1) % #hosts + 1], "^(.+):(%d+)$")
    thread.addr = wrk.lookup(host, port)[1]
  end
  thread:set("id", counter)
  table.insert(threads, thread)
end

local function uuid4()
  local hex = "0123456789abcdef"
  local out = {}
  for i = 1, 32 do
    local n = math.random(1, 16)
    if i == 13 then n = 5 end -- version 4
    if i == 17 then n = math.random(9, 12) end -- variant 10xx
    out[#out + 1] = string.sub(hex, n, n)
    if i == 8 or i == 12 or i == 16 or i == 20 then out[#out + 1] = "-" end
  end
  return table.concat(out)
end

function init(args)
  path = os.getenv("ENOK_PATH") or "/"
  method = os.getenv("ENOK_METHOD") or "GET"
  body = os.getenv("ENOK_BODY") or ""
  expect = tonumber(os.getenv("ENOK_EXPECT") or "200")
  text = os.getenv("ENOK_TEXT")
  if text == "" then text = nil end
  sessions = {}
  local file = os.getenv("ENOK_SESSIONS")
  if file and file ~= "" then
    for line in io.lines(file) do
      local cookie, token = string.match(line, "^([^\t]*)\t(.*)$")
      if cookie then table.insert(sessions, { cookie = cookie, token = token }) end
    end
  end
  bad = 0
  sent = 0
  math.randomseed(os.time() * 1000 + (id or 0) * 7919)
end

function request()
  sent = sent + 1
  local headers = {}
  local session = nil
  if #sessions > 0 then
    session = sessions[(sent + (id or 0) * 7) % #sessions + 1]
    headers["Cookie"] = session.cookie
  end
  if method == "POST" then
    headers["Content-Type"] = "application/x-www-form-urlencoded"
    local form = body .. "&submission_token=" .. uuid4()
    if session then form = form .. "&csrfmiddlewaretoken=" .. session.token end
    return wrk.format("POST", path, headers, form)
  end
  return wrk.format("GET", path, headers)
end

function response(status, headers, response_body)
  if status ~= expect or (text and not string.find(response_body, text, 1, true)) then
    bad = bad + 1
  end
end

function done(summary, latency, requests)
  local wrong = 0
  for _, thread in ipairs(threads) do
    wrong = wrong + (tonumber(thread:get("bad")) or 0)
  end
  local e = summary.errors
  io.write(string.format(
    'ENOK-RESULT {"requests": %d, "duration_us": %d, "p50_us": %d, "p90_us": %d, "p99_us": %d, '
      .. '"max_us": %d, "mean_us": %.1f, "bad": %d, "connect_errors": %d, "read_errors": %d, '
      .. '"write_errors": %d, "timeouts": %d, "status_errors": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.max, latency.mean, wrong, e.connect, e.read, e.write,
    e.timeout, e.status))
end
