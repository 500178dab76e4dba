"""Benchmark: the database pool's size, by the uncached search (issue 15: "the pool sized from
measurements").

    .venv/bin/python -m scripts.bench_pool [--sizes 4 10 20] [--workers 2] [--seconds 10] [--rounds 3]

One product server per pool size (DB_POOL_MIN = DB_POOL_MAX = size per worker, so every connection
is open before the first run), all up at once on the bench cluster and Redis of scripts/bench_http.py;
each round runs wrk's uncached search (a random point per request, random_points.lua, 64
connections) against every size in turn, so a load that comes and goes on the machine falls on all
of them alike. Between runs it waits for the search log's flush (api/spots/search_log.py: every 10 s,
about 2 ms of PostgreSQL per distinct search), so one size's flush is not charged to the next run. Prints each size's median req/s, p99 and the CPU per request of the workers and of
PostgreSQL, and each size's req/s as a ratio of the default size's in the same round.
"""
from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from contextlib import ExitStack

from api.spots.search_log import FLUSH_SECONDS
from scripts import bench_http, local_services
from scripts.bench_http import CITIES, SEARCH, Server
from scripts.bench_search import prepare_database

DEFAULT_SIZE = 10  # api/core/settings.py: DB_POOL_MAX


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.bench_pool", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[4, DEFAULT_SIZE, 20])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    sizes = sorted(set(args.sizes) | {DEFAULT_SIZE})
    database_url = asyncio.run(prepare_database())
    redis_url = local_services.start_redis(bench_http.BENCH_REDIS, bench_http.BENCH_REDIS_PORT)
    logs = local_services.DATA_DIR / "bench-pool"
    logs.mkdir(parents=True, exist_ok=True)
    results: dict[int, list[dict]] = {size: [] for size in sizes}
    with ExitStack() as stack:
        servers = {size: stack.enter_context(Server(
            "sanic_app:create_app", args.workers,
            {"DATABASE_URL": database_url, "REDIS_URL": redis_url, "ENVIRONMENT": "development",
             "DB_POOL_MIN": str(size), "DB_POOL_MAX": str(size)}, logs / f"pool-{size}.log")) for size in sizes}
        warm_up = argparse.Namespace(**{**vars(args), "seconds": 3})
        for server in servers.values():
            bench_http.wrk(warm_up, server, "", (SEARCH.format(lat="%.6f", lon="%.6f"), "1", CITIES))
        for r in range(args.rounds):
            seed = int(time.time()) * 10 + r  # every size gets the same points in a round
            for size, server in servers.items():
                time.sleep(FLUSH_SECONDS + 1)
                got = bench_http.wrk(args, server, "", (SEARCH.format(lat="%.6f", lon="%.6f"), str(seed), CITIES))
                results[size].append(got)
                print(f"round {r + 1}: pool {size:>3} per worker: {got['rps']:>7,.0f} req/s, p99 "
                      f"{got['latency'][99]:6.1f} ms {'; '.join(got['problems'])}", flush=True)
    print(f"\nuncached search, {args.workers} workers, {args.connections} connections, median of {args.rounds} rounds")
    print(f"{'pool/worker':>11}{'req/s':>9}{'p99 ms':>8}{'app µs':>8}{'pg µs':>7}  req/s ÷ pool {DEFAULT_SIZE}")
    for size, runs in results.items():
        ratio = statistics.median(run["rps"] / base["rps"] for run, base in zip(runs, results[DEFAULT_SIZE]))
        print(f"{size:>11}{statistics.median(r['rps'] for r in runs):>9,.0f}"
              f"{statistics.median(r['latency'][99] for r in runs):>8.1f}"
              f"{statistics.median(r['cpu_us']['workers'] for r in runs):>8.0f}"
              f"{statistics.median(r['cpu_us']['postgres'] for r in runs):>7.0f}  {ratio:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
