"""Benchmark: booking creation, POST /api/v1/bookings, on distinct slots and in a single-slot race (issue 15).

    .venv/bin/python -m scripts.bench_bookings [--workers 2] [--seconds 10] [--connections 32]
                                               [--race 50] [--races 20] [--summary FILE]

Starts a throwaway PostgreSQL and Redis (a temporary folder, removed at the end), migrates, makes
one owner with SPOTS spots plus one spot for the races, and RENTERS renters whose access tokens it
signs with the app's own settings (Settings, api.accounts.tokens: the server runs with the same
SECRET_KEY), then serves the real API (`sanic sanic_app:create_app --factory`, --workers workers,
ENVIRONMENT=development, payments off: bookings are confirmed at once, as with no Stripe keys).

Distinct slots: --connections clients (httpx, one keep-alive connection each, closed loop: each
sends its next booking when the last one answered) book for --seconds, after a 2 s warm-up that
grows the pools. Booking n goes to spot n mod SPOTS, renter n mod RENTERS, the one-hour window
that starts (n div SPOTS) hours after the whole hour 24 h from now: no two ever collide, and
consecutive bookings take different spots (the booking rules lock the spot's row). It prints bookings/s (201
answers per second), latency p50/p90/p99 (ms), every answer that was not a 201 (must be none),
and CPU microseconds per booking used by the server's workers, PostgreSQL's backends and this
client (read from /proc, scripts.bench_logins.CpuMeter), with the whole machine's busy cores.

The race, --races times: --race different renters, each on a connection already open, wait at a
barrier and then all POST the same spot and window at once (each race its own window). Exactly
one 201 and --race - 1 409s with the code bookings_no_overlap are expected each time; any other
outcome is printed and counted. It prints p50/p99 of all race answers (ms from each request's
start) and of the time from a race's first request to its last answer. Afterwards the database
is asked how many bookings the spots hold: the distinct spots as many as 201s, the race spot one
per race.

--summary FILE writes the figures as one JSON object (distinct_rps, distinct_p50_ms,
distinct_p90_ms, distinct_p99_ms, distinct_errors, race_p50_ms, race_p99_ms, race_last_p50_ms,
race_last_p99_ms, race_winners_ok (races that ended as expected), races, ...) for `make bench`.
Clients, server, PostgreSQL and Redis share this machine's cores; the load average is printed.
Exits 1 when a distinct booking was refused, a race did not end as expected or the database
disagrees with the answers.
"""
from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import aiosql
import asyncpg
import httpx

from api.accounts import tokens
from api.core.settings import Settings
from scripts import bench_summary, local_services
from scripts.bench_http import Server
from scripts.bench_logins import CpuMeter, percentile
from scripts.migrate import migrate

QUERIES = aiosql.from_path(Path(__file__).with_name("bench_bookings.sql"), "asyncpg")
BOOKINGS = "/api/v1/bookings"
SPOTS, RENTERS = 500, 1000
WARM_UP_SECONDS = 2


def iso(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


class Bench:
    """The made-up world: renters' tokens, the spots, and where the slots start."""

    def __init__(self, renter_tokens: list[str], spots: list[str], race_spot: str):
        self.tokens, self.spots, self.race_spot = renter_tokens, spots, race_spot
        tomorrow = datetime.now(UTC) + timedelta(days=1)
        self.first_hour = tomorrow.replace(minute=0, second=0, microsecond=0)
        self.slots = itertools.count()   # distinct slots, numbered across warm-up and measurement

    def distinct(self, n: int) -> tuple[str, dict]:
        """Booking n of the distinct-slot run: (token, body); never the same spot and window twice."""
        start = self.first_hour + timedelta(hours=n // len(self.spots))
        return self.tokens[n % len(self.tokens)], self.body(self.spots[n % len(self.spots)], start)

    @staticmethod
    def body(spot: str, start: datetime) -> dict:
        return {"parking_spot_id": spot, "start_time": iso(start), "end_time": iso(start + timedelta(hours=1))}


async def prepare(url: str, settings: Settings) -> Bench:
    conn = await asyncpg.connect(url)
    try:
        owner = await QUERIES.create_owner(conn)
        spots = [str(r["id"]) async for r in QUERIES.create_spots(conn, owner_id=owner, n=SPOTS + 1)]
        renters = [r["id"] async for r in QUERIES.create_renters(conn, n=RENTERS)]
        await QUERIES.analyze_all(conn)
    finally:
        await conn.close()
    signed = [tokens.encode(settings, renter, "access", 0, uuid.uuid4(), timedelta(hours=2)) for renter in renters]
    return Bench(signed, spots[:-1], spots[-1])


async def post(http: httpx.AsyncClient, token: str, body: dict) -> tuple[int, str]:
    """(status, body) of one booking; status 0 when the request itself failed."""
    try:
        answer = await http.post(BOOKINGS, json=body, headers={"Authorization": f"Bearer {token}"})
    except httpx.HTTPError as exc:
        return 0, f"{type(exc).__name__}: {exc}"
    return answer.status_code, answer.text


@contextlib.asynccontextmanager
async def connected(url: str, n: int):
    """n httpx clients of one keep-alive connection each, already connected (so no measured request
    pays a connect). One client per connection: a single client's pool, shared by 32 tasks, cost ~5 ms
    of client CPU per request here, against ~1.2 ms for one client each."""
    async with contextlib.AsyncExitStack() as stack:
        clients = [await stack.enter_async_context(httpx.AsyncClient(
            base_url=url, timeout=30, limits=httpx.Limits(max_connections=1))) for _ in range(n)]
        answers = await asyncio.gather(*[client.get("/health") for client in clients])  # liveness: no pool
        assert all(a.status_code == 200 for a in answers), [a.status_code for a in answers]
        yield clients


async def distinct_run(clients: list[httpx.AsyncClient], bench: Bench, seconds: float) -> dict:
    """Closed-loop clients booking distinct slots for `seconds`."""
    latencies: list[float] = []
    refused: Counter = Counter()
    samples: dict[int, str] = {}

    async def client(http: httpx.AsyncClient) -> None:
        while time.monotonic() < deadline:
            token, body = bench.distinct(next(bench.slots))
            began = time.perf_counter()
            status, text = await post(http, token, body)
            latencies.append((time.perf_counter() - began) * 1000)
            if status != 201:
                refused[status] += 1
                samples.setdefault(status, text[:300])

    started = time.monotonic()
    deadline = started + seconds
    await asyncio.gather(*[client(http) for http in clients])
    elapsed = time.monotonic() - started
    return {"elapsed": elapsed, "latencies": latencies, "refused": refused, "samples": samples,
            "bookings": len(latencies) - sum(refused.values())}


async def one_race(clients: list[httpx.AsyncClient], racers: list[str], body: dict) -> list[tuple]:
    """Every racer, on its own connection, waits at a barrier, then all POST the same body: (start,
    end, status, text) each."""
    barrier = asyncio.Barrier(len(racers))

    async def racer(http: httpx.AsyncClient, token: str) -> tuple[float, float, int, str]:
        await barrier.wait()
        began = time.perf_counter()
        status, text = await post(http, token, body)
        return began, time.perf_counter(), status, text

    return await asyncio.gather(*[racer(http, token) for http, token in zip(clients, racers)])


def outcome(status: int, text: str) -> str:
    """'201', '409 <its code>' (a 409 must be the overlap refusal, not another rule), '422', 'failed'..."""
    if status == 409:
        try:
            return f"409 {json.loads(text).get('code')}"
        except ValueError:
            return "409 (not JSON)"
    return str(status or "failed")


async def race_run(clients: list[httpx.AsyncClient], bench: Bench, races: int) -> dict:
    size = len(clients)
    answers_ms, last_ms, deviations = [], [], []
    for n in range(races):
        racers = [bench.tokens[(n * size + i) % len(bench.tokens)] for i in range(size)]
        start = bench.first_hour + timedelta(hours=n)
        answers = await one_race(clients, racers, bench.body(bench.race_spot, start))
        first = min(began for began, _, _, _ in answers)
        answers_ms += [(end - began) * 1000 for began, end, _, _ in answers]
        last_ms.append((max(end for _, end, _, _ in answers) - first) * 1000)
        outcomes = Counter(outcome(status, text) for _, _, status, text in answers)
        if outcomes != Counter({"201": 1, "409 bookings_no_overlap": size - 1}):
            odd = next((text for _, _, status, text in answers if status not in (201, 409)), "")
            deviations.append(f"race {n + 1}: " + ", ".join(f"{c} x {o}" for o, c in sorted(outcomes.items()))
                              + (f" ({odd[:200]})" if odd else ""))
    return {"answers_ms": answers_ms, "last_ms": last_ms, "deviations": deviations}


def cpu_per_booking(meter: CpuMeter, bookings: int) -> dict[str, float]:
    """CPU microseconds per booking of each process group the meter watched (not the whole machine)."""
    return {name: cores * meter.seconds / max(bookings, 1) * 1e6
            for name, cores in meter.cores.items() if name != "machine"}


def report(args, distinct: dict, cpu_us: dict, machine_cores: float, races: dict, counted: dict) -> dict:
    lat = distinct["latencies"]
    figures = {
        "workers": args.workers, "connections": args.connections, "seconds": args.seconds,
        "distinct_bookings": distinct["bookings"],
        "distinct_rps": round(distinct["bookings"] / distinct["elapsed"], 1),
        "distinct_p50_ms": round(statistics.median(lat), 2),
        "distinct_p90_ms": round(percentile(lat, 90), 2),
        "distinct_p99_ms": round(percentile(lat, 99), 2),
        "distinct_errors": sum(distinct["refused"].values()),
        "distinct_cpu_us": {name: round(us) for name, us in cpu_us.items()},
        "race_size": args.race, "races": args.races,
        "race_winners_ok": args.races - len(races["deviations"]),
        "race_p50_ms": round(statistics.median(races["answers_ms"]), 2),
        "race_p99_ms": round(percentile(races["answers_ms"], 99), 2),
        "race_last_p50_ms": round(statistics.median(races["last_ms"]), 2),
        "race_last_p99_ms": round(percentile(races["last_ms"], 99), 2),
        "race_deviations": races["deviations"],
        "database_agrees": counted["distinct"] == counted["distinct_201s"] and counted["race"] == args.races,
        "load_average": round(os.getloadavg()[0], 2),
    }
    refused = ", ".join(f"{c} x {s or 'failed'}" for s, c in sorted(distinct["refused"].items())) or "none"
    print(f"\ndistinct slots, {args.connections} connections, {distinct['elapsed']:.1f} s: "
          f"{figures['distinct_bookings']:,} bookings, {figures['distinct_rps']:,.0f} bookings/s")
    print(f"  latency ms: p50 {figures['distinct_p50_ms']:.1f}  p90 {figures['distinct_p90_ms']:.1f}  "
          f"p99 {figures['distinct_p99_ms']:.1f}")
    print(f"  answers other than 201: {refused}")
    for status, text in distinct["samples"].items():
        print(f"    e.g. {status or 'failed'}: {text}")
    print("  CPU µs per booking: " + "  ".join(f"{name} {us:,.0f}" for name, us in cpu_us.items())
          + f"  (the whole machine was {machine_cores:.2f} of {os.cpu_count()} cores busy)")
    print(f"\nrace: {args.races} x {args.race} renters on one spot and window at once: "
          f"{figures['race_winners_ok']}/{args.races} with exactly one 201 and {args.race - 1} 409s")
    for deviation in races["deviations"]:
        print(f"  DEVIATION {deviation}")
    print(f"  every answer, ms: p50 {figures['race_p50_ms']:.1f}  p99 {figures['race_p99_ms']:.1f} "
          f"({len(races['answers_ms'])} answers)")
    print(f"  first request to last answer of a race, ms: p50 {figures['race_last_p50_ms']:.1f}  "
          f"p99 {figures['race_last_p99_ms']:.1f}")
    print(f"\ndatabase: {counted['distinct']:,} bookings on the distinct spots for {counted['distinct_201s']:,} "
          f"201 answers; {counted['race']} on the race spot for {args.races} races"
          + ("" if figures["database_agrees"] else "  MISMATCH"))
    print(f"load average after: {figures['load_average']:.2f}")
    return figures


async def run(args) -> int:
    base = Path(tempfile.mkdtemp(prefix="parkingspots-bench-bookings-"))
    base.chmod(0o755)
    try:
        url = local_services.start_postgres(base / "pg", local_services.free_port(), "parkingspots", throwaway=True)
        migrate(url)
        redis_url = local_services.start_redis(base / "redis", local_services.free_port())
        secret = uuid.uuid4().hex + uuid.uuid4().hex
        bench = await prepare(url, Settings.from_values(database_url=url, secret_key=secret))
        env = {"DATABASE_URL": url, "REDIS_URL": redis_url, "SECRET_KEY": secret, "ENVIRONMENT": "development",
               "LOG_LEVEL": "INFO", "STRIPE_SECRET_KEY": ""}
        with Server("sanic_app:create_app", args.workers, env, base / "server.log") as server:
            print(f"{args.workers} worker(s), {SPOTS} spots, {RENTERS} renters; {os.cpu_count()} cores shared by "
                  f"this client, the workers, PostgreSQL and Redis; load average before: {os.getloadavg()[0]:.2f}",
                  flush=True)
            async with connected(server.url, args.connections) as clients:
                warm = await distinct_run(clients, bench, min(WARM_UP_SECONDS, args.seconds))
                meter = CpuMeter(server.log, base / "pg")
                with meter:
                    distinct = await distinct_run(clients, bench, args.seconds)
            cpu_us = cpu_per_booking(meter, distinct["bookings"])
            async with connected(server.url, args.race) as clients:
                races = await race_run(clients, bench, args.races)
        conn = await asyncpg.connect(url)
        try:
            counted = {"distinct": await QUERIES.count_bookings(conn, spot_ids=bench.spots),
                       "distinct_201s": warm["bookings"] + distinct["bookings"],
                       "race": await QUERIES.count_bookings(conn, spot_ids=[bench.race_spot])}
        finally:
            await conn.close()
        figures = report(args, distinct, cpu_us, meter.cores["machine"], races, counted)
        bench_summary.write(args, figures)
        failed = figures["distinct_errors"] or races["deviations"] or sum(warm["refused"].values()) \
            or not figures["database_agrees"]
        return 1 if failed else 0
    finally:
        local_services.stop_redis(base / "redis")
        local_services.stop_postgres(base / "pg")
        shutil.rmtree(base, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     epilog="Details: the module docstring (python -m pydoc scripts.bench_bookings).")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seconds", type=float, default=10, help="length of the distinct-slot run")
    parser.add_argument("--connections", type=int, default=32, help="concurrent clients booking distinct slots")
    parser.add_argument("--race", type=int, default=50, help="renters in each single-slot race")
    parser.add_argument("--races", type=int, default=20)
    bench_summary.argument(parser)
    args = parser.parse_args(argv)
    if not 2 <= args.race <= RENTERS or args.races < 1 or args.connections < 1:
        parser.error(f"--race must be 2 to {RENTERS} (different renters), --races and --connections at least 1")
    return asyncio.run(run(args))


if __name__ == "__main__":
    sys.exit(main())
