-- Rows the metrics tests read back through /metrics (tests/core/test_metrics.py).

-- name: schedule_metrics_test_job(jobname)$
-- A pg_cron job scheduled like ours (this test database is not pg_cron's: it never runs; the test
-- records its runs itself).
select cron.schedule(:jobname, '0 0 1 1 *', 'select 1');

-- name: record_cron_run(jobname, status, start_time, end_time)!
-- A run of the job as pg_cron records it (end_time null while it runs).
insert into cron.job_run_details (jobid, job_pid, database, username, command, status, return_message,
                                  start_time, end_time)
select jobid, 0, database, username, command, :status, '', :start_time, :end_time
from cron.job
where jobname = :jobname;

-- name: queue_metrics_test_stripe_call(action, key, attempts)!
insert into stripe_outbox (action, intent_id, idempotency_key, attempts)
values (:action, 'pi_metrics_test', :key, :attempts);
