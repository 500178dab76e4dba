"""One transparent retry for idempotent requests (GET, HEAD, OPTIONS, PUT, DELETE) that lost their
database connection or lost a serialization/deadlock race: a PostgreSQL restart or failover then
costs a client nothing when the database is back in time. The pool's idle connections are dropped
first (a restart killed them all), so the retry opens a fresh one. A second failure, and any failure
of a POST or PATCH (which may have been applied), answers 503 with Retry-After (api/core/errors.py).
"""
from __future__ import annotations

import logging
from functools import wraps

import asyncpg

from api.core.context import App, Request
from api.core.errors import CONNECTION_LOST, STATUS_BY_SQLSTATE

log = logging.getLogger("parkingspots.retry")
IDEMPOTENT = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})


def retryable(exc: BaseException) -> bool:
    if isinstance(exc, asyncpg.PostgresError):
        return STATUS_BY_SQLSTATE.get(exc.sqlstate or "") == 503
    return isinstance(exc, CONNECTION_LOST)


def _retrying(handler):
    @wraps(handler)
    async def once_more(request: Request, *args, **kwargs):
        try:
            return await handler(request, *args, **kwargs)
        except Exception as exc:
            if request.method not in IDEMPOTENT or not retryable(exc):
                raise
            log.warning("retrying %s %s once: %s", request.method, request.path, type(exc).__name__)
            connection_gone = not isinstance(exc, asyncpg.PostgresError) or (exc.sqlstate or "").startswith(("08", "57"))
            pool = getattr(request.app.ctx, "pool", None)
            if connection_gone and pool is not None:
                await pool.expire_connections()  # the others died with this one: reconnect on next acquire
            return await handler(request, *args, **kwargs)
    once_more.retries = True
    return once_more


def retry_idempotent_requests(app: App) -> None:
    """Wrap the handler of every route (call after the routes are registered; again after adding some).
    Not WebSocket routes: once the handshake is answered there is no request left to repeat."""
    for route in app.router.routes:
        if not getattr(route.handler, "retries", False) and not route.extra.websocket:
            route.handler = _retrying(route.handler)
