"""The unmet-demand map: analytics.demand_hexagons / demand_map and GET /api/v1/admin/demand-map
(GeoJSON), its figures recomputed here with a hexagon grid of our own (web mercator, flat-topped
hexagons as ST_HexagonGrid lays them); admins only; 422 naming the parameter; limits on area, size
and period; the analyst may call the functions."""
from __future__ import annotations

import math
from collections import defaultdict
from datetime import datetime, timedelta, timezone
from decimal import Decimal

import pytest

UTC = timezone.utc
MAP = "/api/v1/admin/demand-map"
EARTH = 6378137.0  # EPSG:3857's sphere
BOX = dict(min_lat=37.70, min_lng=-122.52, max_lat=37.83, max_lng=-122.35)  # San Francisco
T = datetime(2030, 6, 3, tzinfo=UTC)


def mercator(lat: float, lon: float) -> tuple[float, float]:
    return EARTH * math.radians(lon), EARTH * math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


def hexagon_of(lat: float, lon: float, edge: float) -> tuple[int, int]:
    """(i, j) of the flat-topped hexagon holding the point: columns 1.5 edges apart, rows sqrt(3)
    edges apart, odd columns half a row up; on an edge the lowest (i, j) wins."""
    x, y = mercator(lat, lon)
    height = math.sqrt(3) * edge
    holding = []
    for i in range(math.floor(x / (1.5 * edge)) - 1, math.floor(x / (1.5 * edge)) + 3):
        for j in range(math.floor(y / height) - 2, math.floor(y / height) + 3):
            cx, cy = 1.5 * edge * i, height * (j + (i % 2) / 2)
            dx, dy = abs(x - cx), abs(y - cy)
            if dy <= height / 2 + 1e-6 and math.sqrt(3) * dx + dy <= height + 1e-6:
                holding.append((i, j))
    return min(holding)


def edge_for(box: dict, size_m: float) -> float:
    return size_m / math.cos(math.radians((box["min_lat"] + box["max_lat"]) / 2))


# Searches: (hours after T, latitude, longitude, free results, how many, kind)
SEARCHES = [
    (0, 37.79, -122.40, 0, 5, "search"), (0, 37.79, -122.40, 2, 3, "search"), (1, 37.79, -122.40, 7, 4, "search"),
    (1, 37.79, -122.41, 1, 2, "search"), (5, 37.76, -122.42, 0, 1, "search"), (5, 37.76, -122.42, 20, 6, "search"),
    (30, 37.80, -122.44, 3, 2, "search"), (2, 37.79, -122.40, 0, 9, "viewport"),
    (3, 37.90, -122.30, 0, 4, "search"),  # outside the box
    (-5, 37.79, -122.40, 0, 8, "search"),  # before the period
]
SPOTS = [(37.7902, -122.4005, True), (37.7899, -122.3990, True), (37.7601, -122.4203, True),
         (37.7900, -122.4000, False)]  # the last one is not taking bookings


@pytest.fixture
async def searches(conn, aq, q):
    for hours, lat, lon, free, count, kind in SEARCHES:
        await aq.add_search_event(conn, searched_at=T + timedelta(hours=hours), kind=kind, latitude=lat,
                                  longitude=lon, free_results=free, searches=count)
    owner = await aq.add_user(conn, email="o@example.com", role="owner", created_at=T)
    for lat, lon, open_ in SPOTS:
        spot_id = await aq.add_spot(conn, owner_id=owner, city="San Francisco", spot_type="lot", latitude=lat,
                                    longitude=lon, timezone="America/Los_Angeles", operating_hours=None)
        await aq.set_spot_flags(conn, spot_id=spot_id, is_active=True, is_available=open_)


def expected_map(box: dict, size_m: float, start: datetime, end: datetime, kinds=("search",), by_hour=False) -> dict:
    edge = edge_for(box, size_m)
    found = defaultdict(lambda: [0, 0, 0])  # searches, no free, one or two free
    for hours, lat, lon, free, count, kind in SEARCHES:
        at = T + timedelta(hours=hours)
        if kind not in kinds or not start <= at < end:
            continue
        if not (box["min_lat"] <= lat <= box["max_lat"] and box["min_lng"] <= lon <= box["max_lng"]):
            continue
        key = hexagon_of(lat, lon, edge) + ((at,) if by_hour else ())
        found[key][0] += count
        found[key][1] += count if free == 0 else 0
        found[key][2] += count if free in (1, 2) else 0
    return dict(found)


async def test_demand_hexagons_per_hour_match_an_independent_grid(conn, aq, searches):
    rows = [r async for r in aq.demand_hexagons(conn, min_lng=BOX["min_lng"], min_lat=BOX["min_lat"],
                                                max_lng=BOX["max_lng"], max_lat=BOX["max_lat"], from_time=T,
                                                to_time=T + timedelta(days=2), size_m=500)]
    assert {(r["hex_i"], r["hex_j"], r["hour"]): [r["searches"], r["no_free"], r["few_free"]] for r in rows} == \
        expected_map(BOX, 500, T, T + timedelta(days=2), by_hour=True)
    assert all(r["unmet"] == r["no_free"] + r["few_free"] for r in rows)
    assert all(r["hexagon"].startswith("POLYGON((-122.") for r in rows)


async def test_the_map_is_geojson_with_searches_unmet_share_and_spots(api, searches):
    admin = await api.new_user("admin")
    response = await api.call("get", MAP, admin.access, params={
        **BOX, "from": T.isoformat(), "to": (T + timedelta(days=2)).isoformat(), "size_m": 1000})
    assert response.status == 200, response.json
    body = response.json
    assert (body["type"], body["size_m"], body["kind"]) == ("FeatureCollection", 1000, "search")
    assert (body["from"], body["to"]) == ("2030-06-03T00:00:00Z", "2030-06-05T00:00:00Z")
    expected = expected_map(BOX, 1000, T, T + timedelta(days=2))
    edge = edge_for(BOX, 1000)
    spots = defaultdict(int)
    for lat, lon, open_ in SPOTS:
        spots[hexagon_of(lat, lon, edge)] += open_
    found = {}
    for feature in body["features"]:
        assert feature["type"] == "Feature" and feature["geometry"]["type"] == "Polygon"
        [ring] = feature["geometry"]["coordinates"]
        assert len(ring) == 7 and ring[0] == ring[-1]
        p = feature["properties"]
        key = (p["hex_i"], p["hex_j"])
        # The polygon is that hexagon: its corners' average is the hexagon's centre.
        cx, cy = (sum(c) / 6 for c in zip(*(mercator(lat, lon) for lon, lat in ring[:6])))
        assert math.isclose(cx, 1.5 * edge * key[0], abs_tol=1) and \
            math.isclose(cy, math.sqrt(3) * edge * (key[1] + (key[0] % 2) / 2), abs_tol=1)
        found[key] = [p["searches"], p["no_free"], p["few_free"]]
        assert p["unmet"] == p["no_free"] + p["few_free"]
        assert p["unmet_share"] == round(p["unmet"] / p["searches"], 4)
        assert p["spots"] == spots.get(key, 0)
    assert found == expected
    assert sum(searches for searches, _, _ in found.values()) == 5 + 3 + 4 + 2 + 1 + 6 + 2


async def test_the_default_period_is_the_last_30_days_and_kind_all_adds_map_views(api, conn, aq):
    admin = await api.new_user("admin")
    now = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
    for days, kind in ((10, "search"), (40, "search"), (3, "viewport")):
        await aq.add_search_event(conn, searched_at=now - timedelta(days=days), kind=kind, latitude=37.79,
                                  longitude=-122.40, free_results=0, searches=1)
    default = (await api.call("get", MAP, admin.access, params=BOX)).json
    assert [f["properties"]["searches"] for f in default["features"]] == [1]
    assert default["to"] == (now + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    both = (await api.call("get", MAP, admin.access, params={**BOX, "kind": "all"})).json
    assert [f["properties"]["searches"] for f in both["features"]] == [2]


async def test_admins_only(api, searches):
    assert (await api.call("get", MAP, params=BOX)).status == 401
    renter, owner = await api.new_user("renter"), await api.new_user("owner")
    assert (await api.call("get", MAP, renter.access, params=BOX)).status == 403
    assert (await api.call("get", MAP, owner.access, params=BOX)).status == 403


@pytest.mark.parametrize("change, field", [
    ({"min_lat": None}, "min_lat"),
    ({"max_lat": 37.60}, "max_lat"),
    ({"max_lng": -122.60}, "max_lng"),
    ({"min_lat": -86}, "min_lat"),
    ({"min_lng": 190}, "min_lng"),
    ({"max_lat": 40.0}, "max_lat"),                      # more than 2 degrees tall
    ({"min_lng": -124.0, "max_lng": -121.9}, "max_lng"),  # more than 2 degrees wide
    ({"size_m": 100}, "size_m"),
    ({"size_m": 50_000}, "size_m"),
    ({"min_lat": 36.0, "max_lat": 37.9, "min_lng": -123.9, "max_lng": -122.0, "size_m": 500}, "size_m"),  # too many
    ({"from": "2030-06-03T00:00:00Z", "to": "2030-06-02T00:00:00Z"}, "to"),
    ({"from": "2030-01-01T00:00:00Z", "to": "2030-06-01T00:00:00Z"}, "to"),  # more than 92 days
    ({"from": "2030-06-03T00:00:00"}, "from"),           # no time zone
    ({"kind": "everything"}, "kind"),
    ({"surprise": "1"}, "surprise"),
])
async def test_bad_input_is_422_naming_the_parameter(api, change, field):
    admin = await api.new_user("admin")
    params = {k: v for k, v in {**BOX, **change}.items() if v is not None}
    response = await api.call("get", MAP, admin.access, params=params)
    assert response.status == 422, response.json
    assert response.json["detail"].startswith(f"{field}:"), response.json


async def test_the_largest_area_at_its_smallest_size_answers(api, searches):
    admin = await api.new_user("admin")
    box = dict(min_lat=36.83, min_lng=-123.40, max_lat=38.83, max_lng=-121.40)  # 2 x 2 degrees
    refused = await api.call("get", MAP, admin.access, params={**box, "size_m": 1000})
    smallest = int(refused.json["detail"].split("at least ")[1].split(" ")[0])
    response = await api.call("get", MAP, admin.access, params={**box, "size_m": smallest,
                                                                 "from": T.isoformat(), "to": (T + timedelta(days=2)).isoformat()})
    assert response.status == 200
    assert sum(f["properties"]["searches"] for f in response.json["features"]) == 5 + 3 + 4 + 2 + 1 + 6 + 2 + 4


async def test_the_analyst_may_draw_the_map_in_sql(conn, aq, searches):
    analyst = await aq.role_of(conn, kind="analyst")
    async with conn.transaction():
        await aq.set_role(conn, role=analyst)
        rows = [r async for r in aq.demand_map(conn, min_lng=BOX["min_lng"], min_lat=BOX["min_lat"],
                                               max_lng=BOX["max_lng"], max_lat=BOX["max_lat"], from_time=T,
                                               to_time=T + timedelta(days=2), size_m=1000)]
    assert sum(r["searches"] for r in rows) == sum(v[0] for v in expected_map(BOX, 1000, T, T + timedelta(days=2)).values())
    assert {r["unmet_share"] for r in rows} <= {Decimal(str(round(v[1] / v[0] + v[2] / v[0], 4)))
                                                for v in expected_map(BOX, 1000, T, T + timedelta(days=2)).values()}
