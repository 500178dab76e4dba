"""Benchmark: cache stampedes on one hot search key, with single flight off and on in the same run.

    .venv/bin/python -m scripts.bench_stampede [--seconds 10] [--connections 64] [--interval-ms 250]
                                               [--workers 2] [--rounds 1] [--spots 50000] [--only steady|off|on]

Needs wrk (as root: apt-get install -y wrk). Starts its own PostgreSQL cluster (.data/bench-stampede-pg,
loaded once with --spots demo spots) and Redis (.data/bench-stampede-redis), both stopped at the end.
Per round and mode (steady: the entry never goes, the ceiling; off; on) it starts the API (`sanic
sanic_app:create_app --factory`, --workers workers, CACHE_SINGLE_FLIGHT=0 for "off", else 1), stores the hot search answer, then runs wrk with
--connections clients on that one URL while the hot entry goes every --interval-ms: alternately its
key is deleted (as when its TTL runs out) and the search version is bumped (as a write does). It
prints, from /metrics, the misses (each one a computation: a query to PostgreSQL) per expiry, the
waits (served: answered another request's bytes; claimed: took a key over; timeout), and wrk's
req/s and latency percentiles. Everything shares the machine's cores with wrk; the load average
at the start is printed.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
import urllib.request

import redis
from prometheus_client.parser import text_string_to_metric_families

from api.core.cache import SEARCH_VERSION
from scripts import bench_summary, demo_city, local_services
from scripts.bench_http import UNITS_MS, Server
from scripts.demo_data import database_has_users, load_demo
from scripts.migrate import migrate

DATA = local_services.DATA_DIR
PG_DIR, REDIS_DIR, LOGS = DATA / "bench-stampede-pg", DATA / "bench-stampede-redis", DATA / "bench-stampede"
CITY = demo_city.US_CITIES[0]
MODES = ("steady", "off", "on")  # no expiries (single flight on): the ceiling; then expiries without and with it
HOT = f"/api/v1/parking-spots?latitude={CITY.lat}&longitude={CITY.lon}&radius_km=2"


async def prepare_database(spots: int) -> str:
    url = local_services.start_postgres(PG_DIR, local_services.free_port(), "parkingspots", throwaway=True)
    migrate(url)
    if not await database_has_users(url):
        print(f"loading {spots:,} demo spots (once)...", flush=True)
        await load_demo(url, spots=spots, bookings=False)
    return url


def counts(server: Server) -> dict:
    """Search cache misses and waits summed over the workers (/metrics)."""
    time.sleep(1.5)  # each worker adds its batched counts every second
    with urllib.request.urlopen(server.url + "/metrics", timeout=5) as answer:
        text = answer.read().decode()
    found = {"hit": 0, "miss": 0, "served": 0, "claimed": 0, "timeout": 0}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if sample.labels.get("cache") == "search" and sample.name in (
                    "parkingspots_cache_requests_total", "parkingspots_cache_waits_total"):
                found[sample.labels["result"]] += int(sample.value)
    return found


class Expirer(threading.Thread):
    """Every interval the hot entry goes: its key deleted (a TTL running out) or the version bumped."""

    def __init__(self, client: redis.Redis, entry_key: str, interval: float):
        super().__init__(daemon=True)
        self.client, self.entry_key, self.interval = client, entry_key, interval
        self.stop, self.expiries = threading.Event(), 0

    def run(self) -> None:
        while not self.stop.wait(self.interval):
            if self.expiries % 2:
                self.client.incr(SEARCH_VERSION)
            else:
                self.client.delete(self.entry_key)
            self.expiries += 1


def wrk(args, url: str) -> dict:
    out = subprocess.run(["wrk", "-t2", f"-c{args.connections}", f"-d{args.seconds}s", "--latency",
                          "--timeout", "5s", url], capture_output=True, text=True, check=True).stdout
    return {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
            "latency": {int(p): float(v) * UNITS_MS[unit]
                        for p, v, unit in re.findall(r"^\s+(\d+)%\s+([\d.]+)(us|ms|s)\s*$", out, re.MULTILINE)},
            "errors": [m.group(0) for m in re.finditer(r"(Non-2xx or 3xx responses|Socket errors):.*", out)]}


def one_run(args, env: dict, client: redis.Redis, mode: str) -> dict:
    log = LOGS / f"api-{mode}.log"
    with Server("sanic_app:create_app", args.workers, {**env, "CACHE_SINGLE_FLIGHT": "0" if mode == "off" else "1"},
                log) as server:
        for _ in range(3):
            urllib.request.urlopen(server.url + HOT, timeout=10).read()
        entry_keys = client.keys("cache:search:*")
        assert len(entry_keys) == 1, entry_keys
        wrk(argparse.Namespace(**{**vars(args), "seconds": 2}), server.url + HOT)  # warm-up: full pools
        before = counts(server)
        expirer = Expirer(client, entry_keys[0].decode(), args.interval_ms / 1000)
        if mode != "steady":
            expirer.start()
        got = wrk(args, server.url + HOT)
        expirer.stop.set()
        if mode != "steady":
            expirer.join()
        after = counts(server)
    got.update({name: after[name] - before[name] for name in after}, expiries=expirer.expiries)
    got["per_expiry"] = got["miss"] / max(expirer.expiries, 1)
    return got


def line(mode: str, got: dict) -> None:
    lat = got["latency"]
    print(f"{mode:<7}{got['expiries']:>9}{got['miss']:>8,}{got['per_expiry']:>9.1f}{got['served']:>9,}"
          f"{got['claimed']:>8,}{got['timeout']:>8,}{got['rps']:>9,.0f}{lat[50]:>7.2f}{lat[90]:>7.2f}"
          f"{lat[99]:>7.1f}  {'; '.join(got['errors'])}", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=10, help="wrk run per mode (default 10)")
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--interval-ms", type=int, default=250, help="the hot entry goes this often (default 250)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=1, help="steady, off and on, this many times (default 1)")
    parser.add_argument("--spots", type=int, default=50_000, help="demo spots in the bench database (first run)")
    parser.add_argument("--only", choices=MODES, help="one mode only")
    bench_summary.argument(parser)
    args = parser.parse_args(argv)
    if not shutil.which("wrk"):
        print("wrk is not installed: apt-get install -y wrk (as root)", file=sys.stderr)
        return 2
    LOGS.mkdir(parents=True, exist_ok=True)
    try:
        env = {"DATABASE_URL": asyncio.run(prepare_database(args.spots)), "ENVIRONMENT": "development",
               "REDIS_URL": local_services.start_redis(REDIS_DIR, local_services.free_port())}
        client = redis.Redis.from_url(env["REDIS_URL"])
        print(f"machine: {os.cpu_count()} cores shared by wrk (2 threads), {args.workers} API worker(s), PostgreSQL, "
              f"Redis and anything else running (load average {os.getloadavg()[0]:.2f} at start)\n"
              f"wrk: {args.connections} connections on one search URL for {args.seconds} s per run; the entry "
              f"goes every {args.interval_ms} ms (deleted / version bumped, alternately)\n")
        header = (f"{'sf':<7}{'expiries':>9}{'misses':>8}{'/expiry':>9}{'served':>9}{'claimed':>8}{'timeout':>8}"
                  f"{'req/s':>9}{'p50':>7}{'p90':>7}{'p99':>7}")
        print("sf: single flight; misses = computations; served/claimed/timeout: waits; latency in ms\n" + header)
        modes = [args.only] if args.only else list(MODES)
        results = {mode: [] for mode in modes}
        for _ in range(args.rounds):
            for mode in modes:
                client.flushdb()
                results[mode].append(one_run(args, env, client, mode))
                line(mode, results[mode][-1])
        if len(modes) == len(MODES):
            median = {mode: {key: statistics.median(got[key] for got in runs) for key in ("per_expiry", "rps")}
                      | {"p99": statistics.median(got["latency"][99] for got in runs)} for mode, runs in results.items()}
            steady, off, on = median["steady"], median["off"], median["on"]
            print(f"\nmedians of {args.rounds} round(s): computations per expiry {off['per_expiry']:.1f} (off) -> "
                  f"{on['per_expiry']:.1f} (on; target 1: {'met' if on['per_expiry'] <= 1.05 else 'MISSED'}); "
                  f"p99 {off['p99']:.1f} -> {on['p99']:.1f} ms against {steady['p99']:.1f} ms with no expiries "
                  f"({on['p99'] / steady['p99']:.2f} x); req/s {off['rps']:,.0f} -> {on['rps']:,.0f} "
                  f"({on['rps'] / steady['rps']:.2f} x the {steady['rps']:,.0f} of no expiries)")
            bench_summary.write(args, {mode: {**figures, "expiries": statistics.median(got["expiries"] for got in
                                                                                      results[mode])}
                                       for mode, figures in median.items()})
    finally:
        local_services.stop_redis(REDIS_DIR)
        local_services.stop_postgres(PG_DIR)
    return 0


if __name__ == "__main__":
    sys.exit(main())
