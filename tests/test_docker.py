"""What can be checked of the Docker stack without a Docker engine (docs/operations.md says what else
was checked by hand):

* the API image's build context (.dockerignore) holds what runs and nothing else;
* the database image's first start, replayed on a local PostgreSQL: initdb, then docker/db-init.sh
  as the postgres image's entrypoint runs it (PGDATA, POSTGRES_DB), then a start and the
  migrations as the migrate service runs them: pg_cron is preloaded and lives in the app database,
  and the database holds exactly the extensions the migrations create (postgis/postgis's own init
  script, which this one replaces, added postgis_topology, fuzzystrmatch, postgis_tiger_geocoder).
"""
from __future__ import annotations

import fnmatch
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import psycopg

from scripts import local_services
from scripts.migrate import migrate

ROOT = Path(__file__).resolve().parent.parent
RUNS = {"api", "db", "jobs", "migrations", "scripts", "sql", "sanic_app.py", "requirements.txt"}
STAYS_OUT = {"tests", "mobile", "docs", "seed", ".git", ".venv", ".data", ".env", "Makefile", "docker-compose.yml"}


def admitted(name: str) -> bool:
    """Whether .dockerignore lets this top-level entry into the context (the last matching line wins)."""
    verdict = True
    for line in (ROOT / ".dockerignore").read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        negated, pattern = line.startswith("!"), line.lstrip("!").rstrip("/")
        if "/" not in pattern and fnmatch.fnmatch(name, pattern):
            verdict = negated
    return verdict


def test_the_build_context_holds_what_runs_and_nothing_else():
    assert {name for name in RUNS if not admitted(name)} == set()
    assert {name for name in STAYS_OUT if admitted(name)} == set()
    strays = {path.name for path in ROOT.iterdir() if admitted(path.name)} - RUNS
    assert strays == set(), f"new top-level entries reach the image: {strays} (.dockerignore)"


def as_postgres(cmd: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else cmd


def test_the_database_image_init_creates_nothing_and_sets_up_pg_cron():
    base = Path(tempfile.mkdtemp(prefix="parkingspots-dbinit-"))
    base.chmod(0o755)
    data = base / "data"
    data.mkdir(mode=0o700)
    if os.geteuid() == 0:
        shutil.chown(data, "postgres", "postgres")
    port = local_services.free_port()
    try:
        subprocess.run(as_postgres([local_services.pg_bin("initdb"), "-D", str(data), "-U", "postgres",
                                    "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8"]),
                       check=True, capture_output=True)
        # The image runs it as postgres; here it may run as whoever we are (it only appends to a file).
        init = subprocess.run(["bash", str(ROOT / "docker" / "db-init.sh")], check=False, capture_output=True, text=True,
                              env={**os.environ, "PGDATA": str(data), "POSTGRES_DB": "parkingspots"})
        assert init.returncode == 0, init.stderr
        subprocess.run(as_postgres([local_services.pg_bin("pg_ctl"), "start", "-w", "-D", str(data),
                                    "-l", str(data / "server.log"),
                                    "-o", (f"-p {port} -c listen_addresses=127.0.0.1 -c unix_socket_directories='' "
                                           "-c fsync=off")]),
                       check=True, capture_output=True)
        server = f"postgresql://postgres@127.0.0.1:{port}"
        with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
            conn.execute("create database parkingspots")  # what the entrypoint does for POSTGRES_DB
            assert conn.execute("show shared_preload_libraries").fetchone()[0] == "pg_cron"
            assert conn.execute("show cron.database_name").fetchone()[0] == "parkingspots"
            assert conn.execute("show log_error_verbosity").fetchone()[0] == "terse"
        with psycopg.connect(f"{server}/parkingspots") as conn:
            assert [row[0] for row in conn.execute("select extname from pg_extension")] == ["plpgsql"]

        migrate(f"{server}/parkingspots")

        with psycopg.connect(f"{server}/parkingspots") as conn:
            extensions = sorted(row[0] for row in conn.execute("select extname from pg_extension"))
            databases = sorted(row[0] for row in conn.execute("select datname from pg_database"))
        assert extensions == ["btree_gist", "citext", "pg_cron", "plpgsql", "postgis"]
        assert databases == ["parkingspots", "postgres", "template0", "template1"]
    finally:
        subprocess.run(as_postgres([local_services.pg_bin("pg_ctl"), "stop", "-w", "-m", "fast", "-D", str(data)]),
                       check=False, capture_output=True)
        shutil.rmtree(base, ignore_errors=True)
