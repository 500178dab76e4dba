-- Payments: what a Stripe PaymentIntent's state means for our payment and booking, and the JSON
-- shape of a payment.

-- What a PaymentIntent's state means for our payment and booking. Called with the state read back
-- from Stripe (never with what an event claims), after the money movements read with it were
-- recorded in the ledger, so replays and out-of-order events converge.
--   the booking's own payment succeeded: a pending booking is confirmed and paid
--   an extension's payment succeeded: the extension holds (paid)
--   failed: the payment says so; a pending booking stays pending until its hold expires
-- The booking's payment_status then follows the ledger (booking_balances): paid while nothing was
-- refunded, partially_refunded, or refunded once everything charged went back; a booking refunded in
-- full ends refunded (pending/confirmed are cancelled first; cancelled/completed move to refunded). A
-- refund that fails later gives its amount back in the ledger, and the status follows it back.
-- needs_refund is true when money arrived for nothing: the booking was cancelled (its hold expired)
-- before its first payment, or the extension was released before its payment. The caller refunds
-- that intent in full.
create or replace function apply_payment_state(p_intent_id text, p_status payment_status,
                                               p_amount_refunded integer, p_charge_id text, p_failure text,
                                               out payment_id uuid, out booking_id uuid,
                                               out booking_status booking_status, out needs_refund boolean)
language plpgsql as $$
declare
    pay payments;
    booking bookings;
    money booking_balances;
    settled text;
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
    if pay.extension_id is not null then
        if p_status = 'succeeded' then
            update booking_extensions set status = 'paid' where id = pay.extension_id and status = 'pending';
            needs_refund := (select e.status = 'released' from booking_extensions e where e.id = pay.extension_id);
        end if;
    elsif p_status = 'succeeded' and booking.status = 'pending' then
        update bookings set status = 'confirmed', payment_status = 'paid' where id = booking.id;
    elsif p_status = 'succeeded' and booking.status = 'cancelled'
          and booking.payment_status in ('pending', 'failed', 'expired') then
        -- money arriving for the first time, after the hold expired: all of it goes back
        update bookings set payment_status = 'paid' where id = booking.id;
        needs_refund := true;
    elsif p_status = 'failed' and booking.status = 'pending' then
        update bookings set payment_status = 'failed' where id = booking.id;
    end if;
    select * into money from booking_balances m where m.booking_id = booking.id;
    if found and money.charged > 0 and not needs_refund then
        settled := case when money.refunded = 0 then 'paid'
                        when money.refunded + money.disputed >= money.charged then 'refunded'
                        else 'partially_refunded' end;
        select * into booking from bookings where id = booking.id;
        if settled = 'refunded' and booking.status in ('pending', 'confirmed') then
            update bookings set status = 'cancelled', cancellation_reason = coalesce(cancellation_reason, 'refunded')
             where id = booking.id;
        end if;
        update bookings
           set status = case when settled = 'refunded' and status in ('cancelled', 'completed')
                             then 'refunded'::booking_status else status end,
               payment_status = settled
         where id = booking.id
           and (payment_status is distinct from settled or (settled = 'refunded' and status <> 'refunded'));
    end if;
    payment_id := pay.id;
    booking_id := booking.id;
    select b.status into booking_status from bookings b where b.id = booking.id;
end;
$$;
comment on function apply_payment_state(text, payment_status, integer, text, text) is
    'Applies a PaymentIntent''s state read back from Stripe (after its movements were recorded): confirms '
    'and pays a pending booking, marks an extension paid, records failures, makes the booking''s '
    'payment_status follow the ledger; needs_refund when money arrived for nothing. Amounts in cents.';

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
comment on function payment_out(payments) is
    'JSON shape of a payment for its payer: amounts in integer cents, currency, Stripe PaymentIntent id, '
    'times in UTC.';
