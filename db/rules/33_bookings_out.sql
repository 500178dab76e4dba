-- Bookings: the JSON shape of a booking as its renter, the spot's owner or an admin sees it (never
-- its access code or who cancelled it). payment_intent_id is the Stripe PaymentIntent that pays it, as
-- clients of the original contract read it (null with payments off). The money figures come from
-- the ledger (money_movements): amount_charged and amount_refunded are what Stripe moved, and
-- refund_owed is the part of the refund the cancellation promised that has not reached the renter
-- (a refund that failed, or one still to be sent). dispute_status flags a booking whose charge a
-- bank disputed: Stripe's status of its latest dispute (needs_response, under_review, won, lost...).
-- pending_extension is the extension waiting for its payment (it is released at payment_due_by).

create or replace function booking_out(b bookings) returns jsonb
language sql stable parallel safe as $$
    select jsonb_build_object(
        'id', b.id,
        'user_id', b.user_id,
        'parking_spot_id', b.parking_spot_id,
        'start_time', utc_iso(b.start_time),
        'end_time', utc_iso(b.end_time),
        'status', b.status,
        'subtotal', b.subtotal,
        'service_fee', b.service_fee,
        'total_amount', b.total_amount,
        'owner_payout', b.owner_payout,
        'refund_amount', b.refund_amount,
        'payment_status', b.payment_status,
        'payment_intent_id', coalesce(b.payment_intent_id,
                                      (select p.stripe_payment_intent_id from payments p
                                        where p.booking_id = b.id and p.extension_id is null)),
        'amount_charged', coalesce(m.charged, 0),
        'amount_refunded', coalesce(m.refunded, 0),
        'refund_owed', greatest(0, least(b.refund_amount, coalesce(m.charged, 0) - coalesce(m.disputed, 0))
                                   - coalesce(m.refunded, 0)),
        'dispute_status', (select d.status from payment_disputes d where d.booking_id = b.id
                           order by d.created_at desc limit 1),
        'pending_extension', (select jsonb_build_object('id', e.id, 'amount', e.amount,
                                                        'payment_due_by', utc_iso(e.hold_expires_at),
                                                        'previous_end', utc_iso(e.previous_end))
                                from booking_extensions e where e.booking_id = b.id and e.status = 'pending'),
        'hold_expires_at', utc_iso(b.hold_expires_at),
        'vehicle_plate', b.vehicle_plate,
        'vehicle_make', b.vehicle_make,
        'vehicle_model', b.vehicle_model,
        'vehicle_color', b.vehicle_color,
        'special_requests', b.special_requests,
        'cancellation_reason', b.cancellation_reason,
        'cancelled_at', utc_iso(b.cancelled_at),
        'checked_in_at', utc_iso(b.checked_in_at),
        'checked_out_at', utc_iso(b.checked_out_at),
        'created_at', utc_iso(b.created_at),
        'updated_at', utc_iso(b.updated_at))
    from (select) one
    left join booking_balances m on m.booking_id = b.id;
$$;
comment on function booking_out(bookings) is
    'JSON shape of a booking for its renter, the spot''s owner or an admin: amounts in integer cents, '
    'times in UTC, charged/refunded from the ledger, refund_owed, dispute_status, pending_extension; never '
    'the access code. Holds personal data (vehicle, requests).';
