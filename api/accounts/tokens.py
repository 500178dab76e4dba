"""JWT access and refresh tokens (PyJWT, HS256 with SECRET_KEY).

Payload: the seed's sub, exp, type ("access" | "refresh") plus iat, jti and ver (the user's
token_version). Refresh tokens are also rows in refresh_tokens: each refresh spends one and issues
the next in the same family; presenting a spent one again revokes the whole family.
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


def encode(settings: Settings, user_id, token_type: str, version: int, jti: uuid.UUID, lifetime: timedelta) -> str:
    now = datetime.now(timezone.utc)
    payload = {"sub": str(user_id), "type": token_type, "ver": version, "jti": str(jti),
               "iat": now, "exp": now + lifetime}
    return jwt.encode(payload, settings.secret_key, algorithm=ALGORITHM)


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


async def issue_pair(queries, conn, settings: Settings, user_id, version: int, family_id=None) -> dict:
    """A new access + refresh pair; the refresh token is recorded (new family unless given)."""
    refresh_jti = uuid.uuid4()
    refresh_lifetime = timedelta(days=settings.refresh_token_days)
    await queries.accounts.create_refresh_token(conn, jti=refresh_jti, user_id=user_id,
                                       family_id=family_id or uuid.uuid4(),
                                       expires_at=datetime.now(timezone.utc) + refresh_lifetime)
    return {
        "access_token": encode(settings, user_id, "access", version, uuid.uuid4(),
                               timedelta(minutes=settings.access_token_minutes)),
        "refresh_token": encode(settings, user_id, "refresh", version, refresh_jti, refresh_lifetime),
        "token_type": "bearer",
    }


def token_response(pair: dict) -> HTTPResponse:
    """A token pair as an answer that no cache keeps (RFC 6749, section 5.1)."""
    return json(pair, headers={"Cache-Control": "no-store", "Pragma": "no-cache"})
