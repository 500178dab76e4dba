"""The ceiling of scripts/bench_tiles.py: a bare ST_AsMVT endpoint, as pg_tileserv or Martin serve
PostGIS tiles (no cache, no clustering, no validation beyond the route's integers).

    DATABASE_URL=... .venv/bin/sanic scripts.bench_tiles_ceiling:create_app --factory --port 8100

GET /tiles/<z>/<x>/<y>   the tile of scripts/bench_tiles.sql's bare_tile
GET /health/ready        200 once the worker has its pool
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import aiosql
from sanic import Sanic
from sanic.response import HTTPResponse, text

from api.core.db import create_pool, load_queries

QUERIES = aiosql.from_path(Path(__file__).with_name("bench_tiles.sql"), "asyncpg")


def create_app() -> Sanic:
    app = Sanic("bench_tiles_ceiling")
    app.config.ACCESS_LOG = False

    @app.before_server_start
    async def open_pool(app: Sanic) -> None:
        app.ctx.pool = await create_pool(os.environ["DATABASE_URL"], load_queries(), min_size=2,
                                         max_size=int(os.environ.get("DB_POOL_MAX", "10")))

    @app.after_server_stop
    async def close_pool(app: Sanic) -> None:
        await app.ctx.pool.close()

    @app.get("/tiles/<z:int>/<x:int>/<y:int>")
    async def tile(request, z: int, x: int, y: int):
        async with app.ctx.pool.acquire() as conn:
            body = await QUERIES.bare_tile(conn, z=z, x=x, y=y)
        return HTTPResponse(body, content_type="application/vnd.mapbox-vector-tile")

    @app.get("/health/ready")
    async def ready(request):
        return text("ok")

    return app


if __name__ == "__main__":  # served by sanic (above); as a script it only explains itself
    argparse.ArgumentParser(prog="python -m scripts.bench_tiles_ceiling", description=__doc__,
                            formatter_class=argparse.RawDescriptionHelpFormatter).parse_args()
    sys.exit("serve it with sanic: see --help")
