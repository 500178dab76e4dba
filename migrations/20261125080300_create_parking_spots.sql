-- migrate:up
create type spot_type as enum ('indoor', 'outdoor', 'covered', 'garage', 'driveway', 'lot');
create type vehicle_size as enum ('motorcycle', 'compact', 'standard', 'large', 'oversized');

-- A time zone name PostgreSQL knows (IANA names such as 'America/Los_Angeles', or 'UTC').
-- The API checks names against the IANA database first; this is the last line of defence.
create function is_valid_timezone(tz text) returns boolean
language plpgsql stable as $$
begin
    perform now() at time zone tz;
    return tz ~ '^[A-Za-z]+(/[A-Za-z0-9_+-]+)*$';
exception when invalid_parameter_value then
    return false;
end;
$$;

-- Operating hours, in the spot's own time zone:
--   {"mon": [["08:00", "18:00"]], "sat": [["10:00", "14:00"], ["16:00", "22:00"]], "fri": [["22:00", "02:00"]]}
-- Keys are mon..sun; a day left out is closed; "24:00" closes at midnight; a close before its
-- open runs past midnight into the next day. A spot with null operating_hours is always open.
create function operating_hours_valid(hours jsonb) returns boolean
language sql immutable as $$
    select jsonb_typeof(hours) = 'object'
       and not exists (
           select 1
           from jsonb_each(hours) as day(name, intervals)
           where day.name not in ('mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun')
              or jsonb_typeof(day.intervals) <> 'array'
              or exists (
                  select 1
                  from jsonb_array_elements(day.intervals) as iv(pair)
                  where jsonb_typeof(iv.pair) <> 'array'
                     or jsonb_array_length(iv.pair) <> 2
                     or not coalesce(iv.pair ->> 0 ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$', false)
                     or not coalesce(iv.pair ->> 1 ~ '^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$', false)
                     or iv.pair ->> 0 = iv.pair ->> 1
              )
       );
$$;

create table parking_spots (
    id uuid primary key default gen_random_uuid(),
    owner_id uuid not null references users (id),
    title text not null constraint parking_spots_title_length check (length(btrim(title)) between 1 and 255),
    description text constraint parking_spots_description_length check (length(description) <= 5000),
    spot_type spot_type not null,
    vehicle_size vehicle_size not null default 'standard',
    address varchar(500) not null,
    city varchar(100) not null,
    state varchar(100) not null,
    zip_code varchar(20) not null,
    latitude double precision not null constraint parking_spots_latitude_range check (latitude between -90 and 90),
    longitude double precision not null constraint parking_spots_longitude_range check (longitude between -180 and 180),
    -- Always in step with latitude/longitude: computed by the database, never written by clients.
    location geography(Point, 4326) not null
        generated always as (st_setsrid(st_makepoint(longitude, latitude), 4326)::geography) stored,
    timezone text not null constraint parking_spots_timezone_valid check (is_valid_timezone(timezone)),
    hourly_rate integer not null constraint parking_spots_hourly_rate_positive check (hourly_rate > 0),
    daily_rate integer constraint parking_spots_daily_rate_positive check (daily_rate > 0),
    monthly_rate integer constraint parking_spots_monthly_rate_positive check (monthly_rate > 0),
    is_covered boolean not null default false,
    has_ev_charging boolean not null default false,
    has_security boolean not null default false,
    has_lighting boolean not null default false,
    is_handicap_accessible boolean not null default false,
    images text[] not null default '{}'
        constraint parking_spots_images_bounded check (cardinality(images) <= 20 and array_position(images, null) is null),
    is_active boolean not null default true,
    is_available boolean not null default true,
    operating_hours jsonb constraint parking_spots_operating_hours_valid check (operating_hours_valid(operating_hours)),
    access_instructions text,
    average_rating numeric(3, 2) not null default 0
        constraint parking_spots_average_rating_range check (average_rating between 0 and 5),
    total_reviews integer not null default 0 constraint parking_spots_total_reviews_nonnegative check (total_reviews >= 0),
    total_bookings integer not null default 0 constraint parking_spots_total_bookings_nonnegative check (total_bookings >= 0),
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
);

-- Radius and nearest-first search (ST_DWithin, KNN <->) use this index; a btree on
-- (latitude, longitude) could serve no spatial query.
create index parking_spots_location_gist on parking_spots using gist (location);
create index parking_spots_owner_idx on parking_spots (owner_id);
create index parking_spots_active_available_idx on parking_spots (is_active, is_available);
create index parking_spots_city_idx on parking_spots (lower(city)) where is_active;

-- Periods when the owner does not rent the spot out; they block bookings like a booking would.
create table spot_blackouts (
    id uuid primary key default gen_random_uuid(),
    parking_spot_id uuid not null references parking_spots (id) on delete cascade,
    starts_at timestamptz not null,
    ends_at timestamptz not null,
    reason text constraint spot_blackouts_reason_length check (length(reason) <= 500),
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint spot_blackouts_time_order check (ends_at > starts_at)
);
create index spot_blackouts_spot_period_gist on spot_blackouts
    using gist (parking_spot_id, tstzrange(starts_at, ends_at));

-- migrate:down
drop table spot_blackouts;
drop table parking_spots;
drop function operating_hours_valid(jsonb);
drop function is_valid_timezone(text);
drop type vehicle_size;
drop type spot_type;
