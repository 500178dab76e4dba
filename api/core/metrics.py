"""GET /metrics: cache hit/miss counts across workers (each worker adds its counts every 2 s).

Operators only: with METRICS_TOKEN set, the caller must send it as a bearer token; without it,
only clients on this machine (loopback) are answered, anyone else is told there is nothing here.
"""
from __future__ import annotations

import hmac
import ipaddress

from sanic import Blueprint
from sanic.response import json

from api.core.context import Request
from api.core.errors import NotAuthenticated, NotFound
from api.core.headers import bearer_token, client_ip
from api.core.openapi import responds
from api.core.shapes import Shape, example

bp = Blueprint("metrics", url_prefix="/metrics")


def _from_loopback(request: Request) -> bool:
    try:
        return ipaddress.ip_address(client_ip(request)).is_loopback
    except ValueError:
        return False


def ensure_operator(request: Request) -> None:
    token = request.app.ctx.settings.metrics_token
    if token:
        if not hmac.compare_digest((bearer_token(request) or "").encode(), token.encode()):
            raise NotAuthenticated("metrics need the METRICS_TOKEN bearer token")
    elif not _from_loopback(request):
        raise NotFound(f"Requested URL {request.path} not found")


class Outcomes(Shape):
    hit: int
    miss: int


class MetricsOut(Shape):
    model_config = example(cache={"search": {"hit": 120, "miss": 8}, "spot": {"hit": 40, "miss": 3}})
    cache: dict[str, Outcomes]


@bp.get("/")
@responds(MetricsOut, errors=(401, 404))
async def metrics(request: Request):
    """{"cache": {"search": {"hit": n, "miss": n}, "spot": {...}}} — for operators (METRICS_TOKEN, or loopback)."""
    ensure_operator(request)
    return json({"cache": await request.app.ctx.cache.totals()})
