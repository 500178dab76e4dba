-- migrate:up
-- The analytics schema: what analysts read (views and materialized views of db/rules/80_analytics.sql,
-- documented in docs/analytics.md), and the one table of its own, search_events: the searches the
-- API answered, recorded so that unmet demand can be measured, privacy-safely. A row holds no user
-- id, no IP address, no exact place and no exact time:
--   * the searched point is snapped to a 0.01 degree grid (latitude and longitude rounded to two
--     decimals: a cell about 1.1 km north-south and 1.1 km x cos(latitude) east-west, 0.88 km in
--     San Francisco), so a search says "around here", never "this street corner";
--   * searched_at is the UTC hour the search was made in (created_at and updated_at too);
--   * identical searches of one hour are one row with a count (searches), written in batches by
--     the API after it has answered (api/spots/search_log.py, sql/analytics/search_log.sql).
-- The filters are the search's own (spot type, vehicle size, price cap, features, the requested
-- window's UTC start hour and length), results is what the search found, free_results how many of
-- those were free for the requested window (or the hour from the search when none was asked).
create schema if not exists analytics;

create table analytics.search_events (
    id bigint generated always as identity primary key,
    searched_at timestamptz not null
        constraint search_events_searched_at_hourly check (extract(epoch from searched_at) % 3600 = 0),
    kind text not null default 'search' constraint search_events_kind_known check (kind in ('search', 'viewport')),
    latitude numeric(4, 2) not null
        constraint search_events_latitude_range check (latitude between -90 and 90),
    longitude numeric(5, 2) not null
        constraint search_events_longitude_range check (longitude between -180 and 180),
    cell geometry(Point, 4326) generated always as
        (st_setsrid(st_makepoint(longitude::float8, latitude::float8), 4326)) stored,
    radius_m integer not null constraint search_events_radius_range check (radius_m between 1 and 50000),
    spot_type spot_type,
    vehicle_size vehicle_size,
    max_hourly_rate integer constraint search_events_max_hourly_rate_positive check (max_hourly_rate > 0),
    has_ev_charging boolean,
    is_covered boolean,
    has_security boolean,
    is_handicap_accessible boolean,
    min_rating numeric(3, 2) constraint search_events_min_rating_range check (min_rating between 0 and 5),
    window_start_hour smallint
        constraint search_events_window_start_hour_range check (window_start_hour between 0 and 23),
    window_hours numeric(8, 2) constraint search_events_window_hours_positive check (window_hours > 0),
    results integer not null constraint search_events_results_nonnegative check (results >= 0),
    free_results integer not null constraint search_events_free_results_nonnegative check (free_results >= 0),
    searches integer not null default 1 constraint search_events_searches_positive check (searches > 0),
    created_at timestamptz not null default to_timestamp(floor(extract(epoch from now()) / 3600) * 3600),
    updated_at timestamptz not null default to_timestamp(floor(extract(epoch from now()) / 3600) * 3600),
    constraint search_events_window_pair check ((window_start_hour is null) = (window_hours is null)),
    constraint search_events_timestamps_hourly
        check (extract(epoch from created_at) % 3600 = 0 and extract(epoch from updated_at) % 3600 = 0)
);
-- The demand map reads an area over a period: one GiST index on both (btree_gist gives timestamptz
-- its GiST operator class).
create index search_events_cell_time_idx on analytics.search_events using gist (cell, searched_at);
create index search_events_searched_at_idx on analytics.search_events (searched_at);

comment on schema analytics is
    'What analysts read: documented views and materialized views over the service''s tables that expose no personal data or secrets (ids only: no emails, names, phones, plates, access codes, tokens, free text, exact search places), and search_events. Money is integer cents, times are timestamptz shown in UTC unless a column says it is a spot''s local time. See docs/analytics.md.';
comment on table analytics.search_events is
    'One row per search the API answered (GET /api/v1/parking-spots with a latitude and longitude, first page; GET /api/v1/parking-spots/in-bounds), or per group of identical searches made in the same UTC hour (searches counts them). Privacy-safe: the point is snapped to a 0.01 degree grid, times are whole UTC hours, and there is no user id or IP address. Written by the API after it answered, in batches (api/spots/search_log.py).';
comment on column analytics.search_events.id is 'Row number (identity); says nothing about when within the hour a search was made.';
comment on column analytics.search_events.searched_at is 'The UTC hour the searches were made in (timestamptz, always a whole hour).';
comment on column analytics.search_events.kind is 'search: GET /parking-spots near a point (radius_m is its radius); viewport: GET /parking-spots/in-bounds, a map view (the point is the view''s centre, radius_m half its diagonal).';
comment on column analytics.search_events.latitude is 'Latitude of the searched point rounded to 0.01 degree (WGS84): the centre of a grid cell about 1.1 km tall.';
comment on column analytics.search_events.longitude is 'Longitude of the searched point rounded to 0.01 degree (WGS84): a cell 1.1 km x cos(latitude) wide (0.88 km in San Francisco).';
comment on column analytics.search_events.cell is 'The snapped point (longitude, latitude) as a PostGIS point, SRID 4326; generated from latitude and longitude, GiST-indexed with searched_at.';
comment on column analytics.search_events.radius_m is 'Search radius in metres (the API caps it at 50 km); for a viewport, half its diagonal.';
comment on column analytics.search_events.spot_type is 'Spot type asked for (null: any).';
comment on column analytics.search_events.vehicle_size is 'Smallest vehicle size the spot had to take (null: any).';
comment on column analytics.search_events.max_hourly_rate is 'Price cap asked for, in cents per hour (null: none).';
comment on column analytics.search_events.has_ev_charging is 'EV charging asked for (true), refused (false), or not a filter (null).';
comment on column analytics.search_events.is_covered is 'Covered spot asked for (true), refused (false), or not a filter (null).';
comment on column analytics.search_events.has_security is 'Security asked for (true), refused (false), or not a filter (null).';
comment on column analytics.search_events.is_handicap_accessible is 'Accessible spot asked for (true), refused (false), or not a filter (null).';
comment on column analytics.search_events.min_rating is 'Minimum average rating asked for, 0-5 (null: none).';
comment on column analytics.search_events.window_start_hour is 'Hour of day (0-23, UTC) the requested window (available_from) started; null when no window was asked.';
comment on column analytics.search_events.window_hours is 'Length of the requested window in hours (available_to - available_from); null when no window was asked.';
comment on column analytics.search_events.results is 'What the search found: its X-Total-Count (matches counted up to ten pages past the first; a smaller number is exact). For a viewport, the active, available spots in it.';
comment on column analytics.search_events.free_results is 'How many of the matches were free (open, not booked, no blackout) for the requested window, or for the hour from the search when no window was asked; counted up to 3 (3 means three or more): 0 = no free result, 1-2 = few.';
comment on column analytics.search_events.searches is 'How many identical searches this row stands for (same hour, cell, filters and results).';
comment on column analytics.search_events.created_at is 'UTC hour the row was written (whole hours only, like searched_at).';
comment on column analytics.search_events.updated_at is 'UTC hour the row was written; rows are never updated (whole hours only).';

-- migrate:down
drop schema analytics cascade;
