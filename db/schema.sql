\restrict dbmate

-- Dumped from database version 15.20 (Debian 15.20-0+deb12u1)
-- Dumped by pg_dump version 15.20 (Debian 15.20-0+deb12u1)

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

--
-- Name: pg_cron; Type: EXTENSION; Schema: -; Owner: -
--

CREATE EXTENSION IF NOT EXISTS pg_cron WITH SCHEMA public;


--
-- Name: EXTENSION pg_cron; Type: COMMENT; Schema: -; Owner: -
--

COMMENT ON EXTENSION pg_cron IS 'Job scheduler for PostgreSQL';


--
-- Name: btree_gist; Type: EXTENSION; Schema: -; Owner: -
--

CREATE EXTENSION IF NOT EXISTS btree_gist WITH SCHEMA public;


--
-- Name: EXTENSION btree_gist; Type: COMMENT; Schema: -; Owner: -
--

COMMENT ON EXTENSION btree_gist IS 'support for indexing common datatypes in GiST';


--
-- Name: citext; Type: EXTENSION; Schema: -; Owner: -
--

CREATE EXTENSION IF NOT EXISTS citext WITH SCHEMA public;


--
-- Name: EXTENSION citext; Type: COMMENT; Schema: -; Owner: -
--

COMMENT ON EXTENSION citext IS 'data type for case-insensitive character strings';


--
-- Name: postgis; Type: EXTENSION; Schema: -; Owner: -
--

CREATE EXTENSION IF NOT EXISTS postgis WITH SCHEMA public;


--
-- Name: EXTENSION postgis; Type: COMMENT; Schema: -; Owner: -
--

COMMENT ON EXTENSION postgis IS 'PostGIS geometry and geography spatial types and functions';


--
-- Name: booking_status; Type: TYPE; Schema: public; Owner: -
--

CREATE TYPE public.booking_status AS ENUM (
    'pending',
    'confirmed',
    'in_progress',
    'completed',
    'cancelled',
    'refunded'
);


--
-- Name: extension_status; Type: TYPE; Schema: public; Owner: -
--

CREATE TYPE public.extension_status AS ENUM (
    'pending',
    'paid',
    'released'
);


--
-- Name: money_movement_kind; Type: TYPE; Schema: public; Owner: -
--

CREATE TYPE public.money_movement_kind AS ENUM (
    'charge',
    'refund',
    'refund_failure',
    'transfer',
    'transfer_reversal',
    'application_fee',
    'application_fee_refund',
    'dispute',
    'dispute_reversal'
);


--
-- Name: payment_status; Type: TYPE; Schema: public; Owner: -
--

CREATE TYPE public.payment_status AS ENUM (
    'requires_payment',
    'processing',
    'succeeded',
    'failed',
    'canceled',
    'refunded',
    'partially_refunded'
);


--
-- Name: spot_type; Type: TYPE; Schema: public; Owner: -
--

CREATE TYPE public.spot_type AS ENUM (
    'indoor',
    'outdoor',
    'covered',
    'garage',
    'driveway',
    'lot'
);


--
-- Name: user_role; Type: TYPE; Schema: public; Owner: -
--

CREATE TYPE public.user_role AS ENUM (
    'renter',
    'owner',
    'admin'
);


--
-- Name: vehicle_size; Type: TYPE; Schema: public; Owner: -
--

CREATE TYPE public.vehicle_size AS ENUM (
    'motorcycle',
    'compact',
    'standard',
    'large',
    'oversized'
);


--
-- Name: apply_payment_state(text, public.payment_status, integer, text, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.apply_payment_state(p_intent_id text, p_status public.payment_status, p_amount_refunded integer, p_charge_id text, p_failure text, OUT payment_id uuid, OUT booking_id uuid, OUT booking_status public.booking_status, OUT needs_refund boolean) RETURNS record
    LANGUAGE plpgsql
    AS $$
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


--
-- Name: auto_checkout_bookings(timestamp with time zone); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.auto_checkout_bookings(p_now timestamp with time zone DEFAULT now()) RETURNS integer
    LANGUAGE sql
    AS $$
    with moved as (
        update bookings
           set status = 'completed',
               checked_out_at = coalesce(checked_out_at, end_time)
         where status = 'in_progress'
           and end_time <= p_now
        returning 1
    )
    select count(*)::integer from moved;
$$;


--
-- Name: auto_start_bookings(timestamp with time zone); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.auto_start_bookings(p_now timestamp with time zone DEFAULT now()) RETURNS integer
    LANGUAGE sql
    AS $$
    with moved as (
        update bookings
           set status = 'in_progress'
         where status = 'confirmed'
           and start_time <= p_now
        returning 1
    )
    select count(*)::integer from moved;
$$;


--
-- Name: booking_counts(public.booking_status); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.booking_counts(p_status public.booking_status) RETURNS integer
    LANGUAGE sql IMMUTABLE
    AS $$
    select case when p_status in ('confirmed', 'in_progress', 'completed') then 1 else 0 end;
$$;


--
-- Name: booking_holds_slot(public.booking_status); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.booking_holds_slot(status public.booking_status) RETURNS boolean
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
    select status in ('pending', 'confirmed', 'in_progress');
$$;


SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: bookings; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.bookings (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    user_id uuid NOT NULL,
    parking_spot_id uuid NOT NULL,
    start_time timestamp with time zone NOT NULL,
    end_time timestamp with time zone NOT NULL,
    status public.booking_status DEFAULT 'pending'::public.booking_status NOT NULL,
    subtotal integer NOT NULL,
    service_fee integer NOT NULL,
    total_amount integer NOT NULL,
    owner_payout integer NOT NULL,
    refund_amount integer DEFAULT 0 NOT NULL,
    payment_intent_id text,
    payment_status text DEFAULT 'pending'::text NOT NULL,
    hold_expires_at timestamp with time zone,
    access_code text DEFAULT lpad(((floor((random() * (1000000)::double precision)))::integer)::text, 6, '0'::text) NOT NULL,
    vehicle_plate character varying(20),
    vehicle_make character varying(50),
    vehicle_model character varying(50),
    vehicle_color character varying(30),
    special_requests text,
    cancellation_reason text,
    cancelled_by uuid,
    cancelled_at timestamp with time zone,
    checked_in_at timestamp with time zone,
    checked_out_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT bookings_cancellation_reason_length CHECK ((length(cancellation_reason) <= 2000)),
    CONSTRAINT bookings_owner_payout_nonnegative CHECK ((owner_payout >= 0)),
    CONSTRAINT bookings_payment_status_valid CHECK ((payment_status = ANY (ARRAY['pending'::text, 'not_required'::text, 'paid'::text, 'failed'::text, 'expired'::text, 'refunded'::text, 'partially_refunded'::text]))),
    CONSTRAINT bookings_refund_bounded CHECK (((refund_amount >= 0) AND (refund_amount <= total_amount))),
    CONSTRAINT bookings_service_fee_nonnegative CHECK ((service_fee >= 0)),
    CONSTRAINT bookings_special_requests_length CHECK ((length(special_requests) <= 2000)),
    CONSTRAINT bookings_subtotal_positive CHECK ((subtotal > 0)),
    CONSTRAINT bookings_time_order CHECK ((end_time > start_time)),
    CONSTRAINT bookings_total_is_sum CHECK ((total_amount = (subtotal + service_fee))),
    CONSTRAINT bookings_total_positive CHECK ((total_amount > 0))
);


--
-- Name: booking_out(public.bookings); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.booking_out(b public.bookings) RETURNS jsonb
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
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


--
-- Name: booking_refundable(uuid); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.booking_refundable(p_booking_id uuid) RETURNS integer
    LANGUAGE sql STABLE
    AS $$
    select coalesce((select charged - refunded - disputed from booking_balances where booking_id = p_booking_id), 0);
$$;


--
-- Name: booking_role(uuid, uuid); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.booking_role(p_booking_id uuid, p_user_id uuid) RETURNS text
    LANGUAGE sql STABLE
    AS $$
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


--
-- Name: booking_start_check(timestamp with time zone); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.booking_start_check(p_start timestamp with time zone) RETURNS void
    LANGUAGE plpgsql STABLE
    AS $$
begin
    if p_start <= now() and current_setting('parkingspots.allow_past_bookings', true) is distinct from 'on' then
        raise exception using errcode = 'PS422', constraint = 'booking_starts_in_future',
            message = 'start_time: must be in the future';
    end if;
end;
$$;


--
-- Name: booking_transition_allowed(public.booking_status, public.booking_status); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.booking_transition_allowed(p_from public.booking_status, p_to public.booking_status) RETURNS boolean
    LANGUAGE sql IMMUTABLE
    AS $$
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


--
-- Name: is_valid_timezone(text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.is_valid_timezone(tz text) RETURNS boolean
    LANGUAGE plpgsql STABLE
    AS $_$
begin
    perform now() at time zone tz;
    return tz ~ '^[A-Za-z]+(/[A-Za-z0-9_+-]+)*$';
exception when invalid_parameter_value then
    return false;
end;
$_$;


--
-- Name: operating_hours_valid(jsonb); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.operating_hours_valid(hours jsonb) RETURNS boolean
    LANGUAGE sql IMMUTABLE
    AS $_$
    select jsonb_typeof(hours) = 'object'
       and not exists (
           select 1
           from jsonb_each(hours) as day(name, intervals)
           where day.name not in ('mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun')
              or jsonb_typeof(day.intervals) <> 'array'
              or exists (
                  select 1
                  from jsonb_array_elements(day.intervals) as iv(pair)
                  where jsonb_typeof(iv.pair) <> 'array'
                     or jsonb_array_length(iv.pair) <> 2
                     or not coalesce(iv.pair ->> 0 ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$', false)
                     or not coalesce(iv.pair ->> 1 ~ '^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$', false)
                     or iv.pair ->> 0 = iv.pair ->> 1
              )
       );
$_$;


--
-- Name: parking_spots; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.parking_spots (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    owner_id uuid NOT NULL,
    title text NOT NULL,
    description text,
    spot_type public.spot_type NOT NULL,
    vehicle_size public.vehicle_size DEFAULT 'standard'::public.vehicle_size NOT NULL,
    address character varying(500) NOT NULL,
    city character varying(100) NOT NULL,
    state character varying(100) NOT NULL,
    zip_code character varying(20) NOT NULL,
    latitude double precision NOT NULL,
    longitude double precision NOT NULL,
    location public.geography(Point,4326) GENERATED ALWAYS AS ((public.st_setsrid(public.st_makepoint(longitude, latitude), 4326))::public.geography) STORED NOT NULL,
    timezone text NOT NULL,
    hourly_rate integer NOT NULL,
    daily_rate integer,
    monthly_rate integer,
    is_covered boolean DEFAULT false NOT NULL,
    has_ev_charging boolean DEFAULT false NOT NULL,
    has_security boolean DEFAULT false NOT NULL,
    has_lighting boolean DEFAULT false NOT NULL,
    is_handicap_accessible boolean DEFAULT false NOT NULL,
    images text[] DEFAULT '{}'::text[] NOT NULL,
    is_active boolean DEFAULT true NOT NULL,
    is_available boolean DEFAULT true NOT NULL,
    operating_hours jsonb,
    access_instructions text,
    average_rating numeric(3,2) DEFAULT 0 NOT NULL,
    total_reviews integer DEFAULT 0 NOT NULL,
    total_bookings integer DEFAULT 0 NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    deactivated_at timestamp with time zone,
    deactivated_by uuid,
    deactivation_reason text,
    moderated boolean DEFAULT false NOT NULL,
    CONSTRAINT parking_spots_average_rating_range CHECK (((average_rating >= (0)::numeric) AND (average_rating <= (5)::numeric))),
    CONSTRAINT parking_spots_daily_rate_positive CHECK ((daily_rate > 0)),
    CONSTRAINT parking_spots_deactivation_reason_length CHECK (((length(btrim(deactivation_reason)) >= 1) AND (length(btrim(deactivation_reason)) <= 500))),
    CONSTRAINT parking_spots_description_length CHECK ((length(description) <= 5000)),
    CONSTRAINT parking_spots_hourly_rate_positive CHECK ((hourly_rate > 0)),
    CONSTRAINT parking_spots_images_bounded CHECK (((cardinality(images) <= 20) AND (array_position(images, NULL::text) IS NULL))),
    CONSTRAINT parking_spots_latitude_range CHECK (((latitude >= ('-90'::integer)::double precision) AND (latitude <= (90)::double precision))),
    CONSTRAINT parking_spots_longitude_range CHECK (((longitude >= ('-180'::integer)::double precision) AND (longitude <= (180)::double precision))),
    CONSTRAINT parking_spots_moderated_inactive CHECK ((NOT (moderated AND is_active))),
    CONSTRAINT parking_spots_moderation_reason CHECK (((NOT moderated) OR (deactivation_reason IS NOT NULL))),
    CONSTRAINT parking_spots_monthly_rate_positive CHECK ((monthly_rate > 0)),
    CONSTRAINT parking_spots_operating_hours_valid CHECK (public.operating_hours_valid(operating_hours)),
    CONSTRAINT parking_spots_timezone_valid CHECK (public.is_valid_timezone(timezone)),
    CONSTRAINT parking_spots_title_length CHECK (((length(btrim(title)) >= 1) AND (length(btrim(title)) <= 255))),
    CONSTRAINT parking_spots_total_bookings_nonnegative CHECK ((total_bookings >= 0)),
    CONSTRAINT parking_spots_total_reviews_nonnegative CHECK ((total_reviews >= 0))
);


--
-- Name: booking_window_check(public.parking_spots, uuid, timestamp with time zone, timestamp with time zone, boolean); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.booking_window_check(p_spot public.parking_spots, p_user_id uuid, p_start timestamp with time zone, p_end timestamp with time zone, p_new boolean DEFAULT true) RETURNS void
    LANGUAGE plpgsql STABLE
    AS $$
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


--
-- Name: bookings_check_rules(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.bookings_check_rules() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
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


--
-- Name: bookings_count_on_spot(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.bookings_count_on_spot() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
declare
    delta integer;
begin
    delta := case when tg_op = 'DELETE' then 0 else booking_counts(new.status) end
           - case when tg_op = 'INSERT' then 0 else booking_counts(old.status) end;
    if delta <> 0 then
        update parking_spots
           set total_bookings = total_bookings + delta
         where id = coalesce(new.parking_spot_id, old.parking_spot_id);
    end if;
    return null;
end;
$$;


--
-- Name: bookings_guard_status(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.bookings_guard_status() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
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


--
-- Name: bookings_notify(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.bookings_notify() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
declare
    owner uuid := (select owner_id from parking_spots where id = new.parking_spot_id);
begin
    if tg_op = 'INSERT' then
        perform notify_event('new_booking', jsonb_build_object(
            'booking_id', new.id, 'spot_id', new.parking_spot_id, 'user_id', new.user_id, 'owner_id', owner));
    else
        perform notify_event('booking_update', jsonb_build_object(
            'booking_id', new.id, 'status', new.status, 'spot_id', new.parking_spot_id,
            'user_id', new.user_id, 'owner_id', owner));
    end if;
    return null;
end;
$$;


--
-- Name: bookings_release_extension(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.bookings_release_extension() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
begin
    perform release_extension(e.id)
       from booking_extensions e
      where e.booking_id = new.id and e.status = 'pending';
    return null;
end;
$$;


--
-- Name: cancel_booking(uuid, uuid, text, text, timestamp with time zone); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.cancel_booking(p_booking_id uuid, p_user_id uuid, p_by text, p_reason text, p_now timestamp with time zone DEFAULT now()) RETURNS TABLE(booking public.bookings, refund_percent integer)
    LANGUAGE plpgsql
    AS $$
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


--
-- Name: cancellation_refund(public.bookings, text, timestamp with time zone); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.cancellation_refund(p_booking public.bookings, p_by text, p_now timestamp with time zone, OUT refund_percent integer, OUT refund_amount integer) RETURNS record
    LANGUAGE plpgsql STABLE
    AS $$
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


--
-- Name: check_in_booking(uuid, timestamp with time zone); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.check_in_booking(p_booking_id uuid, p_now timestamp with time zone DEFAULT now()) RETURNS public.bookings
    LANGUAGE plpgsql
    AS $$
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


--
-- Name: check_out_booking(uuid, timestamp with time zone); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.check_out_booking(p_booking_id uuid, p_now timestamp with time zone DEFAULT now()) RETURNS public.bookings
    LANGUAGE plpgsql
    AS $$
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


--
-- Name: reviews; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.reviews (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    booking_id uuid NOT NULL,
    parking_spot_id uuid NOT NULL,
    reviewer_id uuid NOT NULL,
    overall_rating smallint NOT NULL,
    location_rating smallint,
    access_rating smallint,
    value_rating smallint,
    safety_rating smallint,
    comment text,
    owner_response text,
    owner_responded_at timestamp with time zone,
    helpful_count integer DEFAULT 0 NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    hidden_at timestamp with time zone,
    hidden_by uuid,
    hidden_reason text,
    CONSTRAINT reviews_access_rating_range CHECK (((access_rating >= 1) AND (access_rating <= 5))),
    CONSTRAINT reviews_comment_length CHECK ((length(comment) <= 5000)),
    CONSTRAINT reviews_helpful_count_nonnegative CHECK ((helpful_count >= 0)),
    CONSTRAINT reviews_hidden_reason_length CHECK (((length(btrim(hidden_reason)) >= 1) AND (length(btrim(hidden_reason)) <= 500))),
    CONSTRAINT reviews_hidden_record CHECK ((((hidden_at IS NULL) = (hidden_reason IS NULL)) AND ((hidden_at IS NOT NULL) OR (hidden_by IS NULL)))),
    CONSTRAINT reviews_location_rating_range CHECK (((location_rating >= 1) AND (location_rating <= 5))),
    CONSTRAINT reviews_overall_rating_range CHECK (((overall_rating >= 1) AND (overall_rating <= 5))),
    CONSTRAINT reviews_owner_response_length CHECK ((length(owner_response) <= 5000)),
    CONSTRAINT reviews_safety_rating_range CHECK (((safety_rating >= 1) AND (safety_rating <= 5))),
    CONSTRAINT reviews_value_rating_range CHECK (((value_rating >= 1) AND (value_rating <= 5)))
);


--
-- Name: delete_review(uuid, uuid, timestamp with time zone); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.delete_review(p_review_id uuid, p_user_id uuid, p_now timestamp with time zone DEFAULT now()) RETURNS public.reviews
    LANGUAGE plpgsql
    AS $$
declare
    current reviews := review_for_update(p_review_id, p_user_id);
begin
    perform review_author_check(current, p_user_id, false, p_now);
    delete from reviews where id = p_review_id;
    return current;
end;
$$;


--
-- Name: edit_review(uuid, uuid, jsonb, timestamp with time zone); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.edit_review(p_review_id uuid, p_user_id uuid, p_patch jsonb, p_now timestamp with time zone DEFAULT now()) RETURNS public.reviews
    LANGUAGE plpgsql
    AS $$
declare
    current reviews := review_for_update(p_review_id, p_user_id);
begin
    perform review_author_check(current, p_user_id, true, p_now);
    update reviews r
       set (overall_rating, location_rating, access_rating, value_rating, safety_rating, comment)
         = (select p.overall_rating, p.location_rating, p.access_rating, p.value_rating, p.safety_rating, p.comment
            from jsonb_populate_record(current, p_patch) p)
     where r.id = p_review_id
    returning * into current;
    return current;
end;
$$;


--
-- Name: events; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.events (
    id bigint NOT NULL,
    type text NOT NULL,
    data jsonb NOT NULL,
    spot_id uuid,
    user_id uuid,
    owner_id uuid,
    public boolean NOT NULL,
    created_at timestamp with time zone DEFAULT clock_timestamp() NOT NULL,
    updated_at timestamp with time zone DEFAULT clock_timestamp() NOT NULL,
    CONSTRAINT events_data_object CHECK ((jsonb_typeof(data) = 'object'::text)),
    CONSTRAINT events_public_spot CHECK (((NOT public) OR (spot_id IS NOT NULL))),
    CONSTRAINT events_type_known CHECK ((type = ANY (ARRAY['spot_availability'::text, 'booking_update'::text, 'new_booking'::text, 'new_review'::text])))
);


--
-- Name: event_message(public.events); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.event_message(e public.events) RETURNS jsonb
    LANGUAGE sql STABLE
    AS $$
    select jsonb_build_object('type', e.type, 'id', e.id, 'at', utc_iso(e.created_at)) || e.data;
$$;


--
-- Name: expire_unpaid_holds(timestamp with time zone); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.expire_unpaid_holds(p_now timestamp with time zone DEFAULT now()) RETURNS integer
    LANGUAGE sql
    AS $$
    with moved as (
        update bookings
           set status = 'cancelled',
               payment_status = 'expired',
               cancellation_reason = 'payment window expired',
               cancelled_at = p_now
         where status = 'pending'
           and hold_expires_at <= p_now
        returning 1
    )
    select count(*)::integer from moved;
$$;


--
-- Name: extend_booking(uuid, timestamp with time zone); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.extend_booking(p_booking_id uuid, p_new_end timestamp with time zone) RETURNS TABLE(booking public.bookings, amount_due integer)
    LANGUAGE plpgsql
    AS $$
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


--
-- Name: finish_reconciliation(date, jsonb, timestamp with time zone); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.finish_reconciliation(p_day date, p_movements jsonb, p_started_at timestamp with time zone DEFAULT now()) RETURNS integer
    LANGUAGE plpgsql
    AS $$
declare
    v_from timestamptz := p_day::timestamp at time zone 'UTC';
    v_to timestamptz := (p_day + 1)::timestamp at time zone 'UTC';
    v_run bigint;
    v_checked integer;
    v_found integer;
begin
    insert into reconciliation_runs (day, started_at) values (p_day, p_started_at)
    on conflict (day) do update set started_at = excluded.started_at
    returning id into v_run;
    delete from reconciliation_differences where run_id = v_run;
    with stripe as (
        select m.kind, m.stripe_id, m.amount, m.created
          from jsonb_to_recordset(p_movements)
                   as m (kind money_movement_kind, stripe_id text, amount integer, created timestamptz)
    ), stripe_day as (
        select kind, stripe_id, sum(abs(amount))::integer as amount, count(*)::integer as transactions
          from stripe
         where created >= v_from and created < v_to
         group by kind, stripe_id
    ), found as (
        select s.kind, s.stripe_id, l.amount as ledger_amount, s.amount as stripe_amount,
               case when l.id is null then 'missing_in_ledger' else 'amount_differs' end as problem
          from stripe_day s
          left join money_movements l on l.kind = s.kind and l.stripe_id = s.stripe_id
         where l.id is null or l.amount <> s.amount
        union all
        select l.kind, l.stripe_id, l.amount, null, 'missing_in_stripe'
          from money_movements l
         where l.occurred_at >= v_from and l.occurred_at < v_to
           and l.kind not in ('refund_failure', 'dispute_reversal')
           and not exists (select 1 from stripe s where s.kind = l.kind and s.stripe_id = l.stripe_id)
    ), recorded as (
        insert into reconciliation_differences (run_id, day, kind, stripe_id, ledger_amount, stripe_amount, problem)
        select v_run, p_day, f.kind, f.stripe_id, f.ledger_amount, f.stripe_amount, f.problem from found f
        returning 1
    )
    select (select coalesce(sum(transactions), 0) from stripe_day), (select count(*) from recorded)
      into v_checked, v_found;
    update reconciliation_runs
       set status = 'done', checked = v_checked, differences = v_found, finished_at = clock_timestamp()
     where id = v_run;
    return v_found;
end;
$$;


--
-- Name: notify_event(text, jsonb); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.notify_event(p_type text, p_payload jsonb) RETURNS void
    LANGUAGE plpgsql
    AS $$
declare
    e events;
begin
    perform pg_advisory_xact_lock(5402013002);  -- ids in commit order (see above)
    insert into events (type, data, spot_id, user_id, owner_id, public)
    values (p_type, p_payload - 'user_id' - 'owner_id', (p_payload ->> 'spot_id')::uuid,
            (p_payload ->> 'user_id')::uuid, (p_payload ->> 'owner_id')::uuid,
            p_type in ('spot_availability', 'new_review'))
    returning * into e;
    perform pg_notify('parkingspots_events', (event_message(e) || jsonb_build_object('audience',
        jsonb_build_object('spot_id', e.spot_id, 'user_id', e.user_id, 'owner_id', e.owner_id,
                           'public', e.public)))::text);
end;
$$;


--
-- Name: open_extension(uuid, timestamp with time zone, timestamp with time zone); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.open_extension(p_booking_id uuid, p_new_end timestamp with time zone, p_now timestamp with time zone DEFAULT now()) RETURNS TABLE(booking public.bookings, amount_due integer, extension_id uuid, payment_due_by timestamp with time zone)
    LANGUAGE plpgsql
    AS $$
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


--
-- Name: outbox_clear_sent_body(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.outbox_clear_sent_body() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
begin
    if new.sent_at is not null then
        new.body := '';
    end if;
    return new;
end;
$$;


--
-- Name: parking_spots_check_deactivation(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.parking_spots_check_deactivation() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
begin
    if old.is_active and not new.is_active and exists (
        select 1 from bookings b
        where b.parking_spot_id = new.id
          and booking_holds_slot(b.status)
          and b.end_time > now()) then
        raise exception using errcode = 'PS409', constraint = 'spot_has_future_bookings',
            message = 'this spot has upcoming bookings: cancel them before deactivating it';
    end if;
    return new;
end;
$$;


--
-- Name: parking_spots_notify(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.parking_spots_notify() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
begin
    perform notify_event('spot_availability', jsonb_build_object(
        'spot_id', new.id, 'is_available', new.is_available and new.is_active));
    return null;
end;
$$;


--
-- Name: parking_spots_record_deactivation(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.parking_spots_record_deactivation() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
begin
    if new.is_active then
        new.deactivated_at := null;
        new.deactivated_by := null;
        new.deactivation_reason := null;
        new.moderated := false;
    elsif tg_op = 'INSERT' or old.is_active then
        new.deactivated_at := coalesce(new.deactivated_at, now());
    end if;
    return new;
end;
$$;


--
-- Name: payments; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.payments (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    booking_id uuid NOT NULL,
    user_id uuid NOT NULL,
    amount integer NOT NULL,
    currency text DEFAULT 'usd'::text NOT NULL,
    status public.payment_status DEFAULT 'requires_payment'::public.payment_status NOT NULL,
    stripe_payment_intent_id text,
    stripe_charge_id text,
    application_fee_amount integer,
    transfer_destination text,
    amount_refunded integer DEFAULT 0 NOT NULL,
    failure_message text,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    extension_id uuid,
    service_fee integer,
    CONSTRAINT payments_amount_positive CHECK ((amount > 0)),
    CONSTRAINT payments_application_fee_nonnegative CHECK ((application_fee_amount >= 0)),
    CONSTRAINT payments_currency_format CHECK ((currency ~ '^[a-z]{3}$'::text)),
    CONSTRAINT payments_refund_bounded CHECK (((amount_refunded >= 0) AND (amount_refunded <= amount))),
    CONSTRAINT payments_service_fee_bounded CHECK (((service_fee >= 0) AND (service_fee <= amount)))
);


--
-- Name: payment_out(public.payments); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.payment_out(p public.payments) RETURNS jsonb
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
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


--
-- Name: price_days_part(integer, integer, bigint); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.price_days_part(p_hourly integer, p_daily integer, p_minutes bigint, OUT cost bigint, OUT days integer, OUT hourly_minutes bigint) RETURNS record
    LANGUAGE plpgsql IMMUTABLE
    AS $$
declare
    full_days bigint := p_minutes / 1440;
    rest bigint := p_minutes % 1440;
    rest_hourly bigint := round(p_hourly * rest / 60.0);
begin
    if p_daily is null or p_daily >= p_hourly * 24 then
        -- a whole day at the hourly rate is never dearer than the daily rate
        cost := full_days * p_hourly * 24;
        days := 0;
        hourly_minutes := full_days * 1440;
    else
        cost := full_days * p_daily;
        days := full_days;
        hourly_minutes := 0;
    end if;
    if p_daily is not null and p_daily < rest_hourly then
        cost := cost + p_daily;
        days := days + 1;
    else
        cost := cost + rest_hourly;
        hourly_minutes := hourly_minutes + rest;
    end if;
end;
$$;


--
-- Name: price_quote(integer, integer, integer, timestamp with time zone, timestamp with time zone); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.price_quote(p_hourly integer, p_daily integer, p_monthly integer, p_start timestamp with time zone, p_end timestamp with time zone) RETURNS TABLE(subtotal integer, service_fee integer, total integer, owner_payout integer, duration_hours numeric, monthly_units integer, daily_units integer, hourly_hours numeric)
    LANGUAGE plpgsql STABLE
    AS $$
declare
    minutes bigint;
    parts record;
    fees platform_settings;
begin
    if p_end <= p_start then
        raise exception using errcode = 'PS422', constraint = 'bookings_time_order',
            message = 'end_time must be after start_time';
    end if;
    minutes := ceil(extract(epoch from p_end - p_start) / 60);
    parts := price_subtotal(p_hourly, p_daily, p_monthly, minutes);
    select * into fees from platform_settings;
    subtotal := parts.subtotal;
    service_fee := round(parts.subtotal * fees.service_fee_percent / 100) + fees.service_fee_fixed_cents;
    total := subtotal + service_fee;
    owner_payout := subtotal;
    duration_hours := round(minutes / 60.0, 2);
    monthly_units := parts.months;
    daily_units := parts.days;
    hourly_hours := round(parts.hourly_minutes / 60.0, 2);
    return next;
end;
$$;


--
-- Name: price_subtotal(integer, integer, integer, bigint); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.price_subtotal(p_hourly integer, p_daily integer, p_monthly integer, p_minutes bigint, OUT subtotal bigint, OUT months integer, OUT days integer, OUT hourly_minutes bigint) RETURNS record
    LANGUAGE plpgsql IMMUTABLE
    AS $$
declare
    month_minutes constant bigint := 30 * 1440;
    whole_month record;
    rest record;
    full_months bigint;
begin
    if p_monthly is null then
        select d.cost, 0, d.days, d.hourly_minutes into subtotal, months, days, hourly_minutes
        from price_days_part(p_hourly, p_daily, p_minutes) d;
        return;
    end if;
    full_months := p_minutes / month_minutes;
    whole_month := price_days_part(p_hourly, p_daily, month_minutes);
    rest := price_days_part(p_hourly, p_daily, p_minutes % month_minutes);
    if p_monthly <= whole_month.cost then
        subtotal := full_months * p_monthly;
        months := full_months;
        days := 0;
        hourly_minutes := 0;
    else
        subtotal := full_months * whole_month.cost;
        months := 0;
        days := full_months * whole_month.days;
        hourly_minutes := full_months * whole_month.hourly_minutes;
    end if;
    if p_minutes % month_minutes > 0 and p_monthly < rest.cost then
        subtotal := subtotal + p_monthly;
        months := months + 1;
    else
        subtotal := subtotal + rest.cost;
        days := days + rest.days;
        hourly_minutes := hourly_minutes + rest.hourly_minutes;
    end if;
end;
$$;


--
-- Name: purge_cron_history(interval, timestamp with time zone); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.purge_cron_history(p_keep interval DEFAULT '7 days'::interval, p_now timestamp with time zone DEFAULT now()) RETURNS integer
    LANGUAGE sql
    AS $$
    with purged as (
        delete from cron.job_run_details where end_time < p_now - p_keep returning 1
    )
    select count(*)::integer from purged;
$$;


--
-- Name: purge_events(interval, timestamp with time zone); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.purge_events(p_keep interval DEFAULT '24:00:00'::interval, p_now timestamp with time zone DEFAULT now()) RETURNS integer
    LANGUAGE sql
    AS $$
    with purged as (
        delete from events
         where id <= (select max(id) from events where created_at < p_now - p_keep)
           and id < (select max(id) from events)
        returning 1
    )
    select count(*)::integer from purged;
$$;


--
-- Name: purge_idempotency_keys(interval, timestamp with time zone); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.purge_idempotency_keys(p_keep interval DEFAULT '24:00:00'::interval, p_now timestamp with time zone DEFAULT now()) RETURNS integer
    LANGUAGE sql
    AS $$
    with purged as (
        delete from idempotency_keys where created_at < p_now - p_keep returning 1
    )
    select count(*)::integer from purged;
$$;


--
-- Name: purge_outbox(interval, interval, timestamp with time zone); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.purge_outbox(p_sent_keep interval DEFAULT '1 day'::interval, p_keep interval DEFAULT '7 days'::interval, p_now timestamp with time zone DEFAULT now()) RETURNS integer
    LANGUAGE sql
    AS $$
    with purged as (
        delete from outbox
         where sent_at < p_now - p_sent_keep
            or created_at < p_now - p_keep
        returning 1
    )
    select count(*)::integer from purged;
$$;


--
-- Name: purge_stripe_outbox(interval, timestamp with time zone); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.purge_stripe_outbox(p_keep interval DEFAULT '30 days'::interval, p_now timestamp with time zone DEFAULT now()) RETURNS integer
    LANGUAGE sql
    AS $$
    with purged as (
        delete from stripe_outbox where done_at < p_now - p_keep returning 1
    )
    select count(*)::integer from purged;
$$;


--
-- Name: queue_extension_intent_cancel(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.queue_extension_intent_cancel() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
begin
    perform queue_unpaid_intent_cancels(null, new.id);
    return null;
end;
$$;


--
-- Name: queue_intent_cancel(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.queue_intent_cancel() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
begin
    perform queue_unpaid_intent_cancels(new.id, null);
    return null;
end;
$$;


--
-- Name: queue_owner_transfers(timestamp with time zone); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.queue_owner_transfers(p_now timestamp with time zone DEFAULT now()) RETURNS integer
    LANGUAGE sql
    AS $$
    with queued as (
        insert into stripe_outbox (action, args, idempotency_key, next_attempt_at)
        select 'transfer',
               jsonb_build_object('payment_id', d.payment_id, 'booking_id', d.booking_id, 'amount', d.due,
                                  'destination', d.destination, 'charge_id', d.charge_id, 'currency', d.currency),
               'transfer-' || d.payment_id || '-' || d.transferred,
               p_now
          from owner_transfers_due d
         where d.due <> 0
           and d.destination is not null
           and d.transfers_active
        on conflict (idempotency_key) do nothing
        returning 1
    )
    select count(*)::integer from queued;
$$;


--
-- Name: queue_reconciliation(timestamp with time zone); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.queue_reconciliation(p_now timestamp with time zone DEFAULT now()) RETURNS integer
    LANGUAGE plpgsql
    AS $$
declare
    v_day date := (p_now at time zone 'UTC')::date - 1;
    v_queued integer;
begin
    insert into stripe_outbox (action, args, idempotency_key, next_attempt_at)
    values ('reconcile', jsonb_build_object('day', to_char(v_day, 'YYYY-MM-DD')),
            'reconcile-' || to_char(v_day, 'YYYY-MM-DD'), p_now)
    on conflict (idempotency_key) do nothing;
    get diagnostics v_queued = row_count;
    insert into reconciliation_runs (day, started_at) values (v_day, p_now)
    on conflict (day) do nothing;
    return v_queued;
end;
$$;


--
-- Name: queue_unpaid_intent_cancels(uuid, uuid); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.queue_unpaid_intent_cancels(p_booking_id uuid, p_extension_id uuid) RETURNS void
    LANGUAGE sql
    AS $$
    insert into stripe_outbox (action, intent_id, idempotency_key)
    select 'cancel_intent', p.stripe_payment_intent_id, 'cancel-intent-' || p.stripe_payment_intent_id
      from payments p
     where (p.booking_id = p_booking_id or p.extension_id = p_extension_id)
       and p.stripe_payment_intent_id is not null
       and p.status in ('requires_payment', 'failed')
    on conflict (idempotency_key) do nothing;
$$;


--
-- Name: quote_booking(uuid, uuid, timestamp with time zone, timestamp with time zone); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.quote_booking(p_spot_id uuid, p_user_id uuid, p_start timestamp with time zone, p_end timestamp with time zone) RETURNS TABLE(subtotal integer, service_fee integer, total integer, owner_payout integer, duration_hours numeric, monthly_units integer, daily_units integer, hourly_hours numeric)
    LANGUAGE plpgsql STABLE
    AS $$
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


--
-- Name: quote_price(uuid, timestamp with time zone, timestamp with time zone); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.quote_price(p_spot_id uuid, p_start timestamp with time zone, p_end timestamp with time zone) RETURNS TABLE(subtotal integer, service_fee integer, total integer, owner_payout integer, duration_hours numeric, monthly_units integer, daily_units integer, hourly_hours numeric)
    LANGUAGE plpgsql STABLE
    AS $$
declare
    spot parking_spots;
begin
    select * into spot from parking_spots where id = p_spot_id;
    if not found then
        raise exception using errcode = 'PS404', message = 'parking spot not found';
    end if;
    return query select * from price_quote(spot.hourly_rate, spot.daily_rate, spot.monthly_rate, p_start, p_end);
end;
$$;


--
-- Name: record_money_movements(uuid, jsonb); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.record_money_movements(p_payment_id uuid, p_movements jsonb) RETURNS integer
    LANGUAGE sql
    AS $$
    with added as (
        insert into money_movements (booking_id, payment_id, kind, stripe_id, amount, currency, occurred_at)
        select p.booking_id, p.id, m.kind, m.stripe_id, m.amount, coalesce(m.currency, p.currency),
               coalesce(m.occurred_at, now())
          from payments p,
               jsonb_to_recordset(p_movements)
                   as m (kind money_movement_kind, stripe_id text, amount integer, currency text,
                         occurred_at timestamptz)
         where p.id = p_payment_id
           and m.amount > 0
        on conflict (kind, stripe_id) do nothing
        returning 1
    )
    select count(*)::integer from added;
$$;


--
-- Name: refuse_money_movement_change(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.refuse_money_movement_change() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
begin
    raise exception using errcode = 'PS409', constraint = 'money_movements_immutable',
        message = 'money movements are never changed or deleted; record a new movement instead';
end;
$$;


--
-- Name: release_extension(uuid); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.release_extension(p_extension_id uuid) RETURNS boolean
    LANGUAGE plpgsql
    AS $$
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


--
-- Name: release_unpaid_extensions(timestamp with time zone); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.release_unpaid_extensions(p_now timestamp with time zone DEFAULT now()) RETURNS integer
    LANGUAGE plpgsql
    AS $$
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


--
-- Name: respond_to_review(uuid, uuid, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.respond_to_review(p_review_id uuid, p_user_id uuid, p_response text) RETURNS public.reviews
    LANGUAGE plpgsql
    AS $$
declare
    current reviews;
begin
    select * into current from reviews where id = p_review_id and hidden_at is null for update;
    if not found then
        raise exception using errcode = 'PS404', message = 'review not found';
    end if;
    if not exists (select 1 from parking_spots s where s.id = current.parking_spot_id and s.owner_id = p_user_id) then
        raise exception using errcode = 'PS403', constraint = 'review_response_by_owner',
            message = 'only the owner of the spot can respond to its reviews';
    end if;
    update reviews set owner_response = p_response where id = p_review_id returning * into current;
    return current;
end;
$$;


--
-- Name: review_author_check(public.reviews, uuid, boolean, timestamp with time zone); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.review_author_check(r public.reviews, p_user_id uuid, p_change boolean, p_now timestamp with time zone) RETURNS void
    LANGUAGE plpgsql STABLE
    AS $$
begin
    if exists (select 1 from users u where u.id = p_user_id and u.role = 'admin') then
        return;
    end if;
    if r.reviewer_id <> p_user_id then
        raise exception using errcode = 'PS403', constraint = 'review_by_reviewer',
            message = 'only the reviewer (or an admin) can change or delete a review';
    end if;
    if p_now >= review_editable_until(r) then
        raise exception using errcode = 'PS409', constraint = 'review_edit_window',
            message = format('a review can be changed or deleted within %s days of posting',
                             (select review_edit_days from platform_settings));
    end if;
    if p_change and r.hidden_at is not null then
        raise exception using errcode = 'PS409', constraint = 'review_hidden',
            message = 'an admin hid this review: it can no longer be changed';
    end if;
end;
$$;


--
-- Name: review_editable_until(public.reviews); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.review_editable_until(r public.reviews) RETURNS timestamp with time zone
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
    select r.created_at + make_interval(days => (select review_edit_days from platform_settings));
$$;


--
-- Name: review_for_update(uuid, uuid); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.review_for_update(p_review_id uuid, p_user_id uuid) RETURNS public.reviews
    LANGUAGE plpgsql
    AS $$
declare
    current reviews;
begin
    select * into current from reviews where id = p_review_id for update;
    if not found or not review_visible_to(current, p_user_id) then
        raise exception using errcode = 'PS404', message = 'review not found';
    end if;
    return current;
end;
$$;


--
-- Name: review_helpful_votes_check_rules(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.review_helpful_votes_check_rules() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
begin
    if exists (select 1 from reviews where id = new.review_id and reviewer_id = new.user_id) then
        raise exception using errcode = 'PS403', constraint = 'review_vote_not_own',
            message = 'you cannot vote on your own review';
    end if;
    return new;
end;
$$;


--
-- Name: review_helpful_votes_count(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.review_helpful_votes_count() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
begin
    update reviews
       set helpful_count = helpful_count + case when tg_op = 'INSERT' then 1 else -1 end
     where id = coalesce(new.review_id, old.review_id);
    return null;
end;
$$;


--
-- Name: review_moderation_out(public.reviews); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.review_moderation_out(r public.reviews) RETURNS jsonb
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
    select review_out(r) || jsonb_build_object(
        'hidden_at', utc_iso(r.hidden_at),
        'hidden_by', r.hidden_by,
        'hidden_reason', r.hidden_reason);
$$;


--
-- Name: review_out(public.reviews); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.review_out(r public.reviews) RETURNS jsonb
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
    select jsonb_build_object(
        'id', r.id,
        'booking_id', r.booking_id,
        'parking_spot_id', r.parking_spot_id,
        'reviewer_id', r.reviewer_id,
        'reviewer_name', (select u.full_name from users u where u.id = r.reviewer_id),
        'overall_rating', r.overall_rating,
        'location_rating', r.location_rating,
        'access_rating', r.access_rating,
        'value_rating', r.value_rating,
        'safety_rating', r.safety_rating,
        'comment', r.comment,
        'owner_response', r.owner_response,
        'owner_responded_at', utc_iso(r.owner_responded_at),
        'helpful_count', r.helpful_count,
        'is_hidden', r.hidden_at is not null,
        'editable_until', utc_iso(review_editable_until(r)),
        'created_at', utc_iso(r.created_at),
        'updated_at', utc_iso(r.updated_at));
$$;


--
-- Name: review_visible_to(public.reviews, uuid); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.review_visible_to(r public.reviews, p_user_id uuid) RETURNS boolean
    LANGUAGE sql STABLE
    AS $$
    select r.hidden_at is null
        or r.reviewer_id = p_user_id
        or exists (select 1 from users u where u.id = p_user_id and u.role = 'admin');
$$;


--
-- Name: reviews_check_rules(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.reviews_check_rules() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
declare
    booking bookings;
begin
    if tg_op = 'INSERT' then
        select * into booking from bookings where id = new.booking_id;
        if not found then
            raise exception using errcode = 'PS404', constraint = 'reviews_booking_id_fkey',
                message = 'booking not found';
        end if;
        if booking.user_id <> new.reviewer_id then
            raise exception using errcode = 'PS403', constraint = 'review_by_renter',
                message = 'only the renter of a booking can review it';
        end if;
        if booking.status <> 'completed' then
            raise exception using errcode = 'PS409', constraint = 'review_booking_completed',
                message = 'a booking can be reviewed once it is completed';
        end if;
        new.parking_spot_id := booking.parking_spot_id;
        if new.owner_response is not null then
            raise exception using errcode = 'PS409', constraint = 'review_owner_response_once',
                message = 'the owner responds after the review is posted';
        end if;
        return new;
    end if;
    if new.booking_id <> old.booking_id or new.reviewer_id <> old.reviewer_id
       or new.parking_spot_id <> old.parking_spot_id then
        raise exception using errcode = 'PS409', constraint = 'review_parties_fixed',
            message = 'the booking, spot and reviewer of a review cannot change';
    end if;
    if new.owner_response is distinct from old.owner_response then
        if old.owner_response is not null then
            raise exception using errcode = 'PS409', constraint = 'review_owner_response_once',
                message = 'the owner has already responded to this review';
        end if;
        new.owner_responded_at := now();
    end if;
    return new;
end;
$$;


--
-- Name: reviews_notify(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.reviews_notify() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
begin
    perform notify_event('new_review', jsonb_build_object(
        'review_id', new.id, 'spot_id', new.parking_spot_id, 'rating', new.overall_rating));
    return null;
end;
$$;


--
-- Name: reviews_rate_spot(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.reviews_rate_spot() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
declare
    spot_id uuid := coalesce(new.parking_spot_id, old.parking_spot_id);
begin
    update parking_spots s
       set (average_rating, total_reviews) = (
               select coalesce(round(avg(r.overall_rating), 2), 0), count(*)
               from reviews r where r.parking_spot_id = spot_id and r.hidden_at is null)
     where s.id = spot_id;
    return null;
end;
$$;


--
-- Name: rotate_refresh_token(uuid, uuid, timestamp with time zone, timestamp with time zone, interval); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.rotate_refresh_token(p_jti uuid, p_new_jti uuid, p_issued_at timestamp with time zone, p_expires_at timestamp with time zone, p_grace interval) RETURNS TABLE(outcome text, jti uuid, user_id uuid, family_id uuid, issued_at timestamp with time zone, expires_at timestamp with time zone)
    LANGUAGE plpgsql
    AS $$
#variable_conflict use_column
declare
    spent refresh_tokens;
    successor refresh_tokens;
begin
    update refresh_tokens t
       set used_at = now()
     where t.jti = p_jti and t.used_at is null and t.revoked_at is null and t.expires_at > now()
    returning t.* into spent;
    if found then
        insert into refresh_tokens (jti, user_id, family_id, parent_jti, issued_at, expires_at)
        values (p_new_jti, spent.user_id, spent.family_id, p_jti, p_issued_at, p_expires_at)
        returning * into successor;
        return query select 'rotated', successor.jti, successor.user_id, successor.family_id,
                            successor.issued_at, successor.expires_at;
        return;
    end if;

    select t.* into spent from refresh_tokens t where t.jti = p_jti;
    if spent.jti is null or spent.used_at is null then
        return query select 'invalid', null::uuid, null::uuid, null::uuid, null::timestamptz, null::timestamptz;
        return;
    end if;

    select t.* into successor from refresh_tokens t where t.parent_jti = p_jti;
    if p_grace > interval '0' and spent.used_at > now() - p_grace and spent.revoked_at is null
       and successor.jti is not null and successor.used_at is null and successor.revoked_at is null
       and successor.expires_at > now() then
        return query select 'replayed', successor.jti, successor.user_id, successor.family_id,
                            successor.issued_at, successor.expires_at;
        return;
    end if;

    update refresh_tokens t set revoked_at = now() where t.family_id = spent.family_id and t.revoked_at is null;
    return query select 'reused', null::uuid, spent.user_id, spent.family_id, null::timestamptz, null::timestamptz;
end;
$$;


--
-- Name: set_updated_at(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.set_updated_at() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
begin
    new.created_at := old.created_at;
    new.updated_at := now();
    return new;
end;
$$;


--
-- Name: spot_blackouts_check_rules(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.spot_blackouts_check_rules() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
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


--
-- Name: spot_busy_intervals(uuid, timestamp with time zone, timestamp with time zone); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.spot_busy_intervals(p_spot_id uuid, p_from timestamp with time zone, p_to timestamp with time zone) RETURNS TABLE(starts_at timestamp with time zone, ends_at timestamp with time zone, kind text, id uuid)
    LANGUAGE sql STABLE
    AS $$
    select b.start_time, b.end_time, 'booking', b.id
    from bookings b
    where b.parking_spot_id = p_spot_id
      and booking_holds_slot(b.status)
      and tstzrange(b.start_time, b.end_time) && tstzrange(p_from, p_to)
    union all
    select x.starts_at, x.ends_at, 'blackout', x.id
    from spot_blackouts x
    where x.parking_spot_id = p_spot_id
      and tstzrange(x.starts_at, x.ends_at) && tstzrange(p_from, p_to)
    order by 1, 2;
$$;


--
-- Name: spot_is_free(public.parking_spots, timestamp with time zone, timestamp with time zone); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.spot_is_free(p_spot public.parking_spots, p_from timestamp with time zone, p_to timestamp with time zone) RETURNS boolean
    LANGUAGE sql STABLE
    AS $$
    select spot_is_open(p_spot.operating_hours, p_spot.timezone, p_from, p_to)
       and not exists (select 1 from bookings b
                       where b.parking_spot_id = p_spot.id
                         and booking_holds_slot(b.status)
                         and tstzrange(b.start_time, b.end_time) && tstzrange(p_from, p_to))
       and not exists (select 1 from spot_blackouts x
                       where x.parking_spot_id = p_spot.id
                         and tstzrange(x.starts_at, x.ends_at) && tstzrange(p_from, p_to));
$$;


--
-- Name: spot_is_open(jsonb, text, timestamp with time zone, timestamp with time zone); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.spot_is_open(p_hours jsonb, p_tz text, p_start timestamp with time zone, p_end timestamp with time zone) RETURNS boolean
    LANGUAGE sql STABLE
    AS $$
    select p_hours is null or coalesce((
        select range_agg(tstzrange(
                   (day.d + (iv.pair ->> 0)::time) at time zone p_tz,
                   (day.d + (iv.pair ->> 1)::time
                          + case when (iv.pair ->> 1)::time <= (iv.pair ->> 0)::time
                                 then interval '1 day' else interval '0' end) at time zone p_tz))
        from (select (p_start at time zone p_tz)::date - 1 + n
              from generate_series(0, (p_end at time zone p_tz)::date - (p_start at time zone p_tz)::date + 1) as n
             ) as day(d),
             jsonb_array_elements(coalesce(
                 p_hours -> (array['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'])[extract(dow from day.d)::int + 1],
                 '[]')) as iv(pair)
    ) @> tstzrange(p_start, p_end), false);
$$;


--
-- Name: spot_item_out(public.parking_spots, double precision); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.spot_item_out(s public.parking_spots, p_meters double precision) RETURNS jsonb
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
    select jsonb_build_object(
        'id', s.id,
        'title', s.title,
        'address', s.address,
        'city', s.city,
        'state', s.state,
        'latitude', s.latitude,
        'longitude', s.longitude,
        'hourly_rate', s.hourly_rate,
        'daily_rate', s.daily_rate,
        'monthly_rate', s.monthly_rate,
        'spot_type', s.spot_type,
        'vehicle_size', s.vehicle_size,
        'is_covered', s.is_covered,
        'has_ev_charging', s.has_ev_charging,
        'is_available', s.is_available,
        'average_rating', s.average_rating,
        'total_reviews', s.total_reviews,
        'images', s.images,
        'distance_km', round((p_meters / 1000)::numeric, 3));
$$;


--
-- Name: spot_matches(public.parking_spots, jsonb); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.spot_matches(p_spot public.parking_spots, p_filters jsonb) RETURNS boolean
    LANGUAGE sql STABLE
    AS $$
    select p_spot.is_active and p_spot.is_available
       and (p_filters ->> 'spot_type' is null
            or p_spot.spot_type = (p_filters ->> 'spot_type')::spot_type)
       and (p_filters ->> 'max_hourly_rate' is null
            or p_spot.hourly_rate <= (p_filters ->> 'max_hourly_rate')::integer)
       and (p_filters ->> 'has_ev_charging' is null
            or p_spot.has_ev_charging = (p_filters ->> 'has_ev_charging')::boolean)
       and (p_filters ->> 'vehicle_size' is null
            or p_spot.vehicle_size >= (p_filters ->> 'vehicle_size')::vehicle_size)
       and (p_filters ->> 'is_covered' is null
            or p_spot.is_covered = (p_filters ->> 'is_covered')::boolean)
       and (p_filters ->> 'has_security' is null
            or p_spot.has_security = (p_filters ->> 'has_security')::boolean)
       and (p_filters ->> 'is_handicap_accessible' is null
            or p_spot.is_handicap_accessible = (p_filters ->> 'is_handicap_accessible')::boolean)
       and (p_filters ->> 'min_rating' is null
            or p_spot.average_rating >= (p_filters ->> 'min_rating')::numeric)
       and (p_filters ->> 'available_from' is null
            or spot_is_free(p_spot, (p_filters ->> 'available_from')::timestamptz,
                            (p_filters ->> 'available_to')::timestamptz));
$$;


--
-- Name: spot_moderation_out(public.parking_spots); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.spot_moderation_out(s public.parking_spots) RETURNS jsonb
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
    select spot_out(s, true) || jsonb_build_object(
        'deactivated_at', utc_iso(s.deactivated_at),
        'deactivated_by', s.deactivated_by,
        'deactivation_reason', s.deactivation_reason,
        'moderated', s.moderated);
$$;


--
-- Name: spot_out(public.parking_spots, boolean); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.spot_out(s public.parking_spots, p_private boolean DEFAULT false) RETURNS jsonb
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
    select jsonb_build_object(
        'id', s.id,
        'owner_id', s.owner_id,
        'title', s.title,
        'description', s.description,
        'spot_type', s.spot_type,
        'vehicle_size', s.vehicle_size,
        'address', s.address,
        'city', s.city,
        'state', s.state,
        'zip_code', s.zip_code,
        'latitude', s.latitude,
        'longitude', s.longitude,
        'timezone', s.timezone,
        'hourly_rate', s.hourly_rate,
        'daily_rate', s.daily_rate,
        'monthly_rate', s.monthly_rate,
        'is_covered', s.is_covered,
        'has_ev_charging', s.has_ev_charging,
        'has_security', s.has_security,
        'has_lighting', s.has_lighting,
        'is_handicap_accessible', s.is_handicap_accessible,
        'images', s.images,
        'is_active', s.is_active,
        'is_available', s.is_available,
        'operating_hours', s.operating_hours,
        'average_rating', s.average_rating,
        'total_reviews', s.total_reviews,
        'total_bookings', s.total_bookings,
        'created_at', utc_iso(s.created_at),
        'updated_at', utc_iso(s.updated_at))
        || case when p_private then jsonb_build_object('access_instructions', s.access_instructions)
                else '{}'::jsonb end;
$$;


--
-- Name: spots_near_count(public.geography, double precision, jsonb, bigint); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.spots_near_count(p_point public.geography, p_radius_m double precision, p_filters jsonb, p_limit bigint) RETURNS bigint
    LANGUAGE sql STABLE
    SET enable_bitmapscan TO 'off'
    AS $$
    select count(*)
    from (select
          from parking_spots s
          where st_dwithin(s.location, p_point, p_radius_m)
            and spot_matches(s, p_filters)
          limit p_limit) upto;
$$;


--
-- Name: take_outbox_mail(integer, timestamp with time zone); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.take_outbox_mail(p_limit integer DEFAULT 10, p_now timestamp with time zone DEFAULT now()) RETURNS TABLE(id uuid, recipient public.citext, kind text, subject text, body text, created_at timestamp with time zone)
    LANGUAGE sql
    AS $$
    with picked as (
        select o.id, o.recipient, o.kind, o.subject, o.body, o.created_at
        from outbox o
        where o.sent_at is null
        order by o.created_at, o.id
        limit p_limit
        for update skip locked
    ), sent as (
        update outbox o
           set sent_at = p_now
          from picked p
         where o.id = p.id
        returning o.id
    )
    select p.id, p.recipient, p.kind, p.subject, p.body, p.created_at
    from picked p
    join sent s on s.id = p.id
    order by p.created_at, p.id;
$$;


--
-- Name: users; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.users (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    email public.citext NOT NULL,
    hashed_password text,
    full_name text NOT NULL,
    phone_number character varying(20),
    role public.user_role DEFAULT 'renter'::public.user_role NOT NULL,
    is_active boolean DEFAULT true NOT NULL,
    is_verified boolean DEFAULT false NOT NULL,
    stripe_customer_id text,
    stripe_account_id text,
    stripe_charges_enabled boolean DEFAULT false NOT NULL,
    stripe_payouts_enabled boolean DEFAULT false NOT NULL,
    latitude double precision,
    longitude double precision,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    token_version integer DEFAULT 0 NOT NULL,
    stripe_transfers_active boolean DEFAULT false NOT NULL,
    CONSTRAINT users_email_format CHECK (((email OPERATOR(public.~) '^[^@\s]+@[^@\s]+\.[^@\s]+$'::public.citext) AND (length((email)::text) <= 255))),
    CONSTRAINT users_full_name_length CHECK (((length(btrim(full_name)) >= 1) AND (length(btrim(full_name)) <= 255))),
    CONSTRAINT users_latitude_range CHECK (((latitude >= ('-90'::integer)::double precision) AND (latitude <= (90)::double precision))),
    CONSTRAINT users_location_pair CHECK (((latitude IS NULL) = (longitude IS NULL))),
    CONSTRAINT users_longitude_range CHECK (((longitude >= ('-180'::integer)::double precision) AND (longitude <= (180)::double precision)))
);


--
-- Name: user_out(public.users); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.user_out(u public.users) RETURNS jsonb
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
    select jsonb_build_object(
        'id', u.id,
        'email', u.email,
        'full_name', u.full_name,
        'phone_number', u.phone_number,
        'role', u.role,
        'is_active', u.is_active,
        'is_verified', u.is_verified,
        'latitude', u.latitude,
        'longitude', u.longitude,
        'created_at', utc_iso(u.created_at),
        'updated_at', utc_iso(u.updated_at));
$$;


--
-- Name: users_tokens_notify(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.users_tokens_notify() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
begin
    perform pg_notify('parkingspots_events', jsonb_build_object(
        'type', 'user_tokens_changed', 'user_id', new.id, 'token_version', new.token_version,
        'is_active', new.is_active)::text);
    return null;
end;
$$;


--
-- Name: utc_iso(timestamp with time zone); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.utc_iso(t timestamp with time zone) RETURNS text
    LANGUAGE sql STABLE STRICT PARALLEL SAFE
    AS $$
    select to_char(t at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS')
        || case when to_char(t at time zone 'UTC', 'US') = '000000' then ''
                else to_char(t at time zone 'UTC', '.US') end
        || 'Z';
$$;


--
-- Name: money_movements; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.money_movements (
    id bigint NOT NULL,
    booking_id uuid NOT NULL,
    payment_id uuid,
    kind public.money_movement_kind NOT NULL,
    stripe_id text NOT NULL,
    amount integer NOT NULL,
    currency text NOT NULL,
    occurred_at timestamp with time zone NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT money_movements_amount_positive CHECK ((amount > 0)),
    CONSTRAINT money_movements_currency_format CHECK ((currency ~ '^[a-z]{3}$'::text))
);


--
-- Name: booking_balances; Type: VIEW; Schema: public; Owner: -
--

CREATE VIEW public.booking_balances AS
 SELECT sums.booking_id,
    sums.charged,
    sums.refunded,
    sums.disputed,
    sums.owner_received,
    (((sums.charged - sums.refunded) - sums.disputed) - sums.owner_received) AS platform_kept,
    sums.transferred,
    sums.reversed
   FROM ( SELECT money_movements.booking_id,
            (COALESCE(sum(money_movements.amount) FILTER (WHERE (money_movements.kind = 'charge'::public.money_movement_kind)), (0)::bigint))::integer AS charged,
            ((COALESCE(sum(money_movements.amount) FILTER (WHERE (money_movements.kind = 'refund'::public.money_movement_kind)), (0)::bigint) - COALESCE(sum(money_movements.amount) FILTER (WHERE (money_movements.kind = 'refund_failure'::public.money_movement_kind)), (0)::bigint)))::integer AS refunded,
            ((COALESCE(sum(money_movements.amount) FILTER (WHERE (money_movements.kind = 'dispute'::public.money_movement_kind)), (0)::bigint) - COALESCE(sum(money_movements.amount) FILTER (WHERE (money_movements.kind = 'dispute_reversal'::public.money_movement_kind)), (0)::bigint)))::integer AS disputed,
            ((((COALESCE(sum(money_movements.amount) FILTER (WHERE (money_movements.kind = 'transfer'::public.money_movement_kind)), (0)::bigint) - COALESCE(sum(money_movements.amount) FILTER (WHERE (money_movements.kind = 'transfer_reversal'::public.money_movement_kind)), (0)::bigint)) - COALESCE(sum(money_movements.amount) FILTER (WHERE (money_movements.kind = 'application_fee'::public.money_movement_kind)), (0)::bigint)) + COALESCE(sum(money_movements.amount) FILTER (WHERE (money_movements.kind = 'application_fee_refund'::public.money_movement_kind)), (0)::bigint)))::integer AS owner_received,
            (COALESCE(sum(money_movements.amount) FILTER (WHERE (money_movements.kind = 'transfer'::public.money_movement_kind)), (0)::bigint))::integer AS transferred,
            (COALESCE(sum(money_movements.amount) FILTER (WHERE (money_movements.kind = 'transfer_reversal'::public.money_movement_kind)), (0)::bigint))::integer AS reversed
           FROM public.money_movements
          GROUP BY money_movements.booking_id) sums;


--
-- Name: booking_extensions; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.booking_extensions (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    booking_id uuid NOT NULL,
    previous_end timestamp with time zone NOT NULL,
    new_end timestamp with time zone NOT NULL,
    previous_subtotal integer NOT NULL,
    previous_service_fee integer NOT NULL,
    previous_total integer NOT NULL,
    previous_owner_payout integer NOT NULL,
    amount integer NOT NULL,
    service_fee integer NOT NULL,
    status public.extension_status DEFAULT 'pending'::public.extension_status NOT NULL,
    hold_expires_at timestamp with time zone NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT booking_extensions_amount_positive CHECK ((amount > 0)),
    CONSTRAINT booking_extensions_fee_nonnegative CHECK ((service_fee >= 0)),
    CONSTRAINT booking_extensions_later CHECK ((new_end > previous_end))
);


--
-- Name: events_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.events_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: events_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.events_id_seq OWNED BY public.events.id;


--
-- Name: idempotency_keys; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.idempotency_keys (
    user_id uuid NOT NULL,
    key text NOT NULL,
    request_hash text NOT NULL,
    response_status integer,
    response_body jsonb,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT idempotency_keys_key_length CHECK (((length(key) >= 1) AND (length(key) <= 255)))
);


--
-- Name: money_movements_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.money_movements_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: money_movements_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.money_movements_id_seq OWNED BY public.money_movements.id;


--
-- Name: oauth_identities; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.oauth_identities (
    provider text NOT NULL,
    subject text NOT NULL,
    user_id uuid NOT NULL,
    email public.citext NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT oauth_identities_provider CHECK ((provider = ANY (ARRAY['google'::text, 'facebook'::text])))
);


--
-- Name: outbox; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.outbox (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    recipient public.citext NOT NULL,
    kind text NOT NULL,
    subject text NOT NULL,
    body text NOT NULL,
    sent_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT outbox_kind_known CHECK ((kind = 'password_reset'::text)),
    CONSTRAINT outbox_sent_body_cleared CHECK (((sent_at IS NULL) OR (body = ''::text)))
);


--
-- Name: owner_earnings; Type: VIEW; Schema: public; Owner: -
--

CREATE VIEW public.owner_earnings AS
 SELECT b.id AS booking_id,
    s.owner_id,
    b.parking_spot_id,
    s.title,
    b.start_time,
    b.end_time,
    b.status,
    b.payment_status,
    b.owner_payout,
    COALESCE(m.owner_received, 0) AS received,
    COALESCE(m.reversed, 0) AS reversed,
    (GREATEST((0)::bigint, (COALESCE((((((m.charged - m.refunded) - m.disputed))::bigint * b.owner_payout) / b.total_amount), (0)::bigint) - COALESCE(m.owner_received, 0))))::integer AS pending
   FROM ((public.bookings b
     JOIN public.parking_spots s ON ((s.id = b.parking_spot_id)))
     LEFT JOIN public.booking_balances m ON ((m.booking_id = b.id)));


--
-- Name: payment_disputes; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.payment_disputes (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    stripe_dispute_id text NOT NULL,
    payment_id uuid NOT NULL,
    booking_id uuid NOT NULL,
    amount integer NOT NULL,
    currency text NOT NULL,
    reason text NOT NULL,
    status text NOT NULL,
    evidence_due_by timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT payment_disputes_amount_nonnegative CHECK ((amount >= 0))
);


--
-- Name: owner_transfers_due; Type: VIEW; Schema: public; Owner: -
--

CREATE VIEW public.owner_transfers_due AS
 SELECT p.id AS payment_id,
    p.booking_id,
    s.owner_id,
    o.stripe_account_id AS destination,
    o.stripe_transfers_active AS transfers_active,
    p.stripe_charge_id AS charge_id,
    p.currency,
    share.amount AS share,
    (COALESCE(sent.amount, (0)::bigint))::integer AS transferred,
    (share.amount - (COALESCE(sent.amount, (0)::bigint))::integer) AS due
   FROM ((((((public.payments p
     JOIN public.bookings b ON ((b.id = p.booking_id)))
     JOIN public.parking_spots s ON ((s.id = b.parking_spot_id)))
     JOIN public.users o ON ((o.id = s.owner_id)))
     LEFT JOIN public.booking_balances m ON ((m.booking_id = b.id)))
     CROSS JOIN LATERAL ( SELECT (((((p.amount - p.amount_refunded))::bigint * (p.amount - COALESCE(p.service_fee, 0))) / p.amount))::integer AS amount) share)
     LEFT JOIN LATERAL ( SELECT sum(
                CASE
                    WHEN (mm.kind = 'transfer'::public.money_movement_kind) THEN mm.amount
                    ELSE (- mm.amount)
                END) AS amount
           FROM public.money_movements mm
          WHERE ((mm.payment_id = p.id) AND (mm.kind = ANY (ARRAY['transfer'::public.money_movement_kind, 'transfer_reversal'::public.money_movement_kind])))) sent ON (true))
  WHERE ((p.transfer_destination IS NULL) AND (p.stripe_charge_id IS NOT NULL) AND (p.status = ANY (ARRAY['succeeded'::public.payment_status, 'partially_refunded'::public.payment_status, 'refunded'::public.payment_status])) AND (COALESCE(m.disputed, 0) = 0) AND (NOT (EXISTS ( SELECT 1
           FROM public.payment_disputes d
          WHERE ((d.booking_id = b.id) AND (d.status <> ALL (ARRAY['won'::text, 'lost'::text, 'warning_closed'::text])))))) AND ((b.status = 'completed'::public.booking_status) OR ((b.status = ANY (ARRAY['cancelled'::public.booking_status, 'refunded'::public.booking_status])) AND (COALESCE(m.refunded, 0) >= b.refund_amount))));


--
-- Name: password_reset_tokens; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.password_reset_tokens (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    user_id uuid NOT NULL,
    token_hash bytea NOT NULL,
    expires_at timestamp with time zone NOT NULL,
    used_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT password_reset_tokens_hash_is_sha256 CHECK ((length(token_hash) = 32))
);


--
-- Name: platform_settings; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.platform_settings (
    singleton boolean DEFAULT true NOT NULL,
    service_fee_percent numeric(5,2) DEFAULT 10 NOT NULL,
    service_fee_fixed_cents integer DEFAULT 50 NOT NULL,
    payment_hold_minutes integer DEFAULT 15 NOT NULL,
    booking_grid_minutes integer DEFAULT 15 NOT NULL,
    min_booking_minutes integer DEFAULT 30 NOT NULL,
    max_booking_days integer DEFAULT 180 NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    max_booking_ahead_days integer DEFAULT 365 NOT NULL,
    review_edit_days integer DEFAULT 14 NOT NULL,
    CONSTRAINT platform_settings_booking_ahead_positive CHECK ((max_booking_ahead_days > 0)),
    CONSTRAINT platform_settings_fee_fixed_nonnegative CHECK ((service_fee_fixed_cents >= 0)),
    CONSTRAINT platform_settings_fee_percent_range CHECK (((service_fee_percent >= (0)::numeric) AND (service_fee_percent <= (100)::numeric))),
    CONSTRAINT platform_settings_grid_divides_hour CHECK ((booking_grid_minutes = ANY (ARRAY[1, 5, 10, 15, 20, 30, 60]))),
    CONSTRAINT platform_settings_hold_positive CHECK ((payment_hold_minutes > 0)),
    CONSTRAINT platform_settings_max_booking_positive CHECK ((max_booking_days > 0)),
    CONSTRAINT platform_settings_min_booking_positive CHECK ((min_booking_minutes > 0)),
    CONSTRAINT platform_settings_review_edit_days_nonnegative CHECK ((review_edit_days >= 0)),
    CONSTRAINT platform_settings_singleton CHECK (singleton)
);


--
-- Name: processed_webhook_events; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.processed_webhook_events (
    event_id text NOT NULL,
    event_type text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL
);


--
-- Name: reconciliation_differences; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.reconciliation_differences (
    id bigint NOT NULL,
    run_id bigint NOT NULL,
    day date NOT NULL,
    kind public.money_movement_kind NOT NULL,
    stripe_id text NOT NULL,
    ledger_amount integer,
    stripe_amount integer,
    problem text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT reconciliation_differences_amounts_match_problem CHECK (
CASE problem
    WHEN 'missing_in_ledger'::text THEN ((ledger_amount IS NULL) AND (stripe_amount IS NOT NULL))
    WHEN 'missing_in_stripe'::text THEN ((ledger_amount IS NOT NULL) AND (stripe_amount IS NULL))
    ELSE ((ledger_amount IS NOT NULL) AND (stripe_amount IS NOT NULL) AND (ledger_amount <> stripe_amount))
END),
    CONSTRAINT reconciliation_differences_problem_known CHECK ((problem = ANY (ARRAY['missing_in_ledger'::text, 'missing_in_stripe'::text, 'amount_differs'::text])))
);


--
-- Name: reconciliation_differences_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.reconciliation_differences_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: reconciliation_differences_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.reconciliation_differences_id_seq OWNED BY public.reconciliation_differences.id;


--
-- Name: reconciliation_runs; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.reconciliation_runs (
    id bigint NOT NULL,
    day date NOT NULL,
    status text DEFAULT 'running'::text NOT NULL,
    checked integer DEFAULT 0 NOT NULL,
    differences integer DEFAULT 0 NOT NULL,
    started_at timestamp with time zone DEFAULT now() NOT NULL,
    finished_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT reconciliation_runs_checked_nonnegative CHECK ((checked >= 0)),
    CONSTRAINT reconciliation_runs_differences_nonnegative CHECK ((differences >= 0)),
    CONSTRAINT reconciliation_runs_finished_when_done CHECK (((status = 'done'::text) = (finished_at IS NOT NULL))),
    CONSTRAINT reconciliation_runs_status_known CHECK ((status = ANY (ARRAY['running'::text, 'done'::text])))
);


--
-- Name: reconciliation_runs_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.reconciliation_runs_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: reconciliation_runs_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.reconciliation_runs_id_seq OWNED BY public.reconciliation_runs.id;


--
-- Name: refresh_tokens; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.refresh_tokens (
    jti uuid NOT NULL,
    user_id uuid NOT NULL,
    family_id uuid NOT NULL,
    expires_at timestamp with time zone NOT NULL,
    used_at timestamp with time zone,
    revoked_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    parent_jti uuid,
    issued_at timestamp with time zone NOT NULL
);


--
-- Name: review_helpful_votes; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.review_helpful_votes (
    review_id uuid NOT NULL,
    user_id uuid NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL
);


--
-- Name: schema_migrations; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.schema_migrations (
    version character varying NOT NULL
);


--
-- Name: schema_rules; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.schema_rules (
    file text NOT NULL,
    checksum text NOT NULL,
    objects text[] DEFAULT '{}'::text[] NOT NULL,
    applied_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT schema_rules_checksum_is_sha256 CHECK ((checksum ~ '^[0-9a-f]{64}$'::text))
);


--
-- Name: spot_blackouts; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.spot_blackouts (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    parking_spot_id uuid NOT NULL,
    starts_at timestamp with time zone NOT NULL,
    ends_at timestamp with time zone NOT NULL,
    reason text,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT spot_blackouts_reason_length CHECK ((length(reason) <= 500)),
    CONSTRAINT spot_blackouts_time_order CHECK ((ends_at > starts_at))
);


--
-- Name: stripe_outbox; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.stripe_outbox (
    id bigint NOT NULL,
    action text NOT NULL,
    intent_id text,
    idempotency_key text NOT NULL,
    attempts integer DEFAULT 0 NOT NULL,
    next_attempt_at timestamp with time zone DEFAULT now() NOT NULL,
    done_at timestamp with time zone,
    last_error text,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    args jsonb DEFAULT '{}'::jsonb NOT NULL,
    CONSTRAINT stripe_outbox_action_known CHECK ((action = ANY (ARRAY['cancel_intent'::text, 'transfer'::text, 'reconcile'::text]))),
    CONSTRAINT stripe_outbox_args_object CHECK ((jsonb_typeof(args) = 'object'::text))
);


--
-- Name: stripe_outbox_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.stripe_outbox_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: stripe_outbox_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.stripe_outbox_id_seq OWNED BY public.stripe_outbox.id;


--
-- Name: events id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.events ALTER COLUMN id SET DEFAULT nextval('public.events_id_seq'::regclass);


--
-- Name: money_movements id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.money_movements ALTER COLUMN id SET DEFAULT nextval('public.money_movements_id_seq'::regclass);


--
-- Name: reconciliation_differences id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.reconciliation_differences ALTER COLUMN id SET DEFAULT nextval('public.reconciliation_differences_id_seq'::regclass);


--
-- Name: reconciliation_runs id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.reconciliation_runs ALTER COLUMN id SET DEFAULT nextval('public.reconciliation_runs_id_seq'::regclass);


--
-- Name: stripe_outbox id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.stripe_outbox ALTER COLUMN id SET DEFAULT nextval('public.stripe_outbox_id_seq'::regclass);


--
-- Name: booking_extensions booking_extensions_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.booking_extensions
    ADD CONSTRAINT booking_extensions_pkey PRIMARY KEY (id);


--
-- Name: bookings bookings_no_overlap; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.bookings
    ADD CONSTRAINT bookings_no_overlap EXCLUDE USING gist (parking_spot_id WITH =, tstzrange(start_time, end_time) WITH &&) WHERE (public.booking_holds_slot(status));


--
-- Name: bookings bookings_payment_intent_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.bookings
    ADD CONSTRAINT bookings_payment_intent_key UNIQUE (payment_intent_id);


--
-- Name: bookings bookings_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.bookings
    ADD CONSTRAINT bookings_pkey PRIMARY KEY (id);


--
-- Name: events events_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.events
    ADD CONSTRAINT events_pkey PRIMARY KEY (id);


--
-- Name: idempotency_keys idempotency_keys_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.idempotency_keys
    ADD CONSTRAINT idempotency_keys_pkey PRIMARY KEY (user_id, key);


--
-- Name: money_movements money_movements_once; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.money_movements
    ADD CONSTRAINT money_movements_once UNIQUE (kind, stripe_id);


--
-- Name: money_movements money_movements_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.money_movements
    ADD CONSTRAINT money_movements_pkey PRIMARY KEY (id);


--
-- Name: oauth_identities oauth_identities_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.oauth_identities
    ADD CONSTRAINT oauth_identities_pkey PRIMARY KEY (provider, subject);


--
-- Name: outbox outbox_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.outbox
    ADD CONSTRAINT outbox_pkey PRIMARY KEY (id);


--
-- Name: parking_spots parking_spots_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.parking_spots
    ADD CONSTRAINT parking_spots_pkey PRIMARY KEY (id);


--
-- Name: password_reset_tokens password_reset_tokens_hash_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.password_reset_tokens
    ADD CONSTRAINT password_reset_tokens_hash_key UNIQUE (token_hash);


--
-- Name: password_reset_tokens password_reset_tokens_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.password_reset_tokens
    ADD CONSTRAINT password_reset_tokens_pkey PRIMARY KEY (id);


--
-- Name: payment_disputes payment_disputes_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.payment_disputes
    ADD CONSTRAINT payment_disputes_pkey PRIMARY KEY (id);


--
-- Name: payment_disputes payment_disputes_stripe_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.payment_disputes
    ADD CONSTRAINT payment_disputes_stripe_key UNIQUE (stripe_dispute_id);


--
-- Name: payments payments_one_per_extension; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.payments
    ADD CONSTRAINT payments_one_per_extension UNIQUE (extension_id);


--
-- Name: payments payments_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.payments
    ADD CONSTRAINT payments_pkey PRIMARY KEY (id);


--
-- Name: payments payments_stripe_payment_intent_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.payments
    ADD CONSTRAINT payments_stripe_payment_intent_key UNIQUE (stripe_payment_intent_id);


--
-- Name: platform_settings platform_settings_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.platform_settings
    ADD CONSTRAINT platform_settings_pkey PRIMARY KEY (singleton);


--
-- Name: processed_webhook_events processed_webhook_events_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.processed_webhook_events
    ADD CONSTRAINT processed_webhook_events_pkey PRIMARY KEY (event_id);


--
-- Name: reconciliation_differences reconciliation_differences_once; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.reconciliation_differences
    ADD CONSTRAINT reconciliation_differences_once UNIQUE (run_id, kind, stripe_id);


--
-- Name: reconciliation_differences reconciliation_differences_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.reconciliation_differences
    ADD CONSTRAINT reconciliation_differences_pkey PRIMARY KEY (id);


--
-- Name: reconciliation_runs reconciliation_runs_day_once; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.reconciliation_runs
    ADD CONSTRAINT reconciliation_runs_day_once UNIQUE (day);


--
-- Name: reconciliation_runs reconciliation_runs_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.reconciliation_runs
    ADD CONSTRAINT reconciliation_runs_pkey PRIMARY KEY (id);


--
-- Name: refresh_tokens refresh_tokens_parent_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.refresh_tokens
    ADD CONSTRAINT refresh_tokens_parent_key UNIQUE (parent_jti);


--
-- Name: refresh_tokens refresh_tokens_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.refresh_tokens
    ADD CONSTRAINT refresh_tokens_pkey PRIMARY KEY (jti);


--
-- Name: review_helpful_votes review_helpful_votes_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.review_helpful_votes
    ADD CONSTRAINT review_helpful_votes_pkey PRIMARY KEY (review_id, user_id);


--
-- Name: reviews reviews_one_per_booking; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.reviews
    ADD CONSTRAINT reviews_one_per_booking UNIQUE (booking_id);


--
-- Name: reviews reviews_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.reviews
    ADD CONSTRAINT reviews_pkey PRIMARY KEY (id);


--
-- Name: schema_migrations schema_migrations_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.schema_migrations
    ADD CONSTRAINT schema_migrations_pkey PRIMARY KEY (version);


--
-- Name: schema_rules schema_rules_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.schema_rules
    ADD CONSTRAINT schema_rules_pkey PRIMARY KEY (file);


--
-- Name: spot_blackouts spot_blackouts_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.spot_blackouts
    ADD CONSTRAINT spot_blackouts_pkey PRIMARY KEY (id);


--
-- Name: stripe_outbox stripe_outbox_idempotency_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.stripe_outbox
    ADD CONSTRAINT stripe_outbox_idempotency_key UNIQUE (idempotency_key);


--
-- Name: stripe_outbox stripe_outbox_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.stripe_outbox
    ADD CONSTRAINT stripe_outbox_pkey PRIMARY KEY (id);


--
-- Name: users users_email_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.users
    ADD CONSTRAINT users_email_key UNIQUE (email);


--
-- Name: users users_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.users
    ADD CONSTRAINT users_pkey PRIMARY KEY (id);


--
-- Name: users users_stripe_account_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.users
    ADD CONSTRAINT users_stripe_account_key UNIQUE (stripe_account_id);


--
-- Name: users users_stripe_customer_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.users
    ADD CONSTRAINT users_stripe_customer_key UNIQUE (stripe_customer_id);


--
-- Name: booking_extensions_holds_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX booking_extensions_holds_idx ON public.booking_extensions USING btree (hold_expires_at) WHERE (status = 'pending'::public.extension_status);


--
-- Name: booking_extensions_one_pending; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX booking_extensions_one_pending ON public.booking_extensions USING btree (booking_id) WHERE (status = 'pending'::public.extension_status);


--
-- Name: bookings_holds_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX bookings_holds_idx ON public.bookings USING btree (hold_expires_at) WHERE (status = 'pending'::public.booking_status);


--
-- Name: bookings_spot_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX bookings_spot_idx ON public.bookings USING btree (parking_spot_id, start_time DESC);


--
-- Name: bookings_status_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX bookings_status_idx ON public.bookings USING btree (status);


--
-- Name: bookings_to_finish_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX bookings_to_finish_idx ON public.bookings USING btree (end_time) WHERE (status = 'in_progress'::public.booking_status);


--
-- Name: bookings_to_start_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX bookings_to_start_idx ON public.bookings USING btree (start_time) WHERE (status = 'confirmed'::public.booking_status);


--
-- Name: bookings_user_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX bookings_user_idx ON public.bookings USING btree (user_id, start_time DESC);


--
-- Name: events_created_at_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX events_created_at_idx ON public.events USING btree (created_at);


--
-- Name: events_owner_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX events_owner_idx ON public.events USING btree (owner_id, id) WHERE (owner_id IS NOT NULL);


--
-- Name: events_public_spot_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX events_public_spot_idx ON public.events USING btree (spot_id, id) WHERE public;


--
-- Name: events_user_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX events_user_idx ON public.events USING btree (user_id, id) WHERE (user_id IS NOT NULL);


--
-- Name: idempotency_keys_created_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX idempotency_keys_created_idx ON public.idempotency_keys USING btree (created_at);


--
-- Name: money_movements_booking_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX money_movements_booking_idx ON public.money_movements USING btree (booking_id);


--
-- Name: money_movements_occurred_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX money_movements_occurred_idx ON public.money_movements USING btree (occurred_at);


--
-- Name: oauth_identities_user_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX oauth_identities_user_idx ON public.oauth_identities USING btree (user_id);


--
-- Name: outbox_unsent_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX outbox_unsent_idx ON public.outbox USING btree (created_at) WHERE (sent_at IS NULL);


--
-- Name: parking_spots_city_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX parking_spots_city_idx ON public.parking_spots USING btree (lower((city)::text)) WHERE is_active;


--
-- Name: parking_spots_deactivated_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX parking_spots_deactivated_idx ON public.parking_spots USING btree (deactivated_at DESC, id) WHERE (NOT is_active);


--
-- Name: parking_spots_location_gist; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX parking_spots_location_gist ON public.parking_spots USING gist (location);


--
-- Name: parking_spots_owner_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX parking_spots_owner_idx ON public.parking_spots USING btree (owner_id);


--
-- Name: password_reset_tokens_user_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX password_reset_tokens_user_idx ON public.password_reset_tokens USING btree (user_id);


--
-- Name: payment_disputes_open_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX payment_disputes_open_idx ON public.payment_disputes USING btree (created_at DESC);


--
-- Name: payments_booking_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX payments_booking_idx ON public.payments USING btree (booking_id);


--
-- Name: payments_one_per_booking; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX payments_one_per_booking ON public.payments USING btree (booking_id) WHERE (extension_id IS NULL);


--
-- Name: payments_user_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX payments_user_idx ON public.payments USING btree (user_id, created_at DESC);


--
-- Name: refresh_tokens_family_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX refresh_tokens_family_idx ON public.refresh_tokens USING btree (family_id);


--
-- Name: refresh_tokens_user_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX refresh_tokens_user_idx ON public.refresh_tokens USING btree (user_id);


--
-- Name: review_helpful_votes_user_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX review_helpful_votes_user_idx ON public.review_helpful_votes USING btree (user_id);


--
-- Name: reviews_reviewer_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX reviews_reviewer_idx ON public.reviews USING btree (reviewer_id);


--
-- Name: reviews_spot_visible_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX reviews_spot_visible_idx ON public.reviews USING btree (parking_spot_id, created_at DESC) WHERE (hidden_at IS NULL);


--
-- Name: spot_blackouts_spot_period_gist; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX spot_blackouts_spot_period_gist ON public.spot_blackouts USING gist (parking_spot_id, tstzrange(starts_at, ends_at));


--
-- Name: stripe_outbox_due_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX stripe_outbox_due_idx ON public.stripe_outbox USING btree (next_attempt_at) WHERE (done_at IS NULL);


--
-- Name: booking_extensions booking_extensions_queue_intent_cancel; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER booking_extensions_queue_intent_cancel AFTER UPDATE OF status ON public.booking_extensions FOR EACH ROW WHEN (((old.status = 'pending'::public.extension_status) AND (new.status = 'released'::public.extension_status))) EXECUTE FUNCTION public.queue_extension_intent_cancel();


--
-- Name: booking_extensions booking_extensions_updated_at; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER booking_extensions_updated_at BEFORE UPDATE ON public.booking_extensions FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();


--
-- Name: bookings bookings_check_rules; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER bookings_check_rules BEFORE INSERT OR UPDATE OF start_time, end_time, user_id, parking_spot_id ON public.bookings FOR EACH ROW EXECUTE FUNCTION public.bookings_check_rules();


--
-- Name: bookings bookings_count_on_spot; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER bookings_count_on_spot AFTER INSERT OR DELETE OR UPDATE OF status ON public.bookings FOR EACH ROW EXECUTE FUNCTION public.bookings_count_on_spot();


--
-- Name: bookings bookings_guard_status; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER bookings_guard_status BEFORE UPDATE OF status ON public.bookings FOR EACH ROW EXECUTE FUNCTION public.bookings_guard_status();


--
-- Name: bookings bookings_notify_insert; Type: TRIGGER; Schema: public; Owner: -
--

CREATE CONSTRAINT TRIGGER bookings_notify_insert AFTER INSERT ON public.bookings DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION public.bookings_notify();


--
-- Name: bookings bookings_notify_status; Type: TRIGGER; Schema: public; Owner: -
--

CREATE CONSTRAINT TRIGGER bookings_notify_status AFTER UPDATE OF status ON public.bookings DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN ((old.status IS DISTINCT FROM new.status)) EXECUTE FUNCTION public.bookings_notify();


--
-- Name: bookings bookings_queue_intent_cancel; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER bookings_queue_intent_cancel AFTER UPDATE OF status ON public.bookings FOR EACH ROW WHEN (((old.status = 'pending'::public.booking_status) AND (new.status = 'cancelled'::public.booking_status))) EXECUTE FUNCTION public.queue_intent_cancel();


--
-- Name: bookings bookings_release_extension; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER bookings_release_extension AFTER UPDATE OF status ON public.bookings FOR EACH ROW WHEN (((new.status = 'cancelled'::public.booking_status) AND (old.status <> 'cancelled'::public.booking_status))) EXECUTE FUNCTION public.bookings_release_extension();


--
-- Name: bookings bookings_updated_at; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER bookings_updated_at BEFORE UPDATE ON public.bookings FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();


--
-- Name: events events_updated_at; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER events_updated_at BEFORE UPDATE ON public.events FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();


--
-- Name: idempotency_keys idempotency_keys_updated_at; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER idempotency_keys_updated_at BEFORE UPDATE ON public.idempotency_keys FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();


--
-- Name: money_movements money_movements_immutable; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER money_movements_immutable BEFORE DELETE OR UPDATE ON public.money_movements FOR EACH ROW EXECUTE FUNCTION public.refuse_money_movement_change();


--
-- Name: money_movements money_movements_updated_at; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER money_movements_updated_at BEFORE UPDATE ON public.money_movements FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();


--
-- Name: oauth_identities oauth_identities_updated_at; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER oauth_identities_updated_at BEFORE UPDATE ON public.oauth_identities FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();


--
-- Name: outbox outbox_clear_sent_body; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER outbox_clear_sent_body BEFORE INSERT OR UPDATE OF sent_at, body ON public.outbox FOR EACH ROW EXECUTE FUNCTION public.outbox_clear_sent_body();


--
-- Name: outbox outbox_updated_at; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER outbox_updated_at BEFORE UPDATE ON public.outbox FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();


--
-- Name: parking_spots parking_spots_check_deactivation; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER parking_spots_check_deactivation BEFORE UPDATE OF is_active ON public.parking_spots FOR EACH ROW EXECUTE FUNCTION public.parking_spots_check_deactivation();


--
-- Name: parking_spots parking_spots_notify; Type: TRIGGER; Schema: public; Owner: -
--

CREATE CONSTRAINT TRIGGER parking_spots_notify AFTER UPDATE OF is_available, is_active ON public.parking_spots DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (((old.is_available IS DISTINCT FROM new.is_available) OR (old.is_active IS DISTINCT FROM new.is_active))) EXECUTE FUNCTION public.parking_spots_notify();


--
-- Name: parking_spots parking_spots_record_deactivation; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER parking_spots_record_deactivation BEFORE INSERT OR UPDATE OF is_active, deactivated_at, deactivated_by, deactivation_reason, moderated ON public.parking_spots FOR EACH ROW EXECUTE FUNCTION public.parking_spots_record_deactivation();


--
-- Name: parking_spots parking_spots_updated_at; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER parking_spots_updated_at BEFORE UPDATE ON public.parking_spots FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();


--
-- Name: password_reset_tokens password_reset_tokens_updated_at; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER password_reset_tokens_updated_at BEFORE UPDATE ON public.password_reset_tokens FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();


--
-- Name: payment_disputes payment_disputes_updated_at; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER payment_disputes_updated_at BEFORE UPDATE ON public.payment_disputes FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();


--
-- Name: payments payments_updated_at; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER payments_updated_at BEFORE UPDATE ON public.payments FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();


--
-- Name: platform_settings platform_settings_updated_at; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER platform_settings_updated_at BEFORE UPDATE ON public.platform_settings FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();


--
-- Name: processed_webhook_events processed_webhook_events_updated_at; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER processed_webhook_events_updated_at BEFORE UPDATE ON public.processed_webhook_events FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();


--
-- Name: reconciliation_differences reconciliation_differences_updated_at; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER reconciliation_differences_updated_at BEFORE UPDATE ON public.reconciliation_differences FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();


--
-- Name: reconciliation_runs reconciliation_runs_updated_at; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER reconciliation_runs_updated_at BEFORE UPDATE ON public.reconciliation_runs FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();


--
-- Name: refresh_tokens refresh_tokens_updated_at; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refresh_tokens_updated_at BEFORE UPDATE ON public.refresh_tokens FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();


--
-- Name: review_helpful_votes review_helpful_votes_check_rules; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER review_helpful_votes_check_rules BEFORE INSERT ON public.review_helpful_votes FOR EACH ROW EXECUTE FUNCTION public.review_helpful_votes_check_rules();


--
-- Name: review_helpful_votes review_helpful_votes_count; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER review_helpful_votes_count AFTER INSERT OR DELETE ON public.review_helpful_votes FOR EACH ROW EXECUTE FUNCTION public.review_helpful_votes_count();


--
-- Name: review_helpful_votes review_helpful_votes_updated_at; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER review_helpful_votes_updated_at BEFORE UPDATE ON public.review_helpful_votes FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();


--
-- Name: reviews reviews_check_rules; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER reviews_check_rules BEFORE INSERT OR UPDATE ON public.reviews FOR EACH ROW EXECUTE FUNCTION public.reviews_check_rules();


--
-- Name: reviews reviews_notify; Type: TRIGGER; Schema: public; Owner: -
--

CREATE CONSTRAINT TRIGGER reviews_notify AFTER INSERT ON public.reviews DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION public.reviews_notify();


--
-- Name: reviews reviews_rate_spot; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER reviews_rate_spot AFTER INSERT OR DELETE OR UPDATE OF overall_rating, hidden_at ON public.reviews FOR EACH ROW EXECUTE FUNCTION public.reviews_rate_spot();


--
-- Name: reviews reviews_updated_at; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER reviews_updated_at BEFORE UPDATE ON public.reviews FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();


--
-- Name: spot_blackouts spot_blackouts_check_rules; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER spot_blackouts_check_rules BEFORE INSERT OR UPDATE OF starts_at, ends_at ON public.spot_blackouts FOR EACH ROW EXECUTE FUNCTION public.spot_blackouts_check_rules();


--
-- Name: spot_blackouts spot_blackouts_updated_at; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER spot_blackouts_updated_at BEFORE UPDATE ON public.spot_blackouts FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();


--
-- Name: stripe_outbox stripe_outbox_updated_at; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER stripe_outbox_updated_at BEFORE UPDATE ON public.stripe_outbox FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();


--
-- Name: users users_tokens_notify; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER users_tokens_notify AFTER UPDATE OF token_version, is_active ON public.users FOR EACH ROW WHEN (((old.token_version IS DISTINCT FROM new.token_version) OR (old.is_active IS DISTINCT FROM new.is_active))) EXECUTE FUNCTION public.users_tokens_notify();


--
-- Name: users users_updated_at; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER users_updated_at BEFORE UPDATE ON public.users FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();


--
-- Name: booking_extensions booking_extensions_booking_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.booking_extensions
    ADD CONSTRAINT booking_extensions_booking_id_fkey FOREIGN KEY (booking_id) REFERENCES public.bookings(id);


--
-- Name: bookings bookings_cancelled_by_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.bookings
    ADD CONSTRAINT bookings_cancelled_by_fkey FOREIGN KEY (cancelled_by) REFERENCES public.users(id);


--
-- Name: bookings bookings_parking_spot_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.bookings
    ADD CONSTRAINT bookings_parking_spot_id_fkey FOREIGN KEY (parking_spot_id) REFERENCES public.parking_spots(id);


--
-- Name: bookings bookings_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.bookings
    ADD CONSTRAINT bookings_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.users(id);


--
-- Name: idempotency_keys idempotency_keys_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.idempotency_keys
    ADD CONSTRAINT idempotency_keys_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.users(id) ON DELETE CASCADE;


--
-- Name: money_movements money_movements_booking_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.money_movements
    ADD CONSTRAINT money_movements_booking_id_fkey FOREIGN KEY (booking_id) REFERENCES public.bookings(id);


--
-- Name: money_movements money_movements_payment_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.money_movements
    ADD CONSTRAINT money_movements_payment_id_fkey FOREIGN KEY (payment_id) REFERENCES public.payments(id);


--
-- Name: oauth_identities oauth_identities_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.oauth_identities
    ADD CONSTRAINT oauth_identities_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.users(id) ON DELETE CASCADE;


--
-- Name: parking_spots parking_spots_deactivated_by_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.parking_spots
    ADD CONSTRAINT parking_spots_deactivated_by_fkey FOREIGN KEY (deactivated_by) REFERENCES public.users(id) ON DELETE SET NULL;


--
-- Name: parking_spots parking_spots_owner_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.parking_spots
    ADD CONSTRAINT parking_spots_owner_id_fkey FOREIGN KEY (owner_id) REFERENCES public.users(id);


--
-- Name: password_reset_tokens password_reset_tokens_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.password_reset_tokens
    ADD CONSTRAINT password_reset_tokens_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.users(id) ON DELETE CASCADE;


--
-- Name: payment_disputes payment_disputes_booking_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.payment_disputes
    ADD CONSTRAINT payment_disputes_booking_id_fkey FOREIGN KEY (booking_id) REFERENCES public.bookings(id);


--
-- Name: payment_disputes payment_disputes_payment_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.payment_disputes
    ADD CONSTRAINT payment_disputes_payment_id_fkey FOREIGN KEY (payment_id) REFERENCES public.payments(id);


--
-- Name: payments payments_booking_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.payments
    ADD CONSTRAINT payments_booking_id_fkey FOREIGN KEY (booking_id) REFERENCES public.bookings(id);


--
-- Name: payments payments_extension_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.payments
    ADD CONSTRAINT payments_extension_id_fkey FOREIGN KEY (extension_id) REFERENCES public.booking_extensions(id);


--
-- Name: payments payments_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.payments
    ADD CONSTRAINT payments_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.users(id);


--
-- Name: reconciliation_differences reconciliation_differences_run_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.reconciliation_differences
    ADD CONSTRAINT reconciliation_differences_run_id_fkey FOREIGN KEY (run_id) REFERENCES public.reconciliation_runs(id) ON DELETE CASCADE;


--
-- Name: refresh_tokens refresh_tokens_parent_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.refresh_tokens
    ADD CONSTRAINT refresh_tokens_parent_fkey FOREIGN KEY (parent_jti) REFERENCES public.refresh_tokens(jti) ON DELETE SET NULL;


--
-- Name: refresh_tokens refresh_tokens_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.refresh_tokens
    ADD CONSTRAINT refresh_tokens_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.users(id) ON DELETE CASCADE;


--
-- Name: review_helpful_votes review_helpful_votes_review_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.review_helpful_votes
    ADD CONSTRAINT review_helpful_votes_review_id_fkey FOREIGN KEY (review_id) REFERENCES public.reviews(id) ON DELETE CASCADE;


--
-- Name: review_helpful_votes review_helpful_votes_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.review_helpful_votes
    ADD CONSTRAINT review_helpful_votes_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.users(id) ON DELETE CASCADE;


--
-- Name: reviews reviews_booking_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.reviews
    ADD CONSTRAINT reviews_booking_id_fkey FOREIGN KEY (booking_id) REFERENCES public.bookings(id);


--
-- Name: reviews reviews_hidden_by_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.reviews
    ADD CONSTRAINT reviews_hidden_by_fkey FOREIGN KEY (hidden_by) REFERENCES public.users(id) ON DELETE SET NULL;


--
-- Name: reviews reviews_parking_spot_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.reviews
    ADD CONSTRAINT reviews_parking_spot_id_fkey FOREIGN KEY (parking_spot_id) REFERENCES public.parking_spots(id);


--
-- Name: reviews reviews_reviewer_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.reviews
    ADD CONSTRAINT reviews_reviewer_id_fkey FOREIGN KEY (reviewer_id) REFERENCES public.users(id);


--
-- Name: spot_blackouts spot_blackouts_parking_spot_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.spot_blackouts
    ADD CONSTRAINT spot_blackouts_parking_spot_id_fkey FOREIGN KEY (parking_spot_id) REFERENCES public.parking_spots(id) ON DELETE CASCADE;


--
-- PostgreSQL database dump complete
--

\unrestrict dbmate


--
-- Dbmate schema migrations
--

INSERT INTO public.schema_migrations (version) VALUES
    ('20261125080000'),
    ('20261125080100'),
    ('20261125080200'),
    ('20261125080300'),
    ('20261125080400'),
    ('20261125080500'),
    ('20261125080600'),
    ('20261125080700'),
    ('20261125080800'),
    ('20261125080900'),
    ('20261125081000'),
    ('20261125081100'),
    ('20261125100000'),
    ('20261125100100'),
    ('20261125110000'),
    ('20261125110100'),
    ('20261125120000'),
    ('20261125130000'),
    ('20261126090000'),
    ('20261126090100'),
    ('20261126100000'),
    ('20261127100000'),
    ('20261127110000'),
    ('20261127120000'),
    ('20261128100000'),
    ('20261128200000'),
    ('20261206100000'),
    ('20261206110000'),
    ('20261206120000'),
    ('20261206130000'),
    ('20261206130100'),
    ('20261206130200'),
    ('20261206140000');
