-- Rows the analytics tests write and the views they read (tests/analytics).

-- name: add_user(email, role, created_at)$
insert into users (email, full_name, role, created_at)
values (:email, 'Test User', :role::user_role, :created_at)
returning id;

-- name: add_spot(owner_id, city, spot_type, latitude, longitude, timezone, operating_hours)$
insert into parking_spots (owner_id, title, spot_type, address, city, state, zip_code, latitude, longitude,
                           timezone, hourly_rate, daily_rate, operating_hours)
values (:owner_id, 'Test spot', :spot_type::spot_type, '1 Test St', :city, 'CA', '94111', :latitude, :longitude,
        :timezone, 500, 3000, :operating_hours::jsonb)
returning id;

-- name: set_spot_flags(spot_id, is_active, is_available)!
update parking_spots set is_active = :is_active, is_available = :is_available where id = :spot_id;

-- name: allow_past_bookings()!
set local parkingspots.allow_past_bookings = on;

-- name: add_booking(user_id, spot_id, start_time, end_time, status, created_at)^
insert into bookings (user_id, parking_spot_id, start_time, end_time, status, payment_status, created_at)
values (:user_id, :spot_id, :start_time, :end_time, :status::booking_status,
        case when :status = 'pending' then 'pending' else 'not_required' end, :created_at)
returning *;

-- name: move_booking(booking_id, status)!
update bookings set status = :status::booking_status where id = :booking_id;

-- name: cancel_booking(booking_id, refund_amount)!
update bookings set status = 'cancelled', refund_amount = :refund_amount, cancelled_at = now() where id = :booking_id;

-- name: expire_booking(booking_id)!
update bookings set status = 'cancelled', payment_status = 'expired', cancelled_at = now() where id = :booking_id;

-- name: add_movement(booking_id, kind, amount, stripe_id)!
insert into money_movements (booking_id, kind, stripe_id, amount, currency, occurred_at)
values (:booking_id, :kind::money_movement_kind, :stripe_id, :amount, 'usd', now());

-- name: add_search_event(searched_at, kind, latitude, longitude, free_results, searches)!
insert into analytics.search_events (searched_at, kind, latitude, longitude, radius_m, results, free_results, searches)
values (:searched_at, :kind, :latitude, :longitude, 1000, greatest(:free_results, 5), :free_results, :searches);

-- name: search_events()
select * from analytics.search_events order by id;

-- name: daily_bookings()
select * from analytics.daily_bookings order by day, city, spot_type;

-- name: occupancy(period_from, period_to)
select * from analytics.occupancy(:period_from, :period_to) order by spot_id, day_of_week, hour_of_day;

-- name: occupancy_by_hour()
select * from analytics.occupancy_by_hour order by spot_id, day_of_week, hour_of_day;

-- name: spot_performance()
select * from analytics.spot_performance order by spot_id;

-- name: renter_cohorts()
select * from analytics.renter_cohorts order by cohort_month, month;

-- name: owner_cohorts()
select * from analytics.owner_cohorts order by cohort_month, month;

-- name: demand_hexagons(min_lng, min_lat, max_lng, max_lat, from_time, to_time, size_m)
select hex_i, hex_j, hour, searches, no_free, few_free, unmet, st_astext(hexagon) as hexagon
from analytics.demand_hexagons(:min_lng, :min_lat, :max_lng, :max_lat, :from_time, :to_time, :size_m)
order by hex_i, hex_j, hour;

-- name: unmet_demand()
select * from analytics.unmet_demand order by hex_i, hex_j;

-- name: refresh_views(force)$
select analytics.refresh_materialized_views(:force);

-- name: analytics_columns()
-- Every column of every table, view and materialized view of schema analytics.
select c.relname as relation, a.attname as column_name
from pg_class c
join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
where c.relnamespace = 'analytics'::regnamespace
  and c.relkind in ('r', 'v', 'm')
order by 1, 2;

-- name: set_hours(spot_id, hours)!
-- Opening hours changed after bookings were made (a booking must fit the hours when it is made).
update parking_spots set operating_hours = :hours::jsonb where id = :spot_id;

-- name: hide_search_events()!
-- The search log's table out of the way, so that its writes fail.
alter table analytics.search_events rename to search_events_away;

-- name: restore_search_events()!
alter table analytics.search_events_away rename to search_events;

-- name: demand_map(min_lng, min_lat, max_lng, max_lat, from_time, to_time, size_m)
select hex_i, hex_j, searches, no_free, few_free, unmet, unmet_share, spots
from analytics.demand_map(:min_lng, :min_lat, :max_lng, :max_lat, :from_time, :to_time, :size_m)
order by hex_i, hex_j;

-- name: role_of(kind)$
select role_name from database_roles where kind = :kind;

-- name: set_role(role)!
-- For the rest of the transaction, act as that role (SET LOCAL ROLE, which takes no parameter).
select set_config('role', :role, true);

-- name: raw_bookings()
-- Every booking with what daily_bookings groups by, read from the tables themselves.
select b.id, b.created_at, b.total_amount, b.service_fee, b.owner_payout, b.refund_amount, b.cancelled_at,
       b.payment_status, s.city, s.spot_type::text as spot_type, s.latitude, s.longitude
from bookings b
join parking_spots s on s.id = b.parking_spot_id;

-- name: raw_spots()
select latitude, longitude from parking_spots where is_active and is_available;
