-- Spots: when a spot is open, and when it may be deactivated.

-- True when [p_start, p_end) lies inside the spot's opening hours (null hours = always open).
-- Hours are in the spot's own time zone; the format is checked by operating_hours_valid().
create or replace function spot_is_open(p_hours jsonb, p_tz text, p_start timestamptz, p_end timestamptz)
returns boolean
language sql stable as $$
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

-- A spot with future active bookings cannot be deactivated (the renters hold those slots); making it
-- unavailable is allowed (it only stops new bookings). Booking inserts lock the spot row, and so does
-- this update, so a booking cannot slip in while the spot is being deactivated.
create or replace function parking_spots_check_deactivation() returns trigger
language plpgsql as $$
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

create or replace trigger parking_spots_check_deactivation before update of is_active on parking_spots
    for each row execute function parking_spots_check_deactivation();
