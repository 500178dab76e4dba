-- Parking spots: owners' listings. A spot reaches the API as spot_out(s) (db/rules/20_spots.sql):
-- the public shape leaves out access_instructions, which spot_out(s, true) adds for the owner.

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

-- name: set_spot_available(spot_id, is_available)^
update parking_spots
set is_available = :is_available
where id = :spot_id
returning id, is_active, is_available;

-- name: deactivate_spot(spot_id, actor_id, reason, moderate)$
-- Takes the spot off the market, recording who, when and why (moderate: an admin acting on someone
-- else's spot; only an admin may then reactivate it). Refused (PS409 spot_has_future_bookings) while
-- renters hold future slots. A spot already inactive changes only when moderated, so an owner cannot
-- turn an admin's moderation back into their own deactivation: null then (nothing changed).
update parking_spots s
set is_active = false,
    deactivated_at = now(),
    deactivated_by = :actor_id::uuid,
    deactivation_reason = :reason::text,
    moderated = :moderate::boolean
where s.id = :spot_id
  and (s.is_active or :moderate::boolean)
returning spot_moderation_out(s);

-- name: reactivate_spot(spot_id, as_admin)$
-- Puts an inactive spot back on the market (the trigger clears its deactivation record); a
-- moderated one only for an admin. Null when nothing changed: already active, or refused.
update parking_spots s
set is_active = true
where s.id = :spot_id
  and not s.is_active
  and (not s.moderated or :as_admin::boolean)
returning spot_moderation_out(s);

-- name: get_spot_moderation(spot_id)$
-- The spot with its deactivation record, for its owner or an admin.
select spot_moderation_out(s)
from parking_spots s
where s.id = :spot_id;
