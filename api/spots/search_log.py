"""Searches recorded for the unmet-demand map (analytics.search_events), without slowing the answer.

The search handlers carry `@recorded("search")` (GET /parking-spots) or `@recorded("viewport")`
(GET /parking-spots/in-bounds). After the handler has answered, from the cache or not, the wrapper
adds one count to this worker's buffer under (kind, UTC hour, query string, X-Total-Count): a dict
update, nothing parsed, no I/O. Every FLUSH_SECONDS a background task turns the buffer into one
INSERT per CHUNK rows (sql/analytics/search_log.sql: record_searches), which snaps each point to
0.01 degree, keeps the hour only and counts the free results (up to 3: about what the search itself
cost when it had few matches, a few index probes when it had many; nothing for a windowed search,
whose matches are all free); identical searches of an hour become one row with a count. What is
buffered never includes who searched: no user, no token, no IP address.

Recording never fails or delays a request: an error is logged (counts only, never a query string,
which holds the searched place) and the batch is dropped; so are searches beyond MAX_PENDING
distinct ones between two flushes. City searches (no point) and pages after the first are not
recorded: a search is the first page of one. The buffer of a stopping worker is written once more
(at most FINAL_FLUSH_SECONDS), before the pool closes.
"""
from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from datetime import datetime, timezone
from urllib.parse import parse_qs

import pydantic

from api.core.context import App, Request
from api.core.validation import rewrap
from api.spots.models import Bounds, SpotSearch

FLUSH_SECONDS = 10.0
FINAL_FLUSH_SECONDS = 5.0
MAX_PENDING = 20_000
CHUNK = 500  # rows per INSERT

log = logging.getLogger("parkingspots.search_log")
Key = tuple[str, int, str, str]  # kind, UTC hour (epoch seconds), query string, X-Total-Count


class SearchLog:
    """One worker's buffer of answered searches and the task that writes it."""

    def __init__(self, app: App):
        self.app = app
        self.pending: dict[Key, int] = {}
        self.dropped = 0
        self.task: asyncio.Task | None = None

    def add(self, kind: str, query_string: str, total: str) -> None:
        key = (kind, int(time.time()) // 3600 * 3600, query_string, total)
        count = self.pending.get(key)
        if count is not None:
            self.pending[key] = count + 1
        elif len(self.pending) < MAX_PENDING:
            self.pending[key] = 1
        else:
            self.dropped += 1

    def start(self) -> None:
        self.task = asyncio.get_running_loop().create_task(self._run())
        self.app.ctx.tasks.append(self.task)  # cancelled when the server stops (api/core/context.py)

    async def _run(self) -> None:
        try:
            while True:
                await asyncio.sleep(FLUSH_SECONDS)
                await self.flush()
        except asyncio.CancelledError:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self.flush(), FINAL_FLUSH_SECONDS)
            raise
        finally:
            if _logs.get(id(self.app)) is self:
                del _logs[id(self.app)]

    async def flush(self) -> int:
        """Write what is buffered; returns how many rows were written (0 on failure, logged)."""
        pending, self.pending = self.pending, {}
        dropped, self.dropped = self.dropped, 0
        if dropped:
            log.warning("search log full: %d searches not recorded", dropped)
        rows = [row for key, count in pending.items() if (row := search_row(*key, count)) is not None]
        written = 0
        for start in range(0, len(rows), CHUNK):  # a connection is held for one chunk at a time
            chunk = rows[start:start + CHUNK]
            try:
                async with self.app.ctx.pool.acquire() as conn:
                    await self.app.ctx.queries.analytics.record_searches(conn, batch=chunk)
                written += len(chunk)
            except Exception as exc:  # a lost batch of statistics must never fail anything
                log.warning("search log: %d searches not recorded (%s)", sum(r["searches"] for r in chunk),
                            type(exc).__name__)
        return written


def search_row(kind: str, hour: int, query_string: str, total: str, count: int) -> dict | None:
    """The batch element of record_searches for one buffered search, or None when it is not one to
    record (no point, a later page, a viewport across the antimeridian; record_searches leaves out
    viewports wider than a 50 km radius)."""
    args = parse_qs(query_string, keep_blank_values=True)
    if any(len(values) > 1 for values in args.values()):
        return None
    raw = {key: values[0] for key, values in args.items()}
    row = {"searched_at": datetime.fromtimestamp(hour, timezone.utc), "kind": kind,
           "results": int(total) if total.isdigit() else None, "searches": count}
    try:
        if kind == "search":
            query = SpotSearch.model_validate(raw)
            if query.latitude is None or query.page != 1:
                return None
            return row | {"lat": query.latitude, "lon": query.longitude, "radius_m": query.radius_km * 1000,
                          "filters": query.filters()}
        box = Bounds.model_validate(raw)
    except pydantic.ValidationError:
        return None
    if box.min_lon > box.max_lon:
        return None
    return row | {"min_lat": box.min_lat, "min_lon": box.min_lon, "max_lat": box.max_lat, "max_lon": box.max_lon}


# The log of each running app, by id (a Sanic app cannot be weakly referenced, and app.ctx holds
# only what AppContext declares): made on the app's first search, removed when its task stops.
_logs: dict[int, SearchLog] = {}


def search_log(app: App) -> SearchLog:
    """This worker's log, started on its first search."""
    found = _logs.get(id(app))
    if found is None or found.app is not app:
        found = _logs[id(app)] = SearchLog(app)
        found.start()
    return found


async def flush(app: App) -> int:
    """Write the app's buffered searches now (tests; the task does it every FLUSH_SECONDS)."""
    return await search_log(app).flush()


def recorded(kind: str):
    """Decorator of a search handler: count each successful answer in the worker's search log."""
    def decorator(handler):
        async def wrapper(request: Request, *args, **kwargs):
            response = await handler(request, *args, **kwargs)
            try:
                if response.status == 200:
                    search_log(request.app).add(kind, request.query_string,
                                                response.headers.get("X-Total-Count", ""))
            except Exception:  # never fail an answer that is ready
                log.exception("search log: a search could not be counted")
            return response
        return rewrap(handler, wrapper)
    return decorator
