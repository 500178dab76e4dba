"""How many WebSocket connections a user has open, over all workers: a Redis sorted set per user of
connection ids scored by when their lease ends. Each worker renews the leases of its connections
at every token check (WS_AUTH_CHECK_SECONDS) and removes a connection when it closes, so a worker
that dies without cleaning up frees its slots when their leases run out. Without Redis (or while
it is down, or the cluster node holding the sets) each worker counts only its own connections: the
limit then holds per worker; a warning says so at most once every 10 s.

Keys and Redis Cluster slots: every user's set carries the tag `{ws}` (`ws:{ws}:connections:<user>`),
so a worker's renewal of all its connections stays one pipeline to one node. All the sets live on
that node: a few bytes per open connection, written at connect, close and every token check.
"""
from __future__ import annotations

import logging
import time

from api.core.redis import UNAVAILABLE, warn_unavailable

log = logging.getLogger("parkingspots.realtime")

# KEYS: the user's set. ARGV: now, lease end, limit, connection id, key ttl (s). 1 taken, 0 refused.
_TAKE = """
redis.call('zremrangebyscore', KEYS[1], '-inf', ARGV[1])
if not redis.call('zscore', KEYS[1], ARGV[4]) and redis.call('zcard', KEYS[1]) >= tonumber(ARGV[3]) then
  return 0
end
redis.call('zadd', KEYS[1], ARGV[2], ARGV[4])
redis.call('expire', KEYS[1], ARGV[5])
return 1
"""


class ConnectionLimit:
    def __init__(self, redis, limit: int, lease_seconds: int):
        self.redis, self.limit, self.lease = redis, limit, lease_seconds

    @staticmethod
    def _key(user_id: str) -> str:
        return f"ws:{{ws}}:connections:{user_id}"

    async def take(self, user_id: str, connection_id: str, open_here: int) -> bool:
        """Count this connection for the user, or False when the user has `limit` open already.
        `open_here`: the user's connections on this worker, what is counted without Redis."""
        if self.redis is not None:
            now = time.time()
            try:
                return bool(await self.redis.eval(_TAKE, 1, self._key(user_id), now, now + self.lease,
                                                  self.limit, connection_id, self.lease))
            except UNAVAILABLE as exc:
                warn_unavailable(log, "counting connections over all workers", exc)
        return open_here < self.limit

    async def renew(self, connections: list[tuple[str, str]]) -> None:
        """Extend the leases of (user id, connection id) pairs open on this worker."""
        if self.redis is None or not connections:
            return
        until = time.time() + self.lease
        try:
            async with self.redis.pipeline(transaction=False) as pipe:
                for user_id, connection_id in connections:
                    pipe.zadd(self._key(user_id), {connection_id: until})
                    pipe.expire(self._key(user_id), self.lease)
                await pipe.execute()
        except UNAVAILABLE as exc:
            warn_unavailable(log, "renewing WebSocket leases", exc)

    async def give_back(self, user_id: str, connection_id: str) -> None:
        if self.redis is None:
            return
        try:
            await self.redis.zrem(self._key(user_id), connection_id)
        except UNAVAILABLE as exc:
            warn_unavailable(log, "removing a WebSocket lease (it runs out)", exc)
