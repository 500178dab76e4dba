"""Benchmark: what the Prometheus HTTP metrics cost per request (docs/metrics.md).

    .venv/bin/python -m scripts.bench_metrics [--seconds 10] [--rounds 3] [--connections 32] [--workers 1]

Needs wrk (as root: apt-get install -y wrk) and make run's private PostgreSQL and Redis (started if
missing; DATABASE_URL / REDIS_URL to use others: only /health is requested, nothing is written).
GET /health is the cheapest answer the API has (no database, no cache), so the metrics' share of it
is the largest it can be. The product (`sanic_app:create_app`) and the same app without the HTTP
metrics middleware (`scripts.bench_metrics:app_without_http_metrics`) run alternately, --rounds
times each, with wrk (1 thread) on the same cores; the script prints req/s of each run and the
median round's ratio. Then, in a process of its own in multiprocess mode, the cost of counting one
answer (its counter and histogram) batched as the app does and written straight to the shared
files, and of reading the files for one scrape.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from scripts import local_services
from scripts.bench_http import Server

ROOT = Path(__file__).resolve().parent.parent


def app_without_http_metrics():
    """The product without its HTTP metrics middleware (the baseline)."""
    from api.core import metrics
    from sanic_app import create_app
    metrics.setup_http_metrics = lambda app: None
    return create_app()


def rps(server: Server, seconds: int, connections: int) -> float:
    out = subprocess.run(["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", server.url + "/health"],
                         capture_output=True, text=True, check=True).stdout
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))


IN_PROCESS = """
import time
from api.core import prometheus
from api.core.prometheus_db import Families
from prometheus_client import generate_latest
route, n = "/api/v1/parking-spots/{spot_id}", 200_000
started = time.perf_counter()
for _ in range(n):
    prometheus.HTTP_REQUESTS.add(route, "GET", "200")
    prometheus.HTTP_DURATION.observe((route, "GET"), 0.0004)
prometheus.flush()
batched = (time.perf_counter() - started) / n * 1e6
counter, histogram = prometheus.HTTP_REQUESTS.children(route, "GET", "200"), prometheus.HTTP_DURATION.children(route, "GET")
started = time.perf_counter()
for _ in range(n):
    counter.inc()
    histogram.observe(0.0004)
direct = (time.perf_counter() - started) / n * 1e6
started = time.perf_counter()
for _ in range(20):
    body = generate_latest(prometheus.scrape_registry(Families([])))
print(f"{batched:.2f} {direct:.2f} {(time.perf_counter() - started) / 20 * 1e3:.2f} {len(body)}")
"""


def in_process_costs() -> list[str]:
    """µs to count one answer batched and written straight to the files, ms to read the directory
    for one scrape, and that answer's size in bytes."""
    directory = tempfile.mkdtemp(prefix="parkingspots-bench-metrics-")
    try:
        return subprocess.run([sys.executable, "-c", IN_PROCESS], cwd=ROOT, capture_output=True, text=True, check=True,
                              env={**os.environ, "PROMETHEUS_MULTIPROC_DIR": directory}).stdout.split()
    finally:
        shutil.rmtree(directory, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args(argv)
    if not shutil.which("wrk"):
        print("wrk is not installed: apt-get install -y wrk (as root)", file=sys.stderr)
        return 2
    env = {"ENVIRONMENT": "development", **local_services.up()}
    env = {**env, **{key: os.environ[key] for key in ("DATABASE_URL", "REDIS_URL") if key in os.environ}}
    logs = Path(tempfile.mkdtemp(prefix="parkingspots-bench-metrics-logs-"))
    targets = {"with metrics": "sanic_app:create_app", "without": "scripts.bench_metrics:app_without_http_metrics"}
    ratios = []
    print(f"GET /health, {args.workers} worker(s), wrk 1 thread {args.connections} connections {args.seconds} s")
    for round_ in range(1, args.rounds + 1):
        got = {}
        for name, target in targets.items():
            with Server(target, args.workers, env, logs / f"{round_}-{name.split()[0]}.log") as server:
                rps(server, 2, args.connections)  # warm up
                got[name] = rps(server, args.seconds, args.connections)
            time.sleep(1)
        ratios.append(got["with metrics"] / got["without"])
        print(f"round {round_}: with metrics {got['with metrics']:>9,.0f} req/s   without {got['without']:>9,.0f} req/s"
              f"   ratio {ratios[-1]:.3f}", flush=True)
    print(f"median ratio (with / without): {statistics.median(ratios):.3f}")
    batched_us, direct_us, scrape_ms, size = in_process_costs()
    print(f"counting one answer (counter + histogram, multiprocess mode): {batched_us} µs batched as the app does, "
          f"{direct_us} µs written straight to the shared files")
    print(f"reading the metrics files for one scrape (one process's series): {scrape_ms} ms, {size} bytes")
    shutil.rmtree(logs, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
