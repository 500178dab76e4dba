-- Extensions of bookings already paid for (booking_extensions, see its migration). With payments
-- on, the API extends a confirmed or in-progress booking through open_extension: the end moves now
-- and the difference waits for its own payment (the app pays it like the booking, POST
-- /payments/intent). Paid, it holds; unpaid when its hold expires (release_unpaid_extensions, from
-- pg_cron) or when the booking is cancelled, it is released: the booking gets back its previous end
-- and prices, and the unpaid intent is cancelled at Stripe through the outbox.

-- Extend (extend_booking re-prices); returns the booking, the extra amount due and, when that amount
-- must be paid before the extension holds, the extension waiting for it and when its hold ends.
create or replace function open_extension(p_booking_id uuid, p_new_end timestamptz, p_now timestamptz default now())
returns table (booking bookings, amount_due integer, extension_id uuid, payment_due_by timestamptz)
language plpgsql as $$
declare
    before bookings;
    extended record;
    hold_minutes integer;
begin
    select * into before from bookings where id = p_booking_id for update;
    if found and exists (select 1 from booking_extensions e where e.booking_id = p_booking_id and e.status = 'pending') then
        raise exception using errcode = 'PS409', constraint = 'booking_extensions_one_pending',
            message = 'an extension of this booking is waiting for payment: pay it or let it expire first';
    end if;
    select * into extended from extend_booking(p_booking_id, p_new_end);
    booking := extended.booking;
    amount_due := extended.amount_due;
    if before.status in ('confirmed', 'in_progress') and amount_due > 0 then
        select payment_hold_minutes into hold_minutes from platform_settings;
        insert into booking_extensions (booking_id, previous_end, new_end, previous_subtotal, previous_service_fee,
                                        previous_total, previous_owner_payout, amount, service_fee, hold_expires_at)
        values (p_booking_id, before.end_time, p_new_end, before.subtotal, before.service_fee, before.total_amount,
                before.owner_payout, amount_due, greatest(0, booking.service_fee - before.service_fee),
                p_now + make_interval(mins => hold_minutes))
        returning id, hold_expires_at into extension_id, payment_due_by;
    end if;
    return next;
end;
$$;
comment on function open_extension(uuid, timestamptz, timestamptz) is
    'Extends a booking (extend_booking); for a confirmed or in-progress booking with an amount due (cents) '
    'records the pending extension that waits for its own payment and when its hold ends.';

-- Release one pending extension: its booking goes back to the previous end and prices (only if the
-- booking still ends where the extension put it and is not over). Returns whether it was released.
create or replace function release_extension(p_extension_id uuid) returns boolean
language plpgsql as $$
declare
    ext booking_extensions;
begin
    update booking_extensions set status = 'released'
     where id = p_extension_id and status = 'pending'
    returning * into ext;
    if not found then
        return false;
    end if;
    update bookings
       set end_time = ext.previous_end,
           subtotal = ext.previous_subtotal,
           service_fee = ext.previous_service_fee,
           total_amount = ext.previous_total,
           owner_payout = ext.previous_owner_payout
     where id = ext.booking_id
       and end_time = ext.new_end
       and status in ('confirmed', 'in_progress', 'cancelled');
    return true;
end;
$$;
comment on function release_extension(uuid) is
    'Releases one pending extension: the booking goes back to its previous end and prices when it still '
    'ends where the extension put it. Returns whether it was released.';

-- pending extensions whose payment window has passed -> released
create or replace function release_unpaid_extensions(p_now timestamptz default now()) returns integer
language plpgsql as $$
declare
    due record;
    released integer := 0;
begin
    for due in
        select e.id from booking_extensions e
         where e.status = 'pending' and e.hold_expires_at <= p_now
         order by e.hold_expires_at
         for update skip locked
    loop
        if release_extension(due.id) then
            released := released + 1;
        end if;
    end loop;
    return released;
end;
$$;
comment on function release_unpaid_extensions(timestamptz) is
    'pg_cron job: releases pending extensions whose payment window has passed at p_now; returns how many.';

-- A booking that is cancelled releases its pending extension with it.
create or replace function bookings_release_extension() returns trigger
language plpgsql as $$
begin
    perform release_extension(e.id)
       from booking_extensions e
      where e.booking_id = new.id and e.status = 'pending';
    return null;
end;
$$;
comment on function bookings_release_extension() is
    'Trigger function (bookings_release_extension): a cancelled booking releases its pending extension.';

create or replace trigger bookings_release_extension after update of status on bookings
    for each row when (new.status = 'cancelled' and old.status <> 'cancelled')
    execute function bookings_release_extension();

-- A released extension's unpaid intent is cancelled at Stripe (db/rules/52_stripe_outbox.sql).
create or replace function queue_extension_intent_cancel() returns trigger
language plpgsql as $$
begin
    perform queue_unpaid_intent_cancels(null, new.id);
    return null;
end;
$$;
comment on function queue_extension_intent_cancel() is
    'Trigger function (booking_extensions_queue_intent_cancel): a released extension''s unpaid '
    'PaymentIntent is queued for cancellation at Stripe.';

create or replace trigger booking_extensions_queue_intent_cancel after update of status on booking_extensions
    for each row when (old.status = 'pending' and new.status = 'released')
    execute function queue_extension_intent_cancel();
