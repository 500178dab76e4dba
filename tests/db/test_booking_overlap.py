"""The exclusion constraint: two active bookings of one spot never overlap."""
from __future__ import annotations

import asyncpg
import pytest


async def test_overlapping_active_booking_is_rejected(book):
    await book(0, 8)
    with pytest.raises(asyncpg.ExclusionViolationError) as caught:
        await book(7, 2)
    assert caught.value.sqlstate == "23P01"
    assert caught.value.constraint_name == "bookings_no_overlap"


@pytest.mark.parametrize("start, hours", [(-1, 1), (8, 1), (-2, 2)])
async def test_touching_ranges_are_allowed(book, start, hours):
    await book(0, 8)
    await book(start, hours)


async def test_contained_and_containing_windows_are_rejected(book):
    await book(2, 2)
    for start, hours in [(2.5, 1), (0, 8), (2, 2)]:
        with pytest.raises(asyncpg.ExclusionViolationError):
            await book(start, hours, user=None)


async def test_pending_hold_blocks_like_a_booking(book):
    await book(0, 2, status="pending")
    with pytest.raises(asyncpg.ExclusionViolationError):
        await book(1, 2)


async def test_cancelled_booking_no_longer_blocks(conn, q, book):
    first = await book(0, 8)
    await q.set_booking_status(conn, booking_id=first["id"], status="cancelled")
    again = await book(0, 8)
    assert again["status"] == "confirmed"


async def test_finished_booking_no_longer_blocks(conn, q, book, world):
    first = await book(0, 2)
    for status in ("in_progress", "completed"):
        await q.set_booking_status(conn, booking_id=first["id"], status=status)
    await book(1, 2, user=world.other)


async def test_other_spots_do_not_conflict(conn, q, book, world):
    second_spot = await q.create_spot(conn, owner_id=world.owner, hourly_rate=300, daily_rate=None,
                                      monthly_rate=None, operating_hours=None)
    await book(0, 8)
    await book(0, 8, spot=second_spot)


async def test_extending_into_the_next_booking_is_rejected(conn, q, book, world):
    first = await book(0, 2)
    await book(2, 2, user=world.other)
    with pytest.raises(asyncpg.ExclusionViolationError):
        await q.set_booking_end(conn, booking_id=first["id"], end_time=first["end_time"] + (first["end_time"] - first["start_time"]))
    assert await q.count_overlapping_active_pairs(conn) == 0


async def test_the_statuses_that_hold_a_slot_are_written_once(conn):
    holding = {r["status"] for r in await conn.fetch(
        "select s::text as status from unnest(enum_range(null::booking_status)) s where booking_holds_slot(s)")}
    assert holding == {"pending", "confirmed", "in_progress"}
    predicate = await conn.fetchval("select pg_get_constraintdef(oid) from pg_constraint where conname = 'bookings_no_overlap'")
    assert predicate.endswith("WHERE (booking_holds_slot(status))")
