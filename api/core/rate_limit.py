"""Failure counters in Redis (login, password reset): N events per key in a window, then 429 with
Retry-After. When Redis is down the limits fail open and a warning is logged: the service keeps
answering."""
from __future__ import annotations

import logging

from redis.exceptions import RedisError

from api.core.errors import TooManyRequests

log = logging.getLogger("parkingspots.rate_limit")


class RateLimit:
    def __init__(self, redis, scope: str, limit: int, window_seconds: int):
        self.redis, self.scope, self.limit, self.window = redis, scope, limit, window_seconds

    def _key(self, kind: str, value: str) -> str:
        return f"rl:{self.scope}:{kind}:{value.lower()}"

    async def check(self, **subjects: str) -> None:
        """429 when any subject (e.g. account=..., ip=...) has used up its allowance."""
        if self.redis is None:
            return
        keys = [self._key(kind, value) for kind, value in subjects.items()]
        try:
            async with self.redis.pipeline(transaction=False) as pipe:
                for key in keys:
                    pipe.get(key)
                    pipe.ttl(key)
                found = await pipe.execute()
        except (RedisError, OSError) as exc:
            log.warning("rate limit %s not checked, Redis unavailable: %s", self.scope, type(exc).__name__)
            return
        for count, ttl in zip(found[::2], found[1::2], strict=True):
            if count is not None and int(count) >= self.limit:
                retry_after = max(int(ttl), 1)
                raise TooManyRequests(f"too many attempts; try again in {retry_after} seconds",
                                      headers={"Retry-After": str(retry_after)})

    async def hit(self, **subjects: str) -> None:
        """Count one event for each subject; the window starts at the first event."""
        if self.redis is None:
            return
        try:
            async with self.redis.pipeline(transaction=False) as pipe:
                for kind, value in subjects.items():
                    key = self._key(kind, value)
                    pipe.incr(key)
                    pipe.expire(key, self.window, nx=True)
                await pipe.execute()
        except (RedisError, OSError) as exc:
            log.warning("rate limit %s not counted, Redis unavailable: %s", self.scope, type(exc).__name__)

    async def reset(self, **subjects: str) -> None:
        if self.redis is None:
            return
        try:
            await self.redis.delete(*[self._key(kind, value) for kind, value in subjects.items()])
        except (RedisError, OSError) as exc:
            log.warning("rate limit %s not reset, Redis unavailable: %s", self.scope, type(exc).__name__)
