"""Input is strict: a JSON true or "100" is not a number, and text with a NUL character (which
PostgreSQL cannot store) is refused with a 422 naming the field, before anything is written."""
from __future__ import annotations

import pytest

from tests.bookings.helpers import BOOKINGS, book, next_slot

NUL = "\u0000"


@pytest.mark.parametrize("path", [
    "/api/v1/parking-spots?city=San%00Francisco",
    "/api/v1/parking-spots?latitude=37.7&longitude=-122.4&spot_type=gar%00age",
    "/api/v1/parking-spots/in-bounds?min_lat=37&min_lon=-123&max_lat=38&max_lon=-122&limit=1%00",
])
async def test_a_nul_in_a_query_parameter_is_422_naming_it(api, path):
    response = await api.call("get", path)
    name = path.split("?")[1].split("%00")[0].rsplit("&", 1)[-1].split("=")[0]
    assert (response.status, response.json) == (422, {"detail": f"{name}: must not contain NUL characters",
                                                      "code": "validation"})


async def test_anonymous_forms_refuse_a_nul(api, conn, q):
    login = await api.call("post", "/api/v1/auth/login", json={"email": f"a{NUL}@example.com", "password": "x" * 10})
    register = await api.register("pat@example.com", full_name=f"Pat{NUL}")
    reset = await api.call("post", "/api/v1/auth/password-reset/request", json={"email": f"b{NUL}@example.com"})
    assert [(r.status, r.json["detail"]) for r in (login, register, reset)] == [
        (422, "email: must not contain NUL characters"), (422, "full_name: must not contain NUL characters"),
        (422, "email: must not contain NUL characters")]
    assert await q.count_users(conn) == 0


async def test_owner_and_renter_forms_refuse_a_nul_and_write_nothing(api, conn, q):
    owner, renter, admin = await api.new_user("owner"), await api.new_user(), await api.new_user("admin")
    created = await api.call("post", "/api/v1/parking-spots", owner.access,
                             json=api.spot_body(description=f"near{NUL}the water"))
    assert (created.status, created.json["detail"]) == (422, "description: must not contain NUL characters")
    spot = await api.new_spot(owner)
    hours = await api.call("patch", f"/api/v1/parking-spots/{spot['id']}", owner.access,
                           json={"operating_hours": {f"mon{NUL}": [["08:00", "18:00"]]}})
    blackout = await api.call("post", f"/api/v1/parking-spots/{spot['id']}/blackouts", owner.access,
                              json={"starts_at": "2031-01-01T00:00:00Z", "ends_at": "2031-01-02T00:00:00Z",
                                    "reason": f"away{NUL}"})
    booked = await book(api, renter, spot, next_slot(), vehicle_plate=f"7AB{NUL}")
    users = await api.call("get", "/api/v1/admin/users?email=a%00b", admin.access)
    assert [(r.status, r.json["detail"]) for r in (hours, blackout, booked, users)] == [
        (422, "operating_hours: must not contain NUL characters"), (422, "reason: must not contain NUL characters"),
        (422, "vehicle_plate: must not contain NUL characters"), (422, "email: must not contain NUL characters")]
    mine = await api.call("get", "/api/v1/parking-spots/mine", owner.access)
    assert mine.headers["x-total-count"] == "1" and mine.json[0]["operating_hours"] is None
    assert (await api.call("get", BOOKINGS, renter.access)).headers["x-total-count"] == "0"


@pytest.mark.parametrize("field, value", [("hourly_rate", True), ("hourly_rate", "100"), ("hourly_rate", 100.5),
                                          ("latitude", "37.7"), ("is_covered", 1), ("is_covered", "true")])
async def test_json_values_are_not_coerced(api, field, value):
    owner = await api.new_user("owner")
    response = await api.call("post", "/api/v1/parking-spots", owner.access, json=api.spot_body(**{field: value}))
    assert response.status == 422 and response.json["detail"].startswith(f"{field}: ")
    assert (await api.call("get", "/api/v1/parking-spots/mine", owner.access)).json == []


async def test_a_text_that_only_mentions_the_escape_is_fine(api):
    owner = await api.new_user("owner")
    spot = await api.new_spot(owner, description="backslash-u-0000 as text: \\u0000")
    assert spot["description"] == "backslash-u-0000 as text: \\u0000"
