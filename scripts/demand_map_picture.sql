-- Named queries of scripts/demand_map_picture.py (kept beside it; the map itself is the API's query,
-- sql/analytics/demand_map.sql).

-- name: spot_points(min_lng, min_lat, max_lng, max_lat)
-- The spots taking bookings in the box, as dots under the hexagons.
select s.longitude, s.latitude
from parking_spots s
where s.is_active
  and s.is_available
  and s.location && st_makeenvelope(:min_lng::float8, :min_lat::float8, :max_lng::float8, :max_lat::float8, 4326)::geography
order by s.id;
