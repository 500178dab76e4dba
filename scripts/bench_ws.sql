-- Queries of scripts/bench_ws.py (the WebSocket benchmark): its users, spots and the changes it drives.

-- name: create_users(prefix, role, n)
-- n users of a role, emails <prefix>-<i>@bench.parkingspots.dev; their ids.
insert into users (email, full_name, role)
select :prefix || '-' || i || '@bench.parkingspots.dev', 'Bench User ' || i, :role::user_role
from generate_series(1, :n) as i
returning id;

-- name: create_spots(owner_ids, per_owner)
-- per_owner always-open spots for each owner; (id, owner_id).
insert into parking_spots (owner_id, title, spot_type, address, city, state, zip_code, latitude, longitude,
                           timezone, hourly_rate)
select o.id, 'Bench spot ' || n, 'garage', '1 Ferry Building', 'San Francisco', 'CA', '94111',
       37.7955, -122.3937, 'America/Los_Angeles', 500
from unnest(:owner_ids::uuid[]) as o (id)
cross join generate_series(1, :per_owner) as n
returning id, owner_id;

-- name: flip_spot(spot_id)!
-- One spot_availability event.
update parking_spots
set is_available = not is_available
where id = :spot_id;

-- name: book(user_id, spot_id, start_time, end_time)$
-- One new_booking event (a pending booking); its id.
insert into bookings (user_id, parking_spot_id, start_time, end_time, status)
values (:user_id, :spot_id, :start_time, :end_time, 'pending')
returning id;

-- name: confirm(booking_id)!
-- One booking_update event.
update bookings
set status = 'confirmed'
where id = :booking_id;

-- name: events_between(after, upto)
-- The events the run made, with who may see them.
select id, spot_id, user_id, owner_id, public
from events
where id > :after
  and id <= :upto
order by id;

-- name: newest_event_id()$
select coalesce(max(id), 0)
from events;
