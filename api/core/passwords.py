"""argon2id password hashes (argon2-cffi). Hashing costs tens of milliseconds of CPU, so it runs in
a thread and never blocks the event loop. The cost parameters are settings (ARGON2_TIME_COST,
ARGON2_MEMORY_KIB; argon2-cffi's recommended values by default); a login rehashes a password whose
hash was made with other parameters."""
from __future__ import annotations

import asyncio

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError


class Passwords:
    def __init__(self, time_cost: int, memory_kib: int):
        self.hasher = PasswordHasher(time_cost=time_cost, memory_cost=memory_kib)
        # Verified when the email is unknown, so a wrong email costs as much time as a wrong password.
        self._dummy = self.hasher.hash("not a real password")

    async def hash(self, password: str) -> str:
        return await asyncio.to_thread(self.hasher.hash, password)

    async def verify(self, stored_hash: str | None, password: str) -> bool:
        def check() -> bool:
            try:
                return self.hasher.verify(stored_hash or self._dummy, password) and stored_hash is not None
            except (VerificationError, InvalidHashError):
                return False
        return await asyncio.to_thread(check)

    def needs_rehash(self, stored_hash: str) -> bool:
        return self.hasher.check_needs_rehash(stored_hash)
