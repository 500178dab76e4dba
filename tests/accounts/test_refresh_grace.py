"""The refresh grace window (refresh_reuse_grace_seconds, 30 s): the same refresh token presented
twice within it (two tabs racing, a client retrying after a lost answer) gets the same new pair; a
spent token presented after it revokes the whole family. No token is stored, only its ids and times."""
from __future__ import annotations

import asyncio
import uuid

import jwt


def jti_of(token: str) -> uuid.UUID:
    return uuid.UUID(jwt.decode(token, options={"verify_signature": False})["jti"])


def sub_of(token: str) -> str:
    return jwt.decode(token, options={"verify_signature": False})["sub"]


async def family_of(api, token) -> list:
    return [row async for row in api.queries.refresh_family(api.conn, jti=jti_of(token))]


async def refresh(api, token):
    return await api.call("post", "/api/v1/auth/refresh", json={"refresh_token": token})


async def assert_same_session(api, user, first, second):
    """Both answers carry the same refresh token and working access tokens of the same user."""
    assert first.status == second.status == 200, (first.json, second.json)
    assert first.json["refresh_token"] == second.json["refresh_token"] != user.refresh
    for answer in (first, second):
        assert sub_of(answer.json["access_token"]) == user.id
        assert (await api.call("get", "/api/v1/users/me", answer.json["access_token"])).status == 200
        assert answer.headers["cache-control"] == "no-store"


async def test_two_concurrent_refreshes_with_one_token_get_the_same_pair(api):
    user = await api.new_user()
    first, second = await asyncio.gather(refresh(api, user.refresh), refresh(api, user.refresh))
    await assert_same_session(api, user, first, second)
    family = await family_of(api, user.refresh)
    assert len(family) == 2  # one successor, not two
    assert family[1]["parent_jti"] == family[0]["jti"] and family[1]["used_at"] is None
    nxt = await refresh(api, first.json["refresh_token"])  # the family goes on
    assert nxt.status == 200
    assert (await refresh(api, nxt.json["refresh_token"])).status == 200


async def test_many_concurrent_refreshes_all_get_the_same_pair(api):
    user = await api.new_user()
    answers = await asyncio.gather(*(refresh(api, user.refresh) for _ in range(5)))
    assert {a.status for a in answers} == {200}
    assert len({a.json["refresh_token"] for a in answers}) == 1


async def test_a_retry_within_the_window_gets_the_same_pair(api):
    user = await api.new_user()
    first = await refresh(api, user.refresh)
    retry = await refresh(api, user.refresh)
    await assert_same_session(api, user, first, retry)
    assert (await refresh(api, retry.json["refresh_token"])).status == 200


async def test_a_replay_after_the_window_revokes_the_whole_family(api):
    user = await api.new_user()
    newest = (await refresh(api, user.refresh)).json["refresh_token"]
    await api.queries.age_refresh_rotation(api.conn, jti=jti_of(user.refresh), seconds=31)
    reuse = await refresh(api, user.refresh)
    assert reuse.status == 401 and reuse.json["code"] == "refresh_token_reused"
    revoked = await refresh(api, newest)  # the legitimate successor is gone too
    assert revoked.status == 401
    family = await family_of(api, user.refresh)
    assert all(row["revoked_at"] is not None for row in family)


async def test_the_window_is_a_setting(api_with):
    api = await api_with(refresh_reuse_grace_seconds=1)
    user = await api.new_user()
    newest = (await refresh(api, user.refresh)).json["refresh_token"]
    await asyncio.sleep(1.2)
    assert (await refresh(api, user.refresh)).json["code"] == "refresh_token_reused"
    assert (await refresh(api, newest)).status == 401


async def test_no_window_when_it_is_zero(api_with):
    api = await api_with(refresh_reuse_grace_seconds=0)
    user = await api.new_user()
    newest = (await refresh(api, user.refresh)).json["refresh_token"]
    assert (await refresh(api, user.refresh)).json["code"] == "refresh_token_reused"
    assert (await refresh(api, newest)).status == 401


async def test_a_replay_after_the_successor_was_used_revokes_the_family(api):
    user = await api.new_user()
    second = (await refresh(api, user.refresh)).json["refresh_token"]
    third = (await refresh(api, second)).json["refresh_token"]
    reuse = await refresh(api, user.refresh)  # within the window, but its successor is spent
    assert reuse.status == 401 and reuse.json["code"] == "refresh_token_reused"
    assert (await refresh(api, third)).status == 401


async def test_logout_ends_the_session_even_within_the_window(api):
    user = await api.new_user()
    newest = (await refresh(api, user.refresh)).json["refresh_token"]
    assert (await api.call("post", "/api/v1/auth/logout", json={"refresh_token": newest})).status == 204
    assert (await refresh(api, user.refresh)).status == 401
    assert (await refresh(api, newest)).status == 401


async def test_a_password_change_ends_the_session_even_within_the_window(api):
    user = await api.new_user()
    await refresh(api, user.refresh)
    changed = await api.call("post", "/api/v1/users/me/password", user.access,
                             json={"current_password": "correct-horse-battery", "new_password": "another-long-password"})
    assert changed.status == 200, changed.json
    assert (await refresh(api, user.refresh)).status == 401


async def test_the_database_keeps_no_token(api):
    user = await api.new_user()
    pair = (await refresh(api, user.refresh)).json
    family = await family_of(api, user.refresh)
    for token in (user.refresh, pair["refresh_token"]):
        signature = token.rsplit(".", 1)[1]
        assert not any(signature in row["stored"] or token in row["stored"] for row in family)
