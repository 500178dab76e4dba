"""pg_cron keeps the analytics current (jobs/cron.sql): parkingspots-refresh-analytics refreshes the
materialized views concurrently (unmet_demand every hour, occupancy_by_hour once a UTC day), and
parkingspots-purge-search-events deletes search events older than 400 days. Run as pg_cron would
(jobs.cron_jobs run-now executes the scheduled command)."""
from __future__ import annotations

import math
import subprocess
import sys
from collections import defaultdict
from datetime import datetime, timedelta, timezone

UTC = timezone.utc
EARTH = 6378137.0


def cron_jobs(database_url, *args) -> str:
    done = subprocess.run([sys.executable, "-m", "jobs.cron_jobs", *args, "--database-url", database_url],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout


def hexagon_1000(lat: float, lon: float) -> tuple[int, int]:
    """(i, j) in ST_HexagonGrid's EPSG:3857 tiling with a 1,000 unit edge (lowest on an edge)."""
    x, y = EARTH * math.radians(lon), EARTH * math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))
    height = math.sqrt(3) * 1000
    return min((i, j) for i in range(math.floor(x / 1500) - 1, math.floor(x / 1500) + 3)
               for j in range(math.floor(y / height) - 2, math.floor(y / height) + 3)
               if abs(y - height * (j + (i % 2) / 2)) <= height / 2
               and math.sqrt(3) * abs(x - 1500 * i) + abs(y - height * (j + (i % 2) / 2)) <= height)


async def test_the_refresh_job_brings_unmet_demand_up_to_the_last_hour(conn, aq, database_url):
    hour = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
    events = [  # hours ago, latitude, longitude, free results, searches
        (1, 37.79, -122.40, 0, 4), (2, 37.79, -122.40, 1, 3), (30, 37.79, -122.40, 9, 5), (5, 37.75, -122.45, 2, 2),
        (24 * 29, 37.75, -122.45, 0, 1), (24 * 31, 37.79, -122.40, 0, 7),  # the last one is older than 30 days
        (0, 37.79, -122.40, 0, 6),  # this hour: not over yet
        (3, 52.52, 13.40, 0, 2),  # Berlin: the view covers the world
    ]
    for hours, lat, lon, free, count in events:
        await aq.add_search_event(conn, searched_at=hour - timedelta(hours=hours), kind="search", latitude=lat,
                                  longitude=lon, free_results=free, searches=count)
    assert [r async for r in aq.unmet_demand(conn)] == []  # as made by the rules, before the searches
    cron_jobs(database_url, "schedule")
    assert "parkingspots-refresh-analytics: " in cron_jobs(database_url, "run-now", "parkingspots-refresh-analytics")

    expected = defaultdict(lambda: [0, 0, 0])
    for hours, lat, lon, free, count in events:
        if 1 <= hours <= 24 * 30:
            cell = expected[hexagon_1000(lat, lon)]
            cell[0] += count
            cell[1] += count if free == 0 else 0
            cell[2] += count if free in (1, 2) else 0
    rows = [r async for r in aq.unmet_demand(conn)]
    assert {(r["hex_i"], r["hex_j"]): [r["searches"], r["no_free"], r["few_free"]] for r in rows} == dict(expected)
    assert {(r["period_from"], r["period_to"]) for r in rows} == {(hour - timedelta(days=30), hour)}
    berlin = next(r for r in rows if r["hex_i"] == hexagon_1000(52.52, 13.40)[0])
    assert 600 < berlin["edge_m"] < 620  # 1,000 x cos(52.5 degrees)
    assert all(r["unmet"] == r["no_free"] + r["few_free"] and r["spots"] == 0 for r in rows)


async def test_occupancy_is_refreshed_once_a_day_unless_forced(conn, aq):
    owner = await aq.add_user(conn, email="o@example.com", role="owner", created_at=datetime(2025, 1, 1, tzinfo=UTC))
    renter = await aq.add_user(conn, email="r@example.com", role="renter", created_at=datetime(2025, 1, 1, tzinfo=UTC))
    spot_id = await aq.add_spot(conn, owner_id=owner, city="San Francisco", spot_type="lot", latitude=37.79,
                                longitude=-122.40, timezone="America/Los_Angeles", operating_hours=None)
    start = datetime.now(UTC).replace(hour=9, minute=0, second=0, microsecond=0) - timedelta(days=3)
    async with conn.transaction():
        await aq.allow_past_bookings(conn)
        await aq.add_booking(conn, user_id=renter, spot_id=spot_id, start_time=start, end_time=start + timedelta(hours=2),
                             status="confirmed", created_at=start - timedelta(days=1))
    assert await aq.refresh_views(conn, force=False) == 2  # empty since the rules made it: refreshed
    assert [r["booked_minutes"] async for r in aq.occupancy_by_hour(conn) if r["booked_minutes"]] == [60, 60]
    assert await aq.refresh_views(conn, force=False) == 1  # current for today: unmet_demand only
    assert await aq.refresh_views(conn, force=True) == 2


async def test_the_purge_job_deletes_search_events_older_than_400_days(conn, aq, database_url):
    hour = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
    for days in (10, 399, 401, 800):
        await aq.add_search_event(conn, searched_at=hour - timedelta(days=days), kind="search", latitude=37.79,
                                  longitude=-122.40, free_results=0, searches=1)
    cron_jobs(database_url, "schedule")
    assert "parkingspots-purge-search-events: 2" in cron_jobs(database_url, "run-now", "parkingspots-purge-search-events")
    assert sorted((hour - r["searched_at"]).days for r in [r async for r in aq.search_events(conn)]) == [10, 399]
