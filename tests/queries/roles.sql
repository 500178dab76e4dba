-- name: role_of(kind)$
select role_name from database_roles where kind = :kind;

-- name: owners_of_objects()
-- Who owns what in public and analytics that no extension owns.
select distinct pg_get_userbyid(c.relowner) as owner
from pg_class c
where c.relnamespace in ('public'::regnamespace, 'analytics'::regnamespace)
  and c.relkind in ('r', 'v', 'm', 'S')
  and not exists (select 1 from pg_depend d where d.classid = 'pg_class'::regclass
                                              and d.objid = c.oid and d.deptype = 'e')
union
select distinct pg_get_userbyid(p.proowner)
from pg_proc p
where p.pronamespace in ('public'::regnamespace, 'analytics'::regnamespace)
  and not exists (select 1 from pg_depend d where d.classid = 'pg_proc'::regclass
                                              and d.objid = p.oid and d.deptype = 'e');

-- name: scheduled_job_users()
select jobname, username from cron.job where starts_with(jobname, 'parkingspots-') order by jobname;

-- name: add_old_cron_run(jobname)!
-- A run of one of our jobs, 30 days old (as pg_cron records them).
insert into cron.job_run_details (jobid, runid, job_pid, database, username, command, status, return_message,
                                  start_time, end_time)
select jobid, nextval('cron.runid_seq'), 0, database, username, command, 'succeeded', 'SELECT 1',
       now() - interval '30 days', now() - interval '30 days'
from cron.job
where jobname = :jobname;

-- name: count_cron_runs()$
select count(*) from cron.job_run_details;
