"""argon2id password hashes (argon2-cffi), hashed without starving the other requests.

Parameters. OWASP's Password Storage Cheat Sheet gives equally strong minimum argon2id settings
(`OWASP_MINIMUMS`: 46 MiB x 1 pass, 19 MiB x 2, 12 MiB x 3, 9 MiB x 4, 7 MiB x 5, all with one
lane). Our default is 19 MiB x 2 passes x 1 lane: on this project's 2-core machine it takes ~17 ms
where argon2-cffi's own recommendation (64 MiB x 3 x 4 lanes) took ~120 ms alone and 1.7-2.5 s under a
login burst (`python -m scripts.bench_logins --params-only` prints the measurement). One lane, because
more lanes mean more threads per hash on cores the requests need. ARGON2_TIME_COST and
ARGON2_MEMORY_KIB may raise them; a login rehashes a password whose hash has other parameters.

Concurrency. Hashing runs in threads so it never blocks the event loop, but unbounded threads
on 2 cores take the CPU from everything else. Each worker hashes at most
PASSWORD_HASH_CONCURRENCY passwords at once (an asyncio.Semaphore around the offload, on a small
thread pool of that size whose threads run at a lower CPU priority than the request threads and
PostgreSQL); at most PASSWORD_HASH_QUEUE more wait for a turn. Past that the request is refused
at once: 503 `login_busy` with Retry-After (the time the queue needs to drain), rather than
queueing without end and answering long after the client gave up.
"""
from __future__ import annotations

import asyncio
import math
import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Callable, NamedTuple

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from api.core.errors import Unavailable
from api.core.settings import Settings

HASH_THREAD_NICENESS = 10  # hashing threads yield the CPU to the event loop and PostgreSQL


class Argon2Cost(NamedTuple):
    memory_kib: int
    time_cost: int
    parallelism: int = 1


# OWASP Password Storage Cheat Sheet (argon2id): any one of these is the minimum.
OWASP_MINIMUMS = (Argon2Cost(46 * 1024, 1), Argon2Cost(19 * 1024, 2), Argon2Cost(12 * 1024, 3),
                  Argon2Cost(9 * 1024, 4), Argon2Cost(7 * 1024, 5))


def meets_owasp_minimum(cost: Argon2Cost) -> bool:
    """At least as much memory and as many passes as one of OWASP's minimum configurations."""
    return cost.parallelism >= 1 and any(cost.memory_kib >= m.memory_kib and cost.time_cost >= m.time_cost
                                         for m in OWASP_MINIMUMS)


def _lower_priority() -> None:
    try:  # Linux: a thread's own id is a valid target for setpriority, affecting only that thread
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), HASH_THREAD_NICENESS)
    except (AttributeError, OSError):
        pass


class Passwords:
    def __init__(self, time_cost: int, memory_kib: int,
                 concurrency: int = Settings.model_fields["password_hash_concurrency"].default,
                 queue: int = Settings.model_fields["password_hash_queue"].default,
                 hasher: PasswordHasher | None = None):
        self.hasher = hasher or PasswordHasher(time_cost=time_cost, memory_cost=memory_kib, parallelism=1)
        self.concurrency, self.queue = concurrency, queue
        self._slots: asyncio.Semaphore | None = None    # made in the worker's event loop, on first use
        self._executor: ThreadPoolExecutor | None = None
        self._waiting = 0
        self._seconds = 0.0                              # moving average of one hash
        # Verified when the email is unknown, so a wrong email costs as much time as a wrong password.
        self._dummy = self.hasher.hash("not a real password")

    @classmethod
    def from_settings(cls, settings) -> "Passwords":
        return cls(settings.argon2_time_cost, settings.argon2_memory_kib,
                   settings.password_hash_concurrency, settings.password_hash_queue)

    async def hash(self, password: str) -> str:
        return await self._run(self.hasher.hash, password)

    async def verify(self, stored_hash: str | None, password: str) -> bool:
        def check() -> bool:
            try:
                return self.hasher.verify(stored_hash or self._dummy, password) and stored_hash is not None
            except (VerificationError, InvalidHashError):
                return False
        return await self._run(check)

    def needs_rehash(self, stored_hash: str) -> bool:
        return self.hasher.check_needs_rehash(stored_hash)

    @property
    def busy(self) -> tuple[int, int]:
        """(hashes running, requests waiting for a turn) in this worker."""
        running = 0 if self._slots is None else self.concurrency - self._slots._value
        return running, self._waiting

    async def _run(self, work: Callable, *args):
        if self._slots is None:
            self._slots = asyncio.Semaphore(self.concurrency)
        if self._slots.locked() and self._waiting >= self.queue:
            raise self._refusal()
        self._waiting += 1
        try:
            await self._slots.acquire()
        finally:
            self._waiting -= 1
        try:
            started = time.perf_counter()
            result = await asyncio.get_running_loop().run_in_executor(self._pool(), work, *args)
            took = time.perf_counter() - started
            self._seconds = took if not self._seconds else 0.8 * self._seconds + 0.2 * took
            return result
        finally:
            self._slots.release()

    def _pool(self) -> ThreadPoolExecutor:
        if self._executor is None:
            self._executor = ThreadPoolExecutor(self.concurrency, thread_name_prefix="argon2",
                                                initializer=_lower_priority)
        return self._executor

    def _refusal(self) -> Unavailable:
        drain = (self._waiting + self.concurrency) * max(self._seconds, 0.05) / self.concurrency
        retry_after = max(1, math.ceil(drain))
        return Unavailable(f"too many password checks in progress; try again in {retry_after} seconds",
                           code="login_busy", headers={"Retry-After": str(retry_after)})
