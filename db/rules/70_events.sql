-- Real-time events, sent by the database on the channel 'parkingspots_events' as JSON
-- {"type": ..., ...payload}: spot_availability, new_booking, booking_update and new_review. The API
-- listens and relays them to WebSocket clients; the routing fields (user_id, owner_id) let it pick
-- the recipients.

create or replace function notify_event(p_type text, p_payload jsonb) returns void
language sql as $$
    select pg_notify('parkingspots_events', (jsonb_build_object('type', p_type) || p_payload)::text);
$$;

create or replace function parking_spots_notify() returns trigger
language plpgsql as $$
begin
    perform notify_event('spot_availability', jsonb_build_object(
        'spot_id', new.id, 'is_available', new.is_available and new.is_active, 'owner_id', new.owner_id));
    return null;
end;
$$;

create or replace trigger parking_spots_notify after update of is_available, is_active on parking_spots
    for each row
    when (old.is_available is distinct from new.is_available or old.is_active is distinct from new.is_active)
    execute function parking_spots_notify();

create or replace function bookings_notify() returns trigger
language plpgsql as $$
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

create or replace trigger bookings_notify_insert after insert on bookings
    for each row execute function bookings_notify();
create or replace trigger bookings_notify_status after update of status on bookings
    for each row when (old.status is distinct from new.status)
    execute function bookings_notify();

create or replace function reviews_notify() returns trigger
language plpgsql as $$
begin
    perform notify_event('new_review', jsonb_build_object(
        'review_id', new.id, 'spot_id', new.parking_spot_id, 'rating', new.overall_rating));
    return null;
end;
$$;

create or replace trigger reviews_notify after insert on reviews
    for each row execute function reviews_notify();
