"""JWT access and refresh tokens (PyJWT, HS256 with SECRET_KEY).

Payload: the seed's sub, exp, type ("access" | "refresh") plus iat, jti and ver (the user's
token_version). Refresh tokens are also rows in refresh_tokens: each refresh spends one and issues
the next in the same family; presenting a spent one again revokes the whole family, except within
`refresh_reuse_grace_seconds` of the rotation while the successor is unused (two tabs racing, a
retry after a lost answer): that gets the same successor again (rotate_refresh_token in
db/rules/10_accounts.sql).

How the same refresh token can be answered twice without keeping it: a JWT is a pure function of
its claims and the key (HS256 is deterministic), and every claim of a refresh token is in its row
(sub = user_id, jti, iat = issued_at, exp = expires_at, in whole seconds) or in the presented token
(ver, which must still be the user's). So the successor is signed again from its row; the database
holds only ids and times, which are no token without SECRET_KEY.
"""
from __future__ import annotations

import uuid
from datetime import datetime, timedelta, timezone

import jwt
from sanic.response import HTTPResponse, json

from api.core.errors import NotAuthenticated
from api.core.settings import Settings

ALGORITHM = "HS256"
REQUIRED_CLAIMS = ["sub", "exp", "iat", "jti", "type", "ver"]


def sign(settings: Settings, user_id, token_type: str, version: int, jti: uuid.UUID,
         issued_at: datetime, expires_at: datetime) -> str:
    """The token of these claims: the same claims give the same token."""
    payload = {"sub": str(user_id), "type": token_type, "ver": version, "jti": str(jti),
               "iat": issued_at, "exp": expires_at}
    return jwt.encode(payload, settings.secret_key, algorithm=ALGORITHM)


def _now() -> datetime:
    """Now in whole seconds, as a JWT carries it (and as refresh_tokens.issued_at keeps it)."""
    return datetime.now(timezone.utc).replace(microsecond=0)


def encode(settings: Settings, user_id, token_type: str, version: int, jti: uuid.UUID, lifetime: timedelta) -> str:
    now = _now()
    return sign(settings, user_id, token_type, version, jti, now, now + lifetime)


def decode(settings: Settings, token: str, expected_type: str) -> dict:
    """The verified payload, or 401. An access token is refused where a refresh token is expected
    and the reverse; "alg: none" and any other algorithm are refused."""
    try:
        payload = jwt.decode(token, settings.secret_key, algorithms=[ALGORITHM],
                             options={"require": REQUIRED_CLAIMS})
        uuid.UUID(payload["sub"]), uuid.UUID(payload["jti"])
    except jwt.ExpiredSignatureError:
        raise NotAuthenticated("token expired", code="token_expired") from None
    except (jwt.InvalidTokenError, ValueError):
        raise NotAuthenticated("invalid token", code="token_invalid") from None
    if payload["type"] != expected_type:
        raise NotAuthenticated(f"not an {expected_type} token" if expected_type == "access"
                               else f"not a {expected_type} token", code="token_wrong_type")
    return payload


def pair_for(settings: Settings, refresh_row, version: int) -> dict:
    """A fresh access token and the refresh token of `refresh_row` (jti, user_id, issued_at,
    expires_at): for one row, the same refresh token string every time."""
    user_id = refresh_row["user_id"]
    return {
        "access_token": encode(settings, user_id, "access", version, uuid.uuid4(),
                               timedelta(minutes=settings.access_token_minutes)),
        "refresh_token": sign(settings, user_id, "refresh", version, refresh_row["jti"],
                              refresh_row["issued_at"], refresh_row["expires_at"]),
        "token_type": "bearer",
    }


async def issue_pair(queries, conn, settings: Settings, user_id, version: int) -> dict:
    """A new access + refresh pair, the refresh token the first of a new family (a login)."""
    issued_at = _now()
    row = {"jti": uuid.uuid4(), "user_id": user_id, "family_id": uuid.uuid4(), "issued_at": issued_at,
           "expires_at": issued_at + timedelta(days=settings.refresh_token_days)}
    await queries.accounts.create_refresh_token(conn, **row)
    return pair_for(settings, row, version)


async def rotate(queries, conn, settings: Settings, jti: str):
    """Spend refresh token `jti` (rotate_refresh_token): its row with `outcome` 'rotated' or
    'replayed' (the successor: answer `pair_for` it), 'reused' (its family is revoked now)
    or 'invalid'."""
    issued_at = _now()
    return await queries.accounts.rotate_refresh_token(
        conn, jti=uuid.UUID(jti), new_jti=uuid.uuid4(), issued_at=issued_at,
        expires_at=issued_at + timedelta(days=settings.refresh_token_days),
        grace=timedelta(seconds=settings.refresh_reuse_grace_seconds))


def token_response(pair: dict) -> HTTPResponse:
    """A token pair as an answer that no cache keeps (RFC 6749, section 5.1)."""
    return json(pair, headers={"Cache-Control": "no-store", "Pragma": "no-cache"})
