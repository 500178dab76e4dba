-- Named queries of the demo data loader (scripts/demo_data.py); kept beside it, out of the app's sql/. Bulk rows go in with COPY;
-- these are the steps around it.

-- name: count_users()$
-- How many accounts exist: the loader refuses a database that already has some.
select count(*)
from users;

-- name: allow_past_bookings()!
-- The bookings loaded are history (most started in the past), which the booking rules refuse unless
-- the transaction says it is loading history: only for this transaction.
set local parkingspots.allow_past_bookings = on;

-- name: cancel_bookings(ids, reasons, times)!
-- Cancels confirmed bookings as their renters would, each with its reason and time.
update bookings b
set status = 'cancelled',
    cancellation_reason = c.reason,
    cancelled_by = b.user_id,
    cancelled_at = c.at
from unnest(:ids::uuid[], :reasons::text[], :times::timestamptz[]) as c (id, reason, at)
where b.id = c.id;

-- name: auto_start_bookings()$
-- The database's own auto-start, as pg_cron runs it: confirmed bookings that began -> in_progress.
select auto_start_bookings(now());

-- name: auto_checkout_bookings()$
-- The database's own auto-checkout: in_progress bookings that ended -> completed.
select auto_checkout_bookings(now());

-- name: completed_bookings(ids)
-- Which of the given bookings are completed, so they can be reviewed.
select b.id,
       b.user_id,
       b.parking_spot_id,
       b.end_time
from bookings b
where b.id = any(:ids::uuid[])
  and b.status = 'completed'
order by b.end_time, b.id;

-- name: respond_to_reviews(ids, responses)!
-- The spot owners' responses (the review trigger stamps owner_responded_at).
update reviews r
set owner_response = c.response
from unnest(:ids::uuid[], :responses::text[]) as c (id, response)
where r.id = c.id;

-- name: deactivate_spots(ids)!
-- Spots their owners have unlisted: only those with no upcoming booking (the database refuses to
-- deactivate a spot renters still hold slots on).
update parking_spots s
set is_active = false
where s.id = any(:ids::uuid[])
  and not exists (select 1
                  from bookings b
                  where b.parking_spot_id = s.id
                    and booking_holds_slot(b.status)
                    and b.end_time > now());

-- name: make_spots_unavailable(ids)!
-- Spots their owners have paused.
update parking_spots
set is_available = false
where id = any(:ids::uuid[]);

-- name: count_users_by_role()
-- Summary: accounts per role.
select role::text as role,
       count(*) as n
from users
group by role
order by role;

-- name: count_spots()^
-- Summary: spots, listed spots, and spots taking bookings.
select count(*) as total,
       count(*) filter (where is_active) as active,
       count(*) filter (where is_active and is_available) as bookable
from parking_spots;

-- name: count_bookings_by_status()
-- Summary: bookings per status.
select status::text as status,
       count(*) as n
from bookings
group by status
order by status;

-- name: count_reviews()^
-- Summary: reviews, owner responses and helpful votes.
select count(*) as reviews,
       count(owner_response) as owner_responses,
       (select count(*) from review_helpful_votes) as helpful_votes
from reviews;

-- name: count_searches()^
-- Summary: searches recorded for the demand map, and how many found no or few (1-2) free spots.
select coalesce(sum(searches), 0) as searches,
       coalesce(sum(searches) filter (where free_results <= 2), 0) as unmet
from analytics.search_events;

-- name: refresh_analytics()$
-- The analytics schema's materialized views (occupancy_by_hour, unmet_demand) brought up to the demo
-- data now; pg_cron refreshes them hourly afterwards (jobs/cron.sql).
select analytics.refresh_materialized_views(true);
