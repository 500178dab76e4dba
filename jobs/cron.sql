-- name: schedule_jobs()
-- Schedules every ParkingSpots job (or updates it in place: upserts by job name), to run as the
-- cron role (database_roles; db/rules/99_privileges.sql lets it execute the job functions only).
-- Schedules are in GMT; pg_cron 1.4 has minute granularity.
select jobs.jobname,
       cron.schedule_in_database(jobs.jobname, jobs.schedule, jobs.command, current_database(),
                                 coalesce((select role_name from database_roles where kind = 'cron'),
                                          current_user)) as jobid
from (
    values
        ('parkingspots-auto-start', '* * * * *', 'select auto_start_bookings(now())'),
        ('parkingspots-auto-checkout', '* * * * *', 'select auto_checkout_bookings(now())'),
        ('parkingspots-expire-holds', '* * * * *', 'select expire_unpaid_holds(now())'),
        ('parkingspots-release-extensions', '* * * * *', 'select release_unpaid_extensions(now())'),
        ('parkingspots-owner-transfers', '*/10 * * * *', 'select queue_owner_transfers(now())'),
        ('parkingspots-purge-stripe-outbox', '47 3 * * *', 'select purge_stripe_outbox(interval ''30 days'')'),
        ('parkingspots-reconcile', '15 2 * * *', 'select queue_reconciliation(now())'),
        ('parkingspots-purge-cron-history', '17 3 * * *', 'select purge_cron_history(interval ''7 days'')'),
        ('parkingspots-purge-idempotency-keys', '27 3 * * *', 'select purge_idempotency_keys(interval ''24 hours'')'),
        ('parkingspots-purge-outbox', '37 * * * *', 'select purge_outbox(interval ''1 day'', interval ''7 days'')'),
        ('parkingspots-purge-events', '*/10 * * * *', 'select purge_events(interval ''24 hours'')'),
        ('parkingspots-refresh-analytics', '5 * * * *', 'select analytics.refresh_materialized_views()'),
        ('parkingspots-purge-search-events', '57 3 * * *', 'select analytics.purge_search_events(interval ''400 days'')')
) as jobs (jobname, schedule, command)
order by jobs.jobname;

-- name: unschedule_jobs()
-- Removes every ParkingSpots job; other jobs in cron.job are left alone.
select jobname,
       cron.unschedule(jobid) as removed
from cron.job
where starts_with(jobname, 'parkingspots-')
order by jobname;

-- name: list_jobs()
-- The ParkingSpots jobs with their latest run.
select j.jobid,
       j.jobname,
       j.schedule,
       j.command,
       j.active,
       last.status as last_status,
       last.start_time as last_start,
       last.return_message as last_message
from cron.job j
left join lateral (
    select d.status, d.start_time, d.return_message
    from cron.job_run_details d
    where d.jobid = j.jobid
    order by d.start_time desc
    limit 1
) last on true
where starts_with(j.jobname, 'parkingspots-')
order by j.jobname;

-- name: get_job_command(jobname)$
-- The command a scheduled job runs, so run-now executes exactly what pg_cron would.
select command
from cron.job
where jobname = :jobname;
