-- Who may do what (the roles are made by migrations/20261206150200_create_roles.sql; database_roles
-- names them). Applied by a superuser (make run, the tests, Docker's migrate) or by the owner role,
-- which owns everything and so may run the later migrations and the rules itself. Applied last, after every migration and every change of a rule file (the rules are
-- dropped and made again then), so new tables, views and functions get their grants at once.

do $$
declare
    owner_role name := (select role_name from database_roles where kind = 'owner');
    app_role name := (select role_name from database_roles where kind = 'app');
    cron_role name := (select role_name from database_roles where kind = 'cron');
    analyst_role name := (select role_name from database_roles where kind = 'analyst');
    -- The pg_cron jobs (jobs/cron.sql): they run as the cron role with their owner's rights
    -- (security definer), and that role may execute nothing else.
    job_functions text[] := array[
        'auto_start_bookings(timestamptz)', 'auto_checkout_bookings(timestamptz)',
        'expire_unpaid_holds(timestamptz)', 'release_unpaid_extensions(timestamptz)',
        'purge_cron_history(interval, timestamptz)', 'purge_idempotency_keys(interval, timestamptz)',
        'purge_outbox(interval, interval, timestamptz)', 'purge_events(interval, timestamptz)',
        'purge_stripe_outbox(interval, timestamptz)', 'queue_owner_transfers(timestamptz)',
        'queue_reconciliation(timestamptz)', 'analytics.refresh_materialized_views(boolean)',
        'analytics.purge_search_events(interval, timestamptz)'];
    superuser boolean := (select rolsuper from pg_roles where rolname = current_user);
    job text;
    obj record;
begin
    if owner_role is null then
        return;  -- the roles migration has not run
    end if;

    -- The owner owns the schemas and everything in them that no extension owns (objects made by
    -- whoever ran a migration or a rule file are handed over).
    execute format('alter schema public owner to %I', owner_role);
    execute format('alter schema analytics owner to %I', owner_role);
    for obj in
        select format('alter %s %s owner to %I',
                      case c.relkind when 'v' then 'view' when 'm' then 'materialized view'
                                     when 'S' then 'sequence' else 'table' end,
                      c.oid::regclass, owner_role) as stmt
          from pg_class c
         where c.relnamespace in ('public'::regnamespace, 'analytics'::regnamespace)
           and c.relkind in ('r', 'p', 'v', 'm', 'S')
           and c.relowner <> owner_role::regrole
           and not exists (select 1 from pg_depend d where d.classid = 'pg_class'::regclass
                                                       and d.objid = c.oid and d.deptype in ('e', 'a', 'i'))
        union all
        select format('alter routine %s owner to %I', p.oid::regprocedure, owner_role)
          from pg_proc p
         where p.pronamespace in ('public'::regnamespace, 'analytics'::regnamespace)
           and p.proowner <> owner_role::regrole
           and not exists (select 1 from pg_depend d where d.classid = 'pg_proc'::regclass
                                                       and d.objid = p.oid and d.deptype = 'e')
        union all
        select format('alter type %s owner to %I', t.oid::regtype, owner_role)
          from pg_type t
         where t.typnamespace in ('public'::regnamespace, 'analytics'::regnamespace)
           and t.typtype in ('e', 'c', 'd')
           and t.typowner <> owner_role::regrole
           and (t.typtype <> 'c' or (select c.relkind from pg_class c where c.oid = t.typrelid) = 'c')
           and not exists (select 1 from pg_depend d where d.classid = 'pg_type'::regclass
                                                       and d.objid = t.oid and d.deptype = 'e')
    loop
        execute obj.stmt;
    end loop;

    -- The API: rows, not DDL. The ledger is append-only; the migrations' bookkeeping is not its own.
    execute format('grant usage on schema public to %I', app_role);
    execute format('grant select, insert, update, delete on all tables in schema public to %I', app_role);
    execute format('grant usage, select on all sequences in schema public to %I', app_role);
    execute format('revoke update, delete, truncate on money_movements from %I', app_role);
    execute format('revoke insert, update, delete, truncate on schema_migrations, schema_rules, database_roles, '
                   'platform_settings from %I', app_role);
    execute format('grant usage on schema analytics to %I', app_role);
    if to_regclass('analytics.search_events') is not null then
        execute format('grant insert on analytics.search_events to %I', app_role);
        execute format('grant usage on all sequences in schema analytics to %I', app_role);
    end if;
    if superuser then  -- pg_cron's tables are the superuser's to grant (the owner applies the rules too)
        -- pg_cron shows a role only the jobs it runs (row-level security): the API (metrics) and the
        -- owner (purge_cron_history, run by the cron role with the owner's rights) may see ours.
        execute format('grant usage on schema cron to %I', app_role);
        execute format('grant select on cron.job, cron.job_run_details to %I', app_role);
        execute format('grant select on cron.job to %I', owner_role);
        execute format('drop policy if exists %I on cron.job', app_role || '_reads_our_jobs');
        execute format('create policy %I on cron.job for select to %I, %I using (starts_with(jobname, %L))',
                       app_role || '_reads_our_jobs', app_role, owner_role, 'parkingspots-');
        execute format('drop policy if exists %I on cron.job_run_details', app_role || '_reads_our_runs');
        execute format('create policy %I on cron.job_run_details for select to %I using '
                       '(jobid in (select jobid from cron.job where starts_with(jobname, %L)))',
                       app_role || '_reads_our_runs', app_role, 'parkingspots-');
        execute format('drop policy if exists %I on cron.job_run_details', owner_role || '_purges_our_runs');
        execute format('create policy %I on cron.job_run_details for all to %I using '
                       '(jobid in (select jobid from cron.job where starts_with(jobname, %L)))',
                       owner_role || '_purges_our_runs', owner_role, 'parkingspots-');
    end if;

    -- pg_cron's jobs: only their functions, which run with the owner's rights.
    execute format('grant usage on schema public to %I', cron_role);
    execute format('grant usage on schema analytics to %I', cron_role);
    foreach job in array job_functions loop
        if to_regprocedure(job) is not null then
            execute format('alter function %s security definer set search_path = public, pg_temp', job);
            execute format('revoke execute on function %s from public', job);
            execute format('grant execute on function %s to %I', job, cron_role);
        end if;
    end loop;
    -- What a job changes fires deferred triggers (the real-time events) at commit, after the job's
    -- security definer function has returned: they run as their owner too.
    for obj in
        select distinct t.tgfoid::regprocedure as fn
          from pg_trigger t
         where t.tgdeferrable and not t.tgisinternal
           and t.tgrelid in (select c.oid from pg_class c where c.relnamespace = 'public'::regnamespace)
    loop
        execute format('alter function %s security definer set search_path = public, pg_temp', obj.fn);
    end loop;
    if superuser then
        execute format('grant usage on schema cron to %I', owner_role);
        execute format('grant select, delete on cron.job_run_details to %I', owner_role);
    end if;

    -- Analysts: the analytics schema, read-only. PostGIS lives in public, so they may use its
    -- functions and types there, but no table of public is granted to them.
    execute format('grant usage on schema analytics to %I', analyst_role);
    execute format('grant select on all tables in schema analytics to %I', analyst_role);
    execute format('revoke insert, update, delete, truncate on all tables in schema analytics from %I', analyst_role);
end;
$$;
