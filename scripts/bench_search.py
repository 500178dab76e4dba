"""Benchmark: the product's radius search (PostGIS, GiST KNN) against the seed's Haversine scan.

    .venv/bin/python -m scripts.bench_search [--spots 1000000] [--searches 500] [--haversine-searches 30]

Uses its own persistent cluster (.data/bench-pg, port 54349, database parkingspots): started if
stopped, migrated, and loaded with --spots demo spots (no bookings) only while it has no users, so
later runs reuse the data (delete .data/bench-pg to reload). Search points are seeded random points
near the demo's US city centres. On ONE asyncpg connection it times the app's own
`search_spots_nearest` (2 km, no filters, top 20) over all the points twice -- the first pass may
read pages from the OS cache or disk (the heap is far larger than shared_buffers), the second,
judged, finds them in shared_buffers -- then the seed's Haversine scan (scripts/bench_search.sql)
for the first --haversine-searches of the same points. It prints median and p99 of each, the ratio
of the medians against DESIGN's target (>= 250 x), and whether both methods find the same first 10
spots. Times are wall-clock as the client sees them: on a shared machine, note the load average.
"""
from __future__ import annotations

import argparse
import asyncio
import math
import os
import random
import statistics
import sys
import time
from pathlib import Path

import aiosql
import asyncpg
import orjson

from api.core.db import load_queries
from scripts import bench_summary, demo_city, local_services
from scripts.demo_data import database_has_users, format_summary, load_demo
from scripts.migrate import migrate

BENCH_PG = local_services.DATA_DIR / "bench-pg"
BENCH_PG_PORT = 54349
BENCH_QUERIES = aiosql.from_path(Path(__file__).with_name("bench_search.sql"), "asyncpg")
RADIUS_M = 2000
LIMIT = 20
COMPARED_IDS = 10
TARGET_RATIO = 250
NO_FILTERS = {"filters": "{}"}  # spot_matches' JSON filters, none set (this connection has no JSON codec)


async def prepare_database(spots: int = 1_000_000) -> str:
    """Start and migrate the bench cluster, load it once (when it has no users), read its spots into
    shared_buffers; return its URL."""
    url = local_services.start_postgres(BENCH_PG, BENCH_PG_PORT, "parkingspots")
    migrate(url)
    loading = not await database_has_users(url)
    if loading:
        print(f"loading {spots:,} demo spots into the bench cluster (about a minute per million)...")
        print(format_summary(await load_demo(url, spots=spots, bookings=False)))
    conn = await asyncpg.connect(url)
    try:
        if loading:
            await BENCH_QUERIES.analyze_spots(conn)
        await BENCH_QUERIES.warm_spots(conn)
    finally:
        await conn.close()
    return url


def search_points(count: int, seed: int = 2024) -> list[tuple[float, float]]:
    """(lon, lat) points, uniform over the inner half of each demo city's radius, cities by weight."""
    rng = random.Random(seed)
    weights = [c.weight for c in demo_city.US_CITIES]
    points = []
    for _ in range(count):
        c = rng.choices(demo_city.US_CITIES, weights=weights)[0]
        km, angle = c.radius_km / 2 * math.sqrt(rng.random()), rng.uniform(0, 2 * math.pi)
        lat = c.lat + km / 111.32 * math.cos(angle)
        lon = c.lon + km / (111.32 * math.cos(math.radians(c.lat))) * math.sin(angle)
        points.append((round(lon, 6), round(lat, 6)))
    return points


def percentile(values: list[float], pct: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[pct - 1]


async def timed(search, points) -> tuple[list[float], list[list]]:
    """Milliseconds per search (sequential, one connection) and the ids each search found."""
    times, found = [], []
    for lon, lat in points:
        started = time.perf_counter()
        ids = await search(lon, lat)
        times.append((time.perf_counter() - started) * 1000)
        found.append(ids)
    return times, found


async def run(args) -> int:
    url = await prepare_database(args.spots)
    queries = load_queries()
    measured = search_points(args.searches)

    async def postgis(lon, lat):
        answer = await queries.spots.search_spots_nearest(conn, lon=lon, lat=lat, radius_m=RADIUS_M, lim=LIMIT,
                                                          off=0, **NO_FILTERS)
        return [item["id"] for item in orjson.loads(answer["body"])]  # the page as JSON bytes

    async def haversine(lon, lat):
        rows = BENCH_QUERIES.haversine_nearest(conn, lon=lon, lat=lat, radius_km=RADIUS_M / 1000, lim=LIMIT)
        return [str(row["id"]) async for row in rows]

    load_before = os.getloadavg()
    conn = await asyncpg.connect(url)
    try:
        total = await BENCH_QUERIES.count_spots(conn)
        await queries.core.warm_up_postgis(conn)  # the first PostGIS call on a connection is slow
        first_ms, _ = await timed(postgis, measured)  # pages may come from the OS cache (or disk)
        pg_ms, pg_ids = await timed(postgis, measured)  # the same points again: judged
        await timed(haversine, measured[-1:])  # untimed: plans it, JIT-compiles it
        hv_ms, hv_ids = await timed(haversine, measured[:args.haversine_searches])
    finally:
        await conn.close()
    load_after = os.getloadavg()

    ratio = statistics.median(hv_ms) / statistics.median(pg_ms)
    print(f"\nradius search, {RADIUS_M / 1000:g} km, top {LIMIT}, no filters; {total:,} spots in parking_spots")
    print(f"machine: {os.cpu_count()} cores, load average {load_before[0]:.2f} before / "
          f"{load_after[0]:.2f} after (shared: other processes may be busy)\n")
    print(f"{'method':<50}{'runs':>6}{'median ms':>11}{'p99 ms':>10}")
    for name, times in (("PostGIS KNN, first pass over the points", first_ms),
                        ("PostGIS KNN, second pass (judged)", pg_ms),
                        ("Haversine scan (original stack, bench_search.sql)", hv_ms)):
        print(f"{name:<50}{len(times):>6}{statistics.median(times):>11.2f}{percentile(times, 99):>10.2f}")
    verdict = "met" if ratio >= TARGET_RATIO else f"MISSED (by {TARGET_RATIO / ratio:.2f} x)"
    print(f"\nratio haversine / postgis (medians): {ratio:,.0f} x   target >= {TARGET_RATIO} x: {verdict}")

    bench_summary.write(args, {"postgis_median_ms": statistics.median(pg_ms), "postgis_p99_ms": percentile(pg_ms, 99),
                               "haversine_median_ms": statistics.median(hv_ms), "ratio": ratio,
                               "load_average_before": load_before[0]})
    compared = min(args.compare, len(hv_ids))
    mismatches = []
    for i in range(compared):
        a, b = pg_ids[i][:COMPARED_IDS], hv_ids[i][:COMPARED_IDS]
        if a != b:
            differ = len(set(a) - set(b))
            mismatches.append(f"  point {measured[i]}: " + (f"{differ} of {COMPARED_IDS} ids differ" if differ
                                                             else "same ids, order differs"))
    print(f"same first {COMPARED_IDS} ids (PostGIS vs Haversine): {compared - len(mismatches)}/{compared} points"
          + ("" if not mismatches else "; mismatches (ellipsoid vs sphere at the tail?):"))
    for line in mismatches:
        print(line)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--spots", type=int, default=1_000_000, help="spots to load into an empty bench cluster")
    parser.add_argument("--searches", type=int, default=500,
                        help="search points, each searched twice by PostGIS (default 500)")
    parser.add_argument("--haversine-searches", type=int, default=30, help="timed Haversine scans (default 30)")
    bench_summary.argument(parser)
    parser.add_argument("--compare", type=int, default=10, help="points whose results are compared (default 10)")
    args = parser.parse_args(argv)
    if args.haversine_searches > args.searches:
        parser.error("--haversine-searches cannot exceed --searches (they reuse the same points)")
    return asyncio.run(run(args))


if __name__ == "__main__":
    sys.exit(main())
