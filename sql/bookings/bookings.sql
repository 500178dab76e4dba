-- Bookings. Every rule (overlap, grid, hours, blackouts, status machine, price, refund policy)
-- is in the database; these queries ask it. A booking reaches the API as booking_out(b)
-- (db/rules/33_bookings_out.sql); the access code is only returned by get_booking_access.

-- name: quote_booking(spot_id, user_id, start_time, end_time)^
-- What booking this window would cost, refused exactly as booking it would be (quote_booking,
-- db/rules/31_bookings_rules.sql); user_id null for an anonymous quote.
select subtotal, service_fee, total, owner_payout, duration_hours, monthly_units, daily_units, hourly_hours
from quote_booking(:spot_id, :user_id::uuid, :start_time, :end_time);

-- name: create_booking(user_id, spot_id, start_time, end_time, status, payment_status, vehicle_plate, vehicle_make, vehicle_model, vehicle_color, special_requests)$
insert into bookings as b (user_id, parking_spot_id, start_time, end_time, status, payment_status,
                      vehicle_plate, vehicle_make, vehicle_model, vehicle_color, special_requests)
values (:user_id, :spot_id, :start_time, :end_time, :status::booking_status, :payment_status,
        :vehicle_plate, :vehicle_make, :vehicle_model, :vehicle_color, :special_requests)
returning booking_out(b);

-- name: get_idempotent_response(user_id, key)^
select request_hash, response_status, response_body
from idempotency_keys
where user_id = :user_id
  and key = :key;

-- name: claim_idempotency_key(user_id, key, request_hash)!
-- Fails with idempotency_keys_pkey when the key is taken (after waiting for a concurrent claim).
insert into idempotency_keys (user_id, key, request_hash)
values (:user_id, :key, :request_hash);

-- name: store_idempotent_response(user_id, key, response_status, response_body)!
update idempotency_keys
set response_status = :response_status,
    response_body = :response_body::jsonb
where user_id = :user_id
  and key = :key;

-- name: get_booking_for(booking_id, user_id)^
-- The booking as its renter, its spot's owner or an admin sees it; viewer is null for anyone else.
select booking_out(b) as booking, booking_role(b.id, :user_id) as viewer
from bookings b
where b.id = :booking_id;

-- name: list_my_bookings(user_id, status, upcoming, lim, off)
-- A renter's bookings; upcoming (end still ahead) soonest first, past (upcoming = false) latest first.
select booking_out(b) as item,
       count(*) over () as total
from bookings b
where user_id = :user_id
  and (:status::booking_status is null or status = :status::booking_status)
  and (:upcoming::boolean is null or (end_time > now()) = :upcoming::boolean)
order by case when :upcoming::boolean then start_time end asc,
         start_time desc,
         id
limit :lim
offset :off;

-- name: list_owner_bookings(owner_id, spot_id, status, lim, off)
-- Bookings on an owner's spots, latest start first.
select booking_out(b) as item,
       count(*) over () as total
from bookings b
join parking_spots s on s.id = b.parking_spot_id
where s.owner_id = :owner_id
  and (:spot_id::uuid is null or b.parking_spot_id = :spot_id::uuid)
  and (:status::booking_status is null or b.status = :status::booking_status)
order by b.start_time desc, b.id
limit :lim
offset :off;

-- name: update_booking_details(booking_id, patch)$
-- Vehicle details and special requests, while the booking has not started; null when it has.
update bookings b
set (vehicle_plate, vehicle_make, vehicle_model, vehicle_color, special_requests)
  = (select p.vehicle_plate, p.vehicle_make, p.vehicle_model, p.vehicle_color, p.special_requests
     from jsonb_populate_record(b, :patch::jsonb) p)
where b.id = :booking_id
  and b.status in ('pending', 'confirmed')
  and b.start_time > now()
returning booking_out(b);

-- name: cancel_booking(booking_id, user_id, by_role, reason)$
-- Cancels by the policy in cancellation_refund (refund_percent, refund_amount in the result).
select booking_out(c.booking) || jsonb_build_object('refund_percent', c.refund_percent)
from cancel_booking(:booking_id, :user_id, :by_role, :reason) c;

-- name: extend_booking(booking_id, end_time)$
-- Re-priced by quote_price's rules; amount_due is the extra over the previous total.
select booking_out(e.booking) || jsonb_build_object('amount_due', e.amount_due)
from extend_booking(:booking_id, :end_time) e;

-- name: open_extension(booking_id, end_time)$
-- As extend_booking; a booking already paid for also gets the extension waiting for its payment
-- (extension_id, payment_due_by).
select booking_out(e.booking)
       || jsonb_build_object('amount_due', e.amount_due, 'extension_id', e.extension_id,
                             'payment_due_by', utc_iso(e.payment_due_by))
from open_extension(:booking_id, :end_time) e;

-- name: check_in_booking(booking_id)$
select booking_out(b)
from check_in_booking(:booking_id) b;

-- name: check_out_booking(booking_id)$
select booking_out(b)
from check_out_booking(:booking_id) b;

-- name: get_booking_access(booking_id)^
-- What the renter needs on arrival.
select b.id as booking_id, b.status, b.access_code, s.access_instructions, s.address, s.city,
       s.latitude, s.longitude
from bookings b
join parking_spots s on s.id = b.parking_spot_id
where b.id = :booking_id;
