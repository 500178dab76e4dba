-- Queries of scripts/bench_bookings.py (booking creation): its owner, renters and spots, and the
-- bookings counted afterwards.

-- name: create_owner()$
-- The owner of every bench spot; its id.
insert into users (email, full_name, role)
values ('owner@bench.parkingspots.dev', 'Bench Owner', 'owner')
returning id;

-- name: create_renters(n)
-- n renters, emails renter-<i>@bench.parkingspots.dev; their ids.
insert into users (email, full_name, role)
select 'renter-' || i || '@bench.parkingspots.dev', 'Bench Renter ' || i, 'renter'
from generate_series(1, :n) as i
returning id;

-- name: create_spots(owner_id, n)
-- n always-open spots (no opening hours, no blackouts) of the owner; their ids.
insert into parking_spots (owner_id, title, spot_type, address, city, state, zip_code, latitude, longitude,
                           timezone, hourly_rate)
select :owner_id, 'Bench spot ' || i, 'garage', '1 Ferry Building', 'San Francisco', 'CA', '94111',
       37.7955 + i * 0.0001, -122.3937, 'America/Los_Angeles', 500
from generate_series(1, :n) as i
returning id;

-- name: count_bookings(spot_ids)$
-- Bookings on these spots, whatever their status.
select count(*)
from bookings
where parking_spot_id = any(:spot_ids::uuid[]);

-- name: analyze_all#
analyze;
