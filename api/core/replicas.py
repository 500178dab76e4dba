"""Reads on PostgreSQL streaming replicas (DATABASE_REPLICA_URLS), never older than what the reader
must see. Without replica URLs none of this runs: `reads()` is the primary pool's acquire().

    async with reads(request) as conn:                    # a read that may be served by a replica
    async with reads(request, fills_cache=True) as conn:  # a miss whose answer goes into a shared cache

Writes, and everything inside a transaction, use the primary pool as before.

Each worker keeps one pool per replica and a monitor: every PROBE_SECONDS it reads the primary's
flushed WAL position and each replica's replayed position (sql/core/replicas.sql). A replica's lag
is how long ago the primary first flushed WAL the replica has not replayed (this worker's samples of
the primary, so no clocks are compared and an idle primary shows no lag); in bytes, how far it is
behind the latest sample. A replica is read from while its last probe (at most STALE_SECONDS old)
found it following the primary with a lag within REPLICA_MAX_LAG_SECONDS; down, promoted or lagging,
the primary serves (/health/ready and /metrics show each replica's state and lag).

A read goes to a replica (round robin) only if the replica has replayed what the read must see:
- read-your-writes: after an authenticated request that wrote (POST/PUT/PATCH/DELETE answered 2xx),
  the primary's WAL position is remembered for that user (Redis `replicas:ryw:<user id>`, the
  larger position kept, for the lag bound plus a margin: past it, any replica within the bound has
  replayed the write). The user's reads need that position. Without Redis it is kept in the worker,
  which is enough with one worker; with several, signed-in users read from the primary;
- cache fills: a write bumps cache versions (api/core/cache.py) only after raising the fence
  (`replicas:fence`, the largest WAL position read after such a write committed, set before the
  bump). A miss reads the version first, then the fence, so the fence covers every write behind
  that version, and computes on a replica only if it has replayed the fence: an answer stored as
  current was never computed on a replica that missed the write that made it current. Map tiles'
  versions are bumped on notifications, each after raising the fence too (api/spots/tiles.py).
Position unknown (Redis down): the primary. Anonymous reads of uncached answers need nothing.

Someone else's recent write is not waited for, with one exception: a read that finds nothing on a
replica (read_found: a booking an event just announced) asks the primary again.

A replica read that loses its connection marks the replica down until a probe finds it again; the
request's one retry (api/core/retry.py) then reads from the primary. parkingspots_db_reads_total
counts reads by target (primary, replica) and reason (replica: ok; primary: down, lag, ryw,
cache_fill, not_found).
"""
from __future__ import annotations

import asyncio
import bisect
import logging
import math
import time
from typing import TYPE_CHECKING, Awaitable, Callable, TypeVar
from urllib.parse import urlsplit

import asyncpg

from api.core.errors import NotFound
from api.core.prometheus import DB_READS, REPLICA_LAG_BYTES, REPLICA_LAG_SECONDS, REPLICA_USABLE
from api.core.redis import UNAVAILABLE

if TYPE_CHECKING:
    from api.core.context import App, Request

log = logging.getLogger("parkingspots.replicas")
T = TypeVar("T")

PROBE_SECONDS = 0.1
PROBE_TIMEOUT = 1.0      # a probe that takes longer counts as the replica being down
STALE_SECONDS = 0.5      # a replica whose last good probe is older is not read from
CONNECT_TIMEOUT = 2.0
WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})
FENCE_KEY = "replicas:fence"
RYW_PREFIX = "replicas:ryw:"
UNKNOWN = 1 << 62        # a position no replica reaches: the primary serves
WARN_EVERY = 10.0
# KEYS: key; ARGV: position (16 hex digits, so text order is number order), ttl s (0: none).
# Keep the larger position; renew the TTL either way.
KEEP_MAX = """
local held = redis.call('GET', KEYS[1])
if held and held >= ARGV[1] then
  if ARGV[2] ~= '0' then redis.call('EXPIRE', KEYS[1], ARGV[2]) end
  return 0
end
if ARGV[2] == '0' then redis.call('SET', KEYS[1], ARGV[1]) else redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2]) end
return 1
"""
CONNECTION_LOST = (asyncpg.InterfaceError, asyncpg.InternalClientError, OSError, TimeoutError)


def display_name(url: str) -> str:
    """host:port/database of a URL, without user or password (metrics labels, health, logs)."""
    parts = urlsplit(url)
    return f"{parts.hostname}:{parts.port or 5432}{parts.path or '/'}"


def _hex(position: int) -> str:
    return f"{position:016x}"


def _lost(exc: BaseException | None) -> bool:
    if isinstance(exc, asyncpg.PostgresError):
        return (exc.sqlstate or "").startswith(("08", "57P"))
    return isinstance(exc, CONNECTION_LOST)


class PrimaryHistory:
    """When this worker first saw the primary's WAL reach each position (samples kept for the lag
    bound plus a margin, and the latest always)."""

    def __init__(self, keep_seconds: float):
        self.keep_seconds = keep_seconds
        self.times: list[float] = []
        self.positions: list[int] = []

    def add(self, now: float, position: int) -> None:
        if not self.positions or position > self.positions[-1]:
            self.times.append(now)
            self.positions.append(position)
        drop = bisect.bisect_left(self.times, now - self.keep_seconds, hi=len(self.times) - 1)
        if drop:
            del self.times[:drop], self.positions[:drop]

    @property
    def latest(self) -> int | None:
        return self.positions[-1] if self.positions else None

    def lag(self, replayed: int, now: float) -> tuple[float, int]:
        """(seconds since the primary first flushed WAL past `replayed`, bytes behind the latest sample)."""
        first = bisect.bisect_right(self.positions, replayed)
        if first == len(self.positions):
            return 0.0, 0
        return now - self.times[first], self.positions[-1] - replayed


class NextRun:
    """`await shared()`: calls that arrive while `run` is in flight share the run after it, so each
    caller's answer comes from a run that started after its call (a position read after its commit),
    and a burst (a bulk change's events, in every worker) costs two runs instead of one per call."""

    def __init__(self, run: Callable[[], Awaitable[T]]):
        self.run = run
        self.waiting: asyncio.Future | None = None
        self.task: asyncio.Task | None = None

    async def __call__(self) -> T:
        if self.waiting is None:
            self.waiting = asyncio.get_running_loop().create_future()
            self.waiting.add_done_callback(lambda f: f.cancelled() or f.exception())  # retrieved even if no one waits
            if self.task is None:
                self.task = asyncio.get_running_loop().create_task(self._drain())
        return await asyncio.shield(self.waiting)

    async def _drain(self) -> None:
        try:
            while self.waiting is not None:
                future, self.waiting = self.waiting, None
                try:
                    future.set_result(await self.run())
                except Exception as exc:  # noqa: BLE001 - handed to the callers
                    future.set_exception(exc)
        finally:
            self.task = None


class Replica:
    def __init__(self, url: str, pool: asyncpg.Pool):
        self.name, self.pool = display_name(url), pool
        self.state = "starting"  # ok, lagging, down, promoted (following no primary)
        self.replayed = -1
        self.lag_seconds: float | None = None
        self.lag_bytes: int | None = None
        self.seen = -math.inf    # monotonic time of the last probe that found it usable

    def usable(self, now: float, need: int = 0) -> bool:
        return self.state == "ok" and now - self.seen <= STALE_SECONDS and self.replayed >= need

    def describe(self) -> dict:
        return {"name": self.name, "state": self.state, "lag_seconds": self.lag_seconds, "lag_bytes": self.lag_bytes}

    def _publish(self) -> None:
        REPLICA_USABLE.labels(self.name).set(1 if self.state == "ok" else 0)
        if self.lag_seconds is not None:
            REPLICA_LAG_SECONDS.labels(self.name).set(self.lag_seconds)
            REPLICA_LAG_BYTES.labels(self.name).set(self.lag_bytes)

    def down(self, state: str = "down") -> None:
        if self.state != state:
            log.warning("replica %s is %s: reads go elsewhere", self.name, state)
        self.state = state
        self._publish()


class Replicas:
    """This worker's replica pools, their monitor, and where each read goes."""

    def __init__(self, app: App, replicas: list[Replica]):
        self.app, self.replicas = app, replicas
        settings = app.ctx.settings
        self.max_lag = settings.replica_max_lag_seconds
        self.window = math.ceil(self.max_lag) + 2  # read-your-writes: past this, every usable replica has the write
        self.history = PrimaryHistory(self.max_lag + 2)
        self._next = 0
        self._remembered: dict[str, tuple[int, float]] = {}  # without Redis: user id -> (position, until)
        self._keep_max = None
        self._last_warning = -WARN_EVERY
        self.commit_position = NextRun(self._commit_position)
        self.raise_fence = NextRun(self._raise_fence)
        self._raising: asyncio.Task | None = None

    # Routing.

    def pick(self, need: int) -> Replica | None:
        """The next usable replica (round robin) that has replayed `need`, or None."""
        now, replicas = time.monotonic(), self.replicas
        count = len(replicas)
        for step in range(count):
            replica = replicas[(self._next + step) % count]
            if replica.usable(now, need):
                self._next = (self._next + step + 1) % count
                return replica
        return None

    def unusable_reason(self) -> str:
        """Why no replica may serve even a read that needs nothing: lag if one follows too far behind."""
        return "lag" if any(r.state == "lagging" for r in self.replicas) else "down"

    # Positions.

    async def _commit_position(self) -> int:
        """At or past every commit made before this call (sql/core/replicas.sql says which); callers
        share reads through self.commit_position."""
        async with self.app.ctx.pool.acquire() as conn:
            return await self.app.ctx.queries.core.primary_commit_position(conn)

    def _redis(self):
        redis = self.app.ctx.redis
        if redis is not None and self._keep_max is None:
            self._keep_max = redis.register_script(KEEP_MAX)
        return redis

    def _warn(self, what: str, exc: BaseException) -> None:
        now = time.monotonic()
        if now - self._last_warning >= WARN_EVERY:
            self._last_warning = now
            log.warning("replicas: %s failed, the primary serves: %s", what, type(exc).__name__)

    async def remember_write(self, user_id) -> None:
        """The user wrote: their reads need the primary's position now for the next `window` seconds."""
        try:
            position = await self.commit_position()
        except (asyncpg.PostgresError, *CONNECTION_LOST) as exc:
            self._warn("reading the primary's position", exc)
            return
        redis = self._redis()
        if redis is None:
            self._remembered[str(user_id)] = (position, time.monotonic() + self.window)
            if len(self._remembered) > 10_000:
                now = time.monotonic()
                self._remembered = {k: v for k, v in self._remembered.items() if v[1] > now}
            return
        try:
            await self._keep_max(keys=[RYW_PREFIX + str(user_id)], args=[_hex(position), self.window])
        except UNAVAILABLE as exc:
            self._warn("remembering a write", exc)

    async def written_by(self, user_id) -> int:
        """The position the user's reads need (0: nothing; UNKNOWN when it cannot be read)."""
        redis = self._redis()
        if redis is None:
            if self.app.ctx.settings.workers > 1:
                return UNKNOWN  # another worker may have taken the write
            held = self._remembered.get(str(user_id))
            return held[0] if held is not None and held[1] > time.monotonic() else 0
        try:
            held = await redis.get(RYW_PREFIX + str(user_id))
        except UNAVAILABLE as exc:
            self._warn("reading a user's last write", exc)
            return UNKNOWN
        return int(held, 16) if held else 0

    async def _raise_fence(self) -> None:
        """Before a cache version is bumped (the write has committed): misses of the new version must
        not compute on a replica that has not replayed this far. Shared by calls (self.raise_fence)."""
        redis = self._redis()
        if redis is None:
            return
        try:
            position = await self.commit_position()
            await self._keep_max(keys=[FENCE_KEY], args=[_hex(position), 0])
        except (asyncpg.PostgresError, *UNAVAILABLE, *CONNECTION_LOST) as exc:
            self._warn("raising the cache fence", exc)

    async def fence(self) -> int:
        """The position a cache fill must have replayed. No fence (none raised yet, or a Redis restart
        lost it while versions elsewhere survived): the primary serves, and the fence is raised to the
        primary's position now, which covers every write made so far."""
        redis = self._redis()
        if redis is None:
            return 0
        try:
            held = await redis.get(FENCE_KEY)
        except UNAVAILABLE as exc:
            self._warn("reading the cache fence", exc)
            return UNKNOWN
        if held:
            return int(held, 16)
        if self._raising is None:
            self._raising = asyncio.get_running_loop().create_task(self.raise_fence())
            self._raising.add_done_callback(lambda _: setattr(self, "_raising", None))
        return UNKNOWN

    # The monitor.

    async def _sample_primary(self) -> None:
        while True:
            try:
                async with asyncio.timeout(PROBE_TIMEOUT), self.app.ctx.pool.acquire() as conn:
                    self.history.add(time.monotonic(), await self.app.ctx.queries.core.primary_flushed_position(conn))
            except (asyncpg.PostgresError, *CONNECTION_LOST):
                pass  # the primary's own health is /health/ready's business; replicas keep their last state
            await asyncio.sleep(PROBE_SECONDS)

    async def _probe(self, replica: Replica) -> None:
        try:
            async with asyncio.timeout(PROBE_TIMEOUT):
                async with replica.pool.acquire() as conn:
                    found = await self.app.ctx.queries.core.replica_position(conn)
        except (asyncpg.PostgresError, *CONNECTION_LOST):
            replica.down()
            return
        if not found["in_recovery"]:
            replica.down("promoted")
            return
        now = time.monotonic()
        replica.replayed = found["replayed"]
        if self.history.latest is None:
            return  # nothing to compare with yet
        replica.lag_seconds, replica.lag_bytes = self.history.lag(replica.replayed, now)
        if replica.lag_seconds > self.max_lag:
            replica.down("lagging")
            return
        if replica.state != "ok":
            log.info("replica %s is usable (lag %.3f s)", replica.name, replica.lag_seconds)
        replica.state, replica.seen = "ok", now
        replica._publish()

    async def _follow(self, replica: Replica) -> None:
        while True:
            await self._probe(replica)
            await asyncio.sleep(PROBE_SECONDS)

    def start(self) -> list[asyncio.Task]:
        loop = asyncio.get_running_loop()
        return [loop.create_task(self._sample_primary())] + [loop.create_task(self._follow(r)) for r in self.replicas]

    async def close(self) -> None:
        await asyncio.gather(*(r.pool.close() for r in self.replicas), return_exceptions=True)

    def describe(self) -> list[dict]:
        return [replica.describe() for replica in self.replicas]


class _Read:
    """The connection of one read: a replica's when one may serve it, else the primary's."""

    __slots__ = ("replicas", "request", "fills_cache", "pool", "conn", "replica")

    def __init__(self, replicas: Replicas, request: Request, fills_cache: bool):
        self.replicas, self.request, self.fills_cache = replicas, request, fills_cache
        self.replica: Replica | None = None

    async def _need(self) -> tuple[int, str]:
        """The position this read must see, and why (0: anything the monitor accepts)."""
        need, why = 0, "ok"
        user = getattr(self.request.ctx, "user", None)
        if user is not None:
            need, why = await self.replicas.written_by(user["id"]), "ryw"
        if self.fills_cache:
            fence = await self.replicas.fence()
            if fence > need:
                need, why = fence, "cache_fill"
        return need, why

    async def __aenter__(self) -> asyncpg.Connection:
        replicas = self.replicas
        replica, reason = replicas.pick(0), "ok"
        if replica is None:
            reason = replicas.unusable_reason()
        elif self.fills_cache or getattr(self.request.ctx, "user", None) is not None:
            need, why = await self._need()
            if need and replica.replayed < need:
                replica = replicas.pick(need)
                if replica is None:
                    reason = why
        if replica is not None:
            try:
                # An idle connection is taken at once; else wait at most CONNECT_TIMEOUT (a new connection,
                # or one freed by reads that may be stuck on a replica that stopped answering).
                pool = replica.pool
                self.conn = await pool.acquire(timeout=None if pool.get_idle_size() else CONNECT_TIMEOUT)
                self.pool, self.replica = replica.pool, replica
                DB_READS.add("replica", reason)
                return self.conn
            except (asyncpg.PostgresError, *CONNECTION_LOST):
                replica.down()
                reason = "down"
        self.pool = self.request.app.ctx.pool
        self.conn = await self.pool.acquire()
        DB_READS.add("primary", reason)
        return self.conn

    async def __aexit__(self, exc_type, exc, tb) -> None:
        await self.pool.release(self.conn)
        if self.replica is not None and _lost(exc):
            self.replica.down()
            await self.replica.pool.expire_connections()


async def read_found(request: Request, read: Callable[[asyncpg.Connection], Awaitable[T]]) -> T:
    """`await read(conn)` on reads(request); when it finds nothing (NotFound) on a replica, once more
    on the primary: what the reader was told of by someone else (a WebSocket event, which the primary
    sends at commit; another user's link) may not be replayed yet. A real 404 costs two queries."""
    reading = reads(request)
    try:
        async with reading as conn:
            return await read(conn)
    except NotFound:
        if getattr(reading, "replica", None) is None:
            raise
    DB_READS.add("primary", "not_found")
    async with request.app.ctx.pool.acquire() as conn:
        return await read(conn)


def reads(request: Request, *, fills_cache: bool = False):
    """`async with reads(request) as conn:` a connection for reads outside a transaction: a replica's
    when one has replayed what this request must see, else the primary's. fills_cache: the answer
    will be stored in a shared cache (it must not be older than the cache version it is stored under)."""
    replicas = request.app.ctx.replicas
    if replicas is None:
        return request.app.ctx.pool.acquire()
    return _Read(replicas, request, fills_cache)


async def open_replicas(app: App, create_pool) -> Replicas | None:
    """One pool per replica URL (no connection is made yet: a replica that is down does not stop
    the worker), the monitor's tasks (in app.ctx.tasks), and read-your-writes."""
    settings = app.ctx.settings
    if not settings.replica_urls:
        return None
    pools = [await create_pool(url, 0) for url in settings.replica_urls]
    replicas = Replicas(app, [Replica(url, pool) for url, pool in zip(settings.replica_urls, pools, strict=True)])
    app.ctx.tasks.extend(replicas.start())
    cache = getattr(app.ctx, "cache", None)
    if cache is not None:
        cache.before_bump = replicas.raise_fence
    return replicas


def remember_writes(app: App) -> None:
    """After an authenticated write answered 2xx (before the answer leaves), remember the primary's
    position for the user. Registered only when replicas are configured."""
    @app.on_response
    def remember_write(request: Request, response):  # plain: a read pays a call; Sanic awaits what a write returns
        if request.method in WRITES and 200 <= response.status < 300:
            user = getattr(request.ctx, "user", None)
            replicas = request.app.ctx.replicas
            if user is not None and replicas is not None:
                return replicas.remember_write(user["id"])
        return None
