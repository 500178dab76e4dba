"""A real pg_cron tick moves a booking (slow: waits for the next minute). `make test-slow`."""
from __future__ import annotations

import asyncio
import subprocess
import sys
from datetime import datetime, timedelta, timezone

import asyncpg
import pytest

from tests.conftest import CRON_DB

pytestmark = pytest.mark.slow


async def test_pg_cron_starts_a_due_booking(test_services, q):
    url = test_services.database_url(CRON_DB)  # the only database whose jobs the launcher runs
    conn = await asyncpg.connect(url)
    try:
        owner = await q.create_user(conn, email="tick-owner@example.com", role="owner")
        renter = await q.create_user(conn, email="tick-renter@example.com", role="renter")
        spot = await q.create_spot(conn, owner_id=owner, hourly_rate=500, daily_rate=None,
                                   monthly_rate=None, operating_hours=None)
        now = datetime.now(timezone.utc)
        start = now.replace(minute=now.minute // 15 * 15, second=0, microsecond=0)
        async with conn.transaction():  # it started at the last quarter hour: history
            await q.allow_past_bookings(conn)
            booking = await q.create_booking(conn, user_id=renter, spot_id=spot, start_time=start,
                                             end_time=start + timedelta(hours=2), status="confirmed")
        subprocess.run([sys.executable, "-m", "jobs.cron_jobs", "schedule", "--database-url", url], check=True)
        try:
            for _ in range(150):  # up to 75 s: the next minute boundary plus the run
                if (await q.get_booking(conn, booking_id=booking["id"]))["status"] == "in_progress":
                    break
                await asyncio.sleep(0.5)
            assert (await q.get_booking(conn, booking_id=booking["id"]))["status"] == "in_progress"
        finally:
            subprocess.run([sys.executable, "-m", "jobs.cron_jobs", "unschedule", "--database-url", url], check=True)
    finally:
        await conn.close()
