-- A spot's calendar: busy intervals, and the owner's blackouts.

-- name: busy_intervals(spot_id, from_time, to_time)
-- Bookings and blackouts overlapping the window, for a calendar.
select starts_at, ends_at, kind, id
from spot_busy_intervals(:spot_id, :from_time, :to_time);

-- name: create_blackout(spot_id, starts_at, ends_at, reason)^
-- Refused (PS409 blackout_booking_overlap) when an active booking holds part of that time.
insert into spot_blackouts (parking_spot_id, starts_at, ends_at, reason)
values (:spot_id, :starts_at, :ends_at, :reason)
returning id, parking_spot_id, starts_at, ends_at, reason, created_at;

-- name: delete_blackout(spot_id, blackout_id)$
delete from spot_blackouts
where id = :blackout_id
  and parking_spot_id = :spot_id
returning id;

-- name: list_blackouts(spot_id)
-- The spot's blackouts that have not ended yet, soonest first (what an owner can still lift).
select id, parking_spot_id, starts_at, ends_at, reason, created_at
from spot_blackouts
where parking_spot_id = :spot_id
  and ends_at > now()
order by starts_at, id;
