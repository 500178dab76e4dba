-- name: uncommented_objects(schemas)
-- What an analyst or a DBA meets in the given schemas without a COMMENT ON (or with a blank one):
-- the schema itself, tables, views, materialized views, foreign tables, their columns, functions
-- and procedures (trigger functions included), enum types, domains and standalone composite types.
-- Extension members (pg_depend deptype 'e': PostGIS, btree_gist, citext, pg_cron) are not ours to
-- document and are left out, with their columns. Names are schema-qualified; functions carry their
-- argument types, as COMMENT ON FUNCTION wants them.
with objects as (
    select n.oid as nsp, 'schema' as kind, format('%I', n.nspname) as name,
           obj_description(n.oid, 'pg_namespace') as description,
           'pg_namespace'::regclass as classid, n.oid as objid
      from pg_namespace n
    union all
    select c.relnamespace,
           case c.relkind when 'v' then 'view' when 'm' then 'materialized view'
                          when 'f' then 'foreign table' else 'table' end,
           format('%I.%I', c.relnamespace::regnamespace, c.relname),
           obj_description(c.oid, 'pg_class'),
           'pg_class'::regclass, c.oid
      from pg_class c
     where c.relkind in ('r', 'p', 'v', 'm', 'f')
    union all
    select c.relnamespace, 'column',
           format('%I.%I.%I', c.relnamespace::regnamespace, c.relname, a.attname),
           col_description(c.oid, a.attnum),
           'pg_class'::regclass, c.oid
      from pg_class c
      join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
     where c.relkind in ('r', 'p', 'v', 'm', 'f')
    union all
    select p.pronamespace,
           case p.prokind when 'p' then 'procedure' when 'a' then 'aggregate'
                          when 'w' then 'window function' else 'function' end,
           format('%I.%I(%s)', p.pronamespace::regnamespace, p.proname,
                  pg_get_function_identity_arguments(p.oid)),
           obj_description(p.oid, 'pg_proc'),
           'pg_proc'::regclass, p.oid
      from pg_proc p
    union all
    select t.typnamespace,
           case t.typtype when 'e' then 'enum type' when 'd' then 'domain' else 'composite type' end,
           format('%I.%I', t.typnamespace::regnamespace, t.typname),
           obj_description(t.oid, 'pg_type'),
           'pg_type'::regclass, t.oid
      from pg_type t
     where t.typtype in ('e', 'd')
        or (t.typtype = 'c' and exists (select 1 from pg_class c where c.oid = t.typrelid and c.relkind = 'c'))
)
select o.kind, o.name
  from objects o
  join pg_namespace n on n.oid = o.nsp
 where n.nspname = any(:schemas::text[])
   and coalesce(btrim(o.description), '') = ''
   and not exists (select 1 from pg_depend d
                    where d.classid = o.classid and d.objid = o.objid and d.deptype = 'e')
 order by o.kind, o.name;

-- name: create_undocumented_objects#
-- One object of each kind the check covers, left without a comment (or with a blank one), to prove
-- the check sees them; and an extension member of the same kind, which it must leave out.
create schema if not exists analytics;
create type public.undocumented_mood as enum ('fine');
create table public.undocumented_table (id integer primary key, note text);
comment on table public.undocumented_table is 'Commented: only its columns are not.';
comment on column public.undocumented_table.note is '   ';
create view analytics.undocumented_view as select 1 as one;
create function public.undocumented_trigger() returns trigger language plpgsql as $$ begin return new; end; $$;
create function analytics.undocumented_function(p integer) returns integer language sql as $$ select p $$;
