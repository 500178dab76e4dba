-- migrate:up
-- Every real-time event (spot_availability, booking_update, new_booking, new_review), kept for a
-- bounded time so that a WebSocket client that reconnects with its last event id receives what it
-- missed (api/realtime). notify_event (db/rules/70_events.sql) writes each row at commit, whoever
-- made the change (the API, a pg_cron job, a DBA in psql), with ids in commit order; purge_events
-- (db/rules/60_jobs.sql, pg_cron) deletes the oldest. Who may see a row is in its own columns:
-- everyone watching spot_id when it is public, else the booking's renter (user_id) and the spot's
-- owner (owner_id). No foreign keys: an event outlives nothing it names for long, and a log must
-- not stop a delete. Rows never change (updated_at is there because every table has one).
create table events (
    id bigserial primary key,
    type text not null constraint events_type_known
        check (type in ('spot_availability', 'booking_update', 'new_booking', 'new_review')),
    data jsonb not null constraint events_data_object check (jsonb_typeof(data) = 'object'),
    spot_id uuid,
    user_id uuid,
    owner_id uuid,
    public boolean not null,
    created_at timestamptz not null default clock_timestamp(),
    updated_at timestamptz not null default clock_timestamp(),
    constraint events_public_spot check (not public or spot_id is not null)
);
create index events_public_spot_idx on events (spot_id, id) where public;
create index events_user_idx on events (user_id, id) where user_id is not null;
create index events_owner_idx on events (owner_id, id) where owner_id is not null;
create index events_created_at_idx on events (created_at);

-- migrate:down
drop table events;
