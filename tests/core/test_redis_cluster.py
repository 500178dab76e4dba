"""The API on a real three-node Redis Cluster (REDIS_CLUSTER=1, REDIS_URL = one node): the caches hit
(so each read's keys share one slot: a cross-slot MGET or script would fail and read as a miss), are
invalidated by writes, compute a hot key once; the limits limit; a burst waits for connections; and
with one node stopped, searches and spot details still answer from PostgreSQL, with one warning."""
from __future__ import annotations

import asyncio
import logging
import os
import signal
import socket
import subprocess
import time
import uuid
from pathlib import Path

import pytest
import redis

from api.core.cache import SEARCH_VERSION, spot_version_key
from api.core.redis import MAX_CONNECTIONS, Cluster, opened
from api.realtime.limits import ConnectionLimit
from api.spots import tiles_cache
from scripts.local_services import free_port
from tests.api_client import FERRY_BUILDING, PASSWORD, Api
from tests.conftest import build_app
from tests.spots.test_tiles import decoded, get_tile, listening, tile_of, wait_for

NEAR = {"latitude": FERRY_BUILDING[0], "longitude": FERRY_BUILDING[1]}


def _answers(port: int) -> bool:
    try:
        with redis.Redis(host="127.0.0.1", port=port, socket_timeout=1) as node:
            return node.ping()
    except redis.RedisError:
        return False


def _cluster_ok(port: int) -> bool:
    try:
        with redis.Redis(host="127.0.0.1", port=port, socket_timeout=1) as node:
            return node.execute_command("CLUSTER INFO").get("cluster_state") == "ok"
    except redis.RedisError:
        return False


def _node_port() -> int:
    """A free port whose cluster bus port (+10000, at most 65535) is free too."""
    while True:
        port = free_port()
        if port <= 55535:
            with socket.socket() as bus:
                try:
                    bus.bind(("127.0.0.1", port + 10000))
                    return port
                except OSError:
                    pass


@pytest.fixture(scope="module")
def redis_cluster(tmp_path_factory):
    """Three redis-server nodes with cluster-enabled, no replicas, every slot assigned: {port: pid}.
    cluster-require-full-coverage no, as a cache cluster should run: a stopped node costs its own
    slots only, the others keep answering."""
    base: Path = tmp_path_factory.mktemp("redis-cluster")
    nodes: dict[int, subprocess.Popen] = {}
    try:
        for _ in range(3):
            port = _node_port()
            folder = base / str(port)
            folder.mkdir()
            nodes[port] = subprocess.Popen(
                ["redis-server", "--bind", "127.0.0.1", "--port", str(port), "--dir", str(folder),
                 "--logfile", str(folder / "redis.log"), "--save", "", "--appendonly", "no",
                 "--cluster-enabled", "yes", "--cluster-config-file", str(folder / "nodes.conf"),
                 "--cluster-node-timeout", "5000", "--cluster-require-full-coverage", "no"])
        deadline = time.monotonic() + 30
        while not all(_answers(port) for port in nodes):
            assert time.monotonic() < deadline, "redis-server nodes did not start"
            assert all(node.poll() is None for node in nodes.values()), f"a node exited; see {base}/*/redis.log"
            time.sleep(0.05)
        subprocess.run(["redis-cli", "--cluster", "create", *(f"127.0.0.1:{port}" for port in nodes),
                        "--cluster-replicas", "0", "--cluster-yes"], check=True, capture_output=True, timeout=30)
        while not all(_cluster_ok(port) for port in nodes):
            assert time.monotonic() < deadline, "the cluster did not reach cluster_state:ok"
            time.sleep(0.1)
        yield {port: node.pid for port, node in nodes.items()}
    finally:
        for node in nodes.values():
            node.send_signal(signal.SIGCONT)
            node.kill()
            node.wait()


@pytest.fixture
def cluster_settings(settings, redis_cluster):
    for port in redis_cluster:
        with redis.Redis(host="127.0.0.1", port=port) as node:
            node.flushall()
    return settings.changed(redis_url=f"redis://127.0.0.1:{next(iter(redis_cluster))}/0", redis_cluster=True)


@pytest.fixture
async def api(cluster_settings, start_client, conn, q):
    client = await start_client(build_app(cluster_settings))
    assert isinstance(client.app.ctx.redis, Cluster)
    return Api(client, conn, q)


async def test_search_is_cached_and_a_change_is_seen_at_once(api):
    owner = await api.new_user("owner")
    spot = await api.new_spot(owner, hourly_rate=500)
    answers = [await api.search(**NEAR) for _ in range(2)]
    assert [a.headers["x-cache"] for a in answers] == ["miss", "hit"]
    assert answers[1].json[0]["hourly_rate"] == 500
    patched = await api.call("patch", f"/api/v1/parking-spots/{spot['id']}", owner.access, json={"hourly_rate": 700})
    assert patched.status == 200
    after = await api.search(**NEAR)
    assert after.headers["x-cache"] == "miss" and after.json[0]["hourly_rate"] == 700
    assert (await api.search(**NEAR)).headers["x-cache"] == "hit"
    ready = await api.call("get", "/health/ready")  # the Redis ping reaches every node
    assert ready.status == 200 and ready.json["redis"] == "ok"


async def test_fifty_concurrent_searches_run_the_query_once(api):
    owner = await api.new_user("owner")
    await api.new_spot(owner)
    answers = await asyncio.gather(*(api.search(**NEAR) for _ in range(50)))
    assert all(answer.status == 200 for answer in answers)
    assert sorted(answer.headers["x-cache"] for answer in answers) == ["hit"] * 49 + ["miss"]


async def test_spot_detail_is_cached_per_spot_and_invalidated_by_its_change(api):
    owner = await api.new_user("owner")
    spot = await api.new_spot(owner)
    path = f"/api/v1/parking-spots/{spot['id']}"
    assert [(await api.call("get", path)).headers["x-cache"] for _ in range(2)] == ["miss", "hit"]
    assert (await api.call("patch", path, owner.access, json={"title": "Renamed spot"})).status == 200
    renamed = await api.call("get", path)
    assert renamed.headers["x-cache"] == "miss" and renamed.json["title"] == "Renamed spot"
    client = api.client.app.ctx.redis  # the spot's keys are its own slot, not the search cache's
    assert client.keyslot(spot_version_key(spot["id"])) != client.keyslot(SEARCH_VERSION)


async def test_a_tile_is_cached_and_invalidated_by_a_spot_change_and_by_a_bump_of_every_tile(api):
    await listening(api)
    owner = await api.new_user("owner")
    spot = await api.new_spot(owner, hourly_rate=450)
    assert [(await get_tile(api, 16)).headers["x-cache"] for _ in range(3)] == ["miss", "miss", "hit"]
    await api.call("patch", f"/api/v1/parking-spots/{spot['id']}", owner.access, json={"hourly_rate": 320})

    async def repriced():
        tile = await get_tile(api, 16)
        return tile.headers["x-cache"] == "miss" and decoded(tile)["spots"]["features"][0]["properties"]["price"] == 320
    await wait_for(repriced, "the repriced spot's tile missed and rebuilt")
    assert (await get_tile(api, 16)).headers["x-cache"] == "hit"
    await tiles_cache.invalidate_all(api.client.app.ctx.redis)
    assert [(await get_tile(api, 16)).headers["x-cache"] for _ in range(2)] == ["miss", "hit"]
    x, y = tile_of(*FERRY_BUILDING, 16)
    assert len({api.client.app.ctx.redis.keyslot(key) for key in tiles_cache.keys_of(16, x, y)}) == 1


async def test_login_throttle_and_reset_limit_still_limit(api):
    user = await api.new_user()
    for _ in range(10):
        assert (await api.login(user.email, "wrong-password")).status == 401
    refused = await api.login(user.email, PASSWORD)
    assert refused.status == 429 and refused.json["code"] == "rate_limited"
    email = f"reset-{uuid.uuid4().hex[:8]}@example.com"
    answers = [await api.call("post", "/api/v1/auth/password-reset/request", json={"email": email})
               for _ in range(11)]
    assert [a.status for a in answers] == [202] * 10 + [429]


async def test_websocket_connections_per_user_are_limited(cluster_settings):
    client = await opened(cluster_settings)
    try:
        limits = ConnectionLimit(client, limit=2, lease_seconds=60)
        user = str(uuid.uuid4())
        assert [await limits.take(user, c, open_here=0) for c in ("a", "b", "c")] == [True, True, False]
        await limits.give_back(user, "a")
        assert await limits.take(user, "c", open_here=0)
        await limits.renew([(user, "b"), (user, "c"), (str(uuid.uuid4()), "d")])
        assert not await limits.take(user, "e", open_here=0)
    finally:
        await client.aclose()


async def test_a_burst_larger_than_the_connections_loses_no_call(cluster_settings):
    client = await opened(cluster_settings)  # redis-py's cluster client alone raises MaxConnectionsError past 100
    key = f"test:burst:{uuid.uuid4().hex}"
    try:
        results = await asyncio.gather(*(client.incr(key) for _ in range(MAX_CONNECTIONS * 5)), return_exceptions=True)
        assert [r for r in results if isinstance(r, Exception)] == []
        assert int(await client.get(key)) == MAX_CONNECTIONS * 5
    finally:
        await client.aclose()


def _price(tile) -> int:
    [feature] = next(iter(decoded(tile).values()))["features"]
    return feature["properties"].get("price", feature["properties"].get("min_price"))


async def test_a_stopped_node_degrades_reads_to_postgresql(api, redis_cluster, caplog):
    await listening(api)
    owner = await api.new_user("owner")
    spot = await api.new_spot(owner)
    path = f"/api/v1/parking-spots/{spot['id']}"
    assert (await api.search(**NEAR)).status == 200 and (await api.call("get", path)).status == 200
    client = api.client.app.ctx.redis
    search_node = client.get_node_from_key(SEARCH_VERSION)
    zoom = next(z for z in range(tiles_cache.MAX_ZOOM + 1)  # a zoom whose tile here is on that node too
                if client.get_node_from_key(tiles_cache.keys_of(z, *tile_of(*FERRY_BUILDING, z))[0]) == search_node)
    assert [(await get_tile(api, zoom)).headers["x-cache"] for _ in range(3)] == ["miss", "miss", "hit"]
    os.kill(redis_cluster[search_node.port], signal.SIGSTOP)  # alive to TCP, silent: every call times out
    caplog.set_level(logging.WARNING, logger="parkingspots")
    try:
        for _ in range(3):
            found = await api.search(**NEAR)
            assert found.status == 200 and found.headers["x-cache"] == "miss"
            assert [s["id"] for s in found.json] == [spot["id"]]
            detail = await api.call("get", path)
            assert detail.status == 200 and detail.json["id"] == spot["id"]
        patched = await api.call("patch", path, owner.access, json={"hourly_rate": 650})  # its bumps fail
        assert patched.status == 200
        assert (await api.search(**NEAR)).json[0]["hourly_rate"] == 650
        assert _price(await get_tile(api, zoom)) == 650
        assert (await api.login(owner.email)).status == 200  # the login throttle fails open, as without Redis
        await wait_for(lambda: asyncio.sleep(0, tiles_cache._unbumped.keys), "the tiles' invalidation tried")
    finally:
        os.kill(redis_cluster[search_node.port], signal.SIGCONT)
    # back: the bumps Redis missed are made before the cache is read again, so nothing stale is served
    assert [(await api.search(**NEAR)).json[0]["hourly_rate"] for _ in range(2)] == [650, 650]
    assert (await api.call("get", path)).json["hourly_rate"] == 650
    assert [_price(await get_tile(api, zoom)) for _ in range(2)] == [650, 650]

    async def cached_again():
        return (await api.search(**NEAR)).headers["x-cache"] == "hit"
    await wait_for(cached_again, "searches cached again once the node is back")
    cache_warnings = [r for r in caplog.records if r.name == "parkingspots.cache"]
    assert len(cache_warnings) <= 1, [r.getMessage() for r in cache_warnings]  # one per 10 s, not one per read
