"""POST /auth/register and /auth/login."""
from __future__ import annotations

import pytest

from tests.api_client import PASSWORD

USER_KEYS = {"id", "email", "full_name", "phone_number", "role", "is_active", "is_verified",
             "latitude", "longitude", "created_at", "updated_at"}


async def test_register_returns_the_user_without_secrets(api):
    response = await api.register("Pat@Example.com", phone_number="+1 415 555 0100", role="owner")
    assert response.status == 201
    user = response.json
    assert set(user) == USER_KEYS
    assert (user["email"], user["role"], user["is_active"], user["is_verified"]) == ("Pat@Example.com", "owner", True, False)
    assert user["created_at"].endswith("Z")
    assert "password" not in response.body.decode()


async def test_duplicate_email_in_any_case_is_409(api):
    assert (await api.register("dup@example.com")).status == 201
    response = await api.register("DUP@example.COM")
    assert response.status == 409
    assert response.json == {"detail": "an account with this email already exists", "code": "users_email_key"}


@pytest.mark.parametrize("change, field", [
    ({"password": "short"}, "password"),
    ({"email": "not-an-email"}, "email"),
    ({"role": "landlord"}, "role"),
    ({"role": "admin"}, "role"),
    ({"full_name": ""}, "full_name"),
    ({"phone_number": "call me"}, "phone_number"),
    ({"is_verified": True}, "is_verified"),
])
async def test_bad_registration_is_422_naming_the_field(api, change, field):
    body = {"email": "new@example.com", "password": PASSWORD, "full_name": "Pat", "role": "renter", **change}
    response = await api.call("post", "/api/v1/auth/register", json=body)
    assert response.status == 422
    assert response.json["detail"].startswith(f"{field}:")
    assert (await api.login("new@example.com")).status == 401  # nothing was written


async def test_missing_body_is_422_and_broken_json_400(api):
    assert (await api.call("post", "/api/v1/auth/register")).status == 400
    response = await api.call("post", "/api/v1/auth/register", json={})
    assert response.status == 422
    assert "email: Field required" in response.json["detail"]


async def test_login_returns_the_token_pair(api):
    await api.register("login@example.com")
    response = await api.login("LOGIN@example.com")
    assert response.status == 200
    assert set(response.json) == {"access_token", "refresh_token", "token_type"}
    assert response.json["token_type"] == "bearer"


async def test_wrong_email_and_wrong_password_get_the_same_401(api):
    await api.register("known@example.com")
    wrong_password = await api.login("known@example.com", "not-the-password")
    wrong_email = await api.login("unknown@example.com")
    assert wrong_password.status == wrong_email.status == 401
    assert wrong_password.json == wrong_email.json == {"detail": "incorrect email or password", "code": "invalid_credentials"}


async def test_deactivated_account_cannot_log_in(api):
    user = await api.new_user()
    assert (await api.call("delete", "/api/v1/users/me", user.access)).status == 204
    response = await api.login(user.email)
    assert response.status == 403
    assert response.json == {"detail": "this account is deactivated", "code": "account_deactivated"}


async def test_login_rehashes_an_outdated_hash(api, conn, q):
    from argon2 import PasswordHasher
    await api.register("old@example.com")
    weak = PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1).hash(PASSWORD)
    await q.set_password_hash_by_email(conn, email="old@example.com", hashed_password=weak)
    assert (await api.login("old@example.com")).status == 200
    rehashed = await q.get_password_hash_by_email(conn, email="old@example.com")
    assert rehashed != weak and rehashed.startswith("$argon2id$")
    assert (await api.login("old@example.com")).status == 200
