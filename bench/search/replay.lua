-- wrk script: replays the request paths of a file (one a line, as `bench-search urls` writes
-- them), cycling through the list; each wrk thread starts at its own offset.
--   wrk -t2 -c16 -d20s --latency -s bench/search/replay.lua http://127.0.0.1:8080 -- PATHS_FILE
-- Every request carries "Connection: keep-alive" (Pistache closes connections without it).
-- At the end it prints one machine-readable line:
--   WRK<TAB>requests<TAB>requests/s<TAB>p50 ms<TAB>p99 ms<TAB>non-2xx/3xx<TAB>socket errors

local threads = {}
local next_id = 0

function setup(thread)
    thread:set("id", next_id)
    next_id = next_id + 1
    table.insert(threads, thread)
end

local paths = {}
local position = 0

function init(args)
    local file = args[1]
    if file == nil then
        error("replay.lua: name the paths file after --")
    end
    for line in io.lines(file) do
        if #line > 0 then
            paths[#paths + 1] = line
        end
    end
    if #paths == 0 then
        error("replay.lua: no paths in " .. file)
    end
    -- Threads start far apart in the list, so they do not send the same query at once.
    position = (id * 7919) % #paths
    wrk.headers["Connection"] = "keep-alive"
end

function request()
    position = position % #paths + 1
    return wrk.format("GET", paths[position])
end

function done(summary, latency, requests)
    local seconds = summary.duration / 1e6
    local e = summary.errors
    io.write(string.format("WRK\t%d\t%.1f\t%.3f\t%.3f\t%d\t%d\n", summary.requests,
        summary.requests / seconds, latency:percentile(50) / 1000, latency:percentile(99) / 1000,
        e.status, e.connect + e.read + e.write + e.timeout))
end
