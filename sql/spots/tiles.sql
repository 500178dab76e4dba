-- Map tiles: Mapbox Vector Tiles (extent 4096) of active, available spots, built by PostGIS. A spot is
-- in the tile tile_column/tile_row put it in (db/rules/22_spots_tiles.sql), the tile the cache
-- invalidation computes too; the GiST index finds the candidates (tile_probe). An empty tile is an
-- empty bytea (a valid tile with no layers).

-- name: spot_tile_points(z, x, y)$
-- Street zoom: layer "spots", one point per spot: id (uuid text), price (hourly_rate, integer cents),
-- spot_type, rating (average_rating, 0-5).
select coalesce(st_asmvt(f, 'spots', 4096, 'geom'), ''::bytea)
from (
    select st_asmvtgeom(st_makepoint(s.longitude * 20037508.342789244 / 180,
                                     ln(tan(radians(s.latitude)) + 1 / cos(radians(s.latitude))) * 6378137,
                                     3857),
                        st_tileenvelope(:z, :x, :y), 4096, 64, true) as geom,
           s.id::text as id, s.hourly_rate as price, s.spot_type::text as spot_type,
           s.average_rating::float8 as rating
    from parking_spots s
    where s.location && tile_probe(:z, :x, :y)
      and tile_column(s.longitude, :z) = :x
      and tile_row(s.latitude, :z) = :y
      and abs(s.latitude) <= 85.0511
      and s.is_active
      and s.is_available
) f;

-- name: spot_tile_clusters(z, x, y, cells)$
-- Lower zooms: layer "clusters", one point per non-empty cell of a cells x cells grid over the tile,
-- placed at the mean position of its spots: count (spots in the cell), min_price (lowest hourly_rate
-- there, integer cents). Positions are web mercator computed from latitude/longitude (no st_transform
-- per spot: a zoom-0 tile reads every spot).
select coalesce(st_asmvt(f, 'clusters', 4096, 'geom'), ''::bytea)
from (
    select st_asmvtgeom(st_makepoint(avg(p.mx), avg(p.my), 3857), st_tileenvelope(:z, :x, :y), 4096, 64, true) as geom,
           count(*)::int as count, min(p.price) as min_price
    from (
        select s.longitude * 20037508.342789244 / 180 as mx,
               ln(tan(radians(s.latitude)) + 1 / cos(radians(s.latitude))) * 6378137 as my,
               s.hourly_rate as price
        from parking_spots s
        where s.location && tile_probe(:z, :x, :y)
          and tile_column(s.longitude, :z) = :x
          and tile_row(s.latitude, :z) = :y
          and abs(s.latitude) <= 85.0511
          and s.is_active
          and s.is_available
    ) p
    group by floor((p.mx + 20037508.342789244) / (40075016.685578488 / 2::float8 ^ :z / :cells)),
             floor((20037508.342789244 - p.my) / (40075016.685578488 / 2::float8 ^ :z / :cells))
) f;
