"""Liveness and readiness probes."""
from __future__ import annotations

import asyncio
from typing import Literal

from pydantic import Field
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


class ReplicaOut(Shape):
    name: str = Field(description="host:port/database")
    state: Literal["starting", "ok", "lagging", "down", "promoted"] = Field(
        description="ok: reads may go to it; lagging: beyond REPLICA_MAX_LAG_SECONDS; promoted: follows no primary")
    lag_seconds: float | None = Field(description="How long ago the primary first flushed WAL it has not replayed")
    lag_bytes: int | None = Field(description="WAL bytes it has not replayed")


Replicas = Field(default_factory=list, description="Each streaming replica as this worker sees it (only with "
                                                   "DATABASE_REPLICA_URLS); the primary serves reads when none is ok")


class ReadyOut(Shape):
    model_config = example(status="ready", postgres="ok", redis="ok")
    status: Literal["ready"]
    postgres: Check
    redis: Check
    replicas: list[ReplicaOut] = Replicas


class NotReadyOut(Shape):
    model_config = example(detail="not ready: redis unreachable", code="not_ready", postgres="ok", redis="unreachable")
    detail: str
    code: Literal["not_ready"]
    postgres: Check
    redis: Check
    replicas: list[ReplicaOut] = Replicas


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
    """PostgreSQL (with PostGIS) and Redis both answer: 200, otherwise 503 naming what is down. With
    streaming replicas, each one's state and lag (a replica down or lagging is not a reason to refuse
    traffic: the primary serves its reads)."""
    postgres, redis = await asyncio.gather(_postgres_ok(request), _redis_ok(request))
    checks = {"postgres": "ok" if postgres else "unreachable", "redis": "ok" if redis else "unreachable"}
    replicas = request.app.ctx.replicas
    shown = {"replicas": replicas.describe()} if replicas is not None else {}
    if postgres and redis:
        return json({"status": "ready", **checks, **shown})
    down = ", ".join(name for name, state in checks.items() if state != "ok")
    return json({"detail": f"not ready: {down} unreachable", "code": "not_ready", **checks, **shown}, status=503)
