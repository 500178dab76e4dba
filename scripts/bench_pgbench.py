"""Ceiling D of scripts/bench_http.py: the product's radius search SQL under pgbench, no Python at all.

pgbench (PostgreSQL's own load generator, C, prepared statements) runs `search_spots_nearest` exactly
as sql/spots/search.sql has it (its `:name` parameters are pgbench variables) at a random point per
transaction near a demo city picked by weight, with as many clients as the product's pools hold
(2 workers x 10 connections) and the sessions' settings of the app's pool (api/core/db.py), and logs
every transaction's latency. Its points are uniform over a
square of the same area as the inner half of the city's radius (pgbench has no sine or cosine), the
disc the wrk runs draw from: the same density of spots around them. What a search costs PostgreSQL
with nothing in front of it is the most an HTTP search can hope for.
"""
from __future__ import annotations

import math
import os
import re
import resource
import subprocess
import tempfile
import time
from pathlib import Path

from api.core.db import SESSION_SETTINGS
from scripts import demo_city, local_services

ROOT = Path(__file__).resolve().parent.parent
SEARCH_SQL = ROOT / "sql" / "spots" / "search.sql"
QUERY = "search_spots_nearest"
FIXED = {"radius_m": "2000", "filters": "{}", "lim": "20", "off": "0"}  # as the wrk runs ask: 2 km, top 20


def query_text(name: str = QUERY) -> str:
    """The named query of sql/spots/search.sql, comments dropped, ending with ';' as pgbench wants."""
    block = SEARCH_SQL.read_text().split(f"-- name: {name}(", 1)[1].split("\n-- name:", 1)[0]
    lines = [line for line in block.splitlines()[1:] if line.strip() and not line.lstrip().startswith("--")]
    return "\n".join(lines).strip()


def _case(picks: list[tuple[int, float]]) -> str:
    """A pgbench CASE over the cumulative weight :w."""
    return "case " + " ".join(f"when :w <= {upto} then {value!r}" for upto, value in picks[:-1]) \
        + f" else {picks[-1][1]!r} end"


def script() -> str:
    """pgbench's script: a weighted city, a random point near its centre, then the search."""
    upto, cities = 0, []
    for city in demo_city.US_CITIES:
        upto += city.weight
        half_side_km = city.radius_km / 2 * math.sqrt(math.pi) / 2  # the square as wide as the disc
        cities.append((upto, city, half_side_km))
    lat = _case([(u, c.lat) for u, c, _ in cities])
    lon = _case([(u, c.lon) for u, c, _ in cities])
    dlat = _case([(u, round(h / 111.32, 6)) for u, c, h in cities])
    dlon = _case([(u, round(h / (111.32 * math.cos(math.radians(c.lat))), 6)) for u, c, h in cities])
    return "\n".join([
        f"\\set w random(1, {upto})",
        f"\\set lat {lat} + ({dlat}) * (random(-1000000, 1000000) / 1000000.0)",
        f"\\set lon {lon} + ({dlon}) * (random(-1000000, 1000000) / 1000000.0)",
        query_text(), ""])


def run(database_url: str, seconds: int, clients: int, seed: int, postgres_cpu) -> dict:
    """One pgbench run: transactions/s, latency percentiles (ms) from its per-transaction log, and CPU
    microseconds per transaction of the PostgreSQL backends (postgres_cpu() -> CPU seconds of the
    cluster's processes so far, ended ones included: pgbench's backends end with it) and of pgbench."""
    with tempfile.TemporaryDirectory(prefix="bench-pgbench-") as work:
        work = Path(work)
        (work / "search.sql").write_text(script())
        before, own_before = postgres_cpu(), resource.getrusage(resource.RUSAGE_CHILDREN)
        cmd = [local_services.pg_bin("pgbench"), "-n", "-M", "prepared", "-c", str(clients), "-j", "2",
               "-T", str(seconds), f"--random-seed={seed}", "-f", str(work / "search.sql"), "--log",
               f"--log-prefix={work / 'tx'}"]
        for name, value in FIXED.items():
            cmd += ["-D", f"{name}={value}"]
        options = " ".join(f"-c {name}={value}" for name, value in SESSION_SETTINGS.items())  # as the app's pool
        out = subprocess.run([*cmd, database_url], capture_output=True, text=True, cwd=work,
                             env={**os.environ, "PGOPTIONS": options})
        time.sleep(0.5)  # pgbench's backends have ended: their time counts once the postmaster reaped them
        after, own_after = postgres_cpu(), resource.getrusage(resource.RUSAGE_CHILDREN)
        if out.returncode != 0:
            raise RuntimeError(f"pgbench failed ({out.returncode}):\n{out.stdout}\n{out.stderr}")
        latencies = sorted(int(line.split()[2]) / 1000 for log in work.glob("tx*")
                           for line in log.read_text().splitlines())
    done = int(re.search(r"number of transactions actually processed: (\d+)", out.stdout).group(1))
    failed = re.search(r"number of failed transactions: (\d+)", out.stdout)
    backends = after - before
    own = own_after.ru_utime + own_after.ru_stime - own_before.ru_utime - own_before.ru_stime
    return {"rps": float(re.search(r"tps = ([\d.]+) \(without initial connection time\)", out.stdout).group(1)),
            "latency": {p: latencies[min(len(latencies) - 1, int(len(latencies) * p / 100))] for p in (50, 90, 99)},
            "cpu_us": {"workers": 0.0, "redis": 0.0, "postgres": backends / done * 1e6, "wrk": own / done * 1e6},
            "problems": [f"{failed.group(1)} failed transactions"] if failed and int(failed.group(1)) else []}
