"""Failure counters in Redis: `RateLimit` (N events per key in a window, then 429 with Retry-After;
password reset) and `LoginThrottle` (login). When Redis is down (or the cluster node holding the
keys) the limits fail open and a warning is logged (at most one every 10 s): the service keeps
answering.

Keys and Redis Cluster slots: a RateLimit's keys carry its scope as hash tag (`rl:{reset}:ip:...`),
so its check and its count are one pipeline to one node; the login throttle's three counters are read
and counted by one Lua script, so every login key shares the tag `{login}`
(`rl:{login}:account_ip:...`, `rl:{login}:ip:...`, `rl:{login}:account:...`): all login throttling
lives on one node of a cluster. Logins are few (argon2 bounds them to hundreds a second per API
node), so one node carries them easily; that node down means logins go unthrottled until it is back.

Why login is throttled per (account, client IP) and not per account. A per-account lock lets anyone
who knows an email keep its owner out (ten wrong passwords, every 15 minutes, forever). So a wrong
password only ever costs the client that typed it:

- (account, IP): `auth_max_failures` (10) failures per window, then that IP is refused for that
  account, even with the right password, until the window ends. A success clears this counter.
- IP: `login_ip_max_failures` (100) failures per window over all accounts, then that IP is refused
  for every account (password spraying: one address, many emails).
- account, from all IPs: past `login_account_guard_failures` (20) failures in a window the account is
  under attack, and every IP that has failed on it `login_guarded_max_failures` (3) times is refused
  for it. A botnet guessing one password from thousands of addresses gets 3 tries per address
  instead of 10; a client that has not failed on the account (the owner's phone, laptop, office)
  is never refused, so the owner cannot be locked out by others. We chose this over slowing every
  attempt at the account (a delay or a CAPTCHA for all) because a shared penalty is exactly the
  lever a lock-out attack pulls, and over device cookies because API clients have no cookie jar.
  The owner still shares the fate of an attacker behind the same address (NAT): nothing that only
  sees addresses can tell them apart.

IPv6 clients are counted per /64 (one subscriber's usual allocation), or an attacker with one
prefix would have 2^64 fresh addresses. An attempt is counted before the password is checked
(reserved atomically in one Lua script) and given back unless the password was wrong, so a burst
of concurrent guesses cannot all pass the check before any of them is counted. Windows are fixed:
they start at the first failure and hammering a refused client does not extend them.
"""
from __future__ import annotations

import ipaddress
import logging
from dataclasses import dataclass

from api.core.errors import TooManyRequests
from api.core.redis import UNAVAILABLE, warn_unavailable

log = logging.getLogger("parkingspots.rate_limit")


class RateLimit:
    def __init__(self, redis, scope: str, limit: int, window_seconds: int):
        self.redis, self.scope, self.limit, self.window = redis, scope, limit, window_seconds

    def _key(self, kind: str, value: str) -> str:
        return f"rl:{{{self.scope}}}:{kind}:{value.lower()}"

    async def check(self, **subjects: str) -> None:
        """429 when any subject (e.g. account=..., ip=...) has used up its allowance."""
        if self.redis is None:
            return
        keys = [self._key(kind, value) for kind, value in subjects.items()]
        try:
            async with self.redis.pipeline(transaction=False) as pipe:
                for key in keys:
                    pipe.get(key)
                    pipe.ttl(key)
                found = await pipe.execute()
        except UNAVAILABLE as exc:
            warn_unavailable(log, f"rate limit {self.scope} check", exc)
            return
        for count, ttl in zip(found[::2], found[1::2], strict=True):
            if count is not None and int(count) >= self.limit:
                retry_after = max(int(ttl), 1)
                raise TooManyRequests(f"too many attempts; try again in {retry_after} seconds",
                                      headers={"Retry-After": str(retry_after)})

    async def hit(self, **subjects: str) -> None:
        """Count one event for each subject; the window starts at the first event."""
        if self.redis is None:
            return
        try:
            async with self.redis.pipeline(transaction=False) as pipe:
                for kind, value in subjects.items():
                    key = self._key(kind, value)
                    pipe.incr(key)
                    pipe.expire(key, self.window, nx=True)
                await pipe.execute()
        except UNAVAILABLE as exc:
            warn_unavailable(log, f"rate limit {self.scope} count", exc)

    async def reset(self, **subjects: str) -> None:
        if self.redis is None:
            return
        try:
            await self.redis.delete(*[self._key(kind, value) for kind, value in subjects.items()])
        except UNAVAILABLE as exc:
            warn_unavailable(log, f"rate limit {self.scope} reset", exc)


def address_key(ip: str) -> str:
    """The address as counted: IPv4 as is (also when IPv4-mapped), IPv6 as its /64."""
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return ip.lower()
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.IPv6Network((address, 64), strict=False))
    return str(address)


# KEYS: (account, ip) counter, ip counter, account counter. ARGV: window, pair limit, ip limit,
# account guard threshold, per-(account, ip) limit while guarded. Refuses (nothing counted) with
# the reason and the seconds until it lifts, or counts the attempt on all three.
_RESERVE = """
local window = tonumber(ARGV[1])
local function count(key) return tonumber(redis.call('get', key) or '0') end
local function wait(key)
  local ttl = redis.call('ttl', key)
  if ttl < 1 then return window end
  return ttl
end
local pair, ip, account = count(KEYS[1]), count(KEYS[2]), count(KEYS[3])
if ip >= tonumber(ARGV[3]) then return {'ip', wait(KEYS[2])} end
if pair >= tonumber(ARGV[2]) then return {'account_ip', wait(KEYS[1])} end
if account >= tonumber(ARGV[4]) and pair >= tonumber(ARGV[5]) then
  return {'account_guarded', math.min(wait(KEYS[1]), wait(KEYS[3]))}
end
for _, key in ipairs(KEYS) do
  redis.call('incr', key)
  if redis.call('ttl', key) < 0 then redis.call('expire', key, window) end
end
return {'ok', 0}
"""

# Gives back a counted attempt: decrements the keys that still exist (never recreates one).
_RELEASE = """
for _, key in ipairs(KEYS) do
  if redis.call('exists', key) == 1 then redis.call('decr', key) end
end
return 0
"""


@dataclass
class LoginAttempt:
    """One counted login attempt; mark it `failed()` when the password was wrong."""
    keys: list[str]
    counted: bool
    is_failure: bool = False

    def failed(self) -> None:
        self.is_failure = True


class LoginThrottle:
    """Login limits per (account, IP), per IP, and per account for the IPs that failed on it
    (the module docstring says why). Use:

        async with throttle.attempt(email, ip) as attempt:   # 429 here when refused
            ...; attempt.failed(); raise ...                  # a wrong password stays counted
        # leaving normally = the password was right: this (account, IP) starts again from zero;
        # leaving with another exception gives the attempt back
    """

    def __init__(self, redis, settings):
        self.redis, self.settings = redis, settings

    def _keys(self, account: str, ip: str) -> list[str]:
        account, ip = account.lower(), address_key(ip)
        return [f"rl:{{login}}:account_ip:{ip}|{account}", f"rl:{{login}}:ip:{ip}", f"rl:{{login}}:account:{account}"]

    def attempt(self, account: str, ip: str) -> _Attempt:
        return _Attempt(self, self._keys(account, ip))

    async def reserve(self, keys: list[str]) -> LoginAttempt:
        """Count an attempt, or 429 (nothing counted) when this client may not try now."""
        if self.redis is None:
            return LoginAttempt(keys, counted=False)
        s = self.settings
        try:
            reason, wait = await self.redis.eval(
                _RESERVE, len(keys), *keys, s.auth_window_seconds, s.auth_max_failures, s.login_ip_max_failures,
                s.login_account_guard_failures, s.login_guarded_max_failures)
        except UNAVAILABLE as exc:
            warn_unavailable(log, "login throttle check", exc)
            return LoginAttempt(keys, counted=False)
        if reason != b"ok":
            retry_after = max(int(wait), 1)
            log.info("login refused (%s) for %s seconds", reason.decode(), retry_after)
            raise TooManyRequests(f"too many attempts; try again in {retry_after} seconds",
                                  headers={"Retry-After": str(retry_after)})
        return LoginAttempt(keys, counted=True)

    async def settle(self, attempt: LoginAttempt, succeeded: bool) -> None:
        """Keep a failure counted; otherwise give the attempt back, and after a success clear this
        (account, IP). The account's and the IP's failures stay: the owner logging in does not
        reopen the account to an attacker's addresses."""
        if not attempt.counted or attempt.is_failure:
            return
        pair, *shared = attempt.keys
        try:
            if succeeded:
                await self.redis.delete(pair)
                await self.redis.eval(_RELEASE, len(shared), *shared)
            else:
                await self.redis.eval(_RELEASE, len(attempt.keys), *attempt.keys)
        except UNAVAILABLE as exc:
            warn_unavailable(log, "login throttle settling", exc)


class _Attempt:
    def __init__(self, throttle: LoginThrottle, keys: list[str]):
        self.throttle, self.keys, self.attempt = throttle, keys, None

    async def __aenter__(self) -> LoginAttempt:
        self.attempt = await self.throttle.reserve(self.keys)
        return self.attempt

    async def __aexit__(self, exc_type, exc, tb) -> None:
        await self.throttle.settle(self.attempt, succeeded=exc_type is None)
