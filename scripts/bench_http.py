"""Benchmark: HTTP throughput of the search endpoint against Sanic ceilings (DESIGN section 6).

    .venv/bin/python -m scripts.bench_http [--workers 1 2] [--seconds 10] [--connections 64]
                                           [--rounds 3] [--profile DIR]

Needs wrk (as root: apt-get install -y wrk). Uses the bench cluster of scripts/bench_search.py
(.data/bench-pg, 1M spots; loaded first if empty) and a private Redis (.data/bench-redis, port
63799). For each worker count it starts, on free ports, the ceiling app (scripts/bench_http/
ceiling_app.py) and the product (`sanic sanic_app:create_app --factory`, ENVIRONMENT=development),
waits for /health/ready and one "Worker ready" per worker in each log (.data/bench-http/), then
runs wrk (2 threads) against each of these in turn, --rounds times, and stops both with SIGTERM:
  A  bare Sanic JSON hello             B  a stored 2 KB JSON string from Redis
  B' the product's cached search body from Redis (the same bytes the cached runs answer)
  C  Sanic + asyncpg running search_spots_nearest directly (random points)
  the product: one search URL over and over (X-Cache: hit) and a different random point per request
  (scripts/bench_http/random_points.lua); /metrics counts show they were hits and misses.
It prints every run, then the median run of each, the ratios DESIGN judges and whether the targets
are met. --profile DIR then repeats the two product runs (not judged) with py-spy recording the
first worker (root needed; `pip install py-spy` anywhere, PY_SPY=path if not on PATH) and prints
where its time went. The load generator shares the 2 cores with everything else: run it quiet.
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


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time the processes have used so far (/proc/PID/stat fields 14 and 15)."""
    ticks = sum(sum(map(int, Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[11:13]))
                for pid in pids)
    return ticks / os.sysconf("SC_CLK_TCK")


def wrk(args, server: Server, path: str, script_args: tuple = ()) -> dict:
    """One wrk run: req/s, latency percentiles (ms), errors, and CPU microseconds per request spent
    by the server's workers and by Redis."""
    cmd = ["wrk", "-t2", f"-c{args.connections}", f"-d{args.seconds}s", "--latency", "--timeout", "5s"]
    if script_args:
        cmd += ["-s", str(HELPERS / "random_points.lua")]
    redis_pid = [int((BENCH_REDIS / "redis.pid").read_text())]
    workers, redis_cpu = cpu_seconds(server.worker_pids()), cpu_seconds(redis_pid)
    out = subprocess.run([*cmd, server.url + path, *(["--", *script_args] if script_args else [])],
                         capture_output=True, text=True, check=True).stdout
    workers, redis_cpu = cpu_seconds(server.worker_pids()) - workers, cpu_seconds(redis_pid) - redis_cpu
    latency = {int(p): float(v) * UNITS_MS[unit]
               for p, v, unit in re.findall(r"^\s+(\d+)%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)}
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    return {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)), "latency": latency,
            "worker_us": workers / requests * 1e6, "redis_us": redis_cpu / requests * 1e6,
            "problems": [m.group(0) for m in re.finditer(r"(Non-2xx or 3xx responses|Socket errors):.*", out)]}


def cache_counts(server: Server) -> dict:
    time.sleep(2.5)  # each worker adds its counts to the shared totals every 2 s
    with urllib.request.urlopen(server.url + "/metrics/", timeout=5) as answer:
        return orjson.loads(answer.read())["cache"].get("search", {"hit": 0, "miss": 0})


class Profiler:
    """py-spy record of one worker (raw collapsed stacks) for a run, summarised afterwards."""

    def __init__(self, directory: Path | None):
        self.directory, self.proc = directory, None
        self.py_spy = os.environ.get("PY_SPY") or shutil.which("py-spy")
        if directory and not self.py_spy:
            raise SystemExit("--profile needs py-spy: pip install py-spy (then PY_SPY=/path/to/py-spy)")

    def start(self, name: str, pid: int, seconds: int) -> None:
        if self.directory:
            self.directory.mkdir(parents=True, exist_ok=True)
            self.out = self.directory / f"{name}.txt"
            self.proc = subprocess.Popen([self.py_spy, "record", "--format", "raw", "-r", "200",
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


LABELS = {"A": "A  bare Sanic JSON hello", "B": "B  2 KB JSON from Redis",
          "B'": "B' the cached search body from Redis", "C": "C  Sanic + asyncpg radius query",
          "cached": "search, cached (same URL)", "uncached": "search, uncached (random points)"}


def runs(ceiling: Server, product: Server, cached_path: str, seed: int) -> dict:
    """(server, path, wrk script arguments) of every run, ceilings first."""
    return {"A": (ceiling, "/hello", ()), "B": (ceiling, "/redis/2k", ()), "B'": (ceiling, "/redis/product", ()),
            "C": (ceiling, "", ("/pg?latitude=%.6f&longitude=%.6f", str(seed), CITIES)),
            "cached": (product, cached_path, ()),
            "uncached": (product, "", (SEARCH.format(lat="%.6f", lon="%.6f"), str(seed), CITIES))}


def one_round(args, ceiling: Server, product: Server, cached_path: str, seed: int) -> dict:
    """Every run once; the product's runs say what /metrics counted during them."""
    got = {}
    for run, (server, path, script_args) in runs(ceiling, product, cached_path, seed).items():
        before = cache_counts(product) if server is product else None
        got[run] = wrk(args, server, path, script_args)
        if before:
            after = cache_counts(product)
            got[run]["problems"].insert(0, f"hits +{after['hit'] - before['hit']:,}, "
                                           f"misses +{after['miss'] - before['miss']:,}")
    return got


def line(label: str, workers: int, result: dict) -> None:
    lat = result["latency"]
    print(f"{label:<38}{workers:>2}{result['rps']:>8,.0f}{lat[50]:>7.2f}{lat[90]:>7.2f}{lat[99]:>7.1f}"
          f"{result['worker_us']:>8.0f} |{result['redis_us']:>5.0f}  " + "; ".join(result["problems"]), flush=True)


def verdict(ratio: float, target: float) -> str:
    return "met" if ratio >= target else f"MISSED by {(1 - ratio / target) * 100:.0f} %"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--rounds", type=int, default=3, help="every run this many times; medians judged")
    parser.add_argument("--profile", type=Path, help="then profile the product's first worker into DIR")
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
    print(f"machine: {os.cpu_count()} cores shared by wrk (2 threads), the servers, PostgreSQL, Redis and "
          f"anything else running (load average {os.getloadavg()[0]:.2f} at start)\nwrk: {args.connections} "
          f"connections, {args.seconds} s per run, {args.rounds} round(s); cached answer {body_size:,} bytes\n")
    header = f"{'run':<38}{'w':>2}{'req/s':>8}{'p50':>7}{'p90':>7}{'p99':>7}{'CPU µs/request':>15}  notes"
    print("latency in ms; CPU: microseconds of the server's workers | of Redis per request\n" + header)
    medians = {}
    for n in args.workers:
        with Server("ceiling_app:create_app", n, {**env, "PYTHONPATH": f"{ROOT}:{HELPERS}"},
                    logs / f"ceiling-{n}.log") as ceiling, \
             Server("sanic_app:create_app", n, env, logs / f"product-{n}.log") as product:
            cached_path = SEARCH.format(lat=lat, lon=lon)
            urllib.request.urlopen(product.url + cached_path).read()  # stores the entry: the cached runs hit
            rounds = []
            for r in range(args.rounds):
                rounds.append(one_round(args, ceiling, product, cached_path, int(time.time()) * 10 + r))
                for run, result in rounds[-1].items():
                    line(f"{LABELS[run]} [{r + 1}]", n, result)
            medians[n] = {run: sorted((got[run] for got in rounds), key=lambda g: g["rps"])[(len(rounds) - 1) // 2]
                          for run in LABELS}
            if args.profile:  # extra runs, not judged: py-spy takes CPU from the same cores
                for run, (server, path, script_args) in runs(ceiling, product, cached_path, time.time_ns()).items():
                    if run in ("B", "C", "cached", "uncached"):
                        profiler.start(f"{run}-{n}w", server.worker_pids()[0], args.seconds)
                        line(f"{LABELS[run]} (profiled)", n, wrk(args, server, path, script_args))
                        profiler.report()

    verdicts = []
    print(f"\nmedian of {args.rounds} round(s):")
    print(header)
    for n, results in medians.items():
        for run, result in results.items():
            line(LABELS[run], n, result)
    print("\nratios of the medians   workers  cached/B  cached/B'  uncached/C  cached req/s")
    for n, m in medians.items():
        cached, b, b_body, uncached, c = (m[run]["rps"] for run in ("cached", "B", "B'", "uncached", "C"))
        print(f"{'':<24}{n:>8}{cached / b:>10.2f}{cached / b_body:>11.2f}{uncached / c:>12.2f}{cached:>14,.0f}")
        verdicts.append(f"{n} worker(s): cached >= 0.8 x B: {verdict(cached / b, 0.8)}; uncached >= 0.8 x C: "
                        f"{verdict(uncached / c, 0.8)}"
                        + (f"; cached >= 10,000 req/s: {verdict(cached, 10_000)}" if n == 2 else ""))
    print("\n".join(verdicts))
    return 0


if __name__ == "__main__":
    sys.exit(main())
