"""Login and password-reset limits in Redis: 10 failed logins in 15 minutes per (account, IP) -> 429
with Retry-After for that IP only; a success clears that count; 10 reset requests per account and
per IP; Redis down -> the limits fail open. The attacks on login: test_login_throttle.py."""
from __future__ import annotations

import uuid

from scripts.local_services import free_port
from tests.api_client import PASSWORD, Api


async def from_ip(app, start_client, conn, q, ip) -> Api:
    return Api(await start_client(app, client_ip=ip), conn, q)


async def fail(api, email, times):
    for _ in range(times):
        assert (await api.login(email, "wrong-password")).status == 401


async def test_ten_failures_block_that_ip_for_that_account_only(app, start_client, conn, q):
    first = await from_ip(app, start_client, conn, q, "10.0.0.1")
    user = await first.new_user()
    await fail(first, user.email, 10)
    blocked = await first.login(user.email, PASSWORD)
    assert blocked.status == 429
    assert 0 < int(blocked.headers["retry-after"]) <= 900
    assert blocked.json["detail"].startswith("too many attempts") and blocked.json["code"] == "rate_limited"
    assert (await first.new_user()).access  # another account from that IP is fine
    second = await from_ip(app, start_client, conn, q, "10.0.0.2")
    assert (await second.login(user.email)).status == 200  # the owner, elsewhere, is not locked out


async def test_the_window_is_a_setting(api_with):
    api = await api_with(auth_max_failures=2, auth_window_seconds=60)
    user = await api.new_user()
    await fail(api, user.email, 2)
    blocked = await api.login(user.email)
    assert blocked.status == 429 and 0 < int(blocked.headers["retry-after"]) <= 60


async def test_a_successful_login_clears_that_clients_failures(api):
    user = await api.new_user()
    await fail(api, user.email, 9)
    assert (await api.login(user.email)).status == 200
    await fail(api, user.email, 10)  # a fresh allowance of ten...
    assert (await api.login(user.email)).status == 429  # ...and no more
    assert (await api.login(f"someone-else-{uuid.uuid4().hex}@example.com")).status == 401


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
