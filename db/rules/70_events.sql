-- Real-time events (seed 9.2): spot_availability, new_booking, booking_update and new_review.
-- notify_event records each in the table `events` (kept 24 hours: purge_events) and sends it on
-- the channel 'parkingspots_events' as the client message plus who may see it:
--   {"type": "booking_update", "id": 42, "at": "2030-01-07T09:00:00.123456Z",
--    "booking_id": ..., "spot_id": ..., "status": "confirmed",
--    "audience": {"spot_id": ..., "user_id": <renter>, "owner_id": <spot owner>, "public": false}}
-- Each API worker LISTENs: it invalidates its cache and relays the message to the WebSocket clients
-- allowed to see it (api/realtime): the watchers of spot_id for a public event, the booking's renter
-- and the spot's owner for a booking event.
--
-- Ids are in commit order. The triggers are deferred to the commit, and notify_event takes a
-- transaction-wide advisory lock before it takes an id, held until the transaction ends. So once
-- event n is visible, every event below n that will ever be visible already is, and notifications
-- (delivered in commit order) arrive in id order: a client that has seen everything up to n has
-- missed nothing below it, which is what resuming from last_event_id relies on.

-- The message clients receive: type, id, at (UTC) and the event's data.
create or replace function event_message(e events) returns jsonb
language sql stable as $$
    select jsonb_build_object('type', e.type, 'id', e.id, 'at', utc_iso(e.created_at)) || e.data;
$$;
comment on function event_message(events) is
    'The message WebSocket clients receive for an event: type, id, at (UTC) and the event''s data.';

-- p_payload: the event's data plus its audience (spot_id, and user_id / owner_id for bookings);
-- user_id and owner_id are kept out of what clients receive.
create or replace function notify_event(p_type text, p_payload jsonb) returns void
language plpgsql as $$
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
comment on function notify_event(text, jsonb) is
    'Records an event in events (ids in commit order, under an advisory lock) and sends it with its '
    'audience on the channel parkingspots_events; user_id and owner_id are kept out of what clients '
    'receive.';

create or replace function parking_spots_notify() returns trigger
language plpgsql as $$
begin
    perform notify_event('spot_availability', jsonb_build_object(
        'spot_id', new.id, 'is_available', new.is_available and new.is_active));
    return null;
end;
$$;
comment on function parking_spots_notify() is
    'Trigger function (parking_spots_notify, deferred to commit): a spot''s availability changed: '
    'spot_availability event.';

-- Constraint triggers, deferred: they run at commit (see above), each with the row as that update
-- left it, so two changes in one transaction send two events, in order.
create constraint trigger parking_spots_notify after update of is_available, is_active on parking_spots
    deferrable initially deferred
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
comment on function bookings_notify() is
    'Trigger function (bookings_notify_insert, bookings_notify_status, deferred to commit): new_booking '
    'and booking_update events for the renter and the spot''s owner.';

create constraint trigger bookings_notify_insert after insert on bookings
    deferrable initially deferred
    for each row execute function bookings_notify();
create constraint trigger bookings_notify_status after update of status on bookings
    deferrable initially deferred
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
comment on function reviews_notify() is
    'Trigger function (reviews_notify, deferred to commit): new_review event for the spot''s watchers.';

create constraint trigger reviews_notify after insert on reviews
    deferrable initially deferred
    for each row execute function reviews_notify();

-- Not an event for clients and not recorded: tells every worker at once that a user's tokens
-- changed (token_version moved on: logout everywhere, password change, role change, lock), so the
-- WebSocket connections of that user holding an older token close now rather than at their next
-- periodic check. Sent in the same ordered stream, so no booking event committed after the change
-- reaches those connections.
create or replace function users_tokens_notify() returns trigger
language plpgsql as $$
begin
    perform pg_notify('parkingspots_events', jsonb_build_object(
        'type', 'user_tokens_changed', 'user_id', new.id, 'token_version', new.token_version,
        'is_active', new.is_active)::text);
    return null;
end;
$$;
comment on function users_tokens_notify() is
    'Trigger function (users_tokens_notify): tells every API worker that a user''s tokens changed '
    '(token_version or is_active), so their WebSocket connections close now. Not recorded as an event.';

create or replace trigger users_tokens_notify after update of token_version, is_active on users
    for each row
    when (old.token_version is distinct from new.token_version or old.is_active is distinct from new.is_active)
    execute function users_tokens_notify();
