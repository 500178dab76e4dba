"""Every status transition: the legal ones pass, every other one is refused with PS409."""
from __future__ import annotations

import itertools

import asyncpg
import pytest

STATUSES = ["pending", "confirmed", "in_progress", "completed", "cancelled", "refunded"]
LEGAL = {
    ("pending", "confirmed"), ("confirmed", "in_progress"), ("in_progress", "completed"),
    ("pending", "cancelled"), ("confirmed", "cancelled"),
    ("cancelled", "refunded"), ("completed", "refunded"),
}
# How to reach each status from a new booking, through legal moves only.
PATH_TO = {
    "pending": [],
    "confirmed": ["confirmed"],
    "in_progress": ["confirmed", "in_progress"],
    "completed": ["confirmed", "in_progress", "completed"],
    "cancelled": ["cancelled"],
    "refunded": ["cancelled", "refunded"],
}
PAIRS = [pair for pair in itertools.product(STATUSES, STATUSES) if pair[0] != pair[1]]


async def booking_in(conn, q, book, status):
    booking = await book(0, 2, status="pending")
    for step in PATH_TO[status]:
        booking = await q.set_booking_status(conn, booking_id=booking["id"], status=step)
    assert booking["status"] == status
    return booking


@pytest.mark.parametrize("source, target", PAIRS, ids=[f"{a}->{b}" for a, b in PAIRS])
async def test_transition(conn, q, book, source, target):
    booking = await booking_in(conn, q, book, source)
    assert await q.transition_allowed(conn, from_status=source, to_status=target) == ((source, target) in LEGAL)
    if (source, target) in LEGAL:
        moved = await q.set_booking_status(conn, booking_id=booking["id"], status=target)
        assert moved["status"] == target
    else:
        with pytest.raises(asyncpg.PostgresError) as caught:
            await q.set_booking_status(conn, booking_id=booking["id"], status=target)
        assert caught.value.sqlstate == "PS409"
        assert caught.value.constraint_name == "booking_status_transition"
        assert (await q.get_booking(conn, booking_id=booking["id"]))["status"] == source


async def test_cancelling_stamps_the_time_and_drops_the_hold(conn, q, book):
    booking = await book(0, 2, status="pending")
    assert booking["hold_expires_at"] is not None
    cancelled = await q.set_booking_status(conn, booking_id=booking["id"], status="cancelled")
    assert cancelled["cancelled_at"] is not None
    assert cancelled["hold_expires_at"] is None


async def test_a_cancelled_slot_cannot_be_revived_over_a_new_booking(conn, q, book, world):
    first = await book(0, 2)
    await q.set_booking_status(conn, booking_id=first["id"], status="cancelled")
    await book(0, 2, user=world.other)
    with pytest.raises(asyncpg.PostgresError) as caught:
        await q.set_booking_status(conn, booking_id=first["id"], status="confirmed")
    assert caught.value.sqlstate == "PS409"
