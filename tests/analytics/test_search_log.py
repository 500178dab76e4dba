"""Searches are recorded for the unmet-demand map (api/spots/search_log.py, analytics.search_events):
by a real search, after the answer, privacy-safely (a snapped point, the UTC hour, no user, no IP),
with the filters, the results and the free results; cache hits count, city searches and later
pages do not; a failing write never fails a search."""
from __future__ import annotations

import logging
from datetime import datetime, timedelta, timezone
from decimal import Decimal

from api.spots import search_log
from tests.api_client import FERRY_BUILDING

LAT, LON = FERRY_BUILDING
SEARCH = "/api/v1/parking-spots"


def this_hour() -> datetime:
    return datetime.now(timezone.utc).replace(minute=0, second=0, microsecond=0)


async def recorded(api, aq) -> list[dict]:
    await search_log.flush(api.client.app)
    return [dict(r) async for r in aq.search_events(api.conn)]


async def test_a_search_is_recorded_snapped_to_the_grid_without_who_or_when(api, aq):
    owner = await api.new_user("owner")
    renter = await api.new_user("renter")
    spot = await api.new_spot(owner, spot_type="garage", has_ev_charging=True, hourly_rate=400)
    searched = await api.call("get", SEARCH, renter.access, params=dict(
        latitude=37.79551234, longitude=-122.39371234, radius_km=2, spot_type="garage", has_ev_charging="true",
        max_hourly_rate=800, vehicle_size="standard"))
    assert [item["id"] for item in searched.json] == [spot["id"]]
    [row] = await recorded(api, aq)
    assert (row["latitude"], row["longitude"]) == (Decimal("37.80"), Decimal("-122.39"))
    assert row["searched_at"] in (this_hour(), this_hour() - timedelta(hours=1))  # the hour may turn meanwhile
    assert row["created_at"].minute == row["created_at"].second == 0
    assert (row["kind"], row["radius_m"], row["spot_type"], row["has_ev_charging"], row["max_hourly_rate"],
            row["vehicle_size"], row["is_covered"]) == ("search", 2000, "garage", True, 800, "standard", None)
    assert (row["results"], row["free_results"], row["searches"]) == (1, 1, 1)
    assert (row["window_start_hour"], row["window_hours"]) == (None, None)
    # Nothing that says who searched or from where exactly.
    assert not {"user_id", "ip", "ip_address", "client_ip", "token"} & set(row)
    assert renter.id not in str(row) and "37.7955" not in str(row)


async def test_identical_searches_of_an_hour_are_one_row_cache_hits_included(api, aq):
    owner = await api.new_user("owner")
    await api.new_spot(owner)
    for _ in range(3):
        response = await api.search(latitude=LAT, longitude=LON)
    assert response.headers["X-Cache"] == "hit"
    [row] = await recorded(api, aq)
    assert (row["searches"], row["results"], row["radius_m"]) == (3, 1, 10_000)


async def test_a_window_search_records_its_utc_start_hour_and_length_and_only_free_spots(api, aq):
    owner = await api.new_user("owner")
    free, booked = await api.new_spot(owner), await api.new_spot(owner)
    renter = await api.new_user("renter")
    start = datetime(2031, 3, 4, 17, 0, tzinfo=timezone.utc)
    made = await api.call("post", "/api/v1/bookings", renter.access, json={
        "parking_spot_id": booked["id"], "start_time": start.isoformat(), "end_time": (start + timedelta(hours=3)).isoformat()})
    assert made.status == 201, made.json
    window = dict(available_from="2031-03-04T18:00:00+01:00", available_to="2031-03-04T20:30:00+01:00")
    found = await api.search(latitude=LAT, longitude=LON, **window)
    assert [item["id"] for item in found.json] == [free["id"]]
    [row] = await recorded(api, aq)
    assert (row["window_start_hour"], row["window_hours"]) == (17, Decimal("2.50"))  # 18:00+01:00 is 17 UTC
    assert (row["results"], row["free_results"]) == (1, 1)


async def test_without_a_window_free_means_free_for_the_next_hour(api, aq, conn):
    owner = await api.new_user("owner")
    spots = [await api.new_spot(owner) for _ in range(3)]
    renter = await api.new_user("renter")
    now = datetime.now(timezone.utc)
    start = now.replace(minute=now.minute // 15 * 15, second=0, microsecond=0) + timedelta(minutes=15)
    made = await api.call("post", "/api/v1/bookings", renter.access, json={
        "parking_spot_id": spots[0]["id"], "start_time": start.isoformat(),
        "end_time": (start + timedelta(hours=2)).isoformat()})
    assert made.status == 201, made.json
    await api.search(latitude=LAT, longitude=LON)
    [row] = await recorded(api, aq)
    assert (row["results"], row["free_results"]) == (3, 2)  # one is booked within the hour


async def test_a_map_viewport_is_recorded_at_its_centre_with_half_its_diagonal(api, aq):
    owner = await api.new_user("owner")
    await api.new_spot(owner)
    box = dict(min_lat=37.78, min_lon=-122.41, max_lat=37.80, max_lon=-122.38)
    response = await api.call("get", f"{SEARCH}/in-bounds", params=box)
    assert response.status == 200
    [row] = await recorded(api, aq)
    assert (row["kind"], row["latitude"], row["longitude"]) == ("viewport", Decimal("37.79"), Decimal("-122.40"))
    assert 1700 < row["radius_m"] < 1750  # 2.23 km x 2.64 km: half the diagonal is 1.73 km
    assert (row["results"], row["free_results"]) == (1, 1)


async def test_city_searches_later_pages_and_refused_searches_are_not_recorded(api, aq):
    owner = await api.new_user("owner")
    await api.new_spot(owner)
    assert (await api.search(city="San Francisco")).status == 200
    assert (await api.search(latitude=LAT, longitude=LON, page=2)).status == 200
    assert (await api.search(latitude=LAT)).status == 422
    assert (await api.call("get", f"{SEARCH}/in-bounds",
                           params=dict(min_lat=37.7, min_lon=179.5, max_lat=37.8, max_lon=-179.5))).status == 200
    assert await recorded(api, aq) == []


async def test_a_failing_write_is_logged_and_never_fails_a_search(api, aq, conn, caplog):
    owner = await api.new_user("owner")
    await api.new_spot(owner)
    await aq.hide_search_events(conn)  # the write will fail
    response = await api.search(latitude=LAT, longitude=LON)
    assert response.status == 200 and len(response.json) == 1
    with caplog.at_level(logging.WARNING, logger="parkingspots.search_log"):
        assert await search_log.flush(api.client.app) == 0
    assert "1 searches not recorded" in caplog.text
    assert str(LAT) not in caplog.text and "latitude" not in caplog.text  # no place in the logs
    await aq.restore_search_events(conn)
    assert await recorded(api, aq) == []  # the batch was dropped, not kept for ever
