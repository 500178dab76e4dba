-- Core rules every domain uses: created_at/updated_at kept by the database on every table, and
-- utc_iso(), the one way a time leaves the database in JSON.
--
-- The files in db/rules hold functions, triggers and views only, and are applied by
-- scripts/migrate.py after the migrations, in file name order, each time any of them changes.
-- Functions that a CHECK or EXCLUDE constraint, an index or a generated column depends on
-- (is_valid_timezone, operating_hours_valid, booking_holds_slot) are schema, not rules:
-- replacing one neither re-checks existing rows nor rebuilds the index, so they change only
-- through a versioned migration that rebuilds what depends on them.

-- Every table's updated_at is kept by this trigger; created_at cannot be rewritten.
create or replace function set_updated_at() returns trigger
language plpgsql as $$
begin
    new.created_at := old.created_at;
    new.updated_at := now();
    return new;
end;
$$;
comment on function set_updated_at() is
    'Trigger function of every table''s <table>_updated_at trigger: sets updated_at to now() and keeps '
    'created_at from being rewritten.';

-- <table>_updated_at on every table of the public schema that has an updated_at column, so a table
-- added by a migration gets it too (the rules are applied again after any migration).
do $$
declare
    t record;
begin
    for t in
        select c.oid::regclass as tab, c.relname
        from pg_class c
        join pg_namespace n on n.oid = c.relnamespace
        join pg_attribute a on a.attrelid = c.oid and a.attname = 'updated_at' and not a.attisdropped
        where n.nspname = 'public'
          and c.relkind = 'r'
          and not c.relispartition
          and not exists (select 1 from pg_depend d
                          where d.classid = 'pg_class'::regclass and d.objid = c.oid and d.deptype = 'e')
        order by c.relname
    loop
        execute format('create or replace trigger %I before update on %s '
                       'for each row execute function set_updated_at()', t.relname || '_updated_at', t.tab);
    end loop;
end;
$$;

-- A time as Python's orjson prints it with OPT_UTC_Z, always in UTC whatever the session TimeZone:
-- 2030-01-07T09:00:00Z, or 2030-01-07T09:00:00.250000Z when the microseconds are not zero.
create or replace function utc_iso(t timestamptz) returns text
language sql strict stable parallel safe as $$
    select to_char(t at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS')
        || case when to_char(t at time zone 'UTC', 'US') = '000000' then ''
                else to_char(t at time zone 'UTC', '.US') end
        || 'Z';
$$;
comment on function utc_iso(timestamptz) is
    'A time as the API prints it, always in UTC whatever the session TimeZone: 2030-01-07T09:00:00Z, with '
    '.US microseconds when not zero. The one way a time leaves the database in JSON.';
