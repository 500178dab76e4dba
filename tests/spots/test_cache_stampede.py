"""Single flight in the read-through cache (api/core/cache.py): a hot entry that is cold, expired
or invalidated is computed once however many requests miss it at once; a write during the
computation wins over its result; a holder that dies or fails frees the key."""
from __future__ import annotations

import asyncio
import time

import pytest
import redis.asyncio as redis

from api.core.cache import SEARCH_VERSION, Cache, entry_key
from api.core.prometheus import CACHE_WAITS
from tests.api_client import FERRY_BUILDING

NEAR = {"latitude": FERRY_BUILDING[0], "longitude": FERRY_BUILDING[1]}


@pytest.fixture
async def store(redis_url):
    connection = redis.Redis.from_url(redis_url)
    yield connection
    await connection.aclose()


class Computed:
    """A read-through of one key that counts its computations (each returns a new body)."""

    def __init__(self, cache: Cache, seconds: float = 0.05):
        self.cache, self.seconds, self.count = cache, seconds, 0

    async def read(self, key: str = "hot") -> bytes:
        body, version = await self.cache.get("search", SEARCH_VERSION, key)
        if body is not None:
            return body
        self.count += 1
        body = f"computed {self.count}".encode()
        await asyncio.sleep(self.seconds)  # the query
        await self.cache.put("search", version, key, body, 60)
        return body


def waits(result: str) -> float:
    return CACHE_WAITS("search", result)._value.get()


async def test_fifty_misses_of_a_cold_key_compute_once(store):
    computed = Computed(Cache(store))
    served = waits("served")
    bodies = await asyncio.gather(*(computed.read() for _ in range(50)))
    assert computed.count == 1 and set(bodies) == {b"computed 1"}
    assert waits("served") - served == 49


async def test_fifty_misses_of_an_expired_or_invalidated_key_compute_once(store):
    computed = Computed(Cache(store))
    await computed.read()
    await store.delete(entry_key(SEARCH_VERSION, "search", "hot"))  # the TTL ran out
    assert set(await asyncio.gather(*(computed.read() for _ in range(50)))) == {b"computed 2"}
    await store.incr(SEARCH_VERSION)  # a write
    assert set(await asyncio.gather(*(computed.read() for _ in range(50)))) == {b"computed 3"}
    assert computed.count == 3


async def test_without_single_flight_every_miss_computes(store):
    computed = Computed(Cache(store, single_flight=False))
    await asyncio.gather(*(computed.read() for _ in range(50)))
    assert computed.count == 50


async def test_a_write_during_a_refresh_is_not_overwritten_by_the_stale_result(store):
    cache = Cache(store)
    _, old = await cache.get("search", SEARCH_VERSION, "hot")  # A claims the key and computes...
    await cache.bump(SEARCH_VERSION)  # ...a write lands...
    body, new = await cache.get("search", SEARCH_VERSION, "hot")  # ...B misses the new version at once
    assert body is None and new != old
    await cache.put("search", new, "hot", b"fresh", 60)
    await cache.put("search", old, "hot", b"stale", 60)  # A finishes late
    assert (await cache.get("search", SEARCH_VERSION, "hot"))[0] == b"fresh"
    _, old = await cache.get("search", SEARCH_VERSION, "other")
    await cache.bump(SEARCH_VERSION)
    await cache.put("search", old, "other", b"stale", 60)
    assert await store.get(entry_key(SEARCH_VERSION, "search", "other")) is None  # nothing stored under a version gone


async def test_waiters_never_take_a_body_of_a_version_a_write_replaced(store):
    cache = Cache(store)
    _, old = await cache.get("search", SEARCH_VERSION, "hot")  # the holder, computing
    waiter = asyncio.create_task(cache.get("search", SEARCH_VERSION, "hot"))
    await asyncio.sleep(0.02)
    await cache.bump(SEARCH_VERSION)
    await cache.put("search", old, "hot", b"stale", 60)
    body, version = await waiter  # claims the new version and computes it itself
    assert body is None and version != old
    await cache.put("search", version, "hot", b"fresh", 60)
    assert (await cache.get("search", SEARCH_VERSION, "hot"))[0] == b"fresh"


async def test_a_holder_that_dies_releases_the_key_after_the_lease(store):
    cache = Cache(store, lease_ms=300)
    await cache.get("search", SEARCH_VERSION, "hot")  # claims, then never stores nor releases
    computed, claimed = Computed(cache), waits("claimed")
    started = time.monotonic()
    bodies = await asyncio.gather(*(computed.read() for _ in range(10)))
    assert computed.count == 1 and set(bodies) == {b"computed 1"}
    assert time.monotonic() - started >= 0.25  # someone waited for the lease, then took over
    assert waits("claimed") - claimed == 1


async def test_a_holder_stuck_longer_than_the_bound_does_not_block_the_others(store):
    cache = Cache(store, lease_ms=60_000, wait_seconds=0.2)
    await cache.get("search", SEARCH_VERSION, "hot")  # alive but stuck
    timeouts, started = waits("timeout"), time.monotonic()
    body, version = await cache.get("search", SEARCH_VERSION, "hot")
    assert body is None and version is not None and 0.2 <= time.monotonic() - started < 5
    assert waits("timeout") - timeouts == 1


async def test_fifty_concurrent_searches_run_the_query_once(api):
    owner = await api.new_user("owner")
    await api.new_spot(owner)
    for _ in range(2):  # a cold key, then the same key after a write
        answers = await asyncio.gather(*(api.search(**NEAR) for _ in range(50)))
        assert all(answer.status == 200 for answer in answers)
        assert sorted(answer.headers["x-cache"] for answer in answers) == ["hit"] * 49 + ["miss"]
        assert len({answer.content for answer in answers}) == 1
        await api.call("patch", "/api/v1/parking-spots/" + answers[0].json[0]["id"], owner.access,
                       json={"hourly_rate": 900})


async def test_a_request_that_fails_releases_its_claim_at_once(app, api):
    missing = "/api/v1/parking-spots/00000000-0000-4000-8000-000000000000"
    answers = await asyncio.gather(*(api.call("get", missing) for _ in range(20)))
    assert {answer.status for answer in answers} == {404}
    for _ in range(20):  # released just after the answer, long before the 1 s lease would free it
        if await app.ctx.redis.keys("cache:lock:*") == []:
            break
        await asyncio.sleep(0.01)
    assert await app.ctx.redis.keys("cache:lock:*") == []
