"""Each of the four events reaches the WebSocket clients that may see it, whoever made the change:
the API (through the real server), SQL run directly (a DBA), the pg_cron job procedures; and on
every worker."""
from __future__ import annotations

from datetime import timedelta

import httpx

from tests.realtime.conftest import iso, next_slot
from tests.realtime.wsclient import Ws, workers_of


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


async def watchers(server, owner, renter, spot_id) -> tuple[Ws, Ws, Ws]:
    """The spot's owner and a renter, signed in, and an anonymous client, all watching the spot."""
    clients = []
    for person in (owner, renter, None):
        ws = await Ws.open(server.ws)
        if person is not None:
            await ws.sign_in(person.token)
        await ws.start([spot_id])
        clients.append(ws)
    return tuple(clients)


def shape(event: dict) -> dict:
    assert isinstance(event["id"], int) and event["at"].endswith("Z")
    return {k: v for k, v in event.items() if k not in ("id", "at")}


async def test_each_event_made_through_the_api(serve, user, spot, past_booking):
    owner, renter = await user("owner"), await user("renter")
    spot_id = await spot(owner)
    stay = await past_booking(renter, spot_id)
    with serve() as server:
        o, r, anonymous = await watchers(server, owner, renter, spot_id)
        async with httpx.AsyncClient(base_url=server.base, timeout=10) as http:
            for available in (False, True):
                answer = await http.patch(f"/api/v1/parking-spots/{spot_id}/availability",
                                          headers=bearer(owner.token), json={"is_available": available})
                assert answer.status_code == 200, answer.text
            start = next_slot()
            booked = await http.post("/api/v1/bookings", headers=bearer(renter.token), json={
                "parking_spot_id": str(spot_id), "start_time": iso(start), "end_time": iso(start + timedelta(hours=2))})
            assert booked.status_code == 201, booked.text
            booking_id = booked.json()["id"]
            cancelled = await http.post(f"/api/v1/bookings/{booking_id}/cancel", headers=bearer(renter.token), json={})
            assert cancelled.status_code == 200, cancelled.text
            reviewed = await http.post("/api/v1/reviews", headers=bearer(renter.token),
                                       json={"booking_id": str(stay["id"]), "overall_rating": 4})
            assert reviewed.status_code == 201, reviewed.text
        s = str(spot_id)
        availability = [{"type": "spot_availability", "spot_id": s, "is_available": False},
                        {"type": "spot_availability", "spot_id": s, "is_available": True}]
        bookings = [{"type": "new_booking", "booking_id": booking_id, "spot_id": s},
                    {"type": "booking_update", "booking_id": booking_id, "spot_id": s, "status": "cancelled"}]
        review = [{"type": "new_review", "review_id": reviewed.json()["id"], "spot_id": s, "rating": 4}]
        for ws in (o, r):
            assert [shape(e) for e in await ws.events(5)] == availability + bookings + review
        assert [shape(e) for e in await anonymous.events(3)] == availability + review
        for ws in (o, r, anonymous):
            await ws.silent()


async def test_each_event_made_in_sql(serve, user, spot, past_booking, conn, q):
    owner, renter = await user("owner"), await user("renter")
    spot_id = await spot(owner)
    stay = await past_booking(renter, spot_id)
    with serve() as server:
        o, r, anonymous = await watchers(server, owner, renter, spot_id)
        await q.set_spot_flags(conn, spot_id=spot_id, is_active=True, is_available=False)
        await q.set_spot_flags(conn, spot_id=spot_id, is_active=True, is_available=True)
        start = next_slot()
        booking = await q.create_booking(conn, user_id=renter.id, spot_id=spot_id, start_time=start,
                                         end_time=start + timedelta(hours=2), status="pending")
        await q.set_booking_status(conn, booking_id=booking["id"], status="confirmed")
        review = await q.create_review(conn, booking_id=stay["id"], spot_id=spot_id, reviewer_id=renter.id, rating=5)
        s, b = str(spot_id), str(booking["id"])
        availability = [{"type": "spot_availability", "spot_id": s, "is_available": False},
                        {"type": "spot_availability", "spot_id": s, "is_available": True}]
        bookings = [{"type": "new_booking", "booking_id": b, "spot_id": s},
                    {"type": "booking_update", "booking_id": b, "spot_id": s, "status": "confirmed"}]
        reviewed = [{"type": "new_review", "review_id": str(review["id"]), "spot_id": s, "rating": 5}]
        for ws in (o, r):
            assert [shape(e) for e in await ws.events(5)] == availability + bookings + reviewed
        assert [shape(e) for e in await anonymous.events(3)] == availability + reviewed
        for ws in (o, r, anonymous):
            await ws.silent()


async def test_the_pg_cron_procedures_send_booking_updates(serve, user, spot, conn, q):
    """auto_start_bookings, auto_checkout_bookings and expire_unpaid_holds, called as their jobs call
    them (with the clock as a parameter): each move reaches the renter and the owner, nobody else."""
    owner, renter = await user("owner"), await user("renter")
    spot_id = await spot(owner)
    start = next_slot()
    stay = await q.create_booking(conn, user_id=renter.id, spot_id=spot_id, start_time=start,
                                  end_time=start + timedelta(hours=2), status="confirmed")
    hold = await q.create_booking(conn, user_id=renter.id, spot_id=spot_id, start_time=start + timedelta(hours=4),
                                  end_time=start + timedelta(hours=6), status="pending")
    with serve() as server:
        o, r, anonymous = await watchers(server, owner, renter, spot_id)
        assert await q.auto_start(conn, now=start) == 1
        assert await q.auto_checkout(conn, now=start + timedelta(hours=2)) == 1
        assert await q.expire_holds(conn, now=hold["hold_expires_at"]) == 1
        expected = [{"type": "booking_update", "booking_id": str(stay["id"]), "spot_id": str(spot_id),
                     "status": status} for status in ("in_progress", "completed")]
        expected.append({"type": "booking_update", "booking_id": str(hold["id"]), "spot_id": str(spot_id),
                         "status": "cancelled"})
        for ws in (o, r):
            assert [shape(e) for e in await ws.events(3)] == expected
            await ws.silent()
        await anonymous.silent()


async def test_events_reach_clients_on_every_worker(serve, user, spot, conn, q):
    owner = await user("owner")
    spot_id = await spot(owner)
    with serve() as server:
        clients = []
        while len(clients) < 8 or len(workers_of(clients, server.port)) < 2:
            assert len(clients) < 60, "every connection went to one worker"
            ws = await Ws.open(server.ws)
            await ws.start([spot_id])
            clients.append(ws)
        await q.set_spot_flags(conn, spot_id=spot_id, is_active=True, is_available=False)
        received = [await ws.events(1) for ws in clients]
        assert {(e[0]["id"], e[0]["is_available"]) for e in received} == {(received[0][0]["id"], False)}
