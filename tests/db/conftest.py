from __future__ import annotations

from datetime import datetime, timedelta, timezone
from types import SimpleNamespace

import pytest

# A Monday far from "now", so the database's clock never interferes.
T0 = datetime(2030, 1, 7, 9, 0, tzinfo=timezone.utc)
HOUR = timedelta(hours=1)


@pytest.fixture
async def world(conn, q):
    """An owner with one spot (500 c/h, 3000 c/day, 60000 c/month, always open) and two renters."""
    owner = await q.create_user(conn, email="owner@example.com", role="owner")
    renter = await q.create_user(conn, email="renter@example.com", role="renter")
    other = await q.create_user(conn, email="other@example.com", role="renter")
    spot = await q.create_spot(conn, owner_id=owner, hourly_rate=500, daily_rate=3000,
                               monthly_rate=60000, operating_hours=None)
    return SimpleNamespace(owner=owner, renter=renter, other=other, spot=spot)


@pytest.fixture
def book(conn, q, world):
    """book(start_offset_hours, hours, status='confirmed', user=renter, spot=world.spot). A booking
    that starts in the past is inserted as history is (parkingspots.allow_past_bookings on)."""
    async def _book(start: float, hours: float, status: str = "confirmed", user=None, spot=None):
        begin = T0 + start * HOUR
        async with conn.transaction():
            if begin <= datetime.now(timezone.utc):
                await q.allow_past_bookings(conn)
            return await q.create_booking(conn, user_id=user or world.renter, spot_id=spot or world.spot,
                                          start_time=begin, end_time=begin + hours * HOUR, status=status)
    return _book
