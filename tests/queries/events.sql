-- name: recorded_events()
-- The events table, oldest first, as clients receive each row (event_message) plus its audience.
select e.id, e.type, event_message(e) as message, e.spot_id, e.user_id, e.owner_id, e.public, e.created_at
from events e
order by e.id;

-- name: purge_events(keep, now)$
select purge_events(:keep::interval, :now);

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

-- name: delete_user(user_id)!
delete from users
where id = :user_id;

-- name: lock_user(user_id)!
-- What an admin locking the account does.
update users
set is_active = false,
    token_version = token_version + 1
where id = :user_id;

-- name: create_spots(owner_id, n)
-- n spots of one owner (always open), their ids.
insert into parking_spots (owner_id, title, spot_type, address, city, state, zip_code, latitude, longitude,
                           timezone, hourly_rate)
select :owner_id, 'Test spot ' || n, 'garage', '1 Ferry Building', 'San Francisco', 'CA', '94111',
       37.7955, -122.3937, 'America/Los_Angeles', 500
from generate_series(1, :n) as n
returning id;

-- name: flip_spots_of(owner_id)!
-- Toggles the availability of every spot of an owner: one event per spot, in one statement.
update parking_spots
set is_available = not is_available
where owner_id = :owner_id;

-- name: terminate_listeners()$
-- Ends the API workers' LISTEN connections, as a PostgreSQL restart or a network cut would.
select count(pg_terminate_backend(pid))
from pg_stat_activity
where datname = current_database()
  and query ilike 'listen %';
