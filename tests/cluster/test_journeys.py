"""The main journeys through HAProxy: register, log in, search, book, cancel, park, review. Calls
land on either API node (least connections), so each step also checks that the nodes agree: a token
minted by one is good on the other, and a write made through one is what the next read shows."""
from __future__ import annotations

from datetime import timedelta

import asyncpg
import httpx
import pytest

from tests.cluster.helpers import bearer, book, new_spot, new_user, next_slot, somewhere
from tests.realtime.wsclient import Ws

pytestmark = pytest.mark.cluster


async def test_both_api_nodes_serve_behind_haproxy(cluster):
    parts = cluster.status()
    assert parts["haproxy"]["up"] and parts["haproxy"]["nodes"] == {"api1": "UP", "api2": "UP"}
    assert all(parts[name]["up"] for name in ("api1", "api2", "primary", "replica", "redis1", "redis2", "redis3"))
    assert parts["replica"]["streaming"] and isinstance(parts["replica"]["lag_bytes"], int)
    assert {parts[f"redis{i}"]["cluster_state"] for i in (1, 2, 3)} == {"ok"}
    # pg_cron is loaded on both, but its launcher runs on the primary only: a standby runs no job
    assert (parts["primary"]["pg_cron"], parts["replica"]["pg_cron"]) == (True, False)
    # a replica stopped for long cannot fill the primary's disk through its slot
    conn = await asyncpg.connect(cluster.primary_url)
    try:
        assert await conn.fetchval("show max_slot_wal_keep_size") == "2GB"
    finally:
        await conn.close()


async def test_up_again_starts_nothing_twice(cluster):
    """make cluster on a running cluster: the same processes go on serving."""
    before = cluster.status()
    cluster.run("up")
    after = cluster.status()
    for name in ("api1", "api2", "haproxy"):
        assert after[name]["pid"] == before[name]["pid"] is not None, name
    assert after["replica"]["streaming"] and after["haproxy"]["nodes"] == {"api1": "UP", "api2": "UP"}


async def test_register_search_book_cancel_park_and_review(http):
    owner, renter = await new_user(http, "owner"), await new_user(http, "renter")
    latitude, longitude = somewhere()
    spot = await new_spot(http, owner, latitude, longitude)

    found = await http.get("/api/v1/parking-spots", params={"latitude": latitude, "longitude": longitude,
                                                            "radius_km": 1})
    assert found.status_code == 200, found.text
    assert [s["id"] for s in found.json()] == [spot["id"]] and found.json()[0]["distance_km"] < 0.01
    detail = await http.get(f"/api/v1/parking-spots/{spot['id']}")
    assert detail.status_code == 200 and detail.json()["title"] == spot["title"]

    # book two days ahead, then cancel (payments are off: nothing was paid, nothing is refunded)
    held = await book(http, renter, spot, next_slot(timedelta(days=2)))
    assert held.status_code == 201 and held.json()["status"] == "confirmed", held.text
    cancelled = await http.post(f"/api/v1/bookings/{held.json()['id']}/cancel", json={}, headers=bearer(renter))
    assert cancelled.status_code == 200, cancelled.text
    assert (cancelled.json()["status"], cancelled.json()["refund_amount"]) == ("cancelled", 0)
    again = await http.get(f"/api/v1/bookings/{held.json()['id']}", headers=bearer(renter))
    assert again.status_code == 200 and again.json()["status"] == "cancelled"

    # book from the next quarter hour, arrive, leave: completed, then reviewed
    stay = await book(http, renter, spot, next_slot())
    assert stay.status_code == 201, stay.text
    stay_id = stay.json()["id"]
    checked_in = await http.post(f"/api/v1/bookings/{stay_id}/check-in", headers=bearer(renter))
    assert checked_in.status_code == 200 and checked_in.json()["status"] == "in_progress", checked_in.text
    checked_out = await http.post(f"/api/v1/bookings/{stay_id}/check-out", headers=bearer(renter))
    assert checked_out.status_code == 200 and checked_out.json()["status"] == "completed", checked_out.text
    review = await http.post("/api/v1/reviews", json={"booking_id": stay_id, "overall_rating": 4,
                                                      "comment": "Easy to find."}, headers=bearer(renter))
    assert review.status_code == 201, review.text
    twice = await http.post("/api/v1/reviews", json={"booking_id": stay_id, "overall_rating": 1},
                            headers=bearer(renter))
    assert twice.status_code == 409 and twice.json()["code"] == "reviews_one_per_booking"

    rated = await http.get(f"/api/v1/parking-spots/{spot['id']}")
    assert rated.status_code == 200
    assert (rated.json()["average_rating"], rated.json()["total_reviews"]) == (4.0, 1)
    listing = await http.get(f"/api/v1/parking-spots/{spot['id']}/reviews")
    assert listing.status_code == 200 and [r["id"] for r in listing.json()] == [review.json()["id"]]


async def test_a_token_works_on_every_node(cluster, http):
    """Both nodes sign with the same SECRET_KEY: the same token is accepted on each node's own port."""
    user = await new_user(http)
    for part in ("api1", "api2"):
        port = cluster.status()[part]["port"]
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as direct:
            me = await direct.get("/api/v1/users/me", headers=bearer(user))
            assert me.status_code == 200 and me.json()["email"] == user.email, (part, me.text)


async def test_events_reach_a_websocket_through_haproxy_whichever_node_took_the_write(cluster, http):
    """The WebSocket passes through HAProxy (an upgraded tunnel) to one node; the bookings are made
    over HTTP, mostly on the other node (least connections: the socket keeps its node busy); the owner
    hears of each one."""
    owner, renter = await new_user(http, "owner"), await new_user(http, "renter")
    spot = await new_spot(http, owner, *somewhere())
    ws = await Ws.open(cluster.url.replace("http://", "ws://") + "/api/v1/ws")
    try:
        await ws.sign_in(owner.access)
        await ws.start([spot["id"]])
        made = []
        for day in (2, 3, 4):
            booked = await book(http, renter, spot, next_slot(timedelta(days=day)))
            assert booked.status_code == 201, booked.text
            made.append(booked.json()["id"])
        heard = set()
        while heard != set(made):
            event = await ws.recv(timeout=10)
            if event["type"] == "new_booking":
                heard.add(event["booking_id"])
    finally:
        await ws.conn.close()
