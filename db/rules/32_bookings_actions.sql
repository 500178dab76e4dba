-- Booking actions: who a caller is to a booking, the cancellation policy, and the moves the booking
-- endpoints make (cancel, extend and re-price, check in, check out), in one place each.

-- Who is this user to this booking: 'renter', 'owner' (of its spot), 'admin', or null (a stranger,
-- who is told the booking does not exist).
create or replace function booking_role(p_booking_id uuid, p_user_id uuid) returns text
language sql stable as $$
    select case
               when b.user_id = p_user_id then 'renter'
               when s.owner_id = p_user_id then 'owner'
               when u.role = 'admin' then 'admin'
           end
    from bookings b
    join parking_spots s on s.id = b.parking_spot_id
    left join users u on u.id = p_user_id
    where b.id = p_booking_id;
$$;
comment on function booking_role(uuid, uuid) is
    'Who p_user_id is to the booking: renter, owner (of its spot), admin, or null (a stranger, told the '
    'booking does not exist).';

-- The cancellation policy, the only place it is written down:
--   * the spot's owner (or an admin) cancels: 100 % back;
--   * the renter cancels 24 hours or more before the start: 100 %; later: 50 %;
--   * nobody cancels once the booking has started (or is finished, or already cancelled).
-- The percentage applies to what the booking holds in the ledger: charged less refunded (nothing for
-- an unpaid hold or with payments off; an extension not paid for is not refunded).
create or replace function cancellation_refund(p_booking bookings, p_by text, p_now timestamptz,
                                               out refund_percent integer, out refund_amount integer)
language plpgsql stable as $$
begin
    if p_booking.status not in ('pending', 'confirmed') then
        raise exception using errcode = 'PS409', constraint = 'booking_cancel_state',
            message = format('this booking is %s: it cannot be cancelled', replace(p_booking.status::text, '_', ' '));
    end if;
    if p_now >= p_booking.start_time then
        raise exception using errcode = 'PS409', constraint = 'booking_cancel_started',
            message = 'the booking has started; it can no longer be cancelled';
    end if;
    refund_percent := case
        when p_by in ('owner', 'admin') then 100
        when p_booking.start_time - p_now >= interval '24 hours' then 100
        else 50
    end;
    refund_amount := booking_refundable(p_booking.id) * refund_percent / 100;
end;
$$;
comment on function cancellation_refund(bookings, text, timestamptz) is
    'The cancellation policy: owner or admin cancels: 100 %; renter 24 hours or more before the start: 100 '
    '%, later 50 %; none once started. The percent applies to what the booking holds in the ledger '
    '(cents).';

-- Cancel as the renter, owner or admin (p_by, from booking_role); refund by the policy above.
create or replace function cancel_booking(p_booking_id uuid, p_user_id uuid, p_by text, p_reason text,
                                          p_now timestamptz default now())
returns table (booking bookings, refund_percent integer)
language plpgsql as $$
declare
    current bookings;
    refund record;
begin
    select * into current from bookings where id = p_booking_id for update;
    if not found then
        raise exception using errcode = 'PS404', message = 'booking not found';
    end if;
    refund := cancellation_refund(current, p_by, p_now);
    update bookings
       set status = 'cancelled',
           cancellation_reason = p_reason,
           cancelled_by = p_user_id,
           cancelled_at = p_now,
           refund_amount = refund.refund_amount
     where id = p_booking_id
    returning * into current;
    booking := current;
    refund_percent := refund.refund_percent;
    return next;
end;
$$;
comment on function cancel_booking(uuid, uuid, text, text, timestamptz) is
    'Cancels a booking as p_by (renter, owner or admin) with the policy''s refund (refund_amount, cents); '
    'returns the booking and the refund percent.';

-- Move the end later when the following time is free (the exclusion constraint decides) and
-- re-price the whole stay with quote_price's rules; returns the booking and the extra amount due.
create or replace function extend_booking(p_booking_id uuid, p_new_end timestamptz)
returns table (booking bookings, amount_due integer)
language plpgsql as $$
declare
    current bookings;
    quote record;
    before_total integer;
begin
    select * into current from bookings where id = p_booking_id for update;
    if not found then
        raise exception using errcode = 'PS404', message = 'booking not found';
    end if;
    if not booking_holds_slot(current.status) then
        raise exception using errcode = 'PS409', constraint = 'booking_extend_state',
            message = format('this booking is %s: it cannot be extended', replace(current.status::text, '_', ' '));
    end if;
    if p_new_end <= current.end_time then
        raise exception using errcode = 'PS422', constraint = 'booking_extend_later',
            message = 'end_time: an extension must end later than the booking does now';
    end if;
    before_total := current.total_amount;
    select q.* into quote from quote_price(current.parking_spot_id, current.start_time, p_new_end) q;
    update bookings
       set end_time = p_new_end,
           subtotal = quote.subtotal,
           service_fee = quote.service_fee,
           total_amount = quote.total,
           owner_payout = quote.owner_payout
     where id = p_booking_id
    returning * into current;
    booking := current;
    amount_due := current.total_amount - before_total;
    return next;
end;
$$;
comment on function extend_booking(uuid, timestamptz) is
    'Moves a booking''s end later when that time is free (the exclusion constraint decides) and re-prices '
    'the whole stay; returns the booking and the extra amount due in cents.';

-- The renter arrives: from 15 minutes before the start until the end. A confirmed booking moves
-- to in_progress (auto-start may have done so already).
create or replace function check_in_booking(p_booking_id uuid, p_now timestamptz default now()) returns bookings
language plpgsql as $$
declare
    current bookings;
begin
    select * into current from bookings where id = p_booking_id for update;
    if not found then
        raise exception using errcode = 'PS404', message = 'booking not found';
    end if;
    if current.status not in ('confirmed', 'in_progress') or current.checked_in_at is not null then
        raise exception using errcode = 'PS409', constraint = 'booking_check_in_state',
            message = case when current.checked_in_at is not null then 'already checked in'
                           else format('this booking is %s: it cannot be checked in', replace(current.status::text, '_', ' ')) end;
    end if;
    if p_now < current.start_time - interval '15 minutes' or p_now >= current.end_time then
        raise exception using errcode = 'PS409', constraint = 'booking_check_in_window',
            message = 'check-in opens 15 minutes before the start and closes at the end';
    end if;
    update bookings
       set checked_in_at = p_now,
           status = 'in_progress'
     where id = p_booking_id
    returning * into current;
    return current;
end;
$$;
comment on function check_in_booking(uuid, timestamptz) is
    'The renter arrives, from 15 minutes before the start until the end: checked_in_at set, a confirmed '
    'booking moves to in_progress.';

-- The renter leaves: the booking is completed then; leaving early frees the rest of the slot for
-- others (a completed booking no longer blocks) and refunds nothing.
create or replace function check_out_booking(p_booking_id uuid, p_now timestamptz default now()) returns bookings
language plpgsql as $$
declare
    current bookings;
begin
    select * into current from bookings where id = p_booking_id for update;
    if not found then
        raise exception using errcode = 'PS404', message = 'booking not found';
    end if;
    if current.status <> 'in_progress' then
        raise exception using errcode = 'PS409', constraint = 'booking_check_out_state',
            message = format('this booking is %s: it cannot be checked out', replace(current.status::text, '_', ' '));
    end if;
    update bookings
       set checked_out_at = p_now,
           status = 'completed'
     where id = p_booking_id
    returning * into current;
    return current;
end;
$$;
comment on function check_out_booking(uuid, timestamptz) is
    'The renter leaves: an in_progress booking is completed at p_now; leaving early frees the rest of the '
    'slot and refunds nothing.';
