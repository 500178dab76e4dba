-- Spot search and calendar: what is busy between A and B, whether a spot is free then, and the
-- search filters of GET /parking-spots.

-- Owners and the API ask "what is busy between A and B" for a calendar; blackouts and active
-- bookings, merged in time order.
create or replace function spot_busy_intervals(p_spot_id uuid, p_from timestamptz, p_to timestamptz)
returns table (starts_at timestamptz, ends_at timestamptz, kind text, id uuid)
language sql stable as $$
    select b.start_time, b.end_time, 'booking', b.id
    from bookings b
    where b.parking_spot_id = p_spot_id
      and booking_holds_slot(b.status)
      and tstzrange(b.start_time, b.end_time) && tstzrange(p_from, p_to)
    union all
    select x.starts_at, x.ends_at, 'blackout', x.id
    from spot_blackouts x
    where x.parking_spot_id = p_spot_id
      and tstzrange(x.starts_at, x.ends_at) && tstzrange(p_from, p_to)
    order by 1, 2;
$$;
comment on function spot_busy_intervals(uuid, timestamptz, timestamptz) is
    'What blocks a spot between p_from and p_to, for calendars: bookings that hold their slot and owner '
    'blackouts, in time order (timestamptz, UTC).';

-- True when nothing blocks [p_from, p_to) at the spot: open then, no active booking, no blackout.
-- PL/pgSQL, one cached plan per probe: as one SQL expression with two EXISTS subqueries it could not be
-- inlined (PostgreSQL inlines no function whose body has a subquery), so every call started and
-- stopped an executor for the whole expression: 250 µs a spot, against 35 µs now (1M-spot benchmark,
-- 2,000 spots). The search log's free count (up to 3 free spots per recorded search) and windowed
-- searches call it once per candidate spot. The index probes come first; opening hours are read only
-- for a spot that has some.
create or replace function spot_is_free(p_spot parking_spots, p_from timestamptz, p_to timestamptz) returns boolean
language plpgsql stable as $$
begin
    if exists (select 1 from bookings b
               where b.parking_spot_id = p_spot.id
                 and booking_holds_slot(b.status)
                 and tstzrange(b.start_time, b.end_time) && tstzrange(p_from, p_to)) then
        return false;
    end if;
    if exists (select 1 from spot_blackouts x
               where x.parking_spot_id = p_spot.id
                 and tstzrange(x.starts_at, x.ends_at) && tstzrange(p_from, p_to)) then
        return false;
    end if;
    return p_spot.operating_hours is null
        or spot_is_open(p_spot.operating_hours, p_spot.timezone, p_from, p_to);
end;
$$;
comment on function spot_is_free(parking_spots, timestamptz, timestamptz) is
    'True when nothing blocks [p_from, p_to) at the spot: open then, no booking holding the slot, no '
    'blackout.';

-- The search filters of GET /parking-spots, one place for the three search orders (nearest,
-- ranked within a radius, by city), passed once as a JSON object:
--   {"spot_type": "garage", "max_hourly_rate": 800, "has_ev_charging": true, "vehicle_size": "large",
--    "is_covered": true, "has_security": true, "is_handicap_accessible": true, "min_rating": 4.5,
--    "available_from": "2030-01-07T09:00:00Z", "available_to": "2030-01-07T11:00:00Z"}
-- A key left out (or JSON null) does not filter. vehicle_size is the largest vehicle that must fit:
-- a spot for "large" also takes "standard". available_from and available_to go together: the spot
-- must be free for that whole window. A single expression, so the planner inlines it into the query
-- (and, with the filters known, folds the unused ones away).
create or replace function spot_matches(p_spot parking_spots, p_filters jsonb) returns boolean
language sql stable as $$
    select p_spot.is_active and p_spot.is_available
       and (p_filters ->> 'spot_type' is null
            or p_spot.spot_type = (p_filters ->> 'spot_type')::spot_type)
       and (p_filters ->> 'max_hourly_rate' is null
            or p_spot.hourly_rate <= (p_filters ->> 'max_hourly_rate')::integer)
       and (p_filters ->> 'has_ev_charging' is null
            or p_spot.has_ev_charging = (p_filters ->> 'has_ev_charging')::boolean)
       and (p_filters ->> 'vehicle_size' is null
            or p_spot.vehicle_size >= (p_filters ->> 'vehicle_size')::vehicle_size)
       and (p_filters ->> 'is_covered' is null
            or p_spot.is_covered = (p_filters ->> 'is_covered')::boolean)
       and (p_filters ->> 'has_security' is null
            or p_spot.has_security = (p_filters ->> 'has_security')::boolean)
       and (p_filters ->> 'is_handicap_accessible' is null
            or p_spot.is_handicap_accessible = (p_filters ->> 'is_handicap_accessible')::boolean)
       and (p_filters ->> 'min_rating' is null
            or p_spot.average_rating >= (p_filters ->> 'min_rating')::numeric)
       and (p_filters ->> 'available_from' is null
            or spot_is_free(p_spot, (p_filters ->> 'available_from')::timestamptz,
                            (p_filters ->> 'available_to')::timestamptz));
$$;
comment on function spot_matches(parking_spots, jsonb) is
    'The search filters of GET /parking-spots as one inlinable expression: an active, available spot '
    'matching every key of p_filters (spot_type, max_hourly_rate in cents, vehicle_size, amenities, '
    'min_rating, available_from/available_to); a missing or null key does not filter.';

-- How many spots within p_radius_m of p_point match p_filters, counted up to p_limit (a search's
-- X-Total-Count: sql/spots/search.sql; the search log's free spots: sql/analytics/search_log.sql).
-- It reads one spot per count, so counting stops at the limit.
-- Without filters (most searches) it counts from parking_spots_free_location_cover alone, an
-- index-only scan of the free spots that carries their locations; with filters it reads the rows.
-- The planner underestimates how many spots a radius holds (94 estimated, 50,000 found for 10 km in
-- a city centre of the 1M-spot benchmark) and then prefers a bitmap scan, which visits every spot in
-- the radius before the limit applies: 70-750 ms instead of 1-3 ms. Bitmap scans are off here.
-- PL/pgSQL, not SQL: a SQL function that cannot be inlined (this one has a SET) is planned again at
-- every call (0.3-0.4 ms with PostGIS), a PL/pgSQL one keeps its plans for the session.
create or replace function spots_near_count(p_point geography, p_radius_m double precision, p_filters jsonb,
                                            p_limit bigint) returns bigint
language plpgsql stable
set enable_bitmapscan = off as $$
begin
    if jsonb_strip_nulls(p_filters) = '{}'::jsonb then  -- no filter set (a null key filters nothing)
        return (select count(*)
                from (select
                      from parking_spots s
                      where st_dwithin(s.location, p_point, p_radius_m)
                        and s.is_active
                        and s.is_available
                      limit p_limit) upto);
    end if;
    return (select count(*)
            from (select
                  from parking_spots s
                  where st_dwithin(s.location, p_point, p_radius_m)
                    and spot_matches(s, p_filters)
                  limit p_limit) upto);
end;
$$;
comment on function spots_near_count(geography, double precision, jsonb, bigint) is
    'How many spots within p_radius_m metres of p_point match p_filters, counted up to p_limit (a '
    'search''s X-Total-Count). Without filters an index-only scan of parking_spots_free_location_cover; '
    'bitmap scans off, so counting stops at the limit.';
