"""Read-through Redis cache that is never stale after a write, and computes a hot entry once.

Entries are stored as the exact response bytes and served as they are (no decode/encode on a hit).
Every entry is stamped with a version: `search` results with the global search generation, a spot's
detail with that spot's own version. A write bumps the versions it affects (INCR), so the next read
finds a stamp that is no longer current and goes to PostgreSQL. Reading the current version and the
entry is one MGET (a plain round trip; a Lua script doing the same cost Redis twice the CPU). TTLs
(5 min search, 10 min detail by default) only bound memory.

Single flight (no stampedes): when a hot entry goes (a write bumped its version, or its TTL ran
out) dozens of requests used to miss it at once and all ran the same query (28-49 measured for one
key). Now a miss claims the key for its version (`cache:lock:<namespace>:<tag>:<key>` =
"<version>|<token>", set for LEASE_MS): the claimant computes and stores; the others poll the entry
(2 ms, then doubling to 20 ms) and answer the stored bytes as a hit. The claim is released when the entry is
stored, when the request ends without storing one (an error: the response middleware), or by
itself after the lease (a worker that died). A waiter that finds the claim gone, or held for an
older version, claims the key itself; after WAIT_SECONDS it computes without a claim, so nothing
waits on a dead or stuck holder for longer than that. parkingspots_cache_waits_total{cache, result}
counts the waits: `served` (answered from another request's work), `claimed` (took the key over),
`timeout`.

Versions still rule: a waiter only accepts an entry of the version current when it reads it (one
atomic read), and an entry is stored only while the version it was computed under is current (a
write during the computation leaves the newer entry in place). Stale-while-revalidate was not taken:
an entry of the current version is never stale (the TTL only bounds memory), and after a write the
old body must not be served, so there is nothing for it to serve stale.

Redis down (or, in a Redis Cluster, the node holding a key): reads go to PostgreSQL, writes of
entries are skipped, and a warning is logged once in a while; the API keeps answering. A bump Redis
missed is kept and made again (at most once a second) before this worker trusts the cache again:
Redis that was unreachable (a stopped node, a network cut) comes back with its entries, and without
the bump they would be served as current although a write changed them. Until then reads go to
PostgreSQL. Past MAX_UNBUMPED keys only the search version is kept (spot details then may be stale
until their TTL).
CACHE_SINGLE_FLIGHT=0 turns the claims off (for benchmarks).

Keys and Redis Cluster slots: a version key ends in a hash tag, and the entries and claims stamped
with it carry the same tag, so the MGET and the CLAIM and STORE scripts touch one slot:
`cache:v:{search}`, `cache:search:{search}:<digest>`, `cache:lock:search:{search}:<digest>`; for a
spot `cache:v:{spot:<id>}`, `cache:spot:{spot:<id>}:<id>`. So the whole search cache lives on one
shard (its memory and its reads are that shard's; more shards do not spread it), while spot details
spread over the cluster by spot. A spot's change bumps two slots: one pipeline that reaches both
nodes at once (redis-py sends each node its part concurrently).

Hits and misses are counted per cache (parkingspots_cache_requests_total{cache, result}, /metrics);
a miss is a computation.
"""
from __future__ import annotations

import asyncio
import hashlib
import logging
import os
import time
from contextvars import ContextVar
from typing import Awaitable, Callable

from sanic import Sanic
from sanic.response import HTTPResponse

from api.core.prometheus import CACHE_REQUESTS, CACHE_WAITS
from api.core.redis import UNAVAILABLE, warn_unavailable

log = logging.getLogger("parkingspots.cache")

SEARCH_VERSION = "cache:v:{search}"
LEASE_MS = 1000  # a claim lasts this long unless released: a dead holder blocks its key no longer
WAIT_SECONDS = 1.5  # the longest a miss waits for another request's entry, then it computes anyway
POLL_SECONDS = (0.002, 0.004, 0.008, 0.016, 0.02)  # then every 20 ms
RETRY_SECONDS = 1.0  # between tries of the bumps Redis missed
MAX_UNBUMPED = 10_000

# KEYS: version, entry, claim; ARGV: token, lease ms. The entry if current; else claim the key for
# this version unless a claim for it is held. -> {"hit", entry} | {"mine" | "wait", version}
CLAIM = """
local v = redis.call('GET', KEYS[1]) or '0'
local stamp = v .. '|'
local e = redis.call('GET', KEYS[2])
if e and string.sub(e, 1, #stamp) == stamp then return {'hit', e} end
local held = redis.call('GET', KEYS[3])
if held and string.sub(held, 1, #stamp) == stamp then return {'wait', v} end
redis.call('SET', KEYS[3], stamp .. ARGV[1], 'PX', ARGV[2])
return {'mine', v}
"""
# KEYS: version, entry, claim; ARGV: version computed under, stamped body, ttl s, claim ("" none).
# Store only while that version is current; release the claim if it is still ours.
STORE = """
local stored = 0
if (redis.call('GET', KEYS[1]) or '0') == ARGV[1] then
  redis.call('SET', KEYS[2], ARGV[2], 'EX', ARGV[3])
  stored = 1
end
if ARGV[4] ~= '' and redis.call('GET', KEYS[3]) == ARGV[4] then redis.call('DEL', KEYS[3]) end
return stored
"""
RELEASE = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
"""

# The claims the current request holds, released when it answers (api: the response middleware).
_claims: ContextVar[list | None] = ContextVar("parkingspots_cache_claims", default=None)


class Stamp(bytes):
    """The version an entry was read under (b"<version>|"), with what put() needs: the version key
    and, when this request claimed the key, the claim (key and value) to release."""

    version_key: str
    claim: tuple[str, bytes] | None

    def __new__(cls, stamp: bytes, version_key: str, claim: tuple[str, bytes] | None = None):
        made = super().__new__(cls, stamp)
        made.version_key, made.claim = version_key, claim
        return made


class PendingBumps:
    """Version bumps (INCR) Redis missed, made again before the cache is read again: Redis that was
    unreachable (a stopped node, a network cut) comes back with its entries, and without the bumps
    they would be served as current although a write changed them. One try every RETRY_SECONDS;
    until the bumps are made, readers skip the cache. Used by this module's Cache and by the map
    tiles' cache (api/spots/tiles_cache.py), each with its own keys:
    - ttl(key): seconds to EXPIRE a bumped key with, or None to leave it;
    - overflow(pending, keys): what to keep when Redis missed `keys` and there are more than
      MAX_UNBUMPED (a key that covers them all: the search version, every tile's generation)."""

    def __init__(self, log: logging.Logger, what: str, overflow: Callable[[set[str], set[str]], None],
                 ttl: Callable[[str], int | None] = lambda key: None):
        self.log, self.what, self.overflow, self.ttl = log, what, overflow, ttl
        self.keys: set[str] = set()  # this worker's bumps Redis missed
        self.retry_at = 0.0

    async def caught_up(self, redis) -> bool:
        """Whether the cache may be read: nothing is pending, or the pending bumps were made now."""
        return not self.keys or (time.monotonic() >= self.retry_at and await self.incr(redis, ()))

    async def incr(self, redis, version_keys) -> bool:
        """INCR these keys and the ones earlier bumps missed; keep them all when Redis is unavailable."""
        pending = self.keys
        keys = pending.union(version_keys)
        self.retry_at = time.monotonic() + RETRY_SECONDS  # one retry at a time; reads skip the cache till then
        try:
            async with redis.pipeline(transaction=False) as pipe:
                for key in keys:
                    pipe.incr(key)
                    if (seconds := self.ttl(key)) is not None:
                        pipe.expire(key, seconds)
                await pipe.execute()
        except UNAVAILABLE as exc:
            warn_unavailable(self.log, self.what, exc)
            if len(keys) < MAX_UNBUMPED:
                pending.update(keys)
            else:
                self.overflow(pending, keys)
            return False
        pending.difference_update(keys)  # keys other bumps added meanwhile stay
        return True


def cached_json(body: bytes, outcome: str) -> HTTPResponse:
    """A cached (or just stored) JSON answer, as bytes, saying which it was in X-Cache."""
    return HTTPResponse(body, content_type="application/json", headers={"X-Cache": outcome})


def spot_version_key(spot_id) -> str:
    return f"cache:v:{{spot:{spot_id}}}"


def entry_key(version_key: str, namespace: str, key: str) -> str:
    """An entry's key: in the slot of its version (the version key's hash tag, `{...}`)."""
    return f"cache:{namespace}:{version_key[version_key.index('{'):]}:{key}"


def claim_key(version_key: str, namespace: str, key: str) -> str:
    return f"cache:lock:{namespace}:{version_key[version_key.index('{'):]}:{key}"


def digest(text: str) -> str:
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


class Cache:
    def __init__(self, redis, single_flight: bool = True, lease_ms: int = LEASE_MS,
                 wait_seconds: float = WAIT_SECONDS):
        self.redis = redis
        self.single_flight, self.lease_ms, self.wait_seconds = single_flight, lease_ms, wait_seconds
        # Awaited before each bump, once the write has committed: with streaming replicas, raises the
        # fence that misses of the new version must have replayed to compute on a replica (api/core/replicas.py).
        self.before_bump: Callable[[], Awaitable[None]] | None = None
        # past MAX_UNBUMPED keys, only the search version is kept
        self._unbumped = PendingBumps(log, "cache invalidation",
                                      overflow=lambda pending, keys: pending.add(SEARCH_VERSION))
        if redis is not None:
            self._claim = redis.register_script(CLAIM)
            self._store = redis.register_script(STORE)
            self._release = redis.register_script(RELEASE)

    async def get(self, namespace: str, version_key: str, key: str) -> tuple[bytes | None, bytes | None]:
        """(body, version): body None on a miss (the caller computes, then put()s); version None when
        Redis is unavailable. With single flight a miss may first wait for another request's entry."""
        if self.redis is None or not await self._unbumped.caught_up(self.redis):
            CACHE_REQUESTS.add(namespace, "miss")
            return None, None
        try:
            version, entry = await self.redis.mget(version_key, entry_key(version_key, namespace, key))
        except UNAVAILABLE as exc:
            warn_unavailable(log, "cache read", exc)
            CACHE_REQUESTS.add(namespace, "miss")
            return None, None
        stamp = (version or b"0") + b"|"
        if entry is not None and entry.startswith(stamp):
            CACHE_REQUESTS.add(namespace, "hit")
            return entry[len(stamp):], stamp
        if not self.single_flight:
            CACHE_REQUESTS.add(namespace, "miss")
            return None, Stamp(stamp, version_key)
        return await self._claimed_or_waited(namespace, version_key, key, stamp)

    async def _claimed_or_waited(self, namespace: str, version_key: str, key: str,
                                 stamp: bytes) -> tuple[bytes | None, bytes | None]:
        keys = [version_key, entry_key(version_key, namespace, key), claim_key(version_key, namespace, key)]
        token = os.urandom(8).hex()
        deadline = time.monotonic() + self.wait_seconds
        waited = 0
        while True:
            try:
                outcome, value = await self._claim(keys=keys, args=[token, self.lease_ms])
            except UNAVAILABLE as exc:
                warn_unavailable(log, "cache read", exc)
                CACHE_REQUESTS.add(namespace, "miss")
                return None, Stamp(stamp, version_key)
            if outcome == b"hit":
                stamp = value[:value.index(b"|") + 1]
                CACHE_REQUESTS.add(namespace, "hit")
                if waited:
                    CACHE_WAITS(namespace, "served").inc()
                return value[len(stamp):], stamp
            stamp = value + b"|"
            if outcome == b"mine":
                claim = (keys[2], stamp + token.encode())
                held = _claims.get()
                if held is None:
                    _claims.set(held := [])
                held.append(claim)
                CACHE_REQUESTS.add(namespace, "miss")
                if waited:
                    CACHE_WAITS(namespace, "claimed").inc()
                return None, Stamp(stamp, version_key, claim)
            if time.monotonic() >= deadline:
                CACHE_REQUESTS.add(namespace, "miss")
                CACHE_WAITS(namespace, "timeout").inc()
                return None, Stamp(stamp, version_key)
            await asyncio.sleep(POLL_SECONDS[min(waited, len(POLL_SECONDS) - 1)])
            waited += 1

    async def put(self, namespace: str, version: bytes | None, key: str, body: bytes, ttl: int) -> None:
        """Store body stamped with the version read before computing it, unless a write has bumped
        that version since (then the newer entry, if any, stays); release this request's claim."""
        if self.redis is None or not isinstance(version, Stamp):  # None: Redis down; bytes: a hit's, stored
            return
        entry = entry_key(version.version_key, namespace, key)
        claim = version.claim
        try:
            await self._store(keys=[version.version_key, entry, claim[0] if claim else entry],
                              args=[bytes(version[:-1]), version + body, ttl, claim[1] if claim else b""])
        except UNAVAILABLE as exc:
            warn_unavailable(log, "cache write", exc)
        if claim is not None:
            held = _claims.get()
            if held and claim in held:
                held.remove(claim)

    async def release(self, held: list[tuple[str, bytes]]) -> None:
        """Release claims a request still held when it answered (without storing an entry)."""
        try:
            for claim_key, value in held:
                await self._release(keys=[claim_key], args=[value])
        except UNAVAILABLE as exc:
            warn_unavailable(log, "cache release", exc)

    async def bump(self, *version_keys: str) -> None:
        """Invalidate: every entry filed under these versions is no longer found."""
        if self.redis is None or not version_keys:
            return
        if self.before_bump is not None:
            await self.before_bump()
        await self._unbumped.incr(self.redis, version_keys)

    async def spot_changed(self, spot_id) -> None:
        """A spot, its bookings, blackouts or reviews changed: its detail and every search."""
        await self.bump(SEARCH_VERSION, spot_version_key(spot_id))


def setup_cache(app: Sanic) -> None:
    @app.before_server_start
    async def open_cache(app: Sanic) -> None:
        # CACHE_SINGLE_FLIGHT=0: every miss computes (scripts/bench_stampede.py compares the two).
        app.ctx.cache = Cache(app.ctx.redis, single_flight=app.ctx.settings.cache_single_flight)

    releasing: set[asyncio.Task] = set()

    @app.on_response
    def release_claims(request, response) -> None:  # not async: a plain call on every answer is cheaper
        held = _claims.get()
        if held:  # a miss that answered without storing (an error, a 404): others may claim now
            _claims.set(None)
            task = asyncio.get_running_loop().create_task(app.ctx.cache.release(held))
            releasing.add(task)
            task.add_done_callback(releasing.discard)
