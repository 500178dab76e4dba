"""Read-through Redis cache that is never stale after a write.

Entries are stored as the exact response bytes and served as they are (no decode/encode on a hit).
Every entry is stamped with a version: `search` results with the global search generation, a spot's
detail with that spot's own version. A write bumps the versions it affects (INCR), so the next read
finds a stamp that is no longer current and goes to PostgreSQL. Reading the current version and the
entry is one MGET (a plain round trip; a Lua script doing the same cost Redis twice the CPU). TTLs
(5 min search, 10 min detail by default) only bound memory.

Redis down: reads go to PostgreSQL, writes of entries are skipped, and a warning is logged once in a
while; the API keeps answering.

Hits and misses are counted per cache (parkingspots_cache_requests_total{cache, result}, /metrics).
"""
from __future__ import annotations

import hashlib
import logging
import time

from redis.exceptions import RedisError
from sanic import Sanic
from sanic.response import HTTPResponse

from api.core.prometheus import CACHE_REQUESTS

log = logging.getLogger("parkingspots.cache")

SEARCH_VERSION = "cache:v:search"


def cached_json(body: bytes, outcome: str) -> HTTPResponse:
    """A cached (or just stored) JSON answer, as bytes, saying which it was in X-Cache."""
    return HTTPResponse(body, content_type="application/json", headers={"X-Cache": outcome})


def spot_version_key(spot_id) -> str:
    return f"cache:v:spot:{spot_id}"


def digest(text: str) -> str:
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


class Cache:
    def __init__(self, redis):
        self.redis = redis
        self._last_warning = 0.0

    def _warn(self, what: str, exc: Exception) -> None:
        now = time.monotonic()
        if now - self._last_warning > 10:
            self._last_warning = now
            log.warning("cache %s skipped, Redis unavailable: %s", what, type(exc).__name__)

    async def get(self, namespace: str, version_key: str, key: str) -> tuple[bytes | None, bytes | None]:
        """(body, version): body None on a miss; version None when Redis is unavailable."""
        if self.redis is None:
            CACHE_REQUESTS.add(namespace, "miss")
            return None, None
        try:
            version, entry = await self.redis.mget(version_key, f"cache:{namespace}:{key}")
        except (RedisError, OSError) as exc:
            self._warn("read", exc)
            CACHE_REQUESTS.add(namespace, "miss")
            return None, None
        stamp = (version or b"0") + b"|"
        if entry is not None and entry.startswith(stamp):
            CACHE_REQUESTS.add(namespace, "hit")
            return entry[len(stamp):], stamp
        CACHE_REQUESTS.add(namespace, "miss")
        return None, stamp

    async def put(self, namespace: str, version: bytes | None, key: str, body: bytes, ttl: int) -> None:
        """Store body stamped with the version read before computing it (a write since makes it stale)."""
        if self.redis is None or version is None:
            return
        try:
            await self.redis.set(f"cache:{namespace}:{key}", version + body, ex=ttl)
        except (RedisError, OSError) as exc:
            self._warn("write", exc)

    async def bump(self, *version_keys: str) -> None:
        """Invalidate: every entry filed under these versions is no longer found."""
        if self.redis is None or not version_keys:
            return
        try:
            async with self.redis.pipeline(transaction=False) as pipe:
                for key in version_keys:
                    pipe.incr(key)
                await pipe.execute()
        except (RedisError, OSError) as exc:
            self._warn("invalidation", exc)

    async def spot_changed(self, spot_id) -> None:
        """A spot, its bookings, blackouts or reviews changed: its detail and every search."""
        await self.bump(SEARCH_VERSION, spot_version_key(spot_id))


def setup_cache(app: Sanic) -> None:
    @app.before_server_start
    async def open_cache(app: Sanic) -> None:
        app.ctx.cache = Cache(app.ctx.redis)
