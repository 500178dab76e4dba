"""The asyncpg pool (one per worker), one more per streaming replica when DATABASE_REPLICA_URLS names
some (api/core/replicas.py says which reads they serve), and the named queries from sql/ (one folder
per domain: queries.<domain>.<name>)."""
from __future__ import annotations

from pathlib import Path

import aiosql
import asyncpg
import orjson

from api.core.context import App
from api.core.json import dumps
from api.core.replicas import CONNECT_TIMEOUT, open_replicas, remember_writes

SQL_DIR = Path(__file__).resolve().parents[2] / "sql"


def load_queries():
    """All of sql/<domain>/*.sql; each folder is a namespace: queries.core.ping_database(conn)."""
    return aiosql.from_path(SQL_DIR, "asyncpg")


def _dumps(value) -> str:
    return dumps(value).decode()


async def set_json_codecs(conn: asyncpg.Connection) -> None:
    """json/jsonb columns and parameters as Python objects (orjson)."""
    for type_name in ("json", "jsonb"):
        await conn.set_type_codec(type_name, schema="pg_catalog", encoder=_dumps, decoder=orjson.loads)


async def _init_connection(conn: asyncpg.Connection, queries) -> None:
    await set_json_codecs(conn)
    await queries.core.warm_up_postgis(conn)


class PooledConnection(asyncpg.Connection):
    """Released to the pool without asyncpg's reset query (advisory unlock, CLOSE ALL, UNLISTEN,
    RESET ALL: one more round trip per request). The app leaves no session state on pooled
    connections: no SET, LISTEN (the event listener has its own connection), advisory locks or
    cursors; asyncpg still rolls back any open transaction on release."""

    def get_reset_query(self) -> str:
        return ""


# asyncpg prepares every query once per connection; PostgreSQL then plans it again at each execution
# ("custom" plans) until it trusts a generic one, which for the PostGIS searches it mostly did not:
# planning a radius search costs 0.3-0.5 ms of the ~1.5 ms it takes. The app's queries are written
# for generic plans (the search's index use is tested under both: tests/spots/test_spot_search.py),
# so its pooled sessions plan each statement once. pgbench, same SQL, same load: 1,992 -> 1,446 µs
# of PostgreSQL CPU per search (docs/benchmarks.md).
SESSION_SETTINGS = {"plan_cache_mode": "force_generic_plan"}


async def create_pool(database_url: str, queries, min_size: int = 2, max_size: int = 10,
                      **connect_options) -> asyncpg.Pool:
    async def init(conn):
        await _init_connection(conn, queries)

    return await asyncpg.create_pool(database_url, min_size=min_size, max_size=max_size, init=init,
                                     connection_class=PooledConnection, server_settings=SESSION_SETTINGS,
                                     **connect_options)


def setup_db(app: App) -> None:
    settings = app.ctx.settings

    @app.before_server_start
    async def open_pool(app: App) -> None:
        app.ctx.pool = await create_pool(settings.database_url, app.ctx.queries,
                                         settings.db_pool_min, settings.db_pool_max)

    @app.before_server_start(priority=-1)  # after the other services opened: the cache is there to fence
    async def open_replica_pools(app: App) -> None:
        # The session settings of the primary's pool; no connection until the first use (a replica
        # that is down does not stop the worker), and a replica that does not answer is given up soon.
        app.ctx.replicas = await open_replicas(app, lambda url, min_size: create_pool(
            url, app.ctx.queries, min_size, settings.db_pool_max, timeout=CONNECT_TIMEOUT))

    if settings.replica_urls:
        remember_writes(app)

    @app.after_server_stop
    async def close_pool(app: App) -> None:
        if app.ctx.replicas is not None:
            await app.ctx.replicas.close()
        await app.ctx.pool.close()
