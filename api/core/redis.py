"""The Redis connection (one client per worker). Redis only holds caches and counters: when it is
down, callers degrade (reads go to PostgreSQL) instead of failing.

The pool blocks when all its connections are busy: redis-py's default pool raises
MaxConnectionsError past 100, so a burst (thousands of database events invalidating the cache at
once) would skip invalidations and leave stale answers cached. Waiting a moment is right instead."""
from __future__ import annotations

import redis.asyncio as redis

from api.core.context import App
from api.core.settings import Settings

MAX_CONNECTIONS = 100  # per worker
WAIT_SECONDS = 2  # for a free connection, then the caller degrades as when Redis is down


def setup_redis(app: App) -> None:
    settings = app.ctx.settings

    @app.before_server_start
    async def open_redis(app: App) -> None:
        app.ctx.redis = connect(settings) if settings.redis_url else None

    @app.after_server_stop
    async def close_redis(app: App) -> None:
        if app.ctx.redis is not None:
            await app.ctx.redis.aclose()


def connect(settings: Settings) -> redis.Redis:
    pool = redis.BlockingConnectionPool.from_url(settings.redis_url, max_connections=MAX_CONNECTIONS,
                                                 timeout=WAIT_SECONDS, socket_timeout=0.5,
                                                 socket_connect_timeout=0.5)
    return redis.Redis(connection_pool=pool)
