"""Availability switch, the busy calendar, and owner blackouts."""
from __future__ import annotations

import uuid
from datetime import datetime, timedelta, timezone

import pytest

SPOTS = "/api/v1/parking-spots"
START = datetime(2030, 6, 3, 9, tzinfo=timezone.utc)


def iso(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


async def blackout(api, owner, spot_id, start=START, hours=24, **extra):
    return await api.call("post", f"{SPOTS}/{spot_id}/blackouts", owner.access,
                          json={"starts_at": iso(start), "ends_at": iso(start + timedelta(hours=hours)), **extra})


async def test_owner_switches_availability(api):
    owner = await api.new_user("owner")
    spot = await api.new_spot(owner)
    response = await api.call("patch", f"{SPOTS}/{spot['id']}/availability", owner.access, json={"is_available": False})
    assert response.status == 200 and response.json == {"id": spot["id"], "is_active": True, "is_available": False}
    bad = await api.call("patch", f"{SPOTS}/{spot['id']}/availability", owner.access, json={"is_available": "soon"})
    assert bad.status == 422


async def test_calendar_lists_bookings_and_blackouts_in_order(api, conn, q):
    owner, renter = await api.new_user("owner"), await api.new_user("renter")
    spot = await api.new_spot(owner)
    await q.create_booking(conn, user_id=uuid.UUID(renter.id), spot_id=uuid.UUID(spot["id"]),
                           start_time=START + timedelta(hours=30), end_time=START + timedelta(hours=32),
                           status="confirmed")
    assert (await blackout(api, owner, spot["id"], reason="family visit")).status == 201
    response = await api.call("get", f"{SPOTS}/{spot['id']}/availability",
                              params={"from": iso(START - timedelta(days=1)), "to": iso(START + timedelta(days=3))})
    assert response.status == 200
    assert response.json["busy"] == [
        {"starts_at": iso(START), "ends_at": iso(START + timedelta(hours=24)), "kind": "blackout"},
        {"starts_at": iso(START + timedelta(hours=30)), "ends_at": iso(START + timedelta(hours=32)), "kind": "booking"},
    ]


@pytest.mark.parametrize("params", [{"from": "2030-01-02T00:00:00Z", "to": "2030-01-01T00:00:00Z"},
                                    {"from": "2030-01-01T00:00:00Z", "to": "2030-06-01T00:00:00Z"},
                                    {"from": "yesterday"}])
async def test_bad_calendar_window_is_422(api, params):
    owner = await api.new_user("owner")
    spot = await api.new_spot(owner)
    assert (await api.call("get", f"{SPOTS}/{spot['id']}/availability", params=params)).status == 422


async def test_calendar_of_unknown_spot_is_404(api):
    assert (await api.call("get", f"{SPOTS}/{uuid.uuid4()}/availability")).status == 404


async def test_blackout_over_an_active_booking_is_409(api, conn, q):
    owner, renter = await api.new_user("owner"), await api.new_user("renter")
    spot = await api.new_spot(owner)
    await q.create_booking(conn, user_id=uuid.UUID(renter.id), spot_id=uuid.UUID(spot["id"]),
                           start_time=START + timedelta(hours=2), end_time=START + timedelta(hours=4), status="confirmed")
    response = await blackout(api, owner, spot["id"])
    assert response.status == 409 and response.json == {"detail": "an active booking already holds part of that time", "code": "blackout_booking_overlap"}
    calendar = await api.call("get", f"{SPOTS}/{spot['id']}/availability", params={"from": iso(START)})
    assert [b["kind"] for b in calendar.json["busy"]] == ["booking"]


@pytest.mark.parametrize("body, field", [
    ({"starts_at": "2030-06-03T09:00:00Z", "ends_at": "2030-06-03T08:00:00Z"}, "ends_at must be after"),
    ({"starts_at": "2030-06-03T09:00:00", "ends_at": "2030-06-03T10:00:00"}, "starts_at"),
    ({"starts_at": "2030-06-03T09:00:00Z"}, "ends_at"),
])
async def test_bad_blackout_is_422(api, body, field):
    owner = await api.new_user("owner")
    spot = await api.new_spot(owner)
    response = await api.call("post", f"{SPOTS}/{spot['id']}/blackouts", owner.access, json=body)
    assert response.status == 422 and field in response.json["detail"]


async def test_only_the_owner_or_an_admin_manages_blackouts(api):
    owner, other, admin = await api.new_user("owner"), await api.new_user("owner"), await api.new_user("admin")
    spot = await api.new_spot(owner)
    assert (await blackout(api, other, spot["id"])).status == 403
    assert (await blackout(api, await api.new_user("renter"), spot["id"])).status == 403
    created = await blackout(api, owner, spot["id"])
    path = f"{SPOTS}/{spot['id']}/blackouts/{created.json['id']}"
    assert (await api.call("delete", path, other.access)).status == 403
    assert (await api.call("delete", path, admin.access)).status == 204
    assert (await api.call("delete", path, owner.access)).status == 404


async def test_a_blackout_belongs_to_its_spot(api):
    owner = await api.new_user("owner")
    first, second = await api.new_spot(owner), await api.new_spot(owner)
    created = await blackout(api, owner, first["id"])
    wrong = await api.call("delete", f"{SPOTS}/{second['id']}/blackouts/{created.json['id']}", owner.access)
    assert wrong.status == 404


async def test_the_owner_lists_the_blackouts_not_yet_ended_with_their_ids(api, conn, q):
    owner = await api.new_user("owner")
    spot = await api.new_spot(owner)
    later = (await blackout(api, owner, spot["id"], start=START + timedelta(days=2), reason="resurfacing")).json
    sooner = (await blackout(api, owner, spot["id"], start=START, hours=2)).json
    await q.create_blackout(conn, spot_id=uuid.UUID(spot["id"]), starts_at=START - timedelta(days=3650),
                            ends_at=START - timedelta(days=3649))  # long over: not listed
    response = await api.call("get", f"{SPOTS}/{spot['id']}/blackouts", owner.access)
    assert response.status == 200
    assert [b["id"] for b in response.json] == [sooner["id"], later["id"]]
    assert response.json[1] == later
    lifted = await api.call("delete", f"{SPOTS}/{spot['id']}/blackouts/{sooner['id']}", owner.access)
    assert lifted.status == 204
    assert [b["id"] for b in (await api.call("get", f"{SPOTS}/{spot['id']}/blackouts", owner.access)).json] == [later["id"]]


async def test_only_the_owner_or_an_admin_lists_blackouts(api):
    owner, other, admin = await api.new_user("owner"), await api.new_user("owner"), await api.new_user("admin")
    spot = await api.new_spot(owner)
    await blackout(api, owner, spot["id"])
    path = f"{SPOTS}/{spot['id']}/blackouts"
    assert (await api.call("get", path, other.access)).status == 403
    assert (await api.call("get", path, (await api.new_user("renter")).access)).status == 403
    assert (await api.call("get", path)).status == 401
    assert len((await api.call("get", path, admin.access)).json) == 1
    assert (await api.call("get", f"{SPOTS}/{uuid.uuid4()}/blackouts", owner.access)).status == 404
