"""Access and refresh tokens: payload, expiry, signatures, rotation, reuse detection, logout (the
grace window for a replayed refresh token: test_refresh_grace.py)."""
from __future__ import annotations

import uuid
from datetime import datetime, timedelta, timezone

import jwt


def forge(claims: dict, key: str | None, algorithm: str = "HS256") -> str:
    now = datetime.now(timezone.utc)
    payload = {"type": "access", "ver": 0, "jti": str(uuid.uuid4()), "iat": now,
               "exp": now + timedelta(minutes=5), **claims}
    return jwt.encode(payload, key, algorithm=algorithm)


async def me(api, token):
    return await api.call("get", "/api/v1/users/me", token)


async def refresh(api, token):
    return await api.call("post", "/api/v1/auth/refresh", json={"refresh_token": token})


async def test_access_token_has_the_seed_payload_and_works(api):
    user = await api.new_user()
    payload = jwt.decode(user.access, options={"verify_signature": False})
    assert payload["sub"] == user.id and payload["type"] == "access"
    assert {"exp", "iat", "jti", "ver"} <= set(payload)
    assert payload["exp"] - payload["iat"] == 30 * 60
    refresh_payload = jwt.decode(user.refresh, options={"verify_signature": False})
    assert refresh_payload["type"] == "refresh" and refresh_payload["exp"] - refresh_payload["iat"] == 7 * 86400
    response = await me(api, user.access)
    assert response.status == 200 and response.json["email"] == user.email


async def test_no_token_is_401(api):
    response = await api.call("get", "/api/v1/users/me")
    assert response.status == 401
    assert response.json == {"detail": "not authenticated", "code": "not_authenticated"}
    assert response.headers["www-authenticate"].startswith("Bearer")


async def test_refresh_token_is_refused_as_access_token_and_the_reverse(api):
    user = await api.new_user()
    assert (await me(api, user.refresh)).status == 401
    response = await refresh(api, user.access)
    assert response.status == 401 and response.json == {"detail": "not a refresh token", "code": "token_wrong_type"}


async def test_expired_token_is_401(api, settings):
    user = await api.new_user()
    past = datetime.now(timezone.utc) - timedelta(hours=1)
    response = await me(api, forge({"sub": user.id, "iat": past - timedelta(minutes=30), "exp": past}, settings.secret_key))
    assert response.status == 401 and response.json == {"detail": "token expired", "code": "token_expired"}


async def test_token_signed_with_another_key_is_401(api, settings):
    user = await api.new_user()
    assert (await me(api, forge({"sub": user.id}, key="another-key-of-at-least-32-bytes!!"))).status == 401
    assert (await me(api, forge({"sub": user.id}, settings.secret_key))).status == 200  # the same claims, our key


async def test_alg_none_token_is_401(api):
    user = await api.new_user()
    unsigned = forge({"sub": user.id}, key=None, algorithm="none")
    response = await me(api, unsigned)
    assert response.status == 401 and response.json == {"detail": "invalid token", "code": "token_invalid"}


async def test_malformed_tokens_are_401(api, settings):
    for token in ["garbage", forge({"sub": "not-a-uuid"}, settings.secret_key),
                  forge({"sub": str(uuid.uuid4())}, settings.secret_key)]:
        assert (await me(api, token)).status == 401


async def test_refresh_rotates_and_the_new_pair_works(api):
    user = await api.new_user()
    response = await refresh(api, user.refresh)
    assert response.status == 200
    pair = response.json
    assert pair["refresh_token"] != user.refresh
    assert (await me(api, pair["access_token"])).status == 200
    assert (await refresh(api, pair["refresh_token"])).status == 200


async def test_reusing_a_spent_refresh_token_revokes_the_family(api_with):
    api = await api_with(refresh_reuse_grace_seconds=0)  # the grace window: test_refresh_grace.py
    user = await api.new_user()
    second = (await refresh(api, user.refresh)).json
    reuse = await refresh(api, user.refresh)
    assert reuse.status == 401
    assert "already used" in reuse.json["detail"]
    # the legitimate successor is revoked too: the whole family is gone
    assert (await refresh(api, second["refresh_token"])).status == 401


async def test_reuse_leaves_other_sessions_alone(api_with):
    api = await api_with(refresh_reuse_grace_seconds=0)
    user = await api.new_user()
    other_session = (await api.login(user.email)).json
    await refresh(api, user.refresh)
    assert (await refresh(api, user.refresh)).json["code"] == "refresh_token_reused"
    assert (await refresh(api, other_session["refresh_token"])).status == 200


async def test_logout_revokes_the_session(api):
    user = await api.new_user()
    assert (await api.call("post", "/api/v1/auth/logout", json={"refresh_token": user.refresh})).status == 204
    assert (await refresh(api, user.refresh)).status == 401


async def test_deactivated_users_tokens_stop_working(api):
    user = await api.new_user()
    assert (await api.call("delete", "/api/v1/users/me", user.access)).status == 204
    response = await me(api, user.access)
    assert response.status == 401 and response.json == {"detail": "token no longer valid", "code": "token_revoked"}
    assert (await refresh(api, user.refresh)).status == 401


async def test_token_lifetimes_are_settings(api_with):
    user = await (await api_with(access_token_minutes=5, refresh_token_days=1)).new_user()
    payload = jwt.decode(user.access, options={"verify_signature": False})
    assert payload["exp"] - payload["iat"] == 5 * 60
