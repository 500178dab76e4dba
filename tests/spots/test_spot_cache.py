"""The Redis read-through cache: hits served from Redis, never stale after a write (each kind of
write), and the API keeps answering when Redis is missing or stops."""
from __future__ import annotations

import asyncio
import shutil
import tempfile
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path

from prometheus_client.parser import text_string_to_metric_families

from scripts import local_services
from tests.api_client import FERRY_BUILDING

SPOTS = "/api/v1/parking-spots"
NEAR = {"latitude": FERRY_BUILDING[0], "longitude": FERRY_BUILDING[1]}


async def search(api, **extra):
    response = await api.search(**NEAR, **extra)
    assert response.status == 200, response.json
    return response


async def detail(api, spot_id):
    response = await api.call("get", f"{SPOTS}/{spot_id}")
    assert response.status == 200, response.json
    return response


async def test_second_read_is_a_hit_with_the_same_bytes(api):
    owner = await api.new_user("owner")
    spot = await api.new_spot(owner)
    first, second = await search(api), await search(api)
    assert (first.headers["x-cache"], second.headers["x-cache"]) == ("miss", "hit")
    assert first.content == second.content
    one, two = await detail(api, spot["id"]), await detail(api, spot["id"])
    assert (one.headers["x-cache"], two.headers["x-cache"]) == ("miss", "hit") and one.content == two.content
    reordered = await api.call("get", SPOTS, params={"longitude": NEAR["longitude"], "latitude": NEAR["latitude"]})
    assert reordered.headers["x-cache"] == "hit"  # the key is the canonical query string


async def test_errors_are_not_cached(api):
    for _ in range(2):
        response = await api.search(latitude=100, longitude=0)
        assert response.status == 422 and "x-cache" not in response.headers


async def test_a_new_spot_shows_in_the_next_search(api):
    owner = await api.new_user("owner")
    await search(api)
    spot = await api.new_spot(owner)
    response = await search(api)
    assert response.headers["x-cache"] == "miss" and [s["id"] for s in response.json] == [spot["id"]]


async def test_an_update_shows_in_the_next_search_and_detail(api):
    owner = await api.new_user("owner")
    spot = await api.new_spot(owner)
    await search(api), await detail(api, spot["id"])
    await api.call("patch", f"{SPOTS}/{spot['id']}", owner.access, json={"hourly_rate": 725})
    assert (await search(api)).json[0]["hourly_rate"] == 725
    assert (await detail(api, spot["id"])).json["hourly_rate"] == 725


async def test_deactivating_or_making_unavailable_shows_at_once(api):
    owner = await api.new_user("owner")
    gone, off = await api.new_spot(owner, title="gone"), await api.new_spot(owner, title="off")
    await search(api), await detail(api, gone["id"]), await detail(api, off["id"])
    await api.call("delete", f"{SPOTS}/{gone['id']}", owner.access)
    await api.call("patch", f"{SPOTS}/{off['id']}/availability", owner.access, json={"is_available": False})
    assert (await search(api)).json == []
    assert (await detail(api, gone["id"])).json["is_active"] is False
    assert (await detail(api, off["id"])).json["is_available"] is False


async def test_a_blackout_shows_at_once(api):
    owner = await api.new_user("owner")
    spot = await api.new_spot(owner)
    start = datetime(2030, 5, 1, 10, tzinfo=timezone.utc)
    window = {"available_from": start.isoformat(), "available_to": (start + timedelta(hours=1)).isoformat()}
    assert len((await search(api, **window)).json) == 1
    await api.call("post", f"{SPOTS}/{spot['id']}/blackouts", owner.access,
                   json={"starts_at": start.isoformat(), "ends_at": (start + timedelta(days=1)).isoformat()})
    assert (await search(api, **window)).json == []


async def test_a_booking_made_in_the_database_reaches_the_cache(app, api, conn, q):
    """Writes that do not go through this API (pg_cron, another worker, a DBA) arrive as
    pg_notify events; the listener invalidates the spot and every search."""
    owner, renter = await api.new_user("owner"), await api.new_user("renter")
    spot = await api.new_spot(owner)
    start = datetime(2030, 5, 1, 10, tzinfo=timezone.utc)
    window = {"available_from": start.isoformat(), "available_to": (start + timedelta(hours=1)).isoformat()}
    assert len((await search(api, **window)).json) == 1
    assert (await detail(api, spot["id"])).json["total_bookings"] == 0
    await asyncio.wait_for(app.ctx.events.connected.wait(), 5)
    await q.create_booking(conn, user_id=uuid.UUID(renter.id), spot_id=uuid.UUID(spot["id"]), start_time=start,
                           end_time=start + timedelta(hours=2), status="confirmed")
    for _ in range(50):  # the notification is delivered within milliseconds
        if (await search(api, **window)).json == []:
            break
        await asyncio.sleep(0.05)
    assert (await search(api, **window)).json == []
    assert (await detail(api, spot["id"])).json["total_bookings"] == 1


async def test_hit_and_miss_counts_are_exposed(api):
    async def counts() -> dict[str, float]:  # /metrics in Prometheus text (tests/core/test_metrics.py)
        text = (await api.call("get", "/metrics")).text
        return {sample.labels["result"]: sample.value for family in text_string_to_metric_families(text)
                for sample in family.samples
                if sample.name == "parkingspots_cache_requests_total" and sample.labels["cache"] == "search"}

    owner = await api.new_user("owner")
    await api.new_spot(owner)
    before = await counts()
    await search(api), await search(api), await search(api)
    after = await counts()
    assert {result: after[result] - before.get(result, 0) for result in after} == {"hit": 2, "miss": 1}


async def test_without_redis_everything_still_answers(api_with):
    api = await api_with(redis_url=f"redis://127.0.0.1:{local_services.free_port()}/0")
    owner = await api.new_user("owner")
    spot = await api.new_spot(owner)
    for _ in range(2):
        response = await search(api)
        assert response.headers["x-cache"] == "miss" and response.json[0]["id"] == spot["id"]
        assert (await detail(api, spot["id"])).headers["x-cache"] == "miss"


async def test_redis_stopping_mid_test_falls_back_to_postgres(api_with):
    redis_dir = Path(tempfile.mkdtemp(prefix="parkingspots-redis-"))
    try:
        url = local_services.start_redis(redis_dir, local_services.free_port())
        api = await api_with(redis_url=url)
        owner = await api.new_user("owner")
        spot = await api.new_spot(owner)
        await search(api)
        assert (await search(api)).headers["x-cache"] == "hit"
        local_services.stop_redis(redis_dir)
        after = await search(api)
        assert after.headers["x-cache"] == "miss" and after.json[0]["id"] == spot["id"]
        await api.call("patch", f"{SPOTS}/{spot['id']}", owner.access, json={"hourly_rate": 800})
        assert (await detail(api, spot["id"])).json["hourly_rate"] == 800
        assert (await api.login(owner.email)).status == 200  # rate limits fail open too
    finally:
        local_services.stop_redis(redis_dir)
        shutil.rmtree(redis_dir, ignore_errors=True)


async def test_a_hit_answers_the_same_total_as_the_miss_that_stored_it(api):
    owner = await api.new_user("owner")
    for n in range(3):
        await api.new_spot(owner, title=f"spot {n}")
    bounds = {"min_lat": NEAR["latitude"] - 0.01, "max_lat": NEAR["latitude"] + 0.01,
              "min_lon": NEAR["longitude"] - 0.01, "max_lon": NEAR["longitude"] + 0.01, "limit": 1}
    for get in (lambda: search(api, page_size=2), lambda: api.call("get", f"{SPOTS}/in-bounds", params=bounds)):
        miss, hit = await get(), await get()
        assert (miss.headers["x-cache"], hit.headers["x-cache"]) == ("miss", "hit")
        assert miss.headers["x-total-count"] == hit.headers["x-total-count"] == "3"
        assert miss.content == hit.content and len(hit.json) in (1, 2)
    await api.new_spot(owner, title="one more")
    after = await search(api, page_size=2)
    assert (after.headers["x-cache"], after.headers["x-total-count"]) == ("miss", "4")
