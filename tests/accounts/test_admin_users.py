"""Admin user management: admins only, paged and filtered listing, role and state changes."""
from __future__ import annotations

import uuid

import pytest


@pytest.mark.parametrize("role", ["renter", "owner"])
async def test_non_admins_are_forbidden(api, role):
    user = await api.new_user(role)
    listing = await api.call("get", "/api/v1/admin/users", user.access)
    assert listing.status == 403 and listing.json == {"detail": "this needs the admin role", "code": "role_required"}
    patch = await api.call("patch", f"/api/v1/admin/users/{user.id}", user.access, json={"role": "admin"})
    assert patch.status == 403
    assert (await api.call("get", "/api/v1/users/me", user.access)).json["role"] == role


async def test_list_is_paged_and_filtered(api):
    admin = await api.new_user("admin")
    owners = [await api.new_user("owner") for _ in range(3)]
    await api.new_user("renter")
    page = await api.call("get", "/api/v1/admin/users?role=owner&page_size=2", admin.access)
    assert page.status == 200
    assert page.headers["x-total-count"] == "3" and len(page.json) == 2
    rest = await api.call("get", "/api/v1/admin/users?role=owner&page_size=2&page=2", admin.access)
    assert {u["id"] for u in page.json + rest.json} == {o.id for o in owners}
    by_email = await api.call("get", f"/api/v1/admin/users?email={owners[0].email.upper()}", admin.access)
    assert [u["id"] for u in by_email.json] == [owners[0].id]
    assert all("hashed_password" not in u for u in page.json)


@pytest.mark.parametrize("query", ["page=0", "page_size=101", "role=king", "is_active=maybe"])
async def test_bad_list_parameters_are_422(api, query):
    admin = await api.new_user("admin")
    response = await api.call("get", f"/api/v1/admin/users?{query}", admin.access)
    assert response.status == 422 and response.json["detail"].startswith(query.split("=")[0])


async def test_admin_changes_role_and_that_ends_the_users_sessions(api):
    admin, user = await api.new_user("admin"), await api.new_user()
    response = await api.call("patch", f"/api/v1/admin/users/{user.id}", admin.access,
                              json={"role": "owner", "is_verified": True})
    assert response.status == 200
    assert (response.json["role"], response.json["is_verified"]) == ("owner", True)
    assert (await api.call("get", "/api/v1/users/me", user.access)).status == 401
    assert (await api.login(user.email)).status == 200


async def test_admin_locks_and_unlocks_an_account(api):
    admin, user = await api.new_user("admin"), await api.new_user()
    locked = await api.call("patch", f"/api/v1/admin/users/{user.id}", admin.access, json={"is_active": False})
    assert locked.status == 200 and locked.json["is_active"] is False
    assert (await api.login(user.email)).status == 403
    assert (await api.call("post", "/api/v1/auth/refresh", json={"refresh_token": user.refresh})).status == 401
    await api.call("patch", f"/api/v1/admin/users/{user.id}", admin.access, json={"is_active": True})
    assert (await api.login(user.email)).status == 200


async def test_admin_cannot_remove_their_own_admin_access(api):
    admin = await api.new_user("admin")
    for body in ({"role": "owner"}, {"is_active": False}):
        response = await api.call("patch", f"/api/v1/admin/users/{admin.id}", admin.access, json=body)
        assert response.status == 409


async def test_unknown_user_and_unknown_field(api):
    admin = await api.new_user("admin")
    assert (await api.call("patch", f"/api/v1/admin/users/{uuid.uuid4()}", admin.access, json={"role": "owner"})).status == 404
    bad = await api.call("patch", f"/api/v1/admin/users/{admin.id}", admin.access, json={"email": "x@example.com"})
    assert bad.status == 422
