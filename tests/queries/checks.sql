-- name: get_spot(spot_id)^
select *
from parking_spots
where id = :spot_id;

-- name: get_booking(booking_id)^
select *
from bookings
where id = :booking_id;

-- name: get_review(review_id)^
select *
from reviews
where id = :review_id;

-- name: review_shape(review_id)$
select review_out(r)
from reviews r
where r.id = :review_id;

-- name: count_active_bookings(spot_id)$
select count(*)
from bookings
where parking_spot_id = :spot_id
  and booking_holds_slot(status);

-- name: count_overlapping_active_pairs()$
-- Pairs of active bookings of one spot whose periods overlap: must always be 0.
select count(*)
from bookings a
join bookings b
  on a.parking_spot_id = b.parking_spot_id
 and a.id < b.id
 and tstzrange(a.start_time, a.end_time) && tstzrange(b.start_time, b.end_time)
where booking_holds_slot(a.status)
  and booking_holds_slot(b.status);

-- name: quote(hourly, daily, monthly, start_time, end_time)^
select *
from price_quote(:hourly, :daily::int, :monthly::int, :start_time, :end_time);

-- name: quote_spot(spot_id, start_time, end_time)^
select *
from quote_price(:spot_id, :start_time, :end_time);

-- name: transition_allowed(from_status, to_status)$
select booking_transition_allowed(:from_status::booking_status, :to_status::booking_status);

-- name: auto_start(now)$
select auto_start_bookings(:now);

-- name: auto_checkout(now)$
select auto_checkout_bookings(:now);

-- name: expire_holds(now)$
select expire_unpaid_holds(:now);

-- name: tables_missing_timestamps()
-- Base tables of the public schema lacking created_at/updated_at or the trigger that keeps updated_at
-- (dbmate's and the rule runner's bookkeeping tables aside).
select c.relname as table_name
from pg_class c
join pg_namespace n on n.oid = c.relnamespace
where n.nspname = 'public'
  and c.relkind = 'r'
  and c.relname not in ('schema_migrations', 'schema_rules', 'spatial_ref_sys')
  and (
      not exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'created_at')
      or not exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'updated_at')
      or not exists (select 1 from pg_trigger t
                     join pg_proc p on p.oid = t.tgfoid
                     where t.tgrelid = c.oid and p.proname = 'set_updated_at')
  )
order by 1;

-- name: cron_jobs()
select jobname, schedule, command
from cron.job
order by jobname;

-- name: point_of(spot_id)$
select st_astext(location::geometry)
from parking_spots
where id = :spot_id;

-- name: spots_with_wrong_counters()$
-- Spots whose trigger-kept counters disagree with a recount (of visible reviews): must always be 0.
select count(*)
from parking_spots s
where s.total_bookings <> (select count(*) from bookings b
                           where b.parking_spot_id = s.id
                             and b.status in ('confirmed', 'in_progress', 'completed'))
   or s.total_reviews <> (select count(*) from reviews r where r.parking_spot_id = s.id and r.hidden_at is null)
   or s.average_rating <> coalesce((select round(avg(r.overall_rating), 2) from reviews r
                                    where r.parking_spot_id = s.id and r.hidden_at is null), 0);

-- name: reset_token_stored(token_hash)$
select exists (select 1 from password_reset_tokens where token_hash = :token_hash);

-- name: oauth_identities()
select provider, subject, user_id::text as user_id, email::text as email
from oauth_identities
order by provider, subject;

-- name: count_users()$
select count(*)
from users;

-- name: only_user()^
-- The one account of a test that made one.
select id, hashed_password, is_verified
from users;

-- name: set_verified(email)!
update users
set is_verified = true
where email = :email;

-- name: get_connect_flags(user_id)^
select stripe_charges_enabled as charges_enabled, stripe_payouts_enabled as payouts_enabled,
       stripe_transfers_active as transfers_active
from users
where id = :user_id::uuid;

-- name: take_outbox_mail(lim, now)
select id, recipient::text as recipient, kind, subject, body
from take_outbox_mail(:lim, :now);

-- name: purge_outbox(now)$
select purge_outbox(interval '1 day', interval '7 days', :now);

-- name: outbox_mail()
select id, recipient::text as recipient, body, sent_at
from outbox
order by created_at, id;

-- name: tables_holding(needle)
-- The tables of schema public with a row whose text (any column, as XML) contains needle.
select t.table_name::text as table_name
from information_schema.tables t
where t.table_schema = 'public'
  and t.table_type = 'BASE TABLE'
  and strpos(query_to_xml(format('select * from %I.%I', t.table_schema, t.table_name),
                          true, false, '')::text, :needle) > 0
order by t.table_name;
