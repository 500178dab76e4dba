-- Queries of scripts/bench_logins.py (logins under a search load): its users and spots.

-- name: create_login_users(prefix, n, hashed_password)
-- n renters, emails <prefix>-<i>@bench.parkingspots.dev, all with the given password hash; their ids.
insert into users (email, full_name, role, hashed_password)
select :prefix || '-' || i || '@bench.parkingspots.dev', 'Bench User ' || i, 'renter', :hashed_password
from generate_series(1, :n) as i
returning id;

-- name: create_owner()$
-- The owner of the bench spots; its id.
insert into users (email, full_name, role)
values ('owner@bench.parkingspots.dev', 'Bench Owner', 'owner')
returning id;

-- name: create_spots(owner_id, n, lat, lon, spread)!
-- n always-open spots scattered uniformly within +-spread degrees of (lat, lon).
insert into parking_spots (owner_id, title, spot_type, address, city, state, zip_code, latitude, longitude,
                           timezone, hourly_rate)
select :owner_id, 'Bench spot ' || i, 'garage', '1 Ferry Building', 'San Francisco', 'CA', '94111',
       :lat + (random() * 2 - 1) * :spread, :lon + (random() * 2 - 1) * :spread, 'America/Los_Angeles', 500
from generate_series(1, :n) as i;

-- name: analyze_all#
analyze;
