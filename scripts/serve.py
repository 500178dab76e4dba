"""`make run`: start what is missing, migrate, load the demo city once, schedule the pg_cron jobs,
then serve the API in the foreground (Ctrl-C stops it; `make stop` stops the private services).

Settings (environment): DATABASE_URL and REDIS_URL (default: the private cluster and Redis),
HOST (127.0.0.1), PORT (8000), WORKERS (1), DEMO_DATA (1; 0 skips the demo city).
"""
from __future__ import annotations

import asyncio
import os
import sys
import time
from pathlib import Path

import psycopg

from api.core.settings import Settings
from jobs import cron_jobs
from scripts import demo_data, local_services
from scripts.migrate import migrate


def prepare() -> dict[str, str]:
    started = time.perf_counter()
    urls = local_services.up()
    database_url = urls["DATABASE_URL"]
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
    print(f"ready in {time.perf_counter() - started:.1f} s")
    return urls


def main() -> None:
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
