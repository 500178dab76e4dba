"""Concurrent bookings through the real HTTP server (2 workers, real sockets): the exclusion
constraint lets exactly one request win a slot, and nothing ever overlaps."""
from __future__ import annotations

import asyncio
import random
import uuid
from datetime import timedelta

import httpx

from api.accounts import tokens
from api.core.settings import Settings
from tests.bookings.helpers import BOOKINGS, iso, next_slot
from tests.server import running_server

REQUESTS = 50


async def renter_tokens(conn, q, n: int, settings: Settings) -> list[str]:
    """n renters made in SQL, with access tokens minted as the server would (the server runs with
    these settings' secret): this test is about bookings, not about logging in 50 times."""
    return [tokens.encode(settings, row["id"], "access", 0, uuid.uuid4(), timedelta(minutes=30))
            async for row in q.create_renters(conn, n=n)]


async def post_booking(client, token, spot_id, start, hours):
    return await client.post(BOOKINGS, headers={"Authorization": f"Bearer {token}"},
                             json={"parking_spot_id": spot_id, "start_time": iso(start),
                                   "end_time": iso(start + timedelta(hours=hours))})


async def test_fifty_concurrent_requests_for_one_slot_one_wins(api, conn, q, database_url, redis_url, tmp_path,
                                                                settings):
    owner = await api.new_user("owner")
    spot = await api.new_spot(owner)
    renters = await renter_tokens(conn, q, REQUESTS, settings)
    start = next_slot(timedelta(days=2))
    with running_server(database_url, redis_url, tmp_path / "server.log", SECRET_KEY=settings.secret_key) as base:
        async with httpx.AsyncClient(base_url=base, timeout=30,
                                     limits=httpx.Limits(max_connections=REQUESTS)) as client:
            answers = await asyncio.gather(*[post_booking(client, token, spot["id"], start, 2) for token in renters])
    statuses = sorted(a.status_code for a in answers)
    assert statuses == [201] + [409] * (REQUESTS - 1), statuses
    assert all(a.json() == {"detail": "the parking spot is already booked for part of that time", "code": "bookings_no_overlap"}
               for a in answers if a.status_code == 409)
    assert await q.count_active_bookings(conn, spot_id=spot["id"]) == 1


async def test_many_renters_booking_random_slots_never_overlap(api, conn, q, database_url, redis_url, tmp_path,
                                                               settings):
    owner = await api.new_user("owner")
    spots = [(await api.new_spot(owner, title=f"spot {n}"))["id"] for n in range(3)]
    renters = await renter_tokens(conn, q, 40, settings)
    rng = random.Random(11)
    base_time = next_slot(timedelta(days=2))
    attempts = [(rng.choice(renters), rng.choice(spots), base_time + timedelta(minutes=15 * rng.randrange(0, 96)),
                 rng.choice([0.5, 1, 2, 3])) for _ in range(200)]
    with running_server(database_url, redis_url, tmp_path / "server.log", SECRET_KEY=settings.secret_key) as base:
        async with httpx.AsyncClient(base_url=base, timeout=60, limits=httpx.Limits(max_connections=40)) as client:
            answers = await asyncio.gather(*[post_booking(client, *attempt) for attempt in attempts])
    statuses = [a.status_code for a in answers]
    assert set(statuses) <= {201, 409}, sorted(set(statuses))
    assert statuses.count(201) > 10
    assert await q.count_overlapping_active_pairs(conn) == 0
