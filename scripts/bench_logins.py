"""Benchmark: does a burst of logins starve the searches? (issue 15)

    .venv/bin/python -m scripts.bench_logins [--workers 2] [--search-rate 50] [--login-rate 20]
                                             [--seconds 20] [--rounds 2] [--spots 20000]

First it times one argon2id hash (one thread, median of 5) for each of OWASP's minimum
configurations and argon2-cffi's own recommendation, and says which the service uses (the
ARGON2_* settings' defaults, api/core/passwords.py).

Then it starts a throwaway PostgreSQL and Redis (a temporary folder, removed at the end), migrates,
makes --spots spots scattered over 20 km around San Francisco and enough users to log in (their
password hashed with the default parameters, so no login rehashes), and serves the API (`sanic
sanic_app:create_app --factory`) with --workers workers and the default PASSWORD_HASH_* limits.
From this process (httpx, open loop: requests start on a fixed schedule whether or not earlier
ones answered, and latency counts from the scheduled start) it sends uncached searches (a random
point each, radius 2 km) at --search-rate per second, --rounds times: --seconds with no logins,
then --seconds with --login-rate logins per second as well (each a different user). It prints the
search p50/p99 of both, the login p50/p99 and the answers (200, 503 login_busy), and the ratio of
the search p99 under logins to without (median over the rounds; target <= 1.5). Per phase it
also prints the CPU used, in cores: the server's workers, PostgreSQL's backends, this client, and
the whole machine (other people's work included: a machine already near its core count cannot
absorb the logins, whatever the service does), and the workers' CPU per login. Searches are kept
at a rate the service serves with cores to spare (50/s), so that latency measures the logins'
effect rather than a saturated queue. The load average is printed before and after.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from pathlib import Path

import aiosql
import asyncpg
import httpx
from argon2 import PasswordHasher

from api.core.passwords import OWASP_MINIMUMS, Argon2Cost, Passwords, meets_owasp_minimum
from api.core.settings import Settings
from scripts import bench_summary, local_services
from scripts.bench_http import cpu_by_pid
from scripts.migrate import migrate

ROOT = Path(__file__).resolve().parent.parent
QUERIES = aiosql.from_path(Path(__file__).with_name("bench_logins.sql"), "asyncpg")
CENTER, SPREAD = (37.7749, -122.4194), 0.1   # degrees: about 22 km north-south
PASSWORD = "correct-horse-battery"
TARGET = 1.5


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def default_cost() -> Argon2Cost:
    fields = Settings.model_fields
    return Argon2Cost(fields["argon2_memory_kib"].default, fields["argon2_time_cost"].default, 1)


def measure_parameters() -> None:
    chosen = default_cost()
    candidates = [*OWASP_MINIMUMS, Argon2Cost(64 * 1024, 3, 4)]
    if chosen not in candidates:
        candidates.insert(0, chosen)
    print("argon2id, one hash on one thread (median of 5):")
    for cost in candidates:
        hasher = PasswordHasher(time_cost=cost.time_cost, memory_cost=cost.memory_kib, parallelism=cost.parallelism)
        took = []
        for _ in range(5):
            started = time.perf_counter()
            hasher.hash(PASSWORD)
            took.append((time.perf_counter() - started) * 1000)
        notes = [n for n, yes in (("OWASP minimum", cost in OWASP_MINIMUMS),
                                  ("argon2-cffi's recommendation, the old default", cost.memory_kib == 64 * 1024),
                                  ("meets OWASP", meets_owasp_minimum(cost)), ("<- the default", cost == chosen)) if yes]
        print(f"  m={cost.memory_kib // 1024:>2} MiB t={cost.time_cost} p={cost.parallelism}: "
              f"{statistics.median(took):6.1f} ms   {', '.join(notes)}")
    fields = Settings.model_fields
    print(f"the service: m={chosen.memory_kib} KiB t={chosen.time_cost} p=1, at most "
          f"{fields['password_hash_concurrency'].default} hash(es) at once per worker, "
          f"{fields['password_hash_queue'].default} waiting, then 503 login_busy")


async def prepare(url: str, logins_needed: int, spots: int, cost: Argon2Cost) -> list[str]:
    hashed = Passwords(cost.time_cost, cost.memory_kib).hasher.hash(PASSWORD)  # as the server hashes: no rehash
    conn = await asyncpg.connect(url)
    try:
        owner = await QUERIES.create_owner(conn)
        await QUERIES.create_spots(conn, owner_id=owner, n=spots, lat=CENTER[0], lon=CENTER[1], spread=SPREAD)
        _ = [row async for row in QUERIES.create_login_users(conn, prefix="login", n=logins_needed, hashed_password=hashed)]
        await QUERIES.analyze_all(conn)
    finally:
        await conn.close()
    return [f"login-{i}@bench.parkingspots.dev" for i in range(1, logins_needed + 1)]


def start_server(env: dict, port: int, workers: int, log: Path) -> subprocess.Popen:
    sanic = str(Path(sys.executable).with_name("sanic"))
    with open(log, "w") as out:
        server = subprocess.Popen([sanic, "sanic_app:create_app", "--factory", "--host", "127.0.0.1",
                                   "--port", str(port), "--workers", str(workers)], cwd=ROOT, env=env,
                                  stdout=out, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while log.read_text().count("Worker ready") < workers:
        if server.poll() is not None or time.monotonic() > deadline:  # its log says why
            raise SystemExit(f"the server did not start:\n{log.read_text()[-3000:]}")
        time.sleep(0.2)
    time.sleep(2)  # let the workers settle and open their pools
    return server


async def paced(rate: float, seconds: float, call) -> list[tuple[float, int]]:
    """Start call() `rate` times a second for `seconds` on a fixed schedule; (ms from the scheduled
    start to the answer, status) of each."""
    results: list[tuple[float, int]] = []

    async def one(scheduled: float) -> None:
        try:
            status = await call()
        except httpx.HTTPError:
            status = 0
        results.append(((time.monotonic() - scheduled) * 1000, status))

    tasks, start, n = [], time.monotonic(), 0
    while (scheduled := start + n / rate) < start + seconds:
        await asyncio.sleep(max(0.0, scheduled - time.monotonic()))
        tasks.append(asyncio.create_task(one(scheduled)))
        n += 1
    await asyncio.gather(*tasks)
    return results


async def phase(http: httpx.AsyncClient, login_http: httpx.AsyncClient, args, rng: random.Random,
                emails: list[str] | None) -> dict:
    async def search() -> int:
        lat = CENTER[0] + rng.uniform(-SPREAD, SPREAD) * 0.8
        lon = CENTER[1] + rng.uniform(-SPREAD, SPREAD) * 0.8
        answer = await http.get("/api/v1/parking-spots", params={
            "latitude": f"{lat:.6f}", "longitude": f"{lon:.6f}", "radius_km": 2})
        return answer.status_code

    async def login() -> int:
        answer = await login_http.post("/api/v1/auth/login", json={"email": emails.pop(), "password": PASSWORD})
        return answer.status_code

    jobs = [paced(args.search_rate, args.seconds, search)]
    if emails is not None:
        jobs.append(paced(args.login_rate, args.seconds, login))
    searches, *logins = await asyncio.gather(*jobs)
    return {"search": searches, "login": logins[0] if logins else []}


def machine_busy() -> tuple[float, float]:
    """(busy, total) CPU ticks of the whole machine so far (/proc/stat)."""
    fields = [float(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]
    return sum(fields) - idle, sum(fields)


class CpuMeter:
    """CPU seconds used over a phase by the server's workers, PostgreSQL's backends and this client,
    and how busy the whole machine was (other people's work included)."""

    def __init__(self, server_log: Path, pg_dir: Path):
        self.server_log, self.pg_dir = server_log, pg_dir

    def _groups(self, found: dict) -> dict:
        workers = [int(pid) for pid in re.findall(r"Worker ready \[(\d+)\]", self.server_log.read_text())]
        postmaster = int((self.pg_dir / "postmaster.pid").read_text().split()[0])
        return {"workers": workers, "postgres": [pid for pid, (parent, _) in found.items() if parent == postmaster]}

    def __enter__(self) -> "CpuMeter":
        self.before, self.machine_before = cpu_by_pid(), machine_busy()
        self.self_before, self.wall = resource.getrusage(resource.RUSAGE_SELF), time.monotonic()
        return self

    def __exit__(self, *exc) -> None:
        after, machine, mine = cpu_by_pid(), machine_busy(), resource.getrusage(resource.RUSAGE_SELF)
        self.seconds = wall = time.monotonic() - self.wall
        self.cores = {name: sum(after[p][1] - self.before.get(p, (0, 0.0))[1] for p in pids if p in after) / wall
                      for name, pids in self._groups(after).items()}
        self.cores["client"] = (mine.ru_utime + mine.ru_stime - self.self_before.ru_utime
                                - self.self_before.ru_stime) / wall
        busy, total = machine[0] - self.machine_before[0], machine[1] - self.machine_before[1]
        self.cores["machine"] = busy / total * (os.cpu_count() or 1)

    def __str__(self) -> str:
        return "  ".join(f"{name} {cores:.2f}" for name, cores in self.cores.items())


def summary(results: list[tuple[float, int]]) -> str:
    ms = [m for m, _ in results]
    statuses = Counter(str(s or "failed") for _, s in results)
    counts = ", ".join(f"{s}: {c}" for s, c in sorted(statuses.items()))
    return f"p50 {statistics.median(ms):6.1f} ms  p99 {percentile(ms, 99):6.1f} ms  ({len(ms)} requests: {counts})"


async def run(args) -> int:
    measure_parameters()
    rng = random.Random(args.seed)
    base = Path(tempfile.mkdtemp(prefix="parkingspots-bench-logins-"))
    base.chmod(0o755)
    server = None
    try:
        url = local_services.start_postgres(base / "pg", local_services.free_port(), "parkingspots", throwaway=True)
        migrate(url)
        redis_url = local_services.start_redis(base / "redis", local_services.free_port())
        cost = Argon2Cost(args.argon2_memory_kib or default_cost().memory_kib,
                          args.argon2_time_cost or default_cost().time_cost)
        emails = await prepare(url, int(args.login_rate * args.seconds * args.rounds) + 100, args.spots, cost)
        port = local_services.free_port()
        env = {**os.environ, "DATABASE_URL": url, "REDIS_URL": redis_url,
               "SECRET_KEY": uuid.uuid4().hex + uuid.uuid4().hex, "LOG_LEVEL": "INFO", "ENVIRONMENT": "development",
               "ARGON2_TIME_COST": str(cost.time_cost), "ARGON2_MEMORY_KIB": str(cost.memory_kib)}
        server = start_server(env, port, args.workers, base / "server.log")
        print(f"\nserver hashing with m={cost.memory_kib} KiB t={cost.time_cost} p=1")
        print(f"{args.spots} spots, {args.workers} workers; searches at {args.search_rate}/s (uncached, 2 km), "
              f"logins at {args.login_rate}/s, {args.seconds:.0f} s per phase, {args.rounds} rounds; "
              f"{os.cpu_count()} cores shared by this client, the workers, PostgreSQL and Redis; "
              f"load average before: {os.getloadavg()[0]:.2f}")
        limits = httpx.Limits(max_connections=256, max_keepalive_connections=256)
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", limits=limits, timeout=30) as http, \
                httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", limits=limits, timeout=30) as login_http:
            await phase(http, login_http, argparse.Namespace(**{**vars(args), "seconds": 3}), rng, None)  # warm the pools
            quiet_p99, burst_p99, logins = [], [], []
            meter = CpuMeter(base / "server.log", base / "pg")
            for n in range(1, args.rounds + 1):
                with meter:
                    quiet = await phase(http, login_http, args, rng, None)
                quiet_cpu = dict(meter.cores)
                print(f"round {n}: CPU in cores, no logins:   {meter}")
                with meter:
                    burst = await phase(http, login_http, args, rng, emails)
                print(f"         CPU in cores, with logins: {meter}")
                extra = (meter.cores["workers"] - quiet_cpu["workers"]) * meter.seconds
                admitted = sum(1 for _, status in burst["login"] if status == 200) or 1
                print(f"         each successful login cost the workers {extra / admitted * 1000:.0f} ms of CPU "
                      f"(the hash included); the machine has {os.cpu_count()} cores")
                quiet_p99.append(percentile([m for m, _ in quiet["search"]], 99))
                burst_p99.append(percentile([m for m, _ in burst["search"]], 99))
                logins += burst["login"]
                print(f"         search, no logins:   {summary(quiet['search'])}")
                print(f"         search, with logins: {summary(burst['search'])}")
                print(f"         login:               {summary(burst['login'])}")
        ratio = statistics.median(b / q for b, q in zip(burst_p99, quiet_p99))
        print(f"\nlogin over all rounds: {summary(logins)}")
        print(f"search p99 with logins / without (median over rounds): {ratio:.2f} "
              f"(target <= {TARGET}: {'met' if ratio <= TARGET else 'MISSED'})")
        print(f"load average after: {os.getloadavg()[0]:.2f}")
        login_ms = [m for m, _ in logins]
        bench_summary.write(args, {"search_p99_ratio": ratio, "quiet_search_p99_ms": quiet_p99,
                                   "burst_search_p99_ms": burst_p99, "login_p50_ms": statistics.median(login_ms),
                                   "login_p99_ms": percentile(login_ms, 99),
                                   "logins_ok": sum(1 for _, status in logins if status == 200),
                                   "logins": len(logins), "argon2": {"memory_kib": cost.memory_kib,
                                                                     "time_cost": cost.time_cost}})
        return 0
    finally:
        if server is not None:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
        local_services.stop_redis(base / "redis")
        local_services.stop_postgres(base / "pg")
        shutil.rmtree(base, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     epilog="Details: the module docstring (python -m pydoc scripts.bench_logins).")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--search-rate", type=float, default=50, help="searches per second")
    parser.add_argument("--login-rate", type=float, default=20, help="logins per second during a burst")
    parser.add_argument("--seconds", type=float, default=20, help="length of each phase")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--spots", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--argon2-time-cost", type=int, help="serve with this ARGON2_TIME_COST (default: the setting's)")
    parser.add_argument("--argon2-memory-kib", type=int,
                        help="serve with this ARGON2_MEMORY_KIB (65536 with --argon2-time-cost 3: the old default)")
    parser.add_argument("--params-only", action="store_true", help="only time the argon2id parameters")
    bench_summary.argument(parser)
    args = parser.parse_args(argv)
    if args.params_only:
        measure_parameters()
        return 0
    return asyncio.run(run(args))


if __name__ == "__main__":
    sys.exit(main())
