"""POST /bookings and friends: quote, book, idempotency, holds, lists, reading and changing."""
from __future__ import annotations

import asyncio
import uuid
from datetime import datetime, timedelta, timezone

import pytest

from tests.bookings.helpers import BOOKINGS, book, iso, next_slot

DAY = timedelta(days=1)


@pytest.fixture
async def market(api):
    owner, renter, other = await api.new_user("owner"), await api.new_user("renter"), await api.new_user("renter")
    spot = await api.new_spot(owner, hourly_rate=500, daily_rate=3000)
    return owner, renter, other, spot


async def test_quote_is_the_seed_shape_with_tiers(api, market):
    _, _, _, spot = market
    start = next_slot(2 * DAY)
    response = await api.call("post", f"{BOOKINGS}/calculate-price", json={
        "parking_spot_id": spot["id"], "start_time": iso(start), "end_time": iso(start + timedelta(hours=26))})
    assert response.status == 200
    assert response.json == {"subtotal": 4000, "service_fee": 450, "total": 4450, "owner_payout": 4000,
                             "duration_hours": 26.0, "tiers": {"monthly": 0, "daily": 1, "hourly_hours": 2.0}}


async def test_quote_errors(api, market):
    start = next_slot(DAY)
    unknown = await api.call("post", f"{BOOKINGS}/calculate-price", json={
        "parking_spot_id": str(uuid.uuid4()), "start_time": iso(start), "end_time": iso(start + DAY)})
    assert unknown.status == 404
    backwards = await api.call("post", f"{BOOKINGS}/calculate-price", json={
        "parking_spot_id": market[3]["id"], "start_time": iso(start), "end_time": iso(start)})
    assert backwards.status == 422 and backwards.json == {"detail": "end_time must be after start_time", "code": "validation"}


async def test_booking_with_payments_off_is_confirmed_at_the_quoted_price(api, market):
    _, renter, _, spot = market
    start = next_slot(2 * DAY)
    response = await book(api, renter, spot, start, hours=8, vehicle_plate="ABC123", vehicle_make="Toyota")
    assert response.status == 201
    booking = response.json
    seed_fields = {"id", "user_id", "parking_spot_id", "start_time", "end_time", "status", "total_amount",
                   "service_fee", "payment_status", "created_at"}
    assert seed_fields <= set(booking) and "access_code" not in booking
    assert (booking["status"], booking["payment_status"], booking["hold_expires_at"]) == ("confirmed", "not_required", None)
    assert (booking["subtotal"], booking["service_fee"], booking["total_amount"]) == (3000, 350, 3350)
    assert (booking["user_id"], booking["start_time"], booking["vehicle_plate"]) == (renter.id, iso(start), "ABC123")


async def test_double_booking_is_409_saying_why(api, market):
    _, renter, other, spot = market
    start = next_slot(2 * DAY)
    assert (await book(api, renter, spot, start)).status == 201
    clash = await book(api, other, spot, start + timedelta(hours=1))
    assert clash.status == 409 and clash.json == {"detail": "the parking spot is already booked for part of that time", "code": "bookings_no_overlap"}
    assert (await book(api, other, spot, start + timedelta(hours=2))).status == 201  # touching is fine


async def test_blackout_is_409(api, market):
    owner, renter, _, spot = market
    start = next_slot(2 * DAY)
    await api.call("post", f"/api/v1/parking-spots/{spot['id']}/blackouts", owner.access,
                   json={"starts_at": iso(start), "ends_at": iso(start + DAY)})
    response = await book(api, renter, spot, start + timedelta(hours=3))
    assert response.status == 409 and "blocked" in response.json["detail"]


@pytest.mark.parametrize("start, hours, detail, code", [
    (lambda: next_slot() - DAY, 2, "start_time: must be in the future", "booking_starts_in_future"),
    (lambda: next_slot(2 * DAY), 0.25, "a booking lasts at least 30 minutes", "booking_min_duration"),
    (lambda: next_slot(2 * DAY), 181 * 24, "a booking lasts at most 180 days", "booking_max_duration"),
    (lambda: next_slot(2 * DAY) + timedelta(minutes=5), 2, "start_time and end_time must fall on a 15-minute boundary",
     "booking_time_grid"),
    (lambda: next_slot(2 * DAY), -1, "end_time must be after start_time", "validation"),
], ids=["past", "too short", "too long", "off the grid", "backwards"])
async def test_bad_windows_are_422(api, market, start, hours, detail, code):
    _, renter, _, spot = market
    response = await book(api, renter, spot, start(), hours=hours)
    assert response.status == 422 and response.json == {"detail": detail, "code": code}


async def test_outside_opening_hours_is_422(api, market):
    owner, renter, _, _ = market
    spot = await api.new_spot(owner, operating_hours={"mon": [["09:00", "10:00"]]})
    response = await book(api, renter, spot, next_slot(2 * DAY), hours=2)
    assert response.status == 422 and "operating hours" in response.json["detail"]


async def test_own_spot_unknown_spot_unavailable_spot_and_anonymous(api, market):
    owner, renter, _, spot = market
    start = next_slot(2 * DAY)
    own = await book(api, owner, spot, start)
    assert own.status == 403 and own.json == {"detail": "you cannot book your own parking spot", "code": "booking_own_spot"}
    assert (await book(api, renter, {"id": str(uuid.uuid4())}, start)).status == 404
    await api.call("patch", f"/api/v1/parking-spots/{spot['id']}/availability", owner.access, json={"is_available": False})
    assert (await book(api, renter, spot, start)).status == 409
    anonymous = await api.call("post", BOOKINGS, json={"parking_spot_id": spot["id"], "start_time": iso(start),
                                                       "end_time": iso(start + DAY)})
    assert anonymous.status == 401


async def test_idempotency_key_returns_the_first_answer(api, market, conn, q):
    _, renter, _, spot = market
    start = next_slot(2 * DAY)
    key = {"Idempotency-Key": str(uuid.uuid4())}
    first = await book(api, renter, spot, start, headers=key)
    again = await book(api, renter, spot, start, headers=key)
    assert (first.status, again.status) == (201, 201)
    assert again.json == first.json and again.headers["idempotent-replayed"] == "true"
    other = await book(api, renter, spot, start + DAY, headers=key)
    assert other.status == 422 and "Idempotency-Key" in other.json["detail"]
    assert await q.count_bookings(conn, spot_id=spot["id"]) == 1


async def test_concurrent_retries_with_one_key_make_one_booking(api, market, conn, q):
    _, renter, _, spot = market
    key = {"Idempotency-Key": "retry-storm"}
    start = next_slot(3 * DAY)
    answers = await asyncio.gather(*[book(api, renter, spot, start, headers=key) for _ in range(5)])
    assert {a.status for a in answers} == {201}
    assert len({a.json["id"] for a in answers}) == 1
    assert await q.count_bookings(conn, spot_id=spot["id"]) == 1


async def test_with_payments_on_a_booking_holds_the_slot_until_it_expires(api_with, conn, q, market):
    _, renter, other, spot = market
    paying = await api_with(stripe_secret_key="sk_test_unused")
    start = next_slot(2 * DAY)
    held = await book(paying, renter, spot, start)
    assert held.status == 201
    assert (held.json["status"], held.json["payment_status"]) == ("pending", "pending")
    assert held.json["hold_expires_at"] is not None
    assert (await book(paying, other, spot, start)).status == 409
    await q.expire_holds_at_hold_end(conn)
    assert (await paying.call("get", f"{BOOKINGS}/{held.json['id']}", renter.access)).json["status"] == "cancelled"
    assert (await book(paying, other, spot, start)).status == 201


async def test_lists_filters_and_pages(api, market):
    owner, renter, other, spot = market
    second_spot = await api.new_spot(owner, title="second")
    made = [(await book(api, renter, spot, next_slot((n + 1) * DAY))).json for n in range(3)]
    await book(api, other, second_spot, next_slot(DAY))
    await api.call("post", f"{BOOKINGS}/{made[0]['id']}/cancel", renter.access, json={})
    mine = await api.call("get", BOOKINGS, renter.access, params={"when": "upcoming", "page_size": 2})
    assert mine.headers["x-total-count"] == "3" and [b["id"] for b in mine.json] == [made[0]["id"], made[1]["id"]]
    cancelled = await api.call("get", BOOKINGS, renter.access, params={"status": "cancelled"})
    assert [b["id"] for b in cancelled.json] == [made[0]["id"]]
    assert (await api.call("get", BOOKINGS, renter.access, params={"when": "past"})).json == []
    on_mine = await api.call("get", f"{BOOKINGS}/owner", owner.access)
    assert on_mine.headers["x-total-count"] == "4"
    by_spot = await api.call("get", f"{BOOKINGS}/owner", owner.access, params={"spot_id": second_spot["id"]})
    assert [b["user_id"] for b in by_spot.json] == [other.id]
    assert (await api.call("get", f"{BOOKINGS}/owner", renter.access)).status == 403
    assert (await api.call("get", BOOKINGS, renter.access, params={"status": "lost"})).status == 422


async def test_who_sees_a_booking(api, market):
    owner, renter, other, spot = market
    booking = (await book(api, renter, spot, next_slot(DAY))).json
    admin = await api.new_user("admin")
    for user, status in [(renter, 200), (owner, 200), (admin, 200), (other, 404)]:
        response = await api.call("get", f"{BOOKINGS}/{booking['id']}", user.access)
        assert response.status == status
    assert (await api.call("get", f"{BOOKINGS}/{uuid.uuid4()}", renter.access)).status == 404


async def test_renter_changes_vehicle_details_before_the_start(api, market):
    owner, renter, other, spot = market
    booking = (await book(api, renter, spot, next_slot(DAY))).json
    path = f"{BOOKINGS}/{booking['id']}"
    changed = await api.call("patch", path, renter.access, json={"vehicle_plate": "XYZ 987", "special_requests": "EV"})
    assert changed.status == 200 and (changed.json["vehicle_plate"], changed.json["special_requests"]) == ("XYZ 987", "EV")
    assert (await api.call("patch", path, other.access, json={"vehicle_plate": "X"})).status == 404
    assert (await api.call("patch", path, owner.access, json={"vehicle_plate": "X"})).status == 403
    assert (await api.call("patch", path, renter.access, json={"vehicle_plate": "X" * 21})).status == 422
    assert (await api.call("patch", path, renter.access, json={"start_time": iso(next_slot())})).status == 422


async def test_details_are_frozen_once_started(api, market):
    _, renter, _, spot = market
    booking = (await book(api, renter, spot, next_slot())).json
    await api.call("post", f"{BOOKINGS}/{booking['id']}/check-in", renter.access)
    response = await api.call("patch", f"{BOOKINGS}/{booking['id']}", renter.access, json={"vehicle_color": "red"})
    assert response.status == 409


async def test_a_booking_starts_within_the_horizon(api, market, conn, q):
    await q.set_booking_horizon(conn, days=365)
    _, renter, _, spot = market
    far = await book(api, renter, spot, datetime(9999, 1, 4, 10, tzinfo=timezone.utc))
    assert (far.status, far.json) == (422, {"detail": "start_time: at most 365 days ahead", "code": "booking_beyond_horizon"})
    assert (await book(api, renter, spot, next_slot(300 * DAY))).status == 201
    owner_deactivates = await api.call("delete", f"/api/v1/parking-spots/{spot['id']}", market[0].access)
    assert owner_deactivates.status == 409  # the booking 300 days ahead holds the spot, as it should


@pytest.mark.parametrize("start, hours, status, code", [
    (lambda: next_slot() - DAY, 2, 422, "booking_starts_in_future"),
    (lambda: next_slot(2 * DAY) + timedelta(minutes=5), 2, 422, "booking_time_grid"),
    (lambda: next_slot(2 * DAY), 0.25, 422, "booking_min_duration"),
    (lambda: next_slot(2 * DAY), 200 * 24, 422, "booking_max_duration"),
    (lambda: next_slot(400 * DAY), 2, 422, "booking_beyond_horizon"),
], ids=["past", "off the grid", "15 minutes", "200 days", "beyond the horizon"])
async def test_the_quote_refuses_what_booking_refuses(api, market, conn, q, start, hours, status, code):
    await q.set_booking_horizon(conn, days=365)
    _, renter, _, spot = market
    begin = start()
    window = {"parking_spot_id": spot["id"], "start_time": iso(begin), "end_time": iso(begin + timedelta(hours=hours))}
    quoted = await api.call("post", f"{BOOKINGS}/calculate-price", json=window)
    booked = await book(api, renter, spot, begin, hours=hours)
    assert (quoted.status, quoted.json["code"]) == (booked.status, booked.json["code"]) == (status, code)


async def test_the_quote_refuses_a_taken_slot_and_ones_own_spot(api, market):
    owner, renter, other, spot = market
    start = next_slot(2 * DAY)
    assert (await book(api, renter, spot, start)).status == 201
    window = {"parking_spot_id": spot["id"], "start_time": iso(start), "end_time": iso(start + timedelta(hours=1))}
    taken = await api.call("post", f"{BOOKINGS}/calculate-price", json=window)
    assert (taken.status, taken.json["code"]) == (409, "bookings_no_overlap")
    later = {**window, "start_time": iso(start + DAY), "end_time": iso(start + DAY + timedelta(hours=1))}
    own = await api.call("post", f"{BOOKINGS}/calculate-price", owner.access, json=later)
    assert (own.status, own.json["code"]) == (403, "booking_own_spot")
    assert (await api.call("post", f"{BOOKINGS}/calculate-price", other.access, json=later)).status == 200
    assert (await api.call("post", f"{BOOKINGS}/calculate-price", json=later)).status == 200  # anonymous
    bad_token = await api.call("post", f"{BOOKINGS}/calculate-price", "not-a-token", json=later)
    assert bad_token.status == 401
