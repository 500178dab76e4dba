"""price_quote(): hourly x hours, capped by the daily and monthly rates, plus the service fee."""
from __future__ import annotations

import asyncpg
import pytest

from tests.db.conftest import HOUR, T0

DAY = 24 * HOUR

CASES = [
    # id, hourly, daily, monthly, duration, subtotal, tiers (months, days, hourly hours)
    ("hourly only, 8 h", 500, None, None, 8 * HOUR, 4000, (0, 0, 8)),
    ("hourly, pro rata 1.25 h rounds to the cent", 333, None, None, 1.25 * HOUR, 416, (0, 0, 1.25)),
    ("daily rate caps a long day", 500, 3000, None, 8 * HOUR, 3000, (0, 1, 0)),
    ("short stay below the daily cap", 500, 3000, None, 5 * HOUR, 2500, (0, 0, 5)),
    ("crossing into a second day", 500, 3000, None, 26 * HOUR, 4000, (0, 1, 2)),
    ("two started days, both capped", 500, 3000, None, 40 * HOUR, 6000, (0, 2, 0)),
    ("daily rate dearer than 24 hourly", 100, 5000, None, 24 * HOUR, 2400, (0, 0, 24)),
    ("30+ days with a monthly rate", 500, 3000, 60000, 35 * DAY, 75000, (1, 5, 0)),
    ("monthly caps a started month", 500, 3000, 60000, 25 * DAY, 60000, (1, 0, 0)),
    ("monthly rate dearer than 30 days", 500, 1000, 50000, 31 * DAY, 31000, (0, 31, 0)),
    ("61 days 1 h: two months, a day, an hour", 500, 3000, 60000, 61 * DAY + HOUR, 123500, (2, 1, 1)),
    ("61 days and 1 hour without daily", 500, None, 60000, 60 * DAY + HOUR, 120500, (2, 0, 1)),
]


@pytest.mark.parametrize("hourly, daily, monthly, duration, subtotal, tiers",
                         [case[1:] for case in CASES], ids=[case[0] for case in CASES])
async def test_subtotal_is_the_cheapest_honest_combination(conn, q, hourly, daily, monthly, duration, subtotal, tiers):
    quote = await q.quote(conn, hourly=hourly, daily=daily, monthly=monthly, start_time=T0, end_time=T0 + duration)
    assert quote["subtotal"] == subtotal
    assert (quote["monthly_units"], quote["daily_units"], float(quote["hourly_hours"])) == tiers
    assert float(quote["duration_hours"]) == round(duration / HOUR, 2)
    assert quote["owner_payout"] == subtotal
    assert quote["total"] == subtotal + quote["service_fee"]


@pytest.mark.parametrize("subtotal_cents, fee", [
    (4000, 450),    # the seed's example: 10 % of $40 + $0.50
    (416, 92),      # 41.6 rounds to 42
    (1005, 151),    # 100.5 rounds half away from zero to 101
    (1004, 150),    # 100.4 rounds to 100
])
async def test_service_fee_is_ten_percent_plus_fifty_cents(conn, q, subtotal_cents, fee):
    # one hour at `subtotal_cents` per hour gives that subtotal
    quote = await q.quote(conn, hourly=subtotal_cents, daily=None, monthly=None, start_time=T0, end_time=T0 + HOUR)
    assert (quote["subtotal"], quote["service_fee"], quote["total"]) == (subtotal_cents, fee, subtotal_cents + fee)


async def test_fee_settings_are_read_from_platform_settings(conn, q):
    await q.set_fee_settings(conn, percent=12.5, fixed_cents=0)
    quote = await q.quote(conn, hourly=1000, daily=None, monthly=None, start_time=T0, end_time=T0 + 2 * HOUR)
    assert (quote["subtotal"], quote["service_fee"], quote["total"]) == (2000, 250, 2250)


async def test_booking_amounts_equal_the_quote(conn, q, world, book):
    quote = await q.quote_spot(conn, spot_id=world.spot, start_time=T0, end_time=T0 + 26 * HOUR)
    booking = await book(0, 26)
    assert (booking["subtotal"], booking["service_fee"], booking["total_amount"], booking["owner_payout"]) \
        == (quote["subtotal"], quote["service_fee"], quote["total"], quote["owner_payout"])


async def test_quote_for_unknown_spot_is_not_found(conn, q):
    with pytest.raises(asyncpg.PostgresError) as caught:
        await q.quote_spot(conn, spot_id="00000000-0000-0000-0000-000000000000", start_time=T0, end_time=T0 + HOUR)
    assert caught.value.sqlstate == "PS404"


async def test_quote_with_end_before_start_is_invalid(conn, q, world):
    with pytest.raises(asyncpg.PostgresError) as caught:
        await q.quote_spot(conn, spot_id=world.spot, start_time=T0, end_time=T0)
    assert caught.value.sqlstate == "PS422"
