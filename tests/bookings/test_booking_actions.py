"""Cancel (every refund policy case), extend, check in/out, the access code — and that a stranger
can do none of it (404)."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest

from tests.bookings.helpers import BOOKINGS, book, iso, next_slot

DAY = timedelta(days=1)


@pytest.fixture
async def market(api):
    owner, renter, other = await api.new_user("owner"), await api.new_user("renter"), await api.new_user("renter")
    spot = await api.new_spot(owner, hourly_rate=500, daily_rate=3000, access_instructions="Gate code 2468, bay 7")
    return owner, renter, other, spot


async def action(api, user, booking, name, **body):
    return await api.call("post", f"{BOOKINGS}/{booking['id']}/{name}", user.access, json=body)


@pytest.mark.parametrize("starts_in, by, paid, percent", [
    (3 * DAY, "renter", True, 100),
    (DAY + timedelta(minutes=30), "renter", True, 100),   # more than 24 h ahead
    (timedelta(hours=3), "renter", True, 50),
    (timedelta(hours=3), "owner", True, 100),
    (timedelta(hours=3), "admin", True, 100),
    (3 * DAY, "renter", False, 100),                        # unpaid: nothing to give back
], ids=["renter early", "renter just over 24h", "renter late", "owner late", "admin late", "unpaid"])
async def test_cancellation_refund_policy(api, market, conn, q, starts_in, by, paid, percent):
    owner, renter, _, spot = market
    booking = (await book(api, renter, spot, next_slot(starts_in))).json
    if paid:
        await q.mark_paid(conn, booking_id=booking["id"])
    who = {"renter": renter, "owner": owner, "admin": await api.new_user("admin")}[by]
    response = await action(api, who, booking, "cancel", reason="plans changed")
    assert response.status == 200, response.json
    expected = booking["total_amount"] * percent // 100 if paid else 0
    assert (response.json["status"], response.json["refund_percent"], response.json["refund_amount"]) == \
        ("cancelled", percent, expected)
    assert response.json["cancellation_reason"] == "plans changed"
    assert (await book(api, renter, spot, next_slot(starts_in))).status == 201  # the slot is free again


async def test_no_cancelling_once_started_or_twice(api, market):
    _, renter, _, spot = market
    started = (await book(api, renter, spot, next_slot())).json
    await action(api, renter, started, "check-in")
    response = await action(api, renter, started, "cancel")
    assert response.status == 409 and response.json == {"detail": "this booking is in progress: it cannot be cancelled", "code": "booking_cancel_state"}
    later = (await book(api, renter, spot, next_slot(2 * DAY))).json
    assert (await action(api, renter, later, "cancel")).status == 200
    assert (await action(api, renter, later, "cancel")).json == {"detail": "this booking is cancelled: it cannot be cancelled", "code": "booking_cancel_state"}


async def test_extend_reprices_and_says_what_is_due(api, market):
    _, renter, _, spot = market
    start = next_slot(2 * DAY)
    booking = (await book(api, renter, spot, start, hours=2)).json
    response = await action(api, renter, booking, "extend", end_time=iso(start + timedelta(hours=4)))
    assert response.status == 200
    assert (response.json["subtotal"], response.json["total_amount"], response.json["amount_due"]) == \
        (2000, 2250, 2250 - booking["total_amount"])
    assert response.json["end_time"] == iso(start + timedelta(hours=4))


async def test_extend_is_blocked_by_the_next_booking(api, market):
    _, renter, other, spot = market
    start = next_slot(2 * DAY)
    booking = (await book(api, renter, spot, start, hours=2)).json
    assert (await book(api, other, spot, start + timedelta(hours=3))).status == 201
    response = await action(api, renter, booking, "extend", end_time=iso(start + timedelta(hours=4)))
    assert response.status == 409 and response.json["detail"] == "the parking spot is already booked for part of that time"
    assert (await action(api, renter, booking, "extend", end_time=iso(start + timedelta(hours=3)))).status == 200


@pytest.mark.parametrize("hours, status", [(1, 422), (2, 422)])
async def test_extend_must_end_later(api, market, hours, status):
    _, renter, _, spot = market
    start = next_slot(2 * DAY)
    booking = (await book(api, renter, spot, start, hours=2)).json
    response = await action(api, renter, booking, "extend", end_time=iso(start + timedelta(hours=hours)))
    assert response.status == status and "end later" in response.json["detail"]


async def test_extending_a_cancelled_booking_is_409(api, market):
    _, renter, _, spot = market
    start = next_slot(2 * DAY)
    booking = (await book(api, renter, spot, start)).json
    await action(api, renter, booking, "cancel")
    assert (await action(api, renter, booking, "extend", end_time=iso(start + DAY))).status == 409


async def test_check_in_and_out(api, market):
    _, renter, other, spot = market
    start = next_slot()  # within 15 minutes: check-in is open
    booking = (await book(api, renter, spot, start, hours=3)).json
    checked_in = await action(api, renter, booking, "check-in")
    assert checked_in.status == 200
    assert checked_in.json["status"] == "in_progress" and checked_in.json["checked_in_at"] is not None
    assert (await action(api, renter, booking, "check-in")).json == {"detail": "already checked in", "code": "booking_check_in_state"}
    checked_out = await action(api, renter, booking, "check-out")
    assert checked_out.status == 200 and checked_out.json["status"] == "completed"
    assert (await action(api, renter, booking, "check-out")).status == 409
    # leaving early freed the rest of the slot
    assert (await book(api, other, spot, start + timedelta(hours=1), hours=1)).status == 201


async def test_check_in_window(api, market):
    _, renter, _, spot = market
    booking = (await book(api, renter, spot, next_slot(DAY))).json
    response = await action(api, renter, booking, "check-in")
    assert response.status == 409 and "15 minutes before" in response.json["detail"]
    assert (await action(api, renter, booking, "check-out")).status == 409


async def test_access_code_only_for_the_renter_of_a_confirmed_booking(api, market):
    owner, renter, other, spot = market
    booking = (await book(api, renter, spot, next_slot(DAY))).json
    path = f"{BOOKINGS}/{booking['id']}/access"
    response = await api.call("get", path, renter.access)
    assert response.status == 200
    assert re.fullmatch(r"\d{6}", response.json["access_code"])
    assert response.json["access_instructions"] == "Gate code 2468, bay 7"
    assert (await api.call("get", path, other.access)).status == 404
    assert (await api.call("get", path, owner.access)).status == 403
    await action(api, renter, booking, "cancel")
    assert (await api.call("get", path, renter.access)).status == 409


async def test_a_stranger_can_do_nothing_with_your_booking(api, market):
    _, renter, other, spot = market
    start = next_slot()
    booking = (await book(api, renter, spot, start, hours=3)).json
    path = f"{BOOKINGS}/{booking['id']}"
    attempts = [("get", path, None), ("patch", path, {"vehicle_plate": "MINE"}),
                ("post", f"{path}/cancel", {}), ("post", f"{path}/extend", {"end_time": iso(start + DAY)}),
                ("post", f"{path}/check-in", None), ("post", f"{path}/check-out", None), ("get", f"{path}/access", None)]
    for method, url, body in attempts:
        response = await api.call(method, url, other.access, **({"json": body} if body is not None else {}))
        assert (response.status, response.json) == (404, {"detail": "booking not found", "code": "not_found"}), url
    unchanged = (await api.call("get", path, renter.access)).json
    assert (unchanged["status"], unchanged["vehicle_plate"], unchanged["end_time"]) == ("confirmed", None, booking["end_time"])
