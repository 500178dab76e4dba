"""Deactivating with a reason, reactivating, admins' moderation (only an admin undoes it) and the
admins' list of spots: who may do each, what is recorded, bad input writing nothing."""
from __future__ import annotations

import uuid
from datetime import datetime, timedelta, timezone

import asyncpg
import pytest

from tests.api_client import FERRY_BUILDING

SPOTS = "/api/v1/parking-spots"
ADMIN_SPOTS = "/api/v1/admin/spots"
NEAR = {"latitude": FERRY_BUILDING[0], "longitude": FERRY_BUILDING[1]}


async def spot_state(api, spot_id: str) -> dict:
    """The spot as the moderation list shows it (asked as a fresh admin)."""
    admin = await api.new_user("admin")
    response = await api.call("get", ADMIN_SPOTS, admin.access, params={"owner_id": (await detail(api, spot_id))["owner_id"]})
    return next(item for item in response.json if item["id"] == spot_id)


async def detail(api, spot_id: str) -> dict:
    return (await api.call("get", f"{SPOTS}/{spot_id}")).json


async def found(api) -> set[str]:
    response = await api.search(**NEAR)
    assert response.status == 200, response.json
    return {item["id"] for item in response.json}


def record(item: dict) -> tuple:
    return item["is_active"], item["moderated"], item["deactivated_by"], item["deactivation_reason"]


async def test_owner_deactivates_with_a_reason_and_reactivates_it_back_into_search(api):
    owner = await api.new_user("owner")
    spot = await api.new_spot(owner, access_instructions="Gate 12")
    assert await found(api) == {spot["id"]}  # the search is cached now
    response = await api.call("post", f"{SPOTS}/{spot['id']}/deactivate", owner.access, json={"reason": "repaving"})
    assert response.status == 200, response.json
    assert record(response.json) == (False, False, owner.id, "repaving")
    assert response.json["deactivated_at"].endswith("Z") and response.json["access_instructions"] == "Gate 12"
    assert await found(api) == set()
    response = await api.call("post", f"{SPOTS}/{spot['id']}/reactivate", owner.access)
    assert response.status == 200, response.json
    assert record(response.json) == (True, False, None, None) and response.json["deactivated_at"] is None
    assert await found(api) == {spot["id"]}  # the cached search did not hide it
    assert (await detail(api, spot["id"]))["is_active"] is True
    again = await api.call("post", f"{SPOTS}/{spot['id']}/reactivate", owner.access)
    assert again.status == 200 and again.json["is_active"] is True  # already active: nothing to do


async def test_delete_keeps_working_without_a_body_and_the_owner_can_reactivate(api):
    owner = await api.new_user("owner")
    spot = await api.new_spot(owner)
    response = await api.call("delete", f"{SPOTS}/{spot['id']}", owner.access)
    assert response.status == 204 and response.content == b""
    state = await spot_state(api, spot["id"])
    assert record(state) == (False, False, owner.id, None) and state["deactivated_at"]
    assert (await api.call("post", f"{SPOTS}/{spot['id']}/reactivate", owner.access)).status == 200
    assert await found(api) == {spot["id"]}


async def test_an_admins_moderation_is_undone_only_by_an_admin(api):
    owner, admin = await api.new_user("owner"), await api.new_user("admin")
    spot = await api.new_spot(owner)
    path = f"{SPOTS}/{spot['id']}"
    response = await api.call("post", f"{path}/deactivate", admin.access, json={"reason": "fake listing report"})
    assert response.status == 200, response.json
    assert record(response.json) == (False, True, admin.id, "fake listing report")

    refused = await api.call("post", f"{path}/reactivate", owner.access)
    assert refused.status == 403
    assert refused.json == {"detail": "an admin took this spot down: only an admin can put it back",
                            "code": "spot_moderated"}
    # Deactivating it again as its owner does not turn the moderation into the owner's own.
    assert (await api.call("delete", path, owner.access)).status == 204
    owners_own = await api.call("post", f"{path}/deactivate", owner.access, json={"reason": "mine now"})
    assert owners_own.status == 200
    assert record(owners_own.json) == (False, True, admin.id, "fake listing report")
    assert (await api.call("post", f"{path}/reactivate", owner.access)).status == 403
    assert await found(api) == set()

    response = await api.call("post", f"{path}/reactivate", admin.access)
    assert response.status == 200 and record(response.json) == (True, False, None, None)
    assert await found(api) == {spot["id"]}
    # Back to normal: the owner's own deactivation is the owner's to undo.
    assert (await api.call("delete", path, owner.access)).status == 204
    assert (await api.call("post", f"{path}/reactivate", owner.access)).status == 200


async def test_an_admin_moderates_a_spot_its_owner_had_deactivated(api):
    owner, admin = await api.new_user("owner"), await api.new_user("admin")
    spot = await api.new_spot(owner)
    path = f"{SPOTS}/{spot['id']}"
    await api.call("post", f"{path}/deactivate", owner.access, json={"reason": "holiday"})
    response = await api.call("post", f"{path}/deactivate", admin.access, json={"reason": "unsafe access"})
    assert response.status == 200 and record(response.json) == (False, True, admin.id, "unsafe access")
    assert (await api.call("post", f"{path}/reactivate", owner.access)).json["code"] == "spot_moderated"


async def test_an_admin_must_say_why_when_taking_down_someone_elses_spot(api):
    owner, admin = await api.new_user("owner"), await api.new_user("admin")
    spot = await api.new_spot(owner)
    path = f"{SPOTS}/{spot['id']}"
    for method, extra in [("post", {"json": {}}), ("delete", {})]:
        response = await api.call(method, path + ("/deactivate" if method == "post" else ""), admin.access, **extra)
        assert response.status == 422, response.json
        assert response.json["code"] == "validation" and response.json["detail"].startswith("reason: required")
    assert await found(api) == {spot["id"]}  # nothing written
    # On their own spot an admin is its owner: no reason needed, and they may reactivate it as owner.
    own = await api.new_spot(admin, title="The admin's own")
    response = await api.call("post", f"{SPOTS}/{own['id']}/deactivate", admin.access, json={})
    assert response.status == 200 and record(response.json) == (False, False, admin.id, None)


@pytest.mark.parametrize("body, status, field", [
    ({"reason": "x" * 501}, 422, "reason"),
    ({"reason": "   "}, 422, "reason"),
    ({"reason": ""}, 422, "reason"),
    ({"reason": 42}, 422, "reason"),
    ({"why": "no"}, 422, "why"),
    ("not json", 400, ""),
])
async def test_bad_deactivation_input_is_refused_and_writes_nothing(api, body, status, field):
    owner = await api.new_user("owner")
    spot = await api.new_spot(owner)
    extra = {"content": body, "headers": {"content-type": "application/json"}} if isinstance(body, str) else {"json": body}
    response = await api.call("post", f"{SPOTS}/{spot['id']}/deactivate", owner.access, **extra)
    assert response.status == status, response.json
    assert response.json["detail"].startswith(f"{field}:") if field else response.json["code"] == "malformed_json"
    assert (await detail(api, spot["id"]))["is_active"] is True


async def test_a_reason_of_500_characters_is_kept(api):
    owner = await api.new_user("owner")
    spot = await api.new_spot(owner)
    response = await api.call("post", f"{SPOTS}/{spot['id']}/deactivate", owner.access, json={"reason": "r" * 500})
    assert response.status == 200 and response.json["deactivation_reason"] == "r" * 500


async def test_only_the_owner_or_an_admin_may_deactivate_or_reactivate(api):
    owner, other, renter = await api.new_user("owner"), await api.new_user("owner"), await api.new_user("renter")
    spot = await api.new_spot(owner)
    path = f"{SPOTS}/{spot['id']}"
    for action, extra in [("deactivate", {"json": {"reason": "mine"}}), ("reactivate", {})]:
        response = await api.call("post", f"{path}/{action}", other.access, **extra)
        assert response.status == 403 and response.json["code"] == "not_spot_owner", response.json
        response = await api.call("post", f"{path}/{action}", renter.access, **extra)
        assert response.status == 403 and response.json["code"] == "role_required", response.json
        assert (await api.call("post", f"{path}/{action}", **extra)).status == 401
        missing = await api.call("post", f"{SPOTS}/{uuid.uuid4()}/{action}", owner.access, **extra)
        assert missing.status == 404 and missing.json["code"] == "not_found"
    assert (await detail(api, spot["id"]))["is_active"] is True
    await api.call("delete", path, owner.access)
    response = await api.call("post", f"{path}/reactivate", other.access)
    assert response.status == 403 and response.json["code"] == "not_spot_owner"
    assert (await detail(api, spot["id"]))["is_active"] is False


@pytest.mark.parametrize("who", ["owner", "admin"])
async def test_neither_route_deactivates_while_renters_hold_future_bookings(api, conn, q, who):
    owner, renter, admin = await api.new_user("owner"), await api.new_user("renter"), await api.new_user("admin")
    spot = await api.new_spot(owner)
    start = datetime.now(timezone.utc).replace(minute=0, second=0, microsecond=0) + timedelta(days=2)
    await q.create_booking(conn, user_id=uuid.UUID(renter.id), spot_id=uuid.UUID(spot["id"]),
                           start_time=start, end_time=start + timedelta(hours=2), status="confirmed")
    caller = owner if who == "owner" else admin
    response = await api.call("post", f"{SPOTS}/{spot['id']}/deactivate", caller.access, json={"reason": "closing"})
    assert response.status == 409 and response.json["code"] == "spot_has_future_bookings"
    if who == "owner":
        assert (await api.call("delete", f"{SPOTS}/{spot['id']}", owner.access)).status == 409
    state = await spot_state(api, spot["id"])
    assert record(state) == (True, False, None, None)


async def test_the_moderation_list_filters_and_pages(api):
    admin, owner, other = await api.new_user("admin"), await api.new_user("owner"), await api.new_user("owner")
    first = await api.new_spot(owner, title="first")
    second = await api.new_spot(owner, title="second")
    oakland = await api.new_spot(other, title="oakland", city="Oakland", latitude=37.8044, longitude=-122.2712)
    kept = await api.new_spot(other, title="kept")
    await api.call("delete", f"{SPOTS}/{first['id']}", owner.access)
    await api.call("post", f"{SPOTS}/{oakland['id']}/deactivate", admin.access, json={"reason": "duplicate"})

    async def listing(**params):
        response = await api.call("get", ADMIN_SPOTS, admin.access, params=params)
        assert response.status == 200, response.json
        return [item["title"] for item in response.json], int(response.headers["x-total-count"])

    # Latest deactivation first, then the newest listings.
    assert await listing() == (["oakland", "first", "kept", "second"], 4)
    assert await listing(status="all") == (["oakland", "first", "kept", "second"], 4)
    assert await listing(status="inactive") == (["oakland", "first"], 2)
    assert await listing(status="active") == (["kept", "second"], 2)
    assert await listing(owner_id=owner.id) == (["first", "second"], 2)
    assert await listing(city="OAKLAND", status="inactive") == (["oakland"], 1)
    assert await listing(city="Nowhere") == ([], 0)
    assert await listing(page_size=3, page=2) == (["second"], 4)
    items = (await api.call("get", ADMIN_SPOTS, admin.access, params={"status": "inactive"})).json
    by_title = {item["title"]: item for item in items}
    assert record(by_title["oakland"]) == (False, True, admin.id, "duplicate")
    assert record(by_title["first"]) == (False, False, owner.id, None)
    assert {"access_instructions", "deactivated_at", "owner_id", "created_at"} <= set(by_title["first"])
    assert {kept["id"], second["id"]}.isdisjoint(item["id"] for item in items)


async def test_only_admins_see_the_moderation_list(api):
    renter, owner = await api.new_user("renter"), await api.new_user("owner")
    for user in (renter, owner):
        response = await api.call("get", ADMIN_SPOTS, user.access)
        assert response.status == 403 and response.json["code"] == "role_required"
    response = await api.call("get", ADMIN_SPOTS)
    assert response.status == 401 and response.json["code"] == "not_authenticated"


@pytest.mark.parametrize("params, field", [
    ({"status": "deleted"}, "status"), ({"owner_id": "not-a-uuid"}, "owner_id"), ({"city": "x" * 101}, "city"),
    ({"page_size": 101}, "page_size"), ({"colour": "red"}, "colour"),
])
async def test_bad_moderation_filters_are_422_naming_the_parameter(api, params, field):
    admin = await api.new_user("admin")
    response = await api.call("get", ADMIN_SPOTS, admin.access, params=params)
    assert response.status == 422 and response.json["detail"].startswith(f"{field}:"), response.json


async def test_the_database_keeps_the_record_in_step_with_is_active(api, conn):
    """Writers other than the API (a DBA, the demo data) get the same record: a time when a spot goes
    inactive, everything cleared when it comes back, and no moderation on an active spot."""
    owner = await api.new_user("owner")
    spot = uuid.UUID((await api.new_spot(owner))["id"])
    await conn.execute("update parking_spots set is_active = false where id = $1", spot)
    row = await conn.fetchrow("select deactivated_at, deactivated_by, moderated from parking_spots where id = $1", spot)
    assert row["deactivated_at"] is not None and (row["deactivated_by"], row["moderated"]) == (None, False)
    await conn.execute("update parking_spots set deactivation_reason = 'spam', moderated = true where id = $1", spot)
    await conn.execute("update parking_spots set is_active = true where id = $1", spot)
    row = await conn.fetchrow("select deactivated_at, deactivation_reason, moderated from parking_spots where id = $1", spot)
    assert tuple(row) == (None, None, False)
    await conn.execute("update parking_spots set deactivation_reason = 'spam', moderated = true where id = $1", spot)
    row = await conn.fetchrow("select is_active, deactivation_reason, moderated from parking_spots where id = $1", spot)
    assert tuple(row) == (True, None, False)  # an active spot carries no record
    with pytest.raises(asyncpg.CheckViolationError) as caught:
        await conn.execute("update parking_spots set is_active = false, moderated = true where id = $1", spot)
    assert caught.value.constraint_name == "parking_spots_moderation_reason"
    with pytest.raises(asyncpg.CheckViolationError) as caught:
        await conn.execute("update parking_spots set is_active = false, deactivation_reason = repeat('x', 501)"
                           " where id = $1", spot)
    assert caught.value.constraint_name == "parking_spots_deactivation_reason_length"
