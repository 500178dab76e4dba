-- name: copy_spot_many_times(spot_id, copies)!
-- copies listings next to a spot (0.001 degree apart northwards) in one statement: a bulk change.
insert into parking_spots (owner_id, title, spot_type, address, city, state, zip_code, latitude,
                           longitude, timezone, hourly_rate)
select owner_id, title, spot_type, address, city, state, zip_code, latitude + i * 0.001, longitude,
       timezone, hourly_rate
from parking_spots, generate_series(1, :copies) i
where id = :spot_id;
