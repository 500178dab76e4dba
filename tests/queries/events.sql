-- name: recorded_events()
-- The events table, oldest first, as clients receive each row (event_message) plus its audience.
select e.id, e.type, event_message(e) as message, e.spot_id, e.user_id, e.owner_id, e.public
from events e
order by e.id;

-- name: purge_events(keep, now)$
select purge_events(:keep::interval, :now);

-- name: age_events(older_than_id, created_at)!
-- Moves the events below an id back in time (the purge tests).
update events
set created_at = :created_at
where id < :older_than_id;

-- name: lock_spot_row(spot_id)!
-- Holds the spot row until the transaction ends (the commit-order test).
select 1
from parking_spots
where id = :spot_id
for update;

-- name: bump_token_version(user_id)!
-- What logout-everywhere, a password change or a role change does to a user's tokens.
update users
set token_version = token_version + 1
where id = :user_id;
