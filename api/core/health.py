"""Liveness and readiness probes."""
from __future__ import annotations

import asyncio
from typing import Literal

from sanic import Blueprint
from sanic.response import json

from api.core.context import Request
from api.core.openapi import responds
from api.core.shapes import Shape, example

bp = Blueprint("health", url_prefix="/health")
Check = Literal["ok", "unreachable"]


class LiveOut(Shape):
    model_config = example(status="ok")
    status: Literal["ok"]


class ReadyOut(Shape):
    model_config = example(status="ready", postgres="ok", redis="ok")
    status: Literal["ready"]
    postgres: Check
    redis: Check


class NotReadyOut(Shape):
    model_config = example(detail="not ready: redis unreachable", code="not_ready", postgres="ok", redis="unreachable")
    detail: str
    code: Literal["not_ready"]
    postgres: Check
    redis: Check


@bp.get("/")
@responds(LiveOut)
async def liveness(request: Request):
    """The process is up and serving."""
    return json({"status": "ok"})


async def _postgres_ok(request: Request) -> bool:
    try:
        async with asyncio.timeout(2):
            async with request.app.ctx.pool.acquire() as conn:
                await request.app.ctx.queries.core.ping_database(conn)
        return True
    except Exception:  # noqa: BLE001 - any failure means "not ready"
        return False


async def _redis_ok(request: Request) -> bool:
    client = request.app.ctx.redis
    if client is None:
        return False
    try:
        return bool(await client.ping())
    except Exception:  # noqa: BLE001
        return False


@bp.get("/ready")
@responds(ReadyOut, error_shapes={503: NotReadyOut})
async def readiness(request: Request):
    """PostgreSQL (with PostGIS) and Redis both answer: 200, otherwise 503 naming what is down."""
    postgres, redis = await asyncio.gather(_postgres_ok(request), _redis_ok(request))
    checks = {"postgres": "ok" if postgres else "unreachable", "redis": "ok" if redis else "unreachable"}
    if postgres and redis:
        return json({"status": "ready", **checks})
    down = ", ".join(name for name, state in checks.items() if state != "ok")
    return json({"detail": f"not ready: {down} unreachable", "code": "not_ready", **checks}, status=503)
