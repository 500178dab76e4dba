-- wrk script for scripts/bench_http.py: every request asks for a different random point near a
-- demo city, so the product's search cache misses every time.
--   wrk -s random_points.lua URL -- <path with %.6f for latitude then longitude> <seed> <cities>
-- cities: "lat,lon,radius_km,weight;..." (the demo's US_CITIES); a point is uniform within half the
-- radius of a city picked by weight, as scripts/bench_search.py picks its points.
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("thread_no", threads)
end

function init(args)
  path, cities, total = args[1], {}, 0
  math.randomseed(tonumber(args[2]) * 100 + thread_no)
  for lat, lon, radius, weight in args[3]:gmatch("([^,;]+),([^,;]+),([^,;]+),([^,;]+)") do
    total = total + tonumber(weight)
    table.insert(cities, {tonumber(lat), tonumber(lon), tonumber(radius), total})
  end
end

function request()
  local pick, city = math.random() * total, cities[#cities]
  for _, c in ipairs(cities) do
    if pick < c[4] then city = c break end
  end
  local km, angle = city[3] / 2 * math.sqrt(math.random()), math.random() * 2 * math.pi
  local lat = city[1] + km / 111.32 * math.cos(angle)
  local lon = city[2] + km / (111.32 * math.cos(math.rad(city[1]))) * math.sin(angle)
  return wrk.format("GET", string.format(path, lat, lon))
end
