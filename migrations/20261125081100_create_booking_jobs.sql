-- migrate:up
-- The work pg_cron does every minute (scheduled by jobs/cron_jobs.py). Each takes the current time
-- as a parameter so tests can run it with any clock; each is idempotent and returns how many
-- bookings it moved. The status triggers check every move and send booking_update events.

-- confirmed bookings whose start has passed -> in_progress
create function auto_start_bookings(p_now timestamptz default now()) returns integer
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

-- in_progress bookings whose end has passed -> completed (checked out at their end time)
create function auto_checkout_bookings(p_now timestamptz default now()) returns integer
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

-- pending bookings whose payment window has passed -> cancelled, freeing the slot
create function expire_unpaid_holds(p_now timestamptz default now()) returns integer
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

-- cron.job_run_details grows forever unless purged.
create function purge_cron_history(p_keep interval default interval '7 days', p_now timestamptz default now())
returns integer
language sql as $$
    with purged as (
        delete from cron.job_run_details where end_time < p_now - p_keep returning 1
    )
    select count(*)::integer from purged;
$$;

-- migrate:down
drop function purge_cron_history(interval, timestamptz);
drop function expire_unpaid_holds(timestamptz);
drop function auto_checkout_bookings(timestamptz);
drop function auto_start_bookings(timestamptz);
