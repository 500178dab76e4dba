"""spot_matches(spot, filters): the search filters as one JSON object. A key left out or null does
not filter; the function is inlined into the query that calls it."""
from __future__ import annotations

import json

import pytest

from tests.db.conftest import HOUR, T0

MATCHING = "select array_agg(s.title order by s.title) from parking_spots s where spot_matches(s, $1::jsonb)"


@pytest.fixture
async def spots(conn, q, world):
    """Four spots besides the world's ('Test spot': garage, standard, 500 c/h, nothing else)."""
    async def spot(title: str, **columns) -> None:
        spot_id = await q.create_spot(conn, owner_id=world.owner, hourly_rate=columns.pop("hourly_rate", 500),
                                      daily_rate=None, monthly_rate=None, operating_hours=None)
        sets = ", ".join(f"{name} = ${i}" for i, name in enumerate(columns, start=3))
        await conn.execute(f"update parking_spots set title = $2{', ' + sets if sets else ''} where id = $1",
                           spot_id, title, *columns.values())
    await spot("cheap driveway", spot_type="driveway", hourly_rate=200, vehicle_size="compact")
    await spot("covered ev", is_covered=True, has_ev_charging=True, has_security=True, vehicle_size="large",
               average_rating=4.8)
    await spot("accessible", is_handicap_accessible=True, vehicle_size="oversized", average_rating=3.5)
    await spot("paused", is_available=False)
    return ["accessible", "cheap driveway", "covered ev", "Test spot"]


async def matching(conn, filters) -> list[str]:
    return sorted(await conn.fetchval(MATCHING, filters) or [], key=str.lower)


@pytest.mark.parametrize("filters", [None, {}, dict.fromkeys(
    ["spot_type", "max_hourly_rate", "has_ev_charging", "vehicle_size", "is_covered", "has_security",
     "is_handicap_accessible", "min_rating", "available_from", "available_to"])],
    ids=["null", "empty", "all keys null"])
async def test_no_filter_keeps_every_active_available_spot(conn, spots, filters):
    assert await matching(conn, filters) == sorted(spots, key=str.lower)


@pytest.mark.parametrize("filters, expected", [
    ({"spot_type": "driveway"}, ["cheap driveway"]),
    ({"max_hourly_rate": 300}, ["cheap driveway"]),
    ({"has_ev_charging": True}, ["covered ev"]),
    ({"has_ev_charging": False}, ["accessible", "cheap driveway", "Test spot"]),
    ({"is_covered": True, "has_security": True}, ["covered ev"]),
    ({"is_handicap_accessible": True}, ["accessible"]),
    ({"min_rating": 4}, ["covered ev"]),
    ({"min_rating": 3.5}, ["accessible", "covered ev"]),
    ({"vehicle_size": "large"}, ["accessible", "covered ev"]),  # the spot fits at least that size
    ({"vehicle_size": "standard", "max_hourly_rate": 500}, ["accessible", "covered ev", "Test spot"]),
    ({"spot_type": "lot"}, []),
])
async def test_each_filter(conn, spots, filters, expected):
    assert await matching(conn, filters) == expected


async def test_free_between_a_and_b(conn, spots, book):
    await book(2, 2)  # the world's spot, 11:00-13:00
    window = {"available_from": (T0 + 3 * HOUR).isoformat(), "available_to": (T0 + 4 * HOUR).isoformat()}
    assert "Test spot" not in await matching(conn, window)
    later = {"available_from": (T0 + 4 * HOUR).isoformat(), "available_to": (T0 + 5 * HOUR).isoformat()}
    assert "Test spot" in await matching(conn, later)  # touching the booking's end is fine


async def test_spot_matches_is_inlined(conn, spots):
    plan = json.dumps(await conn.fetchval("explain (verbose, format json) " + MATCHING, {"min_rating": 4}))
    assert "spot_matches" not in plan and "average_rating" in plan
