-- The reviews of a parking spot as everyone sees them: visible reviews only (an admin's hidden ones
-- are left out of the listing and the summary, as they are of the spot's counters).

-- name: spot_exists(spot_id)$
select exists (select 1 from parking_spots where id = :spot_id);

-- name: list_spot_reviews(spot_id, sort, rating, min_rating, lim, off)
-- sort: newest | helpful | rating_high | rating_low (ties: newest first); rating: exactly that many
-- stars; min_rating: at least that many.
select review_out(r) as item,
       count(*) over () as total
from reviews r
where r.parking_spot_id = :spot_id
  and r.hidden_at is null
  and (:rating::int is null or r.overall_rating = :rating::int)
  and (:min_rating::int is null or r.overall_rating >= :min_rating::int)
order by case when :sort = 'helpful' then r.helpful_count end desc nulls last,
         case when :sort = 'rating_high' then r.overall_rating end desc nulls last,
         case when :sort = 'rating_low' then r.overall_rating end asc nulls last,
         r.created_at desc,
         r.id
limit :lim
offset :off;

-- name: spot_review_summary(spot_id)$
-- Average (as parking_spots.average_rating rounds it), count, how many reviews gave each number of
-- stars, and the average of each sub-rating over the reviews that gave it (null when none did).
-- Null when the spot does not exist.
select jsonb_build_object(
           'parking_spot_id', s.id,
           'average_rating', coalesce(round(avg(r.overall_rating), 2), 0),
           'total_reviews', count(r.id),
           'distribution', jsonb_build_object(
               '1', count(*) filter (where r.overall_rating = 1),
               '2', count(*) filter (where r.overall_rating = 2),
               '3', count(*) filter (where r.overall_rating = 3),
               '4', count(*) filter (where r.overall_rating = 4),
               '5', count(*) filter (where r.overall_rating = 5)),
           'sub_ratings', jsonb_build_object(
               'location', round(avg(r.location_rating), 2),
               'access', round(avg(r.access_rating), 2),
               'value', round(avg(r.value_rating), 2),
               'safety', round(avg(r.safety_rating), 2)))
from parking_spots s
left join reviews r on r.parking_spot_id = s.id and r.hidden_at is null
where s.id = :spot_id
group by s.id;
