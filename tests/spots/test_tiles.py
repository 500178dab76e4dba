"""GET /api/v1/tiles/{z}/{x}/{y}.mvt: tiles decoded with a real vector-tile decoder
(mapbox-vector-tile): spots and their properties at street zoom, clusters with counts and lowest
price below it, the extent, bad addresses (422 naming the field), anonymous access, the cache and its
invalidation by spot changes (new, moved, repriced, unavailable)."""
from __future__ import annotations

import asyncio
import math
import uuid

import mapbox_vector_tile

from api.core.admission import Doorkeeper
from api.spots import tiles_cache
from tests.api_client import FERRY_BUILDING

LAT, LON = FERRY_BUILDING
MVT = "application/vnd.mapbox-vector-tile"


def tile_of(lat: float, lon: float, z: int) -> tuple[int, int]:
    n = 2 ** z
    x = int((lon + 180) / 360 * n)
    y = int((1 - math.log(math.tan(math.radians(lat)) + 1 / math.cos(math.radians(lat))) / math.pi) / 2 * n)
    return x, y


async def get_tile(api, z: int, lat: float = LAT, lon: float = LON):
    x, y = tile_of(lat, lon, z)
    return await api.call("get", f"/api/v1/tiles/{z}/{x}/{y}.mvt")


def decoded(response) -> dict:
    assert response.status == 200, response.content
    assert response.headers["content-type"] == MVT
    return mapbox_vector_tile.decode(response.content)


async def wait_for(check, what: str, seconds: float = 5.0):
    """Poll `check` (async, truthy when done) until the notification has been handled."""
    for _ in range(int(seconds / 0.05)):
        result = await check()
        if result:
            return result
        await asyncio.sleep(0.05)
    raise AssertionError(f"not seen within {seconds} s: {what}")


async def listening(api) -> None:
    await asyncio.wait_for(api.client.app.ctx.events.connected.wait(), 10)


async def test_street_zoom_tile_has_each_available_spot_with_its_properties(api):
    owner = await api.new_user("owner")
    a = await api.new_spot(owner, hourly_rate=450, spot_type="garage")
    b = await api.new_spot(owner, latitude=LAT + 0.0005, hourly_rate=300, spot_type="driveway")
    hidden = await api.new_spot(owner, latitude=LAT + 0.0007)
    await api.queries.set_spot_flags(api.conn, spot_id=uuid.UUID(hidden["id"]), is_active=True, is_available=False)
    tile = decoded(await get_tile(api, 16))
    assert set(tile) == {"spots"}
    layer = tile["spots"]
    assert layer["extent"] == 4096
    features = {f["properties"]["id"]: f for f in layer["features"]}
    assert set(features) == {a["id"], b["id"]}
    assert features[a["id"]]["properties"] == {"id": a["id"], "price": 450, "spot_type": "garage", "rating": 0.0}
    assert features[b["id"]]["properties"]["price"] == 300
    for feature in features.values():
        assert feature["geometry"]["type"] == "Point"
        px, py = feature["geometry"]["coordinates"]
        assert 0 <= px <= 4096 and 0 <= py <= 4096
    # b is north of a: higher up the tile (the decoder's y axis points up by default)
    assert features[b["id"]]["geometry"]["coordinates"][1] > features[a["id"]]["geometry"]["coordinates"][1]
    # the point is where the spot is: compare with its position inside the tile, in tile units
    x, y = tile_of(LAT, LON, 16)
    n = 2 ** 16
    fx = ((LON + 180) / 360 * n - x) * 4096
    fy = ((1 - math.log(math.tan(math.radians(LAT)) + 1 / math.cos(math.radians(LAT))) / math.pi) / 2 * n - y) * 4096
    ax, ay = features[a["id"]]["geometry"]["coordinates"]
    assert abs(ax - fx) <= 1 and abs((4096 - ay) - fy) <= 1


async def test_lower_zooms_have_clusters_with_counts_and_lowest_price(api):
    owner = await api.new_user("owner")
    for i, rate in enumerate((900, 400, 700)):  # three spots within 100 m: one cell at zoom 10
        await api.new_spot(owner, latitude=LAT + i * 0.0003, hourly_rate=rate)
    await api.new_spot(owner, latitude=LAT - 0.03, longitude=LON - 0.02, hourly_rate=250)  # ~4 km away, same tile
    tile = decoded(await get_tile(api, 10))
    assert set(tile) == {"clusters"}
    clusters = sorted((f["properties"]["count"], f["properties"]["min_price"]) for f in tile["clusters"]["features"])
    assert tile["clusters"]["extent"] == 4096
    assert (3, 400) in clusters
    assert sum(count for count, _ in clusters) == 4
    world = decoded(await api.call("get", "/api/v1/tiles/0/0/0.mvt"))
    assert [(f["properties"]["count"], f["properties"]["min_price"]) for f in world["clusters"]["features"]] == [(4, 250)]


async def test_an_empty_tile_is_a_200_with_its_layer_and_no_features(api):
    street = decoded(await api.call("get", "/api/v1/tiles/16/0/0.mvt"))
    assert street == {"spots": {"extent": 4096, "version": 2, "type": "FeatureCollection", "features": []}}
    world = decoded(await api.call("get", "/api/v1/tiles/0/0/0.mvt"))
    assert world == {"clusters": {"extent": 4096, "version": 2, "type": "FeatureCollection", "features": []}}


async def test_bad_addresses_are_422_naming_the_field(api):
    for path, field in (("23/0/0", "z"), ("-1/0/0", "z"), ("3/8/0", "x"), ("3/-1/0", "x"), ("0/1/0", "x"),
                        ("3/0/8", "y"), ("3/0/1e2", "y"), ("3/0/-1", "y"), ("3/0/y", "y")):
        response = await api.call("get", f"/api/v1/tiles/{path}.mvt")
        assert response.status == 422, (path, response.status)
        assert response.json["detail"].startswith(f"{field}:"), (path, response.json)
    for path in ("3/0/0.png", "a/0/0.mvt", "3/x/0.mvt"):  # no such route: z and x are integers in the path
        assert (await api.call("get", f"/api/v1/tiles/{path}")).status == 404


async def test_anonymous_and_cached_from_the_second_ask(api):
    await listening(api)
    owner = await api.new_user("owner")
    await api.new_spot(owner)
    first, second, third = await get_tile(api, 16), await get_tile(api, 16), await get_tile(api, 16)
    assert [t.headers["x-cache"] for t in (first, second, third)] == ["miss", "miss", "hit"]
    assert first.content == second.content == third.content and decoded(third)["spots"]["features"]


async def test_a_tile_asked_once_is_neither_read_nor_stored(api):
    x, y = tile_of(LAT, LON, 17)
    assert (await get_tile(api, 17)).headers["x-cache"] == "miss"
    assert await api.client.app.ctx.redis.get(tiles_cache.entry_key(17, x, y)) is None
    assert (await get_tile(api, 17)).headers["x-cache"] == "miss"
    assert await api.client.app.ctx.redis.get(tiles_cache.entry_key(17, x, y)) is not None


async def test_a_tile_another_worker_stored_is_built_here_once_then_read(api):
    stored = [(await get_tile(api, 18)).headers["x-cache"] for _ in range(3)]
    api.client.app.ctx.tile_doorkeeper = Doorkeeper()  # as a worker that never had this tile asked
    here = [(await get_tile(api, 18)).headers["x-cache"] for _ in range(2)]
    assert (stored, here) == (["miss", "miss", "hit"], ["miss", "hit"])


def test_the_doorkeeper_remembers_the_latest_keys_asked():
    doorkeeper = Doorkeeper(capacity=2)
    assert [doorkeeper.seen_before(key) for key in ("a", "a", "a")] == [False, True, True]
    doorkeeper.seen_before("b"), doorkeeper.seen_before("c")  # "a" is the oldest of three: forgotten
    assert (doorkeeper.seen_before("a"), doorkeeper.seen_before("c")) == (False, True)


async def test_a_new_spot_appears_in_the_cached_tile(api):
    await listening(api)
    owner = await api.new_user("owner")
    first = await api.new_spot(owner)
    assert len(decoded(await get_tile(api, 16))["spots"]["features"]) == 1
    assert len(decoded(await get_tile(api, 10))["clusters"]["features"]) == 1
    assert [(await get_tile(api, 16)).headers["x-cache"] for _ in range(2)] == ["miss", "hit"]  # stored at the 2nd miss
    second = await api.new_spot(owner, latitude=LAT + 0.0002, hourly_rate=199)

    async def both_shown():
        tile = decoded(await get_tile(api, 16))
        return {f["properties"]["id"] for f in tile["spots"]["features"]} == {first["id"], second["id"]}
    await wait_for(both_shown, "the new spot in the street tile")

    async def cluster_updated():
        tile = decoded(await get_tile(api, 10))
        return [(f["properties"]["count"], f["properties"]["min_price"])
                for f in tile["clusters"]["features"]] == [(2, 199)]
    await wait_for(cluster_updated, "the new spot in the cluster at zoom 10")


async def test_changes_invalidate_the_old_and_new_tiles_only(api):
    await listening(api)
    owner = await api.new_user("owner")
    spot = await api.new_spot(owner, hourly_rate=500)
    far_lat, far_lon = LAT + 0.05, LON  # another street tile, same zoom-10 tile
    for _ in range(2):  # stored at their second miss
        await get_tile(api, 16), await get_tile(api, 16, far_lat, far_lon)
        elsewhere = (await api.call("get", "/api/v1/tiles/16/0/0.mvt"))
        assert elsewhere.status == 200

    await api.call("patch", f"/api/v1/parking-spots/{spot['id']}", owner.access, json={"hourly_rate": 650})

    async def repriced():
        features = decoded(await get_tile(api, 16))["spots"]["features"]
        return [f["properties"]["price"] for f in features] == [650]
    await wait_for(repriced, "the new price")
    assert (await api.call("get", "/api/v1/tiles/16/0/0.mvt")).headers["x-cache"] == "hit"

    await api.call("patch", f"/api/v1/parking-spots/{spot['id']}", owner.access,
                   json={"latitude": far_lat, "longitude": far_lon})

    async def moved():
        here = decoded(await get_tile(api, 16))
        there = decoded(await get_tile(api, 16, far_lat, far_lon))
        return not here["spots"]["features"] and [f["properties"]["id"] for f in there["spots"]["features"]] == [spot["id"]]
    await wait_for(moved, "the spot leaving one tile for another")

    await api.queries.set_spot_flags(api.conn, spot_id=uuid.UUID(spot["id"]), is_active=True, is_available=False)

    async def gone():
        return not decoded(await get_tile(api, 16, far_lat, far_lon))["spots"]["features"]
    await wait_for(gone, "the unavailable spot leaving the tile")


async def test_a_bulk_change_drops_every_tile(api):
    await listening(api)
    owner = await api.new_user("owner")
    spot = await api.new_spot(owner)
    await get_tile(api, 16), await get_tile(api, 16)  # stored
    assert (await get_tile(api, 16)).headers["x-cache"] == "hit"
    await api.queries.copy_spot_many_times(api.conn, spot_id=uuid.UUID(spot["id"]), copies=100)

    async def refreshed():
        return (await get_tile(api, 16)).headers["x-cache"] == "miss"
    await wait_for(refreshed, "the tile dropped by the bulk insert")
