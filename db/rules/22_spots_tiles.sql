-- Map tiles (GET /api/v1/tiles/{z}/{x}/{y}.mvt, sql/spots/tiles.sql): which web-mercator tile a
-- spot lies in, the index probe of a tile, and the notification that tells every API worker which
-- cached tiles a change of spots made stale.
--
-- A spot belongs to exactly one tile per zoom: tile_column/tile_row (the slippy-map formula on its
-- latitude/longitude, half-open cells). The tile queries select spots by these same functions, and
-- the trigger sends each changed spot's tile at zoom 22; the tile at zoom z is that one shifted right
-- by 22 - z bits (floor(v * 2^22) >> k = floor(v * 2^(22-k)): multiplying by a power of two is exact),
-- so the tile the API invalidates is always the tile that showed the spot. Spots beyond web
-- mercator's +-85.0511 degrees of latitude are on no tile.

create or replace function tile_column(p_longitude float8, p_z int) returns int
language sql immutable parallel safe as $$
    select least(floor((p_longitude + 180) / 360 * 2::float8 ^ p_z), 2::float8 ^ p_z - 1)::int;
$$;
comment on function tile_column(float8, int) is
    'The web-mercator tile column (x) at zoom p_z of a longitude in degrees (180 falls in the last column).';

create or replace function tile_row(p_latitude float8, p_z int) returns int
language sql immutable parallel safe as $$
    select floor((1 - ln(tan(radians(p_latitude)) + 1 / cos(radians(p_latitude))) / pi()) / 2
                 * 2::float8 ^ p_z)::int;
$$;
comment on function tile_row(float8, int) is
    'The web-mercator tile row (y, 0 at the top) at zoom p_z of a latitude in degrees (meaningful within '
    '+-85.0511; the tile queries and tile invalidation leave other latitudes out).';

create or replace function tile_probe(p_z int, p_x int, p_y int) returns geography
language sql immutable parallel safe as $$
    select st_segmentize(st_makeenvelope(greatest(b.w - b.m, -180), greatest(b.s - b.m, -90),
                                         least(b.e + b.m, 180), least(b.n + b.m, 90), 4326), 0.25)::geography
    from (select least(0.01, 45 / 2::float8 ^ p_z) as m,  -- an eighth of the tile's width, at most 0.01
                 p_x / 2::float8 ^ p_z * 360 - 180 as w,
                 (p_x + 1) / 2::float8 ^ p_z * 360 - 180 as e,
                 degrees(atan(sinh(pi() * (1 - 2 * p_y / 2::float8 ^ p_z)))) as n,
                 degrees(atan(sinh(pi() * (1 - 2 * (p_y + 1) / 2::float8 ^ p_z)))) as s) b;
$$;
comment on function tile_probe(int, int, int) is
    'A geography box a little larger than tile z/x/y (by an eighth of its width, at most 0.01 degree; '
    'densified every 0.25 degree so its great-circle edges stay outside the tile''s lines of latitude), for '
    'the GiST index probe of parking_spots.location; the '
    'exact test is tile_column/tile_row.';

-- The spots a tile shows: active, available, inside web mercator's latitudes, in this tile by
-- tile_column/tile_row (found through the index with tile_probe), with their web mercator position
-- computed from latitude/longitude (no st_transform per spot: a zoom-0 tile reads every spot). One
-- SQL select, so the planner inlines it into both tile queries (sql/spots/tiles.sql).
create or replace function tile_spots(p_z int, p_x int, p_y int)
returns table (id uuid, mx float8, my float8, price integer, spot_type text, rating float8)
language sql stable as $$
    select s.id,
           s.longitude * 20037508.342789244 / 180,
           ln(tan(radians(s.latitude)) + 1 / cos(radians(s.latitude))) * 6378137,
           s.hourly_rate, s.spot_type::text, s.average_rating::float8
    from parking_spots s
    where s.location && tile_probe(p_z, p_x, p_y)
      and tile_column(s.longitude, p_z) = p_x
      and tile_row(s.latitude, p_z) = p_y
      and abs(s.latitude) <= 85.0511
      and s.is_active
      and s.is_available;
$$;
comment on function tile_spots(int, int, int) is
    'The active, available spots tile z/x/y shows, with their web mercator position (mx, my, metres), hourly rate (price, cents), type and rating (0-5).';

-- Statement-level, so a bulk load sends one notification, not one per row. Only what a tile shows
-- counts: position, hourly_rate, spot_type, average_rating, and being active and available. A
-- statement touching more than 64 such spots says "all" (every cached tile is dropped) rather than
-- list them. Not an event for clients and not recorded (as users_tokens_notify in 70_events.sql).
create or replace function parking_spots_tiles_notify() returns trigger
language plpgsql as $$
declare
    v_points float8[][];
    v_tiles jsonb;
begin
    -- (latitude, longitude) of every spot shown before or after the statement whose look changed.
    if tg_op = 'INSERT' then
        select array_agg(array[n.latitude, n.longitude]) into v_points
        from new_rows n where n.is_active and n.is_available;
    elsif tg_op = 'DELETE' then
        select array_agg(array[o.latitude, o.longitude]) into v_points
        from old_rows o where o.is_active and o.is_available;
    else
        select array_agg(array[p.latitude, p.longitude]) into v_points
        from old_rows o join new_rows n using (id),
             lateral (values (o.latitude, o.longitude, o.is_active and o.is_available),
                             (n.latitude, n.longitude, n.is_active and n.is_available)) as p(latitude, longitude, shown)
        where p.shown
          and (o.latitude, o.longitude, o.hourly_rate, o.spot_type, o.average_rating, o.is_active, o.is_available)
              is distinct from
              (n.latitude, n.longitude, n.hourly_rate, n.spot_type, n.average_rating, n.is_active, n.is_available);
    end if;
    if v_points is null then
        return null;
    end if;
    select jsonb_agg(jsonb_build_array(t.x, t.y)) into v_tiles
    from (select distinct tile_column(v_points[i][2], 22) as x, tile_row(v_points[i][1], 22) as y
          from generate_subscripts(v_points, 1) i
          where abs(v_points[i][1]) <= 85.0511
          limit 65) t;
    if v_tiles is not null then
        perform pg_notify('parkingspots_events', jsonb_build_object(
            'type', 'spot_tiles', 'z', 22, 'all', jsonb_array_length(v_tiles) > 64,
            'tiles', case when jsonb_array_length(v_tiles) > 64 then '[]'::jsonb else v_tiles end)::text);
    end if;
    return null;
end;
$$;
comment on function parking_spots_tiles_notify() is
    'Trigger function (parking_spots_tiles_insert/_update/_delete, per statement): tells every API worker '
    'on parkingspots_events which zoom-22 tiles hold spots whose map appearance changed (position, '
    'hourly_rate, spot_type, average_rating, active and available), or "all" past 64 of them, so their '
    'cached map tiles at every zoom are dropped. Not an event for clients and not recorded.';

create trigger parking_spots_tiles_insert after insert on parking_spots
    referencing new table as new_rows
    for each statement execute function parking_spots_tiles_notify();
create trigger parking_spots_tiles_update after update on parking_spots
    referencing old table as old_rows new table as new_rows
    for each statement execute function parking_spots_tiles_notify();
create trigger parking_spots_tiles_delete after delete on parking_spots
    referencing old table as old_rows
    for each statement execute function parking_spots_tiles_notify();
