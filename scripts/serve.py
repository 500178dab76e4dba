"""`make run`: start what is missing, migrate, load the demo city once, schedule the pg_cron jobs,
then serve the API in the foreground (Ctrl-C stops it; `make stop` stops the private services).

    python -m scripts.serve          # what make run does
    python -m scripts.serve --help   # this text; nothing else happens

Settings (environment): DATABASE_URL and REDIS_URL (default: the private cluster and Redis),
HOST (127.0.0.1), PORT (8000), WORKERS (1), DEMO_DATA (1; 0 skips the demo city).
The API connects as the database's app role (<db>_app). On the private cluster everything is
automatic: the migrations, demo data and jobs run as the cluster's superuser, the API as the app
role. Elsewhere DATABASE_URL is the app role's URL, and the set-up runs only when
MIGRATION_DATABASE_URL (a superuser's or the DBA's URL) is given; otherwise the database is assumed
migrated (Docker's `migrate` service does it).
"""
from __future__ import annotations

import argparse
import asyncio
import os
import sys
import time
from pathlib import Path

import psycopg

from api.core.settings import Settings
from jobs import cron_jobs
from scripts import db_roles, demo_data, local_services
from scripts.migrate import migrate


def prepare() -> dict[str, str]:
    """Start what is missing and set the database up; returns the URLs the API uses."""
    admin_url = os.environ.get("MIGRATION_DATABASE_URL")
    private = not os.environ.get("DATABASE_URL")
    urls = local_services.up()
    if private:
        admin_url = urls["DATABASE_URL"]  # the private cluster's superuser
    if admin_url:
        set_up(admin_url)
    if private:
        urls["DATABASE_URL"] = db_roles.role_url(admin_url, "app")
    return urls


def set_up(database_url: str) -> None:
    """Migrate, load the demo city once, schedule the pg_cron jobs (as a superuser or the DBA)."""
    started = time.perf_counter()
    applied = migrate(database_url)
    print(f"migrations: {len(applied)} applied" + "".join(f"\n  {name}" for name in applied)
          if applied else "migrations: up to date")
    if os.environ.get("DEMO_DATA", "1") != "0":
        if asyncio.run(demo_data.database_has_users(database_url)):
            print("demo data: already loaded (or the database has its own users)")
        else:
            print("demo data: loading San Francisco (once)...")
            summary = asyncio.run(demo_data.load_demo(database_url))
            print(demo_data.format_summary(summary))
    with psycopg.connect(database_url, autocommit=True) as conn:
        print(f"pg_cron: {len(cron_jobs.schedule(conn))} jobs scheduled")
    changed = db_roles.set_passwords(database_url)
    if changed:
        print("role passwords set: " + ", ".join(changed))
    print(f"ready in {time.perf_counter() - started:.1f} s")


def main() -> None:
    argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter).parse_args()
    urls = prepare()
    environment = {**os.environ, **urls}
    if not environment.get("SECRET_KEY") and environment.get("ENVIRONMENT", "development") != "production":
        environment["SECRET_KEY"] = local_services.secret_key()  # production must bring its own
    settings = Settings.from_env(environment)  # the app reads the same variables; a bad one stops here
    host, port = settings.host, settings.port
    print(f"serving http://{host}:{port}  (OpenAPI docs: http://{host}:{port}/docs)", flush=True)
    sanic = str(Path(sys.executable).with_name("sanic"))
    os.execve(sanic, [sanic, "sanic_app:create_app", "--factory", "--host", host, "--port", str(port),
                      "--workers", str(settings.workers)], environment)


if __name__ == "__main__":
    main()
