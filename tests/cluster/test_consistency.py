"""What users rely on when parts of the cluster lag or fail: a user who writes reads their write at
once from either API node while the replica is held 3 s behind (read-your-writes), and with one node
of the Redis Cluster stopped every answer still comes (its keys are then read from PostgreSQL)."""
from __future__ import annotations

import asyncio
import time

import asyncpg
import httpx
import pytest

from scripts import local_services
from tests.cluster.helpers import bearer, new_spot, new_user, somewhere

pytestmark = pytest.mark.cluster


@pytest.fixture
async def delayed_replica(cluster):
    """The cluster's replica replaying WAL 3 s late (recovery_min_apply_delay), as a busy one would."""
    url = f"postgresql://postgres@127.0.0.1:{cluster.status()['replica']['port']}/parkingspots"
    conn = await asyncpg.connect(url)
    try:
        await conn.execute("alter system set recovery_min_apply_delay = '3s'")
        await conn.execute("select pg_reload_conf()")
        yield conn
    finally:
        await conn.execute("alter system reset recovery_min_apply_delay")
        await conn.execute("select pg_reload_conf()")
        await conn.close()


async def test_a_writer_reads_their_write_on_either_node_with_the_replica_behind(cluster, http, delayed_replica):
    owner = await new_user(http, "owner")
    latitude, longitude = somewhere()
    spot = await new_spot(http, owner, latitude, longitude)
    nodes = [f"http://127.0.0.1:{cluster.status()[part]['port']}" for part in ("api1", "api2")]
    async with httpx.AsyncClient(timeout=10) as direct:
        for node in nodes:
            detail = await direct.get(f"{node}/api/v1/parking-spots/{spot['id']}", headers=bearer(owner))
            assert detail.status_code == 200 and detail.json()["id"] == spot["id"], detail.text
            mine = await direct.get(f"{node}/api/v1/parking-spots/mine", headers=bearer(owner))
            assert mine.status_code == 200 and spot["id"] in [s["id"] for s in mine.json()], mine.text
        changed = await http.patch(f"/api/v1/parking-spots/{spot['id']}", json={"hourly_rate": 650},
                                   headers=bearer(owner))
        assert changed.status_code == 200, changed.text
        for node in nodes:
            detail = await direct.get(f"{node}/api/v1/parking-spots/{spot['id']}", headers=bearer(owner))
            assert detail.status_code == 200 and detail.json()["hourly_rate"] == 650, detail.text
    # the test proves something only if the replica was really behind all along
    on_replica = await delayed_replica.fetchval("select hourly_rate from parking_spots where id = $1::uuid", spot["id"])
    assert on_replica != 650


async def test_answers_go_on_with_one_redis_node_stopped(cluster, http):
    owner = await new_user(http, "owner")
    latitude, longitude = somewhere()
    spot = await new_spot(http, owner, latitude, longitude)
    port = cluster.status()["redis2"]["port"]
    local_services.stop_redis(cluster.root / "cluster" / f"redis-{port}")
    try:
        assert not cluster.status()["redis2"]["up"]
        deadline = time.monotonic() + 4
        while time.monotonic() < deadline:
            near = await http.get("/api/v1/parking-spots", params={"latitude": latitude, "longitude": longitude,
                                                                   "radius_km": 1})
            assert near.status_code == 200 and [s["id"] for s in near.json()] == [spot["id"]], near.text
            detail = await http.get(f"/api/v1/parking-spots/{spot['id']}")
            assert detail.status_code == 200 and detail.json()["id"] == spot["id"], detail.text
            await asyncio.sleep(0.25)
        # a change made meanwhile is what the next reads show, whichever node holds its keys
        changed = await http.patch(f"/api/v1/parking-spots/{spot['id']}", json={"hourly_rate": 650},
                                   headers=bearer(owner))
        assert changed.status_code == 200, changed.text
        detail = await http.get(f"/api/v1/parking-spots/{spot['id']}")
        assert detail.status_code == 200 and detail.json()["hourly_rate"] == 650, detail.text
    finally:
        cluster.run("up")  # the node again: it rejoins from its nodes.conf
    assert {cluster.status()[f"redis{i}"]["cluster_state"] for i in (1, 2, 3)} == {"ok"}
    detail = await http.get(f"/api/v1/parking-spots/{spot['id']}")
    assert detail.status_code == 200 and detail.json()["hourly_rate"] == 650, detail.text
