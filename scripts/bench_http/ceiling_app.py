"""Ceilings for scripts/bench_http.py: the least a Sanic endpoint costs on this machine.

    PYTHONPATH=.:scripts/bench_http DATABASE_URL=... REDIS_URL=... BENCH_POINT=-74.0,40.7 \
        .venv/bin/sanic ceiling_app:create_app --factory --workers 2 --port 8100

GET /hello                          bare Sanic JSON hello (ceiling A)
GET /redis/<name>                   the bytes stored at Redis key bench:ceiling:<name>, as they are:
                                    "2k" a 2 KB JSON string (ceiling B), "product" the product's
                                    answer for the point BENCH_POINT="lon,lat", as its cache stores it
GET /pg?latitude=..&longitude=..    the product's own radius query (search_spots_nearest, 2 km, no
                                    filters, top 20) on an asyncpg pool, its JSON bytes sent as the
                                    product sends them (ceiling C)
GET /health/ready                   200 once the worker has its pool and Redis client
"""
from __future__ import annotations

import os

import redis.asyncio as redis
from sanic import Sanic
from sanic.response import HTTPResponse, json

from api.core.db import create_pool, load_queries
from api.core.json import dumps

NO_FILTERS = {"filters": {}}  # spot_matches' JSON filters, none set


async def nearest(app: Sanic, lon: float, lat: float) -> bytes:
    """The product's search (2 km, no filters, first page of 20) as the product runs it: the JSON
    array PostgreSQL built, as bytes."""
    async with app.ctx.pool.acquire() as conn:
        answer = await app.ctx.queries.spots.search_spots_nearest(
            conn, lon=lon, lat=lat, radius_m=2000.0, lim=20, off=0, **NO_FILTERS)
    return answer["body"]


def create_app() -> Sanic:
    app = Sanic("bench_ceiling")
    app.ctx.queries = load_queries()

    @app.before_server_start
    async def open_clients(app) -> None:
        # The same client settings and pool size as the product (api/redis_client.py, api/db.py).
        app.ctx.redis = redis.Redis.from_url(os.environ["REDIS_URL"], socket_timeout=0.5,
                                             socket_connect_timeout=0.5)
        app.ctx.pool = await create_pool(os.environ["DATABASE_URL"], app.ctx.queries, 2, 10)
        lon, lat = (float(x) for x in os.environ["BENCH_POINT"].split(","))
        await app.ctx.redis.set("bench:ceiling:2k", dumps({"data": "x" * 2037}))  # 2,048 bytes
        await app.ctx.redis.set("bench:ceiling:product", await nearest(app, lon, lat))

    @app.after_server_stop
    async def close_clients(app) -> None:
        await app.ctx.pool.close()
        await app.ctx.redis.aclose()

    @app.get("/hello")
    async def hello(request):
        return json({"hello": "world"})

    @app.get("/redis/<name:str>")
    async def stored(request, name: str):
        return HTTPResponse(await app.ctx.redis.get(f"bench:ceiling:{name}"), content_type="application/json")

    @app.get("/pg")
    async def radius_query(request):
        lat, lon = float(request.args.get("latitude")), float(request.args.get("longitude"))
        return HTTPResponse(await nearest(app, lon, lat), content_type="application/json")

    @app.get("/health/ready")
    async def ready(request):
        return json({"status": "ready"})

    return app
