-- Named queries used only by the benchmarks (scripts/bench_search.py, scripts/bench_http.py); the
-- product's own search is search_spots_nearest in sql/spots.sql.

-- name: count_spots()$
-- How many spots the benchmark searches through.
select count(*)
from parking_spots;

-- name: warm_spots()$
-- Reads the whole spots heap and its location index once, so that after a restart the searches find
-- their pages in shared_buffers as they would on a server that has been serving for a while (a
-- sequential scan of a table under a quarter of shared_buffers keeps its pages there).
select (select count(*) from parking_spots)
     + (select count(*) from parking_spots  -- the demo's cities are all within 5,000 km of Kansas
        where st_dwithin(location, st_setsrid(st_makepoint(-96, 38), 4326)::geography, 5000000));

-- name: analyze_spots()!
-- Fresh planner statistics after a bulk load.
analyze parking_spots;

-- name: haversine_nearest(lon, lat, radius_km, lim)
-- The original stack's search, for comparison: the Haversine great-circle distance (Earth radius
-- 6371 km) computed over the float latitude/longitude columns of every active,
-- available spot (no spatial index can help), kept within the radius, nearest first.
select id, distance_km
from (
    select id,
           2 * 6371 * asin(sqrt(
               power(sin(radians(latitude - :lat::float8) / 2), 2)
               + cos(radians(:lat::float8)) * cos(radians(latitude))
                 * power(sin(radians(longitude - :lon::float8) / 2), 2)
           )) as distance_km
    from parking_spots
    where is_active
      and is_available
) d
where distance_km <= :radius_km::float8
order by distance_km
limit :lim;
