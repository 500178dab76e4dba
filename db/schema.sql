\restrict dbmate

-- Dumped from database version 15.20 (Debian 15.20-0+deb12u1)
-- Dumped by pg_dump version 15.20 (Debian 15.20-0+deb12u1)

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

--
-- Name: analytics; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA analytics;


--
-- Name: SCHEMA analytics; Type: COMMENT; Schema: -; Owner: -
--

COMMENT ON SCHEMA analytics IS 'What analysts read: documented views and materialized views over the service''s tables that expose no personal data or secrets (ids only: no emails, names, phones, plates, access codes, tokens, free text, exact search places), and search_events. Money is integer cents, times are timestamptz shown in UTC unless a column says it is a spot''s local time. See docs/analytics.md.';


--
-- Name: public; Type: SCHEMA; Schema: -; Owner: -
--

-- *not* creating schema, since initdb creates it


--
-- Name: pg_cron; Type: EXTENSION; Schema: -; Owner: -
--

CREATE EXTENSION IF NOT EXISTS pg_cron WITH SCHEMA public;


--
-- Name: EXTENSION pg_cron; Type: COMMENT; Schema: -; Owner: -
--

COMMENT ON EXTENSION pg_cron IS 'Job scheduler for PostgreSQL';


--
-- Name: btree_gist; Type: EXTENSION; Schema: -; Owner: -
--

CREATE EXTENSION IF NOT EXISTS btree_gist WITH SCHEMA public;


--
-- Name: EXTENSION btree_gist; Type: COMMENT; Schema: -; Owner: -
--

COMMENT ON EXTENSION btree_gist IS 'support for indexing common datatypes in GiST';


--
-- Name: citext; Type: EXTENSION; Schema: -; Owner: -
--

CREATE EXTENSION IF NOT EXISTS citext WITH SCHEMA public;


--
-- Name: EXTENSION citext; Type: COMMENT; Schema: -; Owner: -
--

COMMENT ON EXTENSION citext IS 'data type for case-insensitive character strings';


--
-- Name: postgis; Type: EXTENSION; Schema: -; Owner: -
--

CREATE EXTENSION IF NOT EXISTS postgis WITH SCHEMA public;


--
-- Name: EXTENSION postgis; Type: COMMENT; Schema: -; Owner: -
--

COMMENT ON EXTENSION postgis IS 'PostGIS geometry and geography spatial types and functions';


--
-- Name: booking_status; Type: TYPE; Schema: public; Owner: -
--

CREATE TYPE public.booking_status AS ENUM (
    'pending',
    'confirmed',
    'in_progress',
    'completed',
    'cancelled',
    'refunded'
);


--
-- Name: TYPE booking_status; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TYPE public.booking_status IS 'Booking lifecycle: pending -> confirmed -> in_progress -> completed; pending|confirmed -> cancelled; cancelled|completed -> refunded. Enforced by bookings_guard_status; pending, confirmed and in_progress hold the slot (booking_holds_slot).';


--
-- Name: extension_status; Type: TYPE; Schema: public; Owner: -
--

CREATE TYPE public.extension_status AS ENUM (
    'pending',
    'paid',
    'released'
);


--
-- Name: TYPE extension_status; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TYPE public.extension_status IS 'State of a paid booking''s extension: pending (waits for its own payment, holds the slot until hold_expires_at), paid (holds), released (unpaid or cancelled: the booking went back to its previous end and prices).';


--
-- Name: money_movement_kind; Type: TYPE; Schema: public; Owner: -
--

CREATE TYPE public.money_movement_kind AS ENUM (
    'charge',
    'refund',
    'refund_failure',
    'transfer',
    'transfer_reversal',
    'application_fee',
    'application_fee_refund',
    'dispute',
    'dispute_reversal'
);


--
-- Name: TYPE money_movement_kind; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TYPE public.money_movement_kind IS 'Direction of a ledger movement: charge (renter -> platform), refund / refund_failure (platform -> renter, and back), transfer / transfer_reversal (platform -> owner, and back), application_fee / application_fee_refund (owner -> platform, and back), dispute / dispute_reversal (platform -> renter''s bank, and back).';


--
-- Name: payment_status; Type: TYPE; Schema: public; Owner: -
--

CREATE TYPE public.payment_status AS ENUM (
    'requires_payment',
    'processing',
    'succeeded',
    'failed',
    'canceled',
    'refunded',
    'partially_refunded'
);


--
-- Name: TYPE payment_status; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TYPE public.payment_status IS 'State of a Stripe PaymentIntent as last read back from Stripe: requires_payment, processing, succeeded, failed, canceled, refunded, partially_refunded.';


--
-- Name: spot_type; Type: TYPE; Schema: public; Owner: -
--

CREATE TYPE public.spot_type AS ENUM (
    'indoor',
    'outdoor',
    'covered',
    'garage',
    'driveway',
    'lot'
);


--
-- Name: TYPE spot_type; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TYPE public.spot_type IS 'Kind of parking spot: indoor, outdoor, covered, garage, driveway or lot.';


--
-- Name: user_role; Type: TYPE; Schema: public; Owner: -
--

CREATE TYPE public.user_role AS ENUM (
    'renter',
    'owner',
    'admin'
);


--
-- Name: TYPE user_role; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TYPE public.user_role IS 'What a user is to the service: renter (books spots), owner (lists spots, also books), admin (moderates, sees everything).';


--
-- Name: vehicle_size; Type: TYPE; Schema: public; Owner: -
--

CREATE TYPE public.vehicle_size AS ENUM (
    'motorcycle',
    'compact',
    'standard',
    'large',
    'oversized'
);


--
-- Name: TYPE vehicle_size; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TYPE public.vehicle_size IS 'Vehicle sizes, smallest first (motorcycle < compact < standard < large < oversized): a spot takes its size and every smaller one.';


--
-- Name: demand_hexagons(double precision, double precision, double precision, double precision, timestamp with time zone, timestamp with time zone, double precision, text[]); Type: FUNCTION; Schema: analytics; Owner: -
--

CREATE FUNCTION analytics.demand_hexagons(p_min_lng double precision, p_min_lat double precision, p_max_lng double precision, p_max_lat double precision, p_from timestamp with time zone, p_to timestamp with time zone, p_size_m double precision DEFAULT 1000, p_kinds text[] DEFAULT ARRAY['search'::text]) RETURNS TABLE(hex_i integer, hex_j integer, hour timestamp with time zone, hexagon public.geometry, searches bigint, no_free bigint, few_free bigint, unmet bigint)
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
    select d.hex_i, d.hex_j, d.hour, analytics.hexagon(g.edge, d.hex_i, d.hex_j),
           d.searches, d.no_free, d.few_free, d.unmet
    from (select p_size_m / cos(radians((p_min_lat + p_max_lat) / 2)) as edge) g,
         analytics.hexagon_demand(st_makeenvelope(p_min_lng, p_min_lat, p_max_lng, p_max_lat, 4326),
                                  p_from, p_to, g.edge, p_kinds) d;
$$;


--
-- Name: FUNCTION demand_hexagons(p_min_lng double precision, p_min_lat double precision, p_max_lng double precision, p_max_lat double precision, p_from timestamp with time zone, p_to timestamp with time zone, p_size_m double precision, p_kinds text[]); Type: COMMENT; Schema: analytics; Owner: -
--

COMMENT ON FUNCTION analytics.demand_hexagons(p_min_lng double precision, p_min_lat double precision, p_max_lng double precision, p_max_lat double precision, p_from timestamp with time zone, p_to timestamp with time zone, p_size_m double precision, p_kinds text[]) IS 'The unmet-demand map by hour: searches made in [p_from, p_to) whose snapped point lies in the box (longitude/latitude, WGS84), per hexagon and UTC hour. Hexagons are ST_HexagonGrid''s in EPSG:3857 with an edge of p_size_m true metres at the box''s middle latitude; hexagon is the polygon in SRID 4326. unmet = searches with no free result (no_free) or one or two (few_free). p_kinds: search (GET /parking-spots near a point, the default) and/or viewport (map views).';


--
-- Name: demand_map(double precision, double precision, double precision, double precision, timestamp with time zone, timestamp with time zone, double precision, text[]); Type: FUNCTION; Schema: analytics; Owner: -
--

CREATE FUNCTION analytics.demand_map(p_min_lng double precision, p_min_lat double precision, p_max_lng double precision, p_max_lat double precision, p_from timestamp with time zone, p_to timestamp with time zone, p_size_m double precision DEFAULT 1000, p_kinds text[] DEFAULT ARRAY['search'::text]) RETURNS TABLE(hex_i integer, hex_j integer, hexagon public.geometry, searches bigint, no_free bigint, few_free bigint, unmet bigint, unmet_share numeric, spots bigint)
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
    select d.hex_i, d.hex_j, h.hexagon, d.searches, d.no_free, d.few_free, d.unmet,
           round(d.unmet::numeric / d.searches, 4),
           (select count(*)
            from parking_spots s
            where s.location && h.hexagon::geography
              and st_intersects(s.location::geometry, h.hexagon)
              and s.is_active
              and s.is_available)
    from (select p_size_m / cos(radians((p_min_lat + p_max_lat) / 2)) as edge) g,
         lateral (select x.hex_i, x.hex_j, sum(x.searches)::bigint as searches, sum(x.no_free)::bigint as no_free,
                         sum(x.few_free)::bigint as few_free, sum(x.unmet)::bigint as unmet
                  from analytics.hexagon_demand(st_makeenvelope(p_min_lng, p_min_lat, p_max_lng, p_max_lat, 4326),
                                                p_from, p_to, g.edge, p_kinds) x
                  group by x.hex_i, x.hex_j) d,
         lateral (select analytics.hexagon(g.edge, d.hex_i, d.hex_j) as hexagon) h;
$$;


--
-- Name: FUNCTION demand_map(p_min_lng double precision, p_min_lat double precision, p_max_lng double precision, p_max_lat double precision, p_from timestamp with time zone, p_to timestamp with time zone, p_size_m double precision, p_kinds text[]); Type: COMMENT; Schema: analytics; Owner: -
--

COMMENT ON FUNCTION analytics.demand_map(p_min_lng double precision, p_min_lat double precision, p_max_lng double precision, p_max_lat double precision, p_from timestamp with time zone, p_to timestamp with time zone, p_size_m double precision, p_kinds text[]) IS 'The unmet-demand map over a whole period: demand_hexagons summed per hexagon, with unmet_share = unmet / searches (0-1) and spots = active spots taking bookings inside the hexagon now. Only hexagons with searches. Answers GET /api/v1/admin/demand-map; security definer (reads search_events and parking_spots for the API and the analyst).';


--
-- Name: hexagon(double precision, integer, integer); Type: FUNCTION; Schema: analytics; Owner: -
--

CREATE FUNCTION analytics.hexagon(p_edge double precision, p_i integer, p_j integer) RETURNS public.geometry
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
    select st_transform(st_setsrid(st_hexagon(p_edge, p_i, p_j), 3857), 4326);
$$;


--
-- Name: FUNCTION hexagon(p_edge double precision, p_i integer, p_j integer); Type: COMMENT; Schema: analytics; Owner: -
--

COMMENT ON FUNCTION analytics.hexagon(p_edge double precision, p_i integer, p_j integer) IS 'Hexagon (p_i, p_j) of ST_HexagonGrid''s tiling of EPSG:3857 with edge p_edge (mercator metres; a true edge of p_edge x cos(latitude) metres), as a polygon in longitude/latitude (SRID 4326). Reads no table.';


--
-- Name: hexagon_demand(public.geometry, timestamp with time zone, timestamp with time zone, double precision, text[]); Type: FUNCTION; Schema: analytics; Owner: -
--

CREATE FUNCTION analytics.hexagon_demand(p_area public.geometry, p_from timestamp with time zone, p_to timestamp with time zone, p_edge double precision, p_kinds text[] DEFAULT ARRAY['search'::text]) RETURNS TABLE(hex_i integer, hex_j integer, hour timestamp with time zone, searches bigint, no_free bigint, few_free bigint, unmet bigint)
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
    with cells as (
        select e.latitude, e.longitude, e.searched_at,
               sum(e.searches) as searches,
               coalesce(sum(e.searches) filter (where e.free_results = 0), 0) as no_free,
               coalesce(sum(e.searches) filter (where e.free_results between 1 and 2), 0) as few_free
        from analytics.search_events e
        where e.cell && p_area
          and st_intersects(e.cell, p_area)
          and e.searched_at >= p_from
          and e.searched_at < p_to
          and e.kind = any(p_kinds)
          and e.latitude between -85 and 85  -- web mercator ends at 85.05 degrees
        group by e.latitude, e.longitude, e.searched_at
    ), placed as (
        select c.latitude, c.longitude, h.i, h.j
        from (select distinct latitude, longitude from cells) c,
             lateral (select st_transform(st_setsrid(st_makepoint(c.longitude::float8, c.latitude::float8), 4326),
                                          3857) as p) pt,
             lateral (select g.i, g.j
                      from st_hexagongrid(p_edge, st_expand(pt.p, 0.001)) g
                      where st_intersects(g.geom, pt.p)
                      order by g.i, g.j
                      limit 1) h
    )
    select p.i, p.j, c.searched_at,
           sum(c.searches)::bigint, sum(c.no_free)::bigint, sum(c.few_free)::bigint,
           sum(c.no_free + c.few_free)::bigint
    from cells c
    join placed p on p.latitude = c.latitude and p.longitude = c.longitude
    group by p.i, p.j, c.searched_at;
$$;


--
-- Name: FUNCTION hexagon_demand(p_area public.geometry, p_from timestamp with time zone, p_to timestamp with time zone, p_edge double precision, p_kinds text[]); Type: COMMENT; Schema: analytics; Owner: -
--

COMMENT ON FUNCTION analytics.hexagon_demand(p_area public.geometry, p_from timestamp with time zone, p_to timestamp with time zone, p_edge double precision, p_kinds text[]) IS 'Searches per hexagon (i, j of ST_HexagonGrid over EPSG:3857, edge p_edge mercator metres) and UTC hour, for searches whose snapped point lies in p_area (SRID 4326) and whose hour is in [p_from, p_to), of the kinds p_kinds (search, viewport): searches, no_free (no free result), few_free (1-2), unmet = no_free + few_free. The building block of demand_hexagons and unmet_demand.';


--
-- Name: minutes(tstzmultirange); Type: FUNCTION; Schema: analytics; Owner: -
--

CREATE FUNCTION analytics.minutes(p_ranges tstzmultirange) RETURNS numeric
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
    select coalesce(sum(extract(epoch from upper(r) - lower(r))), 0) / 60
    from unnest(p_ranges) as r;
$$;


--
-- Name: FUNCTION minutes(p_ranges tstzmultirange); Type: COMMENT; Schema: analytics; Owner: -
--

COMMENT ON FUNCTION analytics.minutes(p_ranges tstzmultirange) IS 'Total length of a set of bounded time ranges, in minutes (numeric). Reads no table.';


--
-- Name: minutes_by_hour_of_week(tstzmultirange, text); Type: FUNCTION; Schema: analytics; Owner: -
--

CREATE FUNCTION analytics.minutes_by_hour_of_week(p_ranges tstzmultirange, p_tz text) RETURNS TABLE(day_of_week smallint, hour_of_day smallint, minutes numeric)
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
    select extract(isodow from h.start at time zone p_tz)::smallint,
           extract(hour from h.start at time zone p_tz)::smallint,
           sum(extract(epoch from least(upper(r), h.start + interval '1 hour') - greatest(lower(r), h.start))) / 60
    from unnest(p_ranges) as r,
         generate_series(date_trunc('hour', lower(r), p_tz), upper(r) - interval '1 microsecond', interval '1 hour')
             as h(start)
    group by 1, 2;
$$;


--
-- Name: FUNCTION minutes_by_hour_of_week(p_ranges tstzmultirange, p_tz text); Type: COMMENT; Schema: analytics; Owner: -
--

COMMENT ON FUNCTION analytics.minutes_by_hour_of_week(p_ranges tstzmultirange, p_tz text) IS 'Spreads bounded time ranges over the hours of the week of IANA time zone p_tz: minutes per local ISO day of the week (1 = Monday) and clock hour (0-23). Reads no table.';


--
-- Name: occupancy(timestamp with time zone, timestamp with time zone); Type: FUNCTION; Schema: analytics; Owner: -
--

CREATE FUNCTION analytics.occupancy(p_from timestamp with time zone, p_to timestamp with time zone) RETURNS TABLE(spot_id uuid, owner_id uuid, city text, state text, spot_type public.spot_type, timezone text, day_of_week smallint, hour_of_day smallint, open_minutes numeric, booked_minutes numeric, occupancy numeric, period_from timestamp with time zone, period_to timestamp with time zone)
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    SET jit TO 'off'
    SET work_mem TO '64MB'
    AS $$
    with stayed as (
        select b.parking_spot_id, range_agg(tstzrange(b.start_time, b.end_time)) as ranges
        from bookings b
        where (b.status in ('confirmed', 'in_progress', 'completed')
               or (b.status = 'refunded' and b.cancelled_at is null))
          and b.start_time < p_to
          and b.end_time > p_from
        group by b.parking_spot_id
    ), spot as (
        select s.id, s.owner_id, s.city::text as city, s.state::text as state, s.spot_type, s.timezone,
               coalesce(s.operating_hours, 'null') as hours, st.ranges
        from stayed st
        join parking_spots s on s.id = st.parking_spot_id
    ), schedule as (  -- spots share schedules: open hours are spread over the week once per schedule
        select d.hours, d.timezone,
               analytics.open_ranges(nullif(d.hours, 'null'), d.timezone, p_from, p_to) as open
        from (select distinct hours, timezone from spot) d
    ), open_hours as materialized (
        select sc.hours, sc.timezone, w.day_of_week, w.hour_of_day, w.minutes
        from schedule sc,
             analytics.minutes_by_hour_of_week(sc.open, sc.timezone) w
    ), booked_hours as (
        select sp.id, w.day_of_week, w.hour_of_day, w.minutes
        from spot sp
        join schedule sc on sc.hours = sp.hours and sc.timezone = sp.timezone,
             analytics.minutes_by_hour_of_week(sc.open * sp.ranges, sp.timezone) w
    )
    select sp.id, sp.owner_id, sp.city, sp.state, sp.spot_type, sp.timezone, o.day_of_week, o.hour_of_day,
           round(o.minutes, 2), round(coalesce(b.minutes, 0), 2), round(coalesce(b.minutes, 0) / o.minutes, 4),
           p_from, p_to
    from spot sp
    join open_hours o on o.hours = sp.hours and o.timezone = sp.timezone
    left join booked_hours b on b.id = sp.id and b.day_of_week = o.day_of_week and b.hour_of_day = o.hour_of_day
    where o.minutes > 0;
$$;


--
-- Name: FUNCTION occupancy(p_from timestamp with time zone, p_to timestamp with time zone); Type: COMMENT; Schema: analytics; Owner: -
--

COMMENT ON FUNCTION analytics.occupancy(p_from timestamp with time zone, p_to timestamp with time zone) IS 'Occupancy per spot and local hour of the week over [p_from, p_to): booked minutes (stays: confirmed, in progress, completed) within the spot''s real opening hours against its open minutes, in its own time zone. Only spots with a stay in the period, only hours they were open. Same columns as analytics.occupancy_by_hour, for any period. Security definer: reads bookings and parking_spots for the analyst.';


--
-- Name: open_ranges(jsonb, text, timestamp with time zone, timestamp with time zone); Type: FUNCTION; Schema: analytics; Owner: -
--

CREATE FUNCTION analytics.open_ranges(p_hours jsonb, p_tz text, p_from timestamp with time zone, p_to timestamp with time zone) RETURNS tstzmultirange
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
    select case
        when p_to <= p_from then '{}'::tstzmultirange
        when p_hours is null then tstzmultirange(tstzrange(p_from, p_to))
        else coalesce((
            select range_agg(tstzrange(
                       (day.d + (iv.pair ->> 0)::time) at time zone p_tz,
                       (day.d + (iv.pair ->> 1)::time
                              + case when (iv.pair ->> 1)::time <= (iv.pair ->> 0)::time
                                     then interval '1 day' else interval '0' end) at time zone p_tz))
            from (select (p_from at time zone p_tz)::date - 1 + n
                  from generate_series(0, (p_to at time zone p_tz)::date - (p_from at time zone p_tz)::date + 1) as n
                 ) as day(d),
                 jsonb_array_elements(coalesce(
                     p_hours -> (array['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'])[extract(dow from day.d)::int + 1],
                     '[]')) as iv(pair)
        ) * tstzmultirange(tstzrange(p_from, p_to)), '{}'::tstzmultirange)
    end;
$$;


--
-- Name: FUNCTION open_ranges(p_hours jsonb, p_tz text, p_from timestamp with time zone, p_to timestamp with time zone); Type: COMMENT; Schema: analytics; Owner: -
--

COMMENT ON FUNCTION analytics.open_ranges(p_hours jsonb, p_tz text, p_from timestamp with time zone, p_to timestamp with time zone) IS 'A spot''s opening hours (operating_hours jsonb, in its IANA time zone p_tz) as the instants they cover within [p_from, p_to). null hours = open all the time; {} = never open. Reads no table.';


--
-- Name: purge_search_events(interval, timestamp with time zone); Type: FUNCTION; Schema: analytics; Owner: -
--

CREATE FUNCTION analytics.purge_search_events(p_keep interval DEFAULT '400 days'::interval, p_now timestamp with time zone DEFAULT now()) RETURNS integer
    LANGUAGE sql SECURITY DEFINER
    SET search_path TO 'public', 'pg_temp'
    AS $$
    with purged as (
        delete from analytics.search_events where searched_at < p_now - p_keep returning 1
    )
    select count(*)::integer from purged;
$$;


--
-- Name: FUNCTION purge_search_events(p_keep interval, p_now timestamp with time zone); Type: COMMENT; Schema: analytics; Owner: -
--

COMMENT ON FUNCTION analytics.purge_search_events(p_keep interval, p_now timestamp with time zone) IS 'pg_cron, daily (parkingspots-purge-search-events): deletes search events older than p_keep (400 days by the job); returns how many rows it deleted.';


--
-- Name: refresh_materialized_views(boolean); Type: FUNCTION; Schema: analytics; Owner: -
--

CREATE FUNCTION analytics.refresh_materialized_views(p_force boolean DEFAULT false) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public', 'pg_temp'
    AS $$
declare
    refreshed integer := 1;
begin
    if p_force or not exists (select 1 from analytics.occupancy_by_hour
                              where period_to = date_trunc('day', now(), 'UTC')) then
        refresh materialized view concurrently analytics.occupancy_by_hour;
        refreshed := 2;
    end if;
    refresh materialized view concurrently analytics.unmet_demand;
    return refreshed;
end;
$$;


--
-- Name: FUNCTION refresh_materialized_views(p_force boolean); Type: COMMENT; Schema: analytics; Owner: -
--

COMMENT ON FUNCTION analytics.refresh_materialized_views(p_force boolean) IS 'pg_cron, hourly (parkingspots-refresh-analytics): refreshes analytics.unmet_demand, and analytics.occupancy_by_hour when a new UTC day has begun since (or when p_force), CONCURRENTLY; returns how many views it refreshed. Security definer: only the owner may refresh a materialized view.';


--
-- Name: apply_payment_state(text, public.payment_status, integer, text, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.apply_payment_state(p_intent_id text, p_status public.payment_status, p_amount_refunded integer, p_charge_id text, p_failure text, OUT payment_id uuid, OUT booking_id uuid, OUT booking_status public.booking_status, OUT needs_refund boolean) RETURNS record
    LANGUAGE plpgsql
    AS $$
declare
    pay payments;
    booking bookings;
    money booking_balances;
    settled text;
begin
    select * into pay from payments where stripe_payment_intent_id = p_intent_id for update;
    if not found then
        raise exception using errcode = 'PS404', message = 'no payment for that payment intent';
    end if;
    select * into booking from bookings where id = pay.booking_id for update;
    update payments
       set status = p_status,
           -- Stripe's figure as it is now: a refund that fails gives its amount back, so this can drop
           amount_refunded = coalesce(p_amount_refunded, 0),
           stripe_charge_id = coalesce(p_charge_id, stripe_charge_id),
           failure_message = p_failure
     where id = pay.id;
    needs_refund := false;
    if pay.extension_id is not null then
        if p_status = 'succeeded' then
            update booking_extensions set status = 'paid' where id = pay.extension_id and status = 'pending';
            needs_refund := (select e.status = 'released' from booking_extensions e where e.id = pay.extension_id);
        end if;
    elsif p_status = 'succeeded' and booking.status = 'pending' then
        update bookings set status = 'confirmed', payment_status = 'paid' where id = booking.id;
    elsif p_status = 'succeeded' and booking.status = 'cancelled'
          and booking.payment_status in ('pending', 'failed', 'expired') then
        -- money arriving for the first time, after the hold expired: all of it goes back
        update bookings set payment_status = 'paid' where id = booking.id;
        needs_refund := true;
    elsif p_status = 'failed' and booking.status = 'pending' then
        update bookings set payment_status = 'failed' where id = booking.id;
    end if;
    select * into money from booking_balances m where m.booking_id = booking.id;
    if found and money.charged > 0 and not needs_refund then
        settled := case when money.refunded = 0 then 'paid'
                        when money.refunded + money.disputed >= money.charged then 'refunded'
                        else 'partially_refunded' end;
        select * into booking from bookings where id = booking.id;
        if settled = 'refunded' and booking.status in ('pending', 'confirmed') then
            update bookings set status = 'cancelled', cancellation_reason = coalesce(cancellation_reason, 'refunded')
             where id = booking.id;
        end if;
        update bookings
           set status = case when settled = 'refunded' and status in ('cancelled', 'completed')
                             then 'refunded'::booking_status else status end,
               payment_status = settled
         where id = booking.id
           and (payment_status is distinct from settled or (settled = 'refunded' and status <> 'refunded'));
    end if;
    payment_id := pay.id;
    booking_id := booking.id;
    select b.status into booking_status from bookings b where b.id = booking.id;
end;
$$;


--
-- Name: FUNCTION apply_payment_state(p_intent_id text, p_status public.payment_status, p_amount_refunded integer, p_charge_id text, p_failure text, OUT payment_id uuid, OUT booking_id uuid, OUT booking_status public.booking_status, OUT needs_refund boolean); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.apply_payment_state(p_intent_id text, p_status public.payment_status, p_amount_refunded integer, p_charge_id text, p_failure text, OUT payment_id uuid, OUT booking_id uuid, OUT booking_status public.booking_status, OUT needs_refund boolean) IS 'Applies a PaymentIntent''s state read back from Stripe (after its movements were recorded): confirms and pays a pending booking, marks an extension paid, records failures, makes the booking''s payment_status follow the ledger; needs_refund when money arrived for nothing. Amounts in cents.';


--
-- Name: auto_checkout_bookings(timestamp with time zone); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.auto_checkout_bookings(p_now timestamp with time zone DEFAULT now()) RETURNS integer
    LANGUAGE sql SECURITY DEFINER
    SET search_path TO 'public', 'pg_temp'
    AS $$
    with moved as (
        update bookings
           set status = 'completed',
               checked_out_at = coalesce(checked_out_at, end_time)
         where status = 'in_progress'
           and end_time <= p_now
        returning 1
    )
    select count(*)::integer from moved;
$$;


--
-- Name: FUNCTION auto_checkout_bookings(p_now timestamp with time zone); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.auto_checkout_bookings(p_now timestamp with time zone) IS 'pg_cron job: in_progress bookings whose end has passed at p_now are completed (checked out at their end time). Idempotent; returns how many moved.';


--
-- Name: auto_start_bookings(timestamp with time zone); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.auto_start_bookings(p_now timestamp with time zone DEFAULT now()) RETURNS integer
    LANGUAGE sql SECURITY DEFINER
    SET search_path TO 'public', 'pg_temp'
    AS $$
    with moved as (
        update bookings
           set status = 'in_progress'
         where status = 'confirmed'
           and start_time <= p_now
        returning 1
    )
    select count(*)::integer from moved;
$$;


--
-- Name: FUNCTION auto_start_bookings(p_now timestamp with time zone); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.auto_start_bookings(p_now timestamp with time zone) IS 'pg_cron job: confirmed bookings whose start has passed at p_now move to in_progress. Idempotent; returns how many moved.';


--
-- Name: booking_counts(public.booking_status); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.booking_counts(p_status public.booking_status) RETURNS integer
    LANGUAGE sql IMMUTABLE
    AS $$
    select case when p_status in ('confirmed', 'in_progress', 'completed') then 1 else 0 end;
$$;


--
-- Name: FUNCTION booking_counts(p_status public.booking_status); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.booking_counts(p_status public.booking_status) IS '1 when a booking in this status counts in parking_spots.total_bookings (confirmed, in_progress, completed), else 0.';


--
-- Name: booking_holds_slot(public.booking_status); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.booking_holds_slot(status public.booking_status) RETURNS boolean
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
    select status in ('pending', 'confirmed', 'in_progress');
$$;


--
-- Name: FUNCTION booking_holds_slot(status public.booking_status); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.booking_holds_slot(status public.booking_status) IS 'True for the statuses in which a booking holds its slot (pending, confirmed, in_progress): used by the exclusion constraint bookings_no_overlap and the booking rules. Changes only by a migration that rebuilds that constraint.';


SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: bookings; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.bookings (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    user_id uuid NOT NULL,
    parking_spot_id uuid NOT NULL,
    start_time timestamp with time zone NOT NULL,
    end_time timestamp with time zone NOT NULL,
    status public.booking_status DEFAULT 'pending'::public.booking_status NOT NULL,
    subtotal integer NOT NULL,
    service_fee integer NOT NULL,
    total_amount integer NOT NULL,
    owner_payout integer NOT NULL,
    refund_amount integer DEFAULT 0 NOT NULL,
    payment_intent_id text,
    payment_status text DEFAULT 'pending'::text NOT NULL,
    hold_expires_at timestamp with time zone,
    access_code text DEFAULT lpad(((floor((random() * (1000000)::double precision)))::integer)::text, 6, '0'::text) NOT NULL,
    vehicle_plate character varying(20),
    vehicle_make character varying(50),
    vehicle_model character varying(50),
    vehicle_color character varying(30),
    special_requests text,
    cancellation_reason text,
    cancelled_by uuid,
    cancelled_at timestamp with time zone,
    checked_in_at timestamp with time zone,
    checked_out_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT bookings_cancellation_reason_length CHECK ((length(cancellation_reason) <= 2000)),
    CONSTRAINT bookings_owner_payout_nonnegative CHECK ((owner_payout >= 0)),
    CONSTRAINT bookings_payment_status_valid CHECK ((payment_status = ANY (ARRAY['pending'::text, 'not_required'::text, 'paid'::text, 'failed'::text, 'expired'::text, 'refunded'::text, 'partially_refunded'::text]))),
    CONSTRAINT bookings_refund_bounded CHECK (((refund_amount >= 0) AND (refund_amount <= total_amount))),
    CONSTRAINT bookings_service_fee_nonnegative CHECK ((service_fee >= 0)),
    CONSTRAINT bookings_special_requests_length CHECK ((length(special_requests) <= 2000)),
    CONSTRAINT bookings_subtotal_positive CHECK ((subtotal > 0)),
    CONSTRAINT bookings_time_order CHECK ((end_time > start_time)),
    CONSTRAINT bookings_total_is_sum CHECK ((total_amount = (subtotal + service_fee))),
    CONSTRAINT bookings_total_positive CHECK ((total_amount > 0))
);


--
-- Name: TABLE bookings; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.bookings IS 'A renter''s booking of a spot for [start_time, end_time). Amounts are integer cents, filled from quote_price''s rules by the database; total_amount = subtotal + service_fee, owner_payout = subtotal. Two bookings that hold their slot never overlap (bookings_no_overlap). Personal data: vehicle_plate, vehicle details, special_requests, cancellation_reason. Secret: access_code.';


--
-- Name: COLUMN bookings.id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.bookings.id IS 'Primary key (random UUID).';


--
-- Name: COLUMN bookings.user_id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.bookings.user_id IS 'The renter (users.id).';


--
-- Name: COLUMN bookings.parking_spot_id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.bookings.parking_spot_id IS 'The spot booked (parking_spots.id).';


--
-- Name: COLUMN bookings.start_time; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.bookings.start_time IS 'Start of the stay, inclusive (timestamptz, UTC); on the booking grid (platform_settings.booking_grid_minutes).';


--
-- Name: COLUMN bookings.end_time; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.bookings.end_time IS 'End of the stay, exclusive (timestamptz, UTC); moves later when the booking is extended.';


--
-- Name: COLUMN bookings.status; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.bookings.status IS 'Where the booking is in its lifecycle (booking_status); only the allowed transitions are accepted.';


--
-- Name: COLUMN bookings.subtotal; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.bookings.subtotal IS 'Price of the stay from the spot''s rates, integer cents; the owner''s share (owner_payout).';


--
-- Name: COLUMN bookings.service_fee; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.bookings.service_fee IS 'The platform''s fee, integer cents: round(subtotal x service_fee_percent / 100) + service_fee_fixed_cents.';


--
-- Name: COLUMN bookings.total_amount; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.bookings.total_amount IS 'What the renter pays, integer cents: subtotal + service_fee.';


--
-- Name: COLUMN bookings.owner_payout; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.bookings.owner_payout IS 'What the owner earns, integer cents (= subtotal).';


--
-- Name: COLUMN bookings.refund_amount; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.bookings.refund_amount IS 'Refund promised by the cancellation policy, integer cents (0..total_amount); what reached the renter is in the ledger (booking_balances.refunded).';


--
-- Name: COLUMN bookings.payment_intent_id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.bookings.payment_intent_id IS 'Legacy: a Stripe PaymentIntent id (pi_...) as the original contract stored it; the service no longer writes it (payments.stripe_payment_intent_id holds each intent).';


--
-- Name: COLUMN bookings.payment_status; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.bookings.payment_status IS 'Payment summary: pending (waiting for payment), not_required (payments off), paid, failed, expired (payment window passed), refunded, partially_refunded; follows the ledger.';


--
-- Name: COLUMN bookings.hold_expires_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.bookings.hold_expires_at IS 'For a pending booking, when its unpaid hold on the slot ends and pg_cron cancels it (timestamptz, UTC); null otherwise.';


--
-- Name: COLUMN bookings.access_code; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.bookings.access_code IS 'Secret: 6-digit code the renter uses on arrival; shown only to the renter, once the booking is confirmed (GET /bookings/{id}/access).';


--
-- Name: COLUMN bookings.vehicle_plate; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.bookings.vehicle_plate IS 'Personal data: the renter''s licence plate.';


--
-- Name: COLUMN bookings.vehicle_make; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.bookings.vehicle_make IS 'Personal data: the make of the renter''s vehicle.';


--
-- Name: COLUMN bookings.vehicle_model; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.bookings.vehicle_model IS 'Personal data: the model of the renter''s vehicle.';


--
-- Name: COLUMN bookings.vehicle_color; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.bookings.vehicle_color IS 'Personal data: the colour of the renter''s vehicle.';


--
-- Name: COLUMN bookings.special_requests; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.bookings.special_requests IS 'Personal data: free text from the renter to the owner (at most 2000 characters).';


--
-- Name: COLUMN bookings.cancellation_reason; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.bookings.cancellation_reason IS 'Why the booking was cancelled: free text from whoever cancelled (personal data), or set by the service (''payment window expired'', ''refunded'').';


--
-- Name: COLUMN bookings.cancelled_by; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.bookings.cancelled_by IS 'Who cancelled (users.id: renter, owner or admin); null when the service did (expired hold, refund).';


--
-- Name: COLUMN bookings.cancelled_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.bookings.cancelled_at IS 'When the booking was cancelled (timestamptz, UTC).';


--
-- Name: COLUMN bookings.checked_in_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.bookings.checked_in_at IS 'When the renter checked in (timestamptz, UTC); null if they never did (auto-start does not set it).';


--
-- Name: COLUMN bookings.checked_out_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.bookings.checked_out_at IS 'When the renter checked out, or the end time when auto-checkout completed it (timestamptz, UTC).';


--
-- Name: COLUMN bookings.created_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.bookings.created_at IS 'When the booking was made (timestamptz, UTC); created_at to start_time is the lead time.';


--
-- Name: COLUMN bookings.updated_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.bookings.updated_at IS 'When the row last changed (timestamptz, UTC); kept by the database.';


--
-- Name: booking_out(public.bookings); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.booking_out(b public.bookings) RETURNS jsonb
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
    select jsonb_build_object(
        'id', b.id,
        'user_id', b.user_id,
        'parking_spot_id', b.parking_spot_id,
        'start_time', utc_iso(b.start_time),
        'end_time', utc_iso(b.end_time),
        'status', b.status,
        'subtotal', b.subtotal,
        'service_fee', b.service_fee,
        'total_amount', b.total_amount,
        'owner_payout', b.owner_payout,
        'refund_amount', b.refund_amount,
        'payment_status', b.payment_status,
        'payment_intent_id', coalesce(b.payment_intent_id,
                                      (select p.stripe_payment_intent_id from payments p
                                        where p.booking_id = b.id and p.extension_id is null)),
        'amount_charged', coalesce(m.charged, 0),
        'amount_refunded', coalesce(m.refunded, 0),
        'refund_owed', greatest(0, least(b.refund_amount, coalesce(m.charged, 0) - coalesce(m.disputed, 0))
                                   - coalesce(m.refunded, 0)),
        'dispute_status', (select d.status from payment_disputes d where d.booking_id = b.id
                           order by d.created_at desc limit 1),
        'pending_extension', (select jsonb_build_object('id', e.id, 'amount', e.amount,
                                                        'payment_due_by', utc_iso(e.hold_expires_at),
                                                        'previous_end', utc_iso(e.previous_end))
                                from booking_extensions e where e.booking_id = b.id and e.status = 'pending'),
        'hold_expires_at', utc_iso(b.hold_expires_at),
        'vehicle_plate', b.vehicle_plate,
        'vehicle_make', b.vehicle_make,
        'vehicle_model', b.vehicle_model,
        'vehicle_color', b.vehicle_color,
        'special_requests', b.special_requests,
        'cancellation_reason', b.cancellation_reason,
        'cancelled_at', utc_iso(b.cancelled_at),
        'checked_in_at', utc_iso(b.checked_in_at),
        'checked_out_at', utc_iso(b.checked_out_at),
        'created_at', utc_iso(b.created_at),
        'updated_at', utc_iso(b.updated_at))
    from (select) one
    left join booking_balances m on m.booking_id = b.id;
$$;


--
-- Name: FUNCTION booking_out(b public.bookings); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.booking_out(b public.bookings) IS 'JSON shape of a booking for its renter, the spot''s owner or an admin: amounts in integer cents, times in UTC, charged/refunded from the ledger, refund_owed, dispute_status, pending_extension; never the access code. Holds personal data (vehicle, requests).';


--
-- Name: booking_refundable(uuid); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.booking_refundable(p_booking_id uuid) RETURNS integer
    LANGUAGE sql STABLE
    AS $$
    select coalesce((select charged - refunded - disputed from booking_balances where booking_id = p_booking_id), 0);
$$;


--
-- Name: FUNCTION booking_refundable(p_booking_id uuid); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.booking_refundable(p_booking_id uuid) IS 'What a booking holds now, integer cents: charged less refunded less disputed (0 without movements). Refunds are computed from this, never from the booking''s price.';


--
-- Name: booking_role(uuid, uuid); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.booking_role(p_booking_id uuid, p_user_id uuid) RETURNS text
    LANGUAGE sql STABLE
    AS $$
    select case
               when b.user_id = p_user_id then 'renter'
               when s.owner_id = p_user_id then 'owner'
               when u.role = 'admin' then 'admin'
           end
    from bookings b
    join parking_spots s on s.id = b.parking_spot_id
    left join users u on u.id = p_user_id
    where b.id = p_booking_id;
$$;


--
-- Name: FUNCTION booking_role(p_booking_id uuid, p_user_id uuid); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.booking_role(p_booking_id uuid, p_user_id uuid) IS 'Who p_user_id is to the booking: renter, owner (of its spot), admin, or null (a stranger, told the booking does not exist).';


--
-- Name: booking_start_check(timestamp with time zone); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.booking_start_check(p_start timestamp with time zone) RETURNS void
    LANGUAGE plpgsql STABLE
    AS $$
begin
    if p_start <= now() and current_setting('parkingspots.allow_past_bookings', true) is distinct from 'on' then
        raise exception using errcode = 'PS422', constraint = 'booking_starts_in_future',
            message = 'start_time: must be in the future';
    end if;
end;
$$;


--
-- Name: FUNCTION booking_start_check(p_start timestamp with time zone); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.booking_start_check(p_start timestamp with time zone) IS 'Refuses a start that is not in the future (PS422 booking_starts_in_future), unless the transaction set parkingspots.allow_past_bookings to on (loading history).';


--
-- Name: booking_transition_allowed(public.booking_status, public.booking_status); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.booking_transition_allowed(p_from public.booking_status, p_to public.booking_status) RETURNS boolean
    LANGUAGE sql IMMUTABLE
    AS $$
    select (p_from, p_to) in (
        ('pending'::booking_status, 'confirmed'::booking_status),
        ('confirmed', 'in_progress'),
        ('in_progress', 'completed'),
        ('pending', 'cancelled'),
        ('confirmed', 'cancelled'),
        ('cancelled', 'refunded'),
        ('completed', 'refunded')
    );
$$;


--
-- Name: FUNCTION booking_transition_allowed(p_from public.booking_status, p_to public.booking_status); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.booking_transition_allowed(p_from public.booking_status, p_to public.booking_status) IS 'The status machine: pending -> confirmed -> in_progress -> completed; pending|confirmed -> cancelled; cancelled|completed -> refunded. Nothing else.';


--
-- Name: is_valid_timezone(text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.is_valid_timezone(tz text) RETURNS boolean
    LANGUAGE plpgsql STABLE
    AS $_$
begin
    perform now() at time zone tz;
    return tz ~ '^[A-Za-z]+(/[A-Za-z0-9_+-]+)*$';
exception when invalid_parameter_value then
    return false;
end;
$_$;


--
-- Name: FUNCTION is_valid_timezone(tz text); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.is_valid_timezone(tz text) IS 'True when the text is a time zone name PostgreSQL knows, written as an IANA name (''America/Los_Angeles'', ''UTC''): checks parking_spots.timezone. Changes only by migration.';


--
-- Name: operating_hours_valid(jsonb); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.operating_hours_valid(hours jsonb) RETURNS boolean
    LANGUAGE sql IMMUTABLE
    AS $_$
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
$_$;


--
-- Name: FUNCTION operating_hours_valid(hours jsonb); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.operating_hours_valid(hours jsonb) IS 'True when opening hours have the documented shape: {"mon": [["08:00", "18:00"]], ...}, keys mon..sun, "HH:MM" pairs in the spot''s own time zone, "24:00" closing at midnight, a close before its open running past midnight. Checks parking_spots.operating_hours. Changes only by migration.';


--
-- Name: parking_spots; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.parking_spots (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    owner_id uuid NOT NULL,
    title text NOT NULL,
    description text,
    spot_type public.spot_type NOT NULL,
    vehicle_size public.vehicle_size DEFAULT 'standard'::public.vehicle_size NOT NULL,
    address character varying(500) NOT NULL,
    city character varying(100) NOT NULL,
    state character varying(100) NOT NULL,
    zip_code character varying(20) NOT NULL,
    latitude double precision NOT NULL,
    longitude double precision NOT NULL,
    location public.geography(Point,4326) GENERATED ALWAYS AS ((public.st_setsrid(public.st_makepoint(longitude, latitude), 4326))::public.geography) STORED NOT NULL,
    timezone text NOT NULL,
    hourly_rate integer NOT NULL,
    daily_rate integer,
    monthly_rate integer,
    is_covered boolean DEFAULT false NOT NULL,
    has_ev_charging boolean DEFAULT false NOT NULL,
    has_security boolean DEFAULT false NOT NULL,
    has_lighting boolean DEFAULT false NOT NULL,
    is_handicap_accessible boolean DEFAULT false NOT NULL,
    images text[] DEFAULT '{}'::text[] NOT NULL,
    is_active boolean DEFAULT true NOT NULL,
    is_available boolean DEFAULT true NOT NULL,
    operating_hours jsonb,
    access_instructions text,
    average_rating numeric(3,2) DEFAULT 0 NOT NULL,
    total_reviews integer DEFAULT 0 NOT NULL,
    total_bookings integer DEFAULT 0 NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    deactivated_at timestamp with time zone,
    deactivated_by uuid,
    deactivation_reason text,
    moderated boolean DEFAULT false NOT NULL,
    CONSTRAINT parking_spots_average_rating_range CHECK (((average_rating >= (0)::numeric) AND (average_rating <= (5)::numeric))),
    CONSTRAINT parking_spots_daily_rate_positive CHECK ((daily_rate > 0)),
    CONSTRAINT parking_spots_deactivation_reason_length CHECK (((length(btrim(deactivation_reason)) >= 1) AND (length(btrim(deactivation_reason)) <= 500))),
    CONSTRAINT parking_spots_description_length CHECK ((length(description) <= 5000)),
    CONSTRAINT parking_spots_hourly_rate_positive CHECK ((hourly_rate > 0)),
    CONSTRAINT parking_spots_images_bounded CHECK (((cardinality(images) <= 20) AND (array_position(images, NULL::text) IS NULL))),
    CONSTRAINT parking_spots_latitude_range CHECK (((latitude >= ('-90'::integer)::double precision) AND (latitude <= (90)::double precision))),
    CONSTRAINT parking_spots_longitude_range CHECK (((longitude >= ('-180'::integer)::double precision) AND (longitude <= (180)::double precision))),
    CONSTRAINT parking_spots_moderated_inactive CHECK ((NOT (moderated AND is_active))),
    CONSTRAINT parking_spots_moderation_reason CHECK (((NOT moderated) OR (deactivation_reason IS NOT NULL))),
    CONSTRAINT parking_spots_monthly_rate_positive CHECK ((monthly_rate > 0)),
    CONSTRAINT parking_spots_operating_hours_valid CHECK (public.operating_hours_valid(operating_hours)),
    CONSTRAINT parking_spots_timezone_valid CHECK (public.is_valid_timezone(timezone)),
    CONSTRAINT parking_spots_title_length CHECK (((length(btrim(title)) >= 1) AND (length(btrim(title)) <= 255))),
    CONSTRAINT parking_spots_total_bookings_nonnegative CHECK ((total_bookings >= 0)),
    CONSTRAINT parking_spots_total_reviews_nonnegative CHECK ((total_reviews >= 0))
);


--
-- Name: TABLE parking_spots; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.parking_spots IS 'Parking spots listed by owners. Rates are integer cents; location is kept in step with latitude/longitude; opening hours are in the spot''s own time zone. Public: what a listing shows. Private to the owner and the spot''s renters: access_instructions. Counters (average_rating, total_reviews, total_bookings) are kept by triggers.';


--
-- Name: COLUMN parking_spots.id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.parking_spots.id IS 'Primary key (random UUID).';


--
-- Name: COLUMN parking_spots.owner_id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.parking_spots.owner_id IS 'The owner who listed the spot (users.id).';


--
-- Name: COLUMN parking_spots.title; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.parking_spots.title IS 'Listing title (1-255 characters).';


--
-- Name: COLUMN parking_spots.description; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.parking_spots.description IS 'Listing description written by the owner (at most 5000 characters); optional.';


--
-- Name: COLUMN parking_spots.spot_type; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.parking_spots.spot_type IS 'indoor, outdoor, covered, garage, driveway or lot (spot_type).';


--
-- Name: COLUMN parking_spots.vehicle_size; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.parking_spots.vehicle_size IS 'Largest vehicle that fits (vehicle_size); smaller ones fit too.';


--
-- Name: COLUMN parking_spots.address; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.parking_spots.address IS 'Street address of the spot (public: it is on the listing).';


--
-- Name: COLUMN parking_spots.city; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.parking_spots.city IS 'City, as the owner wrote it (search by city compares lower(city)).';


--
-- Name: COLUMN parking_spots.state; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.parking_spots.state IS 'State, province or region, as the owner wrote it.';


--
-- Name: COLUMN parking_spots.zip_code; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.parking_spots.zip_code IS 'Postal code, as the owner wrote it.';


--
-- Name: COLUMN parking_spots.latitude; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.parking_spots.latitude IS 'WGS84 degrees north (-90..90).';


--
-- Name: COLUMN parking_spots.longitude; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.parking_spots.longitude IS 'WGS84 degrees east (-180..180).';


--
-- Name: COLUMN parking_spots.location; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.parking_spots.location IS 'The spot as geography(Point, 4326), generated from longitude/latitude (never written directly); GiST-indexed for radius (ST_DWithin, metres) and nearest-first (<->) search.';


--
-- Name: COLUMN parking_spots.timezone; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.parking_spots.timezone IS 'The spot''s IANA time zone name (e.g. ''America/New_York''), derived from its coordinates when the owner gives none: operating_hours are read in it.';


--
-- Name: COLUMN parking_spots.hourly_rate; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.parking_spots.hourly_rate IS 'Price per hour, integer cents (> 0); charged pro rata to the minute.';


--
-- Name: COLUMN parking_spots.daily_rate; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.parking_spots.daily_rate IS 'Most charged per started 24 hours, integer cents (> 0); null: no daily cap.';


--
-- Name: COLUMN parking_spots.monthly_rate; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.parking_spots.monthly_rate IS 'Most charged per started 30 days, integer cents (> 0); null: no monthly cap.';


--
-- Name: COLUMN parking_spots.is_covered; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.parking_spots.is_covered IS 'Whether the spot has a roof.';


--
-- Name: COLUMN parking_spots.has_ev_charging; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.parking_spots.has_ev_charging IS 'Whether an electric vehicle can charge there.';


--
-- Name: COLUMN parking_spots.has_security; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.parking_spots.has_security IS 'Whether the spot is guarded or watched (cameras, attendant).';


--
-- Name: COLUMN parking_spots.has_lighting; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.parking_spots.has_lighting IS 'Whether the spot is lit at night.';


--
-- Name: COLUMN parking_spots.is_handicap_accessible; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.parking_spots.is_handicap_accessible IS 'Whether the spot is accessible for disabled drivers.';


--
-- Name: COLUMN parking_spots.images; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.parking_spots.images IS 'Photo URLs (https), in display order; at most 20 (the API accepts 10).';


--
-- Name: COLUMN parking_spots.is_active; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.parking_spots.is_active IS 'False once the owner or an admin took the spot off the market: search and booking skip it (see deactivated_at).';


--
-- Name: COLUMN parking_spots.is_available; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.parking_spots.is_available IS 'False while the owner pauses new bookings (bookings already made stand).';


--
-- Name: COLUMN parking_spots.operating_hours; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.parking_spots.operating_hours IS 'Opening hours in the spot''s own time zone: {"mon": [["08:00", "18:00"]], "fri": [["22:00", "02:00"]], ...}; a day left out is closed, "24:00" closes at midnight, a close before its open runs into the next day. Null: always open.';


--
-- Name: COLUMN parking_spots.access_instructions; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.parking_spots.access_instructions IS 'Private: how to get in (gate code, key box), shown only to the owner and renters of the spot''s bookings. May hold a secret such as a gate code.';


--
-- Name: COLUMN parking_spots.average_rating; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.parking_spots.average_rating IS 'Mean overall_rating (1-5, two decimals) of the spot''s visible reviews; 0 without any. Kept by the trigger reviews_rate_spot.';


--
-- Name: COLUMN parking_spots.total_reviews; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.parking_spots.total_reviews IS 'Number of the spot''s visible reviews. Kept by the trigger reviews_rate_spot.';


--
-- Name: COLUMN parking_spots.total_bookings; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.parking_spots.total_bookings IS 'Number of the spot''s bookings that went ahead (confirmed, in progress or completed). Kept by the trigger bookings_count_on_spot.';


--
-- Name: COLUMN parking_spots.created_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.parking_spots.created_at IS 'When the spot was listed (timestamptz, UTC).';


--
-- Name: COLUMN parking_spots.updated_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.parking_spots.updated_at IS 'When the row last changed (timestamptz, UTC); kept by the database.';


--
-- Name: COLUMN parking_spots.deactivated_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.parking_spots.deactivated_at IS 'When the spot was last taken off the market (timestamptz, UTC); null while active.';


--
-- Name: COLUMN parking_spots.deactivated_by; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.parking_spots.deactivated_by IS 'Who took it off the market (users.id: the owner or an admin); null while active or unknown.';


--
-- Name: COLUMN parking_spots.deactivation_reason; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.parking_spots.deactivation_reason IS 'Why it was taken off the market (1-500 characters); required when an admin moderated it.';


--
-- Name: COLUMN parking_spots.moderated; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.parking_spots.moderated IS 'True when an admin took down someone else''s spot: only an admin may put it back.';


--
-- Name: booking_window_check(public.parking_spots, uuid, timestamp with time zone, timestamp with time zone, boolean); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.booking_window_check(p_spot public.parking_spots, p_user_id uuid, p_start timestamp with time zone, p_end timestamp with time zone, p_new boolean DEFAULT true) RETURNS void
    LANGUAGE plpgsql STABLE
    AS $$
declare
    rules platform_settings;
    minutes numeric;
begin
    select * into rules from platform_settings;
    if p_end <= p_start then
        raise exception using errcode = 'PS422', constraint = 'bookings_time_order',
            message = 'end_time must be after start_time';
    end if;
    minutes := extract(epoch from p_end - p_start) / 60;
    if extract(epoch from p_start) % (rules.booking_grid_minutes * 60) <> 0
       or extract(epoch from p_end) % (rules.booking_grid_minutes * 60) <> 0 then
        raise exception using errcode = 'PS422', constraint = 'booking_time_grid',
            message = format('start_time and end_time must fall on a %s-minute boundary', rules.booking_grid_minutes);
    end if;
    if minutes < rules.min_booking_minutes then
        raise exception using errcode = 'PS422', constraint = 'booking_min_duration',
            message = format('a booking lasts at least %s minutes', rules.min_booking_minutes);
    end if;
    if minutes > rules.max_booking_days * 1440 then
        raise exception using errcode = 'PS422', constraint = 'booking_max_duration',
            message = format('a booking lasts at most %s days', rules.max_booking_days);
    end if;
    if p_new then
        if p_start > now() + make_interval(days => rules.max_booking_ahead_days) then
            raise exception using errcode = 'PS422', constraint = 'booking_beyond_horizon',
                message = format('start_time: at most %s days ahead', rules.max_booking_ahead_days);
        end if;
        if p_spot.owner_id = p_user_id then
            raise exception using errcode = 'PS403', constraint = 'booking_own_spot',
                message = 'you cannot book your own parking spot';
        end if;
        if not p_spot.is_active or not p_spot.is_available then
            raise exception using errcode = 'PS409', constraint = 'booking_spot_unavailable',
                message = 'this parking spot is not taking bookings';
        end if;
    end if;
    if not spot_is_open(p_spot.operating_hours, p_spot.timezone, p_start, p_end) then
        raise exception using errcode = 'PS422', constraint = 'booking_operating_hours',
            message = 'the booking falls outside the spot''s operating hours';
    end if;
    if exists (select 1 from spot_blackouts b
               where b.parking_spot_id = p_spot.id
                 and tstzrange(b.starts_at, b.ends_at) && tstzrange(p_start, p_end)) then
        raise exception using errcode = 'PS409', constraint = 'booking_blackout_overlap',
            message = 'the owner has blocked this spot for part of that time';
    end if;
end;
$$;


--
-- Name: FUNCTION booking_window_check(p_spot public.parking_spots, p_user_id uuid, p_start timestamp with time zone, p_end timestamp with time zone, p_new boolean); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.booking_window_check(p_spot public.parking_spots, p_user_id uuid, p_start timestamp with time zone, p_end timestamp with time zone, p_new boolean) IS 'What a booking window must satisfy, the same for a quote, a new booking and a moved one: time order, the grid, shortest and longest stay, opening hours (in the spot''s time zone), no blackout; and when p_new, the horizon, not the caller''s own spot, a spot taking bookings. Raises a PS4xx error naming the rule.';


--
-- Name: bookings_check_rules(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.bookings_check_rules() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
declare
    spot parking_spots;
    rules platform_settings;
    quote record;
begin
    if tg_op = 'UPDATE' and (new.user_id <> old.user_id or new.parking_spot_id <> old.parking_spot_id) then
        raise exception using errcode = 'PS409', constraint = 'booking_parties_fixed',
            message = 'the renter and the spot of a booking cannot change';
    end if;
    if tg_op = 'INSERT' then
        perform booking_start_check(new.start_time);
    end if;
    -- Locking the spot row serialises this booking with blackout changes of the same spot
    -- (spot_blackouts_check_rules takes the same lock), so neither can slip past the other.
    select * into spot from parking_spots where id = new.parking_spot_id for no key update;
    if not found then
        raise exception using errcode = 'PS404', constraint = 'bookings_parking_spot_id_fkey',
            message = 'parking spot not found';
    end if;
    perform booking_window_check(spot, new.user_id, new.start_time, new.end_time, tg_op = 'INSERT');

    -- The price always comes from price_quote's rules, whoever inserts. A later change of the
    -- window (an extension) is re-priced by the code that makes it, which knows what to charge.
    if tg_op = 'INSERT' then
        if new.status not in ('pending', 'confirmed') then
            raise exception using errcode = 'PS409', constraint = 'booking_status_transition',
                message = format('a new booking starts as pending or confirmed, not %s', new.status);
        end if;
        select * into rules from platform_settings;
        if new.status = 'pending' then
            new.hold_expires_at := coalesce(new.hold_expires_at, now() + make_interval(mins => rules.payment_hold_minutes));
        end if;
        select * into quote from price_quote(spot.hourly_rate, spot.daily_rate, spot.monthly_rate,
                                             new.start_time, new.end_time);
        new.subtotal := quote.subtotal;
        new.service_fee := quote.service_fee;
        new.total_amount := quote.total;
        new.owner_payout := quote.owner_payout;
    end if;
    return new;
end;
$$;


--
-- Name: FUNCTION bookings_check_rules(); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.bookings_check_rules() IS 'Trigger function (bookings_check_rules): on insert or a change of window checks the booking rules under a lock of the spot row, and on insert fills the amounts (cents) from price_quote and the payment hold of a pending booking.';


--
-- Name: bookings_count_on_spot(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.bookings_count_on_spot() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
declare
    delta integer;
begin
    delta := case when tg_op = 'DELETE' then 0 else booking_counts(new.status) end
           - case when tg_op = 'INSERT' then 0 else booking_counts(old.status) end;
    if delta <> 0 then
        update parking_spots
           set total_bookings = total_bookings + delta
         where id = coalesce(new.parking_spot_id, old.parking_spot_id);
    end if;
    return null;
end;
$$;


--
-- Name: FUNCTION bookings_count_on_spot(); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.bookings_count_on_spot() IS 'Trigger function (bookings_count_on_spot): keeps parking_spots.total_bookings true on insert, delete and status change.';


--
-- Name: bookings_guard_status(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.bookings_guard_status() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
begin
    if new.status = old.status then
        return new;
    end if;
    if not booking_transition_allowed(old.status, new.status) then
        raise exception using errcode = 'PS409', constraint = 'booking_status_transition',
            message = format('a booking cannot go from %s to %s', old.status, new.status),
            hint = 'pending -> confirmed -> in_progress -> completed; pending|confirmed -> cancelled; cancelled|completed -> refunded';
    end if;
    if new.status = 'cancelled' then
        new.cancelled_at := coalesce(new.cancelled_at, now());
    end if;
    if new.status <> 'pending' then
        new.hold_expires_at := null;
    end if;
    return new;
end;
$$;


--
-- Name: FUNCTION bookings_guard_status(); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.bookings_guard_status() IS 'Trigger function (bookings_guard_status): refuses illegal status transitions (PS409 booking_status_transition), stamps cancelled_at, clears hold_expires_at once no longer pending.';


--
-- Name: bookings_notify(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.bookings_notify() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public', 'pg_temp'
    AS $$
declare
    owner uuid := (select owner_id from parking_spots where id = new.parking_spot_id);
begin
    if tg_op = 'INSERT' then
        perform notify_event('new_booking', jsonb_build_object(
            'booking_id', new.id, 'spot_id', new.parking_spot_id, 'user_id', new.user_id, 'owner_id', owner));
    else
        perform notify_event('booking_update', jsonb_build_object(
            'booking_id', new.id, 'status', new.status, 'spot_id', new.parking_spot_id,
            'user_id', new.user_id, 'owner_id', owner));
    end if;
    return null;
end;
$$;


--
-- Name: FUNCTION bookings_notify(); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.bookings_notify() IS 'Trigger function (bookings_notify_insert, bookings_notify_status, deferred to commit): new_booking and booking_update events for the renter and the spot''s owner.';


--
-- Name: bookings_release_extension(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.bookings_release_extension() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
begin
    perform release_extension(e.id)
       from booking_extensions e
      where e.booking_id = new.id and e.status = 'pending';
    return null;
end;
$$;


--
-- Name: FUNCTION bookings_release_extension(); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.bookings_release_extension() IS 'Trigger function (bookings_release_extension): a cancelled booking releases its pending extension.';


--
-- Name: cancel_booking(uuid, uuid, text, text, timestamp with time zone); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.cancel_booking(p_booking_id uuid, p_user_id uuid, p_by text, p_reason text, p_now timestamp with time zone DEFAULT now()) RETURNS TABLE(booking public.bookings, refund_percent integer)
    LANGUAGE plpgsql
    AS $$
declare
    current bookings;
    refund record;
begin
    select * into current from bookings where id = p_booking_id for update;
    if not found then
        raise exception using errcode = 'PS404', message = 'booking not found';
    end if;
    refund := cancellation_refund(current, p_by, p_now);
    update bookings
       set status = 'cancelled',
           cancellation_reason = p_reason,
           cancelled_by = p_user_id,
           cancelled_at = p_now,
           refund_amount = refund.refund_amount
     where id = p_booking_id
    returning * into current;
    booking := current;
    refund_percent := refund.refund_percent;
    return next;
end;
$$;


--
-- Name: FUNCTION cancel_booking(p_booking_id uuid, p_user_id uuid, p_by text, p_reason text, p_now timestamp with time zone); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.cancel_booking(p_booking_id uuid, p_user_id uuid, p_by text, p_reason text, p_now timestamp with time zone) IS 'Cancels a booking as p_by (renter, owner or admin) with the policy''s refund (refund_amount, cents); returns the booking and the refund percent.';


--
-- Name: cancellation_refund(public.bookings, text, timestamp with time zone); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.cancellation_refund(p_booking public.bookings, p_by text, p_now timestamp with time zone, OUT refund_percent integer, OUT refund_amount integer) RETURNS record
    LANGUAGE plpgsql STABLE
    AS $$
begin
    if p_booking.status not in ('pending', 'confirmed') then
        raise exception using errcode = 'PS409', constraint = 'booking_cancel_state',
            message = format('this booking is %s: it cannot be cancelled', replace(p_booking.status::text, '_', ' '));
    end if;
    if p_now >= p_booking.start_time then
        raise exception using errcode = 'PS409', constraint = 'booking_cancel_started',
            message = 'the booking has started; it can no longer be cancelled';
    end if;
    refund_percent := case
        when p_by in ('owner', 'admin') then 100
        when p_booking.start_time - p_now >= interval '24 hours' then 100
        else 50
    end;
    refund_amount := booking_refundable(p_booking.id) * refund_percent / 100;
end;
$$;


--
-- Name: FUNCTION cancellation_refund(p_booking public.bookings, p_by text, p_now timestamp with time zone, OUT refund_percent integer, OUT refund_amount integer); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.cancellation_refund(p_booking public.bookings, p_by text, p_now timestamp with time zone, OUT refund_percent integer, OUT refund_amount integer) IS 'The cancellation policy: owner or admin cancels: 100 %; renter 24 hours or more before the start: 100 %, later 50 %; none once started. The percent applies to what the booking holds in the ledger (cents).';


--
-- Name: check_in_booking(uuid, timestamp with time zone); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.check_in_booking(p_booking_id uuid, p_now timestamp with time zone DEFAULT now()) RETURNS public.bookings
    LANGUAGE plpgsql
    AS $$
declare
    current bookings;
begin
    select * into current from bookings where id = p_booking_id for update;
    if not found then
        raise exception using errcode = 'PS404', message = 'booking not found';
    end if;
    if current.status not in ('confirmed', 'in_progress') or current.checked_in_at is not null then
        raise exception using errcode = 'PS409', constraint = 'booking_check_in_state',
            message = case when current.checked_in_at is not null then 'already checked in'
                           else format('this booking is %s: it cannot be checked in', replace(current.status::text, '_', ' ')) end;
    end if;
    if p_now < current.start_time - interval '15 minutes' or p_now >= current.end_time then
        raise exception using errcode = 'PS409', constraint = 'booking_check_in_window',
            message = 'check-in opens 15 minutes before the start and closes at the end';
    end if;
    update bookings
       set checked_in_at = p_now,
           status = 'in_progress'
     where id = p_booking_id
    returning * into current;
    return current;
end;
$$;


--
-- Name: FUNCTION check_in_booking(p_booking_id uuid, p_now timestamp with time zone); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.check_in_booking(p_booking_id uuid, p_now timestamp with time zone) IS 'The renter arrives, from 15 minutes before the start until the end: checked_in_at set, a confirmed booking moves to in_progress.';


--
-- Name: check_out_booking(uuid, timestamp with time zone); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.check_out_booking(p_booking_id uuid, p_now timestamp with time zone DEFAULT now()) RETURNS public.bookings
    LANGUAGE plpgsql
    AS $$
declare
    current bookings;
begin
    select * into current from bookings where id = p_booking_id for update;
    if not found then
        raise exception using errcode = 'PS404', message = 'booking not found';
    end if;
    if current.status <> 'in_progress' then
        raise exception using errcode = 'PS409', constraint = 'booking_check_out_state',
            message = format('this booking is %s: it cannot be checked out', replace(current.status::text, '_', ' '));
    end if;
    update bookings
       set checked_out_at = p_now,
           status = 'completed'
     where id = p_booking_id
    returning * into current;
    return current;
end;
$$;


--
-- Name: FUNCTION check_out_booking(p_booking_id uuid, p_now timestamp with time zone); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.check_out_booking(p_booking_id uuid, p_now timestamp with time zone) IS 'The renter leaves: an in_progress booking is completed at p_now; leaving early frees the rest of the slot and refunds nothing.';


--
-- Name: reviews; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.reviews (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    booking_id uuid NOT NULL,
    parking_spot_id uuid NOT NULL,
    reviewer_id uuid NOT NULL,
    overall_rating smallint NOT NULL,
    location_rating smallint,
    access_rating smallint,
    value_rating smallint,
    safety_rating smallint,
    comment text,
    owner_response text,
    owner_responded_at timestamp with time zone,
    helpful_count integer DEFAULT 0 NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    hidden_at timestamp with time zone,
    hidden_by uuid,
    hidden_reason text,
    CONSTRAINT reviews_access_rating_range CHECK (((access_rating >= 1) AND (access_rating <= 5))),
    CONSTRAINT reviews_comment_length CHECK ((length(comment) <= 5000)),
    CONSTRAINT reviews_helpful_count_nonnegative CHECK ((helpful_count >= 0)),
    CONSTRAINT reviews_hidden_reason_length CHECK (((length(btrim(hidden_reason)) >= 1) AND (length(btrim(hidden_reason)) <= 500))),
    CONSTRAINT reviews_hidden_record CHECK ((((hidden_at IS NULL) = (hidden_reason IS NULL)) AND ((hidden_at IS NOT NULL) OR (hidden_by IS NULL)))),
    CONSTRAINT reviews_location_rating_range CHECK (((location_rating >= 1) AND (location_rating <= 5))),
    CONSTRAINT reviews_overall_rating_range CHECK (((overall_rating >= 1) AND (overall_rating <= 5))),
    CONSTRAINT reviews_owner_response_length CHECK ((length(owner_response) <= 5000)),
    CONSTRAINT reviews_safety_rating_range CHECK (((safety_rating >= 1) AND (safety_rating <= 5))),
    CONSTRAINT reviews_value_rating_range CHECK (((value_rating >= 1) AND (value_rating <= 5)))
);


--
-- Name: TABLE reviews; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.reviews IS 'A renter''s review of a completed booking, one per booking; the spot''s owner may respond once; an admin may hide it (hidden_at). Ratings are 1-5. Personal data: comment and owner_response (free text).';


--
-- Name: COLUMN reviews.id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.reviews.id IS 'Primary key (random UUID).';


--
-- Name: COLUMN reviews.booking_id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.reviews.booking_id IS 'The completed booking reviewed (bookings.id); one review per booking.';


--
-- Name: COLUMN reviews.parking_spot_id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.reviews.parking_spot_id IS 'The booking''s spot (parking_spots.id), copied from the booking by the database.';


--
-- Name: COLUMN reviews.reviewer_id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.reviews.reviewer_id IS 'The renter who wrote it (users.id).';


--
-- Name: COLUMN reviews.overall_rating; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.reviews.overall_rating IS 'Overall rating, 1-5 stars; the spot''s average_rating averages it.';


--
-- Name: COLUMN reviews.location_rating; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.reviews.location_rating IS 'Location rating, 1-5 stars; optional.';


--
-- Name: COLUMN reviews.access_rating; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.reviews.access_rating IS 'Ease of access rating, 1-5 stars; optional.';


--
-- Name: COLUMN reviews.value_rating; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.reviews.value_rating IS 'Value for money rating, 1-5 stars; optional.';


--
-- Name: COLUMN reviews.safety_rating; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.reviews.safety_rating IS 'Safety rating, 1-5 stars; optional.';


--
-- Name: COLUMN reviews.comment; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.reviews.comment IS 'Personal data: the reviewer''s text (at most 5000 characters); optional.';


--
-- Name: COLUMN reviews.owner_response; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.reviews.owner_response IS 'Personal data: the spot owner''s answer (at most 5000 characters), written once.';


--
-- Name: COLUMN reviews.owner_responded_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.reviews.owner_responded_at IS 'When the owner answered (timestamptz, UTC).';


--
-- Name: COLUMN reviews.helpful_count; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.reviews.helpful_count IS 'How many users voted the review helpful. Kept by the trigger review_helpful_votes_count.';


--
-- Name: COLUMN reviews.created_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.reviews.created_at IS 'When the review was posted (timestamptz, UTC); the reviewer may edit it for review_edit_days after.';


--
-- Name: COLUMN reviews.updated_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.reviews.updated_at IS 'When the row last changed (timestamptz, UTC); kept by the database.';


--
-- Name: COLUMN reviews.hidden_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.reviews.hidden_at IS 'When an admin hid the review (timestamptz, UTC): it leaves listings and counters. Null while visible.';


--
-- Name: COLUMN reviews.hidden_by; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.reviews.hidden_by IS 'The admin who hid it (users.id).';


--
-- Name: COLUMN reviews.hidden_reason; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.reviews.hidden_reason IS 'Why it was hidden (1-500 characters).';


--
-- Name: delete_review(uuid, uuid, timestamp with time zone); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.delete_review(p_review_id uuid, p_user_id uuid, p_now timestamp with time zone DEFAULT now()) RETURNS public.reviews
    LANGUAGE plpgsql
    AS $$
declare
    current reviews := review_for_update(p_review_id, p_user_id);
begin
    perform review_author_check(current, p_user_id, false, p_now);
    delete from reviews where id = p_review_id;
    return current;
end;
$$;


--
-- Name: FUNCTION delete_review(p_review_id uuid, p_user_id uuid, p_now timestamp with time zone); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.delete_review(p_review_id uuid, p_user_id uuid, p_now timestamp with time zone) IS 'Deletes a review (its helpful votes go with it) after the author check; returns what was deleted.';


--
-- Name: edit_review(uuid, uuid, jsonb, timestamp with time zone); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.edit_review(p_review_id uuid, p_user_id uuid, p_patch jsonb, p_now timestamp with time zone DEFAULT now()) RETURNS public.reviews
    LANGUAGE plpgsql
    AS $$
declare
    current reviews := review_for_update(p_review_id, p_user_id);
begin
    perform review_author_check(current, p_user_id, true, p_now);
    update reviews r
       set (overall_rating, location_rating, access_rating, value_rating, safety_rating, comment)
         = (select p.overall_rating, p.location_rating, p.access_rating, p.value_rating, p.safety_rating, p.comment
            from jsonb_populate_record(current, p_patch) p)
     where r.id = p_review_id
    returning * into current;
    return current;
end;
$$;


--
-- Name: FUNCTION edit_review(p_review_id uuid, p_user_id uuid, p_patch jsonb, p_now timestamp with time zone); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.edit_review(p_review_id uuid, p_user_id uuid, p_patch jsonb, p_now timestamp with time zone) IS 'Changes the ratings and comment given in p_patch (keys of reviews; the others stay), after the author check; returns the review.';


--
-- Name: events; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.events (
    id bigint NOT NULL,
    type text NOT NULL,
    data jsonb NOT NULL,
    spot_id uuid,
    user_id uuid,
    owner_id uuid,
    public boolean NOT NULL,
    created_at timestamp with time zone DEFAULT clock_timestamp() NOT NULL,
    updated_at timestamp with time zone DEFAULT clock_timestamp() NOT NULL,
    CONSTRAINT events_data_object CHECK ((jsonb_typeof(data) = 'object'::text)),
    CONSTRAINT events_public_spot CHECK (((NOT public) OR (spot_id IS NOT NULL))),
    CONSTRAINT events_type_known CHECK ((type = ANY (ARRAY['spot_availability'::text, 'booking_update'::text, 'new_booking'::text, 'new_review'::text])))
);


--
-- Name: TABLE events; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.events IS 'Every real-time event (spot_availability, booking_update, new_booking, new_review), written at commit by notify_event, ids in commit order; kept 24 hours (purge_events) so a reconnecting WebSocket client gets what it missed. Rows never change.';


--
-- Name: COLUMN events.id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.events.id IS 'Event id (sequence), in commit order; clients resume from the last id they saw.';


--
-- Name: COLUMN events.type; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.events.type IS 'spot_availability, booking_update, new_booking or new_review.';


--
-- Name: COLUMN events.data; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.events.data IS 'What clients receive besides type, id and time (jsonb object: booking_id, spot_id, status, rating, is_available...); no personal data.';


--
-- Name: COLUMN events.spot_id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.events.spot_id IS 'The spot concerned (parking_spots.id; no foreign key: events outlive nothing for long).';


--
-- Name: COLUMN events.user_id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.events.user_id IS 'For booking events, the renter who may see it (users.id); null for public events.';


--
-- Name: COLUMN events.owner_id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.events.owner_id IS 'For booking events, the spot''s owner who may see it (users.id); null for public events.';


--
-- Name: COLUMN events.public; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.events.public IS 'True when every watcher of spot_id may see it (spot_availability, new_review).';


--
-- Name: COLUMN events.created_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.events.created_at IS 'When the event was recorded, at commit (timestamptz, UTC); the at of the message.';


--
-- Name: COLUMN events.updated_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.events.updated_at IS 'Equals created_at: events never change (every table has updated_at).';


--
-- Name: event_message(public.events); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.event_message(e public.events) RETURNS jsonb
    LANGUAGE sql STABLE
    AS $$
    select jsonb_build_object('type', e.type, 'id', e.id, 'at', utc_iso(e.created_at)) || e.data;
$$;


--
-- Name: FUNCTION event_message(e public.events); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.event_message(e public.events) IS 'The message WebSocket clients receive for an event: type, id, at (UTC) and the event''s data.';


--
-- Name: expire_unpaid_holds(timestamp with time zone); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.expire_unpaid_holds(p_now timestamp with time zone DEFAULT now()) RETURNS integer
    LANGUAGE sql SECURITY DEFINER
    SET search_path TO 'public', 'pg_temp'
    AS $$
    with moved as (
        update bookings
           set status = 'cancelled',
               payment_status = 'expired',
               cancellation_reason = 'payment window expired',
               cancelled_at = p_now
         where status = 'pending'
           and hold_expires_at <= p_now
        returning 1
    )
    select count(*)::integer from moved;
$$;


--
-- Name: FUNCTION expire_unpaid_holds(p_now timestamp with time zone); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.expire_unpaid_holds(p_now timestamp with time zone) IS 'pg_cron job: pending bookings whose payment window has passed at p_now are cancelled (payment_status expired), freeing the slot. Returns how many moved.';


--
-- Name: extend_booking(uuid, timestamp with time zone); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.extend_booking(p_booking_id uuid, p_new_end timestamp with time zone) RETURNS TABLE(booking public.bookings, amount_due integer)
    LANGUAGE plpgsql
    AS $$
declare
    current bookings;
    quote record;
    before_total integer;
begin
    select * into current from bookings where id = p_booking_id for update;
    if not found then
        raise exception using errcode = 'PS404', message = 'booking not found';
    end if;
    if not booking_holds_slot(current.status) then
        raise exception using errcode = 'PS409', constraint = 'booking_extend_state',
            message = format('this booking is %s: it cannot be extended', replace(current.status::text, '_', ' '));
    end if;
    if p_new_end <= current.end_time then
        raise exception using errcode = 'PS422', constraint = 'booking_extend_later',
            message = 'end_time: an extension must end later than the booking does now';
    end if;
    before_total := current.total_amount;
    select q.* into quote from quote_price(current.parking_spot_id, current.start_time, p_new_end) q;
    update bookings
       set end_time = p_new_end,
           subtotal = quote.subtotal,
           service_fee = quote.service_fee,
           total_amount = quote.total,
           owner_payout = quote.owner_payout
     where id = p_booking_id
    returning * into current;
    booking := current;
    amount_due := current.total_amount - before_total;
    return next;
end;
$$;


--
-- Name: FUNCTION extend_booking(p_booking_id uuid, p_new_end timestamp with time zone); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.extend_booking(p_booking_id uuid, p_new_end timestamp with time zone) IS 'Moves a booking''s end later when that time is free (the exclusion constraint decides) and re-prices the whole stay; returns the booking and the extra amount due in cents.';


--
-- Name: finish_reconciliation(date, jsonb, timestamp with time zone); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.finish_reconciliation(p_day date, p_movements jsonb, p_started_at timestamp with time zone DEFAULT now()) RETURNS integer
    LANGUAGE plpgsql
    AS $$
declare
    v_from timestamptz := p_day::timestamp at time zone 'UTC';
    v_to timestamptz := (p_day + 1)::timestamp at time zone 'UTC';
    v_run bigint;
    v_checked integer;
    v_found integer;
begin
    insert into reconciliation_runs (day, started_at) values (p_day, p_started_at)
    on conflict (day) do update set started_at = excluded.started_at
    returning id into v_run;
    delete from reconciliation_differences where run_id = v_run;
    with stripe as (
        select m.kind, m.stripe_id, m.amount, m.created
          from jsonb_to_recordset(p_movements)
                   as m (kind money_movement_kind, stripe_id text, amount integer, created timestamptz)
    ), stripe_day as (
        select kind, stripe_id, sum(abs(amount))::integer as amount, count(*)::integer as transactions
          from stripe
         where created >= v_from and created < v_to
         group by kind, stripe_id
    ), found as (
        select s.kind, s.stripe_id, l.amount as ledger_amount, s.amount as stripe_amount,
               case when l.id is null then 'missing_in_ledger' else 'amount_differs' end as problem
          from stripe_day s
          left join money_movements l on l.kind = s.kind and l.stripe_id = s.stripe_id
         where l.id is null or l.amount <> s.amount
        union all
        select l.kind, l.stripe_id, l.amount, null, 'missing_in_stripe'
          from money_movements l
         where l.occurred_at >= v_from and l.occurred_at < v_to
           and l.kind not in ('refund_failure', 'dispute_reversal')
           and not exists (select 1 from stripe s where s.kind = l.kind and s.stripe_id = l.stripe_id)
    ), recorded as (
        insert into reconciliation_differences (run_id, day, kind, stripe_id, ledger_amount, stripe_amount, problem)
        select v_run, p_day, f.kind, f.stripe_id, f.ledger_amount, f.stripe_amount, f.problem from found f
        returning 1
    )
    select (select coalesce(sum(transactions), 0) from stripe_day), (select count(*) from recorded)
      into v_checked, v_found;
    update reconciliation_runs
       set status = 'done', checked = v_checked, differences = v_found, finished_at = clock_timestamp()
     where id = v_run;
    return v_found;
end;
$$;


--
-- Name: FUNCTION finish_reconciliation(p_day date, p_movements jsonb, p_started_at timestamp with time zone); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.finish_reconciliation(p_day date, p_movements jsonb, p_started_at timestamp with time zone) IS 'Records the run of UTC day p_day from Stripe''s movements (jsonb array of {kind, stripe_id, amount in cents, created}): missing_in_ledger, amount_differs and missing_in_stripe rows replace the day''s; returns how many differences.';


--
-- Name: notify_event(text, jsonb); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.notify_event(p_type text, p_payload jsonb) RETURNS void
    LANGUAGE plpgsql
    AS $$
declare
    e events;
begin
    perform pg_advisory_xact_lock(5402013002);  -- ids in commit order (see above)
    insert into events (type, data, spot_id, user_id, owner_id, public)
    values (p_type, p_payload - 'user_id' - 'owner_id', (p_payload ->> 'spot_id')::uuid,
            (p_payload ->> 'user_id')::uuid, (p_payload ->> 'owner_id')::uuid,
            p_type in ('spot_availability', 'new_review'))
    returning * into e;
    perform pg_notify('parkingspots_events', (event_message(e) || jsonb_build_object('audience',
        jsonb_build_object('spot_id', e.spot_id, 'user_id', e.user_id, 'owner_id', e.owner_id,
                           'public', e.public)))::text);
end;
$$;


--
-- Name: FUNCTION notify_event(p_type text, p_payload jsonb); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.notify_event(p_type text, p_payload jsonb) IS 'Records an event in events (ids in commit order, under an advisory lock) and sends it with its audience on the channel parkingspots_events; user_id and owner_id are kept out of what clients receive.';


--
-- Name: open_extension(uuid, timestamp with time zone, timestamp with time zone); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.open_extension(p_booking_id uuid, p_new_end timestamp with time zone, p_now timestamp with time zone DEFAULT now()) RETURNS TABLE(booking public.bookings, amount_due integer, extension_id uuid, payment_due_by timestamp with time zone)
    LANGUAGE plpgsql
    AS $$
declare
    before bookings;
    extended record;
    hold_minutes integer;
begin
    select * into before from bookings where id = p_booking_id for update;
    if found and exists (select 1 from booking_extensions e where e.booking_id = p_booking_id and e.status = 'pending') then
        raise exception using errcode = 'PS409', constraint = 'booking_extensions_one_pending',
            message = 'an extension of this booking is waiting for payment: pay it or let it expire first';
    end if;
    select * into extended from extend_booking(p_booking_id, p_new_end);
    booking := extended.booking;
    amount_due := extended.amount_due;
    if before.status in ('confirmed', 'in_progress') and amount_due > 0 then
        select payment_hold_minutes into hold_minutes from platform_settings;
        insert into booking_extensions (booking_id, previous_end, new_end, previous_subtotal, previous_service_fee,
                                        previous_total, previous_owner_payout, amount, service_fee, hold_expires_at)
        values (p_booking_id, before.end_time, p_new_end, before.subtotal, before.service_fee, before.total_amount,
                before.owner_payout, amount_due, greatest(0, booking.service_fee - before.service_fee),
                p_now + make_interval(mins => hold_minutes))
        returning id, hold_expires_at into extension_id, payment_due_by;
    end if;
    return next;
end;
$$;


--
-- Name: FUNCTION open_extension(p_booking_id uuid, p_new_end timestamp with time zone, p_now timestamp with time zone); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.open_extension(p_booking_id uuid, p_new_end timestamp with time zone, p_now timestamp with time zone) IS 'Extends a booking (extend_booking); for a confirmed or in-progress booking with an amount due (cents) records the pending extension that waits for its own payment and when its hold ends.';


--
-- Name: outbox_clear_sent_body(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.outbox_clear_sent_body() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
begin
    if new.sent_at is not null then
        new.body := '';
    end if;
    return new;
end;
$$;


--
-- Name: FUNCTION outbox_clear_sent_body(); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.outbox_clear_sent_body() IS 'Trigger function (outbox_clear_sent_body): a mail marked sent keeps no body, so its live reset link does not stay at rest, whoever sets sent_at.';


--
-- Name: parking_spots_check_deactivation(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.parking_spots_check_deactivation() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
begin
    if old.is_active and not new.is_active and exists (
        select 1 from bookings b
        where b.parking_spot_id = new.id
          and booking_holds_slot(b.status)
          and b.end_time > now()) then
        raise exception using errcode = 'PS409', constraint = 'spot_has_future_bookings',
            message = 'this spot has upcoming bookings: cancel them before deactivating it';
    end if;
    return new;
end;
$$;


--
-- Name: FUNCTION parking_spots_check_deactivation(); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.parking_spots_check_deactivation() IS 'Trigger function: a spot with future bookings that hold their slot cannot be deactivated (PS409 spot_has_future_bookings); making it unavailable is allowed.';


--
-- Name: parking_spots_notify(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.parking_spots_notify() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public', 'pg_temp'
    AS $$
begin
    perform notify_event('spot_availability', jsonb_build_object(
        'spot_id', new.id, 'is_available', new.is_available and new.is_active));
    return null;
end;
$$;


--
-- Name: FUNCTION parking_spots_notify(); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.parking_spots_notify() IS 'Trigger function (parking_spots_notify, deferred to commit): a spot''s availability changed: spot_availability event.';


--
-- Name: parking_spots_record_deactivation(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.parking_spots_record_deactivation() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
begin
    if new.is_active then
        new.deactivated_at := null;
        new.deactivated_by := null;
        new.deactivation_reason := null;
        new.moderated := false;
    elsif tg_op = 'INSERT' or old.is_active then
        new.deactivated_at := coalesce(new.deactivated_at, now());
    end if;
    return new;
end;
$$;


--
-- Name: FUNCTION parking_spots_record_deactivation(); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.parking_spots_record_deactivation() IS 'Trigger function: keeps deactivated_at/by/reason and moderated in step with is_active, whoever writes (cleared when active, deactivated_at set when it goes inactive).';


--
-- Name: parking_spots_tiles_notify(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.parking_spots_tiles_notify() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
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


--
-- Name: FUNCTION parking_spots_tiles_notify(); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.parking_spots_tiles_notify() IS 'Trigger function (parking_spots_tiles_insert/_update/_delete, per statement): tells every API worker on parkingspots_events which zoom-22 tiles hold spots whose map appearance changed (position, hourly_rate, spot_type, average_rating, active and available), or "all" past 64 of them, so their cached map tiles at every zoom are dropped. Not an event for clients and not recorded.';


--
-- Name: payments; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.payments (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    booking_id uuid NOT NULL,
    user_id uuid NOT NULL,
    amount integer NOT NULL,
    currency text DEFAULT 'usd'::text NOT NULL,
    status public.payment_status DEFAULT 'requires_payment'::public.payment_status NOT NULL,
    stripe_payment_intent_id text,
    stripe_charge_id text,
    application_fee_amount integer,
    transfer_destination text,
    amount_refunded integer DEFAULT 0 NOT NULL,
    failure_message text,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    extension_id uuid,
    service_fee integer,
    CONSTRAINT payments_amount_positive CHECK ((amount > 0)),
    CONSTRAINT payments_application_fee_nonnegative CHECK ((application_fee_amount >= 0)),
    CONSTRAINT payments_currency_format CHECK ((currency ~ '^[a-z]{3}$'::text)),
    CONSTRAINT payments_refund_bounded CHECK (((amount_refunded >= 0) AND (amount_refunded <= amount))),
    CONSTRAINT payments_service_fee_bounded CHECK (((service_fee >= 0) AND (service_fee <= amount)))
);


--
-- Name: TABLE payments; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.payments IS 'One Stripe PaymentIntent each: a booking''s own payment (extension_id null) or one per paid extension. Amounts are integer cents in currency. Stripe ids identify the renter''s charge at Stripe: not for analysts.';


--
-- Name: COLUMN payments.id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.payments.id IS 'Primary key (random UUID).';


--
-- Name: COLUMN payments.booking_id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.payments.booking_id IS 'The booking paid for (bookings.id).';


--
-- Name: COLUMN payments.user_id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.payments.user_id IS 'The payer, the booking''s renter (users.id).';


--
-- Name: COLUMN payments.amount; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.payments.amount IS 'Amount of the PaymentIntent, integer cents in currency (> 0).';


--
-- Name: COLUMN payments.currency; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.payments.currency IS 'ISO 4217 currency code, lowercase (''usd''), as Stripe writes it.';


--
-- Name: COLUMN payments.status; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.payments.status IS 'State of the PaymentIntent as last read back from Stripe (payment_status).';


--
-- Name: COLUMN payments.stripe_payment_intent_id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.payments.stripe_payment_intent_id IS 'The Stripe PaymentIntent id (pi_...).';


--
-- Name: COLUMN payments.stripe_charge_id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.payments.stripe_charge_id IS 'The Stripe Charge id (ch_... or py_...) once the intent has charged.';


--
-- Name: COLUMN payments.application_fee_amount; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.payments.application_fee_amount IS 'On a destination charge, the platform''s fee Stripe keeps from the owner''s share, integer cents; null when charged on the platform.';


--
-- Name: COLUMN payments.transfer_destination; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.payments.transfer_destination IS 'On a destination charge, the owner''s Connect account (acct_...) the charge goes to; null when charged on the platform and paid to the owner later by transfer.';


--
-- Name: COLUMN payments.amount_refunded; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.payments.amount_refunded IS 'What Stripe says was refunded so far, integer cents (0..amount); a refund that fails gives its amount back.';


--
-- Name: COLUMN payments.failure_message; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.payments.failure_message IS 'Stripe''s message for the last failed attempt (e.g. ''Your card was declined.''); null otherwise.';


--
-- Name: COLUMN payments.created_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.payments.created_at IS 'When the payment was created (timestamptz, UTC).';


--
-- Name: COLUMN payments.updated_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.payments.updated_at IS 'When the row last changed (timestamptz, UTC); kept by the database.';


--
-- Name: COLUMN payments.extension_id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.payments.extension_id IS 'The extension this payment pays for (booking_extensions.id); null for the booking''s own payment.';


--
-- Name: COLUMN payments.service_fee; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.payments.service_fee IS 'The platform''s part of amount, integer cents: the booking''s (or extension''s) service fee when it was paid. The rest, less refunds in proportion, is owed to the owner.';


--
-- Name: payment_out(public.payments); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.payment_out(p public.payments) RETURNS jsonb
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
    select jsonb_build_object(
        'id', p.id,
        'booking_id', p.booking_id,
        'user_id', p.user_id,
        'amount', p.amount,
        'currency', p.currency,
        'status', p.status,
        'amount_refunded', p.amount_refunded,
        'payment_intent_id', p.stripe_payment_intent_id,
        'application_fee_amount', p.application_fee_amount,
        'failure_message', p.failure_message,
        'created_at', utc_iso(p.created_at),
        'updated_at', utc_iso(p.updated_at));
$$;


--
-- Name: FUNCTION payment_out(p public.payments); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.payment_out(p public.payments) IS 'JSON shape of a payment for its payer: amounts in integer cents, currency, Stripe PaymentIntent id, times in UTC.';


--
-- Name: price_days_part(integer, integer, bigint); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.price_days_part(p_hourly integer, p_daily integer, p_minutes bigint, OUT cost bigint, OUT days integer, OUT hourly_minutes bigint) RETURNS record
    LANGUAGE plpgsql IMMUTABLE
    AS $$
declare
    full_days bigint := p_minutes / 1440;
    rest bigint := p_minutes % 1440;
    rest_hourly bigint := round(p_hourly * rest / 60.0);
begin
    if p_daily is null or p_daily >= p_hourly * 24 then
        -- a whole day at the hourly rate is never dearer than the daily rate
        cost := full_days * p_hourly * 24;
        days := 0;
        hourly_minutes := full_days * 1440;
    else
        cost := full_days * p_daily;
        days := full_days;
        hourly_minutes := 0;
    end if;
    if p_daily is not null and p_daily < rest_hourly then
        cost := cost + p_daily;
        days := days + 1;
    else
        cost := cost + rest_hourly;
        hourly_minutes := hourly_minutes + rest;
    end if;
end;
$$;


--
-- Name: FUNCTION price_days_part(p_hourly integer, p_daily integer, p_minutes bigint, OUT cost bigint, OUT days integer, OUT hourly_minutes bigint); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.price_days_part(p_hourly integer, p_daily integer, p_minutes bigint, OUT cost bigint, OUT days integer, OUT hourly_minutes bigint) IS 'Cost in cents of p_minutes at the hourly rate p_hourly, capped per started day by the daily rate p_daily (cents); also how many days and hourly minutes were charged.';


--
-- Name: price_quote(integer, integer, integer, timestamp with time zone, timestamp with time zone); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.price_quote(p_hourly integer, p_daily integer, p_monthly integer, p_start timestamp with time zone, p_end timestamp with time zone) RETURNS TABLE(subtotal integer, service_fee integer, total integer, owner_payout integer, duration_hours numeric, monthly_units integer, daily_units integer, hourly_hours numeric)
    LANGUAGE plpgsql STABLE
    AS $$
declare
    minutes bigint;
    parts record;
    fees platform_settings;
begin
    if p_end <= p_start then
        raise exception using errcode = 'PS422', constraint = 'bookings_time_order',
            message = 'end_time must be after start_time';
    end if;
    minutes := ceil(extract(epoch from p_end - p_start) / 60);
    parts := price_subtotal(p_hourly, p_daily, p_monthly, minutes);
    select * into fees from platform_settings;
    subtotal := parts.subtotal;
    service_fee := round(parts.subtotal * fees.service_fee_percent / 100) + fees.service_fee_fixed_cents;
    total := subtotal + service_fee;
    owner_payout := subtotal;
    duration_hours := round(minutes / 60.0, 2);
    monthly_units := parts.months;
    daily_units := parts.days;
    hourly_hours := round(parts.hourly_minutes / 60.0, 2);
    return next;
end;
$$;


--
-- Name: FUNCTION price_quote(p_hourly integer, p_daily integer, p_monthly integer, p_start timestamp with time zone, p_end timestamp with time zone); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.price_quote(p_hourly integer, p_daily integer, p_monthly integer, p_start timestamp with time zone, p_end timestamp with time zone) IS 'The full price of [p_start, p_end) from rates in cents: subtotal, service_fee (platform_settings), total and owner_payout in integer cents, duration and units. PS422 when the end is not after the start.';


--
-- Name: price_subtotal(integer, integer, integer, bigint); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.price_subtotal(p_hourly integer, p_daily integer, p_monthly integer, p_minutes bigint, OUT subtotal bigint, OUT months integer, OUT days integer, OUT hourly_minutes bigint) RETURNS record
    LANGUAGE plpgsql IMMUTABLE
    AS $$
declare
    month_minutes constant bigint := 30 * 1440;
    whole_month record;
    rest record;
    full_months bigint;
begin
    if p_monthly is null then
        select d.cost, 0, d.days, d.hourly_minutes into subtotal, months, days, hourly_minutes
        from price_days_part(p_hourly, p_daily, p_minutes) d;
        return;
    end if;
    full_months := p_minutes / month_minutes;
    whole_month := price_days_part(p_hourly, p_daily, month_minutes);
    rest := price_days_part(p_hourly, p_daily, p_minutes % month_minutes);
    if p_monthly <= whole_month.cost then
        subtotal := full_months * p_monthly;
        months := full_months;
        days := 0;
        hourly_minutes := 0;
    else
        subtotal := full_months * whole_month.cost;
        months := 0;
        days := full_months * whole_month.days;
        hourly_minutes := full_months * whole_month.hourly_minutes;
    end if;
    if p_minutes % month_minutes > 0 and p_monthly < rest.cost then
        subtotal := subtotal + p_monthly;
        months := months + 1;
    else
        subtotal := subtotal + rest.cost;
        days := days + rest.days;
        hourly_minutes := hourly_minutes + rest.hourly_minutes;
    end if;
end;
$$;


--
-- Name: FUNCTION price_subtotal(p_hourly integer, p_daily integer, p_monthly integer, p_minutes bigint, OUT subtotal bigint, OUT months integer, OUT days integer, OUT hourly_minutes bigint); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.price_subtotal(p_hourly integer, p_daily integer, p_monthly integer, p_minutes bigint, OUT subtotal bigint, OUT months integer, OUT days integer, OUT hourly_minutes bigint) IS 'Subtotal in cents of p_minutes from hourly, daily and monthly rates (cents): the cheapest honest combination (monthly per started 30 days, daily per started 24 hours, hourly pro rata), with the units charged.';


--
-- Name: purge_cron_history(interval, timestamp with time zone); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.purge_cron_history(p_keep interval DEFAULT '7 days'::interval, p_now timestamp with time zone DEFAULT now()) RETURNS integer
    LANGUAGE sql SECURITY DEFINER
    SET search_path TO 'public', 'pg_temp'
    AS $$
    with purged as (
        delete from cron.job_run_details where end_time < p_now - p_keep returning 1
    )
    select count(*)::integer from purged;
$$;


--
-- Name: FUNCTION purge_cron_history(p_keep interval, p_now timestamp with time zone); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.purge_cron_history(p_keep interval, p_now timestamp with time zone) IS 'pg_cron job: deletes cron.job_run_details rows that ended more than p_keep (7 days) before p_now; returns how many.';


--
-- Name: purge_events(interval, timestamp with time zone); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.purge_events(p_keep interval DEFAULT '24:00:00'::interval, p_now timestamp with time zone DEFAULT now()) RETURNS integer
    LANGUAGE sql SECURITY DEFINER
    SET search_path TO 'public', 'pg_temp'
    AS $$
    with purged as (
        delete from events
         where id <= (select max(id) from events where created_at < p_now - p_keep)
           and id < (select max(id) from events)
        returning 1
    )
    select count(*)::integer from purged;
$$;


--
-- Name: FUNCTION purge_events(p_keep interval, p_now timestamp with time zone); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.purge_events(p_keep interval, p_now timestamp with time zone) IS 'pg_cron job: deletes real-time events older than p_keep (24 hours), oldest ids only and never the newest; returns how many.';


--
-- Name: purge_idempotency_keys(interval, timestamp with time zone); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.purge_idempotency_keys(p_keep interval DEFAULT '24:00:00'::interval, p_now timestamp with time zone DEFAULT now()) RETURNS integer
    LANGUAGE sql SECURITY DEFINER
    SET search_path TO 'public', 'pg_temp'
    AS $$
    with purged as (
        delete from idempotency_keys where created_at < p_now - p_keep returning 1
    )
    select count(*)::integer from purged;
$$;


--
-- Name: FUNCTION purge_idempotency_keys(p_keep interval, p_now timestamp with time zone); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.purge_idempotency_keys(p_keep interval, p_now timestamp with time zone) IS 'pg_cron job: deletes idempotency keys older than p_keep (24 hours); returns how many.';


--
-- Name: purge_outbox(interval, interval, timestamp with time zone); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.purge_outbox(p_sent_keep interval DEFAULT '1 day'::interval, p_keep interval DEFAULT '7 days'::interval, p_now timestamp with time zone DEFAULT now()) RETURNS integer
    LANGUAGE sql SECURITY DEFINER
    SET search_path TO 'public', 'pg_temp'
    AS $$
    with purged as (
        delete from outbox
         where sent_at < p_now - p_sent_keep
            or created_at < p_now - p_keep
        returning 1
    )
    select count(*)::integer from purged;
$$;


--
-- Name: FUNCTION purge_outbox(p_sent_keep interval, p_keep interval, p_now timestamp with time zone); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.purge_outbox(p_sent_keep interval, p_keep interval, p_now timestamp with time zone) IS 'pg_cron job: deletes mail sent more than p_sent_keep ago (1 day) and any mail older than p_keep (7 days, the longest reset link lifetime); returns how many.';


--
-- Name: purge_stripe_outbox(interval, timestamp with time zone); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.purge_stripe_outbox(p_keep interval DEFAULT '30 days'::interval, p_now timestamp with time zone DEFAULT now()) RETURNS integer
    LANGUAGE sql SECURITY DEFINER
    SET search_path TO 'public', 'pg_temp'
    AS $$
    with purged as (
        delete from stripe_outbox where done_at < p_now - p_keep returning 1
    )
    select count(*)::integer from purged;
$$;


--
-- Name: FUNCTION purge_stripe_outbox(p_keep interval, p_now timestamp with time zone); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.purge_stripe_outbox(p_keep interval, p_now timestamp with time zone) IS 'pg_cron job: deletes Stripe calls made more than p_keep ago (30 days); calls not yet made are kept. Returns how many were deleted.';


--
-- Name: queue_extension_intent_cancel(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.queue_extension_intent_cancel() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
begin
    perform queue_unpaid_intent_cancels(null, new.id);
    return null;
end;
$$;


--
-- Name: FUNCTION queue_extension_intent_cancel(); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.queue_extension_intent_cancel() IS 'Trigger function (booking_extensions_queue_intent_cancel): a released extension''s unpaid PaymentIntent is queued for cancellation at Stripe.';


--
-- Name: queue_intent_cancel(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.queue_intent_cancel() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
begin
    perform queue_unpaid_intent_cancels(new.id, null);
    return null;
end;
$$;


--
-- Name: FUNCTION queue_intent_cancel(); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.queue_intent_cancel() IS 'Trigger function (bookings_queue_intent_cancel): a pending booking that ends unpaid (cancelled or expired) queues the cancellation of its unpaid PaymentIntent.';


--
-- Name: queue_owner_transfers(timestamp with time zone); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.queue_owner_transfers(p_now timestamp with time zone DEFAULT now()) RETURNS integer
    LANGUAGE sql SECURITY DEFINER
    SET search_path TO 'public', 'pg_temp'
    AS $$
    with queued as (
        insert into stripe_outbox (action, args, idempotency_key, next_attempt_at)
        select 'transfer',
               jsonb_build_object('payment_id', d.payment_id, 'booking_id', d.booking_id, 'amount', d.due,
                                  'destination', d.destination, 'charge_id', d.charge_id, 'currency', d.currency),
               'transfer-' || d.payment_id || '-' || d.transferred,
               p_now
          from owner_transfers_due d
         where d.due <> 0
           and d.destination is not null
           and d.transfers_active
        on conflict (idempotency_key) do nothing
        returning 1
    )
    select count(*)::integer from queued;
$$;


--
-- Name: FUNCTION queue_owner_transfers(p_now timestamp with time zone); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.queue_owner_transfers(p_now timestamp with time zone) IS 'pg_cron job: queues in stripe_outbox the transfers (and reversals) due to owners who can receive them (owner_transfers_due), once per payment and amount transferred. Returns how many were queued.';


--
-- Name: queue_reconciliation(timestamp with time zone); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.queue_reconciliation(p_now timestamp with time zone DEFAULT now()) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public', 'pg_temp'
    AS $$
declare
    v_day date := (p_now at time zone 'UTC')::date - 1;
    v_queued integer;
begin
    insert into stripe_outbox (action, args, idempotency_key, next_attempt_at)
    values ('reconcile', jsonb_build_object('day', to_char(v_day, 'YYYY-MM-DD')),
            'reconcile-' || to_char(v_day, 'YYYY-MM-DD'), p_now)
    on conflict (idempotency_key) do nothing;
    get diagnostics v_queued = row_count;
    insert into reconciliation_runs (day, started_at) values (v_day, p_now)
    on conflict (day) do nothing;
    return v_queued;
end;
$$;


--
-- Name: FUNCTION queue_reconciliation(p_now timestamp with time zone); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.queue_reconciliation(p_now timestamp with time zone) IS 'pg_cron job (02:15 UTC): queues the reconciliation of the UTC day before p_now, once, and shows its run as running. Returns how many were queued (0 or 1).';


--
-- Name: queue_unpaid_intent_cancels(uuid, uuid); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.queue_unpaid_intent_cancels(p_booking_id uuid, p_extension_id uuid) RETURNS void
    LANGUAGE sql
    AS $$
    insert into stripe_outbox (action, intent_id, idempotency_key)
    select 'cancel_intent', p.stripe_payment_intent_id, 'cancel-intent-' || p.stripe_payment_intent_id
      from payments p
     where (p.booking_id = p_booking_id or p.extension_id = p_extension_id)
       and p.stripe_payment_intent_id is not null
       and p.status in ('requires_payment', 'failed')
    on conflict (idempotency_key) do nothing;
$$;


--
-- Name: FUNCTION queue_unpaid_intent_cancels(p_booking_id uuid, p_extension_id uuid); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.queue_unpaid_intent_cancels(p_booking_id uuid, p_extension_id uuid) IS 'Queues in stripe_outbox the cancellation of the unpaid PaymentIntents of a booking''s payments (p_booking_id) or an extension''s (p_extension_id), once each.';


--
-- Name: quote_booking(uuid, uuid, timestamp with time zone, timestamp with time zone); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.quote_booking(p_spot_id uuid, p_user_id uuid, p_start timestamp with time zone, p_end timestamp with time zone) RETURNS TABLE(subtotal integer, service_fee integer, total integer, owner_payout integer, duration_hours numeric, monthly_units integer, daily_units integer, hourly_hours numeric)
    LANGUAGE plpgsql STABLE
    AS $$
declare
    spot parking_spots;
begin
    perform booking_start_check(p_start);
    select * into spot from parking_spots where id = p_spot_id;
    if not found then
        raise exception using errcode = 'PS404', constraint = 'bookings_parking_spot_id_fkey',
            message = 'parking spot not found';
    end if;
    perform booking_window_check(spot, p_user_id, p_start, p_end, true);
    if exists (select 1 from bookings b
               where b.parking_spot_id = p_spot_id
                 and booking_holds_slot(b.status)
                 and tstzrange(b.start_time, b.end_time) && tstzrange(p_start, p_end)) then
        raise exception using errcode = 'PS409', constraint = 'bookings_no_overlap',
            message = 'the parking spot is already booked for part of that time';
    end if;
    return query select * from price_quote(spot.hourly_rate, spot.daily_rate, spot.monthly_rate, p_start, p_end);
end;
$$;


--
-- Name: FUNCTION quote_booking(p_spot_id uuid, p_user_id uuid, p_start timestamp with time zone, p_end timestamp with time zone); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.quote_booking(p_spot_id uuid, p_user_id uuid, p_start timestamp with time zone, p_end timestamp with time zone) IS 'The quote of POST /bookings/calculate-price: exactly the checks a new booking passes (p_user_id null: anonymous), then price_quote''s price in integer cents.';


--
-- Name: quote_price(uuid, timestamp with time zone, timestamp with time zone); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.quote_price(p_spot_id uuid, p_start timestamp with time zone, p_end timestamp with time zone) RETURNS TABLE(subtotal integer, service_fee integer, total integer, owner_payout integer, duration_hours numeric, monthly_units integer, daily_units integer, hourly_hours numeric)
    LANGUAGE plpgsql STABLE
    AS $$
declare
    spot parking_spots;
begin
    select * into spot from parking_spots where id = p_spot_id;
    if not found then
        raise exception using errcode = 'PS404', message = 'parking spot not found';
    end if;
    return query select * from price_quote(spot.hourly_rate, spot.daily_rate, spot.monthly_rate, p_start, p_end);
end;
$$;


--
-- Name: FUNCTION quote_price(p_spot_id uuid, p_start timestamp with time zone, p_end timestamp with time zone); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.quote_price(p_spot_id uuid, p_start timestamp with time zone, p_end timestamp with time zone) IS 'price_quote for a spot''s rates (amounts in integer cents); PS404 when the spot does not exist.';


--
-- Name: record_money_movements(uuid, jsonb); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.record_money_movements(p_payment_id uuid, p_movements jsonb) RETURNS integer
    LANGUAGE sql
    AS $$
    with added as (
        insert into money_movements (booking_id, payment_id, kind, stripe_id, amount, currency, occurred_at)
        select p.booking_id, p.id, m.kind, m.stripe_id, m.amount, coalesce(m.currency, p.currency),
               coalesce(m.occurred_at, now())
          from payments p,
               jsonb_to_recordset(p_movements)
                   as m (kind money_movement_kind, stripe_id text, amount integer, currency text,
                         occurred_at timestamptz)
         where p.id = p_payment_id
           and m.amount > 0
        on conflict (kind, stripe_id) do nothing
        returning 1
    )
    select count(*)::integer from added;
$$;


--
-- Name: FUNCTION record_money_movements(p_payment_id uuid, p_movements jsonb); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.record_money_movements(p_payment_id uuid, p_movements jsonb) IS 'Records the movements of one payment (jsonb array of {kind, stripe_id, amount in cents, currency, occurred_at}) in the ledger, skipping those recorded before; returns how many were new.';


--
-- Name: refuse_money_movement_change(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.refuse_money_movement_change() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
begin
    raise exception using errcode = 'PS409', constraint = 'money_movements_immutable',
        message = 'money movements are never changed or deleted; record a new movement instead';
end;
$$;


--
-- Name: FUNCTION refuse_money_movement_change(); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.refuse_money_movement_change() IS 'Trigger function (money_movements_immutable): ledger rows are never updated or deleted (PS409); a correction is a new movement.';


--
-- Name: release_extension(uuid); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.release_extension(p_extension_id uuid) RETURNS boolean
    LANGUAGE plpgsql
    AS $$
declare
    ext booking_extensions;
begin
    update booking_extensions set status = 'released'
     where id = p_extension_id and status = 'pending'
    returning * into ext;
    if not found then
        return false;
    end if;
    update bookings
       set end_time = ext.previous_end,
           subtotal = ext.previous_subtotal,
           service_fee = ext.previous_service_fee,
           total_amount = ext.previous_total,
           owner_payout = ext.previous_owner_payout
     where id = ext.booking_id
       and end_time = ext.new_end
       and status in ('confirmed', 'in_progress', 'cancelled');
    return true;
end;
$$;


--
-- Name: FUNCTION release_extension(p_extension_id uuid); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.release_extension(p_extension_id uuid) IS 'Releases one pending extension: the booking goes back to its previous end and prices when it still ends where the extension put it. Returns whether it was released.';


--
-- Name: release_unpaid_extensions(timestamp with time zone); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.release_unpaid_extensions(p_now timestamp with time zone DEFAULT now()) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public', 'pg_temp'
    AS $$
declare
    due record;
    released integer := 0;
begin
    for due in
        select e.id from booking_extensions e
         where e.status = 'pending' and e.hold_expires_at <= p_now
         order by e.hold_expires_at
         for update skip locked
    loop
        if release_extension(due.id) then
            released := released + 1;
        end if;
    end loop;
    return released;
end;
$$;


--
-- Name: FUNCTION release_unpaid_extensions(p_now timestamp with time zone); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.release_unpaid_extensions(p_now timestamp with time zone) IS 'pg_cron job: releases pending extensions whose payment window has passed at p_now; returns how many.';


--
-- Name: respond_to_review(uuid, uuid, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.respond_to_review(p_review_id uuid, p_user_id uuid, p_response text) RETURNS public.reviews
    LANGUAGE plpgsql
    AS $$
declare
    current reviews;
begin
    select * into current from reviews where id = p_review_id and hidden_at is null for update;
    if not found then
        raise exception using errcode = 'PS404', message = 'review not found';
    end if;
    if not exists (select 1 from parking_spots s where s.id = current.parking_spot_id and s.owner_id = p_user_id) then
        raise exception using errcode = 'PS403', constraint = 'review_response_by_owner',
            message = 'only the owner of the spot can respond to its reviews';
    end if;
    update reviews set owner_response = p_response where id = p_review_id returning * into current;
    return current;
end;
$$;


--
-- Name: FUNCTION respond_to_review(p_review_id uuid, p_user_id uuid, p_response text); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.respond_to_review(p_review_id uuid, p_user_id uuid, p_response text) IS 'The spot''s owner answers a visible review, once; PS403 for anyone else.';


--
-- Name: review_author_check(public.reviews, uuid, boolean, timestamp with time zone); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.review_author_check(r public.reviews, p_user_id uuid, p_change boolean, p_now timestamp with time zone) RETURNS void
    LANGUAGE plpgsql STABLE
    AS $$
begin
    if exists (select 1 from users u where u.id = p_user_id and u.role = 'admin') then
        return;
    end if;
    if r.reviewer_id <> p_user_id then
        raise exception using errcode = 'PS403', constraint = 'review_by_reviewer',
            message = 'only the reviewer (or an admin) can change or delete a review';
    end if;
    if p_now >= review_editable_until(r) then
        raise exception using errcode = 'PS409', constraint = 'review_edit_window',
            message = format('a review can be changed or deleted within %s days of posting',
                             (select review_edit_days from platform_settings));
    end if;
    if p_change and r.hidden_at is not null then
        raise exception using errcode = 'PS409', constraint = 'review_hidden',
            message = 'an admin hid this review: it can no longer be changed';
    end if;
end;
$$;


--
-- Name: FUNCTION review_author_check(r public.reviews, p_user_id uuid, p_change boolean, p_now timestamp with time zone); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.review_author_check(r public.reviews, p_user_id uuid, p_change boolean, p_now timestamp with time zone) IS 'Who may change or delete a review: an admin any time; its reviewer within the edit window, and not change it once hidden. Raises PS403/PS409 otherwise.';


--
-- Name: review_editable_until(public.reviews); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.review_editable_until(r public.reviews) RETURNS timestamp with time zone
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
    select r.created_at + make_interval(days => (select review_edit_days from platform_settings));
$$;


--
-- Name: FUNCTION review_editable_until(r public.reviews); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.review_editable_until(r public.reviews) IS 'Until when the reviewer may change or delete the review: created_at + platform_settings.review_edit_days (timestamptz).';


--
-- Name: review_for_update(uuid, uuid); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.review_for_update(p_review_id uuid, p_user_id uuid) RETURNS public.reviews
    LANGUAGE plpgsql
    AS $$
declare
    current reviews;
begin
    select * into current from reviews where id = p_review_id for update;
    if not found or not review_visible_to(current, p_user_id) then
        raise exception using errcode = 'PS404', message = 'review not found';
    end if;
    return current;
end;
$$;


--
-- Name: FUNCTION review_for_update(p_review_id uuid, p_user_id uuid); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.review_for_update(p_review_id uuid, p_user_id uuid) IS 'The review p_user_id may see, locked for a change; PS404 when there is none.';


--
-- Name: review_helpful_votes_check_rules(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.review_helpful_votes_check_rules() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
begin
    if exists (select 1 from reviews where id = new.review_id and reviewer_id = new.user_id) then
        raise exception using errcode = 'PS403', constraint = 'review_vote_not_own',
            message = 'you cannot vote on your own review';
    end if;
    return new;
end;
$$;


--
-- Name: FUNCTION review_helpful_votes_check_rules(); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.review_helpful_votes_check_rules() IS 'Trigger function (review_helpful_votes_check_rules): nobody votes on their own review (PS403 review_vote_not_own).';


--
-- Name: review_helpful_votes_count(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.review_helpful_votes_count() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
begin
    update reviews
       set helpful_count = helpful_count + case when tg_op = 'INSERT' then 1 else -1 end
     where id = coalesce(new.review_id, old.review_id);
    return null;
end;
$$;


--
-- Name: FUNCTION review_helpful_votes_count(); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.review_helpful_votes_count() IS 'Trigger function (review_helpful_votes_count): keeps reviews.helpful_count true as votes come and go.';


--
-- Name: review_moderation_out(public.reviews); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.review_moderation_out(r public.reviews) RETURNS jsonb
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
    select review_out(r) || jsonb_build_object(
        'hidden_at', utc_iso(r.hidden_at),
        'hidden_by', r.hidden_by,
        'hidden_reason', r.hidden_reason);
$$;


--
-- Name: FUNCTION review_moderation_out(r public.reviews); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.review_moderation_out(r public.reviews) IS 'JSON shape of a review for moderators: review_out plus who hid it, when (UTC) and why.';


--
-- Name: review_out(public.reviews); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.review_out(r public.reviews) RETURNS jsonb
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
    select jsonb_build_object(
        'id', r.id,
        'booking_id', r.booking_id,
        'parking_spot_id', r.parking_spot_id,
        'reviewer_id', r.reviewer_id,
        'reviewer_name', (select u.full_name from users u where u.id = r.reviewer_id),
        'overall_rating', r.overall_rating,
        'location_rating', r.location_rating,
        'access_rating', r.access_rating,
        'value_rating', r.value_rating,
        'safety_rating', r.safety_rating,
        'comment', r.comment,
        'owner_response', r.owner_response,
        'owner_responded_at', utc_iso(r.owner_responded_at),
        'helpful_count', r.helpful_count,
        'is_hidden', r.hidden_at is not null,
        'editable_until', utc_iso(review_editable_until(r)),
        'created_at', utc_iso(r.created_at),
        'updated_at', utc_iso(r.updated_at));
$$;


--
-- Name: FUNCTION review_out(r public.reviews); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.review_out(r public.reviews) IS 'JSON shape of a review: the reviewer by name only (never an email or phone), times in UTC.';


--
-- Name: review_visible_to(public.reviews, uuid); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.review_visible_to(r public.reviews, p_user_id uuid) RETURNS boolean
    LANGUAGE sql STABLE
    AS $$
    select r.hidden_at is null
        or r.reviewer_id = p_user_id
        or exists (select 1 from users u where u.id = p_user_id and u.role = 'admin');
$$;


--
-- Name: FUNCTION review_visible_to(r public.reviews, p_user_id uuid); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.review_visible_to(r public.reviews, p_user_id uuid) IS 'Whether p_user_id may see the review: anyone while visible; once hidden, only its reviewer and admins.';


--
-- Name: reviews_check_rules(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.reviews_check_rules() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
declare
    booking bookings;
begin
    if tg_op = 'INSERT' then
        select * into booking from bookings where id = new.booking_id;
        if not found then
            raise exception using errcode = 'PS404', constraint = 'reviews_booking_id_fkey',
                message = 'booking not found';
        end if;
        if booking.user_id <> new.reviewer_id then
            raise exception using errcode = 'PS403', constraint = 'review_by_renter',
                message = 'only the renter of a booking can review it';
        end if;
        if booking.status <> 'completed' then
            raise exception using errcode = 'PS409', constraint = 'review_booking_completed',
                message = 'a booking can be reviewed once it is completed';
        end if;
        new.parking_spot_id := booking.parking_spot_id;
        if new.owner_response is not null then
            raise exception using errcode = 'PS409', constraint = 'review_owner_response_once',
                message = 'the owner responds after the review is posted';
        end if;
        return new;
    end if;
    if new.booking_id <> old.booking_id or new.reviewer_id <> old.reviewer_id
       or new.parking_spot_id <> old.parking_spot_id then
        raise exception using errcode = 'PS409', constraint = 'review_parties_fixed',
            message = 'the booking, spot and reviewer of a review cannot change';
    end if;
    if new.owner_response is distinct from old.owner_response then
        if old.owner_response is not null then
            raise exception using errcode = 'PS409', constraint = 'review_owner_response_once',
                message = 'the owner has already responded to this review';
        end if;
        new.owner_responded_at := now();
    end if;
    return new;
end;
$$;


--
-- Name: FUNCTION reviews_check_rules(); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.reviews_check_rules() IS 'Trigger function (reviews_check_rules): only the renter of a completed booking reviews it, the spot comes from the booking, the parties never change, the owner responds once (stamps owner_responded_at).';


--
-- Name: reviews_notify(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.reviews_notify() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public', 'pg_temp'
    AS $$
begin
    perform notify_event('new_review', jsonb_build_object(
        'review_id', new.id, 'spot_id', new.parking_spot_id, 'rating', new.overall_rating));
    return null;
end;
$$;


--
-- Name: FUNCTION reviews_notify(); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.reviews_notify() IS 'Trigger function (reviews_notify, deferred to commit): new_review event for the spot''s watchers.';


--
-- Name: reviews_rate_spot(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.reviews_rate_spot() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
declare
    spot_id uuid := coalesce(new.parking_spot_id, old.parking_spot_id);
begin
    update parking_spots s
       set (average_rating, total_reviews) = (
               select coalesce(round(avg(r.overall_rating), 2), 0), count(*)
               from reviews r where r.parking_spot_id = spot_id and r.hidden_at is null)
     where s.id = spot_id;
    return null;
end;
$$;


--
-- Name: FUNCTION reviews_rate_spot(); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.reviews_rate_spot() IS 'Trigger function (reviews_rate_spot): recomputes the spot''s average_rating and total_reviews from its visible reviews.';


--
-- Name: rotate_refresh_token(uuid, uuid, timestamp with time zone, timestamp with time zone, interval); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.rotate_refresh_token(p_jti uuid, p_new_jti uuid, p_issued_at timestamp with time zone, p_expires_at timestamp with time zone, p_grace interval) RETURNS TABLE(outcome text, jti uuid, user_id uuid, family_id uuid, issued_at timestamp with time zone, expires_at timestamp with time zone)
    LANGUAGE plpgsql
    AS $$
#variable_conflict use_column
declare
    spent refresh_tokens;
    successor refresh_tokens;
begin
    update refresh_tokens t
       set used_at = now()
     where t.jti = p_jti and t.used_at is null and t.revoked_at is null and t.expires_at > now()
    returning t.* into spent;
    if found then
        insert into refresh_tokens (jti, user_id, family_id, parent_jti, issued_at, expires_at)
        values (p_new_jti, spent.user_id, spent.family_id, p_jti, p_issued_at, p_expires_at)
        returning * into successor;
        return query select 'rotated', successor.jti, successor.user_id, successor.family_id,
                            successor.issued_at, successor.expires_at;
        return;
    end if;

    select t.* into spent from refresh_tokens t where t.jti = p_jti;
    if spent.jti is null or spent.used_at is null then
        return query select 'invalid', null::uuid, null::uuid, null::uuid, null::timestamptz, null::timestamptz;
        return;
    end if;

    select t.* into successor from refresh_tokens t where t.parent_jti = p_jti;
    if p_grace > interval '0' and spent.used_at > now() - p_grace and spent.revoked_at is null
       and successor.jti is not null and successor.used_at is null and successor.revoked_at is null
       and successor.expires_at > now() then
        return query select 'replayed', successor.jti, successor.user_id, successor.family_id,
                            successor.issued_at, successor.expires_at;
        return;
    end if;

    update refresh_tokens t set revoked_at = now() where t.family_id = spent.family_id and t.revoked_at is null;
    return query select 'reused', null::uuid, spent.user_id, spent.family_id, null::timestamptz, null::timestamptz;
end;
$$;


--
-- Name: FUNCTION rotate_refresh_token(p_jti uuid, p_new_jti uuid, p_issued_at timestamp with time zone, p_expires_at timestamp with time zone, p_grace interval); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.rotate_refresh_token(p_jti uuid, p_new_jti uuid, p_issued_at timestamp with time zone, p_expires_at timestamp with time zone, p_grace interval) IS 'Refresh token rotation in one call: spends p_jti and records its successor (rotated); within p_grace of a spend answers the same successor again (replayed); a spent token coming back later revokes its family (reused); else invalid. Times are timestamptz (UTC).';


--
-- Name: set_updated_at(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.set_updated_at() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
begin
    new.created_at := old.created_at;
    new.updated_at := now();
    return new;
end;
$$;


--
-- Name: FUNCTION set_updated_at(); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.set_updated_at() IS 'Trigger function of every table''s <table>_updated_at trigger: sets updated_at to now() and keeps created_at from being rewritten.';


--
-- Name: spot_blackouts_check_rules(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.spot_blackouts_check_rules() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
begin
    perform 1 from parking_spots where id = new.parking_spot_id for update;
    if exists (select 1 from bookings b
               where b.parking_spot_id = new.parking_spot_id
                 and booking_holds_slot(b.status)
                 and tstzrange(b.start_time, b.end_time) && tstzrange(new.starts_at, new.ends_at)) then
        raise exception using errcode = 'PS409', constraint = 'blackout_booking_overlap',
            message = 'an active booking already holds part of that time';
    end if;
    return new;
end;
$$;


--
-- Name: FUNCTION spot_blackouts_check_rules(); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.spot_blackouts_check_rules() IS 'Trigger function (spot_blackouts_check_rules): a blackout may not cover time a booking already holds (PS409 blackout_booking_overlap); locks the spot row like a booking.';


--
-- Name: spot_busy_intervals(uuid, timestamp with time zone, timestamp with time zone); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.spot_busy_intervals(p_spot_id uuid, p_from timestamp with time zone, p_to timestamp with time zone) RETURNS TABLE(starts_at timestamp with time zone, ends_at timestamp with time zone, kind text, id uuid)
    LANGUAGE sql STABLE
    AS $$
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


--
-- Name: FUNCTION spot_busy_intervals(p_spot_id uuid, p_from timestamp with time zone, p_to timestamp with time zone); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.spot_busy_intervals(p_spot_id uuid, p_from timestamp with time zone, p_to timestamp with time zone) IS 'What blocks a spot between p_from and p_to, for calendars: bookings that hold their slot and owner blackouts, in time order (timestamptz, UTC).';


--
-- Name: spot_is_free(public.parking_spots, timestamp with time zone, timestamp with time zone); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.spot_is_free(p_spot public.parking_spots, p_from timestamp with time zone, p_to timestamp with time zone) RETURNS boolean
    LANGUAGE plpgsql STABLE
    AS $$
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


--
-- Name: FUNCTION spot_is_free(p_spot public.parking_spots, p_from timestamp with time zone, p_to timestamp with time zone); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.spot_is_free(p_spot public.parking_spots, p_from timestamp with time zone, p_to timestamp with time zone) IS 'True when nothing blocks [p_from, p_to) at the spot: open then, no booking holding the slot, no blackout.';


--
-- Name: spot_is_open(jsonb, text, timestamp with time zone, timestamp with time zone); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.spot_is_open(p_hours jsonb, p_tz text, p_start timestamp with time zone, p_end timestamp with time zone) RETURNS boolean
    LANGUAGE sql STABLE
    AS $$
    select p_hours is null or coalesce((
        select range_agg(tstzrange(
                   (day.d + (iv.pair ->> 0)::time) at time zone p_tz,
                   (day.d + (iv.pair ->> 1)::time
                          + case when (iv.pair ->> 1)::time <= (iv.pair ->> 0)::time
                                 then interval '1 day' else interval '0' end) at time zone p_tz))
        from (select (p_start at time zone p_tz)::date - 1 + n
              from generate_series(0, (p_end at time zone p_tz)::date - (p_start at time zone p_tz)::date + 1) as n
             ) as day(d),
             jsonb_array_elements(coalesce(
                 p_hours -> (array['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'])[extract(dow from day.d)::int + 1],
                 '[]')) as iv(pair)
    ) @> tstzrange(p_start, p_end), false);
$$;


--
-- Name: FUNCTION spot_is_open(p_hours jsonb, p_tz text, p_start timestamp with time zone, p_end timestamp with time zone); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.spot_is_open(p_hours jsonb, p_tz text, p_start timestamp with time zone, p_end timestamp with time zone) IS 'True when [p_start, p_end) lies inside the opening hours p_hours (null: always open), read in the IANA time zone p_tz.';


--
-- Name: spot_item_out(public.parking_spots, double precision); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.spot_item_out(s public.parking_spots, p_meters double precision) RETURNS jsonb
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
    select jsonb_build_object(
        'id', s.id,
        'title', s.title,
        'address', s.address,
        'city', s.city,
        'state', s.state,
        'latitude', s.latitude,
        'longitude', s.longitude,
        'hourly_rate', s.hourly_rate,
        'daily_rate', s.daily_rate,
        'monthly_rate', s.monthly_rate,
        'spot_type', s.spot_type,
        'vehicle_size', s.vehicle_size,
        'is_covered', s.is_covered,
        'has_ev_charging', s.has_ev_charging,
        'is_available', s.is_available,
        'average_rating', s.average_rating,
        'total_reviews', s.total_reviews,
        'images', s.images,
        'distance_km', round((p_meters / 1000)::numeric, 3));
$$;


--
-- Name: FUNCTION spot_item_out(s public.parking_spots, p_meters double precision); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.spot_item_out(s public.parking_spots, p_meters double precision) IS 'JSON shape of a spot in search results, p_meters (metres) from the searched point, shown as distance_km (null when the search had no point).';


--
-- Name: spot_matches(public.parking_spots, jsonb); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.spot_matches(p_spot public.parking_spots, p_filters jsonb) RETURNS boolean
    LANGUAGE sql STABLE
    AS $$
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


--
-- Name: FUNCTION spot_matches(p_spot public.parking_spots, p_filters jsonb); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.spot_matches(p_spot public.parking_spots, p_filters jsonb) IS 'The search filters of GET /parking-spots as one inlinable expression: an active, available spot matching every key of p_filters (spot_type, max_hourly_rate in cents, vehicle_size, amenities, min_rating, available_from/available_to); a missing or null key does not filter.';


--
-- Name: spot_moderation_out(public.parking_spots); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.spot_moderation_out(s public.parking_spots) RETURNS jsonb
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
    select spot_out(s, true) || jsonb_build_object(
        'deactivated_at', utc_iso(s.deactivated_at),
        'deactivated_by', s.deactivated_by,
        'deactivation_reason', s.deactivation_reason,
        'moderated', s.moderated);
$$;


--
-- Name: FUNCTION spot_moderation_out(s public.parking_spots); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.spot_moderation_out(s public.parking_spots) IS 'JSON shape of a spot for its owner and moderators: the private shape plus who deactivated it, when (UTC), why, and whether an admin moderated it.';


--
-- Name: spot_out(public.parking_spots, boolean); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.spot_out(s public.parking_spots, p_private boolean DEFAULT false) RETURNS jsonb
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
    select jsonb_build_object(
        'id', s.id,
        'owner_id', s.owner_id,
        'title', s.title,
        'description', s.description,
        'spot_type', s.spot_type,
        'vehicle_size', s.vehicle_size,
        'address', s.address,
        'city', s.city,
        'state', s.state,
        'zip_code', s.zip_code,
        'latitude', s.latitude,
        'longitude', s.longitude,
        'timezone', s.timezone,
        'hourly_rate', s.hourly_rate,
        'daily_rate', s.daily_rate,
        'monthly_rate', s.monthly_rate,
        'is_covered', s.is_covered,
        'has_ev_charging', s.has_ev_charging,
        'has_security', s.has_security,
        'has_lighting', s.has_lighting,
        'is_handicap_accessible', s.is_handicap_accessible,
        'images', s.images,
        'is_active', s.is_active,
        'is_available', s.is_available,
        'operating_hours', s.operating_hours,
        'average_rating', s.average_rating,
        'total_reviews', s.total_reviews,
        'total_bookings', s.total_bookings,
        'created_at', utc_iso(s.created_at),
        'updated_at', utc_iso(s.updated_at))
        || case when p_private then jsonb_build_object('access_instructions', s.access_instructions)
                else '{}'::jsonb end;
$$;


--
-- Name: FUNCTION spot_out(s public.parking_spots, p_private boolean); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.spot_out(s public.parking_spots, p_private boolean) IS 'JSON shape of a spot as its page shows it; access_instructions only when p_private (the owner and the spot''s renters).';


--
-- Name: spots_near_count(public.geography, double precision, jsonb, bigint); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.spots_near_count(p_point public.geography, p_radius_m double precision, p_filters jsonb, p_limit bigint) RETURNS bigint
    LANGUAGE plpgsql STABLE
    SET enable_bitmapscan TO 'off'
    AS $$
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


--
-- Name: FUNCTION spots_near_count(p_point public.geography, p_radius_m double precision, p_filters jsonb, p_limit bigint); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.spots_near_count(p_point public.geography, p_radius_m double precision, p_filters jsonb, p_limit bigint) IS 'How many spots within p_radius_m metres of p_point match p_filters, counted up to p_limit (a search''s X-Total-Count). Without filters an index-only scan of parking_spots_free_location_cover; bitmap scans off, so counting stops at the limit.';


--
-- Name: take_outbox_mail(integer, timestamp with time zone); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.take_outbox_mail(p_limit integer DEFAULT 10, p_now timestamp with time zone DEFAULT now()) RETURNS TABLE(id uuid, recipient public.citext, kind text, subject text, body text, created_at timestamp with time zone)
    LANGUAGE sql
    AS $$
    with picked as (
        select o.id, o.recipient, o.kind, o.subject, o.body, o.created_at
        from outbox o
        where o.sent_at is null
        order by o.created_at, o.id
        limit p_limit
        for update skip locked
    ), sent as (
        update outbox o
           set sent_at = p_now
          from picked p
         where o.id = p.id
        returning o.id
    )
    select p.id, p.recipient, p.kind, p.subject, p.body, p.created_at
    from picked p
    join sent s on s.id = p.id
    order by p.created_at, p.id;
$$;


--
-- Name: FUNCTION take_outbox_mail(p_limit integer, p_now timestamp with time zone); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.take_outbox_mail(p_limit integer, p_now timestamp with time zone) IS 'For a mail relay: up to p_limit unsent mails, oldest first, marked sent at p_now (bodies cleared) in the same statement and returned with their bodies. At most once; concurrent relays take different mails.';


--
-- Name: tile_column(double precision, integer); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.tile_column(p_longitude double precision, p_z integer) RETURNS integer
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
    select least(floor((p_longitude + 180) / 360 * 2::float8 ^ p_z), 2::float8 ^ p_z - 1)::int;
$$;


--
-- Name: FUNCTION tile_column(p_longitude double precision, p_z integer); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.tile_column(p_longitude double precision, p_z integer) IS 'The web-mercator tile column (x) at zoom p_z of a longitude in degrees (180 falls in the last column).';


--
-- Name: tile_probe(integer, integer, integer); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.tile_probe(p_z integer, p_x integer, p_y integer) RETURNS public.geography
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
    select st_segmentize(st_makeenvelope(greatest(b.w - b.m, -180), greatest(b.s - b.m, -90),
                                         least(b.e + b.m, 180), least(b.n + b.m, 90), 4326), 0.25)::geography
    from (select least(0.01, 45 / 2::float8 ^ p_z) as m,  -- an eighth of the tile's width, at most 0.01
                 p_x / 2::float8 ^ p_z * 360 - 180 as w,
                 (p_x + 1) / 2::float8 ^ p_z * 360 - 180 as e,
                 degrees(atan(sinh(pi() * (1 - 2 * p_y / 2::float8 ^ p_z)))) as n,
                 degrees(atan(sinh(pi() * (1 - 2 * (p_y + 1) / 2::float8 ^ p_z)))) as s) b;
$$;


--
-- Name: FUNCTION tile_probe(p_z integer, p_x integer, p_y integer); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.tile_probe(p_z integer, p_x integer, p_y integer) IS 'A geography box a little larger than tile z/x/y (by an eighth of its width, at most 0.01 degree; densified every 0.25 degree so its great-circle edges stay outside the tile''s lines of latitude), for the GiST index probe of parking_spots.location; the exact test is tile_column/tile_row.';


--
-- Name: tile_row(double precision, integer); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.tile_row(p_latitude double precision, p_z integer) RETURNS integer
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
    select floor((1 - ln(tan(radians(p_latitude)) + 1 / cos(radians(p_latitude))) / pi()) / 2
                 * 2::float8 ^ p_z)::int;
$$;


--
-- Name: FUNCTION tile_row(p_latitude double precision, p_z integer); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.tile_row(p_latitude double precision, p_z integer) IS 'The web-mercator tile row (y, 0 at the top) at zoom p_z of a latitude in degrees (meaningful within +-85.0511; the tile queries and tile invalidation leave other latitudes out).';


--
-- Name: tile_spots(integer, integer, integer); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.tile_spots(p_z integer, p_x integer, p_y integer) RETURNS TABLE(id uuid, mx double precision, my double precision, price integer, spot_type text, rating double precision)
    LANGUAGE sql STABLE
    AS $$
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


--
-- Name: FUNCTION tile_spots(p_z integer, p_x integer, p_y integer); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.tile_spots(p_z integer, p_x integer, p_y integer) IS 'The active, available spots tile z/x/y shows, with their web mercator position (mx, my, metres), hourly rate (price, cents), type and rating (0-5).';


--
-- Name: users; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.users (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    email public.citext NOT NULL,
    hashed_password text,
    full_name text NOT NULL,
    phone_number character varying(20),
    role public.user_role DEFAULT 'renter'::public.user_role NOT NULL,
    is_active boolean DEFAULT true NOT NULL,
    is_verified boolean DEFAULT false NOT NULL,
    stripe_customer_id text,
    stripe_account_id text,
    stripe_charges_enabled boolean DEFAULT false NOT NULL,
    stripe_payouts_enabled boolean DEFAULT false NOT NULL,
    latitude double precision,
    longitude double precision,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    token_version integer DEFAULT 0 NOT NULL,
    stripe_transfers_active boolean DEFAULT false NOT NULL,
    CONSTRAINT users_email_format CHECK (((email OPERATOR(public.~) '^[^@\s]+@[^@\s]+\.[^@\s]+$'::public.citext) AND (length((email)::text) <= 255))),
    CONSTRAINT users_full_name_length CHECK (((length(btrim(full_name)) >= 1) AND (length(btrim(full_name)) <= 255))),
    CONSTRAINT users_latitude_range CHECK (((latitude >= ('-90'::integer)::double precision) AND (latitude <= (90)::double precision))),
    CONSTRAINT users_location_pair CHECK (((latitude IS NULL) = (longitude IS NULL))),
    CONSTRAINT users_longitude_range CHECK (((longitude >= ('-180'::integer)::double precision) AND (longitude <= (180)::double precision)))
);


--
-- Name: TABLE users; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.users IS 'Accounts: renters, spot owners and admins. Personal data: email, full_name, phone_number, latitude/longitude. Secret: hashed_password. The API shows a user through user_out() (never the hash, token version or Stripe ids).';


--
-- Name: COLUMN users.id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.users.id IS 'Primary key (random UUID); the subject of the user''s tokens.';


--
-- Name: COLUMN users.email; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.users.email IS 'Personal data: the sign-in email address, unique whatever the case (citext).';


--
-- Name: COLUMN users.hashed_password; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.users.hashed_password IS 'Secret: argon2id hash of the password (argon2-cffi encoded string). Null for accounts created by OAuth sign-in, and after an OAuth sign-in claimed an unverified account.';


--
-- Name: COLUMN users.full_name; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.users.full_name IS 'Personal data: the user''s name, shown to the other party of a booking and on their reviews.';


--
-- Name: COLUMN users.phone_number; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.users.phone_number IS 'Personal data: the user''s phone number as they typed it (at most 20 characters); optional.';


--
-- Name: COLUMN users.role; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.users.role IS 'renter, owner or admin (user_role).';


--
-- Name: COLUMN users.is_active; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.users.is_active IS 'False once an admin locked or the user deactivated the account: it cannot sign in and its tokens stop working.';


--
-- Name: COLUMN users.is_verified; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.users.is_verified IS 'True once the email address is proven (an admin set it, or a verified OAuth sign-in with that email).';


--
-- Name: COLUMN users.stripe_customer_id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.users.stripe_customer_id IS 'Personal data: a Stripe Customer id (cus_...) linking the user to their saved cards at Stripe; not written by the service today (null).';


--
-- Name: COLUMN users.stripe_account_id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.users.stripe_account_id IS 'Personal data: the owner''s Stripe Connect account id (acct_...) that receives their payouts; null until they start onboarding.';


--
-- Name: COLUMN users.stripe_charges_enabled; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.users.stripe_charges_enabled IS 'Stripe''s charges_enabled flag of the owner''s Connect account, as last read back from Stripe.';


--
-- Name: COLUMN users.stripe_payouts_enabled; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.users.stripe_payouts_enabled IS 'Stripe''s payouts_enabled flag of the owner''s Connect account, as last read back from Stripe.';


--
-- Name: COLUMN users.latitude; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.users.latitude IS 'Personal data: the user''s home or preferred location, WGS84 degrees north (-90..90); set with longitude or not at all.';


--
-- Name: COLUMN users.longitude; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.users.longitude IS 'Personal data: the user''s home or preferred location, WGS84 degrees east (-180..180); set with latitude or not at all.';


--
-- Name: COLUMN users.created_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.users.created_at IS 'When the account was created (timestamptz, UTC).';


--
-- Name: COLUMN users.updated_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.users.updated_at IS 'When the row last changed (timestamptz, UTC); kept by the database (set_updated_at).';


--
-- Name: COLUMN users.token_version; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.users.token_version IS 'Carried by every access and refresh token; bumping it (password change or reset, logout everywhere, lock, role change) makes every token issued before unusable at once.';


--
-- Name: COLUMN users.stripe_transfers_active; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.users.stripe_transfers_active IS 'Whether the owner''s Connect account has the transfers capability active (read back from Stripe): decides whether a booking''s charge goes to the owner (destination charge) or is paid later by transfer.';


--
-- Name: user_out(public.users); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.user_out(u public.users) RETURNS jsonb
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
    select jsonb_build_object(
        'id', u.id,
        'email', u.email,
        'full_name', u.full_name,
        'phone_number', u.phone_number,
        'role', u.role,
        'is_active', u.is_active,
        'is_verified', u.is_verified,
        'latitude', u.latitude,
        'longitude', u.longitude,
        'created_at', utc_iso(u.created_at),
        'updated_at', utc_iso(u.updated_at));
$$;


--
-- Name: FUNCTION user_out(u public.users); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.user_out(u public.users) IS 'JSON shape of a user as the API shows it: never the password hash, token version or Stripe ids. Holds personal data (email, name, phone, location).';


--
-- Name: users_tokens_notify(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.users_tokens_notify() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
begin
    perform pg_notify('parkingspots_events', jsonb_build_object(
        'type', 'user_tokens_changed', 'user_id', new.id, 'token_version', new.token_version,
        'is_active', new.is_active)::text);
    return null;
end;
$$;


--
-- Name: FUNCTION users_tokens_notify(); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.users_tokens_notify() IS 'Trigger function (users_tokens_notify): tells every API worker that a user''s tokens changed (token_version or is_active), so their WebSocket connections close now. Not recorded as an event.';


--
-- Name: utc_iso(timestamp with time zone); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.utc_iso(t timestamp with time zone) RETURNS text
    LANGUAGE sql STABLE STRICT PARALLEL SAFE
    AS $$
    select to_char(t at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS')
        || case when to_char(t at time zone 'UTC', 'US') = '000000' then ''
                else to_char(t at time zone 'UTC', '.US') end
        || 'Z';
$$;


--
-- Name: FUNCTION utc_iso(t timestamp with time zone); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.utc_iso(t timestamp with time zone) IS 'A time as the API prints it, always in UTC whatever the session TimeZone: 2030-01-07T09:00:00Z, with .US microseconds when not zero. The one way a time leaves the database in JSON.';


--
-- Name: money_movements; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.money_movements (
    id bigint NOT NULL,
    booking_id uuid NOT NULL,
    payment_id uuid,
    kind public.money_movement_kind NOT NULL,
    stripe_id text NOT NULL,
    amount integer NOT NULL,
    currency text NOT NULL,
    occurred_at timestamp with time zone NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT money_movements_amount_positive CHECK ((amount > 0)),
    CONSTRAINT money_movements_currency_format CHECK ((currency ~ '^[a-z]{3}$'::text))
);


--
-- Name: TABLE money_movements; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.money_movements IS 'The ledger: every movement of money Stripe made for a booking, one immutable row each, recorded from the object read back from Stripe (kind and stripe_id unique). Amounts are positive integer cents; kind says which way the money went. Balances derive from it (booking_balances); corrections are new rows.';


--
-- Name: COLUMN money_movements.id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.money_movements.id IS 'Primary key (sequence).';


--
-- Name: COLUMN money_movements.booking_id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.money_movements.booking_id IS 'The booking the money is for (bookings.id).';


--
-- Name: COLUMN money_movements.payment_id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.money_movements.payment_id IS 'The payment it belongs to (payments.id).';


--
-- Name: COLUMN money_movements.kind; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.money_movements.kind IS 'Which way the money went (money_movement_kind).';


--
-- Name: COLUMN money_movements.stripe_id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.money_movements.stripe_id IS 'Id of the Stripe object that moved the money (ch_, re_, tr_, trr_, fee_, fr_, du_...).';


--
-- Name: COLUMN money_movements.amount; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.money_movements.amount IS 'Amount moved, positive integer cents in currency.';


--
-- Name: COLUMN money_movements.currency; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.money_movements.currency IS 'ISO 4217 currency code, lowercase.';


--
-- Name: COLUMN money_movements.occurred_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.money_movements.occurred_at IS 'When Stripe made the movement (timestamptz, UTC; the object''s created time, or when the ledger learnt of a failure or a won dispute).';


--
-- Name: COLUMN money_movements.created_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.money_movements.created_at IS 'When the row was recorded (timestamptz, UTC).';


--
-- Name: COLUMN money_movements.updated_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.money_movements.updated_at IS 'Equals created_at: ledger rows never change (every table has updated_at).';


--
-- Name: daily_bookings; Type: VIEW; Schema: analytics; Owner: -
--

CREATE VIEW analytics.daily_bookings AS
 SELECT ((b.created_at AT TIME ZONE 'UTC'::text))::date AS day,
    (s.city)::text AS city,
    (s.state)::text AS state,
    s.spot_type,
    count(*) FILTER (WHERE (b.payment_status <> 'expired'::text)) AS bookings,
    count(*) FILTER (WHERE ((b.payment_status <> 'expired'::text) AND (b.cancelled_at IS NOT NULL))) AS cancellations,
    count(*) FILTER (WHERE (b.payment_status = 'expired'::text)) AS abandoned,
    COALESCE(sum(b.total_amount) FILTER (WHERE (b.payment_status <> 'expired'::text)), (0)::bigint) AS gross,
    COALESCE(sum(b.service_fee) FILTER (WHERE (b.payment_status <> 'expired'::text)), (0)::bigint) AS fees,
    COALESCE(sum(b.owner_payout) FILTER (WHERE ((b.payment_status <> 'expired'::text) AND (b.cancelled_at IS NULL))), (0)::bigint) AS owner_payouts,
    COALESCE(sum(b.refund_amount) FILTER (WHERE (b.payment_status <> 'expired'::text)), (0)::bigint) AS refunds,
    (COALESCE(sum(m.refunded) FILTER (WHERE (b.payment_status <> 'expired'::text)), (0)::numeric))::bigint AS ledger_refunded
   FROM ((public.bookings b
     JOIN public.parking_spots s ON ((s.id = b.parking_spot_id)))
     LEFT JOIN ( SELECT mm.booking_id,
            sum(
                CASE mm.kind
                    WHEN 'refund'::public.money_movement_kind THEN mm.amount
                    ELSE (- mm.amount)
                END) AS refunded
           FROM public.money_movements mm
          WHERE (mm.kind = ANY (ARRAY['refund'::public.money_movement_kind, 'refund_failure'::public.money_movement_kind]))
          GROUP BY mm.booking_id) m ON ((m.booking_id = b.id)))
  GROUP BY (((b.created_at AT TIME ZONE 'UTC'::text))::date), (s.city)::text, (s.state)::text, s.spot_type;


--
-- Name: VIEW daily_bookings; Type: COMMENT; Schema: analytics; Owner: -
--

COMMENT ON VIEW analytics.daily_bookings IS 'Bookings and revenue per UTC day the booking was made (created_at), city and spot type. Amounts are integer cents of the bookings placed that day (abandoned checkouts aside), whatever became of them later; gross - refunds is what renters paid in the end.';


--
-- Name: COLUMN daily_bookings.day; Type: COMMENT; Schema: analytics; Owner: -
--

COMMENT ON COLUMN analytics.daily_bookings.day IS 'UTC date the bookings were made (bookings.created_at).';


--
-- Name: COLUMN daily_bookings.city; Type: COMMENT; Schema: analytics; Owner: -
--

COMMENT ON COLUMN analytics.daily_bookings.city IS 'City of the spot, as its owner wrote it.';


--
-- Name: COLUMN daily_bookings.state; Type: COMMENT; Schema: analytics; Owner: -
--

COMMENT ON COLUMN analytics.daily_bookings.state IS 'State or region of the spot, as its owner wrote it.';


--
-- Name: COLUMN daily_bookings.spot_type; Type: COMMENT; Schema: analytics; Owner: -
--

COMMENT ON COLUMN analytics.daily_bookings.spot_type IS 'Spot type (indoor, outdoor, covered, garage, driveway, lot).';


--
-- Name: COLUMN daily_bookings.bookings; Type: COMMENT; Schema: analytics; Owner: -
--

COMMENT ON COLUMN analytics.daily_bookings.bookings IS 'Bookings placed: made that day and not abandoned at checkout (their unpaid hold did not expire).';


--
-- Name: COLUMN daily_bookings.cancellations; Type: COMMENT; Schema: analytics; Owner: -
--

COMMENT ON COLUMN analytics.daily_bookings.cancellations IS 'Of those, how many were cancelled since (by the renter, the owner or an admin).';


--
-- Name: COLUMN daily_bookings.abandoned; Type: COMMENT; Schema: analytics; Owner: -
--

COMMENT ON COLUMN analytics.daily_bookings.abandoned IS 'Checkouts abandoned: bookings made that day whose unpaid hold expired (not in bookings nor in the amounts).';


--
-- Name: COLUMN daily_bookings.gross; Type: COMMENT; Schema: analytics; Owner: -
--

COMMENT ON COLUMN analytics.daily_bookings.gross IS 'Sum of total_amount (subtotal + service fee) of the bookings placed, in cents, before refunds.';


--
-- Name: COLUMN daily_bookings.fees; Type: COMMENT; Schema: analytics; Owner: -
--

COMMENT ON COLUMN analytics.daily_bookings.fees IS 'Sum of service_fee (the platform''s fee) of the bookings placed, in cents.';


--
-- Name: COLUMN daily_bookings.owner_payouts; Type: COMMENT; Schema: analytics; Owner: -
--

COMMENT ON COLUMN analytics.daily_bookings.owner_payouts IS 'Sum of owner_payout (the owners'' share) of the bookings placed and not cancelled, in cents.';


--
-- Name: COLUMN daily_bookings.refunds; Type: COMMENT; Schema: analytics; Owner: -
--

COMMENT ON COLUMN analytics.daily_bookings.refunds IS 'Sum of refund_amount of the bookings placed (the refund the cancellation policy or an admin granted), in cents.';


--
-- Name: COLUMN daily_bookings.ledger_refunded; Type: COMMENT; Schema: analytics; Owner: -
--

COMMENT ON COLUMN analytics.daily_bookings.ledger_refunded IS 'Refunds Stripe actually made for those bookings (the ledger''s refunds less failed refunds), in cents; 0 when payments are off.';


--
-- Name: occupancy_by_hour; Type: MATERIALIZED VIEW; Schema: analytics; Owner: -
--

CREATE MATERIALIZED VIEW analytics.occupancy_by_hour AS
 SELECT o.spot_id,
    o.owner_id,
    o.city,
    o.state,
    o.spot_type,
    o.timezone,
    o.day_of_week,
    o.hour_of_day,
    o.open_minutes,
    o.booked_minutes,
    o.occupancy,
    o.period_from,
    o.period_to
   FROM analytics.occupancy((date_trunc('day'::text, now(), 'UTC'::text) - '28 days'::interval), date_trunc('day'::text, now(), 'UTC'::text)) o(spot_id, owner_id, city, state, spot_type, timezone, day_of_week, hour_of_day, open_minutes, booked_minutes, occupancy, period_from, period_to)
  WITH NO DATA;


--
-- Name: MATERIALIZED VIEW occupancy_by_hour; Type: COMMENT; Schema: analytics; Owner: -
--

COMMENT ON MATERIALIZED VIEW analytics.occupancy_by_hour IS 'Occupancy per spot and hour of the week in the spot''s own time zone over the last 28 whole UTC days (period_from, period_to): booked minutes against open minutes from its real operating_hours (null = open 24/7, {} = closed). Only spots with a stay in the period have rows, one per local hour of the week they were open (168 when open all week); a spot without a row is 0 % occupied then. Refreshed by pg_cron (analytics.refresh_materialized_views) when a new UTC day begins.';


--
-- Name: COLUMN occupancy_by_hour.spot_id; Type: COMMENT; Schema: analytics; Owner: -
--

COMMENT ON COLUMN analytics.occupancy_by_hour.spot_id IS 'The spot (parking_spots.id).';


--
-- Name: COLUMN occupancy_by_hour.owner_id; Type: COMMENT; Schema: analytics; Owner: -
--

COMMENT ON COLUMN analytics.occupancy_by_hour.owner_id IS 'Its owner (users.id).';


--
-- Name: COLUMN occupancy_by_hour.city; Type: COMMENT; Schema: analytics; Owner: -
--

COMMENT ON COLUMN analytics.occupancy_by_hour.city IS 'City of the spot, as its owner wrote it.';


--
-- Name: COLUMN occupancy_by_hour.state; Type: COMMENT; Schema: analytics; Owner: -
--

COMMENT ON COLUMN analytics.occupancy_by_hour.state IS 'State or region of the spot.';


--
-- Name: COLUMN occupancy_by_hour.spot_type; Type: COMMENT; Schema: analytics; Owner: -
--

COMMENT ON COLUMN analytics.occupancy_by_hour.spot_type IS 'Spot type.';


--
-- Name: COLUMN occupancy_by_hour.timezone; Type: COMMENT; Schema: analytics; Owner: -
--

COMMENT ON COLUMN analytics.occupancy_by_hour.timezone IS 'The spot''s IANA time zone: day_of_week and hour_of_day are local to it.';


--
-- Name: COLUMN occupancy_by_hour.day_of_week; Type: COMMENT; Schema: analytics; Owner: -
--

COMMENT ON COLUMN analytics.occupancy_by_hour.day_of_week IS 'Day of the week in the spot''s time zone, ISO: 1 = Monday .. 7 = Sunday.';


--
-- Name: COLUMN occupancy_by_hour.hour_of_day; Type: COMMENT; Schema: analytics; Owner: -
--

COMMENT ON COLUMN analytics.occupancy_by_hour.hour_of_day IS 'Hour of the day in the spot''s time zone, 0-23 (the hour starting then).';


--
-- Name: COLUMN occupancy_by_hour.open_minutes; Type: COMMENT; Schema: analytics; Owner: -
--

COMMENT ON COLUMN analytics.occupancy_by_hour.open_minutes IS 'Minutes the spot was open in that local hour, summed over the period (60 x 4 for an always-open spot over 28 days).';


--
-- Name: COLUMN occupancy_by_hour.booked_minutes; Type: COMMENT; Schema: analytics; Owner: -
--

COMMENT ON COLUMN analytics.occupancy_by_hour.booked_minutes IS 'Minutes of those that were booked (stays: confirmed, in progress, completed, refunded without a cancellation).';


--
-- Name: COLUMN occupancy_by_hour.occupancy; Type: COMMENT; Schema: analytics; Owner: -
--

COMMENT ON COLUMN analytics.occupancy_by_hour.occupancy IS 'booked_minutes / open_minutes, 0-1.';


--
-- Name: COLUMN occupancy_by_hour.period_from; Type: COMMENT; Schema: analytics; Owner: -
--

COMMENT ON COLUMN analytics.occupancy_by_hour.period_from IS 'Start of the period (UTC midnight, 28 days before period_to).';


--
-- Name: COLUMN occupancy_by_hour.period_to; Type: COMMENT; Schema: analytics; Owner: -
--

COMMENT ON COLUMN analytics.occupancy_by_hour.period_to IS 'End of the period, exclusive: the UTC midnight the view was last refreshed after.';


--
-- Name: owner_cohorts; Type: VIEW; Schema: analytics; Owner: -
--

CREATE VIEW analytics.owner_cohorts AS
 WITH cohort AS (
         SELECT u.id,
            (date_trunc('month'::text, (u.created_at AT TIME ZONE 'UTC'::text)))::date AS cohort_month
           FROM public.users u
          WHERE (u.role = 'owner'::public.user_role)
        ), activity AS (
         SELECT c.cohort_month,
            (date_trunc('month'::text, (b.created_at AT TIME ZONE 'UTC'::text)))::date AS month,
            count(DISTINCT s.owner_id) AS active,
            count(*) AS bookings,
            sum((b.total_amount - b.refund_amount)) AS revenue,
            COALESCE(sum(b.owner_payout) FILTER (WHERE (b.cancelled_at IS NULL)), (0)::bigint) AS owner_payouts
           FROM ((public.bookings b
             JOIN public.parking_spots s ON ((s.id = b.parking_spot_id)))
             JOIN cohort c ON ((c.id = s.owner_id)))
          WHERE (b.payment_status <> 'expired'::text)
          GROUP BY c.cohort_month, ((date_trunc('month'::text, (b.created_at AT TIME ZONE 'UTC'::text)))::date)
        ), listed AS (
         SELECT c.cohort_month,
            (date_trunc('month'::text, (s.created_at AT TIME ZONE 'UTC'::text)))::date AS month,
            count(*) AS spots
           FROM (public.parking_spots s
             JOIN cohort c ON ((c.id = s.owner_id)))
          GROUP BY c.cohort_month, ((date_trunc('month'::text, (s.created_at AT TIME ZONE 'UTC'::text)))::date)
        ), months AS (
         SELECT sizes.cohort_month,
            sizes.cohort_size,
            (m_1.m)::date AS month
           FROM ( SELECT cohort.cohort_month,
                    count(*) AS cohort_size
                   FROM cohort
                  GROUP BY cohort.cohort_month) sizes,
            LATERAL generate_series((sizes.cohort_month)::timestamp without time zone, date_trunc('month'::text, (now() AT TIME ZONE 'UTC'::text)), '1 mon'::interval) m_1(m)
        )
 SELECT m.cohort_month,
    m.month,
    (((((EXTRACT(year FROM m.month) - EXTRACT(year FROM m.cohort_month)) * (12)::numeric) + EXTRACT(month FROM m.month)) - EXTRACT(month FROM m.cohort_month)))::integer AS months_since_signup,
    m.cohort_size,
    COALESCE(l.spots, (0)::bigint) AS spots_listed,
    COALESCE(a.active, (0)::bigint) AS active,
    round(((COALESCE(a.active, (0)::bigint))::numeric / (m.cohort_size)::numeric), 4) AS active_share,
    COALESCE(a.bookings, (0)::bigint) AS bookings,
    COALESCE(a.revenue, (0)::bigint) AS revenue,
    COALESCE(a.owner_payouts, (0)::bigint) AS owner_payouts
   FROM ((months m
     LEFT JOIN activity a ON (((a.cohort_month = m.cohort_month) AND (a.month = m.month))))
     LEFT JOIN listed l ON (((l.cohort_month = m.cohort_month) AND (l.month = m.month))));


--
-- Name: VIEW owner_cohorts; Type: COMMENT; Schema: analytics; Owner: -
--

COMMENT ON VIEW analytics.owner_cohorts IS 'Owners (users with role owner) grouped by the UTC month they signed up in; one row per cohort and month since (month 0 = the sign-up month, up to the current month, empty months included): spots they listed, how many of them received a booking, the bookings, what renters paid and the owners'' share (cents). Counts only, no user data.';


--
-- Name: COLUMN owner_cohorts.cohort_month; Type: COMMENT; Schema: analytics; Owner: -
--

COMMENT ON COLUMN analytics.owner_cohorts.cohort_month IS 'First day of the UTC month the owners signed up in (users.created_at).';


--
-- Name: COLUMN owner_cohorts.month; Type: COMMENT; Schema: analytics; Owner: -
--

COMMENT ON COLUMN analytics.owner_cohorts.month IS 'First day of the UTC month the activity is counted in.';


--
-- Name: COLUMN owner_cohorts.months_since_signup; Type: COMMENT; Schema: analytics; Owner: -
--

COMMENT ON COLUMN analytics.owner_cohorts.months_since_signup IS 'month - cohort_month in months (0 = the sign-up month).';


--
-- Name: COLUMN owner_cohorts.cohort_size; Type: COMMENT; Schema: analytics; Owner: -
--

COMMENT ON COLUMN analytics.owner_cohorts.cohort_size IS 'Owners who signed up in cohort_month.';


--
-- Name: COLUMN owner_cohorts.spots_listed; Type: COMMENT; Schema: analytics; Owner: -
--

COMMENT ON COLUMN analytics.owner_cohorts.spots_listed IS 'Spots the cohort listed in month (parking_spots.created_at).';


--
-- Name: COLUMN owner_cohorts.active; Type: COMMENT; Schema: analytics; Owner: -
--

COMMENT ON COLUMN analytics.owner_cohorts.active IS 'Owners of the cohort whose spots received at least one booking placed in month.';


--
-- Name: COLUMN owner_cohorts.active_share; Type: COMMENT; Schema: analytics; Owner: -
--

COMMENT ON COLUMN analytics.owner_cohorts.active_share IS 'active / cohort_size, 0-1.';


--
-- Name: COLUMN owner_cohorts.bookings; Type: COMMENT; Schema: analytics; Owner: -
--

COMMENT ON COLUMN analytics.owner_cohorts.bookings IS 'Bookings placed in month on the cohort''s spots (abandoned checkouts aside).';


--
-- Name: COLUMN owner_cohorts.revenue; Type: COMMENT; Schema: analytics; Owner: -
--

COMMENT ON COLUMN analytics.owner_cohorts.revenue IS 'What those bookings brought in: total_amount - refund_amount, cents.';


--
-- Name: COLUMN owner_cohorts.owner_payouts; Type: COMMENT; Schema: analytics; Owner: -
--

COMMENT ON COLUMN analytics.owner_cohorts.owner_payouts IS 'The owners'' share of those bookings not cancelled (owner_payout), cents.';


--
-- Name: renter_cohorts; Type: VIEW; Schema: analytics; Owner: -
--

CREATE VIEW analytics.renter_cohorts AS
 WITH cohort AS (
         SELECT u.id,
            (date_trunc('month'::text, (u.created_at AT TIME ZONE 'UTC'::text)))::date AS cohort_month
           FROM public.users u
          WHERE (u.role = 'renter'::public.user_role)
        ), activity AS (
         SELECT c.cohort_month,
            (date_trunc('month'::text, (b.created_at AT TIME ZONE 'UTC'::text)))::date AS month,
            count(DISTINCT b.user_id) AS active,
            count(*) AS bookings,
            sum((b.total_amount - b.refund_amount)) AS revenue
           FROM (public.bookings b
             JOIN cohort c ON ((c.id = b.user_id)))
          WHERE (b.payment_status <> 'expired'::text)
          GROUP BY c.cohort_month, ((date_trunc('month'::text, (b.created_at AT TIME ZONE 'UTC'::text)))::date)
        ), months AS (
         SELECT sizes.cohort_month,
            sizes.cohort_size,
            (m_1.m)::date AS month
           FROM ( SELECT cohort.cohort_month,
                    count(*) AS cohort_size
                   FROM cohort
                  GROUP BY cohort.cohort_month) sizes,
            LATERAL generate_series((sizes.cohort_month)::timestamp without time zone, date_trunc('month'::text, (now() AT TIME ZONE 'UTC'::text)), '1 mon'::interval) m_1(m)
        )
 SELECT m.cohort_month,
    m.month,
    (((((EXTRACT(year FROM m.month) - EXTRACT(year FROM m.cohort_month)) * (12)::numeric) + EXTRACT(month FROM m.month)) - EXTRACT(month FROM m.cohort_month)))::integer AS months_since_signup,
    m.cohort_size,
    COALESCE(a.active, (0)::bigint) AS active,
    round(((COALESCE(a.active, (0)::bigint))::numeric / (m.cohort_size)::numeric), 4) AS active_share,
    COALESCE(a.bookings, (0)::bigint) AS bookings,
    COALESCE(a.revenue, (0)::bigint) AS revenue
   FROM (months m
     LEFT JOIN activity a ON (((a.cohort_month = m.cohort_month) AND (a.month = m.month))));


--
-- Name: VIEW renter_cohorts; Type: COMMENT; Schema: analytics; Owner: -
--

COMMENT ON VIEW analytics.renter_cohorts IS 'Renters (users with role renter) grouped by the UTC month they signed up in; one row per cohort and month since (month 0 = the sign-up month, up to the current month, empty months included): how many of them placed a booking that month, how many bookings, and what they paid (cents). Counts only, no user data.';


--
-- Name: COLUMN renter_cohorts.cohort_month; Type: COMMENT; Schema: analytics; Owner: -
--

COMMENT ON COLUMN analytics.renter_cohorts.cohort_month IS 'First day of the UTC month the renters signed up in (users.created_at).';


--
-- Name: COLUMN renter_cohorts.month; Type: COMMENT; Schema: analytics; Owner: -
--

COMMENT ON COLUMN analytics.renter_cohorts.month IS 'First day of the UTC month the activity is counted in (bookings.created_at).';


--
-- Name: COLUMN renter_cohorts.months_since_signup; Type: COMMENT; Schema: analytics; Owner: -
--

COMMENT ON COLUMN analytics.renter_cohorts.months_since_signup IS 'month - cohort_month in months (0 = the sign-up month).';


--
-- Name: COLUMN renter_cohorts.cohort_size; Type: COMMENT; Schema: analytics; Owner: -
--

COMMENT ON COLUMN analytics.renter_cohorts.cohort_size IS 'Renters who signed up in cohort_month.';


--
-- Name: COLUMN renter_cohorts.active; Type: COMMENT; Schema: analytics; Owner: -
--

COMMENT ON COLUMN analytics.renter_cohorts.active IS 'Of those, how many placed at least one booking (abandoned checkouts aside) in month.';


--
-- Name: COLUMN renter_cohorts.active_share; Type: COMMENT; Schema: analytics; Owner: -
--

COMMENT ON COLUMN analytics.renter_cohorts.active_share IS 'active / cohort_size, 0-1.';


--
-- Name: COLUMN renter_cohorts.bookings; Type: COMMENT; Schema: analytics; Owner: -
--

COMMENT ON COLUMN analytics.renter_cohorts.bookings IS 'Bookings the cohort placed in month.';


--
-- Name: COLUMN renter_cohorts.revenue; Type: COMMENT; Schema: analytics; Owner: -
--

COMMENT ON COLUMN analytics.renter_cohorts.revenue IS 'What those bookings brought in: total_amount - refund_amount, cents.';


--
-- Name: search_events; Type: TABLE; Schema: analytics; Owner: -
--

CREATE TABLE analytics.search_events (
    id bigint NOT NULL,
    searched_at timestamp with time zone NOT NULL,
    kind text DEFAULT 'search'::text NOT NULL,
    latitude numeric(4,2) NOT NULL,
    longitude numeric(5,2) NOT NULL,
    cell public.geometry(Point,4326) GENERATED ALWAYS AS (public.st_setsrid(public.st_makepoint((longitude)::double precision, (latitude)::double precision), 4326)) STORED,
    radius_m integer NOT NULL,
    spot_type public.spot_type,
    vehicle_size public.vehicle_size,
    max_hourly_rate integer,
    has_ev_charging boolean,
    is_covered boolean,
    has_security boolean,
    is_handicap_accessible boolean,
    min_rating numeric(3,2),
    window_start_hour smallint,
    window_hours numeric(8,2),
    results integer NOT NULL,
    free_results integer NOT NULL,
    searches integer DEFAULT 1 NOT NULL,
    created_at timestamp with time zone DEFAULT to_timestamp(((floor((EXTRACT(epoch FROM now()) / (3600)::numeric)) * (3600)::numeric))::double precision) NOT NULL,
    updated_at timestamp with time zone DEFAULT to_timestamp(((floor((EXTRACT(epoch FROM now()) / (3600)::numeric)) * (3600)::numeric))::double precision) NOT NULL,
    CONSTRAINT search_events_free_results_nonnegative CHECK ((free_results >= 0)),
    CONSTRAINT search_events_kind_known CHECK ((kind = ANY (ARRAY['search'::text, 'viewport'::text]))),
    CONSTRAINT search_events_latitude_range CHECK (((latitude >= ('-90'::integer)::numeric) AND (latitude <= (90)::numeric))),
    CONSTRAINT search_events_longitude_range CHECK (((longitude >= ('-180'::integer)::numeric) AND (longitude <= (180)::numeric))),
    CONSTRAINT search_events_max_hourly_rate_positive CHECK ((max_hourly_rate > 0)),
    CONSTRAINT search_events_min_rating_range CHECK (((min_rating >= (0)::numeric) AND (min_rating <= (5)::numeric))),
    CONSTRAINT search_events_radius_range CHECK (((radius_m >= 1) AND (radius_m <= 50000))),
    CONSTRAINT search_events_results_nonnegative CHECK ((results >= 0)),
    CONSTRAINT search_events_searched_at_hourly CHECK (((EXTRACT(epoch FROM searched_at) % (3600)::numeric) = (0)::numeric)),
    CONSTRAINT search_events_searches_positive CHECK ((searches > 0)),
    CONSTRAINT search_events_timestamps_hourly CHECK ((((EXTRACT(epoch FROM created_at) % (3600)::numeric) = (0)::numeric) AND ((EXTRACT(epoch FROM updated_at) % (3600)::numeric) = (0)::numeric))),
    CONSTRAINT search_events_window_hours_positive CHECK ((window_hours > (0)::numeric)),
    CONSTRAINT search_events_window_pair CHECK (((window_start_hour IS NULL) = (window_hours IS NULL))),
    CONSTRAINT search_events_window_start_hour_range CHECK (((window_start_hour >= 0) AND (window_start_hour <= 23)))
);


--
-- Name: TABLE search_events; Type: COMMENT; Schema: analytics; Owner: -
--

COMMENT ON TABLE analytics.search_events IS 'One row per search the API answered (GET /api/v1/parking-spots with a latitude and longitude, first page; GET /api/v1/parking-spots/in-bounds), or per group of identical searches made in the same UTC hour (searches counts them). Privacy-safe: the point is snapped to a 0.01 degree grid, times are whole UTC hours, and there is no user id or IP address. Written by the API after it answered, in batches (api/spots/search_log.py).';


--
-- Name: COLUMN search_events.id; Type: COMMENT; Schema: analytics; Owner: -
--

COMMENT ON COLUMN analytics.search_events.id IS 'Row number (identity); says nothing about when within the hour a search was made.';


--
-- Name: COLUMN search_events.searched_at; Type: COMMENT; Schema: analytics; Owner: -
--

COMMENT ON COLUMN analytics.search_events.searched_at IS 'The UTC hour the searches were made in (timestamptz, always a whole hour).';


--
-- Name: COLUMN search_events.kind; Type: COMMENT; Schema: analytics; Owner: -
--

COMMENT ON COLUMN analytics.search_events.kind IS 'search: GET /parking-spots near a point (radius_m is its radius); viewport: GET /parking-spots/in-bounds, a map view (the point is the view''s centre, radius_m half its diagonal).';


--
-- Name: COLUMN search_events.latitude; Type: COMMENT; Schema: analytics; Owner: -
--

COMMENT ON COLUMN analytics.search_events.latitude IS 'Latitude of the searched point rounded to 0.01 degree (WGS84): the centre of a grid cell about 1.1 km tall.';


--
-- Name: COLUMN search_events.longitude; Type: COMMENT; Schema: analytics; Owner: -
--

COMMENT ON COLUMN analytics.search_events.longitude IS 'Longitude of the searched point rounded to 0.01 degree (WGS84): a cell 1.1 km x cos(latitude) wide (0.88 km in San Francisco).';


--
-- Name: COLUMN search_events.cell; Type: COMMENT; Schema: analytics; Owner: -
--

COMMENT ON COLUMN analytics.search_events.cell IS 'The snapped point (longitude, latitude) as a PostGIS point, SRID 4326; generated from latitude and longitude, GiST-indexed with searched_at.';


--
-- Name: COLUMN search_events.radius_m; Type: COMMENT; Schema: analytics; Owner: -
--

COMMENT ON COLUMN analytics.search_events.radius_m IS 'Search radius in metres (the API caps it at 50 km); for a viewport, half its diagonal.';


--
-- Name: COLUMN search_events.spot_type; Type: COMMENT; Schema: analytics; Owner: -
--

COMMENT ON COLUMN analytics.search_events.spot_type IS 'Spot type asked for (null: any).';


--
-- Name: COLUMN search_events.vehicle_size; Type: COMMENT; Schema: analytics; Owner: -
--

COMMENT ON COLUMN analytics.search_events.vehicle_size IS 'Smallest vehicle size the spot had to take (null: any).';


--
-- Name: COLUMN search_events.max_hourly_rate; Type: COMMENT; Schema: analytics; Owner: -
--

COMMENT ON COLUMN analytics.search_events.max_hourly_rate IS 'Price cap asked for, in cents per hour (null: none).';


--
-- Name: COLUMN search_events.has_ev_charging; Type: COMMENT; Schema: analytics; Owner: -
--

COMMENT ON COLUMN analytics.search_events.has_ev_charging IS 'EV charging asked for (true), refused (false), or not a filter (null).';


--
-- Name: COLUMN search_events.is_covered; Type: COMMENT; Schema: analytics; Owner: -
--

COMMENT ON COLUMN analytics.search_events.is_covered IS 'Covered spot asked for (true), refused (false), or not a filter (null).';


--
-- Name: COLUMN search_events.has_security; Type: COMMENT; Schema: analytics; Owner: -
--

COMMENT ON COLUMN analytics.search_events.has_security IS 'Security asked for (true), refused (false), or not a filter (null).';


--
-- Name: COLUMN search_events.is_handicap_accessible; Type: COMMENT; Schema: analytics; Owner: -
--

COMMENT ON COLUMN analytics.search_events.is_handicap_accessible IS 'Accessible spot asked for (true), refused (false), or not a filter (null).';


--
-- Name: COLUMN search_events.min_rating; Type: COMMENT; Schema: analytics; Owner: -
--

COMMENT ON COLUMN analytics.search_events.min_rating IS 'Minimum average rating asked for, 0-5 (null: none).';


--
-- Name: COLUMN search_events.window_start_hour; Type: COMMENT; Schema: analytics; Owner: -
--

COMMENT ON COLUMN analytics.search_events.window_start_hour IS 'Hour of day (0-23, UTC) the requested window (available_from) started; null when no window was asked.';


--
-- Name: COLUMN search_events.window_hours; Type: COMMENT; Schema: analytics; Owner: -
--

COMMENT ON COLUMN analytics.search_events.window_hours IS 'Length of the requested window in hours (available_to - available_from); null when no window was asked.';


--
-- Name: COLUMN search_events.results; Type: COMMENT; Schema: analytics; Owner: -
--

COMMENT ON COLUMN analytics.search_events.results IS 'What the search found: its X-Total-Count (matches counted up to ten pages past the first; a smaller number is exact). For a viewport, the active, available spots in it.';


--
-- Name: COLUMN search_events.free_results; Type: COMMENT; Schema: analytics; Owner: -
--

COMMENT ON COLUMN analytics.search_events.free_results IS 'How many of the matches were free (open, not booked, no blackout) for the requested window, or for the hour from the search when no window was asked; counted up to 3 (3 means three or more): 0 = no free result, 1-2 = few.';


--
-- Name: COLUMN search_events.searches; Type: COMMENT; Schema: analytics; Owner: -
--

COMMENT ON COLUMN analytics.search_events.searches IS 'How many identical searches this row stands for (same hour, cell, filters and results).';


--
-- Name: COLUMN search_events.created_at; Type: COMMENT; Schema: analytics; Owner: -
--

COMMENT ON COLUMN analytics.search_events.created_at IS 'UTC hour the row was written (whole hours only, like searched_at).';


--
-- Name: COLUMN search_events.updated_at; Type: COMMENT; Schema: analytics; Owner: -
--

COMMENT ON COLUMN analytics.search_events.updated_at IS 'UTC hour the row was written; rows are never updated (whole hours only).';


--
-- Name: search_events_id_seq; Type: SEQUENCE; Schema: analytics; Owner: -
--

ALTER TABLE analytics.search_events ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME analytics.search_events_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: spot_performance; Type: VIEW; Schema: analytics; Owner: -
--

CREATE VIEW analytics.spot_performance AS
 SELECT s.id AS spot_id,
    s.owner_id,
    (s.city)::text AS city,
    (s.state)::text AS state,
    s.spot_type,
    s.vehicle_size,
    s.hourly_rate,
    s.is_active,
    s.is_available,
    s.created_at AS listed_at,
    COALESCE(b.bookings, (0)::bigint) AS bookings,
    COALESCE(b.stays, (0)::bigint) AS stays,
    COALESCE(b.cancellations, (0)::bigint) AS cancellations,
    round(((b.cancellations)::numeric / (NULLIF(b.bookings, 0))::numeric), 4) AS cancellation_rate,
    COALESCE(b.gross, (0)::bigint) AS gross,
    COALESCE(b.refunds, (0)::bigint) AS refunds,
    COALESCE((b.gross - b.refunds), (0)::bigint) AS revenue,
    COALESCE(b.fees, (0)::bigint) AS fees,
    COALESCE(b.owner_payouts, (0)::bigint) AS owner_payouts,
    s.average_rating,
    s.total_reviews AS reviews,
    round((b.median_lead_hours)::numeric, 2) AS median_lead_hours
   FROM (public.parking_spots s
     LEFT JOIN ( SELECT bk.parking_spot_id,
            count(*) AS bookings,
            count(*) FILTER (WHERE ((bk.status = ANY (ARRAY['confirmed'::public.booking_status, 'in_progress'::public.booking_status, 'completed'::public.booking_status])) OR ((bk.status = 'refunded'::public.booking_status) AND (bk.cancelled_at IS NULL)))) AS stays,
            count(*) FILTER (WHERE (bk.cancelled_at IS NOT NULL)) AS cancellations,
            sum(bk.total_amount) AS gross,
            sum(bk.refund_amount) AS refunds,
            sum(bk.service_fee) AS fees,
            COALESCE(sum(bk.owner_payout) FILTER (WHERE (bk.cancelled_at IS NULL)), (0)::bigint) AS owner_payouts,
            percentile_cont((0.5)::double precision) WITHIN GROUP (ORDER BY (((EXTRACT(epoch FROM (bk.start_time - bk.created_at)) / (3600)::numeric))::double precision)) AS median_lead_hours
           FROM public.bookings bk
          WHERE (bk.payment_status <> 'expired'::text)
          GROUP BY bk.parking_spot_id) b ON ((b.parking_spot_id = s.id)));


--
-- Name: VIEW spot_performance; Type: COMMENT; Schema: analytics; Owner: -
--

COMMENT ON VIEW analytics.spot_performance IS 'One row per spot (listed ever, active or not): its bookings placed (abandoned checkouts aside), stays, cancellations, money in integer cents, rating and median lead time. No owner data but the owner''s id; no title, address or coordinates.';


--
-- Name: COLUMN spot_performance.spot_id; Type: COMMENT; Schema: analytics; Owner: -
--

COMMENT ON COLUMN analytics.spot_performance.spot_id IS 'The spot (parking_spots.id).';


--
-- Name: COLUMN spot_performance.owner_id; Type: COMMENT; Schema: analytics; Owner: -
--

COMMENT ON COLUMN analytics.spot_performance.owner_id IS 'Its owner (users.id).';


--
-- Name: COLUMN spot_performance.city; Type: COMMENT; Schema: analytics; Owner: -
--

COMMENT ON COLUMN analytics.spot_performance.city IS 'City, as the owner wrote it.';


--
-- Name: COLUMN spot_performance.state; Type: COMMENT; Schema: analytics; Owner: -
--

COMMENT ON COLUMN analytics.spot_performance.state IS 'State or region.';


--
-- Name: COLUMN spot_performance.spot_type; Type: COMMENT; Schema: analytics; Owner: -
--

COMMENT ON COLUMN analytics.spot_performance.spot_type IS 'Spot type.';


--
-- Name: COLUMN spot_performance.vehicle_size; Type: COMMENT; Schema: analytics; Owner: -
--

COMMENT ON COLUMN analytics.spot_performance.vehicle_size IS 'Largest vehicle size the spot takes.';


--
-- Name: COLUMN spot_performance.hourly_rate; Type: COMMENT; Schema: analytics; Owner: -
--

COMMENT ON COLUMN analytics.spot_performance.hourly_rate IS 'Current hourly rate, cents.';


--
-- Name: COLUMN spot_performance.is_active; Type: COMMENT; Schema: analytics; Owner: -
--

COMMENT ON COLUMN analytics.spot_performance.is_active IS 'Listed (not deactivated by its owner or an admin).';


--
-- Name: COLUMN spot_performance.is_available; Type: COMMENT; Schema: analytics; Owner: -
--

COMMENT ON COLUMN analytics.spot_performance.is_available IS 'Taking new bookings (its owner may pause it).';


--
-- Name: COLUMN spot_performance.listed_at; Type: COMMENT; Schema: analytics; Owner: -
--

COMMENT ON COLUMN analytics.spot_performance.listed_at IS 'When the spot was listed (UTC).';


--
-- Name: COLUMN spot_performance.bookings; Type: COMMENT; Schema: analytics; Owner: -
--

COMMENT ON COLUMN analytics.spot_performance.bookings IS 'Bookings placed on the spot, all time (abandoned checkouts aside).';


--
-- Name: COLUMN spot_performance.stays; Type: COMMENT; Schema: analytics; Owner: -
--

COMMENT ON COLUMN analytics.spot_performance.stays IS 'Of those, stays: confirmed, in progress, completed, or refunded without a cancellation.';


--
-- Name: COLUMN spot_performance.cancellations; Type: COMMENT; Schema: analytics; Owner: -
--

COMMENT ON COLUMN analytics.spot_performance.cancellations IS 'Of those, cancelled ones (by anyone).';


--
-- Name: COLUMN spot_performance.cancellation_rate; Type: COMMENT; Schema: analytics; Owner: -
--

COMMENT ON COLUMN analytics.spot_performance.cancellation_rate IS 'cancellations / bookings, 0-1 (null without bookings).';


--
-- Name: COLUMN spot_performance.gross; Type: COMMENT; Schema: analytics; Owner: -
--

COMMENT ON COLUMN analytics.spot_performance.gross IS 'Sum of total_amount of the bookings placed, cents, before refunds.';


--
-- Name: COLUMN spot_performance.refunds; Type: COMMENT; Schema: analytics; Owner: -
--

COMMENT ON COLUMN analytics.spot_performance.refunds IS 'Sum of refund_amount of those bookings, cents.';


--
-- Name: COLUMN spot_performance.revenue; Type: COMMENT; Schema: analytics; Owner: -
--

COMMENT ON COLUMN analytics.spot_performance.revenue IS 'gross - refunds: what renters paid in the end, cents.';


--
-- Name: COLUMN spot_performance.fees; Type: COMMENT; Schema: analytics; Owner: -
--

COMMENT ON COLUMN analytics.spot_performance.fees IS 'Sum of service_fee (the platform''s part), cents.';


--
-- Name: COLUMN spot_performance.owner_payouts; Type: COMMENT; Schema: analytics; Owner: -
--

COMMENT ON COLUMN analytics.spot_performance.owner_payouts IS 'Sum of owner_payout of the bookings not cancelled (the owner''s share), cents.';


--
-- Name: COLUMN spot_performance.average_rating; Type: COMMENT; Schema: analytics; Owner: -
--

COMMENT ON COLUMN analytics.spot_performance.average_rating IS 'Average overall rating of its visible reviews, 0-5 (0 without reviews).';


--
-- Name: COLUMN spot_performance.reviews; Type: COMMENT; Schema: analytics; Owner: -
--

COMMENT ON COLUMN analytics.spot_performance.reviews IS 'Number of visible reviews.';


--
-- Name: COLUMN spot_performance.median_lead_hours; Type: COMMENT; Schema: analytics; Owner: -
--

COMMENT ON COLUMN analytics.spot_performance.median_lead_hours IS 'Median hours between making a booking and its start (created_at -> start_time), over the bookings placed; null without bookings.';


--
-- Name: unmet_demand; Type: MATERIALIZED VIEW; Schema: analytics; Owner: -
--

CREATE MATERIALIZED VIEW analytics.unmet_demand AS
 SELECT d.hex_i,
    d.hex_j,
    h.hexagon,
    (round(((1000)::double precision * cos(radians(public.st_y(public.st_centroid(h.hexagon)))))))::integer AS edge_m,
    d.searches,
    d.no_free,
    d.few_free,
    d.unmet,
    round(((d.unmet)::numeric / (d.searches)::numeric), 4) AS unmet_share,
    ( SELECT count(*) AS count
           FROM public.parking_spots s
          WHERE ((s.location OPERATOR(public.&&) (h.hexagon)::public.geography) AND public.st_intersects((s.location)::public.geometry, h.hexagon) AND s.is_active AND s.is_available)) AS spots,
    p.period_from,
    p.period_to
   FROM ( SELECT (date_trunc('hour'::text, now(), 'UTC'::text) - '30 days'::interval) AS period_from,
            date_trunc('hour'::text, now(), 'UTC'::text) AS period_to) p,
    LATERAL ( SELECT x.hex_i,
            x.hex_j,
            (sum(x.searches))::bigint AS searches,
            (sum(x.no_free))::bigint AS no_free,
            (sum(x.few_free))::bigint AS few_free,
            (sum(x.unmet))::bigint AS unmet
           FROM analytics.hexagon_demand(public.st_makeenvelope(('-180'::integer)::double precision, ('-85'::integer)::double precision, (180)::double precision, (85)::double precision, 4326), p.period_from, p.period_to, (1000)::double precision, ARRAY['search'::text]) x(hex_i, hex_j, hour, searches, no_free, few_free, unmet)
          GROUP BY x.hex_i, x.hex_j) d,
    LATERAL ( SELECT analytics.hexagon((1000)::double precision, d.hex_i, d.hex_j) AS hexagon) h
  WITH NO DATA;


--
-- Name: MATERIALIZED VIEW unmet_demand; Type: COMMENT; Schema: analytics; Owner: -
--

COMMENT ON MATERIALIZED VIEW analytics.unmet_demand IS 'The unmet-demand map of the last 30 days (period_from, period_to: whole UTC hours), everywhere: searches near a point (kind search) per hexagon of ST_HexagonGrid in EPSG:3857 with a 1,000 mercator-metre edge, how many had no or few (1-2) free results, and the spots taking bookings in each hexagon now. "Where should I list?": many unmet searches, few spots. Refreshed hourly by pg_cron (analytics.refresh_materialized_views); for another area, period or size call analytics.demand_map.';


--
-- Name: COLUMN unmet_demand.hex_i; Type: COMMENT; Schema: analytics; Owner: -
--

COMMENT ON COLUMN analytics.unmet_demand.hex_i IS 'Column of the hexagon in ST_HexagonGrid''s EPSG:3857 tiling (edge 1,000 mercator metres).';


--
-- Name: COLUMN unmet_demand.hex_j; Type: COMMENT; Schema: analytics; Owner: -
--

COMMENT ON COLUMN analytics.unmet_demand.hex_j IS 'Row of the hexagon in that tiling.';


--
-- Name: COLUMN unmet_demand.hexagon; Type: COMMENT; Schema: analytics; Owner: -
--

COMMENT ON COLUMN analytics.unmet_demand.hexagon IS 'The hexagon as a polygon in longitude/latitude (SRID 4326).';


--
-- Name: COLUMN unmet_demand.edge_m; Type: COMMENT; Schema: analytics; Owner: -
--

COMMENT ON COLUMN analytics.unmet_demand.edge_m IS 'True length of the hexagon''s edge at its centre, metres (1,000 x cos(latitude)).';


--
-- Name: COLUMN unmet_demand.searches; Type: COMMENT; Schema: analytics; Owner: -
--

COMMENT ON COLUMN analytics.unmet_demand.searches IS 'Searches whose snapped point lies in the hexagon, over the period.';


--
-- Name: COLUMN unmet_demand.no_free; Type: COMMENT; Schema: analytics; Owner: -
--

COMMENT ON COLUMN analytics.unmet_demand.no_free IS 'Of those, searches with no free result.';


--
-- Name: COLUMN unmet_demand.few_free; Type: COMMENT; Schema: analytics; Owner: -
--

COMMENT ON COLUMN analytics.unmet_demand.few_free IS 'Of those, searches with one or two free results.';


--
-- Name: COLUMN unmet_demand.unmet; Type: COMMENT; Schema: analytics; Owner: -
--

COMMENT ON COLUMN analytics.unmet_demand.unmet IS 'no_free + few_free.';


--
-- Name: COLUMN unmet_demand.unmet_share; Type: COMMENT; Schema: analytics; Owner: -
--

COMMENT ON COLUMN analytics.unmet_demand.unmet_share IS 'unmet / searches, 0-1.';


--
-- Name: COLUMN unmet_demand.spots; Type: COMMENT; Schema: analytics; Owner: -
--

COMMENT ON COLUMN analytics.unmet_demand.spots IS 'Active spots taking bookings inside the hexagon when the view was refreshed.';


--
-- Name: COLUMN unmet_demand.period_from; Type: COMMENT; Schema: analytics; Owner: -
--

COMMENT ON COLUMN analytics.unmet_demand.period_from IS 'Start of the period (UTC, a whole hour: 30 days before period_to).';


--
-- Name: COLUMN unmet_demand.period_to; Type: COMMENT; Schema: analytics; Owner: -
--

COMMENT ON COLUMN analytics.unmet_demand.period_to IS 'End of the period, exclusive (the UTC hour the view was refreshed in).';


--
-- Name: booking_balances; Type: VIEW; Schema: public; Owner: -
--

CREATE VIEW public.booking_balances AS
 SELECT sums.booking_id,
    sums.charged,
    sums.refunded,
    sums.disputed,
    sums.owner_received,
    (((sums.charged - sums.refunded) - sums.disputed) - sums.owner_received) AS platform_kept,
    sums.transferred,
    sums.reversed
   FROM ( SELECT money_movements.booking_id,
            (COALESCE(sum(money_movements.amount) FILTER (WHERE (money_movements.kind = 'charge'::public.money_movement_kind)), (0)::bigint))::integer AS charged,
            ((COALESCE(sum(money_movements.amount) FILTER (WHERE (money_movements.kind = 'refund'::public.money_movement_kind)), (0)::bigint) - COALESCE(sum(money_movements.amount) FILTER (WHERE (money_movements.kind = 'refund_failure'::public.money_movement_kind)), (0)::bigint)))::integer AS refunded,
            ((COALESCE(sum(money_movements.amount) FILTER (WHERE (money_movements.kind = 'dispute'::public.money_movement_kind)), (0)::bigint) - COALESCE(sum(money_movements.amount) FILTER (WHERE (money_movements.kind = 'dispute_reversal'::public.money_movement_kind)), (0)::bigint)))::integer AS disputed,
            ((((COALESCE(sum(money_movements.amount) FILTER (WHERE (money_movements.kind = 'transfer'::public.money_movement_kind)), (0)::bigint) - COALESCE(sum(money_movements.amount) FILTER (WHERE (money_movements.kind = 'transfer_reversal'::public.money_movement_kind)), (0)::bigint)) - COALESCE(sum(money_movements.amount) FILTER (WHERE (money_movements.kind = 'application_fee'::public.money_movement_kind)), (0)::bigint)) + COALESCE(sum(money_movements.amount) FILTER (WHERE (money_movements.kind = 'application_fee_refund'::public.money_movement_kind)), (0)::bigint)))::integer AS owner_received,
            (COALESCE(sum(money_movements.amount) FILTER (WHERE (money_movements.kind = 'transfer'::public.money_movement_kind)), (0)::bigint))::integer AS transferred,
            (COALESCE(sum(money_movements.amount) FILTER (WHERE (money_movements.kind = 'transfer_reversal'::public.money_movement_kind)), (0)::bigint))::integer AS reversed
           FROM public.money_movements
          GROUP BY money_movements.booking_id) sums;


--
-- Name: VIEW booking_balances; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON VIEW public.booking_balances IS 'What the ledger (money_movements) says about each booking that has movements, integer cents: charged = refunded + disputed + owner_received + platform_kept.';


--
-- Name: COLUMN booking_balances.booking_id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.booking_balances.booking_id IS 'The booking (bookings.id).';


--
-- Name: COLUMN booking_balances.charged; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.booking_balances.charged IS 'What the renter''s cards were charged, integer cents.';


--
-- Name: COLUMN booking_balances.refunded; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.booking_balances.refunded IS 'What went back to the renter, integer cents (refunds less refund failures).';


--
-- Name: COLUMN booking_balances.disputed; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.booking_balances.disputed IS 'What the renter''s bank took back in disputes not won, integer cents.';


--
-- Name: COLUMN booking_balances.owner_received; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.booking_balances.owner_received IS 'What reached the owner, integer cents: transfers less reversals, less the application fee, plus fee refunds.';


--
-- Name: COLUMN booking_balances.platform_kept; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.booking_balances.platform_kept IS 'What the platform kept, integer cents: charged - refunded - disputed - owner_received.';


--
-- Name: COLUMN booking_balances.transferred; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.booking_balances.transferred IS 'Transfers to the owner, integer cents, before reversals.';


--
-- Name: COLUMN booking_balances.reversed; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.booking_balances.reversed IS 'Transfer reversals taken back from the owner, integer cents.';


--
-- Name: booking_extensions; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.booking_extensions (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    booking_id uuid NOT NULL,
    previous_end timestamp with time zone NOT NULL,
    new_end timestamp with time zone NOT NULL,
    previous_subtotal integer NOT NULL,
    previous_service_fee integer NOT NULL,
    previous_total integer NOT NULL,
    previous_owner_payout integer NOT NULL,
    amount integer NOT NULL,
    service_fee integer NOT NULL,
    status public.extension_status DEFAULT 'pending'::public.extension_status NOT NULL,
    hold_expires_at timestamp with time zone NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT booking_extensions_amount_positive CHECK ((amount > 0)),
    CONSTRAINT booking_extensions_fee_nonnegative CHECK ((service_fee >= 0)),
    CONSTRAINT booking_extensions_later CHECK ((new_end > previous_end))
);


--
-- Name: TABLE booking_extensions; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.booking_extensions IS 'An extension of a booking already paid for: the booking''s end moves at once and the difference is charged with a payment of its own; unpaid by hold_expires_at (or when the booking is cancelled) it is released and the booking goes back to its previous end and prices. Amounts are integer cents.';


--
-- Name: COLUMN booking_extensions.id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.booking_extensions.id IS 'Primary key (random UUID); payments.extension_id of the payment that pays it.';


--
-- Name: COLUMN booking_extensions.booking_id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.booking_extensions.booking_id IS 'The booking extended (bookings.id); at most one pending extension per booking.';


--
-- Name: COLUMN booking_extensions.previous_end; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.booking_extensions.previous_end IS 'The booking''s end before the extension (timestamptz, UTC): restored on release.';


--
-- Name: COLUMN booking_extensions.new_end; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.booking_extensions.new_end IS 'The booking''s end with the extension (timestamptz, UTC).';


--
-- Name: COLUMN booking_extensions.previous_subtotal; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.booking_extensions.previous_subtotal IS 'The booking''s subtotal before the extension, integer cents: restored on release.';


--
-- Name: COLUMN booking_extensions.previous_service_fee; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.booking_extensions.previous_service_fee IS 'The booking''s service fee before the extension, integer cents: restored on release.';


--
-- Name: COLUMN booking_extensions.previous_total; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.booking_extensions.previous_total IS 'The booking''s total_amount before the extension, integer cents: restored on release.';


--
-- Name: COLUMN booking_extensions.previous_owner_payout; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.booking_extensions.previous_owner_payout IS 'The booking''s owner_payout before the extension, integer cents: restored on release.';


--
-- Name: COLUMN booking_extensions.amount; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.booking_extensions.amount IS 'What the extension costs the renter, integer cents (new total - previous total).';


--
-- Name: COLUMN booking_extensions.service_fee; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.booking_extensions.service_fee IS 'The platform''s fee within amount, integer cents.';


--
-- Name: COLUMN booking_extensions.status; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.booking_extensions.status IS 'pending, paid or released (extension_status).';


--
-- Name: COLUMN booking_extensions.hold_expires_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.booking_extensions.hold_expires_at IS 'When an unpaid extension is released by pg_cron (timestamptz, UTC): its payment is due by then.';


--
-- Name: COLUMN booking_extensions.created_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.booking_extensions.created_at IS 'When the extension was made (timestamptz, UTC).';


--
-- Name: COLUMN booking_extensions.updated_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.booking_extensions.updated_at IS 'When the row last changed (timestamptz, UTC); kept by the database.';


--
-- Name: database_roles; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.database_roles (
    kind text NOT NULL,
    role_name name NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT database_roles_kind_known CHECK ((kind = ANY (ARRAY['owner'::text, 'app'::text, 'cron'::text, 'analyst'::text])))
);


--
-- Name: TABLE database_roles; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.database_roles IS 'The roles of this database by kind (made by this migration; their rights: db/rules/99_privileges.sql).';


--
-- Name: COLUMN database_roles.kind; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.database_roles.kind IS 'owner, app (the API), cron (pg_cron jobs) or analyst.';


--
-- Name: COLUMN database_roles.role_name; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.database_roles.role_name IS 'The cluster-wide role name: <database>_<kind> of the database the migration ran in.';


--
-- Name: COLUMN database_roles.created_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.database_roles.created_at IS 'When the row was written (UTC).';


--
-- Name: COLUMN database_roles.updated_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.database_roles.updated_at IS 'When the row last changed (UTC).';


--
-- Name: events_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.events_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: events_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.events_id_seq OWNED BY public.events.id;


--
-- Name: idempotency_keys; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.idempotency_keys (
    user_id uuid NOT NULL,
    key text NOT NULL,
    request_hash text NOT NULL,
    response_status integer,
    response_body jsonb,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT idempotency_keys_key_length CHECK (((length(key) >= 1) AND (length(key) <= 255)))
);


--
-- Name: TABLE idempotency_keys; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.idempotency_keys IS 'Idempotency-Key headers of POST /bookings: a retry with the same key and body gets the first answer back. Kept 24 hours (purge_idempotency_keys). Personal data: response_body (the booking as the renter saw it).';


--
-- Name: COLUMN idempotency_keys.user_id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.idempotency_keys.user_id IS 'The caller who sent the key (users.id); keys are per user.';


--
-- Name: COLUMN idempotency_keys.key; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.idempotency_keys.key IS 'The Idempotency-Key header as sent (1-255 characters).';


--
-- Name: COLUMN idempotency_keys.request_hash; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.idempotency_keys.request_hash IS 'BLAKE2b digest (32 hex digits) of the request body: the same key with another body is refused.';


--
-- Name: COLUMN idempotency_keys.response_status; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.idempotency_keys.response_status IS 'HTTP status of the first answer; null while that request is still running.';


--
-- Name: COLUMN idempotency_keys.response_body; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.idempotency_keys.response_body IS 'Personal data: the JSON of the first answer (the booking, with vehicle details), replayed to retries.';


--
-- Name: COLUMN idempotency_keys.created_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.idempotency_keys.created_at IS 'When the key was first used (timestamptz, UTC).';


--
-- Name: COLUMN idempotency_keys.updated_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.idempotency_keys.updated_at IS 'When the row last changed (timestamptz, UTC); kept by the database.';


--
-- Name: money_movements_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.money_movements_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: money_movements_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.money_movements_id_seq OWNED BY public.money_movements.id;


--
-- Name: oauth_identities; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.oauth_identities (
    provider text NOT NULL,
    subject text NOT NULL,
    user_id uuid NOT NULL,
    email public.citext NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT oauth_identities_provider CHECK ((provider = ANY (ARRAY['google'::text, 'facebook'::text])))
);


--
-- Name: TABLE oauth_identities; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.oauth_identities IS 'A verified identity at an OAuth provider (Google, Facebook) linked to one account; signing in with it signs in as that account. Personal data: subject, email.';


--
-- Name: COLUMN oauth_identities.provider; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.oauth_identities.provider IS 'google or facebook.';


--
-- Name: COLUMN oauth_identities.subject; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.oauth_identities.subject IS 'Personal data: the provider''s stable id of the person (the id token''s sub claim).';


--
-- Name: COLUMN oauth_identities.user_id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.oauth_identities.user_id IS 'The account this identity signs in as (users.id).';


--
-- Name: COLUMN oauth_identities.email; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.oauth_identities.email IS 'Personal data: the verified email address the provider gave when the identity was linked.';


--
-- Name: COLUMN oauth_identities.created_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.oauth_identities.created_at IS 'When the identity was linked (timestamptz, UTC).';


--
-- Name: COLUMN oauth_identities.updated_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.oauth_identities.updated_at IS 'When the row last changed (timestamptz, UTC); kept by the database.';


--
-- Name: outbox; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.outbox (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    recipient public.citext NOT NULL,
    kind text NOT NULL,
    subject text NOT NULL,
    body text NOT NULL,
    sent_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT outbox_kind_known CHECK ((kind = 'password_reset'::text)),
    CONSTRAINT outbox_sent_body_cleared CHECK (((sent_at IS NULL) OR (body = ''::text)))
);


--
-- Name: TABLE outbox; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.outbox IS 'Mail waiting to be sent (today only password reset mail). With no mail server configured the service only writes here; a relay takes mail with take_outbox_mail(). A sent mail keeps no body. Personal data: recipient. Secret: body, until sent.';


--
-- Name: COLUMN outbox.id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.outbox.id IS 'Primary key (random UUID).';


--
-- Name: COLUMN outbox.recipient; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.outbox.recipient IS 'Personal data: the email address the mail goes to.';


--
-- Name: COLUMN outbox.kind; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.outbox.kind IS 'What the mail is: password_reset.';


--
-- Name: COLUMN outbox.subject; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.outbox.subject IS 'The mail''s subject line.';


--
-- Name: COLUMN outbox.body; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.outbox.body IS 'Secret until sent: the mail text, with a live password reset link. Emptied when the mail is marked sent (outbox_clear_sent_body).';


--
-- Name: COLUMN outbox.sent_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.outbox.sent_at IS 'When a relay took the mail (timestamptz, UTC); null while waiting.';


--
-- Name: COLUMN outbox.created_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.outbox.created_at IS 'When the mail was queued (timestamptz, UTC).';


--
-- Name: COLUMN outbox.updated_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.outbox.updated_at IS 'When the row last changed (timestamptz, UTC); kept by the database.';


--
-- Name: owner_earnings; Type: VIEW; Schema: public; Owner: -
--

CREATE VIEW public.owner_earnings AS
 SELECT b.id AS booking_id,
    s.owner_id,
    b.parking_spot_id,
    s.title,
    b.start_time,
    b.end_time,
    b.status,
    b.payment_status,
    b.owner_payout,
    COALESCE(m.owner_received, 0) AS received,
    COALESCE(m.reversed, 0) AS reversed,
    (GREATEST((0)::bigint, (COALESCE((((((m.charged - m.refunded) - m.disputed))::bigint * b.owner_payout) / b.total_amount), (0)::bigint) - COALESCE(m.owner_received, 0))))::integer AS pending
   FROM ((public.bookings b
     JOIN public.parking_spots s ON ((s.id = b.parking_spot_id)))
     LEFT JOIN public.booking_balances m ON ((m.booking_id = b.id)));


--
-- Name: VIEW owner_earnings; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON VIEW public.owner_earnings IS 'Each booking on an owner''s spots with what it earns them, from the ledger: amounts in integer cents, times timestamptz (UTC).';


--
-- Name: COLUMN owner_earnings.booking_id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.owner_earnings.booking_id IS 'The booking (bookings.id).';


--
-- Name: COLUMN owner_earnings.owner_id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.owner_earnings.owner_id IS 'The spot''s owner (users.id).';


--
-- Name: COLUMN owner_earnings.parking_spot_id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.owner_earnings.parking_spot_id IS 'The spot (parking_spots.id).';


--
-- Name: COLUMN owner_earnings.title; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.owner_earnings.title IS 'The spot''s title.';


--
-- Name: COLUMN owner_earnings.start_time; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.owner_earnings.start_time IS 'Start of the stay (timestamptz, UTC).';


--
-- Name: COLUMN owner_earnings.end_time; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.owner_earnings.end_time IS 'End of the stay (timestamptz, UTC).';


--
-- Name: COLUMN owner_earnings.status; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.owner_earnings.status IS 'The booking''s status.';


--
-- Name: COLUMN owner_earnings.payment_status; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.owner_earnings.payment_status IS 'The booking''s payment status.';


--
-- Name: COLUMN owner_earnings.owner_payout; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.owner_earnings.owner_payout IS 'The owner''s part of the booking''s price, integer cents.';


--
-- Name: COLUMN owner_earnings.received; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.owner_earnings.received IS 'What reached the owner, integer cents (booking_balances.owner_received).';


--
-- Name: COLUMN owner_earnings.reversed; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.owner_earnings.reversed IS 'Transfers reversed, integer cents.';


--
-- Name: COLUMN owner_earnings.pending; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.owner_earnings.pending IS 'Still to reach the owner, integer cents: their share (owner_payout / total_amount) of what the booking holds, less what they received.';


--
-- Name: payment_disputes; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.payment_disputes (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    stripe_dispute_id text NOT NULL,
    payment_id uuid NOT NULL,
    booking_id uuid NOT NULL,
    amount integer NOT NULL,
    currency text NOT NULL,
    reason text NOT NULL,
    status text NOT NULL,
    evidence_due_by timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT payment_disputes_amount_nonnegative CHECK ((amount >= 0))
);


--
-- Name: TABLE payment_disputes; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.payment_disputes IS 'Disputes (chargebacks) of renters'' charges, one per Stripe Dispute, as Stripe last reported it; admins answer them at Stripe before evidence_due_by. Amounts are integer cents in currency.';


--
-- Name: COLUMN payment_disputes.id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.payment_disputes.id IS 'Primary key (random UUID).';


--
-- Name: COLUMN payment_disputes.stripe_dispute_id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.payment_disputes.stripe_dispute_id IS 'The Stripe Dispute id (du_... or dp_...).';


--
-- Name: COLUMN payment_disputes.payment_id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.payment_disputes.payment_id IS 'The payment whose charge is disputed (payments.id).';


--
-- Name: COLUMN payment_disputes.booking_id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.payment_disputes.booking_id IS 'The booking of that payment (bookings.id).';


--
-- Name: COLUMN payment_disputes.amount; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.payment_disputes.amount IS 'Disputed amount, integer cents in currency.';


--
-- Name: COLUMN payment_disputes.currency; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.payment_disputes.currency IS 'ISO 4217 currency code, lowercase, as Stripe writes it.';


--
-- Name: COLUMN payment_disputes.reason; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.payment_disputes.reason IS 'Stripe''s dispute reason, e.g. fraudulent, product_not_received.';


--
-- Name: COLUMN payment_disputes.status; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.payment_disputes.status IS 'Stripe''s dispute status: warning_needs_response, needs_response, under_review, won, lost, warning_closed...';


--
-- Name: COLUMN payment_disputes.evidence_due_by; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.payment_disputes.evidence_due_by IS 'Deadline for answering at Stripe (timestamptz, UTC); null when Stripe gives none.';


--
-- Name: COLUMN payment_disputes.created_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.payment_disputes.created_at IS 'When the dispute was first recorded (timestamptz, UTC).';


--
-- Name: COLUMN payment_disputes.updated_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.payment_disputes.updated_at IS 'When the row last changed (timestamptz, UTC); kept by the database.';


--
-- Name: owner_transfers_due; Type: VIEW; Schema: public; Owner: -
--

CREATE VIEW public.owner_transfers_due AS
 SELECT p.id AS payment_id,
    p.booking_id,
    s.owner_id,
    o.stripe_account_id AS destination,
    o.stripe_transfers_active AS transfers_active,
    p.stripe_charge_id AS charge_id,
    p.currency,
    share.amount AS share,
    (COALESCE(sent.amount, (0)::bigint))::integer AS transferred,
    (share.amount - (COALESCE(sent.amount, (0)::bigint))::integer) AS due
   FROM ((((((public.payments p
     JOIN public.bookings b ON ((b.id = p.booking_id)))
     JOIN public.parking_spots s ON ((s.id = b.parking_spot_id)))
     JOIN public.users o ON ((o.id = s.owner_id)))
     LEFT JOIN public.booking_balances m ON ((m.booking_id = b.id)))
     CROSS JOIN LATERAL ( SELECT (((((p.amount - p.amount_refunded))::bigint * (p.amount - COALESCE(p.service_fee, 0))) / p.amount))::integer AS amount) share)
     LEFT JOIN LATERAL ( SELECT sum(
                CASE
                    WHEN (mm.kind = 'transfer'::public.money_movement_kind) THEN mm.amount
                    ELSE (- mm.amount)
                END) AS amount
           FROM public.money_movements mm
          WHERE ((mm.payment_id = p.id) AND (mm.kind = ANY (ARRAY['transfer'::public.money_movement_kind, 'transfer_reversal'::public.money_movement_kind])))) sent ON (true))
  WHERE ((p.transfer_destination IS NULL) AND (p.stripe_charge_id IS NOT NULL) AND (p.status = ANY (ARRAY['succeeded'::public.payment_status, 'partially_refunded'::public.payment_status, 'refunded'::public.payment_status])) AND (COALESCE(m.disputed, 0) = 0) AND (NOT (EXISTS ( SELECT 1
           FROM public.payment_disputes d
          WHERE ((d.booking_id = b.id) AND (d.status <> ALL (ARRAY['won'::text, 'lost'::text, 'warning_closed'::text])))))) AND ((b.status = 'completed'::public.booking_status) OR ((b.status = ANY (ARRAY['cancelled'::public.booking_status, 'refunded'::public.booking_status])) AND (COALESCE(m.refunded, 0) >= b.refund_amount))));


--
-- Name: VIEW owner_transfers_due; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON VIEW public.owner_transfers_due IS 'Payments charged on the platform whose owner share is earned (booking completed, or cancelled with its refund settled, no open dispute): the share now, what reached the owner, and what is due. Amounts are integer cents.';


--
-- Name: COLUMN owner_transfers_due.payment_id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.owner_transfers_due.payment_id IS 'The payment (payments.id).';


--
-- Name: COLUMN owner_transfers_due.booking_id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.owner_transfers_due.booking_id IS 'Its booking (bookings.id).';


--
-- Name: COLUMN owner_transfers_due.owner_id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.owner_transfers_due.owner_id IS 'The spot''s owner (users.id).';


--
-- Name: COLUMN owner_transfers_due.destination; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.owner_transfers_due.destination IS 'The owner''s Stripe Connect account (acct_...); null until they onboard.';


--
-- Name: COLUMN owner_transfers_due.transfers_active; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.owner_transfers_due.transfers_active IS 'Whether that account can receive transfers now.';


--
-- Name: COLUMN owner_transfers_due.charge_id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.owner_transfers_due.charge_id IS 'The Stripe Charge the transfer is tied to (source_transaction).';


--
-- Name: COLUMN owner_transfers_due.currency; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.owner_transfers_due.currency IS 'ISO 4217 currency code, lowercase.';


--
-- Name: COLUMN owner_transfers_due.share; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.owner_transfers_due.share IS 'The owner''s share now, integer cents: what the payment still holds less the service fee, in proportion.';


--
-- Name: COLUMN owner_transfers_due.transferred; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.owner_transfers_due.transferred IS 'What was transferred so far less reversals, integer cents.';


--
-- Name: COLUMN owner_transfers_due.due; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.owner_transfers_due.due IS 'share - transferred, integer cents: positive to transfer, negative to reverse.';


--
-- Name: password_reset_tokens; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.password_reset_tokens (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    user_id uuid NOT NULL,
    token_hash bytea NOT NULL,
    expires_at timestamp with time zone NOT NULL,
    used_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT password_reset_tokens_hash_is_sha256 CHECK ((length(token_hash) = 32))
);


--
-- Name: TABLE password_reset_tokens; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.password_reset_tokens IS 'Password reset links issued, stored only as the SHA-256 digest of their token; single use, short lived (PASSWORD_RESET_MINUTES).';


--
-- Name: COLUMN password_reset_tokens.id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.password_reset_tokens.id IS 'Primary key (random UUID).';


--
-- Name: COLUMN password_reset_tokens.user_id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.password_reset_tokens.user_id IS 'The account whose password the link resets (users.id).';


--
-- Name: COLUMN password_reset_tokens.token_hash; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.password_reset_tokens.token_hash IS 'Secret: SHA-256 digest (32 bytes) of the token in the reset link; the token itself is never stored.';


--
-- Name: COLUMN password_reset_tokens.expires_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.password_reset_tokens.expires_at IS 'When the link stops working (timestamptz, UTC).';


--
-- Name: COLUMN password_reset_tokens.used_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.password_reset_tokens.used_at IS 'When the link was used to set a password (timestamptz, UTC); null while unused.';


--
-- Name: COLUMN password_reset_tokens.created_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.password_reset_tokens.created_at IS 'When the link was issued (timestamptz, UTC).';


--
-- Name: COLUMN password_reset_tokens.updated_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.password_reset_tokens.updated_at IS 'When the row last changed (timestamptz, UTC); kept by the database.';


--
-- Name: platform_settings; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.platform_settings (
    singleton boolean DEFAULT true NOT NULL,
    service_fee_percent numeric(5,2) DEFAULT 10 NOT NULL,
    service_fee_fixed_cents integer DEFAULT 50 NOT NULL,
    payment_hold_minutes integer DEFAULT 15 NOT NULL,
    booking_grid_minutes integer DEFAULT 15 NOT NULL,
    min_booking_minutes integer DEFAULT 30 NOT NULL,
    max_booking_days integer DEFAULT 180 NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    max_booking_ahead_days integer DEFAULT 365 NOT NULL,
    review_edit_days integer DEFAULT 14 NOT NULL,
    CONSTRAINT platform_settings_booking_ahead_positive CHECK ((max_booking_ahead_days > 0)),
    CONSTRAINT platform_settings_fee_fixed_nonnegative CHECK ((service_fee_fixed_cents >= 0)),
    CONSTRAINT platform_settings_fee_percent_range CHECK (((service_fee_percent >= (0)::numeric) AND (service_fee_percent <= (100)::numeric))),
    CONSTRAINT platform_settings_grid_divides_hour CHECK ((booking_grid_minutes = ANY (ARRAY[1, 5, 10, 15, 20, 30, 60]))),
    CONSTRAINT platform_settings_hold_positive CHECK ((payment_hold_minutes > 0)),
    CONSTRAINT platform_settings_max_booking_positive CHECK ((max_booking_days > 0)),
    CONSTRAINT platform_settings_min_booking_positive CHECK ((min_booking_minutes > 0)),
    CONSTRAINT platform_settings_review_edit_days_nonnegative CHECK ((review_edit_days >= 0)),
    CONSTRAINT platform_settings_singleton CHECK (singleton)
);


--
-- Name: TABLE platform_settings; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.platform_settings IS 'Business settings the SQL rules read (fees, payment window, booking grid and limits, review edit window): exactly one row, changed by a DBA or an admin (update platform_settings set service_fee_percent = 12), never copied into Python.';


--
-- Name: COLUMN platform_settings.singleton; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.platform_settings.singleton IS 'Always true: the primary key that keeps this table to one row.';


--
-- Name: COLUMN platform_settings.service_fee_percent; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.platform_settings.service_fee_percent IS 'Percent of a booking''s subtotal charged as service fee (0-100; 10.00 means 10 %): service_fee = round(subtotal x percent / 100) + service_fee_fixed_cents.';


--
-- Name: COLUMN platform_settings.service_fee_fixed_cents; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.platform_settings.service_fee_fixed_cents IS 'Fixed part of every booking''s service fee, integer cents.';


--
-- Name: COLUMN platform_settings.payment_hold_minutes; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.platform_settings.payment_hold_minutes IS 'Minutes an unpaid booking (pending) or an unpaid extension holds its slot before pg_cron releases it (expire_unpaid_holds, release_unpaid_extensions).';


--
-- Name: COLUMN platform_settings.booking_grid_minutes; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.platform_settings.booking_grid_minutes IS 'Booking start and end times fall on multiples of this many minutes counted from the Unix epoch (15: :00, :15, :30, :45 UTC); divides an hour.';


--
-- Name: COLUMN platform_settings.min_booking_minutes; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.platform_settings.min_booking_minutes IS 'Shortest booking, in minutes.';


--
-- Name: COLUMN platform_settings.max_booking_days; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.platform_settings.max_booking_days IS 'Longest booking, in days of 24 hours.';


--
-- Name: COLUMN platform_settings.created_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.platform_settings.created_at IS 'When the row was inserted (timestamptz, UTC).';


--
-- Name: COLUMN platform_settings.updated_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.platform_settings.updated_at IS 'When a setting last changed (timestamptz, UTC); kept by the database.';


--
-- Name: COLUMN platform_settings.max_booking_ahead_days; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.platform_settings.max_booking_ahead_days IS 'How many days ahead of now a new booking may start at the latest.';


--
-- Name: COLUMN platform_settings.review_edit_days; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.platform_settings.review_edit_days IS 'Days after posting during which a reviewer may change or delete their review (admins: any time; 0: never).';


--
-- Name: processed_webhook_events; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.processed_webhook_events (
    event_id text NOT NULL,
    event_type text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL
);


--
-- Name: TABLE processed_webhook_events; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.processed_webhook_events IS 'Stripe webhook events already applied, stored in the same transaction as their effect so a redelivered event changes nothing.';


--
-- Name: COLUMN processed_webhook_events.event_id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.processed_webhook_events.event_id IS 'Stripe event id (evt_...).';


--
-- Name: COLUMN processed_webhook_events.event_type; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.processed_webhook_events.event_type IS 'Stripe event type, e.g. payment_intent.succeeded.';


--
-- Name: COLUMN processed_webhook_events.created_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.processed_webhook_events.created_at IS 'When the event was applied (timestamptz, UTC).';


--
-- Name: COLUMN processed_webhook_events.updated_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.processed_webhook_events.updated_at IS 'When the row last changed (timestamptz, UTC); kept by the database.';


--
-- Name: reconciliation_differences; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.reconciliation_differences (
    id bigint NOT NULL,
    run_id bigint NOT NULL,
    day date NOT NULL,
    kind public.money_movement_kind NOT NULL,
    stripe_id text NOT NULL,
    ledger_amount integer,
    stripe_amount integer,
    problem text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT reconciliation_differences_amounts_match_problem CHECK (
CASE problem
    WHEN 'missing_in_ledger'::text THEN ((ledger_amount IS NULL) AND (stripe_amount IS NOT NULL))
    WHEN 'missing_in_stripe'::text THEN ((ledger_amount IS NOT NULL) AND (stripe_amount IS NULL))
    ELSE ((ledger_amount IS NOT NULL) AND (stripe_amount IS NOT NULL) AND (ledger_amount <> stripe_amount))
END),
    CONSTRAINT reconciliation_differences_problem_known CHECK ((problem = ANY (ARRAY['missing_in_ledger'::text, 'missing_in_stripe'::text, 'amount_differs'::text])))
);


--
-- Name: TABLE reconciliation_differences; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.reconciliation_differences IS 'What one reconciliation run found: a Stripe movement the ledger lacks (missing_in_ledger), a ledger row Stripe has no balance transaction for (missing_in_stripe), or both with other amounts (amount_differs). Amounts are integer cents.';


--
-- Name: COLUMN reconciliation_differences.id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.reconciliation_differences.id IS 'Primary key (sequence).';


--
-- Name: COLUMN reconciliation_differences.run_id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.reconciliation_differences.run_id IS 'The run that found it (reconciliation_runs.id).';


--
-- Name: COLUMN reconciliation_differences.day; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.reconciliation_differences.day IS 'The UTC day reconciled.';


--
-- Name: COLUMN reconciliation_differences.kind; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.reconciliation_differences.kind IS 'The ledger kind (a balance transaction''s type mapped to it).';


--
-- Name: COLUMN reconciliation_differences.stripe_id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.reconciliation_differences.stripe_id IS 'Id of the Stripe object concerned.';


--
-- Name: COLUMN reconciliation_differences.ledger_amount; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.reconciliation_differences.ledger_amount IS 'The ledger''s amount, integer cents; null when missing_in_ledger.';


--
-- Name: COLUMN reconciliation_differences.stripe_amount; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.reconciliation_differences.stripe_amount IS 'Stripe''s amount (summed by kind and id), integer cents; null when missing_in_stripe.';


--
-- Name: COLUMN reconciliation_differences.problem; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.reconciliation_differences.problem IS 'missing_in_ledger, missing_in_stripe or amount_differs.';


--
-- Name: COLUMN reconciliation_differences.created_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.reconciliation_differences.created_at IS 'When the difference was recorded (timestamptz, UTC).';


--
-- Name: COLUMN reconciliation_differences.updated_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.reconciliation_differences.updated_at IS 'When the row last changed (timestamptz, UTC); kept by the database.';


--
-- Name: reconciliation_differences_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.reconciliation_differences_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: reconciliation_differences_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.reconciliation_differences_id_seq OWNED BY public.reconciliation_differences.id;


--
-- Name: reconciliation_runs; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.reconciliation_runs (
    id bigint NOT NULL,
    day date NOT NULL,
    status text DEFAULT 'running'::text NOT NULL,
    checked integer DEFAULT 0 NOT NULL,
    differences integer DEFAULT 0 NOT NULL,
    started_at timestamp with time zone DEFAULT now() NOT NULL,
    finished_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT reconciliation_runs_checked_nonnegative CHECK ((checked >= 0)),
    CONSTRAINT reconciliation_runs_differences_nonnegative CHECK ((differences >= 0)),
    CONSTRAINT reconciliation_runs_finished_when_done CHECK (((status = 'done'::text) = (finished_at IS NOT NULL))),
    CONSTRAINT reconciliation_runs_status_known CHECK ((status = ANY (ARRAY['running'::text, 'done'::text])))
);


--
-- Name: TABLE reconciliation_runs; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.reconciliation_runs IS 'The nightly reconciliation of the ledger with Stripe''s balance transactions, one run per UTC day: running from when pg_cron queues it until the worker finishes it.';


--
-- Name: COLUMN reconciliation_runs.id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.reconciliation_runs.id IS 'Primary key (sequence).';


--
-- Name: COLUMN reconciliation_runs.day; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.reconciliation_runs.day IS 'The UTC calendar day reconciled.';


--
-- Name: COLUMN reconciliation_runs.status; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.reconciliation_runs.status IS 'running or done (a run left running failed at Stripe and is retried).';


--
-- Name: COLUMN reconciliation_runs.checked; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.reconciliation_runs.checked IS 'How many Stripe balance transactions of the day were compared.';


--
-- Name: COLUMN reconciliation_runs.differences; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.reconciliation_runs.differences IS 'How many differences were found (rows in reconciliation_differences).';


--
-- Name: COLUMN reconciliation_runs.started_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.reconciliation_runs.started_at IS 'When the run was queued or last started (timestamptz, UTC).';


--
-- Name: COLUMN reconciliation_runs.finished_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.reconciliation_runs.finished_at IS 'When the run finished (timestamptz, UTC); null while running.';


--
-- Name: COLUMN reconciliation_runs.created_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.reconciliation_runs.created_at IS 'When the row was inserted (timestamptz, UTC).';


--
-- Name: COLUMN reconciliation_runs.updated_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.reconciliation_runs.updated_at IS 'When the row last changed (timestamptz, UTC); kept by the database.';


--
-- Name: reconciliation_runs_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.reconciliation_runs_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: reconciliation_runs_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.reconciliation_runs_id_seq OWNED BY public.reconciliation_runs.id;


--
-- Name: refresh_tokens; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.refresh_tokens (
    jti uuid NOT NULL,
    user_id uuid NOT NULL,
    family_id uuid NOT NULL,
    expires_at timestamp with time zone NOT NULL,
    used_at timestamp with time zone,
    revoked_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    parent_jti uuid,
    issued_at timestamp with time zone NOT NULL
);


--
-- Name: TABLE refresh_tokens; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.refresh_tokens IS 'One row per refresh token issued (its JWT id), for rotation and reuse detection: a refresh spends the token (used_at) and issues its successor in the same family; a spent token presented again (after the grace window) revokes the family. No token is stored: the JWT is signed again from these columns.';


--
-- Name: COLUMN refresh_tokens.jti; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.refresh_tokens.jti IS 'Primary key: the token''s JWT id (jti claim). Useless without the signing key.';


--
-- Name: COLUMN refresh_tokens.user_id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.refresh_tokens.user_id IS 'The account the token signs in as (users.id).';


--
-- Name: COLUMN refresh_tokens.family_id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.refresh_tokens.family_id IS 'The login session: every token rotated from one sign-in shares it; revoking the family ends the session.';


--
-- Name: COLUMN refresh_tokens.expires_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.refresh_tokens.expires_at IS 'When the token stops working (timestamptz, UTC; its exp claim).';


--
-- Name: COLUMN refresh_tokens.used_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.refresh_tokens.used_at IS 'When the token was spent on a refresh (timestamptz, UTC); null while unused.';


--
-- Name: COLUMN refresh_tokens.revoked_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.refresh_tokens.revoked_at IS 'When the token was revoked (logout, reuse detected, password change; timestamptz, UTC); null while valid.';


--
-- Name: COLUMN refresh_tokens.created_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.refresh_tokens.created_at IS 'When the row was inserted (timestamptz, UTC).';


--
-- Name: COLUMN refresh_tokens.updated_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.refresh_tokens.updated_at IS 'When the row last changed (timestamptz, UTC); kept by the database.';


--
-- Name: COLUMN refresh_tokens.parent_jti; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.refresh_tokens.parent_jti IS 'The token this one replaced in a refresh (at most one successor per token); null for the first token of a sign-in.';


--
-- Name: COLUMN refresh_tokens.issued_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.refresh_tokens.issued_at IS 'When the token was issued (timestamptz, UTC, whole seconds: its iat claim).';


--
-- Name: review_helpful_votes; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.review_helpful_votes (
    review_id uuid NOT NULL,
    user_id uuid NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL
);


--
-- Name: TABLE review_helpful_votes; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.review_helpful_votes IS '"Was this review helpful?" votes: any user other than the review''s author, once per review.';


--
-- Name: COLUMN review_helpful_votes.review_id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.review_helpful_votes.review_id IS 'The review voted for (reviews.id).';


--
-- Name: COLUMN review_helpful_votes.user_id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.review_helpful_votes.user_id IS 'Who voted (users.id).';


--
-- Name: COLUMN review_helpful_votes.created_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.review_helpful_votes.created_at IS 'When the vote was cast (timestamptz, UTC).';


--
-- Name: COLUMN review_helpful_votes.updated_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.review_helpful_votes.updated_at IS 'When the row last changed (timestamptz, UTC); kept by the database.';


--
-- Name: schema_migrations; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.schema_migrations (
    version character varying NOT NULL
);


--
-- Name: TABLE schema_migrations; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.schema_migrations IS 'dbmate bookkeeping: the version (timestamp prefix of the file name) of every migration in migrations/ applied to this database.';


--
-- Name: COLUMN schema_migrations.version; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.schema_migrations.version IS 'Timestamp prefix of an applied migration file, e.g. 20261125080000 for 20261125080000_create_extensions.sql.';


--
-- Name: schema_rules; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.schema_rules (
    file text NOT NULL,
    checksum text NOT NULL,
    objects text[] DEFAULT '{}'::text[] NOT NULL,
    applied_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT schema_rules_checksum_is_sha256 CHECK ((checksum ~ '^[0-9a-f]{64}$'::text))
);


--
-- Name: TABLE schema_rules; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.schema_rules IS 'Bookkeeping of scripts/migrate.py: for each file of db/rules last applied, its SHA-256 and the rule objects (functions, triggers, views) it created. When files, checksums or objects differ, all rules are dropped and applied again in one transaction.';


--
-- Name: COLUMN schema_rules.file; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.schema_rules.file IS 'File name in db/rules, e.g. 31_bookings_rules.sql.';


--
-- Name: COLUMN schema_rules.checksum; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.schema_rules.checksum IS 'SHA-256 of the file as applied, 64 lowercase hex digits.';


--
-- Name: COLUMN schema_rules.objects; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.schema_rules.objects IS 'Rule objects the file created, as scripts/migrate.py names them (e.g. ''function spot_out(parking_spots,boolean)'', ''trigger bookings_check_rules on bookings'').';


--
-- Name: COLUMN schema_rules.applied_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.schema_rules.applied_at IS 'When the file was last applied (timestamptz, UTC).';


--
-- Name: spot_blackouts; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.spot_blackouts (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    parking_spot_id uuid NOT NULL,
    starts_at timestamp with time zone NOT NULL,
    ends_at timestamp with time zone NOT NULL,
    reason text,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT spot_blackouts_reason_length CHECK ((length(reason) <= 500)),
    CONSTRAINT spot_blackouts_time_order CHECK ((ends_at > starts_at))
);


--
-- Name: TABLE spot_blackouts; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.spot_blackouts IS 'Periods [starts_at, ends_at) when the owner does not rent the spot out; they block bookings as a booking would, and may not cover time an active booking holds.';


--
-- Name: COLUMN spot_blackouts.id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.spot_blackouts.id IS 'Primary key (random UUID).';


--
-- Name: COLUMN spot_blackouts.parking_spot_id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.spot_blackouts.parking_spot_id IS 'The spot blocked (parking_spots.id).';


--
-- Name: COLUMN spot_blackouts.starts_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.spot_blackouts.starts_at IS 'Start of the blocked period, inclusive (timestamptz, UTC).';


--
-- Name: COLUMN spot_blackouts.ends_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.spot_blackouts.ends_at IS 'End of the blocked period, exclusive (timestamptz, UTC).';


--
-- Name: COLUMN spot_blackouts.reason; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.spot_blackouts.reason IS 'The owner''s note (at most 500 characters); optional.';


--
-- Name: COLUMN spot_blackouts.created_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.spot_blackouts.created_at IS 'When the blackout was created (timestamptz, UTC).';


--
-- Name: COLUMN spot_blackouts.updated_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.spot_blackouts.updated_at IS 'When the row last changed (timestamptz, UTC); kept by the database.';


--
-- Name: stripe_outbox; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.stripe_outbox (
    id bigint NOT NULL,
    action text NOT NULL,
    intent_id text,
    idempotency_key text NOT NULL,
    attempts integer DEFAULT 0 NOT NULL,
    next_attempt_at timestamp with time zone DEFAULT now() NOT NULL,
    done_at timestamp with time zone,
    last_error text,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    args jsonb DEFAULT '{}'::jsonb NOT NULL,
    CONSTRAINT stripe_outbox_action_known CHECK ((action = ANY (ARRAY['cancel_intent'::text, 'transfer'::text, 'reconcile'::text]))),
    CONSTRAINT stripe_outbox_args_object CHECK ((jsonb_typeof(args) = 'object'::text))
);


--
-- Name: TABLE stripe_outbox; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.stripe_outbox IS 'Stripe calls the database decided on but cannot make itself (cancel an unpaid intent, transfer an owner''s share, reconcile a day), each made by the worker in api/payments/outbox.py with its idempotency key and retried with back-off until done. Done calls are purged after 30 days.';


--
-- Name: COLUMN stripe_outbox.id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.stripe_outbox.id IS 'Primary key (sequence).';


--
-- Name: COLUMN stripe_outbox.action; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.stripe_outbox.action IS 'The call: cancel_intent, transfer or reconcile.';


--
-- Name: COLUMN stripe_outbox.intent_id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.stripe_outbox.intent_id IS 'For cancel_intent, the PaymentIntent to cancel (pi_...); null for the other actions.';


--
-- Name: COLUMN stripe_outbox.idempotency_key; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.stripe_outbox.idempotency_key IS 'Stripe Idempotency-Key the call is made (and retried) with; also makes queuing once.';


--
-- Name: COLUMN stripe_outbox.attempts; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.stripe_outbox.attempts IS 'How many times the call was tried.';


--
-- Name: COLUMN stripe_outbox.next_attempt_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.stripe_outbox.next_attempt_at IS 'When the call is due next (timestamptz, UTC).';


--
-- Name: COLUMN stripe_outbox.done_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.stripe_outbox.done_at IS 'When the call succeeded (timestamptz, UTC); null while waiting.';


--
-- Name: COLUMN stripe_outbox.last_error; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.stripe_outbox.last_error IS 'Class name of the last error (e.g. APIConnectionError); null after success.';


--
-- Name: COLUMN stripe_outbox.created_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.stripe_outbox.created_at IS 'When the call was queued (timestamptz, UTC).';


--
-- Name: COLUMN stripe_outbox.updated_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.stripe_outbox.updated_at IS 'When the row last changed (timestamptz, UTC); kept by the database.';


--
-- Name: COLUMN stripe_outbox.args; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.stripe_outbox.args IS 'The call''s arguments (jsonb object): for transfer payment_id, booking_id, amount (integer cents), destination, charge_id, currency; for reconcile day.';


--
-- Name: stripe_outbox_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.stripe_outbox_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: stripe_outbox_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.stripe_outbox_id_seq OWNED BY public.stripe_outbox.id;


--
-- Name: events id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.events ALTER COLUMN id SET DEFAULT nextval('public.events_id_seq'::regclass);


--
-- Name: money_movements id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.money_movements ALTER COLUMN id SET DEFAULT nextval('public.money_movements_id_seq'::regclass);


--
-- Name: reconciliation_differences id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.reconciliation_differences ALTER COLUMN id SET DEFAULT nextval('public.reconciliation_differences_id_seq'::regclass);


--
-- Name: reconciliation_runs id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.reconciliation_runs ALTER COLUMN id SET DEFAULT nextval('public.reconciliation_runs_id_seq'::regclass);


--
-- Name: stripe_outbox id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.stripe_outbox ALTER COLUMN id SET DEFAULT nextval('public.stripe_outbox_id_seq'::regclass);


--
-- Name: search_events search_events_pkey; Type: CONSTRAINT; Schema: analytics; Owner: -
--

ALTER TABLE ONLY analytics.search_events
    ADD CONSTRAINT search_events_pkey PRIMARY KEY (id);


--
-- Name: booking_extensions booking_extensions_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.booking_extensions
    ADD CONSTRAINT booking_extensions_pkey PRIMARY KEY (id);


--
-- Name: bookings bookings_no_overlap; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.bookings
    ADD CONSTRAINT bookings_no_overlap EXCLUDE USING gist (parking_spot_id WITH =, tstzrange(start_time, end_time) WITH &&) WHERE (public.booking_holds_slot(status));


--
-- Name: bookings bookings_payment_intent_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.bookings
    ADD CONSTRAINT bookings_payment_intent_key UNIQUE (payment_intent_id);


--
-- Name: bookings bookings_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.bookings
    ADD CONSTRAINT bookings_pkey PRIMARY KEY (id);


--
-- Name: database_roles database_roles_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.database_roles
    ADD CONSTRAINT database_roles_pkey PRIMARY KEY (kind);


--
-- Name: database_roles database_roles_role_name_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.database_roles
    ADD CONSTRAINT database_roles_role_name_key UNIQUE (role_name);


--
-- Name: events events_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.events
    ADD CONSTRAINT events_pkey PRIMARY KEY (id);


--
-- Name: idempotency_keys idempotency_keys_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.idempotency_keys
    ADD CONSTRAINT idempotency_keys_pkey PRIMARY KEY (user_id, key);


--
-- Name: money_movements money_movements_once; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.money_movements
    ADD CONSTRAINT money_movements_once UNIQUE (kind, stripe_id);


--
-- Name: money_movements money_movements_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.money_movements
    ADD CONSTRAINT money_movements_pkey PRIMARY KEY (id);


--
-- Name: oauth_identities oauth_identities_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.oauth_identities
    ADD CONSTRAINT oauth_identities_pkey PRIMARY KEY (provider, subject);


--
-- Name: outbox outbox_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.outbox
    ADD CONSTRAINT outbox_pkey PRIMARY KEY (id);


--
-- Name: parking_spots parking_spots_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.parking_spots
    ADD CONSTRAINT parking_spots_pkey PRIMARY KEY (id);


--
-- Name: password_reset_tokens password_reset_tokens_hash_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.password_reset_tokens
    ADD CONSTRAINT password_reset_tokens_hash_key UNIQUE (token_hash);


--
-- Name: password_reset_tokens password_reset_tokens_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.password_reset_tokens
    ADD CONSTRAINT password_reset_tokens_pkey PRIMARY KEY (id);


--
-- Name: payment_disputes payment_disputes_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.payment_disputes
    ADD CONSTRAINT payment_disputes_pkey PRIMARY KEY (id);


--
-- Name: payment_disputes payment_disputes_stripe_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.payment_disputes
    ADD CONSTRAINT payment_disputes_stripe_key UNIQUE (stripe_dispute_id);


--
-- Name: payments payments_one_per_extension; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.payments
    ADD CONSTRAINT payments_one_per_extension UNIQUE (extension_id);


--
-- Name: payments payments_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.payments
    ADD CONSTRAINT payments_pkey PRIMARY KEY (id);


--
-- Name: payments payments_stripe_payment_intent_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.payments
    ADD CONSTRAINT payments_stripe_payment_intent_key UNIQUE (stripe_payment_intent_id);


--
-- Name: platform_settings platform_settings_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.platform_settings
    ADD CONSTRAINT platform_settings_pkey PRIMARY KEY (singleton);


--
-- Name: processed_webhook_events processed_webhook_events_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.processed_webhook_events
    ADD CONSTRAINT processed_webhook_events_pkey PRIMARY KEY (event_id);


--
-- Name: reconciliation_differences reconciliation_differences_once; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.reconciliation_differences
    ADD CONSTRAINT reconciliation_differences_once UNIQUE (run_id, kind, stripe_id);


--
-- Name: reconciliation_differences reconciliation_differences_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.reconciliation_differences
    ADD CONSTRAINT reconciliation_differences_pkey PRIMARY KEY (id);


--
-- Name: reconciliation_runs reconciliation_runs_day_once; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.reconciliation_runs
    ADD CONSTRAINT reconciliation_runs_day_once UNIQUE (day);


--
-- Name: reconciliation_runs reconciliation_runs_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.reconciliation_runs
    ADD CONSTRAINT reconciliation_runs_pkey PRIMARY KEY (id);


--
-- Name: refresh_tokens refresh_tokens_parent_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.refresh_tokens
    ADD CONSTRAINT refresh_tokens_parent_key UNIQUE (parent_jti);


--
-- Name: refresh_tokens refresh_tokens_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.refresh_tokens
    ADD CONSTRAINT refresh_tokens_pkey PRIMARY KEY (jti);


--
-- Name: review_helpful_votes review_helpful_votes_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.review_helpful_votes
    ADD CONSTRAINT review_helpful_votes_pkey PRIMARY KEY (review_id, user_id);


--
-- Name: reviews reviews_one_per_booking; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.reviews
    ADD CONSTRAINT reviews_one_per_booking UNIQUE (booking_id);


--
-- Name: reviews reviews_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.reviews
    ADD CONSTRAINT reviews_pkey PRIMARY KEY (id);


--
-- Name: schema_migrations schema_migrations_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.schema_migrations
    ADD CONSTRAINT schema_migrations_pkey PRIMARY KEY (version);


--
-- Name: schema_rules schema_rules_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.schema_rules
    ADD CONSTRAINT schema_rules_pkey PRIMARY KEY (file);


--
-- Name: spot_blackouts spot_blackouts_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.spot_blackouts
    ADD CONSTRAINT spot_blackouts_pkey PRIMARY KEY (id);


--
-- Name: stripe_outbox stripe_outbox_idempotency_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.stripe_outbox
    ADD CONSTRAINT stripe_outbox_idempotency_key UNIQUE (idempotency_key);


--
-- Name: stripe_outbox stripe_outbox_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.stripe_outbox
    ADD CONSTRAINT stripe_outbox_pkey PRIMARY KEY (id);


--
-- Name: users users_email_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.users
    ADD CONSTRAINT users_email_key UNIQUE (email);


--
-- Name: users users_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.users
    ADD CONSTRAINT users_pkey PRIMARY KEY (id);


--
-- Name: users users_stripe_account_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.users
    ADD CONSTRAINT users_stripe_account_key UNIQUE (stripe_account_id);


--
-- Name: users users_stripe_customer_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.users
    ADD CONSTRAINT users_stripe_customer_key UNIQUE (stripe_customer_id);


--
-- Name: occupancy_by_hour_key; Type: INDEX; Schema: analytics; Owner: -
--

CREATE UNIQUE INDEX occupancy_by_hour_key ON analytics.occupancy_by_hour USING btree (spot_id, day_of_week, hour_of_day);


--
-- Name: search_events_cell_time_idx; Type: INDEX; Schema: analytics; Owner: -
--

CREATE INDEX search_events_cell_time_idx ON analytics.search_events USING gist (cell, searched_at);


--
-- Name: search_events_searched_at_idx; Type: INDEX; Schema: analytics; Owner: -
--

CREATE INDEX search_events_searched_at_idx ON analytics.search_events USING btree (searched_at);


--
-- Name: unmet_demand_hexagon_idx; Type: INDEX; Schema: analytics; Owner: -
--

CREATE INDEX unmet_demand_hexagon_idx ON analytics.unmet_demand USING gist (hexagon);


--
-- Name: unmet_demand_key; Type: INDEX; Schema: analytics; Owner: -
--

CREATE UNIQUE INDEX unmet_demand_key ON analytics.unmet_demand USING btree (hex_i, hex_j);


--
-- Name: booking_extensions_holds_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX booking_extensions_holds_idx ON public.booking_extensions USING btree (hold_expires_at) WHERE (status = 'pending'::public.extension_status);


--
-- Name: booking_extensions_one_pending; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX booking_extensions_one_pending ON public.booking_extensions USING btree (booking_id) WHERE (status = 'pending'::public.extension_status);


--
-- Name: bookings_holds_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX bookings_holds_idx ON public.bookings USING btree (hold_expires_at) WHERE (status = 'pending'::public.booking_status);


--
-- Name: bookings_spot_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX bookings_spot_idx ON public.bookings USING btree (parking_spot_id, start_time DESC);


--
-- Name: bookings_status_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX bookings_status_idx ON public.bookings USING btree (status);


--
-- Name: bookings_to_finish_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX bookings_to_finish_idx ON public.bookings USING btree (end_time) WHERE (status = 'in_progress'::public.booking_status);


--
-- Name: bookings_to_start_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX bookings_to_start_idx ON public.bookings USING btree (start_time) WHERE (status = 'confirmed'::public.booking_status);


--
-- Name: bookings_user_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX bookings_user_idx ON public.bookings USING btree (user_id, start_time DESC);


--
-- Name: events_created_at_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX events_created_at_idx ON public.events USING btree (created_at);


--
-- Name: events_owner_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX events_owner_idx ON public.events USING btree (owner_id, id) WHERE (owner_id IS NOT NULL);


--
-- Name: events_public_spot_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX events_public_spot_idx ON public.events USING btree (spot_id, id) WHERE public;


--
-- Name: events_user_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX events_user_idx ON public.events USING btree (user_id, id) WHERE (user_id IS NOT NULL);


--
-- Name: idempotency_keys_created_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX idempotency_keys_created_idx ON public.idempotency_keys USING btree (created_at);


--
-- Name: money_movements_booking_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX money_movements_booking_idx ON public.money_movements USING btree (booking_id);


--
-- Name: money_movements_occurred_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX money_movements_occurred_idx ON public.money_movements USING btree (occurred_at);


--
-- Name: oauth_identities_user_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX oauth_identities_user_idx ON public.oauth_identities USING btree (user_id);


--
-- Name: outbox_unsent_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX outbox_unsent_idx ON public.outbox USING btree (created_at) WHERE (sent_at IS NULL);


--
-- Name: parking_spots_city_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX parking_spots_city_idx ON public.parking_spots USING btree (lower((city)::text)) WHERE is_active;


--
-- Name: parking_spots_deactivated_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX parking_spots_deactivated_idx ON public.parking_spots USING btree (deactivated_at DESC, id) WHERE (NOT is_active);


--
-- Name: parking_spots_free_location_cover; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX parking_spots_free_location_cover ON public.parking_spots USING gist (location) INCLUDE (location) WHERE (is_active AND is_available);


--
-- Name: INDEX parking_spots_free_location_cover; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON INDEX public.parking_spots_free_location_cover IS 'Free spots (active, available) by location, carrying the location: the unfiltered count of a search (spots_near_count) as an index-only scan.';


--
-- Name: parking_spots_location_gist; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX parking_spots_location_gist ON public.parking_spots USING gist (location);


--
-- Name: parking_spots_owner_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX parking_spots_owner_idx ON public.parking_spots USING btree (owner_id);


--
-- Name: password_reset_tokens_user_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX password_reset_tokens_user_idx ON public.password_reset_tokens USING btree (user_id);


--
-- Name: payment_disputes_open_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX payment_disputes_open_idx ON public.payment_disputes USING btree (created_at DESC);


--
-- Name: payments_booking_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX payments_booking_idx ON public.payments USING btree (booking_id);


--
-- Name: payments_one_per_booking; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX payments_one_per_booking ON public.payments USING btree (booking_id) WHERE (extension_id IS NULL);


--
-- Name: payments_user_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX payments_user_idx ON public.payments USING btree (user_id, created_at DESC);


--
-- Name: refresh_tokens_family_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX refresh_tokens_family_idx ON public.refresh_tokens USING btree (family_id);


--
-- Name: refresh_tokens_user_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX refresh_tokens_user_idx ON public.refresh_tokens USING btree (user_id);


--
-- Name: review_helpful_votes_user_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX review_helpful_votes_user_idx ON public.review_helpful_votes USING btree (user_id);


--
-- Name: reviews_reviewer_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX reviews_reviewer_idx ON public.reviews USING btree (reviewer_id);


--
-- Name: reviews_spot_visible_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX reviews_spot_visible_idx ON public.reviews USING btree (parking_spot_id, created_at DESC) WHERE (hidden_at IS NULL);


--
-- Name: spot_blackouts_spot_period_gist; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX spot_blackouts_spot_period_gist ON public.spot_blackouts USING gist (parking_spot_id, tstzrange(starts_at, ends_at));


--
-- Name: stripe_outbox_due_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX stripe_outbox_due_idx ON public.stripe_outbox USING btree (next_attempt_at) WHERE (done_at IS NULL);


--
-- Name: booking_extensions booking_extensions_queue_intent_cancel; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER booking_extensions_queue_intent_cancel AFTER UPDATE OF status ON public.booking_extensions FOR EACH ROW WHEN (((old.status = 'pending'::public.extension_status) AND (new.status = 'released'::public.extension_status))) EXECUTE FUNCTION public.queue_extension_intent_cancel();


--
-- Name: booking_extensions booking_extensions_updated_at; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER booking_extensions_updated_at BEFORE UPDATE ON public.booking_extensions FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();


--
-- Name: bookings bookings_check_rules; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER bookings_check_rules BEFORE INSERT OR UPDATE OF start_time, end_time, user_id, parking_spot_id ON public.bookings FOR EACH ROW EXECUTE FUNCTION public.bookings_check_rules();


--
-- Name: bookings bookings_count_on_spot; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER bookings_count_on_spot AFTER INSERT OR DELETE OR UPDATE OF status ON public.bookings FOR EACH ROW EXECUTE FUNCTION public.bookings_count_on_spot();


--
-- Name: bookings bookings_guard_status; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER bookings_guard_status BEFORE UPDATE OF status ON public.bookings FOR EACH ROW EXECUTE FUNCTION public.bookings_guard_status();


--
-- Name: bookings bookings_notify_insert; Type: TRIGGER; Schema: public; Owner: -
--

CREATE CONSTRAINT TRIGGER bookings_notify_insert AFTER INSERT ON public.bookings DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION public.bookings_notify();


--
-- Name: bookings bookings_notify_status; Type: TRIGGER; Schema: public; Owner: -
--

CREATE CONSTRAINT TRIGGER bookings_notify_status AFTER UPDATE OF status ON public.bookings DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN ((old.status IS DISTINCT FROM new.status)) EXECUTE FUNCTION public.bookings_notify();


--
-- Name: bookings bookings_queue_intent_cancel; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER bookings_queue_intent_cancel AFTER UPDATE OF status ON public.bookings FOR EACH ROW WHEN (((old.status = 'pending'::public.booking_status) AND (new.status = 'cancelled'::public.booking_status))) EXECUTE FUNCTION public.queue_intent_cancel();


--
-- Name: bookings bookings_release_extension; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER bookings_release_extension AFTER UPDATE OF status ON public.bookings FOR EACH ROW WHEN (((new.status = 'cancelled'::public.booking_status) AND (old.status <> 'cancelled'::public.booking_status))) EXECUTE FUNCTION public.bookings_release_extension();


--
-- Name: bookings bookings_updated_at; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER bookings_updated_at BEFORE UPDATE ON public.bookings FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();


--
-- Name: database_roles database_roles_updated_at; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER database_roles_updated_at BEFORE UPDATE ON public.database_roles FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();


--
-- Name: events events_updated_at; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER events_updated_at BEFORE UPDATE ON public.events FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();


--
-- Name: idempotency_keys idempotency_keys_updated_at; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER idempotency_keys_updated_at BEFORE UPDATE ON public.idempotency_keys FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();


--
-- Name: money_movements money_movements_immutable; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER money_movements_immutable BEFORE DELETE OR UPDATE ON public.money_movements FOR EACH ROW EXECUTE FUNCTION public.refuse_money_movement_change();


--
-- Name: money_movements money_movements_updated_at; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER money_movements_updated_at BEFORE UPDATE ON public.money_movements FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();


--
-- Name: oauth_identities oauth_identities_updated_at; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER oauth_identities_updated_at BEFORE UPDATE ON public.oauth_identities FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();


--
-- Name: outbox outbox_clear_sent_body; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER outbox_clear_sent_body BEFORE INSERT OR UPDATE OF sent_at, body ON public.outbox FOR EACH ROW EXECUTE FUNCTION public.outbox_clear_sent_body();


--
-- Name: outbox outbox_updated_at; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER outbox_updated_at BEFORE UPDATE ON public.outbox FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();


--
-- Name: parking_spots parking_spots_check_deactivation; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER parking_spots_check_deactivation BEFORE UPDATE OF is_active ON public.parking_spots FOR EACH ROW EXECUTE FUNCTION public.parking_spots_check_deactivation();


--
-- Name: parking_spots parking_spots_notify; Type: TRIGGER; Schema: public; Owner: -
--

CREATE CONSTRAINT TRIGGER parking_spots_notify AFTER UPDATE OF is_available, is_active ON public.parking_spots DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (((old.is_available IS DISTINCT FROM new.is_available) OR (old.is_active IS DISTINCT FROM new.is_active))) EXECUTE FUNCTION public.parking_spots_notify();


--
-- Name: parking_spots parking_spots_record_deactivation; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER parking_spots_record_deactivation BEFORE INSERT OR UPDATE OF is_active, deactivated_at, deactivated_by, deactivation_reason, moderated ON public.parking_spots FOR EACH ROW EXECUTE FUNCTION public.parking_spots_record_deactivation();


--
-- Name: parking_spots parking_spots_tiles_delete; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER parking_spots_tiles_delete AFTER DELETE ON public.parking_spots REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION public.parking_spots_tiles_notify();


--
-- Name: parking_spots parking_spots_tiles_insert; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER parking_spots_tiles_insert AFTER INSERT ON public.parking_spots REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.parking_spots_tiles_notify();


--
-- Name: parking_spots parking_spots_tiles_update; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER parking_spots_tiles_update AFTER UPDATE ON public.parking_spots REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.parking_spots_tiles_notify();


--
-- Name: parking_spots parking_spots_updated_at; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER parking_spots_updated_at BEFORE UPDATE ON public.parking_spots FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();


--
-- Name: password_reset_tokens password_reset_tokens_updated_at; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER password_reset_tokens_updated_at BEFORE UPDATE ON public.password_reset_tokens FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();


--
-- Name: payment_disputes payment_disputes_updated_at; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER payment_disputes_updated_at BEFORE UPDATE ON public.payment_disputes FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();


--
-- Name: payments payments_updated_at; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER payments_updated_at BEFORE UPDATE ON public.payments FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();


--
-- Name: platform_settings platform_settings_updated_at; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER platform_settings_updated_at BEFORE UPDATE ON public.platform_settings FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();


--
-- Name: processed_webhook_events processed_webhook_events_updated_at; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER processed_webhook_events_updated_at BEFORE UPDATE ON public.processed_webhook_events FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();


--
-- Name: reconciliation_differences reconciliation_differences_updated_at; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER reconciliation_differences_updated_at BEFORE UPDATE ON public.reconciliation_differences FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();


--
-- Name: reconciliation_runs reconciliation_runs_updated_at; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER reconciliation_runs_updated_at BEFORE UPDATE ON public.reconciliation_runs FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();


--
-- Name: refresh_tokens refresh_tokens_updated_at; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refresh_tokens_updated_at BEFORE UPDATE ON public.refresh_tokens FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();


--
-- Name: review_helpful_votes review_helpful_votes_check_rules; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER review_helpful_votes_check_rules BEFORE INSERT ON public.review_helpful_votes FOR EACH ROW EXECUTE FUNCTION public.review_helpful_votes_check_rules();


--
-- Name: review_helpful_votes review_helpful_votes_count; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER review_helpful_votes_count AFTER INSERT OR DELETE ON public.review_helpful_votes FOR EACH ROW EXECUTE FUNCTION public.review_helpful_votes_count();


--
-- Name: review_helpful_votes review_helpful_votes_updated_at; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER review_helpful_votes_updated_at BEFORE UPDATE ON public.review_helpful_votes FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();


--
-- Name: reviews reviews_check_rules; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER reviews_check_rules BEFORE INSERT OR UPDATE ON public.reviews FOR EACH ROW EXECUTE FUNCTION public.reviews_check_rules();


--
-- Name: reviews reviews_notify; Type: TRIGGER; Schema: public; Owner: -
--

CREATE CONSTRAINT TRIGGER reviews_notify AFTER INSERT ON public.reviews DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION public.reviews_notify();


--
-- Name: reviews reviews_rate_spot; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER reviews_rate_spot AFTER INSERT OR DELETE OR UPDATE OF overall_rating, hidden_at ON public.reviews FOR EACH ROW EXECUTE FUNCTION public.reviews_rate_spot();


--
-- Name: reviews reviews_updated_at; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER reviews_updated_at BEFORE UPDATE ON public.reviews FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();


--
-- Name: spot_blackouts spot_blackouts_check_rules; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER spot_blackouts_check_rules BEFORE INSERT OR UPDATE OF starts_at, ends_at ON public.spot_blackouts FOR EACH ROW EXECUTE FUNCTION public.spot_blackouts_check_rules();


--
-- Name: spot_blackouts spot_blackouts_updated_at; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER spot_blackouts_updated_at BEFORE UPDATE ON public.spot_blackouts FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();


--
-- Name: stripe_outbox stripe_outbox_updated_at; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER stripe_outbox_updated_at BEFORE UPDATE ON public.stripe_outbox FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();


--
-- Name: users users_tokens_notify; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER users_tokens_notify AFTER UPDATE OF token_version, is_active ON public.users FOR EACH ROW WHEN (((old.token_version IS DISTINCT FROM new.token_version) OR (old.is_active IS DISTINCT FROM new.is_active))) EXECUTE FUNCTION public.users_tokens_notify();


--
-- Name: users users_updated_at; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER users_updated_at BEFORE UPDATE ON public.users FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();


--
-- Name: booking_extensions booking_extensions_booking_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.booking_extensions
    ADD CONSTRAINT booking_extensions_booking_id_fkey FOREIGN KEY (booking_id) REFERENCES public.bookings(id);


--
-- Name: bookings bookings_cancelled_by_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.bookings
    ADD CONSTRAINT bookings_cancelled_by_fkey FOREIGN KEY (cancelled_by) REFERENCES public.users(id);


--
-- Name: bookings bookings_parking_spot_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.bookings
    ADD CONSTRAINT bookings_parking_spot_id_fkey FOREIGN KEY (parking_spot_id) REFERENCES public.parking_spots(id);


--
-- Name: bookings bookings_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.bookings
    ADD CONSTRAINT bookings_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.users(id);


--
-- Name: idempotency_keys idempotency_keys_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.idempotency_keys
    ADD CONSTRAINT idempotency_keys_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.users(id) ON DELETE CASCADE;


--
-- Name: money_movements money_movements_booking_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.money_movements
    ADD CONSTRAINT money_movements_booking_id_fkey FOREIGN KEY (booking_id) REFERENCES public.bookings(id);


--
-- Name: money_movements money_movements_payment_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.money_movements
    ADD CONSTRAINT money_movements_payment_id_fkey FOREIGN KEY (payment_id) REFERENCES public.payments(id);


--
-- Name: oauth_identities oauth_identities_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.oauth_identities
    ADD CONSTRAINT oauth_identities_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.users(id) ON DELETE CASCADE;


--
-- Name: parking_spots parking_spots_deactivated_by_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.parking_spots
    ADD CONSTRAINT parking_spots_deactivated_by_fkey FOREIGN KEY (deactivated_by) REFERENCES public.users(id) ON DELETE SET NULL;


--
-- Name: parking_spots parking_spots_owner_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.parking_spots
    ADD CONSTRAINT parking_spots_owner_id_fkey FOREIGN KEY (owner_id) REFERENCES public.users(id);


--
-- Name: password_reset_tokens password_reset_tokens_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.password_reset_tokens
    ADD CONSTRAINT password_reset_tokens_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.users(id) ON DELETE CASCADE;


--
-- Name: payment_disputes payment_disputes_booking_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.payment_disputes
    ADD CONSTRAINT payment_disputes_booking_id_fkey FOREIGN KEY (booking_id) REFERENCES public.bookings(id);


--
-- Name: payment_disputes payment_disputes_payment_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.payment_disputes
    ADD CONSTRAINT payment_disputes_payment_id_fkey FOREIGN KEY (payment_id) REFERENCES public.payments(id);


--
-- Name: payments payments_booking_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.payments
    ADD CONSTRAINT payments_booking_id_fkey FOREIGN KEY (booking_id) REFERENCES public.bookings(id);


--
-- Name: payments payments_extension_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.payments
    ADD CONSTRAINT payments_extension_id_fkey FOREIGN KEY (extension_id) REFERENCES public.booking_extensions(id);


--
-- Name: payments payments_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.payments
    ADD CONSTRAINT payments_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.users(id);


--
-- Name: reconciliation_differences reconciliation_differences_run_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.reconciliation_differences
    ADD CONSTRAINT reconciliation_differences_run_id_fkey FOREIGN KEY (run_id) REFERENCES public.reconciliation_runs(id) ON DELETE CASCADE;


--
-- Name: refresh_tokens refresh_tokens_parent_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.refresh_tokens
    ADD CONSTRAINT refresh_tokens_parent_fkey FOREIGN KEY (parent_jti) REFERENCES public.refresh_tokens(jti) ON DELETE SET NULL;


--
-- Name: refresh_tokens refresh_tokens_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.refresh_tokens
    ADD CONSTRAINT refresh_tokens_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.users(id) ON DELETE CASCADE;


--
-- Name: review_helpful_votes review_helpful_votes_review_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.review_helpful_votes
    ADD CONSTRAINT review_helpful_votes_review_id_fkey FOREIGN KEY (review_id) REFERENCES public.reviews(id) ON DELETE CASCADE;


--
-- Name: review_helpful_votes review_helpful_votes_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.review_helpful_votes
    ADD CONSTRAINT review_helpful_votes_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.users(id) ON DELETE CASCADE;


--
-- Name: reviews reviews_booking_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.reviews
    ADD CONSTRAINT reviews_booking_id_fkey FOREIGN KEY (booking_id) REFERENCES public.bookings(id);


--
-- Name: reviews reviews_hidden_by_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.reviews
    ADD CONSTRAINT reviews_hidden_by_fkey FOREIGN KEY (hidden_by) REFERENCES public.users(id) ON DELETE SET NULL;


--
-- Name: reviews reviews_parking_spot_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.reviews
    ADD CONSTRAINT reviews_parking_spot_id_fkey FOREIGN KEY (parking_spot_id) REFERENCES public.parking_spots(id);


--
-- Name: reviews reviews_reviewer_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.reviews
    ADD CONSTRAINT reviews_reviewer_id_fkey FOREIGN KEY (reviewer_id) REFERENCES public.users(id);


--
-- Name: spot_blackouts spot_blackouts_parking_spot_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.spot_blackouts
    ADD CONSTRAINT spot_blackouts_parking_spot_id_fkey FOREIGN KEY (parking_spot_id) REFERENCES public.parking_spots(id) ON DELETE CASCADE;


--
-- PostgreSQL database dump complete
--

\unrestrict dbmate


--
-- Dbmate schema migrations
--

INSERT INTO public.schema_migrations (version) VALUES
    ('20261125080000'),
    ('20261125080100'),
    ('20261125080200'),
    ('20261125080300'),
    ('20261125080400'),
    ('20261125080500'),
    ('20261125080600'),
    ('20261125080700'),
    ('20261125080800'),
    ('20261125080900'),
    ('20261125081000'),
    ('20261125081100'),
    ('20261125100000'),
    ('20261125100100'),
    ('20261125110000'),
    ('20261125110100'),
    ('20261125120000'),
    ('20261125130000'),
    ('20261126090000'),
    ('20261126090100'),
    ('20261126100000'),
    ('20261127100000'),
    ('20261127110000'),
    ('20261127120000'),
    ('20261128100000'),
    ('20261128200000'),
    ('20261206100000'),
    ('20261206110000'),
    ('20261206120000'),
    ('20261206130000'),
    ('20261206130100'),
    ('20261206130200'),
    ('20261206140000'),
    ('20261206150000'),
    ('20261206150100'),
    ('20261206150200'),
    ('20261206160000'),
    ('20261206160100');
