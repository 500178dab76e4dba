-- Parking spot search (PostGIS) and the map viewport. A result is spot_item_out(s, meters)
-- (db/rules/20_spots.sql); the filters are one JSON object read by spot_matches
-- (db/rules/21_spots_search.sql).
--
-- total (X-Total-Count). A search counts its matches up to ten pages past the page's start
-- (10 * lim + off): a smaller total is exact, that number means "at least that many". Each counted
-- match costs a heap read and an exact distance, so counting them all would undo the nearest-first
-- walk, which stops after one page: in the 1M-spot benchmark database the default 10 km radius in a
-- city centre holds ~37,000 matches, and counting them took ~470 ms against ~2 ms for the page.
-- Counting ten pages (200 spots at the default page size) took the nearest-first query from a median
-- of 1.3-2 ms to 2.1-4.7 ms (2 and 10 km, pages cached; about ten times the page's reads when they
-- are not). The count is a scalar subquery, run once per query (an InitPlan). Every search order
-- counts the same way, so the header means one thing whatever the sort; spots_near_count
-- (db/rules/21_spots_search.sql) counts within a radius. An empty page's total reads 0, as in every
-- list (the count is not run then). The viewport counts exactly: it reads every spot in the box anyway.
--
-- The answer is built here: each query returns one row, body (the page's JSON array as UTF-8 bytes,
-- bytea, so the driver hands the bytes over without decoding anything) and total. The worker sends
-- and caches the body as it is, the way PostgREST serves json_agg; no row becomes a Python object.

-- name: search_spots_nearest(lon, lat, radius_m, filters, lim, off)^
-- Nearest first: one GiST index scan bounded by the radius (Index Cond from ST_DWithin) and walked
-- in distance order (KNN <->) until a page of matching spots is found. Without the ST_DWithin the
-- walk is unbounded when filters match nothing nearby (2.1 s at 1M spots); with it the planner
-- keeps the ordered index scan under custom and generic plans (0.35 ms for a 2 km top 20).
-- The page is re-sorted by spheroid distance (<-> orders by sphere distance). Each search query
-- picks its page first and builds the JSON of that page only.
select convert_to(coalesce(json_agg(spot_item_out(near.s, near.meters) order by near.meters), '[]')::text,
                  'UTF8') as body,
       case when count(*) = 0 then 0
            else (select spots_near_count(st_setsrid(st_makepoint(:lon, :lat), 4326)::geography, :radius_m,
                                          :filters::jsonb, 10 * :lim::bigint + :off::bigint)) end as total
from (
    select s, st_distance(s.location, q.p) as meters
    from parking_spots s,
         (select st_setsrid(st_makepoint(:lon, :lat), 4326)::geography as p) q
    where st_dwithin(s.location, q.p, :radius_m)
      and spot_matches(s, :filters::jsonb)
    order by s.location <-> q.p
    limit :lim
    offset :off
) near;

-- name: search_spots_ranked(lon, lat, radius_m, sort, filters, lim, off)^
-- Within the radius (ST_DWithin on the GiST index), cheapest first (sort = 'price') or best rated
-- first (sort = 'rating'); ties broken by id so pages are stable.
select convert_to(coalesce(json_agg(spot_item_out(page.s, page.meters)
                                    order by page.price, page.rating desc, page.reviews desc, (page.s).id),
                           '[]')::text, 'UTF8') as body,
       case when count(*) = 0 then 0
            else (select spots_near_count(st_setsrid(st_makepoint(:lon, :lat), 4326)::geography, :radius_m,
                                          :filters::jsonb, 10 * :lim::bigint + :off::bigint)) end as total
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
) page;

-- name: search_spots_in_city(city, sort, filters, lim, off)^
-- Without coordinates: the spots of a city (any letter case), by price or rating.
select convert_to(coalesce(json_agg(spot_item_out(page.s, null)
                                    order by page.price, page.rating desc, page.reviews desc, (page.s).id),
                           '[]')::text, 'UTF8') as body,
       case when count(*) = 0 then 0
            else (select count(*)  -- c, not s: a bare s would name page.s, a column of the outer query
                  from (select
                        from parking_spots c
                        where lower(c.city) = lower(:city)
                          and c.is_active
                          and spot_matches(c, :filters::jsonb)
                        limit 10 * :lim::bigint + :off::bigint) upto) end as total
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
) page;

-- name: spots_in_bounds(min_lat, min_lon, max_lat, max_lon, lim)^
-- Spots inside a map viewport (west > east means it crosses the antimeridian), best rated first,
-- as search items without a distance.
-- As geography a box's edges are great circles, which cut inside a wide box's lines of latitude:
-- the index probe uses the box grown a little and densified (st_segmentize), the exact test is
-- planar on latitude/longitude. total counts every spot in the viewport, beyond lim too: the top-N
-- sort reads them all anyway, so the window carries only id and rating and the page's rows are read
-- again by id (no slower than carrying whole rows through the sort, measured at 1M spots).
select convert_to(coalesce(json_agg(spot_item_out(s, null) - 'distance_km'
                                    order by page.average_rating desc, page.id), '[]')::text, 'UTF8') as body,
       coalesce(max(page.total), 0) as total
from (
    select s.id, s.average_rating, count(*) over () as total
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
join parking_spots s on s.id = page.id;
