"""The cluster's PostgreSQL: the primary made as make run makes its private cluster (scripts/serve.py
set_up: migrations, the demo city, the pg_cron jobs), the replica a base backup of it streaming on a
physical replication slot, in hot standby."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import aiosql
import psycopg

from scripts import local_services, serve
from scripts.cluster.layout import Layout, run, wait_for

QUERIES = aiosql.from_path(Path(__file__).with_name("cluster.sql"), "psycopg")
SLOT = "cluster_replica"


def admin_url(port: int, dbname: str = local_services.APP_DB) -> str:
    return f"postgresql://postgres@127.0.0.1:{port}/{dbname}"


def start_primary(lay: Layout) -> str:
    """Create (once) and start the primary, migrate it, load the demo city once, bound the WAL the
    replica's slot may hold back (2 GB); its superuser URL."""
    lay.pg_root.mkdir(parents=True, exist_ok=True)
    url = local_services.start_postgres(lay.primary_dir, lay.primary_port)
    serve.set_up(url)
    with psycopg.connect(url, autocommit=True) as conn:  # ALTER SYSTEM runs outside a transaction
        QUERIES.limit_slot_wal(conn)
        QUERIES.reload_settings(conn)
    return url


def start_replica(lay: Layout, primary_url: str) -> str:
    """Make the replica once (pg_basebackup -R -X stream on the slot SLOT, created with it), start it
    in hot standby and wait until it streams; its superuser URL."""
    if not (lay.replica_dir / "PG_VERSION").exists():
        with psycopg.connect(primary_url, autocommit=True) as conn:
            if QUERIES.slot_exists(conn, slot_name=SLOT):  # the slot of a replica whose folder was deleted
                QUERIES.drop_slot(conn, slot_name=SLOT)
        shutil.rmtree(lay.replica_dir, ignore_errors=True)
        lay.replica_dir.mkdir(parents=True)
        if os.geteuid() == 0:
            shutil.chown(lay.replica_dir, "postgres", "postgres")
        lay.replica_dir.chmod(0o700)
        print(f"replica: pg_basebackup of the primary into {lay.replica_dir}...", flush=True)
        run(local_services.as_cluster_owner([
            local_services.pg_bin("pg_basebackup"), "-h", "127.0.0.1", "-p", str(lay.primary_port), "-U", "postgres",
            "-D", str(lay.replica_dir), "-R", "-X", "stream", "-C", "-S", SLOT, "--checkpoint=fast"]),
            "pg_basebackup")
        (lay.replica_dir / "server.log").unlink(missing_ok=True)  # the primary's log, copied with the rest
    url = local_services.start_postgres(lay.replica_dir, lay.replica_port)
    with psycopg.connect(url, autocommit=True) as conn:
        if not QUERIES.in_recovery(conn):
            raise RuntimeError(f"{lay.replica_dir} is not a standby (no standby.signal): delete it to make it again")

    def streaming() -> bool:
        with psycopg.connect(primary_url, autocommit=True) as conn:
            lag = QUERIES.replica_lag(conn, slot_name=SLOT)
        return lag is not None and lag[1] == "streaming"
    wait_for("the replica's streaming", streaming, log=lay.replica_dir / "server.log")
    return url


def replica_lag(lay: Layout) -> tuple[str | None, int] | None:
    """(walsender state or None, bytes of WAL the replica has not replayed), read on the primary."""
    try:
        with psycopg.connect(admin_url(lay.primary_port), autocommit=True, connect_timeout=2) as conn:
            row = QUERIES.replica_lag(conn, slot_name=SLOT)
    except psycopg.OperationalError:
        return None
    return (row[1], int(row[2] or 0)) if row else None


def cron_running(port: int) -> bool | None:
    """Whether pg_cron's launcher runs on the server (None: it does not answer)."""
    try:
        with psycopg.connect(admin_url(port), autocommit=True, connect_timeout=2) as conn:
            return QUERIES.cron_launcher_running(conn)
    except psycopg.OperationalError:
        return None
