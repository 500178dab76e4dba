"""Benchmark: HTTP throughput of the search endpoint against Sanic ceilings (DESIGN section 6).

    .venv/bin/python -m scripts.bench_http [--workers 1 2] [--seconds 10] [--connections 64]
                                           [--profile DIR]

Needs wrk (as root: apt-get install -y wrk). Uses the bench cluster of scripts/bench_search.py
(.data/bench-pg, 1M spots; loaded first if empty) and a private Redis (.data/bench-redis, port
63799). For each worker count it starts, on free ports, the ceiling app (scripts/bench_http/
ceiling_app.py) and then the product (`sanic sanic_app:create_app --factory`), waits for
/health/ready and one "Worker ready" per worker, runs wrk (2 threads, --connections, --seconds) and
stops the server with SIGTERM:
  A  bare Sanic JSON hello             B  a stored 2 KB JSON string from Redis
  B' the product's cached body from Redis (same bytes as the cached search answers)
  C  Sanic + asyncpg running search_spots_nearest directly (random points)
  the product: one search URL over and over (X-Cache: hit) and a different random point per request
  (scripts/bench_http/random_points.lua; /metrics is read to check they were misses).
It prints req/s and latency percentiles per run and the ratios DESIGN judges. --profile DIR also
records each product run's first worker with py-spy (as root; `pip install py-spy` anywhere, or set
PY_SPY) into DIR and prints where that worker's time went. The load generator shares the cores.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import asyncpg
import orjson
import redis

from api.db import load_queries
from api.jsonio import dumps
from scripts import demo_city, local_services
from scripts.bench_search import NO_FILTERS, prepare_database, search_points

ROOT = Path(__file__).resolve().parent.parent
HELPERS = Path(__file__).with_name("bench_http")
BENCH_REDIS, BENCH_REDIS_PORT = local_services.DATA_DIR / "bench-redis", 63799
SEARCH = "/api/v1/parking-spots?latitude={lat}&longitude={lon}&radius_km=2"
CITIES = ";".join(f"{c.lat},{c.lon},{c.radius_km},{c.weight}" for c in demo_city.US_CITIES)
UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


class Server:
    """A Sanic server in its own session, ready when /health/ready answers and every worker said so."""

    def __init__(self, target: str, workers: int, env: dict, log: Path):
        self.target, self.workers, self.env, self.log = target, workers, env, log
        self.port = local_services.free_port()
        self.url = f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> "Server":
        sanic = str(Path(sys.executable).with_name("sanic"))
        with open(self.log, "w") as log:
            self.proc = subprocess.Popen(
                [sanic, self.target, "--factory", "--host", "127.0.0.1", "--port", str(self.port),
                 "--workers", str(self.workers)], cwd=ROOT, env={**os.environ, **self.env},
                stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + 90
        while len(self.worker_pids()) < self.workers or not self._ready():
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.__exit__()
                raise RuntimeError(f"{self.target} did not become ready; see {self.log}")
            time.sleep(0.2)
        return self

    def _ready(self) -> bool:
        try:
            with urllib.request.urlopen(self.url + "/health/ready", timeout=2) as answer:
                return answer.status == 200
        except OSError:
            return False

    def worker_pids(self) -> list[int]:
        return [int(pid) for pid in re.findall(r"Worker ready \[(\d+)\]", self.log.read_text())]

    def __exit__(self, *exc) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                print(f"warning: {self.target} ignored SIGTERM for 60 s; killing it (see {self.log})")
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()


def wrk(args, url: str, script_args: tuple = ()) -> dict:
    """One wrk run; req/s, latency percentiles (ms), request count and any errors."""
    cmd = ["wrk", "-t2", f"-c{args.connections}", f"-d{args.seconds}s", "--latency", "--timeout", "5s"]
    if script_args:
        cmd += ["-s", str(HELPERS / "random_points.lua")]
    out = subprocess.run([*cmd, url, *(["--", *script_args] if script_args else [])],
                         capture_output=True, text=True, check=True).stdout
    latency = {int(p): float(v) * UNITS_MS[unit]
               for p, v, unit in re.findall(r"^\s+(\d+)%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)}
    problems = [m.group(0) for m in re.finditer(r"(Non-2xx or 3xx responses|Socket errors):.*", out)]
    return {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
            "requests": int(re.search(r"(\d+) requests in", out).group(1)),
            "latency": latency, "problems": problems}


def cache_counts(server: Server) -> dict:
    time.sleep(2.5)  # each worker adds its counts to the shared totals every 2 s
    with urllib.request.urlopen(server.url + "/metrics/", timeout=5) as answer:
        return orjson.loads(answer.read())["cache"].get("search", {"hit": 0, "miss": 0})


class Profiler:
    """py-spy record of one worker during a run (raw collapsed stacks), summarised afterwards."""

    def __init__(self, directory: Path | None):
        self.directory, self.proc = directory, None
        self.py_spy = os.environ.get("PY_SPY") or shutil.which("py-spy")
        if directory and not self.py_spy:
            raise SystemExit("--profile needs py-spy: pip install py-spy (then PY_SPY=/path/to/py-spy)")

    def start(self, name: str, pid: int, seconds: int) -> None:
        if self.directory:
            self.directory.mkdir(parents=True, exist_ok=True)
            self.out = self.directory / f"{name}.txt"
            self.proc = subprocess.Popen([self.py_spy, "record", "--format", "raw", "--nonblocking", "-r", "200",
                                          "-d", str(seconds), "-p", str(pid), "-o", str(self.out)],
                                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def report(self) -> None:
        if self.proc is None:
            return
        self.proc.wait()
        self.proc = None
        done = subprocess.run([sys.executable, str(HELPERS / "profile_summary.py"), str(self.out)],
                              capture_output=True, text=True)
        print(done.stdout or done.stderr)


def store_ceiling_bodies(redis_url: str, database_url: str, cached_point: tuple) -> int:
    """2 KB of JSON for ceiling B, and the product's own answer for the cached URL for B'."""
    async def product_body() -> bytes:
        conn = await asyncpg.connect(database_url)
        try:
            rows = load_queries().search_spots_nearest(conn, lon=cached_point[0], lat=cached_point[1],
                                                       radius_m=2000.0, lim=20, off=0, **NO_FILTERS)
            return dumps([dict(row) async for row in rows])
        finally:
            await conn.close()

    body = asyncio.run(product_body())
    with redis.Redis.from_url(redis_url) as client:
        client.set("bench:ceiling:2k", orjson.dumps({"data": "x" * 2037}))  # 2,048 bytes
        client.set("bench:ceiling:product", body)
    return len(body)


def line(label: str, workers: int, result: dict, note: str = "") -> None:
    lat = result["latency"]
    note = "; ".join(filter(None, [note, *result["problems"]]))
    print(f"{label:<34}{workers:>3}{result['rps']:>10,.0f}{lat[50]:>8.2f}{lat[90]:>8.2f}{lat[99]:>8.2f}  {note}",
          flush=True)


def verdict(ratio: float, target: float) -> str:
    return "met" if ratio >= target else f"MISSED by {(1 - ratio / target) * 100:.0f} %"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--profile", type=Path, help="record the product's first worker with py-spy into DIR")
    args = parser.parse_args(argv)
    if not shutil.which("wrk"):
        print("wrk is not installed: apt-get install -y wrk (as root)", file=sys.stderr)
        return 2
    profiler = Profiler(args.profile)
    database_url = asyncio.run(prepare_database())
    redis_url = local_services.start_redis(BENCH_REDIS, BENCH_REDIS_PORT)
    env = {"DATABASE_URL": database_url, "REDIS_URL": redis_url, "ENVIRONMENT": "development"}
    lon, lat = search_points(1)[0]
    body_size = store_ceiling_bodies(redis_url, database_url, (lon, lat))
    logs = ROOT / ".data" / "bench-http"
    logs.mkdir(parents=True, exist_ok=True)
    print(f"machine: {os.cpu_count()} cores shared by wrk (2 threads), the servers, PostgreSQL and Redis; "
          f"load average {os.getloadavg()[0]:.2f} at start\nwrk: {args.connections} connections, {args.seconds} s "
          f"per run; cached answer {body_size:,} bytes\n")
    print(f"{'run':<34}{'w':>3}{'req/s':>10}{'p50 ms':>8}{'p90 ms':>8}{'p99 ms':>8}  notes")
    summary = {}
    for n in args.workers:
        with Server("ceiling_app:create_app", n, {**env, "PYTHONPATH": f"{ROOT}:{HELPERS}"},
                    logs / f"ceiling-{n}.log") as ceiling:
            a = wrk(args, ceiling.url + "/hello")
            line("A  bare Sanic JSON hello", n, a)
            b = wrk(args, ceiling.url + "/redis/2k")
            line("B  2 KB JSON from Redis", n, b)
            b2 = wrk(args, ceiling.url + "/redis/product")
            line("B' cached product body from Redis", n, b2, f"{body_size:,} bytes")
            c = wrk(args, ceiling.url, ("/pg?latitude=%.6f&longitude=%.6f", str(n), CITIES))
            line("C  Sanic + asyncpg radius query", n, c)
        with Server("sanic_app:create_app", n, env, logs / f"product-{n}.log") as product:
            url = product.url + SEARCH.format(lat=lat, lon=lon)
            urllib.request.urlopen(url).read()  # stores the entry: the run below only hits
            before = cache_counts(product)
            profiler.start(f"cached-{n}w", product.worker_pids()[0], args.seconds)
            hit = wrk(args, url)
            after = cache_counts(product)
            line("search, cached (same URL)", n, hit,
                 f"hits +{after['hit'] - before['hit']:,}, misses +{after['miss'] - before['miss']:,}")
            profiler.report()
            profiler.start(f"uncached-{n}w", product.worker_pids()[0], args.seconds)
            miss = wrk(args, product.url, (SEARCH.format(lat="%.6f", lon="%.6f"), str(int(time.time()) + n),
                                           CITIES))
            final = cache_counts(product)
            line("search, uncached (random points)", n, miss,
                 f"hits +{final['hit'] - after['hit']:,}, misses +{final['miss'] - after['miss']:,}")
            profiler.report()
        summary[n] = (hit["rps"] / b["rps"], hit["rps"] / b2["rps"], miss["rps"] / c["rps"], hit["rps"])

    print("\nratios (same run)        workers  cached/B  cached/B'  uncached/C  cached req/s")
    for n, (hb, hb2, mc, rps) in summary.items():
        print(f"{'':<25}{n:>8}{hb:>10.2f}{hb2:>11.2f}{mc:>12.2f}{rps:>14,.0f}")
    for n, (hb, _, mc, rps) in summary.items():
        print(f"{n} worker(s): cached >= 0.8 x B: {verdict(hb, 0.8)}; uncached >= 0.8 x C: {verdict(mc, 0.8)}"
              + (f"; cached >= 10,000 req/s: {verdict(rps, 10_000)}" if n == 2 else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
