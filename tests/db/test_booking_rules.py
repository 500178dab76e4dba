"""The rules checked by bookings_check_rules for every writer, each with its own SQLSTATE."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import asyncpg
import pytest

from tests.db.conftest import HOUR, T0


def assert_rule(exc: pytest.ExceptionInfo, sqlstate: str, rule: str) -> None:
    assert exc.value.sqlstate == sqlstate
    assert exc.value.constraint_name == rule


async def test_price_is_filled_by_the_database(book):
    booking = await book(0, 8)
    assert (booking["subtotal"], booking["service_fee"], booking["total_amount"], booking["owner_payout"]) \
        == (3000, 350, 3350, 3000)


async def test_booking_your_own_spot_is_forbidden(book, world):
    with pytest.raises(asyncpg.PostgresError) as caught:
        await book(0, 2, user=world.owner)
    assert_rule(caught, "PS403", "booking_own_spot")


@pytest.mark.parametrize("is_active, is_available", [(False, True), (True, False)])
async def test_inactive_or_unavailable_spot_takes_no_bookings(conn, q, book, world, is_active, is_available):
    await q.set_spot_flags(conn, spot_id=world.spot, is_active=is_active, is_available=is_available)
    with pytest.raises(asyncpg.PostgresError) as caught:
        await book(0, 2)
    assert_rule(caught, "PS409", "booking_spot_unavailable")


async def test_missing_spot_is_not_found(conn, q, world):
    with pytest.raises(asyncpg.PostgresError) as caught:
        await q.create_booking(conn, user_id=world.renter, spot_id="00000000-0000-0000-0000-000000000000",
                               start_time=T0, end_time=T0 + HOUR, status="confirmed")
    assert caught.value.sqlstate == "PS404"


@pytest.mark.parametrize("start, hours, rule", [
    (0, 0.25, "booking_min_duration"),
    (0.1, 2, "booking_time_grid"),
    (0, 181 * 24, "booking_max_duration"),
    (0, -1, "bookings_time_order"),
])
async def test_bad_windows_are_invalid(book, start, hours, rule):
    with pytest.raises(asyncpg.PostgresError) as caught:
        await book(start, hours)
    assert_rule(caught, "PS422", rule)


@pytest.mark.parametrize("status", ["in_progress", "completed", "cancelled", "refunded"])
async def test_new_booking_starts_pending_or_confirmed(book, status):
    with pytest.raises(asyncpg.PostgresError) as caught:
        await book(0, 2, status=status)
    assert_rule(caught, "PS409", "booking_status_transition")


async def test_pending_booking_holds_for_the_payment_window(book):
    booking = await book(0, 2, status="pending")
    assert booking["hold_expires_at"] == booking["created_at"] + timedelta(minutes=15)
    confirmed = await book(4, 2, status="confirmed")
    assert confirmed["hold_expires_at"] is None


async def test_operating_hours_are_enforced_in_the_spots_time_zone(conn, q, world):
    # Weekdays 08:00-18:00 Los Angeles time (UTC-8 in January); T0 is Monday 09:00 UTC = 01:00 local.
    hours = {day: [["08:00", "18:00"]] for day in ("mon", "tue", "wed", "thu", "fri")}
    spot = await q.create_spot(conn, owner_id=world.owner, hourly_rate=400, daily_rate=None,
                               monthly_rate=None, operating_hours=hours)
    inside = T0 + 8 * HOUR   # 17:00 UTC = 09:00 local
    ok = await q.create_booking(conn, user_id=world.renter, spot_id=spot, start_time=inside,
                                end_time=inside + 9 * HOUR, status="confirmed")
    assert ok["subtotal"] == 3600
    for start, end in [(T0, T0 + 2 * HOUR),                                  # 01:00-03:00 local
                       (inside + 24 * HOUR, inside + 34 * HOUR),              # runs past 18:00
                       (inside + 5 * 24 * HOUR, inside + 5 * 24 * HOUR + HOUR)]:  # Saturday
        with pytest.raises(asyncpg.PostgresError) as caught:
            await q.create_booking(conn, user_id=world.renter, spot_id=spot, start_time=start,
                                   end_time=end, status="confirmed")
        assert_rule(caught, "PS422", "booking_operating_hours")


async def test_overnight_hours_cover_the_night(conn, q, world):
    spot = await q.create_spot(conn, owner_id=world.owner, hourly_rate=400, daily_rate=None, monthly_rate=None,
                               operating_hours={"mon": [["22:00", "06:00"]]})
    monday_23_local = datetime(2030, 1, 8, 7, 0, tzinfo=timezone.utc)  # Mon 23:00 in Los Angeles
    await q.create_booking(conn, user_id=world.renter, spot_id=spot, start_time=monday_23_local,
                           end_time=monday_23_local + 6 * HOUR, status="confirmed")


async def test_blackout_blocks_bookings(conn, q, book, world):
    await q.create_blackout(conn, spot_id=world.spot, starts_at=T0 + 24 * HOUR, ends_at=T0 + 48 * HOUR)
    with pytest.raises(asyncpg.PostgresError) as caught:
        await book(30, 2)
    assert_rule(caught, "PS409", "booking_blackout_overlap")
    await book(22, 2)  # touching the blackout's start is fine


async def test_blackout_cannot_cover_an_active_booking(conn, q, book, world):
    booking = await book(0, 2)
    with pytest.raises(asyncpg.PostgresError) as caught:
        await q.create_blackout(conn, spot_id=world.spot, starts_at=T0, ends_at=T0 + 24 * HOUR)
    assert_rule(caught, "PS409", "blackout_booking_overlap")
    await q.set_booking_status(conn, booking_id=booking["id"], status="cancelled")
    await q.create_blackout(conn, spot_id=world.spot, starts_at=T0, ends_at=T0 + 24 * HOUR)


async def test_renter_and_spot_of_a_booking_never_change(conn, q, book, world):
    booking = await book(0, 2)
    with pytest.raises(asyncpg.PostgresError) as caught:
        await q.set_booking_user(conn, booking_id=booking["id"], user_id=world.other)
    assert_rule(caught, "PS409", "booking_parties_fixed")


def past_quarter_hour() -> datetime:
    now = datetime.now(timezone.utc)
    return now.replace(minute=now.minute // 15 * 15, second=0, microsecond=0)


async def test_a_booking_must_start_in_the_future(conn, q, world):
    start = past_quarter_hour()
    with pytest.raises(asyncpg.PostgresError) as caught:
        await q.create_booking(conn, user_id=world.renter, spot_id=world.spot, start_time=start,
                               end_time=start + 2 * HOUR, status="confirmed")
    assert_rule(caught, "PS422", "booking_starts_in_future")
    assert caught.value.message == "start_time: must be in the future"


async def test_loading_history_allows_a_past_start_for_its_transaction_only(conn, q, world):
    start = past_quarter_hour() - 48 * HOUR
    async with conn.transaction():
        await q.allow_past_bookings(conn)
        booking = await q.create_booking(conn, user_id=world.renter, spot_id=world.spot, start_time=start,
                                         end_time=start + 2 * HOUR, status="confirmed")
    assert booking["start_time"] == start
    with pytest.raises(asyncpg.PostgresError) as caught:  # `set local`: gone with the transaction
        await q.create_booking(conn, user_id=world.renter, spot_id=world.spot, start_time=start + 4 * HOUR,
                               end_time=start + 6 * HOUR, status="confirmed")
    assert_rule(caught, "PS422", "booking_starts_in_future")
    await conn.execute("set parkingspots.allow_past_bookings = on")  # or for a whole session
    await q.create_booking(conn, user_id=world.renter, spot_id=world.spot, start_time=start + 4 * HOUR,
                           end_time=start + 6 * HOUR, status="confirmed")


async def test_moving_a_started_booking_is_not_refused_as_past(conn, q, book):
    """The rule is about creating bookings: an update of a booking that has begun is checked as before."""
    booking = await book(-40_000, 2)
    moved = await q.set_booking_end(conn, booking_id=booking["id"], end_time=booking["end_time"] + HOUR)
    assert moved["end_time"] == booking["end_time"] + HOUR
