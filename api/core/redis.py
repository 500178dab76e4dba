"""The Redis connection (one client per worker): one Redis, or a Redis Cluster with REDIS_CLUSTER=1
(REDIS_URL names one node; the client asks it for the others and for which node holds which slot).
Redis only holds caches and counters: when it is down, or a cluster node is, callers degrade (reads
go to PostgreSQL, limits fail open) instead of failing; they catch UNAVAILABLE and say so through
warn_unavailable, at most once every 10 s per module.

The pool blocks when all its connections are busy: redis-py's default pool raises
MaxConnectionsError past 100, so a burst (thousands of database events invalidating the cache at
once) would skip invalidations and leave stale answers cached. Waiting a moment is right instead.
The cluster client has no blocking pool (it raises at 100 connections per node), so its commands
and pipelines take a turn of MAX_CONNECTIONS first: a command holds at most one connection per
node, so no node ever runs out.

In a cluster, keys that one command reads or writes together (an MGET, a Lua script) must live in
one slot: each module's keys carry a hash tag (`{...}`, the only part of a key Redis hashes) and
its docstring says which keys share one. To one Redis a tag is just characters in a name.
The cluster client retries nothing: a command that met a stopped node fails at once (the caller
degrades). redis-py's own retries close every connection, sleep 0.25 s and ask again; for a cache
miss that only adds latency. After a failure redis-py asks the nodes for the layout again before the
next command, and while a node stays down that is before nearly every command, each asking the down
node too: with one of three nodes killed, a command to a live node took 26 ms (median) instead of
0.4 ms; with one stopped (SIGSTOP: every ask of it times out), 0.5 s. So the layout is asked for at
most once every FIND_NODES_SECONDS, and in between the last one stands (a down node still owns its
slots; a slot that moved answers MOVED, which redis-py follows without asking for the layout): then
0.3 ms and 10 ms. Each worker finds the nodes when it starts (opened()): redis-py 8.1's cluster
client, given hundreds of commands at once before it has, closes connections under some of them
(12 of 500 concurrent INCRs failed; none once it had)."""
from __future__ import annotations

import asyncio
import logging
import time
from typing import TYPE_CHECKING

import redis.asyncio as redis
from redis.asyncio.cluster import ClusterPipeline, RedisCluster
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import RedisClusterException, RedisError

from api.core.settings import Settings

if TYPE_CHECKING:
    from api.core.context import App

MAX_CONNECTIONS = 100  # per worker (and, in a cluster, per node)
WAIT_SECONDS = 2  # for a free connection, then the caller degrades as when Redis is down
TIMEOUTS = {"socket_timeout": 0.5, "socket_connect_timeout": 0.5}
WARN_EVERY_SECONDS = 10
FIND_NODES_SECONDS = 1.0  # a cluster's layout is asked for at most this often (see above)

# What a Redis call raises when Redis, or the cluster node holding a key, cannot answer.
# RedisClusterException is not a RedisError: the cluster client raises it when no node answers
# its CLUSTER SLOTS or a slot has no node.
UNAVAILABLE = (RedisError, RedisClusterException, OSError)

log = logging.getLogger("parkingspots.redis")

_last_warning: dict[str, float] = {}


def warn_unavailable(logger: logging.Logger, what: str, exc: BaseException) -> None:
    """`what` skipped because Redis is unavailable: one warning every 10 s per logger, not one per
    request (while Redis or a node is down, every request fails the same way)."""
    now = time.monotonic()
    if now - _last_warning.get(logger.name, -WARN_EVERY_SECONDS) >= WARN_EVERY_SECONDS:
        _last_warning[logger.name] = now
        logger.warning("%s skipped, Redis unavailable: %s", what, type(exc).__name__)


def setup_redis(app: App) -> None:
    settings = app.ctx.settings

    @app.before_server_start
    async def open_redis(app: App) -> None:
        app.ctx.redis = await opened(settings) if settings.redis_url else None

    @app.after_server_stop
    async def close_redis(app: App) -> None:
        if app.ctx.redis is not None:
            await app.ctx.redis.aclose()


def connect(settings: Settings) -> redis.Redis | Cluster:
    if settings.redis_cluster:
        return Cluster.from_url(settings.redis_url, max_connections=MAX_CONNECTIONS, retry=Retry(NoBackoff(), 0),
                                **TIMEOUTS)
    pool = redis.BlockingConnectionPool.from_url(settings.redis_url, max_connections=MAX_CONNECTIONS,
                                                 timeout=WAIT_SECONDS, **TIMEOUTS)
    return redis.Redis(connection_pool=pool)


async def opened(settings: Settings) -> redis.Redis | Cluster:
    """connect(), and for a cluster, its nodes and slots found now (see the module docstring); if no
    node answers, the client tries again at its first command."""
    client = connect(settings)
    if isinstance(client, Cluster):
        try:
            await client.initialize()
        except UNAVAILABLE as exc:
            warn_unavailable(log, "finding the Redis Cluster nodes at start", exc)
    return client


class _Turns:
    """At most MAX_CONNECTIONS commands in flight; the next waits up to WAIT_SECONDS for a turn,
    then fails as a busy BlockingConnectionPool does (a ConnectionError: callers degrade)."""

    def __init__(self) -> None:
        self._free = asyncio.Semaphore(MAX_CONNECTIONS)

    async def __aenter__(self) -> None:
        try:
            async with asyncio.timeout(WAIT_SECONDS):
                await self._free.acquire()
        except TimeoutError:
            raise RedisConnectionError("no free Redis connection") from None

    async def __aexit__(self, *exc) -> None:
        self._free.release()


class Cluster(RedisCluster):
    """redis-py's asyncio RedisCluster whose commands and pipelines wait for a turn, and which asks for
    the cluster's layout at most once every FIND_NODES_SECONDS (the module docstring says why)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.turns = _Turns()
        self._found_at: float | None = None

    async def initialize(self, *args, **kwargs) -> Cluster:
        if not self._initialize:
            return self
        if (self._found_at is not None and self.nodes_manager.default_node is not None  # not closed
                and time.monotonic() - self._found_at < FIND_NODES_SECONDS):
            self._initialize = False  # the layout found last stands
            return self
        await super().initialize(*args, **kwargs)
        self._found_at = time.monotonic()
        return self

    async def execute_command(self, *args, **kwargs):
        async with self.turns:
            return await super().execute_command(*args, **kwargs)

    def pipeline(self, transaction=None, shard_hint=None) -> ClusterPipeline:
        if shard_hint:
            raise RedisClusterException("shard_hint is deprecated in cluster mode")
        return _Pipeline(self, transaction)


class _Pipeline(ClusterPipeline):
    async def execute(self, raise_on_error: bool = True, allow_redirections: bool = True):
        async with self.cluster_client.turns:
            return await super().execute(raise_on_error, allow_redirections)
