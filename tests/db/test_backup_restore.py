"""Backup and restore as docs/operations.md tells them: `pg_dump -Fc` of a migrated database holding
demo data, then `pg_restore` --

* into a new database on the same cluster, with pg_cron's entries left out of the restore list
  (CREATE EXTENSION pg_cron works only in the cluster's cron.database_name), and
* onto a new cluster whose cron database it becomes, roles first (`pg_dumpall --roles-only`),
  everything included --

each without a single restore error, holding the same rows (counts and an md5 of every table),
the same materialized views, populated (a restore recomputes them), and current for
`scripts.migrate status` (no pending migration, rules current).
"""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

import asyncpg
import psycopg
import pytest
from psycopg import sql

from scripts import local_services
from scripts.demo_data import load_demo

ROOT = Path(__file__).resolve().parents[2]
# docs/operations.md's filter: `pg_restore -l FILE | grep -vE 'pg_cron| cron '` (the extension, its
# comment, and every entry in schema cron: its ACLs, the job tables' data, its sequences).
NOT_PG_CRON = re.compile(r"pg_cron| cron ")


def run(*cmd: str) -> subprocess.CompletedProcess:
    done = subprocess.run(cmd, capture_output=True, text=True)
    assert done.returncode == 0, f"{' '.join(cmd[:2])} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}"
    return done


async def fingerprints(url: str, q) -> tuple[dict, list[str]]:
    """({table or materialized view: (rows, md5) or "populated"/"empty"}, [extension names])."""
    conn = await asyncpg.connect(url)
    try:
        found = {row["relation"]: (row["rows"], row["digest"]) async for row in q.table_fingerprints(conn)}
        found |= {row["relation"]: "populated" if row["ispopulated"] else "empty"
                  async for row in q.materialized_views(conn)}
        return found, [row["extname"] async for row in q.extension_names(conn)]
    finally:
        await conn.close()


def migrate_status(url: str) -> str:
    return run(sys.executable, "-m", "scripts.migrate", "status", "--url", url).stdout


def assert_current(status: str) -> None:
    assert "Pending: 0" in status, status
    assert "rules: current" in status, status


@pytest.fixture
async def backup(database_url, tmp_path):
    """A demo city's worth of data in a migrated database, dumped as docs/operations.md says."""
    await load_demo(database_url, spots=150, seed=14)
    dump = tmp_path / "parkingspots.dump"
    run(local_services.pg_bin("pg_dump"), "-Fc", "--file", str(dump), "--dbname", database_url)
    return database_url, dump


@pytest.fixture
def new_database(test_services):
    name = f"restore_{uuid.uuid4().hex[:12]}"
    admin_url = test_services.database_url("postgres")
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(sql.SQL("create database {}").format(sql.Identifier(name)))
    yield test_services.database_url(name)
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(sql.SQL("drop database if exists {} with (force)").format(sql.Identifier(name)))


async def test_a_backup_restores_into_a_new_database_on_the_same_cluster(backup, new_database, q, tmp_path):
    source, dump = backup
    listing = run(local_services.pg_bin("pg_restore"), "--list", str(dump)).stdout
    kept = [line for line in listing.splitlines() if not NOT_PG_CRON.search(line)]
    left_out = [line for line in listing.splitlines() if NOT_PG_CRON.search(line) and not line.startswith(";")]
    assert any("EXTENSION - pg_cron" in line for line in left_out)
    assert not [line for line in left_out if " public " in line or " analytics " in line]  # nothing of ours
    (tmp_path / "restore.list").write_text("\n".join(kept) + "\n")

    run(local_services.pg_bin("pg_restore"), "--exit-on-error", "--single-transaction",
        "--use-list", str(tmp_path / "restore.list"), "--dbname", new_database, str(dump))

    (before, extensions_before), (after, extensions_after) = await fingerprints(source, q), await fingerprints(new_database, q)
    assert before["public.users"][0] > 100 and before["public.bookings"][0] > 100  # a real data set was compared
    assert after == before
    assert sorted(set(extensions_before) - set(extensions_after)) == ["pg_cron"]
    assert_current(migrate_status(new_database))


async def test_a_backup_restores_onto_a_new_cluster_as_its_cron_database(backup, test_services, q, tmp_path):
    source, dump = backup
    roles = run(local_services.pg_bin("pg_dumpall"), "--roles-only",
                "--dbname", test_services.database_url("postgres")).stdout
    base = Path(tempfile.mkdtemp(prefix="parkingspots-restore-"))
    base.chmod(0o755)
    try:
        server = local_services.start_postgres(base / "pg", local_services.free_port(), "parkingspots", throwaway=True)
        admin_url = server.rsplit("/", 1)[0] + "/postgres"
        # The cluster's own superuser exists already: every other role is created with its password.
        (tmp_path / "roles.sql").write_text(re.sub(r"(?m)^(CREATE|ALTER) ROLE postgres\b.*$", "", roles))
        run(local_services.pg_bin("psql"), "--no-psqlrc", "--quiet", "--set", "ON_ERROR_STOP=1",
            "--file", str(tmp_path / "roles.sql"), admin_url)
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute("create database parkingspots")

        run(local_services.pg_bin("pg_restore"), "--exit-on-error", "--single-transaction",
            "--dbname", server, str(dump))

        (before, extensions_before), (after, extensions_after) = await fingerprints(source, q), await fingerprints(server, q)
        assert after == before
        assert extensions_after == extensions_before  # pg_cron included: this is its cron database
        assert_current(migrate_status(server))
    finally:
        local_services.stop_postgres(base / "pg")
        shutil.rmtree(base, ignore_errors=True)
