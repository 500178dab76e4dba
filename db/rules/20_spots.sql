-- Spots: when a spot is open, when it may be deactivated and what its deactivation records, and its
-- JSON shapes (the full spot, the spot with its deactivation record, a search result with its distance).

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
comment on function spot_is_open(jsonb, text, timestamptz, timestamptz) is
    'True when [p_start, p_end) lies inside the opening hours p_hours (null: always open), read in the '
    'IANA time zone p_tz.';

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
comment on function parking_spots_check_deactivation() is
    'Trigger function: a spot with future bookings that hold their slot cannot be deactivated (PS409 '
    'spot_has_future_bookings); making it unavailable is allowed.';

create or replace trigger parking_spots_check_deactivation before update of is_active on parking_spots
    for each row execute function parking_spots_check_deactivation();

-- The deactivation record (deactivated_at, deactivated_by, deactivation_reason, moderated) follows
-- is_active whoever writes the row: an active spot has none (reactivating clears it, moderation
-- included), and a spot going inactive gets its time even when the writer gave none (a DBA, the
-- demo data). Who and why come from the statement (sql/spots/listings.sql: deactivate_spot).
create or replace function parking_spots_record_deactivation() returns trigger
language plpgsql as $$
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
comment on function parking_spots_record_deactivation() is
    'Trigger function: keeps deactivated_at/by/reason and moderated in step with is_active, whoever writes '
    '(cleared when active, deactivated_at set when it goes inactive).';

create or replace trigger parking_spots_record_deactivation
    before insert or update of is_active, deactivated_at, deactivated_by, deactivation_reason, moderated
    on parking_spots
    for each row execute function parking_spots_record_deactivation();

-- A spot as its page shows it. access_instructions are for the owner and the spot's renters only:
-- the key is there only when p_private is true.
create or replace function spot_out(s parking_spots, p_private boolean default false) returns jsonb
language sql stable parallel safe as $$
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
comment on function spot_out(parking_spots, boolean) is
    'JSON shape of a spot as its page shows it; access_instructions only when p_private (the owner and the '
    'spot''s renters).';

-- A spot as its owner and the moderators see it: the private shape, and who deactivated it, when and
-- why. moderated: an admin took it down and only an admin may put it back.
create or replace function spot_moderation_out(s parking_spots) returns jsonb
language sql stable parallel safe as $$
    select spot_out(s, true) || jsonb_build_object(
        'deactivated_at', utc_iso(s.deactivated_at),
        'deactivated_by', s.deactivated_by,
        'deactivation_reason', s.deactivation_reason,
        'moderated', s.moderated);
$$;
comment on function spot_moderation_out(parking_spots) is
    'JSON shape of a spot for its owner and moderators: the private shape plus who deactivated it, when '
    '(UTC), why, and whether an admin moderated it.';

-- A spot in a list of search results, p_meters away from the searched point (distance_km is null
-- when the search had no point, e.g. by city).
create or replace function spot_item_out(s parking_spots, p_meters double precision) returns jsonb
language sql stable parallel safe as $$
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
comment on function spot_item_out(parking_spots, double precision) is
    'JSON shape of a spot in search results, p_meters (metres) from the searched point, shown as '
    'distance_km (null when the search had no point).';
