"""What the application holds, declared in one place: `app.ctx` is an AppContext.

The factory fills the first four fields; the rest are opened per worker in `before_server_start` by
the setup function of each service (db, redis, cache, events, stripe) and are missing until then.
No code adds other attributes to `app.ctx` (a test checks it). Handlers annotate their request as
`Request` to get these types:

    async def handler(request: Request):
        async with request.app.ctx.pool.acquire() as conn: ...
"""
from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any, TypeAlias

import asyncpg
import jwt
import redis.asyncio as aioredis
import stripe
from sanic import Request as SanicRequest
from sanic import Sanic
from sanic.config import Config

from api.core.admission import Doorkeeper
from api.core.cache import Cache
from api.core.events import EventListener
from api.core.passwords import Passwords
from api.core.redis import Cluster
from api.core.replicas import Replicas
from api.core.settings import Settings


def _opened_later():
    return field(init=False, repr=False)


@dataclass
class AppContext:
    settings: Settings
    queries: Any                      # aiosql Queries: queries.<domain>.<name>(conn, ...)
    passwords: Passwords
    jwks_clients: dict[str, jwt.PyJWKClient] = field(default_factory=dict)  # OAuth key sets, by URL
    pool: asyncpg.Pool = _opened_later()
    replicas: Replicas | None = field(default=None, repr=False)  # DATABASE_REPLICA_URLS' pools; None: none
    redis: aioredis.Redis | Cluster | None = _opened_later()  # None when REDIS_URL is empty; Cluster: REDIS_CLUSTER=1
    cache: Cache = _opened_later()
    events: EventListener = _opened_later()
    realtime: Any = _opened_later()          # api/realtime's Hub: this worker's WebSocket connections
    stripe: stripe.StripeClient | None = _opened_later()     # None when payments are off
    stripe_http: stripe.HTTPXClient | None = _opened_later()
    tile_doorkeeper: Doorkeeper = field(default_factory=Doorkeeper, repr=False)  # tiles asked here lately
    tasks: list[asyncio.Task] = field(default_factory=list, repr=False)  # background loops, cancelled at stop
    openapi: bytes | None = field(default=None, repr=False)  # the OpenAPI document, built on first request


App: TypeAlias = Sanic[Config, AppContext]
Request: TypeAlias = SanicRequest[App, SimpleNamespace]


def setup_background_tasks(app: App) -> None:
    """Cancel the workers' background loops (event listener, metrics) when the server stops.
    Call it after the other setups: Sanic runs after_server_stop listeners in reverse order, so this
    one runs before the services those loops use are closed."""
    @app.after_server_stop
    async def stop_tasks(app: App) -> None:
        for task in app.ctx.tasks:
            task.cancel()
        await asyncio.gather(*app.ctx.tasks, return_exceptions=True)
        app.ctx.tasks.clear()
