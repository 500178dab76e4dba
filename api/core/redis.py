"""The Redis connection (one client per worker). Redis only holds caches and counters: when it is
down, callers degrade (reads go to PostgreSQL) instead of failing."""
from __future__ import annotations

import redis.asyncio as redis

from api.core.context import App


def setup_redis(app: App) -> None:
    settings = app.ctx.settings

    @app.before_server_start
    async def open_redis(app: App) -> None:
        app.ctx.redis = redis.Redis.from_url(settings.redis_url, socket_timeout=0.5,
                                             socket_connect_timeout=0.5) if settings.redis_url else None

    @app.after_server_stop
    async def close_redis(app: App) -> None:
        if app.ctx.redis is not None:
            await app.ctx.redis.aclose()
