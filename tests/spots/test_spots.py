"""Listings: who may create and change them, validation, the owner's view, deactivation."""
from __future__ import annotations

import uuid
from datetime import datetime, timedelta, timezone

import pytest

SPOTS = "/api/v1/parking-spots"


async def test_owner_creates_a_spot_and_the_time_zone_is_derived(api):
    owner = await api.new_user("owner")
    spot = await api.new_spot(owner, operating_hours={"mon": [["08:00", "18:00"]], "fri": [["22:00", "02:00"]]},
                              images=["https://images.example.com/a.jpg"], access_instructions="Code 1234")
    assert spot["owner_id"] == owner.id and spot["timezone"] == "America/Los_Angeles"
    assert (spot["is_active"], spot["is_available"], spot["total_bookings"], spot["average_rating"]) == (True, True, 0, 0)
    assert spot["operating_hours"] == {"mon": [["08:00", "18:00"]], "fri": [["22:00", "02:00"]]}
    assert spot["access_instructions"] == "Code 1234"
    tokyo = await api.new_spot(owner, latitude=35.6812, longitude=139.7671, city="Tokyo")
    assert tokyo["timezone"] == "Asia/Tokyo"


async def test_renter_cannot_create_a_spot(api):
    renter = await api.new_user("renter")
    response = await api.call("post", SPOTS, renter.access, json=api.spot_body())
    assert response.status == 403
    assert (await api.search(city="San Francisco")).json == []


async def test_anonymous_cannot_create_a_spot(api):
    assert (await api.call("post", SPOTS, json=api.spot_body())).status == 401


@pytest.mark.parametrize("change, field", [
    ({"latitude": 91}, "latitude"), ({"longitude": -180.5}, "longitude"), ({"latitude": "north"}, "latitude"),
    ({"spot_type": "rooftop"}, "spot_type"), ({"vehicle_size": "bus"}, "vehicle_size"),
    ({"hourly_rate": 0}, "hourly_rate"), ({"hourly_rate": 4.5}, "hourly_rate"), ({"daily_rate": -1}, "daily_rate"),
    ({"timezone": "Mars/Olympus_Mons"}, "timezone"), ({"images": ["http://insecure.example.com/a.jpg"]}, "images.0"),
    ({"images": [f"https://x.example.com/{n}.jpg" for n in range(11)]}, "images"),
    ({"operating_hours": {"monday": [["08:00", "18:00"]]}}, "operating_hours.monday"),
    ({"operating_hours": {"mon": [["8:00", "18:00"]]}}, "operating_hours.mon.0.0"),
    ({"operating_hours": {"mon": [["08:00", "08:00"]]}}, "operating_hours"),
    ({"title": " "}, "title"), ({"owner_id": str(uuid.uuid4())}, "owner_id"),
])
async def test_invalid_listing_is_422_naming_the_field_and_writes_nothing(api, change, field):
    owner = await api.new_user("owner")
    response = await api.call("post", SPOTS, owner.access, json=api.spot_body(**change))
    assert response.status == 422, response.json
    assert response.json["detail"].startswith(f"{field}:"), response.json
    assert (await api.call("get", f"{SPOTS}/mine", owner.access)).json == []


async def test_missing_required_field_is_422(api):
    owner = await api.new_user("owner")
    body = api.spot_body()
    del body["hourly_rate"]
    response = await api.call("post", SPOTS, owner.access, json=body)
    assert response.status == 422 and response.json["detail"] == "hourly_rate: Field required"


async def test_detail_is_public_and_hides_access_instructions(api):
    owner = await api.new_user("owner")
    spot = await api.new_spot(owner, access_instructions="Gate code 4321")
    response = await api.call("get", f"{SPOTS}/{spot['id']}")
    assert response.status == 200 and response.json["title"] == spot["title"]
    assert "access_instructions" not in response.json
    assert (await api.call("get", f"{SPOTS}/{uuid.uuid4()}")).status == 404
    assert (await api.call("get", f"{SPOTS}/not-a-uuid")).status == 404


async def test_owner_patches_any_subset(api):
    owner = await api.new_user("owner")
    spot = await api.new_spot(owner, description="old")
    response = await api.call("patch", f"{SPOTS}/{spot['id']}", owner.access,
                              json={"hourly_rate": 650, "description": None, "has_ev_charging": True})
    assert response.status == 200
    assert (response.json["hourly_rate"], response.json["description"], response.json["has_ev_charging"]) == (650, None, True)
    assert response.json["title"] == spot["title"]


@pytest.mark.parametrize("body, field", [({"hourly_rate": None}, ""), ({"latitude": 100}, "latitude"),
                                         ({"is_active": False}, "is_active")])
async def test_bad_patch_is_422(api, body, field):
    owner = await api.new_user("owner")
    spot = await api.new_spot(owner)
    response = await api.call("patch", f"{SPOTS}/{spot['id']}", owner.access, json=body)
    assert response.status == 422 and field in response.json["detail"]


async def test_another_owner_cannot_change_my_spot_but_an_admin_can(api):
    owner, other, admin = await api.new_user("owner"), await api.new_user("owner"), await api.new_user("admin")
    spot = await api.new_spot(owner)
    path = f"{SPOTS}/{spot['id']}"
    for method, extra in [("patch", {"json": {"hourly_rate": 1}}), ("delete", {}),
                          ("patch", {"json": {"is_available": False}, "suffix": "/availability"})]:
        suffix = extra.pop("suffix", "")
        response = await api.call(method, path + suffix, other.access, **extra)
        assert response.status == 403 and response.json == {"detail": "this is not your parking spot", "code": "not_spot_owner"}
    assert (await api.call("get", path)).json["hourly_rate"] == 500
    assert (await api.call("patch", path, admin.access, json={"hourly_rate": 900})).json["hourly_rate"] == 900
    assert (await api.call("patch", f"{SPOTS}/{uuid.uuid4()}", owner.access, json={"hourly_rate": 1})).status == 404


async def test_mine_lists_my_spots_including_inactive_ones(api):
    owner, other = await api.new_user("owner"), await api.new_user("owner")
    first = await api.new_spot(owner, title="First")
    await api.new_spot(owner, title="Second")
    await api.new_spot(other, title="Not mine")
    assert (await api.call("delete", f"{SPOTS}/{first['id']}", owner.access)).status == 204
    response = await api.call("get", f"{SPOTS}/mine", owner.access)
    assert response.headers["x-total-count"] == "2"
    assert {(s["title"], s["is_active"]) for s in response.json} == {("First", False), ("Second", True)}
    assert (await api.call("get", f"{SPOTS}/mine", (await api.new_user("renter")).access)).status == 403


async def test_deactivation_is_refused_while_renters_hold_future_bookings(api, conn, q):
    owner, renter = await api.new_user("owner"), await api.new_user("renter")
    spot = await api.new_spot(owner)
    start = datetime.now(timezone.utc).replace(minute=0, second=0, microsecond=0) + timedelta(days=2)
    booking = await q.create_booking(conn, user_id=uuid.UUID(renter.id), spot_id=uuid.UUID(spot["id"]),
                                     start_time=start, end_time=start + timedelta(hours=2), status="confirmed")
    response = await api.call("delete", f"{SPOTS}/{spot['id']}", owner.access)
    assert response.status == 409 and "upcoming bookings" in response.json["detail"]
    assert (await api.call("get", f"{SPOTS}/{spot['id']}")).json["is_active"] is True
    await q.set_booking_status(conn, booking_id=booking["id"], status="cancelled")
    assert (await api.call("delete", f"{SPOTS}/{spot['id']}", owner.access)).status == 204
    assert (await api.call("get", f"{SPOTS}/{spot['id']}")).json["is_active"] is False
