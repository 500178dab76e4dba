"""Read-through Redis cache that is never stale after a write.

Entries are stored as the exact response bytes and served as they are (no decode/encode on a hit).
Every entry is filed under a version: `search` results under the global search generation, a spot's
detail under that spot's own version. A write bumps the versions it affects (INCR), so the next read
looks up a key that does not exist yet and goes to PostgreSQL; old entries simply expire. Reading the
version and the entry is one round trip (a small Lua script). TTLs (5 min search, 10 min detail by
default) only bound memory.

Redis down: reads go to PostgreSQL, writes of entries are skipped, and a warning is logged once in a
while; the API keeps answering.
"""
from __future__ import annotations

import asyncio
import hashlib
import logging
import time
from collections import Counter

from redis.exceptions import RedisError

log = logging.getLogger("parkingspots.cache")

SEARCH_VERSION = "cache:v:search"

# KEYS[1] = version key; ARGV[1] = entry key prefix. Returns {version, entry or false}.
_GET_VERSIONED = """
local version = redis.call('GET', KEYS[1]) or '0'
return {version, redis.call('GET', ARGV[1] .. version)}
"""


def spot_version_key(spot_id) -> str:
    return f"cache:v:spot:{spot_id}"


def digest(text: str) -> str:
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


class Cache:
    def __init__(self, redis):
        self.redis = redis
        self.counts: Counter = Counter()  # (namespace, "hit" | "miss") -> count, this worker
        self._script = redis.register_script(_GET_VERSIONED) if redis is not None else None
        self._last_warning = 0.0

    def _warn(self, what: str, exc: Exception) -> None:
        now = time.monotonic()
        if now - self._last_warning > 10:
            self._last_warning = now
            log.warning("cache %s skipped, Redis unavailable: %s", what, type(exc).__name__)

    async def get(self, namespace: str, version_key: str, key: str) -> tuple[bytes | None, str | None]:
        """(entry, version): entry None on a miss; version None when Redis is unavailable."""
        if self._script is None:
            self.counts[namespace, "miss"] += 1
            return None, None
        try:
            version, entry = await self._script(keys=[version_key], args=[f"cache:{namespace}:{key}:"])
        except (RedisError, OSError) as exc:
            self._warn("read", exc)
            self.counts[namespace, "miss"] += 1
            return None, None
        self.counts[namespace, "hit" if entry else "miss"] += 1
        return entry or None, version.decode() if isinstance(version, bytes) else str(version)

    async def put(self, namespace: str, version: str | None, key: str, body: bytes, ttl: int) -> None:
        if self.redis is None or version is None:
            return
        try:
            await self.redis.set(f"cache:{namespace}:{key}:{version}", body, ex=ttl)
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

    async def flush_counts(self) -> None:
        """Add this worker's hit/miss counts to the shared totals in Redis."""
        counts, self.counts = self.counts, Counter()
        if self.redis is None or not counts:
            return
        try:
            async with self.redis.pipeline(transaction=False) as pipe:
                for (namespace, outcome), count in counts.items():
                    pipe.hincrby("metrics:cache", f"{namespace}:{outcome}", count)
                await pipe.execute()
        except (RedisError, OSError):
            self.counts.update(counts)  # keep them for the next flush

    async def totals(self) -> dict:
        """{namespace: {"hit": n, "miss": n}} across workers (the shared totals plus this worker's)."""
        merged: Counter = Counter(self.counts)
        if self.redis is not None:
            try:
                for field, count in (await self.redis.hgetall("metrics:cache")).items():
                    namespace, outcome = field.decode().split(":")
                    merged[namespace, outcome] += int(count)
            except (RedisError, OSError) as exc:
                self._warn("metrics read", exc)
        result: dict = {}
        for (namespace, outcome), count in merged.items():
            result.setdefault(namespace, {"hit": 0, "miss": 0})[outcome] = count
        return result


def setup_cache(app) -> None:
    @app.before_server_start
    async def open_cache(app) -> None:
        app.ctx.cache = Cache(app.ctx.redis)

        async def flush_forever():
            while True:
                await asyncio.sleep(2)
                await app.ctx.cache.flush_counts()

        app.ctx.cache_flush_task = asyncio.get_running_loop().create_task(flush_forever())

    @app.after_server_stop
    async def close_cache(app) -> None:
        app.ctx.cache_flush_task.cancel()
        await app.ctx.cache.flush_counts()
