-- The admins' moderation list of parking spots (GET /api/v1/admin/spots).

-- name: list_spots_for_moderation(status, owner_id, city, lim, off)
-- Every spot, or only the active or inactive ones, of an owner, in a city (any letter case); the
-- latest deactivations first, then the newest listings. total is the count of all matches.
select spot_moderation_out(s) as item,
       count(*) over () as total
from parking_spots s
where (:status::text = 'all' or s.is_active = (:status::text = 'active'))
  and (:owner_id::uuid is null or s.owner_id = :owner_id::uuid)
  and (:city::text is null or lower(s.city) = lower(:city::text))
order by s.deactivated_at desc nulls last, s.created_at desc, s.id
limit :lim
offset :off;
