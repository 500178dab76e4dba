"""What recording searches for the unmet-demand map costs (api/spots/search_log.py), as ratios.

    python -m scripts.bench_search_log                          # the request path only, no database
    python -m scripts.bench_search_log --database-url URL       # and the database's part (demo data)

1. The request path: the @recorded wrapper around a handler that answers at once, against the bare
   handler, in microseconds per request (the wrapper adds one dict update; no parsing, no I/O).
2. The flush, per distinct search: parsing its query string once (search_row), and with
   --database-url the INSERT of record_searches (which counts free results), against the search's
   own SQL (search_spots_nearest, page of 20) for the same points, in the same run. Needs a
   database with spots (the demo: scripts/demo_data.py); the rows are written in a transaction
   that is rolled back, so nothing is left behind.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import random
import sys
import time
from datetime import datetime, timezone
from types import SimpleNamespace

from sanic.response import HTTPResponse

from api.core.db import load_queries, set_json_codecs
from api.spots import search_log
from api.spots.models import SpotSearch

QUERY = "latitude={lat:.6f}&longitude={lon:.6f}&radius_km={km}"


async def request_path(n: int) -> tuple[float, float]:
    async def handler(request):
        return HTTPResponse(b"[]", headers={"X-Total-Count": "12"})

    recorded = search_log.recorded("search")(handler)
    app = SimpleNamespace(ctx=SimpleNamespace(tasks=[]))
    request = SimpleNamespace(app=app, query_string=QUERY.format(lat=37.7955, lon=-122.3937, km=2))
    timings = []
    for call in (handler, recorded, handler, recorded):
        started = time.perf_counter()
        for _ in range(n):
            await call(request)
        timings.append((time.perf_counter() - started) / n * 1e6)
    for task in app.ctx.tasks:
        task.cancel()
    return min(timings[0::2]), min(timings[1::2])


def points(n: int, seed: int) -> list[str]:
    """Query strings of windowless searches around San Francisco (the demo city)."""
    rng = random.Random(seed)
    return [QUERY.format(lat=rng.uniform(37.72, 37.80), lon=rng.uniform(-122.50, -122.39), km=rng.choice((0.5, 1, 2, 5)))
            for _ in range(n)]


async def database_part(database_url: str, queries: list[str]) -> tuple[float, float]:
    import asyncpg

    sql = load_queries()
    conn = await asyncpg.connect(database_url)
    await set_json_codecs(conn)
    try:
        await sql.core.warm_up_postgis(conn)
        totals, started = [], time.perf_counter()
        for qs in queries:
            search = SpotSearch.model_validate(dict(part.split("=") for part in qs.split("&")))
            answer = await sql.spots.search_spots_nearest(
                conn, lon=search.longitude, lat=search.latitude, radius_m=search.radius_km * 1000,
                filters=search.filters(), lim=20, off=0)
            totals.append(str(answer["total"]))
        search_ms = (time.perf_counter() - started) / len(queries) * 1000
        hour = int(time.time()) // 3600 * 3600
        batch = [search_log.search_row("search", hour, qs, total, 1) for qs, total in zip(queries, totals)]
        transaction = conn.transaction()
        await transaction.start()
        try:
            started = time.perf_counter()
            for start in range(0, len(batch), search_log.CHUNK):
                await sql.analytics.record_searches(conn, batch=batch[start:start + search_log.CHUNK])
            record_ms = (time.perf_counter() - started) / len(batch) * 1000
        finally:
            await transaction.rollback()
    finally:
        await conn.close()
    return search_ms, record_ms


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"),
                        help="a database with spots, e.g. the demo (default: $DATABASE_URL; none: request path only)")
    parser.add_argument("--searches", type=int, default=500, help="distinct searches for the database part (default 500)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)

    bare, recorded = asyncio.run(request_path(100_000))
    print(f"request path: bare handler {bare:.2f} us, with @recorded {recorded:.2f} us: "
          f"+{recorded - bare:.2f} us per request")
    queries = points(args.searches, args.seed)
    hour = int(time.time()) // 3600 * 3600
    started = time.perf_counter()
    for qs in queries:
        search_log.search_row("search", hour, qs, "12", 1)
    print(f"flush, in the worker: {(time.perf_counter() - started) / len(queries) * 1e6:.1f} us per distinct search "
          f"(parsing its query string once)")
    if args.database_url:
        search_ms, record_ms = asyncio.run(database_part(args.database_url, queries))
        print(f"flush, in the database: {record_ms:.2f} ms per distinct search, against {search_ms:.2f} ms for the "
              f"search's own SQL: ratio {record_ms / search_ms:.2f} "
              f"({len(queries)} windowless searches, {datetime.now(timezone.utc):%Y-%m-%d})")
        print("  a cached search (same query string) adds nothing to the database: one row per hour with a count")
    else:
        print("flush, in the database: skipped (no --database-url)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
