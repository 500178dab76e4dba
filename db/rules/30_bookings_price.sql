-- Booking prices: the one place a price is computed. The quote endpoint and booking creation both
-- call quote_price() (the booking rules trigger fills a new booking's amounts from price_quote()).
-- The subtotal is the cheapest honest combination of the spot's rates:
--   * hourly rate x hours (pro rata to the minute);
--   * never more than the daily rate per started 24 hours, where a daily rate exists;
--   * never more than the monthly rate per started 30 days, where a monthly rate exists.
-- Fees come from platform_settings: service_fee = round(subtotal x percent) + fixed cents,
-- total = subtotal + service_fee, owner_payout = subtotal.

-- Cost of `minutes` at hourly rates capped per started day by the daily rate.
create or replace function price_days_part(p_hourly integer, p_daily integer, p_minutes bigint,
                                           out cost bigint, out days integer, out hourly_minutes bigint)
language plpgsql immutable as $$
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
comment on function price_days_part(integer, integer, bigint) is
    'Cost in cents of p_minutes at the hourly rate p_hourly, capped per started day by the daily rate '
    'p_daily (cents); also how many days and hourly minutes were charged.';

create or replace function price_subtotal(p_hourly integer, p_daily integer, p_monthly integer, p_minutes bigint,
                                          out subtotal bigint, out months integer, out days integer,
                                          out hourly_minutes bigint)
language plpgsql immutable as $$
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
comment on function price_subtotal(integer, integer, integer, bigint) is
    'Subtotal in cents of p_minutes from hourly, daily and monthly rates (cents): the cheapest honest '
    'combination (monthly per started 30 days, daily per started 24 hours, hourly pro rata), with the '
    'units charged.';

-- The full quote from rates and a time window.
create or replace function price_quote(p_hourly integer, p_daily integer, p_monthly integer,
                                       p_start timestamptz, p_end timestamptz)
returns table (subtotal integer, service_fee integer, total integer, owner_payout integer,
               duration_hours numeric, monthly_units integer, daily_units integer, hourly_hours numeric)
language plpgsql stable as $$
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
comment on function price_quote(integer, integer, integer, timestamptz, timestamptz) is
    'The full price of [p_start, p_end) from rates in cents: subtotal, service_fee (platform_settings), '
    'total and owner_payout in integer cents, duration and units. PS422 when the end is not after the '
    'start.';

-- The quote for a spot; PS404 when the spot does not exist.
create or replace function quote_price(p_spot_id uuid, p_start timestamptz, p_end timestamptz)
returns table (subtotal integer, service_fee integer, total integer, owner_payout integer,
               duration_hours numeric, monthly_units integer, daily_units integer, hourly_hours numeric)
language plpgsql stable as $$
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
comment on function quote_price(uuid, timestamptz, timestamptz) is
    'price_quote for a spot''s rates (amounts in integer cents); PS404 when the spot does not exist.';
