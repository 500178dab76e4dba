-- The analytics schema's views, materialized views and functions (the schema and its table,
-- search_events, are migrations/20261206150000_create_analytics.sql; docs/analytics.md is the
-- analysts' guide). Conventions: money is integer cents, times are timestamptz shown in UTC, a
-- "day" or "month" is a UTC one unless a column says it is the spot's local time (its IANA
-- timezone). Rows carry ids, never personal data: no emails, names, phones, plates, access codes,
-- tokens, free text written by users, exact search places or the users behind searches.
--
-- Who reads what. The views read public tables with their owner's rights, so the analyst role sees
-- only what they expose. A function called inside a view runs with the caller's rights, so the
-- views call only functions that read no table (open_ranges, minutes); the functions that read
-- public tables for analysts (occupancy, demand_map) and the API (demand_map: it may only insert
-- search events) are security definer, with a fixed search_path.
--
-- Every function here fixes its search_path: a restore (pg_restore runs with an empty one) refreshes
-- the materialized views, whose functions must still find PostGIS and the tables (docs/operations.md).
--
-- How the file is applied. scripts/migrate.py drops and re-creates the rule objects of schema
-- public; this file looks after schema analytics itself: it first drops every view, materialized
-- view and function of analytics, then creates them. So no object here depends (in pg_depend) on a
-- rule object of public (a view, or a function of db/rules), or the runner could not drop that one:
-- the views read tables only, and the status and refund rules they need are written out below.
-- Booking words used throughout:
--   placed     a booking that was not an abandoned checkout (payment_status 'expired': the unpaid
--              hold ran out, expire_unpaid_holds); abandoned ones are counted apart
--   cancelled  cancelled_at is set (cancelled, or refunded after a cancellation)
--   stayed     confirmed, in_progress, completed, or refunded without a cancellation: the renter
--              had (or has) the spot for its time

do $$
declare
    obj record;
begin
    for obj in
        select format('drop %s if exists %s cascade',
                      case c.relkind when 'm' then 'materialized view' else 'view' end, c.oid::regclass) as stmt
          from pg_class c
         where c.relnamespace = 'analytics'::regnamespace
           and c.relkind in ('v', 'm')
           and not exists (select 1 from pg_depend d where d.classid = 'pg_class'::regclass
                                                       and d.objid = c.oid and d.deptype = 'e')
        union all
        select format('drop routine if exists %s cascade', p.oid::regprocedure)
          from pg_proc p
         where p.pronamespace = 'analytics'::regnamespace
           and not exists (select 1 from pg_depend d where d.classid = 'pg_proc'::regclass
                                                       and d.objid = p.oid and d.deptype = 'e')
    loop
        execute obj.stmt;
    end loop;
end;
$$;

-- Helpers (read no table) ------------------------------------------------------------------------

-- A spot's opening hours as instants within [p_from, p_to): operating_hours is a weekly schedule
-- in the spot's time zone ({"mon": [["08:00", "18:00"]], "fri": [["22:00", "02:00"]]}; a day left
-- out is closed, "24:00" closes at midnight, a close before its open runs past midnight). null hours
-- are always open; an empty object {} is never open. The same reading as spot_is_open
-- (db/rules/20_spots.sql), which decides whether a booking fits.
create function analytics.open_ranges(p_hours jsonb, p_tz text, p_from timestamptz, p_to timestamptz)
returns tstzmultirange
language sql stable parallel safe set search_path = pg_catalog, public, pg_temp as $$
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
comment on function analytics.open_ranges(jsonb, text, timestamptz, timestamptz) is
    'A spot''s opening hours (operating_hours jsonb, in its IANA time zone p_tz) as the instants they cover within [p_from, p_to). null hours = open all the time; {} = never open. Reads no table.';

-- The length of a set of time ranges, in minutes.
create function analytics.minutes(p_ranges tstzmultirange) returns numeric
language sql immutable parallel safe set search_path = pg_catalog, public, pg_temp as $$
    select coalesce(sum(extract(epoch from upper(r) - lower(r))), 0) / 60
    from unnest(p_ranges) as r;
$$;
comment on function analytics.minutes(tstzmultirange) is
    'Total length of a set of bounded time ranges, in minutes (numeric). Reads no table.';

-- A set of time ranges spread over the hours of the week of a time zone: for each local day of the
-- week and clock hour, the minutes of the ranges that fall in it. A local hour that happens twice
-- (the autumn clock change) counts twice, one that is skipped never.
create function analytics.minutes_by_hour_of_week(p_ranges tstzmultirange, p_tz text)
returns table (day_of_week smallint, hour_of_day smallint, minutes numeric)
language sql stable parallel safe set search_path = pg_catalog, public, pg_temp as $$
    select extract(isodow from h.start at time zone p_tz)::smallint,
           extract(hour from h.start at time zone p_tz)::smallint,
           sum(extract(epoch from least(upper(r), h.start + interval '1 hour') - greatest(lower(r), h.start))) / 60
    from unnest(p_ranges) as r,
         generate_series(date_trunc('hour', lower(r), p_tz), upper(r) - interval '1 microsecond', interval '1 hour')
             as h(start)
    group by 1, 2;
$$;
comment on function analytics.minutes_by_hour_of_week(tstzmultirange, text) is
    'Spreads bounded time ranges over the hours of the week of IANA time zone p_tz: minutes per local ISO day of the week (1 = Monday) and clock hour (0-23). Reads no table.';

-- Bookings and revenue ---------------------------------------------------------------------------

create view analytics.daily_bookings as
select (b.created_at at time zone 'UTC')::date as day,
       s.city::text as city,
       s.state::text as state,
       s.spot_type,
       count(*) filter (where b.payment_status <> 'expired') as bookings,
       count(*) filter (where b.payment_status <> 'expired' and b.cancelled_at is not null) as cancellations,
       count(*) filter (where b.payment_status = 'expired') as abandoned,
       coalesce(sum(b.total_amount) filter (where b.payment_status <> 'expired'), 0)::bigint as gross,
       coalesce(sum(b.service_fee) filter (where b.payment_status <> 'expired'), 0)::bigint as fees,
       coalesce(sum(b.owner_payout) filter (where b.payment_status <> 'expired' and b.cancelled_at is null), 0)::bigint
           as owner_payouts,
       coalesce(sum(b.refund_amount) filter (where b.payment_status <> 'expired'), 0)::bigint as refunds,
       coalesce(sum(m.refunded) filter (where b.payment_status <> 'expired'), 0)::bigint as ledger_refunded
from bookings b
join parking_spots s on s.id = b.parking_spot_id
left join (
    select mm.booking_id,
           sum(case mm.kind when 'refund' then mm.amount else -mm.amount end) as refunded
    from money_movements mm
    where mm.kind in ('refund', 'refund_failure')
    group by mm.booking_id
) m on m.booking_id = b.id
group by 1, 2, 3, 4;

comment on view analytics.daily_bookings is
    'Bookings and revenue per UTC day the booking was made (created_at), city and spot type. Amounts are integer cents of the bookings placed that day (abandoned checkouts aside), whatever became of them later; gross - refunds is what renters paid in the end.';
comment on column analytics.daily_bookings.day is 'UTC date the bookings were made (bookings.created_at).';
comment on column analytics.daily_bookings.city is 'City of the spot, as its owner wrote it.';
comment on column analytics.daily_bookings.state is 'State or region of the spot, as its owner wrote it.';
comment on column analytics.daily_bookings.spot_type is 'Spot type (indoor, outdoor, covered, garage, driveway, lot).';
comment on column analytics.daily_bookings.bookings is 'Bookings placed: made that day and not abandoned at checkout (their unpaid hold did not expire).';
comment on column analytics.daily_bookings.cancellations is 'Of those, how many were cancelled since (by the renter, the owner or an admin).';
comment on column analytics.daily_bookings.abandoned is 'Checkouts abandoned: bookings made that day whose unpaid hold expired (not in bookings nor in the amounts).';
comment on column analytics.daily_bookings.gross is 'Sum of total_amount (subtotal + service fee) of the bookings placed, in cents, before refunds.';
comment on column analytics.daily_bookings.fees is 'Sum of service_fee (the platform''s fee) of the bookings placed, in cents.';
comment on column analytics.daily_bookings.owner_payouts is 'Sum of owner_payout (the owners'' share) of the bookings placed and not cancelled, in cents.';
comment on column analytics.daily_bookings.refunds is 'Sum of refund_amount of the bookings placed (the refund the cancellation policy or an admin granted), in cents.';
comment on column analytics.daily_bookings.ledger_refunded is 'Refunds Stripe actually made for those bookings (the ledger''s refunds less failed refunds), in cents; 0 when payments are off.';

-- Occupancy ---------------------------------------------------------------------------------------

-- Booked minutes against open minutes, per spot and hour of the week in the spot's own time zone,
-- over [p_from, p_to). Only spots with a stay in the period have rows (the others' occupancy is 0),
-- and only for the hours of the week they were open at some time (a closed hour has no row).
-- An hour bucket is a local clock hour (date_trunc in the spot's zone), cut to the period; booked
-- minutes count only while the spot was open (hours changed after a booking do not make it >100 %).
-- A local hour that happens twice (the autumn clock change) counts twice, one that is skipped never.
create function analytics.occupancy(p_from timestamptz, p_to timestamptz)
returns table (spot_id uuid, owner_id uuid, city text, state text, spot_type spot_type, timezone text,
               day_of_week smallint, hour_of_day smallint, open_minutes numeric, booked_minutes numeric,
               occupancy numeric, period_from timestamptz, period_to timestamptz)
language sql stable security definer set search_path = pg_catalog, public, pg_temp
set jit = off set work_mem = '64MB' as $$
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
comment on function analytics.occupancy(timestamptz, timestamptz) is
    'Occupancy per spot and local hour of the week over [p_from, p_to): booked minutes (stays: confirmed, in progress, completed) within the spot''s real opening hours against its open minutes, in its own time zone. Only spots with a stay in the period, only hours they were open. Same columns as analytics.occupancy_by_hour, for any period. Security definer: reads bookings and parking_spots for the analyst.';

-- The last 28 whole UTC days (four of each weekday), refreshed by pg_cron (jobs/cron.sql:
-- parkingspots-refresh-analytics, analytics.refresh_materialized_views) when a new UTC day begins.
create materialized view analytics.occupancy_by_hour as
select o.*
from analytics.occupancy(date_trunc('day', now(), 'UTC') - interval '28 days', date_trunc('day', now(), 'UTC')) o;
create unique index occupancy_by_hour_key on analytics.occupancy_by_hour (spot_id, day_of_week, hour_of_day);

comment on materialized view analytics.occupancy_by_hour is
    'Occupancy per spot and hour of the week in the spot''s own time zone over the last 28 whole UTC days (period_from, period_to): booked minutes against open minutes from its real operating_hours (null = open 24/7, {} = closed). Only spots with a stay in the period have rows, one per local hour of the week they were open (168 when open all week); a spot without a row is 0 % occupied then. Refreshed by pg_cron (analytics.refresh_materialized_views) when a new UTC day begins.';
comment on column analytics.occupancy_by_hour.spot_id is 'The spot (parking_spots.id).';
comment on column analytics.occupancy_by_hour.owner_id is 'Its owner (users.id).';
comment on column analytics.occupancy_by_hour.city is 'City of the spot, as its owner wrote it.';
comment on column analytics.occupancy_by_hour.state is 'State or region of the spot.';
comment on column analytics.occupancy_by_hour.spot_type is 'Spot type.';
comment on column analytics.occupancy_by_hour.timezone is 'The spot''s IANA time zone: day_of_week and hour_of_day are local to it.';
comment on column analytics.occupancy_by_hour.day_of_week is 'Day of the week in the spot''s time zone, ISO: 1 = Monday .. 7 = Sunday.';
comment on column analytics.occupancy_by_hour.hour_of_day is 'Hour of the day in the spot''s time zone, 0-23 (the hour starting then).';
comment on column analytics.occupancy_by_hour.open_minutes is 'Minutes the spot was open in that local hour, summed over the period (60 x 4 for an always-open spot over 28 days).';
comment on column analytics.occupancy_by_hour.booked_minutes is 'Minutes of those that were booked (stays: confirmed, in progress, completed, refunded without a cancellation).';
comment on column analytics.occupancy_by_hour.occupancy is 'booked_minutes / open_minutes, 0-1.';
comment on column analytics.occupancy_by_hour.period_from is 'Start of the period (UTC midnight, 28 days before period_to).';
comment on column analytics.occupancy_by_hour.period_to is 'End of the period, exclusive: the UTC midnight the view was last refreshed after.';

-- Spots -------------------------------------------------------------------------------------------

create view analytics.spot_performance as
select s.id as spot_id,
       s.owner_id,
       s.city::text as city,
       s.state::text as state,
       s.spot_type,
       s.vehicle_size,
       s.hourly_rate,
       s.is_active,
       s.is_available,
       s.created_at as listed_at,
       coalesce(b.bookings, 0) as bookings,
       coalesce(b.stays, 0) as stays,
       coalesce(b.cancellations, 0) as cancellations,
       round(b.cancellations::numeric / nullif(b.bookings, 0), 4) as cancellation_rate,
       coalesce(b.gross, 0) as gross,
       coalesce(b.refunds, 0) as refunds,
       coalesce(b.gross - b.refunds, 0) as revenue,
       coalesce(b.fees, 0) as fees,
       coalesce(b.owner_payouts, 0) as owner_payouts,
       s.average_rating,
       s.total_reviews as reviews,
       round(b.median_lead_hours::numeric, 2) as median_lead_hours
from parking_spots s
left join (
    select bk.parking_spot_id,
           count(*) as bookings,
           count(*) filter (where bk.status in ('confirmed', 'in_progress', 'completed')
                               or (bk.status = 'refunded' and bk.cancelled_at is null)) as stays,
           count(*) filter (where bk.cancelled_at is not null) as cancellations,
           sum(bk.total_amount)::bigint as gross,
           sum(bk.refund_amount)::bigint as refunds,
           sum(bk.service_fee)::bigint as fees,
           coalesce(sum(bk.owner_payout) filter (where bk.cancelled_at is null), 0)::bigint as owner_payouts,
           percentile_cont(0.5) within group (order by extract(epoch from bk.start_time - bk.created_at) / 3600)
               as median_lead_hours
    from bookings bk
    where bk.payment_status <> 'expired'
    group by bk.parking_spot_id
) b on b.parking_spot_id = s.id;

comment on view analytics.spot_performance is
    'One row per spot (listed ever, active or not): its bookings placed (abandoned checkouts aside), stays, cancellations, money in integer cents, rating and median lead time. No owner data but the owner''s id; no title, address or coordinates.';
comment on column analytics.spot_performance.spot_id is 'The spot (parking_spots.id).';
comment on column analytics.spot_performance.owner_id is 'Its owner (users.id).';
comment on column analytics.spot_performance.city is 'City, as the owner wrote it.';
comment on column analytics.spot_performance.state is 'State or region.';
comment on column analytics.spot_performance.spot_type is 'Spot type.';
comment on column analytics.spot_performance.vehicle_size is 'Largest vehicle size the spot takes.';
comment on column analytics.spot_performance.hourly_rate is 'Current hourly rate, cents.';
comment on column analytics.spot_performance.is_active is 'Listed (not deactivated by its owner or an admin).';
comment on column analytics.spot_performance.is_available is 'Taking new bookings (its owner may pause it).';
comment on column analytics.spot_performance.listed_at is 'When the spot was listed (UTC).';
comment on column analytics.spot_performance.bookings is 'Bookings placed on the spot, all time (abandoned checkouts aside).';
comment on column analytics.spot_performance.stays is 'Of those, stays: confirmed, in progress, completed, or refunded without a cancellation.';
comment on column analytics.spot_performance.cancellations is 'Of those, cancelled ones (by anyone).';
comment on column analytics.spot_performance.cancellation_rate is 'cancellations / bookings, 0-1 (null without bookings).';
comment on column analytics.spot_performance.gross is 'Sum of total_amount of the bookings placed, cents, before refunds.';
comment on column analytics.spot_performance.refunds is 'Sum of refund_amount of those bookings, cents.';
comment on column analytics.spot_performance.revenue is 'gross - refunds: what renters paid in the end, cents.';
comment on column analytics.spot_performance.fees is 'Sum of service_fee (the platform''s part), cents.';
comment on column analytics.spot_performance.owner_payouts is 'Sum of owner_payout of the bookings not cancelled (the owner''s share), cents.';
comment on column analytics.spot_performance.average_rating is 'Average overall rating of its visible reviews, 0-5 (0 without reviews).';
comment on column analytics.spot_performance.reviews is 'Number of visible reviews.';
comment on column analytics.spot_performance.median_lead_hours is 'Median hours between making a booking and its start (created_at -> start_time), over the bookings placed; null without bookings.';

-- Cohorts -----------------------------------------------------------------------------------------

-- Renters by month of sign-up: for every month since (the sign-up month is month 0, up to the
-- current UTC month, months without activity included), how many booked and what they paid.
create view analytics.renter_cohorts as
with cohort as (
    select u.id, date_trunc('month', u.created_at at time zone 'UTC')::date as cohort_month
    from users u
    where u.role = 'renter'
), activity as (
    select c.cohort_month,
           date_trunc('month', b.created_at at time zone 'UTC')::date as month,
           count(distinct b.user_id) as active,
           count(*) as bookings,
           sum(b.total_amount - b.refund_amount)::bigint as revenue
    from bookings b
    join cohort c on c.id = b.user_id
    where b.payment_status <> 'expired'
    group by 1, 2
), months as (
    select sizes.cohort_month, sizes.cohort_size, m::date as month
    from (select cohort_month, count(*) as cohort_size from cohort group by cohort_month) sizes,
         generate_series(sizes.cohort_month, date_trunc('month', now() at time zone 'UTC'), interval '1 month') as m
)
select m.cohort_month,
       m.month,
       ((extract(year from m.month) - extract(year from m.cohort_month)) * 12
        + extract(month from m.month) - extract(month from m.cohort_month))::integer as months_since_signup,
       m.cohort_size,
       coalesce(a.active, 0) as active,
       round(coalesce(a.active, 0)::numeric / m.cohort_size, 4) as active_share,
       coalesce(a.bookings, 0) as bookings,
       coalesce(a.revenue, 0) as revenue
from months m
left join activity a on a.cohort_month = m.cohort_month and a.month = m.month;

comment on view analytics.renter_cohorts is
    'Renters (users with role renter) grouped by the UTC month they signed up in; one row per cohort and month since (month 0 = the sign-up month, up to the current month, empty months included): how many of them placed a booking that month, how many bookings, and what they paid (cents). Counts only, no user data.';
comment on column analytics.renter_cohorts.cohort_month is 'First day of the UTC month the renters signed up in (users.created_at).';
comment on column analytics.renter_cohorts.month is 'First day of the UTC month the activity is counted in (bookings.created_at).';
comment on column analytics.renter_cohorts.months_since_signup is 'month - cohort_month in months (0 = the sign-up month).';
comment on column analytics.renter_cohorts.cohort_size is 'Renters who signed up in cohort_month.';
comment on column analytics.renter_cohorts.active is 'Of those, how many placed at least one booking (abandoned checkouts aside) in month.';
comment on column analytics.renter_cohorts.active_share is 'active / cohort_size, 0-1.';
comment on column analytics.renter_cohorts.bookings is 'Bookings the cohort placed in month.';
comment on column analytics.renter_cohorts.revenue is 'What those bookings brought in: total_amount - refund_amount, cents.';

-- Owners by month of sign-up: spots they listed and bookings they received, month by month.
create view analytics.owner_cohorts as
with cohort as (
    select u.id, date_trunc('month', u.created_at at time zone 'UTC')::date as cohort_month
    from users u
    where u.role = 'owner'
), activity as (
    select c.cohort_month,
           date_trunc('month', b.created_at at time zone 'UTC')::date as month,
           count(distinct s.owner_id) as active,
           count(*) as bookings,
           sum(b.total_amount - b.refund_amount)::bigint as revenue,
           coalesce(sum(b.owner_payout) filter (where b.cancelled_at is null), 0)::bigint as owner_payouts
    from bookings b
    join parking_spots s on s.id = b.parking_spot_id
    join cohort c on c.id = s.owner_id
    where b.payment_status <> 'expired'
    group by 1, 2
), listed as (
    select c.cohort_month, date_trunc('month', s.created_at at time zone 'UTC')::date as month, count(*) as spots
    from parking_spots s
    join cohort c on c.id = s.owner_id
    group by 1, 2
), months as (
    select sizes.cohort_month, sizes.cohort_size, m::date as month
    from (select cohort_month, count(*) as cohort_size from cohort group by cohort_month) sizes,
         generate_series(sizes.cohort_month, date_trunc('month', now() at time zone 'UTC'), interval '1 month') as m
)
select m.cohort_month,
       m.month,
       ((extract(year from m.month) - extract(year from m.cohort_month)) * 12
        + extract(month from m.month) - extract(month from m.cohort_month))::integer as months_since_signup,
       m.cohort_size,
       coalesce(l.spots, 0) as spots_listed,
       coalesce(a.active, 0) as active,
       round(coalesce(a.active, 0)::numeric / m.cohort_size, 4) as active_share,
       coalesce(a.bookings, 0) as bookings,
       coalesce(a.revenue, 0) as revenue,
       coalesce(a.owner_payouts, 0) as owner_payouts
from months m
left join activity a on a.cohort_month = m.cohort_month and a.month = m.month
left join listed l on l.cohort_month = m.cohort_month and l.month = m.month;

comment on view analytics.owner_cohorts is
    'Owners (users with role owner) grouped by the UTC month they signed up in; one row per cohort and month since (month 0 = the sign-up month, up to the current month, empty months included): spots they listed, how many of them received a booking, the bookings, what renters paid and the owners'' share (cents). Counts only, no user data.';
comment on column analytics.owner_cohorts.cohort_month is 'First day of the UTC month the owners signed up in (users.created_at).';
comment on column analytics.owner_cohorts.month is 'First day of the UTC month the activity is counted in.';
comment on column analytics.owner_cohorts.months_since_signup is 'month - cohort_month in months (0 = the sign-up month).';
comment on column analytics.owner_cohorts.cohort_size is 'Owners who signed up in cohort_month.';
comment on column analytics.owner_cohorts.spots_listed is 'Spots the cohort listed in month (parking_spots.created_at).';
comment on column analytics.owner_cohorts.active is 'Owners of the cohort whose spots received at least one booking placed in month.';
comment on column analytics.owner_cohorts.active_share is 'active / cohort_size, 0-1.';
comment on column analytics.owner_cohorts.bookings is 'Bookings placed in month on the cohort''s spots (abandoned checkouts aside).';
comment on column analytics.owner_cohorts.revenue is 'What those bookings brought in: total_amount - refund_amount, cents.';
comment on column analytics.owner_cohorts.owner_payouts is 'The owners'' share of those bookings not cancelled (owner_payout), cents.';

-- Unmet demand ------------------------------------------------------------------------------------
-- Searches (analytics.search_events) counted per hexagon of ST_HexagonGrid in EPSG:3857 (web
-- mercator) and UTC hour. A search is unmet when it had few free results: none (no_free) or one or
-- two (few_free). Each search counts in the one hexagon holding its snapped point (the 0.01 degree
-- cell centre; a point on an edge goes to the hexagon of lowest i, then j), so a hexagon much
-- smaller than a cell (about 1 km) shows the grid rather than the city.

-- The hexagon (i, j) of the EPSG:3857 grid of edge p_edge (mercator metres), in longitude/latitude.
create function analytics.hexagon(p_edge double precision, p_i integer, p_j integer) returns geometry
language sql immutable parallel safe set search_path = pg_catalog, public, pg_temp as $$
    select st_transform(st_setsrid(st_hexagon(p_edge, p_i, p_j), 3857), 4326);
$$;
comment on function analytics.hexagon(double precision, integer, integer) is
    'Hexagon (p_i, p_j) of ST_HexagonGrid''s tiling of EPSG:3857 with edge p_edge (mercator metres; a true edge of p_edge x cos(latitude) metres), as a polygon in longitude/latitude (SRID 4326). Reads no table.';

create function analytics.hexagon_demand(p_area geometry, p_from timestamptz, p_to timestamptz,
                                         p_edge double precision, p_kinds text[] default array['search'])
returns table (hex_i integer, hex_j integer, hour timestamptz, searches bigint, no_free bigint,
               few_free bigint, unmet bigint)
language sql stable parallel safe set search_path = pg_catalog, public, pg_temp as $$
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
comment on function analytics.hexagon_demand(geometry, timestamptz, timestamptz, double precision, text[]) is
    'Searches per hexagon (i, j of ST_HexagonGrid over EPSG:3857, edge p_edge mercator metres) and UTC hour, for searches whose snapped point lies in p_area (SRID 4326) and whose hour is in [p_from, p_to), of the kinds p_kinds (search, viewport): searches, no_free (no free result), few_free (1-2), unmet = no_free + few_free. The building block of demand_hexagons and unmet_demand.';

-- The unmet-demand map's rows for an area (a longitude/latitude box), a period and a hexagon size
-- in true metres at the box's middle latitude.
create function analytics.demand_hexagons(p_min_lng double precision, p_min_lat double precision,
                                          p_max_lng double precision, p_max_lat double precision,
                                          p_from timestamptz, p_to timestamptz,
                                          p_size_m double precision default 1000,
                                          p_kinds text[] default array['search'])
returns table (hex_i integer, hex_j integer, hour timestamptz, hexagon geometry, searches bigint,
               no_free bigint, few_free bigint, unmet bigint)
language sql stable parallel safe set search_path = pg_catalog, public, pg_temp as $$
    select d.hex_i, d.hex_j, d.hour, analytics.hexagon(g.edge, d.hex_i, d.hex_j),
           d.searches, d.no_free, d.few_free, d.unmet
    from (select p_size_m / cos(radians((p_min_lat + p_max_lat) / 2)) as edge) g,
         analytics.hexagon_demand(st_makeenvelope(p_min_lng, p_min_lat, p_max_lng, p_max_lat, 4326),
                                  p_from, p_to, g.edge, p_kinds) d;
$$;
comment on function analytics.demand_hexagons(double precision, double precision, double precision, double precision, timestamptz, timestamptz, double precision, text[]) is
    'The unmet-demand map by hour: searches made in [p_from, p_to) whose snapped point lies in the box (longitude/latitude, WGS84), per hexagon and UTC hour. Hexagons are ST_HexagonGrid''s in EPSG:3857 with an edge of p_size_m true metres at the box''s middle latitude; hexagon is the polygon in SRID 4326. unmet = searches with no free result (no_free) or one or two (few_free). p_kinds: search (GET /parking-spots near a point, the default) and/or viewport (map views).';

-- The map GET /api/v1/admin/demand-map draws: demand_hexagons summed over the period, with the
-- share of unmet searches and the spots listed in each hexagon now. Security definer: the API may
-- only insert search events, and parking_spots is not the analyst's to read.
create function analytics.demand_map(p_min_lng double precision, p_min_lat double precision,
                                     p_max_lng double precision, p_max_lat double precision,
                                     p_from timestamptz, p_to timestamptz,
                                     p_size_m double precision default 1000,
                                     p_kinds text[] default array['search'])
returns table (hex_i integer, hex_j integer, hexagon geometry, searches bigint, no_free bigint,
               few_free bigint, unmet bigint, unmet_share numeric, spots bigint)
language sql stable security definer set search_path = pg_catalog, public, pg_temp as $$
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
comment on function analytics.demand_map(double precision, double precision, double precision, double precision, timestamptz, timestamptz, double precision, text[]) is
    'The unmet-demand map over a whole period: demand_hexagons summed per hexagon, with unmet_share = unmet / searches (0-1) and spots = active spots taking bookings inside the hexagon now. Only hexagons with searches. Answers GET /api/v1/admin/demand-map; security definer (reads search_events and parking_spots for the API and the analyst).';

-- The last 30 days' map of the whole world at one size, for analysts: hexagons of edge 1,000
-- mercator metres (a true edge of 1,000 x cos(latitude) m: about 790 m in San Francisco, 660 m in
-- Oslo). Refreshed hourly by pg_cron (analytics.refresh_materialized_views).
create materialized view analytics.unmet_demand as
select d.hex_i, d.hex_j, h.hexagon,
       round(1000 * cos(radians(st_y(st_centroid(h.hexagon)))))::integer as edge_m,
       d.searches, d.no_free, d.few_free, d.unmet,
       round(d.unmet::numeric / d.searches, 4) as unmet_share,
       (select count(*)
        from parking_spots s
        where s.location && h.hexagon::geography
          and st_intersects(s.location::geometry, h.hexagon)
          and s.is_active
          and s.is_available) as spots,
       p.period_from, p.period_to
from (select date_trunc('hour', now(), 'UTC') - interval '30 days' as period_from,
             date_trunc('hour', now(), 'UTC') as period_to) p,
     lateral (select x.hex_i, x.hex_j, sum(x.searches)::bigint as searches, sum(x.no_free)::bigint as no_free,
                     sum(x.few_free)::bigint as few_free, sum(x.unmet)::bigint as unmet
              from analytics.hexagon_demand(st_makeenvelope(-180, -85, 180, 85, 4326), p.period_from, p.period_to,
                                            1000, array['search']) x
              group by x.hex_i, x.hex_j) d,
     lateral (select analytics.hexagon(1000, d.hex_i, d.hex_j) as hexagon) h;
create unique index unmet_demand_key on analytics.unmet_demand (hex_i, hex_j);
create index unmet_demand_hexagon_idx on analytics.unmet_demand using gist (hexagon);

comment on materialized view analytics.unmet_demand is
    'The unmet-demand map of the last 30 days (period_from, period_to: whole UTC hours), everywhere: searches near a point (kind search) per hexagon of ST_HexagonGrid in EPSG:3857 with a 1,000 mercator-metre edge, how many had no or few (1-2) free results, and the spots taking bookings in each hexagon now. "Where should I list?": many unmet searches, few spots. Refreshed hourly by pg_cron (analytics.refresh_materialized_views); for another area, period or size call analytics.demand_map.';
comment on column analytics.unmet_demand.hex_i is 'Column of the hexagon in ST_HexagonGrid''s EPSG:3857 tiling (edge 1,000 mercator metres).';
comment on column analytics.unmet_demand.hex_j is 'Row of the hexagon in that tiling.';
comment on column analytics.unmet_demand.hexagon is 'The hexagon as a polygon in longitude/latitude (SRID 4326).';
comment on column analytics.unmet_demand.edge_m is 'True length of the hexagon''s edge at its centre, metres (1,000 x cos(latitude)).';
comment on column analytics.unmet_demand.searches is 'Searches whose snapped point lies in the hexagon, over the period.';
comment on column analytics.unmet_demand.no_free is 'Of those, searches with no free result.';
comment on column analytics.unmet_demand.few_free is 'Of those, searches with one or two free results.';
comment on column analytics.unmet_demand.unmet is 'no_free + few_free.';
comment on column analytics.unmet_demand.unmet_share is 'unmet / searches, 0-1.';
comment on column analytics.unmet_demand.spots is 'Active spots taking bookings inside the hexagon when the view was refreshed.';
comment on column analytics.unmet_demand.period_from is 'Start of the period (UTC, a whole hour: 30 days before period_to).';
comment on column analytics.unmet_demand.period_to is 'End of the period, exclusive (the UTC hour the view was refreshed in).';

-- Upkeep (pg_cron: jobs/cron.sql) -----------------------------------------------------------------

-- Hourly: unmet_demand always; occupancy_by_hour when a new UTC day has begun since its last
-- refresh (its period ends at UTC midnight), or when p_force. CONCURRENTLY: readers are not
-- blocked (each view has a unique index). Returns how many views were refreshed.
create function analytics.refresh_materialized_views(p_force boolean default false) returns integer
language plpgsql security definer set search_path = pg_catalog, public, pg_temp as $$
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
comment on function analytics.refresh_materialized_views(boolean) is
    'pg_cron, hourly (parkingspots-refresh-analytics): refreshes analytics.unmet_demand, and analytics.occupancy_by_hour when a new UTC day has begun since (or when p_force), CONCURRENTLY; returns how many views it refreshed. Security definer: only the owner may refresh a materialized view.';

-- Daily: search events older than p_keep (jobs/cron.sql: 400 days, enough to compare a month with
-- the same month a year before) are deleted.
create function analytics.purge_search_events(p_keep interval default interval '400 days',
                                              p_now timestamptz default now())
returns integer
language sql security definer set search_path = pg_catalog, public, pg_temp as $$
    with purged as (
        delete from analytics.search_events where searched_at < p_now - p_keep returning 1
    )
    select count(*)::integer from purged;
$$;
comment on function analytics.purge_search_events(interval, timestamptz) is
    'pg_cron, daily (parkingspots-purge-search-events): deletes search events older than p_keep (400 days by the job); returns how many rows it deleted.';
