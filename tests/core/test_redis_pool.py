"""A burst of Redis calls larger than the pool waits for connections instead of failing: with
redis-py's default pool the calls past 100 raised MaxConnectionsError, and a burst of database
events skipped cache invalidations."""
from __future__ import annotations

import asyncio
import uuid

from api.core.redis import MAX_CONNECTIONS, connect


async def test_a_burst_larger_than_the_pool_loses_no_call(settings):
    client = connect(settings)
    key = f"test:burst:{uuid.uuid4().hex}"
    try:
        async def slow_increment():
            async with client.pipeline(transaction=True) as pipe:  # holds its connection a moment
                await pipe.incr(key).execute()
                await asyncio.sleep(0.01)

        await asyncio.gather(*(slow_increment() for _ in range(MAX_CONNECTIONS * 3)))
        assert int(await client.get(key)) == MAX_CONNECTIONS * 3
    finally:
        await client.delete(key)
        await client.aclose()
