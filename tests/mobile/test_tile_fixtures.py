"""The vector tiles the app's unit tests decode (mobile/__tests__/fixtures/tiles.json, each tile's bytes
in hex) are what the service serves: the spots below are listed through the API, their street tile
and cluster tile fetched, and the committed tiles must decode (with mapbox-vector-tile) to the same
features, spot ids aside (each run lists new spots: the committed ids stand for them). The file also
says what the app must find in them: each spot's position and properties, each cluster's count,
lowest price and position (the web-mercator mean of its spots, computed here).
MOBILE_TILE_FIXTURES=write rewrites it."""
from __future__ import annotations

import json
import math
import os
from pathlib import Path

import mapbox_vector_tile

from tests.spots.test_tiles import decoded, tile_of

FIXTURE = Path(__file__).resolve().parents[2] / "mobile" / "__tests__" / "fixtures" / "tiles.json"
WRITE = os.environ.get("MOBILE_TILE_FIXTURES") == "write"
EARTH = 20037508.342789244  # half the web-mercator world, metres
CELLS = 16  # the service's cluster grid per tile

# latitude, longitude, hourly rate (cents), type: three by the Ferry Building, one by Coit Tower (1.3 km):
# the street tile holds the three, the cluster tile (zoom 11) all four in two cells
SPOTS = [
    (37.7955, -122.3937, 450, "garage"),
    (37.7960, -122.3937, 300, "driveway"),
    (37.7951, -122.3950, 725, "lot"),
    (37.8024, -122.4058, 500, "outdoor"),
]
STREET_ZOOM, CLUSTER_ZOOM = 15, 11  # what a map at street zoom asks, and one at zoom 14 (clusters 3 zooms out)


def mercator(lat: float, lon: float) -> tuple[float, float]:
    return lon * EARTH / 180, math.log(math.tan(math.radians(lat)) + 1 / math.cos(math.radians(lat))) * 6378137


def lat_lon(mx: float, my: float) -> tuple[float, float]:
    return math.degrees(2 * math.atan(math.exp(my / 6378137)) - math.pi / 2), mx * 180 / EARTH


def expected_clusters(spots: list[dict], z: int) -> list[dict]:
    """Count, lowest price and mean position of the spots of each cell of the z tile grid."""
    size = 2 * EARTH / 2 ** z / CELLS
    cells: dict[tuple[int, int], list[dict]] = {}
    for spot in spots:
        mx, my = mercator(spot["latitude"], spot["longitude"])
        cells.setdefault((math.floor((mx + EARTH) / size), math.floor((EARTH - my) / size)), []).append(spot)
    clusters = []
    for members in cells.values():
        points = [mercator(s["latitude"], s["longitude"]) for s in members]
        lat, lon = lat_lon(sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points))
        clusters.append({"count": len(members), "min_price": min(s["price"] for s in members),
                         "latitude": round(lat, 7), "longitude": round(lon, 7)})
    return sorted(clusters, key=lambda c: (c["count"], c["min_price"]))


def features(tile: dict, ids: dict[str, str]) -> list:
    """A decoded tile's features as comparable values, spot ids replaced through `ids`."""
    out = []
    for name, layer in tile.items():
        for feature in layer["features"]:
            props = dict(feature["properties"])
            if "id" in props:
                props["id"] = ids.get(props["id"], props["id"])
            out.append((name, layer["extent"], json.dumps(props, sort_keys=True), feature["geometry"]["coordinates"]))
    return sorted(out)


async def test_the_apps_tile_fixtures_are_what_the_service_serves(api):
    owner = await api.new_user("owner")
    committed = None if WRITE else json.loads(FIXTURE.read_text())
    spots, ids = [], {}
    for i, (lat, lon, price, spot_type) in enumerate(SPOTS):
        listed = await api.new_spot(owner, latitude=lat, longitude=lon, hourly_rate=price, spot_type=spot_type)
        spot_id = committed["spots"][i]["id"] if committed else listed["id"]
        ids[listed["id"]] = spot_id
        spots.append({"id": spot_id, "latitude": lat, "longitude": lon, "price": price, "spot_type": spot_type,
                      "rating": 0})
    document = {"spots": spots, "tiles": []}
    for i, z in enumerate((STREET_ZOOM, CLUSTER_ZOOM)):
        x, y = tile_of(*SPOTS[0][:2], z)
        response = await api.call("get", f"/api/v1/tiles/{z}/{x}/{y}.mvt")
        served = decoded(response)
        inside = [s for s in spots if tile_of(s["latitude"], s["longitude"], z) == (x, y)]
        entry = {"z": z, "x": x, "y": y, "hex": response.content.hex()}
        if committed:
            entry["hex"] = committed["tiles"][i]["hex"]
            assert features(served, ids) == features(mapbox_vector_tile.decode(bytes.fromhex(entry["hex"])), {}), \
                f"tile {z}/{x}/{y}: the service serves another tile now: rewrite with MOBILE_TILE_FIXTURES=write"
        if z >= STREET_ZOOM:
            entry["spots"] = sorted(s["id"] for s in inside)
        else:
            entry["clusters"] = expected_clusters(inside, z)
        document["tiles"].append(entry)
    text = json.dumps(document, indent=1) + "\n"
    if WRITE:
        FIXTURE.parent.mkdir(parents=True, exist_ok=True)
        FIXTURE.write_text(text)
    assert FIXTURE.read_text() == text
