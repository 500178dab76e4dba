"""What each part of `make cluster` takes on this machine, for docs/scale-out.md (issue 16).

    .venv/bin/python -m scripts.bench_scale [--seconds 8] [--connections 32] [--ws 1000] [--json FILE]

Runs against the cluster of `make cluster` (it runs `python -m scripts.cluster up` first when HAProxy
does not answer /health/ready; ports come from scripts/cluster/layout.py) and prints one table:

- bookings/s on distinct slots, through HAProxy (both API nodes) and through one node: the clients,
  owner, spots and slots of scripts/bench_bookings.py (its prepare, connected and distinct_run), with the
  primary's CPU microseconds per booking, which bounds what the primary alone could take;
- searches/s of the product's radius search SQL under pgbench (scripts/bench_pgbench.py) on the
  replica and on the primary, points drawn around San Francisco only: the demo city is the only
  data make cluster loads, so points in the other benchmark cities would find nothing and flatter it;
- cached search reads/s (wrk, one URL) against one API node's port and through HAProxy;
- idle WebSocket connections one node holds (scripts/bench_ws.py's Client, anonymous, 5 spots
  each) and the node's memory per connection, on the node that has opened the fewest so far (its
  /metrics): a node reuses the memory earlier connections freed, so only its first ones show their
  cost, and the table says when the figure is an underestimate.

Every figure carries the 1-minute load average read right after it: the machine's 2 cores run the
load generator, the nodes, both PostgreSQL servers and Redis together, and other people's work.
The data is make cluster's demo city (about 3,000 spots in San Francisco), not the 1M-spot bench
cluster of scripts/bench_search.py: a 2 km search here sorts fewer candidates than a dense city's,
so searches/s are an upper figure for that query shape. The bench owner, renters and spots are
made on the first run and reused by the next ones (their bookings continue after the last slot);
the spots are available only while the bookings are measured, so no search of the cluster finds
them otherwise (they stand by the Ferry Building, inside the area the cluster tests search).
About a minute.
"""
from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import json
import os
import re
import resource
import subprocess
import sys
import time
import uuid
from datetime import timedelta
from pathlib import Path

import aiosql
import asyncpg
import httpx
import psutil

from api.accounts import tokens
from api.core.settings import Settings
from scripts import bench_bookings, bench_pgbench, bench_ws, demo_city, local_services
from scripts.bench_http import cpu_by_pid
from scripts.cluster import api_nodes
from scripts.cluster.layout import Layout, layout
from scripts.cluster.postgres import admin_url

ROOT = Path(__file__).resolve().parent.parent
USERS = aiosql.from_path(ROOT / "sql" / "accounts" / "users.sql", "asyncpg")
LISTINGS = aiosql.from_path(ROOT / "sql" / "spots" / "listings.sql", "asyncpg")
SF = next(city for city in demo_city.US_CITIES if city.name == "San Francisco")
SEARCH = f"/api/v1/parking-spots?latitude={SF.lat}&longitude={SF.lon}&radius_km=2"


def load() -> float:
    return round(os.getloadavg()[0], 2)


def tree_cpu(pid: int) -> float:
    """CPU seconds of a process and its children so far (ended children it reaped included)."""
    return sum(cpu for p, (parent, cpu) in cpu_by_pid(children=True).items() if pid in (p, parent))


def postmaster(data_dir: Path) -> int:
    return int((data_dir / "postmaster.pid").read_text().split()[0])


def node_pids(lay: Layout, port: int) -> list[int]:
    """An API node's manager and its workers."""
    manager = psutil.Process(int(lay.api_pidfile(port).read_text()))
    return [manager.pid, *(child.pid for child in manager.children(recursive=True))]


def ensure_cluster(lay: Layout) -> None:
    if not api_nodes.http_ok(lay.lb_port):
        subprocess.run([sys.executable, "-m", "scripts.cluster", "up"], cwd=ROOT, check=True)


# --- bookings -------------------------------------------------------------------------------------------

async def bench_world(primary: str, settings: Settings) -> bench_bookings.Bench:
    """scripts/bench_bookings.py's owner, renters and spots: made on the first run, found by their emails
    (product SQL) on the next, with the slot numbering continued after the bookings they already hold."""
    try:
        return await bench_bookings.prepare(primary, settings)
    except asyncpg.UniqueViolationError:
        pass
    conn = await asyncpg.connect(primary)
    try:
        owner = (await USERS.get_user_by_email(conn, email="owner@bench.parkingspots.dev"))["id"]
        rows = [r async for r in LISTINGS.list_owner_spots(conn, owner_id=owner, lim=10_000, off=0)]
        spots = sorted((json.loads(r["item"]) if isinstance(r["item"], str) else r["item"])["id"] for r in rows)
        renters = [(await USERS.get_user_by_email(conn, email=f"renter-{i}@bench.parkingspots.dev"))["id"]
                   for i in range(1, bench_bookings.RENTERS + 1)]
        held = await bench_bookings.QUERIES.count_bookings(conn, spot_ids=spots)
    finally:
        await conn.close()
    signed = [tokens.encode(settings, r, "access", 0, uuid.uuid4(), timedelta(hours=2)) for r in renters]
    bench = bench_bookings.Bench(signed, spots[:bench_bookings.SPOTS], spots[-1])
    # Slot n books hour n // SPOTS after the first hour, which never moves earlier: starting past every
    # hour an earlier run may have used, whichever of its spots it booked, no slot is taken twice.
    bench.slots = itertools.count(-(-held // bench_bookings.SPOTS) * bench_bookings.SPOTS)
    return bench


async def set_available(primary: str, bench: bench_bookings.Bench, available: bool) -> None:
    """The bench spots on the market for the run and off it afterwards: between runs no search or map
    of the cluster finds them (the cluster tests expect a 1 km search around their own spot to find only it)."""
    conn = await asyncpg.connect(primary)
    try:
        for spot in [*bench.spots, bench.race_spot]:
            await LISTINGS.set_spot_available(conn, spot_id=uuid.UUID(spot), is_available=available)
    finally:
        await conn.close()


async def bookings(lay: Layout, bench: bench_bookings.Bench, port: int, args) -> dict:
    """Distinct-slot bookings through the port for args.seconds after a 2 s warm-up; bookings/s, the
    primary's and the API nodes' CPU per booking."""
    primary_pid = postmaster(lay.primary_dir)
    nodes = [pid for p in lay.api_ports for pid in node_pids(lay, p)]
    async with bench_bookings.connected(f"http://127.0.0.1:{port}", args.connections) as clients:
        await bench_bookings.distinct_run(clients, bench, 2)
        pg_before, cpu_before = tree_cpu(primary_pid), cpu_by_pid()
        run = await bench_bookings.distinct_run(clients, bench, args.seconds)
        pg_after, cpu_after = tree_cpu(primary_pid), cpu_by_pid()
    done = max(run["bookings"], 1)
    api_cpu = sum(cpu_after[p][1] - cpu_before.get(p, (0, 0.0))[1] for p in nodes if p in cpu_after)
    return {"rps": round(run["bookings"] / run["elapsed"], 1), "errors": sum(run["refused"].values()),
            "samples": run["samples"], "primary_us": round((pg_after - pg_before) / done * 1e6),
            "api_us": round(api_cpu / done * 1e6), "load": load()}


# --- searches on PostgreSQL -----------------------------------------------------------------------------

def searches(url: str, data_dir: Path, args) -> dict:
    """pgbench with the product's search SQL around San Francisco (the cluster holds no other city)."""
    pid = postmaster(data_dir)
    cities, bench_pgbench.demo_city.US_CITIES = bench_pgbench.demo_city.US_CITIES, [SF, SF]  # a CASE needs two arms
    try:
        result = bench_pgbench.run(url, int(args.seconds), 20, 7, lambda: tree_cpu(pid))
    finally:
        bench_pgbench.demo_city.US_CITIES = cities
    return {"rps": round(result["rps"]), "p50_ms": round(result["latency"][50], 2),
            "p99_ms": round(result["latency"][99], 2), "postgres_us": round(result["cpu_us"]["postgres"]),
            "problems": result["problems"], "load": load()}


# --- cached reads over HTTP -----------------------------------------------------------------------------

def cached_reads(port: int, args) -> dict:
    """wrk, 2 threads, 64 connections, one search URL (after the first answer, every one is a cache hit)."""
    url = f"http://127.0.0.1:{port}{SEARCH}"
    httpx.get(url, timeout=10).raise_for_status()
    out = subprocess.run(["wrk", "-t2", "-c64", f"-d{int(args.seconds)}s", "--latency", "--timeout", "5s", url],
                         capture_output=True, text=True, check=True).stdout
    p50 = re.search(r"^\s+50%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
    scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}
    return {"rps": round(float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))),
            "p50_ms": round(float(p50.group(1)) * scale[p50.group(2)], 2),
            "problems": [m.group(0) for m in re.finditer(r"(Non-2xx or 3xx responses|Socket errors):.*", out)],
            "load": load()}


# --- WebSocket connections ------------------------------------------------------------------------------

def ws_opened_before(port: int) -> int:
    """WebSocket connections the node has opened since it started (its /metrics): memory that earlier
    connections freed is reused by the next ones, so only a node that never held any shows their cost."""
    text = httpx.get(f"http://127.0.0.1:{port}/metrics", timeout=10).text
    found = re.search(r"^parkingspots_websocket_connections_opened_total (\S+)$", text, re.M)
    return int(float(found.group(1))) if found else 0


async def websockets_held(lay: Layout, port: int, count: int) -> dict:
    """count anonymous connections to one node, each watching 5 spots of the demo city, left idle."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, min(hard, 4 * count + 1024)), hard))
    found = httpx.get(f"http://127.0.0.1:{port}{SEARCH}", timeout=10)
    found.raise_for_status()
    spots = [item["id"] for item in found.json()]  # the nearest 20
    pids, opened_before = node_pids(lay, port), ws_opened_before(port)
    before = bench_ws.rss_mib(pids)
    clients = [bench_ws.Client(n, None, None, [spots[(n + k) % len(spots)] for k in range(5)]) for n in range(count)]
    began = time.monotonic()
    try:
        for first in range(0, count, 100):
            await asyncio.gather(*[c.open(f"ws://127.0.0.1:{port}/api/v1/ws") for c in clients[first:first + 100]])
        opened = time.monotonic() - began
        await asyncio.sleep(3)
        after = bench_ws.rss_mib(pids)
        sockets = sum(1 for pid in pids for c in psutil.Process(pid).net_connections()
                      if c.laddr.port == port and c.status == psutil.CONN_ESTABLISHED)  # HAProxy's too
        figures = {"held": sum(1 for c in clients if c.ws is not None), "node_sockets": sockets,
                   "port": port, "opened_before": opened_before,
                   "open_s": round(opened, 1), "rss_before_mib": round(before),
                   "rss_after_mib": round(after), "kib_per_conn": round((after - before) * 1024 / count, 1),
                   "load": load()}
    finally:
        for c in clients:
            if c.ws is not None:
                with contextlib.suppress(Exception):
                    await c.ws.close()
    return figures


# --- the run --------------------------------------------------------------------------------------------

async def measure(args) -> dict:
    lay = layout()
    ensure_cluster(lay)
    node = lay.api_ports[0]
    secret = os.environ.get("SECRET_KEY") or local_services.secret_key()  # as scripts/cluster/api_nodes.py
    primary, replica = admin_url(lay.primary_port), admin_url(lay.replica_port)
    started = time.monotonic()
    figures = {"date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "cores": os.cpu_count(),
               "load_before": load(), "workers": lay.workers, "seconds": args.seconds, "connections": args.connections}
    bench = await bench_world(primary, Settings.from_values(database_url=primary, secret_key=secret))
    await set_available(primary, bench, True)
    try:
        figures["bookings_haproxy"] = await bookings(lay, bench, lay.lb_port, args)
        figures["bookings_node"] = await bookings(lay, bench, node, args)
    finally:
        await set_available(primary, bench, False)
    figures["search_sql_replica"] = searches(replica, lay.replica_dir, args)
    figures["search_sql_primary"] = searches(primary, lay.primary_dir, args)
    figures["cached_node"] = cached_reads(node, args)
    figures["cached_haproxy"] = cached_reads(lay.lb_port, args)
    fresh = min(lay.api_ports, key=ws_opened_before)  # the node whose memory no connection has touched yet
    figures["websockets_node"] = await websockets_held(lay, fresh, args.ws)
    figures["elapsed_s"] = round(time.monotonic() - started)
    return figures


def table(f: dict) -> str:
    b1, b2 = f["bookings_haproxy"], f["bookings_node"]
    r, p = f["search_sql_replica"], f["search_sql_primary"]
    c1, c2, w = f["cached_node"], f["cached_haproxy"], f["websockets_node"]
    rows = [
        ("bookings, distinct slots, via HAProxy (2 nodes)", f"{b1['rps']:,.0f}/s",
         f"{f['connections']} clients; primary {b1['primary_us']:,} µs CPU/booking, API nodes {b1['api_us']:,}; "
         f"{b1['errors']} not 201", b1["load"]),
        ("bookings, distinct slots, one API node", f"{b2['rps']:,.0f}/s",
         f"primary {b2['primary_us']:,} µs CPU/booking, API nodes {b2['api_us']:,}; {b2['errors']} not 201",
         b2["load"]),
        ("search SQL (pgbench) on the replica", f"{r['rps']:,}/s",
         f"20 clients; p50 {r['p50_ms']} ms p99 {r['p99_ms']} ms; {r['postgres_us']:,} µs CPU/search", r["load"]),
        ("search SQL (pgbench) on the primary", f"{p['rps']:,}/s",
         f"20 clients; p50 {p['p50_ms']} ms p99 {p['p99_ms']} ms; {p['postgres_us']:,} µs CPU/search", p["load"]),
        ("cached search reads, one API node", f"{c1['rps']:,}/s",
         f"wrk 64 connections, one URL; p50 {c1['p50_ms']} ms; {'; '.join(c1['problems']) or 'no errors'}",
         c1["load"]),
        ("cached search reads, via HAProxy (2 nodes)", f"{c2['rps']:,}/s",
         f"p50 {c2['p50_ms']} ms; {'; '.join(c2['problems']) or 'no errors'}", c2["load"]),
        ("idle WebSocket connections, one API node", f"{w['held']:,} held",
         f"subscribed in {w['open_s']} s; {w['node_sockets']} sockets on the node; "
         f"RSS {w['rss_before_mib']} -> {w['rss_after_mib']} MiB = "
         f"{w['kib_per_conn']} KiB per connection (node {w['port']}, "
         + (f"which had opened {w['opened_before']:,} before: an underestimate)" if w["opened_before"]
            else "its first connections)"), w["load"]),
    ]
    width = max(len(row[0]) for row in rows)
    lines = [f"scale capacity, {f['date']}, {f['cores']} cores shared by everything, "
             f"{f['workers']} worker(s) per node, "
             f"{f['seconds']:g} s per run; load average before {f['load_before']}", "",
             f"| {'part':<{width}} | figure | detail | load avg |", f"|{'-' * (width + 2)}|---|---|---|"]
    lines += [f"| {name:<{width}} | {value} | {detail} | {avg} |" for name, value, detail, avg in rows]
    lines.append(f"\nwhole run {f['elapsed_s']} s")
    for run in (b1, b2):
        for status, text in run["samples"].items():
            lines.append(f"  refused booking e.g. {status or 'failed'}: {text}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     epilog="Details: python -m pydoc scripts.bench_scale")
    parser.add_argument("--seconds", type=float, default=8, help="length of each measured run")
    parser.add_argument("--connections", type=int, default=32, help="booking clients")
    parser.add_argument("--ws", type=int, default=1000, help="idle WebSocket connections to open on one node")
    parser.add_argument("--json", type=Path, help="also write the figures to this file as JSON")
    args = parser.parse_args(argv)
    if args.seconds < 2 or args.connections < 1 or args.ws < 1:
        parser.error("--seconds at least 2, --connections and --ws at least 1")
    figures = asyncio.run(measure(args))
    print(table(figures))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2, default=str))
    failed = any(figures[k]["errors"] for k in ("bookings_haproxy", "bookings_node"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
