"""Manage the pg_cron jobs of ParkingSpots (psycopg client; the logic lives in SQL functions).

    python jobs/cron_jobs.py schedule          # create or update every job (idempotent)
    python jobs/cron_jobs.py unschedule        # remove them
    python jobs/cron_jobs.py list              # show them with their latest run
    python jobs/cron_jobs.py run-now NAME      # run one job's command now, here

DATABASE_URL must point at the database named by cron.database_name (the app database).
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import aiosql
import psycopg
from psycopg import sql

QUERIES = aiosql.from_path(Path(__file__).with_name("cron.sql"), "psycopg")


def schedule(conn: psycopg.Connection) -> list[tuple]:
    return list(QUERIES.schedule_jobs(conn))


def unschedule(conn: psycopg.Connection) -> list[tuple]:
    return list(QUERIES.unschedule_jobs(conn))


def list_jobs(conn: psycopg.Connection) -> list[tuple]:
    return list(QUERIES.list_jobs(conn))


def run_now(conn: psycopg.Connection, jobname: str):
    command = QUERIES.get_job_command(conn, jobname=jobname)
    if command is None:
        raise SystemExit(f"no scheduled job named {jobname!r} (run `schedule` first)")
    with conn.cursor() as cur:
        cur.execute(sql.SQL(command))  # the job's own SQL, read from cron.job
        return cur.fetchone()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=["schedule", "unschedule", "list", "run-now"])
    parser.add_argument("job", nargs="?", help="job name for run-now")
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"))
    args = parser.parse_args(argv)
    if not args.database_url:
        parser.error("set DATABASE_URL or pass --database-url")
    with psycopg.connect(args.database_url, autocommit=True) as conn:
        if args.command == "schedule":
            for name, jobid in schedule(conn):
                print(f"scheduled {name} (job {jobid})")
        elif args.command == "unschedule":
            for name, _ in unschedule(conn):
                print(f"unscheduled {name}")
        elif args.command == "list":
            for row in list_jobs(conn):
                jobid, name, spec, command, active, status, start, _ = row
                print(f"{jobid:>4} {name:<34} {spec:<12} {'on ' if active else 'off'} "
                      f"last: {status or '-'} {start or ''}\n       {command}")
        else:
            if not args.job:
                parser.error("run-now needs a job name")
            print(f"{args.job}: {run_now(conn, args.job)[0]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
