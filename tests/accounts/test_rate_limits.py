"""Login and password-reset limits in Redis: 10 failures in 15 minutes per account and per IP -> 429
with Retry-After; a success clears the account's count; Redis down -> the limits fail open."""
from __future__ import annotations

import uuid

from scripts.local_services import free_port
from tests.api_client import PASSWORD, Api


async def from_ip(app, start_client, conn, q, ip) -> Api:
    return Api(await start_client(app, client_ip=ip), conn, q)


async def fail(api, email, times):
    for _ in range(times):
        assert (await api.login(email, "wrong-password")).status == 401


async def test_ten_failures_block_the_account_from_any_ip(app, start_client, conn, q):
    first = await from_ip(app, start_client, conn, q, "10.0.0.1")
    user = await first.new_user()
    await fail(first, user.email, 10)
    second = await from_ip(app, start_client, conn, q, "10.0.0.2")
    blocked = await second.login(user.email, PASSWORD)
    assert blocked.status == 429
    assert 0 < int(blocked.headers["retry-after"]) <= 900
    assert blocked.json["detail"].startswith("too many attempts")
    assert (await second.new_user()).access  # another account from that other IP is fine


async def test_ten_failures_from_one_ip_block_that_ip(app, start_client, conn, q):
    noisy = await from_ip(app, start_client, conn, q, "10.0.0.3")
    users = [await noisy.new_user() for _ in range(2)]
    await fail(noisy, users[0].email, 5)
    await fail(noisy, users[1].email, 5)
    assert (await noisy.login(f"someone-else-{uuid.uuid4().hex}@example.com")).status == 429
    quiet = await from_ip(app, start_client, conn, q, "10.0.0.4")
    assert (await quiet.login(users[0].email)).status == 200


async def test_a_successful_login_clears_the_accounts_failures(api):
    user = await api.new_user()
    await fail(api, user.email, 9)
    assert (await api.login(user.email)).status == 200
    other = await api.new_user()  # the IP counter is at 9: keep it below the limit
    assert other.access
    assert (await api.login(user.email, "wrong-password")).status == 401


async def test_password_reset_requests_are_limited(api):
    for _ in range(10):
        response = await api.call("post", "/api/v1/auth/password-reset/request", json={"email": "x@example.com"})
        assert response.status == 202
    response = await api.call("post", "/api/v1/auth/password-reset/request", json={"email": "x@example.com"})
    assert response.status == 429 and "retry-after" in response.headers


async def test_limits_fail_open_when_redis_is_down(api_with):
    api = await api_with(redis_url=f"redis://127.0.0.1:{free_port()}/0")
    user = await api.new_user()
    await fail(api, user.email, 12)
    assert (await api.login(user.email)).status == 200
