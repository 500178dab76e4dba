"""GET /parking-spots: PostGIS radius search, every filter, ordering, distance accuracy, edges of the
map, pagination, availability windows; and the plan uses the GiST index."""
from __future__ import annotations

import json
import math
import re
import uuid
from datetime import datetime, timedelta, timezone

import pytest

from tests.api_client import FERRY_BUILDING

SEARCH = "/api/v1/parking-spots"
LAT, LON = FERRY_BUILDING


def ids(response) -> list[str]:
    assert response.status == 200, response.json
    return [item["id"] for item in response.json]


async def test_items_carry_the_seed_fields_and_distance(api):
    owner = await api.new_user("owner")
    spot = await api.new_spot(owner, images=["https://img.example.com/1.jpg"])
    response = await api.search(latitude=LAT, longitude=LON)
    item = response.json[0]
    seed_fields = {"id", "title", "address", "city", "state", "latitude", "longitude", "hourly_rate", "spot_type",
                   "is_available", "average_rating", "total_reviews", "images", "distance_km"}
    assert seed_fields <= set(item)
    assert (item["id"], item["distance_km"], item["images"]) == (spot["id"], 0.0, ["https://img.example.com/1.jpg"])


async def test_nearest_first_within_the_radius(api):
    owner = await api.new_user("owner")
    made = {}
    for km in (0.5, 3, 1.2, 8, 12):  # due north of the Ferry Building
        made[km] = (await api.new_spot(owner, latitude=LAT + km / 111.0, title=f"{km} km"))["id"]
    found = await api.search(latitude=LAT, longitude=LON, radius_km=10)
    assert ids(found) == [made[km] for km in (0.5, 1.2, 3, 8)]
    distances = [item["distance_km"] for item in found.json]
    assert distances == sorted(distances)
    assert ids(await api.search(latitude=LAT, longitude=LON, radius_km=2)) == [made[0.5], made[1.2]]


def meridian_arc_km(lat1: float, lat2: float) -> float:
    """WGS84 meridian arc by numerical integration of the meridian radius of curvature."""
    a, e2 = 6378137.0, 0.00669437999014
    steps, total = 1000, 0.0
    for i in range(steps):
        phi = math.radians(lat1 + (lat2 - lat1) * (i + 0.5) / steps)
        total += a * (1 - e2) / (1 - e2 * math.sin(phi) ** 2) ** 1.5
    return total / steps * math.radians(lat2 - lat1) / 1000


async def test_distance_km_matches_a_known_geodesic_within_half_a_percent(api):
    owner = await api.new_user("owner")
    await api.new_spot(owner, latitude=LAT + 0.1)
    found = (await api.search(latitude=LAT, longitude=LON, radius_km=20)).json[0]
    expected = meridian_arc_km(LAT, LAT + 0.1)  # about 11.10 km
    assert abs(found["distance_km"] - expected) / expected < 0.005


async def test_search_across_the_antimeridian(api, conn, q):
    owner = await api.new_user("owner")
    east = await q.create_spot_at(conn, owner_id=owner.id, latitude=-16.5, longitude=179.99, title="east", hourly_rate=300)
    west = await q.create_spot_at(conn, owner_id=owner.id, latitude=-16.5, longitude=-179.99, title="west", hourly_rate=300)
    found = await api.search(latitude=-16.5, longitude=179.999, radius_km=5)
    assert set(ids(found)) == {str(east), str(west)}
    assert all(item["distance_km"] < 2.2 for item in found.json)
    bounds = await api.call("get", f"{SEARCH}/in-bounds",
                            params={"min_lat": -17, "max_lat": -16, "min_lon": 179.9, "max_lon": -179.9})
    assert set(ids(bounds)) == {str(east), str(west)}


async def test_search_near_the_pole(api, conn, q):
    owner = await api.new_user("owner")
    spots = [await q.create_spot_at(conn, owner_id=owner.id, latitude=89.99, longitude=lon, title=str(lon),
                                    hourly_rate=300) for lon in (0, 90, 180, -90)]
    found = await api.search(latitude=90, longitude=0, radius_km=2)
    assert set(ids(found)) == {str(s) for s in spots}
    assert all(abs(item["distance_km"] - 1.117) < 0.01 for item in found.json)


@pytest.mark.parametrize("filters, matching", [
    ({"spot_type": "driveway"}, {"driveway"}),
    ({"max_hourly_rate": 400}, {"cheap"}),
    ({"has_ev_charging": "true"}, {"ev"}),
    ({"is_covered": "true"}, {"covered"}),
    ({"has_security": "true"}, {"secure"}),
    ({"is_handicap_accessible": "true"}, {"accessible"}),
    ({"vehicle_size": "large"}, {"large"}),
    ({"vehicle_size": "compact"}, {"base", "driveway", "cheap", "ev", "covered", "secure", "accessible", "large"}),
    ({"spot_type": "garage", "max_hourly_rate": 450}, {"cheap"}),
])
async def test_each_filter(api, filters, matching):
    owner = await api.new_user("owner")
    variants = {"base": {}, "driveway": {"spot_type": "driveway"}, "cheap": {"hourly_rate": 300},
                "ev": {"has_ev_charging": True}, "covered": {"is_covered": True}, "secure": {"has_security": True},
                "accessible": {"is_handicap_accessible": True}, "large": {"vehicle_size": "large"},
                "moto": {"vehicle_size": "motorcycle"}}
    made = {name: (await api.new_spot(owner, title=name, **change))["id"] for name, change in variants.items()}
    found = await api.search(latitude=LAT, longitude=LON, **filters)
    assert set(ids(found)) == {made[name] for name in matching}


async def test_min_rating_and_sorting_by_price_and_rating(api, conn, q):
    owner = await api.new_user("owner")
    spots = {name: (await api.new_spot(owner, title=name, hourly_rate=rate))["id"]
             for name, rate in [("a", 700), ("b", 300), ("c", 500)]}
    for name, rating in [("a", 4.5), ("b", 3.0), ("c", 4.9)]:
        await q.set_spot_rating(conn, spot_id=uuid.UUID(spots[name]), rating=rating)
    assert ids(await api.search(latitude=LAT, longitude=LON, sort="price")) == [spots["b"], spots["c"], spots["a"]]
    assert ids(await api.search(latitude=LAT, longitude=LON, sort="rating")) == [spots["c"], spots["a"], spots["b"]]
    assert set(ids(await api.search(latitude=LAT, longitude=LON, min_rating=4.5))) == {spots["a"], spots["c"]}


async def test_city_search_without_coordinates(api):
    owner = await api.new_user("owner")
    sf = await api.new_spot(owner)
    await api.new_spot(owner, city="Oakland", latitude=37.8044, longitude=-122.2712)
    found = await api.search(city="san francisco")
    assert ids(found) == [sf["id"]] and found.json[0]["distance_km"] is None


async def test_pages_are_stable_and_bounded(api):
    owner = await api.new_user("owner")
    for n in range(7):
        await api.new_spot(owner, latitude=LAT + n * 0.001, title=f"spot {n}")
    for sort in ("distance", "price"):
        pages = [ids(await api.search(latitude=LAT, longitude=LON, sort=sort, page=p, page_size=3)) for p in (1, 2, 3)]
        assert [len(p) for p in pages] == [3, 3, 1]
        assert len(set(sum(pages, []))) == 7
        assert pages == [ids(await api.search(latitude=LAT, longitude=LON, sort=sort, page=p, page_size=3))
                         for p in (1, 2, 3)]
    assert ids(await api.search(latitude=LAT, longitude=LON, page=4, page_size=3)) == []


@pytest.mark.parametrize("params, field", [
    ({"latitude": 95, "longitude": 0}, "latitude"), ({"latitude": 0, "longitude": 200}, "longitude"),
    ({"latitude": "north", "longitude": 0}, "latitude"), ({"latitude": 10}, "latitude and longitude"),
    ({}, "give latitude and longitude, or city"), ({"city": "X", "sort": "distance"}, "sort=distance"),
    ({"latitude": 0, "longitude": 0, "spot_type": "rooftop"}, "spot_type"),
    ({"latitude": 0, "longitude": 0, "page_size": 101}, "page_size"),
    ({"latitude": 0, "longitude": 0, "page": 0}, "page"),
    ({"latitude": 0, "longitude": 0, "radius_km": -1}, "radius_km"),
    ({"latitude": 0, "longitude": 0, "available_from": "2030-01-01T10:00:00Z"}, "available_from and available_to"),
    ({"latitude": 0, "longitude": 0, "available_from": "2030-01-01T10:00:00",
      "available_to": "2030-01-01T12:00:00"}, "available_from"),
    ({"latitude": 0, "longitude": 0, "colour": "red"}, "colour"),
])
async def test_bad_search_parameters_are_422(api, params, field):
    response = await api.search(**params)
    assert response.status == 422 and field in response.json["detail"], response.json


async def test_radius_is_capped_at_50_km(api):
    owner = await api.new_user("owner")
    near = await api.new_spot(owner, latitude=LAT + 40 / 111.0)
    await api.new_spot(owner, latitude=LAT + 60 / 111.0)
    assert ids(await api.search(latitude=LAT, longitude=LON, radius_km=500)) == [near["id"]]


async def test_availability_window(api, conn, q):
    owner, renter = await api.new_user("owner"), await api.new_user("renter")
    booked, free = (await api.new_spot(owner, title="booked"))["id"], (await api.new_spot(owner, title="free"))["id"]
    start = datetime(2030, 3, 4, 10, 0, tzinfo=timezone.utc)
    await q.create_booking(conn, user_id=uuid.UUID(renter.id), spot_id=uuid.UUID(booked), start_time=start,
                           end_time=start + timedelta(hours=2), status="confirmed")

    async def free_during(begin, hours):
        return set(ids(await api.search(latitude=LAT, longitude=LON, available_from=begin.isoformat(),
                                        available_to=(begin + timedelta(hours=hours)).isoformat())))
    assert await free_during(start + timedelta(hours=1), 2) == {free}
    assert await free_during(start + timedelta(hours=2), 2) == {booked, free}  # touching: fine
    assert await free_during(start - timedelta(hours=1), 1) == {booked, free}


async def test_blackouts_and_opening_hours_limit_availability(api):
    owner = await api.new_user("owner")
    blacked = (await api.new_spot(owner, title="blacked out"))["id"]
    office = (await api.new_spot(owner, title="office hours", operating_hours={"wed": [["08:00", "18:00"]]}))["id"]
    open_all = (await api.new_spot(owner, title="always"))["id"]
    start = datetime(2030, 3, 6, 17, 0, tzinfo=timezone.utc)  # a Wednesday, 09:00 in San Francisco
    response = await api.call("post", f"{SEARCH}/{blacked}/blackouts", owner.access,
                              json={"starts_at": start.isoformat(), "ends_at": (start + timedelta(days=1)).isoformat()})
    assert response.status == 201
    found = await api.search(latitude=LAT, longitude=LON, available_from=start.isoformat(),
                             available_to=(start + timedelta(hours=2)).isoformat())
    assert set(ids(found)) == {office, open_all}
    night = await api.search(latitude=LAT, longitude=LON, available_from=(start + timedelta(hours=12)).isoformat(),
                             available_to=(start + timedelta(hours=13)).isoformat())
    assert set(ids(night)) == {open_all}


async def test_unavailable_and_inactive_spots_are_not_found(api):
    owner = await api.new_user("owner")
    off = await api.new_spot(owner, title="off")
    gone = await api.new_spot(owner, title="gone")
    kept = await api.new_spot(owner, title="kept")
    await api.call("patch", f"{SEARCH}/{off['id']}/availability", owner.access, json={"is_available": False})
    await api.call("delete", f"{SEARCH}/{gone['id']}", owner.access)
    assert ids(await api.search(latitude=LAT, longitude=LON)) == [kept["id"]]


@pytest.mark.parametrize("generic", [False, True], ids=["custom plan", "generic plan"])
async def test_radius_search_plan_uses_the_gist_index(conn, q, queries, api, generic):
    owner = await api.new_user("owner")
    await q.create_many_spots(conn, owner_id=owner.id, n=20000)
    await q.analyze_spots(conn)
    if generic:
        await q.force_generic_plans(conn)
    search = queries[0].spots.search_spots_nearest
    args = {name: None for name in search.parameters} | {"lon": LON, "lat": LAT, "radius_m": 2000, "lim": 20, "off": 0}
    plan = await conn.fetchval("explain (format json) " + search.sql,  # the app's own query text
                               *[args[name] for name in search.parameters])
    text = json.dumps(plan)
    # At this size the planner takes a bitmap scan of the GiST index and sorts the few rows in the
    # radius; at 1M spots it walks the same index in distance order (docs/benchmarks.md).
    # either GiST index of the locations: all spots', or the free ones' (parking_spots_free_location_cover)
    assert re.search(r'"Index Name": "parking_spots_(free_)?location_(gist|cover)"', text) and '"Index Cond"' in text
    assert "Seq Scan" not in text


async def test_a_wide_viewport_keeps_spots_near_its_southern_edge(api, conn, q):
    """As geography the box's southern edge is a great circle bulging north of latitude 25."""
    owner = await api.new_user("owner")
    near_edge = await q.create_spot_at(conn, owner_id=owner.id, latitude=25.2, longitude=-96, title="south",
                                       hourly_rate=300)
    outside = await q.create_spot_at(conn, owner_id=owner.id, latitude=24.9, longitude=-96, title="out",
                                     hourly_rate=300)
    found = await api.call("get", f"{SEARCH}/in-bounds",
                           params={"min_lat": 25, "max_lat": 49, "min_lon": -125, "max_lon": -67})
    assert set(ids(found)) == {str(near_edge)}
    assert str(outside) not in ids(found)


async def test_a_repeated_parameter_is_422(api):
    response = await api.call("get", f"{SEARCH}?latitude=1&latitude=2&longitude=0")
    assert response.status == 422 and response.json == {"detail": "latitude: give it once", "code": "repeated_parameter"}


def total(response) -> int:
    assert response.status == 200, response.json
    return int(response.headers["x-total-count"])


async def test_search_counts_its_matches_up_to_ten_pages_past_the_page(api, conn, q):
    """X-Total-Count is exact below offset + 10 × page_size, and that number (at least) above it."""
    owner = await api.new_user("owner")
    for n in range(25):
        await q.create_spot_at(conn, owner_id=owner.id, latitude=LAT + n * 0.0005, longitude=LON, title=f"n{n}",
                               hourly_rate=300 + n)
    await q.create_spot_at(conn, owner_id=owner.id, latitude=LAT + 1, longitude=LON, title="far", hourly_rate=300)
    near = {"latitude": LAT, "longitude": LON, "radius_km": 5}
    for sort in ("distance", "price", "rating"):
        assert total(await api.search(**near, sort=sort, page_size=3)) == 25  # 30 counted at most: exact
        assert total(await api.search(**near, sort=sort, page_size=2)) == 20  # at least 20
        assert total(await api.search(**near, sort=sort, page_size=2, page=2)) == 22
        last = await api.search(**near, sort=sort, page_size=10, page=3)
        assert (len(last.json), total(last)) == (5, 25)
    assert total(await api.search(**near, max_hourly_rate=302)) == 3
    assert total(await api.search(**{**near, "radius_km": 0.03})) == 1
    city = await api.search(city="testville", page_size=2, sort="price")
    assert (len(city.json), total(city)) == (2, 20)
    assert total(await api.search(city="testville", page_size=5)) == 26
    # the city's count honours the filters (it once counted the whole city when the page matched)
    assert total(await api.search(city="testville", max_hourly_rate=302)) == 4  # n0-n2 and far
    past_the_end = await api.search(**near, page=4, page_size=10)
    assert (past_the_end.json, total(past_the_end)) == ([], 0)  # an empty page counts nothing, as every list


async def test_the_viewport_counts_every_spot_in_it_beyond_its_limit(api, conn, q):
    owner = await api.new_user("owner")
    for n in range(7):
        await q.create_spot_at(conn, owner_id=owner.id, latitude=LAT + n * 0.001, longitude=LON, title=f"n{n}",
                               hourly_rate=300)
    outside = await q.create_spot_at(conn, owner_id=owner.id, latitude=LAT + 1, longitude=LON, title="out",
                                     hourly_rate=300)
    box = {"min_lat": LAT - 0.01, "max_lat": LAT + 0.01, "min_lon": LON - 0.01, "max_lon": LON + 0.01}
    capped = await api.call("get", f"{SEARCH}/in-bounds", params={**box, "limit": 3})
    assert (len(capped.json), total(capped)) == (3, 7)
    everything = await api.call("get", f"{SEARCH}/in-bounds", params=box)
    assert (len(everything.json), total(everything)) == (7, 7) and str(outside) not in ids(everything)
    empty = await api.call("get", f"{SEARCH}/in-bounds", params={**box, "min_lat": LAT + 2, "max_lat": LAT + 3})
    assert (empty.json, total(empty)) == ([], 0)
