"""Login throttling against the attacks it exists for (api/core/rate_limit.py: LoginThrottle), with
the default limits: 10 failures per (account, IP), 100 per IP over all accounts, and past 20 failures
on one account from all IPs, 3 per (account, IP) — never refusing a client that has not failed."""
from __future__ import annotations

import asyncio
import uuid

import pytest

from tests.api_client import PASSWORD, Api


@pytest.fixture
async def api_from(app, start_client, conn, q):
    """api_from("203.0.113.1") -> an Api whose requests come from that address (one started app)."""
    started = await start_client(app)
    clients = []

    async def make(ip: str) -> Api:
        clients.append(type(started)(app, client_ip=ip))  # the same running app, another address
        return Api(clients[-1], conn, q)
    yield make
    for client in clients:
        await client.http.aclose()


def stranger() -> str:
    return f"nobody-{uuid.uuid4().hex}@example.com"


async def fail(api, email, times):
    for _ in range(times):
        response = await api.login(email, "wrong-password")
        assert response.status == 401, response.json


def assert_refused(response, window=900):
    assert response.status == 429, response.json
    assert response.json["code"] == "rate_limited"
    assert 0 < int(response.headers["retry-after"]) <= window


async def test_brute_force_from_one_ip_is_stopped_even_with_the_right_password(api_from):
    attacker = await api_from("203.0.113.1")
    victim = await attacker.new_user()
    await fail(attacker, victim.email, 10)
    assert_refused(await attacker.login(victim.email, "yet-another-guess"))
    assert_refused(await attacker.login(victim.email, PASSWORD))  # the right one is refused too


async def test_a_burst_of_concurrent_guesses_gets_no_more_than_the_limit(api_from):
    attacker = await api_from("203.0.113.2")
    victim = await attacker.new_user()
    answers = await asyncio.gather(*(attacker.login(victim.email, f"guess-{n}") for n in range(30)))
    statuses = sorted(a.status for a in answers)
    assert statuses == [401] * 10 + [429] * 20


async def test_distributed_brute_force_gets_three_tries_per_address_once_the_account_is_under_attack(api_from):
    first = await api_from("198.51.100.1")
    victim = await first.new_user()
    await fail(first, victim.email, 10)
    await fail(await api_from("198.51.100.2"), victim.email, 10)  # 20 failures on the account: guarded
    for n in range(3, 8):
        bot = await api_from(f"198.51.100.{n}")
        await fail(bot, victim.email, 3)
        assert_refused(await bot.login(victim.email, "guess"))
        assert_refused(await bot.login(victim.email, PASSWORD))
    # an address with fewer failures than that still gets its remaining tries
    typo = await api_from("198.51.100.50")
    await fail(typo, victim.email, 2)
    assert (await typo.login(victim.email)).status == 200


async def test_the_owner_logs_in_from_elsewhere_after_an_attacker_used_up_every_limit(api_from):
    attacker = await api_from("192.0.2.10")
    victim = await attacker.new_user()
    await fail(attacker, victim.email, 10)                      # (account, IP) limit
    await fail(await api_from("192.0.2.11"), victim.email, 10)  # 20 on the account: guarded
    await fail(await api_from("192.0.2.13"), victim.email, 3)   # guarded: that address is done
    for _ in range(90):                                         # the IP's budget (100)
        await fail(attacker, stranger(), 1)
    assert_refused(await attacker.login(victim.email, PASSWORD))
    assert_refused(await attacker.login(stranger(), PASSWORD))
    owner = await api_from("198.18.0.7")
    await fail(owner, victim.email, 2)                          # a typo or two of the owner's own
    response = await owner.login(victim.email, PASSWORD)
    assert response.status == 200 and response.json["access_token"]
    # the owner's success does not reopen the account to the attacker's addresses
    assert_refused(await (await api_from("192.0.2.13")).login(victim.email, PASSWORD))


async def test_one_ip_spraying_many_accounts_is_stopped_after_100_failures(api_from):
    sprayer = await api_from("203.0.113.99")
    accounts = [await sprayer.new_user() for _ in range(3)]
    for account in accounts:
        await fail(sprayer, account.email, 5)
    for _ in range(85):
        await fail(sprayer, stranger(), 1)  # one guess per account: no account limit is near
    assert_refused(await sprayer.login(stranger(), "guess"))
    assert_refused(await sprayer.login(accounts[0].email, PASSWORD))
    elsewhere = await api_from("203.0.113.100")
    assert (await elsewhere.login(accounts[0].email)).status == 200
    assert (await elsewhere.login(stranger(), "guess")).status == 401


async def test_ipv6_addresses_count_per_64(api_from):
    first = await api_from("2001:db8:1:2::1")
    victim = await first.new_user()
    for n in range(1, 11):
        await fail(await api_from(f"2001:db8:1:2::{n:x}"), victim.email, 1)  # ten addresses, one /64
    assert_refused(await (await api_from("2001:db8:1:2:ffff::1")).login(victim.email))
    assert (await (await api_from("2001:db8:1:3::1")).login(victim.email)).status == 200


async def test_the_limits_are_settings(api_with):
    api = await api_with(login_ip_max_failures=4, auth_window_seconds=60)
    await fail(api, stranger(), 4)
    assert_refused(await api.login(stranger()), window=60)
