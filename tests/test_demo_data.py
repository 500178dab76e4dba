"""The demo loader fills an empty database through the real rules, and only an empty one."""
from __future__ import annotations

import pytest

from scripts.demo_data import DemoDataError, database_has_users, load_demo


async def test_demo_city_loads_through_the_rules(database_url, conn, q):
    assert not await database_has_users(database_url)
    summary = await load_demo(database_url, spots=300, seed=1)
    assert summary["spots"]["total"] == 300
    assert summary["users"]["owner"] >= 10 and summary["users"]["renter"] >= 10 and summary["users"]["admin"] == 1
    assert summary["bookings"].get("completed", 0) > 0 and summary["reviews"] > 0
    assert await q.count_overlapping_active_pairs(conn) == 0
    assert await q.spots_with_wrong_counters(conn) == 0
    assert await database_has_users(database_url)
    with pytest.raises(DemoDataError, match="already has users"):
        await load_demo(database_url, spots=10)
