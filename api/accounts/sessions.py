"""/api/v1/auth: registration, login, token refresh with rotation, logout, password reset."""
from __future__ import annotations

import hashlib
import logging
import secrets
from datetime import datetime, timedelta, timezone

from sanic import Blueprint
from sanic.response import empty, json

from api.accounts import tokens
from api.accounts.models import (
    LoginIn,
    RefreshIn,
    RegisterIn,
    ResetConfirmIn,
    ResetRequestIn,
)
from api.accounts.responses import MessageOut, TokenPairOut, UserOut
from api.core.context import Request
from api.core.errors import BadRequest, Forbidden, NotAuthenticated
from api.core.headers import client_ip
from api.core.openapi import responds
from api.core.rate_limit import LoginThrottle, RateLimit
from api.core.validation import json_body

log = logging.getLogger("parkingspots.accounts")
bp = Blueprint("auth")


def _limit(request: Request, scope: str) -> RateLimit:
    settings = request.app.ctx.settings
    return RateLimit(request.app.ctx.redis, scope, settings.auth_max_failures, settings.auth_window_seconds)


@bp.post("/register")
@json_body(RegisterIn)
@responds(UserOut, status=201, errors=(409,))
async def register(request: Request, body: RegisterIn):
    """Create an account (renter or owner). 409 when the email is taken, in any letter case."""
    hashed = await request.app.ctx.passwords.hash(body.password)
    async with request.app.ctx.pool.acquire() as conn:
        user = await request.app.ctx.queries.accounts.create_user(
            conn, email=body.email, hashed_password=hashed, full_name=body.full_name.strip(),
            phone_number=body.phone_number, role=body.role)
    return json(user, status=201)


@bp.post("/login")
@json_body(LoginIn)
@responds(TokenPairOut, errors=(401, 403, 429), headers=("Cache-Control",))
async def login(request: Request, body: LoginIn):
    """Email + password -> access and refresh tokens. The same 401 for a wrong email or password;
    429 for a client that failed too often (api/core/rate_limit.py: LoginThrottle)."""
    app = request.app
    throttle = LoginThrottle(app.ctx.redis, app.ctx.settings)
    async with throttle.attempt(body.email, client_ip(request)) as attempt:
        async with app.ctx.pool.acquire() as conn:
            user = await app.ctx.queries.accounts.get_login_user(conn, email=body.email)
        stored_hash = user["hashed_password"] if user else None
        if not await app.ctx.passwords.verify(stored_hash, body.password):
            attempt.failed()
            raise NotAuthenticated("incorrect email or password", code="invalid_credentials")
    if not user["is_active"]:
        raise Forbidden("this account is deactivated", code="account_deactivated")
    async with app.ctx.pool.acquire() as conn:
        if app.ctx.passwords.needs_rehash(stored_hash):
            await app.ctx.queries.accounts.set_password_hash(conn, user_id=user["id"],
                                                    hashed_password=await app.ctx.passwords.hash(body.password))
        pair = await tokens.issue_pair(app.ctx.queries, conn, app.ctx.settings, user["id"], user["token_version"])
    return tokens.token_response(pair)


@bp.post("/refresh")
@json_body(RefreshIn)
@responds(TokenPairOut, errors=(401,), headers=("Cache-Control",))
async def refresh(request: Request, body: RefreshIn):
    """Spend a refresh token for a new pair. The same token again within refresh_reuse_grace_seconds
    gets the same pair (racing tabs, retries); later, it revokes its whole family (reuse detection)."""
    app = request.app
    payload = tokens.decode(app.ctx.settings, body.refresh_token, "refresh")
    queries = app.ctx.queries.accounts
    async with app.ctx.pool.acquire() as conn:
        successor = await tokens.rotate(app.ctx.queries, conn, app.ctx.settings, payload["jti"])
        if successor["outcome"] == "reused":
            log.warning("refresh token reuse: family %s revoked", successor["family_id"])
            raise NotAuthenticated("refresh token already used; the session was revoked, log in again",
                                   code="refresh_token_reused")
        if successor["outcome"] == "invalid":
            raise NotAuthenticated("refresh token no longer valid", code="token_revoked")
        user = await queries.get_auth_user(conn, user_id=successor["user_id"])
        if user is None or not user["is_active"] or user["token_version"] != payload["ver"]:
            await queries.revoke_token_family(conn, family_id=successor["family_id"])
            raise NotAuthenticated("refresh token no longer valid", code="token_revoked")
    if successor["outcome"] == "replayed":
        log.info("refresh token replayed within the grace window: family %s", successor["family_id"])
    return tokens.token_response(tokens.pair_for(app.ctx.settings, successor, payload["ver"]))


@bp.post("/logout")
@json_body(RefreshIn)
@responds(None, status=204, errors=(401,))
async def logout(request: Request, body: RefreshIn):
    """End the session of this refresh token (its whole family)."""
    payload = tokens.decode(request.app.ctx.settings, body.refresh_token, "refresh")
    async with request.app.ctx.pool.acquire() as conn:
        known = await request.app.ctx.queries.accounts.get_refresh_token(conn, jti=payload["jti"])
        if known is not None:
            await request.app.ctx.queries.accounts.revoke_token_family(conn, family_id=known["family_id"])
    return empty(status=204)


def _digest(token: str) -> bytes:
    return hashlib.sha256(token.encode()).digest()


@bp.post("/password-reset/request")
@json_body(ResetRequestIn)
@responds(MessageOut, status=202, errors=(429,))
async def request_password_reset(request: Request, body: ResetRequestIn):
    """Mail a single-use reset link. 202 whether or not the account exists."""
    app, settings, limit, ip = request.app, request.app.ctx.settings, _limit(request, "reset"), client_ip(request)
    await limit.check(account=body.email, ip=ip)
    await limit.hit(account=body.email, ip=ip)
    async with app.ctx.pool.acquire() as conn:
        user = await app.ctx.queries.accounts.get_user_by_email(conn, email=body.email)
        if user is not None and user["is_active"]:
            token = secrets.token_urlsafe(32)
            expires = datetime.now(timezone.utc) + timedelta(minutes=settings.password_reset_minutes)
            link = settings.password_reset_url.format(token=token)
            async with conn.transaction():
                await app.ctx.queries.accounts.create_reset_token(conn, user_id=user["id"], token_hash=_digest(token),
                                                         expires_at=expires)
                await app.ctx.queries.accounts.queue_mail(
                    conn, recipient=body.email, kind="password_reset", subject="Reset your ParkingSpots password",
                    body=f"Open this link within {settings.password_reset_minutes} minutes to choose a new "
                         f"password:\n\n{link}\n\nIf you did not ask for this, ignore this mail.")
            if settings.production:
                log.info("password reset mail queued for user %s", user["id"])
            else:
                log.info("password reset link for user %s (development): %s", user["id"], link)
    return json({"message": "if an account exists for that email, a reset link is on its way"}, status=202)


@bp.post("/password-reset/confirm")
@json_body(ResetConfirmIn)
@responds(None, status=204)
async def confirm_password_reset(request: Request, body: ResetConfirmIn):
    """Set a new password with a reset token (once, before it expires); every session ends."""
    app = request.app
    hashed = await app.ctx.passwords.hash(body.new_password)
    async with app.ctx.pool.acquire() as conn, conn.transaction():
        user_id = await app.ctx.queries.accounts.use_reset_token(conn, token_hash=_digest(body.token))
        if user_id is None:
            raise BadRequest("invalid or expired reset token", code="reset_token_invalid")
        await app.ctx.queries.accounts.change_password(conn, user_id=user_id, hashed_password=hashed)
        await app.ctx.queries.accounts.revoke_user_refresh_tokens(conn, user_id=user_id)
    return empty(status=204)
