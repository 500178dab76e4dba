"""Who receives what: public spot events go to the connections watching the spot (anyone, signed in
or not); booking events go to the booking's renter and the spot's owner and to nobody else, live and
when resuming. Admins are treated as any user: they get their own bookings and spots, not everyone's
(docs/realtime.md)."""
from __future__ import annotations

from datetime import timedelta

from tests.realtime.conftest import next_slot
from tests.realtime.wsclient import Ws, event_ids


async def test_booking_events_reach_only_the_renter_and_the_owner(serve, user, spot, conn, q):
    people = {role: await user(role.rstrip("2")) for role in ("renter", "renter2", "owner", "owner2", "admin")}
    spot_a, spot_b = await spot(people["owner"]), await spot(people["owner2"])
    start = next_slot()
    with serve() as server:
        clients = {}
        for name in (*people, "anonymous", "anonymous_elsewhere"):
            ws = await Ws.open(server.ws)
            if name in people:
                await ws.sign_in(people[name].token)
            await ws.start([] if name == "anonymous_elsewhere" else [spot_a])
            clients[name] = ws

        async def booking(who: str, spot_id, hours_later: int):
            return (await q.create_booking(conn, user_id=people[who].id, spot_id=spot_id,
                                           start_time=start + timedelta(hours=hours_later),
                                           end_time=start + timedelta(hours=hours_later + 1), status="pending"))["id"]
        mine = await booking("renter", spot_a, 0)                # new_booking: renter, owner
        theirs = await booking("renter2", spot_b, 0)             # new_booking: renter2, owner2
        await q.set_booking_status(conn, booking_id=mine, status="cancelled")    # renter, owner
        await q.set_booking_status(conn, booking_id=theirs, status="confirmed")  # renter2, owner2
        admins = await booking("admin", spot_a, 2)               # new_booking: admin, owner
        await q.set_spot_flags(conn, spot_id=spot_a, is_active=True, is_available=False)  # all watching spot A
        await q.set_spot_flags(conn, spot_id=spot_b, is_active=True, is_available=False)  # nobody watches B

        ids = [r["id"] async for r in q.recorded_events(conn)]
        assert len(ids) == 7
        new_mine, new_theirs, cancel_mine, confirm_theirs, new_admins, spot_a_off, _spot_b_off = ids
        expected = {
            "renter": [new_mine, cancel_mine, spot_a_off],
            "owner": [new_mine, cancel_mine, new_admins, spot_a_off],
            "renter2": [new_theirs, confirm_theirs, spot_a_off],
            "owner2": [new_theirs, confirm_theirs, spot_a_off],   # owns B, but watches A only
            "admin": [new_admins, spot_a_off],
            "anonymous": [spot_a_off],
            "anonymous_elsewhere": [],
        }
        for name, ws in clients.items():
            assert event_ids(await ws.events(len(expected[name]))) == expected[name], name
            await ws.silent(0.3)
            await ws.close()

        # The same rule when resuming from the table: each gets exactly what it got live.
        for name, want in expected.items():
            ws = await Ws.open(server.ws)
            if name in people:
                await ws.sign_in(people[name].token)
            replayed, answer = await ws.start([] if name == "anonymous_elsewhere" else [spot_a],
                                              last_event_id=ids[0] - 1)
            assert (event_ids(replayed), answer["replayed"], answer["last_event_id"]) == (want, len(want), ids[-1]), name
            assert {e["booking_id"] for e in replayed if "booking_id" in e} <= {
                str(b) for b in (mine, theirs, admins)}
            await ws.close()
        assert mine and theirs and admins


async def test_anonymous_clients_see_public_events_of_the_spots_they_watch_only(serve, user, spot, conn, q,
                                                                              past_booking):
    owner, renter = await user("owner"), await user("renter")
    watched, other = await spot(owner), await spot(owner)
    stay = await past_booking(renter, watched)
    with serve() as server:
        anonymous = await Ws.open(server.ws)
        await anonymous.start([watched])
        await q.set_spot_flags(conn, spot_id=other, is_active=True, is_available=False)
        start = next_slot()
        await q.create_booking(conn, user_id=renter.id, spot_id=watched, start_time=start,
                               end_time=start + timedelta(hours=1), status="confirmed")
        await q.create_review(conn, booking_id=stay["id"], spot_id=watched, reviewer_id=renter.id, rating=3)
        await q.set_spot_flags(conn, spot_id=watched, is_active=True, is_available=False)
        events = await anonymous.events(2)
        assert [(e["type"], e["spot_id"]) for e in events] == [("new_review", str(watched)),
                                                              ("spot_availability", str(watched))]
        assert events[1]["is_available"] is False
        await anonymous.silent()

        await anonymous.send(type="unsubscribe", spots=[str(watched)])
        assert (await anonymous.expect("subscribed"))["spots"] == []
        await q.set_spot_flags(conn, spot_id=watched, is_active=True, is_available=True)
        await anonymous.silent()
