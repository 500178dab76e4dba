-- name: create_user(email, role)$
-- A user with no password (tests that log in set one through the API).
insert into users (email, full_name, role)
values (:email, 'Test User', :role::user_role)
returning id;

-- name: create_spot(owner_id, hourly_rate, daily_rate, monthly_rate, operating_hours)$
-- A spot in San Francisco (Ferry Building) with the given rates and hours.
insert into parking_spots (owner_id, title, spot_type, address, city, state, zip_code,
                           latitude, longitude, timezone, hourly_rate, daily_rate, monthly_rate,
                           operating_hours)
values (:owner_id, 'Test spot', 'garage', '1 Ferry Building', 'San Francisco', 'CA', '94111',
        37.7955, -122.3937, 'America/Los_Angeles', :hourly_rate, :daily_rate::int, :monthly_rate::int,
        :operating_hours::jsonb)
returning id;

-- name: set_spot_flags(spot_id, is_active, is_available)!
update parking_spots
set is_active = :is_active,
    is_available = :is_available
where id = :spot_id;

-- name: move_spot(spot_id, latitude, longitude)!
update parking_spots
set latitude = :latitude,
    longitude = :longitude
where id = :spot_id;

-- name: allow_past_bookings()!
-- Bookings that start in the past are history; the booking rules take them only when the
-- transaction says so (call inside conn.transaction()).
set local parkingspots.allow_past_bookings = on;

-- name: create_booking(user_id, spot_id, start_time, end_time, status)^
insert into bookings (user_id, parking_spot_id, start_time, end_time, status)
values (:user_id, :spot_id, :start_time, :end_time, :status::booking_status)
returning *;

-- name: set_booking_status(booking_id, status)^
update bookings
set status = :status::booking_status
where id = :booking_id
returning *;

-- name: set_booking_user(booking_id, user_id)!
update bookings
set user_id = :user_id
where id = :booking_id;

-- name: set_booking_end(booking_id, end_time)^
update bookings
set end_time = :end_time
where id = :booking_id
returning *;

-- name: delete_booking(booking_id)!
delete from bookings
where id = :booking_id;

-- name: create_blackout(spot_id, starts_at, ends_at)$
insert into spot_blackouts (parking_spot_id, starts_at, ends_at, reason)
values (:spot_id, :starts_at, :ends_at, 'owner away')
returning id;

-- name: create_review(booking_id, spot_id, reviewer_id, rating)^
insert into reviews (booking_id, parking_spot_id, reviewer_id, overall_rating, comment)
values (:booking_id, :spot_id, :reviewer_id, :rating, 'fine')
returning *;

-- name: set_review_rating(review_id, rating)!
update reviews
set overall_rating = :rating
where id = :review_id;

-- name: respond_to_review(review_id, response)^
update reviews
set owner_response = :response
where id = :review_id
returning *;

-- name: delete_review(review_id)!
delete from reviews
where id = :review_id;

-- name: vote_helpful(review_id, user_id)!
insert into review_helpful_votes (review_id, user_id)
values (:review_id, :user_id);

-- name: unvote_helpful(review_id, user_id)!
delete from review_helpful_votes
where review_id = :review_id
  and user_id = :user_id;

-- name: create_review_at(booking_id, reviewer_id, rating, created_at)^
-- A review as if posted at created_at (set_updated_at keeps created_at from changing later).
insert into reviews (booking_id, reviewer_id, overall_rating, created_at)
values (:booking_id, :reviewer_id, :rating, :created_at)
returning *;

-- name: hide_review_in_sql(review_id, reason)!
-- As a DBA at psql would: no API, no admin id.
update reviews
set hidden_at = now(),
    hidden_reason = :reason
where id = :review_id;

-- name: unhide_review_in_sql(review_id)!
update reviews
set hidden_at = null,
    hidden_by = null,
    hidden_reason = null
where id = :review_id;

-- name: edit_review_at(review_id, user_id, patch, now)^
select *
from edit_review(:review_id, :user_id, :patch::jsonb, :now);

-- name: delete_review_at(review_id, user_id, now)^
select *
from delete_review(:review_id, :user_id, :now);

-- name: respond_as(review_id, user_id, response)^
select *
from respond_to_review(:review_id, :user_id, :response);

-- name: set_user_contact(user_id, full_name, phone_number)!
update users
set full_name = :full_name,
    phone_number = :phone_number
where id = :user_id::uuid;

-- name: set_review_edit_days(days)!
update platform_settings
set review_edit_days = :days;

-- name: set_booking_horizon(days)!
update platform_settings
set max_booking_ahead_days = :days;

-- name: set_fee_settings(percent, fixed_cents)!
update platform_settings
set service_fee_percent = :percent,
    service_fee_fixed_cents = :fixed_cents;

-- name: make_admin(user_id)!
update users
set role = 'admin'
where id = :user_id::uuid;

-- name: latest_mail(recipient)^
select recipient, kind, subject, body
from outbox
where recipient = :recipient
order by created_at desc
limit 1;

-- name: expire_reset_tokens()!
update password_reset_tokens
set expires_at = now() - interval '1 second';

-- name: count_reset_tokens()$
select count(*)
from password_reset_tokens;

-- name: get_password_hash_by_email(email)$
select hashed_password
from users
where email = :email;

-- name: set_password_hash_by_email(email, hashed_password)!
update users
set hashed_password = :hashed_password
where email = :email;

-- name: create_spot_at(owner_id, latitude, longitude, title, hourly_rate)$
-- A plain always-open garage at a given point.
insert into parking_spots (owner_id, title, spot_type, address, city, state, zip_code,
                           latitude, longitude, timezone, hourly_rate)
values (:owner_id::uuid, :title, 'garage', '1 Test Street', 'Testville', 'TS', '00000',
        :latitude, :longitude, 'UTC', :hourly_rate)
returning id;

-- name: create_many_spots(owner_id, n)!
-- n spots scattered over the San Francisco Bay Area, so the planner has a table worth indexing.
insert into parking_spots (owner_id, title, spot_type, address, city, state, zip_code,
                           latitude, longitude, timezone, hourly_rate)
select :owner_id::uuid, 'Bulk spot ' || g, 'driveway', g || ' Bulk Street', 'Bulkville', 'CA', '94000',
       37.3 + random() * 0.8, -122.6 + random() * 0.8, 'America/Los_Angeles', 100 + (random() * 900)::int
from generate_series(1, :n) as g;

-- name: analyze_spots()!
analyze parking_spots;

-- name: force_generic_plans()!
set plan_cache_mode = force_generic_plan;

-- name: set_spot_rating(spot_id, rating)!
-- Pretend reviews happened (counters are otherwise kept by triggers).
update parking_spots
set average_rating = :rating,
    total_reviews = 3
where id = :spot_id;

-- name: mark_paid(booking_id)!
-- As the payment webhook does: the booking was paid, its charge is in the ledger.
with paid as (
    update bookings
    set payment_status = 'paid'
    where id = :booking_id::uuid
    returning id, user_id, total_amount
), payment as (
    insert into payments (booking_id, user_id, amount, status, stripe_payment_intent_id, stripe_charge_id)
    select id, user_id, total_amount, 'succeeded', 'pi_fixture_' || id, 'ch_fixture_' || id from paid
    returning id, booking_id, amount
)
insert into money_movements (booking_id, payment_id, kind, stripe_id, amount, currency, occurred_at)
select booking_id, id, 'charge', 'ch_fixture_' || booking_id, amount, 'usd', now() from payment;

-- name: count_bookings(spot_id)$
select count(*)
from bookings
where parking_spot_id = :spot_id::uuid;

-- name: expire_holds_at_hold_end()$
-- pg_cron's hold expiry, run with the clock at the latest hold's end.
select expire_unpaid_holds((select max(hold_expires_at) from bookings));

-- name: create_renters(n)
-- n renters at once (token_version 0), for load-style tests that mint their tokens.
insert into users (email, full_name, role)
select 'load-renter-' || g || '@example.com', 'Load Renter ' || g, 'renter'
from generate_series(1, :n) as g
returning id;

-- name: count_webhook_events()$
select count(*)
from processed_webhook_events;

-- name: set_connect(user_id, account_id)!
-- An owner whose Connect account can take charges and receive bookings' charges (transfers active).
update users
set stripe_account_id = :account_id,
    stripe_charges_enabled = true,
    stripe_payouts_enabled = true,
    stripe_transfers_active = true
where id = :user_id::uuid;

-- name: terminate_other_backends()!
-- Every other session of this database ends, as a PostgreSQL restart would end them.
select pg_terminate_backend(pid)
from pg_stat_activity
where datname = current_database()
  and pid <> pg_backend_pid();

-- name: add_mail(recipient, body, created_at, sent_at)$
-- A mail in the outbox as of created_at, delivered at sent_at (or not, when null).
insert into outbox (recipient, kind, subject, body, created_at, sent_at)
values (:recipient, 'password_reset', 'Reset your ParkingSpots password', :body, :created_at, :sent_at)
returning id;

-- name: mark_mail_sent(recipient)!
-- What a relay of its own might do after sending: set sent_at, nothing else.
update outbox
set sent_at = now()
where recipient = :recipient;

-- name: create_blackout(spot_id, starts_at, ends_at)!
-- A blackout at any time, past ones included (the API takes any window; this skips the HTTP round).
insert into spot_blackouts (parking_spot_id, starts_at, ends_at)
values (:spot_id, :starts_at, :ends_at);
