"""jobs/cron_jobs.py puts the ParkingSpots jobs into cron.job, idempotently, and can run them now."""
from __future__ import annotations

import subprocess
import sys

EXPECTED = {
    "parkingspots-auto-checkout": ("* * * * *", "select auto_checkout_bookings(now())"),
    "parkingspots-auto-start": ("* * * * *", "select auto_start_bookings(now())"),
    "parkingspots-expire-holds": ("* * * * *", "select expire_unpaid_holds(now())"),
    "parkingspots-release-extensions": ("* * * * *", "select release_unpaid_extensions(now())"),
    "parkingspots-owner-transfers": ("*/10 * * * *", "select queue_owner_transfers(now())"),
    "parkingspots-purge-stripe-outbox": ("47 3 * * *", "select purge_stripe_outbox(interval '30 days')"),
    "parkingspots-reconcile": ("15 2 * * *", "select queue_reconciliation(now())"),
    "parkingspots-purge-cron-history": ("17 3 * * *", "select purge_cron_history(interval '7 days')"),
    "parkingspots-purge-idempotency-keys": ("27 3 * * *", "select purge_idempotency_keys(interval '24 hours')"),
    "parkingspots-purge-outbox": ("37 * * * *", "select purge_outbox(interval '1 day', interval '7 days')"),
    "parkingspots-purge-events": ("*/10 * * * *", "select purge_events(interval '24 hours')"),
    "parkingspots-refresh-analytics": ("5 * * * *", "select analytics.refresh_materialized_views()"),
    "parkingspots-purge-search-events": ("57 3 * * *", "select analytics.purge_search_events(interval '400 days')"),
}


def cron_jobs(database_url, *args):
    done = subprocess.run([sys.executable, "-m", "jobs.cron_jobs", *args, "--database-url", database_url],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout


async def jobs_in(conn, q):
    return {r["jobname"]: (r["schedule"], r["command"]) async for r in q.cron_jobs(conn)}


async def test_schedule_is_idempotent_and_unschedule_removes_only_ours(conn, q, database_url):
    cron_jobs(database_url, "schedule")
    cron_jobs(database_url, "schedule")
    assert await jobs_in(conn, q) == EXPECTED
    listing = cron_jobs(database_url, "list")
    assert all(name in listing for name in EXPECTED)
    cron_jobs(database_url, "unschedule")
    assert await jobs_in(conn, q) == {}


async def test_run_now_runs_the_scheduled_command(conn, q, book, database_url):
    booking = await book(-40_000, 2)  # about 2025: long past, due to start
    cron_jobs(database_url, "schedule")
    assert "parkingspots-auto-start: 1" in cron_jobs(database_url, "run-now", "parkingspots-auto-start")
    assert (await q.get_booking(conn, booking_id=booking["id"]))["status"] == "in_progress"
