"""Password hashing never starves the other requests (api/core/passwords.py): each worker hashes at
most PASSWORD_HASH_CONCURRENCY passwords at once, queues PASSWORD_HASH_QUEUE more, and answers
503 login_busy beyond that; the default argon2id parameters meet OWASP's minimum."""
from __future__ import annotations

import asyncio
import threading
import time

from argon2 import PasswordHasher

from api.core.passwords import OWASP_MINIMUMS, Argon2Cost, Passwords, meets_owasp_minimum
from api.core.settings import Settings


class SlowHasher:
    """A real (cheap) argon2 hasher that also sleeps in its thread, counting how many calls run at
    once; with `gate` set, every call waits for the gate to open."""

    def __init__(self, seconds: float = 0.05, gate: threading.Event | None = None):
        self.real = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
        self.seconds, self.gate = seconds, gate
        self.lock = threading.Lock()
        self.running = self.most = self.calls = 0

    def _slowly(self, work, *args):
        with self.lock:
            self.running += 1
            self.calls += 1
            self.most = max(self.most, self.running)
        try:
            if self.gate is not None:
                assert self.gate.wait(10), "gate never opened"
            time.sleep(self.seconds)
            return work(*args)
        finally:
            with self.lock:
                self.running -= 1

    def hash(self, password):
        return self._slowly(self.real.hash, password)

    def verify(self, stored, password):
        return self._slowly(self.real.verify, stored, password)

    def check_needs_rehash(self, stored):
        return self.real.check_needs_rehash(stored)


def use(api, hasher: SlowHasher, concurrency: int, queue: int) -> Passwords:
    passwords = Passwords(1, 1024, concurrency, queue, hasher=hasher)
    api.client.app.ctx.passwords = passwords
    return passwords


async def test_concurrent_logins_never_run_more_hashes_than_the_limit(api):
    hasher = SlowHasher(seconds=0.05)
    use(api, hasher, concurrency=2, queue=100)
    emails = [f"burst{n}@example.com" for n in range(12)]
    for email in emails:
        assert (await api.register(email)).status == 201
    hasher.most = hasher.calls = 0
    answers = await asyncio.gather(*(api.login(email) for email in emails))
    assert [a.status for a in answers] == [200] * 12
    assert hasher.calls == 12
    assert hasher.most == 2  # the limit was reached, never passed


async def test_one_at_a_time_is_one_at_a_time(api):
    hasher = SlowHasher(seconds=0.02)
    use(api, hasher, concurrency=1, queue=100)
    assert (await api.register("solo@example.com")).status == 201
    hasher.most = 0
    answers = await asyncio.gather(*(api.login("solo@example.com") for _ in range(8)))
    assert {a.status for a in answers} == {200} and hasher.most == 1


async def test_past_the_queue_logins_are_refused_at_once_with_login_busy(api):
    gate = threading.Event()
    hasher = SlowHasher(seconds=0, gate=gate)
    gate.set()
    assert (await api.register("busy@example.com")).status == 201
    passwords = use(api, hasher, concurrency=1, queue=2)
    gate.clear()
    admitted = [asyncio.create_task(api.login("busy@example.com")) for _ in range(3)]
    try:
        for _ in range(500):  # one hashing, two waiting
            if passwords.busy == (1, 2):
                break
            await asyncio.sleep(0.01)
        assert passwords.busy == (1, 2)
        refused = await asyncio.gather(*(api.login("busy@example.com") for _ in range(3)))
        for answer in refused:
            assert answer.status == 503
            assert answer.json["code"] == "login_busy" and answer.json["detail"]
            assert int(answer.headers["Retry-After"]) >= 1
    finally:
        gate.set()
    assert [a.status for a in await asyncio.gather(*admitted)] == [200] * 3
    assert passwords.busy == (0, 0)
    # a busy answer is not a failed attempt: the throttle counted none of them
    assert (await api.login("busy@example.com")).status == 200


async def test_registration_is_bounded_too(api):
    gate = threading.Event()
    gate.set()
    passwords = use(api, SlowHasher(seconds=0, gate=gate), concurrency=1, queue=0)
    gate.clear()
    first = asyncio.create_task(api.register("first@example.com"))
    try:
        for _ in range(500):
            if passwords.busy == (1, 0):
                break
            await asyncio.sleep(0.01)
        second = await api.register("second@example.com")
        assert second.status == 503 and second.json["code"] == "login_busy"
    finally:
        gate.set()
    assert (await first).status == 201


def test_default_parameters_meet_owasp_minimum():
    defaults = Settings.model_fields
    cost = Argon2Cost(defaults["argon2_memory_kib"].default, defaults["argon2_time_cost"].default, 1)
    assert meets_owasp_minimum(cost)
    hashed = Passwords(cost.time_cost, cost.memory_kib).hasher.hash("x")
    assert f"$m={cost.memory_kib},t={cost.time_cost},p=1$" in hashed


def test_owasp_minimum_check():
    assert Argon2Cost(19 * 1024, 2) in OWASP_MINIMUMS
    assert meets_owasp_minimum(Argon2Cost(19 * 1024, 2)) and meets_owasp_minimum(Argon2Cost(46 * 1024, 1))
    assert meets_owasp_minimum(Argon2Cost(64 * 1024, 3, 4))
    assert not meets_owasp_minimum(Argon2Cost(19 * 1024 - 1, 2))
    assert not meets_owasp_minimum(Argon2Cost(19 * 1024, 1))
    assert not meets_owasp_minimum(Argon2Cost(1024, 1))  # the tests' cheap parameters


def test_settings_reach_the_hasher():
    settings = Settings.from_values(database_url="postgresql://x/y", password_hash_concurrency=3, password_hash_queue=7)
    passwords = Passwords.from_settings(settings)
    assert (passwords.concurrency, passwords.queue) == (3, 7)
