"""Benchmark: map tiles per second, the product's GET /api/v1/tiles/{z}/{x}/{y}.mvt cached and
uncached against a bare ST_AsMVT endpoint (scripts/bench_tiles_ceiling.py, as pg_tileserv or Martin
serve PostGIS tiles) in the same run.

    .venv/bin/python -m scripts.bench_tiles [--workers 2] [--seconds 10] [--connections 64] [--rounds 3]

Data: the bench cluster of scripts/bench_search.py (.data/bench-pg, 1M spots) when it has been made
(started if stopped), else the demo city of `make run` (scripts.local_services: .data/pg, started if needed);
Redis: the private one of local_services. Needs wrk. Per round, wrk (2 threads) runs:
  bare      the ceiling, every street tile (--zooms, 16-20) over the box holding the middle 80 % of
            the spots, each asked once in turn (scripts/bench_tiles.lua)
  uncached  the product, the same tiles after the tile generation was bumped: each built by
            PostgreSQL and, asked once, not stored (a tile is stored at its second miss); the share
            of misses, from /metrics, is printed. Each round starts ROUND_TILES further along, so
            no tile is asked in two rounds.
  cached    the product, zoom-16 tiles of a 0.01-degree square (a few tiles, all hits after the second ask)
  clusters  the product, the tiles of zoom 8-14 over the box, uncached at first (clusters; context
            only, the ceiling has no clusters)
and prints the median round of each, the ratios uncached / bare (target >= 0.8) and cached / bare,
and the machine's load average before the run. Everything shares the cores with wrk.
"""
from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import tempfile
from pathlib import Path

import aiosql
import psycopg
import redis

from api.spots import tiles_cache
from scripts import bench_summary, local_services
from scripts.bench_search import BENCH_PG, BENCH_PG_PORT

ROOT = Path(__file__).resolve().parent.parent
LUA = Path(__file__).with_name("bench_tiles.lua")
QUERIES = aiosql.from_path(Path(__file__).with_name("bench_tiles.sql"), "psycopg")
PRODUCT_PATH, CEILING_PATH = "/api/v1/tiles/%d/%d/%d.mvt", "/tiles/%d/%d/%d"
TARGET = 0.8
ROUND_TILES = 10_000_000  # more than a round asks: a tile asked again would be a second miss (stored)


def database_url() -> str:
    """The 1M-spot bench cluster when it has been made (started if stopped), else the demo database."""
    if os.environ.get("DATABASE_URL"):
        return os.environ["DATABASE_URL"]
    if (BENCH_PG / "PG_VERSION").exists():
        return local_services.start_postgres(BENCH_PG, BENCH_PG_PORT, local_services.APP_DB)
    return local_services.start_postgres(local_services.pg_data_dir(), local_services.PG_PORT)


def wrk(args, url: str, path: str, box: str, zooms: tuple[int, int], start: int = 0) -> dict:
    """wrk through the tiles of zooms over box, from the start-th."""
    out = subprocess.run(["wrk", "-t2", f"-c{args.connections}", f"-d{args.seconds}s", "--latency", "--timeout", "5s",
                          "-s", str(LUA), url, "--", path, box, str(zooms[0]), str(zooms[1]), str(start)],
                         capture_output=True, text=True, check=True).stdout
    return {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
            "p99": _ms(re.search(r"^\s+99%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)),
            "problems": [m.group(0) for m in re.finditer(r"(Non-2xx or 3xx responses|Socket errors):.*", out)]}


def _ms(match) -> float:
    return float(match.group(1)) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[match.group(2)] if match else float("nan")


def drop_tiles(redis_url: str) -> None:
    """Every cached tile stale (what a listener reconnect does), so each tile is built once."""
    client = redis.Redis.from_url(redis_url)
    with client.pipeline(transaction=False) as pipe:
        for key in tiles_cache.GENERATIONS:
            pipe.incr(key)
        pipe.execute()
    client.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.bench_tiles", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--zooms", default="16-20",
                        help="street zooms asked in the bare and uncached runs (default 16-20: on the demo "
                             "city ~50,000 distinct tiles, so a 10 s run asks each once)")
    bench_summary.argument(parser)
    args = parser.parse_args(argv)
    street = tuple(int(z) for z in args.zooms.split("-"))
    from scripts.bench_http import Server, cache_counts  # after --help: it reads the bench settings

    load = os.getloadavg()
    db_url = database_url()
    redis_url = os.environ.get("REDIS_URL") or local_services.start_redis(local_services.DATA_DIR / "redis",
                                                                          local_services.REDIS_PORT)
    with psycopg.connect(db_url) as conn:
        box = QUERIES.spots_box(conn)
    min_lat, max_lat, min_lon, max_lon, spots = box
    mid_lat, mid_lon = (min_lat + max_lat) / 2, (min_lon + max_lon) / 2
    wide = f"{min_lat},{max_lat},{min_lon},{max_lon}"
    small = f"{mid_lat - 0.005},{mid_lat + 0.005},{mid_lon - 0.005},{mid_lon + 0.005}"
    print(f"{spots} listed spots ({db_url.rsplit('@', 1)[-1]}); box {wide}; load average before: "
          f"{load[0]:.2f} {load[1]:.2f} {load[2]:.2f} on {os.cpu_count()} cores", flush=True)
    logs = Path(tempfile.mkdtemp(prefix="bench-tiles-"))
    env = {"DATABASE_URL": db_url, "REDIS_URL": redis_url, "ENVIRONMENT": "development", "PYTHONPATH": str(ROOT)}
    results: dict[str, list[dict]] = {"bare": [], "uncached": [], "cached": [], "clusters": []}
    misses = []
    with Server("scripts.bench_tiles_ceiling:create_app", args.workers, env, logs / "ceiling.log") as ceiling, \
            Server("sanic_app:create_app", args.workers, env, logs / "product.log") as product:
        for round_no in range(args.rounds):
            start = round_no * ROUND_TILES  # each round asks tiles no earlier round asked
            results["bare"].append(wrk(args, ceiling.url, CEILING_PATH, wide, street, start))
            drop_tiles(redis_url)
            before = cache_counts(product.url, "tiles")
            results["uncached"].append(wrk(args, product.url, PRODUCT_PATH, wide, street, start))
            after = cache_counts(product.url, "tiles")
            total = sum(after.values()) - sum(before.values())
            misses.append((after["miss"] - before["miss"]) / total if total else 0.0)
            results["cached"].append(wrk(args, product.url, PRODUCT_PATH, small, (16, 16)))
            drop_tiles(redis_url)
            results["clusters"].append(wrk(args, product.url, PRODUCT_PATH, wide, (8, 14)))
            print(f"round {round_no + 1}/{args.rounds}: " + ", ".join(
                f"{name} {runs[-1]['rps']:.0f}/s" for name, runs in results.items()), flush=True)
    median = {name: statistics.median(run["rps"] for run in runs) for name, runs in results.items()}
    p99 = {name: statistics.median(run["p99"] for run in runs) for name, runs in results.items()}
    print(f"\nmedian of {args.rounds} rounds, {args.workers} workers, {args.connections} connections, "
          f"{args.seconds} s each:")
    for name in results:
        problems = sorted({p for run in results[name] for p in run["problems"]})
        print(f"  {name:9} {median[name]:9.0f} tiles/s   p99 {p99[name]:7.1f} ms  {'; '.join(problems)}")
    print(f"  uncached runs missed the cache on {statistics.median(misses):.0%} of requests")
    ratio = median["uncached"] / median["bare"]
    print(f"uncached / bare = {ratio:.2f} (target >= {TARGET}: {'met' if ratio >= TARGET else 'MISSED'})")
    print(f"cached / bare   = {median['cached'] / median['bare']:.2f}")
    print(f"load average after: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")
    bench_summary.write(args, {"tiles_per_s": median, "p99_ms": p99, "uncached_miss_share": statistics.median(misses),
                               "uncached_over_bare": ratio, "cached_over_bare": median["cached"] / median["bare"],
                               "spots": spots, "load_average_before": load[0]})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
