-- Parking spots: listings, search (PostGIS), availability and blackouts.
-- A spot reaches the API as spot_out(s) (db/rules/20_spots.sql): the public shape leaves out
-- access_instructions, which spot_out(s, true) adds for the owner's own listings; a search result
-- is spot_item_out(s, meters).

-- name: create_spot(owner_id, spot)$
-- Creates a listing from a validated JSON object holding every writable column.
insert into parking_spots as s (owner_id, title, description, spot_type, vehicle_size, address, city, state,
                           zip_code, latitude, longitude, timezone, hourly_rate, daily_rate, monthly_rate,
                           is_covered, has_ev_charging, has_security, has_lighting, is_handicap_accessible,
                           images, operating_hours, access_instructions)
select :owner_id, p.title, p.description, p.spot_type, p.vehicle_size, p.address, p.city, p.state,
       p.zip_code, p.latitude, p.longitude, p.timezone, p.hourly_rate, p.daily_rate, p.monthly_rate,
       p.is_covered, p.has_ev_charging, p.has_security, p.has_lighting, p.is_handicap_accessible,
       p.images, p.operating_hours, p.access_instructions
from jsonb_populate_record(null::parking_spots, :spot::jsonb) p
returning spot_out(s, true);

-- name: update_spot(spot_id, patch)$
-- Applies the fields present in patch (an explicit null clears a nullable field).
update parking_spots s
set (title, description, spot_type, vehicle_size, address, city, state, zip_code, latitude, longitude,
     timezone, hourly_rate, daily_rate, monthly_rate, is_covered, has_ev_charging, has_security,
     has_lighting, is_handicap_accessible, images, operating_hours, access_instructions)
  = (select p.title, p.description, p.spot_type, p.vehicle_size, p.address, p.city, p.state, p.zip_code,
            p.latitude, p.longitude, p.timezone, p.hourly_rate, p.daily_rate, p.monthly_rate, p.is_covered,
            p.has_ev_charging, p.has_security, p.has_lighting, p.is_handicap_accessible, p.images,
            p.operating_hours, p.access_instructions
     from jsonb_populate_record(s, :patch::jsonb) p)
where s.id = :spot_id
returning spot_out(s, true);

-- name: get_spot(spot_id)$
-- A spot's public detail (active or not: the owner's link keeps working; is_active says which).
select spot_out(s)
from parking_spots s
where s.id = :spot_id;

-- name: get_spot_owner(spot_id)$
-- Who may change this spot (besides admins).
select owner_id
from parking_spots
where id = :spot_id;

-- name: list_owner_spots(owner_id, lim, off)
-- An owner's listings, inactive ones included, with their access instructions.
select spot_out(s, true) as item,
       count(*) over () as total
from parking_spots s
where owner_id = :owner_id
order by created_at desc, id
limit :lim
offset :off;

-- name: set_spot_active(spot_id, is_active)^
-- Deactivating is refused (PS409 spot_has_future_bookings) while renters hold future slots.
update parking_spots
set is_active = :is_active
where id = :spot_id
returning id, is_active, is_available;

-- name: set_spot_available(spot_id, is_available)^
update parking_spots
set is_available = :is_available
where id = :spot_id
returning id, is_active, is_available;

-- name: search_spots_nearest(lon, lat, radius_m, filters, lim, off)
-- Nearest first: one GiST index scan bounded by the radius (Index Cond from ST_DWithin) and walked
-- in distance order (KNN <->) until a page of matching spots is found. Without the ST_DWithin the
-- walk is unbounded when filters match nothing nearby (2.1 s at 1M spots); with it the planner
-- keeps the ordered index scan under custom and generic plans (0.35 ms for a 2 km top 20).
-- The page is re-sorted by spheroid distance (<-> orders by sphere distance). Each search query
-- picks its page first and builds the JSON of that page only.
select spot_item_out(near.s, near.meters) as item
from (
    select s, st_distance(s.location, q.p) as meters
    from parking_spots s,
         (select st_setsrid(st_makepoint(:lon, :lat), 4326)::geography as p) q
    where st_dwithin(s.location, q.p, :radius_m)
      and spot_matches(s, :filters::jsonb)
    order by s.location <-> q.p
    limit :lim
    offset :off
) near
order by near.meters;

-- name: search_spots_ranked(lon, lat, radius_m, sort, filters, lim, off)
-- Within the radius (ST_DWithin on the GiST index), cheapest first (sort = 'price') or best rated
-- first (sort = 'rating'); ties broken by id so pages are stable.
select spot_item_out(page.s, page.meters) as item
from (
    select s, st_distance(s.location, q.p) as meters,
           case when :sort = 'price' then s.hourly_rate end as price,
           case when :sort = 'rating' then s.average_rating end as rating,
           case when :sort = 'rating' then s.total_reviews end as reviews
    from parking_spots s,
         (select st_setsrid(st_makepoint(:lon, :lat), 4326)::geography as p) q
    where st_dwithin(s.location, q.p, :radius_m)
      and spot_matches(s, :filters::jsonb)
    order by price, rating desc, reviews desc, s.id
    limit :lim
    offset :off
) page
order by page.price, page.rating desc, page.reviews desc, (page.s).id;

-- name: search_spots_in_city(city, sort, filters, lim, off)
-- Without coordinates: the spots of a city (any letter case), by price or rating.
select spot_item_out(page.s, null) as item
from (
    select s,
           case when :sort = 'price' then s.hourly_rate end as price,
           case when :sort = 'rating' then s.average_rating end as rating,
           case when :sort = 'rating' then s.total_reviews end as reviews
    from parking_spots s
    where lower(s.city) = lower(:city)
      and s.is_active
      and spot_matches(s, :filters::jsonb)
    order by price, rating desc, reviews desc, s.id
    limit :lim
    offset :off
) page
order by page.price, page.rating desc, page.reviews desc, (page.s).id;

-- name: spots_in_bounds(min_lat, min_lon, max_lat, max_lon, lim)
-- Spots inside a map viewport (west > east means it crosses the antimeridian), best rated first,
-- as search items without a distance.
-- As geography a box's edges are great circles, which cut inside a wide box's lines of latitude:
-- the index probe uses the box grown a little and densified (st_segmentize), the exact test is
-- planar on latitude/longitude.
select spot_item_out(page.s, null) - 'distance_km' as item
from (
    select s
    from parking_spots s,
         unnest(case when :min_lon::float8 <= :max_lon::float8
                     then array[st_makeenvelope(:min_lon::float8, :min_lat::float8, :max_lon::float8, :max_lat::float8, 4326)]
                     else array[st_makeenvelope(:min_lon::float8, :min_lat::float8, 180, :max_lat::float8, 4326),
                                st_makeenvelope(-180, :min_lat::float8, :max_lon::float8, :max_lat::float8, 4326)]
                end) as box(envelope)
    where s.location && st_segmentize(st_expand(box.envelope, 0.01), 0.25)::geography
      and st_intersects(s.location::geometry, box.envelope)
      and s.is_active
      and s.is_available
    order by s.average_rating desc, s.id
    limit :lim
) page
order by (page.s).average_rating desc, (page.s).id;

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
