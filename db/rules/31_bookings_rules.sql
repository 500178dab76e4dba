-- Booking rules, enforced for every writer (API, jobs, a DBA at psql): the status machine, what a
-- new or moved booking must satisfy, and the owner's blackouts, which block bookings as bookings
-- block them (both lock the spot row, so neither can slip past the other).
-- Domain errors carry SQLSTATE class PS with the HTTP status as the code (PS403, PS404, PS409,
-- PS422) and a CONSTRAINT name saying which rule fired; api/core/errors.py maps them.

-- The status machine:
--   pending -> confirmed -> in_progress -> completed; pending|confirmed -> cancelled;
--   cancelled|completed -> refunded. Nothing else.
create or replace function booking_transition_allowed(p_from booking_status, p_to booking_status) returns boolean
language sql immutable as $$
    select (p_from, p_to) in (
        ('pending'::booking_status, 'confirmed'::booking_status),
        ('confirmed', 'in_progress'),
        ('in_progress', 'completed'),
        ('pending', 'cancelled'),
        ('confirmed', 'cancelled'),
        ('cancelled', 'refunded'),
        ('completed', 'refunded')
    );
$$;
comment on function booking_transition_allowed(booking_status, booking_status) is
    'The status machine: pending -> confirmed -> in_progress -> completed; pending|confirmed -> cancelled; '
    'cancelled|completed -> refunded. Nothing else.';

-- A booking is made ahead of its start. Loading history (the demo data) is the one exception: its
-- transaction sets parkingspots.allow_past_bookings to on.
create or replace function booking_start_check(p_start timestamptz) returns void
language plpgsql stable as $$
begin
    if p_start <= now() and current_setting('parkingspots.allow_past_bookings', true) is distinct from 'on' then
        raise exception using errcode = 'PS422', constraint = 'booking_starts_in_future',
            message = 'start_time: must be in the future';
    end if;
end;
$$;
comment on function booking_start_check(timestamptz) is
    'Refuses a start that is not in the future (PS422 booking_starts_in_future), unless the transaction '
    'set parkingspots.allow_past_bookings to on (loading history).';

-- What a booking's window must satisfy, checked the same way when a booking is created (p_new) or
-- moved, and when one is quoted, so a quote never promises what booking refuses: the grid, the
-- shortest and longest stay, the horizon, not one's own spot (p_user_id null: an anonymous quote),
-- a spot taking bookings, its opening hours, and no owner blackout.
create or replace function booking_window_check(p_spot parking_spots, p_user_id uuid, p_start timestamptz,
                                                p_end timestamptz, p_new boolean default true) returns void
language plpgsql stable as $$
declare
    rules platform_settings;
    minutes numeric;
begin
    select * into rules from platform_settings;
    if p_end <= p_start then
        raise exception using errcode = 'PS422', constraint = 'bookings_time_order',
            message = 'end_time must be after start_time';
    end if;
    minutes := extract(epoch from p_end - p_start) / 60;
    if extract(epoch from p_start) % (rules.booking_grid_minutes * 60) <> 0
       or extract(epoch from p_end) % (rules.booking_grid_minutes * 60) <> 0 then
        raise exception using errcode = 'PS422', constraint = 'booking_time_grid',
            message = format('start_time and end_time must fall on a %s-minute boundary', rules.booking_grid_minutes);
    end if;
    if minutes < rules.min_booking_minutes then
        raise exception using errcode = 'PS422', constraint = 'booking_min_duration',
            message = format('a booking lasts at least %s minutes', rules.min_booking_minutes);
    end if;
    if minutes > rules.max_booking_days * 1440 then
        raise exception using errcode = 'PS422', constraint = 'booking_max_duration',
            message = format('a booking lasts at most %s days', rules.max_booking_days);
    end if;
    if p_new then
        if p_start > now() + make_interval(days => rules.max_booking_ahead_days) then
            raise exception using errcode = 'PS422', constraint = 'booking_beyond_horizon',
                message = format('start_time: at most %s days ahead', rules.max_booking_ahead_days);
        end if;
        if p_spot.owner_id = p_user_id then
            raise exception using errcode = 'PS403', constraint = 'booking_own_spot',
                message = 'you cannot book your own parking spot';
        end if;
        if not p_spot.is_active or not p_spot.is_available then
            raise exception using errcode = 'PS409', constraint = 'booking_spot_unavailable',
                message = 'this parking spot is not taking bookings';
        end if;
    end if;
    if not spot_is_open(p_spot.operating_hours, p_spot.timezone, p_start, p_end) then
        raise exception using errcode = 'PS422', constraint = 'booking_operating_hours',
            message = 'the booking falls outside the spot''s operating hours';
    end if;
    if exists (select 1 from spot_blackouts b
               where b.parking_spot_id = p_spot.id
                 and tstzrange(b.starts_at, b.ends_at) && tstzrange(p_start, p_end)) then
        raise exception using errcode = 'PS409', constraint = 'booking_blackout_overlap',
            message = 'the owner has blocked this spot for part of that time';
    end if;
end;
$$;
comment on function booking_window_check(parking_spots, uuid, timestamptz, timestamptz, boolean) is
    'What a booking window must satisfy, the same for a quote, a new booking and a moved one: time order, '
    'the grid, shortest and longest stay, opening hours (in the spot''s time zone), no blackout; and when '
    'p_new, the horizon, not the caller''s own spot, a spot taking bookings. Raises a PS4xx error naming '
    'the rule.';

-- Rules checked when a booking is created or its time window changes.
create or replace function bookings_check_rules() returns trigger
language plpgsql as $$
declare
    spot parking_spots;
    rules platform_settings;
    quote record;
begin
    if tg_op = 'UPDATE' and (new.user_id <> old.user_id or new.parking_spot_id <> old.parking_spot_id) then
        raise exception using errcode = 'PS409', constraint = 'booking_parties_fixed',
            message = 'the renter and the spot of a booking cannot change';
    end if;
    if tg_op = 'INSERT' then
        perform booking_start_check(new.start_time);
    end if;
    -- Locking the spot row serialises this booking with blackout changes of the same spot
    -- (spot_blackouts_check_rules takes the same lock), so neither can slip past the other.
    select * into spot from parking_spots where id = new.parking_spot_id for no key update;
    if not found then
        raise exception using errcode = 'PS404', constraint = 'bookings_parking_spot_id_fkey',
            message = 'parking spot not found';
    end if;
    perform booking_window_check(spot, new.user_id, new.start_time, new.end_time, tg_op = 'INSERT');

    -- The price always comes from price_quote's rules, whoever inserts. A later change of the
    -- window (an extension) is re-priced by the code that makes it, which knows what to charge.
    if tg_op = 'INSERT' then
        if new.status not in ('pending', 'confirmed') then
            raise exception using errcode = 'PS409', constraint = 'booking_status_transition',
                message = format('a new booking starts as pending or confirmed, not %s', new.status);
        end if;
        select * into rules from platform_settings;
        if new.status = 'pending' then
            new.hold_expires_at := coalesce(new.hold_expires_at, now() + make_interval(mins => rules.payment_hold_minutes));
        end if;
        select * into quote from price_quote(spot.hourly_rate, spot.daily_rate, spot.monthly_rate,
                                             new.start_time, new.end_time);
        new.subtotal := quote.subtotal;
        new.service_fee := quote.service_fee;
        new.total_amount := quote.total;
        new.owner_payout := quote.owner_payout;
    end if;
    return new;
end;
$$;
comment on function bookings_check_rules() is
    'Trigger function (bookings_check_rules): on insert or a change of window checks the booking rules '
    'under a lock of the spot row, and on insert fills the amounts (cents) from price_quote and the '
    'payment hold of a pending booking.';

create or replace trigger bookings_check_rules
    before insert or update of start_time, end_time, user_id, parking_spot_id on bookings
    for each row execute function bookings_check_rules();

-- Illegal status transitions are refused, whoever tries them.
create or replace function bookings_guard_status() returns trigger
language plpgsql as $$
begin
    if new.status = old.status then
        return new;
    end if;
    if not booking_transition_allowed(old.status, new.status) then
        raise exception using errcode = 'PS409', constraint = 'booking_status_transition',
            message = format('a booking cannot go from %s to %s', old.status, new.status),
            hint = 'pending -> confirmed -> in_progress -> completed; pending|confirmed -> cancelled; cancelled|completed -> refunded';
    end if;
    if new.status = 'cancelled' then
        new.cancelled_at := coalesce(new.cancelled_at, now());
    end if;
    if new.status <> 'pending' then
        new.hold_expires_at := null;
    end if;
    return new;
end;
$$;
comment on function bookings_guard_status() is
    'Trigger function (bookings_guard_status): refuses illegal status transitions (PS409 '
    'booking_status_transition), stamps cancelled_at, clears hold_expires_at once no longer pending.';

create or replace trigger bookings_guard_status before update of status on bookings
    for each row execute function bookings_guard_status();

-- A blackout may not cover time that an active booking already holds.
create or replace function spot_blackouts_check_rules() returns trigger
language plpgsql as $$
begin
    perform 1 from parking_spots where id = new.parking_spot_id for update;
    if exists (select 1 from bookings b
               where b.parking_spot_id = new.parking_spot_id
                 and booking_holds_slot(b.status)
                 and tstzrange(b.start_time, b.end_time) && tstzrange(new.starts_at, new.ends_at)) then
        raise exception using errcode = 'PS409', constraint = 'blackout_booking_overlap',
            message = 'an active booking already holds part of that time';
    end if;
    return new;
end;
$$;
comment on function spot_blackouts_check_rules() is
    'Trigger function (spot_blackouts_check_rules): a blackout may not cover time a booking already holds '
    '(PS409 blackout_booking_overlap); locks the spot row like a booking.';

create or replace trigger spot_blackouts_check_rules before insert or update of starts_at, ends_at on spot_blackouts
    for each row execute function spot_blackouts_check_rules();

-- The quote of POST /bookings/calculate-price: exactly the checks a new booking passes (the start,
-- the window, and a slot no active booking holds), then price_quote's price. p_user_id is the
-- caller when signed in (null: anonymous, which skips only the own-spot rule).
create or replace function quote_booking(p_spot_id uuid, p_user_id uuid, p_start timestamptz, p_end timestamptz)
returns table (subtotal integer, service_fee integer, total integer, owner_payout integer,
               duration_hours numeric, monthly_units integer, daily_units integer, hourly_hours numeric)
language plpgsql stable as $$
declare
    spot parking_spots;
begin
    perform booking_start_check(p_start);
    select * into spot from parking_spots where id = p_spot_id;
    if not found then
        raise exception using errcode = 'PS404', constraint = 'bookings_parking_spot_id_fkey',
            message = 'parking spot not found';
    end if;
    perform booking_window_check(spot, p_user_id, p_start, p_end, true);
    if exists (select 1 from bookings b
               where b.parking_spot_id = p_spot_id
                 and booking_holds_slot(b.status)
                 and tstzrange(b.start_time, b.end_time) && tstzrange(p_start, p_end)) then
        raise exception using errcode = 'PS409', constraint = 'bookings_no_overlap',
            message = 'the parking spot is already booked for part of that time';
    end if;
    return query select * from price_quote(spot.hourly_rate, spot.daily_rate, spot.monthly_rate, p_start, p_end);
end;
$$;
comment on function quote_booking(uuid, uuid, timestamptz, timestamptz) is
    'The quote of POST /bookings/calculate-price: exactly the checks a new booking passes (p_user_id null: '
    'anonymous), then price_quote''s price in integer cents.';

