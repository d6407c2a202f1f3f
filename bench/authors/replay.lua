-- wrk script of bench/authors/run: replays the request paths of a file (one a line), cycling
-- through them; each wrk thread starts at its own offset. Sends "Connection: keep-alive" (Pistache
-- closes connections without it). Prints one line at the end:
--   WRK<TAB>requests<TAB>requests/s<TAB>p50 ms<TAB>p99 ms<TAB>non-2xx/3xx<TAB>socket errors
--   wrk -t2 -c16 -d10s --latency -s bench/authors/replay.lua http://127.0.0.1:18191 -- FILE

local next_id = 0

function setup(thread)
    thread:set("id", next_id)
    next_id = next_id + 1
end

local paths = {}
local position = 0

function init(args)
    for line in io.lines(args[1]) do
        if #line > 0 then
            paths[#paths + 1] = line
        end
    end
    if #paths == 0 then
        error("replay.lua: no paths in " .. tostring(args[1]))
    end
    position = (id * 7919) % #paths
    wrk.headers["Connection"] = "keep-alive"
end

function request()
    position = position % #paths + 1
    return wrk.format("GET", paths[position])
end

function done(summary, latency, requests)
    local e = summary.errors
    io.write(string.format("WRK\t%d\t%.1f\t%.3f\t%.3f\t%d\t%d\n", summary.requests,
        summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
        latency:percentile(99) / 1000, e.status, e.connect + e.read + e.write + e.timeout))
end
