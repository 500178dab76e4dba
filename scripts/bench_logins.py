"""Benchmark: does a burst of logins starve the searches? (issue 15)

    .venv/bin/python -m scripts.bench_logins [--workers 2] [--search-rate 100] [--login-rate 20]
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
the search p99 under logins to without (median over the rounds; target <= 1.5). Client, server,
PostgreSQL and Redis share this machine's cores: the load average is printed.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import random
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
from scripts import local_services
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


async def prepare(url: str, logins_needed: int, spots: int) -> list[str]:
    hashed = Passwords(default_cost().time_cost, default_cost().memory_kib).hasher.hash(PASSWORD)
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


async def phase(http: httpx.AsyncClient, args, rng: random.Random, emails: list[str] | None) -> dict:
    async def search() -> int:
        lat = CENTER[0] + rng.uniform(-SPREAD, SPREAD) * 0.8
        lon = CENTER[1] + rng.uniform(-SPREAD, SPREAD) * 0.8
        answer = await http.get("/api/v1/parking-spots", params={
            "latitude": f"{lat:.6f}", "longitude": f"{lon:.6f}", "radius_km": 2})
        return answer.status_code

    async def login() -> int:
        answer = await http.post("/api/v1/auth/login", json={"email": emails.pop(), "password": PASSWORD})
        return answer.status_code

    jobs = [paced(args.search_rate, args.seconds, search)]
    if emails is not None:
        jobs.append(paced(args.login_rate, args.seconds, login))
    searches, *logins = await asyncio.gather(*jobs)
    return {"search": searches, "login": logins[0] if logins else []}


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
        emails = await prepare(url, int(args.login_rate * args.seconds * args.rounds) + 100, args.spots)
        port = local_services.free_port()
        env = {**os.environ, "DATABASE_URL": url, "REDIS_URL": redis_url,
               "SECRET_KEY": uuid.uuid4().hex + uuid.uuid4().hex, "LOG_LEVEL": "INFO", "ENVIRONMENT": "development"}
        server = start_server(env, port, args.workers, base / "server.log")
        print(f"\n{args.spots} spots, {args.workers} workers; searches at {args.search_rate}/s (uncached, 2 km), "
              f"logins at {args.login_rate}/s, {args.seconds:.0f} s per phase, {args.rounds} rounds; "
              f"{os.cpu_count()} cores shared by this client, the workers, PostgreSQL and Redis; "
              f"load average before: {os.getloadavg()[0]:.2f}")
        limits = httpx.Limits(max_connections=256, max_keepalive_connections=256)
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", limits=limits, timeout=30) as http:
            await phase(http, argparse.Namespace(**{**vars(args), "seconds": 3}), rng, None)  # warm the pools
            quiet_p99, burst_p99, logins = [], [], []
            for n in range(1, args.rounds + 1):
                quiet = await phase(http, args, rng, None)
                burst = await phase(http, args, rng, emails)
                quiet_p99.append(percentile([m for m, _ in quiet["search"]], 99))
                burst_p99.append(percentile([m for m, _ in burst["search"]], 99))
                logins += burst["login"]
                print(f"round {n}: search, no logins:   {summary(quiet['search'])}")
                print(f"         search, with logins: {summary(burst['search'])}")
                print(f"         login:               {summary(burst['login'])}")
        ratio = statistics.median(b / q for b, q in zip(burst_p99, quiet_p99))
        print(f"\nlogin over all rounds: {summary(logins)}")
        print(f"search p99 with logins / without (median over rounds): {ratio:.2f} "
              f"(target <= {TARGET}: {'met' if ratio <= TARGET else 'MISSED'})")
        print(f"load average after: {os.getloadavg()[0]:.2f}")
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
    parser.add_argument("--search-rate", type=float, default=100, help="searches per second")
    parser.add_argument("--login-rate", type=float, default=20, help="logins per second during a burst")
    parser.add_argument("--seconds", type=float, default=20, help="length of each phase")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--spots", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--params-only", action="store_true", help="only time the argon2id parameters")
    args = parser.parse_args(argv)
    if args.params_only:
        measure_parameters()
        return 0
    return asyncio.run(run(args))


if __name__ == "__main__":
    sys.exit(main())
