-- tests/db/test_backup_restore.py: what a backup must carry over, table by table.

-- name: table_fingerprints()
-- Every table of the schemas public and analytics, with its row count and an md5 of all its rows
-- as text in a fixed order (one static query: query_to_xml runs the per-table statement).
select format('%I.%I', n.nspname, c.relname) as relation,
       (xpath('/row/rows/text()', query_to_xml(
           format('select count(*) as rows from %I.%I', n.nspname, c.relname), false, true, '')))[1]::text::bigint
           as rows,
       (xpath('/row/digest/text()', query_to_xml(
           format('select md5(coalesce(string_agg(t::text, %L order by t::text), %L)) as digest from %I.%I t',
                  '|', '', n.nspname, c.relname), false, true, '')))[1]::text as digest
from pg_class c
join pg_namespace n on n.oid = c.relnamespace
where n.nspname in ('public', 'analytics')
  and c.relkind in ('r', 'p')
  and not exists (select 1 from pg_depend d
                  where d.classid = 'pg_class'::regclass and d.objid = c.oid and d.deptype = 'e')
order by 1;

-- name: materialized_views()
-- Derived data: a restore recomputes it from the restored tables (REFRESH), so it is compared by
-- being there and populated, not by content (the source's may be older; some depend on now()).
select format('%I.%I', schemaname, matviewname) as relation, ispopulated
from pg_matviews
where schemaname in ('public', 'analytics')
order by 1;

-- name: extension_names()
select extname from pg_extension order by extname;
