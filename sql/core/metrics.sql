-- What GET /metrics reads from the database when it is scraped (api/core/prometheus_db.py).

-- name: cron_job_runs()
-- pg_cron's recorded runs of our jobs (cron.job_run_details, kept 7 days by
-- parkingspots-purge-cron-history), by job and status; the latest finished run of each job
-- (its status and duration) and when the job last succeeded. Jobs that never ran have one row with
-- status null. Two passes over the history (about 6,000 rows a day, 43,000 kept), no index needed.
with ours as (
    select jobid, jobname
    from cron.job
    where starts_with(jobname, 'parkingspots-')
),
counted as (
    select d.jobid, d.status, count(*) as runs,
           max(d.end_time) filter (where d.status = 'succeeded') as last_success
    from cron.job_run_details d
    where d.jobid in (select jobid from ours)
    group by d.jobid, d.status
),
latest as (
    select distinct on (d.jobid) d.jobid, d.status, d.end_time - d.start_time as took
    from cron.job_run_details d
    where d.jobid in (select jobid from ours)
      and d.end_time is not null
    order by d.jobid, d.start_time desc, d.runid desc
)
select o.jobname as job,
       c.status,
       coalesce(c.runs, 0) as runs,
       extract(epoch from c.last_success)::float8 as last_success,
       l.status as latest_status,
       extract(epoch from l.took)::float8 as latest_seconds
from ours o
left join counted c on c.jobid = o.jobid
left join latest l on l.jobid = o.jobid
order by o.jobname, c.status;

-- name: stripe_outbox_backlog()
-- Stripe calls queued and not made yet, by action: how many, how many already failed at least once,
-- and how long the oldest has waited (seconds).
select action,
       count(*) as pending,
       count(*) filter (where attempts > 0) as retrying,
       extract(epoch from now() - min(created_at))::float8 as oldest_seconds
from stripe_outbox
where done_at is null
group by action
order by action;
