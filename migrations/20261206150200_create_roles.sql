-- migrate:up
-- Least-privilege roles, named after the database the migrations run in (role names are
-- cluster-wide: two databases on one cluster get their own). Created once; a role that exists is
-- left as it is (its password too). What each may do is granted by db/rules/99_privileges.sql,
-- applied after every migration, so new tables and functions get their grants.
--   <db>_owner    owns the schemas and every object in them; runs the migrations
--   <db>_app      the API: reads and writes rows, no DDL, no edits of the ledger
--   <db>_cron     the pg_cron jobs: may only execute the job functions
--   <db>_analyst  reads the analytics schema; nothing in public holding personal data or secrets
-- database_roles says which role is which; it travels with the database (a clone keeps the names
-- its grants refer to).
create table database_roles (
    kind text primary key constraint database_roles_kind_known check (kind in ('owner', 'app', 'cron', 'analyst')),
    role_name name not null constraint database_roles_role_name_key unique,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
);
comment on table database_roles is
    'The roles of this database by kind (made by this migration; their rights: db/rules/99_privileges.sql).';
comment on column database_roles.kind is 'owner, app (the API), cron (pg_cron jobs) or analyst.';
comment on column database_roles.role_name is 'The cluster-wide role name: <database>_<kind> of the database the migration ran in.';
comment on column database_roles.created_at is 'When the row was written (UTC).';
comment on column database_roles.updated_at is 'When the row last changed (UTC).';

do $$
declare
    kind text;
    role text;
begin
    foreach kind in array array['owner', 'app', 'cron', 'analyst'] loop
        role := current_database() || '_' || kind;
        if not exists (select 1 from pg_roles where rolname = role) then
            execute format('create role %I login', role);
        end if;
        execute format('grant connect, temporary on database %I to %I', current_database(), role);
        insert into database_roles (kind, role_name) values (kind, role);
    end loop;
    execute format('revoke connect, temporary on database %I from public', current_database());
end;
$$;

create schema if not exists analytics;

-- migrate:down
-- The roles stay (they are the cluster's; other databases may use them): drop them by hand.
do $$
begin
    execute format('grant connect, temporary on database %I to public', current_database());
end;
$$;
drop table database_roles;
