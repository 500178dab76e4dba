"""Events of seed section 9.2: recorded in `events` and sent on the 'parkingspots_events' channel by
deferred triggers at commit, ids in commit order (db/rules/70_events.sql), purged by pg_cron."""
from __future__ import annotations

import asyncio
import json
from datetime import timedelta

import asyncpg
import pytest

CHANNEL = "parkingspots_events"


@pytest.fixture
async def events(database_url):
    received: list[dict] = []
    listener = await asyncpg.connect(database_url)

    def take(*args):
        message = json.loads(args[3])
        if message["type"] != "spot_tiles":  # the map tiles' cache drops, not recorded events (22_spots_tiles.sql)
            received.append(message)

    await listener.add_listener(CHANNEL, take)
    yield received
    await listener.close()


async def settle():
    await asyncio.sleep(0.2)


def without_id_and_time(events: list[dict]) -> list[dict]:
    """The notifications with their id and time checked for shape and left out."""
    for event in events:
        assert isinstance(event.get("id"), int) and event["at"].endswith("Z"), event
    return [{k: v for k, v in event.items() if k not in ("id", "at")} for event in events]


async def test_booking_events(conn, q, book, world, events):
    booking = await book(0, 2, status="pending")
    await q.set_booking_status(conn, booking_id=booking["id"], status="confirmed")
    await settle()
    bid, spot = str(booking["id"]), str(world.spot)
    audience = {"spot_id": spot, "user_id": str(world.renter), "owner_id": str(world.owner), "public": False}
    assert without_id_and_time(events) == [
        {"type": "new_booking", "booking_id": bid, "spot_id": spot, "audience": audience},
        {"type": "booking_update", "booking_id": bid, "status": "confirmed", "spot_id": spot, "audience": audience},
    ]
    recorded = [r async for r in q.recorded_events(conn)]
    assert [r["message"] for r in recorded] == [{k: v for k, v in e.items() if k != "audience"} for e in events]
    assert [(r["user_id"], r["owner_id"], r["public"]) for r in recorded] == [(world.renter, world.owner, False)] * 2


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
    assert without_id_and_time(events[-1:]) == [{
        "type": "new_review", "review_id": str(review["id"]), "spot_id": str(world.spot), "rating": 4,
        "audience": {"spot_id": str(world.spot), "user_id": None, "owner_id": None, "public": True}}]


async def test_changes_in_one_transaction_are_sent_at_commit_in_order(conn, q, world, events):
    async with conn.transaction():
        await q.set_spot_flags(conn, spot_id=world.spot, is_active=True, is_available=False)
        await q.set_spot_flags(conn, spot_id=world.spot, is_active=True, is_available=True)
        await settle()
        assert events == []  # nothing before the commit
    await settle()
    assert [e["is_available"] for e in events] == [False, True]
    assert events[0]["id"] < events[1]["id"]


async def test_a_rolled_back_change_sends_and_records_nothing(conn, q, world, events):
    with pytest.raises(RuntimeError):
        async with conn.transaction():
            await q.set_spot_flags(conn, spot_id=world.spot, is_active=True, is_available=False)
            raise RuntimeError("roll back")
    await settle()
    assert events == [] and [r async for r in q.recorded_events(conn)] == []


async def test_ids_follow_the_commit_order_not_the_order_of_the_changes(conn, q, world, events, database_url):
    """A resuming client asks for the ids after the last one it saw: an event committed later must
    never get a smaller id than one already delivered."""
    second_spot = await q.create_spot(conn, owner_id=world.owner, hourly_rate=500, daily_rate=None,
                                      monthly_rate=None, operating_hours=None)
    other = await asyncpg.connect(database_url)
    try:
        first = other.transaction()
        await first.start()
        await q.set_spot_flags(other, spot_id=world.spot, is_active=True, is_available=False)  # changed first
        await q.set_spot_flags(conn, spot_id=second_spot, is_active=True, is_available=False)  # committed first
        await first.commit()
    finally:
        await other.close()
    await settle()
    assert [e["spot_id"] for e in events] == [str(second_spot), str(world.spot)]
    assert events[0]["id"] < events[1]["id"]
    assert [r["id"] async for r in q.recorded_events(conn)] == [e["id"] for e in events]


async def test_a_change_of_tokens_is_announced_and_not_recorded(conn, q, world, events):
    await q.set_verified(conn, email="renter@example.com")  # no token change: no notice
    await q.bump_token_version(conn, user_id=world.renter)
    await settle()
    assert events == [{"type": "user_tokens_changed", "user_id": str(world.renter), "token_version": 1,
                       "is_active": True}]
    assert [r async for r in q.recorded_events(conn)] == []


async def test_purge_keeps_the_last_day_and_always_the_newest_event(conn, q, world):
    for available in (False, True, False):
        await q.set_spot_flags(conn, spot_id=world.spot, is_active=True, is_available=available)
    rows = [r async for r in q.recorded_events(conn)]
    day = timedelta(hours=24)
    assert await q.purge_events(conn, keep=day, now=rows[0]["created_at"] + day) == 0  # a day old: kept
    assert await q.purge_events(conn, keep=day, now=rows[2]["created_at"] + day) == 2  # older than a day
    assert await q.purge_events(conn, keep=day, now=rows[2]["created_at"] + day) == 0  # idempotent
    assert await q.purge_events(conn, keep=day, now=rows[2]["created_at"] + 2 * day) == 0  # the newest stays
    assert [r["id"] async for r in q.recorded_events(conn)] == [rows[2]["id"]]
