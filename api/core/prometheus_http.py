"""HTTP metrics: every answer counted by route pattern, method and status, and timed per route.

The route is the pattern the router matched (/api/v1/parking-spots/{spot_id}, as in the OpenAPI
document), never the path asked for, so ids do not make a series each; a path no route matches is
`unmatched` (404, 405). Methods outside the standard ones are `other`. WebSocket routes are counted
by the realtime metrics instead. The clock starts in the first request middleware and stops in the
response middleware, which Sanic runs for error answers too. Both are batched (BatchedCounter):
another worker's answers reach /metrics within a second.
"""
from __future__ import annotations

from time import perf_counter

from sanic import Sanic

from api.core.prometheus import HTTP_DURATION, HTTP_REQUESTS, route_pattern

UNMATCHED = "unmatched"
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
_patterns: dict[str, str] = {}


def route_label(request) -> str | None:
    """The matched route's pattern, `unmatched`, or None for a WebSocket route."""
    route = request.route
    if route is None:
        return UNMATCHED
    if route.extra.websocket:
        return None
    pattern = _patterns.get(route.path)
    if pattern is None:
        pattern = _patterns[route.path] = route_pattern(route.path)
    return pattern


def setup_http_metrics(app: Sanic) -> None:
    @app.on_request(priority=1000)  # before every other request middleware
    async def start_clock(request) -> None:
        request.ctx.metrics_started = perf_counter()

    @app.on_response(priority=-1000)  # after every other response middleware
    async def count_answer(request, response) -> None:
        started = getattr(request.ctx, "metrics_started", None)
        route = route_label(request)
        if route is None or response is None:
            return
        method = request.method if request.method in METHODS else "other"
        HTTP_REQUESTS.add(route, method, str(response.status))
        if started is not None:
            HTTP_DURATION.observe((route, method), perf_counter() - started)
