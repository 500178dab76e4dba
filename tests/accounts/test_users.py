"""GET/PATCH/DELETE /users/me, POST /users/me/password, GET /users/{id}."""
from __future__ import annotations

import uuid

import pytest

from tests.api_client import PASSWORD


async def test_me_never_shows_the_password_hash(api):
    user = await api.new_user("owner")
    response = await api.call("get", "/api/v1/users/me", user.access)
    assert response.status == 200
    assert response.json["role"] == "owner" and "hashed_password" not in response.json


async def test_patch_me_changes_only_what_is_given(api):
    user = await api.new_user()
    response = await api.call("patch", "/api/v1/users/me", user.access,
                              json={"phone_number": "+14155550100", "latitude": 37.77, "longitude": -122.42})
    assert response.status == 200
    assert (response.json["full_name"], response.json["phone_number"]) == ("Pat Example", "+14155550100")
    assert (response.json["latitude"], response.json["longitude"]) == (37.77, -122.42)
    cleared = await api.call("patch", "/api/v1/users/me", user.access, json={"phone_number": None, "full_name": "Sam"})
    assert (cleared.json["full_name"], cleared.json["phone_number"], cleared.json["latitude"]) == ("Sam", None, 37.77)


@pytest.mark.parametrize("body, field", [
    ({"latitude": 91}, "latitude"),
    ({"longitude": -200, "latitude": 1}, "longitude"),
    ({"email": "x@example.com"}, "email"),
    ({"role": "admin"}, "role"),
    ({"full_name": "   "}, "full_name"),
])
async def test_patch_me_rejects_bad_fields(api, body, field):
    user = await api.new_user()
    response = await api.call("patch", "/api/v1/users/me", user.access, json=body)
    assert response.status == 422 and response.json["detail"].startswith(f"{field}:")
    assert (await api.call("get", "/api/v1/users/me", user.access)).json["role"] == "renter"


async def test_location_needs_both_coordinates(api):
    user = await api.new_user()
    response = await api.call("patch", "/api/v1/users/me", user.access, json={"latitude": 10})
    assert response.status == 422
    assert response.json == {"detail": "latitude and longitude: give both or neither", "code": "users_location_pair"}


async def test_change_password_keeps_this_session_and_ends_the_others(api):
    user = await api.new_user()
    other = (await api.login(user.email)).json
    response = await api.call("post", "/api/v1/users/me/password", user.access,
                              json={"current_password": PASSWORD, "new_password": "my-new-password"})
    assert response.status == 200
    fresh = response.json
    assert (await api.call("get", "/api/v1/users/me", fresh["access_token"])).status == 200
    assert (await api.call("get", "/api/v1/users/me", other["access_token"])).status == 401
    assert (await api.call("post", "/api/v1/auth/refresh", json={"refresh_token": other["refresh_token"]})).status == 401
    assert (await api.login(user.email, "my-new-password")).status == 200


async def test_change_password_needs_the_current_one(api):
    user = await api.new_user()
    response = await api.call("post", "/api/v1/users/me/password", user.access,
                              json={"current_password": "wrong-password", "new_password": "my-new-password"})
    assert response.status == 403
    assert (await api.login(user.email)).status == 200


async def test_public_profile_shows_no_contact_details(api):
    owner = await api.new_user("owner")
    viewer = await api.new_user()
    response = await api.call("get", f"/api/v1/users/{owner.id}", viewer.access)
    assert response.status == 200
    assert set(response.json) == {"id", "full_name", "role", "member_since"}
    assert (await api.call("get", f"/api/v1/users/{uuid.uuid4()}")).status == 404
    await api.call("delete", "/api/v1/users/me", owner.access)
    assert (await api.call("get", f"/api/v1/users/{owner.id}")).status == 404
