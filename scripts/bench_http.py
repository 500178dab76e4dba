"""Benchmark: HTTP throughput of the search endpoint against Sanic ceilings (DESIGN section 6).

    .venv/bin/python -m scripts.bench_http [--workers 1 2] [--seconds 10] [--connections 64]
                                           [--rounds 3] [--profile DIR] [--summary FILE]

Needs wrk (as root: apt-get install -y wrk). Uses the bench cluster of scripts/bench_search.py
(.data/bench-pg, 1M spots) and a private Redis (.data/bench-redis, port 63799). Per worker count it
starts the ceiling app (scripts/bench_http/ceiling_app.py) and the product (`sanic
sanic_app:create_app --factory`, ENVIRONMENT=development) on free ports, waits for /health/ready and
one "Worker ready" per worker in their logs (.data/bench-http/), runs wrk (2 threads) --rounds times
over: A bare JSON hello; B a stored 2 KB JSON string from Redis; B' the product's cached search body
from Redis; C Sanic + asyncpg running search_spots_nearest (random points, random_points.lua); the
product cached (one URL over and over) and uncached (a random point per request), with /metrics
counts to show hits and misses; and D, pgbench running the same search SQL with as many clients as
the product's pools hold (scripts/bench_pgbench.py); then stops both with SIGTERM. Prints every run, the median run of
each, the ratios DESIGN judges and the targets met or missed. --profile DIR repeats B, C and the two
product runs (not judged) with py-spy (root; PY_SPY=path if not on PATH) recording the first worker,
and prints where its time went. Everything shares the 2 cores with the load generator.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import re
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from prometheus_client.parser import text_string_to_metric_families

from scripts import bench_pgbench, bench_summary, demo_city, local_services
from scripts.bench_search import BENCH_PG, prepare_database, search_points

ROOT = Path(__file__).resolve().parent.parent
HELPERS = Path(__file__).with_name("bench_http")
BENCH_REDIS, BENCH_REDIS_PORT = local_services.DATA_DIR / "bench-redis", 63799
TICK = os.sysconf("SC_CLK_TCK")
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


def cpu_by_pid(children: bool = False) -> dict[int, tuple[int, float]]:
    """pid -> (parent pid, user + system CPU seconds so far) of every process (/proc/PID/stat); with
    children, each process's own time plus that of its ended children it has waited for."""
    found = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        seconds = sum(int(f) for f in fields[11:15 if children else 13]) / TICK
        found[int(stat.parent.name)] = (int(fields[1]), seconds)
    return found


def postgres_cpu() -> float:
    """CPU seconds of the bench cluster so far: its live processes and the backends that ended."""
    postmaster = int((BENCH_PG / "postmaster.pid").read_text().split()[0])
    return sum(cpu for pid, (parent, cpu) in cpu_by_pid(children=True).items()
               if pid == postmaster or parent == postmaster)


def wrk(args, server: Server, path: str, script_args: tuple = ()) -> dict:
    """One wrk run: req/s, latency percentiles (ms), errors, and CPU microseconds per request used by
    the server's workers, Redis, PostgreSQL (the bench cluster's backends) and wrk itself."""
    cmd = ["wrk", "-t2", f"-c{args.connections}", f"-d{args.seconds}s", "--latency", "--timeout", "5s"]
    if script_args:
        cmd += ["-s", str(HELPERS / "random_points.lua")]
    before, wrk_before = cpu_by_pid(), resource.getrusage(resource.RUSAGE_CHILDREN)
    out = subprocess.run([*cmd, server.url + path, *(["--", *script_args] if script_args else [])],
                         capture_output=True, text=True, check=True).stdout
    after, wrk_after = cpu_by_pid(), resource.getrusage(resource.RUSAGE_CHILDREN)
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    postmaster = int((BENCH_PG / "postmaster.pid").read_text().split()[0])
    groups = {"workers": server.worker_pids(), "redis": [int((BENCH_REDIS / "redis.pid").read_text())],
              "postgres": [pid for pid, (parent, _) in after.items() if parent == postmaster]}
    cpu = {name: sum(after[p][1] - before.get(p, (0, 0.0))[1] for p in pids if p in after) / requests * 1e6
           for name, pids in groups.items()}  # a process started during the run counts all its time
    wrk_cpu = wrk_after.ru_utime + wrk_after.ru_stime - wrk_before.ru_utime - wrk_before.ru_stime
    cpu["wrk"] = wrk_cpu / requests * 1e6
    return {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)), "cpu_us": cpu,
            "latency": {int(p): float(v) * UNITS_MS[unit]
                        for p, v, unit in re.findall(r"^\s+(\d+)%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)},
            "problems": [m.group(0) for m in re.finditer(r"(Non-2xx or 3xx responses|Socket errors):.*", out)]}


def cache_counts(url: str, cache: str = "search") -> dict:
    """A cache's hits and misses (search, spot, tiles), summed over the server's workers, from its
    /metrics (Prometheus text)."""
    time.sleep(1.5)  # each worker adds its batched counts every second
    with urllib.request.urlopen(url + "/metrics", timeout=5) as answer:
        text = answer.read().decode()
    counts = {"hit": 0, "miss": 0}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if sample.name == "parkingspots_cache_requests_total" and sample.labels.get("cache") == cache:
                counts[sample.labels["result"]] += int(sample.value)
    return counts


def profiled(args, py_spy: str, name: str, server: Server, path: str, script_args: tuple, workers: int) -> None:
    """A run (not judged) with py-spy recording the server's first worker; prints where its time went."""
    out = args.profile / f"{name}-{workers}w.txt"
    spy = subprocess.Popen([py_spy, "record", "--format", "raw", "-r", "200", "-d", str(args.seconds), "-p",
                            str(server.worker_pids()[0]), "-o", str(out)], stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
    line(f"{LABELS[name]} (profiled)", workers, wrk(args, server, path, script_args))
    spy.wait()
    subprocess.run([sys.executable, str(HELPERS / "profile_summary.py"), str(out)])


LABELS = {"A": "A  bare Sanic JSON hello", "B": "B  2 KB JSON from Redis",
          "B'": "B' the cached search body from Redis", "C": "C  Sanic + asyncpg radius query",
          "D": "D  pgbench: the same SQL, no HTTP", "cached": "search, cached (same URL)",
          "uncached": "search, uncached (random points)"}
PGBENCH_CLIENTS_PER_WORKER = 10  # the product's pool size per worker (api/core/db.py)


def runs(ceiling: Server, product: Server, cached_path: str, seed: int) -> dict:
    """(server, path, wrk script arguments) of every run, ceilings first; C and uncached share points."""
    return {"A": (ceiling, "/hello", ()), "B": (ceiling, "/redis/2k", ()), "B'": (ceiling, "/redis/product", ()),
            "C": (ceiling, "", ("/pg?latitude=%.6f&longitude=%.6f", str(seed), CITIES)),
            "cached": (product, cached_path, ()),
            "uncached": (product, "", (SEARCH.format(lat="%.6f", lon="%.6f"), str(seed), CITIES))}


def one_round(args, ceiling: Server, product: Server, cached_path: str, seed: int) -> dict:
    """Every run once (D, pgbench, after C); the product's runs say what /metrics counted during them."""
    got = {}
    for run, (server, path, script_args) in runs(ceiling, product, cached_path, seed).items():
        if run == "cached":
            got["D"] = bench_pgbench.run(args.database_url, args.seconds, PGBENCH_CLIENTS_PER_WORKER * product.workers,
                                         seed, postgres_cpu)
        before = cache_counts(product.url) if server is product else None
        got[run] = wrk(args, server, path, script_args)
        if before:
            after = cache_counts(product.url)
            got[run]["problems"].insert(0, f"hits +{after['hit'] - before['hit']:,}, "
                                           f"misses +{after['miss'] - before['miss']:,}")
    return got


def line(label: str, workers: int, result: dict) -> None:
    lat, cpu = result["latency"], "".join(f"{us:>6.0f}" for us in result["cpu_us"].values())
    print(f"{label:<38}{workers:>2}{result['rps']:>8,.0f}{lat[50]:>7.2f}{lat[90]:>7.2f}{lat[99]:>7.1f}{cpu}  "
          + "; ".join(result["problems"]), flush=True)


RATIOS = {"cached / B": ("cached", "B"), "cached / B'": ("cached", "B'"), "uncached / C": ("uncached", "C"),
          "uncached / D": ("uncached", "D")}
# Issue 15's (cached / B' and uncached / D) and the earlier DESIGN ones (cached / B, uncached / C).
TARGETS = {"cached / B": 0.8, "uncached / C": 0.8, "cached / B'": 0.95, "uncached / D": 0.45}


def verdict(ratio: float, target: float) -> str:
    return "met" if ratio >= target else f"MISSED by {(1 - ratio / target) * 100:.0f} %"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--rounds", type=int, default=3, help="every run this many times (default 3)")
    parser.add_argument("--profile", type=Path, help="then profile B, C and the product runs into DIR")
    bench_summary.argument(parser)
    args = parser.parse_args(argv)
    if not shutil.which("wrk"):
        print("wrk is not installed: apt-get install -y wrk (as root)", file=sys.stderr)
        return 2
    py_spy = os.environ.get("PY_SPY") or shutil.which("py-spy")
    if args.profile and not py_spy:
        parser.error("--profile needs py-spy: pip install py-spy (PY_SPY=/path/to/py-spy if not on PATH)")
    database_url = args.database_url = asyncio.run(prepare_database())
    redis_url = local_services.start_redis(BENCH_REDIS, BENCH_REDIS_PORT)
    env = {"DATABASE_URL": database_url, "REDIS_URL": redis_url, "ENVIRONMENT": "development"}
    lon, lat = search_points(1)[0]  # the cached URL's point; the ceiling app stores its answer for B'
    logs = ROOT / ".data" / "bench-http"
    logs.mkdir(parents=True, exist_ok=True)
    print(f"machine: {os.cpu_count()} cores shared by wrk (2 threads), the servers, PostgreSQL, Redis and "
          f"anything else running (load average {os.getloadavg()[0]:.2f} at start)\nwrk: {args.connections} "
          f"connections, {args.seconds} s per run, {args.rounds} round(s)\n")
    header = (f"{'run':<38}{'w':>2}{'req/s':>8}{'p50':>7}{'p90':>7}{'p99':>7}"
              f"{'app':>6}{'redis':>6}{'pg':>6}{'wrk':>6}  notes")
    print("latency in ms; then CPU microseconds per request used by the server's workers (app), Redis,\n"
          "PostgreSQL and wrk\n" + header)
    all_rounds = {}
    for n in args.workers:
        with Server("ceiling_app:create_app", n, {**env, "PYTHONPATH": f"{ROOT}:{HELPERS}", "BENCH_POINT":
                    f"{lon},{lat}"}, logs / f"ceiling-{n}.log") as ceiling, \
             Server("sanic_app:create_app", n, env, logs / f"product-{n}.log") as product:
            cached_path = SEARCH.format(lat=lat, lon=lon)
            with urllib.request.urlopen(product.url + cached_path) as answer:  # stored: the cached runs hit
                print(f"{n} worker(s): the cached search answer is {len(answer.read()):,} bytes", flush=True)
            warm_up = argparse.Namespace(**{**vars(args), "seconds": 3})
            for run in ("C", "uncached"):  # grows both database pools to full size before measuring
                wrk(warm_up, *runs(ceiling, product, cached_path, 1)[run])
            rounds = []
            for r in range(args.rounds):
                rounds.append(one_round(args, ceiling, product, cached_path, int(time.time()) * 10 + r))
                for run, result in rounds[-1].items():
                    line(f"{LABELS[run]} [{r + 1}]", n, result)
            all_rounds[n] = rounds
            if args.profile:  # extra runs, not judged: py-spy takes CPU from the same cores
                args.profile.mkdir(parents=True, exist_ok=True)
                for run, (server, path, script_args) in runs(ceiling, product, cached_path, int(time.time())).items():
                    if run in ("B", "C", "cached", "uncached"):
                        profiled(args, py_spy, run, server, path, script_args, n)

    print(f"\nmedian of {args.rounds} round(s), each run on its own:\n{header}")
    summary = {"rounds": args.rounds, "seconds": args.seconds, "workers": {}}
    for n, rounds in all_rounds.items():
        medians = {run: median_run([got[run] for got in rounds]) for run in LABELS}
        for run in LABELS:
            line(LABELS[run], n, medians[run])
        summary["workers"][n] = {"runs": medians, "ratios": {}}
    print("\nratios of req/s within each round (DESIGN: ratios taken in the same run), their median judged;\n"
          "cpu: the inverse ratio of all measured CPU per request (app + redis + pg + wrk), medians")
    for n, rounds in all_rounds.items():
        for name, (run, ceiling_run) in RATIOS.items():
            per_round = [got[run]["rps"] / got[ceiling_run]["rps"] for got in rounds]
            cpu = [statistics.median(sum(got[r]["cpu_us"].values()) for got in rounds) for r in (run, ceiling_run)]
            ratio = statistics.median(per_round)
            target = f" (target >= {TARGETS[name]}: {verdict(ratio, TARGETS[name])})" if name in TARGETS else ""
            print(f"{n} worker(s) {name:<13}{' '.join(f'{x:5.2f}' for x in per_round)}  median "
                  f"{ratio:.2f}{target}; cpu {cpu[1] / cpu[0]:.2f}")
            summary["workers"][n]["ratios"][name] = ratio
    bench_summary.write(args, summary)
    return 0


def median_run(results: list[dict]) -> dict:
    """The run of median req/s, with the median of each latency and CPU figure over the rounds."""
    middle = dict(sorted(results, key=lambda g: g["rps"])[(len(results) - 1) // 2])
    middle["latency"] = {p: statistics.median(r["latency"][p] for r in results) for p in middle["latency"]}
    middle["cpu_us"] = {k: statistics.median(r["cpu_us"][k] for r in results) for k in middle["cpu_us"]}
    return middle


if __name__ == "__main__":
    sys.exit(main())
