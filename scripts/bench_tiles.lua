-- wrk script for scripts/bench_tiles.py: the tiles from min_zoom to max_zoom that cover a box, each
-- asked once (the two threads take turns through them from the start-th; past the last, they start again):
--   wrk -s bench_tiles.lua URL -- <path with %d for z, x, y> <min_lat,max_lat,min_lon,max_lon> <min_zoom> <max_zoom> [start]
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("thread_no", threads)
  thread:set("thread_count", threads)
end

local function column(lon, n) return math.floor((lon + 180) / 360 * n) end
local function row(lat, n)
  local r = math.rad(lat)
  return math.floor((1 - math.log(math.tan(r) + 1 / math.cos(r)) / math.pi) / 2 * n)
end

function init(args)
  path = args[1]
  local b = {}
  for v in args[2]:gmatch("[^,]+") do table.insert(b, tonumber(v)) end
  levels, total, step, counter = {}, 0, 2, 0
  start = tonumber(args[5] or "0")
  for z = tonumber(args[3]), tonumber(args[4]) do
    local n = 2 ^ z
    local x0, x1, y0, y1 = column(b[3], n), column(b[4], n), row(b[2], n), row(b[1], n)
    local count = (x1 - x0 + 1) * (y1 - y0 + 1)
    table.insert(levels, {z, x0, y0, x1 - x0 + 1, count})
    total = total + count
  end
end

function request()
  local i = (start + (thread_no - 1) + counter * step) % total
  counter = counter + 1
  for _, l in ipairs(levels) do
    if i < l[5] then
      return wrk.format("GET", string.format(path, l[1], l[2] + i % l[4], l[3] + math.floor(i / l[4])))
    end
    i = i - l[5]
  end
end
