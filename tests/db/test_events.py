"""pg_notify events of seed section 9.2, sent by triggers on the 'parkingspots_events' channel."""
from __future__ import annotations

import asyncio
import json

import asyncpg
import pytest

CHANNEL = "parkingspots_events"


@pytest.fixture
async def events(database_url):
    received: list[dict] = []
    listener = await asyncpg.connect(database_url)
    await listener.add_listener(CHANNEL, lambda *args: received.append(json.loads(args[3])))
    yield received
    await listener.close()


async def settle():
    await asyncio.sleep(0.2)


async def test_booking_events(conn, q, book, world, events):
    booking = await book(0, 2, status="pending")
    await q.set_booking_status(conn, booking_id=booking["id"], status="confirmed")
    await settle()
    bid, spot = str(booking["id"]), str(world.spot)
    assert events == [
        {"type": "new_booking", "booking_id": bid, "spot_id": spot, "user_id": str(world.renter), "owner_id": str(world.owner)},
        {"type": "booking_update", "booking_id": bid, "status": "confirmed", "spot_id": spot,
         "user_id": str(world.renter), "owner_id": str(world.owner)},
    ]


async def test_procedures_emit_booking_updates(conn, q, book, events):
    booking = await book(0, 2)
    await q.auto_start(conn, now=booking["start_time"])
    await settle()
    assert events[-1]["type"] == "booking_update" and events[-1]["status"] == "in_progress"


async def test_availability_event_only_on_change(conn, q, world, events):
    await q.set_spot_flags(conn, spot_id=world.spot, is_active=True, is_available=False)
    await q.set_spot_flags(conn, spot_id=world.spot, is_active=True, is_available=False)
    await q.set_spot_flags(conn, spot_id=world.spot, is_active=True, is_available=True)
    await settle()
    assert [(e["type"], e["is_available"]) for e in events] == [("spot_availability", False), ("spot_availability", True)]
    assert events[0]["spot_id"] == str(world.spot)


async def test_review_event(conn, q, book, world, events):
    booking = await book(0, 2)
    for status in ("in_progress", "completed"):
        await q.set_booking_status(conn, booking_id=booking["id"], status=status)
    review = await q.create_review(conn, booking_id=booking["id"], spot_id=world.spot, reviewer_id=world.renter, rating=4)
    await settle()
    assert events[-1] == {"type": "new_review", "review_id": str(review["id"]), "spot_id": str(world.spot), "rating": 4}
