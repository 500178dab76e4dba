"""Every object an analyst or a DBA meets in the schemas public and analytics says what it is: a
COMMENT ON each table, column (of tables and views), view, materialized view, function (trigger
functions included: they hold the rules a failed write runs into), enum type and the schema itself,
with units, time zones and what is personal data or a secret. Extension members (PostGIS, btree_gist,
citext, pg_cron) are not ours and are left out.

Where a comment goes: tables, columns and types in the migration that creates them (or a later one:
migrations/20261206150100_comment_schema.sql); functions and views right after their definition in
db/rules, since the rules are dropped and created again whenever a file changes."""
from __future__ import annotations

import re

from scripts.migrate import MIGRATIONS

SCHEMAS = ["public", "analytics"]
COMMENT_MIGRATION = MIGRATIONS / "20261206150100_comment_schema.sql"


async def uncommented(conn, q) -> list[str]:
    return [f"{r['kind']} {r['name']}" async for r in q.uncommented_objects(conn, schemas=SCHEMAS)]


async def test_every_object_is_commented(conn, q):
    missing = await uncommented(conn, q)
    assert not missing, (
        f"{len(missing)} objects of {' / '.join(SCHEMAS)} have no COMMENT ON (tables, columns, types: in a "
        "migration; functions, views and their columns: right after the definition in db/rules):\n  "
        + "\n  ".join(missing))


async def test_the_check_sees_every_kind_and_leaves_extensions_out(conn, q):
    await q.create_undocumented_objects(conn)
    missing = await uncommented(conn, q)
    assert {"enum type public.undocumented_mood", "column public.undocumented_table.id",
            "column public.undocumented_table.note", "view analytics.undocumented_view",
            "column analytics.undocumented_view.one", "function public.undocumented_trigger()",
            "function analytics.undocumented_function(p integer)"} <= set(missing)
    assert "table public.undocumented_table" not in missing
    # PostGIS's table, view and functions live in public too, uncommented or not: never ours to document.
    assert not [m for m in missing if "spatial_ref_sys" in m or "geometry_columns" in m or "st_dwithin" in m]


def test_the_comment_migration_clears_on_the_way_down_what_it_sets_on_the_way_up():
    up, down = COMMENT_MIGRATION.read_text().split("-- migrate:down")
    target = re.compile(r"^comment on (table|column|type|function|view) (\S+?(?:\([^)]*\))?) is\b", re.MULTILINE)
    set_up = [m.group(1, 2) for m in target.finditer(up)]
    assert set_up and len(set_up) == len(set(set_up))
    assert sorted(set_up) == sorted(m.group(1, 2) for m in target.finditer(down))
    assert len(re.findall(r" is null;$", down, re.MULTILINE)) == len(set_up)
