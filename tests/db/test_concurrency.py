"""Concurrent writers against the real database: the exclusion constraint lets exactly one win."""
from __future__ import annotations

import asyncio
import random

import asyncpg

from tests.db.conftest import HOUR, T0

WRITERS = 50


async def test_fifty_concurrent_inserts_of_one_slot_exactly_one_wins(database_url, q, world):
    connections = [await asyncpg.connect(database_url) for _ in range(WRITERS)]
    try:
        results = await asyncio.gather(*[
            q.create_booking(c, user_id=world.renter, spot_id=world.spot, start_time=T0,
                             end_time=T0 + 2 * HOUR, status="confirmed")
            for c in connections], return_exceptions=True)
    finally:
        await asyncio.gather(*[c.close() for c in connections])
    winners = [r for r in results if not isinstance(r, BaseException)]
    losers = [r for r in results if isinstance(r, BaseException)]
    assert len(winners) == 1
    assert all(isinstance(e, asyncpg.ExclusionViolationError) for e in losers), {type(e) for e in losers}
    async with asyncpg.create_pool(database_url, min_size=1, max_size=1) as pool:
        async with pool.acquire() as c:
            assert await q.count_active_bookings(c, spot_id=world.spot) == 1


async def test_random_concurrent_bookings_never_overlap(database_url, conn, q, world):
    spots = [world.spot] + [await q.create_spot(conn, owner_id=world.owner, hourly_rate=300, daily_rate=None,
                                                monthly_rate=None, operating_hours=None) for _ in range(2)]
    rng = random.Random(7)
    attempts = [(rng.choice(spots), rng.randrange(0, 48) * 0.5, rng.choice([0.5, 1, 2, 3])) for _ in range(150)]
    pool = await asyncpg.create_pool(database_url, min_size=20, max_size=20)

    async def attempt(spot, start, hours):
        async with pool.acquire() as c:
            try:
                await q.create_booking(c, user_id=world.renter, spot_id=spot, start_time=T0 + start * HOUR,
                                       end_time=T0 + (start + hours) * HOUR, status="confirmed")
                return True
            except asyncpg.ExclusionViolationError:
                return False

    try:
        outcomes = await asyncio.gather(*[attempt(*a) for a in attempts])
    finally:
        await pool.close()
    assert 0 < sum(outcomes) < len(attempts)
    assert await q.count_overlapping_active_pairs(conn) == 0
