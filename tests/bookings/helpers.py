"""Times and calls shared by the booking tests."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

BOOKINGS = "/api/v1/bookings"
GRID = timedelta(minutes=15)


def next_slot(after: timedelta = timedelta(0)) -> datetime:
    """The first 15-minute boundary at least `after` from now."""
    moment = datetime.now(timezone.utc) + after
    return moment - (moment - datetime(2000, 1, 1, tzinfo=timezone.utc)) % GRID + GRID


def iso(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


async def book(api, user, spot, start: datetime, hours: float = 2, headers=None, **extra):
    body = {"parking_spot_id": spot["id"], "start_time": iso(start),
            "end_time": iso(start + timedelta(hours=hours)), **extra}
    return await api.call("post", BOOKINGS, user.access, json=body, headers=headers or {})
