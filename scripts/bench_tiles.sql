-- scripts/bench_tiles.py's ceiling: a bare ST_AsMVT endpoint, as pg_tileserv or Martin would serve it.

-- name: bare_tile(z, x, y)$
-- The plain pg_tileserv-style ST_AsMVT of the spots
-- in the tile's envelope, with no cache, no clustering and no exact tile test.
select coalesce(st_asmvt(f, 'spots', 4096, 'geom'), ''::bytea)
from (
    select st_asmvtgeom(st_transform(s.location::geometry, 3857), st_tileenvelope(:z, :x, :y), 4096, 64, true) as geom,
           s.id::text as id, s.hourly_rate as price
    from parking_spots s
    where s.location && tile_probe(:z, :x, :y)
      and s.is_active
      and s.is_available
) f;

-- name: spots_box()^
-- The box holding the middle 80 % of the listed spots (latitude and longitude), where the benchmark
-- asks for tiles.
select percentile_cont(0.1) within group (order by latitude) as min_lat,
       percentile_cont(0.9) within group (order by latitude) as max_lat,
       percentile_cont(0.1) within group (order by longitude) as min_lon,
       percentile_cont(0.9) within group (order by longitude) as max_lon,
       count(*) as spots
from parking_spots
where is_active and is_available;
