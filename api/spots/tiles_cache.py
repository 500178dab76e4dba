"""The map tiles' Redis cache: each tile's bytes, stamped with the tile generation and the tile's
own version, read with one MGET (generation, version, entry).

A change of spots reaches every worker as a `spot_tiles` notification (trigger
parking_spots_tiles_notify, db/rules/22_spots_tiles.sql) naming the zoom-22 tiles of the spots whose
look changed (before and after a move): each worker bumps the version of that tile at every zoom,
0 to 22 (23 keys per point, the tile at zoom z being the zoom-22 one shifted right by 22 - z bits),
so exactly the tiles that showed or will show the spot are missed next time and nothing else. A
statement changing more than 64 tiles' worth of spots (a bulk load), or a listener that lost its
connection (notifications missed), bumps the generation: every tile. Redis down: tiles are built
each time and nothing is stored. TTLs only bound memory. An invalidation Redis missed is kept and
made again (at most once a second) before this worker reads the cache again, and until then tiles
are built: Redis that was unreachable comes back with its entries (api/core/cache.py, PendingBumps). Past
MAX_UNBUMPED keys the generation is bumped instead: every tile.

The first ask of a tile in a worker skips the cache (api/core/admission.py's doorkeeper): most street
tiles of a pan are asked once, and reading and storing them cost the worker more than PostgreSQL
takes to build them (scripts/bench_tiles.py, whose uncached run asks each tile once).

Keys and Redis Cluster slots: the generation is kept once per bucket of tiles, BUCKETS copies
(`tiles:gen:{tiles:<b>}`), and a tile's version and entry carry its bucket's tag
(`tiles:v:{tiles:<b>}:z/x/y`, `tiles:t:{tiles:<b>}:z/x/y`, b a hash of z/x/y), so a tile's read stays
one MGET in one slot, on one Redis as in a cluster: nothing more on the hit path. The cost moves to
"every tile" (a bulk load, a listener reconnect), which bumps the 256 copies in one pipeline (split
by node, sent at once) instead of one key; that is rare. The tiles spread over the
cluster by bucket (256 tags on 256 slots: each of three nodes holds about a third). The alternative,
one generation key read beside the tile's MGET (redis-py's mget_nonatomic: a pipeline split by slot),
measured 150 us per read against 78 us for the one MGET (sequential reads, this machine) and made
the generation a key every tile read hits on one node.
"""
from __future__ import annotations

import logging

from api.core.admission import Doorkeeper
from api.core.cache import PendingBumps
from api.core.prometheus import CACHE_REQUESTS
from api.core.redis import UNAVAILABLE, warn_unavailable

log = logging.getLogger("parkingspots.tiles")

BUCKETS = 256  # a power of two
GENERATIONS = tuple(f"tiles:gen:{{tiles:{bucket}}}" for bucket in range(BUCKETS))
TTL_SECONDS = 600
# A tile's version key lives this long past its last bump or entry: longer than any entry stamped with
# it, so a version never starts again from 0 while such an entry exists. Untouched tiles keep no key.
VERSION_TTL_SECONDS = 2 * TTL_SECONDS
MAX_ZOOM = 22
_GENERATION_KEYS = frozenset(GENERATIONS)


def _every_tile(pending: set[str], keys: set[str]) -> None:
    pending.clear()
    pending.update(GENERATIONS)


# Invalidations Redis missed (this worker's): made before the next read. A version key is bumped with
# its TTL renewed; past MAX_UNBUMPED keys, every tile's generation instead.
_unbumped = PendingBumps(log, "tile cache invalidation", overflow=_every_tile,
                         ttl=lambda key: None if key in _GENERATION_KEYS else VERSION_TTL_SECONDS)


def keys_of(z: int, x: int, y: int) -> tuple[str, str, str]:
    """The tile's (generation, version, entry) keys: one slot, its bucket's."""
    bucket = ((x * 73856093) ^ (y * 19349663) ^ (z * 83492791)) & (BUCKETS - 1)
    return GENERATIONS[bucket], f"tiles:v:{{tiles:{bucket}}}:{z}/{x}/{y}", f"tiles:t:{{tiles:{bucket}}}:{z}/{x}/{y}"


def version_key(z: int, x: int, y: int) -> str:
    return keys_of(z, x, y)[1]


def entry_key(z: int, x: int, y: int) -> str:
    return keys_of(z, x, y)[2]


def tiles_of(x22: int, y22: int) -> list[tuple[int, int, int]]:
    """The tile at every zoom that holds the zoom-22 tile (x22, y22)."""
    return [(z, x22 >> (MAX_ZOOM - z), y22 >> (MAX_ZOOM - z)) for z in range(MAX_ZOOM + 1)]


async def get(redis, doorkeeper: Doorkeeper, z: int, x: int, y: int) -> tuple[bytes | None, bytes | None]:
    """(tile, stamp): tile None on a miss; stamp None when the tile is not to be stored (Redis is
    unavailable, or this is the tile's first ask in this worker: the cache was not read)."""
    if (redis is None or not doorkeeper.seen_before((z << 44) | (x << 22) | y)
            or not await _unbumped.caught_up(redis)):
        CACHE_REQUESTS.add("tiles", "miss")
        return None, None
    try:
        generation, version, entry = await redis.mget(*keys_of(z, x, y))
    except UNAVAILABLE as exc:
        warn_unavailable(log, "tile cache read", exc)
        CACHE_REQUESTS.add("tiles", "miss")
        return None, None
    stamp = (generation or b"0") + b"." + (version or b"0") + b"|"
    if entry is not None and entry.startswith(stamp):
        CACHE_REQUESTS.add("tiles", "hit")
        return entry[len(stamp):], stamp
    CACHE_REQUESTS.add("tiles", "miss")
    return None, stamp


async def put(redis, stamp: bytes | None, z: int, x: int, y: int, tile: bytes) -> None:
    """Store a tile under the stamp read before building it (a change since makes it stale)."""
    if redis is None or stamp is None:
        return
    try:
        _, version, entry = keys_of(z, x, y)
        if stamp.endswith(b".0|"):  # the tile has no version key: one plain SET
            await redis.set(entry, stamp + tile, ex=TTL_SECONDS)
            return
        async with redis.pipeline(transaction=False) as pipe:
            pipe.set(entry, stamp + tile, ex=TTL_SECONDS)
            pipe.expire(version, VERSION_TTL_SECONDS)  # outlives every entry stamped with it
            await pipe.execute()
    except UNAVAILABLE as exc:
        warn_unavailable(log, "tile cache write", exc)


async def invalidate(redis, event: dict) -> None:
    """A spot_tiles notification: bump the named tiles at every zoom, or the generation (every copy)."""
    if redis is None:
        return
    if event.get("all") or event.get("z") != MAX_ZOOM:
        await _unbumped.incr(redis, GENERATIONS)
    else:
        await _unbumped.incr(redis, {version_key(*tile) for x22, y22 in event.get("tiles") or ()
                                     for tile in tiles_of(x22, y22)})


async def invalidate_all(redis) -> None:
    await invalidate(redis, {"all": True})
