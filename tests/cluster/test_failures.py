"""Parts of the cluster failing under users' feet: an API node killed in the middle of a steady load
(HAProxy sends what reached it to the other node, then stops sending), the replica stopped (reads
keep being answered), the whole Redis Cluster stopped (the nodes serve from PostgreSQL and HAProxy
keeps them). Each test brings the cluster back whole (`scripts.cluster up`, idempotent)."""
from __future__ import annotations

import asyncio
import time
from collections import Counter

import httpx
import pytest

from scripts import local_services
from tests.cluster.helpers import new_spot, new_user, somewhere

pytestmark = pytest.mark.cluster

TASKS = 8


@pytest.fixture
async def spot(http):
    """A spot to read: its detail and a search around it."""
    latitude, longitude = somewhere()
    return await new_spot(http, await new_user(http, "owner"), latitude, longitude)


def reads(spot: dict) -> list[tuple[str, dict]]:
    """The GETs a browsing user makes: a search near the spot (several radii: not all cached), its detail."""
    near = {"latitude": spot["latitude"], "longitude": spot["longitude"]}
    return [("/api/v1/parking-spots", {**near, "radius_km": radius}) for radius in (1, 2, 3)] + \
           [(f"/api/v1/parking-spots/{spot['id']}", {})]


async def steady_load(url: str, spot: dict, seconds: float, answers: Counter, failures: list) -> None:
    """TASKS clients, each on its own keep-alive connection, one GET after another for `seconds`."""
    calls = reads(spot)
    deadline = time.monotonic() + seconds

    async def client(offset: int) -> None:
        async with httpx.AsyncClient(base_url=url, timeout=10) as http:
            i = offset
            while time.monotonic() < deadline:
                path, params = calls[i % len(calls)]
                i += 1
                try:
                    response = await http.get(path, params=params)
                    answers[response.status_code] += 1
                    if response.status_code >= 300:
                        failures.append((path, response.status_code, response.text[:200]))
                except httpx.HTTPError as exc:
                    failures.append((path, type(exc).__name__, str(exc)[:200]))
    await asyncio.gather(*(client(offset) for offset in range(TASKS)))


async def test_a_node_killed_mid_load_costs_no_request(cluster, spot):
    answers: Counter = Counter()
    failures: list = []
    load = asyncio.create_task(steady_load(cluster.url, spot, 6, answers, failures))
    await asyncio.sleep(2)
    before_kill = sum(answers.values())
    cluster.kill_api_node("api1")
    await load
    try:
        assert failures == [], failures[:10]
        assert before_kill > 50 and sum(answers.values()) > 300, answers  # load before and after the kill
        parts = cluster.status()
        assert not parts["api1"]["up"] and parts["haproxy"]["nodes"] == {"api1": "DOWN", "api2": "UP"}
    finally:
        cluster.run("up")  # the killed node again
    deadline = time.monotonic() + 10
    while cluster.status()["haproxy"]["nodes"] != {"api1": "UP", "api2": "UP"}:
        assert time.monotonic() < deadline, cluster.status()["haproxy"]
        await asyncio.sleep(0.2)


async def test_reads_go_on_while_the_replica_is_stopped(cluster, http, spot):
    local_services.stop_postgres(cluster.replica_dir)
    try:
        assert not cluster.status()["replica"]["up"]
        # longer than HAProxy takes to drop a node whose /health/ready fails (fall 2 x inter 1 s):
        # a node that called itself unready without its replica would take the whole service down
        deadline = time.monotonic() + 4
        while time.monotonic() < deadline:
            near = await http.get("/api/v1/parking-spots", params={"latitude": spot["latitude"],
                                                                   "longitude": spot["longitude"], "radius_km": 1})
            assert near.status_code == 200 and [s["id"] for s in near.json()] == [spot["id"]], near.text
            detail = await http.get(f"/api/v1/parking-spots/{spot['id']}")
            assert detail.status_code == 200 and detail.json()["id"] == spot["id"], detail.text
            await asyncio.sleep(0.25)
        # and a new spot, written on the primary, is found at once
        latitude, longitude = somewhere()
        fresh = await new_spot(http, await new_user(http, "owner"), latitude, longitude)
        found = await http.get("/api/v1/parking-spots", params={"latitude": latitude, "longitude": longitude,
                                                                "radius_km": 1})
        assert found.status_code == 200 and [s["id"] for s in found.json()] == [fresh["id"]], found.text
        assert cluster.status()["haproxy"]["nodes"] == {"api1": "UP", "api2": "UP"}
    finally:
        cluster.run("up")  # the replica again
    assert cluster.status()["replica"]["streaming"]


async def test_the_service_goes_on_without_redis(cluster, http, spot):
    """Redis holds caches and counters: with every Redis node stopped the API nodes call themselves
    not ready (503 on /health/ready) yet serve from PostgreSQL, and HAProxy, which judges them by their
    PostgreSQL, keeps both in the pool rather than turning a slower service into none."""
    ports = [cluster.status()[f"redis{i}"]["port"] for i in (1, 2, 3)]
    for port in ports:
        local_services.stop_redis(cluster.root / "cluster" / f"redis-{port}")
    try:
        parts = cluster.status()
        assert not any(parts[f"redis{i}"]["up"] for i in (1, 2, 3))
        deadline = time.monotonic() + 4  # past fall 2 x inter 1 s
        while time.monotonic() < deadline:
            near = await http.get("/api/v1/parking-spots", params={"latitude": spot["latitude"],
                                                                   "longitude": spot["longitude"], "radius_km": 1})
            assert near.status_code == 200 and [s["id"] for s in near.json()] == [spot["id"]], near.text
            await asyncio.sleep(0.25)
        parts = cluster.status()
        assert not parts["api1"]["ready"] and not parts["api2"]["ready"]
        assert parts["haproxy"]["nodes"] == {"api1": "UP", "api2": "UP"}
    finally:
        cluster.run("up")  # Redis again: the nodes rejoin their cluster from their nodes.conf
    assert {cluster.status()[f"redis{i}"]["cluster_state"] for i in (1, 2, 3)} == {"ok"}
