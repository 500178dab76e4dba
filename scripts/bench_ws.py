"""Benchmark: the WebSocket /api/v1/ws with N clients across the API's workers.

    .venv/bin/python -m scripts.bench_ws [--clients 1000] [--workers 2] [--rate 20] [--seconds 30]

Starts a throwaway PostgreSQL and Redis (a temporary folder, removed at the end), migrates, makes
20 owners with 10 spots each, and serves the API (`sanic sanic_app:create_app --factory`) with
--workers workers. Then it opens --clients connections from this process: 20 signed in as the
owners, half of the rest as renters (one user each), the others anonymous; each watches 5 random
spots. With every connection idle it reads the workers' memory (RSS, from /proc) and compares it
with the same reading before the connections were opened: memory per 1,000 idle connections.

It then drives changes in SQL at --rate per second for --seconds, as any writer would (events come
from the database's triggers whoever makes the change): half flip a spot's availability (a public
event to its watchers), half make a booking for a signed-in renter on a spot that is not flipped
and confirm it the next tick (new_booking and booking_update, to the renter and the spot's owner).
Each client notes when every message arrives. At the end the events table says which events each
client may see (the audience columns): it prints the deliveries expected, received, lost (must be 0)
and repeated, and the latency from the commit (each event's `at`, taken in the commit's trigger) to
receipt, p50 / p90 / p99 / max. Clients and server share this machine's cores.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import aiosql
import asyncpg
import psutil
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from api.accounts import tokens
from api.core.settings import Settings
from scripts import local_services
from scripts.migrate import migrate

ROOT = Path(__file__).resolve().parent.parent
QUERIES = aiosql.from_path(Path(__file__).with_name("bench_ws.sql"), "asyncpg")
OWNERS, SPOTS_PER_OWNER, WATCHED = 20, 10, 5
PROTOCOL = "parkingspots.v1"


class Client:
    def __init__(self, n: int, user_id: uuid.UUID | None, token: str | None, spots: list[str]):
        self.n, self.user_id, self.token, self.spots = n, user_id, token, spots
        self.cursor = 0
        self.received: list[tuple[int, float, float]] = []   # (event id, committed at, received at)
        self.ws = None

    async def open(self, url: str) -> None:
        self.ws = await connect(url, subprotocols=[PROTOCOL], open_timeout=60, max_queue=None)
        await self.ws.recv()  # welcome
        if self.token:
            await self.ws.send(json.dumps({"type": "auth", "token": self.token}))
            assert json.loads(await self.ws.recv())["type"] == "authenticated"
        await self.ws.send(json.dumps({"type": "subscribe", "spots": self.spots}))
        answer = json.loads(await self.ws.recv())
        assert answer["type"] == "subscribed", answer
        self.cursor = answer["last_event_id"]

    async def listen(self) -> None:
        try:
            async for raw in self.ws:
                now = time.time()
                message = json.loads(raw)
                if "at" in message:
                    committed = datetime.fromisoformat(message["at"]).timestamp()
                    self.received.append((message["id"], committed, now))
        except ConnectionClosed:  # what was received is counted
            return


def worker_pids(server: subprocess.Popen, port: int) -> list[int]:
    """The server's worker processes: those listening on the port."""
    found = set()
    for child in psutil.Process(server.pid).children(recursive=True):
        try:
            if any(c.status == psutil.CONN_LISTEN and c.laddr.port == port for c in child.net_connections()):
                found.add(child.pid)
        except psutil.Error:
            pass
    return sorted(found)


def rss_mib(pids: list[int]) -> float:
    return sum(psutil.Process(pid).memory_info().rss for pid in pids) / 2**20


def start_server(env: dict, port: int, workers: int, log: Path) -> subprocess.Popen:
    sanic = str(Path(sys.executable).with_name("sanic"))
    with open(log, "w") as out:
        server = subprocess.Popen([sanic, "sanic_app:create_app", "--factory", "--port", str(port),
                                   "--workers", str(workers)], cwd=ROOT, env=env, stdout=out,
                                  stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while log.read_text().count("Worker ready") < workers:
        if server.poll() is not None or time.monotonic() > deadline:  # its log says why
            raise SystemExit(f"the server did not start:\n{log.read_text()[-3000:]}")
        time.sleep(0.2)
    time.sleep(2)  # let the workers' managers settle (Sanic) and their listeners connect
    return server


async def prepare(url: str, settings: Settings, clients: int, rng: random.Random):
    conn = await asyncpg.connect(url)
    try:
        owners = [r["id"] async for r in QUERIES.create_users(conn, prefix="owner", role="owner", n=OWNERS)]
        spots = [(str(r["id"]), r["owner_id"]) async for r in QUERIES.create_spots(
            conn, owner_ids=owners, per_owner=SPOTS_PER_OWNER)]
        renter_count = (clients - OWNERS) // 2
        renters = [r["id"] async for r in QUERIES.create_users(conn, prefix="renter", role="renter", n=renter_count)]
    finally:
        await conn.close()
    spot_ids = [s for s, _ in spots]

    def token(user_id) -> str:
        return tokens.encode(settings, user_id, "access", 0, uuid.uuid4(), timedelta(hours=2))

    people = [(o, token(o)) for o in owners] + [(r, token(r)) for r in renters]
    people += [(None, None)] * (clients - len(people))
    return [Client(n, user, tok, rng.sample(spot_ids, WATCHED)) for n, (user, tok) in enumerate(people)], spots, renters


async def drive(url: str, spots, renters, rate: float, seconds: float, rng: random.Random) -> dict:
    """Changes at a steady rate; returns how many of each were made."""
    conn = await asyncpg.connect(url)
    flippable = [s for n, (s, _) in enumerate(spots) if n % 2]
    bookable = [s for n, (s, _) in enumerate(spots) if not n % 2]
    next_slot = {s: 0 for s in bookable}
    day = (datetime.now(UTC) + timedelta(days=1)).replace(minute=0, second=0, microsecond=0)
    made = {"spot_availability": 0, "new_booking": 0, "booking_update": 0}
    to_confirm: list = []
    began = time.monotonic()
    try:
        for tick in range(int(rate * seconds)):
            await asyncio.sleep(max(0.0, began + tick / rate - time.monotonic()))
            if tick % 2 == 0:
                await QUERIES.flip_spot(conn, spot_id=uuid.UUID(rng.choice(flippable)))
                made["spot_availability"] += 1
            elif to_confirm:
                await QUERIES.confirm(conn, booking_id=to_confirm.pop())
                made["booking_update"] += 1
            else:
                spot = rng.choice(bookable)
                start = day + timedelta(hours=next_slot[spot])
                next_slot[spot] += 1
                to_confirm.append(await QUERIES.book(conn, user_id=rng.choice(renters), spot_id=uuid.UUID(spot),
                                                     start_time=start, end_time=start + timedelta(hours=1)))
                made["new_booking"] += 1
        made["seconds"] = time.monotonic() - began
    finally:
        await conn.close()
    return made


def expected_for(client: Client, events) -> set[int]:
    watched = set(client.spots)
    return {e["id"] for e in events if e["id"] > client.cursor and (
        (e["public"] and str(e["spot_id"]) in watched)
        or (client.user_id is not None and client.user_id in (e["user_id"], e["owner_id"])))}


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


async def run(args) -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, min(hard, 4 * args.clients + 1024)), hard))
    rng = random.Random(args.seed)
    base = Path(tempfile.mkdtemp(prefix="parkingspots-bench-ws-"))
    base.chmod(0o755)
    server = None
    try:
        url = local_services.start_postgres(base / "pg", local_services.free_port(), "parkingspots", throwaway=True)
        migrate(url)
        redis_url = local_services.start_redis(base / "redis", local_services.free_port())
        secret = uuid.uuid4().hex + uuid.uuid4().hex
        settings = Settings.from_values(database_url=url, secret_key=secret)
        clients, spots, renters = await prepare(url, settings, args.clients, rng)
        port = local_services.free_port()
        env = {**os.environ, "DATABASE_URL": url, "REDIS_URL": redis_url, "SECRET_KEY": secret,
               "LOG_LEVEL": "INFO", "WS_MAX_CONNECTIONS_PER_USER": "100"}
        server = start_server(env, port, args.workers, base / "server.log")
        pids = worker_pids(server, port)
        before = rss_mib(pids)
        ws_url = f"ws://127.0.0.1:{port}/api/v1/ws"
        began = time.monotonic()
        for first in range(0, len(clients), 100):
            await asyncio.gather(*[c.open(ws_url) for c in clients[first:first + 100]])
        opened = time.monotonic() - began
        await asyncio.sleep(3)
        after = rss_mib(pids)
        per_worker = {pid: sum(1 for c in psutil.Process(pid).net_connections()
                               if c.laddr.port == port and c.status == psutil.CONN_ESTABLISHED) for pid in pids}

        listeners = [asyncio.create_task(c.listen()) for c in clients]
        conn = await asyncpg.connect(url)
        first_id = await QUERIES.newest_event_id(conn)
        made = await drive(url, spots, renters, args.rate, args.seconds, rng)
        await asyncio.sleep(3)  # the last deliveries
        last_id = await QUERIES.newest_event_id(conn)
        events = [dict(r) async for r in QUERIES.events_between(conn, after=first_id, upto=last_id)]
        await conn.close()
        for c in clients:
            await c.ws.close()
        await asyncio.gather(*listeners)

        expected = received = lost = repeated = 0
        latencies = []
        for c in clients:
            want = expected_for(c, events)
            got = [event_id for event_id, _, _ in c.received]
            expected += len(want)
            received += len(got)
            lost += len(want - set(got))
            repeated += len(got) - len(set(got))
            latencies += [(arrived - committed) * 1000 for _, committed, arrived in c.received]
        signed_in = sum(1 for c in clients if c.token)
        print(f"clients: {len(clients)} ({OWNERS} owners, {signed_in - OWNERS} renters, "
              f"{len(clients) - signed_in} anonymous), {WATCHED} of {len(spots)} spots watched each; "
              f"{args.workers} workers holding {sorted(per_worker.values())} connections")
        print(f"connected and subscribed in {opened:.1f} s")
        print(f"worker memory (RSS, all workers): {before:.0f} MiB before, {after:.0f} MiB with the clients idle: "
              f"{(after - before) / len(clients) * 1000:.1f} MiB per 1,000 idle connections")
        print(f"driven: {sum(v for k, v in made.items() if k != 'seconds')} changes in {made['seconds']:.1f} s "
              f"({made['spot_availability']} availability flips, {made['new_booking']} bookings, "
              f"{made['booking_update']} confirmations): {len(events)} events")
        print(f"deliveries: expected {expected}, received {received}, lost {lost}, repeated {repeated}")
        if latencies:
            print(f"latency commit -> client receipt (ms): p50 {statistics.median(latencies):.1f}, "
                  f"p90 {percentile(latencies, 90):.1f}, p99 {percentile(latencies, 99):.1f}, "
                  f"max {max(latencies):.1f} over {len(latencies)} deliveries")
        print(f"load average: {os.getloadavg()[0]:.2f}")
        if lost or repeated:
            raise SystemExit("events were lost or repeated")
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rate", type=float, default=20, help="changes per second")
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--seed", type=int, default=11)
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
