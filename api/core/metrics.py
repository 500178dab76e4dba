"""GET /metrics: the service's metrics in Prometheus text format (version 0.0.4), summed over the
workers (api/core/prometheus.py says how; docs/metrics.md lists the metrics and a scrape config).

Operators only: with METRICS_TOKEN set, the caller must send it as a bearer token; without it,
only clients on this machine (loopback) are answered, anyone else is told there is nothing here.
"""
from __future__ import annotations

import asyncio
import hmac
import ipaddress
from pathlib import Path

import pydantic
from prometheus_client import CONTENT_TYPE_PLAIN_0_0_4, generate_latest
from sanic import Blueprint, Sanic
from sanic.response import raw

from api.core import prometheus
from api.core.context import App, Request
from api.core.errors import NotAuthenticated, NotFound
from api.core.headers import bearer_token, client_ip
from api.core.openapi import responds
from api.core.prometheus_db import read_database, record_pool
from api.core.prometheus_http import setup_http_metrics

bp = Blueprint("metrics", url_prefix="/metrics")
FLUSH_SECONDS = 1.0  # how often each worker adds its batched counts and its pool's figures
# The document's key: the conformance check (and most OpenAPI tools) match the bare media type;
# the version parameter is in the answer's description and its Content-Type.
MEDIA_TYPE = "text/plain"


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


class MetricsText(pydantic.RootModel[str]):
    """Prometheus text exposition format, version 0.0.4: a `# HELP` and a `# TYPE` line per metric
    family, then a line per sample (docs/metrics.md lists the families)."""
    model_config = pydantic.ConfigDict(json_schema_extra={"examples": [(
        "# HELP parkingspots_cache_requests_total Read-through cache lookups, by cache and result (hit, miss).\n"
        "# TYPE parkingspots_cache_requests_total counter\n"
        'parkingspots_cache_requests_total{cache="search",result="hit"} 120.0\n'
        'parkingspots_cache_requests_total{cache="search",result="miss"} 8.0\n')]})


@bp.get("/")
@responds(MetricsText, errors=(401, 404), media_type=MEDIA_TYPE,
          description="The metrics in Prometheus text format 0.0.4 (Content-Type: text/plain; version=0.0.4; charset=utf-8).")
async def metrics(request: Request):
    """Prometheus metrics of every worker: requests and latency per route, cache hits and misses,
    database pools, WebSocket connections and messages, Stripe calls, pg_cron job runs, the Stripe
    outbox's backlog — for operators (METRICS_TOKEN, or loopback)."""
    ensure_operator(request)
    app = request.app
    record_pool(app.ctx.pool)
    database = await read_database(app.ctx.pool, app.ctx.queries)
    body = generate_latest(prometheus.scrape_registry(database))
    return raw(body, content_type=CONTENT_TYPE_PLAIN_0_0_4)


def setup_metrics(app: Sanic) -> None:
    """Count every HTTP answer; in the main process, make the workers' shared metrics directory
    before they start and remove it after they stop; in each worker, every second add its batched
    counts and its pool's figures, and when it stops add its last counts and take its live gauges
    out of the sums."""
    setup_http_metrics(app)
    made: list[Path] = []

    @app.main_process_start
    async def make_metrics_directory(app: App) -> None:
        made.append(prometheus.make_directory())

    @app.main_process_stop
    async def remove_metrics_directory(app: App) -> None:
        for directory in made:
            prometheus.remove_directory(directory)

    @app.before_server_start
    async def keep_current(app: App) -> None:
        async def every_second() -> None:
            while True:
                record_pool(app.ctx.pool)
                prometheus.flush()
                await asyncio.sleep(FLUSH_SECONDS)

        app.ctx.tasks.append(asyncio.get_running_loop().create_task(every_second()))

    @app.after_server_stop
    async def worker_stopped(app: App) -> None:
        prometheus.worker_stopped()
