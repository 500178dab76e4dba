"""Reads on a real streaming replica of the session's test cluster (pg_basebackup -R -X stream, its
own folder and port): anonymous reads are served by it; a user who writes reads their write at once
and nobody is served a cached answer older than a write, with the replica held 3 s behind
(recovery_min_apply_delay); lagging past the bound or stopped, the primary serves; /health/ready
and /metrics show it (api/core/replicas.py)."""
from __future__ import annotations

import asyncio
import os
import shutil
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import mapbox_vector_tile
import pytest
import redis
from prometheus_client import REGISTRY

from api.core import prometheus
from api.core.replicas import FENCE_KEY, UNKNOWN, NextRun, open_replicas, reads
from scripts import local_services
from tests.api_client import FERRY_BUILDING, Api
from tests.conftest import build_app
from tests.spots.test_tiles import tile_of


@dataclass
class StreamingReplica:
    data_dir: Path
    port: int
    log: Path

    def url(self, primary_url: str) -> str:
        """The same database and user as primary_url, on the replica."""
        parts = urlsplit(primary_url)
        credentials = parts.netloc.rpartition("@")[0]
        return urlunsplit(parts._replace(netloc=f"{credentials}@127.0.0.1:{self.port}"))

    def start(self) -> None:
        local_services._run(local_services.as_cluster_owner([
            local_services.pg_bin("pg_ctl"), "start", "-w", "-t", "30", "-D", str(self.data_dir), "-l", str(self.log),
            "-o", f"-p {self.port}"]), "starting the replica")

    def stop(self, mode: str = "fast") -> None:
        if local_services.postgres_running(self.data_dir):
            local_services._run(local_services.as_cluster_owner([
                local_services.pg_bin("pg_ctl"), "stop", "-w", "-m", mode, "-D", str(self.data_dir)]),
                "stopping the replica")

    async def execute(self, sql: str, database: str = "postgres"):
        conn = await asyncpg.connect(f"postgresql://postgres@127.0.0.1:{self.port}/{database}")
        try:
            return await conn.fetch(sql)
        finally:
            await conn.close()

    async def delay(self, setting: str | None) -> None:
        """Hold replay back by `setting` (e.g. '3s'), or not (None)."""
        await self.execute("alter system reset recovery_min_apply_delay" if setting is None
                           else f"alter system set recovery_min_apply_delay = '{setting}'")
        await self.execute("select pg_reload_conf()")


@pytest.fixture(scope="module")
def replica(test_services):
    """A hot standby streaming from the session's cluster, in a folder the session sweep knows
    (parkingspots-test-*/pg with an owner.pid)."""
    base = Path(tempfile.mkdtemp(prefix="parkingspots-test-replica-"))
    base.chmod(0o755)
    (base / "owner.pid").write_text(str(os.getpid()))
    data_dir = base / "pg"
    data_dir.mkdir(mode=0o700)
    if os.geteuid() == 0:
        shutil.chown(data_dir, "postgres", "postgres")
    standby = StreamingReplica(data_dir, local_services.free_port(), base / "replica.log")
    if os.geteuid() == 0:
        standby.log.touch()
        shutil.chown(standby.log, "postgres", "postgres")
    try:
        local_services._run(local_services.as_cluster_owner([
            local_services.pg_bin("pg_basebackup"), "-h", "127.0.0.1", "-p", str(test_services.pg_port), "-U", "postgres",
            "-D", str(data_dir), "-R", "-X", "stream", "-c", "fast", "--no-sync"]), "pg_basebackup")
        standby.start()
        yield standby
    finally:
        standby.stop("immediate")
        shutil.rmtree(base, ignore_errors=True)


def counted(target: str, reason: str) -> float:
    prometheus.flush()
    return REGISTRY.get_sample_value("parkingspots_db_reads_total", {"target": target, "reason": reason}) or 0.0


async def until(check, seconds: float = 10.0, what: str = "the condition"):
    deadline = time.monotonic() + seconds
    while not (found := check()):
        assert time.monotonic() < deadline, f"waited {seconds} s for {what}"
        await asyncio.sleep(0.02)
    return found


async def caught_up(app, conn=None) -> None:
    """Until the app's view of the replica has replayed everything the primary holds now, and the
    cache fence (raised again by the events of those writes, which arrive a moment later)."""
    [replica] = app.ctx.replicas.replicas
    await asyncio.sleep(0.05)
    fence = await app.ctx.replicas.fence()
    for _ in range(200):  # none raised yet: fence() raises it
        if fence != UNKNOWN:
            break
        await asyncio.sleep(0.02)
        fence = await app.ctx.replicas.fence()
    position = max(await app.ctx.replicas.commit_position(), fence)
    await until(lambda: replica.state == "ok" and replica.replayed >= position, what="the replica to catch up")


@pytest.fixture
async def on_replica(replica, database_url, app_database_url, api_with, conn):
    """make(**setting_changes) -> an Api on an app reading from the replica, which is usable and caught up."""
    name = urlsplit(database_url).path.lstrip("/")
    deadline = time.monotonic() + 10
    while not await replica.execute(f"select 1 from pg_database where datname = '{name}'"):
        assert time.monotonic() < deadline, "the replica never replayed the test's database"
        await asyncio.sleep(0.05)

    async def make(**changes) -> Api:
        api = await api_with(database_replica_urls=replica.url(app_database_url), **changes)
        await caught_up(api.client.app, conn)
        return api
    yield make
    await replica.delay(None)
    if not local_services.postgres_running(replica.data_dir):
        replica.start()


async def test_anonymous_reads_are_served_by_the_replica(on_replica, conn):
    api = await on_replica()
    owner = await api.new_user("owner")
    spot = await api.new_spot(owner)
    await caught_up(api.client.app, conn)
    before = counted("replica", "ok")
    found = await api.search(latitude=FERRY_BUILDING[0], longitude=FERRY_BUILDING[1], radius_km=2)
    assert found.status == 200 and [s["id"] for s in found.json] == [spot["id"]]
    assert found.headers["X-Cache"] == "miss"  # computed (on the replica: the fence was replayed), then stored
    calendar = await api.call("get", f"/api/v1/parking-spots/{spot['id']}/availability")
    assert calendar.status == 200
    assert counted("replica", "ok") == before + 2

    # The fence lost (a Redis restart): fills go to the primary until it is raised again, at once.
    client = redis.Redis.from_url(api.client.app.ctx.settings.redis_url)
    client.delete(FENCE_KEY)
    fills = counted("primary", "cache_fill")
    assert (await api.search(latitude=FERRY_BUILDING[0], longitude=FERRY_BUILDING[1], radius_km=3)).status == 200
    assert counted("primary", "cache_fill") == fills + 1
    await until(lambda: client.get(FENCE_KEY), what="the fence to be raised again")
    client.close()


async def test_a_user_reads_their_writes_and_nobody_gets_an_older_cached_answer(on_replica, conn, replica):
    api, without_redis = await on_replica(), await on_replica(redis_url="")
    owner, other_owner = await api.new_user("owner"), await without_redis.new_user("owner")
    spot = await api.new_spot(owner, title="Before")
    near = {"latitude": FERRY_BUILDING[0], "longitude": FERRY_BUILDING[1], "radius_km": 2}
    await caught_up(api.client.app, conn)
    assert (await api.call("get", f"/api/v1/parking-spots/{spot['id']}")).json["title"] == "Before"  # cached now
    assert len((await api.search(**near)).json) == 1
    await replica.delay("3s")
    await asyncio.sleep(0.2)  # the reload is read
    ryw, fills, missing = counted("primary", "ryw"), counted("primary", "cache_fill"), counted("primary", "not_found")

    second = await api.new_spot(owner, title="Second")
    changed = await api.call("patch", f"/api/v1/parking-spots/{spot['id']}", owner.access, json={"title": "After"})
    assert changed.status == 200

    mine = await api.call("get", "/api/v1/parking-spots/mine", owner.access)
    assert {s["title"] for s in mine.json} == {"After", "Second"}
    for token in (owner.access, None):  # the writer, and an anonymous reader
        detail = await api.call("get", f"/api/v1/parking-spots/{spot['id']}", token)
        assert detail.status == 200 and detail.json["title"] == "After"
        assert (await api.call("get", f"/api/v1/parking-spots/{second['id']}", token)).status == 200
        assert {s["title"] for s in (await api.search(**near)).json} == {"After", "Second"}
    assert counted("primary", "ryw") > ryw and counted("primary", "cache_fill") > fills
    # Someone told of the new spot (an event, a link) finds it although the replica has not replayed it.
    assert (await api.call("get", f"/api/v1/parking-spots/{second['id']}/availability")).status == 200
    assert counted("primary", "not_found") == missing + 1

    # Without Redis the worker remembers its users' writes itself.
    fresh = await without_redis.new_spot(other_owner, title="Fresh")
    mine = await without_redis.call("get", "/api/v1/parking-spots/mine", other_owner.access)
    assert [s["id"] for s in mine.json] == [fresh["id"]]

    # Not vacuous: the replica really is behind, and still serves reads that need nothing newer.
    database = urlsplit(api.client.app.ctx.settings.database_url).path.lstrip("/")
    assert await replica.execute(f"select title from parking_spots where id = '{spot['id']}'", database) \
        == [("Before",)]
    before = counted("replica", "ok")
    assert (await api.call("get", f"/api/v1/parking-spots/{spot['id']}/reviews")).status == 200
    assert counted("replica", "ok") == before + 1


async def test_a_tile_stored_after_a_change_shows_the_change_with_the_replica_behind(on_replica, conn, replica):
    """Tile versions are bumped on notifications, after raising the fence: the tile stored after a
    change is built where the change is, never on the replica still replaying the old state."""
    api = await on_replica()
    owner = await api.new_user("owner")
    spot = await api.new_spot(owner, hourly_rate=500)
    await caught_up(api.client.app, conn)
    x, y = tile_of(*FERRY_BUILDING, 16)
    path = f"/api/v1/tiles/16/{x}/{y}.mvt"

    async def prices() -> tuple[str, list[int]]:
        answer = await api.call("get", path)
        assert answer.status == 200
        return answer.headers["X-Cache"], [f["properties"]["price"]
                                           for f in mapbox_vector_tile.decode(answer.content)["spots"]["features"]]
    assert [await prices() for _ in range(3)][-1] == ("hit", [500])  # stored at the second ask
    await replica.delay("3s")
    await asyncio.sleep(0.2)  # the reload is read
    # changed in the database (as a job or a DBA would): only its spot_tiles notification tells the API
    await conn.execute("update parking_spots set hourly_rate = 650 where id = $1", uuid.UUID(spot["id"]))
    deadline = time.monotonic() + 5
    while (answer := await prices())[0] == "hit":  # until the notification has dropped the stored tile
        assert answer == ("hit", [500]) and time.monotonic() < deadline, answer
        await asyncio.sleep(0.02)
    assert answer == ("miss", [650])  # built again, and stored
    assert await prices() == ("hit", [650])
    database = urlsplit(api.client.app.ctx.settings.database_url).path.lstrip("/")
    assert await replica.execute(f"select hourly_rate from parking_spots where id = '{spot['id']}'", database) \
        == [(500,)]  # not vacuous: the replica was behind all along


async def test_a_replica_lagging_past_the_bound_is_not_read(on_replica, replica):
    api = await on_replica(replica_max_lag_seconds=1)
    owner = await api.new_user("owner")
    spot = await api.new_spot(owner)
    await replica.delay("3s")
    await asyncio.sleep(0.2)
    await api.call("patch", f"/api/v1/parking-spots/{spot['id']}", owner.access, json={"title": "Moved on"})
    [seen] = api.client.app.ctx.replicas.replicas
    await until(lambda: seen.state == "lagging", seconds=4, what="the replica to count as lagging")
    before = counted("primary", "lag")
    assert (await api.call("get", f"/api/v1/parking-spots/{spot['id']}/reviews")).status == 200
    assert counted("primary", "lag") == before + 1
    ready = await api.call("get", "/health/ready")
    assert ready.status == 200 and ready.json["replicas"][0]["state"] == "lagging"
    assert ready.json["replicas"][0]["lag_seconds"] > 1
    await replica.delay(None)
    await until(lambda: seen.state == "ok", seconds=3, what="the replica to catch up")


async def test_health_and_metrics_show_the_replica(on_replica, replica, app_database_url):
    api = await on_replica()
    assert (await api.call("get", "/api/v1/parking-spots/in-bounds", params={
        "min_lat": 37.7, "min_lon": -122.5, "max_lat": 37.8, "max_lon": -122.3})).status == 200
    ready = await api.call("get", "/health/ready")
    name = f"127.0.0.1:{replica.port}/{urlsplit(app_database_url).path.lstrip('/')}"
    assert ready.status == 200
    [shown] = ready.json["replicas"]
    assert shown["name"] == name and shown["state"] == "ok" and shown["lag_seconds"] >= 0
    assert "postgres@" not in str(ready.json)
    text = (await api.call("get", "/metrics")).text
    assert f'parkingspots_db_replica_lag_seconds{{replica="{name}"}}' in text
    assert f'parkingspots_db_replica_lag_bytes{{replica="{name}"}}' in text
    assert f'parkingspots_db_replica_usable{{replica="{name}"}} 1.0' in text
    assert 'parkingspots_db_reads_total{reason="ok",target="replica"}' in text


async def test_reads_go_to_the_primary_when_the_replica_stops(on_replica, replica):
    api = await on_replica()
    owner = await api.new_user("owner")
    spot = await api.new_spot(owner)
    [seen] = api.client.app.ctx.replicas.replicas
    await until(lambda: seen.state == "ok" and seen.replayed > 0, what="a usable replica")
    replica.stop("immediate")
    for _ in range(5):  # the first ones may still pick it: they lose the connection and retry on the primary
        started = time.monotonic()
        answer = await api.call("get", f"/api/v1/parking-spots/{spot['id']}/reviews/summary")
        assert answer.status == 200 and time.monotonic() - started < 1
    assert seen.state == "down"
    ready = await api.call("get", "/health/ready")
    assert ready.status == 200 and ready.json["replicas"][0]["state"] == "down"
    before = counted("primary", "down")
    assert (await api.call("get", "/api/v1/parking-spots/mine", owner.access)).status == 200
    assert counted("primary", "down") == before + 1
    replica.start()
    await until(lambda: seen.state == "ok", what="the replica to be read again")


async def test_without_replica_urls_nothing_more_runs(settings):
    app = build_app(settings)
    assert await open_replicas(app, create_pool=None) is None and app.ctx.tasks == []  # no pool, no monitor
    assert "remember_write" not in {m.func.__name__ for m in app.response_middleware}
    request = SimpleNamespace(app=app, ctx=SimpleNamespace())
    app.ctx.pool = SimpleNamespace(acquire=lambda: "the primary's acquire")
    assert reads(request, fills_cache=True) == "the primary's acquire"


async def test_calls_during_a_position_read_share_the_next_one():
    """A position read after a commit must start after it: callers that arrive while a read is in
    flight wait for the next one, which they share (a burst of bumps costs two reads)."""
    started, gate = [], asyncio.Event()

    async def read() -> int:
        started.append(time.monotonic())
        await gate.wait()
        return len(started)

    shared = NextRun(read)
    first = asyncio.create_task(shared())
    await asyncio.sleep(0.01)
    later = [asyncio.create_task(shared()) for _ in range(5)]
    await asyncio.sleep(0.01)
    assert len(started) == 1  # the later callers did not join the read that began before them
    gate.set()
    assert await first == 1 and [await task for task in later] == [2] * 5 and len(started) == 2
