-- Map tiles: Mapbox Vector Tiles (extent 4096) of active, available spots, built by PostGIS. A spot is
-- in the tile tile_column/tile_row put it in, the tile the cache invalidation computes too; both
-- queries read the spots of a tile from tile_spots (db/rules/22_spots_tiles.sql). An empty tile is an
-- empty bytea (a valid tile with no layers).

-- name: spot_tile_points(z, x, y)$
-- Street zoom: layer "spots", one point per spot: id (uuid text), price (hourly_rate, integer cents),
-- spot_type, rating (average_rating, 0-5).
select coalesce(st_asmvt(f, 'spots', 4096, 'geom'), ''::bytea)
from (
    select st_asmvtgeom(st_makepoint(t.mx, t.my, 3857), st_tileenvelope(:z, :x, :y), 4096, 64, true) as geom,
           t.id::text as id, t.price, t.spot_type, t.rating
    from tile_spots(:z, :x, :y) t
) f;

-- name: spot_tile_clusters(z, x, y, cells)$
-- Lower zooms: layer "clusters", one point per non-empty cell of a cells x cells grid over the tile,
-- placed at the mean position of its spots: count (spots in the cell), min_price (lowest hourly_rate
-- there, integer cents).
select coalesce(st_asmvt(f, 'clusters', 4096, 'geom'), ''::bytea)
from (
    select st_asmvtgeom(st_makepoint(avg(p.mx), avg(p.my), 3857), st_tileenvelope(:z, :x, :y), 4096, 64, true) as geom,
           count(*)::int as count, min(p.price) as min_price
    from tile_spots(:z, :x, :y) p
    group by floor((p.mx + 20037508.342789244) / (40075016.685578488 / 2::float8 ^ :z / :cells)),
             floor((20037508.342789244 - p.my) / (40075016.685578488 / 2::float8 ^ :z / :cells))
) f;
