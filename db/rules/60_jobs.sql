-- The work pg_cron does (scheduled by jobs/cron_jobs.py from jobs/cron.sql). Each takes the current
-- time as a parameter so tests can run it with any clock; each is idempotent and returns how many
-- rows it moved. The booking status triggers check every move and send booking_update events.

-- confirmed bookings whose start has passed -> in_progress
create or replace function auto_start_bookings(p_now timestamptz default now()) returns integer
language sql as $$
    with moved as (
        update bookings
           set status = 'in_progress'
         where status = 'confirmed'
           and start_time <= p_now
        returning 1
    )
    select count(*)::integer from moved;
$$;
comment on function auto_start_bookings(timestamptz) is
    'pg_cron job: confirmed bookings whose start has passed at p_now move to in_progress. Idempotent; '
    'returns how many moved.';

-- in_progress bookings whose end has passed -> completed (checked out at their end time)
create or replace function auto_checkout_bookings(p_now timestamptz default now()) returns integer
language sql as $$
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
comment on function auto_checkout_bookings(timestamptz) is
    'pg_cron job: in_progress bookings whose end has passed at p_now are completed (checked out at their '
    'end time). Idempotent; returns how many moved.';

-- pending bookings whose payment window has passed -> cancelled, freeing the slot
create or replace function expire_unpaid_holds(p_now timestamptz default now()) returns integer
language sql as $$
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
comment on function expire_unpaid_holds(timestamptz) is
    'pg_cron job: pending bookings whose payment window has passed at p_now are cancelled (payment_status '
    'expired), freeing the slot. Returns how many moved.';

-- cron.job_run_details grows forever unless purged.
create or replace function purge_cron_history(p_keep interval default interval '7 days',
                                              p_now timestamptz default now())
returns integer
language sql as $$
    with purged as (
        delete from cron.job_run_details where end_time < p_now - p_keep returning 1
    )
    select count(*)::integer from purged;
$$;
comment on function purge_cron_history(interval, timestamptz) is
    'pg_cron job: deletes cron.job_run_details rows that ended more than p_keep (7 days) before p_now; '
    'returns how many.';

-- Idempotency keys older than p_keep are deleted (jobs/cron.sql keeps them 24 hours).
create or replace function purge_idempotency_keys(p_keep interval default interval '24 hours',
                                                  p_now timestamptz default now())
returns integer
language sql as $$
    with purged as (
        delete from idempotency_keys where created_at < p_now - p_keep returning 1
    )
    select count(*)::integer from purged;
$$;
comment on function purge_idempotency_keys(interval, timestamptz) is
    'pg_cron job: deletes idempotency keys older than p_keep (24 hours); returns how many.';

-- The outbox: mail delivered more than p_sent_keep ago (its body already cleared) and any mail
-- older than p_keep are deleted (jobs/cron.sql: 1 day, 7 days). p_keep is at least the longest
-- reset token lifetime (PASSWORD_RESET_MINUTES, at most 7 days), so an undelivered mail is kept
-- while its link may still work and removed after.
create or replace function purge_outbox(p_sent_keep interval default interval '1 day',
                                        p_keep interval default interval '7 days',
                                        p_now timestamptz default now())
returns integer
language sql as $$
    with purged as (
        delete from outbox
         where sent_at < p_now - p_sent_keep
            or created_at < p_now - p_keep
        returning 1
    )
    select count(*)::integer from purged;
$$;
comment on function purge_outbox(interval, interval, timestamptz) is
    'pg_cron job: deletes mail sent more than p_sent_keep ago (1 day) and any mail older than p_keep (7 '
    'days, the longest reset link lifetime); returns how many.';

-- Real-time events older than p_keep are deleted (jobs/cron.sql keeps them 24 hours; a WebSocket
-- client away longer is told to reload, api/realtime). Deletes the oldest ids only, and never the
-- newest event, so what is kept is every event after some id and the newest id stays known.
create or replace function purge_events(p_keep interval default interval '24 hours',
                                        p_now timestamptz default now())
returns integer
language sql as $$
    with purged as (
        delete from events
         where id <= (select max(id) from events where created_at < p_now - p_keep)
           and id < (select max(id) from events)
        returning 1
    )
    select count(*)::integer from purged;
$$;
comment on function purge_events(interval, timestamptz) is
    'pg_cron job: deletes real-time events older than p_keep (24 hours), oldest ids only and never the '
    'newest; returns how many.';
