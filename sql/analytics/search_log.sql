-- Searches recorded for the unmet-demand map (analytics.search_events, written by
-- api/spots/search_log.py after the answers went out, and by the demo data loader).

-- name: record_searches(batch)!
-- One row per element of batch, a JSON array of searches the API answered, already grouped by
-- the caller (searches = how many identical ones):
--   {"searched_at": "2030-01-07T09:00:00Z", "kind": "search", "lat": 37.7749, "lon": -122.4194,
--    "radius_m": 2000, "filters": {... SpotSearch.filters() ...}, "results": 12, "searches": 3}
--   {"searched_at": ..., "kind": "viewport", "min_lat": ..., "min_lon": ..., "max_lat": ...,
--    "max_lon": ..., "results": 40, "searches": 1}
-- What is stored is made privacy-safe here: the point is rounded to 0.01 degree (a viewport's is
-- its centre, its radius half its diagonal), the time to its UTC hour; the exact point is used only
-- to count the free results and is not kept. free_results: the matches free for the requested
-- window (a windowed search lists only free spots: its results), else free for the hour from
-- free_from (the search's time; now when left out; spots_near_count, or the viewport's box),
-- counted up to 3: the demand map asks only "none, one or two, or more", and counting stops at
-- the third free spot, so a search with few matches costs about what the search itself cost and
-- one with many costs a few index probes. A search without matches has no free one (no query).
-- results, when left out (the demo loader, which has no X-Total-Count), is counted up to 20 (one
-- page). Viewports wider than a 50 km radius or crossing the antimeridian are not recorded.
with given as (
    select g.*,
           coalesce(g.free_from, now()) as free_at,
           case when g.kind = 'viewport' and g.min_lon < g.max_lon
                then st_makeenvelope(g.min_lon, g.min_lat, g.max_lon, g.max_lat, 4326) end as box
    from jsonb_to_recordset(:batch::jsonb) as g (searched_at timestamptz, kind text, lat float8, lon float8,
                                                 radius_m float8, filters jsonb, results integer, searches integer,
                                                 min_lat float8, min_lon float8, max_lat float8, max_lon float8,
                                                 free_from timestamptz)
), placed as (
    select given.*, c.lat as c_lat, c.lon as c_lon,
           coalesce(given.radius_m,
                    st_distance(st_setsrid(st_makepoint(given.min_lon, given.min_lat), 4326)::geography,
                                st_setsrid(st_makepoint(c.lon, c.lat), 4326)::geography)) as c_radius,
           coalesce(given.filters, '{}'::jsonb) - 'available_from' - 'available_to'
               || case when given.filters ->> 'available_from' is null
                       then jsonb_build_object('available_from', given.free_at,
                                               'available_to', given.free_at + interval '1 hour')
                       else jsonb_build_object('available_from', given.filters -> 'available_from',
                                               'available_to', given.filters -> 'available_to') end as free_filters
    from given,
         lateral (select coalesce(given.lat, (given.min_lat + given.max_lat) / 2) as lat,
                         coalesce(given.lon, (given.min_lon + given.max_lon) / 2) as lon) c
    where given.kind = 'search' or given.box is not null
), with_results as (
    select placed.*,
           coalesce(placed.results, case placed.kind
               when 'search' then spots_near_count(st_setsrid(st_makepoint(placed.c_lon, placed.c_lat), 4326)::geography,
                                                   placed.c_radius, coalesce(placed.filters, '{}'::jsonb), 20)
               else (select count(*) from (select from parking_spots s
                                           where s.location && placed.box::geography
                                             and st_intersects(s.location::geometry, placed.box)
                                             and s.is_active and s.is_available
                                           limit 20) upto) end)::integer as n_results
    from placed
    where placed.c_radius <= 50000
), counted as (
    select with_results.*,
           case
               when with_results.n_results = 0 then 0
               when with_results.kind = 'search' and with_results.filters ->> 'available_from' is not null
                   then least(with_results.n_results, 3)
               when with_results.kind = 'search'
                   then spots_near_count(st_setsrid(st_makepoint(with_results.c_lon, with_results.c_lat), 4326)::geography,
                                         with_results.c_radius, with_results.free_filters, 3)
               else (select count(*) from (select from parking_spots s
                                           where s.location && with_results.box::geography
                                             and st_intersects(s.location::geometry, with_results.box)
                                             and spot_matches(s, with_results.free_filters)
                                           limit 3) upto)
           end::integer as n_free
    from with_results
)
insert into analytics.search_events
    (searched_at, kind, latitude, longitude, radius_m, spot_type, vehicle_size, max_hourly_rate,
     has_ev_charging, is_covered, has_security, is_handicap_accessible, min_rating,
     window_start_hour, window_hours, results, free_results, searches)
select to_timestamp(floor(extract(epoch from c.searched_at) / 3600) * 3600),
       c.kind,
       round(c.c_lat::numeric, 2),
       round(c.c_lon::numeric, 2),
       greatest(1, round(c.c_radius))::integer,
       (c.filters ->> 'spot_type')::spot_type,
       (c.filters ->> 'vehicle_size')::vehicle_size,
       (c.filters ->> 'max_hourly_rate')::integer,
       (c.filters ->> 'has_ev_charging')::boolean,
       (c.filters ->> 'is_covered')::boolean,
       (c.filters ->> 'has_security')::boolean,
       (c.filters ->> 'is_handicap_accessible')::boolean,
       (c.filters ->> 'min_rating')::numeric,
       extract(hour from (c.filters ->> 'available_from')::timestamptz at time zone 'UTC')::smallint,
       round((extract(epoch from (c.filters ->> 'available_to')::timestamptz
                                 - (c.filters ->> 'available_from')::timestamptz) / 3600)::numeric, 2),
       c.n_results,
       c.n_free,
       greatest(coalesce(c.searches, 1), 1)
from counted c;
