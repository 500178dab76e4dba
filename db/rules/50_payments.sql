-- Payments: what a Stripe PaymentIntent's state means for our payment and booking, and the JSON
-- shape of a payment.

-- What a PaymentIntent's state means for our payment and booking. Called with the state read back
-- from Stripe (never with what an event claims), so replays and out-of-order events converge.
--   succeeded, nothing refunded -> payment succeeded; a pending booking is confirmed and paid
--   succeeded, partly refunded  -> partially_refunded
--   succeeded, all refunded     -> refunded; the booking ends refunded (pending/confirmed are
--                                  cancelled first; cancelled/completed move to refunded)
--   failed                      -> payment failed; the booking stays pending until its hold expires
-- A refund that fails later (the card was closed) lowers Stripe's amount_refunded again, and the
-- payment follows it back (refunded -> partially_refunded or succeeded); a cancelled booking whose
-- refund failed shows payment_status paid (money held, refund owed) and is not refunded in full.
-- needs_refund is true when the money arrived for a booking that was already cancelled (its hold
-- expired first): the caller refunds it in full.
create or replace function apply_payment_state(p_intent_id text, p_status payment_status,
                                               p_amount_refunded integer, p_charge_id text, p_failure text,
                                               out payment_id uuid, out booking_id uuid,
                                               out booking_status booking_status, out needs_refund boolean)
language plpgsql as $$
declare
    pay payments;
    booking bookings;
begin
    select * into pay from payments where stripe_payment_intent_id = p_intent_id for update;
    if not found then
        raise exception using errcode = 'PS404', message = 'no payment for that payment intent';
    end if;
    select * into booking from bookings where id = pay.booking_id for update;
    update payments
       set status = p_status,
           -- Stripe's figure as it is now: a refund that fails gives its amount back, so this can drop
           amount_refunded = coalesce(p_amount_refunded, 0),
           stripe_charge_id = coalesce(p_charge_id, stripe_charge_id),
           failure_message = p_failure
     where id = pay.id;
    needs_refund := false;
    if p_status = 'succeeded' then
        if booking.status = 'pending' then
            update bookings set status = 'confirmed', payment_status = 'paid' where id = booking.id;
        elsif booking.status = 'cancelled' and booking.payment_status in ('pending', 'failed', 'expired') then
            -- money arriving for the first time, after the hold expired: all of it goes back
            update bookings set payment_status = 'paid' where id = booking.id;
            needs_refund := true;
        elsif booking.payment_status <> 'paid' then
            update bookings set payment_status = 'paid' where id = booking.id;
        end if;
    elsif p_status = 'partially_refunded' then
        update bookings set payment_status = 'partially_refunded' where id = booking.id;
    elsif p_status = 'refunded' then
        if booking.status in ('pending', 'confirmed') then
            update bookings set status = 'cancelled', cancellation_reason = coalesce(cancellation_reason, 'refunded')
             where id = booking.id;
        end if;
        update bookings
           set status = case when status in ('cancelled', 'completed') then 'refunded'::booking_status else status end,
               payment_status = 'refunded'
         where id = booking.id;
    elsif p_status = 'failed' and booking.status = 'pending' then
        update bookings set payment_status = 'failed' where id = booking.id;
    end if;
    payment_id := pay.id;
    booking_id := booking.id;
    select b.status into booking_status from bookings b where b.id = booking.id;
end;
$$;

-- A payment as its payer sees it; payment_intent_id is the Stripe PaymentIntent's id.
create or replace function payment_out(p payments) returns jsonb
language sql stable parallel safe as $$
    select jsonb_build_object(
        'id', p.id,
        'booking_id', p.booking_id,
        'user_id', p.user_id,
        'amount', p.amount,
        'currency', p.currency,
        'status', p.status,
        'amount_refunded', p.amount_refunded,
        'payment_intent_id', p.stripe_payment_intent_id,
        'application_fee_amount', p.application_fee_amount,
        'failure_message', p.failure_message,
        'created_at', utc_iso(p.created_at),
        'updated_at', utc_iso(p.updated_at));
$$;
