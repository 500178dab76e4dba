"""Delivery that survives a dropped connection: a client that reconnects with `last_event_id` gets
what it missed and may see, in order, once, then the live stream; events change meanwhile without a
gap or a repeat. The same holds when the worker's own LISTEN connection drops. Ids older than what
is kept, or unknown, get `resync`."""
from __future__ import annotations

import asyncio
from datetime import timedelta

import asyncpg

from tests.realtime.conftest import next_slot
from tests.realtime.wsclient import Ws, event_ids


async def visible_ids(conn, q, renter_id, spot_id) -> list[int]:
    """What the renter watching the spot may see, from the table: its bookings' events and the spot's public ones."""
    return [r["id"] async for r in q.recorded_events(conn)
            if (r["public"] and r["spot_id"] == spot_id) or renter_id in (r["user_id"], r["owner_id"])]


async def test_a_client_that_reconnects_gets_what_it_missed_once_in_order(serve, user, spot, conn, q, database_url):
    owner, renter, stranger = await user("owner"), await user("renter"), await user("renter")
    watched, elsewhere = await spot(owner), await spot(owner)
    start = next_slot()
    with serve() as server:
        first = await Ws.open(server.ws)
        await first.sign_in(renter.token)
        await first.start([watched])
        booking = await q.create_booking(conn, user_id=renter.id, spot_id=watched, start_time=start,
                                         end_time=start + timedelta(hours=1), status="pending")
        await q.set_spot_flags(conn, spot_id=watched, is_active=True, is_available=False)
        seen = event_ids(await first.events(2))
        await first.close()

        # Offline: the renter's booking moves, the watched spot changes; others' events happen too.
        await q.set_booking_status(conn, booking_id=booking["id"], status="confirmed")
        await q.set_spot_flags(conn, spot_id=watched, is_active=True, is_available=True)
        await q.set_spot_flags(conn, spot_id=elsewhere, is_active=True, is_available=False)
        await q.create_booking(conn, user_id=stranger.id, spot_id=watched, start_time=start + timedelta(hours=3),
                               end_time=start + timedelta(hours=4), status="confirmed")

        # Changes keep coming while the client reconnects: nothing may fall between replay and live.
        changes = asyncio.create_task(_flip_repeatedly(database_url, q, watched, times=30))
        second = await Ws.open(server.ws)
        await second.sign_in(renter.token)
        replayed, answer = await second.start([watched], last_event_id=seen[-1])
        assert [e["type"] for e in replayed[:2]] == ["booking_update", "spot_availability"]
        assert replayed[0]["status"] == "confirmed"
        assert answer["replayed"] == len(replayed) and answer["last_event_id"] >= event_ids(replayed)[-1]
        await changes
        expected = await visible_ids(conn, q, renter.id, watched)
        live = event_ids(await second.events(len(expected) - len(seen) - len(replayed)))
        assert seen + event_ids(replayed) + live == expected  # in order, nothing lost, nothing twice
        await second.silent()
        await second.close()


async def _flip_repeatedly(database_url, q, spot_id, times: int) -> None:
    conn = await asyncpg.connect(database_url)
    try:
        for n in range(times):
            await q.set_spot_flags(conn, spot_id=spot_id, is_active=True, is_available=n % 2 == 1)
            await asyncio.sleep(0.01)
    finally:
        await conn.close()


async def test_an_id_older_than_what_is_kept_or_unknown_gets_resync(serve, user, spot, conn, q):
    owner = await user("owner")
    watched = await spot(owner)
    for available in (False, True, False):
        await q.set_spot_flags(conn, spot_id=watched, is_active=True, is_available=available)
    rows = [r async for r in q.recorded_events(conn)]
    ids = [r["id"] for r in rows]
    assert await q.purge_events(conn, keep=timedelta(hours=24), now=rows[2]["created_at"] + timedelta(hours=24)) == 2
    with serve() as server:
        for last_event_id, resync in ((ids[1], False), (ids[0] - 1, True), (ids[0], True), (ids[2] + 100, True)):
            high = [r["id"] async for r in q.recorded_events(conn)][-1]
            ws = await Ws.open(server.ws)
            await ws.send(type="subscribe", spots=[str(watched)], last_event_id=last_event_id)
            if resync:
                assert await ws.expect("resync") == {"type": "resync", "last_event_id": high}
            else:
                assert event_ids(await ws.events(1)) == [ids[2]] == [high]
            assert (await ws.expect("subscribed"))["last_event_id"] == high
            await q.set_spot_flags(conn, spot_id=watched, is_active=True, is_available=True)
            assert (await ws.events(1))[0]["is_available"] is True  # the stream goes on
            await q.set_spot_flags(conn, spot_id=watched, is_active=True, is_available=False)
            await ws.events(1)
            await ws.close()


async def test_events_missed_while_a_workers_listener_was_down_are_delivered(serve, user, spot, conn, q):
    """PostgreSQL restarted or a network cut: each worker's LISTEN connection drops and notifications
    sent meanwhile are lost. Every connection catches up from the events table once LISTEN is back."""
    owner = await user("owner")
    watched = await spot(owner)
    with serve() as server:
        clients = []
        for _ in range(4):
            ws = await Ws.open(server.ws)
            await ws.start([watched])
            clients.append(ws)
        assert await q.terminate_listeners(conn) == 2  # one per worker
        for n in range(6):  # while they reconnect
            await q.set_spot_flags(conn, spot_id=watched, is_active=True, is_available=n % 2 == 1)
        expected = [r["id"] async for r in q.recorded_events(conn)]
        for ws in clients:
            assert event_ids(await ws.events(6, timeout=10)) == expected
            await ws.silent()
        assert "event listener connection lost" in server.log.read_text()
