"""A cache's doorkeeper (TinyLFU's, CDNs' "cache on second hit"): only keys asked before use the cache.

Most map tiles a pan asks for are asked once. For them the cache is pure cost: a Redis read that
misses, then a write (and its memory) that no later read repays; the two round trips cost the worker
more than PostgreSQL takes to build a street tile. A cache that uses this asks its doorkeeper first:
the first ask of a key in this worker goes straight to PostgreSQL (nothing read or stored); from the
second on, the key is read through the cache as usual (a miss builds and stores, then it hits).
Skipping the read is always correct (PostgreSQL is the truth); it costs a key that another worker has
cached one more build in this worker, once.

Per worker, in memory, the most recently asked CAPACITY keys (a dict kept in insertion order: the
oldest is forgotten first). Written by hand: it is a dict and three lines; an LRU library would add a
dependency for them.
"""
from __future__ import annotations

from collections.abc import Hashable

CAPACITY = 50_000


class Doorkeeper:
    def __init__(self, capacity: int = CAPACITY):
        self.capacity = capacity
        self._seen: dict[Hashable, None] = {}

    def seen_before(self, key: Hashable) -> bool:
        """Whether key was asked in this worker lately; it is remembered as the latest now."""
        seen = self._seen.pop(key, False) is None
        if not seen and len(self._seen) >= self.capacity:
            del self._seen[next(iter(self._seen))]
        self._seen[key] = None
        return seen
