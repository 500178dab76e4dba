"""GET /metrics: cache hit/miss counts across workers (each worker adds its counts every 2 s)."""
from __future__ import annotations

from sanic import Blueprint
from sanic.response import json

from api.core.context import Request

bp = Blueprint("metrics", url_prefix="/metrics")


@bp.get("/")
async def metrics(request: Request):
    """{"cache": {"search": {"hit": n, "miss": n}, "spot": {...}}}"""
    return json({"cache": await request.app.ctx.cache.totals()})
